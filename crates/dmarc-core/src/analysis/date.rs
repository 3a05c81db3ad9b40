//! Days: the analysis counts time in whole UTC days since 1970-01-01 (day 0),
//! written `YYYY-MM-DD` in URLs and tables. No clock is read: the core stays
//! deterministic and browser-free.

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// The day of a Unix time (UTC), rounding towards the past.
pub fn day_of(unix_seconds: i64) -> i32 {
    let day = unix_seconds.div_euclid(SECONDS_PER_DAY);
    i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX })
}

/// The Unix time at the start of `day`.
pub fn day_start(day: i32) -> i64 {
    i64::from(day) * SECONDS_PER_DAY
}

/// The day of a civil date (proleptic Gregorian), H. Hinnant's algorithm.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
}

/// The civil date `(year, month, day)` of `day`.
pub fn civil_from_days(day: i32) -> (i64, u32, u32) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u32, d as u32)
}

/// `day` as `YYYY-MM-DD`.
pub fn iso_date(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Reads `YYYY-MM-DD` (also the date part of an RFC 3339 date-time).
/// `None` when it is not a valid date.
pub fn parse_iso_date(text: &str) -> Option<i32> {
    let text = text.trim();
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The UTC day of an RFC 5322 date such as `Thu, 8 Mar 2005 14:00:00 -0500`
/// (the `Arrival-Date` of failure reports), like every other day on the
/// dashboard: the time and zone, when readable, move it across midnight
/// (`23:30 -0700` is the next day in UTC); without them it is the day as
/// written. Also accepts RFC 3339. `None` when no date is found.
pub fn parse_mail_date(text: &str) -> Option<i32> {
    if let Some(day) = parse_iso_date(text) {
        return Some(day);
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).find_map(|i| {
        let day: u32 = words.get(i)?.parse().ok()?;
        let month = words.get(i + 1)?.get(..3)?.to_ascii_lowercase();
        let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let year: i64 = words.get(i + 2)?.parse().ok()?;
        let year = if year < 100 { year + 2000 } else { year };
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let date = days_from_civil(year, month, day);
        let utc_seconds = words
            .get(i + 3)
            .and_then(|t| seconds_of_day(t))
            .zip(words.get(i + 4).and_then(|z| zone_offset(z)))
            .map_or(0, |(time, offset)| time - offset);
        let shift = utc_seconds.div_euclid(SECONDS_PER_DAY);
        i32::try_from(i64::from(date) + shift).ok()
    })
}

/// `hh:mm` or `hh:mm:ss` as seconds since midnight.
fn seconds_of_day(text: &str) -> Option<i64> {
    let mut parts = text.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    (parts.next().is_none() && h < 24 && m < 60 && s <= 60)
        .then_some(i64::from(h * 3600 + m * 60 + s))
}

/// A zone's offset from UTC in seconds: `+0900`, `-0500`, or an obsolete
/// name (RFC 5322 §4.3: `UT`, `GMT`, `EST`…`PDT`, `Z`).
fn zone_offset(text: &str) -> Option<i64> {
    let signed = match text.as_bytes().first() {
        Some(b'+') => Some(1),
        Some(b'-') => Some(-1),
        _ => None,
    };
    if let Some(sign) = signed {
        let digits = text.get(1..)?;
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let h: i64 = digits.get(..2)?.parse().ok()?;
        let m: i64 = digits.get(2..)?.parse().ok()?;
        return Some(sign * (h * 3600 + m * 60));
    }
    let hours = match text.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    Some(hours * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_civil_dates() {
        let cases = [
            (0, "1970-01-01"),
            (19_723, "2024-01-01"),
            (19_782, "2024-02-29"),
            (-1, "1969-12-31"),
            (20_415, "2025-11-23"),
        ];
        for (day, iso) in cases {
            assert_eq!(iso_date(day), iso);
            assert_eq!(parse_iso_date(iso), Some(day), "{iso}");
        }
        for day in (-700_000..2_900_000).step_by(997) {
            assert_eq!(parse_iso_date(&iso_date(day)), Some(day));
        }
    }

    #[test]
    fn unix_times_and_mail_dates() {
        assert_eq!(day_of(1_700_000_000), 19_675);
        assert_eq!(day_of(-1), -1);
        assert_eq!(day_start(1), 86_400);
        let cases = [
            ("Thu, 8 Mar 2005 14:00:00 EST", Some("2005-03-08")),
            ("8 Mar 2005 14:00:00 -0500", Some("2005-03-08")),
            ("Wed, 14 Apr 2010 23:15:31 -0700 (PDT)", Some("2010-04-15")),
            ("Thu, 1 Jan 2015 00:30 +0900", Some("2014-12-31")),
            ("Thu, 31 Dec 2015 20:00:00 PST", Some("2016-01-01")),
            ("Fri, 28 Sep 2018 16:48:42 +0800", Some("2018-09-28")),
            ("Fri, 28 Sep 2018 16:48:42 +08", Some("2018-09-28")),
            ("Fri, 28 Sep 2018 25:48:42 -0800", Some("2018-09-28")),
            ("Mon, 1 Oct 2018", Some("2018-10-01")),
            ("2016-04-01T00:00:00Z", Some("2016-04-01")),
            ("Mon, 31 Feb 2005", None),
            ("yesterday", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_mail_date(text).map(iso_date).as_deref(),
                want,
                "{text}"
            );
        }
        assert_eq!(parse_iso_date("2024-13-01"), None);
    }
}
