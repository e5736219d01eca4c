//! Dates and times in words, in each language: the month names and the order of day, month
//! and year are messages (`date-month-1` .. `date-month-12`, `date-long`), so a language added
//! with `.ftl` files brings its own.

use time::{Date, Time, UtcOffset};

use super::Texts;

const MONTHS: [&str; 12] = [
    "date-month-1",
    "date-month-2",
    "date-month-3",
    "date-month-4",
    "date-month-5",
    "date-month-6",
    "date-month-7",
    "date-month-8",
    "date-month-9",
    "date-month-10",
    "date-month-11",
    "date-month-12",
];

impl Texts {
    /// A day in words: "15 January 2027", "15. Januar 2027", "2027年1月15日".
    pub fn date(&self, date: Date) -> String {
        let month = self.get(MONTHS[usize::from(u8::from(date.month())) - 1]);
        self.fmt("date-long")
            .num("day", date.day())
            .arg("month", month.to_string())
            .arg("year", date.year().to_string())
            .plain()
    }

    /// A time of day with its offset from UTC: "17:30 UTC", "19:00 UTC-05:00".
    pub fn time_of_day(&self, time: Time, offset: UtcOffset) -> String {
        let clock = format!("{:02}:{:02}", time.hour(), time.minute());
        if offset.is_utc() {
            return self.fmt("time-utc").arg("time", clock).plain();
        }
        let (hours, minutes, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        let zone = format!("{sign}{:02}:{:02}", hours.abs(), minutes.abs());
        self.fmt("time-utc-offset")
            .arg("time", clock)
            .arg("offset", zone)
            .plain()
    }

    /// A day and a time: "15 January 2027 at 17:30 UTC".
    pub fn date_and_time(&self, date: &str, time: &str) -> String {
        self.fmt("date-at-time")
            .arg("date", date)
            .arg("time", time)
            .plain()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Language, Locales};
    use time::macros::{date, offset, time};

    #[test]
    fn every_language_writes_dates_its_own_way() {
        let locales = Locales::builtin();
        let day = date!(2027 - 01 - 15);
        let expected = [
            ("en", "15 January 2027"),
            ("de", "15. Januar 2027"),
            ("fr", "15 janvier 2027"),
            ("es", "15 de enero de 2027"),
            ("ja", "2027年1月15日"),
            ("ar", "15 يناير 2027"),
        ];
        for (tag, text) in expected {
            let texts = locales.texts(&Language::parse(tag).unwrap());
            // Arabic pages isolate each argument (U+2068 .. U+2069) for the bidi algorithm.
            let date = texts.date(day).replace(['\u{2068}', '\u{2069}'], "");
            assert_eq!(date, text, "{tag}");
        }
        let fr = locales.texts(&Language::parse("fr").unwrap());
        assert_eq!(fr.date(date!(2027 - 03 - 01)), "1er mars 2027");
    }

    #[test]
    fn times_name_their_offset() {
        let en = Locales::builtin().texts(&Language::english());
        assert_eq!(en.time_of_day(time!(17:30), offset!(UTC)), "17:30 UTC");
        assert_eq!(en.time_of_day(time!(19:00), offset!(-5)), "19:00 UTC-05:00");
        assert_eq!(
            en.time_of_day(time!(8:05), offset!(+5:30)),
            "08:05 UTC+05:30"
        );
    }
}
