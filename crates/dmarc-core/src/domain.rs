//! Domain names: normalisation and organisational domains (RFC 7489 §3.2),
//! from the Public Suffix List embedded in the core (`psl.rs`; no network).

/// Lower-cases a domain name and strips surrounding white space and one
/// trailing dot. Returns `None` for an empty name.
pub fn normalise(name: &str) -> Option<String> {
    let trimmed = name.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        None
    } else {
        Some(trimmed.to_ascii_lowercase())
    }
}

/// The organisational domain of `name`: the public suffix plus one label
/// (`mail.example.co.jp` → `example.co.jp`). Returns `None` when the name is
/// empty or is itself a public suffix.
pub fn organizational_domain(name: &str) -> Option<String> {
    let name = normalise(name)?;
    crate::psl::registrable_domain(&name).map(str::to_owned)
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
}
