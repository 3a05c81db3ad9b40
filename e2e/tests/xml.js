// Aggregate reports written for the specs: one record, and one day's report
// for example.com from Google (RFC 7489 XML).
const DAY = 86_400;
const START = 1_772_323_200; // 2026-03-01

/** A record: DKIM results as [domain, result, selector = 's1'], SPF as [domain, result]. */
const record = (ip, count, dkim, spf, dkimAuth, spfAuth) => `<record><row><source_ip>${ip}</source_ip><count>${count}</count>
<policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>
<identifiers><header_from>example.com</header_from></identifiers>
<auth_results>${dkimAuth.map(([d, r, s = 's1']) => `<dkim><domain>${d}</domain><selector>${s}</selector><result>${r}</result></dkim>`).join('')}
${spfAuth.map(([d, r]) => `<spf><domain>${d}</domain><result>${r}</result></spf>`).join('')}</auth_results></record>`;

/** Day `day`'s report (0 is 2026-03-01) holding `records`, under `id` prefix. */
const report = (prefix, day, records) => `<?xml version="1.0"?>
<feedback><report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>
<report_id>${prefix}-${day}</report_id><date_range><begin>${START + day * DAY}</begin><end>${START + (day + 1) * DAY}</end></date_range></report_metadata>
<policy_published><domain>example.com</domain><p>none</p></policy_published>
${records.join('\n')}
</feedback>`;

/** Files for `setInputFiles`: one report per day for `days` days. */
const dailyFiles = (prefix, days, recordsOf) => Array.from({ length: days }, (_, day) => ({
  name: `google.com!example.com!${START + day * DAY}-${prefix}.xml`,
  mimeType: 'text/xml',
  buffer: Buffer.from(report(prefix, day, recordsOf(day))),
}));

module.exports = { DAY, START, record, report, dailyFiles };
