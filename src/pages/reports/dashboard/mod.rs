//! The dashboard: figures and tables the worker computed for a filter.

mod chart;
mod filters;
pub mod headline;
mod marks;
mod networks;
mod overview;
pub mod readiness;
mod selectors;
mod sources;
mod table;
mod tables;
pub mod warmup;

use std::rc::Rc;

use dmarc_core::analysis::{Dashboard, Filter, Mark, ServiceId};
use yew::prelude::*;

use super::state::Drill;
use crate::i18n::Lang;
use crate::ids;
use crate::services::protocol::ExportFormat;

/// "This is mine" / "this is not mine" (or, with [`Mark::Unmarked`], "I
/// do not know") said about a source address or a whole service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkRequest {
    /// A source address, as written in the reports.
    Source(String, Mark),
    /// A sending service.
    Service(ServiceId, Mark),
}

/// Properties of [`DashboardView`].
#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    /// The language.
    pub lang: Lang,
    /// What to show.
    pub dashboard: Rc<Dashboard>,
    /// The filter it was computed for.
    pub filter: Filter,
    /// Raw records being looked at.
    pub drill: Option<Drill>,
    /// A new filter.
    pub onfilter: Callback<Filter>,
    /// Show the records of a sender group: (label, `SourceRow::source`).
    pub ondrill: Callback<(String, u32)>,
    /// Close the records.
    pub onclosedrill: Callback<()>,
    /// Export the current view.
    pub onexport: Callback<ExportFormat>,
    /// Mark a source or a service as mine or not mine.
    #[prop_or_default]
    pub onmark: Callback<MarkRequest>,
    /// A marks file was chosen: its text.
    #[prop_or_default]
    pub onmarksimport: Callback<String>,
    /// How many addresses and services are marked.
    #[prop_or_default]
    pub marked: u64,
    /// Why the last marks file could not be read.
    #[prop_or_default]
    pub marks_error: Option<String>,
    /// Draw one section a frame instead of one group (the hidden warm-up,
    /// [`warmup`], whose fonts are looked up section by section).
    #[prop_or_default]
    pub one_by_one: bool,
}

/// The sections below the filters, top to bottom, in the order they are
/// drawn, and the group each belongs to: the top (headline, overview); the
/// readiness cards and the chart; the services; the reporters' tables; the
/// DKIM keys and the rest (a large reporter's keys alone took 40–60 ms).
#[derive(Clone, Copy)]
enum Section {
    Headline,
    Overview,
    Readiness,
    Chart,
    Sources,
    Marks,
    Reporters,
    Policies,
    Selectors,
    Rest,
}

impl Section {
    const GROUPS: [u8; 10] = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
}

/// The groups of sections after the first.
const LATER_GROUPS: u8 = 4;
/// The sections after the first, drawn one by one.
const LATER_SECTIONS: u8 = 9;

/// The dashboard. Its first render draws the top (filters, headline,
/// overview) and each later group of sections after the frame before it is
/// painted: the first render of a dashboard runs code the page has not run
/// yet (compiled on first use) and lays out type the browser has not laid
/// out yet, which in one task held the page for 100–250 ms at 50,000
/// records. The groups follow each other top to bottom, below the fold, so
/// nothing that is already shown moves. Later dashboards (a filter, more
/// files) draw everything at once; `aria-busy` is set until all is drawn.
#[function_component(DashboardView)]
pub fn dashboard_view(props: &DashboardProps) -> Html {
    let lang = props.lang;
    let d = &props.dashboard;
    let last = if props.one_by_one {
        LATER_SECTIONS
    } else {
        LATER_GROUPS
    };
    let drawn = use_state(|| 0u8);
    use_effect_with(*drawn, {
        let drawn = drawn.clone();
        move |&n| {
            if n < last {
                crate::services::frames::after_next_paint(move || drawn.set(n + 1));
            }
        }
    });
    let drawn = *drawn;
    let shown = |section: Section| {
        let step = if props.one_by_one {
            section as u8
        } else {
            Section::GROUPS[section as usize]
        };
        drawn >= step
    };
    let services = use_memo(props.dashboard.clone(), |d| d.services.clone());
    let networks = use_memo(props.dashboard.clone(), |d| d.networks.clone());
    let timeline = use_memo(props.dashboard.clone(), |d| d.timeline.clone());
    let onsearch = {
        let filter = props.filter.clone();
        props.onfilter.reform(move |q: String| Filter {
            search: Some(q),
            ..filter.clone()
        })
    };
    let export = |format| props.onexport.reform(move |_: MouseEvent| format);
    let onclose = props.onclosedrill.reform(|_: MouseEvent| ());
    let aggregate = d.headline.counts.records > 0;
    html! {
        <div class="dashboard" id={ids::reports::DASHBOARD} aria-busy={(drawn < last).then_some("true")}>
            <filters::FilterBar {lang} filter={props.filter.clone()} dashboard={props.dashboard.clone()} onchange={props.onfilter.clone()} />
            if !aggregate && d.failures.is_empty() && d.tls.is_empty() {
                <p class="nothing" role="status">{ lang.t("dash.nothing_matches") }</p>
            } else {
                // Only failure or TLS reports: no aggregate figures to show as zeros.
                if aggregate {
                    if shown(Section::Headline) {
                        { headline::headline(lang, &d.headline) }
                    }
                    if shown(Section::Overview) {
                        { overview::overview(lang, &d.overview, &props.filter, &props.onfilter) }
                    }
                    if shown(Section::Readiness) {
                        if props.filter.domain.is_none() && overview::policy_domains(&d.overview) > overview::CARDS_FOR_ALL_UP_TO {
                            <p class="hint readiness-choose">{ lang.t("dash.readiness_choose") }</p>
                        } else {
                            { readiness::readiness(lang, &d.readiness, &props.onmark) }
                        }
                    }
                    if shown(Section::Chart) {
                        <chart::Chart {lang} {timeline} several_domains={props.filter.domain.is_none() && overview::policy_domains(&d.overview) > 1} />
                    }
                    if shown(Section::Sources) {
                        if let Some(drill) = &props.drill {
                            { tables::records(lang, &drill.label, drill.records.as_ref(), onclose) }
                        }
                        <sources::Sources {lang} services={services} {networks} {onsearch} ondrill={props.ondrill.clone()} onmark={props.onmark.clone()} />
                    }
                    if shown(Section::Marks) {
                        <marks::MarksBar {lang} marked={props.marked} error={props.marks_error.clone()}
                            onexport={props.onexport.reform(|()| ExportFormat::Marks)} onimport={props.onmarksimport.clone()} />
                    }
                    if shown(Section::Reporters) {
                        { tables::reporters(lang, &d.reporters) }
                    }
                    if shown(Section::Policies) {
                        { tables::policies(lang, &d.policies) }
                    }
                    if shown(Section::Selectors) {
                        { selectors::selectors(lang, &props.dashboard) }
                    }
                }
                if shown(Section::Rest) || !aggregate {
                    { tables::failures(lang, &d.failures) }
                    { tables::tls(lang, &d.tls) }
                }
            }
            if shown(Section::Rest) {
                <div class="export">
                    <span>{ lang.t("dash.export") }</span>
                    <button type="button" id={ids::reports::EXPORT_CSV} onclick={export(ExportFormat::Csv)}>{ "CSV" }</button>
                    <button type="button" id={ids::reports::EXPORT_JSON} onclick={export(ExportFormat::Json)}>{ "JSON" }</button>
                    <span class="hint">{ lang.t("dash.export_hint") }</span>
                </div>
            }
        </div>
    }
}
