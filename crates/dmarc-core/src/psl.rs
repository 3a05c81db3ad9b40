//! The Public Suffix List, as its text (`data/public_suffix_list.txt`,
//! written by `scripts/make-psl.py` from the list the `psl` crate ships),
//! read into one hash map.
//!
//! The `psl` crate compiles the list into a matcher of nested `match`es: fast,
//! but about ten times the bytes of the list itself in WebAssembly. The text
//! holds the rules grouped by what follows their first label
//! (`rest:label,label,…`), which gzips to 40 KB (48 KB one rule per line);
//! reading it takes about a millisecond, once per process.
//!
//! Where the text comes from: with the default feature `embedded-psl` it is
//! compiled in and read on first use (the CLI, the tests). Without it (the
//! web page, which loads the list only when its record builder opens) the
//! program hands the text to [`install`]; until then every lookup answers
//! [`SuffixListMissing`], never a guess.

use std::collections::HashMap;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

#[cfg(feature = "embedded-psl")]
const LIST: &str = include_str!("../data/public_suffix_list.txt");

/// Fewer rules than this and a text is not the list (the list has about
/// 10,000; an error page served in its place has none).
const MIN_RULES: usize = 5_000;

/// What the list says of one name: a rule `name`, a wildcard `*.name`, an
/// exception `!name`, or none of them but a rule ends in it (a node on the
/// way to a longer rule). A name that is not in the map at all ends the walk:
/// no longer name can match a rule.
#[derive(Clone, Copy, Default)]
struct Node {
    rule: bool,
    wildcard: bool,
    exception: bool,
}

type Rules = HashMap<Box<str>, Node, FixedState>;

static RULES: OnceLock<Rules> = OnceLock::new();

/// A lookup before the list is there: the core was built without
/// `embedded-psl` and nothing was [`install`]ed yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the Public Suffix List is not loaded yet")]
pub struct SuffixListMissing;

/// Why [`install`] refused a text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuffixListError {
    /// The text holds too few rules to be the list (an error page, a cut-off download).
    #[error("not the Public Suffix List: {rules} rules, at least {min} expected")]
    TooFewRules {
        /// Rules read.
        rules: usize,
        /// Rules the list has at least.
        min: usize,
    },
}

/// Every rule of a list's text, as written in it (`*.ck`, `!www.ck`, `co.jp`).
fn list(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .filter_map(|line| line.split_once(':'))
        .flat_map(|(rest, labels)| {
            labels.split(',').map(move |label| {
                if rest.is_empty() {
                    label.to_owned()
                } else {
                    format!("{label}.{rest}")
                }
            })
        })
}

/// The rules of a list's text, and how many there are.
fn read(text: &str) -> (Rules, usize) {
    let mut rules = Rules::with_capacity_and_hasher(16_000, FixedState::default());
    let mut count = 0;
    for line in list(text) {
        count += 1;
        let (name, mark): (&str, fn(&mut Node)) = if let Some(rest) = line.strip_prefix("*.") {
            (rest, |n| n.wildcard = true)
        } else if let Some(rest) = line.strip_prefix('!') {
            (rest, |n| n.exception = true)
        } else {
            (&line, |n| n.rule = true)
        };
        mark(rules.entry(name.into()).or_default());
        // Every shorter suffix of the name is a node on the way to it.
        let mut rest = name;
        while let Some((_, parent)) = rest.split_once('.') {
            if !rules.contains_key(parent) {
                rules.insert(parent.into(), Node::default());
            }
            rest = parent;
        }
    }
    (rules, count)
}

fn rules() -> Result<&'static Rules, SuffixListMissing> {
    #[cfg(feature = "embedded-psl")]
    return Ok(RULES.get_or_init(|| read(LIST).0));
    #[cfg(not(feature = "embedded-psl"))]
    RULES.get().ok_or(SuffixListMissing)
}

/// Installs the list from its text (`data/public_suffix_list.txt`, as the
/// web page fetches it). The first list installed (or embedded) stays: a
/// second call changes nothing. Returns how many rules the text holds.
pub fn install(text: &str) -> Result<usize, SuffixListError> {
    let (rules, count) = read(text);
    if count < MIN_RULES {
        return Err(SuffixListError::TooFewRules {
            rules: count,
            min: MIN_RULES,
        });
    }
    let _ = RULES.set(rules);
    Ok(count)
}

/// Whether lookups can be answered (the list is embedded or installed).
pub fn is_loaded() -> bool {
    rules().is_ok()
}

/// The registrable domain of `name` (lower case, no trailing dot): its public
/// suffix and one label more. `None` when `name` is itself a public suffix or
/// has an empty label where the answer would be. A name under no rule gets
/// the default rule `*` (its last label is the suffix).
/// [`SuffixListMissing`] while the list is not there.
pub fn registrable_domain(name: &str) -> Result<Option<&str>, SuffixListMissing> {
    let rules = rules()?;
    // Walk the name's suffixes from the right: "com", "example.com", …
    // `suffix_labels` ends as the number of labels of the prevailing rule.
    let mut suffix_labels = 1;
    let mut labels = 0;
    let mut end = name.len();
    let mut parent = Node::default();
    loop {
        let start = name[..end].rfind('.').map_or(0, |dot| dot + 1);
        labels += 1;
        let node = rules.get(&name[start..]).copied();
        // `*.parent` matches this name whether or not the list names it.
        if parent.wildcard {
            suffix_labels = labels;
        }
        let Some(node) = node else {
            break;
        };
        if node.exception {
            // An exception prevails over every other rule: its suffix is the
            // rule less its leftmost label.
            suffix_labels = labels - 1;
            break;
        }
        if node.rule {
            suffix_labels = labels;
        }
        if start == 0 {
            break;
        }
        parent = node;
        end = start - 1;
    }
    // The registrable domain: `suffix_labels + 1` labels from the right.
    let (mut start, mut end) = (name.len(), name.len());
    for _ in 0..=suffix_labels {
        if start == 0 {
            return Ok(None);
        }
        start = name[..end].rfind('.').map_or(0, |dot| dot + 1);
        end = start.saturating_sub(1);
    }
    let domain = &name[start..];
    Ok((!domain.starts_with('.') && !domain.is_empty()).then_some(domain))
}

#[cfg(all(test, feature = "embedded-psl"))]
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
        let wildcard = |n: &str| rules().is_ok_and(|r| r.get(n).is_some_and(|node| node.wildcard));
        ours.is_none() && wildcard(name) && wildcard(parent)
    }

    #[test]
    fn every_rule_answers_as_the_psl_crate_does() {
        let (mut asked, mut departs) = (0, 0);
        let mut rules = 0;
        for rule in list(LIST) {
            rules += 1;
            for name in names_for(&rule) {
                let ours = registrable_domain(&name).ok().flatten();
                if ours != psl::domain_str(&name) {
                    assert!(crate_departs(&name, ours), "{name} (rule {rule}): {ours:?}");
                    departs += 1;
                }
                asked += 1;
            }
        }
        assert!(rules > 10_000, "only {rules} rules read");
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
            assert_eq!(registrable_domain(name), Ok(want), "{name}");
        }
    }

    /// Lookups per second against the `psl` crate's matcher, on names shaped
    /// like a report's: `cargo test --release -p dmarc-core --lib
    /// psl::tests::speed -- --ignored --nocapture` (a measurement, not a test).
    #[test]
    #[ignore]
    fn speed() {
        let names = [
            "example.com",
            "mail.example.com",
            "bounce.eu-west-1.amazonses.com",
            "mail.example.co.jp",
            "sendgrid.net",
            "em1234.news.example.co.uk",
            "a.b.c.d.example.org",
            "spoof.example.invalidtld",
        ];
        let rounds = 200_000;
        let _ = registrable_domain("warm.example.com");
        let time = |f: &dyn Fn(&str) -> usize| {
            let start = std::time::Instant::now();
            let mut total = 0;
            for _ in 0..rounds {
                for name in names {
                    total += f(std::hint::black_box(name));
                }
            }
            (
                start.elapsed().as_nanos() as f64 / (rounds * names.len()) as f64,
                total,
            )
        };
        let (ours, a) = time(&|n| registrable_domain(n).ok().flatten().map_or(0, str::len));
        let (theirs, b) = time(&|n| psl::domain_str(n).map_or(0, str::len));
        assert_eq!(a, b);
        println!("per name: embedded list {ours:.1} ns, psl crate {theirs:.1} ns");
    }

    #[test]
    fn install_refuses_what_is_not_the_list() {
        let cases = ["", "<html>404</html>", ":com,net,org\n"];
        for text in cases {
            assert!(
                matches!(install(text), Err(SuffixListError::TooFewRules { .. })),
                "{text:?}"
            );
        }
        // The list itself is accepted; the first list stays.
        assert!(install(LIST).is_ok_and(|n| n > 10_000));
        assert!(is_loaded());
    }
}

/// Built without the embedded list (`cargo test -p dmarc-core --lib
/// --no-default-features lean_build`): nothing is answered until the list is
/// installed, then everything is.
#[cfg(all(test, not(feature = "embedded-psl")))]
mod lean_build {
    use super::*;

    #[test]
    fn missing_until_installed() {
        assert!(!is_loaded());
        assert_eq!(
            registrable_domain("mail.example.co.jp"),
            Err(SuffixListMissing)
        );
        assert!(install("<html>not found</html>").is_err());
        assert!(!is_loaded());
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/public_suffix_list.txt"
        ))
        .unwrap_or_default();
        // The record builder and checker say so rather than guess.
        let choices = crate::record::BuilderChoices {
            domain: "example.com".into(),
            rua: vec![crate::record::ReportUri::new("d@reports.example.net")],
            ..crate::record::BuilderChoices::default()
        };
        assert_eq!(
            crate::record::build(&choices),
            Err(crate::record::BuildError::SuffixListMissing)
        );
        let codes = |text: &str| -> Vec<&'static str> {
            crate::record::check(text, Some("example.com"))
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect()
        };
        let record = "v=DMARC1; p=none; rua=mailto:d@reports.example.net";
        assert!(codes(record).contains(&"destination_unchecked"));
        // Alignment under relaxed mode needs the list; what is answered
        // without it must not be remembered past the install.
        let aligned =
            || crate::report::aggregate::domains_aligned("mail.example.com", "example.com", None);
        let from = crate::report::aggregate::Record {
            identifiers: crate::report::aggregate::Identifiers {
                header_from: Some("mail.example.com".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(!aligned());
        assert_eq!(from.header_from_org_domain(), None);

        assert!(install(&text).is_ok_and(|n| n > 10_000));
        assert!(is_loaded());
        assert_eq!(
            registrable_domain("mail.example.co.jp"),
            Ok(Some("example.co.jp"))
        );
        let built = crate::record::build(&choices);
        assert!(built.is_ok_and(|b| b.authorizations.len() == 1));
        assert!(codes(record).contains(&"external_destination"));
        assert!(!codes(record).contains(&"destination_unchecked"));
        assert!(
            aligned(),
            "an answer from before the install was remembered"
        );
        assert_eq!(
            from.header_from_org_domain().as_deref(),
            Some("example.com")
        );
    }
}
