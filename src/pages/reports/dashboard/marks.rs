//! The person's marks ("mine" / "not mine"): how many there are, and the
//! marks file to save or load (to move them to another browser or share
//! them with a colleague). The marks themselves live in the worker, kept in
//! IndexedDB with the reports.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;

/// Properties of [`MarksBar`].
#[derive(Properties, PartialEq)]
pub struct MarksBarProps {
    /// The language.
    pub lang: Lang,
    /// How many addresses and services are marked.
    pub marked: u64,
    /// Why the last marks file could not be read.
    pub error: Option<String>,
    /// Save the marks file.
    pub onexport: Callback<()>,
    /// A marks file was chosen: its text.
    pub onimport: Callback<String>,
}

/// Save or load the marks file.
#[function_component(MarksBar)]
pub fn marks_bar(props: &MarksBarProps) -> Html {
    let lang = props.lang;
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    let onchange = {
        let onimport = props.onimport.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let onimport = onimport.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await {
                    onimport.emit(text.as_string().unwrap_or_default());
                }
            });
        })
    };
    html! {
        <div class="marks-bar" id={ids::reports::MARKS}>
            <span>{ lang.t_count("dash.marks_count", props.marked, &[]) }</span>
            <button type="button" id={ids::reports::MARKS_EXPORT} onclick={onexport}>{ lang.t("dash.marks_save") }</button>
            <label class="button" for={ids::reports::MARKS_IMPORT}>{ lang.t("dash.marks_load") }</label>
            <input type="file" id={ids::reports::MARKS_IMPORT} class="visually-hidden" accept=".json,application/json" {onchange} />
            if let Some(error) = &props.error {
                <p class="error" role="alert">{ lang.t("dash.marks_rejected") }{ " " }<span class="detail">{ error }</span></p>
            }
        </div>
    }
}
