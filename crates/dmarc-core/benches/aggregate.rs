//! Aggregate report throughput and memory, single thread (but `xml-mt`).
//!
//! ```text
//! cargo bench -p dmarc-core --bench aggregate
//! DMARC_BENCH_RECORDS=50000 DMARC_BENCH_RUNS=3 cargo bench -p dmarc-core --bench aggregate
//! DMARC_BENCH_SHAPES=reporter DMARC_BENCH_CASES=xml,ndjson cargo bench -p dmarc-core --bench aggregate
//! ```
//!
//! Two shapes of input (`DMARC_BENCH_SHAPES=reporter,simple`, both by
//! default): `reporter` ([`dmarc_core::testdata::generate_large_reporter`],
//! about 1,000 bytes of XML per record) is shaped like a large real
//! reporter's report: tens of thousands of recurring addresses, hundreds of
//! DKIM and envelope domains, one to three DKIM results with selectors, SPF
//! scope, long organisational domains. `simple`
//! ([`dmarc_core::testdata::generate_aggregate`], about 750 bytes per
//! record, eight sender domains, fresh random addresses) is the older case,
//! kept for comparison with earlier figures.
//!
//! For 50,000 and 500,000 generated records, it times `parse_aggregate` on
//! plain XML and `ingest_file` on the same report as `.xml.gz` and `.zip`,
//! keeping the best of a few runs (freeing the result is not timed), and
//! prints MB of XML per second (decompressed size, 10^6 bytes) and records
//! per second, by wall clock and (`CPU MB/s`) by this thread's time on a
//! CPU, steadier on a busy machine. Memory: in a fresh child process, the
//! peak resident size during one parse above the resident size before it
//! (Linux `VmHWM`, reset through `/proc/self/clear_refs`), relative to the
//! XML size; it includes the decompressed XML for `gz` and `zip`.
//! `session` times `Session::add_file` on the plain XML: what the web app's
//! worker runs per file (ingest, de-duplication, the analysis index).
//! `ndjson` times what `dmarc-lens parse --format ndjson` runs for one file:
//! `Session::add_file`, then the NDJSON export written to a sink (the bytes
//! are counted, not kept). `xml-mt` times `parse_aggregate` on every core
//! (`XmlLimits::threads`: how the command-line tool reads one large report;
//! its `CPU MB/s` counts only the calling thread's time, so it is not given).
//! `DMARC_BENCH_CASES=xml,xml-mt,session,ndjson,gz,zip` picks the cases.

use std::time::{Duration, Instant};

use dmarc_core::analysis::Filter;
use dmarc_core::ingest::{ingest_file, Limits};
use dmarc_core::report::aggregate::{parse_aggregate, XmlLimits};
use dmarc_core::report::Report;
use dmarc_core::session::Session;
use dmarc_core::testdata::{generate_aggregate, generate_large_reporter, gzip, zip};

/// A case: its label, the input size, and a run returning the record count.
type Case<'a> = (&'static str, usize, Box<dyn Fn() -> Output + 'a>);

/// A run's record count and its result (dropped outside the timing).
type Output = (usize, Box<dyn std::any::Any>);

/// Ingest limits raised for 500,000-record reports and generated data,
/// which compresses better than real reports.
fn bench_limits() -> Limits {
    Limits {
        max_decompressed_bytes: 4 << 30,
        max_compression_ratio: 100_000,
        ..Limits::default()
    }
}

fn main() {
    if let Ok(child) = std::env::var("DMARC_BENCH_CHILD") {
        return memory_child(&child);
    }
    let cases_wanted = std::env::var("DMARC_BENCH_CASES")
        .unwrap_or_else(|_| "xml,xml-mt,session,ndjson,gz,zip".into());
    let shapes = std::env::var("DMARC_BENCH_SHAPES").unwrap_or_else(|_| "reporter,simple".into());
    let sizes: Vec<usize> = std::env::var("DMARC_BENCH_RECORDS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![50_000, 500_000]);
    let runs: usize = std::env::var("DMARC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let limits = bench_limits();

    println!(
        "{:>8} {:>8} {:>6} {:>9} {:>10} {:>9} {:>13} {:>9} {:>11}",
        "shape",
        "records",
        "input",
        "XML MB",
        "input MB",
        "MB/s",
        "records/s",
        "CPU MB/s",
        "peak/XML"
    );
    let shapes: Vec<&str> = shapes.split(',').map(str::trim).collect();
    for (shape, records) in shapes
        .iter()
        .flat_map(|shape| sizes.iter().map(move |n| (*shape, *n)))
    {
        let xml = generate(shape, records);
        let wanted = |case: &str| cases_wanted.split(',').any(|c| c.trim() == case);
        let gz = if wanted("gz") { gzip(&xml) } else { Vec::new() };
        let zipped = if wanted("zip") {
            zip("bench.example!example.com!1700000000!1700086399.xml", &xml)
        } else {
            Vec::new()
        };
        let runs = if records > 100_000 {
            runs.clamp(1, 2)
        } else {
            runs.max(1)
        };

        // Each run returns its result, dropped after the clock stops.
        let plain = || -> Output {
            let parsed = parse_aggregate(&xml, &XmlLimits::default());
            let n = parsed.as_ref().map_or(0, |p| p.report.records.len());
            (n, Box::new(parsed))
        };
        // `parse_aggregate` on every core, as the command-line tool reads one
        // large report (`XmlLimits::threads`, the `parallel` feature).
        let threads = cores();
        let in_parts = || -> Output {
            let limits = XmlLimits::default().with_threads(threads);
            let parsed = parse_aggregate(&xml, &limits);
            let n = parsed.as_ref().map_or(0, |p| p.report.records.len());
            (n, Box::new(parsed))
        };
        let through_ingest = |name: &str, bytes: &[u8]| -> Output {
            let outcome = ingest_file(name, bytes, &limits);
            let n = outcome
                .reports
                .iter()
                .map(|r| match &r.report {
                    Report::Aggregate(a) => a.records.len(),
                    _ => 0,
                })
                .sum::<usize>();
            (n, Box::new(outcome))
        };
        // What the web app's worker runs per file: ingest, de-duplication
        // and the analysis index (`Session::add_file`).
        let session = || -> Output {
            let mut session = Session::new(limits.clone());
            let summary = session.add_file("bench.xml", &xml);
            (summary.records, Box::new(session))
        };
        // What `dmarc-lens parse --format ndjson` runs for one file.
        let ndjson = || -> Output {
            let mut session = Session::new(limits.clone());
            let summary = session.add_file("bench.xml", &xml);
            let mut sink = Counted(0);
            let written = session.export(&Filter::default()).write_ndjson(&mut sink);
            assert!(
                written.is_ok() && sink.0 > xml.len() / 2,
                "ndjson: {written:?}"
            );
            (summary.records, Box::new(session))
        };
        let cases: [Case<'_>; 6] = [
            ("xml", xml.len(), Box::new(plain)),
            ("xml-mt", xml.len(), Box::new(in_parts)),
            ("session", xml.len(), Box::new(session)),
            ("ndjson", xml.len(), Box::new(ndjson)),
            (
                "gz",
                gz.len(),
                Box::new(|| through_ingest("bench.xml.gz", &gz)),
            ),
            (
                "zip",
                zipped.len(),
                Box::new(|| through_ingest("bench.zip", &zipped)),
            ),
        ];
        for (label, input_len, run) in cases {
            if !wanted(label) {
                continue;
            }
            let mut best = Duration::MAX;
            let mut best_cpu = Duration::MAX;
            for _ in 0..runs {
                let cpu = thread_cpu();
                let start = Instant::now();
                let (n, result) = run();
                let elapsed = start.elapsed();
                let cpu = thread_cpu()
                    .zip(cpu)
                    .map(|(after, before)| after.saturating_sub(before));
                drop(result);
                assert_eq!(n, records, "{label}: wrong record count");
                best = best.min(elapsed);
                best_cpu = best_cpu.min(cpu.unwrap_or(Duration::MAX));
            }
            let secs = best.as_secs_f64().max(1e-9);
            let cpu_secs = best_cpu.as_secs_f64().max(1e-9);
            let peak = memory_in_child(shape, label, records);
            println!(
                "{:>8} {:>8} {:>6} {:>9.1} {:>10.1} {:>9.1} {:>13.0} {:>9.1} {:>11}",
                shape,
                records,
                label,
                xml.len() as f64 / 1e6,
                input_len as f64 / 1e6,
                xml.len() as f64 / 1e6 / secs,
                records as f64 / secs,
                if best_cpu == Duration::MAX || label == "xml-mt" {
                    f64::NAN
                } else {
                    xml.len() as f64 / 1e6 / cpu_secs
                },
                peak.map_or("n/a".to_owned(), |p| format!(
                    "{:.2}x",
                    p as f64 / xml.len() as f64
                )),
            );
        }
    }
}

/// The cores to read one report on (`xml-mt`).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Time this thread has spent on a CPU (Linux `schedstat`, nanoseconds):
/// throughput per CPU second, which other processes on a shared machine
/// disturb less than wall-clock time.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// The input of `shape` with `records` records.
fn generate(shape: &str, records: usize) -> Vec<u8> {
    match shape {
        "simple" => generate_aggregate(records, 42),
        _ => generate_large_reporter(records, 42),
    }
}

/// A writer that counts the bytes written to it and keeps none.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `label` on `records` records of `shape` in a child process; its
/// peak memory.
fn memory_in_child(shape: &str, label: &str, records: usize) -> Option<u64> {
    let output = std::process::Command::new(std::env::current_exe().ok()?)
        .env("DMARC_BENCH_CHILD", format!("{shape}:{label}:{records}"))
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// In the child: prepares the input, then prints the peak bytes of one run.
fn memory_child(spec: &str) {
    let mut parts = spec.split(':');
    let (shape, label) = (
        parts.next().unwrap_or("reporter"),
        parts.next().unwrap_or("xml"),
    );
    let records: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let limits = bench_limits();
    let xml = generate(shape, records);
    let input = match label {
        "gz" => gzip(&xml),
        "zip" => zip("bench.xml", &xml),
        _ => xml,
    };
    let peak = peak_above_baseline(|| match label {
        "xml" => {
            std::hint::black_box(parse_aggregate(&input, &XmlLimits::default()).ok());
        }
        "xml-mt" => {
            let limits = XmlLimits::default().with_threads(cores());
            std::hint::black_box(parse_aggregate(&input, &limits).ok());
        }
        "session" => {
            let mut session = Session::new(limits.clone());
            std::hint::black_box(session.add_file("b.xml", &input));
            std::hint::black_box(session);
        }
        "ndjson" => {
            let mut session = Session::new(limits.clone());
            std::hint::black_box(session.add_file("b.xml", &input));
            let mut sink = Counted(0);
            let _ = session.export(&Filter::default()).write_ndjson(&mut sink);
            std::hint::black_box((session, sink.0));
        }
        name => {
            let name = if name == "gz" { "b.xml.gz" } else { "b.zip" };
            std::hint::black_box(ingest_file(name, &input, &limits));
        }
    });
    if let Some(peak) = peak {
        println!("{peak}");
    }
}

/// Peak resident bytes while `work` runs, above those before it (Linux).
fn peak_above_baseline(work: impl FnOnce()) -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    let before = status_kib("VmRSS:")?;
    work();
    let peak = status_kib("VmHWM:")?;
    Some(peak.saturating_sub(before) * 1024)
}

/// A `kB` line of `/proc/self/status`.
fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
