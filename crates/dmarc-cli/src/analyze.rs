//! `dmarc-lens analyze [--format json|text] PATH...`: reads files and
//! folders like `parse`, builds the core's [`Index`] and prints, per policy
//! domain and per day, the message totals the dashboard shows: every figure
//! comes from [`summarize`], the function the dashboard calls.
//!
//! The text starts with the domains at a glance (the dashboard's overview:
//! one line per policy domain and subdomain, what needs attention first).
//! The JSON is an object with named sections, so that sections can be added
//! without breaking a reader (`domains_overview` is that table):
//!
//! ```json
//! { "domains_overview": [ { "domain": "example.com", "parent": null, "verdict": "fix_senders_first", … } ],
//!   "totals": { "messages": 9, "dmarc_pass": 7, … },
//!   "domains": [ { "domain": "example.com", "messages": 9, … } ],
//!   "days": [ { "domain": "example.com", "date": "2024-01-01", "day": 19723, "messages": 9, … } ] }
//! ```
//!
//! With the network data (`--network FILE`, else `$DMARC_LENS_NETWORK`, else
//! `target/network/network.bin` of this repository, which `cargo run -p
//! dmarc-netdata` and every `trunk build` write), the JSON also has
//! `sources`: each source address the dashboard lists (at most 100 per
//! service, the most messages first; `services` says how many each has in
//! all) with its `asn`, `as_name` and `country`, and `networks`: the data's
//! date and the unidentified sources grouped by network. In both formats,
//! a source no domain names takes the email platform whose AS holds it
//! (identification by network), as on the page. Without the data those
//! fields are `null` and a line on stderr says why.
//!
//! A report counts on the UTC day its date range begins (as in the
//! dashboard's daily chart); a report without a date range counts in its
//! domain's totals only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dmarc_core::analysis::{
    summarize, Counts, Dashboard, DomainOverview, Family, FamilyCount, Filter, Index, Readiness,
    Selectors,
};
use dmarc_core::network::NetworkGroup;
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;

use crate::context::{read_marks, NetworkLoading};
use crate::i18n::tr_with;
use crate::input::{load, summary};
use crate::EXIT_REJECTED;

/// `analyze`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,
    #[arg(long, value_name = "FILE")]
    network: Option<PathBuf>,
    /// A marks file saved by the web app ("mine" / "not mine" per address
    /// or service): the verdicts use it as the dashboard does.
    #[arg(long, value_name = "FILE")]
    marks: Option<PathBuf>,
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

/// Message totals of one selection, as the dashboard's headline has them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Totals {
    #[serde(flatten)]
    counts: Counts,
    dmarc_fail: u64,
    dmarc_pass_rate: Option<f64>,
    reports: u64,
    first_date: Option<String>,
    last_date: Option<String>,
}

impl Totals {
    fn of(dashboard: &Dashboard) -> Totals {
        let h = &dashboard.headline;
        Totals {
            counts: h.counts,
            dmarc_fail: h.dmarc_fail,
            dmarc_pass_rate: h.dmarc_pass_rate,
            reports: h.reports,
            first_date: h.first_date.clone(),
            last_date: h.last_date.clone(),
        }
    }
}

/// One policy domain.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct DomainRow {
    domain: String,
    #[serde(flatten)]
    totals: Totals,
    /// Messages per family (`ok`, `fix_needed`, `forwarding`, `suspicious`).
    families: Vec<FamilyCount>,
    /// The readiness verdict's code, when the domain has dated reports.
    verdict: Option<String>,
}

/// One source address, as the dashboard's sources table lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct SourceOut {
    ip: String,
    service: String,
    family: String,
    diagnosis: String,
    advice_key: String,
    /// Some of its mail could be read two ways; only a mark settles it.
    ambiguous: bool,
    /// `unmarked`, `mine` or `not_mine`.
    mark: dmarc_core::analysis::Mark,
    messages: u64,
    dmarc_pass: u64,
    dmarc_pass_rate: Option<f64>,
    first_date: Option<String>,
    last_date: Option<String>,
    /// The AS announcing it, with the network data.
    asn: Option<u32>,
    /// The AS's organisation.
    as_name: Option<String>,
    /// Its country (ISO 3166-1 alpha-2).
    country: Option<String>,
}

/// One policy domain on one day.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct DayRow {
    domain: String,
    /// `YYYY-MM-DD`, UTC.
    date: String,
    /// Days since 1970-01-01.
    day: i32,
    #[serde(flatten)]
    totals: Totals,
}

/// How many addresses a service has, and how many `sources` lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct ServiceCount {
    service: String,
    sources_listed: u64,
    sources_total: u64,
}

/// What the network data says over all sources.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct Networks {
    /// The data's date; `null` without the data.
    date: Option<String>,
    /// Unidentified sources by network, most messages first.
    unknown: Vec<NetworkGroup>,
}

/// What `analyze` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct Analysis {
    /// Domains at a glance, most urgent first: the dashboard's overview
    /// table ([`dmarc_core::analysis::overview`]).
    domains_overview: Vec<DomainOverview>,
    totals: Totals,
    domains: Vec<DomainRow>,
    days: Vec<DayRow>,
    /// Per policy domain, most urgent first: [`Readiness`] as the
    /// dashboard's cards show it (verdict code, figures, next record).
    readiness: Vec<Readiness>,
    /// Every listed address, by service (at most
    /// [`MAX_SOURCES_PER_SERVICE`](dmarc_core::analysis::MAX_SOURCES_PER_SERVICE)
    /// per service, as in the dashboard).
    sources: Vec<SourceOut>,
    /// Each service's listed and total addresses.
    services: Vec<ServiceCount>,
    /// The network data's date and the unidentified sources by network.
    networks: Networks,
    /// The DKIM keys seen, as the dashboard's table lists them
    /// ([`dmarc_core::analysis::selectors`]).
    selectors: Selectors,
}

/// The analysis of `index`: every figure from [`summarize`].
fn analysis(index: &Index) -> Analysis {
    let mut all = summarize(index, &Filter::default());
    let mut domains = Vec::new();
    let mut days = Vec::new();
    for domain in &all.domains {
        let filter = Filter {
            domain: Some(domain.clone()),
            ..Filter::default()
        };
        let of_domain = summarize(index, &filter);
        if of_domain.headline.counts.records == 0 {
            continue;
        }
        for point in of_domain.daily.iter().filter(|p| p.passed + p.failed > 0) {
            let of_day = summarize(
                index,
                &Filter {
                    from: Some(point.day),
                    to: Some(point.day + 1),
                    ..filter.clone()
                },
            );
            days.push(DayRow {
                domain: domain.clone(),
                date: point.date.clone(),
                day: point.day,
                totals: Totals::of(&of_day),
            });
        }
        domains.push(DomainRow {
            domain: domain.clone(),
            totals: Totals::of(&of_domain),
            families: families_of(&of_domain),
            verdict: all
                .readiness
                .iter()
                .find(|r| r.domain == *domain)
                .map(|r| r.verdict.code().to_owned()),
        });
    }
    // The sources as the dashboard lists them, labelled by the same code.
    let networks = index.network().map(|db| db.label(&mut all.services));
    // What needs attention first: the overview's order.
    let urgency = |d: &DomainRow| {
        all.overview
            .iter()
            .position(|o| o.parent.is_none() && o.domain == d.domain)
            .unwrap_or(usize::MAX)
    };
    domains.sort_by_key(urgency);
    let sources = all
        .services
        .iter()
        .flat_map(|g| &g.sources)
        .map(|s| SourceOut {
            ip: s.ip.clone(),
            service: s.service.id().to_owned(),
            family: s.family.code().to_owned(),
            diagnosis: s.diagnosis.code().to_owned(),
            advice_key: s.diagnosis.advice_key(),
            ambiguous: s.ambiguous_messages > 0,
            mark: s.mark,
            messages: s.counts.messages,
            dmarc_pass: s.counts.dmarc_pass,
            dmarc_pass_rate: s.dmarc_pass_rate,
            first_date: s.first_date.clone(),
            last_date: s.last_date.clone(),
            asn: s.network.as_ref().and_then(|n| n.asn),
            as_name: s.network.as_ref().and_then(|n| n.as_name.clone()),
            country: s.network.as_ref().and_then(|n| n.country.clone()),
        })
        .collect();
    Analysis {
        domains_overview: all.overview.clone(),
        totals: Totals::of(&all),
        domains,
        days,
        readiness: all.readiness.clone(),
        sources,
        services: all
            .services
            .iter()
            .map(|g| ServiceCount {
                service: g.service.id().to_owned(),
                sources_listed: g.sources.len() as u64,
                sources_total: g.sources_total,
            })
            .collect(),
        networks: Networks {
            date: networks.as_ref().and_then(|n| n.date.clone()),
            unknown: networks.map(|n| n.unknown).unwrap_or_default(),
        },
        selectors: std::mem::take(&mut all.selectors),
    }
}

/// Messages per family over a dashboard's services.
fn families_of(d: &Dashboard) -> Vec<FamilyCount> {
    Family::ALL
        .iter()
        .map(|family| FamilyCount {
            family: *family,
            messages: d
                .services
                .iter()
                .flat_map(|g| &g.families)
                .filter(|f| f.family == *family)
                .map(|f| f.messages)
                .sum(),
        })
        .filter(|f| f.messages > 0)
        .collect()
}

/// Runs `dmarc-lens analyze`.
pub(crate) fn run(args: &AnalyzeArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let marks = read_marks(args.marks.as_deref())?;
    // Both formats: the network tells the service of sources no domain
    // names (the text's tables and the JSON's agree, as the page does).
    let loaded = load(&args.paths, lang);
    // Read while the index is built (not while the reports are read,
    // whose bytes are the peak of memory).
    let network = NetworkLoading::start(args.network.as_deref());
    let mut index = Index::from_set(&loaded.set);
    index.marks = marks;
    index.set_network(network.finish(lang));
    let result = analysis(&index);
    let out = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&result)?;
            text.push('\n');
            text
        }
        Format::Text => text(&result, lang),
    };
    crate::log::stdout(&out)?;
    eprintln!("{}", summary(&loaded, lang));
    Ok(if loaded.rejected > 0 {
        ExitCode::from(EXIT_REJECTED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The columns of the text tables, as catalogue keys `cli.analyze.column.*`.
const COLUMNS: [&str; 8] = [
    "messages",
    "dmarc_pass",
    "rate",
    "spf_aligned",
    "dkim_aligned",
    "quarantined",
    "rejected",
    "reports",
];

fn cells(first: String, t: &Totals) -> Vec<String> {
    let c = &t.counts;
    let rate = t
        .dmarc_pass_rate
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "–".to_owned());
    vec![
        first,
        c.messages.to_string(),
        c.dmarc_pass.to_string(),
        rate,
        c.spf_aligned.to_string(),
        c.dkim_aligned.to_string(),
        c.quarantined.to_string(),
        c.rejected.to_string(),
        t.reports.to_string(),
    ]
}

/// Lines of cells, the first column left-aligned and the others right-
/// aligned, by display width (Japanese headings are two columns a letter).
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(
                widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width()),
            );
            if i == 0 {
                line.push_str("  ");
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The analysis for people: the totals, then one table per domain with a
/// line per day.
fn text(result: &Analysis, lang: &str) -> String {
    let header = |first: &str| -> Vec<String> {
        std::iter::once(tr_with(lang, first, &[]))
            .chain(
                COLUMNS
                    .iter()
                    .map(|c| tr_with(lang, &format!("cli.analyze.column.{c}"), &[])),
            )
            .collect()
    };
    let period = |t: &Totals| match (&t.first_date, &t.last_date) {
        (Some(first), Some(last)) => tr_with(
            lang,
            "cli.analyze.period",
            &[("first", first.clone()), ("last", last.clone())],
        ),
        _ => tr_with(lang, "cli.analyze.no_period", &[]),
    };
    let mut out = String::new();
    if result.domains.is_empty() {
        out.push_str(&tr_with(lang, "cli.analyze.nothing", &[]));
        out.push('\n');
        return out;
    }
    out.push_str(&overview_text(&result.domains_overview, lang));
    out.push_str(&format!(
        "\n{} ({})\n",
        tr_with(lang, "cli.analyze.all_domains", &[]),
        period(&result.totals)
    ));
    let mut rows = vec![header("cli.analyze.column.domain")];
    rows.extend(
        result
            .domains
            .iter()
            .map(|d| cells(domain_words(&d.domain, lang), &d.totals)),
    );
    rows.push(cells(
        tr_with(lang, "cli.analyze.total", &[]),
        &result.totals,
    ));
    out.push_str(&table(&rows));
    out.push_str(&readiness_text(result, lang));
    out.push_str(&sources_text(result, lang));
    out.push_str(&selectors_text(&result.selectors, lang));
    for domain in &result.domains {
        out.push_str(&format!(
            "\n{} ({})\n",
            domain_words(&domain.domain, lang),
            period(&domain.totals)
        ));
        let mut rows = vec![header("cli.analyze.column.date")];
        rows.extend(
            result
                .days
                .iter()
                .filter(|d| d.domain == domain.domain)
                .map(|d| cells(d.date.clone(), &d.totals)),
        );
        rows.push(cells(
            tr_with(lang, "cli.analyze.total", &[]),
            &domain.totals,
        ));
        out.push_str(&table(&rows));
    }
    out
}

/// A domain's name, or words saying the report named none.
fn domain_words(domain: &str, lang: &str) -> String {
    if domain.trim().is_empty() {
        tr_with(lang, "dash.no_policy_domain", &[])
    } else {
        domain.to_owned()
    }
}

/// A share as `97.5%`, or `–` without messages.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.1}%", s * 100.0))
}

/// Domains at a glance: one line per domain (subdomains indented under
/// theirs), what needs attention first.
fn overview_text(lines: &[DomainOverview], lang: &str) -> String {
    let mut rows = vec![std::iter::once("cli.analyze.column.domain")
        .chain([
            "cli.analyze.column.messages",
            "cli.analyze.column.rate",
            "dash.col_policy_now",
        ])
        .map(|k| tr_with(lang, k, &[]))
        .chain(Family::ALL.iter().map(|f| tr_with(lang, &f.key(), &[])))
        .chain([tr_with(lang, "dash.col_readiness", &[])])
        .collect::<Vec<String>>()];
    for line in lines {
        let name = domain_words(&line.domain, lang);
        let mut row = vec![
            if line.parent.is_some() {
                format!("  {name}")
            } else {
                name
            },
            line.counts.messages.to_string(),
            percent(line.dmarc_pass_rate),
            line.policy.clone().unwrap_or_else(|| "–".to_owned()),
        ];
        row.extend(Family::ALL.iter().map(|family| {
            let n = line
                .families
                .iter()
                .find(|f| f.family == *family)
                .map_or(0, |f| f.messages);
            percent(dmarc_core::analysis::rate(n, line.counts.messages))
        }));
        row.push(
            line.verdict
                .map_or_else(String::new, |v| tr_with(lang, &v.key(), &[])),
        );
        rows.push(row);
    }
    format!(
        "{}\n{}",
        tr_with(lang, "dash.overview_title", &[]),
        table(&rows)
    )
}

/// The readiness verdicts for people: one paragraph per domain.
fn readiness_text(result: &Analysis, lang: &str) -> String {
    let mut out = String::new();
    if result.readiness.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "\n{}\n",
        tr_with(lang, "dash.readiness_title", &[])
    ));
    for r in &result.readiness {
        let domain = domain_words(&r.domain, lang);
        let target = format!("{:.1}%", r.target_share * 100.0);
        let args = [
            ("domain", domain.clone()),
            ("policy", r.applied.p.to_string()),
            (
                "next",
                r.next.as_ref().map(|n| n.p.to_string()).unwrap_or_default(),
            ),
            ("share", percent(r.pass_share)),
            ("target", target),
            (
                "days",
                count(lang, "count.days", u64::from(r.days_with_data)),
            ),
            ("messages", count(lang, "count.messages", r.messages)),
            (
                "unreviewed",
                count(lang, "count.messages", r.unreviewed_messages),
            ),
            (
                "min_days",
                count(
                    lang,
                    "count.days",
                    u64::from(dmarc_core::analysis::MIN_DAYS),
                ),
            ),
        ];
        out.push_str(&format!(
            "\n  {domain}: {}\n    {}\n",
            tr_with(lang, &r.verdict.key(), &[]),
            tr_with(lang, &r.advice_key(), &args)
        ));
        for item in &r.review {
            out.push_str(&format!(
                "    ? {} {} ({}, {:.1}%)\n",
                item.ip.as_deref().unwrap_or(item.service.id()),
                tr_with(lang, &item.diagnosis.key(), &[]),
                item.messages,
                item.share * 100.0
            ));
        }
        for f in &r.failing_services {
            out.push_str(&format!(
                "    ! {}: {} ({})\n",
                tr_with(lang, &f.service.key(), &[]),
                tr_with(lang, &f.diagnosis.key(), &[]),
                f.messages
            ));
        }
        if let Some(next) = &r.next {
            out.push_str(&format!(
                "    {} {}\n",
                tr_with(lang, "dash.next_record", &[]),
                next.text
            ));
        }
    }
    out
}

/// A count in words (`1 day`, `14 days`, `14 日`), from the catalogue's
/// plural entries `<key>.one` / `<key>.other`.
fn count(lang: &str, key: &str, n: u64) -> String {
    let form = if n == 1 && !lang.starts_with("ja") {
        "one"
    } else {
        "other"
    };
    tr_with(lang, &format!("{key}.{form}"), &[("n", n.to_string())])
}

/// The sources for people, by family: address, service, diagnosis.
fn sources_text(result: &Analysis, lang: &str) -> String {
    let mut out = String::new();
    for family in Family::ALL {
        let rows: Vec<Vec<String>> = result
            .sources
            .iter()
            .filter(|s| s.family == family.code())
            .map(|s| {
                let diagnosis = tr_with(lang, &format!("diagnosis.{}", s.diagnosis), &[]);
                vec![
                    s.ip.clone(),
                    tr_with(lang, &format!("service.{}", s.service), &[]),
                    if s.ambiguous {
                        format!("{diagnosis} (?)")
                    } else {
                        diagnosis
                    },
                    s.messages.to_string(),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", tr_with(lang, &family.key(), &[])));
        out.push_str(&table(&rows));
    }
    out
}

/// The DKIM keys: key, services, messages, pass rate, last pass, state.
fn selectors_text(selectors: &Selectors, lang: &str) -> String {
    if selectors.rows.is_empty() {
        return String::new();
    }
    let t = |key: &str| tr_with(lang, key, &[]);
    let mut rows = vec![vec![
        t("dash.col_domain"),
        t("selector.col_key"),
        t("selector.col_services"),
        t("dash.col_messages"),
        t("selector.col_pass"),
        t("selector.col_last_pass"),
        t("selector.col_state"),
    ]];
    rows.extend(selectors.rows.iter().map(|r| {
        let selector = r
            .selector
            .clone()
            .unwrap_or_else(|| t("selector.no_selector"));
        vec![
            domain_words(&r.policy_domain, lang),
            format!("s={selector}; d={}", r.domain),
            r.services
                .iter()
                .map(|s| t(&s.key()))
                .collect::<Vec<_>>()
                .join(", "),
            r.messages.to_string(),
            r.pass_rate
                .map_or_else(|| "–".to_owned(), |p| format!("{:.1}%", p * 100.0)),
            r.last_pass_date.clone().unwrap_or_else(|| "–".to_owned()),
            t(&r.state.key()),
        ]
    }));
    let mut out = format!("\n{}\n", t("selector.title"));
    out.push_str(&table(&rows));
    if selectors.total > selectors.rows.len() {
        out.push_str(&tr_with(
            lang,
            "selector.cut",
            &[
                ("shown", selectors.rows.len().to_string()),
                ("total", selectors.total.to_string()),
            ],
        ));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_by_display_width() {
        let rows = vec![
            vec!["日付".to_owned(), "1".to_owned()],
            vec!["2024-01-01".to_owned(), "12345".to_owned()],
        ];
        let text = table(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].width(), lines[1].width(), "{text}");
        assert_eq!(lines[1], "  2024-01-01  12345");
    }
}
