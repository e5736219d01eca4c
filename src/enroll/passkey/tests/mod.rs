//! The passkey method through the `EnrollmentMethod` API, with a real store and real
//! credentials from webauthn-authenticator-rs's software authenticators (`SoftPasskey`, and
//! `SoftToken` where attestation with a certificate chain is needed).
//!
//! Both software authenticators always report a device-bound passkey (backup flags clear) and
//! `SoftPasskey` a zero AAGUID. For synced passkeys and known AAGUIDs, [`as_synced`] rewrites a
//! real `SoftPasskey` answer into what a synced provider sends (format `none`, whose
//! authenticator data is not signed at registration, with the BE and BS flags and the
//! provider's AAGUID): webauthn-rs then verifies it like any other answer.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_cbor_2::Value as Cbor;
use serde_json::Value as Json;
use time::{Duration, OffsetDateTime, macros::datetime};
use url::Url;
use uuid::Uuid;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::softtoken::{self, SoftToken};
use webauthn_authenticator_rs::{AuthenticatorBackend, WebauthnAuthenticator};
use webauthn_rs::prelude::{
    AttestationCaListBuilder, CreationChallengeResponse, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use super::ceremony::{CredentialClaim, Enrollment};
use super::*;
use crate::directory::{MemoryDirectory, UserDirectory};
use crate::enroll::{
    Authenticator, EnrollContext, EnrollError, EnrollmentMethod, RegisteredMethod, ScanView,
    SecretKey, Submitted,
};
use crate::store::{CampaignStore, MemoryStore, TenantStore, TypedRecord};

mod registration;
mod sign_in;

const ORIGIN: &str = "https://login.contoso.test";
const GPM: Uuid = uuid::uuid!("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4");
const T0: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

struct Site {
    store: TenantStore,
    key: SecretKey,
    directory: Arc<MemoryDirectory>,
    method: PasskeyMethod,
    now: OffsetDateTime,
}

fn site() -> Site {
    site_with(MemoryStore::new())
}

fn site_with<S: CampaignStore>(store: S) -> Site {
    let store = TenantStore::new(Arc::new(store), crate::tenant::TenantId::default_tenant());
    let directory = Arc::new(MemoryDirectory::new());
    let method = PasskeyMethod::new(
        "contoso.test",
        &Url::parse(ORIGIN).unwrap(),
        "Contoso",
        directory.clone(),
    )
    .unwrap();
    Site {
        store,
        key: SecretKey::random(),
        directory,
        method,
        now: T0,
    }
}

impl Site {
    /// Records a passkey the host already knows for `user` of the default tenant.
    fn add_id(&self, user: &str, credential_id: &str) -> bool {
        self.directory
            .add_passkey_id(&crate::TenantId::default_tenant(), user, credential_id)
    }

    fn cx<'a>(&'a self, user: &'a str, rules: Option<&'a [PasskeyRules]>) -> EnrollContext<'a> {
        let cx = EnrollContext::new(
            user,
            user,
            "Contoso",
            self.now,
            "https://login.contoso.test/registration-campaign",
            &self.store,
            &self.key,
        );
        match rules {
            Some(rules) => cx.with_passkey_rules(rules),
            None => cx,
        }
    }

    /// Begins an enrollment and renders the create page: the handle and the options.
    async fn start(&self, user: &str, rules: Option<&[PasskeyRules]>) -> (String, String) {
        let cx = self.cx(user, rules);
        let handle = self.method.begin(&cx).await.unwrap();
        (handle.clone(), self.options(user, &handle, rules).await)
    }

    /// A new ceremony (the flow's POST), then the page's options (its GET).
    async fn options(&self, user: &str, handle: &str, rules: Option<&[PasskeyRules]>) -> String {
        self.method
            .renew(&self.cx(user, rules), handle)
            .await
            .unwrap();
        match self
            .method
            .scan(&self.cx(user, rules), handle)
            .await
            .unwrap()
        {
            ScanView::Passkey { options_json } => options_json,
            other => panic!("not a passkey view: {other:?}"),
        }
    }

    async fn submit(
        &self,
        user: &str,
        handle: &str,
        code: &str,
        rules: Option<&[PasskeyRules]>,
    ) -> Result<Submitted, EnrollError> {
        self.method
            .submit(&self.cx(user, rules), handle, Some(code))
            .await
    }

    async fn enrollment(&self, handle: &str) -> Enrollment {
        TypedRecord::<Enrollment>::load(&self.store, handle, self.now)
            .await
            .unwrap()
            .unwrap()
            .value
    }

    /// Nothing of a refused answer was kept: no passkey, no claim, not registered.
    async fn nothing_stored(&self, handle: &str, credential: &str) {
        let id = credential_id(credential);
        assert!(
            TypedRecord::<CredentialClaim>::load(&self.store, &id, self.now)
                .await
                .unwrap()
                .is_none(),
            "a refused credential was claimed"
        );
        let e = self.enrollment(handle).await;
        assert!(!e.registered);
        assert!(e.ceremony.is_none(), "the answered challenge is used up");
    }
}

fn options(json: &str) -> CreationChallengeResponse {
    serde_json::from_str(json).unwrap()
}

/// What a browser at `ORIGIN` posts after `navigator.credentials.create`.
fn create(authenticator: &mut impl AuthenticatorBackend, json: &str) -> String {
    let credential = authenticator
        .do_registration(Url::parse(ORIGIN).unwrap(), options(json))
        .unwrap();
    serde_json::to_string(&credential).unwrap()
}

/// A user-verifying software passkey.
fn soft_passkey() -> SoftPasskey {
    SoftPasskey::new(true)
}

fn credential_id(answer: &str) -> String {
    let answer: Json = serde_json::from_str(answer).unwrap();
    answer["rawId"].as_str().unwrap().to_owned()
}

fn invalid(result: Result<Submitted, EnrollError>) -> String {
    match result {
        Err(EnrollError::Invalid(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn registered(result: Result<Submitted, EnrollError>) -> crate::enroll::Registration {
    match result {
        Ok(Submitted::Registered(r)) => r,
        other => panic!("expected a registration, got {other:?}"),
    }
}

fn passkey_of(r: &crate::enroll::Registration) -> &PasskeyCredential {
    match &r.authenticator {
        Authenticator::Passkey(p) => p,
        other => panic!("not a passkey: {other:?}"),
    }
}

/// `answer` as a synced provider would send it: format `none`, the backup-eligible and
/// backup-state flags set, and `aaguid`.
fn as_synced(answer: &str, aaguid: Uuid) -> String {
    rewritten(answer, |auth_data| {
        auth_data[32] |= 0x08 | 0x10;
        auth_data[37..53].copy_from_slice(aaguid.as_bytes());
    })
}

/// `answer` in format `none` (authenticator data not signed at registration), with its
/// authenticator data changed by `change`; the credential id fields follow the data's.
fn rewritten(answer: &str, change: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut answer: RegisterPublicKeyCredential = serde_json::from_str(answer).unwrap();
    let Cbor::Map(mut object) =
        serde_cbor_2::from_slice::<Cbor>(&answer.response.attestation_object).unwrap()
    else {
        panic!("not a map")
    };
    let Some(Cbor::Bytes(auth_data)) = object.get_mut(&Cbor::Text("authData".into())) else {
        panic!("no authData")
    };
    change(auth_data);
    let len = usize::from(u16::from_be_bytes([auth_data[53], auth_data[54]]));
    answer.raw_id = auth_data[55..55 + len].to_vec();
    answer.id = crate::enroll::protocol::b64(&answer.raw_id);
    object.insert(Cbor::Text("fmt".into()), Cbor::Text("none".into()));
    object.insert(Cbor::Text("attStmt".into()), Cbor::Map(BTreeMap::new()));
    answer.response.attestation_object = serde_cbor_2::to_vec(&Cbor::Map(object)).unwrap();
    serde_json::to_string(&answer).unwrap()
}
