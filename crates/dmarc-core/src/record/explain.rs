//! Per-tag explanations, as catalogue keys and arguments.
//!
//! For every tag the record holds, and every known tag it leaves at its
//! default, one [`TagExplanation`]: the keys `tag.<name>.name`,
//! `tag.<name>.what`, `tag.<name>.default` and `tag.<name>.consequence`, plus
//! `value_keys` that describe the value in force (`tag.p.value.reject`,
//! `tag.fo.value.1`, `tag.pct.value`…), all filled from [`TagExplanation::args`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{DmarcRecord, ReportUri, KNOWN_TAGS};
use super::parse::ParsedRecord;

/// What one tag of a record says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagExplanation {
    /// The tag name (`p`), or the unknown name as written.
    pub tag: String,
    /// The value as written, or `None` when the tag is absent (its default applies).
    pub value: Option<String>,
    /// The value in force, as text: the written value or the default (`none`, `r`, `100`).
    pub effective: String,
    /// Whether the tag is one this checker knows.
    pub known: bool,
    /// Catalogue keys describing the value in force, in order.
    pub value_keys: Vec<String>,
    /// Arguments for every key (`value`, `p`, `sp`, `hours`, `addresses`…).
    pub args: BTreeMap<String, String>,
}

impl TagExplanation {
    /// The catalogue key of one part: `name`, `what`, `default`, `consequence`.
    pub fn key(&self, part: &str) -> String {
        if self.known {
            format!("tag.{}.{part}", self.tag)
        } else {
            format!("tag.unknown.{part}")
        }
    }
}

/// Explains every tag of a parsed record, known tags in canonical order
/// (present or not), then unknown tags.
pub fn explain(parsed: &ParsedRecord) -> Vec<TagExplanation> {
    let r = &parsed.record;
    let mut out = Vec::new();
    for tag in KNOWN_TAGS {
        let written = parsed
            .tags
            .iter()
            .find(|t| t.name == *tag)
            .map(|t| t.value.clone());
        let (effective, value_keys) = effective(r, tag);
        let mut args = BTreeMap::new();
        args.insert("tag".to_owned(), (*tag).to_owned());
        args.insert("value".to_owned(), effective.clone());
        args.insert(
            "p".to_owned(),
            r.p.map_or("none", |p| p.as_str()).to_owned(),
        );
        args.insert(
            "sp".to_owned(),
            r.effective_sp().map_or("none", |p| p.as_str()).to_owned(),
        );
        if *tag == "ri" {
            let seconds = r.ri.unwrap_or(86_400);
            args.insert("hours".to_owned(), format_hours(seconds));
        }
        if *tag == "rua" || *tag == "ruf" {
            let list = if *tag == "rua" { &r.rua } else { &r.ruf };
            args.insert("addresses".to_owned(), addresses(list));
            args.insert("count".to_owned(), list.len().to_string());
        }
        out.push(TagExplanation {
            tag: (*tag).to_owned(),
            value: written,
            effective,
            known: true,
            value_keys,
            args,
        });
    }
    for (name, value) in &r.unknown {
        let mut args = BTreeMap::new();
        args.insert("tag".to_owned(), name.clone());
        args.insert("value".to_owned(), value.clone());
        out.push(TagExplanation {
            tag: name.clone(),
            value: Some(value.clone()),
            effective: value.clone(),
            known: false,
            value_keys: vec!["tag.unknown.value".to_owned()],
            args,
        });
    }
    out
}

fn addresses(list: &[ReportUri]) -> String {
    let list: Vec<String> = list
        .iter()
        .map(|u| match u.size_limit {
            Some(size) => format!("{} (≤ {size})", u.address),
            None => u.address.clone(),
        })
        .collect();
    list.join(", ")
}

fn format_hours(seconds: u32) -> String {
    let hours = f64::from(seconds) / 3600.0;
    if seconds.is_multiple_of(3600) {
        format!("{}", seconds / 3600)
    } else {
        format!("{hours:.1}")
    }
}

/// The value in force and the keys that describe it.
fn effective(r: &DmarcRecord, tag: &str) -> (String, Vec<String>) {
    let one = |value: &str| (value.to_owned(), vec![format!("tag.{tag}.value.{value}")]);
    match tag {
        "v" => (r.v.clone(), vec!["tag.v.value".to_owned()]),
        "p" => match r.p {
            Some(p) => one(p.as_str()),
            None => ("".to_owned(), vec!["tag.p.value.missing".to_owned()]),
        },
        "sp" => r
            .effective_sp()
            .map_or_else(|| ("".to_owned(), vec![]), |p| one(p.as_str())),
        "np" => r
            .effective_np()
            .map_or_else(|| ("".to_owned(), vec![]), |p| one(p.as_str())),
        "adkim" => one(r.adkim.unwrap_or(super::model::Alignment::Relaxed).as_str()),
        "aspf" => one(r.aspf.unwrap_or(super::model::Alignment::Relaxed).as_str()),
        "pct" => (
            r.effective_pct().to_string(),
            vec!["tag.pct.value".to_owned()],
        ),
        "t" => one(r.t.unwrap_or(super::model::Testing::No).as_str()),
        "fo" => {
            let fo =
                r.fo.clone()
                    .unwrap_or_else(|| vec![super::model::FailureOption::All]);
            let text: Vec<&str> = fo.iter().map(|o| o.as_str()).collect();
            let keys = fo
                .iter()
                .map(|o| format!("tag.fo.value.{}", o.as_str()))
                .collect();
            (text.join(":"), keys)
        }
        "rf" => ("afrf".to_owned(), vec!["tag.rf.value.afrf".to_owned()]),
        "ri" => (
            r.ri.unwrap_or(86_400).to_string(),
            vec!["tag.ri.value".to_owned()],
        ),
        "rua" | "ruf" => {
            let list = if tag == "rua" { &r.rua } else { &r.ruf };
            let text: Vec<String> = list.iter().map(ReportUri::to_string).collect();
            let key = if list.is_empty() { "none" } else { "some" };
            (text.join(","), vec![format!("tag.{tag}.value.{key}")])
        }
        "psd" => one(r.psd.unwrap_or(super::model::Psd::Unspecified).as_str()),
        _ => (String::new(), vec![]),
    }
}

/// Every catalogue key [`explain`] can produce (for catalogue completeness tests).
pub fn all_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for tag in KNOWN_TAGS.iter().copied().chain(["unknown"]) {
        for part in ["name", "what", "default", "consequence"] {
            keys.push(format!("tag.{tag}.{part}"));
        }
    }
    for tag in ["p", "sp", "np"] {
        for v in ["none", "quarantine", "reject"] {
            keys.push(format!("tag.{tag}.value.{v}"));
        }
    }
    keys.push("tag.p.value.missing".to_owned());
    for tag in ["adkim", "aspf"] {
        for v in ["r", "s"] {
            keys.push(format!("tag.{tag}.value.{v}"));
        }
    }
    for v in ["0", "1", "d", "s"] {
        keys.push(format!("tag.fo.value.{v}"));
    }
    for v in ["y", "n"] {
        keys.push(format!("tag.t.value.{v}"));
    }
    for v in ["y", "n", "u"] {
        keys.push(format!("tag.psd.value.{v}"));
    }
    for tag in ["rua", "ruf"] {
        for v in ["none", "some"] {
            keys.push(format!("tag.{tag}.value.{v}"));
        }
    }
    for k in [
        "tag.v.value",
        "tag.pct.value",
        "tag.ri.value",
        "tag.rf.value.afrf",
        "tag.unknown.value",
    ] {
        keys.push(k.to_owned());
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    #[test]
    fn explains_written_and_default_tags() {
        let parsed =
            parse("v=DMARC1; p=reject; fo=1:d; ri=3600; rua=mailto:a@example.com!10m; zz=1");
        let e = explain(&parsed);
        let get = |t: &str| e.iter().find(|x| x.tag == t);
        let p = get("p");
        assert_eq!(
            p.map(|x| x.value_keys.clone()),
            Some(vec!["tag.p.value.reject".to_owned()])
        );
        let sp = get("sp");
        assert_eq!(sp.and_then(|x| x.value.clone()), None);
        assert_eq!(sp.map(|x| x.effective.as_str()), Some("reject"));
        assert_eq!(get("fo").map(|x| x.value_keys.len()), Some(2));
        assert_eq!(
            get("ri")
                .and_then(|x| x.args.get("hours").cloned())
                .as_deref(),
            Some("1")
        );
        assert_eq!(
            get("rua")
                .and_then(|x| x.args.get("addresses").cloned())
                .as_deref(),
            Some("a@example.com (≤ 10m)")
        );
        let unknown = get("zz");
        assert_eq!(
            unknown.map(|x| x.key("what")).as_deref(),
            Some("tag.unknown.what")
        );
        assert_eq!(
            get("adkim").map(|x| x.key("name")).as_deref(),
            Some("tag.adkim.name")
        );
        let all = all_keys();
        for x in &e {
            for k in &x.value_keys {
                assert!(all.contains(k), "{k}");
            }
        }
    }
}
