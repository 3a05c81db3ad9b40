//! The checker: paste a record (bare, quoted, split, or `dig`/`nslookup`
//! output), read what each tag says and what is wrong, and open it in the
//! builder.

use std::rc::Rc;

use dmarc_core::record::{check, explain, RecordCheck, Severity, TagExplanation};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::state::Action;
use super::widgets::{count, on_text, t_map, FindingList};
use crate::i18n::Lang;
use crate::ids::builder as ids;

/// A checked record and its per-tag explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The checker's result.
    pub check: RecordCheck,
    /// One explanation per tag.
    pub tags: Vec<TagExplanation>,
}

/// Checks pasted `text` for the policy domain typed in the checker, else
/// the owner name of pasted `dig`/`nslookup` output, else the builder's
/// domain. `None` while nothing is pasted.
pub fn run(text: &str, checker_domain: &str, builder_domain: &str) -> Option<Checked> {
    if text.trim().is_empty() {
        return None;
    }
    let typed = Some(checker_domain.trim()).filter(|d| !d.is_empty());
    let mut checked = check(text, typed);
    if typed.is_none() && checked.parsed.policy_domain_from_name().is_none() {
        if let Some(d) = Some(builder_domain.trim()).filter(|d| !d.is_empty()) {
            checked = check(text, Some(d));
        }
    }
    let tags = explain(&checked.parsed);
    Some(Checked {
        check: checked,
        tags,
    })
}

/// Properties of [`Checker`].
#[derive(Properties, PartialEq)]
pub struct CheckerProps {
    /// The interface language.
    pub lang: Lang,
    /// The pasted text.
    pub text: AttrValue,
    /// The optional policy domain.
    pub domain: AttrValue,
    /// The result, `None` while nothing is pasted.
    pub checked: Rc<Option<Checked>>,
    /// The Public Suffix List is being fetched: the result waits for it.
    pub loading: bool,
    /// Where the checker sends edits and "Open in builder".
    pub onaction: Callback<Action>,
}

/// The checker section.
#[function_component(Checker)]
pub fn checker(props: &CheckerProps) -> Html {
    let lang = props.lang;
    let oninput = props.onaction.reform(|e: InputEvent| {
        Action::CheckerEdited(
            e.target_dyn_into::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default(),
        )
    });
    let on_domain = on_text(props.onaction.reform(Action::CheckerDomainEdited));
    let on_open = props
        .onaction
        .reform(|_: MouseEvent| Action::OpenedInBuilder);
    let checked = props.checked.as_ref().as_ref();
    let result = match checked {
        None => html! {},
        Some(_) if props.loading => html! {
            <p class="output-waiting">{ lang.t("builder.ui.list_loading") }</p>
        },
        Some(c) => {
            let f = &c.check.findings;
            html! {
                <>
                    <p class="checker-summary">{ lang.t_args("cli.record.summary", &[
                        ("errors", count(f, Severity::Error).to_string().into()),
                        ("warnings", count(f, Severity::Warning).to_string().into()),
                        ("infos", count(f, Severity::Info).to_string().into()),
                    ]) }</p>
                    if f.is_empty() {
                        <p>{ lang.t("cli.record.no_findings") }</p>
                    } else {
                        <FindingList {lang} findings={f.clone()} id={AttrValue::from(ids::CHECKER_FINDINGS)} />
                    }
                </>
            }
        }
    };
    html! {
        <section id="checker" class="checker" aria-labelledby="checker-title">
            <h2 id="checker-title">{ lang.t("builder.ui.checker_title") }</h2>
            <p>{ lang.t("builder.ui.checker_help") }</p>
            <div class="field">
                <label for={ids::CHECKER_INPUT}>{ lang.t("builder.ui.checker_label") }</label>
                <textarea id={ids::CHECKER_INPUT} rows="4" spellcheck="false" autocomplete="off"
                    class="checker-input" value={props.text.clone()} {oninput}
                    placeholder="_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"" />
            </div>
            <div class="field">
                <label for={ids::CHECKER_DOMAIN}>{ lang.t("builder.ui.checker_domain_label") }</label>
                <input id={ids::CHECKER_DOMAIN} type="text" autocomplete="off" spellcheck="false"
                    placeholder="example.com" value={props.domain.clone()} oninput={on_domain} />
            </div>
            <div id={ids::CHECKER_RESULT} class="checker-result" role="status" aria-live="polite">
                { result }
            </div>
            if let Some(c) = checked.filter(|c| !c.check.parsed.tags.is_empty()) {
                <button type="button" id={ids::OPEN_IN_BUILDER} class="primary" onclick={on_open}>
                    { lang.t("builder.ui.open_in_builder") }
                </button>
                <h3>{ lang.t("cli.record.canonical") }</h3>
                <pre class="copy-text" tabindex="0">{ c.check.canonical() }</pre>
                { tag_list(lang, &c.tags) }
            }
        </section>
    }
}

fn tag_list(lang: Lang, tags: &[TagExplanation]) -> Html {
    let (written, defaulted): (Vec<&TagExplanation>, Vec<&TagExplanation>) =
        tags.iter().partition(|t| t.value.is_some());
    html! {
        <>
            <h3>{ lang.t("builder.ui.checker_tags_title") }</h3>
            <ul class="tag-list" id={ids::CHECKER_TAGS}>
                { for written.iter().map(|t| tag_item(lang, t)) }
            </ul>
            if !defaulted.is_empty() {
                <details class="defaults">
                    <summary>{ lang.t("builder.ui.checker_defaults") }</summary>
                    <ul class="tag-list">{ for defaulted.iter().map(|t| tag_item(lang, t)) }</ul>
                </details>
            }
        </>
    }
}

fn tag_item(lang: Lang, t: &TagExplanation) -> Html {
    let meaning: Vec<String> = t
        .value_keys
        .iter()
        .map(|k| t_map(lang, k, &t.args))
        .collect();
    let shown = match &t.value {
        Some(v) => format!("{}={v}", t.tag),
        None => format!("{}={}", t.tag, t.effective),
    };
    html! {
        <li class={classes!("tag-item", (!t.known).then_some("tag-unknown"))} data-tag={t.tag.clone()}>
            <p class="tag-item-head">
                <code>{ shown }</code>{ " " }
                <strong>{ lang.t(&t.key("name")) }</strong>
                if t.value.is_none() {
                    { " " }<span class="defaulted">{ "(" }{ lang.t("tag.label.defaulted") }{ ")" }</span>
                }
            </p>
            <p class="tag-meaning">{ meaning.join(" ") }</p>
            <p class="tag-what">{ t_map(lang, &t.key("what"), &t.args) }</p>
            <p class="tag-consequence">{ t_map(lang, &t.key("consequence"), &t.args) }</p>
        </li>
    }
}
