// "Is it safe to tighten the policy?": the panel's wording when a domain
// has no legitimate mail to quote a share of, and the threshold to reach,
// in English and Japanese.
const { test, expect, shot, appReady } = require('./fixtures');
const ids = require('./ids');

const DAY = 86_400;
const report = (id, domain, policy, records) => `<?xml version="1.0"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>r@receiver.example</email>
<report_id>${id}</report_id><date_range><begin>1700000000</begin><end>${1700000000 + DAY}</end></date_range></report_metadata>
<policy_published><domain>${domain}</domain><p>${policy}</p></policy_published>
${records.map(([ip, count, pass]) => `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
<policy_evaluated><disposition>${pass ? 'none' : policy}</disposition><dkim>${pass ? 'pass' : 'fail'}</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>${domain}</header_from></identifiers>
<auth_results>${pass ? `<dkim><domain>${domain}</domain><result>pass</result></dkim>` : ''}<spf><domain>spoofer.example</domain><result>pass</result></spf></auth_results></record>`).join('\n')}
</feedback>`;

test('readiness: no legitimate mail is said in words, thresholds keep their decimal', async ({ page }) => {
  await page.goto('/');
  await appReady(page);
  await page.locator(`#${ids.reports.FILE_INPUT}`).setInputFiles([
    // Only spoofed mail at p=reject: no share of legitimate mail exists.
    { name: 'spoofed.xml', mimeType: 'text/xml', buffer: Buffer.from(report('s-1', 'spoofed.example', 'reject', [['203.0.113.9', 25, false]])) },
    // At p=quarantine the next step needs 99.5 %, not "100%".
    { name: 'quarantined.xml', mimeType: 'text/xml', buffer: Buffer.from(report('q-1', 'quarantined.example', 'quarantine', [['192.0.2.10', 40, true]])) },
  ]);
  const panel = page.locator(`#${ids.reports.READINESS}`);
  const spoofed = panel.locator('article', { hasText: 'spoofed.example' });
  const quarantined = panel.locator('article', { hasText: 'quarantined.example' });
  await expect(spoofed).toContainText('Protected: p=reject everywhere');
  await expect(spoofed).toContainText('no mail came from a source of yours');
  await expect(spoofed).toContainText('No mail from a source of yours yet, so there is no pass rate');
  await expect(spoofed).not.toContainText('–');
  await expect(quarantined).toContainText('(needed: 99.5%)');
  await shot(page, 'reports-readiness-en');

  await page.locator(`#${ids.LANG_SELECT}`).selectOption('ja');
  await expect(spoofed).toContainText('自社の送信元からのメールがありません');
  await expect(spoofed).toContainText('成功率を必要な水準（99.5%）と比べられません');
  await expect(spoofed).not.toContainText('–');
  await expect(quarantined).toContainText('必要な水準：99.5%');
  await shot(page, 'reports-readiness-ja');
});
