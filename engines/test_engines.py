"""Loads the NDJSON export of the shared corpus into real in-process engines
(ClickHouse's, through chDB, with engines/clickhouse.sql; DuckDB with
engines/duckdb.sql), twice, and checks that their messages and DMARC passes
per policy domain, and per domain and day, equal `dmarc-lens analyze` for the same files.
Also checks that the shipped definitions name every field of the export,
and that the OpenSearch template maps the addresses as `ip` and dates as
`date`.

    python engines/test_engines.py DMARC_LENS_BIN CORPUS_FILES_DIR

Exits 1 with a message on the first difference. Run by scripts/test.sh
with the interpreter of .tools/engines (scripts/setup.sh installs it).
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(binary, *args):
    done = subprocess.run([binary, *args], capture_output=True, check=False)
    if done.returncode not in (0, 1):
        fail(f"{binary} {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return done.stdout


def expected(binary, corpus):
    """(domain, date) -> (messages, dmarc_pass) from `dmarc-lens analyze`."""
    analysis = json.loads(run(binary, "analyze", "--format", "json", corpus))
    days = {(d["domain"], d["date"]): (d["messages"], d["dmarc_pass"]) for d in analysis["days"]}
    if len(days) < 20:
        fail(f"analyze found only {len(days)} domain-days in {corpus}")
    # Per domain, with the reports that have no date range.
    for d in analysis["domains"]:
        days[(d["domain"], "all")] = (d["messages"], d["dmarc_pass"])
    # Messages per domain and family: the export's `family` is the dashboard's.
    families = {
        (d["domain"], f["family"]): f["messages"] for d in analysis["domains"] for f in d["families"]
    }
    if not families:
        fail(f"analyze found no family in {corpus}")
    return days, families, analysis["totals"]["messages"]


FAMILIES_SQL = (
    "SELECT lower(policy_domain), family, sum(count) FROM dmarc_records {final} "
    "GROUP BY 1, 2 HAVING sum(count) > 0"
)


def compare_families(engine, rows, want):
    got = {(d, f): int(m) for d, f, m in rows}
    if got != want:
        differ = sorted(set(got) ^ set(want) | {k for k in got if got.get(k) != want.get(k)})[:5]
        fail(
            f"{engine}: messages per domain and family differ from `dmarc-lens analyze`: "
            f"{[(k, got.get(k), want.get(k)) for k in differ]}"
        )
    print(f"ok: {engine}: messages of {len(got)} (domain, family) pairs equal analyze's")


def compare(engine, got, want):
    # Days and domains whose records carry no message are not listed by analyze's days.
    got = {k: v for k, v in got.items() if v[0] > 0}
    want = {k: v for k, v in want.items() if v[0] > 0}
    if got != want:
        missing = sorted(set(want) - set(got))[:5]
        extra = sorted(set(got) - set(want))[:5]
        differ = sorted(k for k in set(got) & set(want) if got[k] != want[k])[:5]
        fail(
            f"{engine}: totals per domain and day differ from `dmarc-lens analyze`: "
            f"missing {missing}, extra {extra}, different "
            f"{[(k, got[k], want[k]) for k in differ]}"
        )
    days = {k: v for k, v in got.items() if k[1] != "all"}
    domains = {k: v for k, v in got.items() if k[1] == "all"}
    print(
        f"ok: {engine}: {len(days)} domain-days ({sum(v[0] for v in days.values())} messages), "
        f"{len(domains)} domains ({sum(v[0] for v in domains.values())} messages)"
    )


def chdb_totals(ndjson):
    from chdb import session

    with open(os.path.join(HERE, "clickhouse.sql"), encoding="utf-8") as f:
        table = f.read()
    with tempfile.TemporaryDirectory() as path:
        s = session.Session(path)
        s.query("CREATE DATABASE IF NOT EXISTS dmarc")
        s.query("USE dmarc")
        s.query(table)
        for _ in range(2):  # the same export twice: replaced, not added
            s.query(f"INSERT INTO dmarc_records FROM INFILE '{ndjson}' FORMAT JSONEachRow")
        rows = s.query(
            "SELECT lower(policy_domain), if(date_begin_iso = '', 'undated', toString(day)), "
            "sum(count), sumIf(count, dmarc_pass) "
            "FROM dmarc_records FINAL GROUP BY 1, 2 "
            "UNION ALL SELECT lower(policy_domain), 'all', sum(count), sumIf(count, dmarc_pass) "
            "FROM dmarc_records FINAL GROUP BY 1",
            "JSONCompact",
        )
        data = [r for r in json.loads(rows.bytes())["data"] if r[1] != "undated"]
        ips = json.loads(
            s.query(
                "SELECT countIf(ipv4 IS NOT NULL), countIf(ipv4 IS NULL AND ip != toIPv6('::')), "
                "count() FROM dmarc_records FINAL",
                "JSONCompact",
            ).bytes()
        )["data"][0]
        columns = json.loads(
            s.query("SELECT name FROM system.columns WHERE table = 'dmarc_records'", "JSONCompact").bytes()
        )["data"]
        families = json.loads(
            s.query(FAMILIES_SQL.format(final="FINAL"), "JSONCompact").bytes()
        )["data"]
        s.close()
    print(f"ok: chdb: addresses as IPv4 {ips[0]}, as IPv6 only {ips[1]}, of {ips[2]} rows")
    if int(ips[0]) == 0 or int(ips[1]) == 0:
        fail("chdb: expected both IPv4 and IPv6 source addresses in the corpus")
    totals = {(d, day): (int(m), int(p)) for d, day, m, p in data}
    return totals, {c[0] for c in columns}, families


def duckdb_totals(ndjson):
    import duckdb

    with open(os.path.join(HERE, "duckdb.sql"), encoding="utf-8") as f:
        view = f.read()
    with tempfile.TemporaryDirectory() as path:
        # The same export in two files: counted once.
        copy = os.path.join(path, "again.ndjson")
        with open(ndjson, "rb") as src, open(copy, "wb") as dst:
            dst.write(src.read())
        con = duckdb.connect()
        con.execute(f"SET VARIABLE dmarc_lens_ndjson = ['{ndjson}', '{copy}']")
        con.execute(view)
        data = con.execute(
            "SELECT lower(policy_domain), strftime(day, '%Y-%m-%d'), sum(count), "
            "sum(count) FILTER (WHERE dmarc_pass) "
            "FROM dmarc_records WHERE date_begin IS NOT NULL GROUP BY 1, 2 "
            "UNION ALL SELECT lower(policy_domain), 'all', sum(count), "
            "sum(count) FILTER (WHERE dmarc_pass) FROM dmarc_records GROUP BY 1"
        ).fetchall()
        columns = {r[0] for r in con.execute("DESCRIBE dmarc_records").fetchall()}
        families = con.execute(FAMILIES_SQL.format(final="")).fetchall()
        con.close()
    totals = {(d, day): (int(m or 0), int(p or 0)) for d, day, m, p in data}
    return totals, columns, families


def main():
    if len(sys.argv) != 3:
        fail(__doc__)
    binary, corpus = sys.argv[1], sys.argv[2]
    if not os.path.isdir(corpus):
        fail(f"the shared corpus is not at {corpus} (set DMARC_CORPUS)")
    want, want_families, messages = expected(binary, corpus)
    with tempfile.TemporaryDirectory() as path:
        ndjson = os.path.join(path, "records.ndjson")
        with open(ndjson, "wb") as f:
            f.write(run(binary, "parse", "--format", "ndjson", corpus))
        with open(ndjson, encoding="utf-8") as f:
            fields = set(json.loads(f.readline()).keys())

        got, columns, families = chdb_totals(ndjson)
        compare("chdb (engines/clickhouse.sql)", got, want)
        compare_families("chdb", families, want_families)
        if fields - columns:
            fail(f"engines/clickhouse.sql lacks columns {sorted(fields - columns)}")

        got, columns, families = duckdb_totals(ndjson)
        compare("duckdb (engines/duckdb.sql)", got, want)
        compare_families("duckdb", families, want_families)
        if fields - columns:
            fail(f"engines/duckdb.sql lacks columns {sorted(fields - columns)}")

    with open(os.path.join(HERE, "opensearch-template.json"), encoding="utf-8") as f:
        mapping = json.load(f)["template"]["mappings"]["properties"]
    if fields - set(mapping):
        fail(f"engines/opensearch-template.json lacks fields {sorted(fields - set(mapping))}")
    for field, kind in [("source_ip", "ip"), ("date_begin", "date"), ("date_begin_iso", "date")]:
        if mapping[field]["type"] != kind:
            fail(f"opensearch-template.json maps {field} as {mapping[field]['type']}, not {kind}")
    print(f"ok: opensearch template maps all {len(fields)} fields; corpus messages {messages}")


if __name__ == "__main__":
    main()
