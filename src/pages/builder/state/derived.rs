//! What the store's typed fields stand for: the core's choices, the fields
//! that cannot be read, the rollout step, and a pasted record opened in the
//! builder.

use dmarc_core::record::{
    check, choices_from_record, rollout_plan, BuilderChoices, BuilderLink, Policy, ReportUri,
    SizeLimit, TagSet,
};

use dmarc_core::analysis::Verdict;

use super::{BuilderState, Destination, InputProblem, ReportKind};

impl BuilderState {
    pub(super) fn rows_mut(&mut self, kind: ReportKind) -> &mut Vec<Destination> {
        match kind {
            ReportKind::Aggregate => &mut self.rua,
            ReportKind::Failure => &mut self.ruf,
        }
    }

    /// The destination rows of `kind`.
    pub fn rows(&self, kind: ReportKind) -> &[Destination] {
        match kind {
            ReportKind::Aggregate => &self.rua,
            ReportKind::Failure => &self.ruf,
        }
    }

    /// The choices the form stands for. Blank rows and unreadable numbers
    /// are left out ([`BuilderState::input_problems`] names the latter).
    pub fn choices(&self) -> BuilderChoices {
        let uris = |rows: &[Destination]| -> Vec<ReportUri> {
            rows.iter()
                .filter(|d| !d.address.trim().is_empty())
                .map(|d| ReportUri {
                    address: d.address.trim().to_owned(),
                    size_limit: SizeLimit::parse(&d.size),
                })
                .collect()
        };
        BuilderChoices {
            domain: self.domain.clone(),
            tag_set: self.tag_set,
            p: self.p,
            sp: self.sp,
            np: self.np,
            pct: read_pct(&self.pct),
            testing: self.testing,
            rua: uris(&self.rua),
            ruf: uris(&self.ruf),
            adkim: self.adkim,
            aspf: self.aspf,
            fo: self.fo.clone(),
            rf: None,
            ri: read_ri(&self.ri),
            spf_only: self.spf_only,
        }
    }

    /// The typed fields that cannot be read (and so are left out), for
    /// the fields the chosen tag set uses.
    pub fn input_problems(&self) -> Vec<InputProblem> {
        let mut out = Vec::new();
        if self.tag_set == TagSet::Rfc7489 {
            if !self.pct.trim().is_empty() && read_pct(&self.pct).is_none() {
                out.push(InputProblem::Pct(self.pct.clone()));
            }
            if !self.ri.trim().is_empty() && read_ri(&self.ri).is_none() {
                out.push(InputProblem::Ri(self.ri.clone()));
            }
            for kind in [ReportKind::Aggregate, ReportKind::Failure] {
                for (index, d) in self.rows(kind).iter().enumerate() {
                    if !d.size.trim().is_empty() && SizeLimit::parse(&d.size).is_none() {
                        out.push(InputProblem::Size {
                            kind,
                            index,
                            text: d.size.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// The index of the rollout step the current choices match, if any.
    pub fn rollout_position(&self) -> Option<usize> {
        let c = self.choices();
        let pct = c.pct.filter(|p| *p < 100);
        rollout_plan(self.tag_set).iter().position(|step| {
            step.p == c.p
                && (self.tag_set == TagSet::Rfc9989 || step.pct == pct)
                && (self.tag_set == TagSet::Rfc7489
                    || (step.testing && c.p != Policy::None) == (c.testing && c.p != Policy::None))
        })
    }

    pub(super) fn open_checked_record(&mut self) {
        let (text, domain) = (self.checker_text.clone(), self.checker_domain.clone());
        if self.open_record(&text, &domain) {
            self.opened_from_checker = true;
            self.from_link = None;
        }
    }

    /// Fills the builder from a link (a bookmark, or a readiness verdict's
    /// "open the next record"); a link without `rua` gets the report
    /// addresses the person entered before.
    pub(super) fn open_link(&mut self, link: &BuilderLink, remembered_rua: &[String]) {
        if !link.record.is_empty() && !self.open_record(&link.record, &link.domain) {
            return;
        }
        if link.record.is_empty() {
            self.domain = link.domain.clone();
        }
        if self.rua.iter().all(|d| d.address.trim().is_empty()) && !remembered_rua.is_empty() {
            self.rua = remembered_rua
                .iter()
                .map(|a| Destination {
                    address: a.clone(),
                    size: String::new(),
                })
                .collect();
        }
        self.opened_from_checker = false;
        // Only a known verdict's code names the step (a hand-edited link
        // must not show a key in place of words).
        self.from_link = link
            .why
            .as_deref()
            .filter(|why| Verdict::ALL.iter().any(|v| v.code() == *why))
            .map(|why| (link.domain.clone(), why.to_owned()));
    }

    /// Fills the builder from a record's text; false when there is none.
    fn open_record(&mut self, text: &str, domain: &str) -> bool {
        let checked = check(text, None);
        if checked.parsed.text.trim().is_empty() {
            return false;
        }
        let domain = Some(domain.trim().to_owned())
            .filter(|d| !d.is_empty())
            .or_else(|| checked.parsed.policy_domain_from_name())
            .unwrap_or_else(|| self.domain.clone());
        let c = choices_from_record(&checked.parsed.record, &domain);
        let rows = |list: &[ReportUri]| -> Vec<Destination> {
            list.iter()
                .map(|u| Destination {
                    address: u.address.clone(),
                    size: u.size_limit.map(|s| s.to_string()).unwrap_or_default(),
                })
                .collect()
        };
        self.domain = c.domain;
        self.tag_set = c.tag_set;
        self.p = c.p;
        self.sp = c.sp;
        self.np = c.np;
        self.pct = c.pct.map(|p| p.to_string()).unwrap_or_default();
        self.testing = c.testing;
        self.rua = rows(&c.rua);
        if self.rua.is_empty() {
            self.rua.push(Destination::default());
        }
        self.ruf = rows(&c.ruf);
        self.adkim = c.adkim;
        self.aspf = c.aspf;
        self.fo = c.fo;
        self.ri = c.ri.map(|r| r.to_string()).unwrap_or_default();
        self.left_out = Vec::new();
        for t in &checked.parsed.tags {
            if !BUILDER_TAGS.contains(&t.name.as_str()) && !self.left_out.contains(&t.name) {
                self.left_out.push(t.name.clone());
            }
        }
        true
    }
}

/// The tags the builder writes (`rf` has one value, the default, so it is
/// never needed).
const BUILDER_TAGS: &[&str] = &[
    "v", "p", "sp", "np", "adkim", "aspf", "pct", "t", "fo", "rf", "ri", "rua", "ruf",
];

fn read_pct(text: &str) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<u8>().ok().filter(|p| (1..=100).contains(p))
}

fn read_ri(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<u32>().ok().filter(|r| *r > 0)
}
