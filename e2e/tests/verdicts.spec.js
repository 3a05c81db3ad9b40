// Verdicts you can act on: a domain whose mail comes from the owner's own
// server, a SendGrid account that authenticates only as SendGrid, and an
// unknown address sending every day. Readiness asks which of them are the
// owner's first; marking them changes it at once; the next record opens in
// the builder pre-filled; marks survive a reload and "forget" forgets them.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { CLI } = require('./corpus');
const { record, dailyFiles } = require('./xml');

const OWN = '192.0.2.1';
const SENDGRID = '167.89.12.34';
const STEADY = '198.51.100.23';

const files = dailyFiles('v', 20, () => [
  record(OWN, 1000, 'pass', 'pass', [['example.com', 'pass']], [['example.com', 'pass']]),
  record(SENDGRID, 200, 'fail', 'fail', [['sendgrid.info', 'pass']], [['bounces.sendgrid.net', 'pass']]),
  record(STEADY, 100, 'fail', 'fail', [], [['example.com', 'fail']]),
]);

test('mark sources as yours or not, see readiness change, open the next record in the builder', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(files);
  const card = page.locator(`#${ids.reports.READINESS} article[data-domain="example.com"]`);
  await expect(card).toContainText('Say which sources are yours first');
  const review = card.locator('ul.review');
  await expect(review.locator('li[data-service="sendgrid"]')).toContainText('Shared platform, not your domain');
  await expect(review.locator(`li[data-ip="${STEADY}"]`)).toContainText('Unknown steady sender');
  await expect(card.locator('a', { hasText: 'Open the next record in the builder' })).toHaveCount(0);
  // Both generations of receivers, in words.
  await expect(card.locator('dl.applied')).toContainText('no action (delivered) for all failing mail');
  await expectAccessible(page);
  await shot(page, 'verdicts-review-en');

  // Neither is the owner's: the domain is ready for quarantine.
  await review.locator('li[data-service="sendgrid"]').getByRole('button', { name: 'Not mine' }).click();
  await expect(review.locator('li[data-service="sendgrid"]')).toHaveCount(0);
  await review.locator(`li[data-ip="${STEADY}"]`).getByRole('button', { name: 'Not mine' }).click();
  await expect(card).toContainText('Ready for p=quarantine');
  await expect(card.locator('.next-record code')).toHaveText('v=DMARC1; p=quarantine');
  await expect(page.locator(`#${ids.reports.MARKS}`)).toContainText('2 addresses and services marked');
  // The service shows its mark, pressed.
  const sendgrid = page.locator('details.service[data-service="sendgrid"]');
  await sendgrid.locator('summary').click();
  await expect(sendgrid.locator('.mark-service button.not-mine')).toHaveAttribute('aria-pressed', 'true');
  await expect(sendgrid).toContainText('Not yours');
  await shot(page, 'verdicts-ready-en');

  // Marks survive a reload.
  await page.reload();
  await appReady(page);
  await expect(card).toContainText('Ready for p=quarantine');
  await expect(page.locator(`#${ids.reports.MARKS}`)).toContainText('2 addresses and services marked');

  // The next record opens in the builder, pre-filled; with a report address it checks clean.
  await card.getByRole('link', { name: 'Open the next record in the builder' }).click();
  await expect(page).toHaveURL(/#\/builder\?domain=example\.com&record=/);
  await expect(page.locator(`#${ids.builder.DOMAIN}`)).toHaveValue('example.com');
  await expect(page.locator(`#${ids.builder.OPENED_NOTICE}`)).toContainText('Opened from the Reports for example.com');
  await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@example.com');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText('v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
  // The builder keeps its record in the address: a reload shows the same.
  await expect(page).toHaveURL(/record=v%3DDMARC1%3B%20p%3Dquarantine%3B%20rua%3Dmailto%3Admarc%40example\.com/);
  await page.reload();
  await appReady(page);
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText('v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com');
  await expectAccessible(page);
  await shot(page, 'verdicts-builder-en');

  // In Japanese.
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await page.goto('/#/reports');
  await expect(card).toContainText('p=quarantine に移行可能');
  await expect(card.getByRole('link', { name: '次のレコードをビルダーで開く' })).toBeVisible();
  await shot(page, 'verdicts-ready-ja');

  // "Forget all data" forgets the marks too.
  await page.locator(`#${ids.reports.FORGET}`).click();
  await expect(page.locator(`#${ids.reports.LOG}`)).toHaveCount(0);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(files);
  await expect(card).toContainText('自社のものか確認を');
});

// One model, one truth: `dmarc-lens analyze` gives the same verdicts for the
// same files: each domain's readiness (code and next record) and each
// source's family and diagnosis, before and after the same marks; and the
// page's CSV export is `dmarc-lens parse`'s, families and networks included.
test('dmarc-lens analyze gives the dashboard\'s verdicts for the same files and marks', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verdicts-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.buffer);
  const analyze = (extra) => {
    const run = spawnSync(CLI, ['analyze', '--format', 'json', ...extra, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw new Error(`cannot run ${CLI} (cargo build -p dmarc-cli, or set DMARC_LENS_BIN): ${run.error.message}`);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  const compare = async (cli) => {
    for (const r of cli.readiness) {
      const card = page.locator(`#${ids.reports.READINESS} article[data-domain="${r.domain}"]`);
      await expect(card).toHaveClass(new RegExp(`\\b${r.verdict}\\b`));
      if (r.next) await expect(card.locator('.next-record code')).toHaveText(r.next.text);
    }
    for (const s of cli.sources) {
      const service = page.locator(`details.service[data-service="${s.service}"]`);
      if (!(await service.evaluate((d) => d.open))) await service.locator('summary').click();
      const row = service.locator('tr', { hasText: s.ip });
      await expect(row.locator(`.badge.family-${s.family}`)).toBeVisible();
    }
  };
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(files);
  const before = analyze([]);
  expect(before.readiness.map((r) => r.verdict)).toEqual(['review_sources_first']);
  expect(before.sources.find((s) => s.ip === SENDGRID)).toMatchObject({ family: 'suspicious', diagnosis: 'shared_platform', ambiguous: true });
  await compare(before);

  // The same marks on both sides: the page's marks file, given to the CLI.
  const card = page.locator(`#${ids.reports.READINESS} article[data-domain="example.com"]`);
  await card.locator('li[data-service="sendgrid"]').getByRole('button', { name: 'Mine', exact: true }).click();
  await expect(page.locator(`#${ids.reports.MARKS}`)).toContainText('1 address or service marked');
  await expect(card.locator('ul.failing')).toContainText('SendGrid');
  const download = page.waitForEvent('download');
  await page.locator(`#${ids.reports.MARKS_EXPORT}`).click();
  const marksFile = path.join(dir, '..', `${path.basename(dir)}-marks.json`);
  await (await download).saveAs(marksFile);
  const after = analyze(['--marks', marksFile]);
  expect(after.sources.find((s) => s.ip === SENDGRID)).toMatchObject({ family: 'fix_needed', diagnosis: 'service_not_set_up', mark: 'mine' });
  await compare(after);

  // The page's CSV export is `dmarc-lens parse --format csv` with the same
  // marks: the same records, ids, families, diagnoses and networks. Only
  // the file column differs (the page knows a file's name, not its folder).
  await expect(page.locator('details.service[data-service="sendgrid"] tr', { hasText: SENDGRID })).toContainText('AS');
  const exported = page.waitForEvent('download');
  await page.locator(`#${ids.reports.EXPORT_CSV}`).click();
  const pageCsv = fs.readFileSync(await (await exported).path(), 'utf8');
  const run = spawnSync(CLI, ['parse', '--format', 'csv', '--marks', marksFile, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  const rows = (csv) => csv.split('\r\n').filter(Boolean).map((line) => line.split(','));
  const [pageRows, cliRows] = [rows(pageCsv), rows(run.stdout)];
  const at = (name) => pageRows[0].indexOf(name);
  expect(pageRows[0]).toEqual(cliRows[0]);
  expect(pageRows.length).toBe(1 + 3 * files.length);
  const withoutFile = (r) => r.filter((_, i) => i !== at('file'));
  expect(pageRows.map(withoutFile)).toEqual(cliRows.map(withoutFile));
  const sendgrid = pageRows.find((r) => r[at('source_ip')] === SENDGRID);
  expect([sendgrid[at('family')], sendgrid[at('diagnosis')], sendgrid[at('asn')]]).toEqual(['fix_needed', 'service_not_set_up', '11377']);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(marksFile, { force: true });
});
