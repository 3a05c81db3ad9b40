//! The Record builder view: its reducer, the catalogue keys the core can
//! produce at run time, and (in `builder_ssr.rs`) its components rendered
//! off the browser.

#[path = "builder_keys.rs"]
mod keys;
#[path = "builder_ssr.rs"]
mod ssr;

use dmarc_core::record::{build, rollout_plan, Alignment, FailureOption, Policy, TagSet};
use dmarc_lens_web::pages::builder::output::verdict;
use dmarc_lens_web::pages::builder::state::{
    apply, Action, AlignmentTag, BuilderState, CopyTarget, InputProblem, Provider, ReportKind,
    SetupField,
};

fn run(actions: Vec<Action>) -> BuilderState {
    actions
        .into_iter()
        .fold(BuilderState::default(), |s, a| apply(&s, a))
}

fn value(s: &BuilderState) -> String {
    build(&s.choices())
        .map(|b| b.value)
        .unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn a_walk_through_the_steps_builds_the_record() {
    let s = run(vec![
        Action::DomainEdited("Example.COM.".into()),
        Action::PolicyChosen(Policy::Quarantine),
        Action::SubdomainPolicyChosen(Some(Policy::Reject)),
        Action::PctEdited("50".into()),
        Action::AddressEdited(ReportKind::Aggregate, 0, "mailto:dmarc@example.com".into()),
        Action::SizeEdited(ReportKind::Aggregate, 0, "10m".into()),
        Action::DestinationAdded(ReportKind::Failure),
        Action::AddressEdited(ReportKind::Failure, 0, "ruf@example.com".into()),
        Action::FailureOptionToggled(FailureOption::Dkim, true),
        Action::FailureOptionToggled(FailureOption::Any, true),
        Action::AlignmentChosen(AlignmentTag::Dkim, Alignment::Strict),
        Action::RiEdited("3600".into()),
    ]);
    assert_eq!(
        value(&s),
        "v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=50; fo=1:d; ri=3600; \
         rua=mailto:dmarc@example.com!10m; ruf=mailto:ruf@example.com"
    );
    let built = build(&s.choices()).unwrap();
    assert_eq!(built.name, "_dmarc.example.com");
    assert!(verdict(&built, &s.choices()).is_clean());
}

#[test]
fn rfc9989_writes_its_own_tags_and_drops_the_old_ones() {
    let s = run(vec![
        Action::DomainEdited("example.com".into()),
        Action::PctEdited("50".into()),
        Action::RiEdited("3600".into()),
        Action::AddressEdited(ReportKind::Aggregate, 0, "dmarc@example.com".into()),
        Action::SizeEdited(ReportKind::Aggregate, 0, "10m".into()),
        Action::TagSetChosen(TagSet::Rfc9989),
        Action::PolicyChosen(Policy::Reject),
        Action::TestingToggled(true),
        Action::NonExistentPolicyChosen(Some(Policy::Reject)),
        Action::SubdomainPolicyChosen(Some(Policy::Quarantine)),
    ]);
    assert_eq!(
        value(&s),
        "v=DMARC1; p=reject; sp=quarantine; np=reject; t=y; rua=mailto:dmarc@example.com"
    );
}

#[test]
fn unreadable_fields_are_named_and_left_out() {
    let mut s = run(vec![
        Action::DomainEdited("example.com".into()),
        Action::PolicyChosen(Policy::Quarantine),
        Action::PctEdited("fifty".into()),
        Action::RiEdited("-1".into()),
        Action::SizeEdited(ReportKind::Aggregate, 0, "10mb".into()),
        Action::AddressEdited(ReportKind::Aggregate, 0, "a@example.com".into()),
    ]);
    assert_eq!(
        s.input_problems(),
        vec![
            InputProblem::Pct("fifty".into()),
            InputProblem::Ri("-1".into()),
            InputProblem::Size {
                kind: ReportKind::Aggregate,
                index: 0,
                text: "10mb".into()
            },
        ]
    );
    assert_eq!(
        value(&s),
        "v=DMARC1; p=quarantine; rua=mailto:a@example.com"
    );
    for (pct, ok) in [
        ("0", false),
        ("101", false),
        ("1", true),
        ("100", true),
        ("", true),
    ] {
        s = apply(&s, Action::PctEdited(pct.into()));
        assert_eq!(
            s.input_problems()
                .iter()
                .any(|p| matches!(p, InputProblem::Pct(_))),
            !ok,
            "{pct}"
        );
    }
    // RFC 9989 has no pct, ri or sizes: nothing to complain about.
    s = apply(&s, Action::PctEdited("x".into()));
    s = apply(&s, Action::TagSetChosen(TagSet::Rfc9989));
    assert!(s.input_problems().is_empty());
}

#[test]
fn destination_rows_are_added_and_removed_but_one_aggregate_row_stays() {
    let mut s = run(vec![Action::DestinationAdded(ReportKind::Aggregate)]);
    assert_eq!(s.rua.len(), 2);
    s = apply(&s, Action::DestinationRemoved(ReportKind::Aggregate, 0));
    s = apply(&s, Action::DestinationRemoved(ReportKind::Aggregate, 0));
    assert_eq!(s.rua.len(), 1);
    s = apply(&s, Action::DestinationRemoved(ReportKind::Failure, 5));
    assert!(s.ruf.is_empty());
    s = apply(
        &s,
        Action::AddressEdited(ReportKind::Failure, 3, "x@y.z".into()),
    );
    assert!(s.ruf.is_empty(), "editing a missing row changes nothing");
}

#[test]
fn failure_options_keep_the_rfc_order() {
    let s = run(vec![
        Action::FailureOptionToggled(FailureOption::Spf, true),
        Action::FailureOptionToggled(FailureOption::Any, true),
        Action::FailureOptionToggled(FailureOption::Dkim, true),
        Action::FailureOptionToggled(FailureOption::Any, false),
        Action::FailureOptionToggled(FailureOption::All, true),
    ]);
    assert_eq!(
        s.fo,
        vec![FailureOption::All, FailureOption::Dkim, FailureOption::Spf]
    );
}

#[test]
fn rollout_steps_set_the_policy_and_show_where_the_record_is() {
    for tag_set in TagSet::ALL {
        let mut s = run(vec![
            Action::DomainEdited("example.com".into()),
            Action::TagSetChosen(*tag_set),
            Action::AddressEdited(ReportKind::Aggregate, 0, "dmarc@example.com".into()),
        ]);
        assert_eq!(s.rollout_position(), Some(0));
        for (i, step) in rollout_plan(*tag_set).iter().enumerate() {
            s = apply(&s, Action::RolloutStepTaken(i));
            assert_eq!(s.p, step.p);
            assert_eq!(s.rollout_position(), Some(i), "{tag_set} step {i}");
            let built = build(&s.choices()).unwrap();
            assert!(verdict(&built, &s.choices()).is_clean(), "{}", built.value);
        }
        assert_eq!(s.p, Policy::Reject);
    }
    let s = run(vec![Action::RolloutStepTaken(1)]);
    assert_eq!((s.p, s.pct.as_str()), (Policy::Quarantine, "25"));
    let s = run(vec![
        Action::PolicyChosen(Policy::Quarantine),
        Action::PctEdited("60".into()),
    ]);
    assert_eq!(s.rollout_position(), None);
}

#[test]
fn a_checked_record_opens_in_the_builder() {
    let pasted = "_dmarc.shop.example. 300 IN TXT \"v=DMARC1; p=quarantine; sp=none; pct=25; \" \
                  \"adkim=s; fo=1; rua=mailto:a@shop.example!5m,mailto:b@vendor.example; ruf=mailto:f@shop.example\"";
    let s = run(vec![
        Action::DomainEdited("other.example".into()),
        Action::CheckerEdited(pasted.into()),
        Action::OpenedInBuilder,
    ]);
    assert!(s.opened_from_checker);
    assert_eq!(s.domain, "shop.example");
    assert_eq!(s.tag_set, TagSet::Rfc7489);
    assert_eq!((s.p, s.sp), (Policy::Quarantine, Some(Policy::None)));
    assert_eq!(s.pct, "25");
    assert_eq!(s.adkim, Alignment::Strict);
    assert_eq!(s.rua.len(), 2);
    assert_eq!(
        (s.rua[0].address.as_str(), s.rua[0].size.as_str()),
        ("a@shop.example", "5m")
    );
    assert_eq!(s.fo, vec![FailureOption::Any]);
    let built = build(&s.choices()).unwrap();
    assert_eq!(built.authorizations.len(), 1);
    // The notice goes away with the first edit of the builder, not with other edits.
    let s = apply(&s, Action::CheckerEdited(String::new()));
    assert!(s.opened_from_checker);
    let s = apply(&s, Action::PolicyChosen(Policy::Reject));
    assert!(!s.opened_from_checker);
    assert!(s.left_out.is_empty());
    let s = run(vec![
        Action::CheckerEdited("v=DMARC1; p=reject; psd=n; zz=1; rf=afrf".into()),
        Action::OpenedInBuilder,
    ]);
    assert_eq!(s.left_out, vec!["psd".to_owned(), "zz".to_owned()]);
    // A domain typed in the checker wins over the dig owner name.
    let s = run(vec![
        Action::CheckerEdited(pasted.into()),
        Action::CheckerDomainEdited("example.org".into()),
        Action::OpenedInBuilder,
    ]);
    assert_eq!(s.domain, "example.org");
    // Nothing pasted: nothing happens.
    let s = run(vec![
        Action::DomainEdited("a.example".into()),
        Action::OpenedInBuilder,
    ]);
    assert!(!s.opened_from_checker);
    assert_eq!(s.domain, "a.example");
}

/// A readiness verdict's "open the next record": the builder holds it, the
/// remembered report address fills the empty rua, and the built record
/// passes the checker with nothing to fix.
#[test]
fn a_readiness_link_opens_the_next_record() {
    use dmarc_core::record::{check, BuilderLink};
    let link = BuilderLink::from_query(
        &BuilderLink {
            domain: "example.com".into(),
            record: "v=DMARC1; p=reject; adkim=s; fo=1".into(),
            why: Some("ready_for_reject".into()),
        }
        .to_query(),
    )
    .unwrap();
    let s = run(vec![Action::OpenedFromLink(
        link.clone(),
        vec!["dmarc@example.com".into()],
    )]);
    assert_eq!(s.domain, "example.com");
    assert_eq!(s.p, Policy::Reject);
    assert_eq!(s.adkim, Alignment::Strict);
    assert_eq!(s.rua[0].address, "dmarc@example.com");
    assert_eq!(
        s.from_link,
        Some(("example.com".to_owned(), "ready_for_reject".to_owned()))
    );
    let built = build(&s.choices()).unwrap();
    assert_eq!(
        built.value,
        "v=DMARC1; p=reject; adkim=s; rua=mailto:dmarc@example.com"
    );
    let checked = check(&built.value, Some("example.com"));
    assert!(!checked.has_errors(), "{:?}", checked.findings);
    // Without a remembered address the rua stays empty (the notice asks for
    // it); an unknown verdict code names no step.
    let s = run(vec![Action::OpenedFromLink(
        BuilderLink {
            why: Some("made_up".into()),
            ..link
        },
        Vec::new(),
    )]);
    assert!(s.rua.iter().all(|d| d.address.is_empty()));
    assert_eq!(s.from_link, None);
}

#[test]
fn copied_lasts_until_the_next_action() {
    let s = run(vec![Action::Copied(CopyTarget::Value)]);
    assert_eq!(s.copied, Some(CopyTarget::Value));
    let s = apply(&s, Action::DomainEdited("x.example".into()));
    assert_eq!(s.copied, None);
    let s = apply(&s, Action::CopyFailed);
    assert!(s.copy_failed);
    assert!(!apply(&s, Action::TestingToggled(true)).copy_failed);
}

#[test]
fn the_setup_helper_keeps_its_fields() {
    let s = run(vec![
        Action::ProviderChosen(Provider::Microsoft),
        Action::SetupEdited(SetupField::Token(2), "t3".into()),
        Action::SetupEdited(SetupField::Token(7), "ignored".into()),
        Action::SetupEdited(SetupField::Region, "eu-west-1".into()),
    ]);
    assert_eq!(s.setup.provider, Provider::Microsoft);
    assert_eq!(s.setup.tokens[2], "t3");
    assert_eq!(s.setup.region, "eu-west-1");
}

/// Every state the builder's controls can reach (a product of the choices)
/// builds a record our own checker finds clean.
#[test]
fn every_combination_of_choices_builds_a_clean_record() {
    let mut checked = 0;
    for tag_set in TagSet::ALL {
        for p in Policy::ALL {
            for sp in [None, Some(Policy::None), Some(Policy::Reject)] {
                for pct in ["", "30"] {
                    for testing in [false, true] {
                        for ruf in [false, true] {
                            for strict in [false, true] {
                                let mut actions = vec![
                                    Action::DomainEdited("例え.jp".into()),
                                    Action::TagSetChosen(*tag_set),
                                    Action::PolicyChosen(*p),
                                    Action::SubdomainPolicyChosen(sp),
                                    Action::NonExistentPolicyChosen(Some(Policy::Reject)),
                                    Action::PctEdited(pct.into()),
                                    Action::TestingToggled(testing),
                                    Action::AddressEdited(
                                        ReportKind::Aggregate,
                                        0,
                                        "dmarc@reports.example.net".into(),
                                    ),
                                    Action::FailureOptionToggled(FailureOption::Any, true),
                                ];
                                if ruf {
                                    actions.push(Action::DestinationAdded(ReportKind::Failure));
                                    actions.push(Action::AddressEdited(
                                        ReportKind::Failure,
                                        0,
                                        "f@xn--r8jz45g.jp".into(),
                                    ));
                                }
                                if strict {
                                    actions.push(Action::AlignmentChosen(
                                        AlignmentTag::Spf,
                                        Alignment::Strict,
                                    ));
                                }
                                let s = run(actions);
                                let built = build(&s.choices()).unwrap();
                                let v = verdict(&built, &s.choices());
                                assert!(v.is_clean(), "{}: {:?}", built.value, v.problems);
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 2 * 3 * 3 * 2 * 2 * 2 * 2);
}

#[test]
fn the_checker_takes_the_policy_domain_from_the_checker_then_dig_then_the_builder() {
    use dmarc_lens_web::pages::builder::checker::run;
    let external = |c: Option<dmarc_lens_web::pages::builder::checker::Checked>| {
        c.map(|c| {
            c.check
                .findings
                .iter()
                .filter(|f| f.code == dmarc_core::record::Code::ExternalDestination)
                .count()
        })
    };
    let dig = "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"";
    // The dig owner name wins over the builder's domain.
    assert_eq!(external(run(dig, "", "other.example")), Some(0));
    // A domain typed in the checker wins over both.
    assert_eq!(external(run(dig, "other.example", "")), Some(1));
    // A bare record falls back to the builder's domain.
    let bare = "v=DMARC1; p=none; rua=mailto:d@example.com";
    assert_eq!(external(run(bare, "", "other.example")), Some(1));
    assert_eq!(external(run(bare, "", "")), Some(0));
    assert!(run("  ", "", "").is_none());
}
