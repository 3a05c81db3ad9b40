// The Record builder: walk the steps by keyboard, copy the record, check a
// broken record, open a pasted record in the builder, set up Amazon SES —
// in English and Japanese, light and dark, on a phone and a wide screen.
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Presses Tab until `selector` has focus (fails after `max` presses). */
async function tabTo(page, selector, max = 80) {
  const target = page.locator(selector);
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function openBuilder(page, lang = 'en') {
  await page.goto('/#/builder');
  await appReady(page);
  if (lang !== 'en') {
    await page.locator(`#${ids.LANG_SELECT}`).selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
  await expect(page.locator(`#${ids.builder.FORM}`)).toBeVisible();
}

/** A full-page screenshot from the top (the output panel is sticky on wide screens). */
async function snap(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

async function clipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Walks the builder's steps with the keyboard only. */
async function walkByKeyboard(page) {
  await tabTo(page, `#${ids.builder.DOMAIN}`);
  await page.keyboard.type('Example.COM.');
  await expect(page.locator(`#${ids.builder.DOMAIN_WHERE}`)).toContainText('_dmarc.example.com');
  await tabTo(page, `#${ids.builder.choice('p', 'none')}`);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(`#${ids.builder.choice('p', 'quarantine')}`)).toBeChecked();
  await tabTo(page, `#${ids.builder.PCT}`);
  await page.keyboard.type('50');
  await tabTo(page, `#${ids.builder.address('rua', 0)}`);
  await page.keyboard.type('dmarc@example.com');
  await tabTo(page, `#${ids.builder.choice('adkim', 'r')}`);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(`#${ids.builder.choice('adkim', 's')}`)).toBeChecked();
  await expect(page.locator(`#${ids.builder.ALIGNMENT_EXAMPLE}`)).toContainText('mail.example.com');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText(
    'v=DMARC1; p=quarantine; adkim=s; pct=50; rua=mailto:dmarc@example.com');
  await expect(page.locator(`#${ids.builder.OUTPUT_NAME}`)).toHaveText('_dmarc.example.com');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
}

test('walk the builder by keyboard, copy the record and take the rollout steps', async ({ page }) => {
  await openBuilder(page);
  await walkByKeyboard(page);
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toContainText('no errors and no warnings');

  // Copy the value with Enter, the zone-file line with Space, and read them back.
  await tabTo(page, `#${ids.builder.COPY_VALUE}`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#${ids.builder.COPY_VALUE}`)).toHaveText('Copied');
  await expect(page.locator(`#${ids.builder.COPY_STATUS}`)).toHaveText('Copied');
  expect(await clipboard(page)).toBe('v=DMARC1; p=quarantine; adkim=s; pct=50; rua=mailto:dmarc@example.com');
  await tabTo(page, `#${ids.builder.COPY_ZONE_LINE}`);
  await page.keyboard.press('Space');
  await expect(page.locator(`#${ids.builder.COPY_ZONE_LINE}`)).toHaveText('Copied');
  await expect(page.locator(`#${ids.builder.COPY_VALUE}`)).toHaveText('Copy');
  expect(await clipboard(page)).toBe(
    '_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=quarantine; adkim=s; pct=50; rua=mailto:dmarc@example.com"');
  const outline = await page.locator(`#${ids.builder.COPY_ZONE_LINE}`).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  // The rollout plan: the last step sets p=reject and drops pct.
  await tabTo(page, `#${ids.builder.rollout_step(3)}`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText('v=DMARC1; p=reject; adkim=s; rua=mailto:dmarc@example.com');
  await expect(page.locator(`#${ids.builder.ROLLOUT} .rollout-step`).nth(3)).toHaveAttribute('aria-current', 'step');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);

  // RFC 9989: t replaces pct, np appears.
  await page.locator(`#${ids.builder.choice('tag-set', 'rfc9989')}`).focus();
  await page.keyboard.press('Space');
  await tabTo(page, `#${ids.builder.TESTING}`);
  await page.keyboard.press('Space');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText('v=DMARC1; p=reject; adkim=s; t=y; rua=mailto:dmarc@example.com');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
  await expectAccessible(page);
  await snap(page, 'builder-en');
});

test('an external report address gets its authorisation record, and a long record is split', async ({ page }) => {
  await openBuilder(page);
  await page.locator(`#${ids.builder.DOMAIN}`).fill('shop.example.com');
  await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@reports.vendor.example');
  await expect(page.locator(`#${ids.builder.AUTHORIZATIONS}`)).toContainText(
    'shop.example.com._report._dmarc.reports.vendor.example. 3600 IN TXT "v=DMARC1"');
  await expect(page.locator('.external-note')).toContainText('shop.example.com._report._dmarc.reports.vendor.example');
  await page.locator(`#${ids.builder.copy(ids.builder.AUTHORIZATIONS, 0)}`).click();
  expect(await clipboard(page)).toBe('shop.example.com._report._dmarc.reports.vendor.example. 3600 IN TXT "v=DMARC1"');
  for (let i = 1; i < 8; i++) {
    await page.getByRole('button', { name: 'Add an aggregate report address' }).click();
    await page.locator(`#${ids.builder.address('rua', i)}`).fill(`aggregate-reports-${i}@shop.example.com`);
  }
  await expect(page.locator(`#${ids.builder.ZONE_LINE}`)).toContainText('" "');
  await expect(page.locator(`#${ids.builder.OUTPUT}`)).toContainText('quoted strings');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
  // A bad address and a bad size are named next to their fields.
  await page.locator(`#${ids.builder.address('rua', 1)}`).fill('not an address');
  await expect(page.locator(`#${ids.builder.error(ids.builder.address('rua', 1))}`)).toContainText('is not an e-mail address');
  await expect(page.locator(`#${ids.builder.address('rua', 1)}`)).toHaveAttribute('aria-invalid', 'true');
  await page.locator(`#${ids.builder.size('rua', 0)}`).fill('10mb');
  await expect(page.locator(`#${ids.builder.error(ids.builder.size('rua', 0))}`)).toBeVisible();
  await page.getByRole('button', { name: 'Remove address 2' }).click();
  await expect(page.locator(`#${ids.builder.error(ids.builder.address('rua', 1))}`)).toHaveCount(0);
  await expectAccessible(page);
});

test('paste a broken record into the checker, see its findings, open a record in the builder', async ({ page }) => {
  await openBuilder(page);
  await tabTo(page, `#${ids.builder.CHECKER_INPUT}`);
  await page.keyboard.type('v=DMARC1; p=rejected; p=none; rua=dmarc@example.com; adkm=s');
  const findings = page.locator(`#${ids.builder.CHECKER_FINDINGS}`);
  await expect(findings.locator('[data-code="invalid_policy"]')).toContainText('Error');
  await expect(findings.locator('[data-code="duplicate_tag"]')).toBeVisible();
  await expect(findings.locator('[data-code="uri_not_mailto"]')).toBeVisible();
  await expect(findings.locator('[data-code="unknown_tag"]')).toContainText('Did you mean adkim?');
  await expect(page.locator(`#${ids.builder.CHECKER_RESULT}`)).toContainText('error(s)');
  await expect(page.locator(`#${ids.builder.CHECKER_TAGS} [data-tag="adkm"]`)).toContainText('Unknown tag');
  await expectAccessible(page);
  await snap(page, 'builder-checker-en');

  // dig output, split into two strings: opens in the builder with its choices.
  await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill(
    '_dmarc.example.org. 300 IN TXT "v=DMARC1; p=reject; sp=quarantine; " "pct=40; rua=mailto:reports@example.org"');
  await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="pct_partial"]`)).toBeVisible();
  await tabTo(page, `#${ids.builder.OPEN_IN_BUILDER}`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#${ids.builder.DOMAIN}`)).toBeFocused();
  await expect(page.locator(`#${ids.builder.DOMAIN}`)).toHaveValue('example.org');
  await expect(page.locator(`#${ids.builder.OPENED_NOTICE}`)).toContainText('choices of the record you pasted');
  await expect(page.locator(`#${ids.builder.choice('p', 'reject')}`)).toBeChecked();
  await expect(page.locator(`#${ids.builder.choice('sp', 'quarantine')}`)).toBeChecked();
  await expect(page.locator(`#${ids.builder.PCT}`)).toHaveValue('40');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText(
    'v=DMARC1; p=reject; sp=quarantine; pct=40; rua=mailto:reports@example.org');
  await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);

  // Tags the builder does not write are named when the record opens.
  await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill('v=DMARC1; p=none; psd=n; zz=1; rua=mailto:a@example.org');
  await page.locator(`#${ids.builder.OPEN_IN_BUILDER}`).click();
  await expect(page.locator(`#${ids.builder.OPENED_NOTICE}`)).toContainText('psd, zz');
  await snap(page, 'builder-opened-en');
  await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveText('v=DMARC1; p=none; rua=mailto:a@example.org');
});

test('set up Amazon SES: MX, SPF and three DKIM CNAMEs', async ({ page }) => {
  await openBuilder(page);
  await page.locator(`#${ids.builder.DOMAIN}`).fill('example.com');
  await tabTo(page, `#${ids.builder.SETUP_REGION}`);
  await page.locator(`#${ids.builder.SETUP_REGION}`).selectOption('ap-northeast-1');
  const tokens = ['abcdefghijklmnopqrstuvwxyz012345', 'bbcdefghijklmnopqrstuvwxyz012345', 'cbcdefghijklmnopqrstuvwxyz012345'];
  for (let i = 0; i < 3; i++) {
    await tabTo(page, `#${ids.builder.token(i)}`);
    await page.keyboard.type(tokens[i]);
  }
  const records = page.locator('.setup-record');
  await expect(records).toHaveCount(5);
  await expect(records.nth(0)).toContainText('mail.example.com. 3600 IN MX 10 feedback-smtp.ap-northeast-1.amazonses.com.');
  await expect(records.nth(1)).toContainText('"v=spf1 include:amazonses.com ~all"');
  await expect(records.nth(4)).toContainText('cbcdefghijklmnopqrstuvwxyz012345.dkim.amazonses.com.');
  await page.locator(`#${ids.builder.copy(ids.builder.SETUP_RECORDS, 0)}`).click();
  expect(await clipboard(page)).toBe('mail.example.com. 3600 IN MX 10 feedback-smtp.ap-northeast-1.amazonses.com.');
  await expect(page.locator(`#${ids.builder.SETUP}`)).toContainText('does not match your From: domain');
  // A mistyped token is named.
  await page.locator(`#${ids.builder.token(1)}`).fill('short');
  await expect(page.locator(`#${ids.builder.SETUP}`)).toContainText('DKIM token 2 ("short") is not valid');
  // Microsoft 365.
  await page.locator(`#${ids.builder.choice('provider', 'microsoft')}`).check();
  // Its DKIM CNAME targets cannot be derived: the page says where to copy them.
  await expect(page.locator(`#${ids.builder.SETUP_MICROSOFT_DKIM}`)).toContainText('Get-DkimSigningConfig');
  await expect(page.locator(`#${ids.builder.SETUP}`)).toContainText('include:spf.protection.outlook.com');
  await expect(page.locator(`#${ids.builder.SETUP}`)).not.toContainText('onmicrosoft.com.');
  await expectAccessible(page);
});

test.describe('in Japanese', () => {
  test('walk by keyboard, copy, check a broken record and open it in the builder', async ({ page }) => {
    await openBuilder(page, 'ja');
    await expect(page.locator('h1')).toHaveText('レコード作成');
    await expect(page.locator(`#${ids.builder.OUTPUT}`)).toContainText('ステップ 1 でドメインを入力すると');
    await walkByKeyboard(page);
    await expect(page.locator(`#${ids.builder.VERDICT}`)).toContainText('エラーも警告もありません');
    await tabTo(page, `#${ids.builder.COPY_VALUE}`);
    await page.keyboard.press('Enter');
    await expect(page.locator(`#${ids.builder.COPY_VALUE}`)).toHaveText('コピーしました');
    expect(await clipboard(page)).toBe('v=DMARC1; p=quarantine; adkim=s; pct=50; rua=mailto:dmarc@example.com');

    await tabTo(page, `#${ids.builder.CHECKER_INPUT}`);
    await page.keyboard.type('v=DMARC1; p=quarantine; fo=1; pct=0');
    const findings = page.locator(`#${ids.builder.CHECKER_FINDINGS}`);
    await expect(findings.locator('[data-code="pct_zero"]')).toContainText('どのメールにもポリシーが適用されず');
    await expect(findings.locator('[data-code="fo_without_ruf"]')).toContainText('警告');
    await expect(findings.locator('[data-code="no_rua"]')).toBeVisible();
    await expect(page.locator(`#${ids.builder.CHECKER_RESULT}`)).toContainText('警告');
    await expectAccessible(page);
    await snap(page, 'builder-ja');
    await tabTo(page, `#${ids.builder.OPEN_IN_BUILDER}`);
    await page.keyboard.press('Enter');
    await expect(page.locator(`#${ids.builder.OPENED_NOTICE}`)).toContainText('貼り付けたレコードの設定');
    await expect(page.locator(`#${ids.builder.PCT}`)).toHaveValue('0');
    await expect(page.locator(`#${ids.builder.error(ids.builder.PCT)}`)).toContainText('1〜100');
  });
});

test.describe('dark colour scheme', () => {
  test.use({ colorScheme: 'dark' });
  test('is readable and accessible', async ({ page }) => {
    await openBuilder(page);
    await page.locator(`#${ids.builder.DOMAIN}`).fill('example.com');
    await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@example.com');
    await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill('v=DMARC1; p=none; sp=reject; aspf=x');
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="invalid_alignment"]`)).toBeVisible();
    await expectAccessible(page);
    await snap(page, 'builder-dark');
  });
});

test.describe('a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test('has no horizontal scroll, even with long records', async ({ page }) => {
    await openBuilder(page);
    await page.locator(`#${ids.builder.DOMAIN}`).fill('a-rather-long-subdomain.example.co.jp');
    await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc-aggregate-reports@reports.some-vendor.example');
    await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill('_dmarc.example.com. 300 IN TXT "v=DMARC1; p=quarantine; rua=mailto:very-long-address-for-reports@reports.example.net"');
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS}`)).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    await snap(page, 'builder-phone');
  });
});

// The Public Suffix List is not in the page's wasm: the builder fetches it
// from this origin when it first opens (the service worker keeps it for
// offline use: offline.spec.js). These tests hold or fail that request, so
// the service worker (which would answer it first) is kept out.
test.describe('the Public Suffix List, fetched when the builder opens', () => {
  test.use({ serviceWorkers: 'block' });
  const LIST = /\/public_suffix_list-[0-9a-f]+\.txt$/;

  test('the output and the checker wait for it, then check', async ({ page }) => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let asked = 0;
    await page.route(LIST, async (route) => { asked += 1; await held; await route.continue(); });
    await page.goto('/');
    await appReady(page);
    expect(asked).toBe(0); // the reports view never needs it
    await page.locator(`#${ids.NAV_BUILDER}`).click();
    await page.locator(`#${ids.builder.DOMAIN}`).fill('shop.example.com');
    await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@reports.vendor.example');
    await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill('v=DMARC1; p=none; rua=mailto:d@reports.vendor.example');
    await page.locator(`#${ids.builder.CHECKER_DOMAIN}`).fill('example.com');
    await expect(page.locator(`#${ids.builder.LIST_STATUS}`)).toContainText('Loading the Public Suffix List');
    await expect(page.locator(`#${ids.builder.CHECKER_RESULT}`)).toContainText('Loading the Public Suffix List');
    await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveCount(0);
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS}`)).toHaveCount(0);
    await expectAccessible(page);
    await snap(page, 'builder-list-loading-en');
    expect(asked).toBe(1);
    release();
    await expect(page.locator(`#${ids.builder.AUTHORIZATIONS}`)).toContainText(
      'shop.example.com._report._dmarc.reports.vendor.example. 3600 IN TXT "v=DMARC1"');
    await expect(page.locator(`#${ids.builder.LIST_STATUS}`)).toHaveCount(0);
    await expect(page.locator(`#${ids.builder.VERDICT}`)).toHaveClass(/verdict-clean/);
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="external_destination"]`)).toHaveCount(1);
    // Away and back: the list stays, nothing is fetched again.
    await page.locator(`#${ids.NAV_REPORTS}`).click();
    await page.locator(`#${ids.NAV_BUILDER}`).click();
    await page.locator(`#${ids.builder.DOMAIN}`).fill('example.co.jp');
    await expect(page.locator(`#${ids.builder.OUTPUT_NAME}`)).toHaveText('_dmarc.example.co.jp');
    await page.locator(`#${ids.builder.DOMAIN}`).fill('co.jp');
    await expect(page.locator(`#${ids.builder.error(ids.builder.DOMAIN)}`)).toContainText('co.jp is a public suffix');
    expect(asked).toBe(1);
  });

  test('a list that cannot be fetched is named, and nothing is guessed', async ({ page, consoleErrors }) => {
    await page.route(LIST, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await openBuilder(page);
    await page.locator(`#${ids.builder.DOMAIN}`).fill('shop.example.com');
    await page.locator(`#${ids.builder.address('rua', 0)}`).fill('dmarc@reports.vendor.example');
    const status = page.locator(`#${ids.builder.LIST_STATUS}`);
    await expect(status).toHaveAttribute('role', 'alert');
    await expect(status).toContainText(/could not be loaded \(\.\/public_suffix_list-[0-9a-f]+\.txt: HTTP 404\)/);
    await expect(page.locator(`#${ids.builder.VALUE}`)).toHaveCount(0);
    // The checker still reads the record, and says what it could not check.
    await page.locator(`#${ids.builder.CHECKER_INPUT}`).fill('v=DMARC1; p=none; rua=mailto:d@reports.vendor.example');
    await page.locator(`#${ids.builder.CHECKER_DOMAIN}`).fill('example.com');
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="destination_unchecked"]`)).toContainText(
      'is not checked: the Public Suffix List is not loaded yet');
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="external_destination"]`)).toHaveCount(0);
    await expectAccessible(page);
    await snap(page, 'builder-list-failed-en');
    await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
    await expect(status).toContainText('Public Suffix List を読み込めませんでした');
    await expect(page.locator(`#${ids.builder.CHECKER_FINDINGS} [data-code="destination_unchecked"]`)).toContainText('まだ確認していません');
    await snap(page, 'builder-list-failed-ja');
    // Chromium logs the refused file: the one console error expected here.
    expect(consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
    consoleErrors.length = 0;
  });
});
