//! The later steps: report destinations, alignment, failure-report options,
//! the RFC 7489 report format and interval, and SPF-only senders.

use dmarc_core::record::{Alignment, BuildError, FailureOption, TagSet};
use yew::prelude::*;

use super::state::{Action, AlignmentTag, InputProblem, ReportKind};
use super::steps::{step, StepProps};
use super::widgets::{on_check, on_text, t_map, RadioGroup, RadioOption, TagHelp};
use crate::ids::builder as ids;

/// Step 6: `rua` and `ruf`, with optional size limits.
#[function_component(ReportsStep)]
pub fn reports_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let body = html! {
        <>
            { destinations(props, ReportKind::Aggregate) }
            { destinations(props, ReportKind::Failure) }
            if !props.authorizations.is_empty() {
                <div class="external-note">
                    <p>{ lang.t("builder.step.reports.external") }</p>
                    { for props.authorizations.iter().map(|a| html! {
                        <pre class="copy-text" tabindex="0">{ a.clone() }</pre>
                    }) }
                </div>
            }
        </>
    };
    step(
        6,
        "step-reports",
        lang.t("builder.step.reports.title"),
        html! { <p class="step-help">{ lang.t("builder.step.reports.help") }</p> },
        body,
    )
}

fn destinations(props: &StepProps, kind: ReportKind) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let tag = kind.tag();
    let sizes = s.tag_set == TagSet::Rfc7489;
    let problems = s.input_problems();
    let bad_address = match &props.error {
        Some(BuildError::InvalidAddress { address }) => Some(address.clone()),
        _ => None,
    };
    let placeholder = dmarc_core::record::normalise_domain(&s.domain)
        .map_or_else(|| "dmarc@example.com".to_owned(), |d| format!("dmarc@{d}"));
    let rows = s.rows(kind).iter().enumerate().map(|(i, d)| {
        let n = (i + 1).to_string();
        let address_id = ids::address(tag, i);
        let size_id = ids::size(tag, i);
        let address_error = ids::error(&address_id);
        let size_error = ids::error(&size_id);
        let invalid_address = bad_address
            .as_deref()
            .filter(|a| !d.address.trim().is_empty() && a.trim() == d.address.trim());
        let size_problem = problems.iter().find(|p| {
            matches!(p, InputProblem::Size { kind: k, index, .. } if *k == kind && *index == i)
        });
        let on_address = on_text(
            props
                .onaction
                .reform(move |v| Action::AddressEdited(kind, i, v)),
        );
        let on_size = on_text(props.onaction.reform(move |v| Action::SizeEdited(kind, i, v)));
        let on_remove = props
            .onaction
            .reform(move |_: MouseEvent| Action::DestinationRemoved(kind, i));
        html! {
            <li class="destination">
                <div class="field">
                    <label for={address_id.clone()}>
                        { lang.t_args("builder.ui.address_label", &[("n", n.as_str().into())]) }
                    </label>
                    <input id={address_id} type="email" autocomplete="off" spellcheck="false"
                        placeholder={placeholder.clone()}
                        value={d.address.clone()} oninput={on_address}
                        aria-invalid={invalid_address.is_some().then_some("true")}
                        aria-describedby={invalid_address.is_some().then(|| address_error.clone())} />
                    if let Some(a) = invalid_address {
                        <p class="field-error" id={address_error}>
                            { lang.t_args("builder.error.invalid_address", &[("address", a.into())]) }
                        </p>
                    }
                </div>
                if sizes {
                    <div class="field field-size">
                        <label for={size_id.clone()}>{ lang.t("builder.ui.size_label") }</label>
                        <input id={size_id} type="text" class="input-short" autocomplete="off"
                            spellcheck="false" placeholder="10m" value={d.size.clone()} oninput={on_size}
                            aria-invalid={size_problem.is_some().then_some("true")}
                            aria-describedby={size_problem.is_some().then(|| size_error.clone())} />
                        if let Some(p) = size_problem {
                            <p class="field-error" id={size_error}>
                                { lang.t_args(p.key(), &[("value", p.text().into())]) }
                            </p>
                        }
                    </div>
                }
                <button type="button" class="remove-button" onclick={on_remove}>
                    { lang.t_args("builder.ui.remove_address", &[("n", n.as_str().into())]) }
                </button>
            </li>
        }
    });
    let on_add = props
        .onaction
        .reform(move |_: MouseEvent| Action::DestinationAdded(kind));
    html! {
        <fieldset class="choice-group destinations-group">
            <legend>{ lang.t(&format!("tag.{tag}.name")) }{ " (" }<code>{ tag }</code>{ ")" }</legend>
            <TagHelp {lang} tag={tag} />
            if sizes {
                <p class="field-note">{ lang.t("builder.step.reports.size") }</p>
            }
            <ul class="destinations">{ for rows }</ul>
            <button type="button" class="add-button" onclick={on_add}>
                { lang.t(&format!("builder.ui.add_{tag}")) }
            </button>
        </fieldset>
    }
}

/// Step 7: `adkim` and `aspf`.
#[function_component(AlignmentStep)]
pub fn alignment_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let group = |which: AlignmentTag, selected: Alignment| {
        let tag = which.tag();
        let options = Alignment::ALL
            .iter()
            .map(|a| RadioOption {
                value: a.as_str().into(),
                label: lang.t(&format!("tag.{tag}.value.{}", a.as_str())).into(),
            })
            .collect::<Vec<_>>();
        let onchoose = props.onaction.reform(move |v: String| {
            Action::AlignmentChosen(which, Alignment::parse(&v).unwrap_or_default())
        });
        html! {
            <RadioGroup name={tag} legend={lang.t(&format!("tag.{tag}.name"))} {options}
                selected={selected.as_str()} {onchoose}>
                <TagHelp {lang} tag={tag} />
            </RadioGroup>
        }
    };
    let domain = dmarc_core::record::normalise_domain(&props.state.domain)
        .unwrap_or_else(|| "example.com".to_owned());
    let verdict = |a: Alignment| match a {
        Alignment::Relaxed => lang.t("builder.ui.alignment_counts"),
        Alignment::Strict => lang.t("builder.ui.alignment_not_counts"),
    };
    let example = lang.t_args(
        "builder.ui.alignment_example",
        &[
            ("domain", domain.as_str().into()),
            ("dkim", verdict(props.state.adkim).into()),
            ("spf", verdict(props.state.aspf).into()),
        ],
    );
    let body = html! {
        <>
            { group(AlignmentTag::Dkim, props.state.adkim) }
            { group(AlignmentTag::Spf, props.state.aspf) }
            <p class="alignment-example" id={ids::ALIGNMENT_EXAMPLE}>{ example }</p>
        </>
    };
    step(
        7,
        "step-alignment",
        lang.t("builder.step.alignment.title"),
        html! { <p class="step-help">{ lang.t("builder.step.alignment.help") }</p> },
        body,
    )
}

/// Step 8: `fo`.
#[function_component(FailureOptionsStep)]
pub fn failure_options_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let boxes = FailureOption::ALL.iter().map(|o| {
        let o = *o;
        let id = ids::choice("fo", o.as_str());
        let onchange = on_check(
            props
                .onaction
                .reform(move |on| Action::FailureOptionToggled(o, on)),
        );
        html! {
            <div class="check">
                <input type="checkbox" id={id.clone()} checked={s.fo.contains(&o)} {onchange} />
                <label for={id}>{ lang.t(&format!("tag.fo.value.{}", o.as_str())) }</label>
            </div>
        }
    });
    let no_ruf = s.ruf.iter().all(|d| d.address.trim().is_empty());
    let body = html! {
        <fieldset class="choice-group">
            <legend>{ lang.t("tag.fo.name") }{ " (" }<code>{ "fo" }</code>{ ")" }</legend>
            <TagHelp {lang} tag="fo" />
            if no_ruf {
                <p class="field-note">{ lang.t("builder.ui.fo_without_ruf") }</p>
            }
            <div class="choices">{ for boxes }</div>
        </fieldset>
    };
    step(
        8,
        "step-fo",
        lang.t("builder.step.failure_options.title"),
        html! { <p class="step-help">{ lang.t("builder.step.failure_options.help") }</p> },
        body,
    )
}

/// Step 9: `rf` and `ri` (RFC 7489 only).
#[function_component(ReportFormatStep)]
pub fn report_format_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let body = if s.tag_set == TagSet::Rfc7489 {
        let problem = s
            .input_problems()
            .into_iter()
            .find(|p| matches!(p, InputProblem::Ri(_)));
        let ri_error = ids::error(ids::RI);
        let oninput = on_text(props.onaction.reform(Action::RiEdited));
        html! {
            <>
                <TagHelp {lang} tag="rf" />
                <TagHelp {lang} tag="ri" />
                <div class="field">
                    <label for={ids::RI}>{ lang.t("builder.ui.ri_label") }</label>
                    <input id={ids::RI} type="number" min="1" step="1" inputmode="numeric"
                        class="input-short" placeholder="86400" value={s.ri.clone()} {oninput}
                        aria-invalid={problem.is_some().then_some("true")}
                        aria-describedby={problem.is_some().then(|| ri_error.clone())} />
                    if let Some(p) = &problem {
                        <p class="field-error" id={ri_error}>
                            { lang.t_args(p.key(), &[("value", p.text().into())]) }
                        </p>
                    }
                </div>
            </>
        }
    } else {
        html! { <p class="field-note">{ lang.t("builder.ui.rf_ri_removed") }</p> }
    };
    step(
        9,
        "step-report-format",
        lang.t("builder.step.report_format.title"),
        html! { <p class="step-help">{ lang.t("builder.step.report_format.help") }</p> },
        body,
    )
}

/// Step 10: a sender relying on SPF alone.
#[function_component(SpfOnlyStep)]
pub fn spf_only_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let onchange = on_check(props.onaction.reform(Action::SpfOnlyToggled));
    let body = html! {
        <div class="check">
            <input id={ids::SPF_ONLY} type="checkbox" checked={props.state.spf_only} {onchange} />
            <label for={ids::SPF_ONLY}>{ lang.t("builder.step.spf_only.title") }</label>
        </div>
    };
    step(
        10,
        "step-spf-only",
        lang.t("builder.step.spf_only.title"),
        html! { <p class="step-help">{ lang.t("builder.step.spf_only.help") }</p> },
        body,
    )
}

/// The message of a build error, for the output panel.
pub fn build_error_text(lang: crate::i18n::Lang, e: &BuildError) -> String {
    t_map(lang, &e.key(), &e.args())
}
