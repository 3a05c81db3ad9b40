//! The shell: header with the language switch, navigation, the routed view.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::header::Header;
use crate::components::update_notice::UpdateNotice;
use crate::i18n::Lang;
use crate::ids;
use crate::pages::builder::BuilderPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::reports::provider::ReportsProvider;
use crate::pages::reports::ReportsPage;
use crate::state::{AppContext, AppState};

/// The views, addressed after `#` so that the app works from any static
/// host, at the root or under a sub-path, with no server rewrite rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// The start page: the Reports view.
    #[at("/")]
    Home,
    /// The Reports view.
    #[at("/reports")]
    Reports,
    /// The Record builder view.
    #[at("/builder")]
    Builder,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::Reports => html! { <ReportsPage /> },
        Route::Builder => html! { <BuilderPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The language to start in (from storage or the browser).
    #[prop_or_default]
    pub initial_lang: Lang,
    /// Off the browser (server-side rendering in tests), the route to render;
    /// in the browser the address's `#` part decides.
    #[prop_or_else(|| AttrValue::from("/"))]
    pub initial_path: AttrValue,
}

/// The whole app.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial_lang = props.initial_lang;
    let store = use_reducer(move || AppState { lang: initial_lang });
    let lang = store.lang;
    use_effect_with(lang, |lang| crate::services::prefs::store_lang(*lang));
    // The service worker: offline copy, and word of a newer release.
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| {
            crate::services::updates::watch(Callback::from(move |()| update_ready.set(true)));
        });
    }
    let onapply = Callback::from(|()| crate::services::updates::apply());

    html! {
        <ContextProvider<AppContext> context={store}>
            <ReportsProvider>
            <AppRouter path={props.initial_path.clone()}>
                <a class="skip-link" href={format!("#{}", ids::MAIN)} onclick={skip_to_main()}>
                    { lang.t("app.skip_to_content") }
                </a>
                <Header />
                <UpdateNotice {lang} ready={*update_ready} {onapply} />
                <main id={ids::MAIN} tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
                <footer class="site-footer">
                    <p>{ lang.t("app.privacy_note") }</p>
                </footer>
            </AppRouter>
            </ReportsProvider>
        </ContextProvider<AppContext>>
    }
}

#[derive(Properties, PartialEq)]
struct AppRouterProps {
    path: AttrValue,
    children: Html,
}

/// In the browser, the hash router; elsewhere a router held in memory.
#[function_component(AppRouter)]
fn app_router(props: &AppRouterProps) -> Html {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = &props.path;
        html! { <HashRouter>{ props.children.clone() }</HashRouter> }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let history =
            yew_router::history::MemoryHistory::with_entries(vec![props.path.to_string()]);
        let history = yew_router::history::AnyHistory::from(history);
        html! { <Router {history}>{ props.children.clone() }</Router> }
    }
}

/// The skip link must not change the hash (that is the router's), so it
/// moves focus itself.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        crate::services::focus::focus_by_id(ids::MAIN);
    })
}

/// Mounts the app on `<body>`, in the stored or the browser's language.
pub fn start() {
    yew::set_custom_panic_hook(Box::new(crate::services::panic::show_panic));
    let initial_lang = crate::services::prefs::initial_lang();
    yew::Renderer::<App>::with_props(AppProps {
        initial_lang,
        initial_path: "/".into(),
    })
    .render();
}
