//! Domain names and addresses: every rule about them lives here, once.
//!
//! - [`normalise`]: a name as written in a report or an address, trimmed,
//!   without its trailing dot, lower-cased; nothing is rejected but emptiness.
//! - [`normalise_domain`]: a name a person typed for a record: [`normalise`]
//!   first, then a leading `_dmarc.` dropped, IDN labels converted to punycode
//!   and every label checked.
//! - [`is_address`]: whether a `mailto:` address has a local part and a valid
//!   host ([`normalise_domain`] with at least one dot).
//! - [`organizational_domain`] and [`relative_name`]: organisational domains
//!   (RFC 7489 §3.2) from the Public Suffix List ([`crate::psl`]: embedded
//!   in the core, or installed by a program built without it; no network).
//!   [`try_organizational_domain`] says when the list is not there yet.

use crate::psl::SuffixListMissing;

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
    let name = normalise(name)?;
    let name = name.strip_prefix("_dmarc.").unwrap_or(&name);
    if name.is_empty() {
        return None;
    }
    let ascii = idna::domain_to_ascii(name).ok()?.to_ascii_lowercase();
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
