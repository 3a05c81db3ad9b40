//! The volume chart: bars by day, week or month (the core's
//! [`Timeline`]), stacked by family or by DMARC outcome, a y-axis of round
//! ticks, dates in the page's language, policy changes as markers, each bar
//! telling its figures on hover and keyboard focus, and the same data as a
//! table for screen readers. Plain SVG: no chart library.

use std::rc::Rc;

use dmarc_core::analysis::date::{civil_from_days, day_start};
use dmarc_core::analysis::{Bucket, Family, Step, Timeline};
use yew::prelude::*;

use crate::components::details::use_details_toggle;
use crate::i18n::Lang;
use crate::ids;

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 200.0;
/// Room for the y-axis labels, the x-axis labels and the marker labels.
const LEFT: f64 = 72.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 18.0;
/// X-axis labels at most.
const X_LABELS: usize = 6;

/// "Jan 2025", "2025年1月".
fn month(lang: Lang, day: i32) -> String {
    let (y, m, _) = civil_from_days(day);
    match lang {
        Lang::En => {
            let full = lang.date(day_start(day));
            // "1 Jan 2025" → "Jan 2025"
            full.split_once(' ')
                .map_or(full.clone(), |(_, rest)| rest.to_owned())
        }
        Lang::Ja => format!("{y}年{m}月"),
    }
}

/// The period a bucket covers, in words.
fn period(lang: Lang, step: Step, b: &Bucket) -> String {
    match step {
        Step::Day => lang.date(day_start(b.start)),
        Step::Week => lang.t_args(
            "dash.week_of",
            &[("date", lang.date(day_start(b.start)).into())],
        ),
        Step::Month => month(lang, b.start),
    }
}

/// An x-axis label: short where the years are clear.
fn tick(lang: Lang, step: Step, b: &Bucket, one_year: bool) -> String {
    match step {
        Step::Month => month(lang, b.start),
        _ if one_year => lang.short_date(day_start(b.start)),
        _ => lang.date(day_start(b.start)),
    }
}

/// What one bar says, on hover, on focus and to screen readers.
fn figures(lang: Lang, step: Step, b: &Bucket) -> String {
    let mut text = lang.t_args(
        "dash.bar_figures",
        &[
            ("period", period(lang, step, b).into()),
            (
                "messages",
                lang.t_count("count.messages", b.messages(), &[]).into(),
            ),
            ("passed", lang.number(b.passed).into()),
            ("failed", lang.number(b.failed).into()),
        ],
    );
    for (family, n) in Family::ALL.iter().zip(b.families) {
        if n > 0 {
            text.push_str(&format!("; {} {}", lang.t(&family.key()), lang.number(n)));
        }
    }
    text
}

/// Properties of [`Chart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The language.
    pub lang: Lang,
    /// What to draw.
    pub timeline: Rc<Timeline>,
    /// The chart covers several domains: markers name theirs.
    #[prop_or_default]
    pub several_domains: bool,
}

/// The chart, its toggle, its readout and its table.
#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let lang = props.lang;
    let t = &props.timeline;
    let by_family = use_state(|| true);
    let active = use_state(|| None::<usize>);
    if t.buckets.is_empty() {
        return html! {};
    }
    let top = t.ticks.last().copied().unwrap_or(1).max(1) as f64;
    let y = |v: u64| TOP + HEIGHT - (v as f64 / top) * HEIGHT;
    let slot = (WIDTH - LEFT) / t.buckets.len() as f64;
    let bar = (slot * 0.8).max(1.0);
    let x_of = |i: usize| LEFT + i as f64 * slot;
    let one_year = t.buckets.first().map(|b| civil_from_days(b.start).0)
        == t.buckets.last().map(|b| civil_from_days(b.end - 1).0);
    let every = t.buckets.len().div_ceil(X_LABELS).max(1);
    let title = lang.t(&format!("dash.chart_title.{}", t.step.code()));
    let segments = |b: &Bucket| -> Vec<(&'static str, u64)> {
        if *by_family {
            Family::ALL
                .iter()
                .zip(b.families)
                .map(|(f, n)| (f.code(), n))
                .collect()
        } else {
            vec![("passed", b.passed), ("failed", b.failed)]
        }
    };
    let toggle = |family: bool| {
        let state = by_family.clone();
        Callback::from(move |_: MouseEvent| state.set(family))
    };
    let legend: Vec<(String, String)> = if *by_family {
        Family::ALL
            .iter()
            .map(|f| (format!("family-{}", f.code()), lang.t(&f.key())))
            .collect()
    } else {
        vec![
            ("passed".to_owned(), lang.t("dash.passed")),
            ("failed".to_owned(), lang.t("dash.failed")),
        ]
    };
    let readout = active
        .and_then(|i| t.buckets.get(i))
        .map(|b| figures(lang, t.step, b));
    let bucket_of = |day: i32| t.buckets.iter().position(|b| b.start <= day && day < b.end);
    let several_domains = props.several_domains;
    let marker_text = |m: &dmarc_core::analysis::PolicyMarker| {
        let change = format!("{} → {}", m.from, m.to);
        if several_domains {
            format!("{}: {change}", m.domain)
        } else {
            change
        }
    };
    html! {
        <section class="chart" id={ids::reports::CHART} aria-labelledby="chart-title" data-step={t.step.code()}>
            <h2 id="chart-title">{ title.clone() }</h2>
            <div class="chart-controls">
                <div class="toggle" role="group" aria-label={lang.t("dash.chart_view")}>
                    <button type="button" aria-pressed={by_family.to_string()} onclick={toggle(true)}>{ lang.t("dash.chart_by_family") }</button>
                    <button type="button" aria-pressed={(!*by_family).to_string()} onclick={toggle(false)}>{ lang.t("dash.chart_by_outcome") }</button>
                </div>
                <div class="legend" aria-hidden="true">
                    { for legend.into_iter().map(|(class, label)| html! { <><span class={classes!("key", class)}></span>{ label }</> }) }
                </div>
            </div>
            <svg viewBox={format!("0 0 {WIDTH} {}", TOP + HEIGHT + BOTTOM)} role="group" aria-label={title}>
                { for t.ticks.iter().map(|v| {
                    let ty = y(*v);
                    html! {
                        <g class="y-tick" aria-hidden="true">
                            <line class="grid" x1={LEFT.to_string()} x2={WIDTH.to_string()} y1={format!("{ty:.1}")} y2={format!("{ty:.1}")} />
                            <text x={(LEFT - 6.0).to_string()} y={format!("{:.1}", ty + 4.0)} text-anchor="end">{ lang.number(*v) }</text>
                        </g>
                    }
                }) }
                { for t.buckets.iter().enumerate().filter(|(_, b)| b.messages() > 0).map(|(i, b)| {
                    let label = figures(lang, t.step, b);
                    let x = x_of(i) + (slot - bar) / 2.0;
                    let mut base = 0u64;
                    let focus = { let a = active.clone(); Callback::from(move |_: FocusEvent| a.set(Some(i))) };
                    let enter = { let a = active.clone(); Callback::from(move |_: MouseEvent| a.set(Some(i))) };
                    html! {
                        <g class={classes!("bar", (*active == Some(i)).then_some("active"))} tabindex="0" role="img"
                            aria-label={label.clone()} onfocus={focus} onmouseenter={enter} data-start={b.date.clone()}>
                            <title>{ label }</title>
                            { for segments(b).into_iter().filter(|(_, n)| *n > 0).map(|(class, n)| {
                                let (y1, y0) = (y(base + n), y(base));
                                base += n;
                                html! { <rect class={class} x={format!("{x:.2}")} y={format!("{y1:.2}")} width={format!("{bar:.2}")} height={format!("{:.2}", (y0 - y1).max(0.5))} /> }
                            }) }
                        </g>
                    }
                }) }
                // Numbered; the list below the chart says what changed.
                { for t.markers.iter().enumerate().filter_map(|(n, m)| Some((n, m, bucket_of(m.day)?))).map(|(n, m, i)| {
                    let mx = x_of(i) + slot / 2.0;
                    html! {
                        <g class="marker" aria-hidden="true">
                            <title>{ marker_text(m) }</title>
                            <line x1={format!("{mx:.1}")} x2={format!("{mx:.1}")} y1={TOP.to_string()} y2={(TOP + HEIGHT).to_string()} />
                            <text x={format!("{:.1}", mx + 3.0)} y={(TOP - 5.0).to_string()}>{ n + 1 }</text>
                        </g>
                    }
                }) }
                <line class="axis" aria-hidden="true" x1={LEFT.to_string()} x2={WIDTH.to_string()} y1={(TOP + HEIGHT).to_string()} y2={(TOP + HEIGHT).to_string()} />
                // Every other label is left out on narrow screens (`odd`).
                { for t.buckets.iter().enumerate().filter(|(i, _)| i % every == 0).map(|(i, b)| html! {
                    <text class={classes!("x-tick", (i / every % 2 == 1).then_some("odd"))} aria-hidden="true"
                        x={format!("{:.1}", x_of(i))} y={(TOP + HEIGHT + 16.0).to_string()}>{ tick(lang, t.step, b, one_year) }</text>
                }) }
            </svg>
            <p class="chart-readout" aria-live="polite">{ readout.unwrap_or_else(|| lang.t("dash.chart_hint")) }</p>
            if !t.markers.is_empty() {
                <ol class="markers" aria-label={lang.t("dash.policy_changes")}>
                    { for t.markers.iter().map(|m| html! {
                        <li>{ lang.date(day_start(m.day)) }{ ": " }{ marker_text(m) }</li>
                    }) }
                </ol>
            }
            <ChartTable {lang} timeline={props.timeline.clone()} />
        </section>
    }
}

/// Properties of [`ChartTable`].
#[derive(Properties, PartialEq)]
struct ChartTableProps {
    lang: Lang,
    timeline: Rc<Timeline>,
}

/// The chart's data as a table, built only while it is open.
#[function_component(ChartTable)]
fn chart_table(props: &ChartTableProps) -> Html {
    let lang = props.lang;
    let (open, ontoggle) = use_details_toggle();
    let t = &props.timeline;
    html! {
        <details class="chart-table" {ontoggle}>
            <summary>{ lang.t("dash.chart_as_table") }</summary>
            if open == Some(true) {
                // Focusable, so that a keyboard can scroll it on a phone.
                <div class="table-scroll" tabindex="0" role="region" aria-label={lang.t("dash.chart_as_table")}>
                    <table class="data-table">
                        <caption>{ lang.t(&format!("dash.chart_title.{}", t.step.code())) }</caption>
                        <thead><tr>
                            <th scope="col">{ lang.t("dash.date") }</th>
                            <th scope="col" class="num">{ lang.t("dash.passed") }</th>
                            <th scope="col" class="num">{ lang.t("dash.failed") }</th>
                            { for Family::ALL.iter().map(|f| html! { <th scope="col" class="num">{ lang.t(&f.key()) }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for t.buckets.iter().filter(|b| b.messages() > 0).map(|b| html! {
                                <tr><th scope="row">{ period(lang, t.step, b) }</th>
                                    <td class="num">{ lang.number(b.passed) }</td>
                                    <td class="num">{ lang.number(b.failed) }</td>
                                    { for b.families.iter().map(|n| html! { <td class="num">{ lang.number(*n) }</td> }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </details>
    }
}
