// dist/ works from any static host, also under a sub-path (GitHub Pages style).
const { test, expect, appReady } = require('./fixtures');
const { SUBPATH_URL } = require('../playwright.config');
const ids = require('./ids');

test('the release works under a sub-path', async ({ page, requests }) => {
  await page.goto(SUBPATH_URL + '#/builder');
  await appReady(page);
  await expect(page.locator('h1')).toHaveText('Record builder');
  await page.locator(`#${ids.NAV_REPORTS}`).click();
  await expect(page.locator('h1')).toHaveText('Reports');
  expect(requests.filter((u) => !u.startsWith(SUBPATH_URL) && !u.startsWith('data:'))).toEqual([]);
});
