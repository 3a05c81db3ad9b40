//! Who sends mail as the domain: services, then their source addresses.

use std::rc::Rc;

use dmarc_core::analysis::{Counts, Family, FamilyCount, Mark, ServiceGroup, SourceRow};
use yew::prelude::*;

use super::headline::{date, rate};
use super::table::{Cell, SortKey, SortableTable};
use super::MarkRequest;
use crate::components::details::use_details_toggle;
use crate::i18n::Lang;
use crate::ids;

/// Properties of [`Sources`].
#[derive(Properties, PartialEq)]
pub struct SourcesProps {
    /// The language.
    pub lang: Lang,
    /// Services, most messages first.
    pub services: Rc<Vec<ServiceGroup>>,
    /// Show the raw records of these rows, under this label.
    pub ondrill: Callback<(String, u32)>,
    /// Mark an address or a service as mine or not mine.
    pub onmark: Callback<MarkRequest>,
}

fn aligned_share(lang: Lang, aligned: u64, c: &Counts) -> String {
    lang.t_args(
        "dash.aligned_of",
        &[(
            "share",
            rate(
                lang,
                (c.messages > 0).then(|| aligned as f64 / c.messages as f64),
            )
            .into(),
        )],
    )
}

fn list(values: &[String]) -> String {
    if values.is_empty() {
        "–".to_owned()
    } else {
        values.join(", ")
    }
}

/// Services, each opening onto its addresses.
#[function_component(Sources)]
pub fn sources(props: &SourcesProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="sources" id={ids::reports::SOURCES} aria-labelledby="sources-title">
            <h2 id="sources-title">{ lang.t("dash.sources_title") }</h2>
            <p class="hint">{ lang.t("dash.sources_hint") }</p>
            { for props.services.iter().map(|g| html! {
                <Service key={g.service.id()} {lang} group={g.clone()} ondrill={props.ondrill.clone()} onmark={props.onmark.clone()} />
            }) }
        </section>
    }
}

/// Properties of [`Service`].
#[derive(Properties, PartialEq)]
struct ServiceProps {
    lang: Lang,
    group: ServiceGroup,
    ondrill: Callback<(String, u32)>,
    onmark: Callback<MarkRequest>,
}

/// One service; its addresses are built only while it is open, so that a
/// year of reports (hundreds of addresses per service) does not cost the
/// page a long task on every new dashboard.
#[function_component(Service)]
fn service(props: &ServiceProps) -> Html {
    let lang = props.lang;
    let g = &props.group;
    let (open, ontoggle) = use_details_toggle();
    let worst = g
        .families
        .iter()
        .map(|f| f.family)
        .max()
        .unwrap_or(Family::Ok);
    html! {
        <details class={classes!("service", format!("family-{}", worst.code()))} data-service={g.service.id()} {ontoggle}>
            <summary>
                <span class="service-name">{ lang.t(&g.name_key) }</span>
                <span class="service-figures">
                    { lang.t_args("dash.service_summary", &[
                        ("messages", lang.t_count("count.messages", g.counts.messages, &[]).into()),
                        ("sources", lang.t_count("count.addresses", g.sources_total, &[]).into()),
                        ("rate", rate(lang, g.dmarc_pass_rate).into()),
                    ]) }
                </span>
                { families(lang, &g.families) }
            </summary>
            if open == Some(true) {
                <p class="advice">{ lang.t(&g.diagnosis.key()) }{ ": " }{ lang.t(&g.diagnosis.advice_key()) }</p>
                if g.service.is_known_service() {
                    <p class="mark-service">{ lang.t("dash.mark_service_hint") }{ " " }
                        { mark_buttons(lang, g.mark, |m| MarkRequest::Service(g.service, m), &props.onmark) }</p>
                }
                if g.sources.is_empty() && g.sources_total > 0 {
                    <p class="hint" role="status">{ lang.t("dash.sources_loading") }</p>
                } else {
                    { addresses(lang, g, &props.ondrill, &props.onmark) }
                }
            }
        </details>
    }
}

fn addresses(
    lang: Lang,
    g: &ServiceGroup,
    ondrill: &Callback<(String, u32)>,
    onmark: &Callback<MarkRequest>,
) -> Html {
    let rows: Vec<Vec<Cell>> = g
        .sources
        .iter()
        .map(|s| source_row(lang, s, ondrill, onmark))
        .collect();
    let headers = vec![
        lang.t("dash.col_source"),
        lang.t("dash.col_messages"),
        lang.t("dash.col_dmarc"),
        lang.t("dash.col_spf"),
        lang.t("dash.col_dkim"),
        lang.t("dash.col_from"),
        lang.t("dash.col_diagnosis"),
        lang.t("dash.col_records"),
    ];
    html! {
        <>
        if g.sources_total > g.sources.len() as u64 {
            <p class="hint">{ lang.t_args("dash.sources_listed", &[
                ("listed", lang.number(g.sources.len() as u64).into()),
                ("total", lang.number(g.sources_total).into()),
            ]) }</p>
        }
        <SortableTable caption={lang.t_args("dash.sources_of", &[("service", lang.t(&g.name_key).into())])}
                       headers={headers} rows={Rc::new(rows)} initial_sort={Some(1)}
                       page={Some((lang, PAGE))} />
        </>
    }
}

/// One badge per family met, with its messages.
pub fn families(lang: Lang, families: &[FamilyCount]) -> Html {
    html! {
        <span class="families">
            { for families.iter().map(|f| html! {
                <span class={classes!("badge", format!("family-{}", f.family.code()))}>
                    { lang.t(&f.family.key()) }{ " " }{ lang.number(f.messages) }
                </span>
            }) }
        </span>
    }
}

/// Addresses shown at first in an open service; the rest on request.
const PAGE: usize = 50;

/// "Mine" / "Not mine" buttons, the current mark pressed; pressing it again
/// removes the mark.
pub fn mark_buttons(
    lang: Lang,
    current: Mark,
    request: impl Fn(Mark) -> MarkRequest,
    onmark: &Callback<MarkRequest>,
) -> Html {
    let button = |mark: Mark, key: &str, class: &'static str| {
        let pressed = current == mark;
        let next = if pressed { Mark::Unmarked } else { mark };
        let onclick = onmark.reform({
            let r = request(next);
            move |_: MouseEvent| r.clone()
        });
        html! {
            <button type="button" class={classes!("mark", class)} aria-pressed={pressed.to_string()} {onclick}>
                { lang.t(key) }
            </button>
        }
    };
    html! {
        <span class="marks" role="group">
            { button(Mark::Mine, "dash.mark_mine", "mine") }
            { button(Mark::NotMine, "dash.mark_not_mine", "not-mine") }
        </span>
    }
}

fn source_row(
    lang: Lang,
    s: &SourceRow,
    ondrill: &Callback<(String, u32)>,
    onmark: &Callback<MarkRequest>,
) -> Vec<Cell> {
    let c = &s.counts;
    let spf = html! {
        <>
            <span>{ list(&s.spf_results) }</span>{ " " }<span class="muted">{ list(&s.spf_domains) }</span>
            <br /><span class="aligned">{ aligned_share(lang, c.spf_aligned, c) }</span>
        </>
    };
    let dkim = html! {
        <>
            <span>{ list(&s.dkim_results) }</span>{ " " }
            <span class="muted">{ s.dkim_domains.iter().zip(s.dkim_selectors.iter().map(Some).chain(std::iter::repeat(None)))
                .map(|(d, sel)| sel.map_or_else(|| d.clone(), |sel| format!("{d} ({sel})"))).collect::<Vec<_>>().join(", ") }</span>
            <br /><span class="aligned">{ aligned_share(lang, c.dkim_aligned, c) }</span>
        </>
    };
    let from = html! {
        <>
            <span>{ list(&s.header_from) }</span>
            <br /><span class="muted">{ lang.t("dash.envelope") }{ " " }{ list(&s.envelope_from) }</span>
        </>
    };
    let on_records = {
        let ondrill = ondrill.clone();
        let label = s.ip.clone();
        let source = s.source;
        Callback::from(move |_: MouseEvent| ondrill.emit((label.clone(), source)))
    };
    let period = format!(
        "{} – {}",
        date(lang, s.first_date.as_deref()),
        date(lang, s.last_date.as_deref())
    );
    vec![
        Cell::html(
            html! { <><code>{ &s.ip }</code><br /><span class="muted">{ period }</span></> },
            SortKey::Text(s.ip.clone()),
        ),
        Cell::num(c.messages as f64, lang.number(c.messages)),
        Cell::num(
            s.dmarc_pass_rate.unwrap_or(-1.0),
            rate(lang, s.dmarc_pass_rate),
        ),
        Cell::html(spf, SortKey::Num(c.spf_aligned as f64)),
        Cell::html(dkim, SortKey::Num(c.dkim_aligned as f64)),
        Cell::html(from, SortKey::Text(list(&s.header_from))),
        Cell::html(
            html! {
                <>
                    <span class={classes!("badge", format!("family-{}", s.family.code()))}>{ lang.t(&s.family.key()) }</span>
                    { " " }<span>{ lang.t(&s.diagnosis.key()) }</span>
                    if s.ambiguous_messages > 0 {
                        { " " }<span class="badge ambiguous">{ lang.t("dash.ambiguous") }</span>
                    }
                    <br />{ mark_buttons(lang, s.mark, |m| MarkRequest::Source(s.ip.clone(), m), onmark) }
                </>
            },
            SortKey::Text(format!("{}:{}", s.family as u8, s.diagnosis.code())),
        ),
        Cell::html(
            html! { <button type="button" class="link" onclick={on_records}>{ lang.t_count("dash.show_records", c.records, &[]) }</button> },
            SortKey::Num(c.records as f64),
        ),
    ]
}
