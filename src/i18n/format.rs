//! Numbers, sizes, percentages and dates, formatted for the chosen language.
//! Pure Rust, so server-side rendering and tests format exactly as the page.

use dmarc_core::analysis::date::{civil_from_days, day_of};

use super::Lang;

impl Lang {
    /// A whole number with thousands separators (`12,345` in both languages).
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// A share as a percentage with one decimal (`97.5%`); `–` when there is
    /// nothing to divide.
    pub fn percent(self, part: u64, whole: u64) -> String {
        if whole == 0 {
            return "–".to_owned();
        }
        let tenths = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
        format!("{tenths:.1}%")
    }

    /// A byte count in B, KB, MB or GB (powers of 1024, one decimal).
    pub fn bytes(self, n: u64) -> String {
        const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
        let mut value = n as f64;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        if unit == 0 {
            format!("{n} B")
        } else {
            format!("{value:.1} {}", UNITS[unit])
        }
    }

    /// A UTC date from Unix seconds: `2026-11-23` style in English would be
    /// ambiguous to nobody, but people read `23 Nov 2026` faster; Japanese
    /// reads `2026年11月23日`.
    pub fn date(self, unix_seconds: i64) -> String {
        let (y, m, d) = civil_from_days(day_of(unix_seconds));
        match self {
            Lang::En => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let month = MONTHS
                    .get((m as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or("?");
                format!("{d} {month} {y}")
            }
            Lang::Ja => format!("{y}年{m}月{d}日"),
        }
    }

    /// A short UTC date for chart axes: `23 Nov` / `11/23`.
    pub fn short_date(self, unix_seconds: i64) -> String {
        let (_, m, d) = civil_from_days(day_of(unix_seconds));
        match self {
            Lang::En => self
                .date(unix_seconds)
                .rsplit_once(' ')
                .map(|(dm, _)| dm.to_owned())
                .unwrap_or_default(),
            Lang::Ja => format!("{m}/{d}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_percentages_sizes() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1_234_567, "1,234,567"),
        ];
        for (n, want) in cases {
            assert_eq!(Lang::En.number(n), want);
            assert_eq!(Lang::Ja.number(n), want);
        }
        assert_eq!(Lang::En.percent(1, 3), "33.3%");
        assert_eq!(Lang::En.percent(0, 0), "–");
        assert_eq!(Lang::En.percent(5, 5), "100.0%");
        assert_eq!(Lang::En.bytes(512), "512 B");
        assert_eq!(Lang::En.bytes(1536), "1.5 KB");
        assert_eq!(Lang::En.bytes(30 * 1024 * 1024), "30.0 MB");
    }

    #[test]
    fn dates_in_both_languages() {
        // 2024-02-29 00:00:00 UTC, a leap day.
        let t = 1_709_164_800;
        assert_eq!(Lang::En.date(t), "29 Feb 2024");
        assert_eq!(Lang::Ja.date(t), "2024年2月29日");
        assert_eq!(Lang::En.short_date(t), "29 Feb");
        assert_eq!(Lang::Ja.short_date(t), "2/29");
        assert_eq!(Lang::En.date(-1), "31 Dec 1969");
    }
}
