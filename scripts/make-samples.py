#!/usr/bin/env python3
"""Writes the sample reports bundled with the app: assets/samples.zip, one
XML report per reporter per day, which the page loads like any dropped zip.

The data is ours, invented to look like a fortnight of real `rua` mail for
example.com: three reporters (Google, Microsoft, Yahoo), mail sent through
Google Workspace, Amazon SES (default MAIL FROM, so SPF does not align),
SendGrid, a mailing forwarder (SPF breaks, DKIM survives) and spoofers, and
a policy that moves from p=none to p=quarantine half-way. Deterministic:
running it again writes the same files.
"""
import os
import io
import random
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "samples.zip")
DOMAIN = "example.com"
START = 1_762_905_600  # 2025-11-12 00:00:00 UTC
DAYS = 10

REPORTERS = [
    ("google.com", "noreply-dmarc-support@google.com", "https://support.google.com/a/answer/2466580", "{n}"),
    ("Outlook.com", "dmarcreport@microsoft.com", None, "{h}"),
    ("Yahoo", "dmarchelp@yahooinc.com", None, "{n}.{d}"),
]

# (name, ips, daily volume, auth)
SENDERS = [
    ("workspace", ["209.85.220.41", "209.85.220.69", "2607:f8b0:4864:20::1035"], 180,
     dict(dkim=[(DOMAIN, "google", "pass")], spf=(DOMAIN, "pass"), env=DOMAIN)),
    ("ses", ["54.240.8.21", "54.240.8.87", "54.240.11.19"], 420,
     dict(dkim=[(DOMAIN, "abcdefghijklmnopqrstuvwxyz123456", "pass"), ("amazonses.com", "ug7nbtf4gccmlpwj322ax3p6ow6yfsug", "pass")],
          spf=("eu-west-1.amazonses.com", "pass"), env="eu-west-1.amazonses.com")),
    ("sendgrid", ["167.89.17.2", "149.72.154.231"], 60,
     dict(dkim=[(DOMAIN, "s1", "pass")], spf=("em1234.example.com", "pass"), env="em1234.example.com")),
    ("forwarder", ["192.0.2.25"], 6,
     dict(dkim=[(DOMAIN, "google", "pass")], spf=("example.com", "fail"), env=DOMAIN, forwarded=True)),
    ("spoof", ["203.0.113.7", "198.51.100.23", "203.0.113.150"], 9,
     dict(dkim=[], spf=("example.com", "fail"), env=DOMAIN, spoof=True)),
]


def aligned(d):
    return d == DOMAIN or d.endswith("." + DOMAIN)


def record(rng, ip, count, auth, policy):
    dkim_ok = any(aligned(d) and r == "pass" for d, _, r in auth["dkim"])
    spf_d, spf_r = auth["spf"]
    spf_ok = aligned(spf_d) and spf_r == "pass"
    passed = dkim_ok or spf_ok
    disposition = "none" if passed or policy == "none" else policy
    reason = ""
    if auth.get("forwarded") and not passed:
        reason = "<reason><type>forwarded</type></reason>"
    dkim_xml = "".join(
        f"<dkim><domain>{d}</domain><selector>{s}</selector><result>{r}</result></dkim>" for d, s, r in auth["dkim"]
    )
    return f"""  <record>
    <row>
      <source_ip>{ip}</source_ip>
      <count>{count}</count>
      <policy_evaluated>
        <disposition>{disposition}</disposition>
        <dkim>{'pass' if dkim_ok else 'fail'}</dkim>
        <spf>{'pass' if spf_ok else 'fail'}</spf>{reason}
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>{DOMAIN}</header_from>
      <envelope_from>{auth['env']}</envelope_from>
    </identifiers>
    <auth_results>
      {dkim_xml}<spf><domain>{spf_d}</domain><scope>mfrom</scope><result>{spf_r}</result></spf>
    </auth_results>
  </record>
"""


def main():
    rng = random.Random(7489)
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    for day in range(DAYS):
        begin = START + day * 86400
        end = begin + 86399
        policy = "none" if day < DAYS // 2 else "quarantine"
        for ri, (org, email, extra, id_fmt) in enumerate(REPORTERS):
            share = [0.55, 0.3, 0.15][ri]
            records = []
            for name, ips, volume, auth in SENDERS:
                if name == "forwarder" and org != "google.com":
                    continue
                for ip in ips:
                    count = max(0, round(volume * share / len(ips) * rng.uniform(0.7, 1.3)))
                    if name == "spoof":
                        count = rng.randint(0, 3)
                    if count:
                        records.append(record(rng, ip, count, auth, policy))
            report_id = id_fmt.format(n=rng.randrange(10**17, 10**18), h=f"{rng.getrandbits(128):032x}", d=day)
            extra_xml = f"\n    <extra_contact_info>{extra}</extra_contact_info>" if extra else ""
            xml = f"""<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>{org}</org_name>
    <email>{email}</email>{extra_xml}
    <report_id>{report_id}</report_id>
    <date_range>
      <begin>{begin}</begin>
      <end>{end}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>{DOMAIN}</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>{policy}</p>
    <sp>{policy}</sp>
    <pct>100</pct>
  </policy_published>
{''.join(records)}</feedback>
"""
            name = f"{org.lower()}!{DOMAIN}!{begin}!{end}.xml"
            info = zipfile.ZipInfo(name, date_time=(2025, 11, 22, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml)
    count = len(archive.infolist())
    archive.close()
    with open(OUT, "wb") as f:
        f.write(buf.getvalue())
    print(f"wrote {count} reports to {os.path.normpath(OUT)} ({len(buf.getvalue())} bytes)")


if __name__ == "__main__":
    main()
