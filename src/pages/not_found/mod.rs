//! Any address that names no view.

use yew::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::state::AppContext;

/// The not-found view.
#[function_component(NotFoundPage)]
pub fn not_found_page() -> Html {
    let lang = use_context::<AppContext>()
        .map(|s| s.lang)
        .unwrap_or_default();
    html! {
        <div class="page page-not-found">
            <EmptyState title={lang.t("not_found.title")} body={lang.t("not_found.body")} />
        </div>
    }
}
