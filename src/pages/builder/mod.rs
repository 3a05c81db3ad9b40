//! The Record builder view.

use yew::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::state::AppContext;

/// The Record builder view.
#[function_component(BuilderPage)]
pub fn builder_page() -> Html {
    let lang = use_context::<AppContext>()
        .map(|s| s.lang)
        .unwrap_or_default();
    html! {
        <div class="page page-builder">
            <h1>{ lang.t("builder.title") }</h1>
            <EmptyState title={lang.t("builder.empty_title")} body={lang.t("builder.empty_body")} />
        </div>
    }
}
