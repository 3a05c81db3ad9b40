//! The Reports view.

use yew::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::state::AppContext;

/// The Reports view.
#[function_component(ReportsPage)]
pub fn reports_page() -> Html {
    let lang = use_context::<AppContext>()
        .map(|s| s.lang)
        .unwrap_or_default();
    html! {
        <div class="page page-reports">
            <h1>{ lang.t("reports.title") }</h1>
            <EmptyState title={lang.t("reports.empty_title")} body={lang.t("reports.empty_body")} />
        </div>
    }
}
