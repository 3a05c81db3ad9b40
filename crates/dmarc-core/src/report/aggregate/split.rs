//! One large report read on several threads (the `parallel` feature, which
//! the command-line tool turns on; [`XmlLimits::threads`]).
//!
//! The text is cut at the start tags of records (`<record>`), found by one
//! SIMD pass: the first thread reads from the start to the first cut and
//! from the last cut to the end (metadata, policy, the first and last
//! records, `</feedback>` and whatever follows), each other thread the
//! records between two cuts, all of them writing into one vector of records
//! made beforehand, each into its own places. Notes are joined in the
//! order of the text. The result is the one reader of the whole text
//! would give: each part checks what its cut assumed, and if any part finds
//! something else — a cut inside a comment or a value, an element other
//! than `<record>` between records, more or fewer records than counted, an
//! error of any kind, bytes that are not UTF-8 — the report is read again on
//! one thread, which gives the errors and notes their usual words and
//! places. Reports transcoded first (UTF-16, declared legacy encodings) are
//! cut once they are UTF-8; records with a namespace prefix are read on one
//! thread.

use std::thread;

use super::decode::decode;
use super::error::XmlLimits;
use super::model::Record;
use super::parse::{Jump, Notes, Parser, Slots};
use super::ParsedAggregate;

/// Reports smaller than this are read on one thread: threads would save
/// less than starting them costs.
pub(super) const MIN_BYTES: usize = 1 << 21;

/// Where a report is cut: `cuts` (the start tags of records, in order) and
/// the records counted before the first cut, between each two, and after
/// the last.
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    cuts: Vec<usize>,
    counts: Vec<usize>,
}

impl Plan {
    /// Cuts `src` for `threads` threads: the first thread's two pieces
    /// (before the first cut, after the last) together about as long as
    /// each other thread's part. None when fewer than two cuts are found.
    fn of(src: &[u8], threads: usize) -> Option<Plan> {
        let len = src.len();
        let threads = threads.max(1);
        let part = len / threads;
        // Where each cut should be, at or after.
        let mut targets = (0..threads).map(|i| part / 2 + i * part);
        let mut next = targets.next();
        let mut cuts = Vec::with_capacity(threads);
        let mut counts = vec![0usize];
        for at in record_starts(src) {
            if next.is_some_and(|target| at >= target) {
                cuts.push(at);
                counts.push(0);
                next = targets.next();
            }
            if let Some(count) = counts.last_mut() {
                *count += 1;
            }
        }
        (cuts.len() >= 2).then_some(Plan { cuts, counts })
    }
}

/// The offsets of `<record` start tags in `src`: `<record>`, `<record/>`
/// or `<record` and attributes. Anywhere, also inside comments or values:
/// a part that finds a count wrong is read again on one thread.
fn record_starts(src: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(src, b"<record").filter(move |&at| {
        matches!(
            src.get(at + b"<record".len()),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        )
    })
}

/// Reads `xml` on [`XmlLimits::threads`] threads; None when it is small,
/// cannot be cut, or any part found something its cut did not assume: then
/// it is read on one thread.
pub(super) fn parse(xml: &[u8], limits: &XmlLimits) -> Option<ParsedAggregate> {
    parse_from(xml, limits, MIN_BYTES)
}

/// [`parse`] for reports of `min_bytes` and more.
pub(super) fn parse_from(
    xml: &[u8],
    limits: &XmlLimits,
    min_bytes: usize,
) -> Option<ParsedAggregate> {
    if limits.threads < 2 || xml.len() < min_bytes {
        return None;
    }
    let mut notes = Notes::default();
    // Transcoded text (UTF-16, a declared legacy encoding) is read in parts
    // too: it is UTF-8 by then.
    let decoded = decode(xml, &mut notes, true);
    let full: &[u8] = &decoded.text;
    let src = full.get(decoded.start..)?;
    let plan = Plan::of(src, limits.threads)?;
    let mut records: Vec<Record> = Vec::new();
    records.resize_with(plan.counts.iter().sum(), Record::default);

    // Each part's places for its records.
    let (head, mut rest) = records.split_at_mut(plan.counts.first().copied().unwrap_or(0));
    let mut first = head.len();
    let mut middle = Vec::with_capacity(plan.cuts.len());
    for (window, &count) in plan.cuts.windows(2).zip(plan.counts.iter().skip(1)) {
        let (slots, later) = rest.split_at_mut(count);
        rest = later;
        middle.push((
            window[0],
            window[1],
            Slots {
                slots,
                first,
                used: 0,
            },
        ));
        first += count;
    }
    let tail = Slots {
        slots: rest,
        first,
        used: 0,
    };
    let (Some(&at), Some(&to)) = (plan.cuts.first(), plan.cuts.last()) else {
        return None;
    };
    let new_parser = || Parser::new(src, decoded.start, full, decoded.checked, limits);

    let (main, parts) = thread::scope(|scope| {
        let threads: Vec<_> = middle
            .into_iter()
            .map(|(from, to, slots)| {
                let mut parser = new_parser().fragment(slots);
                thread::Builder::new().spawn_scoped(scope, move || {
                    let read = parser.run(from, to);
                    let filled = parser.slots_filled();
                    (matches!(read, Ok(())) && filled).then_some(parser.notes)
                })
            })
            .collect();
        let mut main = new_parser();
        main.notes = notes;
        main.slots = Some(Slots {
            slots: head,
            first: 0,
            used: 0,
        });
        main.jump = Some(Jump { at, to, tail });
        let read = main.run(0, src.len());
        let whole = matches!(read, Ok(())) && main.jump.is_none() && main.slots_filled();
        let parts: Option<Vec<Notes>> = threads
            .into_iter()
            // Every thread joined, whatever the others gave.
            .map(|spawned| spawned.ok().and_then(|read| read.join().ok().flatten()))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let main = whole.then(|| {
            (
                std::mem::take(&mut main.report),
                main.head_notes.take(),
                std::mem::take(&mut main.notes),
                main.report_seen,
            )
        });
        (main, parts)
    });
    let ((mut report, Some(mut notes), tail_notes, seen), Some(parts)) = (main?, parts) else {
        return None;
    };
    for part in parts {
        notes.append(part);
    }
    notes.append(tail_notes);
    report.records = records;
    let mut whole = Parser::new(&[], 0, &[], true, limits);
    (whole.report, whole.notes, whole.report_seen) = (report, notes, seen);
    Some(whole.finish())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_on_record_start_tags_and_counts_add_up() {
        let mut src = String::from("<feedback><report_metadata/>");
        for _ in 0..100 {
            src.push_str("\n  <record><row/></record>");
        }
        src.push_str("<records/><record_x/></feedback>");
        let plan = Plan::of(src.as_bytes(), 3).unwrap();
        assert_eq!(plan.cuts.len(), 3);
        assert_eq!(plan.counts.iter().sum::<usize>(), 100);
        for &cut in &plan.cuts {
            assert!(src[cut..].starts_with("<record>"));
        }
        // The first thread's two pieces together are about one part.
        let (first, last) = (plan.counts[0], plan.counts[3]);
        assert!((25..=42).contains(&(first + last)), "{plan:?}");
        // Too few records to cut twice.
        assert_eq!(Plan::of(b"<feedback><record/></feedback>", 4), None);
    }
}
