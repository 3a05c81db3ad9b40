// Offline and updates: after one visit the page opens and reads reports with
// no server at all, and a newer release, once installed by the service worker,
// is announced and taken on request. These tests serve dist/ themselves, so
// they can stop the server (no network) and swap one release for another.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const DIST = path.join(__dirname, '..', '..', 'dist');
const HOOK = path.join(__dirname, '..', '..', 'scripts', 'release_assets.py');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.zip': 'application/zip', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

const REPORT = `<?xml version="1.0"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email>
<report_id>offline-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.org</domain><p>none</p></policy_published>
<record><row><source_ip>192.0.2.10</source_ip><count>4321</count><policy_evaluated><disposition>none</disposition>
<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers>
<auth_results><dkim><domain>example.org</domain><result>pass</result></dkim></auth_results></record></feedback>`;

/** A static server of `root.dir` on a free loopback port; `root.dir` may change between requests. */
async function serve(root) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(root.dir, rel);
    if (!file.startsWith(root.dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

async function stop(server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Waits until the page is controlled by an activated service worker (its files are cached). */
async function offlineReady(page) {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
}

/** One visit to a served dist/ until the service worker is in charge, then the server stopped and the network off. */
async function visitThenGoOffline(page, context) {
  const { server, url } = await serve({ dir: DIST });
  await page.goto(url);
  await appReady(page);
  await offlineReady(page);
  await stop(server);
  await context.setOffline(true);
  return url;
}

test('after one visit the page opens and reads a report with the server gone', async ({ page, context, consoleErrors }) => {
  const url = await visitThenGoOffline(page, context);
  // Nothing answers on that port now: prove it, then open the page anew.
  const direct = await page.evaluate((u) => fetch(u + 'no-such-file', { cache: 'no-store' }).then(() => 'answered', () => 'failed'), url);
  expect(direct).toBe('failed');
  // Chromium logs that refused request as a console error: the one expected here.
  expect(consoleErrors).toEqual(['Failed to load resource: net::ERR_FAILED']);
  consoleErrors.length = 0;
  const response = await page.reload();
  expect(response.fromServiceWorker()).toBe(true);
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    { name: 'offline.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT) },
  ]);
  await expect(page.locator(`#${ids.reports.PROGRESS}`)).toContainText('1 of 1 file read');
  await expect(page.locator(`#${ids.reports.HEADLINE}`)).toContainText('4,321');
  await shot(page, 'offline-dashboard-en');
  await context.setOffline(false);
});

test('after one visit the record builder works with the server gone', async ({ page, context }) => {
  // The first visit never opens the builder: the service worker keeps its files anyway.
  await visitThenGoOffline(page, context);
  const response = await page.reload();
  expect(response.fromServiceWorker()).toBe(true);
  await appReady(page);
  await page.locator(`#${ids.NAV_BUILDER}`).click();
  await page.locator(`#${ids.builder.DOMAIN}`).fill('shop.example.co.uk');
  await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@reports.vendor.example');
  await expect(page.locator(`#${ids.builder.OUTPUT_NAME}`)).toHaveText('_dmarc.shop.example.co.uk');
  await expect(page.locator(`#${ids.builder.AUTHORIZATIONS}`)).toContainText(
    'shop.example.co.uk._report._dmarc.reports.vendor.example. 3600 IN TXT "v=DMARC1"');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
  await shot(page, 'offline-builder-en');
  await context.setOffline(false);
});

test('a newer release is announced, in both languages, and taken on request', async ({ page }) => {
  // Release B: release A with one more tag in its page, and the service worker
  // the post-build hook writes for it (any changed file changes sw.js).
  const releaseB = fs.mkdtempSync(path.join(os.tmpdir(), 'dmarc-lens-release-b-'));
  fs.cpSync(DIST, releaseB, { recursive: true });
  const indexB = path.join(releaseB, 'index.html');
  fs.writeFileSync(indexB, fs.readFileSync(indexB, 'utf8').replace('<title>', '<meta name="test-release" content="B"><title>'));
  execFileSync('python3', [HOOK, '--service-worker-only', releaseB]);
  expect(fs.readFileSync(path.join(releaseB, 'sw.js'), 'utf8')).not.toEqual(fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8'));

  const root = { dir: DIST };
  const { server, url } = await serve(root);
  try {
    await page.goto(url);
    await appReady(page);
    await offlineReady(page);
    await expect(page.locator(`#${ids.UPDATE_APPLY}`)).toHaveCount(0);

    root.dir = releaseB;
    await page.reload();
    await appReady(page);
    // Still release A (the service worker that serves it is still in charge) ...
    await expect(page.locator('meta[name="test-release"]')).toHaveCount(0);
    // ... and the page says B is ready.
    await expect(page.locator(`#${ids.UPDATE_NOTICE}`)).toContainText('A newer version of dmarc-lens is ready');
    await expectAccessible(page);
    await shot(page, 'update-notice-en');
    await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
    await expect(page.locator(`#${ids.UPDATE_NOTICE}`)).toContainText('新しいバージョンの準備ができました');
    await shot(page, 'update-notice-ja');

    await page.locator(`#${ids.UPDATE_APPLY}`).click();
    await expect(page.locator('meta[name="test-release"]')).toHaveAttribute('content', 'B');
    await appReady(page);
    await expect(page.locator(`#${ids.UPDATE_APPLY}`)).toHaveCount(0);
  } finally {
    await stop(server);
    fs.rmSync(releaseB, { recursive: true, force: true });
  }
});

test('every shipped file is named after its content, and the service worker caches them all', async () => {
  const files = fs.readdirSync(DIST).filter((f) => fs.statSync(path.join(DIST, f)).isFile());
  const unversioned = files.filter((f) => !['index.html', 'sw.js'].includes(f) && !/-[0-9a-f]{8,16}(_bg\.wasm|_loader\.js|\.[a-z]+)$/.test(f));
  expect(unversioned).toEqual([]);
  expect(files.filter((f) => f.startsWith('worker') && f.endsWith('_bg.wasm'))).toHaveLength(1);
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  for (const f of files.filter((f) => !['index.html', 'sw.js'].includes(f))) {
    expect(sw, `sw.js caches ${f}`).toContain(`"./${f}"`);
  }
});
