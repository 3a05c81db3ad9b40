//! Server-side rendering of the shell and its views.

use dmarc_lens_web::app::{App, AppProps};
use dmarc_lens_web::components::empty_state::{EmptyState, EmptyStateProps};
use dmarc_lens_web::i18n::Lang;

async fn render_app(initial_lang: Lang) -> String {
    render_at(initial_lang, "/").await
}

async fn render_at(initial_lang: Lang, path: &'static str) -> String {
    yew::ServerRenderer::<App>::with_props(move || AppProps {
        initial_lang,
        initial_path: path.into(),
    })
    .hydratable(false)
    .render()
    .await
}

#[tokio::test]
async fn the_shell_has_landmarks_navigation_and_a_language_switch() {
    let html = render_app(Lang::En).await;
    for needle in [
        "<header class=\"site-header\"",
        "<nav aria-label=\"Views\"",
        "<main id=\"main\"",
        "<footer class=\"site-footer\"",
        "id=\"nav-reports\"",
        "href=\"#/builder\"",
        "id=\"lang-select\"",
        "<option lang=\"ja\" value=\"ja\">日本語</option>",
    ] {
        assert!(html.contains(needle), "missing {needle:?} in {html}");
    }
}

#[tokio::test]
async fn the_shell_speaks_japanese_when_asked() {
    let html = render_app(Lang::Ja).await;
    assert!(html.contains("レコード作成"), "{html}");
    assert!(html.contains("本文へ移動"), "{html}");
    assert!(!html.contains("Record builder"), "English left in: {html}");
}

#[tokio::test]
async fn an_empty_state_shows_its_title_and_body() {
    let html = yew::ServerRenderer::<EmptyState>::with_props(|| EmptyStateProps {
        title: "Nothing yet".into(),
        body: "Drop files".into(),
        children: Default::default(),
    })
    .hydratable(false)
    .render()
    .await;
    assert_eq!(
        html,
        "<section class=\"empty-state\"><h2>Nothing yet</h2><p>Drop files</p></section>"
    );
}

#[tokio::test]
async fn each_route_renders_its_view() {
    let cases = [
        ("/", "<h1>Reports</h1>"),
        ("/reports", "<h1>Reports</h1>"),
        ("/builder", "<h1>Record builder</h1>"),
        ("/nowhere", "Page not found"),
    ];
    for (path, needle) in cases {
        let html = render_at(Lang::En, path).await;
        assert!(
            html.contains(needle),
            "{path}: missing {needle:?} in {html}"
        );
    }
}
