//! The filter of the dashboard and its stable string form for the URL.
//!
//! [`Filter::to_query`] writes the set fields in a fixed order, percent-
//! encoded (`domain=example.com&from=2024-01-01&to=2024-02-01&reporter=…&
//! outcome=fail&service=amazon_ses&ip=…&q=…`); [`Filter::from_query`] reads
//! it back, ignoring unknown keys and unreadable values, so an old or
//! hand-edited bookmark still opens. Dates are UTC days, `from` included,
//! `to` excluded; `from`/`to` may also be given as Unix seconds.

use serde::{Deserialize, Serialize};

use super::date::{day_of, iso_date, parse_iso_date};
use super::index::{Index, ReportInfo, DMARC_PASS};
use super::senders::ServiceId;
use crate::query::{decode, encode};

/// Which messages by DMARC outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// All messages.
    #[default]
    Any,
    /// Messages that passed DMARC.
    Pass,
    /// Messages that failed DMARC.
    Fail,
}

impl Outcome {
    /// `any`, `pass` or `fail`.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Any => "any",
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }
}

/// Which sender.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum SourceFilter {
    /// One sending service.
    Service(ServiceId),
    /// One source address, as written in the reports.
    Ip(String),
}

/// What the dashboard shows. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    /// The policy domain (compared lower-cased).
    pub domain: Option<String>,
    /// First day included (days since 1970-01-01, UTC).
    pub from: Option<i32>,
    /// First day excluded.
    pub to: Option<i32>,
    /// The reporting organisation, as listed in
    /// [`Dashboard::reporter_names`](super::Dashboard::reporter_names)
    /// ([`ReporterRow::organisation`](super::ReporterRow::organisation)); a
    /// reporter's name as signed in its reports is read too (older links).
    pub reporter: Option<String>,
    /// DMARC outcome.
    pub outcome: Outcome,
    /// A service or a source address.
    pub source: Option<SourceFilter>,
    /// Free text matched (case-insensitively, as a substring) against source
    /// addresses and the domains of a record (header from, envelope from,
    /// DKIM and SPF domains), and, once the network data is loaded, against
    /// the source's network: `AS15169`, a country code (`JP`), part of an
    /// organisation's or a country's name ([`crate::network::label::matches`]).
    pub search: Option<String>,
}

/// A day from `YYYY-MM-DD` or from Unix seconds.
fn parse_day(text: &str) -> Option<i32> {
    parse_iso_date(text).or_else(|| text.trim().parse::<i64>().ok().map(day_of))
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl Filter {
    /// A filter for the period `[from, to)` given in Unix seconds.
    pub fn with_unix_period(mut self, from: Option<i64>, to: Option<i64>) -> Self {
        self.from = from.map(day_of);
        self.to = to.map(|t| day_of(t.saturating_add(86_399)));
        self
    }

    /// The stable query string (without `?`); empty for the default filter.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut put = |key: &str, value: &str| parts.push(format!("{key}={}", encode(value)));
        if let Some(d) = &self.domain {
            put("domain", d);
        }
        if let Some(d) = self.from {
            put("from", &iso_date(d));
        }
        if let Some(d) = self.to {
            put("to", &iso_date(d));
        }
        if let Some(r) = &self.reporter {
            put("reporter", r);
        }
        if self.outcome != Outcome::Any {
            put("outcome", self.outcome.code());
        }
        match &self.source {
            Some(SourceFilter::Service(s)) => put("service", s.id()),
            Some(SourceFilter::Ip(ip)) => put("ip", ip),
            None => {}
        }
        if let Some(q) = &self.search {
            put("q", q);
        }
        parts.join("&")
    }

    /// Reads a query string (a leading `?` is allowed). Unknown keys and
    /// unreadable values are ignored; never fails.
    pub fn from_query(query: &str) -> Filter {
        let mut filter = Filter::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match decode(key).as_str() {
                "domain" => filter.domain = non_empty(value),
                "from" => filter.from = parse_day(&value),
                "to" => filter.to = parse_day(&value),
                "reporter" => filter.reporter = non_empty(value),
                "outcome" => {
                    filter.outcome = match value.as_str() {
                        "pass" => Outcome::Pass,
                        "fail" => Outcome::Fail,
                        _ => Outcome::Any,
                    }
                }
                "service" => {
                    if let Some(s) = ServiceId::from_id(&value) {
                        filter.source = Some(SourceFilter::Service(s));
                    }
                }
                "ip" => filter.source = non_empty(value).map(SourceFilter::Ip),
                "q" => filter.search = non_empty(value),
                _ => {}
            }
        }
        filter
    }

    /// The part of the filter that selects reports: domain and period only
    /// (for the readiness assessment, which must not depend on the outcome).
    pub fn period_and_domain(&self) -> Filter {
        Filter {
            domain: self.domain.clone(),
            from: self.from,
            to: self.to,
            ..Filter::default()
        }
    }

    /// Whether a day is inside the period (an unknown day only when no
    /// period is set).
    pub fn day_in(&self, day: Option<i32>) -> bool {
        match day {
            Some(d) => self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d < t),
            None => self.from.is_none() && self.to.is_none(),
        }
    }

    /// The lower-cased search text.
    pub(crate) fn needle(&self) -> Option<String> {
        self.search
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    }
}

/// A filter resolved against an index: ids and lookup tables.
pub(crate) struct Compiled {
    nothing: bool,
    domain: Option<u32>,
    reporter: Option<u32>,
    organisation: Option<u32>,
    pub(crate) filter: Filter,
    need_pass: Option<bool>,
    source_ok: Option<Vec<bool>>,
    ip_hit: Option<Vec<bool>>,
    shape_hit: Vec<bool>,
}

/// Whether `hay` contains the lower-case `needle`, ignoring case (without
/// allocating for ASCII text).
fn contains(hay: Option<&str>, needle: &str) -> bool {
    hay.is_some_and(|h| {
        if needle.is_empty() {
            true
        } else if h.is_ascii() {
            h.as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        } else {
            h.to_lowercase().contains(needle)
        }
    })
}

impl Compiled {
    /// The same, narrowed to one policy domain by its id.
    pub(crate) fn narrowed_to(mut self, domain: u32) -> Compiled {
        self.domain = Some(domain);
        self
    }

    pub(crate) fn new(index: &Index, filter: &Filter) -> Compiled {
        let mut nothing = false;
        let mut lookup =
            |table: &super::intern::Interner<String>, value: &Option<String>, lower: bool| {
                value.as_ref().and_then(|v| {
                    let v = if lower {
                        v.trim().to_lowercase()
                    } else {
                        v.trim().to_owned()
                    };
                    let id = table.get(v.as_str());
                    nothing |= id.is_none();
                    id
                })
            };
        let domain = lookup(&index.domains, &filter.domain, true);
        // An organisation, else a name as signed (links written before
        // reporters were grouped).
        let organisation = filter
            .reporter
            .as_ref()
            .and_then(|r| index.organisations.get(r.trim().to_lowercase().as_str()));
        let reporter = if organisation.is_some() {
            None
        } else {
            lookup(&index.reporters, &filter.reporter, false)
        };
        let source_ok = match &filter.source {
            None => None,
            Some(SourceFilter::Service(s)) => Some(
                index
                    .sources
                    .values()
                    .iter()
                    .map(|(svc, _)| svc == s)
                    .collect(),
            ),
            Some(SourceFilter::Ip(ip)) => {
                let id = index.ips.get(ip.trim());
                nothing |= id.is_none();
                Some(
                    index
                        .sources
                        .values()
                        .iter()
                        .map(|(_, i)| Some(*i) == id)
                        .collect(),
                )
            }
        };
        let (ip_hit, shape_hit) = match filter.needle() {
            None => (None, Vec::new()),
            Some(needle) => {
                let ips = (0u32..)
                    .zip(index.ips.values())
                    .map(|(id, ip)| {
                        contains(Some(ip), &needle)
                            || index
                                .network_of(id)
                                .is_some_and(|n| crate::network::label::matches(n, &needle))
                    })
                    .collect();
                let shapes = index
                    .shapes
                    .values()
                    .iter()
                    .map(|s| {
                        contains(s.header_from.as_deref(), &needle)
                            || contains(s.envelope_from.as_deref(), &needle)
                            || s.dkim_auth
                                .iter()
                                .any(|d| contains(d.domain.as_deref(), &needle))
                            || s.spf_auth
                                .iter()
                                .any(|d| contains(d.domain.as_deref(), &needle))
                    })
                    .collect();
                (Some(ips), shapes)
            }
        };
        Compiled {
            nothing,
            domain,
            reporter,
            organisation,
            filter: filter.clone(),
            need_pass: match filter.outcome {
                Outcome::Any => None,
                Outcome::Pass => Some(true),
                Outcome::Fail => Some(false),
            },
            source_ok,
            ip_hit,
            shape_hit,
        }
    }

    /// Whether any row of the report may match.
    pub(crate) fn report_matches(&self, report: &ReportInfo) -> bool {
        !self.nothing
            && self.domain.is_none_or(|d| d == report.domain)
            && self.reporter.is_none_or(|r| r == report.reporter)
            && self.organisation.is_none_or(|o| o == report.organisation)
            && self.filter.day_in(report.day)
    }

    /// Whether every row of a matching report matches (no row-level test).
    pub(crate) fn all_rows(&self) -> bool {
        self.need_pass.is_none() && self.source_ok.is_none() && self.ip_hit.is_none()
    }

    /// Whether a row of a matching report matches.
    #[inline]
    pub(crate) fn row_matches(&self, index: &Index, row: usize) -> bool {
        let rows = &index.rows;
        if let Some(pass) = self.need_pass {
            let flags = rows.flags.get(row).copied().unwrap_or(0);
            if (flags & DMARC_PASS != 0) != pass {
                return false;
            }
        }
        if let Some(ok) = &self.source_ok {
            let source = rows.source.get(row).copied().unwrap_or(u32::MAX);
            if !ok.get(source as usize).copied().unwrap_or(false) {
                return false;
            }
        }
        if let Some(ips) = &self.ip_hit {
            let ip = rows.ip.get(row).copied().unwrap_or(u32::MAX);
            let shape = rows.shape.get(row).copied().unwrap_or(u32::MAX);
            let hit = |table: &[bool], id: u32| table.get(id as usize).copied().unwrap_or(false);
            if !hit(ips, ip) && !hit(&self.shape_hit, shape) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trips() {
        let ses = ServiceId::from_id("amazon_ses").unwrap();
        let cases = [
            (Filter::default(), ""),
            (
                Filter {
                    domain: Some("example.com".into()),
                    ..Filter::default()
                },
                "domain=example.com",
            ),
            (
                Filter {
                    domain: Some("example.co.jp".into()),
                    from: Some(19_723),
                    to: Some(19_754),
                    reporter: Some("Yahoo! Inc.".into()),
                    outcome: Outcome::Fail,
                    source: Some(SourceFilter::Service(ses)),
                    search: Some("mail & more=1%".into()),
                },
                "domain=example.co.jp&from=2024-01-01&to=2024-02-01&reporter=Yahoo%21%20Inc.\
                 &outcome=fail&service=amazon_ses&q=mail%20%26%20more%3D1%25",
            ),
            (
                Filter {
                    source: Some(SourceFilter::Ip("2001:db8::1".into())),
                    outcome: Outcome::Pass,
                    search: Some("日本".into()),
                    ..Filter::default()
                },
                "outcome=pass&ip=2001%3Adb8%3A%3A1&q=%E6%97%A5%E6%9C%AC",
            ),
        ];
        for (filter, query) in cases {
            assert_eq!(filter.to_query(), query);
            assert_eq!(Filter::from_query(query), filter, "{query}");
            assert_eq!(Filter::from_query(&format!("?{query}")), filter);
        }
    }

    #[test]
    fn from_query_is_lenient() {
        let cases = [
            (
                "from=1704067200&to=garbage&x=1",
                Filter {
                    from: Some(19_723),
                    ..Filter::default()
                },
            ),
            ("service=nope&outcome=maybe&q=+", Filter::default()),
            (
                "domain=a+b&&=&q=%zz",
                Filter {
                    domain: Some("a b".into()),
                    search: Some("%zz".into()),
                    ..Filter::default()
                },
            ),
        ];
        for (query, want) in cases {
            assert_eq!(Filter::from_query(query), want, "{query}");
        }
    }

    #[test]
    fn periods() {
        let f = Filter::default().with_unix_period(Some(1_704_067_200), Some(1_704_153_600));
        assert_eq!((f.from, f.to), (Some(19_723), Some(19_724)));
        assert!(f.day_in(Some(19_723)) && !f.day_in(Some(19_724)) && !f.day_in(None));
        assert!(Filter::default().day_in(None));
    }
}
