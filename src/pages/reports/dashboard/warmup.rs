//! The dashboard drawn once, hidden, while the first reports are read.
//!
//! A profile of the first dashboard (50,000 records; Chrome DevTools
//! protocol) put most of its 150–240 ms in work done once per page, not per
//! record: compiling the page's code for the dashboard on first use (the
//! browser compiles WebAssembly functions when they are first called: the
//! same render took 50–80 ms less with eager compilation) and looking up
//! the fonts of its type sizes and weights (synchronous questions to the
//! browser process, 20–200 ms on a busy machine). While the worker reads,
//! the page has nothing to do; this draws an example dashboard (the
//! worker's two messages for a few generated reports, decoded as the
//! worker's are: `warmup-*.bin`, written by `tests/native/warmup.rs`) into
//! an invisible, inert element where the dashboard will be, a section a
//! frame (so that no task holds many font look-ups), then removes it. Nothing of it is
//! shown or read out; every figure the person sees is the worker's.

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

/// The warm-up, once per page: started when reports are being read and no
/// dashboard is shown (`busy` and not `shown`), drawn in `lang` (so that
/// the fonts of that language are looked up), removed after its last group
/// of sections or as soon as the real dashboard is shown. The returned
/// element goes where the dashboard will be.
#[hook]
pub fn use_warmup(lang: Lang, busy: bool, shown: bool) -> Html {
    let example = use_state(|| None::<Rc<Dashboard>>);
    let started = use_mut_ref(|| false);
    {
        let example = example.clone();
        use_effect_with((busy, shown), move |&(busy, shown)| {
            if shown {
                example.set(None);
            } else if busy && !*started.borrow() {
                *started.borrow_mut() = true;
                if let Some(d) = self::example() {
                    example.set(Some(Rc::new(d)));
                    // A frame for the first render, one a later section, one to spare.
                    after_paints(u32::from(LATER_SECTIONS) + 2, move || example.set(None));
                }
            }
        });
    }
    match (&*example, shown) {
        (Some(dashboard), false) => html! {
            <div class="warmup" aria-hidden="true" inert="">
                <DashboardView {lang} dashboard={dashboard.clone()} filter={Filter::default()} drill={None}
                               onfilter={Callback::noop()} ondrill={Callback::noop()} onclosedrill={Callback::noop()}
                               onexport={Callback::noop()} one_by_one=true />
            </div>
        },
        _ => html! {},
    }
}
