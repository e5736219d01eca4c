//! The flow state: a short-lived HS256 JWT in an HttpOnly cookie.
//!
//! It binds the user, the MFA attempt, the continue URL, the step and the decision, and carries
//! the CSRF secret that every form must echo. Keys have ids (`kid`) so they can be rotated: new
//! tokens are signed with the current key, and tokens signed with a previous key stay valid until
//! they expire.

use cookie::{Cookie, SameSite};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use time::{Duration, OffsetDateTime};

/// How long a flow lasts from the MFA that started it: at most 15 minutes, however it is used.
pub const FLOW_LIFETIME: Duration = Duration::minutes(15);
const ISSUER: &str = "registration-campaign";
const AUDIENCE: &str = "registration-campaign-flow";

/// A signing key for flow tokens, with its id.
#[derive(Clone)]
pub struct FlowKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for FlowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("FlowKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Errors building a flow key.
#[derive(Debug, thiserror::Error)]
pub enum FlowKeyError {
    /// HS256 keys must have at least 256 bits.
    #[error("a flow key must be at least 32 bytes long (got {0})")]
    TooShort(usize),
}

impl FlowKey {
    /// A key with id `kid` from a secret of at least 32 bytes.
    pub fn new(kid: impl Into<String>, secret: &[u8]) -> Result<Self, FlowKeyError> {
        if secret.len() < 32 {
            return Err(FlowKeyError::TooShort(secret.len()));
        }
        Ok(Self {
            kid: kid.into(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        })
    }

    /// A random key: fine for one process, but every instance sharing users needs the same key.
    pub fn random() -> Self {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        Self::new(format!("random-{}", hex_prefix(&secret)), &secret)
            .unwrap_or_else(|_| unreachable!("32 bytes is long enough"))
    }
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// The current key and the previous ones still accepted.
#[derive(Debug, Clone)]
pub struct FlowKeys {
    current: FlowKey,
    previous: Vec<FlowKey>,
}

impl FlowKeys {
    /// Signs with `current`.
    pub fn new(current: FlowKey) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }

    /// Also accepts tokens signed with `key` (for rotation).
    pub fn with_previous(mut self, key: FlowKey) -> Self {
        self.previous.push(key);
        self
    }

    fn find(&self, kid: &str) -> Option<&FlowKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.kid == kid)
    }
}

/// A step of the setup flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FlowStep {
    /// "Keep your account secure" with Next (and Skip for now unless required).
    Prompt,
    /// Download the app.
    Download,
    /// How to set up the app.
    Setup,
    /// Scan the QR code (and, for TOTP, confirm with a code from the app).
    Scan,
    /// Approve the test notification (push).
    Verify,
    /// The test notification was approved.
    Approved,
    /// Registered: "now your default sign-in method".
    Done,
}

/// The claims of a flow token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowState {
    /// User id.
    pub sub: String,
    /// MFA attempt id (snoozes count once per attempt).
    pub att: String,
    /// Where to go when the flow ends (a checked same-origin path).
    pub cont: String,
    /// Current step.
    pub step: FlowStep,
    /// Registration is required: no skip.
    pub req: bool,
    /// Skips left when the nudge was shown (`None`: unlimited).
    pub skl: Option<u32>,
    /// Snooze duration in days, for the prompt's text.
    pub snz: u8,
    /// Display name.
    pub name: String,
    /// CSRF secret every form must echo.
    pub csrf: String,
    /// The enrollment method's id, from the scan step on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<String>,
    /// The enrollment's handle (see `EnrollmentMethod::begin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enr: Option<String>,
    /// The name of what was registered, for the last pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg: Option<String>,
    /// The record holding the host's cookies until a required registration is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// Issued at (Unix seconds).
    pub iat: i64,
    iss: String,
    aud: String,
}

/// Why a flow token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FlowTokenError {
    /// No flow cookie in the request.
    #[error("no setup session")]
    Missing,
    /// Bad signature, unknown key, wrong algorithm or claims, malformed.
    #[error("the setup session is not valid")]
    Invalid,
    /// Older than its expiry.
    #[error("the setup session expired")]
    Expired,
}

impl FlowState {
    /// A new flow state at the prompt.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start(
        user_id: String,
        attempt_id: String,
        continue_url: String,
        required: bool,
        skips_left: Option<u32>,
        snooze_days: u8,
        display_name: String,
        now: OffsetDateTime,
    ) -> Self {
        let mut csrf = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut csrf);
        Self {
            sub: user_id,
            att: attempt_id,
            cont: continue_url,
            step: FlowStep::Prompt,
            req: required,
            skl: skips_left,
            snz: snooze_days,
            name: display_name,
            csrf: csrf.iter().map(|b| format!("{b:02x}")).collect(),
            m: None,
            enr: None,
            reg: None,
            held: None,
            exp: (now + FLOW_LIFETIME).unix_timestamp(),
            iat: now.unix_timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        }
    }

    /// The same flow at another step. The expiry stays where the MFA put it: no step, retry or
    /// method switch extends a flow, so one sign-in cannot keep a setup open for long.
    pub(crate) fn at_step(&self, step: FlowStep, _now: OffsetDateTime) -> Self {
        Self {
            step,
            ..self.clone()
        }
    }

    /// Constant-time check of a submitted CSRF token.
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        self.csrf.as_bytes().ct_eq(submitted.as_bytes()).into()
    }

    /// Signs the state.
    pub(crate) fn encode(&self, keys: &FlowKeys) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.current.kid.clone());
        // Encoding our own claims with an HMAC key cannot fail.
        jsonwebtoken::encode(&header, self, &keys.current.encoding).unwrap_or_default()
    }

    /// Verifies a token: HS256 only, a known `kid`, our issuer and audience, not expired at `now`.
    pub(crate) fn decode(
        token: &str,
        keys: &FlowKeys,
        now: OffsetDateTime,
    ) -> Result<Self, FlowTokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| FlowTokenError::Invalid)?;
        if header.alg != Algorithm::HS256 {
            return Err(FlowTokenError::Invalid);
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| keys.find(kid))
            .ok_or(FlowTokenError::Invalid)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        // Expiry is checked against the campaign's clock below, not the system clock.
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<FlowState>(token, &key.decoding, &validation)
            .map_err(|_| FlowTokenError::Invalid)?;
        let now = now.unix_timestamp();
        // `iat` bounds the flow too, whatever `exp` says.
        if data.claims.exp <= now
            || now
                >= data
                    .claims
                    .iat
                    .saturating_add(FLOW_LIFETIME.whole_seconds())
        {
            return Err(FlowTokenError::Expired);
        }
        Ok(data.claims)
    }
}

/// How the flow cookie is named and scoped.
#[derive(Debug, Clone)]
pub(crate) struct CookieSettings {
    pub secure: bool,
    pub path: String,
}

impl CookieSettings {
    /// `__Host-` cookies must have `Path=/` (browsers reject any other path), so over https the
    /// cookie covers the origin and relies on the prefix for integrity; over plain http it is
    /// scoped to the flow's path.
    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-registration-campaign"
        } else {
            "registration-campaign"
        }
    }

    pub fn build(&self, value: String) -> Cookie<'static> {
        let mut cookie = Cookie::new(self.name(), value);
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(self.secure);
        cookie.set_path(if self.secure {
            "/".to_owned()
        } else {
            self.path.clone()
        });
        cookie.set_max_age(FLOW_LIFETIME);
        cookie
    }

    pub fn removal(&self) -> Cookie<'static> {
        let mut cookie = self.build(String::new());
        cookie.set_max_age(Duration::ZERO);
        cookie.set_expires(OffsetDateTime::UNIX_EPOCH);
        cookie
    }

    /// The flow token from a request's `Cookie` headers.
    pub fn find<'a>(&self, headers: &'a http::HeaderMap) -> Option<&'a str> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

    fn state() -> FlowState {
        FlowState::start(
            "u".into(),
            "a".into(),
            "/".into(),
            false,
            Some(3),
            1,
            "Alice".into(),
            NOW,
        )
    }

    fn keys(kid: &str, byte: u8) -> FlowKeys {
        FlowKeys::new(FlowKey::new(kid, &[byte; 32]).unwrap())
    }

    #[test]
    fn round_trips_and_expires_after_15_minutes() {
        let k = keys("k1", 1);
        let original = state();
        let token = original.encode(&k);
        assert_eq!(FlowState::decode(&token, &k, NOW).unwrap(), original);
        let late = NOW + FLOW_LIFETIME;
        assert_eq!(
            FlowState::decode(&token, &k, late),
            Err(FlowTokenError::Expired)
        );
        // Moving through the steps does not extend the flow.
        let later_step = original
            .at_step(FlowStep::Scan, NOW + Duration::minutes(14))
            .encode(&k);
        assert!(FlowState::decode(&later_step, &k, NOW + Duration::minutes(14)).is_ok());
        assert_eq!(
            FlowState::decode(&later_step, &k, late),
            Err(FlowTokenError::Expired)
        );
    }

    #[test]
    fn tampered_foreign_and_unsigned_tokens_are_invalid() {
        let k = keys("k1", 1);
        let token = state().encode(&k);
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(
            FlowState::decode(&tampered, &k, NOW),
            Err(FlowTokenError::Invalid)
        );
        let foreign = keys("k1", 2);
        assert_eq!(
            FlowState::decode(&token, &foreign, NOW),
            Err(FlowTokenError::Invalid)
        );
        let (_, rest) = token.split_once('.').unwrap();
        let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
        let unsigned = format!("{none_header}.{}.", rest.split_once('.').unwrap().0);
        assert_eq!(
            FlowState::decode(&unsigned, &k, NOW),
            Err(FlowTokenError::Invalid)
        );
        assert_eq!(
            FlowState::decode("garbage", &k, NOW),
            Err(FlowTokenError::Invalid)
        );
    }

    #[test]
    fn rotated_keys_accept_tokens_of_the_previous_key() {
        let old = keys("k1", 1);
        let token = state().encode(&old);
        let rotated = FlowKeys::new(FlowKey::new("k2", &[3; 32]).unwrap())
            .with_previous(FlowKey::new("k1", &[1; 32]).unwrap());
        assert!(FlowState::decode(&token, &rotated, NOW).is_ok());
        assert!(state().encode(&rotated).len() > 10);
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(matches!(
            FlowKey::new("k", b"short"),
            Err(FlowKeyError::TooShort(5))
        ));
    }

    #[test]
    fn csrf_check_is_exact() {
        let s = state();
        assert!(s.csrf_matches(&s.csrf.clone()));
        assert!(!s.csrf_matches(""));
        assert!(!s.csrf_matches(&s.csrf[1..]));
    }
}
