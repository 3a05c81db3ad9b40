//! Getting reports in: drop anywhere, pick files or a folder, paste XML, or
//! load the bundled samples.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;
use crate::services::files::{from_list, NamedFile};

/// Properties of [`Intake`].
#[derive(Properties, PartialEq)]
pub struct IntakeProps {
    /// The interface language.
    pub lang: Lang,
    /// Files were picked.
    pub onfiles: Callback<Vec<NamedFile>>,
    /// Text was pasted: (name, text).
    pub ontext: Callback<String>,
    /// The person asked for the sample reports.
    pub onsamples: Callback<()>,
    /// A drag is over the page.
    pub dragging: bool,
}

/// The intake panel.
#[function_component(Intake)]
pub fn intake(props: &IntakeProps) -> Html {
    let lang = props.lang;
    let paste_ref = use_node_ref();
    let on_pick = {
        let onfiles = props.onfiles.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                onfiles.emit(from_list(input.files()));
                input.set_value("");
            }
        })
    };
    let on_paste_submit = {
        let ontext = props.ontext.clone();
        let paste_ref = paste_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    ontext.emit(text);
                    area.set_value("");
                }
            }
        })
    };
    let on_samples = props.onsamples.reform(|_: MouseEvent| ());
    html! {
        <section id={ids::reports::DROP_ZONE} class={classes!("intake", props.dragging.then_some("dragging"))}
                 aria-labelledby="intake-title">
            <h2 id="intake-title">{ lang.t("reports.intake_title") }</h2>
            <p class="intake-hint">{ lang.t("reports.intake_hint") }</p>
            <div class="intake-actions">
                <label class="button primary" for={ids::reports::FILE_INPUT}>{ lang.t("reports.pick_files") }</label>
                <input id={ids::reports::FILE_INPUT} class="visually-hidden-input" type="file" multiple=true
                       accept=".xml,.gz,.zip,.eml,.mbox,.json,.txt,application/xml,application/gzip,application/zip,message/rfc822"
                       onchange={on_pick.clone()} />
                <label class="button" for={ids::reports::FOLDER_INPUT}>{ lang.t("reports.pick_folder") }</label>
                <input id={ids::reports::FOLDER_INPUT} class="visually-hidden-input" type="file" multiple=true
                       webkitdirectory=true onchange={on_pick} />
                <button id={ids::reports::SAMPLES} type="button" onclick={on_samples}>{ lang.t("reports.try_samples") }</button>
            </div>
            <details class="paste">
                <summary>{ lang.t("reports.paste_title") }</summary>
                <form onsubmit={on_paste_submit}>
                    <label for={ids::reports::PASTE}>{ lang.t("reports.paste_label") }</label>
                    <textarea id={ids::reports::PASTE} ref={paste_ref} rows="6" spellcheck="false"
                              placeholder="<feedback>…</feedback>"></textarea>
                    <button id={ids::reports::PASTE_SUBMIT} type="submit">{ lang.t("reports.paste_submit") }</button>
                </form>
            </details>
            <p class="privacy-inline">{ lang.t("reports.stays_local") }</p>
        </section>
    }
}
