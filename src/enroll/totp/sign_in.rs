//! Signing in with a registered TOTP authenticator app:
//! [`Campaign::verify_totp`](crate::Campaign::verify_totp).
//!
//! The host keeps the secret it was given at registration
//! ([`Authenticator::Totp`](crate::enroll::Authenticator::Totp), stored encrypted) and asks the campaign
//! to check a code against it. The campaign keeps, per user, in its store: the time steps
//! already accepted (each code works once) and recent wrong codes (after
//! [`MAX_WRONG_TOTP_CODES`] within [`TOTP_LOCKOUT`], codes are refused until that much time has
//! passed since the last one). A code matches the current 30-second step or one step either
//! side. State changes are compare-and-swap, so two sign-ins racing with one code accept it once.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::matching_step;
use crate::store::{Document, StoreError, TenantStore, TypedRecord};

/// Wrong codes allowed within [`TOTP_LOCKOUT`] before codes are refused.
pub const MAX_WRONG_TOTP_CODES: usize = 5;
/// How long wrong codes count, and how long a lockout lasts after the last of them.
pub const TOTP_LOCKOUT: Duration = Duration::minutes(15);

/// What a TOTP code given at sign-in came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpSignIn {
    /// The code is right and was not used before: the factor passed.
    Accepted,
    /// The code is wrong (or the stored secret is not base32).
    Wrong {
        /// Wrong codes left before the lockout.
        attempts_left: u32,
    },
    /// The code is right but was already used (a replay, or a double submission): refused.
    AlreadyUsed,
    /// Too many wrong codes: refused, whatever the code, until `until`.
    LockedOut {
        /// When codes are checked again.
        until: OffsetDateTime,
    },
}

/// A user's TOTP sign-in state (id and owner: the user).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Attempts {
    /// Accepted time steps still within the drift window.
    used_steps: Vec<u64>,
    /// Unix seconds of recent wrong codes.
    wrong: Vec<i64>,
}

impl Document for Attempts {
    const KIND: &'static str = "totp-sign-in";
}

impl Attempts {
    /// What checking `step` (the step the code matched, if any) at `now` comes to, and the
    /// state afterwards.
    fn check(&mut self, step: Option<u64>, now: OffsetDateTime) -> TotpSignIn {
        let now_s = now.unix_timestamp();
        let window = TOTP_LOCKOUT.whole_seconds();
        self.wrong.retain(|at| now_s - at < window);
        if self.wrong.len() >= MAX_WRONG_TOTP_CODES {
            let last = self.wrong.iter().max().copied().unwrap_or(now_s);
            let until = OffsetDateTime::from_unix_timestamp(last + window).unwrap_or(now);
            return TotpSignIn::LockedOut { until };
        }
        let current = u64::try_from(now_s).unwrap_or(0) / 30;
        // Steps more than one behind can never match again.
        self.used_steps.retain(|s| s + 2 > current);
        match step {
            Some(step) if self.used_steps.contains(&step) => TotpSignIn::AlreadyUsed,
            Some(step) => {
                self.used_steps.push(step);
                self.wrong.clear();
                TotpSignIn::Accepted
            }
            None => {
                self.wrong.push(now_s);
                let left = MAX_WRONG_TOTP_CODES.saturating_sub(self.wrong.len());
                if left == 0 {
                    return TotpSignIn::LockedOut {
                        until: now + TOTP_LOCKOUT,
                    };
                }
                TotpSignIn::Wrong {
                    attempts_left: u32::try_from(left).unwrap_or(0),
                }
            }
        }
    }
}

/// Checks `code` against `secret` for `user_id` at `now` and records the outcome:
/// [`Campaign::verify_totp`](crate::Campaign::verify_totp).
pub(crate) async fn verify(
    store: &TenantStore,
    user_id: &str,
    secret: &str,
    code: &str,
    now: OffsetDateTime,
) -> Result<TotpSignIn, StoreError> {
    let unix = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    let step = matching_step(secret, code, unix);
    let outcome = update(store, user_id, now, |a| a.check(step, now)).await?;
    if outcome != TotpSignIn::Accepted {
        tracing::info!(target: "registration_campaign", ?outcome, "a TOTP sign-in code was refused");
    }
    Ok(outcome)
}

/// Marks `step` used for `user_id`'s sign-ins, so the code that registered the app does not
/// sign in as well.
pub(super) async fn mark_used(
    store: &TenantStore,
    user_id: &str,
    step: u64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    update(store, user_id, now, |a| {
        if !a.used_steps.contains(&step) {
            a.used_steps.push(step);
        }
    })
    .await
}

/// Applies `change` to the user's state with compare-and-swap, retrying a few times.
async fn update<T>(
    store: &TenantStore,
    user_id: &str,
    now: OffsetDateTime,
    mut change: impl FnMut(&mut Attempts) -> T,
) -> Result<T, StoreError> {
    // The state matters for at most the lockout from now.
    let expires_at = Some(now + TOTP_LOCKOUT);
    for _ in 0..8 {
        let (result, saved) = match TypedRecord::<Attempts>::load(store, user_id, now).await? {
            Some(mut record) => {
                let result = change(&mut record.value);
                record.record.expires_at = expires_at;
                (result, record.save(store).await?)
            }
            None => {
                let mut attempts = Attempts::default();
                let result = change(&mut attempts);
                let record = TypedRecord::new(user_id, user_id, attempts, expires_at)?;
                (result, record.insert(store, now).await?)
            }
        };
        if saved {
            return Ok(result);
        }
    }
    Err(StoreError::Backend(
        "the user's TOTP sign-in state kept changing; try again".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

    #[test]
    fn a_step_is_accepted_once_and_a_success_clears_wrong_codes() {
        let mut a = Attempts::default();
        let step = Some(NOW.unix_timestamp() as u64 / 30);
        assert!(matches!(
            a.check(None, NOW),
            TotpSignIn::Wrong { attempts_left: 4 }
        ));
        assert_eq!(a.check(step, NOW), TotpSignIn::Accepted);
        assert_eq!(a.check(step, NOW), TotpSignIn::AlreadyUsed);
        assert!(a.wrong.is_empty());
    }

    #[test]
    fn five_wrong_codes_lock_out_until_fifteen_minutes_after_the_last() {
        let mut a = Attempts::default();
        for left in (1..5).rev() {
            assert_eq!(
                a.check(None, NOW),
                TotpSignIn::Wrong {
                    attempts_left: left
                }
            );
        }
        let until = NOW + TOTP_LOCKOUT;
        assert_eq!(a.check(None, NOW), TotpSignIn::LockedOut { until });
        let step = Some(NOW.unix_timestamp() as u64 / 30);
        assert_eq!(
            a.check(step, NOW + Duration::minutes(14)),
            TotpSignIn::LockedOut { until },
            "a right code is refused while locked out"
        );
        let later = NOW + TOTP_LOCKOUT;
        let step = Some(later.unix_timestamp() as u64 / 30);
        assert_eq!(a.check(step, later), TotpSignIn::Accepted);
    }
}
