//! [`PasskeyMethod`]: its configuration and the [`EnrollmentMethod`] steps.

use std::sync::Arc;

use async_trait::async_trait;
use rand::RngCore;
use url::Url;
use webauthn_rs::prelude::{AttestationCaList, Webauthn, WebauthnBuilder};

use super::ceremony::{self, CLAIM_LIFETIME, CredentialClaim, ENROLLMENT_LIFETIME, Enrollment};
use super::providers::suggested_name;
use super::rules::{PasskeyFacts, check_passkey, wants_attestation};
use crate::directory::UserDirectory;
use crate::enroll::protocol::{b64, unb64};
use crate::enroll::{
    Authenticator, EnrollContext, EnrollError, EnrollmentMethod, Registration, ScanView, Submitted,
};
use crate::store::{StoreError, TypedRecord};

/// Why a [`PasskeyMethod`] could not be configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasskeyConfigError {
    /// The relying party id is not a domain name (`login.example.com`, `example.com`,
    /// `localhost`).
    #[error("the passkey relying party id {0:?} is not a domain name (such as example.com)")]
    InvalidRpId(String),
    /// The origin is not https (http is allowed for `localhost` only, as browsers do).
    #[error("the passkey origin {0} is not https (browsers allow http only for localhost)")]
    InsecureOrigin(String),
    /// The origin's host is an IP address: browsers create passkeys for domain names only.
    #[error(
        "the passkey origin {0} has no domain name (browsers refuse passkeys for IP addresses; use localhost or a name)"
    )]
    NoDomain(String),
    /// The origin's host is neither the relying party id nor a subdomain of it.
    #[error(
        "the passkey origin {origin} is not on {rp_id} or a subdomain of it, so browsers would refuse the relying party id"
    )]
    OriginNotUnderRpId {
        /// The origin given.
        origin: String,
        /// The relying party id given.
        rp_id: String,
    },
    /// webauthn-rs refused the configuration.
    #[error("webauthn-rs refused the passkey configuration: {0}")]
    Webauthn(String),
}

/// Passkeys (WebAuthn) with webauthn-rs: the browser creates a passkey where the user chooses
/// (their phone, computer, password manager or a security key) and verifies the user with a
/// face, fingerprint, PIN or screen lock.
///
/// - **Options**: user verification required; a discoverable credential (resident key)
///   preferred; the user's existing passkeys excluded; attestation requested only when a
///   passkey profile enforces it ([`PasskeyRules::require_attestation`](super::PasskeyRules)).
/// - **Ceremony**: server-side in the campaign store, 5 minutes, answered at most once (see
///   `ceremony.rs`), tied to the enrollment and so to the user and the flow.
/// - **Answer** (the `code` of [`submit`](EnrollmentMethod::submit), the credential as JSON,
///   which `assets/passkey.js` posts): verified by webauthn-rs, then the passkey profile rules
///   from [`EnrollContext::passkey_rules`], then uniqueness across users through the host's
///   [`UserDirectory::passkey_owner`](crate::UserDirectory::passkey_owner). Anything refused is an [`EnrollError::Invalid`] whose message is a
///   sentence for the user, and nothing is stored; an expired ceremony, or a submission without
///   an answer, stays on the page ([`Submitted::Stay`]) with a fresh challenge.
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::{enroll::PasskeyMethod, MemoryDirectory};
///
/// let origin = url::Url::parse("https://login.contoso.com")?;
/// let passkeys = PasskeyMethod::new("contoso.com", &origin, "Contoso", Arc::new(MemoryDirectory::new()))?;
/// assert_eq!(passkeys.rp_id(), "contoso.com");
///
/// // The relying party id must be the origin's host or a parent domain of it.
/// let elsewhere = url::Url::parse("https://login.fabrikam.com")?;
/// assert!(PasskeyMethod::new("contoso.com", &elsewhere, "Contoso", Arc::new(MemoryDirectory::new())).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PasskeyMethod {
    pub(crate) webauthn: Webauthn,
    rp_id: String,
    rp_name: String,
    origins: Vec<Url>,
    pub(crate) directory: Arc<dyn UserDirectory>,
    pub(crate) attestation_cas: Option<AttestationCaList>,
}

impl std::fmt::Debug for PasskeyMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasskeyMethod")
            .field("rp_id", &self.rp_id)
            .field("rp_name", &self.rp_name)
            .field(
                "origins",
                &self.origins.iter().map(Url::as_str).collect::<Vec<_>>(),
            )
            .field(
                "attestation_cas",
                &self.attestation_cas.as_ref().map(|c| c.len()),
            )
            .finish_non_exhaustive()
    }
}

/// The origin of `url` (scheme, host and port), checked against `rp_id`.
fn checked_origin(rp_id: &str, url: &Url) -> Result<Url, PasskeyConfigError> {
    let shown = url.origin().ascii_serialization();
    let Some(host) = url.domain() else {
        return Err(PasskeyConfigError::NoDomain(shown));
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if url.scheme() != "https" && !(url.scheme() == "http" && host == "localhost") {
        return Err(PasskeyConfigError::InsecureOrigin(shown));
    }
    if host != rp_id && !host.ends_with(&format!(".{rp_id}")) {
        return Err(PasskeyConfigError::OriginNotUnderRpId {
            origin: shown,
            rp_id: rp_id.to_owned(),
        });
    }
    Url::parse(&shown).map_err(|_| PasskeyConfigError::NoDomain(shown))
}

fn checked_rp_id(rp_id: &str) -> Result<String, PasskeyConfigError> {
    let lower = rp_id.trim_end_matches('.').to_ascii_lowercase();
    match url::Host::parse(&lower) {
        Ok(url::Host::Domain(d)) if !d.is_empty() && d == lower => Ok(lower),
        _ => Err(PasskeyConfigError::InvalidRpId(rp_id.to_owned())),
    }
}

fn build(rp_id: &str, rp_name: &str, origins: &[Url]) -> Result<Webauthn, PasskeyConfigError> {
    let failed =
        |e: webauthn_rs::prelude::WebauthnError| PasskeyConfigError::Webauthn(e.to_string());
    let (first, more) = origins
        .split_first()
        .ok_or_else(|| PasskeyConfigError::Webauthn("no origin".into()))?;
    let mut builder = WebauthnBuilder::new(rp_id, first)
        .map_err(failed)?
        .rp_name(rp_name)
        .timeout(std::time::Duration::from_secs(
            ceremony::CEREMONY_LIFETIME.whole_seconds().unsigned_abs(),
        ));
    for origin in more {
        builder = builder.append_allowed_origin(origin);
    }
    builder.build().map_err(failed)
}

impl PasskeyMethod {
    /// The method's id (`passkey`).
    pub const ID: &'static str = "passkey";

    /// Passkeys for the relying party `rp_id` (the domain passkeys are bound to: the origin's
    /// host or a parent domain of it, and it can never change without losing every passkey),
    /// used from `origin` (the host's public origin, `https://login.contoso.com`), shown to the
    /// user as `rp_name`. `directory` is the host's (the same as
    /// [`CampaignBuilder::directory`](crate::CampaignBuilder::directory)'s): it names a user's
    /// passkeys and the owner of a credential id.
    pub fn new(
        rp_id: &str,
        origin: &Url,
        rp_name: &str,
        directory: Arc<dyn UserDirectory>,
    ) -> Result<Self, PasskeyConfigError> {
        let rp_id = checked_rp_id(rp_id)?;
        let origins = vec![checked_origin(&rp_id, origin)?];
        let webauthn = build(&rp_id, rp_name, &origins)?;
        Ok(Self {
            webauthn,
            rp_id,
            rp_name: rp_name.to_owned(),
            origins,
            directory,
            attestation_cas: None,
        })
    }

    /// Passkeys bound to the host of `origin` itself (`http://localhost:3000` gives the
    /// relying party id `localhost`).
    pub fn for_origin(
        origin: &Url,
        rp_name: &str,
        directory: Arc<dyn UserDirectory>,
    ) -> Result<Self, PasskeyConfigError> {
        let host = origin
            .domain()
            .ok_or_else(|| PasskeyConfigError::NoDomain(origin.origin().ascii_serialization()))?;
        Self::new(host, origin, rp_name, directory)
    }

    /// Also accepts answers from `origin` (another host under the same relying party id).
    pub fn with_origin(mut self, origin: &Url) -> Result<Self, PasskeyConfigError> {
        let origin = checked_origin(&self.rp_id, origin)?;
        if !self.origins.contains(&origin) {
            self.origins.push(origin);
            self.webauthn = build(&self.rp_id, &self.rp_name, &self.origins)?;
        }
        Ok(self)
    }

    /// The trust anchors for attestation (for example the FIDO Metadata Service's roots, or a
    /// vendor's): a passkey profile with `attestationEnforcement: registrationOnly` accepts
    /// only passkeys whose attestation chains to one of them. Without them, such a profile
    /// accepts no passkey.
    pub fn with_attestation_cas(mut self, cas: AttestationCaList) -> Self {
        self.attestation_cas = Some(cas);
        self
    }

    /// The relying party id.
    pub fn rp_id(&self) -> &str {
        &self.rp_id
    }

    /// The origins answers may come from.
    pub fn origins(&self) -> &[Url] {
        &self.origins
    }

    pub(crate) fn directory_error(error: crate::BoxError) -> EnrollError {
        EnrollError::Store(StoreError::Backend(error))
    }

    async fn enrollment(
        cx: &EnrollContext<'_>,
        handle: &str,
    ) -> Result<TypedRecord<Enrollment>, EnrollError> {
        match cx.load::<Enrollment>(handle).await? {
            Some(e) if e.value.user == cx.user_id => Ok(e),
            _ => Err(EnrollError::Expired),
        }
    }

    /// The user's existing credential ids, for the options' exclude list.
    async fn existing(&self, cx: &EnrollContext<'_>) -> Result<Vec<Vec<u8>>, EnrollError> {
        let user = self
            .directory
            .user(cx.tenant(), cx.user_id)
            .await
            .map_err(Self::directory_error)?;
        Ok(user
            .iter()
            .flat_map(|u| &u.passkey_ids)
            .filter_map(|id| unb64(id))
            .collect())
    }
}

#[async_trait]
impl EnrollmentMethod for PasskeyMethod {
    fn id(&self) -> &'static str {
        Self::ID
    }

    fn display_name(&self) -> &str {
        "Passkey"
    }

    async fn begin(&self, cx: &EnrollContext<'_>) -> Result<String, EnrollError> {
        if cx.passkey_rules().is_empty() {
            return Err(EnrollError::Invalid(
                super::PasskeyRuleViolation::NoProfile.to_string(),
            ));
        }
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let id = b64(&id);
        let enrollment = Enrollment {
            user: cx.user_id.into(),
            ceremony: None,
            registered: false,
        };
        let record = TypedRecord::new(
            &id,
            cx.user_id,
            enrollment,
            Some(cx.now + ENROLLMENT_LIFETIME),
        )?;
        if !record.insert(cx.store(), cx.now).await? {
            return Err(EnrollError::Invalid("enrollment id collision".into()));
        }
        Ok(id)
    }

    /// The options of the ceremony [`renew`](EnrollmentMethod::renew) started; nothing is
    /// written, so a reload, a second tab or a status poll never replaces the ceremony whose
    /// options are already on the page.
    async fn scan(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
    ) -> Result<ScanView, EnrollError> {
        let e = Self::enrollment(cx, enrollment).await?;
        if e.value.registered {
            return Err(EnrollError::Invalid(
                cx.texts().text("passkey-already-created"),
            ));
        }
        match e.value.ceremony {
            Some(ceremony) if !ceremony.options_json.is_empty() => Ok(ScanView::Passkey {
                options_json: ceremony.options_json,
            }),
            _ => Err(EnrollError::Invalid(cx.texts().text("passkey-changed"))),
        }
    }

    /// Starts a new ceremony (a new challenge) for the page, from a POST.
    async fn renew(&self, cx: &EnrollContext<'_>, enrollment: &str) -> Result<(), EnrollError> {
        let exclude = self.existing(cx).await?;
        let attestation = wants_attestation(cx.passkey_rules());
        // Two posts racing (two tabs): the one whose swap lands starts the live ceremony; the
        // other tries once more.
        for _ in 0..2 {
            let mut e = Self::enrollment(cx, enrollment).await?;
            if e.value.registered {
                return Err(EnrollError::Invalid(
                    cx.texts().text("passkey-already-created"),
                ));
            }
            let (_, ceremony) = ceremony::start(
                &self.webauthn,
                cx.user_id,
                cx.account,
                exclude.clone(),
                attestation,
                cx.now,
            )
            .map_err(|e| EnrollError::Invalid(format!("passkey options: {e}")))?;
            e.value.ceremony = Some(ceremony);
            if e.save(cx.store()).await? {
                return Ok(());
            }
        }
        Err(EnrollError::Invalid(cx.texts().text("passkey-changed")))
    }

    async fn submit(
        &self,
        cx: &EnrollContext<'_>,
        enrollment: &str,
        code: Option<&str>,
    ) -> Result<Submitted, EnrollError> {
        let mut e = Self::enrollment(cx, enrollment).await?;
        if e.value.registered {
            return Err(EnrollError::Invalid(
                cx.texts().text("passkey-already-saved"),
            ));
        }
        let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("passkey-choose-create")),
                attempts_left: None,
            });
        };
        let answer =
            ceremony::parse(code).map_err(|r| EnrollError::Invalid(cx.texts().text(r.0)))?;
        // Take the challenge out first: whatever follows, it is answered once.
        let Some(ceremony) = e.value.ceremony.take() else {
            return Err(EnrollError::Invalid(
                cx.texts().text("passkey-request-used"),
            ));
        };
        if !e.save(cx.store()).await? {
            return Err(EnrollError::Invalid(
                cx.texts().text("passkey-request-used"),
            ));
        }
        if ceremony.expired(cx.now) {
            return Ok(Submitted::Stay {
                error: Some(cx.texts().text("passkey-too-slow")),
                attempts_left: None,
            });
        }
        let credential = ceremony::finish(
            &self.webauthn,
            self.attestation_cas.as_ref(),
            &answer,
            &ceremony,
            cx.now,
        )
        .map_err(|r| EnrollError::Invalid(cx.texts().text(r.0)))?;
        if let Err(violation) = check_passkey(cx.passkey_rules(), &PasskeyFacts::from(&credential))
        {
            tracing::info!(%violation, aaguid = %credential.aaguid, "a passkey did not fit the policy");
            return Err(EnrollError::Invalid(violation.user_message(cx.texts())));
        }
        if let Some(owner) = self
            .directory
            .passkey_owner(cx.tenant(), &credential.credential_id)
            .await
            .map_err(Self::directory_error)?
        {
            let mine = owner == cx.user_id;
            tracing::warn!(
                mine,
                "a passkey registration named a credential id already registered"
            );
            return Err(EnrollError::Invalid(
                cx.texts().text(ceremony::Refusal::taken(mine).0),
            ));
        }
        let claim = TypedRecord::new(
            &credential.credential_id,
            cx.user_id,
            CredentialClaim,
            Some(cx.now + CLAIM_LIFETIME),
        )?;
        if !claim.insert(cx.store(), cx.now).await? {
            let mine = cx
                .load::<CredentialClaim>(&credential.credential_id)
                .await?
                .is_some_and(|c| c.record.owner == cx.user_id);
            return Err(EnrollError::Invalid(
                cx.texts().text(ceremony::Refusal::taken(mine).0),
            ));
        }
        e.value.registered = true;
        if !e.save(cx.store()).await? {
            return Err(EnrollError::Invalid(
                cx.texts().text("passkey-request-used"),
            ));
        }
        let name = suggested_name(&credential.aaguid);
        Ok(Submitted::Registered(Registration::new(
            cx,
            Authenticator::Passkey(credential),
            name,
        )))
    }
}
