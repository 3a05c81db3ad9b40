//! Languages and the translation catalogue.
//!
//! Every string a person reads comes from `locales/*.toml` through
//! [`Lang::t`] (or [`Lang::t_args`], or [`Lang::t_count`] for a text with a
//! count); `tests/native/i18n.rs` fails when a key used in the source, or any
//! catalogue entry, lacks English or Japanese.
//!
//! A counted text has two entries, `key.one` and `key.other` (the CLDR plural
//! categories): English says "1 file" and "2 files"; Japanese has one form,
//! written in both entries. A text with several counts takes each as a
//! counted fragment from `count.*` ("1 report" / "1 件"): Japanese counters
//! follow the number, so the fragment fits any Japanese sentence.

pub mod catalogue;
mod format;
pub mod ingest;

pub use self::ingest::PayloadMessage;

use std::borrow::Cow;

/// A language the interface speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the fallback.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, in the order the switch lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code, as used by `<html lang>` and the catalogue.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, as shown in the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// Parses a code such as `ja`, `ja-JP` or `en-US`; `None` for any other
    /// language.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The language to start in: a stored choice wins; otherwise the first of
    /// the browser's preferred languages that we speak; otherwise English.
    pub fn detect<'a>(stored: Option<&str>, preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        stored
            .and_then(Lang::from_code)
            .or_else(|| preferred.into_iter().find_map(Lang::from_code))
            .unwrap_or_default()
    }

    /// The text of `key` in this language; the key itself if the catalogue
    /// lacks it (`tests/native/i18n.rs` fails on any key the source uses
    /// that it lacks, and the build on an entry without both languages).
    pub fn t(self, key: &str) -> String {
        catalogue::text(self, key).unwrap_or(key).to_owned()
    }

    /// The text of `key` with `%{name}` placeholders replaced by `args`.
    /// Each placeholder is filled once ([`dmarc_core::template::fill`]): a
    /// value holding `%{…}` is shown as is.
    pub fn t_args(self, key: &str, args: &[(&str, Cow<'_, str>)]) -> String {
        dmarc_core::template::fill(&self.t(key), |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_ref())
        })
    }

    /// The plural category of `n` in this language: `one` or `other`.
    pub fn plural(self, n: u64) -> &'static str {
        match self {
            Lang::En if n == 1 => "one",
            Lang::En | Lang::Ja => "other",
        }
    }

    /// The text of `key.one` or `key.other`, as [`Lang::plural`] chooses for
    /// `n`, with `%{n}` replaced by `n` (with thousands separators) and the
    /// other placeholders by `args`.
    pub fn t_count(self, key: &str, n: u64, args: &[(&str, Cow<'_, str>)]) -> String {
        let key = format!("{key}.{}", self.plural(n));
        let mut all: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(args.len() + 1);
        all.push(("n", self.number(n).into()));
        all.extend(args.iter().cloned());
        self.t_args(&key, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_prefers_the_stored_choice_then_the_browser() {
        assert_eq!(Lang::detect(Some("ja"), ["en-US"]), Lang::Ja);
        assert_eq!(Lang::detect(Some("xx"), ["fr", "ja-JP"]), Lang::Ja);
        assert_eq!(Lang::detect(None, ["de", "fr"]), Lang::En);
        assert_eq!(Lang::detect(None, ["en-GB", "ja"]), Lang::En);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Lang::En.t_args("dash.records_of", &[("source", "192.0.2.1".into())]),
            "Raw records of 192.0.2.1"
        );
    }

    #[test]
    fn counts_choose_the_plural_form() {
        let cases = [
            (Lang::En, 0, "0 files"),
            (Lang::En, 1, "1 file"),
            (Lang::En, 2, "2 files"),
            (Lang::En, 1234, "1,234 files"),
            (Lang::Ja, 1, "1 個"),
            (Lang::Ja, 2, "2 個"),
        ];
        for (lang, n, want) in cases {
            assert_eq!(lang.t_count("count.files", n, &[]), want, "{lang:?} {n}");
        }
        assert_eq!(
            Lang::En.t_count("reports.notes", 1, &[]),
            "1 note",
            "a whole sentence"
        );
    }
}
