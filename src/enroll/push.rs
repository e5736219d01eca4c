//! The server side of the push-device protocol (see `docs/device-protocol.md`).
//!
//! Records kept in the store:
//! - `push-enrollment` (id = base64url SHA-256 of the credential, owner = user, 10 minutes):
//!   which device answered the QR code and which test challenge is current;
//! - `push-device` (id = device id, owner = user): the device's public key; it expires with the
//!   enrollment until a test succeeds, then it is kept;
//! - `push-challenge` (id = random, owner = device, 2 minutes): a test or sign-in notification
//!   with its nonce and the number the user must enter;
//! - `push-poll-nonce` (id = device id and nonce, 2 minutes): nonces already used by polls.

use async_trait::async_trait;
use ed25519_dalek::{Signature, VerifyingKey};
use http::StatusCode;
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::protocol::{self, b64, unb64};
use super::{
    DeviceInfo, EnrollContext, EnrollError, RegisteredMethod, Registration, ScanView, Submitted,
    Verification,
};
use crate::campaign::Campaign;
use crate::store::{CampaignStore, StoreError};
use crate::store::{Document, TypedRecord};

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

/// The push-device method: the default for `microsoftAuthenticator` campaigns.
#[derive(Debug, Clone, Copy, Default)]
pub struct PushMethod;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Enrollment {
    user: String,
    account: String,
    device: Option<String>,
    challenge: Option<String>,
    tests: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Device {
    user: String,
    public_key: String,
    name: String,
    active: bool,
    /// Unix seconds of recent wrong-number answers (rate limit).
    failures: Vec<i64>,
}

impl Document for Enrollment {
    const KIND: &'static str = "push-enrollment";
}

impl Document for Device {
    const KIND: &'static str = "push-device";
}

impl Document for Challenge {
    const KIND: &'static str = "push-challenge";
}

/// A poll nonce already seen (the record's id is the device id and nonce).
#[derive(Debug, Serialize, Deserialize)]
struct SeenNonce;

impl Document for SeenNonce {
    const KIND: &'static str = "push-poll-nonce";
}

/// Where a push challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PushChallengeState {
    /// Waiting for the device.
    Pending,
    /// Approved with the right number.
    Approved,
    /// Denied on the device.
    Denied,
    /// Approved with a wrong number: refused.
    WrongNumber,
    /// Not answered in time (or unknown).
    Expired,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Challenge {
    user: String,
    device: String,
    nonce: String,
    number: String,
    purpose: String,
    app: String,
    account: String,
    state: PushChallengeState,
    expires_at: i64,
}

/// A sign-in notification sent to a user's registered device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSignIn {
    /// The challenge's id, to ask for its state.
    pub challenge_id: String,
    /// The number to show in the browser.
    pub number: String,
    /// The device it went to.
    pub device_name: String,
}

/// A protocol error: HTTP status, machine-readable code, message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub(crate) struct ProtocolError {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// A stable code (`badSignature`, `replayedNonce`, ...).
    pub(crate) code: &'static str,
    /// What was wrong.
    pub(crate) message: String,
}

fn reject(status: StatusCode, code: &'static str, message: impl Into<String>) -> ProtocolError {
    ProtocolError {
        status,
        code,
        message: message.into(),
    }
}

impl From<StoreError> for ProtocolError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "push protocol store failure");
        reject(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the server could not store this; try again",
        )
    }
}

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    b64(&bytes)
}

fn credential_id(credential: &[u8]) -> String {
    b64(&Sha256::digest(credential))
}

fn decode_fixed<const N: usize>(text: &str, field: &str) -> Result<[u8; N], ProtocolError> {
    let bytes = unb64(text).ok_or_else(|| {
        reject(
            StatusCode::BAD_REQUEST,
            "badEncoding",
            format!("{field} is not base64url without padding"),
        )
    })?;
    bytes.try_into().map_err(|b: Vec<u8>| {
        reject(
            StatusCode::BAD_REQUEST,
            "badLength",
            format!("{field} must be {N} bytes, not {}", b.len()),
        )
    })
}

fn verify(public_key: &[u8; 32], message: &[u8], signature: &str) -> Result<(), ProtocolError> {
    let signature: [u8; 64] = decode_fixed(signature, "signature")?;
    let key = VerifyingKey::from_bytes(public_key).map_err(|_| {
        reject(
            StatusCode::BAD_REQUEST,
            "badKey",
            "publicKey is not an Ed25519 point",
        )
    })?;
    key.verify_strict(message, &Signature::from_bytes(&signature))
        .map_err(|_| {
            reject(
                StatusCode::UNAUTHORIZED,
                "badSignature",
                "the signature does not verify",
            )
        })
}

fn now(campaign: &Campaign) -> OffsetDateTime {
    campaign.now()
}

/// `POST register`: a device proves it holds a key and binds it to an open enrollment.
pub(crate) async fn register(
    campaign: &Campaign,
    request: protocol::RegisterRequest,
) -> Result<protocol::RegisterResponse, ProtocolError> {
    let store = &**campaign.store();
    let at = now(campaign);
    let credential = unb64(&request.credential)
        .filter(|c| c.len() >= 16)
        .ok_or_else(|| {
            reject(
                StatusCode::BAD_REQUEST,
                "badEncoding",
                "credential is not base64url of at least 16 bytes",
            )
        })?;
    let public_key: [u8; 32] = decode_fixed(&request.public_key, "publicKey")?;
    let name = request.device_name.trim();
    // Control and invisible formatting characters (bidirectional overrides, zero-width) could
    // make one device's name look like another's.
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    };
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(invisible) {
        return Err(reject(
            StatusCode::BAD_REQUEST,
            "badDeviceName",
            "deviceName must be 1 to 64 printable characters",
        ));
    }
    let message = protocol::signed_bytes(
        protocol::REGISTER_CONTEXT,
        &[&credential, &public_key, request.device_name.as_bytes()],
    );
    verify(&public_key, &message, &request.signature)?;
    let Some(mut enrollment) =
        TypedRecord::<Enrollment>::load(store, &credential_id(&credential), at).await?
    else {
        return Err(reject(
            StatusCode::NOT_FOUND,
            "unknownCredential",
            "the credential is unknown or expired",
        ));
    };
    if enrollment.value.device.is_some() {
        return Err(reject(
            StatusCode::CONFLICT,
            "credentialUsed",
            "the credential was already used",
        ));
    }
    let device_id = protocol::device_id(&public_key);
    // Refuse before anything changes: a rejected message leaves the store as it was.
    if store.record(Device::KIND, &device_id, at).await?.is_some() {
        return Err(reject(
            StatusCode::CONFLICT,
            "deviceExists",
            "this key is already registered",
        ));
    }
    let device = TypedRecord::new(
        &device_id,
        &enrollment.value.user,
        Device {
            user: enrollment.value.user.clone(),
            public_key: b64(&public_key),
            name: name.to_owned(),
            active: false,
            failures: Vec::new(),
        },
        enrollment.record.expires_at,
    )?;
    enrollment.value.device = Some(device_id.clone());
    // Claim the credential first (compare-and-swap): of two devices racing, one wins.
    if !enrollment.save(store).await? {
        return Err(reject(
            StatusCode::CONFLICT,
            "credentialUsed",
            "the credential was already used",
        ));
    }
    if !device.insert(store, at).await? {
        // Lost a race for this key: give the credential back, so a refused message leaves the
        // enrollment as it was.
        enrollment.value.device = None;
        let _ = enrollment.save(store).await;
        return Err(reject(
            StatusCode::CONFLICT,
            "deviceExists",
            "this key is already registered",
        ));
    }
    Ok(protocol::RegisterResponse {
        device_id,
        fingerprint: protocol::fingerprint(&public_key),
    })
}

async fn load_device(
    campaign: &Campaign,
    device_id: &str,
) -> Result<(TypedRecord<Device>, [u8; 32]), ProtocolError> {
    let device = TypedRecord::<Device>::load(&**campaign.store(), device_id, now(campaign))
        .await?
        .ok_or_else(|| {
            reject(
                StatusCode::NOT_FOUND,
                "unknownDevice",
                "the device is unknown or its enrollment expired",
            )
        })?;
    let key: [u8; 32] = unb64(&device.value.public_key)
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| StoreError::Decode("device key".into()))?;
    Ok((device, key))
}

fn too_many_failures() -> ProtocolError {
    reject(
        StatusCode::TOO_MANY_REQUESTS,
        "tooManyFailures",
        "too many wrong answers; try again in ten minutes",
    )
}

/// Counts one wrong answer of `device_id` with a compare-and-swap loop; `false` when the
/// device already has the most wrong answers allowed in ten minutes.
async fn count_failure(
    store: &dyn CampaignStore,
    device_id: &str,
    at: OffsetDateTime,
) -> Result<bool, ProtocolError> {
    let recent = at.unix_timestamp() - 600;
    for _ in 0..64 {
        let Some(mut device) = TypedRecord::<Device>::load(store, device_id, at).await? else {
            return Err(reject(
                StatusCode::NOT_FOUND,
                "unknownDevice",
                "the device is unknown or its enrollment expired",
            ));
        };
        device.value.failures.retain(|t| *t > recent);
        if device.value.failures.len() >= MAX_FAILED_ANSWERS {
            return Ok(false);
        }
        device.value.failures.push(at.unix_timestamp());
        if device.save(store).await? {
            return Ok(true);
        }
    }
    Err(StoreError::Backend("the device record kept changing".into()).into())
}

/// `POST poll`: a device asks for pending challenges (signed, fresh, never replayed).
pub(crate) async fn poll(
    campaign: &Campaign,
    request: protocol::PollRequest,
) -> Result<protocol::PollResponse, ProtocolError> {
    let store = &**campaign.store();
    let at = now(campaign);
    let nonce = unb64(&request.nonce)
        .filter(|n| (16..=64).contains(&n.len()))
        .ok_or_else(|| {
            reject(
                StatusCode::BAD_REQUEST,
                "badNonce",
                "nonce must be base64url of 16 to 64 bytes",
            )
        })?;
    let (_, key) = load_device(campaign, &request.device_id).await?;
    let timestamp = request.timestamp.to_string();
    let message = protocol::signed_bytes(
        protocol::POLL_CONTEXT,
        &[request.device_id.as_bytes(), timestamp.as_bytes(), &nonce],
    );
    verify(&key, &message, &request.signature)?;
    let skew = at.unix_timestamp().abs_diff(request.timestamp);
    if skew > CLOCK_WINDOW.whole_seconds().unsigned_abs() {
        return Err(reject(
            StatusCode::UNPROCESSABLE_ENTITY,
            "staleTimestamp",
            format!("timestamp is {skew} s from the server's clock (at most 60 s)"),
        ));
    }
    let seen = TypedRecord::new(
        &format!("{}:{}", request.device_id, request.nonce),
        &request.device_id,
        SeenNonce,
        // Longer than any timestamp the window accepts, so a nonce is remembered as long as
        // a poll carrying it could pass the clock check.
        Some(at + CLOCK_WINDOW * 2 + Duration::seconds(1)),
    )?;
    if !seen.insert(store, at).await? {
        return Err(reject(
            StatusCode::CONFLICT,
            "replayedNonce",
            "this nonce was already used",
        ));
    }
    let mut pending: Vec<_> = TypedRecord::<Challenge>::list(store, &request.device_id, at)
        .await?
        .into_iter()
        .filter(|c| c.value.state == PushChallengeState::Pending)
        .collect();
    pending.sort_by_key(|c| c.value.expires_at);
    let challenges = pending
        .into_iter()
        .map(|c| protocol::PendingChallenge {
            challenge_id: c.record.id,
            nonce: c.value.nonce,
            app: c.value.app,
            account: c.value.account,
            purpose: c.value.purpose,
            expires_at: c.value.expires_at,
        })
        .collect();
    Ok(protocol::PollResponse { challenges })
}

/// `POST answer`: the device approves (with the number) or denies a challenge, once.
pub(crate) async fn answer(
    campaign: &Campaign,
    request: protocol::AnswerRequest,
) -> Result<protocol::AnswerResponse, ProtocolError> {
    let store = &**campaign.store();
    let at = now(campaign);
    let (mut device, key) = load_device(campaign, &request.device_id).await?;
    let device_id = request.device_id.clone();
    let Some(mut challenge) =
        TypedRecord::<Challenge>::load(store, &request.challenge_id, at).await?
    else {
        return Err(reject(
            StatusCode::NOT_FOUND,
            "unknownChallenge",
            "the challenge is unknown or expired",
        ));
    };
    if challenge.value.device != request.device_id {
        return Err(reject(
            StatusCode::NOT_FOUND,
            "unknownChallenge",
            "the challenge is unknown or expired",
        ));
    }
    let nonce = unb64(&challenge.value.nonce)
        .ok_or_else(|| StoreError::Decode("challenge nonce".into()))?;
    let number = request.number.clone().unwrap_or_default();
    let message = protocol::signed_bytes(
        protocol::ANSWER_CONTEXT,
        &[
            request.device_id.as_bytes(),
            request.challenge_id.as_bytes(),
            &nonce,
            request.decision.as_bytes(),
            number.as_bytes(),
        ],
    );
    verify(&key, &message, &request.signature)?;
    let recent = at.unix_timestamp() - 600;
    device.value.failures.retain(|t| *t > recent);
    if device.value.failures.len() >= MAX_FAILED_ANSWERS {
        return Err(too_many_failures());
    }
    if challenge.value.state != PushChallengeState::Pending {
        return Err(reject(
            StatusCode::CONFLICT,
            "alreadyAnswered",
            "the challenge was already answered",
        ));
    }
    let (state, result) = match request.decision.as_str() {
        "deny" => (PushChallengeState::Denied, Ok("denied")),
        "approve" if number.is_empty() => {
            return Err(reject(
                StatusCode::BAD_REQUEST,
                "numberRequired",
                "an approval must carry the number shown in the browser",
            ));
        }
        "approve"
            if bool::from(subtle::ConstantTimeEq::ct_eq(
                number.as_bytes(),
                challenge.value.number.as_bytes(),
            )) =>
        {
            (PushChallengeState::Approved, Ok("approved"))
        }
        "approve" => {
            // Counted before anything else changes, atomically: parallel wrong answers cannot
            // all slip under the limit.
            if !count_failure(store, &device_id, at).await? {
                return Err(too_many_failures());
            }
            (
                PushChallengeState::WrongNumber,
                Err(reject(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "wrongNumber",
                    "that is not the number shown in the browser; the request was refused",
                )),
            )
        }
        other => {
            return Err(reject(
                StatusCode::BAD_REQUEST,
                "badDecision",
                format!("decision must be approve or deny, not {other:?}"),
            ));
        }
    };
    challenge.value.state = state;
    // An answered challenge stays readable for a while, so a browser that looks late still
    // sees the answer rather than an expiry.
    challenge.record.expires_at = Some(at + ENROLLMENT_LIFETIME);
    if !challenge.save(store).await? {
        return Err(reject(
            StatusCode::CONFLICT,
            "alreadyAnswered",
            "the challenge was already answered",
        ));
    }
    result.map(|r| protocol::AnswerResponse { result: r.into() })
}

/// Where a challenge is made: the store, the app name shown on the device, and the time.
struct ChallengeSite<'a> {
    store: &'a dyn CampaignStore,
    issuer: &'a str,
    at: OffsetDateTime,
}

async fn new_challenge(
    site: ChallengeSite<'_>,
    user: &str,
    device: &str,
    purpose: &str,
    account: &str,
) -> Result<(String, String), StoreError> {
    let at = site.at;
    let id = random_b64(16);
    let number = format!("{}", rand::rngs::OsRng.gen_range(10..100));
    let challenge = TypedRecord::new(
        &id,
        device,
        Challenge {
            user: user.into(),
            device: device.into(),
            nonce: random_b64(32),
            number: number.clone(),
            purpose: purpose.into(),
            app: site.issuer.into(),
            account: account.into(),
            state: PushChallengeState::Pending,
            expires_at: (at + CHALLENGE_LIFETIME).unix_timestamp(),
        },
        Some(at + CHALLENGE_LIFETIME),
    )?;
    challenge.insert(site.store, at).await?;
    Ok((id, number))
}

async fn challenge_state(
    store: &dyn CampaignStore,
    at: OffsetDateTime,
    id: &str,
    user: &str,
) -> Result<(PushChallengeState, Option<Challenge>), StoreError> {
    let found = TypedRecord::<Challenge>::load(store, id, at).await?;
    Ok(match found {
        Some(c) if c.value.user == user => (c.value.state, Some(c.value)),
        _ => (PushChallengeState::Expired, None),
    })
}

impl Campaign {
    /// Sends a number-matched sign-in notification to the user's registered push device, if
    /// they have one. Show `number` in the browser, then ask [`Campaign::push_sign_in_state`].
    pub async fn start_push_sign_in(
        &self,
        user_id: &str,
        account: &str,
    ) -> Result<Option<PushSignIn>, StoreError> {
        let devices = TypedRecord::<Device>::list(&**self.store(), user_id, self.now()).await?;
        let Some(device) = devices.into_iter().find(|d| d.value.active) else {
            return Ok(None);
        };
        let site = ChallengeSite {
            store: &**self.store(),
            issuer: self.issuer(),
            at: self.now(),
        };
        let (challenge_id, number) =
            new_challenge(site, user_id, &device.record.id, "signIn", account).await?;
        Ok(Some(PushSignIn {
            challenge_id,
            number,
            device_name: device.value.name,
        }))
    }

    /// Where a sign-in notification for `user_id` stands.
    pub async fn push_sign_in_state(
        &self,
        challenge_id: &str,
        user_id: &str,
    ) -> Result<PushChallengeState, StoreError> {
        Ok(
            challenge_state(&**self.store(), self.now(), challenge_id, user_id)
                .await?
                .0,
        )
    }
}

impl PushMethod {
    /// The method's id (`push`).
    pub const ID: &'static str = "push";

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
        "Microsoft Authenticator"
    }

    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError> {
        let mut credential = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut credential);
        let at = cx.now;
        let id = credential_id(&credential);
        let record = TypedRecord::new(
            &id,
            cx.user_id,
            Enrollment {
                user: cx.user_id.into(),
                account: cx.account.into(),
                device: None,
                challenge: None,
                tests: 0,
            },
            Some(at + ENROLLMENT_LIFETIME),
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
        Ok(ScanView {
            manual_entry: uri.clone(),
            qr_payload: uri,
            device,
            asks_for_code: false,
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
                error: Some("Scan the QR code with the app first. This page updates when your phone is connected.".into()),
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
        let message = match state {
            PushChallengeState::Pending => {
                let number = challenge.map(|c| c.number).unwrap_or_default();
                return Ok(Verification::Pending {
                    number,
                    device_name: device.value.name,
                });
            }
            PushChallengeState::Approved => {
                let key: [u8; 32] = unb64(&device.value.public_key)
                    .and_then(|k| k.try_into().ok())
                    .ok_or(EnrollError::Expired)?;
                return Ok(Verification::Approved(Registration {
                    user_id: cx.user_id.into(),
                    method: RegisteredMethod::Push,
                    device_id: Some(device_id),
                    public_key: Some(key),
                    totp_secret: None,
                    display_name: device.value.name,
                    registered_at: cx.now,
                }));
            }
            PushChallengeState::Denied => "The notification was denied on your phone.",
            PushChallengeState::WrongNumber => "The number entered on your phone didn't match.",
            PushChallengeState::Expired => "The notification wasn't answered in time.",
        };
        Ok(Verification::Failed {
            message: format!("{message} Choose Next to send a new one."),
        })
    }
}
