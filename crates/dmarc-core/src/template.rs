//! Catalogue templates: `%{name}` placeholders filled in one pass, so a
//! value that itself holds `%{…}` is written as is, never filled again. The
//! web app and the command-line tool fill every text of theirs here.
//!
//! ```
//! use dmarc_core::template::fill;
//!
//! let args = [("tag", "p"), ("value", "%{tag}")];
//! let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
//! assert_eq!(fill("%{tag}=%{value} %{other}", value), "p=%{tag} %{other}");
//! ```

/// `template` with each `%{name}` replaced by `value(name)`; a placeholder
/// without a value, and a `%` that opens none, are kept as written.
pub fn fill<'a>(template: &str, mut value: impl FnMut(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some((name, tail)) = after.split_once('}') else {
            // An unclosed placeholder: the rest as written.
            rest = &rest[start..];
            break;
        };
        match value(name) {
            Some(v) => out.push_str(v),
            None => {
                out.push_str("%{");
                out.push_str(name);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        let args = [("tag", "p"), ("column", "3"), ("value", "%{tag}")];
        let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let cases = [
            ("the %{tag} tag, %{missing}", "the p tag, %{missing}"),
            ("100%", "100%"),
            ("%{tag}%{tag} at %{column}", "pp at 3"),
            ("value %{value}", "value %{tag}"),
            ("open %{tag", "open %{tag"),
            ("%{tag} then open %{tag", "p then open %{tag"),
            ("", ""),
            ("日本語 %{tag} です", "日本語 p です"),
        ];
        for (template, want) in cases {
            assert_eq!(fill(template, value), want, "{template}");
        }
    }
}
