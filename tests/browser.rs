//! Browser tests: `cargo test --target wasm32-unknown-unknown` runs them in
//! headless Chromium through wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use dmarc_lens_web::app::{App, AppProps};
use dmarc_lens_web::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let doc = gloo_utils::document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
    yew::platform::time::sleep(Duration::from_millis(10)).await;
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_switches_language() {
    let root = fresh_root();
    let _handle = yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            initial_lang: Lang::En,
            initial_path: "/".into(),
        },
    )
    .render();
    settle().await;
    let h1 = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "Reports");

    let select: web_sys::HtmlSelectElement = root
        .query_selector("#lang-select")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("ja");
    let event = web_sys::Event::new("change").unwrap();
    select.dispatch_event(&event).unwrap();
    settle().await;
    let h1 = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "レポート");
    // The choice is stored and the document's language follows it.
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("dmarc-lens.lang")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("\"ja\""));
    let html_lang = gloo_utils::document()
        .document_element()
        .unwrap()
        .get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("ja"));
}

#[wasm_bindgen_test]
fn the_core_runs_in_wasm() {
    assert_eq!(
        dmarc_core::domain::organizational_domain("mail.example.co.jp").as_deref(),
        Some("example.co.jp")
    );
}

/// The worker reads legacy encodings with the browser's `TextDecoder`
/// instead of encoding_rs (README, "Size"): both must resolve every label and
/// decode every byte the same, errors included.
#[wasm_bindgen_test]
fn the_browsers_text_decoder_reads_legacy_encodings_as_encoding_rs_does() {
    use dmarc_core::report::aggregate::transcode::{canonical, EncodingRs, Transcoder, NAMES};
    use dmarc_lens_web::worker::transcode::TextDecoders;

    let aliases = [
        "latin1",
        "ISO-8859-1",
        "us-ascii",
        "cp1252",
        "sjis",
        "ms_kanji",
        "x-sjis",
        "csshiftjis",
        "euc-jp",
        "x-euc-jp",
        "iso-2022-jp",
        "gb2312",
        "chinese",
        "x-gbk",
        "big5-hkscs",
        "ks_c_5601-1987",
        "koi8",
        "utf8",
        "unicode-1-1-utf-8",
        "utf-16",
        "klingon",
        "",
    ];
    for label in NAMES.iter().copied().chain(aliases) {
        let browser = TextDecoders.resolve(label);
        let ours = EncodingRs.resolve(label);
        if label.eq_ignore_ascii_case("replacement") {
            // The browser refuses it; the core resolves its labels itself.
            assert_eq!(browser, None);
            continue;
        }
        assert_eq!(
            browser.as_deref().and_then(canonical),
            ours.as_deref(),
            "label {label:?}"
        );
    }

    let every_byte: Vec<u8> = (0u8..=255).collect();
    for name in NAMES {
        if matches!(name, "replacement" | "UTF-16BE" | "UTF-16LE" | "UTF-8") {
            continue;
        }
        let enc = encoding_rs::Encoding::for_label(name.as_bytes()).unwrap();
        let (text, _, _) = enc.encode("<org_name>Café 日本語 Ωмир</org_name>");
        for bytes in [text.as_ref(), every_byte.as_slice(), b"\x81", b"\x1b$B"] {
            assert_eq!(
                TextDecoders.decode(name, bytes),
                EncodingRs.decode(name, bytes),
                "{name} {bytes:?}"
            );
        }
    }
}

/// The page converts typed domain names with the browser's URL parser
/// (`services::domains`), the CLI with the idna crate: both give the same
/// answer, or both refuse.
#[wasm_bindgen_test]
fn the_browser_converts_domain_names_as_the_idna_crate_does() {
    use dmarc_core::domain::{idna_to_ascii, normalise_domain_with};
    use dmarc_lens_web::services::domains::to_ascii;
    let names = [
        "例え.jp",
        "bücher.example",
        "BÜCHER.Example",
        "faß.de",
        "xn--zca.de",
        "xn--r8jz45g.jp",
        "xn--abc.com",
        "xn--.com",
        "ｅｘａｍｐｌｅ．ｃｏｍ",
        "例え。jp",
        "ＡＢＣ．例え．jp",
        "a\u{200d}b例.com",
        "\u{0627}\u{0644}1.com",
        "١٢٣.com",
        "mañana.com",
        "☃.net",
        "a\u{00ad}b例.com",
        "-例.jp",
        "例-.jp",
        "例_x.jp",
        "例.123",
        "１２３",
        "例 x.jp",
        "例/x.jp",
        "例@x.jp",
        "例:80.jp",
        "例%41.jp",
        "例?.jp",
        "例#.jp",
        "ℌ例.com",
        "Ⅻ.example",
        "例..jp",
        "İstanbul.tr",
        "例えば\u{fe0f}.jp",
        "例\u{ff0f}x.jp",
    ];
    for name in names {
        assert_eq!(
            normalise_domain_with(name, to_ascii),
            normalise_domain_with(name, idna_to_ascii),
            "{name}"
        );
    }
}
