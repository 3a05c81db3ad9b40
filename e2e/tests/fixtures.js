// Shared test fixtures: every test fails on a console error or an uncaught
// exception, and records every request so privacy can be asserted anywhere.
const base = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const fs = require('node:fs');
const path = require('node:path');
const ids = require('./ids');

const SHOTS = path.join(__dirname, '..', 'screenshots');

const test = base.test.extend({
  consoleErrors: [async ({ page }, use) => {
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await use(errors);
    base.expect(errors, 'console errors').toEqual([]);
  }, { auto: true }],
  requests: [async ({ page }, use) => {
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await use(urls);
  }, { auto: true }],
});

/** Saves a full-page screenshot as screenshots/<name>.png (git-ignored). */
async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Runs axe-core and fails on any serious or critical violation. */
async function expectAccessible(page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  base.expect(bad, 'serious or critical accessibility violations').toEqual([]);
}

/** Waits until the Yew app has rendered its shell. */
async function appReady(page) {
  await base.expect(page.locator(`#${ids.LANG_SELECT}`)).toBeVisible();
}

module.exports = { test, expect: base.expect, shot, expectAccessible, appReady };
