//! Sender set-up help: the DNS records that make Amazon SES (and Google
//! Workspace, Microsoft 365) pass DMARC, from what their consoles show.

use dmarc_core::record::setup::SES_REGIONS;
use dmarc_core::record::{
    google_workspace_records, microsoft_365_records, ses_records, DnsRecord, SesInput, SetupError,
};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::state::{Action, CopyTarget, Provider, SetupField, SetupForm};
use super::widgets::{on_text, t_map, Copyable, RadioGroup, RadioOption};
use crate::i18n::Lang;
use crate::ids::builder as ids;

/// Properties of [`Setup`].
#[derive(Properties, PartialEq)]
pub struct SetupProps {
    /// The interface language.
    pub lang: Lang,
    /// The helper's fields.
    pub form: SetupForm,
    /// The builder's domain, used when the helper's is empty.
    pub builder_domain: AttrValue,
    /// What was just copied.
    pub copied: Option<CopyTarget>,
    /// Where the helper sends edits.
    pub onaction: Callback<Action>,
    /// Called to copy a text.
    pub oncopy: Callback<(CopyTarget, String)>,
}

/// The records for the form, `None` while required fields are empty.
pub fn records(
    form: &SetupForm,
    builder_domain: &str,
) -> Option<Result<Vec<DnsRecord>, SetupError>> {
    let domain = Some(form.domain.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or(builder_domain.trim());
    if domain.is_empty() {
        return None;
    }
    match form.provider {
        Provider::Ses => {
            if form.tokens.iter().all(|t| t.trim().is_empty()) {
                return None;
            }
            Some(ses_records(&SesInput {
                domain: domain.to_owned(),
                region: form.region.clone(),
                mail_from: form.mail_from.clone(),
                dkim_tokens: form.tokens.to_vec(),
            }))
        }
        Provider::Google => Some(google_workspace_records(domain, &form.google_dkim)),
        Provider::Microsoft => Some(microsoft_365_records(domain)),
    }
}

/// The set-up helper.
#[function_component(Setup)]
pub fn setup(props: &SetupProps) -> Html {
    let lang = props.lang;
    let form = &props.form;
    let result = {
        let deps = (form.clone(), props.builder_domain.clone());
        use_memo(deps, |(form, domain)| records(form, domain))
    };
    let edit = |field: SetupField| {
        on_text(
            props
                .onaction
                .reform(move |v| Action::SetupEdited(field, v)),
        )
    };
    let options = Provider::ALL
        .iter()
        .map(|p| RadioOption {
            value: p.id().into(),
            label: lang.t(&format!("setup.{}.title", p.id())).into(),
        })
        .collect::<Vec<_>>();
    let onchoose = props.onaction.reform(|v: String| {
        let p = Provider::ALL
            .into_iter()
            .find(|p| p.id() == v)
            .unwrap_or_default();
        Action::ProviderChosen(p)
    });
    let on_region = props.onaction.reform(|e: Event| {
        Action::SetupEdited(
            SetupField::Region,
            e.target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default(),
        )
    });
    let on_google = props.onaction.reform(|e: InputEvent| {
        Action::SetupEdited(
            SetupField::GoogleDkim,
            e.target_dyn_into::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default(),
        )
    });
    let provider_fields = match form.provider {
        Provider::Ses => html! {
            <>
                <div class="field">
                    <label for={ids::SETUP_REGION}>{ lang.t("setup.ses.region") }</label>
                    <select id={ids::SETUP_REGION} onchange={on_region}>
                        { for SES_REGIONS.iter().map(|r| html! {
                            <option value={*r} selected={form.region == *r}>{ *r }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for={ids::SETUP_MAIL_FROM}>{ lang.t("setup.ses.mail_from") }</label>
                    <input id={ids::SETUP_MAIL_FROM} type="text" autocomplete="off" spellcheck="false"
                        value={form.mail_from.clone()} oninput={edit(SetupField::MailFrom)} />
                </div>
                <fieldset class="choice-group">
                    <legend>{ lang.t("setup.ses.tokens") }</legend>
                    { for (0..3).map(|i| html! {
                        <div class="field">
                            <label for={ids::token(i)}>
                                { lang.t_args("builder.ui.setup_token", &[("n", (i + 1).to_string().into())]) }
                            </label>
                            <input id={ids::token(i)} type="text" autocomplete="off" spellcheck="false"
                                class="input-token" value={form.tokens[i].clone()}
                                oninput={edit(SetupField::Token(i))} />
                        </div>
                    }) }
                </fieldset>
            </>
        },
        Provider::Google => html! {
            <div class="field">
                <label for={ids::SETUP_GOOGLE_DKIM}>{ lang.t("builder.ui.setup_google_dkim") }</label>
                <textarea id={ids::SETUP_GOOGLE_DKIM} rows="3" spellcheck="false"
                    value={form.google_dkim.clone()} oninput={on_google} />
            </div>
        },
        Provider::Microsoft => html! {
            <p class="field-note" id={ids::SETUP_MICROSOFT_DKIM}>{ lang.t("setup.microsoft.dkim_copy") }</p>
        },
    };
    let output = match result.as_ref() {
        None => html! { <p class="field-note">{ lang.t("builder.ui.setup_waiting") }</p> },
        Some(Err(e)) => html! {
            <p class="field-error" role="alert">{ t_map(lang, &e.key(), &e.args()) }</p>
        },
        Some(Ok(list)) => html! {
            <ul class="setup-list">
                { for list.iter().enumerate().map(|(i, r)| html! {
                    <li class="setup-record">
                        <Copyable {lang} label={lang.t(&r.purpose)}
                            id={format!("{}-{i}", ids::SETUP_RECORDS)}
                            button_id={ids::copy(ids::SETUP_RECORDS, i)}
                            text={r.zone_line()}
                            copied={props.copied == Some(CopyTarget::Setup(i))}
                            oncopy={props.oncopy.reform(move |t: String| (CopyTarget::Setup(i), t))} />
                        <dl class="record-place">
                            <dt>{ lang.t("builder.ui.setup_name") }</dt><dd><code>{ r.name.clone() }</code></dd>
                            <dt>{ lang.t("builder.ui.setup_type") }</dt><dd><code>{ r.rtype.clone() }</code></dd>
                            if let Some(p) = r.priority {
                                <dt>{ lang.t("builder.ui.setup_priority") }</dt><dd><code>{ p }</code></dd>
                            }
                            <dt>{ lang.t("builder.output.value") }</dt><dd><code>{ r.value.clone() }</code></dd>
                        </dl>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section id={ids::SETUP} class="setup" aria-labelledby="setup-title">
            <h2 id="setup-title">{ lang.t("setup.title") }</h2>
            <p>{ lang.t("builder.ui.setup_help") }</p>
            <RadioGroup name="provider" legend={lang.t("builder.ui.setup_provider")} {options}
                selected={form.provider.id()} {onchoose} />
            <p class="step-help">{ lang.t(&format!("setup.{}.intro", form.provider.id())) }</p>
            <div class="field">
                <label for={ids::SETUP_DOMAIN}>{ lang.t("builder.ui.setup_domain") }</label>
                <input id={ids::SETUP_DOMAIN} type="text" autocomplete="off" spellcheck="false"
                    placeholder={dmarc_core::record::normalise_domain(&props.builder_domain)
                        .unwrap_or_else(|| "example.com".to_owned())}
                    value={form.domain.clone()} oninput={edit(SetupField::Domain)} />
            </div>
            { provider_fields }
            <div id={format!("{}-result", ids::SETUP_RECORDS)} class="setup-result" aria-live="polite">
                { output }
            </div>
        </section>
    }
}
