//! The first steps of the builder: the domain, the standard, the policies
//! and how gradually to enforce them.

use std::rc::Rc;

use dmarc_core::record::{normalise_domain, BuildError, Policy, TagSet};
use yew::prelude::*;

use super::state::{Action, BuilderState};
use super::widgets::{on_check, on_text, t_map, RadioGroup, RadioOption, TagHelp};
use crate::i18n::Lang;
use crate::ids::builder as ids;

/// Properties shared by the builder's steps.
#[derive(Properties, PartialEq)]
pub struct StepProps {
    /// The interface language.
    pub lang: Lang,
    /// The page's state.
    pub state: Rc<BuilderState>,
    /// Where the step sends what the person does.
    pub onaction: Callback<Action>,
    /// Why the choices cannot make a record, if they cannot.
    #[prop_or_default]
    pub error: Option<BuildError>,
    /// The zone lines of the authorisation records external report
    /// destinations must publish (for the reports step).
    #[prop_or_default]
    pub authorizations: Vec<String>,
}

/// A numbered step: a section with a heading and its help.
pub fn step(number: u8, id: &str, title: String, help: Html, body: Html) -> Html {
    let heading = format!("{id}-title");
    html! {
        <section class="step" aria-labelledby={heading.clone()}>
            <h3 id={heading}><span class="step-number">{ number }</span>{ title }</h3>
            { help }
            { body }
        </section>
    }
}

fn policy_options(lang: Lang, tag: &str, same: Option<String>) -> Vec<RadioOption> {
    let mut out = Vec::new();
    if let Some(same) = same {
        out.push(RadioOption {
            value: "same".into(),
            label: same.into(),
        });
    }
    for p in Policy::ALL {
        out.push(RadioOption {
            value: p.as_str().into(),
            label: lang.t(&format!("tag.{tag}.value.{}", p.as_str())).into(),
        });
    }
    out
}

/// Step 1: the domain, normalised, and where the record goes.
#[function_component(DomainStep)]
pub fn domain_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let typed = props.state.domain.trim();
    let normalised = normalise_domain(typed);
    let error = props.error.as_ref().filter(|e| {
        !typed.is_empty()
            && matches!(
                e,
                BuildError::InvalidDomain { .. } | BuildError::PublicSuffix { .. }
            )
    });
    let error_id = ids::error(ids::DOMAIN);
    let help_id = format!("{}-help", ids::DOMAIN);
    let oninput = on_text(props.onaction.reform(Action::DomainEdited));
    let described = if error.is_some() {
        format!("{help_id} {error_id}")
    } else {
        format!("{help_id} {}", ids::DOMAIN_WHERE)
    };
    let body = html! {
        <div class="field">
            <label for={ids::DOMAIN}>{ lang.t("builder.ui.domain_label") }</label>
            <input id={ids::DOMAIN} type="text" inputmode="url" autocomplete="off" spellcheck="false"
                placeholder="example.com" value={props.state.domain.clone()} {oninput}
                aria-invalid={error.is_some().then_some("true")} aria-describedby={described} />
            if let Some(e) = error {
                <p class="field-error" id={error_id}>{ t_map(lang, &e.key(), &e.args()) }</p>
            } else if let Some(d) = normalised.as_ref().filter(|_| error.is_none()) {
                <div class="field-note" id={ids::DOMAIN_WHERE}>
                    if d != typed {
                        <p>{ lang.t_args("builder.ui.domain_normalised", &[("domain", d.into())]) }</p>
                    }
                    <p>{ lang.t_args("builder.step.domain.where", &[
                        ("name", format!("_dmarc.{d}").into()),
                        ("relative", "_dmarc".into()),
                    ]) }</p>
                </div>
            }
        </div>
    };
    step(
        1,
        "step-domain",
        lang.t("builder.step.domain.title"),
        html! { <p class="step-help" id={help_id}>{ lang.t("builder.step.domain.help") }</p> },
        body,
    )
}

/// Step 2: RFC 7489 or RFC 9989, with the differences spelled out.
#[function_component(TagSetStep)]
pub fn tag_set_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let options = TagSet::ALL
        .iter()
        .map(|t| RadioOption {
            value: t.as_str().into(),
            label: lang
                .t(&format!("builder.choice.tag_set.{}", t.as_str()))
                .into(),
        })
        .collect::<Vec<_>>();
    let onchoose = props
        .onaction
        .reform(|v: String| Action::TagSetChosen(TagSet::parse(&v).unwrap_or_default()));
    let help = html! {
        <>
            <p class="step-help">{ lang.t("builder.step.tag_set.help") }</p>
            <ul class="differences">
                { for ["pct", "t", "np", "rf_ri", "psd", "size"].iter().map(|k| html! {
                    <li>{ lang.t(&format!("builder.ui.difference.{k}")) }</li>
                }) }
            </ul>
        </>
    };
    let body = html! {
        <RadioGroup name="tag-set" legend={lang.t("builder.ui.tag_set_legend")} {options}
            selected={props.state.tag_set.as_str()} {onchoose} />
    };
    step(
        2,
        "step-tag-set",
        lang.t("builder.step.tag_set.title"),
        help,
        body,
    )
}

/// Step 3: `p`.
#[function_component(PolicyStep)]
pub fn policy_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let onchoose = props
        .onaction
        .reform(|v: String| Action::PolicyChosen(Policy::parse(&v).unwrap_or_default()));
    let body = html! {
        <RadioGroup name="p" legend={lang.t("tag.p.name")} options={policy_options(lang, "p", None)}
            selected={props.state.p.as_str()} {onchoose}>
            <TagHelp {lang} tag="p" />
        </RadioGroup>
    };
    step(
        3,
        "step-policy",
        lang.t("builder.step.policy.title"),
        html! { <p class="step-help">{ lang.t("builder.step.policy.help") }</p> },
        body,
    )
}

/// Step 4: `sp`, and `np` under RFC 9989.
#[function_component(SubdomainStep)]
pub fn subdomain_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let read = |v: String| if v == "same" { None } else { Policy::parse(&v) };
    let on_sp = props
        .onaction
        .reform(move |v: String| Action::SubdomainPolicyChosen(read(v)));
    let on_np = props
        .onaction
        .reform(move |v: String| Action::NonExistentPolicyChosen(read(v)));
    let selected = |p: Option<Policy>| p.map_or("same", |p| p.as_str());
    let body = html! {
        <>
            <RadioGroup name="sp" legend={lang.t("tag.sp.name")}
                options={policy_options(lang, "sp", Some(lang.t("builder.choice.same_as_p")))}
                selected={selected(s.sp)} onchoose={on_sp}>
                <TagHelp {lang} tag="sp" />
            </RadioGroup>
            if s.tag_set == TagSet::Rfc9989 {
                <RadioGroup name="np" legend={lang.t("tag.np.name")}
                    options={policy_options(lang, "np", Some(lang.t("builder.ui.np_same")))}
                    selected={selected(s.np)} onchoose={on_np}>
                    <TagHelp {lang} tag="np" />
                </RadioGroup>
            } else {
                <p class="field-note">{ lang.t("builder.ui.np_needs_rfc9989") }</p>
            }
        </>
    };
    step(
        4,
        "step-subdomains",
        lang.t("builder.step.subdomains.title"),
        html! { <p class="step-help">{ lang.t("builder.step.subdomains.help") }</p> },
        body,
    )
}

/// Step 5: `pct` (RFC 7489) or `t` (RFC 9989).
#[function_component(EnforcementStep)]
pub fn enforcement_step(props: &StepProps) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let rfc7489 = s.tag_set == TagSet::Rfc7489;
    let monitoring = s.p == Policy::None;
    let problem = s
        .input_problems()
        .into_iter()
        .find(|p| matches!(p, super::state::InputProblem::Pct(_)));
    let pct_error = ids::error(ids::PCT);
    let body = if rfc7489 {
        let oninput = on_text(props.onaction.reform(Action::PctEdited));
        html! {
            <div class="field">
                <TagHelp {lang} tag="pct" />
                <label for={ids::PCT}>{ lang.t("builder.ui.pct_label") }</label>
                <input id={ids::PCT} type="number" min="1" max="100" step="1" inputmode="numeric"
                    class="input-short" placeholder="100" value={s.pct.clone()} {oninput}
                    aria-invalid={problem.is_some().then_some("true")}
                    aria-describedby={problem.is_some().then(|| pct_error.clone())} />
                if let Some(p) = &problem {
                    <p class="field-error" id={pct_error}>
                        { lang.t_args(p.key(), &[("value", p.text().into())]) }
                    </p>
                }
                if monitoring {
                    <p class="field-note">{ lang.t("builder.ui.pct_with_none") }</p>
                }
            </div>
        }
    } else {
        let onchange = on_check(props.onaction.reform(Action::TestingToggled));
        html! {
            <div class="field">
                <TagHelp {lang} tag="t" />
                <div class="check">
                    <input id={ids::TESTING} type="checkbox" checked={s.testing} {onchange} />
                    <label for={ids::TESTING}>{ lang.t("builder.ui.testing_label") }</label>
                </div>
                if monitoring {
                    <p class="field-note">{ lang.t("builder.ui.testing_with_none") }</p>
                }
            </div>
        }
    };
    let help = if rfc7489 {
        "builder.step.enforcement.help_pct"
    } else {
        "builder.step.enforcement.help_t"
    };
    step(
        5,
        "step-enforcement",
        lang.t("builder.step.enforcement.title"),
        html! { <p class="step-help">{ lang.t(help) }</p> },
        body,
    )
}
