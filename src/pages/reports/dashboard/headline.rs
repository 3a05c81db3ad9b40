//! Headline figures, and the formatting of rates and dates the dashboard shares.

use dmarc_core::analysis::date::{day_start, parse_iso_date};
use dmarc_core::analysis::Headline;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;

/// A share as a percentage, `–` when there is nothing to divide.
pub fn rate(lang: Lang, rate: Option<f64>) -> String {
    rate.map_or_else(|| lang.percent(0, 0), |r| format!("{:.1}%", r * 100.0))
}

/// A threshold as a percentage, never rounded up to a stricter one:
/// `98%`, `99.5%` (not `100%`).
pub fn threshold(share: f64) -> String {
    let tenths = (share * 1000.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}%")
    } else {
        format!("{tenths:.1}%")
    }
}

/// A `YYYY-MM-DD` date in the person's language.
pub fn date(lang: Lang, iso: Option<&str>) -> String {
    iso.and_then(parse_iso_date)
        .map_or_else(|| "–".to_owned(), |d| lang.date(day_start(d)))
}

fn card(label: String, value: String, detail: Option<String>, class: &'static str) -> Html {
    html! {
        <div class={classes!("card", class)}>
            <dt>{ label }</dt>
            <dd class={classes!("value", (value.chars().count() > 9).then_some("long"))}>{ value }</dd>
            if let Some(detail) = detail { <dd class="detail">{ detail }</dd> }
        </div>
    }
}

/// Green only for a pass rate good enough for `p=quarantine`, red under 90 %:
/// a failures-only view must not show its 0 % in green.
pub fn rate_class(rate: Option<f64>) -> &'static str {
    match rate {
        Some(r) if r >= dmarc_core::analysis::QUARANTINE_SHARE => "pass",
        Some(r) if r < 0.9 => "fail",
        _ => "",
    }
}

/// The headline figures.
pub fn headline(lang: Lang, h: &Headline) -> Html {
    let c = &h.counts;
    html! {
        <dl class="headline" id={ids::reports::HEADLINE}>
            { card(lang.t("dash.messages"), lang.number(c.messages), Some(lang.t_args("dash.records_reports", &[
                ("records", lang.t_count("count.records", c.records, &[]).into()),
                ("reports", lang.t_count("count.reports", h.reports, &[]).into())])), "") }
            { card(lang.t("dash.dmarc_pass"), rate(lang, h.dmarc_pass_rate),
                   Some(lang.t_count("dash.of_messages", c.dmarc_pass, &[])), rate_class(h.dmarc_pass_rate)) }
            { card(lang.t("dash.spf_aligned"), rate(lang, h.spf_aligned_rate),
                   Some(lang.t_count("dash.of_messages", c.spf_aligned, &[])), "") }
            { card(lang.t("dash.dkim_aligned"), rate(lang, h.dkim_aligned_rate),
                   Some(lang.t_count("dash.of_messages", c.dkim_aligned, &[])), "") }
            { card(lang.t("dash.enforced"), lang.number(c.quarantined + c.rejected), Some(lang.t_args("dash.quarantined_rejected", &[
                ("q", lang.number(c.quarantined).into()), ("r", lang.number(c.rejected).into())])), "") }
            { card(lang.t("dash.sources"), lang.number(h.sources), Some(lang.t_count("dash.services_count", h.services, &[])), "") }
            { card(lang.t("dash.reporters"), lang.number(h.reporters), None, "") }
            { card(lang.t("dash.period"), format!("{} – {}", date(lang, h.first_date.as_deref()), date(lang, h.last_date.as_deref())), None, "period") }
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_good_pass_rate_is_green() {
        assert_eq!(rate_class(Some(0.0)), "fail");
        assert_eq!(rate_class(Some(0.95)), "");
        assert_eq!(rate_class(Some(0.99)), "pass");
        assert_eq!(rate_class(None), "");
    }

    #[test]
    fn thresholds_keep_their_decimal() {
        let cases = [
            (dmarc_core::analysis::QUARANTINE_SHARE, "98%"),
            (dmarc_core::analysis::REJECT_SHARE, "99.5%"),
            (1.0, "100%"),
            (0.5, "50%"),
        ];
        for (share, want) in cases {
            assert_eq!(threshold(share), want, "{share}");
        }
    }
}
