//! Record shapes: every textual part of an aggregate record (identifiers,
//! raw results, override reasons, policy evaluated), interned once since
//! they repeat across records and reports.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::report::aggregate::{
    Disposition, DkimResult, DmarcResult, ReasonType, Record, SpfResult, SpfScope, Text,
};

/// Every textual part of a record, interned once. It hashes as
/// [`RecordShape`] of a record with these parts does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// `policy_evaluated/disposition`.
    pub disposition: Option<Disposition>,
    /// `policy_evaluated/dkim` (aligned DKIM, receiver's verdict).
    pub dkim: Option<DmarcResult>,
    /// `policy_evaluated/spf` (aligned SPF, receiver's verdict).
    pub spf: Option<DmarcResult>,
    /// `policy_evaluated/reason`: type and comment.
    pub reasons: Vec<(Option<ReasonType>, Option<String>)>,
    /// `identifiers/header_from`.
    pub header_from: Option<String>,
    /// `identifiers/envelope_from`.
    pub envelope_from: Option<String>,
    /// `identifiers/envelope_to`.
    pub envelope_to: Option<String>,
    /// `auth_results/dkim`: domain, selector, result, human result.
    pub dkim_auth: Vec<DkimAuth>,
    /// `auth_results/spf`: domain, scope, result, human result.
    pub spf_auth: Vec<SpfAuth>,
}

/// One raw DKIM result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DkimAuth {
    /// `d=`.
    pub domain: Option<String>,
    /// `s=`.
    pub selector: Option<String>,
    /// The result.
    pub result: Option<DkimResult>,
    /// `human_result`.
    pub human_result: Option<String>,
}

/// One raw SPF result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpfAuth {
    /// The checked domain.
    pub domain: Option<String>,
    /// `mfrom` or `helo`.
    pub scope: Option<SpfScope>,
    /// The result.
    pub result: Option<SpfResult>,
    /// `human_result`.
    pub human_result: Option<String>,
}

impl Shape {
    /// Whether this is the shape of `record` (without building one).
    pub(crate) fn matches(&self, record: &Record) -> bool {
        let pe = &record.row.policy_evaluated;
        let ids = &record.identifiers;
        let auth = &record.auth_results;
        self.disposition == pe.disposition
            && self.dkim == pe.dkim
            && self.spf == pe.spf
            && self.header_from.as_deref() == ids.header_from.as_deref()
            && self.envelope_from.as_deref() == ids.envelope_from.as_deref()
            && self.envelope_to.as_deref() == ids.envelope_to.as_deref()
            && self.reasons.len() == pe.reasons.len()
            && self
                .reasons
                .iter()
                .zip(&pe.reasons)
                .all(|((k, c), r)| *k == r.kind && *c == r.comment)
            && self.dkim_auth.len() == auth.dkim.len()
            && self.dkim_auth.iter().zip(&auth.dkim).all(|(a, b)| {
                a.domain.as_deref() == b.domain.as_deref()
                    && a.selector.as_deref() == b.selector.as_deref()
                    && a.result == b.result
                    && a.human_result.as_deref() == b.human_result.as_deref()
            })
            && self.spf_auth.len() == auth.spf.len()
            && self.spf_auth.iter().zip(&auth.spf).all(|(a, b)| {
                a.domain.as_deref() == b.domain.as_deref()
                    && a.scope == b.scope
                    && a.result == b.result
                    && a.human_result.as_deref() == b.human_result.as_deref()
            })
    }

    /// The shape of `record`.
    pub(crate) fn of(record: &Record) -> Shape {
        let pe = &record.row.policy_evaluated;
        Shape {
            disposition: pe.disposition.clone(),
            dkim: pe.dkim.clone(),
            spf: pe.spf.clone(),
            reasons: pe
                .reasons
                .iter()
                .map(|r| (r.kind.clone(), r.comment.clone()))
                .collect(),
            header_from: text(&record.identifiers.header_from),
            envelope_from: text(&record.identifiers.envelope_from),
            envelope_to: text(&record.identifiers.envelope_to),
            dkim_auth: record
                .auth_results
                .dkim
                .iter()
                .map(|d| DkimAuth {
                    domain: text(&d.domain),
                    selector: text(&d.selector),
                    result: d.result.clone(),
                    human_result: text(&d.human_result),
                })
                .collect(),
            spf_auth: record
                .auth_results
                .spf
                .iter()
                .map(|s| SpfAuth {
                    domain: text(&s.domain),
                    scope: s.scope.clone(),
                    result: s.result.clone(),
                    human_result: text(&s.human_result),
                })
                .collect(),
        }
    }
}

/// A record's text value, owned by a shape.
fn text(value: &Option<Text>) -> Option<String> {
    value.as_deref().map(String::from)
}

/// A record seen as its shape, for hashing: hashes as [`Shape::of`] the
/// record would, without building it.
pub(crate) struct RecordShape<'a>(pub(crate) &'a Record);

/// A DKIM result's parts: domain, selector, result, human result.
type DkimParts<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    &'a Option<DkimResult>,
    Option<&'a str>,
);

/// An SPF result's parts: domain, scope, result, human result.
type SpfParts<'a> = (
    Option<&'a str>,
    &'a Option<SpfScope>,
    &'a Option<SpfResult>,
    Option<&'a str>,
);

/// The parts of a DKIM result, from a shape's (`String`) or a record's
/// ([`Text`]) fields alike.
fn dkim_parts<'a, S: std::ops::Deref<Target = str>>(
    domain: &'a Option<S>,
    selector: &'a Option<S>,
    result: &'a Option<DkimResult>,
    human_result: &'a Option<S>,
) -> DkimParts<'a> {
    (
        domain.as_deref(),
        selector.as_deref(),
        result,
        human_result.as_deref(),
    )
}

/// The parts of an SPF result, from a shape's or a record's fields alike.
fn spf_parts<'a, S: std::ops::Deref<Target = str>>(
    domain: &'a Option<S>,
    scope: &'a Option<SpfScope>,
    result: &'a Option<SpfResult>,
    human_result: &'a Option<S>,
) -> SpfParts<'a> {
    (domain.as_deref(), scope, result, human_result.as_deref())
}

/// Hashes the parts of a shape, the same way from a [`Shape`] and from a
/// [`Record`]: identifiers, verdicts, then each list with its length.
fn hash_parts<'a, H: Hasher>(
    state: &mut H,
    identifiers: [Option<&'a str>; 3],
    verdicts: (
        &'a Option<Disposition>,
        &'a Option<DmarcResult>,
        &'a Option<DmarcResult>,
    ),
    reasons: impl ExactSizeIterator<Item = (&'a Option<ReasonType>, &'a Option<String>)>,
    dkim: impl ExactSizeIterator<Item = DkimParts<'a>>,
    spf: impl ExactSizeIterator<Item = SpfParts<'a>>,
) {
    identifiers.hash(state);
    verdicts.hash(state);
    state.write_usize(reasons.len());
    reasons.for_each(|r| r.hash(state));
    state.write_usize(dkim.len());
    dkim.for_each(|d| d.hash(state));
    state.write_usize(spf.len());
    spf.for_each(|s| s.hash(state));
}

impl Hash for Shape {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(
            state,
            [
                self.header_from.as_deref(),
                self.envelope_from.as_deref(),
                self.envelope_to.as_deref(),
            ],
            (&self.disposition, &self.dkim, &self.spf),
            self.reasons.iter().map(|(k, c)| (k, c)),
            self.dkim_auth
                .iter()
                .map(|d| dkim_parts(&d.domain, &d.selector, &d.result, &d.human_result)),
            self.spf_auth
                .iter()
                .map(|s| spf_parts(&s.domain, &s.scope, &s.result, &s.human_result)),
        );
    }
}

impl Hash for RecordShape<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (pe, ids, auth) = (
            &self.0.row.policy_evaluated,
            &self.0.identifiers,
            &self.0.auth_results,
        );
        hash_parts(
            state,
            [
                ids.header_from.as_deref(),
                ids.envelope_from.as_deref(),
                ids.envelope_to.as_deref(),
            ],
            (&pe.disposition, &pe.dkim, &pe.spf),
            pe.reasons.iter().map(|r| (&r.kind, &r.comment)),
            auth.dkim
                .iter()
                .map(|d| dkim_parts(&d.domain, &d.selector, &d.result, &d.human_result)),
            auth.spf
                .iter()
                .map(|s| spf_parts(&s.domain, &s.scope, &s.result, &s.human_result)),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;
    use crate::testdata::generate_large_reporter;

    #[test]
    fn a_record_hashes_as_its_shape() {
        let xml = generate_large_reporter(200, 4);
        let parsed = crate::report::aggregate::parse_aggregate(&xml, &Default::default()).unwrap();
        let hasher = foldhash::fast::FixedState::with_seed(7);
        for record in &parsed.report.records {
            let shape = Shape::of(record);
            assert!(shape.matches(record));
            assert_eq!(
                hasher.hash_one(&shape),
                hasher.hash_one(RecordShape(record))
            );
        }
    }
}
