// SMTP TLS reports (RFC 8460: JSON, gzip'd JSON, JSON in an e-mail) dropped
// on the page: per policy domain, the summary adds up the sessions, failure
// types and MX hosts of every report, as the corpus facts and the reports'
// own failure details give them. A report resent in an e-mail counts once.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const path = require('node:path');
const fs = require('node:fs');
const zlib = require('node:zlib');
const ids = require('./ids');
const {
  corpusFile, expected, requireCorpus, logRow, tableText, figure, percent,
} = require('./corpus');

// [path, sent as .json.gz]
const REPORTS = [
  ['cry-inc+dmarc-report-viewer/testdata/smtp-tls-reports/google.json', false],
  ['cry-inc+dmarc-report-viewer/testdata/smtp-tls-reports/microsoft.json', false],
  ['parsedmarc/smtp_tls/smtp_tls.json', false],
  ['parsedmarc/smtp_tls/mail.ru.json', true],
  ['stalwartlabs+mail-auth/resources/tlsrpt/rpt02.json', false],
  ['dmarc-analyzer-net+DmarcAnalyzerApp/src/api.tests/Fixtures/sample-google-tls.json', false],
  ['parsedmarc/smtp_tls/google.com_smtp_tls_report.eml', false],
];
// rpt02.json again, attached to an e-mail.
const RESENT = 'stalwartlabs+mail-auth/resources/tlsrpt/rpt02.eml';

function upload(rel, gzipped) {
  const bytes = fs.readFileSync(corpusFile(rel));
  return gzipped
    ? { name: `${path.basename(rel)}.gz`, mimeType: 'application/gzip', buffer: zlib.gzipSync(bytes) }
    : { name: path.basename(rel), mimeType: 'application/octet-stream', buffer: bytes };
}

/** Per policy domain, from the facts and, for failure details, the JSON itself. */
function expectedSummaries() {
  const by = new Map();
  for (const [rel] of REPORTS) {
    const facts = expected(rel).reports;
    expect(facts.map((r) => r.type), rel).toEqual(['tls']);
    const report = facts[0];
    const raw = rel.endsWith('.json') ? JSON.parse(fs.readFileSync(corpusFile(rel), 'utf8')) : null;
    report.policies.forEach((p, i) => {
      const domain = p.policy_domain.toLowerCase();
      const s = by.get(domain) || {
        types: new Set(), ok: 0, failed: 0, failures: {}, mx: new Set(), reporters: new Set(),
      };
      s.types.add(p.policy_type);
      s.ok += p.total_successful_session_count;
      s.failed += p.total_failure_session_count;
      s.reporters.add(report.organization_name);
      for (const mx of p.mx_host || []) s.mx.add(mx);
      if (raw) {
        for (const d of raw.policies[i]['failure-details'] || []) {
          s.failures[d['result-type']] = (s.failures[d['result-type']] || 0) + d['failed-session-count'];
          if (d['receiving-mx-hostname']) s.mx.add(d['receiving-mx-hostname']);
        }
      } else {
        expect(p.failure_details_count, `${rel}: failure details only read from JSON here`).toBe(0);
      }
      by.set(domain, s);
    });
  }
  return by;
}

/** "sts-policy-fetch-error (2), tlsa-invalid (1)" as { type: sessions }. */
function failureTypes(text) {
  if (!text) return {};
  return Object.fromEntries(text.split(', ').map((part) => {
    const m = /^(.*) \(([\d,]+)\)$/.exec(part);
    if (!m) throw new Error(`not "type (n)": ${part}`);
    return [m[1], figure(m[2])];
  }));
}

const list = (text) => (text ? text.split(', ').sort() : []);

test('SMTP TLS reports: per policy domain, sessions, failure types and MX hosts add up', async ({ page }) => {
  requireCorpus();
  const want = expectedSummaries();
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([...REPORTS.map(([rel, gz]) => upload(rel, gz)), upload(RESENT, false)]);
  for (const [rel, gz] of REPORTS) {
    await expect(logRow(page, path.basename(rel) + (gz ? '.gz' : ''))).toContainText(/Parsed: 1 SMTP TLS report(?!s)/);
  }
  await expect(logRow(page, path.basename(RESENT))).toContainText('Duplicate');

  const table = page.locator(`#${ids.reports.TLS}`);
  await expect(table.locator('tbody tr')).toHaveCount(want.size);
  const { headers, rows } = await tableText(table);
  expect(headers).toEqual(['Domain', 'Successful sessions', 'Failed sessions', 'Failure types', 'MX hosts', 'Reporter']);
  const shown = new Map(rows.map(([domain, ok, failed, types, mx, reporters]) => {
    const [name, policyTypes = ''] = domain.split('\n');
    const m = /^([\d,]+) \((.*)\)$/.exec(failed);
    return [name.trim(), {
      types: list(policyTypes.trim()),
      ok: figure(ok),
      failed: figure(m[1]),
      rate: percent(m[2]),
      failures: failureTypes(types),
      mx: list(mx),
      reporters: list(reporters),
    }];
  }));
  expect([...shown.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [domain, s] of want) {
    const got = shown.get(domain);
    const total = s.ok + s.failed;
    expect({ ...got, rate: undefined }, domain).toEqual({
      types: [...s.types].sort(),
      ok: s.ok,
      failed: s.failed,
      rate: undefined,
      failures: s.failures,
      mx: [...s.mx].sort(),
      reporters: [...s.reporters].sort(),
    });
    if (total === 0) expect(got.rate, domain).toBeNull();
    else expect(got.rate, domain).toBeCloseTo((100 * s.failed) / total, 1);
  }
  await expect(page.locator(`#${ids.reports.HEADLINE}`)).toHaveCount(0);
  // Most failed sessions first.
  const failedInOrder = [...shown.values()].map((s) => s.failed);
  expect(failedInOrder).toEqual([...failedInOrder].sort((a, b) => b - a));
  await expectAccessible(page);
  await shot(page, 'reports-tls-en');
});
