//! Progress of the current batch, and the log of every file's outcome.

use dmarc_core::ingest::FileStatus;
use dmarc_core::session::FileSummary;
use yew::prelude::*;

use super::state::{LogEntry, LogOutcome, Progress};
use crate::i18n::Lang;
use crate::ids;

/// Properties of [`ProgressBar`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The language.
    pub lang: Lang,
    /// Files and bytes.
    pub progress: Progress,
    /// Whether inputs are still queued or being read.
    pub busy: bool,
    /// Cancel the rest of the batch.
    pub oncancel: Callback<()>,
}

/// Files and bytes done, with a cancel button while busy.
#[function_component(ProgressBar)]
pub fn progress_bar(props: &ProgressProps) -> Html {
    let lang = props.lang;
    let p = props.progress;
    if p.files_total == 0 {
        return html! {};
    }
    let label = lang.t_args(
        "reports.progress",
        &[
            ("done", lang.number(u64::from(p.files_done)).into()),
            ("total", lang.number(u64::from(p.files_total)).into()),
            ("bytes_done", lang.bytes(p.bytes_done).into()),
            ("bytes_total", lang.bytes(p.bytes_total).into()),
        ],
    );
    let oncancel = props.oncancel.reform(|_: MouseEvent| ());
    html! {
        <div id={ids::reports::PROGRESS} class="progress" role="status" aria-live="polite">
            <label for="ingest-progress-bar">{ label }</label>
            <progress id="ingest-progress-bar" max={p.bytes_total.max(1).to_string()}
                      value={p.bytes_done.to_string()}></progress>
            if props.busy {
                <button id={ids::reports::CANCEL} type="button" onclick={oncancel}>{ lang.t("reports.cancel") }</button>
            } else {
                <span class="progress-done">{ lang.t("reports.progress_done") }</span>
            }
        </div>
    }
}

/// Properties of [`IngestLog`].
#[derive(Properties, PartialEq)]
pub struct IngestLogProps {
    /// The language.
    pub lang: Lang,
    /// The entries, oldest first.
    pub entries: Vec<LogEntry>,
}

/// Every file with its outcome; rejections with the core's message.
#[function_component(IngestLog)]
pub fn ingest_log(props: &IngestLogProps) -> Html {
    let lang = props.lang;
    if props.entries.is_empty() {
        return html! {};
    }
    html! {
        <details class="ingest-log" open={props.entries.len() <= 20}>
            <summary>{ lang.t_args("reports.log_title", &[("n", lang.number(props.entries.len() as u64).into())]) }</summary>
            <table id={ids::reports::LOG}>
                <thead>
                    <tr>
                        <th scope="col">{ lang.t("reports.log_file") }</th>
                        <th scope="col">{ lang.t("reports.log_size") }</th>
                        <th scope="col">{ lang.t("reports.log_outcome") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.entries.iter().map(|e| row(lang, e)) }
                </tbody>
            </table>
        </details>
    }
}

fn row(lang: Lang, entry: &LogEntry) -> Html {
    let (class, outcome) = outcome_cell(lang, &entry.outcome);
    html! {
        <tr class={class}>
            <td class="file-name">{ &entry.name }</td>
            <td class="num">{ lang.bytes(entry.size) }</td>
            <td>{ outcome }</td>
        </tr>
    }
}

/// What a parsed file held: aggregate reports with their records and
/// messages, then failure and SMTP TLS reports, which have neither.
fn parsed(lang: Lang, summary: &FileSummary) -> String {
    let n = |count: usize| lang.number(count as u64);
    let aggregate = summary
        .new_reports
        .saturating_sub(summary.failure_reports + summary.tls_reports);
    let mut others = Vec::new();
    if summary.failure_reports > 0 {
        others.push(lang.t_args(
            "reports.outcome_failure_reports",
            &[("n", n(summary.failure_reports).into())],
        ));
    }
    if summary.tls_reports > 0 {
        others.push(lang.t_args(
            "reports.outcome_tls_reports",
            &[("n", n(summary.tls_reports).into())],
        ));
    }
    let separator = lang.t("reports.list_separator");
    if aggregate == 0 && !others.is_empty() {
        return lang.t_args(
            "reports.outcome_parsed_other",
            &[("list", others.join(&separator).into())],
        );
    }
    let head = lang.t_args(
        "reports.outcome_parsed",
        &[
            ("reports", n(aggregate).into()),
            ("records", n(summary.records).into()),
            ("messages", lang.number(summary.messages).into()),
        ],
    );
    std::iter::once(head)
        .chain(others)
        .collect::<Vec<_>>()
        .join(&separator)
}

fn outcome_cell(lang: Lang, outcome: &LogOutcome) -> (&'static str, Html) {
    match outcome {
        LogOutcome::Pending => ("pending", html! { lang.t("reports.outcome_pending") }),
        LogOutcome::Cancelled => ("cancelled", html! { lang.t("reports.outcome_cancelled") }),
        LogOutcome::Unreadable(message) => (
            "rejected",
            html! { <>{ lang.t("reports.outcome_unreadable") }{ ": " }<span class="detail">{ message }</span></> },
        ),
        LogOutcome::Done(summary) | LogOutcome::Restored(summary) => {
            let restored = matches!(outcome, LogOutcome::Restored(_));
            let notes = summary.notes.len();
            let head = match summary.status {
                FileStatus::Parsed => parsed(lang, summary),
                FileStatus::Duplicate => lang.t_args(
                    "reports.outcome_duplicate",
                    &[(
                        "reports",
                        lang.number(summary.duplicate_reports as u64).into(),
                    )],
                ),
                FileStatus::Rejected => lang.t("reports.outcome_rejected"),
            };
            let class = match summary.status {
                FileStatus::Parsed => "parsed",
                FileStatus::Duplicate => "duplicate",
                FileStatus::Rejected => "rejected",
            };
            let html = html! {
                <>
                    <span class="outcome-head">{ head }</span>
                    if restored { <span class="tag">{ lang.t("reports.outcome_restored") }</span> }
                    if summary.duplicate_reports > 0 && summary.status == FileStatus::Parsed {
                        { " " }<span class="detail">{ lang.t_args("reports.outcome_some_duplicates",
                            &[("n", lang.number(summary.duplicate_reports as u64).into())]) }</span>
                    }
                    if !summary.errors.is_empty() {
                        <ul class="errors">
                            { for summary.errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                        </ul>
                    }
                    if notes > 0 {
                        <details class="notes">
                            <summary>{ lang.t_args("reports.notes", &[("n", lang.number(notes as u64).into())]) }</summary>
                            <ul>
                                { for summary.notes.iter().map(|n| html! {
                                    <li><code>{ &n.note.code }</code>{ " " }{ &n.note.detail }
                                        if !n.layers.is_empty() { <span class="layers">{ format!(" ({})", n.layers.join(" › ")) }</span> }
                                    </li>
                                }) }
                            </ul>
                        </details>
                    }
                </>
            };
            (class, html)
        }
    }
}
