//! Reporters, published policies, failure reports, SMTP TLS, raw records.

use std::rc::Rc;

use dmarc_core::analysis::{FailureRow, PolicyRow, RecordDetail, ReporterRow, TlsDomainSummary};
use yew::prelude::*;

use super::headline::{date, rate};
use super::readiness::domain_name;
use super::table::{Cell, SortKey, SortableTable};
use crate::i18n::Lang;
use crate::ids;

/// The value, or `–` when it is absent or blank (an empty
/// `Original-Mail-From:` showed as nothing after "envelope:").
/// A `YYYY-MM-DD` date shown in the language, sorted as written.
fn date_cell(lang: Lang, iso: &Option<String>) -> Cell {
    Cell::html(
        html! { <span class="date">{ date(lang, iso.as_deref()) }</span> },
        SortKey::Text(opt(iso)),
    )
}

fn opt(value: &Option<String>) -> String {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map_or_else(|| "–".to_owned(), str::to_owned)
}

/// A reporting organisation: its name and, when its reports used several,
/// every name they used.
fn reporter_cell(lang: Lang, r: &ReporterRow) -> Cell {
    let name = if r.reporter.trim().is_empty() {
        lang.t("dash.unnamed_reporter")
    } else {
        r.reporter.clone()
    };
    let html = html! {
        <>
            <span class="reporter-name" data-organisation={r.organisation.clone()}>{ name.clone() }</span>
            if r.names.len() > 1 {
                <br /><span class="muted names">{ lang.t_args("dash.reporter_names", &[("names", r.names.join(" · ").into())]) }</span>
            }
        </>
    };
    Cell::html(html, SortKey::Text(name.to_lowercase()))
}

/// Which receivers reported, how much, over which period.
pub fn reporters(lang: Lang, rows: &[ReporterRow]) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let headers = vec![
        lang.t("dash.col_reporter"),
        lang.t("dash.col_messages"),
        lang.t("dash.col_dmarc"),
        lang.t("dash.col_reports"),
        lang.t("dash.col_first"),
        lang.t("dash.col_last"),
    ];
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                reporter_cell(lang, r),
                Cell::num(r.counts.messages as f64, lang.number(r.counts.messages)),
                Cell::num(
                    r.dmarc_pass_rate.unwrap_or(-1.0),
                    rate(lang, r.dmarc_pass_rate),
                ),
                Cell::num(r.reports as f64, lang.number(r.reports)),
                date_cell(lang, &r.first_date),
                date_cell(lang, &r.last_date),
            ]
        })
        .collect();
    html! {
        <section aria-labelledby="reporters-title">
            <h2 id="reporters-title">{ lang.t("dash.reporters_title") }</h2>
            <SortableTable id={ids::reports::REPORTERS} caption={lang.t("dash.reporters_title")} {headers} rows={Rc::new(rows)} initial_sort={Some(1)} />
        </section>
    }
}

/// The policy each reporter saw published, as runs over time.
pub fn policies(lang: Lang, rows: &[PolicyRow]) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let headers = vec![
        lang.t("dash.col_domain"),
        lang.t("dash.col_reporter"),
        lang.t("dash.col_policy"),
        lang.t("dash.col_first"),
        lang.t("dash.col_last"),
        lang.t("dash.col_reports"),
    ];
    let rows: Vec<Vec<Cell>> = rows.iter().map(|r| vec![
        Cell::text(domain_name(lang, &r.domain)),
        Cell::text(r.reporter.clone()),
        Cell::html(html! { <>
            <code>{ &r.record }</code>
            if r.changed { <span class="badge warn">{ lang.t("dash.policy_changed") }</span> }
        </> }, SortKey::Text(r.record.clone())),
        date_cell(lang, &r.first_date),
        date_cell(lang, &r.last_date),
        Cell::num(r.reports as f64, lang.number(r.reports)),
    ]).collect();
    html! {
        <section aria-labelledby="policies-title">
            <h2 id="policies-title">{ lang.t("dash.policies_title") }</h2>
            <p class="hint">{ lang.t("dash.policies_hint") }</p>
            <SortableTable caption={lang.t("dash.policies_title")} {headers} rows={Rc::new(rows)} />
        </section>
    }
}

/// Failure reports, one per failing message.
pub fn failures(lang: Lang, rows: &[FailureRow]) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let headers = vec![
        lang.t("dash.col_date"),
        lang.t("dash.col_domain"),
        lang.t("dash.col_source"),
        lang.t("dash.col_auth_failure"),
        lang.t("dash.col_from"),
        lang.t("dash.col_subject"),
        lang.t("dash.col_dkim"),
        lang.t("dash.col_delivery"),
    ];
    let rows: Vec<Vec<Cell>> = rows.iter().map(|r| vec![
        date_cell(lang, &r.date),
        Cell::text(domain_name(lang, &r.domain)),
        Cell::text(opt(&r.source_ip)),
        Cell::text(if r.auth_failure.is_empty() { "–".to_owned() } else { r.auth_failure.clone() }),
        Cell::html(html! { <>{ opt(&r.from) }<br /><span class="muted">{ lang.t("dash.envelope") }{ " " }{ opt(&r.original_mail_from) }</span></> }, SortKey::Text(opt(&r.from))),
        Cell::text(opt(&r.subject)),
        Cell::text(match (&r.dkim_domain, &r.dkim_selector) {
            (Some(d), Some(s)) => format!("{d} ({s})"),
            (Some(d), None) => d.clone(),
            _ => "–".to_owned(),
        }),
        Cell::text(opt(&r.delivery_result)),
    ]).collect();
    html! {
        <section aria-labelledby="failures-title">
            <h2 id="failures-title">{ lang.t("dash.failures_title") }</h2>
            <SortableTable id={ids::reports::FAILURES} caption={lang.t("dash.failures_title")} {headers} rows={Rc::new(rows)} />
        </section>
    }
}

/// SMTP TLS reports per policy domain.
pub fn tls(lang: Lang, rows: &[TlsDomainSummary]) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let headers = vec![
        lang.t("dash.col_domain"),
        lang.t("dash.col_tls_ok"),
        lang.t("dash.col_tls_failed"),
        lang.t("dash.col_tls_types"),
        lang.t("dash.col_mx"),
        lang.t("dash.col_reporter"),
    ];
    let rows: Vec<Vec<Cell>> = rows.iter().map(|r| vec![
        Cell::html(html! { <>{ domain_name(lang, &r.domain) }<br /><span class="muted">{ r.policy_types.join(", ") }</span></> }, SortKey::Text(r.domain.clone())),
        Cell::num(r.successful as f64, lang.number(r.successful)),
        Cell::num(r.failed as f64, format!("{} ({})", lang.number(r.failed), rate(lang, r.failure_rate))),
        Cell::text(r.failure_types.iter().map(|t| format!("{} ({})", t.result_type, lang.number(t.sessions))).collect::<Vec<_>>().join(", ")),
        Cell::text(r.mx_hosts.join(", ")),
        Cell::text(r.reporters.join(", ")),
    ]).collect();
    html! {
        <section aria-labelledby="tls-title">
            <h2 id="tls-title">{ lang.t("dash.tls_title") }</h2>
            <SortableTable id={ids::reports::TLS} caption={lang.t("dash.tls_title")} {headers} rows={Rc::new(rows)} initial_sort={Some(2)} />
        </section>
    }
}

/// The raw records of one source, with the reports they came from.
pub fn records(
    lang: Lang,
    label: &str,
    records: Option<&Rc<Vec<RecordDetail>>>,
    onclose: Callback<MouseEvent>,
) -> Html {
    let body = match records {
        None => html! { <p>{ lang.t("dash.loading") }</p> },
        Some(records) => {
            let headers = vec![
                lang.t("dash.col_report"),
                lang.t("dash.col_messages"),
                lang.t("dash.col_evaluated"),
                lang.t("dash.col_from"),
                lang.t("dash.col_dkim"),
                lang.t("dash.col_spf"),
            ];
            let rows: Vec<Vec<Cell>> = records.iter().map(|r| {
                let s = &r.shape;
                let evaluated = format!(
                    "{} · dkim {} · spf {}{}",
                    s.disposition.as_ref().map_or("–", |d| d.as_str()),
                    s.dkim.as_ref().map_or("–", |d| d.as_str()),
                    s.spf.as_ref().map_or("–", |d| d.as_str()),
                    s.reasons.iter().map(|(t, c)| format!(" · {}{}", t.as_ref().map_or("?", |t| t.as_str()),
                        c.as_ref().map(|c| format!(": {c}")).unwrap_or_default())).collect::<String>(),
                );
                let dkim = s.dkim_auth.iter().map(|d| format!("{} ({}) {}",
                    d.domain.as_deref().unwrap_or("–"), d.selector.as_deref().unwrap_or("–"),
                    d.result.as_ref().map_or("–", |x| x.as_str()))).collect::<Vec<_>>().join("; ");
                let spf = s.spf_auth.iter().map(|d| format!("{} {} {}",
                    d.domain.as_deref().unwrap_or("–"), d.scope.as_ref().map_or("", |x| x.as_str()),
                    d.result.as_ref().map_or("–", |x| x.as_str()))).collect::<Vec<_>>().join("; ");
                let period = r.begin.map(|b| lang.date(b)).unwrap_or_else(|| "–".to_owned());
                vec![
                    Cell::html(html! { <>{ &r.reporter }{ " · " }{ period }<br />
                        <span class="muted">{ r.report_id.clone().unwrap_or_default() }{ " · " }{ &r.file }</span></> },
                        SortKey::Num(r.begin.unwrap_or_default() as f64)),
                    Cell::num(r.count as f64, lang.number(r.count)),
                    Cell::text(evaluated),
                    Cell::text(format!("{} / {}", s.header_from.as_deref().unwrap_or("–"), s.envelope_from.as_deref().unwrap_or("–"))),
                    Cell::text(if dkim.is_empty() { "–".to_owned() } else { dkim }),
                    Cell::text(if spf.is_empty() { "–".to_owned() } else { spf }),
                ]
            }).collect();
            html! { <SortableTable caption={lang.t_args("dash.records_of", &[("source", label.into())])} {headers} rows={Rc::new(rows)} initial_sort={Some(0)} /> }
        }
    };
    html! {
        <section class="records" id={ids::reports::RECORDS} aria-labelledby="records-title" tabindex="-1">
            <div class="records-head">
                <h2 id="records-title">{ lang.t_args("dash.records_of", &[("source", label.into())]) }</h2>
                <button type="button" onclick={onclose}>{ lang.t("dash.close") }</button>
            </div>
            { body }
        </section>
    }
}
