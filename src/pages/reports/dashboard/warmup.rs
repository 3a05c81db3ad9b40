//! The dashboard drawn once, hidden, when the page opens.
//!
//! A profile of the first dashboard (50,000 records; Chrome DevTools
//! protocol) put most of its 150–240 ms in work done once per page, not per
//! record: compiling the page's code for the dashboard on first use (the
//! browser compiles WebAssembly functions when they are first called: the
//! same render took 50–80 ms less with eager compilation) and looking up
//! the fonts of its type sizes and weights (synchronous questions to the
//! browser process, 20–200 ms on a busy machine). A trace of a folder of
//! 2,000 files (`FontCache::GetFontPlatformData`,
//! `GetWebFontRenderStyleForStrike`) showed those questions again in the
//! first layouts after the drop, of the progress bar and the log, taking
//! 35–110 ms while the browser process was busy taking the files. So when
//! the page opens, before any file, this draws an example of what reading
//! shows (the progress bar, the stored-reports box, the log's title) and an
//! example dashboard (the worker's two messages for a few generated
//! reports, decoded as the worker's are: `warmup-*.bin`, written by
//! `tests/native/warmup.rs`) into an invisible, inert element where the
//! dashboard will be, a section a frame (so that no task holds many font
//! look-ups), then removes it; again after a change of language. Nothing of
//! it is shown or read out; every figure the person sees is the worker's.
//!
//! It is as wide as the dashboard will be (the width of the page's content,
//! inside `main`'s padding): the chart is an SVG scaled to its width, so its
//! text's size in pixels, and the font looked up for it, follow that width.
//! Drawn 32 pixels wider (the width of `main` with its padding), the
//! chart's labels came out at 17.28 and 23.04 pixels where the real chart's
//! are at 16.80 and 22.40, and the first real layout still asked the browser
//! process for those two fonts: 45–94 ms in about half of a dozen traced
//! drops of a 50,000-record report, the longest task of the main thread
//! from drop to dashboard (`GetWebFontRenderStyleForStrike` in traces of the
//! DevTools protocol).

use std::rc::Rc;

use dmarc_core::analysis::{Dashboard, Filter};
use yew::prelude::*;

use super::{DashboardView, LATER_SECTIONS};
use crate::i18n::Lang;
use crate::services::frames::after_next_paint;
use crate::services::protocol::{decode, Event};

const DASHBOARD: &[u8] = include_bytes!("warmup-dashboard.bin");
const SOURCES: &[u8] = include_bytes!("warmup-sources.bin");

/// The example dashboard with its address lists, or `None` when the bytes
/// no longer decode (the warm-up is then skipped).
pub fn example() -> Option<Dashboard> {
    let Ok(Event::Dashboard { mut dashboard, .. }) = decode::<Event>(DASHBOARD) else {
        return None;
    };
    if let Ok(Event::Sources { sources, .. }) = decode::<Event>(SOURCES) {
        for (group, rows) in dashboard.services.iter_mut().zip(sources) {
            group.sources = rows;
        }
    }
    Some(*dashboard)
}

/// Calls `f` after `frames` frames have been painted.
fn after_paints(frames: u32, f: impl FnOnce() + 'static) {
    after_next_paint(move || {
        if frames <= 1 {
            f();
        } else {
            after_paints(frames - 1, f);
        }
    });
}

thread_local! {
    /// The language the warm-up was last drawn in: once per page load and
    /// language, not again when the person comes back to this view.
    static DRAWN_FOR: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The warm-up, once per page and language: started after the page's first
/// paint while no dashboard is shown, drawn in `lang` (so that the fonts of
/// that language are looked up), removed after its last section or as soon
/// as the real dashboard is shown (`shown`). The returned element goes
/// where the dashboard will be.
#[hook]
pub fn use_warmup(lang: Lang, shown: bool) -> Html {
    let example = use_state(|| None::<Rc<Dashboard>>);
    {
        let example = example.clone();
        use_effect_with((lang, shown), move |&(lang, shown)| {
            if shown {
                example.set(None);
            } else if DRAWN_FOR.with(|d| d.replace(Some(lang))) != Some(lang) {
                if let Some(d) = self::example() {
                    let d = Rc::new(d);
                    after_next_paint(move || {
                        example.set(Some(d));
                        // A frame for the first render, one a later section, one to spare.
                        after_paints(u32::from(LATER_SECTIONS) + 2, move || example.set(None));
                    });
                }
            }
        });
    }
    match (&*example, shown) {
        (Some(dashboard), false) => html! {
            <div class="warmup-place">
                <div class="warmup" aria-hidden="true" inert="">
                    { reading(lang) }
                    <DashboardView {lang} dashboard={dashboard.clone()} filter={Filter::default()} drill={None}
                                   onfilter={Callback::noop()} ondrill={Callback::noop()} onclosedrill={Callback::noop()}
                                   onexport={Callback::noop()} one_by_one=true />
                </div>
            </div>
        },
        _ => html! {},
    }
}

/// What reading shows above the dashboard, as the progress bar, the
/// stored-reports box and the log draw it (same elements and classes, so
/// the same fonts), with example figures and without their ids.
fn reading(lang: Lang) -> Html {
    let files = 2_000u64;
    let label = lang.t_count(
        "reports.progress",
        files,
        &[
            ("done", lang.number(1_234).into()),
            ("bytes_done", lang.bytes(12_345_678).into()),
            ("bytes_total", lang.bytes(23_456_789).into()),
        ],
    );
    html! {
        <>
            <div class="progress">
                <label>{ label }</label>
                <progress max="100" value="40"></progress>
                <button type="button">{ lang.t("reports.cancel") }</button>
                <span class="progress-done">{ lang.t("reports.progress_done") }</span>
            </div>
            <div class="stored">
                <p>{ lang.t_count("reports.stored_note", files, &[("bytes", lang.bytes(23_456_789).into())]) }</p>
                <button type="button" class="danger" disabled=true>{ lang.t("reports.forget") }</button>
            </div>
            <details class="ingest-log">
                <summary>{ lang.t_count("reports.log_title", files, &[]) }</summary>
            </details>
        </>
    }
}
