// A mailbox export (mbox) dropped on the page: every report attached to its
// messages is read (base64 .xml.gz and .zip), a resent report counts once,
// and the dashboard adds up to what the fixture holds. The fixture and its
// facts are written by e2e/fixtures/make-mbox.py.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const path = require('node:path');
const fs = require('node:fs');
const { logRow, figure, percent, headlineCards, tableText, enDate } = require('./corpus');
const ids = require('./ids');

const MBOX = path.join(__dirname, '..', 'fixtures', 'reports.mbox');
const FACTS = JSON.parse(fs.readFileSync(`${MBOX}.json`, 'utf8'));
const n = (v) => v.toLocaleString('en-US');
const day = (iso) => enDate(Date.parse(`${iso}T00:00:00Z`) / 1000);

test('an mbox: each attached report is read, a resent one counts once', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(MBOX);
  const row = logRow(page, FACTS.file);
  await expect(row).toContainText(
    `Parsed: ${n(FACTS.reports)} reports, ${n(FACTS.records)} records, ${n(FACTS.messages)} messages`,
  );
  await expect(row).toContainText(FACTS.duplicate_reports === 1
    ? '1 report in it was already loaded'
    : `${n(FACTS.duplicate_reports)} reports in it were already loaded`);

  await expect(page.locator(`#${ids.reports.HEADLINE} .card .value`).first()).toHaveText(n(FACTS.messages));
  const cards = await headlineCards(page);
  expect(cards.Messages.detail).toBe(`${n(FACTS.records)} records in ${n(FACTS.reports)} reports`);
  expect(cards['DMARC pass'].detail).toBe(`${n(FACTS.dmarc_pass)} messages`);
  expect(percent(cards['DMARC pass'].value)).toBeCloseTo((100 * FACTS.dmarc_pass) / FACTS.messages, 1);
  expect(figure(cards['Quarantined or rejected'].value)).toBe(FACTS.quarantined + FACTS.rejected);
  expect(cards['Quarantined or rejected'].detail)
    .toBe(`${n(FACTS.quarantined)} quarantined, ${n(FACTS.rejected)} rejected`);
  expect(figure(cards['Source addresses'].value)).toBe(FACTS.sources);
  expect(figure(cards.Reporters.value)).toBe(Object.keys(FACTS.reporters).length);
  expect(cards.Period.value).toBe(`${day(FACTS.first_day)} – ${day(FACTS.last_day)}`);

  const table = await tableText(page.locator(`#${ids.reports.REPORTERS}`));
  const col = (name) => table.headers.indexOf(name);
  const shown = Object.fromEntries(table.rows.map((r) => [r[col('Reporter')], {
    messages: figure(r[col('Messages')]), reports: figure(r[col('Reports')]),
  }]));
  expect(shown).toEqual(FACTS.reporters);
  await expectAccessible(page);
  await shot(page, 'reports-mbox-en');
});
