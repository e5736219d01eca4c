//! TOTP (RFC 6238) for any authenticator app.
//!
//! The secret is 160 bits from the operating system's CSPRNG. While the user enrolls it lives in
//! the store, sealed with the campaign's [`SecretKey`](super::SecretKey); the code is checked for
//! the current 30-second step with one step of drift either way, each step is accepted once, and
//! after five wrong codes the secret is replaced.
//!
//! - `mod.rs`: [`TotpMethod`], the enrollment method.
//! - `sign_in.rs`: checking codes at later sign-ins (`Campaign::verify_totp`), which the
//!   registration shares its used steps with.

use async_trait::async_trait;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use time::Duration;
use totp_rs::{Algorithm, Secret, Totp};

pub(crate) mod sign_in;

use super::{Authenticator, EnrollContext, EnrollError, Registration, ScanView, Submitted};
use crate::store::{Document, TypedRecord};

/// Wrong codes allowed for one secret before a new one is issued.
pub(crate) const MAX_WRONG_CODES: u8 = 5;
const KIND: &str = <Enrollment as Document>::KIND;
const LIFETIME: Duration = Duration::minutes(10);

/// Any authenticator app, by TOTP codes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TotpMethod;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Enrollment {
    user: String,
    /// The base32 secret, sealed.
    sealed: String,
    failures: u8,
    /// Time steps already accepted (each code works once).
    used_steps: Vec<u64>,
    registered: bool,
}

impl Document for Enrollment {
    const KIND: &'static str = "totp-enrollment";
}

/// A fresh 160-bit secret, base32-encoded.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str, issuer: &str, account: &str) -> Option<Totp> {
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).ok()?)
        .with_issuer(Some(issuer.replace(':', "")))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// The `otpauth://totp/...` URI an authenticator app scans.
pub(crate) fn otpauth_uri(secret: &str, issuer: &str, account: &str) -> String {
    totp(secret, issuer, account)
        .and_then(|t| t.to_url().ok())
        .unwrap_or_default()
}

/// The time step `code` matches at `unix_time` (current step, or one either side), compared in
/// constant time by totp-rs.
pub(crate) fn matching_step(secret: &str, code: &str, unix_time: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret, "x", "x")?.check(code, unix_time)
}

/// The secret in groups of four, for typing it in by hand.
pub(crate) fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl TotpMethod {
    fn secret(cx: &EnrollContext<'_>, id: &str, e: &Enrollment) -> Result<String, EnrollError> {
        let plain = cx
            .open(&e.sealed, &format!("{KIND}:{id}"))
            .ok_or(EnrollError::Expired)?;
        String::from_utf8(plain).map_err(|_| EnrollError::Expired)
    }

    async fn load(
        cx: &EnrollContext<'_>,
        id: &str,
    ) -> Result<TypedRecord<Enrollment>, EnrollError> {
        let found = cx.load::<Enrollment>(id).await?;
        match found {
            Some(r) if r.value.user == cx.user_id => Ok(r),
            _ => Err(EnrollError::Expired),
        }
    }
}

#[async_trait]
impl super::EnrollmentMethod for TotpMethod {
    fn id(&self) -> &'static str {
        "totp"
    }

    fn display_name(&self) -> &str {
        "Your authenticator app"
    }

    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError> {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let id = super::protocol::b64(&id);
        let now = cx.now;
        let enrollment = Enrollment {
            user: cx.user_id.into(),
            sealed: cx.seal(new_secret().as_bytes(), &format!("{KIND}:{id}"))?,
            failures: 0,
            used_steps: Vec::new(),
            registered: false,
        };
        let record = TypedRecord::new(&id, cx.user_id, enrollment, Some(now + LIFETIME))?;
        if !record.insert(cx.store(), now).await? {
            return Err(EnrollError::Invalid("enrollment id collision".into()));
        }
        Ok(id)
    }

    async fn scan(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<ScanView, EnrollError> {
        let record = Self::load(cx, enrollment).await?;
        let secret = Self::secret(cx, enrollment, &record.value)?;
        Ok(ScanView::Code {
            qr_payload: otpauth_uri(&secret, cx.issuer, cx.account),
            secret,
        })
    }

    async fn submit(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
        code: Option<&str>,
    ) -> Result<Submitted, EnrollError> {
        let store = cx.store();
        let mut record = Self::load(cx, enrollment).await?;
        let Some(code) = code else {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("code-missing")),
                attempts_left: None,
            });
        };
        if record.value.registered {
            return Err(EnrollError::Invalid("already registered".into()));
        }
        let secret = Self::secret(cx, enrollment, &record.value)?;
        let unix = u64::try_from(cx.now.unix_timestamp()).unwrap_or(0);
        let step = matching_step(&secret, code, unix);
        let outcome = match step {
            Some(step) if record.value.used_steps.contains(&step) => Submitted::Stay {
                error: Some(cx.texts().text("code-used")),
                attempts_left: None,
            },
            Some(step) => {
                record.value.used_steps.push(step);
                record.value.registered = true;
                Submitted::Registered(Registration::new(
                    cx,
                    Authenticator::Totp { secret },
                    "Authenticator app",
                ))
            }
            None => {
                record.value.failures += 1;
                if record.value.failures >= MAX_WRONG_CODES {
                    record.value.failures = 0;
                    record.value.used_steps.clear();
                    record.value.sealed =
                        cx.seal(new_secret().as_bytes(), &format!("{KIND}:{enrollment}"))?;
                    Submitted::Stay {
                        error: Some(cx.texts().text("code-too-many")),
                        attempts_left: None,
                    }
                } else {
                    Submitted::Stay {
                        error: Some(cx.texts().text("code-wrong")),
                        attempts_left: Some(u32::from(MAX_WRONG_CODES - record.value.failures)),
                    }
                }
            }
        };
        // Compare-and-swap: of two submissions racing on one enrollment, one is refused.
        if !record.save(store).await? {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("code-changed")),
                attempts_left: None,
            });
        }
        if let (Submitted::Registered(_), Some(step)) = (&outcome, step) {
            sign_in::mark_used(store, cx.user_id, step, cx.now).await?;
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_160_bits_and_distinct() {
        let a = new_secret();
        assert_eq!(a.len(), 32, "20 bytes = 32 base32 characters");
        assert_ne!(a, new_secret());
    }

    #[test]
    fn codes_match_with_one_step_of_drift_only() {
        let secret = new_secret();
        let t = totp(&secret, "x", "x").unwrap();
        let now = 1_800_000_000;
        let code = t.generate(now).to_string();
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert!(matching_step(&secret, &code, now + 30).is_some());
        assert!(matching_step(&secret, &code, now - 30).is_some());
        assert!(matching_step(&secret, &code, now + 90).is_none());
        assert!(matching_step(&secret, "12345", now).is_none());
        assert!(matching_step(&secret, "abcdef", now).is_none());
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let uri = otpauth_uri(&new_secret(), "Contoso", "alice@contoso.test");
        assert!(
            uri.starts_with("otpauth://totp/Contoso:alice%40contoso.test?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Contoso"));
    }
}
