//! Storing values: each leaf element's text read into the model, the checks
//! at the end of a record and of the report, and the notes they leave.

use super::model::{DateRange, SourceIp};
use super::notes::Notes;
use super::parse::{
    current_record, Parser, Word, SEEN_AUTH_RESULTS, SEEN_COUNT, SEEN_HEADER_FROM,
    SEEN_IDENTIFIERS, SEEN_METADATA, SEEN_POLICY, SEEN_POLICY_EVALUATED, SEEN_ROW, SEEN_SOURCE_IP,
};
use super::schema::El;
use super::ParsedAggregate;
use crate::report::NoteCode;

impl Parser<'_> {
    pub(super) fn finish_record(&mut self) {
        let index = self.record_index();
        let seen = self.record_seen;
        let checks: [(u8, &'static str); 6] = [
            (SEEN_ROW, "row"),
            (SEEN_SOURCE_IP, "source_ip"),
            (SEEN_COUNT, "count"),
            (SEEN_POLICY_EVALUATED, "policy_evaluated"),
            (SEEN_IDENTIFIERS, "identifiers"),
            (SEEN_HEADER_FROM, "header_from"),
        ];
        if seen
            & (SEEN_ROW | SEEN_SOURCE_IP | SEEN_COUNT | SEEN_POLICY_EVALUATED | SEEN_HEADER_FROM)
            != (SEEN_ROW | SEEN_SOURCE_IP | SEEN_COUNT | SEEN_POLICY_EVALUATED | SEEN_HEADER_FROM)
        {
            for (flag, element) in checks {
                if seen & flag == 0 {
                    self.notes
                        .add_in(NoteCode::Missing(element.into()), index, String::new);
                }
            }
        }
        if seen & SEEN_AUTH_RESULTS == 0 {
            self.notes
                .add_in(NoteCode::Missing("auth_results".into()), index, String::new);
        }
        let pe = &self.record().row.policy_evaluated;
        if seen & SEEN_POLICY_EVALUATED != 0 && (pe.dkim.is_none() || pe.spf.is_none()) {
            self.notes
                .add_in(NoteCode::PolicyEvaluatedWithoutDkimSpf, index, || {
                    "<policy_evaluated> lacks <dkim> or <spf>".to_owned()
                });
        }
    }

    /// Stores the value of leaf `el` (child of `parent`).
    pub(super) fn value(&mut self, el: El, parent: El, raw: &str) {
        let v = trimmed(raw);
        if std::mem::take(&mut self.spaced) {
            self.notes.add(NoteCode::WhitespaceInValues, || {
                format!("white space around the value of <{}>", el.name())
            });
        }
        let index = self.record_index();
        let notes = &mut self.notes;
        let report = &mut self.report;
        let meta = &mut report.report_metadata;
        let policy = &mut report.policy_published;
        let record = current_record(&mut report.records, &mut self.slots, &mut self.scratch);
        let pe = &mut record.row.policy_evaluated;
        match (parent, el) {
            (_, El::Version) => set(&mut report.version, v, notes, el),
            (_, El::OrgName) => {
                if v.is_empty() {
                    notes.add(
                        NoteCode::Empty("report_metadata/org_name".into()),
                        String::new,
                    );
                }
                set(&mut meta.org_name, v, notes, el)
            }
            (_, El::Email) => set(&mut meta.email, v, notes, el),
            (_, El::ExtraContactInfo) => set(&mut meta.extra_contact_info, v, notes, el),
            (_, El::ReportId) => set(&mut meta.report_id, v, notes, el),
            (_, El::Error) => meta.errors.push(v.to_owned()),
            (_, El::Generator) => set(&mut meta.generator, v, notes, el),
            (_, El::Begin | El::End) => {
                let range = meta.date_range.get_or_insert_with(DateRange::default);
                let slot = if el == El::Begin {
                    &mut range.begin
                } else {
                    &mut range.end
                };
                if slot.is_none() {
                    *slot = timestamp(v, el, notes);
                }
            }
            (El::PolicyPublished, El::Domain) => set(&mut policy.domain, v, notes, el),
            (_, El::DiscoveryMethod) => word(&mut policy.discovery_method, v, notes, el),
            (_, El::Adkim) => word(&mut policy.adkim, v, notes, el),
            (_, El::Aspf) => word(&mut policy.aspf, v, notes, el),
            (_, El::P) => word(&mut policy.p, v, notes, el),
            (_, El::Sp) => word(&mut policy.sp, v, notes, el),
            (_, El::Np) => word(&mut policy.np, v, notes, el),
            (_, El::Testing) => word(&mut policy.testing, v, notes, el),
            (_, El::Fo) => set(&mut policy.fo, v, notes, el),
            (_, El::Pct) if policy.pct.is_none() => {
                policy.pct = number(v, el, notes).and_then(|n| u32::try_from(n).ok());
            }
            (_, El::SourceIp) => {
                self.record_seen |= SEEN_SOURCE_IP;
                if v.is_empty() {
                    notes.add_in(NoteCode::Empty("source_ip".into()), index, String::new);
                } else if record.row.source_ip.is_none() {
                    let ip = SourceIp::parse(v);
                    if let SourceIp::Invalid(_) = ip {
                        notes.add_in(NoteCode::Invalid("source_ip".into()), index, || {
                            format!("{v:?}")
                        });
                    }
                    record.row.source_ip = Some(ip);
                }
            }
            (_, El::Count) => {
                self.record_seen |= SEEN_COUNT;
                if record.row.count.is_none() {
                    record.row.count = number(v, el, notes);
                }
            }
            (_, El::Disposition) => word(&mut pe.disposition, v, notes, el),
            (_, El::Dkim) => word(&mut pe.dkim, v, notes, el),
            (_, El::Spf) => word(&mut pe.spf, v, notes, el),
            (_, El::Type) => word(&mut self.reason.kind, v, notes, el),
            (_, El::Comment) => set(&mut self.reason.comment, v, notes, el),
            (_, El::HeaderFrom) => {
                self.record_seen |= SEEN_HEADER_FROM;
                if v.is_empty() {
                    notes.add_in(NoteCode::Empty("header_from".into()), index, String::new);
                }
                set(&mut record.identifiers.header_from, v, notes, el)
            }
            (_, El::EnvelopeFrom) => set(&mut record.identifiers.envelope_from, v, notes, el),
            (_, El::EnvelopeTo) => set(&mut record.identifiers.envelope_to, v, notes, el),
            (El::AuthDkim, _) => {
                let Some(dkim) = record.auth_results.dkim.last_mut() else {
                    return;
                };
                match el {
                    El::Domain => set(&mut dkim.domain, v, notes, el),
                    El::Selector => set(&mut dkim.selector, v, notes, el),
                    El::Result => word(&mut dkim.result, v, notes, el),
                    El::HumanResult => set(&mut dkim.human_result, v, notes, el),
                    _ => {}
                }
            }
            (El::AuthSpf, _) => {
                let Some(spf) = record.auth_results.spf.last_mut() else {
                    return;
                };
                match el {
                    El::Domain => set(&mut spf.domain, v, notes, el),
                    El::Scope => word(&mut spf.scope, v, notes, el),
                    El::Result => word(&mut spf.result, v, notes, el),
                    El::HumanResult => set(&mut spf.human_result, v, notes, el),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    pub(super) fn finish(mut self) -> ParsedAggregate {
        let report = &self.report;
        let notes = &mut self.notes;
        let meta = &report.report_metadata;
        if self.report_seen & SEEN_METADATA == 0 {
            notes.add(NoteCode::Missing("report_metadata".into()), String::new);
        } else {
            let required = [
                (
                    NoteCode::Missing("report_metadata/org_name".into()),
                    meta.org_name.is_none(),
                ),
                (
                    NoteCode::Missing("report_metadata/email".into()),
                    meta.email.is_none(),
                ),
                (
                    NoteCode::Missing("report_metadata/report_id".into()),
                    meta.report_id.is_none(),
                ),
                (
                    NoteCode::Missing("report_metadata/date_range".into()),
                    meta.date_range.is_none(),
                ),
            ];
            for (code, missing) in required {
                if missing {
                    notes.add(code, String::new);
                }
            }
        }
        let policy = &report.policy_published;
        if self.report_seen & SEEN_POLICY == 0 {
            notes.add(NoteCode::Missing("policy_published".into()), String::new);
        } else {
            if policy.domain.is_none() {
                notes.add(
                    NoteCode::Missing("policy_published/domain".into()),
                    String::new,
                );
            }
            if policy.p.is_none() {
                notes.add(NoteCode::Missing("policy_published/p".into()), String::new);
            }
        }
        if report.records.is_empty() {
            notes.add(NoteCode::NoRecords, || {
                "the report holds no <record>".to_owned()
            });
        }
        ParsedAggregate {
            report: self.report,
            notes: self.notes.finish(),
        }
    }
}

/// `raw` without white space around it, as [`str::trim`] has it, which
/// looks at characters; most values start and end with a visible ASCII
/// character, and are then already trimmed.
fn trimmed(raw: &str) -> &str {
    match (raw.as_bytes().first(), raw.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => raw,
        _ => raw.trim(),
    }
}

/// Pushes without the usual headroom: a record holds one or two results,
/// and a report can hold millions of records.
pub(super) fn push_exact<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(if v.len() < 4 { 1 } else { v.len() });
    }
    v.push(item);
}

/// Sets a text value (the first one wins; a repeated element is noted).
pub(super) fn set<T: for<'v> From<&'v str>>(
    slot: &mut Option<T>,
    v: &str,
    notes: &mut Notes,
    el: El,
) {
    match slot {
        None => *slot = Some(T::from(v)),
        Some(_) => notes.add(NoteCode::DuplicateElement, || {
            format!("a second <{}> ({v:?}) ignored", el.name())
        }),
    }
}

/// Sets a vocabulary value, noting empty, upper-case and unknown values.
pub(super) fn word<T: Word>(slot: &mut Option<T>, v: &str, notes: &mut Notes, el: El) {
    if slot.is_some() {
        notes.add(NoteCode::DuplicateElement, || {
            format!("a second <{}> ({v:?}) ignored", el.name())
        });
        return;
    }
    let value = T::read(v);
    if v.is_empty() {
        // Present but empty: kept as `Other("")`, unlike an absent element.
        notes.add(NoteCode::Empty(el.name().into()), || {
            format!("<{}> is empty", el.name())
        });
    } else if !value.known() {
        notes.add(NoteCode::UnknownValues, || {
            format!("<{}>{v}</{}>", el.name(), el.name())
        });
    } else if v.bytes().any(|b| b.is_ascii_uppercase()) {
        notes.add(NoteCode::NonLowercaseValues, || {
            format!("<{}>{v}</{}>", el.name(), el.name())
        });
    }
    *slot = Some(value);
}

/// Reads a non-negative integer; `12.0` is accepted with a note.
pub(super) fn number(v: &str, el: El, notes: &mut Notes) -> Option<u64> {
    if let Ok(n) = v.parse::<u64>() {
        return Some(n);
    }
    let code = NoteCode::NonInteger(el.name().into());
    match v.split_once('.') {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => {
            let n = int.parse::<u64>().ok();
            notes.add(code, || match n {
                Some(_) => format!("{v:?} read as {int}"),
                None => format!("{v:?}"),
            });
            n
        }
        _ => {
            notes.add(code, || format!("{v:?}"));
            None
        }
    }
}

/// Reads Unix seconds; a decimal such as `1339171200.0` keeps its integer
/// part, with a note.
pub(super) fn timestamp(v: &str, el: El, notes: &mut Notes) -> Option<i64> {
    if let Ok(n) = v.parse::<i64>() {
        return Some(n);
    }
    let code = NoteCode::NonInteger(format!("date_range/{}", el.name()).into());
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let n = if frac.bytes().all(|b| b.is_ascii_digit()) {
        int.parse::<i64>().ok()
    } else {
        None
    };
    notes.add(code, || match n {
        Some(n) => format!("{v:?} read as {n}"),
        None => format!("{v:?}"),
    });
    n
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    #[test]
    fn values_are_trimmed_as_str_trim_trims_them() {
        let cases = [
            "",
            "a",
            " ",
            "example.com",
            " example.com",
            "example.com\n",
            "\t\r\n x \t",
            // White space beyond ASCII, at either end or inside.
            "\u{3000}例え.jp\u{3000}",
            "\u{a0}a",
            "a\u{2028}",
            "a\u{3000}b",
            "例え.jp",
            "é",
            "!~",
        ];
        for raw in cases {
            assert_eq!(trimmed(raw), raw.trim(), "{raw:?}");
        }
    }
}
