//! Server-side rendering of the shell and its views.

use dmarc_lens_web::app::{App, AppProps};
use dmarc_lens_web::components::empty_state::{EmptyState, EmptyStateProps};
use dmarc_lens_web::i18n::Lang;
use dmarc_lens_web::ids;

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
        &format!("<main id=\"{}\"", ids::MAIN),
        "<footer class=\"site-footer\"",
        &format!("id=\"{}\"", ids::NAV_REPORTS),
        "href=\"#/builder\"",
        &format!("id=\"{}\"", ids::LANG_SELECT),
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

/// A domain at p=reject whose reports show only spoofed mail.
const SPOOFED_AT_REJECT: &str = r#"<?xml version="1.0"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email>
<report_id>spoof-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.org</domain><p>reject</p></policy_published>
<record><row><source_ip>203.0.113.9</source_ip><count>25</count><policy_evaluated><disposition>reject</disposition>
<dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers>
<auth_results><spf><domain>spoofer.test</domain><result>pass</result></spf></auth_results></record></feedback>"#;

#[derive(yew::Properties, PartialEq)]
struct ReadinessProbeProps {
    lang: Lang,
    items: Vec<dmarc_core::analysis::Readiness>,
}

#[yew::function_component]
fn ReadinessProbe(props: &ReadinessProbeProps) -> yew::Html {
    dmarc_lens_web::pages::reports::dashboard::readiness::readiness(
        props.lang,
        &props.items,
        &yew::Callback::noop(),
    )
}

#[tokio::test]
async fn readiness_without_legitimate_mail_says_so_instead_of_a_dash() {
    use dmarc_core::analysis::{summarize, Filter, Index};
    use dmarc_core::ingest::{ingest_file, Limits};

    let outcome = ingest_file(
        "spoof.xml",
        SPOOFED_AT_REJECT.as_bytes(),
        &Limits::default(),
    );
    let index = Index::build(outcome.reports.iter().map(|r| ("spoof.xml", &r.report)));
    let items = summarize(&index, &Filter::default()).readiness;
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].own.messages, items[0].pass_share), (0, None));
    let cases = [
        (
            Lang::En,
            [
                "No mail from a source of yours yet",
                "If you send mail as example.org",
            ],
        ),
        (
            Lang::Ja,
            [
                "自社の送信元からのメールはまだない",
                "example.org からメールを送っている場合",
            ],
        ),
    ];
    for (lang, needles) in cases {
        let items = items.clone();
        let html = yew::LocalServerRenderer::<ReadinessProbe>::with_props(ReadinessProbeProps {
            lang,
            items,
        })
        .hydratable(false)
        .render()
        .await;
        for needle in needles {
            assert!(
                html.contains(needle),
                "{lang:?}: missing {needle:?} in {html}"
            );
        }
        assert!(
            !html.contains('–'),
            "{lang:?}: a dash where a share belongs: {html}"
        );
    }
}
