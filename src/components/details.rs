//! `<details>` whose content is built only while open.

use yew::prelude::*;

/// Whether a `<details>` was opened or closed by the person (`None` until
/// they touch it), and the `ontoggle` handler that keeps track. Content of
/// a closed `<details>` need not be built: long tables stay cheap until read.
#[hook]
pub fn use_details_toggle() -> (Option<bool>, Callback<Event>) {
    let open = use_state(|| None::<bool>);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e.target_dyn_into::<web_sys::HtmlDetailsElement>() {
                open.set(Some(details.open()));
            }
        })
    };
    (*open, ontoggle)
}
