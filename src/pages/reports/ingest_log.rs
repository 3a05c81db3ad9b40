//! Progress of the current batch, and the log of every file's outcome.

use std::rc::Rc;

use dmarc_core::error::ErrorKind;
use dmarc_core::ingest::{FileStatus, PayloadNote};
use dmarc_core::report::NoteCode;
use dmarc_core::session::FileSummary;
use yew::prelude::*;

use super::state::{LogEntry, LogOutcome, Progress};
use crate::components::details::use_details_toggle;
use crate::i18n::{Lang, PayloadMessage};
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
    let label = lang.t_count(
        "reports.progress",
        u64::from(p.files_total),
        &[
            ("done", lang.number(u64::from(p.files_done)).into()),
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
#[derive(Properties)]
pub struct IngestLogProps {
    /// The language.
    pub lang: Lang,
    /// The entries, oldest first.
    pub entries: Vec<Rc<LogEntry>>,
}

/// Entries are shared with the page's state and replaced, never changed in
/// place: the same pointers are the same log, without comparing thousands
/// of names.
impl PartialEq for IngestLogProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

/// Every file with its outcome; errors and notes in the chosen language.
#[function_component(IngestLog)]
pub fn ingest_log(props: &IngestLogProps) -> Html {
    let lang = props.lang;
    // None until the person opens or closes it: open for a few files.
    let (toggled, ontoggle) = use_details_toggle();
    let show_all = use_state(|| false);
    if props.entries.is_empty() {
        return html! {};
    }
    let open = toggled.unwrap_or(props.entries.len() <= 20);
    // Rows are built only while the log is open, and a long log shows its
    // problems and its newest lines until asked for everything: a folder of
    // thousands of files must not cost the page a render of thousands of
    // rows for every file read.
    let total = props.entries.len();
    let newest_from = total.saturating_sub(LOG_PAGE);
    let shown: Vec<&LogEntry> = if *show_all {
        props.entries.iter().map(|e| &**e).collect()
    } else {
        props
            .entries
            .iter()
            .enumerate()
            .filter(|(i, e)| *i >= newest_from || is_problem(&e.outcome))
            .map(|(_, e)| &**e)
            .collect()
    };
    let onshowall = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <details class="ingest-log" {open} {ontoggle}>
            <summary>{ lang.t_count("reports.log_title", total as u64, &[]) }</summary>
            if open {
                <table id={ids::reports::LOG}>
                    <thead>
                        <tr>
                            <th scope="col">{ lang.t("reports.log_file") }</th>
                            <th scope="col">{ lang.t("reports.log_size") }</th>
                            <th scope="col">{ lang.t("reports.log_outcome") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for shown.iter().map(|e| row(lang, e)) }
                    </tbody>
                </table>
                if shown.len() < total {
                    <button type="button" class="link show-all" onclick={onshowall}>
                        { lang.t_args("dash.show_all_rows", &[
                            ("shown", lang.number(shown.len() as u64).into()),
                            ("total", lang.number(total as u64).into()),
                        ]) }
                    </button>
                }
            }
        </details>
    }
}

/// Lines a long log shows before "show all": the newest, and every problem.
const LOG_PAGE: usize = 100;

fn is_problem(outcome: &LogOutcome) -> bool {
    match outcome {
        LogOutcome::Unreadable(_) => true,
        LogOutcome::Done(s) | LogOutcome::Restored(s) => {
            s.status == FileStatus::Rejected || !s.errors.is_empty()
        }
        LogOutcome::Pending | LogOutcome::Cancelled => false,
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
    let aggregate = summary
        .new_reports
        .saturating_sub(summary.failure_reports + summary.tls_reports);
    let mut others = Vec::new();
    if summary.failure_reports > 0 {
        others.push(lang.t_count(
            "reports.outcome_failure_reports",
            summary.failure_reports as u64,
            &[],
        ));
    }
    if summary.tls_reports > 0 {
        others.push(lang.t_count(
            "reports.outcome_tls_reports",
            summary.tls_reports as u64,
            &[],
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
            (
                "reports",
                lang.t_count("count.reports", aggregate as u64, &[]).into(),
            ),
            (
                "records",
                lang.t_count("count.records", summary.records as u64, &[])
                    .into(),
            ),
            (
                "messages",
                lang.t_count("count.messages", summary.messages, &[]).into(),
            ),
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
            let notes = shown_notes(summary);
            let head = match summary.status {
                FileStatus::Parsed => parsed(lang, summary),
                FileStatus::Duplicate => lang.t_count(
                    "reports.outcome_duplicate",
                    summary.duplicate_reports as u64,
                    &[],
                ),
                FileStatus::Rejected => lang.t("reports.outcome_rejected"),
            };
            let class = summary.status.code();
            let html = html! {
                <>
                    <span class="outcome-head">{ head }</span>
                    if restored { <span class="tag">{ lang.t("reports.outcome_restored") }</span> }
                    if summary.duplicate_reports > 0 && summary.status == FileStatus::Parsed {
                        { " " }<span class="detail">{ lang.t_count("reports.outcome_some_duplicates",
                            summary.duplicate_reports as u64, &[]) }</span>
                    }
                    if !summary.errors.is_empty() {
                        <ul class="errors">
                            { for summary.errors.iter().map(|e| message(lang, &lang.ingest_error(e))) }
                        </ul>
                    }
                    if !notes.is_empty() {
                        <details class="notes">
                            <summary>{ lang.t_count("reports.notes", notes.len() as u64, &[]) }</summary>
                            <ul>
                                { for notes.iter().map(|n| message(lang, &lang.ingest_note(n))) }
                            </ul>
                        </details>
                    }
                </>
            };
            (class, html)
        }
    }
}

/// The notes worth showing: a payload that is not a report is both a note
/// and, when the file holds nothing else, the error; the note would only say
/// the error again.
fn shown_notes(summary: &FileSummary) -> Vec<&PayloadNote> {
    let repeats_an_error = |n: &PayloadNote| {
        matches!(
            n.note.code,
            NoteCode::NotAReport(_) | NoteCode::NotDmarcFailure
        ) && summary
            .errors
            .iter()
            .any(|e| e.layers == n.layers && matches!(e.kind, ErrorKind::NotAReport { .. }))
    };
    summary
        .notes
        .iter()
        .filter(|n| !repeats_an_error(n))
        .collect()
}

/// One error or note: where (the file and layers, or the layers), the
/// sentence, and the untranslated specific apart, in its own language.
fn message(lang: Lang, m: &PayloadMessage) -> Html {
    html! {
        <li>
            if !m.place.is_empty() { <span class="place">{ &m.place }</span>{ " " } }
            <span class="message">{ &m.text }</span>
            if let Some(specific) = &m.specific {
                { lang.t("ingest.specific_sep") }
                <span class="specific" lang={m.specific_lang}>{ specific }</span>
            } else {
                { lang.t("ingest.full_stop") }
            }
        </li>
    }
}
