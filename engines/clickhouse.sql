-- dmarc-lens: the table for `dmarc-lens parse --format ndjson` (one aggregate record per line),
-- loaded with `INSERT INTO dmarc_records FORMAT JSONEachRow`. Columns are named as the export's
-- fields (crates/dmarc-core/src/export/mod.rs); absent values become the column's default.
--
-- ReplacingMergeTree, ordered by policy domain and day (the day the report's range begins), then
-- the record id: loading the same files again replaces rows instead of adding them (at the next
-- merge; read with FINAL for exact totals in the meantime).
CREATE TABLE IF NOT EXISTS dmarc_records
(
    id                     String,
    file                   String,
    org_name               LowCardinality(String),
    email                  LowCardinality(String),
    report_id              String,
    date_begin             DateTime('UTC'),
    date_begin_iso         String,
    date_end               DateTime('UTC'),
    date_end_iso           String,
    policy_domain          LowCardinality(String),
    policy_p               LowCardinality(String),
    policy_sp              LowCardinality(String),
    policy_np              LowCardinality(String),
    policy_adkim           LowCardinality(String),
    policy_aspf            LowCardinality(String),
    policy_pct             Nullable(UInt8),
    policy_fo              LowCardinality(String),
    policy_testing         LowCardinality(String),
    -- The address as written in the report; `ip` holds it as IPv6 (IPv4 mapped into ::ffff:0:0/96),
    -- `ipv4` as IPv4 when it is one. An address a report garbled is kept in `source_ip` only.
    source_ip              String,
    ip                     IPv6 MATERIALIZED toIPv6OrDefault(source_ip),
    ipv4                   Nullable(IPv4) MATERIALIZED toIPv4OrNull(source_ip),
    count                  UInt64,
    disposition            LowCardinality(String),
    dkim                   LowCardinality(String),
    spf                    LowCardinality(String),
    reasons                String,
    header_from            LowCardinality(String),
    header_from_org_domain LowCardinality(String),
    envelope_from          LowCardinality(String),
    envelope_to            LowCardinality(String),
    dkim_auth              Array(Tuple(domain String, selector String, result LowCardinality(String), aligned Bool)),
    spf_auth               Array(Tuple(domain String, scope LowCardinality(String), result LowCardinality(String), aligned Bool)),
    dkim_aligned           Bool,
    spf_aligned            Bool,
    dmarc_pass             Bool,
    -- What the dashboard says of the record's sender, and its network (empty without the data).
    family                 LowCardinality(String),
    diagnosis              LowCardinality(String),
    asn                    Nullable(UInt32),
    as_name                LowCardinality(String),
    country                LowCardinality(String),
    day                    Date MATERIALIZED toDate(date_begin)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (policy_domain, day, id);
