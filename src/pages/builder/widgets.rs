//! Small presentational pieces the builder's sections share: a radio group
//! in a fieldset, a tag's explanation, a copyable text, a list of findings,
//! and the translation of the core's keyed messages.

use std::borrow::Cow;
use std::collections::BTreeMap;

use dmarc_core::record::{Finding, Severity};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;

/// The text of `key` with the core's named arguments filled in.
pub fn t_map(lang: Lang, key: &str, args: &BTreeMap<String, String>) -> String {
    let args: Vec<(&str, Cow<'_, str>)> = args
        .iter()
        .map(|(k, v)| (k.as_str(), Cow::Borrowed(v.as_str())))
        .collect();
    lang.t_args(key, &args)
}

/// A finding's message, followed by "Did you mean …?" and the character
/// column when the message does not say them ([`Finding::text`]).
pub fn finding_text(lang: Lang, f: &Finding) -> String {
    let text = f.text(|key| lang.t(key));
    let parts = [Some(text.message), text.suggestion, text.column];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// One option of a [`RadioGroup`].
#[derive(Clone, Debug, PartialEq)]
pub struct RadioOption {
    /// The value, also the end of the input's id.
    pub value: AttrValue,
    /// What a person reads.
    pub label: AttrValue,
}

/// Properties of [`RadioGroup`].
#[derive(Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The group's name, also the middle of each id (`p` → `builder-p-none`).
    pub name: AttrValue,
    /// The legend.
    pub legend: AttrValue,
    /// The options.
    pub options: Vec<RadioOption>,
    /// The chosen value.
    pub selected: AttrValue,
    /// Called with the value chosen.
    pub onchoose: Callback<String>,
    /// Explanations shown under the legend.
    #[prop_or_default]
    pub children: Html,
}

/// Radio buttons in a fieldset with a legend: arrow keys move between them.
#[function_component(RadioGroup)]
pub fn radio_group(props: &RadioGroupProps) -> Html {
    let name = props.name.clone();
    html! {
        <fieldset class="choice-group">
            <legend>{ props.legend.clone() }</legend>
            { props.children.clone() }
            <div class="choices">
                { for props.options.iter().map(|o| {
                    let id = crate::ids::builder::choice(&name, &o.value);
                    let value = o.value.to_string();
                    let onchange = props.onchoose.reform(move |_: Event| value.clone());
                    html! {
                        <div class="choice">
                            <input type="radio" id={id.clone()} name={format!("builder-{name}")}
                                value={o.value.clone()} checked={o.value == props.selected} {onchange} />
                            <label for={id}>{ o.label.clone() }</label>
                        </div>
                    }
                }) }
            </div>
        </fieldset>
    }
}

/// Properties of [`TagHelp`].
#[derive(Properties, PartialEq)]
pub struct TagHelpProps {
    /// The interface language.
    pub lang: Lang,
    /// The tag (`p`, `adkim`…): texts come from `tag.<tag>.*`.
    pub tag: AttrValue,
}

/// What a tag does, its default and its consequence for real mail.
#[function_component(TagHelp)]
pub fn tag_help(props: &TagHelpProps) -> Html {
    let lang = props.lang;
    let key = |part: &str| lang.t(&format!("tag.{}.{part}", props.tag));
    html! {
        <div class="tag-help">
            <p>
                <code class="tag-name">{ props.tag.clone() }</code>{ " " }
                { key("what") }
            </p>
            <p class="tag-default">
                <strong>{ lang.t("tag.label.default") }{ ": " }</strong>{ key("default") }
            </p>
            <p class="tag-consequence">{ key("consequence") }</p>
        </div>
    }
}

/// Properties of [`Copyable`].
#[derive(Properties, PartialEq)]
pub struct CopyableProps {
    /// The interface language.
    pub lang: Lang,
    /// The label above the text.
    pub label: AttrValue,
    /// The id of the text (the button's id is given separately).
    pub id: AttrValue,
    /// The copy button's id.
    pub button_id: AttrValue,
    /// The text to show and copy.
    pub text: AttrValue,
    /// Whether this text was just copied.
    pub copied: bool,
    /// Called when the button is pressed, with the text.
    pub oncopy: Callback<String>,
}

/// A label, the text in a selectable block, and a copy button that says
/// "Copied" once it has.
#[function_component(Copyable)]
pub fn copyable(props: &CopyableProps) -> Html {
    let lang = props.lang;
    let label_id = format!("{}-label", props.id);
    let text = props.text.to_string();
    let onclick = props.oncopy.reform(move |_: MouseEvent| text.clone());
    html! {
        <div class="copyable">
            <div class="copyable-head">
                <span class="copyable-label" id={label_id.clone()}>{ props.label.clone() }</span>
                <button type="button" id={props.button_id.clone()} class="copy-button"
                    aria-describedby={label_id.clone()} {onclick}>
                    { if props.copied { lang.t("builder.output.copied") } else { lang.t("builder.output.copy") } }
                </button>
            </div>
            <pre class="copy-text" id={props.id.clone()} tabindex="0" aria-labelledby={label_id}>
                { props.text.clone() }
            </pre>
        </div>
    }
}

/// Properties of [`FindingList`].
#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    /// The interface language.
    pub lang: Lang,
    /// The findings, errors first.
    pub findings: Vec<Finding>,
    /// The list's id, if tests need it.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// Findings, each with its severity in words (not only colour).
#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let lang = props.lang;
    html! {
        <ul class="findings" id={props.id.clone()}>
            { for props.findings.iter().map(|f| {
                let severity = f.severity.as_str();
                html! {
                    <li class={classes!("finding", format!("finding-{severity}"))}
                        data-code={f.code.as_str()}>
                        <span class="severity">{ lang.t(&format!("severity.{severity}")) }</span>
                        <span class="finding-text">{ finding_text(lang, f) }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// How many findings have `severity`.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// An `oninput` callback that passes the input's value.
pub fn on_text(cb: Callback<String>) -> Callback<InputEvent> {
    cb.reform(|e: InputEvent| {
        e.target_dyn_into::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    })
}

/// An `onchange` callback for a checkbox that passes whether it is ticked.
pub fn on_check(cb: Callback<bool>) -> Callback<Event> {
    cb.reform(|e: Event| {
        e.target_dyn_into::<HtmlInputElement>()
            .map(|i| i.checked())
            .unwrap_or_default()
    })
}
