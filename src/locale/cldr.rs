//! Dates, times, numbers and name order as each language writes them, from CLDR through ICU4X:
//! month and weekday names, the order of day, month and year, the digits (Arabic-Indic in
//! Arabic), separators, and alphabetical order. Nothing here is a per-language rule of ours,
//! so a language added with `.ftl` files gets its dates and numbers from CLDR too.
//!
//! Two choices are ours, for pages read in many countries: English without a region is CLDR's
//! `en-001` (World English: "15 January 2027", not the US "January 15, 2027"), and clocks
//! are 24-hour ("17:30 UTC").

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{MD, MDE, T, YMD, YMDT};
use icu_datetime::input::Time as IcuTime;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use time::{Date, Time};

/// A date or time formatter for `prefs`, else for the root locale (whose data is compiled in).
macro_rules! date_formatter {
    ($prefs:expr, $fields:expr) => {
        FixedCalendarDateTimeFormatter::try_new($prefs, $fields)
            .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), $fields))
            .unwrap_or_else(|_| unreachable_data("date"))
    };
}

/// One language's formatters, built once per language.
pub(crate) struct Cldr {
    date_long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    weekday_day: FixedCalendarDateTimeFormatter<Gregorian, MDE>,
    clock: FixedCalendarDateTimeFormatter<Gregorian, T>,
    date_time: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    decimal: DecimalFormatter,
    collator: CollatorBorrowed<'static>,
}

impl std::fmt::Debug for Cldr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cldr")
    }
}

impl Cldr {
    /// The formatters of the language `tag` (a BCP 47 tag such as `de` or `ar-SA`); CLDR's root
    /// data for a language it does not know.
    pub(crate) fn new(tag: &str) -> Self {
        let locale = icu_locale(tag);
        let prefs: icu_datetime::DateTimeFormatterPreferences = (&locale).into();
        let clock_locale = with_24_hour_clock(&locale);
        let collator_options = {
            let mut options = CollatorOptions::default();
            // "émile" and "Emile" sort together, before "Zoë".
            options.strength = Some(Strength::Secondary);
            options
        };
        Self {
            date_long: date_formatter!(prefs, YMD::long()),
            day_month: date_formatter!(prefs, MD::medium()),
            weekday_day: date_formatter!(prefs, MDE::medium()),
            clock: date_formatter!((&clock_locale).into(), T::hm()),
            date_time: date_formatter!((&clock_locale).into(), YMD::medium().with_time_hm()),
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
                .unwrap_or_else(|_| unreachable_data("decimal")),
            collator: Collator::try_new((&locale).into(), collator_options)
                .or_else(|_| Collator::try_new(Default::default(), collator_options))
                .unwrap_or_else(|_| unreachable_data("collator")),
        }
    }

    /// "15 January 2027", "15. Januar 2027", "١٥ يناير ٢٠٢٧".
    pub(crate) fn date_long(&self, date: Date) -> String {
        gregorian(date).map_or_else(
            || date.to_string(),
            |d| self.date_long.format(&d).to_string(),
        )
    }

    /// "23 Nov", "23.11.", "11月23日".
    pub(crate) fn day_month(&self, date: Date) -> String {
        gregorian(date).map_or_else(
            || date.to_string(),
            |d| self.day_month.format(&d).to_string(),
        )
    }

    /// "Sat 28 Nov", "Sa., 28.11.".
    pub(crate) fn weekday_day(&self, date: Date) -> String {
        gregorian(date).map_or_else(
            || date.to_string(),
            |d| self.weekday_day.format(&d).to_string(),
        )
    }

    /// "17:30", "١٧:٣٠".
    pub(crate) fn clock(&self, time: Time) -> String {
        match IcuTime::try_new(time.hour(), time.minute(), 0, 0) {
            Ok(t) => self.clock.format(&t).to_string(),
            Err(_) => format!("{:02}:{:02}", time.hour(), time.minute()),
        }
    }

    /// A day and a 24-hour time: "15 Jan 2027, 17:30", "15.01.2027, 17:30".
    pub(crate) fn date_time(&self, date: Date, time: Time) -> String {
        match (
            gregorian(date),
            IcuTime::try_new(time.hour(), time.minute(), 0, 0),
        ) {
            (Some(date), Ok(time)) => self
                .date_time
                .format(&icu_datetime::input::DateTime { date, time })
                .to_string(),
            _ => format!("{date} {:02}:{:02}", time.hour(), time.minute()),
        }
    }

    /// A whole number: "5,000", "5.000", "٥٬٠٠٠".
    pub(crate) fn integer(&self, n: i64) -> String {
        self.decimal.format(&Decimal::from(n)).to_string()
    }

    /// What separates a whole number from its decimals: `.` or `,` (or `٫`).
    pub(crate) fn decimal_separator(&self) -> char {
        let mut one_and_a_half = Decimal::from(15);
        one_and_a_half.multiply_pow10(-1);
        let written = self.decimal.format(&one_and_a_half).to_string();
        written
            .chars()
            .find(|c| !c.is_numeric() && !c.is_control())
            .unwrap_or('.')
    }

    /// A text whose byte order is the alphabetical order of `name` (its collation key, in
    /// hex), for keyset paging in that order.
    pub(crate) fn sort_key(&self, name: &str) -> String {
        let mut key: Vec<u8> = Vec::new();
        if self.collator.write_sort_key_to(name, &mut key).is_err() {
            return name.to_owned();
        }
        key.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// CLDR's root locale, for orders that belong to no one language (the admin API's).
    pub(crate) fn root() -> &'static Self {
        static ROOT: std::sync::OnceLock<Cldr> = std::sync::OnceLock::new();
        ROOT.get_or_init(|| Self::new("und"))
    }
}

/// The ICU locale of a page language: CLDR's World English for a bare `en`.
fn icu_locale(tag: &str) -> Locale {
    let tag = if tag.eq_ignore_ascii_case("en") {
        "en-001"
    } else {
        tag
    };
    tag.parse().unwrap_or(Locale::UNKNOWN)
}

fn with_24_hour_clock(locale: &Locale) -> Locale {
    let mut clock = locale.clone();
    if let (Ok(key), Ok(value)) = (
        "hc".parse::<icu_locale_core::extensions::unicode::Key>(),
        "h23".parse::<icu_locale_core::extensions::unicode::Value>(),
    ) {
        clock.extensions.unicode.keywords.set(key, value);
    }
    clock
}

fn gregorian(date: Date) -> Option<IcuDate<Gregorian>> {
    IcuDate::try_new_gregorian(date.year(), u8::from(date.month()), date.day()).ok()
}

/// The root locale's data is compiled in: building its formatters cannot fail.
#[allow(clippy::panic)]
fn unreachable_data(what: &str) -> ! {
    panic!("ICU4X's compiled data has no root {what} formatter")
}

#[cfg(test)]
mod tests {
    use super::Cldr;
    use time::macros::{date, time};

    #[test]
    fn each_language_writes_dates_its_own_way_with_its_own_digits() {
        let day = date!(2027 - 01 - 15);
        for (tag, long, _medium, clock, number) in [
            ("en", "15 January 2027", "15 Jan 2027", "17:30", "5,000"),
            ("de", "15. Januar 2027", "15.01.2027", "17:30", "5.000"),
            (
                "fr",
                "15 janvier 2027",
                "15 janv. 2027",
                "17:30",
                "5\u{202f}000",
            ),
            ("es", "15 de enero de 2027", "15 ene 2027", "17:30", "5000"),
            ("ja", "2027年1月15日", "2027/01/15", "17:30", "5,000"),
            ("ar-SA", "١٥ يناير ٢٠٢٧", "١٥‏/٠١‏/٢٠٢٧", "١٧:٣٠", "٥٬٠٠٠"),
            ("ar", "15 يناير 2027", "15‏/01‏/2027", "17:30", "5,000"),
        ] {
            let cldr = Cldr::new(tag);
            assert_eq!(cldr.date_long(day), long, "{tag}");
            assert_eq!(cldr.clock(time!(17:30)), clock, "{tag}");
            assert_eq!(cldr.integer(5000), number, "{tag}");
        }
        assert_eq!(Cldr::new("ar-SA").integer(40), "٤٠");
        assert_eq!(
            Cldr::new("en").date_time(day, time!(09:05)),
            "15 Jan 2027, 09:05"
        );
    }

    #[test]
    fn names_sort_alphabetically_not_by_code_point() {
        let mut names = ["Zoë", "émile", "Adam", "bea", "Emile"];
        names.sort_by_key(|name| Cldr::root().sort_key(name));
        assert_eq!(names, ["Adam", "bea", "Emile", "émile", "Zoë"]);
    }
}
