//! The builder's address: what the Record builder shows, as a query the
//! page keeps in its URL (so a record can be bookmarked and shared) and the
//! readiness verdicts link to.
//!
//! `domain=example.com&record=v%3DDMARC1%3B%20p%3Dreject&why=ready_for_reject`:
//! the policy domain, the record's text (every tag the builder writes) and,
//! when the link comes from a readiness verdict, that verdict's code.

use crate::query::{encode, pairs};

/// What the builder's URL carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuilderLink {
    /// The policy domain.
    pub domain: String,
    /// The record's text (`v=DMARC1; p=…`).
    pub record: String,
    /// The readiness verdict that led here (`ready_for_reject`…), if any.
    pub why: Option<String>,
}

impl BuilderLink {
    /// The query, keys in a fixed order, empty values left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.domain.trim().is_empty() {
            parts.push(format!("domain={}", encode(self.domain.trim())));
        }
        if !self.record.trim().is_empty() {
            parts.push(format!("record={}", encode(self.record.trim())));
        }
        if let Some(why) = self.why.as_deref().filter(|w| !w.is_empty()) {
            parts.push(format!("why={}", encode(why)));
        }
        parts.join("&")
    }

    /// Reads a query (or a whole `#/builder?…` address); unknown keys are
    /// ignored, so an old or hand-edited bookmark still opens. `None` when
    /// it names neither a domain nor a record.
    pub fn from_query(query: &str) -> Option<BuilderLink> {
        let mut link = BuilderLink::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "domain" => link.domain = value.trim().to_owned(),
                "record" => link.record = value.trim().to_owned(),
                "why" => link.why = Some(value.trim().to_owned()).filter(|w| !w.is_empty()),
                _ => {}
            }
        }
        (!link.domain.is_empty() || !link.record.is_empty()).then_some(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip() {
        let link = BuilderLink {
            domain: "例え.jp".into(),
            record: "v=DMARC1; p=reject; rua=mailto:d@example.com".into(),
            why: Some("ready_for_reject".into()),
        };
        let query = link.to_query();
        assert!(query.starts_with("domain=%E4"), "{query}");
        assert_eq!(BuilderLink::from_query(&query), Some(link.clone()));
        assert_eq!(
            BuilderLink::from_query(&format!("#/builder?{query}&x=1")),
            Some(link)
        );
        assert_eq!(BuilderLink::from_query(""), None);
        assert_eq!(BuilderLink::from_query("why=x"), None);
    }
}
