//! What the analysis adds to an exported record: the `family` and
//! `diagnosis` of its sender as the dashboard judges them (with the person's
//! marks, and regularity counted over the exported period and domain), and
//! the `asn`, `as_name` and `country` of its address from the network data,
//! when it is loaded.

use foldhash::HashMap;

use crate::analysis::{Filter, Index, Judge, Shape};

/// The analysis of one record, as exported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotation {
    /// `ok`, `fix_needed`, `forwarding` or `suspicious`.
    pub family: &'static str,
    /// The diagnosis code (`spf_not_aligned_dkim_ok`, …).
    pub diagnosis: &'static str,
    /// The AS announcing the address.
    pub asn: Option<u32>,
    /// That AS's organisation.
    pub as_name: Option<String>,
    /// The country the registry records (`JP`).
    pub country: Option<String>,
}

/// Annotates the records of a [`Session`](crate::session::Session)'s files
/// with what its analysis index says of them.
#[derive(Debug)]
pub(crate) struct Annotator<'a> {
    index: &'a Index,
    judge: Judge,
    /// The first index row of each aggregate report, by (file, report in the
    /// file).
    first_rows: HashMap<(usize, usize), u32>,
    /// Whether the index's columns agree ([`Index::is_consistent`]), checked
    /// once: no record is judged otherwise.
    consistent: bool,
}

impl<'a> Annotator<'a> {
    /// The annotator of `index`, whose aggregate reports came, in order, from
    /// `origins` (file, report in the file), judging as the dashboard does
    /// for `filter`.
    pub(crate) fn new(index: &'a Index, origins: &[(usize, usize)], filter: &Filter) -> Self {
        let first_rows = origins
            .iter()
            .zip(&index.reports)
            .map(|(&origin, report)| (origin, report.first_row))
            .collect();
        Annotator {
            index,
            judge: Judge::for_filter(index, filter),
            first_rows,
            consistent: index.is_consistent(),
        }
    }

    /// The annotation of the record at `position` in report `at`; `None` for
    /// a report the index does not hold.
    pub(crate) fn annotate(&self, at: (usize, usize), position: usize) -> Option<Annotation> {
        let row = self.row(at, position)?;
        if !self.consistent {
            return None;
        }
        let judgement = self.judge.judge_row_of_consistent(self.index, row)?;
        let ip = *self.index.rows.ip.get(row as usize)?;
        let network = self.index.network_of(ip);
        let system = network.as_ref().and_then(|n| n.system);
        Some(Annotation {
            family: judgement.family.code(),
            diagnosis: judgement.diagnosis.code(),
            asn: system.map(|s| s.number),
            as_name: system.map(|s| s.name.clone()).filter(|n| !n.is_empty()),
            country: network
                .as_ref()
                .and_then(|n| n.country)
                .map(|c| c.code.clone()),
        })
    }

    /// The index row of the record at `position` in report `at`.
    fn row(&self, at: (usize, usize), position: usize) -> Option<u32> {
        self.first_rows
            .get(&at)?
            .checked_add(u32::try_from(position).ok()?)
    }

    /// The index's shape of the record at `position` in report `at`: its
    /// id and value (every textual part of the record).
    pub(crate) fn shape(&self, at: (usize, usize), position: usize) -> Option<(u32, &Shape)> {
        let row = self.row(at, position)?;
        let id = *self.index.rows.shape.get(row as usize)?;
        Some((id, self.index.shapes.value(id)?))
    }
}
