//! From range rows (as the CSV packages give them) to the lookup tables: the
//! overlap rule, gaps, de-duplicated AS and country tables.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use super::{AutonomousSystem, Country, Meta, NetworkDb, Segments};

/// The address family of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// IPv4: `first` and `last` fit in 32 bits.
    V4,
    /// IPv6.
    V6,
}

impl Family {
    fn max(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }
}

/// A row the builder refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// `first` is after `last`, or past the family's last address.
    #[error("bad range {first}..={last} for {family:?}")]
    BadRange {
        /// The family.
        family: Family,
        /// First address, as a number.
        first: u128,
        /// Last address, as a number.
        last: u128,
    },
    /// A country code that is not two ASCII letters.
    #[error("bad country code {0:?}")]
    BadCountry(String),
}

/// One inclusive range with the value (index + 1) it maps to.
#[derive(Clone, Copy, Debug)]
struct Row {
    first: u128,
    last: u128,
    value: u32,
}

/// Collects rows, then makes a [`NetworkDb`].
#[derive(Debug, Default)]
pub struct Builder {
    meta: Meta,
    systems: Vec<AutonomousSystem>,
    system_ids: HashMap<(u32, String), u32>,
    countries: Vec<Country>,
    country_ids: HashMap<String, u32>,
    rows: [Vec<Row>; 4],
}

const AS_V4: usize = 0;
const AS_V6: usize = 1;
const COUNTRY_V4: usize = 2;
const COUNTRY_V6: usize = 3;

fn check(family: Family, first: u128, last: u128) -> Result<(), BuildError> {
    if first > last || last > family.max() {
        return Err(BuildError::BadRange {
            family,
            first,
            last,
        });
    }
    Ok(())
}

impl Builder {
    /// A builder for data described by `meta`.
    pub fn new(meta: Meta) -> Builder {
        Builder {
            meta,
            ..Builder::default()
        }
    }

    /// `first..=last` is announced by AS `number` of organisation `name`.
    pub fn add_as(
        &mut self,
        family: Family,
        first: u128,
        last: u128,
        number: u32,
        name: &str,
    ) -> Result<(), BuildError> {
        check(family, first, last)?;
        let next = self.systems.len() as u32 + 1;
        let value = *self
            .system_ids
            .entry((number, name.to_owned()))
            .or_insert(next);
        if value == next {
            self.systems.push(AutonomousSystem {
                number,
                name: name.to_owned(),
            });
        }
        let table = if family == Family::V4 { AS_V4 } else { AS_V6 };
        self.rows[table].push(Row { first, last, value });
        Ok(())
    }

    /// `first..=last` is registered in country `code` (ISO 3166-1 alpha-2).
    pub fn add_country(
        &mut self,
        family: Family,
        first: u128,
        last: u128,
        code: &str,
    ) -> Result<(), BuildError> {
        check(family, first, last)?;
        let value = self.country_id(code)?;
        let table = if family == Family::V4 {
            COUNTRY_V4
        } else {
            COUNTRY_V6
        };
        self.rows[table].push(Row { first, last, value });
        Ok(())
    }

    /// Names every country seen so far: `names(code)` gives (English,
    /// Japanese); an empty name falls back to the code on display.
    pub fn name_countries(&mut self, mut names: impl FnMut(&str) -> (String, String)) {
        for c in &mut self.countries {
            (c.name_en, c.name_ja) = names(&c.code);
        }
    }

    fn country_id(&mut self, code: &str) -> Result<u32, BuildError> {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(BuildError::BadCountry(code.to_owned()));
        }
        let code = code.to_ascii_uppercase();
        let next = self.countries.len() as u32 + 1;
        let value = *self.country_ids.entry(code.clone()).or_insert(next);
        if value == next {
            self.countries.push(Country {
                code,
                name_en: String::new(),
                name_ja: String::new(),
            });
        }
        Ok(value)
    }

    /// The tables, with the overlap rule applied ([`segments`]).
    pub fn finish(self) -> NetworkDb {
        // Systems in three classes by how many rows name them: the 127 most
        // named, whose values take one varint byte, the next 16,256 (two
        // bytes), the rest; by number within a class (the asset
        // delta-encodes the numbers). Countries by code. The rows' values
        // follow.
        let mut named = vec![0usize; self.systems.len() + 1];
        for row in self.rows[AS_V4].iter().chain(&self.rows[AS_V6]) {
            if let Some(n) = named.get_mut(row.value as usize) {
                *n += 1;
            }
        }
        let mut by_use: Vec<u32> = (1..=self.systems.len() as u32).collect();
        by_use.sort_by_key(|v| (Reverse(named.get(*v as usize).copied()), *v));
        let mut class = vec![2u8; self.systems.len() + 1];
        for (rank, v) in by_use.iter().enumerate() {
            if let Some(c) = class.get_mut(*v as usize) {
                *c = if rank < 127 {
                    0
                } else {
                    u8::from(rank >= 127 + 16_256) + 1
                };
            }
        }
        let mut systems: Vec<(u32, AutonomousSystem)> = (1..).zip(self.systems).collect();
        systems.sort_by(|a, b| {
            let key = |s: &(u32, AutonomousSystem)| {
                (
                    class.get(s.0 as usize).copied(),
                    s.1.number,
                    s.1.name.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let mut countries: Vec<(u32, Country)> = (1..).zip(self.countries).collect();
        countries.sort_by(|a, b| a.1.code.cmp(&b.1.code));
        let [as_v4, as_v6, country_v4, country_v6] =
            self.rows.map(|rows| rows.into_iter().collect::<Vec<_>>());
        let system_map = remap(systems.iter().map(|(old, _)| *old));
        let country_map = remap(countries.iter().map(|(old, _)| *old));
        let apply = |rows: Vec<Row>, map: &[u32]| -> Vec<Row> {
            rows.into_iter()
                .map(|r| Row {
                    value: map.get(r.value as usize).copied().unwrap_or(0),
                    ..r
                })
                .collect()
        };
        let (as_v4, as_v6) = (apply(as_v4, &system_map), apply(as_v6, &system_map));
        let (country_v4, country_v6) = (
            apply(country_v4, &country_map),
            apply(country_v6, &country_map),
        );
        NetworkDb {
            meta: self.meta,
            systems: systems.into_iter().map(|(_, s)| s).collect(),
            countries: countries.into_iter().map(|(_, c)| c).collect(),
            as_v4: narrow(segments(&as_v4, Family::V4.max())),
            as_v6: segments(&as_v6, Family::V6.max()),
            country_v4: narrow(segments(&country_v4, Family::V4.max())),
            country_v6: segments(&country_v6, Family::V6.max()),
        }
    }
}

/// `map[old value] = new value`, from the old values in their new order.
fn remap(old_in_new_order: impl Iterator<Item = u32>) -> Vec<u32> {
    let old: Vec<u32> = old_in_new_order.collect();
    let mut map = vec![0; old.len() + 1];
    for (new, old) in (1..).zip(old) {
        if let Some(slot) = map.get_mut(old as usize) {
            *slot = new;
        }
    }
    map
}

fn narrow(wide: Segments<u128>) -> Segments<u32> {
    Segments {
        // IPv4 rows were checked to end at u32::MAX at most.
        starts: wide
            .starts
            .iter()
            .map(|s| u32::try_from(*s).unwrap_or(u32::MAX))
            .collect(),
        values: wide.values,
    }
}

/// Turns possibly overlapping inclusive ranges into sorted segments that
/// cover the whole address space from 0: each starts where the previous one
/// ends, and carries the value of the **narrowest** row covering it (on a
/// tie, the row that came later), or 0 where no row does (a gap). Adjacent
/// segments with the same value are merged. `max` is the family's last
/// address.
fn segments(rows: &[Row], max: u128) -> Segments<u128> {
    // (point, is_start, row): ends are processed before starts at one point.
    let mut events: Vec<(u128, bool, usize)> = Vec::with_capacity(rows.len() * 2);
    for (i, r) in rows.iter().enumerate() {
        events.push((r.first, true, i));
        if let Some(after) = r.last.checked_add(1).filter(|a| *a <= max) {
            events.push((after, false, i));
        }
    }
    events.sort_unstable();
    let mut active: BTreeSet<(u128, Reverse<usize>)> = BTreeSet::new();
    let mut out = Segments {
        starts: vec![0],
        values: vec![0],
    };
    let mut i = 0;
    while let Some(&(point, _, _)) = events.get(i) {
        while let Some(&(p, is_start, row)) = events.get(i) {
            if p != point {
                break;
            }
            if let Some(r) = rows.get(row) {
                let entry = (r.last - r.first, Reverse(row));
                if is_start {
                    active.insert(entry);
                } else {
                    active.remove(&entry);
                }
            }
            i += 1;
        }
        let value = active
            .first()
            .and_then(|(_, Reverse(row))| rows.get(*row))
            .map_or(0, |r| r.value);
        if out.values.last() == Some(&value) {
            continue;
        }
        if out.starts.last() == Some(&point) {
            out.values.pop();
            out.starts.pop();
            if out.values.last() == Some(&value) {
                continue;
            }
        }
        out.starts.push(point);
        out.values.push(value);
    }
    out
}

#[cfg(test)]
pub(crate) fn segments_for_test(rows: &[(u128, u128, u32)]) -> (Vec<u128>, Vec<u32>) {
    let rows: Vec<Row> = rows
        .iter()
        .map(|&(first, last, value)| Row { first, last, value })
        .collect();
    let s = segments(&rows, u128::MAX);
    (s.starts, s.values)
}
