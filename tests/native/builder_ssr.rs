//! The builder's components rendered by Yew's server-side renderer.

use std::rc::Rc;

use dmarc_core::record::{build, check, explain, BuildError, BuilderChoices, Policy, ReportUri};
use dmarc_lens_web::app::{App, AppProps};
use dmarc_lens_web::i18n::Lang;
use dmarc_lens_web::ids;
use dmarc_lens_web::pages::builder::checker::{Checked, Checker, CheckerProps};
use dmarc_lens_web::pages::builder::output::{verdict, Output, OutputProps};
use dmarc_lens_web::pages::builder::rollout::{Rollout, RolloutProps};
use dmarc_lens_web::pages::builder::setup::{Setup, SetupProps};
use dmarc_lens_web::pages::builder::state::{CopyTarget, Provider, SetupForm};
use dmarc_lens_web::pages::builder::BuilderPage;
use dmarc_lens_web::services::suffix_list::ListState;
use yew::{BaseComponent, Callback};

async fn render<C: BaseComponent>(props: C::Properties) -> String {
    yew::LocalServerRenderer::<C>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

/// `id="<value>"`, as rendered.
fn id(value: &str) -> String {
    format!("id=\"{value}\"")
}

fn assert_has(html: &str, needles: &[&str]) {
    for n in needles {
        assert!(html.contains(n), "missing {n:?} in {html}");
    }
}

#[tokio::test]
async fn the_page_shows_every_step_with_labelled_controls() {
    let html = yew::LocalServerRenderer::<BuilderPage>::new()
        .hydratable(false)
        .render()
        .await;
    assert_has(
        &html,
        &[
            "<h1>Record builder</h1>",
            &id(ids::builder::FORM),
            &format!("<label for=\"{}\">Domain</label>", ids::builder::DOMAIN),
            "<legend>Tags to write</legend>",
            &id(&ids::builder::choice("tag-set", "rfc7489")),
            "<legend>Policy</legend>",
            &id(&ids::builder::choice("p", "quarantine")),
            &format!(
                "<label for=\"{}\">reject: refuse failing mail",
                ids::builder::choice("p", "reject")
            ),
            "<legend>Subdomain policy</legend>",
            &id(ids::builder::PCT),
            &id(&ids::builder::address("rua", 0)),
            &id(&ids::builder::size("rua", 0)),
            &id(&ids::builder::choice("adkim", "s")),
            &id(&ids::builder::choice("aspf", "r")),
            &id(&ids::builder::choice("fo", "1")),
            &id(ids::builder::RI),
            &id(ids::builder::SPF_ONLY),
            "Enter your domain in step 1",
            &id(ids::builder::ROLLOUT),
            &id(&ids::builder::rollout_step(3)),
            &id(ids::builder::CHECKER_INPUT),
            &id(ids::builder::SETUP),
            "Default: </strong>",
        ],
    );
    // Every input has a label, and no inline styles (the CSP forbids them).
    assert!(!html.contains("style="), "inline style in {html}");
    let inputs = html.matches("<input").count() + html.matches("<textarea").count();
    let labels = html.matches("<label for=").count();
    assert!(labels >= inputs, "{labels} labels for {inputs} inputs");
    // Radio buttons sit in fieldsets with legends.
    assert!(html.matches("<fieldset").count() >= 8);
    assert_eq!(
        html.matches("<fieldset").count(),
        html.matches("<legend").count()
    );
}

#[tokio::test]
async fn the_page_speaks_japanese() {
    let html = yew::ServerRenderer::<App>::with_props(|| AppProps {
        initial_lang: Lang::Ja,
        initial_path: "/builder".into(),
    })
    .hydratable(false)
    .render()
    .await;
    assert_has(
        &html,
        &[
            "<h1>レコード作成</h1>",
            "レコードを順番に作成",
            "既存のレコードをチェック",
        ],
    );
    for english in [
        "Build your record",
        "Which DMARC standard",
        "Open in builder",
        "Default:",
    ] {
        assert!(
            !html.contains(english),
            "English {english:?} left in Japanese page"
        );
    }
}

fn built(choices: &BuilderChoices) -> OutputProps {
    let result = build(choices).map(|b| {
        let v = verdict(&b, choices);
        (b, v)
    });
    OutputProps {
        lang: Lang::En,
        result: Rc::new(result),
        waiting: false,
        list: ListState::Ready,
        copied: Some(CopyTarget::Value),
        copy_failed: false,
        oncopy: Callback::noop(),
    }
}

#[tokio::test]
async fn the_output_has_value_zone_line_copy_buttons_and_a_clean_verdict() {
    let choices = BuilderChoices {
        domain: "Example.com".into(),
        p: Policy::Quarantine,
        rua: vec![ReportUri::new("dmarc@reports.example.net")],
        ..BuilderChoices::default()
    };
    let html = render::<Output>(built(&choices)).await;
    assert_has(
        &html,
        &[
            &format!(
                "<code id=\"{}\">_dmarc.example.com</code>",
                ids::builder::OUTPUT_NAME
            ),
            "<code>_dmarc</code>",
            "v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.example.net</pre>",
            "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine;",
            &id(ids::builder::COPY_VALUE),
            &id(ids::builder::COPY_ZONE_LINE),
            &format!(
                "{} class=\"verdict verdict-clean\"",
                id(ids::builder::VERDICT)
            ),
            "no errors and no warnings",
            "example.com._report._dmarc.reports.example.net. 3600 IN TXT \"v=DMARC1\"",
            "role=\"status\"",
            ">Copied</button>",
            ">Copied</p>",
            "without quotes",
        ],
    );
}

#[tokio::test]
async fn long_records_are_split_and_errors_explained() {
    let choices = BuilderChoices {
        domain: "example.com".into(),
        rua: (0..9)
            .map(|i| ReportUri::new(format!("dmarc-reports-{i}@example.com")))
            .collect(),
        ..BuilderChoices::default()
    };
    let html = render::<Output>(built(&choices)).await;
    assert_has(
        &html,
        &[
            "splits it into 2 quoted strings",
            "example.com,\" \"mailto:",
        ],
    );
    let bad = BuilderChoices {
        domain: "co.jp".into(),
        ..BuilderChoices::default()
    };
    let html = render::<Output>(built(&bad)).await;
    assert_has(&html, &["role=\"alert\"", "co.jp is a public suffix"]);
}

/// While the Public Suffix List is not there the core builds nothing; the
/// output says why (loading, or the fetch's failure), never a record.
#[tokio::test]
async fn without_the_suffix_list_the_output_waits_or_says_why() {
    let cases = [
        (
            Lang::En,
            ListState::Loading,
            &["Loading the Public Suffix List", "output-waiting"][..],
        ),
        (
            Lang::Ja,
            ListState::Loading,
            &["Public Suffix List を読み込んでいます"][..],
        ),
        (
            Lang::En,
            ListState::Failed("./public_suffix_list-0123.txt: HTTP 404".into()),
            &[
                "role=\"alert\"",
                "could not be loaded (./public_suffix_list-0123.txt: HTTP 404)",
            ][..],
        ),
        (
            Lang::Ja,
            ListState::Failed("HTTP 404".into()),
            &["読み込めませんでした（HTTP 404）"][..],
        ),
    ];
    for (lang, list, want) in cases {
        let html = render::<Output>(OutputProps {
            lang,
            result: Rc::new(Err(BuildError::SuffixListMissing)),
            waiting: false,
            list,
            copied: None,
            copy_failed: false,
            oncopy: Callback::noop(),
        })
        .await;
        assert_has(&html, want);
        assert_has(&html, &[&id(ids::builder::LIST_STATUS)]);
        assert!(!html.contains(&id(ids::builder::VALUE)), "{html}");
    }
}

/// The checker's section for `text` checked against example.com.
async fn checker_html(text: &'static str, loading: bool) -> String {
    let c = check(text, Some("example.com"));
    let tags = explain(&c.parsed);
    render::<Checker>(CheckerProps {
        lang: Lang::En,
        text: text.into(),
        domain: "".into(),
        checked: Rc::new(Some(Checked { check: c, tags })),
        loading,
        onaction: Callback::noop(),
    })
    .await
}

#[tokio::test]
async fn the_checker_waits_for_the_suffix_list() {
    let html = checker_html("v=DMARC1; p=none; rua=mailto:a@reports.example.net", true).await;
    assert_has(&html, &["Loading the Public Suffix List"]);
    assert!(!html.contains("data-code="), "{html}");
}

#[tokio::test]
async fn the_checker_explains_tags_and_lists_findings() {
    let text = "v=DMARC1; p=quarantine; p=reject; adkm=s; rua=mailto:a@example.com";
    let html = checker_html(text, false).await;
    assert_has(
        &html,
        &[
            &format!(
                "{} role=\"status\" aria-live=\"polite\"",
                id(ids::builder::CHECKER_RESULT)
            ),
            "data-code=\"duplicate_tag\"",
            "data-code=\"unknown_tag\"",
            "Did you mean adkim?",
            "<span class=\"severity\">Error</span>",
            &id(ids::builder::OPEN_IN_BUILDER),
            "data-tag=\"p\"",
            "data-tag=\"adkm\"",
            "Tags left at their defaults",
        ],
    );
    assert!(!html.contains("%{"), "unfilled placeholder in {html}");
}

#[tokio::test]
async fn the_ses_helper_lists_mx_spf_and_three_cnames() {
    let form = SetupForm {
        provider: Provider::Ses,
        region: "ap-northeast-1".into(),
        mail_from: "mail".into(),
        tokens: [
            "abcdefghijklmnopqrstuvwxyz012345".into(),
            "bbcdefghijklmnopqrstuvwxyz012345".into(),
            "cbcdefghijklmnopqrstuvwxyz012345".into(),
        ],
        ..SetupForm::default()
    };
    let html = render::<Setup>(SetupProps {
        lang: Lang::Ja,
        form,
        builder_domain: "example.com".into(),
        copied: None,
        onaction: Callback::noop(),
        oncopy: Callback::noop(),
    })
    .await;
    assert_has(
        &html,
        &[
            "mail.example.com. 3600 IN MX 10 feedback-smtp.ap-northeast-1.amazonses.com.",
            "mail.example.com. 3600 IN TXT \"v=spf1 include:amazonses.com ~all\"",
            "abcdefghijklmnopqrstuvwxyz012345._domainkey.example.com. 3600 IN CNAME abcdefghijklmnopqrstuvwxyz012345.dkim.amazonses.com.",
            "cbcdefghijklmnopqrstuvwxyz012345.dkim.amazonses.com.",
            "amazonses.com としての合格",
        ],
    );
}

#[tokio::test]
async fn the_rollout_plan_marks_the_current_step() {
    let html = render::<Rollout>(RolloutProps {
        lang: Lang::En,
        tag_set: dmarc_core::record::TagSet::Rfc7489,
        position: Some(1),
        onaction: Callback::noop(),
    })
    .await;
    assert_has(
        &html,
        &[
            "aria-current=\"step\"",
            "Your record is at this step.",
            "For at least 14 days",
            "Every service signs with DKIM",
        ],
    );
    assert_eq!(html.matches("aria-current").count(), 1);
}

fn step_props(
    state: dmarc_lens_web::pages::builder::state::BuilderState,
) -> dmarc_lens_web::pages::builder::steps::StepProps {
    let choices = state.choices();
    let built = build(&choices);
    dmarc_lens_web::pages::builder::steps::StepProps {
        lang: Lang::En,
        state: Rc::new(state),
        onaction: Callback::noop(),
        error: built.as_ref().err().cloned(),
        authorizations: built
            .map(|b| b.authorizations.iter().map(|a| a.zone_line()).collect())
            .unwrap_or_default(),
    }
}

#[tokio::test]
async fn the_alignment_example_uses_the_domain_and_the_choices() {
    use dmarc_lens_web::pages::builder::reports::AlignmentStep;
    use dmarc_lens_web::pages::builder::state::{apply, Action, AlignmentTag, BuilderState};
    let s = apply(
        &BuilderState::default(),
        Action::DomainEdited("Shop.Example".into()),
    );
    let s = apply(
        &s,
        Action::AlignmentChosen(AlignmentTag::Dkim, dmarc_core::record::Alignment::Strict),
    );
    let html = render::<AlignmentStep>(step_props(s)).await;
    assert_has(
        &html,
        &[
            "a DKIM signature by mail.shop.example does not count (not aligned)",
            "bounces@mail.shop.example counts (aligned)",
        ],
    );
}

#[tokio::test]
async fn the_reports_step_marks_a_bad_address_and_shows_authorisations() {
    use dmarc_lens_web::pages::builder::reports::ReportsStep;
    use dmarc_lens_web::pages::builder::state::{apply, Action, BuilderState, ReportKind};
    let s = apply(
        &BuilderState::default(),
        Action::DomainEdited("example.com".into()),
    );
    let s = apply(
        &s,
        Action::AddressEdited(ReportKind::Aggregate, 0, "d@reports.example.net".into()),
    );
    let html = render::<ReportsStep>(step_props(s.clone())).await;
    assert_has(
        &html,
        &["example.com._report._dmarc.reports.example.net. 3600 IN TXT \"v=DMARC1\""],
    );
    let s = apply(&s, Action::DestinationAdded(ReportKind::Aggregate));
    let s = apply(
        &s,
        Action::AddressEdited(ReportKind::Aggregate, 1, "nobody".into()),
    );
    let s = apply(
        &s,
        Action::SizeEdited(ReportKind::Aggregate, 0, "ten".into()),
    );
    let html = render::<ReportsStep>(step_props(s)).await;
    assert_has(
        &html,
        &[
            &id(&format!("{}-error", ids::builder::address("rua", 1))),
            "\"nobody\" is not an e-mail address",
            "aria-invalid=\"true\"",
            &id(&format!("{}-error", ids::builder::size("rua", 0))),
            "\"ten\" is not a size limit",
        ],
    );
}
