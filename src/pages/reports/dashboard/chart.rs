//! Daily volume, stacked by outcome, as an SVG chart with its table.

use dmarc_core::analysis::date::{civil_from_days, day_start};
use dmarc_core::analysis::DailyPoint;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::details::use_details_toggle;
use crate::i18n::Lang;

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 200.0;

/// The chart and, for screen readers and exactness, the same data as a table.
pub fn daily_chart(lang: Lang, days: &[DailyPoint]) -> Html {
    if days.is_empty() {
        return html! {};
    }
    let max = days
        .iter()
        .map(|d| d.passed + d.failed)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = WIDTH / days.len() as f64;
    let bar = (step * 0.8).max(1.0);
    let y = |v: u64| HEIGHT - (v as f64 / max) * HEIGHT;
    let day_label = |d: &DailyPoint| lang.short_date(day_start(d.day));
    let total_passed: u64 = days.iter().map(|d| d.passed).sum();
    let total_failed: u64 = days.iter().map(|d| d.failed).sum();
    let summary = lang.t_args(
        "dash.chart_summary",
        &[
            (
                "days",
                lang.t_count("count.days", days.len() as u64, &[]).into(),
            ),
            ("passed", lang.number(total_passed).into()),
            ("failed", lang.number(total_failed).into()),
        ],
    );
    // Across a new year the axis needs the years: "28 Apr" – "21 Jan" could be any.
    let year = |d: &DailyPoint| civil_from_days(d.day).0;
    let axis_label = |d: &DailyPoint| {
        if days.first().map(year) == days.last().map(year) {
            day_label(d)
        } else {
            lang.date(day_start(d.day))
        }
    };
    let first = days.first().map(axis_label).unwrap_or_default();
    let last = days.last().map(axis_label).unwrap_or_default();
    // Looked up once, not once per day.
    let (passed_word, failed_word) = (lang.t("dash.passed"), lang.t("dash.failed"));
    html! {
        <section class="chart" aria-labelledby="chart-title">
            <h2 id="chart-title">{ lang.t("dash.daily_title") }</h2>
            <div class="legend" aria-hidden="true">
                <span class="key passed"></span>{ lang.t("dash.passed") }
                <span class="key failed"></span>{ lang.t("dash.failed") }
            </div>
            <svg viewBox={format!("0 0 {WIDTH} {}", HEIGHT + 20.0)} role="img" aria-label={summary}>
                <line class="axis" x1="0" y1={HEIGHT.to_string()} x2={WIDTH.to_string()} y2={HEIGHT.to_string()} />
                { for days.iter().enumerate().map(|(i, d)| {
                    let x = i as f64 * step + (step - bar) / 2.0;
                    let y_pass = y(d.passed);
                    let y_total = y(d.passed + d.failed);
                    html! {
                        <g>
                            <title>{ format!("{}: {} {passed_word}, {} {failed_word}", lang.date(day_start(d.day)), lang.number(d.passed), lang.number(d.failed)) }</title>
                            <rect class="passed" x={format!("{x:.2}")} y={format!("{y_pass:.2}")} width={format!("{bar:.2}")} height={format!("{:.2}", HEIGHT - y_pass)} />
                            <rect class="failed" x={format!("{x:.2}")} y={format!("{y_total:.2}")} width={format!("{bar:.2}")} height={format!("{:.2}", y_pass - y_total)} />
                        </g>
                    }
                }) }
                <text class="tick" x="0" y={(HEIGHT + 16.0).to_string()}>{ first }</text>
                <text class="tick end" x={WIDTH.to_string()} y={(HEIGHT + 16.0).to_string()} text-anchor="end">{ last }</text>
            </svg>
            <p class="chart-max">{ lang.t_count("dash.chart_max", max as u64, &[]) }</p>
            <ChartTable {lang} days={Rc::new(days.to_vec())} />
        </section>
    }
}

/// Properties of [`ChartTable`].
#[derive(Properties, PartialEq)]
struct ChartTableProps {
    lang: Lang,
    days: Rc<Vec<DailyPoint>>,
}

/// The chart's data as a table, built only while it is open (a year is 365
/// rows the page need not build for every new dashboard).
#[function_component(ChartTable)]
fn chart_table(props: &ChartTableProps) -> Html {
    let lang = props.lang;
    let (open, ontoggle) = use_details_toggle();
    html! {
        <details class="chart-table" {ontoggle}>
            <summary>{ lang.t("dash.chart_as_table") }</summary>
            if open == Some(true) {
                <table class="data-table">
                    <caption>{ lang.t("dash.daily_title") }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.t("dash.date") }</th>
                        <th scope="col" class="num">{ lang.t("dash.passed") }</th>
                        <th scope="col" class="num">{ lang.t("dash.failed") }</th>
                    </tr></thead>
                    <tbody>
                        { for props.days.iter().map(|d| html! {
                            <tr><td>{ lang.date(day_start(d.day)) }</td>
                                <td class="num">{ lang.number(d.passed) }</td>
                                <td class="num">{ lang.number(d.failed) }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </details>
    }
}
