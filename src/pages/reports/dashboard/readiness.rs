//! The policy readiness verdicts: what the published record does today at
//! both generations of receivers, whether the next step is safe and why, the
//! sources to review first, and the way to the next record in the builder.

use std::borrow::Cow;

use dmarc_core::analysis::{Mark, Readiness, Treatment, MIN_DAYS};
use dmarc_core::report::aggregate::Policy;
use yew::prelude::*;

use super::headline::{rate, threshold};
use super::sources::{families, mark_buttons};
use super::MarkRequest;
use crate::i18n::Lang;
use crate::ids;

/// The policy domain's name, or words saying it is missing.
pub fn domain_name(lang: Lang, domain: &str) -> String {
    if domain.trim().is_empty() {
        lang.t("dash.no_policy_domain")
    } else {
        domain.to_owned()
    }
}

fn treatment(lang: Lang, t: &Treatment) -> String {
    let action = |p: &Policy| lang.t(&format!("dash.action.{}", p.as_str()));
    if t.percent >= 100 || t.action == t.rest {
        lang.t_args(
            "dash.treatment_all",
            &[("action", action(&t.action).into())],
        )
    } else {
        lang.t_args(
            "dash.treatment_part",
            &[
                ("action", action(&t.action).into()),
                ("percent", t.percent.to_string().into()),
                ("rest", action(&t.rest).into()),
            ],
        )
    }
}

/// The builder's address for the next record of `r`.
pub fn builder_href(r: &Readiness) -> Option<String> {
    // No record can be built for a report that named no domain.
    let next = r.next.as_ref().filter(|n| !n.domain.trim().is_empty())?;
    Some(format!(
        "#/builder?{}",
        dmarc_core::record::BuilderLink {
            domain: next.domain.clone(),
            record: next.text.clone(),
            why: Some(r.verdict.code().to_owned()),
        }
        .to_query()
    ))
}

/// Whether it is safe to move to a stricter policy, per domain, most urgent
/// first.
pub fn readiness(lang: Lang, items: &[Readiness], onmark: &Callback<MarkRequest>) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <section class="readiness" id={ids::reports::READINESS} aria-labelledby="readiness-title">
            <h2 id="readiness-title">{ lang.t("dash.readiness_title") }</h2>
            { for items.iter().map(|r| card(lang, r, onmark)) }
        </section>
    }
}

fn card(lang: Lang, r: &Readiness, onmark: &Callback<MarkRequest>) -> Html {
    let share = rate(lang, r.pass_share);
    let target = threshold(r.target_share);
    let days = lang.t_count("count.days", u64::from(r.days_with_data), &[]);
    let domain = domain_name(lang, &r.domain);
    let next_p = r.next.as_ref().map(|n| n.p.to_string()).unwrap_or_default();
    let args: Vec<(&str, Cow<str>)> = vec![
        ("domain", domain.as_str().into()),
        ("policy", r.applied.p.as_str().into()),
        ("next", next_p.into()),
        ("share", share.as_str().into()),
        ("target", target.as_str().into()),
        ("days", days.as_str().into()),
        (
            "messages",
            lang.t_count("count.messages", r.messages, &[]).into(),
        ),
        (
            "unreviewed",
            lang.t_count("count.messages", r.unreviewed_messages, &[])
                .into(),
        ),
        (
            "min_days",
            lang.t_count("count.days", u64::from(MIN_DAYS), &[]).into(),
        ),
    ];
    let family_counts: Vec<dmarc_core::analysis::FamilyCount> = r
        .families
        .iter()
        .map(|(family, messages)| dmarc_core::analysis::FamilyCount {
            family: *family,
            messages: *messages,
        })
        .collect();
    html! {
        <article class={classes!("verdict", r.verdict.code())} data-domain={r.domain.clone()}>
            <h3>{ domain.clone() }{ " — " }{ lang.t(&r.verdict.key()) }</h3>
            <p>{ lang.t_args(&r.advice_key(), &args) }</p>
            <dl class="applied">
                <dt>{ lang.t("dash.rfc7489_receivers") }</dt><dd>{ treatment(lang, &r.applied.rfc7489) }</dd>
                <dt>{ lang.t("dash.rfc9989_receivers") }</dt><dd>{ treatment(lang, &r.applied.rfc9989) }</dd>
            </dl>
            { for r.notes.iter().map(|n| html! {
                <p class="note">{ lang.t_args(&format!("readiness_note.{n}"), &[
                    ("pct", r.applied.pct.unwrap_or(100).to_string().into()),
                    ("sp", r.applied.sp.as_str().into()),
                    ("np", r.applied.np.as_str().into()),
                ]) }</p>
            }) }
            <p class="detail">
                // With none of the owner's mail there is no share: say so
                // instead of showing "–" where a percentage belongs.
                { lang.t_args(if r.pass_share.is_some() { "dash.readiness_figures" } else { "dash.readiness_figures_no_legitimate" }, &args) }
                { " " }{ families(lang, &family_counts) }
            </p>
            if !r.review.is_empty() {
                <h4>{ lang.t("dash.review_title") }</h4>
                <ul class="review">
                    { for r.review.iter().map(|item| {
                        let request = |m: Mark| match &item.ip {
                            Some(ip) => MarkRequest::Source(ip.clone(), m),
                            None => MarkRequest::Service(item.service, m),
                        };
                        html! {
                            <li data-ip={item.ip.clone()} data-service={item.service.id()}>
                                if let Some(ip) = &item.ip {
                                    <code>{ ip }</code>{ " " }{ lang.t(&item.service.key()) }
                                } else {
                                    <strong>{ lang.t(&item.service.key()) }</strong>{ " " }
                                    { lang.t_count("count.addresses", item.addresses, &[]) }
                                }
                                { ": " }
                                { lang.t(&item.diagnosis.key()) }{ " — " }
                                { lang.t_args("dash.review_share", &[
                                    ("messages", lang.t_count("count.messages", item.messages, &[]).into()),
                                    ("share", rate(lang, Some(item.share)).into()),
                                ]) }
                                { " " }{ mark_buttons(lang, Mark::Unmarked, request, onmark) }
                            </li>
                        }
                    }) }
                </ul>
            }
            if !r.failing_services.is_empty() {
                <h4>{ lang.t("dash.failing_title") }</h4>
                <ul class="failing">
                    { for r.failing_services.iter().map(|s| html! {
                        <li>{ lang.t(&s.service.key()) }{ ": " }
                            { lang.t_count("dash.failing_service", s.messages, &[]) }{ " — " }
                            { lang.t(&s.diagnosis.key()) }</li>
                    }) }
                </ul>
            }
            if let (Some(next), Some(href)) = (r.next.as_ref(), builder_href(r)) {
                <p class="next-record">
                    { lang.t("dash.next_record") }{ " " }<code>{ &next.text }</code>{ " " }
                    <a class="button" href={href}>{ lang.t("dash.open_in_builder") }</a>
                </p>
            }
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_policy_domain_is_said_in_words() {
        for lang in [Lang::En, Lang::Ja] {
            let name = domain_name(lang, " ");
            assert!(!name.trim().is_empty(), "{lang:?}");
            assert_eq!(domain_name(lang, "example.com"), "example.com");
        }
    }
}
