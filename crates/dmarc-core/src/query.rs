//! The `key=value&…` form of the page's addresses (dashboard filters, the
//! builder's state): percent-encoding of every byte outside the unreserved
//! set, and its reading (`+` read as a space, a broken escape kept as
//! written).

/// Bytes written as they are.
const UNRESERVED: &[u8] = b"-._~";

/// Percent-encodes `text`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || UNRESERVED.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads a percent-encoded value.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(b) = hex {
                    out.push(b);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `(key, value)` pairs of a query (a leading `?` or `#…?` is skipped),
/// values decoded; pairs without `=` have an empty value.
pub fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let query = query.rsplit_once('?').map_or(query, |(_, q)| q);
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k), decode(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        for text in ["v=DMARC1; p=reject", "例え.jp", "a&b=c%d+e", ""] {
            assert_eq!(decode(&encode(text)), text);
        }
        let got: Vec<(String, String)> = pairs("#/builder?a=1&b=x%20y&c").collect();
        let want = [("a", "1"), ("b", "x y"), ("c", "")];
        assert_eq!(got.len(), want.len());
        for ((k, v), (wk, wv)) in got.iter().zip(want) {
            assert_eq!((k.as_str(), v.as_str()), (wk, wv));
        }
    }
}
