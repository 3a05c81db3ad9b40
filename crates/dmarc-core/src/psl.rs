//! The Public Suffix List, embedded as its text (`data/public_suffix_list.txt`,
//! written by `scripts/make-psl.py` from the list the `psl` crate ships) and
//! read into hash sets on first use.
//!
//! The `psl` crate compiles the list into a matcher of nested `match`es: fast,
//! but about ten times the bytes of the list itself in WebAssembly, in both
//! the page and the worker. The text gzips to about 48 KB; reading it takes
//! about a millisecond, once per process.

use std::collections::HashSet;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

const LIST: &str = include_str!("../data/public_suffix_list.txt");

type Set = HashSet<&'static str, FixedState>;

/// The rules, by kind. Wildcards (`*.ck`) and exceptions (`!www.ck`) are kept
/// without their mark.
struct Rules {
    plain: Set,
    wildcard: Set,
    exception: Set,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Rules {
            plain: Set::with_capacity_and_hasher(12_000, FixedState::default()),
            wildcard: Set::default(),
            exception: Set::default(),
        };
        for line in LIST.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            if let Some(rest) = line.strip_prefix("*.") {
                rules.wildcard.insert(rest);
            } else if let Some(rest) = line.strip_prefix('!') {
                rules.exception.insert(rest);
            } else {
                rules.plain.insert(line);
            }
        }
        rules
    })
}

/// The registrable domain of `name` (lower case, no trailing dot): its public
/// suffix and one label more. `None` when `name` is itself a public suffix or
/// has an empty label where the answer would be. A name under no rule gets
/// the default rule `*` (its last label is the suffix).
pub fn registrable_domain(name: &str) -> Option<&str> {
    let rules = rules();
    // Walk the name's suffixes from the right: "com", "example.com", …
    // `suffix_labels` ends as the number of labels of the prevailing rule.
    let mut suffix_labels = 1;
    let mut labels = 0;
    let mut end = name.len();
    loop {
        let start = name[..end].rfind('.').map_or(0, |dot| dot + 1);
        let suffix = &name[start..];
        labels += 1;
        if rules.exception.contains(suffix) {
            // An exception prevails over every other rule: its suffix is the
            // rule less its leftmost label.
            suffix_labels = labels - 1;
            break;
        }
        if rules.plain.contains(suffix) {
            suffix_labels = labels;
        }
        if let Some(dot) = suffix.find('.') {
            if rules.wildcard.contains(&suffix[dot + 1..]) {
                suffix_labels = labels;
            }
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    // The registrable domain: `suffix_labels + 1` labels from the right.
    let (mut start, mut end) = (name.len(), name.len());
    for _ in 0..=suffix_labels {
        if start == 0 {
            return None;
        }
        start = name[..end].rfind('.').map_or(0, |dot| dot + 1);
        end = start.saturating_sub(1);
    }
    let domain = &name[start..];
    (!domain.starts_with('.') && !domain.is_empty()).then_some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names to ask about for one rule: the rule's own suffix, one and two
    /// labels under it, and the same under a wildcard's `*`.
    fn names_for(rule: &str) -> Vec<String> {
        let bare = rule.trim_start_matches('!').trim_start_matches("*.");
        let mut names = vec![bare.to_owned(), format!("x.{bare}"), format!("a.x.{bare}")];
        if rule.starts_with("*.") {
            names.push(format!("y.z.x.{bare}"));
        }
        names
    }

    /// Where the `psl` crate departs from the list's algorithm: a name that
    /// matches a wildcard (`ex.futurecms.at` under `*.futurecms.at`) is a
    /// public suffix, with no registrable domain; the crate lets a deeper
    /// wildcard of the same name (`*.ex.futurecms.at`) hide that match and
    /// answers with the parent. We follow the list
    /// (https://publicsuffix.org/list/, "Algorithm"). Is `name` such a case?
    fn crate_departs(name: &str, ours: Option<&str>) -> bool {
        let parent = name.split_once('.').map_or("", |(_, p)| p);
        ours.is_none() && rules().wildcard.contains(name) && rules().wildcard.contains(parent)
    }

    #[test]
    fn every_rule_answers_as_the_psl_crate_does() {
        let (mut asked, mut departs) = (0, 0);
        for rule in LIST
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
        {
            for name in names_for(rule) {
                let ours = registrable_domain(&name);
                if ours != psl::domain_str(&name) {
                    assert!(crate_departs(&name, ours), "{name} (rule {rule}): {ours:?}");
                    departs += 1;
                }
                asked += 1;
            }
        }
        assert!(asked > 30_000, "only {asked} names asked");
        assert!(departs < 40, "{departs} names differ");
    }

    #[test]
    fn rules_of_every_kind() {
        let cases = [
            ("example.com", Some("example.com")),
            ("mail.example.co.jp", Some("example.co.jp")),
            ("co.jp", None),
            ("com", None),
            // Unlisted top-level domain: the default rule `*`.
            ("a.b.example.invalidtld", Some("example.invalidtld")),
            ("invalidtld", None),
            // Wildcard `*.ck`, exception `!www.ck`.
            ("foo.ck", None),
            ("bar.foo.ck", Some("bar.foo.ck")),
            ("www.ck", Some("www.ck")),
            // Nested wildcards (`*.futurecms.at`, `*.ex.futurecms.at`).
            ("ex.futurecms.at", None),
            ("a.b.ex.futurecms.at", Some("a.b.ex.futurecms.at")),
            ("a.www.ck", Some("www.ck")),
            // Private section, Unicode and its punycode.
            ("x.blogspot.com", Some("x.blogspot.com")),
            ("example.公司.cn", Some("example.公司.cn")),
            ("example.xn--55qx5d.cn", Some("example.xn--55qx5d.cn")),
            ("ä.ö.ü", Some("ö.ü")),
            // Empty labels never make a domain.
            ("a..com", None),
            (".com", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(registrable_domain(name), want, "{name}");
        }
    }
}
