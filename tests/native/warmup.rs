//! The example dashboard the page draws, hidden, while the first reports
//! are read (`src/pages/reports/dashboard/warmup.rs`): the worker's two
//! messages for a small generated data set, cut to a few rows of each
//! section. Generated here; a change to the messages or to the core's
//! analysis writes `<name>.failed` and fails; `BLESS=1` rewrites the files.

use dmarc_core::analysis::{summarize, Filter, Index};
use dmarc_core::report::aggregate::{parse_aggregate, XmlLimits};
use dmarc_core::report::Report;
use dmarc_core::testdata::synthetic::Synthetic;
use dmarc_lens_web::pages::reports::dashboard::warmup;
use dmarc_lens_web::services::protocol::{encode, Event};

/// A few rows of each list: enough to run every section's code once.
const ROWS: usize = 1;

fn messages() -> [(&'static str, Vec<u8>); 2] {
    let mut index = Index::new();
    for r in Synthetic::new(7)
        .records(200)
        .per_report(50)
        .period(20_089, 3)
    {
        index.add("example.xml", &Report::Aggregate(r));
    }
    // One address of no known service sending as the first domain, failing,
    // with as much mail as the domain's (so that it is listed): its line in
    // "Is this yours?" shows the address as code, a font of its own, which
    // the generated services' lines (one per service) do not.
    let first = summarize(&index, &Filter::default());
    let (domain, count) = (&first.readiness[0].domain, first.readiness[0].messages);
    let stranger = format!(
        "<feedback><report_metadata><org_name>receiver.example</org_name>\
         <report_id>warm-up-stranger</report_id><date_range><begin>1735689600</begin>\
         <end>1735775999</end></date_range></report_metadata><policy_published>\
         <domain>{domain}</domain><p>none</p></policy_published><record><row>\
         <source_ip>192.0.2.10</source_ip><count>{count}</count><policy_evaluated>\
         <disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated>\
         </row><identifiers><header_from>{domain}</header_from></identifiers><auth_results>\
         <spf><domain>{domain}</domain><result>fail</result></spf></auth_results></record></feedback>"
    );
    let stranger = parse_aggregate(stranger.as_bytes(), &XmlLimits::default()).unwrap();
    index.add("stranger.xml", &Report::Aggregate(stranger.report));
    let mut d = summarize(&index, &Filter::default());
    d.daily.clear();
    d.services.truncate(ROWS + 1);
    d.reporters.truncate(ROWS);
    d.policies.truncate(ROWS);
    d.overview.truncate(ROWS);
    d.readiness.truncate(1);
    d.selectors.rows.truncate(ROWS);
    let sources: Vec<_> = d
        .services
        .iter_mut()
        .map(|g| {
            let mut s = std::mem::take(&mut g.sources);
            s.truncate(ROWS);
            s
        })
        .collect();
    assert!(d.headline.counts.records > 0 && !d.timeline.buckets.is_empty());
    assert!(!d.reporters.is_empty() && !d.policies.is_empty() && !d.selectors.rows.is_empty());
    assert!(!d.readiness.is_empty() && !d.overview.is_empty() && !sources[0].is_empty());
    let review = &d.readiness[0].review;
    assert!(review.iter().any(|i| i.ip.is_some()) && review.iter().any(|i| i.ip.is_none()));
    let dashboard = Event::Dashboard {
        seq: 0,
        dashboard: Box::new(d),
        elapsed_ms: 0.0,
    };
    let sources = Event::Sources {
        seq: 0,
        sources,
        dashboard_post_ms: 0.0,
    };
    [
        ("warmup-dashboard.bin", encode(&dashboard).unwrap()),
        ("warmup-sources.bin", encode(&sources).unwrap()),
    ]
}

#[test]
fn the_warm_up_dashboard_is_the_worker_s_messages_for_generated_reports() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages/reports/dashboard");
    let mut stale = Vec::new();
    for (name, bytes) in messages() {
        let path = dir.join(name);
        let failed = dir.join(format!("{name}.failed"));
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        if std::fs::read(&path).unwrap_or_default() == bytes {
            let _ = std::fs::remove_file(failed);
        } else {
            std::fs::write(&failed, &bytes).unwrap();
            stale.push(failed.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "the warm-up messages changed: {stale:?}; run `BLESS=1 cargo test --test native warm_up` and commit them"
    );
    // The page reads them back: the dashboard with its address lists.
    let d = warmup::example().expect("the committed messages decode");
    assert!(d.services.iter().any(|g| !g.sources.is_empty()));
}
