//! Calendar dates without a time zone, as forms use them (birth dates, start dates).
//!
//! Days are counted from 1970-01-01 with Howard Hinnant's civil-date algorithms, so no
//! date crate is needed in the wasm bundles.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Returns the date if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (the ISO form used in definitions and payloads).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = parse_digits(&text[0..4])?;
        let month = parse_digits(&text[5..7])?;
        let day = parse_digits(&text[8..10])?;
        Date::new(year as i32, month as u8, day as u8)
    }

    /// Parses a typed date, day first: German `TT.MM.JJJJ` (also `T.M.JJJJ`) or
    /// British `DD/MM/YYYY`.
    pub fn parse_german(text: &str) -> Option<Date> {
        let mut parts = text.trim().split(['.', '/']);
        let day = parts.next().filter(|p| (1..=2).contains(&p.len()))?;
        let month = parts.next().filter(|p| (1..=2).contains(&p.len()))?;
        let year = parts.next().filter(|p| p.len() == 4)?;
        if parts.next().is_some() {
            return None;
        }
        Date::new(
            parse_digits(year)? as i32,
            parse_digits(month)? as u8,
            parse_digits(day)? as u8,
        )
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; `None` outside the years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// Adds calendar months; the 31st becomes the last day of a shorter month.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// Whole years from `self` to `on` (an age: 17 the day before the 18th birthday).
    pub fn years_until(self, on: Date) -> i64 {
        let mut years = i64::from(on.year) - i64::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// `TT.MM.JJJJ`.
    pub fn to_german(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// English (UK) display form `DD/MM/YYYY`.
    pub fn to_english(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    /// ISO 8601, the form used in JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_digits(text: &str) -> Option<u32> {
    u32::try_from(crate::number::parse_unsigned(text, 10)?).ok()
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse_iso(text).expect(text)
    }

    #[test]
    fn round_trips_days_since_epoch() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "1899-12-31",
            "2026-11-22",
            "0001-01-01",
        ] {
            let date = d(text);
            assert_eq!(
                Date::from_days_since_epoch(date.days_since_epoch()),
                Some(date)
            );
        }
        assert_eq!(d("1970-01-02").days_since_epoch(), 1);
        assert_eq!(
            d("2000-03-01").days_since_epoch() - d("2000-02-28").days_since_epoch(),
            2
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2024-13-01"), None);
        assert_eq!(Date::parse_iso("2024-1-01"), None);
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert_eq!(Date::parse_german("31.04.2024"), None);
        assert_eq!(Date::parse_german("1.5.2024"), Some(d("2024-05-01")));
        assert_eq!(Date::parse_german("01.05.24"), None);
        assert_eq!(Date::parse_german("07/03/2026"), Some(d("2026-03-07")));
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        assert_eq!(d("2024-01-31").add_months(1), Some(d("2024-02-29")));
        assert_eq!(d("2024-02-29").add_months(-12), Some(d("2023-02-28")));
        assert_eq!(d("2024-11-15").add_months(3), Some(d("2025-02-15")));
    }

    #[test]
    fn computes_age_on_birthday_boundary() {
        let born = d("2008-11-23");
        assert_eq!(born.years_until(d("2026-11-22")), 17);
        assert_eq!(born.years_until(d("2026-11-23")), 18);
    }

    #[test]
    fn formats_per_language() {
        assert_eq!(d("2026-03-07").to_german(), "07.03.2026");
        assert_eq!(d("2026-03-07").to_english(), "07/03/2026");
        assert_eq!(d("2026-03-07").to_string(), "2026-03-07");
    }
}
