//! Languages and the translation catalogue.
//!
//! Every string a person reads comes from `locales/*.toml` through
//! [`Lang::t`] (or [`Lang::t_args`]); `tests/native/i18n.rs` fails when a key
//! used in the source, or any catalogue entry, lacks English or Japanese.

mod format;

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

    /// The text of `key` in this language.
    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
    }

    /// The text of `key` with `%{name}` placeholders replaced by `args`.
    pub fn t_args(self, key: &str, args: &[(&str, Cow<'_, str>)]) -> String {
        let mut text = self.t(key);
        for (name, value) in args {
            text = text.replace(&format!("%{{{name}}}"), value);
        }
        text
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
            Lang::En.t_args("common.files_count", &[("n", "3".into())]),
            "3 files"
        );
        assert_eq!(
            Lang::Ja.t_args("common.files_count", &[("n", "3".into())]),
            "3 個のファイル"
        );
    }
}
