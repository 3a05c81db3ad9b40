//! The catalogue keys the builder view and the core build at run time.

use dmarc_core::record::{
    explain, rollout, rollout_plan, setup, BuildError, Code, SetupError, TagSet,
};
use dmarc_lens_web::i18n::Lang;
use dmarc_lens_web::pages::builder::state::{InputProblem, Provider, ReportKind};

/// Keys the view builds at run time (`format!`), which the source scan of
/// `i18n.rs` cannot see: every one must be in the catalogue.
fn dynamic_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    keys.extend(Code::ALL.iter().map(|c| format!("finding.{}", c.as_str())));
    keys.extend(["error", "warning", "info"].map(|s| format!("severity.{s}")));
    keys.extend(["finding.suggestion", "finding.at_column"].map(String::from));
    keys.extend(explain::all_keys());
    keys.extend(["tag.label.default", "tag.label.defaulted"].map(String::from));
    for tag_set in TagSet::ALL {
        keys.push(format!("builder.choice.tag_set.{}", tag_set.as_str()));
        for step in rollout_plan(*tag_set) {
            keys.push(step.key("title"));
            keys.push(step.key("body"));
            keys.extend(step.check_keys());
        }
    }
    keys.extend(
        rollout::CHECK_IDS
            .iter()
            .map(|c| format!("rollout.check.{c}")),
    );
    keys.extend(setup::PURPOSE_KEYS.iter().map(|k| k.to_string()));
    keys.push("builder.output.authorization".into());
    for p in Provider::ALL {
        keys.push(format!("setup.{}.title", p.id()));
        keys.push(format!("setup.{}.intro", p.id()));
    }
    let setup_errors = [
        SetupError::InvalidDomain { domain: "x".into() },
        SetupError::UnknownRegion {
            region: "x".into(),
            suggestion: None,
        },
        SetupError::MailFromNotSubdomain {
            mail_from: "x".into(),
            domain: "y".into(),
        },
        SetupError::WrongTokenCount { count: 2 },
        SetupError::InvalidToken {
            index: 1,
            token: "x".into(),
        },
    ];
    keys.extend(setup_errors.iter().map(SetupError::key));
    let build_errors = [
        BuildError::InvalidDomain { domain: "x".into() },
        BuildError::PublicSuffix { domain: "x".into() },
        BuildError::InvalidAddress {
            address: "x".into(),
        },
        BuildError::InvalidPct { pct: 0 },
    ];
    keys.extend(build_errors.iter().map(BuildError::key));
    let problems = [
        InputProblem::Pct(String::new()),
        InputProblem::Ri(String::new()),
        InputProblem::Size {
            kind: ReportKind::Aggregate,
            index: 0,
            text: String::new(),
        },
    ];
    keys.extend(problems.iter().map(|p| p.key().to_owned()));
    for k in ["pct", "t", "np", "rf_ri", "psd", "size"] {
        keys.push(format!("builder.ui.difference.{k}"));
    }
    for kind in [ReportKind::Aggregate, ReportKind::Failure] {
        keys.push(format!("builder.ui.add_{}", kind.tag()));
    }
    for help in ["help_pct", "help_t"] {
        keys.push(format!("builder.step.enforcement.{help}"));
    }
    keys
}

#[test]
fn every_key_the_core_can_produce_is_translated() {
    let keys = dynamic_keys();
    assert!(keys.len() > 200, "only {} keys", keys.len());
    let missing: Vec<String> = keys
        .iter()
        .flat_map(|k| Lang::ALL.map(|l| (k, l)))
        .filter(|(k, l)| l.t(k) == **k || l.t(k).trim().is_empty())
        .map(|(k, l)| format!("{k} ({})", l.code()))
        .collect();
    assert!(missing.is_empty(), "missing from locales/: {missing:?}");
}

#[test]
fn placeholders_the_core_fills_are_all_filled() {
    // A finding's arguments fill every %{…} of its message in both languages.
    let inputs = [
        "v=DMARC1; p=rejected; sp=none; pct=0; rua=mailto:a@x.example,mailto:b@y.example,mailto:c@z.example; fo=0:1:1; zz=1",
        "v=dmarc1; p=reject; p=none; t=y; rua=ftp://x; ruf=mailto:a!b@example.com!10q",
        "p=none v=DMARC1",
        "v=spf1 -all",
        "\"v=DMARC1; p=none",
    ];
    for input in inputs {
        let checked = dmarc_core::record::check_with(
            input,
            &dmarc_core::record::CheckOptions {
                policy_domain: Some("example.com".into()),
                spf_only: true,
                ..Default::default()
            },
        );
        for f in &checked.findings {
            for lang in Lang::ALL {
                let text = dmarc_lens_web::pages::builder::widgets::finding_text(lang, f);
                assert!(!text.contains("%{"), "{input}: {f}: {text}");
            }
        }
        let parsed = dmarc_core::record::parse(input);
        for e in explain::explain(&parsed) {
            for k in e
                .value_keys
                .iter()
                .chain([&e.key("what"), &e.key("consequence")])
            {
                let text = dmarc_lens_web::pages::builder::widgets::t_map(Lang::Ja, k, &e.args);
                assert!(!text.contains("%{"), "{input}: {k}: {text}");
            }
        }
    }
}
