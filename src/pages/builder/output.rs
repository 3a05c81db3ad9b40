//! The builder's output: where the record goes, the TXT value and the
//! zone-file line with copy buttons, our own checker's verdict on them,
//! authorisation records for external report destinations, and notes on
//! DNS panels.

use std::rc::Rc;

use dmarc_core::record::builder::check_options;
use dmarc_core::record::{check_with, BuildError, BuilderChoices, BuiltRecord, Finding, Severity};
use yew::prelude::*;

use super::reports::build_error_text;
use super::state::CopyTarget;
use super::widgets::{count, Copyable, FindingList};
use crate::i18n::Lang;
use crate::ids::builder as ids;
use crate::services::suffix_list::ListState;

/// What our checker says when it reads the builder's output back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The value parses back to the record the builder made.
    pub same_policy: bool,
    /// Errors and warnings (none, for a correct builder).
    pub problems: Vec<Finding>,
    /// Information about the choices.
    pub notes: Vec<Finding>,
}

impl Verdict {
    /// Whether the record is clean: same policy, no error, no warning.
    pub fn is_clean(&self) -> bool {
        self.same_policy && self.problems.is_empty()
    }
}

/// Checks the built value with the options matching the choices.
pub fn verdict(built: &BuiltRecord, choices: &BuilderChoices) -> Verdict {
    let checked = check_with(&built.value, &check_options(choices, &built.domain));
    let (notes, problems) = checked
        .findings
        .into_iter()
        .partition(|f| f.severity == Severity::Info);
    Verdict {
        same_policy: checked.parsed.record == built.record,
        problems,
        notes,
    }
}

/// Properties of [`Output`].
#[derive(Properties, PartialEq)]
pub struct OutputProps {
    /// The interface language.
    pub lang: Lang,
    /// The built record and our checker's verdict on it, or why there is none.
    pub result: Rc<Result<(BuiltRecord, Verdict), BuildError>>,
    /// Whether the domain is still empty.
    pub waiting: bool,
    /// The Public Suffix List: the record waits for it.
    pub list: ListState,
    /// What was just copied.
    pub copied: Option<CopyTarget>,
    /// Whether the last copy failed.
    pub copy_failed: bool,
    /// Called to copy a text.
    pub oncopy: Callback<(CopyTarget, String)>,
}

/// The output panel.
#[function_component(Output)]
pub fn output(props: &OutputProps) -> Html {
    let lang = props.lang;
    let body = match (&*props.result, props.waiting) {
        (_, true) => {
            html! { <p class="output-waiting">{ lang.t("builder.ui.output_waiting") }</p> }
        }
        (Err(BuildError::SuffixListMissing), false) => list_pending(lang, &props.list),
        (Err(e), false) => html! {
            <div class="output-error" role="alert">
                <p>{ lang.t("builder.ui.output_fix") }</p>
                <p>{ build_error_text(lang, e) }</p>
            </div>
        },
        (Ok((built, verdict)), false) => record(props, built, verdict),
    };
    html! {
        <section id={ids::OUTPUT} class="output" aria-labelledby="output-title">
            <h2 id="output-title">{ lang.t("builder.output.title") }</h2>
            { body }
            <p class="copy-status" id={ids::COPY_STATUS} role="status">
                if props.copied.is_some() {
                    { lang.t("builder.output.copied") }
                } else if props.copy_failed {
                    { lang.t("builder.ui.copy_failed") }
                }
            </p>
        </section>
    }
}

/// The record waits for the Public Suffix List: loading, or why it failed.
fn list_pending(lang: Lang, list: &ListState) -> Html {
    match list {
        ListState::Failed(why) => html! {
            <div id={ids::LIST_STATUS} class="output-error" role="alert">
                <p>{ lang.t_args("builder.ui.list_failed", &[("error", why.as_str().into())]) }</p>
            </div>
        },
        ListState::Loading | ListState::Ready => html! {
            <p id={ids::LIST_STATUS} class="output-waiting">{ lang.t("builder.ui.list_loading") }</p>
        },
    }
}

fn record(props: &OutputProps, built: &BuiltRecord, verdict: &Verdict) -> Html {
    let lang = props.lang;
    let copy = |target: CopyTarget| props.oncopy.reform(move |text: String| (target, text));
    let verdict_html = if verdict.is_clean() {
        html! {
            <div id={ids::VERDICT} class="verdict verdict-clean">
                <p>{ lang.t("builder.ui.verdict_clean") }</p>
            </div>
        }
    } else {
        html! {
            <div id={ids::VERDICT} class="verdict verdict-problems">
                <p>{ lang.t_args("builder.ui.verdict_problems", &[
                    ("errors", count(&verdict.problems, Severity::Error).to_string().into()),
                    ("warnings", count(&verdict.problems, Severity::Warning).to_string().into()),
                ]) }</p>
                <FindingList {lang} findings={verdict.problems.clone()} />
            </div>
        }
    };
    html! {
        <>
            <dl class="record-place">
                <dt>{ lang.t("builder.output.name") }</dt>
                <dd><code id={ids::OUTPUT_NAME}>{ built.name.clone() }</code></dd>
                <dt>{ lang.t("builder.output.relative_name") }</dt>
                <dd><code>{ built.relative_name.clone() }</code></dd>
            </dl>
            <p class="record-type">{ lang.t("builder.output.type") }</p>
            <Copyable {lang} label={lang.t("builder.output.value")} id={ids::VALUE}
                button_id={ids::COPY_VALUE} text={built.value.clone()}
                copied={props.copied == Some(CopyTarget::Value)} oncopy={copy(CopyTarget::Value)} />
            <Copyable {lang} label={lang.t("builder.output.zone_line")} id={ids::ZONE_LINE}
                button_id={ids::COPY_ZONE_LINE} text={built.zone_line.clone()}
                copied={props.copied == Some(CopyTarget::ZoneLine)} oncopy={copy(CopyTarget::ZoneLine)} />
            if built.strings.len() > 1 {
                <p class="field-note">
                    { lang.t_args("builder.output.split", &[("count", built.strings.len().to_string().into())]) }
                </p>
            }
            { verdict_html }
            if !built.authorizations.is_empty() {
                <div id={ids::AUTHORIZATIONS} class="authorizations">
                    <h3>{ lang.t("builder.ui.authorizations_title") }</h3>
                    <p>{ lang.t("builder.step.reports.external") }</p>
                    { for built.authorizations.iter().enumerate().map(|(i, a)| html! {
                        <Copyable {lang} label={lang.t(&a.purpose)}
                            id={format!("{}-{i}", ids::AUTHORIZATIONS)}
                            button_id={ids::copy(ids::AUTHORIZATIONS, i)}
                            text={a.zone_line()}
                            copied={props.copied == Some(CopyTarget::Authorization(i))}
                            oncopy={copy(CopyTarget::Authorization(i))} />
                    }) }
                </div>
            }
            if !verdict.notes.is_empty() {
                <h3>{ lang.t("builder.output.notes") }</h3>
                <FindingList {lang} findings={verdict.notes.clone()} />
            }
            <h3>{ lang.t("builder.ui.panels_title") }</h3>
            <p class="field-note">{ lang.t("builder.output.panels") }</p>
        </>
    }
}
