//! Text for people, in English or Japanese, from the shared catalogue
//! (`locales/*.toml`, the one the web app uses).
//!
//! The language is `--lang en|ja`, else `LC_ALL`/`LC_MESSAGES`/`LANG`
//! starting with `ja`, else English.

use std::collections::BTreeMap;

rust_i18n::i18n!("../../locales", fallback = "en");

/// `ja` when the environment asks for Japanese, else `en`.
pub(crate) fn lang_from_env() -> String {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var) {
            if !value.is_empty() {
                return if value.starts_with("ja") { "ja" } else { "en" }.to_owned();
            }
        }
    }
    "en".to_owned()
}

/// The language of `--lang`, or of the environment when it is not given.
pub(crate) fn resolve(lang: Option<&str>) -> String {
    lang.map(str::to_owned).unwrap_or_else(lang_from_env)
}

/// The catalogue text for `key` in `lang`, placeholders filled from `args`.
/// An unknown key falls back to English, then to the key itself.
pub(crate) fn tr(lang: &str, key: &str, args: &BTreeMap<String, String>) -> String {
    let lang = if lang.starts_with("ja") { "ja" } else { "en" };
    let template = _rust_i18n_try_translate(lang, key)
        .map(|t| t.into_owned())
        .unwrap_or_else(|| key.to_owned());
    dmarc_core::template::fill(&template, |name| args.get(name).map(String::as_str))
}

/// [`tr`] with the arguments given as pairs.
pub(crate) fn tr_with(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let args = args
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    tr(lang, key, &args)
}

/// The catalogue text for `key` in `lang` when the catalogue has it.
pub(crate) fn try_tr(lang: &str, key: &str) -> Option<String> {
    let lang = if lang.starts_with("ja") { "ja" } else { "en" };
    _rust_i18n_try_translate(lang, key).map(|t| t.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_come_from_the_catalogue() {
        let args = BTreeMap::from([
            ("tag".to_owned(), "p".to_owned()),
            ("column".to_owned(), "3".to_owned()),
        ]);
        assert!(tr("en", "finding.duplicate_tag", &args).starts_with("The p tag appears"));
        assert!(tr("ja", "finding.duplicate_tag", &args).starts_with("p タグが"));
        assert!(tr("ja_JP.UTF-8", "severity.error", &args).contains("エラー"));
    }
}
