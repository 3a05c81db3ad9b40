//! `dmarc-lens parse`: the built binary over fixture files, in the three
//! formats, with its exit code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixtures, run, Scratch};

/// A fresh folder holding two reports (one of them twice, in a subfolder)
/// and, when `bad`, a file that is not a report.
fn folder(tag: &str, bad: bool) -> Scratch {
    let dir = Scratch::new("cli", tag);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let f = fixtures();
    std::fs::copy(f.join("quirks/report.xml"), dir.join("a.xml")).unwrap();
    std::fs::copy(f.join("quirks/report.xml"), dir.join("sub/a-again.xml")).unwrap();
    std::fs::copy(f.join("quirks/report-2.xml"), dir.join("sub/b.xml")).unwrap();
    if bad {
        std::fs::copy(
            f.join("malformed/truncated.xml"),
            dir.join("sub/broken.xml"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn json_is_the_default_and_duplicates_are_skipped() {
    let dir = folder("json", false);
    let out = run(&["parse", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = json.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["type"], "aggregate");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a-again.xml: duplicate"), "{stderr}");
}

#[test]
fn ndjson_has_one_record_per_line_with_metadata() {
    let dir = folder("ndjson", false);
    let out = run(&["parse", "--format", "ndjson", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["org_name"], "receiver.example");
    assert_eq!(rows[0]["count"], 7);
    assert_eq!(rows[2]["policy_p"], "reject");
}

#[test]
fn csv_has_the_documented_header() {
    let dir = folder("csv", false);
    let out = run(&["parse", "--format=csv", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], dmarc_core::export::CSV_COLUMNS.join(","));
}

#[test]
fn rows_carry_the_family_the_marks_file_settles() {
    let dir = folder("marks", false);
    let family_of = |extra: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["parse", "--format=ndjson"];
        args.extend_from_slice(extra);
        args.push(dir.to_str().unwrap());
        let out = run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|r| {
                (
                    r["source_ip"].as_str().unwrap().to_owned(),
                    r["family"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let before = family_of(&[]);
    assert_eq!(
        before[1],
        ("2001:db8::25".to_owned(), "suspicious".to_owned())
    );
    // Beside the folder, not in it (it would be read as an input).
    let marks_dir = Scratch::new("cli", "marks-file");
    let marks = marks_dir.join("marks.json");
    std::fs::write(
        &marks,
        r#"{"dmarc_lens_marks":1,"sources":{"2001:db8::25":"mine"}}"#,
    )
    .unwrap();
    let after = family_of(&["--marks", marks.to_str().unwrap()]);
    assert_eq!(after[1].1, "fix_needed");
    assert_eq!(after[0], before[0]);
    // A damaged marks file is named, and nothing is written.
    std::fs::write(&marks, "{").unwrap();
    let out = run(&[
        "parse",
        "--marks",
        marks.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains(marks.to_str().unwrap()));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_rejected_file_gives_a_non_zero_exit_and_a_message() {
    let dir = folder("bad", true);
    let out = run(&["parse", "--format", "csv", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.xml: xml: the XML ends at line"),
        "{stderr}"
    );
    // The other files are still exported.
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 4);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["parse"]).status.code(), Some(2));
    assert_eq!(
        run(&["parse", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_missing_path_is_named_and_the_others_are_read() {
    let dir = folder("missing", false);
    let out = run(&["parse", "/does/not/exist", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/does/not/exist: cannot read: "),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[test]
fn opensearch_bulk_and_ndjson_hold_the_same_rows() {
    let dir = folder("bulk", false);
    let bulk = run(&[
        "parse",
        "--format",
        "opensearch-bulk",
        dir.to_str().unwrap(),
    ]);
    let ndjson = run(&["parse", "--format", "ndjson", dir.to_str().unwrap()]);
    assert!(bulk.status.success() && ndjson.status.success());
    let bulk = String::from_utf8(bulk.stdout).unwrap();
    let ndjson = String::from_utf8(ndjson.stdout).unwrap();
    let documents: Vec<&str> = bulk.lines().skip(1).step_by(2).collect();
    assert_eq!(documents, ndjson.lines().collect::<Vec<_>>());
    for (action, document) in bulk.lines().step_by(2).zip(ndjson.lines()) {
        let row: serde_json::Value = serde_json::from_str(document).unwrap();
        assert_eq!(action, format!("{{\"index\":{{\"_id\":{}}}}}", row["id"]));
    }
}

/// `dmarc-lens parse --format <format> <path>` on `threads` threads, in
/// English: its exit code, standard output and standard error.
fn parse_on(
    threads: &str,
    format: &str,
    path: &std::path::Path,
) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dmarc-lens"));
    for var in ["LANG", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    let out = cmd
        .env("DMARC_LENS_THREADS", threads)
        .args(["parse", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn a_folder_read_on_many_threads_gives_the_bytes_of_one_thread() {
    // Every fixture: reports of every kind, duplicates, broken files.
    let dir = fixtures();
    let run_on = |threads: &str, format: &str| parse_on(threads, format, &dir);
    for format in ["ndjson", "json"] {
        let one = run_on("1", format);
        assert!(one.1.len() > 10_000, "{}", String::from_utf8_lossy(&one.2));
        assert!(String::from_utf8_lossy(&one.2).contains("duplicate"));
        for threads in ["2", "5"] {
            assert!(
                run_on(threads, format) == one,
                "{format} on {threads} threads"
            );
        }
    }
}

#[test]
fn one_large_report_read_in_parts_gives_the_bytes_of_one_thread() {
    // Over 2 MiB: with threads to spare, its records are read in parts
    // (`report/aggregate/split.rs`); and once more with a record cut short
    // past the middle, which only one reader explains.
    let dir = Scratch::new("cli", "large");
    let xml = dmarc_core::testdata::generate_large_reporter(3_000, 5);
    assert!(xml.len() > 2 << 20);
    let text = String::from_utf8(xml.clone()).unwrap();
    let at = text.match_indices("</row>").nth(2_000).unwrap().0;
    let broken = [&text[..at], &text[at + "</row>".len()..]].concat();
    std::fs::write(dir.join("large.xml"), &xml).unwrap();
    std::fs::write(dir.join("broken.xml"), &broken).unwrap();
    let run_on = |threads: &str, file: &str| parse_on(threads, "ndjson", &dir.join(file));
    let one = run_on("1", "large.xml");
    assert_eq!(one.0, Some(0), "{}", String::from_utf8_lossy(&one.2));
    assert_eq!(one.1.iter().filter(|&&b| b == b'\n').count(), 3_000);
    assert!(run_on("4", "large.xml") == one, "4 threads");
    let one = run_on("1", "broken.xml");
    assert_eq!(one.0, Some(1));
    assert!(String::from_utf8_lossy(&one.2).contains("line"));
    assert!(run_on("4", "broken.xml") == one, "4 threads, broken");
}
