//! Domains at a glance: one line per policy domain and subdomain, what
//! needs attention first; choosing a line focuses the dashboard on it (the
//! filter's domain, kept in the address like the other filters).

use dmarc_core::analysis::{rate as share_of, DomainOverview, Filter};
use yew::prelude::*;

use super::headline::rate;
use super::readiness::domain_name;
use crate::i18n::Lang;
use crate::ids;

/// With more policy domains than this, readiness cards show for the
/// focused domain only.
pub const CARDS_FOR_ALL_UP_TO: usize = 3;

/// How many policy domains the overview lists.
pub fn policy_domains(lines: &[DomainOverview]) -> usize {
    lines.iter().filter(|l| l.parent.is_none()).count()
}

/// The filter that focuses on `line` (a subdomain: its policy domain and a
/// search for its name), or on every domain again.
fn focus(filter: &Filter, line: Option<&DomainOverview>) -> Filter {
    match line {
        None => Filter {
            domain: None,
            ..filter.clone()
        },
        Some(l) => match &l.parent {
            Some(parent) => Filter {
                domain: Some(parent.clone()),
                search: Some(l.domain.clone()),
                ..filter.clone()
            },
            None => Filter {
                domain: Some(l.domain.clone()),
                search: None,
                ..filter.clone()
            },
        },
    }
}

fn families(lang: Lang, l: &DomainOverview) -> Html {
    let share = |n: u64| share_of(n, l.counts.messages).unwrap_or(0.0);
    html! {
        <span class="families">
            { for l.families.iter().map(|f| html! {
                <span class={classes!("badge", format!("family-{}", f.family.code()))}>
                    { lang.t(&f.family.key()) }{ " " }{ rate(lang, Some(share(f.messages))) }
                </span>
            }) }
        </span>
    }
}

/// The overview table, when there is more than one line.
pub fn overview(
    lang: Lang,
    lines: &[DomainOverview],
    filter: &Filter,
    onfilter: &Callback<Filter>,
) -> Html {
    if lines.len() < 2 {
        return html! {};
    }
    let focused = filter.domain.as_deref().map(str::to_lowercase);
    let row = |l: &DomainOverview| {
        let name = domain_name(lang, &l.domain);
        let is_focused = match (&focused, &l.parent) {
            (Some(f), None) => *f == l.domain,
            (Some(f), Some(p)) => f == p && filter.search.as_deref() == Some(l.domain.as_str()),
            (None, _) => false,
        };
        let onclick = {
            let next = focus(filter, (!is_focused).then_some(l));
            onfilter.reform(move |_: MouseEvent| next.clone())
        };
        let label = match &l.parent {
            Some(p) => lang.t_args("dash.subdomain_of", &[("domain", p.as_str().into())]),
            None => String::new(),
        };
        html! {
            <tr class={classes!(l.parent.is_some().then_some("subdomain"), is_focused.then_some("focused"))}
                data-domain={l.domain.clone()} aria-current={is_focused.then_some("true")}>
                <th scope="row">
                    if l.domain.trim().is_empty() {
                        <span class="no-domain">{ name }</span>
                    } else {
                        <button type="button" class="link" aria-pressed={is_focused.to_string()} {onclick}
                            title={label.clone()}>{ name }</button>
                        if l.parent.is_some() { <span class="visually-hidden">{ format!(" ({label})") }</span> }
                    }
                </th>
                <td class="num">{ lang.number(l.counts.messages) }</td>
                <td class="num">{ rate(lang, l.dmarc_pass_rate) }</td>
                <td><code>{ l.policy.clone().unwrap_or_else(|| "–".to_owned()) }</code></td>
                <td>{ families(lang, l) }</td>
                <td class={classes!("verdict-cell", l.verdict.map(|v| v.code()))}>
                    { l.verdict.map(|v| lang.t(&v.key())).unwrap_or_default() }
                </td>
            </tr>
        }
    };
    let all = onfilter.reform({
        let next = focus(filter, None);
        move |_: MouseEvent| next.clone()
    });
    html! {
        <section class="overview" id={ids::reports::OVERVIEW} aria-labelledby="overview-title">
            <h2 id="overview-title">{ lang.t("dash.overview_title") }</h2>
            <p class="hint">{ lang.t("dash.overview_hint") }</p>
            if let Some(domain) = &filter.domain {
                <p class="focus-note" role="status">
                    { lang.t_args("dash.focused_on", &[("domain", domain.as_str().into())]) }{ " " }
                    <button type="button" id={ids::reports::OVERVIEW_ALL} onclick={all}>{ lang.t("dash.all_domains") }</button>
                </p>
            }
            <div class="table-scroll">
                <table class="data-table">
                    <caption class="visually-hidden">{ lang.t("dash.overview_title") }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.t("dash.col_domain") }</th>
                        <th scope="col" class="num">{ lang.t("dash.col_messages") }</th>
                        <th scope="col" class="num">{ lang.t("dash.col_dmarc") }</th>
                        <th scope="col">{ lang.t("dash.col_policy_now") }</th>
                        <th scope="col">{ lang.t("dash.col_families") }</th>
                        <th scope="col">{ lang.t("dash.col_readiness") }</th>
                    </tr></thead>
                    <tbody>{ for lines.iter().map(row) }</tbody>
                </table>
            </div>
        </section>
    }
}
