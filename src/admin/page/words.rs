//! What the admin page says in words: times and days for people (with the ISO value kept for a
//! `title`), and decisions and their reasons as sentences.

use time::macros::format_description;
use time::{Date, OffsetDateTime};

use crate::decision::Explanation;

/// A time as people read it, with the exact value for a `title` and `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct When {
    /// "28 Nov 2026, 09:00 UTC".
    pub(super) text: String,
    /// "2026-11-28T09:00:00Z", or whatever exact form the value came in.
    pub(super) iso: String,
}

impl When {
    pub(super) fn at(at: OffsetDateTime) -> Self {
        let utc = at.to_offset(time::UtcOffset::UTC);
        Self {
            text: utc
                .format(format_description!(
                    "[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"
                ))
                .unwrap_or_default(),
            iso: utc
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }

    /// An RFC 3339 text (as the audit log keeps it); shown as it is when it does not parse.
    pub(super) fn parse(text: &str) -> Self {
        match OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
            Ok(at) => Self {
                iso: text.to_owned(),
                ..Self::at(at)
            },
            Err(_) => Self {
                text: text.to_owned(),
                iso: text.to_owned(),
            },
        }
    }

    /// A day: "Sat 28 Nov", and "2026-11-28".
    pub(super) fn day(day: Date) -> Self {
        Self {
            text: day
                .format(format_description!(
                    "[weekday repr:short] [day padding:none] [month repr:short]"
                ))
                .unwrap_or_default(),
            iso: day
                .format(format_description!("[year]-[month]-[day]"))
                .unwrap_or_default(),
        }
    }
}

/// A share as a whole percentage, or "–" when there is nothing to divide by.
pub(super) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.0} %", part as f64 * 100.0 / whole as f64)
    }
}

/// What the decision means for the user, in a few words.
pub(super) fn decision_in_words(decision: &str) -> &'static str {
    match decision {
        "nudge" => "Nudged: the prompt is shown, with Skip for now",
        "requireRegistration" => {
            "Required: the prompt is shown without a skip, and the sign-in waits for the registration"
        }
        _ => "Not nudged: the sign-in continues",
    }
}

/// Why, as a sentence (the reason codes are those of `docs/decision-rules.md`).
pub(super) fn reason_in_words(explanation: &Explanation) -> String {
    let sentence = match explanation.reason {
        "campaignDisabled" => "The campaign is disabled.",
        "excluded" => {
            "The user, or a group they belong to, is in the exclude list (exclusion wins over inclusion)."
        }
        "notTargeted" => "Neither the user nor any group they belong to is in the include list.",
        "notTelephonyMfa" => {
            "A Microsoft managed campaign nudges only users who did MFA with a text message or a voice call."
        }
        "authenticatorNotEnabled" => {
            "Microsoft Authenticator is not enabled for this user in its method configuration."
        }
        "passwordlessMode" => {
            "Microsoft Authenticator is enabled for this user in passwordless mode only (device-based push), which the campaign does not nudge for."
        }
        "alreadyRegistered" => "The user already has Microsoft Authenticator with notifications.",
        "mobileDevice" => {
            "The sign-in comes from a phone's browser; phones are not nudged until registration is required."
        }
        "nonBrowserClient" => "The sign-in comes from an app or a script, not a browser.",
        "singleSignOn" => "Single sign-on: there was no interactive MFA in this sign-in.",
        "registeredMethodThisSession" => "The user registered another method in this session.",
        "registrationBlockedByConditionalAccess" => {
            "Conditional Access blocks registering security information for this sign-in."
        }
        "termsOfUse" => "A terms-of-use screen was shown in this sign-in.",
        "customControl" => "A Conditional Access custom control handled this sign-in.",
        "clientExemptionWhileRequired" => {
            "Registration is required, but phones and apps are let through (client exemptions are turned on)."
        }
        "notEnabledForPasskeys" => {
            "The campaign asks for a passkey, but passkeys are not enabled for this user."
        }
        "guestPasskey" => "Passkey campaigns do not nudge guests.",
        "passkeyAlreadyUsableHere" => {
            "The user already has a passkey that works from this browser."
        }
        "snoozed" => {
            return match explanation.snooze_until {
                Some(until) => format!(
                    "The user chose Skip for now; the snooze runs until {}.",
                    When::at(until).text
                ),
                None => "The user chose Skip for now and the snooze is still running.".into(),
            };
        }
        "inScope" => "The user is targeted and nothing exempts this sign-in.",
        "snoozeLimitReached" => "The user has used every snooze allowed.",
        "deadlinePassed" => "The user's deadline has passed.",
        _ => "The engine gave a reason this page does not know yet.",
    };
    sentence.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn times_read_like_people_write_them_and_keep_the_exact_value() {
        let when = When::parse("2026-11-28T09:00:00.123456789Z");
        assert_eq!(when.text, "28 Nov 2026, 09:00 UTC");
        assert_eq!(when.iso, "2026-11-28T09:00:00.123456789Z");
        assert_eq!(
            When::at(datetime!(2026-11-28 10:30 +01:00)).iso,
            "2026-11-28T09:30:00Z"
        );
        assert_eq!(When::day(date!(2026 - 11 - 28)).text, "Sat 28 Nov");
        assert_eq!(When::parse("garbage").text, "garbage");
    }

    #[test]
    fn a_day_without_nudges_has_no_percentage() {
        assert_eq!(percent(0, 0), "–");
        assert_eq!(percent(1, 2), "50 %");
        assert_eq!(percent(2, 3), "67 %");
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
                !reason_in_words(&explanation).contains("does not know"),
                "{code}"
            );
        }
    }
}
