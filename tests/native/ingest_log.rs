//! The ingest log in both languages: every core error and note code has a
//! sentence, counts agree with their nouns, and the Japanese log holds no
//! English outside the file names, layers and quoted specifics.

use std::collections::BTreeSet;
use std::rc::Rc;

use dmarc_core::error::{ErrorKind, IngestError, Sniffed};
use dmarc_core::ingest::{ingest_file, FileStatus, Limits, PayloadNote};
use dmarc_core::report::{Note, NoteCode};
use dmarc_core::session::FileSummary;
use dmarc_lens_web::i18n::ingest::catalogue_keys;
use dmarc_lens_web::i18n::Lang;
use dmarc_lens_web::pages::reports::ingest_log::{IngestLog, IngestLogProps};
use dmarc_lens_web::pages::reports::state::{LogEntry, LogOutcome, WorkerFailure};

use super::i18n::catalogue;

/// One of each kind of error. `every_error_kind_has_a_sentence` checks the
/// codes against `ErrorKind::CODES`, so a new kind must be added here.
pub(super) fn one_error_of_each_kind() -> Vec<ErrorKind> {
    let mut kinds: Vec<ErrorKind> = Sniffed::ALL
        .iter()
        .map(|k| ErrorKind::NotAReport {
            sniffed: *k,
            detail: "English detail".into(),
            found: String::new(),
        })
        .collect();
    kinds.extend([
        ErrorKind::TooLarge {
            limit: 256 * 1024 * 1024,
        },
        ErrorKind::RatioExceeded { limit: 500 },
        ErrorKind::TooManyMembers {
            members: 1001,
            limit: 1000,
        },
        ErrorKind::TooDeep { limit: 8 },
        ErrorKind::Decompress {
            detail: "corrupt deflate stream".into(),
        },
        ErrorKind::Zip {
            detail: "invalid Zip archive".into(),
        },
        ErrorKind::ZipEncrypted,
        ErrorKind::Email {
            detail: "no message could be read".into(),
        },
        ErrorKind::Xml {
            line: 3,
            column: 7,
            detail: "unexpected end".into(),
        },
        ErrorKind::XmlTruncated {
            element: "report_id".into(),
            line: 1234,
            column: 1,
        },
        ErrorKind::XmlTooDeep {
            limit: 64,
            line: 70,
            column: 3,
        },
        ErrorKind::Json {
            line: 1,
            column: 2,
            detail: "EOF while parsing".into(),
        },
        ErrorKind::MissingElement {
            element: "feedback".into(),
        },
        ErrorKind::InvalidValue {
            element: "count".into(),
            value: "many".into(),
        },
    ]);
    kinds
}

/// Every note code the core writes: plain codes, each family with a
/// subject (in a record, and in an SMTP TLS policy), and `not_a_report` of
/// each payload kind.
pub(super) fn one_note_of_each_code() -> Vec<Note> {
    let mut notes: Vec<Note> = NoteCode::PLAIN
        .iter()
        .filter_map(|c| NoteCode::from_parts(c, None))
        .map(|c| Note::new(c, "English detail"))
        .collect();
    assert_eq!(notes.len(), NoteCode::PLAIN.len());
    for family in NoteCode::FAMILIES {
        let note = |subject| {
            let code = NoteCode::from_parts(family, Some(subject)).expect("a family");
            Note::new(code, "\"x\"")
        };
        notes.push(note("source_ip").in_record(4));
        notes.push(note("policy-domain").in_policy(0));
    }
    for kind in Sniffed::ALL {
        notes.push(Note::new(NoteCode::NotAReport(kind), "English detail"));
    }
    notes
}

/// ASCII words a Japanese sentence may hold: names of formats, standards and
/// protocols, written the same in Japanese.
const NAMES: &[&str] = &[
    "XML", "JSON", "DMARC", "UTF", "BOM", "gzip", "zlib", "zip", "mbox", "ARF", "RFC", "SMTP",
    "TLS", "PNG", "PDF", "macOS", "DOCTYPE", "KB", "MB", "GB",
];

/// English words left in `text` once element names (`<x>`), quoted values
/// and the allowed names are taken out.
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut skip_until = None;
    for c in text.chars() {
        match skip_until {
            Some(end) if c == end => skip_until = None,
            Some(_) => {}
            None if c == '<' => skip_until = Some('>'),
            None if c == '"' => skip_until = Some('"'),
            None => plain.push(c),
        }
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !NAMES.contains(w))
        .map(String::from)
        .collect()
}

#[test]
fn every_catalogue_key_of_the_log_exists() {
    let entries = catalogue();
    let missing: Vec<String> = catalogue_keys()
        .into_iter()
        .filter(|k| !entries.contains_key(k))
        .collect();
    assert!(missing.is_empty(), "not in locales/: {missing:?}");
}

#[test]
fn each_worker_failure_has_its_own_sentence_in_both_languages() {
    let entries = catalogue();
    let failures = [
        WorkerFailure::Start(String::new()),
        WorkerFailure::Send(String::new()),
        WorkerFailure::Malformed(String::new()),
        WorkerFailure::Sample(String::new()),
        WorkerFailure::Export(String::new()),
    ];
    let keys: BTreeSet<String> = failures.iter().map(WorkerFailure::key).collect();
    assert_eq!(keys.len(), WorkerFailure::CODES.len(), "one sentence each");
    for key in keys {
        assert!(entries.contains_key(&key), "{key} not in locales/");
        let (en, ja) = (Lang::En.t(&key), Lang::Ja.t(&key));
        assert!(en != key && ja != key && en != ja, "{key}: {en} / {ja}");
    }
}

#[test]
fn every_error_kind_has_a_sentence() {
    let kinds = one_error_of_each_kind();
    let codes: BTreeSet<&str> = kinds.iter().map(ErrorKind::code).collect();
    let want: BTreeSet<&str> = ErrorKind::CODES.iter().copied().collect();
    assert_eq!(codes, want, "one_error_of_each_kind is behind the core");
    for kind in kinds {
        let error = IngestError {
            file: "a.zip".into(),
            layers: vec!["zip:r.xml".into(), "gz".into(), "xml".into()],
            kind: kind.clone(),
        };
        let en = Lang::En.ingest_error(&error);
        let ja = Lang::Ja.ingest_error(&error);
        assert_eq!(en.place, "a.zip › zip:r.xml › gz › xml");
        assert_eq!(ja.place, en.place);
        for m in [&en, &ja] {
            assert!(!m.text.contains("ingest."), "{kind:?}: {m:?}");
            assert!(!m.text.contains("English detail"), "{kind:?}: {m:?}");
        }
        assert_ne!(en.text, ja.text, "{kind:?}");
        let words = english_words(&ja.text);
        assert!(words.is_empty(), "{kind:?}: {words:?} in {:?}", ja.text);
    }
}

#[test]
fn errors_fill_in_their_values_in_each_language() {
    let error = |kind| IngestError {
        file: "a.zip".into(),
        layers: vec!["zip:r.xml".into(), "xml".into()],
        kind,
    };
    let xml = error(ErrorKind::Xml {
        line: 3,
        column: 7,
        detail: "unexpected end".into(),
    });
    assert_eq!(
        Lang::En.ingest_error(&xml).sentence(Lang::En),
        "The XML has an error at line 3, column 7: unexpected end"
    );
    assert_eq!(
        Lang::Ja.ingest_error(&xml).sentence(Lang::Ja),
        "XML の 3 行 7 列目に誤りがあります：unexpected end"
    );
    let big = error(ErrorKind::TooManyMembers {
        members: 12_345,
        limit: 1000,
    });
    assert!(Lang::En
        .ingest_error(&big)
        .text
        .contains("12,345, more than the limit of 1,000"));
    let large = error(ErrorKind::TooLarge {
        limit: 256 * 1024 * 1024,
    });
    assert!(Lang::Ja.ingest_error(&large).text.contains("256.0 MB"));
    let html = error(ErrorKind::NotAReport {
        sniffed: Sniffed::Xml,
        detail: "this XML is not a DMARC aggregate report".into(),
        found: "<html>".into(),
    });
    assert_eq!(
        Lang::Ja.ingest_error(&html).sentence(Lang::Ja),
        "XML ですが、DMARC 集約レポートではありません：<html>"
    );
    let png = error(ErrorKind::NotAReport {
        sniffed: Sniffed::Png,
        detail: "png data, not a report (12 bytes)".into(),
        found: String::new(),
    });
    assert_eq!(
        Lang::En.ingest_error(&png).sentence(Lang::En),
        "A PNG image, not a report."
    );
}

#[test]
fn every_note_code_has_a_sentence() {
    for note in one_note_of_each_code() {
        let payload = PayloadNote {
            layers: vec!["zip:r.xml".into(), "xml".into()],
            note: note.clone(),
        };
        let en = Lang::En.ingest_note(&payload);
        let ja = Lang::Ja.ingest_note(&payload);
        assert_eq!(en.place, "zip:r.xml › xml");
        for m in [&en, &ja] {
            assert!(!m.text.contains("ingest."), "{:?}: {m:?}", note.code);
        }
        assert_ne!(en.text, ja.text, "{:?}", note.code);
        let words = english_words(&ja.text);
        assert!(
            words.is_empty(),
            "{:?}: {words:?} in {:?}",
            note.code,
            ja.text
        );
    }
}

#[test]
fn notes_name_the_element_record_and_repeats() {
    let note = |note: Note| PayloadNote {
        layers: vec!["xml".into()],
        note,
    };
    let empty = note(Note {
        more: 3,
        ..Note::new(NoteCode::Empty("source_ip".into()), "").in_record(2)
    });
    assert_eq!(
        Lang::En.ingest_note(&empty).sentence(Lang::En),
        "<source_ip> is empty (record #3, and 3 more)."
    );
    assert_eq!(
        Lang::Ja.ingest_note(&empty).sentence(Lang::Ja),
        "<source_ip> が空です（3 番目のレコード、ほか 3 件）。"
    );
    let invalid = note(Note::new(NoteCode::Invalid("source_ip".into()), "\"1.2.3\"").in_record(0));
    let m = Lang::Ja.ingest_note(&invalid);
    assert_eq!(
        m.text,
        "<source_ip> の値が無効です（そのまま保持）（1 番目のレコード）"
    );
    assert_eq!(m.specific.as_deref(), Some("\"1.2.3\""));
    let tls = note(
        Note::new(
            NoteCode::CountIsString("total-failure-session-count".into()),
            "summary count",
        )
        .in_policy(1),
    );
    let m = Lang::En.ingest_note(&tls);
    assert_eq!(
        m.text,
        "The count \"total-failure-session-count\" is written as text; read as a number (policy #2)"
    );
    assert_eq!(m.specific, None, "the English detail says nothing more");
    let path = note(Note::new(
        NoteCode::Missing("report_metadata/org_name".into()),
        "",
    ));
    assert_eq!(
        Lang::En.ingest_note(&path).text,
        "<report_metadata><org_name> is missing"
    );
    let values = note(Note::new(
        NoteCode::UnknownValues,
        "<disposition>junk</disposition>",
    ));
    assert_eq!(
        Lang::En.ingest_note(&values).specific.as_deref(),
        Some("<disposition>junk</disposition>")
    );
}

/// A report with one record of one message, with white space around a value
/// and no `<auth_results>`.
const ONE_RECORD: &str = r#"<?xml version="1.0"?>
<feedback>
  <report_metadata>
    <org_name> example.net </org_name>
    <email>dmarc@example.net</email>
    <report_id>r-1</report_id>
    <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record>
    <row>
      <source_ip>192.0.2.1</source_ip>
      <count>1</count>
      <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated>
    </row>
    <identifiers><header_from>example.com</header_from></identifiers>
  </record>
</feedback>
"#;

fn entry(name: &str, bytes: &[u8]) -> LogEntry {
    let outcome = ingest_file(name, bytes, &Limits::default());
    LogEntry {
        seq: 1,
        name: name.into(),
        size: bytes.len() as u64,
        outcome: LogOutcome::Done(Rc::new(FileSummary::of(&outcome))),
    }
}

fn broken_zip() -> LogEntry {
    let summary = FileSummary {
        name: "broken.zip".into(),
        size: 99,
        status: FileStatus::Rejected,
        new_reports: 0,
        failure_reports: 0,
        tls_reports: 0,
        duplicate_reports: 0,
        records: 0,
        messages: 0,
        notes: vec![],
        errors: vec![IngestError {
            file: "broken.zip".into(),
            layers: vec!["zip:r.xml".into(), "gz".into(), "xml".into()],
            kind: ErrorKind::Xml {
                line: 3,
                column: 7,
                detail: "unexpected end".into(),
            },
        }],
    };
    LogEntry {
        seq: 2,
        name: "broken.zip".into(),
        size: 99,
        outcome: LogOutcome::Done(Rc::new(summary)),
    }
}

async fn render(lang: Lang, entries: Vec<LogEntry>) -> String {
    // Rc props are not Send: render on this thread.
    let entries = entries.into_iter().map(Rc::new).collect();
    yew::LocalServerRenderer::<IngestLog>::with_props(IngestLogProps { lang, entries })
        .hydratable(false)
        .render()
        .await
}

/// The text a person reads, without the contents of elements whose class is
/// one of `skip` (file names, layer chains, untranslated specifics) or of
/// `<code>`.
fn visible_text(html: &str, skip: &[&str]) -> String {
    const VOID: &[&str] = &["br", "input", "img", "hr", "meta", "link"];
    const INLINE: &[&str] = &["span", "code", "strong", "em", "a", "label"];
    let mut out = String::new();
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !stack.iter().any(|s| *s) {
            out.push_str(&rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with('/') {
            stack.pop();
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or_default();
        if VOID.contains(&name) || tag.ends_with('/') {
            continue;
        }
        if !INLINE.contains(&name) {
            out.push(' ');
        }
        let hidden = name == "code" || skip.iter().any(|c| tag.contains(&format!("class=\"{c}\"")));
        stack.push(hidden);
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn one_file_of_one_report_reads_in_the_singular() {
    let one = entry("one.xml", ONE_RECORD.as_bytes());
    let html = render(Lang::En, vec![one.clone()]).await;
    let text = visible_text(&html, &[]);
    assert!(text.contains("Ingest log (1 file)"), "{text}");
    assert!(
        text.contains("Parsed: 1 report, 1 record, 1 message"),
        "{text}"
    );
    assert!(text.contains("2 notes"), "{text}");
    assert!(
        text.contains("White space around values was removed"),
        "{text}"
    );
    assert!(
        text.contains("<auth_results> is missing (record #1)"),
        "{text}"
    );
    for plural_blind in ["1 files", "1 reports", "1 records", "1 messages", "1 notes"] {
        assert!(!text.contains(plural_blind), "{plural_blind:?} in {text}");
    }

    let html = render(Lang::En, vec![one, broken_zip()]).await;
    let text = visible_text(&html, &[]);
    assert!(text.contains("Ingest log (2 files)"), "{text}");
    assert!(text.contains("broken.zip › zip:r.xml › gz › xml"), "{text}");
    assert!(
        text.contains("The XML has an error at line 3, column 7: unexpected end"),
        "{text}"
    );
    assert!(
        html.contains("<span lang=\"en\" class=\"specific\">unexpected end</span>"),
        "{html}"
    );
}

#[tokio::test]
async fn the_japanese_log_has_no_english_words() {
    let truncated = b"<?xml version=\"1.0\"?>\n<feedback>\n  <report_metadata>\n    <report_id>cut";
    let entries = vec![
        entry("one.xml", ONE_RECORD.as_bytes()),
        broken_zip(),
        entry("truncated.xml", truncated),
        entry("notes.txt", b"just some text, not a report"),
    ];
    let html = render(Lang::Ja, entries).await;
    let text = visible_text(&html, &[]);
    for want in [
        "読み込み履歴（4 個のファイル）",
        "読み込み完了：レポート 1 件、レコード 1 件、メッセージ 1 通",
        "注記 2 件",
        "XML の 3 行 7 列目に誤りがあります：unexpected end",
        "XML が <report_id> を閉じる前に 4 行",
        "プレーンテキストで、レポートではありません（レポートは XML か JSON です）：\"just some text, not a report\"",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    // The text file's note would only repeat its error: it is left out.
    assert_eq!(text.matches("プレーンテキストで").count(), 1, "{text}");
    let read = visible_text(&html, &["file-name", "place", "specific"]);
    let words = english_words(&read);
    assert!(
        words.is_empty(),
        "English in the Japanese log: {words:?}\n{read}"
    );
}
