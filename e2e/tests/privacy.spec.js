// Privacy: after the page loads it makes no request to any other origin, and
// its Content-Security-Policy forbids it from doing so.
const { test, expect, appReady } = require('./fixtures');
const ids = require('./ids');

function foreign(urls, origin) {
  return urls.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

test('every request while loading and using the page goes to its own origin', async ({ page, requests, baseURL }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.NAV_BUILDER}`).click();
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await page.locator(`#${ids.NAV_REPORTS}`).click();
  await page.reload();
  await appReady(page);
  expect(requests.length).toBeGreaterThan(2); // the page, its script and its wasm at least
  expect(foreign(requests, new URL(baseURL).origin)).toEqual([]);
});

test('the Content-Security-Policy forbids every other origin', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['default-src']).toEqual(["'none'"]);
  expect(directives['connect-src']).toEqual(["'self'"]);
  // The Web Worker and the service worker come from this origin only.
  expect(directives['worker-src']).toEqual(["'self'"]);
  expect(directives['form-action']).toEqual(["'none'"]);
  for (const [name, values] of Object.entries(directives)) {
    for (const v of values) {
      expect(v, `${name} allows ${v}`).not.toMatch(/^(https?:|\*|ws|wss:)/);
    }
  }
  // The placeholder was replaced by the hash of Trunk's inline loader.
  expect(csp).not.toContain('INLINE_SCRIPT_HASHES');
  expect(csp).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
});

test('the browser blocks a request to another origin', async ({ page, consoleErrors }) => {
  // A page that tried to send data out would be stopped by the policy: prove it.
  await page.goto('/');
  await appReady(page);
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'sent';
    try { await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'x' }); } catch { fetched = 'blocked'; }
    await new Promise((r) => setTimeout(r, 50));
    return { fetched, violations };
  });
  expect(outcome.fetched).toBe('blocked');
  expect(outcome.violations).toContain('connect-src');
  // Chromium logs the refusal as a console error: that one is expected here.
  const refusals = consoleErrors.filter((e) => /Content Security Policy|Failed to fetch/.test(e));
  expect(refusals.length).toBeGreaterThan(0);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !refusals.includes(e)));
});
