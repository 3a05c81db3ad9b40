//! The staged rollout plan, as data: start at `p=none` with reports, then
//! quarantine part of the failing mail, then all of it, then reject.
//!
//! Each [`RolloutStep`] names its texts by catalogue key
//! (`rollout.<id>.title`, `rollout.<id>.body`) and lists the checks to make
//! before taking it (`rollout.check.<id>`), and can apply itself to
//! [`BuilderChoices`].

use serde::{Deserialize, Serialize};

use super::builder::BuilderChoices;
use super::model::{Policy, TagSet};

/// One stage of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutStep {
    /// `monitor`, `quarantine_partial`, `quarantine_full`, `reject`.
    pub id: &'static str,
    /// The policy of this stage.
    pub p: Policy,
    /// `pct` of this stage (RFC 7489 plans only).
    pub pct: Option<u8>,
    /// Testing mode (RFC 9989 plans only).
    pub testing: bool,
    /// How long to stay at least, in days, before the next step.
    pub min_days: u16,
    /// Checks to make before taking this step: keys `rollout.check.<id>`.
    pub checks: Vec<&'static str>,
}

impl RolloutStep {
    /// The catalogue key of a part: `title` or `body`.
    pub fn key(&self, part: &str) -> String {
        format!("rollout.{}.{part}", self.id)
    }

    /// The check keys, in full (`rollout.check.all_senders_aligned`).
    pub fn check_keys(&self) -> Vec<String> {
        self.checks
            .iter()
            .map(|c| format!("rollout.check.{c}"))
            .collect()
    }

    /// Sets the builder's policy choices to this stage (keeps everything else).
    pub fn apply(&self, choices: &mut BuilderChoices) {
        choices.p = self.p;
        choices.pct = self.pct;
        choices.testing = self.testing;
    }
}

/// The plan for a tag set. Under RFC 7489 the partial step uses `pct=25`;
/// RFC 9989 has no `pct`, so it uses testing mode (`t=y`) instead.
pub fn rollout_plan(tag_set: TagSet) -> Vec<RolloutStep> {
    let rfc7489 = tag_set == TagSet::Rfc7489;
    vec![
        RolloutStep {
            id: "monitor",
            p: Policy::None,
            pct: None,
            testing: false,
            min_days: 14,
            checks: vec!["publish_rua", "list_senders"],
        },
        RolloutStep {
            id: "quarantine_partial",
            p: Policy::Quarantine,
            pct: rfc7489.then_some(25),
            testing: !rfc7489,
            min_days: 14,
            checks: vec![
                "weeks_of_reports",
                "all_senders_aligned",
                "dkim_for_every_sender",
                "forwarding_understood",
            ],
        },
        RolloutStep {
            id: "quarantine_full",
            p: Policy::Quarantine,
            pct: None,
            testing: false,
            min_days: 30,
            checks: vec!["no_legitimate_failures", "subdomains_covered"],
        },
        RolloutStep {
            id: "reject",
            p: Policy::Reject,
            pct: None,
            testing: false,
            min_days: 0,
            checks: vec!["quarantine_quiet", "not_spf_only", "keep_reading_reports"],
        },
    ]
}

/// Every check id used by any plan.
pub const CHECK_IDS: &[&str] = &[
    "publish_rua",
    "list_senders",
    "weeks_of_reports",
    "all_senders_aligned",
    "dkim_for_every_sender",
    "forwarding_understood",
    "no_legitimate_failures",
    "subdomains_covered",
    "quarantine_quiet",
    "not_spf_only",
    "keep_reading_reports",
];

#[cfg(test)]
mod tests {
    use super::super::builder::build;
    use super::super::model::ReportUri;
    use super::*;

    #[test]
    fn every_step_builds_a_clean_record() {
        for tag_set in TagSet::ALL {
            let plan = rollout_plan(*tag_set);
            assert_eq!(plan.len(), 4);
            assert_eq!(plan[0].p, Policy::None);
            assert_eq!(plan[3].p, Policy::Reject);
            let mut choices = BuilderChoices {
                domain: "example.com".into(),
                tag_set: *tag_set,
                rua: vec![ReportUri::new("dmarc@example.com")],
                ..BuilderChoices::default()
            };
            let mut values = Vec::new();
            for step in &plan {
                assert!(step.checks.iter().all(|c| CHECK_IDS.contains(c)));
                step.apply(&mut choices);
                let built = build(&choices).unwrap_or_else(|e| unreachable!("{e}"));
                values.push(built.value);
            }
            let want_partial = match tag_set {
                TagSet::Rfc7489 => "v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@example.com",
                TagSet::Rfc9989 => "v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@example.com",
            };
            assert_eq!(values[1], want_partial);
            assert_eq!(
                values[3],
                "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
            );
        }
    }
}
