//! [`PrivacyIdeaPush`]: the setup flow's side of the privacyIDEA push token. The QR code's
//! enrollment, the test challenge the app approves by tapping the option the page shows, and
//! the registration once it is approved. The app's side arrives through [`super::endpoint`].

use async_trait::async_trait;
use rand::{Rng, RngCore};
use subtle::ConstantTimeEq;

use super::protocol::EnrollmentUri;
use super::records::{Challenge, ChallengeState, Token, sha256_hex};
use crate::enroll::{
    Authenticator, DeviceInfo, EnrollContext, EnrollError, EnrollmentMethod, Registration,
    ScanView, Submitted, Verification,
};
use crate::store::TypedRecord;

/// The app's name, as the pages say it.
pub const APP_NAME: &str = "privacyIDEA Authenticator";
/// The app in Apple's App Store.
pub const APP_STORE: &str = "https://apps.apple.com/us/app/privacyidea-authenticator/id1445401301";
/// The app in Google Play.
pub const GOOGLE_PLAY: &str =
    "https://play.google.com/store/apps/details?id=it.netknights.piauthenticator";
/// How long the QR code and an unfinished enrollment last.
pub(super) const ENROLLMENT_LIFETIME: time::Duration = time::Duration::minutes(10);
/// How long a challenge can be answered.
pub(super) const CHALLENGE_LIFETIME: time::Duration = time::Duration::minutes(2);
/// Test challenges one enrollment may send.
const MAX_TESTS: u32 = 5;
/// Options the app shows for a challenge; one is right.
const OPTIONS: usize = 3;

/// Push with the privacyIDEA Authenticator app (iOS and Android), in poll mode: see
/// `docs/privacyidea-push.md`. Add it with
/// [`CampaignBuilder::method`](crate::CampaignBuilder::method).
///
/// ```
/// use registration_campaign::enroll::EnrollmentMethod;
/// use registration_campaign::privacyidea::PrivacyIdeaPush;
/// let push = PrivacyIdeaPush::new();
/// assert_eq!(push.id(), "pipush");
/// assert_eq!(push.display_name(), "privacyIDEA Authenticator");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyIdeaPush {
    ssl_verify: bool,
}

impl Default for PrivacyIdeaPush {
    fn default() -> Self {
        Self::new()
    }
}

impl PrivacyIdeaPush {
    /// The method's id, and the last segment of its endpoint (`{prefix}/m/pipush`).
    pub const ID: &'static str = "pipush";

    /// The method, with the app checking the server's TLS certificate.
    pub fn new() -> Self {
        Self { ssl_verify: true }
    }

    /// Whether the app checks the server's TLS certificate (`sslverify`; on by default). Turn
    /// it off only for a demo on a laptop with a self-signed certificate: anyone on the path
    /// could then read and answer the phone's traffic.
    pub fn ssl_verify(mut self, verify: bool) -> Self {
        self.ssl_verify = verify;
        self
    }

    /// Whether the app is told to check TLS certificates.
    pub fn verifies_tls(&self) -> bool {
        self.ssl_verify
    }

    /// The handle is `serial.credential`; the store knows only the credential's hash.
    async fn token(
        cx: &EnrollContext<'_>,
        handle: &str,
    ) -> Result<(TypedRecord<Token>, String), EnrollError> {
        let (serial, credential) = handle.split_once('.').ok_or(EnrollError::Expired)?;
        let token = TypedRecord::<Token>::load(cx.store(), serial, cx.now)
            .await?
            .filter(|t| t.value.user == cx.user_id)
            .filter(|t| {
                bool::from(
                    t.value
                        .credential_hash
                        .as_bytes()
                        .ct_eq(sha256_hex(credential).as_bytes()),
                )
            })
            .ok_or(EnrollError::Expired)?;
        Ok((token, credential.to_owned()))
    }

    fn device(token: &Token) -> Option<DeviceInfo> {
        let key = token.app_key.as_deref()?;
        let hash = sha256_hex(key);
        Some(DeviceInfo {
            name: APP_NAME.into(),
            fingerprint: hash.as_bytes()[..16]
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        })
    }
}

#[async_trait]
impl EnrollmentMethod for PrivacyIdeaPush {
    fn id(&self) -> &'static str {
        Self::ID
    }

    fn display_name(&self) -> &str {
        APP_NAME
    }

    fn app_store_links(&self) -> Option<(&str, &str)> {
        Some((APP_STORE, GOOGLE_PLAY))
    }

    fn answered_by_choice(&self) -> bool {
        true
    }

    fn routes(&self) -> Option<axum::Router> {
        Some(super::endpoint::router(self.ssl_verify))
    }

    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError> {
        let mut random = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
        let serial = format!("RCPI{}", hex(&random[..4]).to_uppercase());
        let credential = hex(&random[4..]);
        let url = endpoint_url(cx.flow_url)?;
        let token = Token {
            user: cx.user_id.into(),
            credential_hash: sha256_hex(&credential),
            url,
            app_key: None,
            server_key: None,
            challenge: None,
            tests: 0,
            active: false,
        };
        let record = TypedRecord::new(
            &serial,
            cx.user_id,
            token,
            Some(cx.now + ENROLLMENT_LIFETIME),
        )?;
        if !record.insert(cx.store(), cx.now).await? {
            return Err(EnrollError::Invalid("serial collision".into()));
        }
        Ok(format!("{serial}.{credential}"))
    }

    async fn scan(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<ScanView, EnrollError> {
        let (token, credential) = Self::token(cx, enrollment).await?;
        // The app reads `issuer:label` from a label with a colon.
        let label = cx.account.replace(':', " ");
        let uri = EnrollmentUri {
            scheme: "otpauth",
            label: &label,
            url: &token.value.url,
            ttl_minutes: ENROLLMENT_LIFETIME.whole_minutes() as u32,
            issuer: cx.issuer,
            enrollment_credential: &credential,
            serial: &token.record.id,
            ssl_verify: self.ssl_verify,
        }
        .to_uri();
        Ok(ScanView::Device {
            qr_payload: uri,
            device: Self::device(&token.value),
            expires_at: token.record.expires_at,
            code: None,
        })
    }

    async fn submit(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
        _code: Option<&str>,
    ) -> Result<Submitted, EnrollError> {
        let (mut token, _) = Self::token(cx, enrollment).await?;
        if token.value.app_key.is_none() {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("scan-not-scanned")),
                attempts_left: None,
            });
        }
        if token.value.tests >= MAX_TESTS {
            return Err(EnrollError::Invalid("too many test notifications".into()));
        }
        // A new test replaces the one before: the app can no longer answer the old one.
        if let Some(previous) = &token.value.challenge {
            withdraw(cx, previous).await?;
        }
        let question = format!("Tap the number {APP_NAME} setup shows, to finish setting it up");
        let site = ChallengeSite {
            store: cx.store(),
            issuer: cx.issuer,
            now: cx.now,
        };
        let (nonce, _) = new_challenge(site, &token, &question).await?;
        token.value.challenge = Some(nonce);
        token.value.tests += 1;
        if !token.save(cx.store()).await? {
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
        let (mut token, _) = Self::token(cx, enrollment).await?;
        let state = match &token.value.challenge {
            Some(nonce) => TypedRecord::<Challenge>::load(cx.store(), nonce, cx.now)
                .await?
                .map(|c| c.value.state),
            None => None,
        };
        if state != Some(ChallengeState::Approved) {
            return Err(EnrollError::Invalid("the test was not approved".into()));
        }
        if token.value.active {
            return Ok(false);
        }
        token.value.active = true;
        token.record.expires_at = None;
        // Of two completions racing, only the one whose compare-and-swap lands counts.
        Ok(token.save(cx.store()).await?)
    }

    /// Read-only: pages and status polls call it.
    async fn verify(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<Verification, EnrollError> {
        let (token, _) = Self::token(cx, enrollment).await?;
        let Some(nonce) = &token.value.challenge else {
            return Err(EnrollError::Invalid("no test was sent".into()));
        };
        let challenge = TypedRecord::<Challenge>::load(cx.store(), nonce, cx.now).await?;
        let name = APP_NAME.to_owned();
        let message = match challenge.as_ref().map(|c| (c.value.state, &c.value)) {
            Some((ChallengeState::Pending, c)) if c.expires_at > cx.now.unix_timestamp() => {
                return Ok(Verification::Pending {
                    number: c.correct.clone(),
                    device_name: name,
                    expires_at: time::OffsetDateTime::from_unix_timestamp(c.expires_at)
                        .unwrap_or(cx.now),
                });
            }
            Some((ChallengeState::Approved, _)) => {
                return Ok(Verification::Approved(Registration::new(
                    cx,
                    Authenticator::Custom { method: Self::ID },
                    name,
                )));
            }
            Some((ChallengeState::Declined, _)) => "test-denied",
            Some((ChallengeState::WrongOption, _)) => "test-wrong-number",
            _ => "test-expired",
        };
        Ok(Verification::Failed {
            message: cx.texts().fmt(message).arg("device", APP_NAME).plain(),
            device_name: name,
        })
    }
}

/// The endpoint under the flow's URL, in the form the app's `Uri` prints it (lower-case scheme
/// and host, no default port), which is also the form challenges are signed in.
fn endpoint_url(flow_url: &str) -> Result<String, EnrollError> {
    let url = url::Url::parse(&format!("{flow_url}/m/{}", PrivacyIdeaPush::ID))
        .map_err(|e| EnrollError::Invalid(format!("the flow's URL: {e}")))?;
    // Dart's `Uri` and the `url` crate print other characters differently (`|`, `%7E`…), and
    // the app drops every challenge whose signed URL it prints otherwise: refuse them here.
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/".contains(c);
    if !url.path().chars().all(plain) {
        return Err(EnrollError::Invalid(format!(
            "the privacyIDEA app needs a campaign path of letters, digits and -._~/ only, not {}",
            url.path()
        )));
    }
    Ok(url.to_string())
}

/// Opens a test (or sign-in) challenge for `token` and returns its nonce (32 base32
/// characters, as privacyIDEA makes them) and the option the browser shows.
pub(super) async fn new_challenge(
    site: ChallengeSite<'_>,
    token: &TypedRecord<Token>,
    question: &str,
) -> Result<(String, String), crate::store::StoreError> {
    let mut random = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let nonce = data_encoding::BASE32_NOPAD.encode(&random);
    let mut options: Vec<String> = Vec::with_capacity(OPTIONS);
    let mut rng = rand::rngs::OsRng;
    while options.len() < OPTIONS {
        let option = format!("{:02}", rng.gen_range(10..100));
        if !options.contains(&option) {
            options.push(option);
        }
    }
    let correct = options[rng.gen_range(0..OPTIONS)].clone();
    let challenge = Challenge {
        serial: token.record.id.clone(),
        user: token.value.user.clone(),
        title: site.issuer.into(),
        question: question.into(),
        options,
        correct: correct.clone(),
        state: ChallengeState::Pending,
        expires_at: (site.now + CHALLENGE_LIFETIME).unix_timestamp(),
    };
    let record = TypedRecord::new(
        &nonce,
        &token.record.id,
        challenge,
        Some(site.now + CHALLENGE_LIFETIME + time::Duration::minutes(5)),
    )?;
    if !record.insert(site.store, site.now).await? {
        return Err(crate::store::StoreError::Backend("nonce collision".into()));
    }
    Ok((nonce, correct))
}

/// Where a challenge is made: the tenant's store, the issuer the app shows, and the time.
#[derive(Clone, Copy)]
pub(super) struct ChallengeSite<'a> {
    pub(super) store: &'a crate::store::TenantStore,
    pub(super) issuer: &'a str,
    pub(super) now: time::OffsetDateTime,
}

/// Withdraws a pending challenge: the app's answer to it is refused.
async fn withdraw(cx: &EnrollContext<'_>, nonce: &str) -> Result<(), EnrollError> {
    for _ in 0..4 {
        let Some(mut challenge) = TypedRecord::<Challenge>::load(cx.store(), nonce, cx.now).await?
        else {
            return Ok(());
        };
        if challenge.value.state != ChallengeState::Pending {
            return Ok(());
        }
        challenge.value.state = ChallengeState::Withdrawn;
        if challenge.save(cx.store()).await? {
            return Ok(());
        }
    }
    Err(EnrollError::Invalid("the test kept changing".into()))
}
