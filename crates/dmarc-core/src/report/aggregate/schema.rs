//! The elements of the aggregate report schema (RFC 7489 Appendix C,
//! RFC 9990) and the names reporters use for them, by local name.

/// The elements of the schema, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum El {
    Feedback,
    Version,
    ReportMetadata,
    OrgName,
    Email,
    ExtraContactInfo,
    ReportId,
    DateRange,
    Begin,
    End,
    Error,
    Generator,
    PolicyPublished,
    Domain,
    DiscoveryMethod,
    Adkim,
    Aspf,
    P,
    Sp,
    Np,
    Pct,
    Fo,
    Testing,
    Extension,
    Record,
    Row,
    SourceIp,
    Count,
    PolicyEvaluated,
    Disposition,
    Dkim,
    Spf,
    Reason,
    Type,
    Comment,
    Identifiers,
    HeaderFrom,
    EnvelopeFrom,
    EnvelopeTo,
    AuthResults,
    AuthDkim,
    AuthSpf,
    Selector,
    Scope,
    Result,
    HumanResult,
}

impl El {
    /// The known child `name` of `self`.
    pub(super) fn child(self, name: &str) -> Option<El> {
        use El::*;
        Some(match (self, name) {
            (Feedback, "record") => Record,
            (Feedback, "report_metadata") => ReportMetadata,
            (Feedback, "policy_published") => PolicyPublished,
            (Feedback, "version") => Version,
            (Feedback, "extension") => Extension,
            (ReportMetadata, "org_name") => OrgName,
            (ReportMetadata, "email") => Email,
            (ReportMetadata, "extra_contact_info") => ExtraContactInfo,
            (ReportMetadata, "report_id") => ReportId,
            (ReportMetadata, "date_range" | "data_range") => DateRange,
            (ReportMetadata, "error") => Error,
            (ReportMetadata, "generator") => Generator,
            (DateRange, "begin") => Begin,
            (DateRange, "end") => End,
            (PolicyPublished, "domain") => Domain,
            (PolicyPublished, "discovery_method") => DiscoveryMethod,
            (PolicyPublished, "adkim") => Adkim,
            (PolicyPublished, "aspf") => Aspf,
            (PolicyPublished, "p") => P,
            (PolicyPublished, "sp") => Sp,
            (PolicyPublished, "np") => Np,
            (PolicyPublished, "pct") => Pct,
            (PolicyPublished, "fo") => Fo,
            (PolicyPublished, "testing") => Testing,
            (Record, "row") => Row,
            (Record, "identifiers" | "identities") => Identifiers,
            (Record, "auth_results") => AuthResults,
            (Row, "source_ip") => SourceIp,
            (Row, "count") => Count,
            (Row, "policy_evaluated") => PolicyEvaluated,
            (PolicyEvaluated, "disposition") => Disposition,
            (PolicyEvaluated, "dkim") => Dkim,
            (PolicyEvaluated, "spf") => Spf,
            (PolicyEvaluated, "reason" | "policy_override") => Reason,
            (Reason, "type") => Type,
            (Reason, "comment") => Comment,
            (Identifiers, "header_from") => HeaderFrom,
            (Identifiers, "envelope_from") => EnvelopeFrom,
            (Identifiers, "envelope_to") => EnvelopeTo,
            (AuthResults, "dkim") => AuthDkim,
            (AuthResults, "spf") => AuthSpf,
            (AuthDkim | AuthSpf, "domain") => Domain,
            (AuthDkim | AuthSpf, "result") => Result,
            (AuthDkim | AuthSpf, "human_result") => HumanResult,
            (AuthDkim, "selector") => Selector,
            (AuthSpf, "scope") => Scope,
            _ => return None,
        })
    }

    /// Whether `local` is an end tag for this element (also under the names
    /// reporters use instead).
    pub(super) fn ends_with(self, local: &str) -> bool {
        local == self.name()
            || matches!(
                (self, local),
                (El::DateRange, "data_range")
                    | (El::Identifiers, "identities")
                    | (El::Reason, "policy_override")
            )
    }

    /// Whether the element holds text rather than elements.
    pub(super) fn is_leaf(self) -> bool {
        use El::*;
        !matches!(
            self,
            Feedback
                | ReportMetadata
                | DateRange
                | PolicyPublished
                | Extension
                | Record
                | Row
                | PolicyEvaluated
                | Reason
                | Identifiers
                | AuthResults
                | AuthDkim
                | AuthSpf
        )
    }

    /// The element's name in the schema.
    pub(super) fn name(self) -> &'static str {
        use El::*;
        match self {
            Feedback => "feedback",
            Version => "version",
            ReportMetadata => "report_metadata",
            OrgName => "org_name",
            Email => "email",
            ExtraContactInfo => "extra_contact_info",
            ReportId => "report_id",
            DateRange => "date_range",
            Begin => "begin",
            End => "end",
            Error => "error",
            Generator => "generator",
            PolicyPublished => "policy_published",
            Domain => "domain",
            DiscoveryMethod => "discovery_method",
            Adkim => "adkim",
            Aspf => "aspf",
            P => "p",
            Sp => "sp",
            Np => "np",
            Pct => "pct",
            Fo => "fo",
            Testing => "testing",
            Extension => "extension",
            Record => "record",
            Row => "row",
            SourceIp => "source_ip",
            Count => "count",
            PolicyEvaluated => "policy_evaluated",
            Disposition => "disposition",
            Dkim => "dkim",
            Spf => "spf",
            Reason => "reason",
            Type => "type",
            Comment => "comment",
            Identifiers => "identifiers",
            HeaderFrom => "header_from",
            EnvelopeFrom => "envelope_from",
            EnvelopeTo => "envelope_to",
            AuthResults => "auth_results",
            AuthDkim => "dkim",
            AuthSpf => "spf",
            Selector => "selector",
            Scope => "scope",
            Result => "result",
            HumanResult => "human_result",
        }
    }
}
