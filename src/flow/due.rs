//! What the prompt says about time: how long until registration is required (the user's
//! deadline, as a countdown in days) and when **Skip for now** brings the prompt back. Dates are
//! in the user's time zone when the host gave it ([`MfaCompleted::with_utc_offset`]), else UTC.
//!
//! [`MfaCompleted::with_utc_offset`]: crate::MfaCompleted::with_utc_offset

use time::{OffsetDateTime, UtcOffset};

use crate::locale::Texts;

/// A moment as the prompt names it, in the user's language: "15 January 2027", with "17:30
/// UTC" unless it is midnight where the user is (a deadline is usually a day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moment {
    /// "15 January 2027".
    pub date: String,
    /// "17:30 UTC" or "17:30 UTC+01:00"; `None` at midnight.
    pub time: Option<String>,
    /// The date, with the time when there is one: "15 January 2027 at 17:30 UTC".
    pub full: String,
}

impl Moment {
    fn new(at: OffsetDateTime, offset: UtcOffset, t: &Texts) -> Self {
        // Deadlines are validated to 2000..2100, so the offset cannot push a date out of range;
        // if it ever did, UTC is shown rather than nothing.
        let (local, offset) = match at.checked_to_offset(offset) {
            Some(local) => (local, offset),
            None => (at.to_offset(UtcOffset::UTC), UtcOffset::UTC),
        };
        let date = t.date(local.date());
        let time =
            (local.time() != time::Time::MIDNIGHT).then(|| t.time_of_day(local.time(), offset));
        let full = match &time {
            Some(time) => t.date_and_time(&date, time),
            None => date.clone(),
        };
        Self { date, time, full }
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full)
    }
}

/// The user's deadline as the prompt tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Due {
    /// Registration becomes required at `at`, `days` calendar days from today where the user
    /// is (0: later today).
    Ahead { days: u32, at: Moment },
    /// The deadline passed at `at`: that is why registration is required now.
    Passed { at: Moment },
}

impl Due {
    /// The deadline seen from `now` by a user at `offset`.
    pub(crate) fn new(
        deadline: OffsetDateTime,
        now: OffsetDateTime,
        offset: UtcOffset,
        t: &Texts,
    ) -> Self {
        let at = Moment::new(deadline, offset, t);
        if deadline <= now {
            return Self::Passed { at };
        }
        let day = |t: OffsetDateTime| {
            t.checked_to_offset(offset)
                .unwrap_or_else(|| t.to_offset(UtcOffset::UTC))
                .date()
        };
        let days = (day(deadline) - day(now)).whole_days();
        Self::Ahead {
            days: u32::try_from(days.max(0)).unwrap_or(u32::MAX),
            at,
        }
    }
}

/// When **Skip for now** brings the prompt back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reminder {
    /// A snooze of 0 days: at the next sign-in.
    NextSignIn,
    /// After the snooze, this many days.
    InDays(u32),
    /// The deadline comes before the snooze ends: the first sign-in from then is required.
    AtDeadline(Moment),
}

impl Reminder {
    /// For a snooze of `snooze_days` taken at `now`, with the user's deadline (if any).
    pub(crate) fn new(
        snooze_days: u8,
        deadline: Option<OffsetDateTime>,
        now: OffsetDateTime,
        offset: UtcOffset,
        t: &Texts,
    ) -> Self {
        let snooze_ends = now.saturating_add(time::Duration::days(i64::from(snooze_days)));
        match deadline {
            // The decision checks the deadline before the snooze: the first sign-in after the
            // deadline is required, snoozed or not.
            Some(deadline) if deadline > now && deadline < snooze_ends => {
                Self::AtDeadline(Moment::new(deadline, offset, t))
            }
            _ if snooze_days == 0 => Self::NextSignIn,
            _ => Self::InDays(u32::from(snooze_days)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    fn en() -> Texts {
        Texts::english()
    }

    fn day(date: &str) -> Moment {
        Moment {
            date: date.into(),
            time: None,
            full: date.into(),
        }
    }

    #[test]
    fn days_are_counted_in_calendar_days_where_the_user_is() {
        let deadline = datetime!(2027-01-15 00:00 UTC);
        assert_eq!(
            Due::new(
                deadline,
                datetime!(2027-01-03 10:00 UTC),
                UtcOffset::UTC,
                &en()
            ),
            Due::Ahead {
                days: 12,
                at: day("15 January 2027")
            }
        );
        // In New York the deadline is the evening of the 14th: two days from the 12th there.
        let Due::Ahead { days, at } = Due::new(
            deadline,
            datetime!(2027-01-13 03:00 UTC),
            offset!(-5),
            &en(),
        ) else {
            panic!("ahead")
        };
        assert_eq!(days, 2);
        assert_eq!(at.to_string(), "14 January 2027 at 19:00 UTC-05:00");
    }

    #[test]
    fn later_today_is_zero_days_and_a_passed_deadline_says_when() {
        let deadline = datetime!(2026-11-28 17:30 UTC);
        let Due::Ahead { days: 0, at } = Due::new(
            deadline,
            datetime!(2026-11-28 09:00 UTC),
            UtcOffset::UTC,
            &en(),
        ) else {
            panic!("later today")
        };
        assert_eq!(at.time.as_deref(), Some("17:30 UTC"));
        let Due::Passed { at } = Due::new(deadline, deadline, UtcOffset::UTC, &en()) else {
            panic!("passed at the deadline itself")
        };
        assert_eq!(at.to_string(), "28 November 2026 at 17:30 UTC");
    }

    #[test]
    fn a_skip_comes_back_after_the_snooze_or_at_the_deadline_whichever_is_first() {
        let now = datetime!(2026-11-28 09:00 UTC);
        let utc = UtcOffset::UTC;
        let t = en();
        assert_eq!(Reminder::new(0, None, now, utc, &t), Reminder::NextSignIn);
        assert_eq!(Reminder::new(3, None, now, utc, &t), Reminder::InDays(3));
        let far = Some(datetime!(2027-01-15 00:00 UTC));
        assert_eq!(Reminder::new(3, far, now, utc, &t), Reminder::InDays(3));
        let near = Some(datetime!(2026-11-30 00:00 UTC));
        assert_eq!(
            Reminder::new(3, near, now, utc, &t),
            Reminder::AtDeadline(day("30 November 2026"))
        );
        // A snooze of 0 days comes back at the next sign-in, before any deadline.
        assert_eq!(Reminder::new(0, near, now, utc, &t), Reminder::NextSignIn);
    }

    #[test]
    fn dates_are_in_the_users_language() {
        let de =
            crate::locale::Locales::builtin().texts(&crate::locale::Language::parse("de").unwrap());
        let Due::Passed { at } = Due::new(
            datetime!(2027-01-01 17:30 UTC),
            datetime!(2027-01-03 09:00 UTC),
            UtcOffset::UTC,
            &de,
        ) else {
            panic!("passed")
        };
        assert_eq!(at.to_string(), "1. Januar 2027 um 17:30 UTC");
    }
}
