//! # dmarc-netdata
//!
//! The build step that turns the npm packages `@ip-location-db/asn` and
//! `@ip-location-db/asn-country` (CSV, CC BY 4.0) and the CLDR country names
//! of `cldr-localenames-full` (JSON, Unicode-3.0), as installed by
//! `scripts/setup.sh` into `data/network/node_modules`, into the one binary
//! network asset the app ships ([`dmarc_core::network::format`]).
//!
//! It reads the `-num` CSV files (addresses as decimal numbers, IPv6 as
//! 128-bit), so that no address text has to be parsed twice.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fs::File;
use std::path::{Path, PathBuf};

use dmarc_core::network::build::{BuildError, Builder, Family};
use dmarc_core::network::{format, Meta, NetworkDb};

/// The four CSV files, relative to the packages folder, with their family
/// and whether they map to an AS (else to a country).
pub const CSV_FILES: [(&str, Family, bool); 4] = [
    ("@ip-location-db/asn/asn-ipv4-num.csv", Family::V4, true),
    ("@ip-location-db/asn/asn-ipv6-num.csv", Family::V6, true),
    (
        "@ip-location-db/asn-country/asn-country-ipv4-num.csv",
        Family::V4,
        false,
    ),
    (
        "@ip-location-db/asn-country/asn-country-ipv6-num.csv",
        Family::V6,
        false,
    ),
];

/// The packages, for the asset's list of sources.
const PACKAGES: [&str; 3] = [
    "@ip-location-db/asn",
    "@ip-location-db/asn-country",
    "cldr-localenames-full",
];

/// Why the asset could not be built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source} (run `bash scripts/setup.sh` to install the network data packages)")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CSV file is malformed.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: csv::Error,
    },
    /// A row holds something that is not a range.
    #[error("{path}, line {line}: {reason}")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// A JSON file (package.json, CLDR) is malformed or lacks a field.
    #[error("{path}: {reason}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// `data/network/node_modules` of this repository.
pub fn default_packages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/network/node_modules")
}

fn read_json(path: &Path) -> Result<serde_json::Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Json {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// The version of an installed package.
pub fn package_version(packages: &Path, name: &str) -> Result<String, Error> {
    let path = packages.join(name).join("package.json");
    read_json(&path)?
        .get("version")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| Error::Json {
            path,
            reason: "no version".into(),
        })
}

/// The data's date from the package version `2.3.YYYYMMDDHH`.
fn data_date(version: &str) -> Option<String> {
    let stamp = version.rsplit('.').next()?;
    let (y, m, d) = (stamp.get(0..4)?, stamp.get(4..6)?, stamp.get(6..8)?);
    stamp
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{y}-{m}-{d}"))
}

/// Every row of one CSV file: (first, last, AS number or country, AS name).
pub fn read_rows(path: &Path, is_as: bool) -> Result<Vec<(u128, u128, String, String)>, Error> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|source| Error::Csv {
            path: path.to_owned(),
            source,
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let bad = |reason: &str| Error::Row {
            path: path.to_owned(),
            line,
            reason: reason.to_owned(),
        };
        let number = |i: usize| -> Result<u128, Error> {
            record
                .get(i)
                .and_then(|f| f.trim().parse::<u128>().ok())
                .ok_or_else(|| bad("an address is not a number"))
        };
        let first = number(0)?;
        let last = number(1)?;
        let value = record
            .get(2)
            .ok_or_else(|| bad("no third column"))?
            .to_owned();
        let name = if is_as {
            record.get(3).unwrap_or_default().to_owned()
        } else {
            String::new()
        };
        rows.push((first, last, value, name));
    }
    Ok(rows)
}

fn territories(packages: &Path, lang: &str) -> Result<serde_json::Value, Error> {
    let path = packages
        .join("cldr-localenames-full/main")
        .join(lang)
        .join("territories.json");
    let json = read_json(&path)?;
    json.pointer(&format!("/main/{lang}/localeDisplayNames/territories"))
        .cloned()
        .ok_or_else(|| Error::Json {
            path,
            reason: "no localeDisplayNames/territories".into(),
        })
}

/// Builds the lookup tables from the installed packages.
pub fn build(packages: &Path) -> Result<NetworkDb, Error> {
    let versions = PACKAGES
        .iter()
        .map(|p| Ok(format!("{p}@{}", package_version(packages, p)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let asn_version = package_version(packages, PACKAGES[0])?;
    let date = data_date(&asn_version).ok_or_else(|| Error::Json {
        path: packages.join(PACKAGES[0]).join("package.json"),
        reason: format!("version {asn_version} does not end in a date"),
    })?;
    let mut builder = Builder::new(Meta {
        date,
        sources: versions.join("\n"),
    });
    for (file, family, is_as) in CSV_FILES {
        let path = packages.join(file);
        let rows = read_rows(&path, is_as)?;
        for (i, (first, last, value, name)) in rows.into_iter().enumerate() {
            let row_error = |reason: String| Error::Row {
                path: path.clone(),
                line: i as u64 + 1,
                reason,
            };
            let added: Result<(), BuildError> = if is_as {
                let number = value
                    .parse::<u32>()
                    .map_err(|_| row_error(format!("AS number {value:?}")))?;
                builder.add_as(family, first, last, number, &name)
            } else {
                builder.add_country(family, first, last, &value)
            };
            added.map_err(|e| row_error(e.to_string()))?;
        }
    }
    let en = territories(packages, "en")?;
    let ja = territories(packages, "ja")?;
    builder.name_countries(|code| {
        let name = |t: &serde_json::Value| {
            t.get(code)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        (name(&en), name(&ja))
    });
    Ok(builder.finish())
}

/// The asset's bytes for `db`, its payload deflated by libdeflate at its
/// strongest level (12): plain DEFLATE that the app's flate2 reads, 5 %
/// smaller than flate2's best level on the real data (README, "Cost").
pub fn encode(db: &NetworkDb) -> Vec<u8> {
    format::encode_with(db, |payload| {
        let mut compressor = libdeflater::Compressor::new(libdeflater::CompressionLvl::best());
        let mut out = vec![0; compressor.deflate_compress_bound(payload.len())];
        let len = compressor.deflate_compress(payload, &mut out).ok()?;
        out.truncate(len);
        Some(out)
    })
}
