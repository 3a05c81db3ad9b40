//! The DMARC record: model, parser, renderer, checker, explanations, builder,
//! rollout plan and sender set-up help.
//!
//! Everything here is language-neutral: findings, explanations and errors are
//! codes with named arguments, and the catalogue `locales/record.toml` holds
//! their English and Japanese text. The web view and the CLI translate them.
//!
//! # The checker
//! ```
//! use dmarc_core::record::{check, Severity};
//!
//! let checked = check("_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=none; pct=50\"", None);
//! let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.as_str()).collect();
//! assert_eq!(codes, ["policy_none", "pct_partial", "removed_tag", "no_rua", "input_unwrapped"]);
//! assert!(!checked.has_errors());
//! // Each finding's message is the catalogue entry `finding.<code>`
//! // (`checked.findings[0].key()`), its `%{name}` placeholders filled from `args`.
//! assert_eq!(checked.findings[0].key(), "finding.policy_none");
//! ```
//! [`check_with`] takes [`CheckOptions`]: the policy domain (for external
//! report destinations), the targeted [`TagSet`], whether a sender relies on
//! SPF alone, and whether the choices were made knowingly in the builder.
//!
//! # Explanations
//! [`explain()`] gives one [`TagExplanation`] per known tag (written or
//! defaulted) and per unknown tag: keys `tag.<name>.{name,what,default,consequence}`
//! and `value_keys` such as `tag.p.value.reject`, with [`TagExplanation::args`].
//!
//! # The builder
//! ```
//! use dmarc_core::record::{build, BuilderChoices, Policy, ReportUri};
//!
//! let built = build(&BuilderChoices {
//!     domain: "Example.COM.".into(),
//!     p: Policy::Quarantine,
//!     rua: vec![ReportUri::new("dmarc@example.com")],
//!     ..BuilderChoices::default()
//! })?;
//! assert_eq!(built.value, "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com");
//! assert_eq!(built.name, "_dmarc.example.com");
//! assert_eq!(built.relative_name, "_dmarc");
//! # Ok::<(), dmarc_core::record::BuildError>(())
//! ```
//! [`choices_from_record`] goes the other way, so a pasted record opens in
//! the builder. [`rollout_plan`] lists the stages from `p=none` to `reject`,
//! and [`ses_records`] (with [`google_workspace_records`] and
//! [`microsoft_365_records`]) the records a sending service needs.
//!
//! # Catalogue keys (`locales/record.toml`)
//! | what | key | placeholders |
//! | --- | --- | --- |
//! | a finding | [`Finding::key`] = `finding.<code>` | [`Finding::args`]: `tag`, `value`, `position` (byte offset in the input), `column` (1-based character column, for people), `suggestion`, `uri`, `address`, `destination`, `domain`, `record`, `count`, `length`, `limit`, `p`, `form`… |
//! | a finding's suggestion, when `args` has one and the message does not use it | `finding.suggestion` | `suggestion` |
//! | a severity label | `severity.<error\|warning\|info>` | — |
//! | a tag | [`TagExplanation::key`]`("name"\|"what"\|"default"\|"consequence")` = `tag.<tag>.<part>` (`tag.unknown.*` for unknown tags) | [`TagExplanation::args`] |
//! | the value in force | each of [`TagExplanation::value_keys`] (`tag.p.value.reject`, `tag.pct.value`…) | [`TagExplanation::args`]: `value`, `hours`, `addresses`, `count`, `p`, `sp`, `tag` |
//! | "not written, default applies" | `tag.label.defaulted` | — |
//! | builder steps and options | `builder.step.<step>.{title,help…}`, `builder.choice.tag_set.<rfc7489\|rfc9989>`, `builder.output.*` | `builder.step.domain.where`: `name`, `relative`; `builder.output.split`: `count` |
//! | a builder error | [`BuildError::key`] = `builder.error.<code>` | [`BuildError::args`] |
//! | a rollout step | [`RolloutStep::key`]`("title"\|"body")`, [`RolloutStep::check_keys`] | `days` = [`RolloutStep::min_days`] |
//! | a set-up record | [`DnsRecord::purpose`] (`setup.ses.dkim`…) | — |
//! | a set-up error | [`SetupError::key`] = `setup.error.<code>` | [`SetupError::args`] |
//!
//! # Severities
//! Errors mean the record does not work as written. Warnings mean it works
//! but probably not as intended. Some findings describe a deliberate choice
//! (`p=none`, `pct` below 100, external destinations, no `rua`…): they are
//! warnings for a pasted record and information when
//! [`CheckOptions::acknowledged`] is set, which the builder does, so its
//! output carries no warning while still explaining its choices.

pub mod builder;
pub mod check;
pub mod explain;
pub mod finding;
mod link;
pub mod model;
pub mod parse;
pub mod render;
pub mod rollout;
pub mod setup;

pub use crate::domain::normalise_domain;
pub use builder::{build, choices_from_record, BuildError, BuilderChoices, BuiltRecord, DnsRecord};
pub use check::{check, check_with, CheckOptions, RecordCheck};
pub use explain::{explain, TagExplanation};
pub use finding::{Code, Finding, FindingText, Severity};
pub use link::BuilderLink;
pub use model::{
    Alignment, DmarcRecord, FailureOption, Policy, Psd, ReportFormat, ReportUri, SizeLimit,
    SizeUnit, TagSet, Testing,
};
pub use parse::{parse, InputForm, ParsedRecord, RawTag};
pub use render::render;
pub use rollout::{rollout_plan, RolloutStep};
pub use setup::{
    google_workspace_records, microsoft_365_records, ses_records, SesInput, SetupError,
};
