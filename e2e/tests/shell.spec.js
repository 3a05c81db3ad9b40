// The app shell: header, two views by URL and keyboard, language switch,
// empty states, light and dark, phone and wide screens, accessibility.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');

test('opens on the Reports view with an honest empty state', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await expect(page.locator('h1')).toHaveText('Reports');
  await expect(page.locator(`#${ids.NAV_REPORTS}`)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No reports loaded yet')).toBeVisible();
  await expect(page.locator('header')).toBeVisible();
  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('footer')).toContainText('never leave this device');
  await expectAccessible(page);
  await shot(page, 'shell-reports-en');
});

test('both views are reachable by URL', async ({ page }) => {
  await page.goto('/#/builder');
  await appReady(page);
  await expect(page.locator('h1')).toHaveText('Record builder');
  await expect(page.locator(`#${ids.NAV_BUILDER}`)).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  await shot(page, 'shell-builder-en');
  await page.goto('/#/reports');
  await expect(page.locator('h1')).toHaveText('Reports');
  await page.goto('/#/no-such-view');
  await expect(page.getByText('Page not found')).toBeVisible();
  await shot(page, 'shell-not-found-en');
});

test('views are reachable by keyboard, with a skip link and visible focus', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  // Tab to the builder link and follow it with Enter.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(`#${ids.NAV_BUILDER}`).evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.locator(`#${ids.NAV_BUILDER}`)).toBeFocused();
  const outline = await page.locator(`#${ids.NAV_BUILDER}`).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('Record builder');
  await expect(page).toHaveURL(/#\/builder$/);
});

test('the language switch translates everything and survives a reload', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(page.locator('h1')).toHaveText('レポート');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.locator(`#${ids.NAV_BUILDER}`)).toHaveText('レコード作成');
  await expectAccessible(page);
  await shot(page, 'shell-reports-ja');
  await page.reload();
  await appReady(page);
  await expect(page.locator('h1')).toHaveText('レポート');
  await expect(page.locator(`#${ids.LANG_SELECT}`)).toHaveValue('ja');
  await page.locator(`#${ids.LANG_SELECT}`).selectOption('en');
  await page.reload();
  await expect(page.locator('h1')).toHaveText('Reports');
});

test.describe('a Japanese browser', () => {
  test.use({ locale: 'ja-JP' });
  test('starts in Japanese', async ({ page }) => {
    await page.goto('/#/builder');
    await appReady(page);
    await expect(page.locator('h1')).toHaveText('レコード作成');
    await expect(page.locator(`#${ids.LANG_SELECT}`)).toHaveValue('ja');
    await shot(page, 'shell-builder-ja');
  });
});

test.describe('dark colour scheme', () => {
  test.use({ colorScheme: 'dark' });
  test('follows prefers-color-scheme', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(17, 20, 25)');
    await expectAccessible(page);
    await shot(page, 'shell-reports-dark');
  });
});

test.describe('a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test('has no horizontal scroll', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'shell-reports-phone');
  });
});
