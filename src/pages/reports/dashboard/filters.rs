//! The filter bar: domain, period, reporter, outcome, search.

use std::rc::Rc;

use dmarc_core::analysis::date::{iso_date, parse_iso_date};
use dmarc_core::analysis::{Dashboard, Filter, Outcome};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;

/// Properties of [`FilterBar`].
#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    /// The language.
    pub lang: Lang,
    /// The filter shown.
    pub filter: Filter,
    /// The dashboard (for the choices).
    pub dashboard: Rc<Dashboard>,
    /// A new filter.
    pub onchange: Callback<Filter>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>()
        .map(|s| s.value())
        .filter(|v| !v.is_empty())
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>()
        .map(|s| s.value())
        .filter(|v| !v.trim().is_empty())
}

/// The filter bar.
#[function_component(FilterBar)]
pub fn filter_bar(props: &FilterBarProps) -> Html {
    let lang = props.lang;
    let f = &props.filter;
    let change = |edit: fn(&mut Filter, &Event)| {
        let filter = props.filter.clone();
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| {
            let mut next = filter.clone();
            edit(&mut next, &e);
            onchange.emit(next);
        })
    };
    let on_domain = change(|f, e| f.domain = select_value(e));
    let on_reporter = change(|f, e| f.reporter = select_value(e));
    let on_outcome = change(|f, e| {
        f.outcome = match select_value(e).as_deref() {
            Some("pass") => Outcome::Pass,
            Some("fail") => Outcome::Fail,
            _ => Outcome::Any,
        }
    });
    let on_from = change(|f, e| f.from = input_value(e).as_deref().and_then(parse_iso_date));
    // The "to" input names the last day shown; the filter's end is exclusive.
    let on_to = change(|f, e| {
        f.to = input_value(e)
            .as_deref()
            .and_then(parse_iso_date)
            .map(|d| d + 1)
    });
    let on_search = change(|f, e| f.search = input_value(e).map(|v| v.trim().to_owned()));
    // What is typed in the search box counts once Enter (a change event)
    // commits it. Until then the box keeps what was typed, whatever renders
    // the bar again meanwhile (a dashboard arriving): bound to the filter's
    // text alone, every such render put the old text back (Yew writes the
    // rendered value into an input whenever the input holds another), and
    // the Enter found nothing to commit. The filter's text replaces the
    // box's only when it changes (Enter, a network chosen, a reset).
    let search = use_node_ref();
    let shown = use_mut_ref(|| f.search.clone());
    let kept = (*shown.borrow() == f.search)
        .then(|| search.cast::<HtmlInputElement>())
        .flatten();
    let search_text = match kept {
        Some(input) => input.value(),
        None => {
            *shown.borrow_mut() = f.search.clone();
            f.search.clone().unwrap_or_default()
        }
    };
    // Reset clears the box too, committed or not.
    let on_reset = {
        let onchange = props.onchange.clone();
        let search = search.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = search.cast::<HtmlInputElement>() {
                input.set_value("");
            }
            onchange.emit(Filter::default())
        })
    };
    // Pressing Reset with the mouse leaves the focus where it is: moving it
    // would blur the search box, whose change event commits what is typed;
    // the dashboard for it can arrive before the button is released, the
    // page grows shorter, and the release lands beside the button.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    let d = &props.dashboard;
    html! {
        <form class="filters" aria-label={lang.t("dash.filters")} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="field">
                <label for={ids::reports::FILTER_DOMAIN}>{ lang.t("dash.filter_domain") }</label>
                <select id={ids::reports::FILTER_DOMAIN} onchange={on_domain}>
                    <option value="" selected={f.domain.is_none()}>{ lang.t("dash.all_domains") }</option>
                    { for d.domains.iter().filter(|x| !x.trim().is_empty()).map(|x| html! { <option value={x.clone()} selected={f.domain.as_deref() == Some(x)}>{ x }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for={ids::reports::FILTER_FROM}>{ lang.t("dash.filter_from") }</label>
                <input id={ids::reports::FILTER_FROM} type="date" value={f.from.map(iso_date).unwrap_or_default()} onchange={on_from} />
            </div>
            <div class="field">
                <label for={ids::reports::FILTER_TO}>{ lang.t("dash.filter_to") }</label>
                <input id={ids::reports::FILTER_TO} type="date" value={f.to.map(|d| iso_date(d - 1)).unwrap_or_default()} onchange={on_to} />
            </div>
            <div class="field">
                <label for={ids::reports::FILTER_REPORTER}>{ lang.t("dash.filter_reporter") }</label>
                <select id={ids::reports::FILTER_REPORTER} onchange={on_reporter}>
                    <option value="" selected={f.reporter.is_none()}>{ lang.t("dash.all_reporters") }</option>
                    { for d.reporter_names.iter().zip(&d.reporter_labels).map(|(x, label)| html! { <option value={x.clone()} selected={f.reporter.as_deref() == Some(x)}>{ if label.trim().is_empty() { lang.t("dash.unnamed_reporter") } else { label.clone() } }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for={ids::reports::FILTER_OUTCOME}>{ lang.t("dash.filter_outcome") }</label>
                <select id={ids::reports::FILTER_OUTCOME} onchange={on_outcome}>
                    <option value="" selected={f.outcome == Outcome::Any}>{ lang.t("dash.outcome_any") }</option>
                    <option value="pass" selected={f.outcome == Outcome::Pass}>{ lang.t("dash.outcome_pass") }</option>
                    <option value="fail" selected={f.outcome == Outcome::Fail}>{ lang.t("dash.outcome_fail") }</option>
                </select>
            </div>
            <div class="field grow">
                <label for={ids::reports::FILTER_SEARCH}>{ lang.t("dash.filter_search") }</label>
                <input id={ids::reports::FILTER_SEARCH} type="search" ref={search} value={search_text}
                       placeholder={lang.t("dash.search_placeholder")} onchange={on_search} />
            </div>
            <button type="button" class="reset" onmousedown={keep_focus} onclick={on_reset}>{ lang.t("dash.reset") }</button>
        </form>
    }
}
