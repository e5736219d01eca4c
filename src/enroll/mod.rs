//! Real enrollment: authenticator methods behind one trait.
//!
//! - [`TotpMethod`] (the default): RFC 6238 codes from any authenticator app; at later
//!   sign-ins [`Campaign::verify_totp`](crate::Campaign::verify_totp) checks its codes.
//! - [`PushMethod`] (opt-in, for apps that speak its protocol; the demo offers it first): an open push-device
//!   protocol with a device key pair, proof of possession, and a number-matched test
//!   notification. See `docs/device-protocol.md` and [`protocol`].
//! - `PasskeyMethod` (opt-in, feature `passkeys`, on by default): passkeys (WebAuthn) with
//!   webauthn-rs, the policy's passkey profile rules ([`PasskeyRules`]), and passkey sign-in.
//!
//! A host can add its own method by implementing [`EnrollmentMethod`] and registering it with
//! [`CampaignBuilder::method`](crate::CampaignBuilder::method). Every method keeps its state in
//! the campaign store's records, so enrollment works across app instances.

mod passkey;
pub mod protocol;
#[cfg(feature = "push")]
pub(crate) mod push;
pub(crate) mod qr;
mod seal;
pub(crate) mod totp;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::store::{StoreError, TenantStore};
use crate::tenant::TenantId;

pub use crate::registration::{Authenticator, RegisteredMethod, Registration};
use crate::store::{Document, TypedRecord};
pub use passkey::{
    DEFAULT_PASSKEY_NAME, KeyRestrictionKind, KeyRestrictions, PasskeyCredential, PasskeyFacts,
    PasskeyRuleViolation, PasskeyRules, check_passkey, passkey_provider_name,
};
#[cfg(feature = "passkeys")]
pub use passkey::{
    PasskeyConfigError, PasskeyMethod, PasskeySignInError, PasskeySignInStart, PasskeySignedIn,
    passkey_user_handle,
};
#[cfg(feature = "push")]
pub use push::{PushChallengeState, PushMethod, PushSignIn};
pub use seal::{SealError, SecretKey};
pub use totp::TotpMethod;
pub use totp::sign_in::{MAX_WRONG_TOTP_CODES, TOTP_LOCKOUT, TotpSignIn};

impl Registration {
    /// What `cx`'s user registered just now, named `display_name`.
    pub fn new(
        cx: &EnrollContext<'_>,
        authenticator: Authenticator,
        display_name: impl Into<String>,
    ) -> Self {
        Self {
            tenant: cx.store.tenant().clone(),
            user_id: cx.user_id.into(),
            authenticator,
            display_name: display_name.into(),
            registered_at: cx.now,
        }
    }
}

/// A device that answered an enrollment QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The name the device gave itself.
    pub name: String,
    /// Its key fingerprint.
    pub fingerprint: String,
}

/// A short code and URL a device can enroll with instead of the QR code. `Debug` never prints
/// the code: it is a bearer secret while the enrollment is open.
#[derive(Clone, PartialEq, Eq)]
pub struct EnrollmentCode {
    /// Nine digits.
    pub code: String,
    /// The short URL the device sends the code to.
    pub url: String,
}

impl EnrollmentCode {
    /// The code in groups of three, as people read it (`123 456 789`).
    pub fn grouped(&self) -> String {
        self.code
            .as_bytes()
            .chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for EnrollmentCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrollmentCode")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Who is enrolling, and what an enrollment method may use: the store (through typed
/// [`TypedRecord`]s of its own [`Document`] kinds), sealing for secrets, and the clock. A method
/// sees nothing else of the campaign.
#[derive(Clone, Copy)]
pub struct EnrollContext<'a> {
    /// The user's id.
    pub user_id: &'a str,
    /// The account name shown in the app (the user's display name).
    pub account: &'a str,
    /// The issuer shown in authenticator apps (see `CampaignBuilder::issuer`).
    pub issuer: &'a str,
    /// The campaign clock's reading for this request.
    pub now: OffsetDateTime,
    /// The flow's absolute URL (`https://login.example.com/registration-campaign`), for links a
    /// device follows.
    pub flow_url: &'a str,
    store: &'a TenantStore,
    secret_key: &'a SecretKey,
    passkey_rules: Option<&'a [PasskeyRules]>,
    texts: &'a crate::locale::Texts,
}

/// What a method sees when the flow gives no passkey rules: any passkey.
static PERMISSIVE_PASSKEY_RULES: [PasskeyRules; 1] = [PasskeyRules::PERMISSIVE];

impl std::fmt::Debug for EnrollContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrollContext")
            .field("user_id", &self.user_id)
            .field("now", &self.now)
            .field("flow_url", &self.flow_url)
            .finish_non_exhaustive()
    }
}

impl<'a> EnrollContext<'a> {
    pub(crate) fn new(
        user_id: &'a str,
        account: &'a str,
        issuer: &'a str,
        now: OffsetDateTime,
        flow_url: &'a str,
        store: &'a TenantStore,
        secret_key: &'a SecretKey,
    ) -> Self {
        Self {
            user_id,
            account,
            issuer,
            now,
            flow_url,
            store,
            secret_key,
            passkey_rules: None,
            texts: crate::locale::Texts::english_ref(),
        }
    }

    /// A context outside the flow, for tests and benchmarks of an [`EnrollmentMethod`]
    /// (feature `testing`): the account is the user id, the issuer "Test".
    #[cfg(feature = "testing")]
    pub fn for_testing(
        user_id: &'a str,
        now: OffsetDateTime,
        store: &'a TenantStore,
        secret_key: &'a SecretKey,
    ) -> Self {
        Self::new(
            user_id,
            user_id,
            "Test",
            now,
            "https://localhost/registration-campaign",
            store,
            secret_key,
        )
    }

    /// The same context with the passkey profiles the user may register under (the flow fills
    /// them from the policy's FIDO2 configuration). A passkey is kept when it fits any of them;
    /// an empty list allows none.
    pub fn with_passkey_rules(mut self, rules: &'a [PasskeyRules]) -> Self {
        self.passkey_rules = Some(rules);
        self
    }

    /// The same context in the language of `texts` (the flow's).
    pub fn with_texts(mut self, texts: &'a crate::locale::Texts) -> Self {
        self.texts = texts;
        self
    }

    /// The user's language: what a method says to the user (an error, a failed test) comes
    /// from here, so a method of the host's can add its own messages with
    /// [`Locales::with_dir`](crate::locale::Locales::with_dir).
    ///
    /// ```
    /// # use registration_campaign::locale::Texts;
    /// # let texts = Texts::english();
    /// let message = texts.fmt("test-denied").arg("device", "Alice's phone").plain();
    /// assert_eq!(message, "The notification was denied on Alice's phone. Choose Next to send a new one.");
    /// ```
    pub fn texts(&self) -> &'a crate::locale::Texts {
        self.texts
    }

    /// The passkey profiles the user may register under: what
    /// [`with_passkey_rules`](Self::with_passkey_rules) set, else one that takes any passkey
    /// ([`PasskeyRules::PERMISSIVE`]).
    pub fn passkey_rules(&self) -> &'a [PasskeyRules] {
        self.passkey_rules.unwrap_or(&PERMISSIVE_PASSKEY_RULES)
    }

    /// The organization of the user enrolling.
    pub fn tenant(&self) -> &'a TenantId {
        self.store.tenant()
    }

    /// The campaign's store, for [`TypedRecord`]s of the method's own kinds.
    pub fn store(&self) -> &'a TenantStore {
        self.store
    }

    /// The live record of kind `T` with `id`.
    pub async fn load<T: Document>(&self, id: &str) -> Result<Option<TypedRecord<T>>, StoreError> {
        TypedRecord::load(self.store, id, self.now).await
    }

    /// Encrypts `plain` with the campaign's secret key, bound to `context`.
    pub fn seal(&self, plain: &[u8], context: &str) -> Result<String, SealError> {
        self.secret_key.seal(plain, context)
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
        self.secret_key.open(sealed, context)
    }
}

/// What the scan page shows, by the kind of method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanView {
    /// A code-based authenticator app (TOTP and the like): a QR code, the secret for manual
    /// entry, and a field for a code from the app.
    Code {
        /// The QR code's content (an `otpauth://` URI for TOTP).
        qr_payload: String,
        /// The secret, for typing into the app.
        secret: String,
    },
    /// A device that connects itself (push): a QR code, the same link for manual entry, the
    /// device once it has answered, and Next to send a test notification.
    Device {
        /// The QR code's content, also shown as a link.
        qr_payload: String,
        /// The device that has answered the QR code, if any.
        device: Option<DeviceInfo>,
        /// When the QR code stops working, if it does.
        expires_at: Option<OffsetDateTime>,
        /// A short code and URL for entering by hand, until a device has answered.
        code: Option<EnrollmentCode>,
    },
    /// A passkey the browser creates: a **Create a passkey** button whose script
    /// (`assets/passkey.js`) reads these options from a
    /// `<script type="application/json" id="passkey-options">` element and posts the new
    /// credential as the step form's `code`. Each render carries a fresh challenge.
    Passkey {
        /// The `PublicKeyCredentialCreationOptions` as JSON (`{"publicKey": {...}}`, binary
        /// fields in base64url). Contains no secret; escape it as JSON inside the element.
        options_json: String,
    },
}

/// What a submission on the scan page led to.
#[derive(Debug, Clone)]
pub enum Submitted {
    /// Stay on the scan page, with an error to show.
    Stay {
        /// Shown next to the field.
        error: Option<String>,
        /// Attempts left before a new secret is issued, if that applies.
        attempts_left: Option<u32>,
    },
    /// Go on to the test notification.
    Verify,
    /// Done: the authenticator is registered.
    Registered(Registration),
}

/// Where a test notification stands.
#[derive(Debug, Clone)]
pub enum Verification {
    /// Waiting for the device; the page shows `number`.
    Pending {
        /// The two-digit number to enter on the device.
        number: String,
        /// The device's name.
        device_name: String,
        /// When the notification can no longer be answered.
        expires_at: OffsetDateTime,
    },
    /// Approved with the right number: the authenticator is registered.
    Approved(Registration),
    /// Denied, wrong number or expired: the user can send a new one.
    Failed {
        /// What happened, for the page, naming the device.
        message: String,
        /// The device's name.
        device_name: String,
    },
}

/// Errors of an enrollment method.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// The enrollment is gone (expired, or never existed for this user).
    #[error("the enrollment expired")]
    Expired,
    /// The request does not fit the enrollment's state.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SealError> for EnrollError {
    fn from(e: SealError) -> Self {
        Self::Store(e.into())
    }
}

/// An authenticator the setup flow can register.
#[async_trait]
pub trait EnrollmentMethod: Send + Sync + 'static {
    /// A stable id, kept in the flow token (`push`, `totp`).
    fn id(&self) -> &'static str;

    /// How the done page names the result ("Microsoft Authenticator").
    fn display_name(&self) -> &str;

    /// The store pages of the app this method needs (iOS, Android), when it needs its own app:
    /// the download page links them and names the app with
    /// [`display_name`](Self::display_name). `None` (the default): any authenticator app, as
    /// the campaign's [`app_name`](crate::CampaignBuilder::app_name) and
    /// [`store_links`](crate::CampaignBuilder::store_links) describe.
    fn app_store_links(&self) -> Option<(&str, &str)> {
        None
    }

    /// Whether the phone shows several numbers and the user taps the one the test page shows
    /// (privacyIDEA's presence check), rather than typing it: the page's words say so. The
    /// default: typing.
    fn answered_by_choice(&self) -> bool {
        false
    }

    /// HTTP endpoints the method's own app calls (enrollment, polls, answers), if it has any:
    /// mounted at `{prefix}/m/{id}` for the default tenant and `{prefix}/t/{tenant}/m/{id}` for
    /// the others, with that tenant's [`Campaign`](crate::Campaign) in each request's
    /// extensions. The default: none.
    fn routes(&self) -> Option<axum::Router> {
        None
    }

    /// Starts an enrollment for `cx.user_id` and returns its handle. The flow keeps the handle
    /// sealed in its server-side record and passes it back to the other methods; it may be
    /// secret (the push method's handle is the enrollment credential, whose hash alone is stored
    /// by the method).
    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError>;

    /// What the scan page shows for this enrollment. Read-only: pages, reloads and status
    /// polls (GET requests) call it, so it must not change anything; what it shows is prepared
    /// by [`renew`](Self::renew).
    async fn scan(&self, cx: &EnrollContext<'_>, enrollment: &str)
    -> Result<ScanView, EnrollError>;

    /// Prepares what the scan page shows, from the user's POST: after [`begin`](Self::begin),
    /// on coming back to the scan step, and after a refused answer (a passkey ceremony is
    /// answered once, so the page needs a new one). The default does nothing.
    async fn renew(&self, cx: &EnrollContext<'_>, enrollment: &str) -> Result<(), EnrollError> {
        let _ = (cx, enrollment);
        Ok(())
    }

    /// The user pressed Next on the scan page, or sent `code`.
    async fn submit(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
        code: Option<&str>,
    ) -> Result<Submitted, EnrollError>;

    /// Makes a registration reported by `submit` or `verify` count, from the user's POST that
    /// completes the step, once the host has saved it (`UserDirectory::save_registration` runs first: a host that
    /// cannot save leaves nothing counted). Returns `true` only for the call that made it
    /// count; it may be called again for the same enrollment when the user retries. `verify` itself must
    /// not change anything, because pages and status polls call it too.
    async fn activate(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<bool, EnrollError> {
        let _ = (cx, enrollment);
        Ok(true)
    }

    /// Where the test notification stands (methods without one never return `Verify`).
    async fn verify(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<Verification, EnrollError> {
        let _ = (cx, enrollment);
        Err(EnrollError::Invalid(
            "this method has no test notification".into(),
        ))
    }
}
