//! The DKIM selector inventory: every key seen signing the mail shown,
//! with what its history says (stopped passing, never passed, superseded).

use std::rc::Rc;

use dmarc_core::analysis::{SelectorState, Selectors};
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

fn date_cell(lang: Lang, iso: Option<&str>) -> Cell {
    Cell::html(
        html! { <span class="date">{ date(lang, iso) }</span> },
        SortKey::Text(iso.unwrap_or_default().to_owned()),
    )
}

/// Keys shown at first, in the table's order (each policy domain's own keys
/// first, problems first); the rest on request. A large reporter's spoofed
/// mail names hundreds of keys: 200 rows were 3,400 elements of the
/// dashboard's first render.
const PAGE: usize = 25;

/// The inventory table, with a line when it was cut.
pub fn selectors(lang: Lang, inventory: &Selectors) -> Html {
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
        .map(|r| {
            let selector = r
                .selector
                .clone()
                .unwrap_or_else(|| lang.t("selector.no_selector"));
            let key = format!("{}._domainkey.{}", selector, r.domain);
            let services: Vec<String> = r.services.iter().map(|s| lang.t(&s.key())).collect();
            let whose = if r.aligned {
                "selector.aligned"
            } else {
                "selector.not_aligned"
            };
            let mut cells = vec![
                Cell::text(if r.policy_domain.is_empty() {
                    lang.t("dash.no_policy_domain")
                } else {
                    r.policy_domain.clone()
                }),
                Cell::html(
                    html! { <span class="dkim-key">
                        <code>{ format!("s={selector};") }</code>{ " " }
                        <code>{ format!("d={}", r.domain) }</code>
                        <span class="hint">{ lang.t(whose) }</span>
                    </span> },
                    SortKey::Text(key),
                ),
                Cell::text(services.join(", ")),
                Cell::num(r.messages as f64, lang.number(r.messages)),
                Cell::num(r.pass_rate.unwrap_or(-1.0), rate(lang, r.pass_rate)),
                date_cell(lang, r.first_date.as_deref()),
                date_cell(lang, r.last_date.as_deref()),
                date_cell(lang, r.last_pass_date.as_deref()),
                Cell::html(
                    html! {
                        <span class={classes!("badge", state_class(r.state))} title={lang.t(&format!("{}_hint", r.state.key()))}>
                            { lang.t(&r.state.key()) }
                        </span>
                    },
                    SortKey::Num(r.state as u8 as f64),
                ),
            ];
            if !many {
                cells.remove(0);
            }
            cells
        })
        .collect();
    if !many {
        headers.remove(0);
    }
    html! {
        <section aria-labelledby={ids::reports::SELECTORS_TITLE}>
            <h2 id={ids::reports::SELECTORS_TITLE}>{ lang.t("selector.title") }</h2>
            <p class="hint">{ lang.t("selector.intro") }</p>
            <SortableTable id={ids::reports::SELECTORS} caption={lang.t("selector.title")} {headers} rows={Rc::new(rows)}
                           page={Some((lang, PAGE))} />
            if inventory.total > inventory.rows.len() {
                <p class="hint">{ lang.t_args("selector.cut", &[
                    ("shown", lang.number(inventory.rows.len() as u64).into()),
                    ("total", lang.number(inventory.total as u64).into()),
                ]) }</p>
            }
        </section>
    }
}
