// The sender catalogue on the page: sources told by the domains of services
// from data/senders/services.toml are grouped under the service's name, in
// both languages (names from locales/analysis.toml).
const { test, expect, shot, expectAccessible, appReady } = require('./fixtures');
const ids = require('./ids');

/** A record from `ip` whose DKIM signature of `domain` passed without aligning. */
const row = (ip, count, domain) => `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
<policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>example.org</header_from></identifiers>
<auth_results><dkim><domain>${domain}</domain><result>pass</result></dkim></auth_results></record>`;

// (address, messages, DKIM domain, service id, English name, Japanese name)
const SENDERS = [
  ['192.0.2.10', 7, 'mail.zendesk.com', 'zendesk', 'Zendesk', 'Zendesk'],
  ['192.0.2.11', 5, 'spf.haihaimail.jp', 'haihaimail', 'Haihai Mail', '配配メール'],
  ['192.0.2.12', 4, 'cybozu.com', 'cybozu', 'Cybozu (kintone)', 'サイボウズ（kintone）'],
  ['192.0.2.13', 3, 'jira.acme.atlassian.net', 'atlassian', 'Atlassian (Jira, Confluence)', 'Atlassian（Jira、Confluence）'],
  ['192.0.2.14', 2, 'smp.ne.jp', 'spiral', 'SPIRAL', 'スパイラル'],
];

const REPORT = `<?xml version="1.0"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email>
<report_id>catalogue-1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
<policy_published><domain>example.org</domain><p>none</p></policy_published>
${SENDERS.map(([ip, n, domain]) => row(ip, n, domain)).join('')}
</feedback>`;

for (const lang of ['en', 'ja']) {
  test(`sources of catalogued services are grouped under the service's name (${lang})`, async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    await page.locator(`#${ids.LANG_SELECT}`).selectOption(lang);
    await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
      { name: 'catalogue.xml', mimeType: 'text/xml', buffer: Buffer.from(REPORT) },
    ]);
    for (const [ip, , , id, en, ja] of SENDERS) {
      const group = page.locator(`details.service[data-service="${id}"]`);
      await expect(group.locator('.service-name'), id).toHaveText(lang === 'ja' ? ja : en);
      await group.locator('summary').click();
      await expect(group.locator('code', { hasText: ip }), id).toBeVisible();
    }
    await expect(page.locator('details.service[data-service="unknown"]')).toHaveCount(0);
    await expectAccessible(page);
    await shot(page, `catalogue-${lang}`);
  });
}
