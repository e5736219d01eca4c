//! The server side of the push-device protocol (see `docs/device-protocol.md`).
//!
//! Records kept in the store:
//! - `push-enrollment` (id = base64url SHA-256 of the credential, owner = user, 10 minutes):
//!   which device answered the QR code and which test challenge is current;
//! - `push-device` (id = device id, owner = user): the device's public key; it expires with the
//!   enrollment until a test succeeds, then it is kept;
//! - `push-challenge` (id = random, owner = device, 2 minutes): a test or sign-in notification
//!   with its nonce and the number the user must enter;
//! - `push-poll-nonce` (id = device id and nonce, 2 minutes): nonces already used by polls;
//! - `push-enrollment-code` (id = SHA-256 of the short URL's slot and the code, owner = user,
//!   with the enrollment): enrollment by code, see `enrollment_code`.

mod device_api;
mod enrollment_code;
mod records;
mod refusals;
pub(crate) mod sign_in;

use async_trait::async_trait;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::Duration;

use super::protocol::{self, b64, unb64};
use super::{
    Authenticator, DeviceInfo, EnrollContext, EnrollError, Registration, ScanView, Submitted,
    Verification,
};
use crate::store::TypedRecord;
use records::{Challenge, Device, Enrollment, challenge_state, new_challenge};

pub(crate) use device_api::{DeviceApi, OpenFlows, answer, poll, register};
pub(crate) use enrollment_code::redeem;
pub(crate) use records::ChallengeSite;
pub use records::PushChallengeState;
pub(crate) use refusals::{ProtocolError, Refusal};
pub use sign_in::PushSignIn;

/// An enrollment credential is valid this long.
pub(crate) const ENROLLMENT_LIFETIME: Duration = Duration::minutes(10);
/// A challenge can be answered this long.
pub(crate) const CHALLENGE_LIFETIME: Duration = Duration::minutes(2);
/// How far a poll's timestamp may be from the server's clock.
pub(crate) const CLOCK_WINDOW: Duration = Duration::seconds(60);
/// Wrong-number answers a device may give in ten minutes before it is refused for a while.
pub(crate) const MAX_FAILED_ANSWERS: usize = 5;
/// Test notifications one enrollment may send.
const MAX_TESTS: u32 = 5;

/// The push-device method, for hosts that ship an app speaking its protocol
/// (`docs/device-protocol.md`). Its QR code is read by that app only, so the method carries the
/// app's own name and store links, which the download, setup and done pages show: no page
/// names an app that cannot read the code.
///
/// ```
/// use registration_campaign::enroll::{EnrollmentMethod, PushMethod};
/// let push = PushMethod::new(
///     "Contoso Authenticator",
///     "https://apps.apple.com/app/id000000000",
///     "https://play.google.com/store/apps/details?id=com.contoso.authenticator",
/// );
/// assert_eq!(push.display_name(), "Contoso Authenticator");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMethod {
    app_name: String,
    ios_store_url: String,
    android_store_url: String,
}

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    b64(&bytes)
}

fn credential_id(credential: &[u8]) -> String {
    b64(&Sha256::digest(credential))
}

impl PushMethod {
    /// The method's id (`push`).
    pub const ID: &'static str = "push";

    /// Push devices enrolled by the app `app_name`, installed from these store pages.
    pub fn new(
        app_name: impl Into<String>,
        ios_store_url: impl Into<String>,
        android_store_url: impl Into<String>,
    ) -> Self {
        Self {
            app_name: app_name.into(),
            ios_store_url: ios_store_url.into(),
            android_store_url: android_store_url.into(),
        }
    }

    /// The handle is the credential itself (kept only in the signed flow cookie); the store
    /// knows the enrollment by the credential's hash.
    async fn enrollment(
        cx: &EnrollContext<'_>,
        handle: &str,
    ) -> Result<TypedRecord<Enrollment>, EnrollError> {
        let credential = unb64(handle).ok_or(EnrollError::Expired)?;
        let id = credential_id(&credential);
        match TypedRecord::<Enrollment>::load(cx.store(), &id, cx.now).await? {
            Some(e) if e.value.user == cx.user_id => Ok(e),
            _ => Err(EnrollError::Expired),
        }
    }

    async fn device(cx: &EnrollContext<'_>, id: &str) -> Result<TypedRecord<Device>, EnrollError> {
        TypedRecord::<Device>::load(cx.store(), id, cx.now)
            .await?
            .filter(|d| d.value.user == cx.user_id)
            .ok_or(EnrollError::Expired)
    }

    fn info(device: &Device) -> DeviceInfo {
        let key: [u8; 32] = unb64(&device.public_key)
            .and_then(|k| k.try_into().ok())
            .unwrap_or([0; 32]);
        DeviceInfo {
            name: device.name.clone(),
            fingerprint: protocol::fingerprint(&key),
        }
    }
}

#[async_trait]
impl super::EnrollmentMethod for PushMethod {
    fn id(&self) -> &'static str {
        Self::ID
    }

    fn display_name(&self) -> &str {
        &self.app_name
    }

    fn app_store_links(&self) -> Option<(&str, &str)> {
        Some((&self.ios_store_url, &self.android_store_url))
    }

    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError> {
        let mut credential = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut credential);
        let at = cx.now;
        let id = credential_id(&credential);
        let expires_at = at + ENROLLMENT_LIFETIME;
        let manual = enrollment_code::issue(cx, &credential, &id, expires_at).await?;
        let record = TypedRecord::new(
            &id,
            cx.user_id,
            Enrollment {
                user: cx.user_id.into(),
                account: cx.account.into(),
                device: None,
                challenge: None,
                tests: 0,
                manual: Some(manual),
            },
            Some(expires_at),
        )?;
        if !record.insert(cx.store(), at).await? {
            return Err(EnrollError::Invalid("enrollment id collision".into()));
        }
        Ok(b64(&credential))
    }

    async fn scan(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<ScanView, EnrollError> {
        let e = Self::enrollment(cx, enrollment).await?;
        let credential = unb64(enrollment).ok_or(EnrollError::Expired)?;
        let device_api_url = format!("{}/device/v1", cx.flow_url);
        let uri = protocol::enrollment_uri(&device_api_url, &credential, cx.account, cx.issuer);
        let device = match &e.value.device {
            Some(id) => Some(Self::info(&Self::device(cx, id).await?.value)),
            None => None,
        };
        let code = match (&device, &e.value.manual) {
            (None, Some(sealed)) => enrollment_code::open(cx, sealed, &e.record.id),
            _ => None,
        };
        Ok(ScanView::Device {
            qr_payload: uri,
            device,
            expires_at: e.record.expires_at,
            code,
        })
    }

    async fn submit(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
        _code: Option<&str>,
    ) -> Result<Submitted, EnrollError> {
        let mut e = Self::enrollment(cx, enrollment).await?;
        let Some(device) = e.value.device.clone() else {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("scan-not-scanned")),
                attempts_left: None,
            });
        };
        if e.value.tests >= MAX_TESTS {
            return Err(EnrollError::Invalid("too many test notifications".into()));
        }
        let site = ChallengeSite {
            store: cx.store(),
            issuer: cx.issuer,
            at: cx.now,
        };
        // A test notification replaces the one before (Back, then Next again): the old one is
        // withdrawn, so the phone cannot answer it and nothing it says reaches this page.
        if let Some(previous) = &e.value.challenge {
            withdraw(cx, previous).await?;
        }
        let (challenge, _) =
            new_challenge(site, cx.user_id, &device, "registration", cx.account).await?;
        e.value.challenge = Some(challenge);
        e.value.tests += 1;
        if !e.save(cx.store()).await? {
            return Err(EnrollError::Invalid(
                "the enrollment changed meanwhile".into(),
            ));
        }
        Ok(Submitted::Verify)
    }

    async fn activate(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<bool, EnrollError> {
        let e = Self::enrollment(cx, enrollment).await?;
        let (Some(device_id), Some(challenge_id)) = (e.value.device, e.value.challenge) else {
            return Err(EnrollError::Invalid("no test notification was sent".into()));
        };
        let (state, _) = challenge_state(cx.store(), cx.now, &challenge_id, cx.user_id).await?;
        if state != PushChallengeState::Approved {
            return Err(EnrollError::Invalid(
                "the test notification was not approved".into(),
            ));
        }
        let mut device = Self::device(cx, &device_id).await?;
        if device.value.active {
            return Ok(false);
        }
        // The binding counts from now on: keep the device record for good.
        device.value.active = true;
        device.record.expires_at = None;
        // Of two completions racing, only the one whose compare-and-swap lands counts.
        Ok(device.save(cx.store()).await?)
    }

    /// Read-only: pages and status polls call it.
    async fn verify(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<Verification, EnrollError> {
        let e = Self::enrollment(cx, enrollment).await?;
        let (Some(device_id), Some(challenge_id)) = (e.value.device, e.value.challenge) else {
            return Err(EnrollError::Invalid("no test notification was sent".into()));
        };
        let device = Self::device(cx, &device_id).await?;
        let (state, challenge) =
            challenge_state(cx.store(), cx.now, &challenge_id, cx.user_id).await?;
        let name = device.value.name;
        let message = match state {
            PushChallengeState::Pending => {
                let (number, expires_at) = challenge
                    .map(|c| (c.number, c.expires_at))
                    .unwrap_or_default();
                return Ok(Verification::Pending {
                    number,
                    device_name: name,
                    expires_at: time::OffsetDateTime::from_unix_timestamp(expires_at)
                        .unwrap_or(cx.now),
                });
            }
            PushChallengeState::Approved => {
                let key: [u8; 32] = unb64(&device.value.public_key)
                    .and_then(|k| k.try_into().ok())
                    .ok_or(EnrollError::Expired)?;
                return Ok(Verification::Approved(Registration::new(
                    cx,
                    Authenticator::Push {
                        device_id,
                        public_key: key,
                    },
                    name,
                )));
            }
            PushChallengeState::Denied => "test-denied",
            PushChallengeState::WrongNumber => "test-wrong-number",
            PushChallengeState::Expired => "test-expired",
        };
        Ok(Verification::Failed {
            message: cx.texts().fmt(message).arg("device", &*name).plain(),
            device_name: name,
        })
    }
}

/// Withdraws a pending test notification: it reads as expired, and an answer to it is refused
/// (`409 alreadyAnswered`). One already answered is left as it is.
async fn withdraw(cx: &EnrollContext<'_>, challenge_id: &str) -> Result<(), EnrollError> {
    for _ in 0..4 {
        let Some(mut challenge) =
            TypedRecord::<Challenge>::load(cx.store(), challenge_id, cx.now).await?
        else {
            return Ok(());
        };
        if challenge.value.state != PushChallengeState::Pending {
            return Ok(());
        }
        challenge.value.state = PushChallengeState::Expired;
        if challenge.save(cx.store()).await? {
            return Ok(());
        }
    }
    Err(EnrollError::Invalid(
        "the test notification kept changing".into(),
    ))
}
