// DMARC failure reports (RFC 6591, ARF in an e-mail) dropped on the page:
// the list shows one row per report with the fields the corpus facts give;
// a resent copy counts once, and an abuse report (ARF of another kind) is
// rejected with the reason.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const path = require('node:path');
const ids = require('./ids');
const {
  corpusFile, expected, requireCorpus, logRow, tableText, enDate,
} = require('./corpus');

const FAILURES = [
  'parsedmarc/failure/DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml',
  'parsedmarc/failure/[Netease DMARC Failure Report] Rent Reminder.eml',
  'parsedmarc/failure/dmarc_ruf_report_linkedin.eml',
  'JasperWallace+django-dmarc2/dmarc/tests/feedback3.eml',
  'stalwartlabs+mail-auth/resources/arf/003.eml',
];
const RESENT = 'parsedmarc/failure/dmarc_ruf_report_linkedin.crlf.eml';
const ABUSE = 'JasperWallace+django-dmarc2/dmarc/tests/feedback.eml';

const dash = (v) => (v == null || String(v).trim() === '' ? '–' : String(v).trim());

/** The row the page should show for a failure report's facts. */
function expectedRow(r) {
  // Arrival-Date; reports from before RFC 5965 name it Received-Date.
  const arrival = r.arrival_date || r.received_date;
  return {
    date: arrival ? enDate(Date.parse(arrival.replace(/\s*\(.*\)\s*$/, '')) / 1000) : '–',
    domain: r.reported_domain.toLowerCase(),
    source: dash(r.source_ip),
    check: dash((r.auth_failure || []).join(', ')),
    from: dash(r.original && r.original.from),
    envelope: dash(r.original_mail_from),
    subject: dash(r.original && r.original.subject),
    dkim: r.dkim_domain ? (r.dkim_selector ? `${r.dkim_domain} (${r.dkim_selector})` : r.dkim_domain) : '–',
    delivery: dash(r.delivery_result),
  };
}

test('failure reports: one row per report, as the facts say', async ({ page }) => {
  requireCorpus();
  const facts = FAILURES.map((rel) => {
    const f = expected(rel);
    expect(f.reports.map((r) => r.type), rel).toEqual(['failure']);
    return f.reports[0];
  });
  expect(expected(RESENT).reports[0].original.message_id).toBe(expected(FAILURES[2]).reports[0].original.message_id);
  expect(expected(ABUSE).reports.map((r) => r.type)).toEqual(['arf-other']);

  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([...FAILURES, RESENT, ABUSE].map(corpusFile));
  for (const rel of FAILURES) await expect(logRow(page, path.basename(rel))).toHaveText(/Parsed: 1 failure report(?!s)/);
  await expect(logRow(page, path.basename(RESENT))).toContainText('Duplicate');
  const abuse = logRow(page, path.basename(ABUSE));
  await expect(abuse).toContainText('Rejected');
  await expect(abuse).toContainText('not a DMARC failure report: Feedback-Type: abuse');

  const table = page.locator(`#${ids.reports.FAILURES}`);
  await expect(table.locator('tbody tr')).toHaveCount(FAILURES.length);
  const { headers, rows } = await tableText(table);
  expect(headers).toEqual(['Date', 'Domain', 'Source address', 'Failed check', 'From (header / envelope)',
    'Subject', 'DKIM', 'Delivery']);
  const shown = rows.map(([date, domain, source, check, from, subject, dkim, delivery]) => {
    const [header, envelope = ''] = from.split('\n');
    return {
      date, domain, source, check, from: header.trim(),
      envelope: dash(envelope.replace(/^envelope:/, '')), subject, dkim, delivery,
    };
  });
  const key = (r) => `${r.domain} ${r.source}`;
  const sort = (list) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  expect(sort(shown)).toEqual(sort(facts.map(expectedRow)));

  // No aggregate report was loaded: no headline of zeros.
  await expect(page.locator(`#${ids.reports.HEADLINE}`)).toHaveCount(0);
  await expectAccessible(page);
  await shot(page, 'reports-failure-reports-en');
});
