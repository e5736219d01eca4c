//! What the admin page says in words: times and days for people (with the ISO value kept for a
//! `title`), and decisions and their reasons as sentences.

use time::macros::format_description;
use time::{Date, OffsetDateTime};

use crate::decision::Explanation;
use crate::locale::Texts;

/// A day under the per-day chart's bars: "23 Nov", "23. Nov.", "11月23日".
pub(super) fn chart_day(day: Date, t: &Texts) -> String {
    t.day_month(day)
}

/// A time as people read it, with the exact value for a `title` and `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct When {
    /// "28 Nov 2026, 09:00 UTC".
    pub(super) text: String,
    /// "2026-11-28T09:00:00Z", or whatever exact form the value came in.
    pub(super) iso: String,
}

impl When {
    pub(super) fn at(at: OffsetDateTime, t: &Texts) -> Self {
        let utc = at.to_offset(time::UtcOffset::UTC);
        Self {
            text: t
                .fmt("admin-when")
                .arg("when", t.date_time(utc.date(), utc.time()))
                .plain(),
            iso: utc
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }

    /// An RFC 3339 text (as the audit log keeps it); shown as it is when it does not parse.
    pub(super) fn parse(text: &str, t: &Texts) -> Self {
        match OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
            Ok(at) => Self {
                iso: text.to_owned(),
                ..Self::at(at, t)
            },
            Err(_) => Self {
                text: text.to_owned(),
                iso: text.to_owned(),
            },
        }
    }

    /// A day: "Sat 28 Nov", and "2026-11-28".
    pub(super) fn day(day: Date, t: &Texts) -> Self {
        Self {
            text: t.weekday_day(day),
            iso: day
                .format(format_description!("[year]-[month]-[day]"))
                .unwrap_or_default(),
        }
    }
}

/// A share as a whole percentage, or "–" when there is nothing to divide by.
pub(super) fn percent(part: u64, whole: u64, t: &Texts) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        let share = (part as f64 * 100.0 / whole as f64).round() as i64;
        t.fmt("admin-percent").num("percent", share).plain()
    }
}

/// What the decision means for the user, in a few words.
pub(super) fn decision_in_words(decision: &str, t: &Texts) -> String {
    t.text(match decision {
        "nudge" => "admin-decision-nudge",
        "requireRegistration" => "admin-decision-required",
        _ => "admin-decision-pass",
    })
}

/// A method the campaign registered (`push`, `totp`, `passkey`), in words; a host's own
/// method by its id.
pub(super) fn method_in_words(method: &str, t: &Texts) -> String {
    match method {
        "push" | "totp" | "passkey" => t.text(&format!("admin-method-{method}")),
        "pipush" => t.text("admin-method-push"),
        other => other.to_owned(),
    }
}

/// Which registration made a what-if's user "already registered": the campaign's own (what
/// and when), else the directory's method the campaign accepts. `None` for any other reason.
pub(super) fn registration_in_words(
    answer: &crate::admin::WhatIfAnswer,
    t: &Texts,
) -> Option<String> {
    if answer.explanation.reason != "alreadyRegistered" {
        return None;
    }
    if let Some(at) = answer.state.registered_at {
        let method = answer
            .registered_method
            .as_deref()
            .map_or_else(|| t.text("admin-method-unknown"), |m| method_in_words(m, t));
        return Some(
            t.fmt("admin-reason-registered-through-campaign")
                .arg("when", When::at(at, t).text)
                .arg("method", method)
                .plain(),
        );
    }
    let method = answer.satisfied_by?;
    let words = match method {
        crate::AuthMethod::MicrosoftAuthenticatorPush
        | crate::AuthMethod::MicrosoftAuthenticatorPasswordless
        | crate::AuthMethod::SoftwareOath
        | crate::AuthMethod::MicrosoftAuthenticatorOath => {
            t.text(&format!("admin-auth-method-{}", method.as_str()))
        }
        other => other.as_str().to_owned(),
    };
    Some(
        t.fmt("admin-reason-directory-method")
            .arg("method", words)
            .plain(),
    )
}

/// Why, as a sentence (the reason codes are those of `docs/decision-rules.md`; each has an
/// `admin-reason-<code>` message).
pub(super) fn reason_in_words(explanation: &Explanation, t: &Texts) -> String {
    const KNOWN: &[&str] = &[
        "campaignDisabled",
        "excluded",
        "notTargeted",
        "notTelephonyMfa",
        "authenticatorNotEnabled",
        "passwordlessMode",
        "alreadyRegistered",
        "mobileDevice",
        "nonBrowserClient",
        "singleSignOn",
        "registeredMethodThisSession",
        "registrationBlockedByConditionalAccess",
        "termsOfUse",
        "customControl",
        "clientExemptionWhileRequired",
        "notEnabledForPasskeys",
        "guestPasskey",
        "passkeyAlreadyUsableHere",
        "inScope",
        "snoozeLimitReached",
        "deadlinePassed",
        "exempted",
    ];
    match explanation.reason {
        "snoozed" => match explanation.snooze_until {
            Some(until) => t
                .fmt("admin-reason-snoozed-until")
                .arg("when", When::at(until, t).text)
                .plain(),
            None => t.text("admin-reason-snoozed"),
        },
        "snoozeExtended" => t
            .fmt("admin-reason-snoozeExtended")
            .arg(
                "when",
                explanation
                    .snooze_until
                    .map(|until| When::at(until, t).text)
                    .unwrap_or_default(),
            )
            .plain(),
        code if KNOWN.contains(&code) => t.text(&format!("admin-reason-{code}")),
        _ => t.text("admin-reason-unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn times_read_like_people_write_them_and_keep_the_exact_value() {
        let en = &Texts::english();
        let when = When::parse("2026-11-28T09:00:00.123456789Z", en);
        assert_eq!(when.text, "28 Nov 2026, 09:00 UTC");
        assert_eq!(when.iso, "2026-11-28T09:00:00.123456789Z");
        assert_eq!(
            When::at(datetime!(2026-11-28 10:30 +01:00), en).iso,
            "2026-11-28T09:30:00Z"
        );
        assert_eq!(When::day(date!(2026 - 11 - 28), en).text, "Sat, 28 Nov");
        assert_eq!(When::parse("garbage", en).text, "garbage");
        // Saudi Arabia's digits, from CLDR, with the Arabic messages.
        let ar_sa = crate::locale::Locales::builtin()
            .texts(&crate::locale::Language::parse("ar-SA").unwrap());
        let when = When::parse("2027-01-15T09:00:00Z", &ar_sa).text;
        assert!(when.contains("١٥") && when.contains("٠٩:٠٠"), "{when}");
        assert_eq!(
            percent(2, 5, &ar_sa).replace(['\u{2068}', '\u{2069}'], ""),
            "٤٠٪"
        );
    }

    #[test]
    fn a_day_without_nudges_has_no_percentage() {
        let en = &Texts::english();
        assert_eq!(percent(0, 0, en), "–");
        assert_eq!(percent(1, 2, en), "50 %");
        assert_eq!(percent(2, 3, en), "67 %");
    }

    #[test]
    fn every_reason_the_engine_gives_has_a_sentence() {
        let doc = include_str!("../../../docs/decision-rules.md");
        for code in [
            "campaignDisabled",
            "excluded",
            "notTargeted",
            "notTelephonyMfa",
            "authenticatorNotEnabled",
            "passwordlessMode",
            "alreadyRegistered",
            "mobileDevice",
            "nonBrowserClient",
            "singleSignOn",
            "registeredMethodThisSession",
            "registrationBlockedByConditionalAccess",
            "termsOfUse",
            "customControl",
            "clientExemptionWhileRequired",
            "notEnabledForPasskeys",
            "guestPasskey",
            "passkeyAlreadyUsableHere",
            "snoozed",
            "inScope",
            "snoozeLimitReached",
            "deadlinePassed",
        ] {
            assert!(doc.contains(code), "{code} is documented");
            let explanation = Explanation {
                decision: "passThrough",
                reason: code,
                skips_left: None,
                snooze_until: None,
                targeted_method: None,
            };
            assert!(
                !reason_in_words(&explanation, &Texts::english()).contains("does not know"),
                "{code}"
            );
        }
    }
}
