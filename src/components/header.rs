//! The page header: product name, navigation, language switch.

use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::Lang;
use crate::ids;
use crate::state::{Action, AppContext};

/// The header. Reads the store to know the language and route.
#[function_component(Header)]
pub fn header() -> Html {
    let Some(store) = use_context::<AppContext>() else {
        return html! {};
    };
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let lang = store.lang;
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(chosen) = Lang::from_code(&select.value()) {
                store.dispatch(Action::LanguageChosen(chosen));
            }
        })
    };
    let on_reports = matches!(route, Route::Home | Route::Reports);
    let on_builder = route == Route::Builder;
    html! {
        <header class="site-header">
            <div class="brand">
                <span class="brand-name">{ lang.t("app.name") }</span>
                <span class="brand-tagline">{ lang.t("app.tagline") }</span>
            </div>
            <nav aria-label={lang.t("app.nav_label")}>
                <ul class="nav-list">
                    <li>{ nav_link(ids::NAV_REPORTS, Route::Reports, on_reports, lang.t("nav.reports")) }</li>
                    <li>{ nav_link(ids::NAV_BUILDER, Route::Builder, on_builder, lang.t("nav.builder")) }</li>
                </ul>
            </nav>
            <div class="lang-switch">
                <label for={ids::LANG_SELECT}>{ lang.t("app.language") }</label>
                <select id={ids::LANG_SELECT} {onchange}>
                    { for Lang::ALL.iter().map(|l| html! {
                        <option value={l.code()} lang={l.code()} selected={*l == lang}>{ l.native_name() }</option>
                    }) }
                </select>
            </div>
        </header>
    }
}

fn nav_link(id: &'static str, to: Route, current: bool, label: String) -> Html {
    // A real `<a href="#/…">`: reachable by Tab, opens with Enter, and works
    // under any sub-path. The hash router follows the change.
    let href = format!("#{}", to.to_path());
    html! {
        <a {id} {href} class={classes!("nav-link", current.then_some("current"))}
           aria-current={current.then_some("page")}>{ label }</a>
    }
}
