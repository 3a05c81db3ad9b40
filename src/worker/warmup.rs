//! The worker's warm-up: a small made-up report read once when the worker
//! starts, into its session before anything is restored into it, which is
//! then emptied again.
//!
//! The browser first runs WebAssembly with a quick baseline compiler and
//! optimises a function only once it has run for a while; code already
//! running keeps its baseline version until the function is called again.
//! The parser's and the index's loops are each entered once per file, so a
//! first large report was read from start to end by their baseline code:
//! dropping a 100-record report first made the parsing of a 50,000-record
//! one about a third shorter (README, "Speed in the browser"). Reading this
//! report when the worker starts gives the browser that first run before a
//! person's first file, and pays there the costs paid once, which the first
//! file paid before: the compilation of each function at its first call and
//! the Public Suffix List's map (most of the warm-up's 136–273 ms measured;
//! a second run took 6–13 ms). Nothing of it is posted, stored or kept.

use std::fmt::Write as _;

use dmarc_core::analysis::Filter;
use dmarc_core::session::Session;

/// Records of the made-up report: enough for the browser to optimise the
/// loops (100 sufficed in the measurement), small enough to read in a few
/// milliseconds once compiled.
pub const RECORDS: u32 = 200;

/// What follows a record's source address, in turn: aligned mail; a
/// forward (SPF fails, DKIM survives); a spoof; a service signing with its
/// own domain beside the author's.
const TAILS: [&str; 4] = [
    "</source_ip><count>3</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from><envelope_from>example.com</envelope_from></identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>",
    "</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf><reason><type>forwarded</type><comment>arc=pass</comment></reason></policy_evaluated></row><identifiers><envelope_to>example.net</envelope_to><header_from>example.com</header_from><envelope_from>lists.example.org</envelope_from></identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim><spf><domain>lists.example.org</domain><result>fail</result></spf></auth_results></record>",
    "</source_ip><count>12</count><policy_evaluated><disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>spoof.example</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results></record>",
    "</source_ip><count>7</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from><envelope_from>bounce.esp.example</envelope_from></identifiers><auth_results><dkim><domain>esp.example</domain><selector>k1</selector><result>pass</result></dkim><dkim><domain>example.com</domain><selector>esp</selector><result>pass</result></dkim><spf><domain>bounce.esp.example</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>",
];

/// Reads [`report`] into `session` and computes its dashboard, then empties
/// the session again (`Session::clear`, what "Forget all data" does, which
/// also forgets marks): run before anything is restored into it or marked.
pub fn run(session: &mut Session) {
    session.add_file("warm-up.xml", report().as_bytes());
    session.dashboard(&Filter::default());
    session.clear();
}

/// The made-up report: [`RECORDS`] records from distinct addresses, the
/// shapes of [`TAILS`] in turn.
pub fn report() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>warm-up</org_name><email>warm-up@example.net</email><report_id>warm-up</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>",
    );
    for i in 0..RECORDS {
        // Distinct addresses, some IPv6.
        let _ = if i % 5 == 4 {
            write!(xml, "<record><row><source_ip>2001:db8::{i:x}")
        } else {
            write!(
                xml,
                "<record><row><source_ip>198.51.{}.{}",
                i / 250,
                i % 250 + 1
            )
        };
        xml.push_str(TAILS[i as usize % TAILS.len()]);
    }
    xml.push_str("</feedback>");
    xml
}
