// The Reports view: getting reports in, the ingest log, storage across
// reloads, forgetting. Files come from our own fixtures and, where the shared
// corpus is beside the repository, from real reports.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const path = require('node:path');
const zlib = require('node:zlib');
const ids = require('./ids');
const { corpusFile, expected, requireCorpus, logRow } = require('./corpus');

const FIXTURES = path.join(__dirname, '..', '..', 'crates', 'dmarc-core', 'tests', 'fixtures');

const REPORT = (id, count) => `<?xml version="1.0"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email>
<report_id>${id}</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.org</domain><p>none</p></policy_published>
<record><row><source_ip>192.0.2.10</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>
<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers>
<auth_results><dkim><domain>example.org</domain><result>pass</result></dkim></auth_results></record></feedback>`;

/** `1 report`, `2 reports`: English counts agree with their nouns. */
function count(n, one, other) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : other}`;
}

test('files of every kind go in; the log says what became of each', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.getByText('No reports loaded yet')).toBeVisible();
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'plain.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT('r-1', 5)) },
    { name: 'again.xml.gz', mimeType: 'application/gzip', buffer: zlib.gzipSync(Buffer.from(REPORT('r-1', 5))) },
    { name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<feedback><record><row>') },
    { name: 'picture.xml.gz', mimeType: 'application/gzip', buffer: Buffer.from('\x89PNG\r\n\x1a\nnot a report', 'latin1') },
  ]);
  await expect(page.locator(`#${ids.reports.PROGRESS}`)).toContainText('4 of 4 files read');
  await expect(await logRow(page, 'plain.xml')).toContainText('Parsed: 1 report, 1 record, 5 messages');
  await expect(await logRow(page, 'again.xml.gz')).toContainText('Duplicate');
  await expect(await logRow(page, 'broken.xml')).toContainText('Rejected');
  await expect(await logRow(page, 'broken.xml')).toContainText('broken.xml › xml');
  await expect(await logRow(page, 'broken.xml')).toContainText('The XML ends at line 1');
  await expect(await logRow(page, 'picture.xml.gz')).toContainText('Rejected');
  await expect(await logRow(page, 'picture.xml.gz')).toContainText('A PNG image, not a report.');
  await expectAccessible(page);
  await shot(page, 'reports-ingest-log-en');
});

test('the ingest log speaks Japanese: counts, errors and notes', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  const noted = REPORT('noted-1', 5)
    .replace('<org_name>receiver.example</org_name>', '<org_name> receiver.example </org_name>')
    .replace('<p>none</p>', '<p>None</p>');
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'noted.xml', mimeType: 'text/xml', buffer: Buffer.from(noted) },
    { name: 'broken.xml', mimeType: 'text/xml', buffer: Buffer.from('<feedback><record><row>') },
    { name: 'picture.xml.gz', mimeType: 'application/gzip', buffer: Buffer.from('\x89PNG\r\n\x1a\nnot a report', 'latin1') },
  ]);
  // The page's own log, not the hidden warm-up's copy of its title (dashboard/warmup.rs), which is
  // drawn for a few frames after the page opens and after a change of language.
  await expect(page.locator('.page-reports > .ingest-log > summary')).toHaveText('読み込み履歴（3 個のファイル）');
  const notedRow = await logRow(page, 'noted.xml');
  await expect(notedRow).toContainText('読み込み完了：レポート 1 件、レコード 1 件、メッセージ 5 通');
  await notedRow.locator('details.notes > summary').click();
  await expect(notedRow).toContainText('値の前後の空白を取り除きました');
  await expect(notedRow).toContainText('大文字を含む値を小文字の値として読み込みました');
  await expect(await logRow(page, 'broken.xml')).toContainText('XML が <row> を閉じる前に 1 行');
  await expect(await logRow(page, 'picture.xml.gz')).toContainText('PNG 画像で、レポートではありません。');
  // The sentences are Japanese; only names of formats and elements are in Latin letters.
  for (const text of await page.locator(`#${ids.reports.LOG} .message, #${ids.reports.LOG} .outcome-head`).allInnerTexts()) {
    const words = text.replace(/<[^>]*>/g, '').match(/[A-Za-z]{2,}/g) || [];
    expect(words.filter((w) => !['XML', 'PNG', 'DMARC'].includes(w)), text).toEqual([]);
  }
  await expectAccessible(page);
  await shot(page, 'reports-ingest-log-ja');
});

// The worker reads legacy encodings with the browser's TextDecoder, not encoding_rs (README, "Size").
test('reports in legacy encodings are read: Shift_JIS and windows-1252', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  const encoded = (id, encoding, name) => {
    const [head, tail] = REPORT(id, 3)
      .replace('<?xml version="1.0"?>', `<?xml version="1.0" encoding="${encoding}"?>`)
      .split('receiver.example</org_name>');
    return Buffer.concat([Buffer.from(head), name, Buffer.from(`</org_name>${tail}`)]);
  };
  // 日本の受信者 in Shift_JIS; Café in windows-1252: neither is UTF-8.
  const sjis = Buffer.from('93fa967b82cc8ef3904d8ed2', 'hex');
  const cp1252 = Buffer.from('436166e9', 'hex');
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'sjis.xml', mimeType: 'text/xml', buffer: encoded('sjis-1', 'Shift_JIS', sjis) },
    { name: 'latin.xml', mimeType: 'text/xml', buffer: encoded('latin-1', 'ISO-8859-1', cp1252) },
  ]);
  for (const file of ['sjis.xml', 'latin.xml']) {
    const row = await logRow(page, file);
    await expect(row).toContainText('Parsed: 1 report, 1 record, 3 messages');
    await row.locator('details.notes > summary').click();
    await expect(row).toContainText('Converted to UTF-8 from the encoding the report declares');
    await expect(row).not.toContainText('replaced by');
  }
  const reporters = page.locator(`#${ids.reports.REPORTERS}`);
  await expect(reporters).toContainText('日本の受信者');
  await expect(reporters).toContainText('Café');
});

test('sample reports load in one click', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.SAMPLES}`).click();
  const row = await logRow(page, 'dmarc-lens-samples.zip');
  await expect(row).toContainText('Parsed: 30 reports');
  await shot(page, 'reports-samples-en');
});

test('pasted XML is read', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.getByText('Or paste a report\'s XML').click();
  await page.locator(`#${ids.reports.PASTE}`).fill(REPORT('pasted-1', 12));
  await page.locator(`#${ids.reports.PASTE_SUBMIT}`).click();
  await expect(await logRow(page, 'pasted.xml')).toContainText('12 messages');
});

test('what was loaded survives a reload, and "forget" forgets', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'keep.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT('keep-1', 7)) },
  ]);
  await expect(await logRow(page, 'keep.xml')).toContainText('Parsed');
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText('1 file,');
  await page.reload();
  await appReady(page);
  const restored = await logRow(page, 'keep.xml');
  await expect(restored).toContainText('kept in this browser');
  await expect(restored).toContainText('7 messages');
  // Loading the same report again after the reload is a duplicate.
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'keep-again.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT('keep-1', 7)) },
  ]);
  await expect(await logRow(page, 'keep-again.xml')).toContainText('Duplicate');
  await page.locator(`#${ids.reports.FORGET}`).click();
  await expect(page.locator(`#${ids.reports.LOG}`)).toHaveCount(0);
  await page.reload();
  await appReady(page);
  await expect(page.getByText('No reports loaded yet')).toBeVisible();
  await expect(page.locator(`#${ids.reports.LOG}`)).toHaveCount(0);
});

test('stored files come back in every form storage has kept them: bytes, a large File, an earlier version\'s Blob', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  // A small file is kept as its bytes; one over 1 MiB (white space before
  // the report) as the File itself.
  const large = ' '.repeat((1 << 20) + 10) + REPORT('large-1', 3);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'small.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT('small-1', 2)) },
    { name: 'large.xml', mimeType: 'text/xml', buffer: Buffer.from(large) },
  ]);
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText('2 files,');
  // What an earlier version wrote: the File as a Blob, under `blob`.
  const kinds = await page.evaluate((xml) => new Promise((resolve, reject) => {
    const open = indexedDB.open('dmarc-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('files', 'readwrite');
      const store = tx.objectStore('files');
      store.add({ name: 'earlier.xml', blob: new Blob([xml], { type: 'text/xml' }) });
      const all = store.getAll();
      tx.oncomplete = () => {
        open.result.close();
        resolve(all.result.map((e) => `${e.name}:${e.bytes ? 'bytes' : e.blob instanceof File ? 'file' : 'blob'}`));
      };
    };
  }), REPORT('earlier-1', 4));
  expect(kinds).toEqual(['small.xml:bytes', 'large.xml:file', 'earlier.xml:blob']);
  await page.reload();
  await appReady(page);
  for (const [name, messages] of [['small.xml', 2], ['large.xml', 3], ['earlier.xml', 4]]) {
    const row = await logRow(page, name);
    await expect(row).toContainText('kept in this browser');
    await expect(row).toContainText(`${messages} messages`);
  }
});

test('a report over 8 MiB is read whole, then and after a reload', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  // The worker reads a file this large in slices (src/worker/batch.rs);
  // this checks the result, not that slices were used (a worker that fell
  // back to one read would pass). 30,000 records of about 350 bytes: three
  // slices of 4 MiB, the last one short, with records cut across every
  // boundary between them. Each
  // record's count differs, so a slice lost, doubled or out of order would
  // break the XML or the total.
  const n = 30_000;
  const records = Array.from({ length: n }, (_, i) => `<record><row><source_ip>192.0.${(i >> 8) & 255}.${i & 255}</source_ip><count>${(i % 7) + 1}</count><policy_evaluated><disposition>none</disposition>
<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers>
<auth_results><dkim><domain>example.org</domain><result>pass</result></dkim></auth_results></record>`);
  const xml = REPORT('sliced-1', 1).replace(/<record>[\s\S]*<\/record>/, records.join('\n'));
  expect(xml.length).toBeGreaterThan(8 * (1 << 20) + (1 << 20));
  const total = records.reduce((sum, _, i) => sum + (i % 7) + 1, 0);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'sliced.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) },
  ]);
  const parsed = `Parsed: 1 report, ${count(n, 'record', 'records')}, ${count(total, 'message', 'messages')}`;
  await expect(await logRow(page, 'sliced.xml')).toContainText(parsed);
  // Kept as its File, and read back from storage the same way.
  await page.reload();
  await appReady(page);
  const row = await logRow(page, 'sliced.xml');
  await expect(row).toContainText('kept in this browser');
  await expect(row).toContainText(parsed);
});

// Versions before 2026-11-23 kept a parsed file as JSON text, without its bytes; this
// one no longer reads those (README, "Size") and says so, in both languages, until forgotten.
test('an earlier version\'s parsed entries are counted and named, never silently dropped', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'today.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT('today-1', 2)) },
  ]);
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText('1 file,');
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('dmarc-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('files', 'readwrite');
      const store = tx.objectStore('files');
      store.add(JSON.stringify({ name: 'old-1.xml', status: 'parsed', reports: [] }));
      store.add(JSON.stringify({ name: 'old-2.xml', status: 'parsed', reports: [] }));
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  await page.reload();
  await appReady(page);
  await expect(await logRow(page, 'today.xml')).toContainText('2 messages');
  const warning = page.getByText('2 reports kept in this browser by a version of dmarc-lens older than 23 November 2026 can no longer be shown: load their files again.');
  await expect(warning).toBeVisible();
  await shot(page, 'reports-stored-unreadable-en');
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(page.getByText('2026年11月23日より前の dmarc-lens がこのブラウザーに保存したレポート 2 件は、このバージョンでは表示できません。')).toBeVisible();
  await expectAccessible(page);
  await shot(page, 'reports-stored-unreadable-ja');
  await page.locator(`#${ids.reports.FORGET}`).click();
  await page.reload();
  await appReady(page);
  await expect(page.getByText(/23 November 2026|2026年11月23日/)).toHaveCount(0);
});

/** `n` small reports, `.xml.gz`, each of `i + 1` messages, as in a folder. */
function folder(prefix, n) {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(4, '0')}.xml.gz`,
    mimeType: 'application/gzip',
    buffer: zlib.gzipSync(Buffer.from(REPORT(`${prefix}-${i}`, i + 1))),
  }));
}

test('a folder of 700 files goes over in batches: each read, counted and stored once', async ({ page }) => {
  // 700 files cross the page's batches (128 files) and the worker's reads
  // (groups of 32), and the last batch is a partial one.
  const n = 700;
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(folder('fold', n));
  await expect(page.locator(`#${ids.reports.PROGRESS}`)).toContainText(`${n} of ${n} files read`, { timeout: 30_000 });
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText(`${n} files,`);
  const messages = (n * (n + 1)) / 2;
  await expect(page.locator(`#${ids.reports.HEADLINE} .card`).first()).toContainText(messages.toLocaleString('en-US'));
  // Every file's own figures, not a neighbour's (the worker splits one
  // read of many files by their sizes): first, last, and across a group.
  await page.locator('.page-reports > .ingest-log > summary').click();
  await page.locator('.page-reports > .ingest-log .show-all').click();
  for (const i of [0, 31, 32, 699]) {
    const name = `fold-${String(i).padStart(4, '0')}.xml.gz`;
    await expect(await logRow(page, name)).toContainText(count(i + 1, 'message', 'messages'));
  }
  // Stored in batches, restored one by one.
  await page.reload();
  await appReady(page);
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText(`${n} files,`);
  await expect(page.locator(`#${ids.reports.HEADLINE} .card`).first()).toContainText(messages.toLocaleString('en-US'));
});

test('cancelling a large drop stops what was not handed over, and nothing is counted twice', async ({ page }) => {
  const n = 3000;
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(folder('cancel', n));
  await page.locator(`#${ids.reports.CANCEL}`).click();
  const progress = page.locator(`#${ids.reports.PROGRESS}`);
  await expect(progress).toContainText('Done.', { timeout: 30_000 });
  const [, done, total] = /([\d,]+) of ([\d,]+) files read/.exec(await progress.innerText()).map((x) => x && Number(x.replace(/,/g, '')));
  expect(done).toBe(total);
  expect(total).toBeLessThan(n);
  // Each file is in the log once: read or cancelled.
  await expect(page.locator('.page-reports > .ingest-log > summary')).toContainText(`(${n.toLocaleString('en-US')} files)`);
  await expect(page.locator(`#${ids.reports.STORED}`)).toContainText(`${total.toLocaleString('en-US')} files,`);
});

test('real reports from the shared corpus: xml, gz, zip, eml; the dashboard adds them up', async ({ page }) => {
  const rels = [
    'cry-inc+dmarc-report-viewer/testdata/dmarc-reports/outlook.xml',
    'jorritfolmer+TA-dmarc/bin/dmarc/test/data/google_rua.xml',
    'samuelba+dmarc-report-visualizer/backend/test/reports/google.com!example.com!1701129600!1701215999.xml.gz',
    'parsedmarc/aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml',
  ];
  const dup = 'samuelba+dmarc-report-visualizer/backend/test/reports/google.com!example.com!1701129600!1701215999.xml.zip';
  requireCorpus();
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([...rels, dup].map(corpusFile));
  let total = 0;
  for (const rel of rels) {
    const facts = expected(rel);
    const messages = facts.reports.reduce((n, r) => n + (r.sum_count || 0), 0);
    total += messages;
    const row = await logRow(page, path.basename(rel));
    await expect(row).toContainText(count(facts.reports.length, 'report', 'reports'));
    await expect(row).toContainText(count(messages, 'message', 'messages'));
  }
  // The zip holds the same report as the .xml.gz: a duplicate, not counted twice.
  await expect(await logRow(page, path.basename(dup))).toContainText('Duplicate');
  await expect(page.locator(`#${ids.reports.HEADLINE} .card`).first()).toContainText(total.toLocaleString('en-US'));
  await expectAccessible(page);
  await shot(page, 'reports-corpus-dashboard-en');
});

test('the dashboard filters, drills down and keeps its state in the URL', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.SAMPLES}`).click();
  await expect(page.locator(`#${ids.reports.HEADLINE}`)).toContainText('6,611');
  await page.locator(`#${ids.reports.FILTER_OUTCOME}`).selectOption('fail');
  await expect(page).toHaveURL(/outcome=fail/);
  // The dashboard of the new filter arrives after the URL changes (and the
  // network data's arrival refreshes it once more): wait for it.
  await expect(page.locator(`#${ids.reports.HEADLINE} .card`).first().locator('.value')).not.toHaveText('6,611');
  const failing = await page.locator(`#${ids.reports.HEADLINE} .card`).first().locator('.value').innerText();
  expect(Number(failing.replace(/,/g, ''))).toBeLessThan(6611);
  await page.reload();
  await appReady(page);
  // Restoring from IndexedDB re-reads the stored reports in the worker: allow for a slow machine.
  await expect(page.locator(`#${ids.reports.FILTER_OUTCOME}`)).toHaveValue('fail', { timeout: 30_000 });
  await expect(page.locator(`#${ids.reports.HEADLINE} .card`).first().locator('.value')).toHaveText(failing);
  await page.locator('details.service').first().locator('summary').click();
  await page.locator('details.service').first().getByRole('button', { name: /Show/ }).first().click();
  await expect(page.locator(`#${ids.reports.RECORDS} table tbody tr`).first()).toBeVisible();
  await shot(page, 'reports-dashboard-failing-en');
  const download = page.waitForEvent('download');
  await page.locator(`#${ids.reports.EXPORT_CSV}`).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('dmarc-lens-export.csv');
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(page.locator(`#${ids.reports.HEADLINE}`)).toContainText('メッセージ数');
  await expectAccessible(page);
  await shot(page, 'reports-dashboard-ja');
});

// The hidden warm-up (dashboard/warmup.rs) is there so that the first real dashboard finds its
// fonts looked up: the browser asks its main process for each new font size and weight while it
// lays the page out, 45–94 ms on a busy machine. The chart's text is scaled with its width, so
// the warm-up must be drawn as wide as the dashboard will be.
test('the warm-up draws every font the first dashboard uses', async ({ page }) => {
  await page.addInitScript(() => {
    // Family, size in pixels as drawn (SVG text scaled by its box), weight, style, numerals.
    const fonts = (root) => {
      const out = [];
      for (const el of root.querySelectorAll('*')) {
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const cs = getComputedStyle(el);
        let size = parseFloat(cs.fontSize);
        const svg = el.closest('svg');
        if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
          size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        }
        out.push(`${cs.fontFamily} | ${size.toFixed(2)}px | ${cs.fontWeight} | ${cs.fontStyle} | ${cs.fontVariantNumeric}`);
      }
      return out;
    };
    window.__fonts = fonts;
    window.__warmed = new Set();
    window.__warmups = 0;
    const watch = () => {
      const warmup = document.querySelector('.warmup');
      if (warmup) {
        window.__warmups += 1;
        for (const f of fonts(warmup)) window.__warmed.add(f);
      }
      requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  await page.goto('/');
  await appReady(page);
  // The warm-up comes and goes within a few frames of the first paint.
  await expect.poll(() => page.evaluate(() => window.__warmups)).toBeGreaterThan(0);
  await expect(page.locator('.warmup')).toHaveCount(0);
  const warmed = await page.evaluate(() => [...window.__warmed, ...window.__fonts(document.body)]);

  const reports = [0, 1, 2].map((day) => REPORT(`w-${day}`, 10 + day)
    .replace('<begin>1700000000</begin><end>1700086399</end>',
      `<begin>${1700000000 + day * 86400}</begin><end>${1700086399 + day * 86400}</end>`)
    .replace('<dkim>pass</dkim><spf>pass</spf>', day === 1 ? '<dkim>fail</dkim><spf>fail</spf>' : '<dkim>pass</dkim><spf>pass</spf>'));
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles(reports.map((xml, i) => (
    { name: `day-${i}.xml`, mimeType: 'text/xml', buffer: Buffer.from(xml) })));
  const dashboard = page.locator(`#${ids.reports.DASHBOARD}`);
  await expect(dashboard).toBeVisible();
  await expect(dashboard).not.toHaveAttribute('aria-busy', 'true');
  await expect(dashboard.locator('svg text').first()).toBeVisible();
  const used = await dashboard.evaluate((d) => [...new Set(window.__fonts(d))]);
  expect(used.length).toBeGreaterThan(3);
  expect(used.filter((f) => !warmed.includes(f)), 'fonts of the dashboard the warm-up did not draw').toEqual([]);
});
