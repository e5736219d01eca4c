//! Dates and times in words, in each language: written from CLDR through ICU4X (see `cldr`),
//! in the formats of the tag the user asked for (`ar-SA`, `de-CH`).

use time::{Date, Time, UtcOffset};

use super::Texts;

impl Texts {
    /// A day in words: "15 January 2027", "15. Januar 2027", "2027年1月15日".
    pub fn date(&self, date: Date) -> String {
        self.as_data(self.cldr().date_long(date))
    }

    /// A day and a 24-hour time, short: "15 Jan 2027, 17:30".
    pub fn date_time(&self, date: Date, time: Time) -> String {
        self.as_data(self.cldr().date_time(date, time))
    }

    /// A whole number as this locale writes it: "5,000", "5.000", "٥٬٠٠٠".
    pub fn number(&self, n: impl super::texts::Number) -> String {
        self.as_data(self.cldr().integer(n.as_i64()))
    }

    /// What this locale separates decimals with: `.` or `,` (CLDR).
    pub fn decimal_separator(&self) -> char {
        self.cldr().decimal_separator()
    }

    /// A day of the month, short: "23 Nov", "23.11.".
    pub fn day_month(&self, date: Date) -> String {
        self.as_data(self.cldr().day_month(date))
    }

    /// A weekday and a day of the month, short: "Sat 28 Nov".
    pub fn weekday_day(&self, date: Date) -> String {
        self.as_data(self.cldr().weekday_day(date))
    }

    /// A time of day with its offset from UTC: "17:30 UTC", "19:00 UTC-05:00".
    pub fn time_of_day(&self, time: Time, offset: UtcOffset) -> String {
        let clock = self.as_data(self.cldr().clock(time));
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
            ("ar-SA", "١٥ يناير ٢٠٢٧"),
            ("de-CH", "15. Januar 2027"),
        ];
        for (tag, text) in expected {
            let texts = locales.texts(&Language::parse(tag).unwrap());
            // Arabic pages isolate each argument (U+2068 .. U+2069) for the bidi algorithm.
            let date = texts.date(day).replace(['\u{2068}', '\u{2069}'], "");
            assert_eq!(date, text, "{tag}");
        }
        let ar_sa = locales.texts(&Language::parse("ar-SA").unwrap());
        assert_eq!(ar_sa.language().as_str(), "ar", "Arabic messages");
        assert_eq!(
            ar_sa.time_of_day(time!(17:30), offset!(UTC)),
            "\u{2068}١٧:٣٠\u{2069} UTC",
            "with the digits of Saudi Arabia"
        );
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
