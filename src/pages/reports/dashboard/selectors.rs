//! The DKIM selector inventory: every key seen signing the mail shown,
//! with what its history says (stopped passing, never passed, superseded).

use std::rc::Rc;

use dmarc_core::analysis::{Dashboard, SelectorRow, SelectorState};
use yew::prelude::*;

use super::headline::{date, rate};
use super::table::{Cell, SortKey, SortableTable};
use crate::i18n::Lang;
use crate::ids;

fn state_class(state: SelectorState) -> &'static str {
    match state {
        SelectorState::StoppedPassing | SelectorState::NeverPassed => "fail",
        SelectorState::Superseded => "stale",
        SelectorState::Passing => "pass",
    }
}

fn date_html(lang: Lang, iso: Option<&str>) -> Html {
    html! { <span class="date">{ date(lang, iso) }</span> }
}

fn date_key(iso: Option<&str>) -> SortKey {
    SortKey::Text(iso.unwrap_or_default().to_owned())
}

/// The key as its DNS name (`s1._domainkey.example.com`), what the key
/// column sorts by, and the selector as shown.
fn key_name(lang: Lang, r: &SelectorRow) -> (String, String) {
    let selector = r
        .selector
        .clone()
        .unwrap_or_else(|| lang.t("selector.no_selector"));
    (format!("{}._domainkey.{}", selector, r.domain), selector)
}

fn policy_domain(lang: Lang, r: &SelectorRow) -> String {
    if r.policy_domain.is_empty() {
        lang.t("dash.no_policy_domain")
    } else {
        r.policy_domain.clone()
    }
}

fn services(lang: Lang, r: &SelectorRow) -> String {
    let names: Vec<String> = r.services.iter().map(|s| lang.t(&s.key())).collect();
    names.join(", ")
}

/// What a row sorts by, column by column.
fn sort_keys(lang: Lang, r: &SelectorRow, many: bool) -> Vec<Cell> {
    let cells = vec![
        Cell::later(SortKey::Text(policy_domain(lang, r)), false),
        Cell::later(SortKey::Text(key_name(lang, r).0), false),
        Cell::later(SortKey::Text(services(lang, r)), false),
        Cell::later(SortKey::Num(r.messages as f64), true),
        Cell::later(SortKey::Num(r.pass_rate.unwrap_or(-1.0)), true),
        Cell::later(date_key(r.first_date.as_deref()), false),
        Cell::later(date_key(r.last_date.as_deref()), false),
        Cell::later(date_key(r.last_pass_date.as_deref()), false),
        Cell::later(SortKey::Num(r.state as u8 as f64), false),
    ];
    // Without the policy domain's column when there is only one.
    cells.into_iter().skip(usize::from(!many)).collect()
}

/// What a shown row's cells hold, in the columns of [`sort_keys`].
fn content(lang: Lang, r: &SelectorRow, many: bool) -> Vec<Html> {
    let selector = key_name(lang, r).1;
    let whose = if r.aligned {
        "selector.aligned"
    } else {
        "selector.not_aligned"
    };
    let cells = vec![
        html! { { policy_domain(lang, r) } },
        html! { <span class="dkim-key">
            <code>{ format!("s={selector};") }</code>{ " " }
            <code>{ format!("d={}", r.domain) }</code>
            <span class="hint">{ lang.t(whose) }</span>
        </span> },
        html! { { services(lang, r) } },
        html! { { lang.number(r.messages) } },
        html! { { rate(lang, r.pass_rate) } },
        date_html(lang, r.first_date.as_deref()),
        date_html(lang, r.last_date.as_deref()),
        date_html(lang, r.last_pass_date.as_deref()),
        html! {
            <span class={classes!("badge", state_class(r.state))} title={lang.t(&format!("{}_hint", r.state.key()))}>
                { lang.t(&r.state.key()) }
            </span>
        },
    ];
    // Without the policy domain's column when there is only one.
    cells.into_iter().skip(usize::from(!many)).collect()
}

/// Keys shown at first, in the table's order (each policy domain's own keys
/// first, problems first); the rest on request. A large reporter's spoofed
/// mail names hundreds of keys: 200 rows were 3,400 elements of the
/// dashboard's first render.
const PAGE: usize = 25;

/// The inventory table, with a line when it was cut. Every row is sorted
/// by; only the shown rows' elements are built (see [`SortableTable`]'s
/// `content`): a large reporter's 200 keys took 45–70 ms of one task to
/// build on a loaded machine, for the 25 shown.
pub fn selectors(lang: Lang, dashboard: &Rc<Dashboard>) -> Html {
    let inventory = &dashboard.selectors;
    if inventory.rows.is_empty() {
        return html! {};
    }
    // The policy domain's column only when there is more than one.
    let many = inventory
        .rows
        .iter()
        .any(|r| r.policy_domain != inventory.rows[0].policy_domain);
    let mut headers = vec![
        lang.t("dash.col_domain"),
        lang.t("selector.col_key"),
        lang.t("selector.col_services"),
        lang.t("dash.col_messages"),
        lang.t("selector.col_pass"),
        lang.t("dash.col_first"),
        lang.t("dash.col_last"),
        lang.t("selector.col_last_pass"),
        lang.t("selector.col_state"),
    ];
    let rows: Vec<Vec<Cell>> = inventory
        .rows
        .iter()
        .map(|r| sort_keys(lang, r, many))
        .collect();
    let shown = {
        let dashboard = Rc::clone(dashboard);
        Callback::from(move |i: usize| {
            dashboard
                .selectors
                .rows
                .get(i)
                .map(|r| content(lang, r, many))
                .unwrap_or_default()
        })
    };
    if !many {
        headers.remove(0);
    }
    html! {
        <section aria-labelledby={ids::reports::SELECTORS_TITLE}>
            <h2 id={ids::reports::SELECTORS_TITLE}>{ lang.t("selector.title") }</h2>
            <p class="hint">{ lang.t("selector.intro") }</p>
            <SortableTable id={ids::reports::SELECTORS} caption={lang.t("selector.title")} {headers} rows={Rc::new(rows)}
                           page={Some((lang, PAGE))} content={shown} />
            if inventory.total > inventory.rows.len() {
                <p class="hint">{ lang.t_args("selector.cut", &[
                    ("shown", lang.number(inventory.rows.len() as u64).into()),
                    ("total", lang.number(inventory.total as u64).into()),
                ]) }</p>
            }
        </section>
    }
}
