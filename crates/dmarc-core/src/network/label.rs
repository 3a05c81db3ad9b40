//! The network of each source address, as the dashboard, the exports and the
//! CLI show it, and the grouping of unidentified sources by network.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{Country, NetworkDb, NetworkInfo};
use crate::analysis::{Counts, ServiceGroup, ServiceId, SourceRow};

/// AS and country of one source address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceNetwork {
    /// The AS number, if the address is announced.
    pub asn: Option<u32>,
    /// The AS's organisation.
    pub as_name: Option<String>,
    /// The ISO 3166-1 country code the registry records.
    pub country: Option<String>,
}

impl SourceNetwork {
    /// From a lookup.
    pub fn of(info: NetworkInfo<'_>) -> SourceNetwork {
        SourceNetwork {
            asn: info.system.map(|s| s.number),
            as_name: info
                .system
                .map(|s| s.name.clone())
                .filter(|n| !n.is_empty()),
            country: info.country.map(|c| c.code.clone()),
        }
    }

    /// `AS15169 Google LLC`, or `AS15169`, or empty without an AS.
    pub fn as_label(&self) -> String {
        match (self.asn, &self.as_name) {
            (Some(n), Some(name)) => format!("AS{n} {name}"),
            (Some(n), None) => format!("AS{n}"),
            _ => String::new(),
        }
    }
}

/// Whether a search text (lower-cased) names this network: `as15169` (or
/// `as 15169`) its AS number, a two-letter text its country code, a longer
/// one part of its organisation or of its country's name (English or
/// Japanese).
pub fn matches(info: NetworkInfo<'_>, needle: &str) -> bool {
    let compact: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(number) = compact
        .strip_prefix("as")
        .and_then(|n| n.parse::<u32>().ok())
    {
        return info.system.is_some_and(|s| s.number == number);
    }
    if needle.chars().count() == 2 && needle.is_ascii() {
        return info
            .country
            .is_some_and(|c| c.code.eq_ignore_ascii_case(needle));
    }
    let has = |hay: &str| hay.to_lowercase().contains(needle);
    info.system.is_some_and(|s| has(&s.name))
        || info
            .country
            .is_some_and(|c| has(&c.name_en) || has(&c.name_ja))
}

/// Unidentified sources that share a network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkGroup {
    /// The network (all `None`: addresses no data covers).
    pub network: SourceNetwork,
    /// The listed addresses in it.
    pub addresses: u64,
    /// Their messages.
    pub counts: Counts,
}

/// What the dashboard knows of networks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkSummary {
    /// The network data's date, once it is loaded.
    pub date: Option<String>,
    /// The countries of the listed sources, with their names.
    pub countries: Vec<Country>,
    /// The listed unidentified sources grouped by network, most messages
    /// first.
    pub unknown: Vec<NetworkGroup>,
}

impl NetworkDb {
    /// The network of an address as written in a report (`None` when it is
    /// not an address).
    pub fn describe(&self, ip: &str) -> Option<SourceNetwork> {
        let ip: IpAddr = ip.trim().parse().ok()?;
        Some(SourceNetwork::of(self.lookup(ip)))
    }

    /// Labels every listed source of `services` and sums up the networks.
    pub fn label(&self, services: &mut [ServiceGroup]) -> NetworkSummary {
        let mut codes: Vec<String> = Vec::new();
        let mut unknown: Vec<NetworkGroup> = Vec::new();
        for group in services.iter_mut() {
            for row in &mut group.sources {
                let network = self.describe(&row.ip).unwrap_or_default();
                codes.extend(network.country.clone());
                if group.service == ServiceId::UNKNOWN {
                    add_to(&mut unknown, &network, row);
                }
                row.network = Some(network);
            }
        }
        codes.sort_unstable();
        codes.dedup();
        // Most messages first; addresses no data covers last on a tie.
        unknown.sort_by(|a, b| {
            b.counts
                .messages
                .cmp(&a.counts.messages)
                .then(a.network.asn.is_none().cmp(&b.network.asn.is_none()))
                .then(a.network.asn.cmp(&b.network.asn))
        });
        NetworkSummary {
            date: Some(self.meta().date.clone()),
            countries: codes
                .iter()
                .filter_map(|c| self.country(c).cloned())
                .collect(),
            unknown,
        }
    }
}

fn add_to(groups: &mut Vec<NetworkGroup>, network: &SourceNetwork, row: &SourceRow) {
    let group = match groups.iter().position(|g| g.network == *network) {
        Some(i) => groups.get_mut(i),
        None => {
            groups.push(NetworkGroup {
                network: network.clone(),
                addresses: 0,
                counts: Counts::default(),
            });
            groups.last_mut()
        }
    };
    if let Some(g) = group {
        g.addresses += 1;
        g.counts.merge(&row.counts);
    }
}
