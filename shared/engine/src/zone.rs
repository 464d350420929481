//! Time zones of authorities: "today" in a form is the authority's date, not the UTC
//! date (between midnight and 1 or 2 a.m. in Germany the UTC date is the day before).

use crate::date::Date;

/// A time zone a form's authority can be in. Only zones with a fixed rule are known, so no time zone database is needed: a
/// standard offset, and whether the EU's summer time applies (since 1996: one hour more
/// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone {
    /// The IANA name, e.g. `Europe/Berlin`.
    pub name: &'static str,
    /// Minutes ahead of UTC outside summer time.
    standard_offset: i16,
    eu_summer_time: bool,
}

/// Where German authorities are: the default of every form.
pub const GERMANY: TimeZone = TimeZone {
    name: "Europe/Berlin",
    standard_offset: 60,
    eu_summer_time: true,
};

/// Every zone a form may name (`time_zone`): Germany's first, then its neighbours and
/// other EU zones, for authorities near or beyond a border.
pub const TIME_ZONES: [TimeZone; 13] = [
    GERMANY,
    eu_zone("Europe/Amsterdam", 60),
    eu_zone("Europe/Brussels", 60),
    eu_zone("Europe/Busingen", 60),
    eu_zone("Europe/Copenhagen", 60),
    eu_zone("Europe/Luxembourg", 60),
    eu_zone("Europe/Paris", 60),
    eu_zone("Europe/Prague", 60),
    eu_zone("Europe/Vienna", 60),
    eu_zone("Europe/Warsaw", 60),
    eu_zone("Europe/Zurich", 60),
    eu_zone("Europe/Helsinki", 120),
    TimeZone {
        name: "UTC",
        standard_offset: 0,
        eu_summer_time: false,
    },
];

const fn eu_zone(name: &'static str, standard_offset: i16) -> TimeZone {
    TimeZone {
        name,
        standard_offset,
        eu_summer_time: true,
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for TimeZone {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeZone".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = TIME_ZONES.iter().map(|zone| zone.name).collect();
        schemars::json_schema!({
            "description": "IANA name of the receiving authority's time zone.",
            "enum": names
        })
    }
}

impl TimeZone {
    pub fn from_name(name: &str) -> Option<TimeZone> {
        TIME_ZONES.into_iter().find(|zone| zone.name == name)
    }

    /// The calendar date in this zone at `unix_millis` (milliseconds since 1970-01-01
    /// UTC, as `Date.now()` gives them).
    pub fn date_at(self, unix_millis: f64) -> Option<Date> {
        if !unix_millis.is_finite() {
            return None;
        }
        let seconds = (unix_millis / 1000.0).floor() as i64;
        let local = seconds + i64::from(self.offset_minutes(seconds)) * 60;
        Date::from_days_since_epoch(local.div_euclid(86_400))
    }

    /// Minutes ahead of UTC at `unix_seconds`.
    fn offset_minutes(self, unix_seconds: i64) -> i16 {
        let summer = self.eu_summer_time && {
            let year = Date::from_days_since_epoch(unix_seconds.div_euclid(86_400))
                .map_or(1970, |d| d.year);
            let switch = |month| last_sunday(year, month) * 86_400 + 3_600;
            (switch(3)..switch(10)).contains(&unix_seconds)
        };
        self.standard_offset + if summer { 60 } else { 0 }
    }
}

/// The last Sunday of `month` in `year`, in days since 1970-01-01.
fn last_sunday(year: i32, month: u8) -> i64 {
    // The day before the first of the next month (March and October have 31 days).
    let last = Date {
        year,
        month,
        day: 31,
    }
    .days_since_epoch();
    // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on Sundays.
    last - (last + 4).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse_iso(text).expect(text)
    }

    #[test]
    fn today_is_the_authoritys_date() {
        let at = |iso: &str, hour: i64, minute: i64| {
            ((d(iso).days_since_epoch() * 86_400 + hour * 3_600 + minute * 60) * 1000) as f64
        };
        // Winter: one hour ahead of UTC. 23:30 UTC is already tomorrow in Germany.
        assert_eq!(
            GERMANY.date_at(at("2026-12-02", 22, 59)),
            Some(d("2026-12-02"))
        );
        assert_eq!(
            GERMANY.date_at(at("2026-12-02", 23, 0)),
            Some(d("2026-12-03"))
        );
        // Summer: two hours ahead.
        assert_eq!(
            GERMANY.date_at(at("2026-07-14", 21, 59)),
            Some(d("2026-07-14"))
        );
        assert_eq!(
            GERMANY.date_at(at("2026-07-14", 22, 0)),
            Some(d("2026-07-15"))
        );
        // Summer time starts on 29 March 2026 at 01:00 UTC and ends on 25 October 2026
        // at 01:00 UTC; on 29 February 2032 at 23:30 UTC it is 1 March in Germany.
        assert_eq!(last_sunday(2026, 3), d("2026-03-29").days_since_epoch());
        assert_eq!(last_sunday(2026, 10), d("2026-10-25").days_since_epoch());
        assert_eq!(
            GERMANY.offset_minutes((at("2026-03-29", 0, 59) / 1000.0) as i64),
            60
        );
        assert_eq!(
            GERMANY.offset_minutes((at("2026-03-29", 1, 0) / 1000.0) as i64),
            120
        );
        assert_eq!(
            GERMANY.offset_minutes((at("2026-10-25", 0, 59) / 1000.0) as i64),
            120
        );
        assert_eq!(
            GERMANY.offset_minutes((at("2026-10-25", 1, 0) / 1000.0) as i64),
            60
        );
        assert_eq!(
            GERMANY.date_at(at("2032-02-29", 23, 30)),
            Some(d("2032-03-01"))
        );
        let utc = TimeZone::from_name("UTC").expect("known");
        assert_eq!(utc.date_at(at("2032-02-29", 23, 30)), Some(d("2032-02-29")));
        let helsinki = TimeZone::from_name("Europe/Helsinki").expect("known");
        assert_eq!(
            helsinki.date_at(at("2026-12-02", 22, 0)),
            Some(d("2026-12-03"))
        );
        assert_eq!(TimeZone::from_name("Mars/Olympus"), None);
        assert_eq!(GERMANY.date_at(f64::NAN), None);
        // Before 1970 too (a clock set wrong must not panic).
        assert_eq!(GERMANY.date_at(-1.0), Some(d("1970-01-01")));
    }
}
