//! The generators' output pinned to the byte: a SHA-256 per (shape,
//! records, seed). The sample zip is committed and asserted by the
//! end-to-end tests, the benchmark figures in the README were measured on
//! these inputs, and tests count what the year generator makes: a change
//! to any of them must be deliberate. When one is, run
//! `PIN_PRINT=1 cargo test -p dmarc-core --features testdata pins -- --nocapture`,
//! say why in the commit and update the table.

use sha2::{Digest, Sha256};

use super::synthetic::{to_xml, Synthetic, DOMAINS};
use super::{generate_aggregate, generate_large_reporter, samples::samples_zip};

/// Lowercase hex SHA-256 of `bytes`.
fn sha256(parts: impl IntoIterator<Item = Vec<u8>>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(&part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The year generator's reports for `seed` and `records` at `per_report`,
/// as `(XML, JSON of the parsed form)` hashes.
fn year(generator: Synthetic) -> (String, String) {
    let reports: Vec<_> = generator.collect();
    let xml = sha256(reports.iter().map(|r| to_xml(r).into_bytes()));
    let json = sha256(
        reports
            .iter()
            .map(|r| serde_json::to_vec(r).unwrap_or_default()),
    );
    (xml, json)
}

/// What each generator makes, keyed by a name, and what it hashes to.
fn outputs() -> Vec<(String, String)> {
    let mut out = vec![("samples.zip".to_owned(), sha256([samples_zip()]))];
    for (records, seed) in [(0, 1), (1, 1), (1_000, 7), (50_000, 42)] {
        let simple = sha256([generate_aggregate(records, seed)]);
        out.push((format!("simple {records} {seed}"), simple));
        let large = sha256([generate_large_reporter(records, seed)]);
        out.push((format!("large {records} {seed}"), large));
    }
    let years = [
        (
            "year 15 1 per 5",
            Synthetic::new(1).records(15).per_report(5),
        ),
        (
            "year 300 5 per 100",
            Synthetic::new(5).records(300).per_report(100),
        ),
        ("year 20000 42", Synthetic::new(42).records(20_000)),
        (
            "year 20000 14 five domains per 40",
            Synthetic::new(14)
                .domains(&[
                    "example.com",
                    "example.co.jp",
                    "shop.example.net",
                    "example.org",
                    "mail.example.io",
                ])
                .records(20_000)
                .per_report(40),
        ),
        (
            "year 8000 14 2025 per 20",
            Synthetic::new(14)
                .domains(&DOMAINS)
                .period(20_089, 365)
                .records(8_000)
                .per_report(20),
        ),
    ];
    for (name, generator) in years {
        let (xml, json) = year(generator);
        out.push((format!("{name} xml"), xml));
        out.push((format!("{name} json"), json));
    }
    out
}

/// The pinned hashes.
const PINS: &[(&str, &str)] = &[
    (
        "samples.zip",
        "14d70d9ac39aefd214970743405f01c929a6807433782dc6e41f92ce2193c288",
    ),
    (
        "simple 0 1",
        "b64d0ef1dc3ec297c30fb2697c2600b3048ebb812935bd0e7bd1b2676c0fe685",
    ),
    (
        "large 0 1",
        "7a0ed79d7789fbe07cb992a11cea008ffc98b0d381db9a69663a3c9636a14ea1",
    ),
    (
        "simple 1 1",
        "04c7a3f9bff4823a4e58601a6bd690da597a2eb733360a84653c935a2ed02c8f",
    ),
    (
        "large 1 1",
        "781624896f76a83bf984dade465cf984e7044ddc91684ae3d791a66afc04e225",
    ),
    (
        "simple 1000 7",
        "b99c9a639f53ed6e31bc3a1891170829f262fbcb2a1270656b0fce7e6c77e386",
    ),
    (
        "large 1000 7",
        "ee413886fd5dc06cc2023f0fa017622fa36b8385f6a56dd1a4b38c5868d7a8f2",
    ),
    (
        "simple 50000 42",
        "3fe64b50cfd35310ddfe0f1319fd03e4979c96799a11bf4592e3f0562bf3c5d5",
    ),
    (
        "large 50000 42",
        "e12d1ff829b485251925e99af04c349bab66ac412b1863bc43f4bd62a3539b54",
    ),
    (
        "year 15 1 per 5 xml",
        "d158edb00103e0deecc9f7b5add9132956e1b7c8ec899bbaa39bc401d255674e",
    ),
    (
        "year 15 1 per 5 json",
        "d23fe65f9c3e6aff42285e7fbaf33425be5c4c6e762537a513fffcf8198b4309",
    ),
    (
        "year 300 5 per 100 xml",
        "fb7cae443eccc935992d5902b37e6910d0da1d6166768e6812a9ea6bd64e23c0",
    ),
    (
        "year 300 5 per 100 json",
        "040969d27537d930d35b02dac37677f361f0e940796b3b7d2463bf8925343012",
    ),
    (
        "year 20000 42 xml",
        "e683bfa9aabc1e67b2537e29da3093589a4bf515d99797004833632d3da0f7db",
    ),
    (
        "year 20000 42 json",
        "b3fbab2cadcecf1e90f1907535f88f13df86d38d9262768e1c785dfb8b72df6f",
    ),
    (
        "year 20000 14 five domains per 40 xml",
        "3cd05217d27dd9b9b2f645083d2fb23ca554473a8ff8eebb849560123e0c8ad7",
    ),
    (
        "year 20000 14 five domains per 40 json",
        "2fa0590fd9c067206dce6f21b6a14ce85988f872e11d54a39b9d8dee81e0cc59",
    ),
    (
        "year 8000 14 2025 per 20 xml",
        "7e4e0a6fe8edfaf80a75c4925debb62908c19750606f22a41cbd5224031b4b39",
    ),
    (
        "year 8000 14 2025 per 20 json",
        "98e7279eb239dbd8c4eaf90a85241e287e419b98c3cd4c849aa0f70556ef183e",
    ),
];

#[test]
fn generators_write_the_pinned_bytes() {
    let got = outputs();
    if std::env::var_os("PIN_PRINT").is_some() {
        for (name, hash) in &got {
            println!("    (\"{name}\", \"{hash}\"),");
        }
    }
    let want: Vec<(String, String)> = PINS
        .iter()
        .map(|(n, h)| ((*n).to_owned(), (*h).to_owned()))
        .collect();
    assert_eq!(got, want);
}
