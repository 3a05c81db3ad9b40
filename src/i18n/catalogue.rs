//! The page's translations: the table that `build.rs` writes from
//! `locales/*.toml` (all but `cli.toml`), looked up by binary search.

use super::Lang;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The text of `key` in `lang`, if the catalogue has the key.
pub fn text(lang: Lang, key: &str) -> Option<&'static str> {
    let i = CATALOGUE.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    let (_, en, ja) = CATALOGUE.get(i)?;
    Some(match lang {
        Lang::En => en,
        Lang::Ja => ja,
    })
}

/// Every key of the page's catalogue, in order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|(k, _, _)| *k)
}
