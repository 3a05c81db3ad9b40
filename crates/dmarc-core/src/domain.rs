//! Domain names and addresses: every rule about them lives here, once.
//!
//! - [`normalise`]: a name as written in a report or an address, trimmed,
//!   without its trailing dot, lower-cased; nothing is rejected but emptiness.
//! - [`normalise_domain`]: a name a person typed for a record: [`normalise`]
//!   first, then a leading `_dmarc.` dropped, IDN labels converted to punycode
//!   and every label checked. The conversion is the `idna` crate's (default
//!   feature `uts46`) or one a program installs ([`install_to_ascii`]: the web
//!   app hands over the browser's URL parser, which does the same).
//! - [`is_address`]: whether a `mailto:` address has a local part and a valid
//!   host ([`normalise_domain`] with at least one dot).
//! - [`organizational_domain`] and [`relative_name`]: organisational domains
//!   (RFC 7489 §3.2) from the Public Suffix List ([`crate::psl`]: embedded
//!   in the core, or installed by a program built without it; no network).
//!   [`try_organizational_domain`] says when the list is not there yet.

use std::sync::OnceLock;

use crate::psl::SuffixListMissing;

/// Converts a domain name with a non-ASCII or `xn--` label to ASCII, as the
/// WHATWG URL Standard's "domain to ASCII" does (UTS #46, nontransitional);
/// `None` when it cannot be converted.
pub type ToAscii = fn(&str) -> Option<String>;

static TO_ASCII: OnceLock<ToAscii> = OnceLock::new();

/// Installs the conversion of non-ASCII names for builds without the `uts46`
/// feature (the web app, at start: the browser's URL parser). The first one
/// stays; false if one was there already. Without either, a name with a
/// non-ASCII or `xn--` label is refused, never guessed.
pub fn install_to_ascii(to_ascii: ToAscii) -> bool {
    TO_ASCII.set(to_ascii).is_ok()
}

/// The `idna` crate's conversion (the WHATWG URL Standard's "domain to ASCII").
#[cfg(feature = "uts46")]
pub fn idna_to_ascii(name: &str) -> Option<String> {
    idna::domain_to_ascii(name).ok()
}

/// The installed conversion, else the `idna` crate's when the feature `uts46` is on.
fn to_ascii(name: &str) -> Option<String> {
    if let Some(installed) = TO_ASCII.get() {
        return installed(name);
    }
    #[cfg(feature = "uts46")]
    {
        idna_to_ascii(name)
    }
    #[cfg(not(feature = "uts46"))]
    {
        None
    }
}

/// Lower-cases a domain name and strips surrounding white space and
/// trailing dots. Returns `None` for an empty name.
pub fn normalise(name: &str) -> Option<String> {
    let trimmed = name.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        None
    } else {
        Some(trimmed.to_ascii_lowercase())
    }
}

/// Normalises a domain name a person typed: [`normalise`], then drops a
/// leading `_dmarc.`, converts IDN labels to punycode (`例え.jp` →
/// `xn--r8jz45g.jp`) and checks every label (1–63 letters, digits,
/// hyphens or underscores, no hyphen at either end; 253 bytes at most).
/// `None` if invalid.
pub fn normalise_domain(name: &str) -> Option<String> {
    normalise_domain_with(name, to_ascii)
}

/// [`normalise_domain`] with a given conversion of non-ASCII names (which
/// sees only names with a non-ASCII or `xn--` label: an ASCII name needs
/// none, its labels are checked as they are).
pub fn normalise_domain_with(name: &str, to_ascii: ToAscii) -> Option<String> {
    let name = normalise(name)?;
    let name = name.strip_prefix("_dmarc.").unwrap_or(&name);
    if name.is_empty() {
        return None;
    }
    let plain = name.is_ascii() && !name.split('.').any(|l| l.starts_with("xn--"));
    let ascii = if plain {
        name.to_owned()
    } else {
        to_ascii(name)?.to_ascii_lowercase()
    };
    // An `xn--` label must decode to a label that converts back to it (UTS #46
    // §4.1); a browser's URL parser takes one as it is.
    let punycode_valid = |label: &str| {
        label.strip_prefix("xn--").is_none_or(|encoded| {
            idna::punycode::decode_to_string(encoded)
                .and_then(|unicode| to_ascii(&unicode))
                .is_some_and(|back| back == label)
        })
    };
    if !ascii.split('.').all(punycode_valid) {
        return None;
    }
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (ascii.len() <= 253 && ascii.split('.').all(valid_label)).then_some(ascii)
}

/// Whether `address` (the part after `mailto:`, before `!size`; a `?query`
/// is ignored) is an e-mail address: a local part without separators, and a
/// host that [`normalise_domain`] accepts and that has at least one dot.
pub fn is_address(address: &str) -> bool {
    let address = address.split('?').next().unwrap_or(address);
    let Some((local, host)) = address.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(['@', ' ', ',', ';', '"', '<', '>'])
        && normalise_domain(host).is_some_and(|h| h.contains('.'))
}

/// The organisational domain of `name`: the public suffix plus one label
/// (`mail.example.co.jp` → `example.co.jp`). Returns `None` when the name is
/// empty or is itself a public suffix, and while the list is missing (a
/// build without `embedded-psl` before [`crate::psl::install`]): code that
/// can run then uses [`try_organizational_domain`].
pub fn organizational_domain(name: &str) -> Option<String> {
    try_organizational_domain(name).ok().flatten()
}

/// [`organizational_domain`], or [`SuffixListMissing`] while the list is
/// not there.
pub fn try_organizational_domain(name: &str) -> Result<Option<String>, SuffixListMissing> {
    let Some(name) = normalise(name) else {
        return Ok(None);
    };
    Ok(crate::psl::registrable_domain(&name)?.map(str::to_owned))
}

/// `name` relative to the zone of its organisational domain
/// (`_dmarc.shop.example.com` → `_dmarc.shop`); `@` for the domain itself.
pub fn relative_name(name: &str) -> String {
    let name = name.trim_end_matches('.');
    let org = organizational_domain(name.trim_start_matches('_')).or_else(|| {
        // `_dmarc.example.com`: the leading label is not a host name.
        let (_, rest) = name.split_once('.')?;
        organizational_domain(rest)
    });
    match org {
        Some(org) if name == org => "@".to_owned(),
        Some(org) => name
            .strip_suffix(&format!(".{org}"))
            .unwrap_or(name)
            .to_owned(),
        None => name.to_owned(),
    }
}

/// Built without `uts46` (`cargo test -p dmarc-core --lib
/// --no-default-features lean_build`): a name that needs converting is
/// refused until a conversion is installed, ASCII names need none.
#[cfg(all(test, not(feature = "uts46")))]
mod lean_build {
    use super::*;

    #[test]
    fn refused_until_installed() {
        assert_eq!(
            normalise_domain("Example.COM").as_deref(),
            Some("example.com")
        );
        assert_eq!(normalise_domain("例え.jp"), None);
        assert!(install_to_ascii(|name| match name {
            "例え.jp" => Some("xn--r8jz45g.jp".to_owned()),
            "例え" => Some("xn--r8jz45g".to_owned()),
            _ => None,
        }));
        assert_eq!(
            normalise_domain("例え.jp").as_deref(),
            Some("xn--r8jz45g.jp")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizational_domains_follow_the_public_suffix_list() {
        let cases = [
            ("mail.example.co.jp", Some("example.co.jp")),
            ("Example.COM.", Some("example.com")),
            ("a.b.c.example.com", Some("example.com")),
            ("bounce.eu-west-1.amazonses.com", Some("amazonses.com")),
            ("co.jp", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(organizational_domain(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn domains_are_normalised() {
        let cases = [
            ("Example.COM.", Some("example.com")),
            ("  _dmarc.example.com ", Some("example.com")),
            ("例え.jp", Some("xn--r8jz45g.jp")),
            ("bücher.example", Some("xn--bcher-kva.example")),
            ("", None),
            ("exa mple.com", None),
            ("-bad.example.com", None),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_domain(input).as_deref(), want, "{input}");
        }
    }

    /// Only a name with a non-ASCII or `xn--` label reaches the conversion.
    #[test]
    fn only_unicode_and_punycode_names_are_converted() {
        let marked: ToAscii = |name| Some(format!("converted.{}", name.len()));
        let cases = [
            ("Example.COM.", Some("example.com")),
            ("_dmarc.shop.example.com", Some("shop.example.com")),
            ("exa mple.com", None),
            ("例え.jp", Some("converted.9")),
            ("XN--r8jz45g.jp", Some("converted.14")),
        ];
        for (input, want) in cases {
            assert_eq!(
                normalise_domain_with(input, marked).as_deref(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn relative_names_are_relative_to_the_organisational_zone() {
        let cases = [
            ("_dmarc.example.com", "_dmarc"),
            ("_dmarc.shop.example.co.jp", "_dmarc.shop"),
            ("mail.example.com", "mail"),
            ("example.com", "@"),
            (
                "shop.example.com._report._dmarc.reports.vendor.net",
                "shop.example.com._report._dmarc.reports",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(relative_name(name), want, "{name}");
        }
    }

    #[test]
    fn addresses_need_a_local_part_and_a_host_with_a_dot() {
        let cases = [
            ("d@example.com", true),
            ("d@例え.jp", true),
            ("d@example.com?subject=x", true),
            ("a@b@example.com", false),
            ("d@localhost", false),
            ("@example.com", false),
            ("nobody", false),
            ("a b@example.com", false),
            ("d@exa mple.com", false),
        ];
        for (address, want) in cases {
            assert_eq!(is_address(address), want, "{address}");
        }
    }
}
