// One model, one truth: the figures the dashboard shows for a set of real
// reports are the figures `dmarc-lens parse` exports for the same files.
// The CLI's NDJSON (one line per aggregate record) is added up here, in the
// test, and compared with the headline and the reporters table.
const { test, expect, shot, appReady } = require('./fixtures');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const ids = require('./ids');
const {
  CLI, corpusFile, requireCorpus, logRow, figure, percent, headlineCards, tableText, enDate,
} = require('./corpus');

// Different reporters and containers; two of them disagree with their own
// auth_results (Zoho, tierpod's test2), which once split the two counts.
const FILES = [
  'cry-inc+dmarc-report-viewer/testdata/dmarc-reports/outlook.xml',
  'cry-inc+dmarc-report-viewer/testdata/dmarc-reports/mailru.xml',
  'dmarc-analyzer-net+DmarcAnalyzerApp/src/api.tests/Fixtures/sample-zoho-aggregate.xml',
  'tierpod+dmarc-report-converter/pkg/dmarc/testdata/test2.xml',
  'andreialecu+dmarc-report-parser/src/test/fixtures/xml/report-quarantine.xml',
  'parsedmarc/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz',
  'parsedmarc/extract_report/nice-input.xml.gz',
  'kimon1230+dmarc_report_reader/tests/fixtures/multi-report.zip',
  'samuelba+dmarc-report-visualizer/backend/test/reports/google.com!example.com!1701129600!1701215999.xml.zip',
  'parsedmarc/aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml',
];
// The same reports again in another container: duplicates, counted once.
const DUPLICATES = [
  'samuelba+dmarc-report-visualizer/backend/test/reports/google.com!example.com!1701129600!1701215999.xml.gz',
  'parsedmarc/extract_report/nice-input.xml.zip',
];

/** `dmarc-lens parse --format ndjson`, run on the files in the order the page gets them. */
function exportRows(paths) {
  const run = spawnSync(CLI, ['parse', '--format', 'ndjson', ...paths], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new Error(`cannot run ${CLI} (cargo build -p dmarc-cli, or set DMARC_LENS_BIN): ${run.error.message}`);
  expect(run.status, run.stderr).toBe(0);
  return {
    rows: run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)),
    stderr: run.stderr,
  };
}

/**
 * The organisation the dashboard groups reporters by: the organisational
 * domain of the reporting address (for these files its last two labels)
 * through the alias table of crates/dmarc-core/src/analysis/reporters.rs,
 * else the org_name.
 */
const ALIASES = { 'yahooinc.com': 'yahoo.com', 'outlook.com': 'microsoft.com', 'fastmaildmarc.com': 'fastmail.com' };
function reporterOf(row) {
  const domain = (row.email || '').includes('@')
    ? row.email.split('@').pop().trim().replace(/>+$/, '').toLowerCase() : '';
  if (!domain) return (row.org_name || '').trim().toLowerCase();
  const org = domain.split('.').slice(-2).join('.');
  return ALIASES[org] || org;
}

/** Everything the headline shows that an export lets us compute. */
function totals(rows) {
  const sum = (keep) => rows.filter(keep).reduce((n, r) => n + (r.count ?? 0), 0);
  const reportKey = (r) => JSON.stringify([r.file, r.org_name, r.report_id, r.date_begin, r.date_end, r.policy_domain]);
  const byReporter = new Map();
  for (const r of rows) {
    const e = byReporter.get(reporterOf(r)) || { messages: 0, reports: new Set() };
    e.messages += r.count ?? 0;
    e.reports.add(reportKey(r));
    byReporter.set(reporterOf(r), e);
  }
  // A report covers [begin, end): its last day is that of the second before its end.
  const lastSecond = (r) => (r.date_end > r.date_begin ? r.date_end - 1 : r.date_end);
  return {
    messages: sum(() => true),
    records: rows.length,
    reports: new Set(rows.map(reportKey)).size,
    dmarcPass: sum((r) => r.dmarc_pass),
    spfAligned: sum((r) => r.spf_aligned),
    dkimAligned: sum((r) => r.dkim_aligned),
    quarantined: sum((r) => r.disposition === 'quarantine'),
    rejected: sum((r) => r.disposition === 'reject'),
    sources: new Set(rows.map((r) => r.source_ip ?? '')).size,
    reporters: byReporter,
    first: Math.min(...rows.map((r) => r.date_begin).filter((d) => d != null)),
    last: Math.max(...rows.filter((r) => r.date_end != null).map(lastSecond)),
  };
}

/** "12 messages", "3 quarantined, 4 rejected", "5 records in 2 reports": the numbers in order. */
function numbersIn(text) {
  return (text.match(/\d[\d,]*/g) || []).map(figure);
}

test('the dashboard shows what `dmarc-lens parse` exports for the same files', async ({ page }) => {
  requireCorpus();
  const paths = [...FILES, ...DUPLICATES].map(corpusFile);
  const { rows, stderr } = exportRows(paths);
  const want = totals(rows);
  // The CLI, too, skipped exactly the duplicates.
  for (const rel of DUPLICATES) expect(stderr).toContain(`${corpusFile(rel)}: duplicate`);
  expect(want.messages).toBeGreaterThan(3000);
  expect(want.quarantined).toBeGreaterThan(0);
  expect(want.rejected).toBeGreaterThan(0);

  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(paths);
  await expect(page.locator(`#${ids.reports.PROGRESS}`)).toContainText(`${paths.length} of ${paths.length} files read`);
  for (const rel of DUPLICATES) await expect(logRow(page, path.basename(rel))).toContainText('Duplicate');
  for (const rel of FILES) await expect(logRow(page, path.basename(rel))).toContainText('Parsed');
  // The worker sends the dashboard after the last file: wait for it, then read it once.
  await expect.poll(async () => figure(await page.locator(`#${ids.reports.HEADLINE} .card .value`).first().innerText()))
    .toBe(want.messages);
  const cards = await headlineCards(page);

  expect(figure(cards.Messages.value), 'messages').toBe(want.messages);
  expect(numbersIn(cards.Messages.detail), 'records, reports').toEqual([want.records, want.reports]);
  for (const [label, n] of [
    ['DMARC pass', want.dmarcPass], ['Aligned SPF pass', want.spfAligned], ['Aligned DKIM pass', want.dkimAligned],
  ]) {
    expect(numbersIn(cards[label].detail), `${label}: messages`).toEqual([n]);
    expect(percent(cards[label].value), `${label}: rate`).toBeCloseTo((100 * n) / want.messages, 1);
  }
  expect(figure(cards['Quarantined or rejected'].value), 'enforced').toBe(want.quarantined + want.rejected);
  expect(numbersIn(cards['Quarantined or rejected'].detail), 'quarantined, rejected')
    .toEqual([want.quarantined, want.rejected]);
  expect(figure(cards['Source addresses'].value), 'source addresses').toBe(want.sources);
  expect(figure(cards.Reporters.value), 'reporters').toBe(want.reporters.size);
  expect(cards.Period.value, 'period').toBe(`${enDate(want.first)} – ${enDate(want.last)}`);

  // Per reporting organisation: messages and reports.
  const table = await tableText(page.locator(`#${ids.reports.REPORTERS}`));
  const col = (name) => table.headers.indexOf(name);
  const orgs = await page.locator(`#${ids.reports.REPORTERS} tbody tr .reporter-name`)
    .evaluateAll((spans) => spans.map((s) => s.dataset.organisation));
  const shown = Object.fromEntries(table.rows.map((r, i) => [orgs[i], {
    messages: figure(r[col('Messages')]), reports: figure(r[col('Reports')]),
  }]));
  const computed = Object.fromEntries([...want.reporters].map(([name, e]) => [name, {
    messages: e.messages, reports: e.reports.size,
  }]));
  expect(shown).toEqual(computed);
  await shot(page, 'reports-export-matches-dashboard-en');
});
