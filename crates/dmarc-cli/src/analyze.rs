//! `dmarc-lens analyze [--format json|text] PATH...`: reads files and
//! folders like `parse`, builds the core's [`Index`] and prints, per policy
//! domain and per day, the message totals the dashboard shows: every figure
//! comes from [`summarize`], the function the dashboard calls.
//!
//! The JSON is an object with named sections, so that sections can be added
//! without breaking a reader:
//!
//! ```json
//! { "totals": { "messages": 9, "dmarc_pass": 7, … },
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
//! date and the unidentified sources grouped by network. Without it those
//! fields are `null` and a line on stderr says why.
//!
//! A report counts on the UTC day its date range begins (as in the
//! dashboard's daily chart); a report without a date range counts in its
//! domain's totals only.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use dmarc_core::analysis::{summarize, Counts, Dashboard, Filter, Index};
use dmarc_core::network::{NetworkDb, NetworkGroup};
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;

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

/// One source address the dashboard lists, with its network.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct SourceRow {
    ip: String,
    service: String,
    messages: u64,
    dmarc_pass: u64,
    asn: Option<u32>,
    as_name: Option<String>,
    country: Option<String>,
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
    totals: Totals,
    domains: Vec<DomainRow>,
    days: Vec<DayRow>,
    services: Vec<ServiceCount>,
    sources: Vec<SourceRow>,
    networks: Networks,
}

/// The network asset to read: `--network`, `$DMARC_LENS_NETWORK`, or the
/// one the build step writes in this repository's `target/`.
fn network_file(arg: Option<&Path>) -> PathBuf {
    arg.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("DMARC_LENS_NETWORK").map(PathBuf::from))
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/network/network.bin")
        })
}

/// The network data, or why not (said on stderr, in the reader's language).
fn open_network(arg: Option<&Path>, lang: &str) -> Option<Arc<NetworkDb>> {
    let path = network_file(arg);
    let read = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| NetworkDb::from_asset(&bytes).map_err(|e| e.to_string()));
    match read {
        Ok(db) => Some(Arc::new(db)),
        Err(reason) => {
            eprintln!(
                "{}",
                tr_with(
                    lang,
                    "cli.analyze.network_missing",
                    &[("path", path.display().to_string()), ("reason", reason)]
                )
            );
            None
        }
    }
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
        });
    }
    // The sources as the dashboard lists them, labelled by the same code.
    let mut services = std::mem::take(&mut all.services);
    let networks = index.network().map(|db| db.label(&mut services));
    Analysis {
        totals: Totals::of(&all),
        domains,
        days,
        services: services
            .iter()
            .map(|g| ServiceCount {
                service: g.service.id().to_owned(),
                sources_listed: g.sources.len() as u64,
                sources_total: g.sources_total,
            })
            .collect(),
        sources: services
            .iter()
            .flat_map(|g| &g.sources)
            .map(|s| {
                let n = s.network.clone().unwrap_or_default();
                SourceRow {
                    ip: s.ip.clone(),
                    service: s.service.id().to_owned(),
                    messages: s.counts.messages,
                    dmarc_pass: s.counts.dmarc_pass,
                    asn: n.asn,
                    as_name: n.as_name,
                    country: n.country,
                }
            })
            .collect(),
        networks: Networks {
            date: networks.as_ref().and_then(|n| n.date.clone()),
            unknown: networks.map(|n| n.unknown).unwrap_or_default(),
        },
    }
}

/// Runs `dmarc-lens analyze`.
pub(crate) fn run(args: &AnalyzeArgs, lang: &str) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.paths, lang);
    let mut index = Index::from_set(&loaded.set);
    if args.format == Format::Json {
        index.set_network(open_network(args.network.as_deref(), lang));
    }
    let result = analysis(&index);
    let out = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&result)?;
            text.push('\n');
            text
        }
        Format::Text => text(&result, lang),
    };
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
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
    out.push_str(&format!(
        "{} ({})\n",
        tr_with(lang, "cli.analyze.all_domains", &[]),
        period(&result.totals)
    ));
    let mut rows = vec![header("cli.analyze.column.domain")];
    rows.extend(
        result
            .domains
            .iter()
            .map(|d| cells(d.domain.clone(), &d.totals)),
    );
    rows.push(cells(
        tr_with(lang, "cli.analyze.total", &[]),
        &result.totals,
    ));
    out.push_str(&table(&rows));
    for domain in &result.domains {
        out.push_str(&format!(
            "\n{} ({})\n",
            domain.domain,
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
