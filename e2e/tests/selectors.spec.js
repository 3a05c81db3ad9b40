// The DKIM selector inventory: 20 days in which the owner rotates its key
// (the old one still signs a little), an ESP's key stops passing half-way,
// a broken key never passes, and Amazon SES signs with its own key. The
// table names each key's state in both languages; `dmarc-lens analyze`
// lists the same keys with the same figures.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { CLI, tableText } = require('./corpus');
const { record, dailyFiles } = require('./xml');

const OWN = '192.0.2.1';
const SENDGRID = '167.89.12.34';
const SES = '54.240.8.10';

const files = dailyFiles('k', 20, (day) => [
  ...(day < 10
    ? [record(OWN, 100, 'pass', 'pass', [['example.com', 'pass', 's2025']], [['example.com', 'pass']])]
    : [record(OWN, 90, 'pass', 'pass', [['example.com', 'pass', 's2026']], [['example.com', 'pass']]),
      record(OWN, 5, 'pass', 'pass', [['example.com', 'pass', 's2025']], [['example.com', 'pass']])]),
  record(SENDGRID, 20, day < 10 ? 'pass' : 'fail', 'fail',
    [['example.com', day < 10 ? 'pass' : 'fail', 'k1'], ['sendgrid.info', 'pass', 'smtpapi']], [['bounces.sendgrid.net', 'pass']]),
  record(OWN, 3, 'fail', 'pass', [['example.com', 'permerror', 'old']], [['example.com', 'pass']]),
  record(SES, 10, 'fail', 'fail', [['amazonses.com', 'pass', 'ug7nbtf4']], [['eu-west-1.amazonses.com', 'pass']]),
]);

const WANT = [
  // key, state (en), state (ja), messages
  ['s=k1; d=example.com', 'Stopped passing', '合格しなくなった', '400'],
  ['s=old; d=example.com', 'Never passed', '一度も合格していない', '60'],
  ['s=s2025; d=example.com', 'Old key still in use', '古い鍵がまだ使われている', '1,050'],
  ['s=s2026; d=example.com', 'Passing', '合格', '900'],
  ['s=smtpapi; d=sendgrid.info', 'Passing', '合格', '400'],
  ['s=ug7nbtf4; d=amazonses.com', 'Passing', '合格', '200'],
];

test('every DKIM key with what its history says, in both languages, as the CLI lists it', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(files);
  const table = page.locator(`#${ids.reports.SELECTORS}`);
  await expect(table.locator('tbody tr')).toHaveCount(WANT.length);
  const read = async () => {
    const t = await tableText(table);
    const col = (name) => t.headers.findIndex((h) => h.startsWith(name));
    return { t, col };
  };
  let { t, col } = await read();
  // One policy domain: no column for it.
  expect(col('Domain')).toBe(-1);
  expect(t.rows.map((r) => [r[col('Key')].split('\n')[0], r[col('State')], r[col('Messages')]]))
    .toEqual(WANT.map(([key, en, , n]) => [key, en, n]));
  const k1 = t.rows.find((r) => r[col('Key')].startsWith('s=k1'));
  expect(k1[col('Last pass')]).toBe('10 Mar 2026');
  expect(k1[col('Sent through')]).toBe('SendGrid');
  expect(k1[col('DKIM pass')]).toBe('50.0%');
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'selectors-en');

  // The CLI lists the same keys with the same figures.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selectors-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.buffer);
  const run = spawnSync(CLI, ['analyze', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  const cli = JSON.parse(run.stdout).selectors.rows;
  expect(cli.map((r) => [`s=${r.selector}; d=${r.domain}`, r.state, r.messages]))
    .toEqual(WANT.map(([key, , , n]) => [key, expect.any(String), Number(n.replace(',', ''))]));
  expect(cli.map((r) => r.state)).toEqual(['stopped_passing', 'never_passed', 'superseded', 'passing', 'passing', 'passing']);
  fs.rmSync(dir, { recursive: true, force: true });

  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(page.locator(`#${ids.reports.SELECTORS_TITLE}`)).toHaveText('DKIM 鍵（セレクター）');
  ({ t, col } = await read());
  expect(t.rows.map((r) => r[col('状態')])).toEqual(WANT.map(([, , ja]) => ja));
  await expectAccessible(page);
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'selectors-ja');
});

test('a long key list shows its first 25 keys and the rest on request, in both languages', async ({ page }) => {
  // 40 keys under one domain (a spoofer trying selectors), one record each,
  // with more messages the later the key: the table's order puts the
  // failing keys first, most messages first.
  const keys = Array.from({ length: 40 }, (_, i) => `spoof${String(i).padStart(2, '0')}`);
  const many = dailyFiles('many', 1, () => keys.map((s, i) =>
    record(`198.51.100.${i + 1}`, i + 1, 'fail', 'fail', [['example.com', 'fail', s]], [['spoof.example', 'fail']])));
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(many);
  const table = page.locator(`#${ids.reports.SELECTORS}`);
  await expect(table.locator('tbody tr')).toHaveCount(25);
  const section = page.locator('section', { has: table });
  const more = section.locator('button.show-all');
  await expect(more).toHaveText('Showing 25 of 40. Show all');
  // The first 25 in the table's order: the most messages first.
  const first = await tableText(table);
  expect(first.rows[0][0].split('\n')[0]).toBe('s=spoof39; d=example.com');
  expect(first.rows[24][0].split('\n')[0]).toBe('s=spoof15; d=example.com');
  // Sorted by the key, the 25 shown are the first 25 in that order, each
  // row's content its own key's (only the shown rows' content is built).
  const byKey = table.locator('thead th button.sort').first();
  await byKey.click();
  await byKey.click();
  const ascending = await tableText(table);
  expect(ascending.rows.map((r) => r[0].split('\n')[0])).toEqual(
    keys.slice(0, 25).map((k) => `s=${k}; d=example.com`));
  expect(ascending.rows[3][2]).toBe('4');
  await byKey.click();
  const descending = await tableText(table);
  expect(descending.rows[0][0].split('\n')[0]).toBe('s=spoof39; d=example.com');
  expect(descending.rows[0][2]).toBe('40');
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(more).toHaveText('40 件中 25 件を表示中。すべて表示');
  await more.click();
  await expect(table.locator('tbody tr')).toHaveCount(40);
  await expect(more).toHaveCount(0);
  const all = await tableText(table);
  expect(all.rows[39][0].split('\n')[0]).toBe('s=spoof00; d=example.com');
  await expectAccessible(page);
});
