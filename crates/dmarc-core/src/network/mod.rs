//! Whose network an address is in, offline: AS number, AS organisation and
//! country for any IPv4 or IPv6 address, from public routing data shipped
//! with the app as one compact binary asset.
//!
//! The data comes from the npm packages `@ip-location-db/asn` and
//! `@ip-location-db/asn-country` (CC BY 4.0: RouteViews, the five RIRs via
//! the NRO, DB-IP ASN Lite), country names from the Unicode CLDR package
//! `cldr-localenames-full`. `crates/dmarc-netdata` re-encodes them into the
//! asset ([`format`]); [`NetworkDb::from_asset`] checks it (magic, version,
//! checksum) and [`NetworkDb::lookup`] answers by binary search.
//!
//! Ranges are inclusive `first..=last`. An address in no range has no AS (or
//! no country): a gap is never filled from a neighbour. An IPv4-mapped IPv6
//! address (`::ffff:192.0.2.1`) is looked up as its IPv4 address.
//!
//! **Overlaps, one rule**: where rows of one source cover the same address,
//! the narrowest row (fewest addresses) decides; between rows of equal width
//! the later row in the file decides ([`build::segments`]).

pub mod build;
pub mod format;
pub mod label;

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub use format::AssetError;
pub use label::{NetworkGroup, NetworkSummary, SourceNetwork};

/// A two-letter ISO 3166-1 country code with its names (CLDR), English and
/// Japanese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// `JP`, `US`, `NL`…
    pub code: String,
    /// The English name (`Japan`).
    pub name_en: String,
    /// The Japanese name (`日本`).
    pub name_ja: String,
}

impl Country {
    /// The name in `lang` (`ja` or anything else for English); the code when
    /// CLDR has no name.
    pub fn name(&self, lang: &str) -> &str {
        let name = if lang == "ja" {
            &self.name_ja
        } else {
            &self.name_en
        };
        if name.is_empty() {
            &self.code
        } else {
            name
        }
    }
}

/// One autonomous system: its number and organisation name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutonomousSystem {
    /// The AS number (`15169`).
    pub number: u32,
    /// The organisation (`Google LLC`); may be empty.
    pub name: String,
}

/// Sorted range starts with the value of each segment up to the next start;
/// value 0 is "no data" (a gap), otherwise an index + 1 into a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Segments<K> {
    pub(crate) starts: Vec<K>,
    pub(crate) values: Vec<u32>,
}

impl<K: Ord + Copy> Segments<K> {
    /// The value of the segment holding `key` (binary search), 0 for none.
    fn find(&self, key: K) -> u32 {
        let after = self.starts.partition_point(|s| *s <= key);
        after
            .checked_sub(1)
            .and_then(|i| self.values.get(i).copied())
            .unwrap_or(0)
    }
}

/// The decoded network data: look addresses up with [`NetworkDb::lookup`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkDb {
    pub(crate) meta: Meta,
    pub(crate) systems: Vec<AutonomousSystem>,
    pub(crate) countries: Vec<Country>,
    pub(crate) as_v4: Segments<u32>,
    pub(crate) as_v6: Segments<u128>,
    pub(crate) country_v4: Segments<u32>,
    pub(crate) country_v6: Segments<u128>,
}

/// What the asset says about itself, for the attribution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The data's date, `YYYY-MM-DD` (from the packages' versions).
    pub date: String,
    /// The packages it was built from, with versions (`name@version`, one per
    /// line).
    pub sources: String,
}

/// What is known of one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkInfo<'a> {
    /// The AS announcing it, if any.
    pub system: Option<&'a AutonomousSystem>,
    /// The country the registry records, if any.
    pub country: Option<&'a Country>,
}

/// An address as the key the tables use: IPv4 (also IPv4-mapped IPv6) or
/// IPv6.
fn key(ip: IpAddr) -> Result<u32, u128> {
    match ip {
        IpAddr::V4(v4) => Ok(u32::from(v4)),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Ok(u32::from(v4)),
            None => Err(u128::from(v6)),
        },
    }
}

fn pick<T>(table: &[T], value: u32) -> Option<&T> {
    table.get(usize::try_from(value.checked_sub(1)?).ok()?)
}

impl NetworkDb {
    /// Reads and checks an asset made by [`format::encode`].
    pub fn from_asset(bytes: &[u8]) -> Result<NetworkDb, AssetError> {
        format::decode(bytes)
    }

    /// The AS and country of `ip`.
    pub fn lookup(&self, ip: IpAddr) -> NetworkInfo<'_> {
        self.info(self.lookup_ids(ip))
    }

    /// The AS and country of `ip` as compact ids (0: none), for a table of
    /// many addresses; [`NetworkDb::info`] turns them back.
    pub fn lookup_ids(&self, ip: IpAddr) -> (u32, u32) {
        match key(ip) {
            Ok(v4) => (self.as_v4.find(v4), self.country_v4.find(v4)),
            Err(v6) => (self.as_v6.find(v6), self.country_v6.find(v6)),
        }
    }

    /// What ids from [`NetworkDb::lookup_ids`] stand for.
    pub fn info(&self, (system, country): (u32, u32)) -> NetworkInfo<'_> {
        NetworkInfo {
            system: pick(&self.systems, system),
            country: pick(&self.countries, country),
        }
    }

    /// The asset's date and sources.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The country with code `code` (`JP`), if the data knows it.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// How many ranges (segments, gaps included) each table holds:
    /// AS IPv4, AS IPv6, country IPv4, country IPv6.
    pub fn table_sizes(&self) -> [usize; 4] {
        [
            self.as_v4.starts.len(),
            self.as_v6.starts.len(),
            self.country_v4.starts.len(),
            self.country_v6.starts.len(),
        ]
    }

    /// Every AS the data names.
    pub fn systems(&self) -> &[AutonomousSystem] {
        &self.systems
    }
}

#[cfg(test)]
mod attribution_tests;
#[cfg(test)]
mod format_tests;
#[cfg(test)]
mod tests;
