-- dmarc-lens: a DuckDB view over files written by `dmarc-lens parse --format ndjson`.
-- Set the file (or a glob of files) first, then read this file:
--   SET VARIABLE dmarc_lens_ndjson = 'exports/*.ndjson';
--   .read engines/duckdb.sql
-- A record met in several files (the same reports exported twice) counts once: rows are kept
-- once per record id. `day` is the UTC day the report's range begins.
CREATE OR REPLACE VIEW dmarc_records AS
SELECT DISTINCT ON (id)
    *,
    to_timestamp(date_begin) AS begin_at,
    to_timestamp(date_end) AS end_at,
    CAST(to_timestamp(date_begin) AT TIME ZONE 'UTC' AS DATE) AS day
FROM read_json(
    getvariable('dmarc_lens_ndjson'),
    format = 'newline_delimited',
    columns = {
        id: 'VARCHAR', file: 'VARCHAR', org_name: 'VARCHAR', email: 'VARCHAR', report_id: 'VARCHAR',
        date_begin: 'BIGINT', date_begin_iso: 'VARCHAR', date_end: 'BIGINT', date_end_iso: 'VARCHAR',
        policy_domain: 'VARCHAR', policy_p: 'VARCHAR', policy_sp: 'VARCHAR', policy_np: 'VARCHAR',
        policy_adkim: 'VARCHAR', policy_aspf: 'VARCHAR', policy_pct: 'UTINYINT', policy_fo: 'VARCHAR',
        policy_testing: 'VARCHAR', source_ip: 'VARCHAR', count: 'UBIGINT', disposition: 'VARCHAR',
        dkim: 'VARCHAR', spf: 'VARCHAR', reasons: 'VARCHAR', header_from: 'VARCHAR',
        header_from_org_domain: 'VARCHAR', envelope_from: 'VARCHAR', envelope_to: 'VARCHAR',
        dkim_auth: 'STRUCT(domain VARCHAR, selector VARCHAR, result VARCHAR, aligned BOOLEAN)[]',
        spf_auth: 'STRUCT(domain VARCHAR, scope VARCHAR, result VARCHAR, aligned BOOLEAN)[]',
        dkim_aligned: 'BOOLEAN', spf_aligned: 'BOOLEAN', dmarc_pass: 'BOOLEAN',
        family: 'VARCHAR', diagnosis: 'VARCHAR', asn: 'UINTEGER', as_name: 'VARCHAR',
        country: 'VARCHAR'
    }
);
