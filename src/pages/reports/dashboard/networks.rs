//! Networks: each source's AS and country, unidentified sources grouped by
//! network, and the credit the network data's licence asks for.

use dmarc_core::network::{Country, NetworkGroup, NetworkSummary, SourceNetwork};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;

/// The country's name in `lang`, from the dashboard's table; the code when
/// it is not there.
pub fn country_name(lang: Lang, countries: &[Country], code: &str) -> String {
    countries
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| c.name(lang.code()).to_owned())
}

/// `AS15169 Google LLC · United States`, or what is known of it; empty when
/// the data is not loaded.
pub fn network_text(lang: Lang, countries: &[Country], n: &SourceNetwork) -> String {
    let mut parts = Vec::new();
    let label = n.as_label();
    if label.is_empty() {
        parts.push(lang.t("net.no_as"));
    } else {
        parts.push(label);
    }
    if let Some(code) = &n.country {
        parts.push(country_name(lang, countries, code));
    }
    parts.join(" · ")
}

/// The search text that selects a network's sources: `AS64500`, else the
/// country code.
fn search_for(n: &SourceNetwork) -> Option<String> {
    n.asn
        .map(|a| format!("AS{a}"))
        .or_else(|| n.country.clone())
}

fn group_title(lang: Lang, g: &NetworkGroup) -> String {
    let name = match (g.network.as_label(), &g.network.country) {
        (label, Some(cc)) if !label.is_empty() => format!("{label} ({cc})"),
        (label, None) if !label.is_empty() => label,
        (_, Some(cc)) => format!("{} ({cc})", lang.t("net.no_as")),
        _ => lang.t("net.no_data"),
    };
    lang.t_args(
        "net.group",
        &[
            ("network", name.into()),
            (
                "addresses",
                lang.t_count("count.addresses", g.addresses, &[]).into(),
            ),
            (
                "messages",
                lang.t_count("count.messages", g.counts.messages, &[])
                    .into(),
            ),
        ],
    )
}

/// The unidentified sources, one line per network; each line filters the
/// view on its network.
pub fn unknown_networks(
    lang: Lang,
    networks: &NetworkSummary,
    onsearch: &Callback<String>,
) -> Html {
    if networks.unknown.is_empty() {
        return html! {};
    }
    html! {
        <div class="networks">
            <h3>{ lang.t("net.by_network") }</h3>
            <ul>
                { for networks.unknown.iter().map(|g| {
                    let title = group_title(lang, g);
                    match search_for(&g.network) {
                        Some(q) => {
                            let onclick = onsearch.reform(move |_: MouseEvent| q.clone());
                            html! { <li><button type="button" class="link" {onclick}>{ title }</button></li> }
                        }
                        None => html! { <li>{ title }</li> },
                    }
                }) }
            </ul>
        </div>
    }
}

/// "About the network data": sources with text links (no image, nothing
/// loaded from elsewhere), licence, that we re-encoded it, its date.
pub fn attribution(lang: Lang, networks: &NetworkSummary) -> Html {
    let Some(date) = &networks.date else {
        return html! {};
    };
    let link = |href: &'static str, text: &'static str| {
        html! { <a href={href} rel="noopener noreferrer" target="_blank">{ text }</a> }
    };
    html! {
        <details class="attribution" id={ids::reports::NETWORK_ATTRIBUTION}>
            <summary>{ lang.t("net.about") }</summary>
            <p>{ lang.t_args("net.about_text", &[("date", date.clone().into())]) }</p>
            <ul>
                <li>{ link("https://www.routeviews.org/", "RouteViews") }{ " — " }{ lang.t("net.routeviews") }</li>
                <li>{ link("https://www.nro.net/", "NRO") }{ " — " }{ lang.t("net.nro") }</li>
                <li>{ link("https://db-ip.com/", "IP Geolocation by DB-IP") }{ " — " }{ lang.t("net.dbip") }</li>
                <li>{ link("https://cldr.unicode.org/", "Unicode CLDR") }{ " — " }{ lang.t("net.cldr") }</li>
            </ul>
            <p>
                { lang.t("net.licence") }{ " " }
                { link("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0") }
                { " · " }{ lang.t("net.reencoded") }
            </p>
        </details>
    }
}
