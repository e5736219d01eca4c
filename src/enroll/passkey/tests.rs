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

#[tokio::test]
async fn a_passkey_is_registered_end_to_end() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let o: Json = serde_json::from_str(&json).unwrap();
    let pk = &o["publicKey"];
    assert_eq!(pk["rp"]["id"], "contoso.test");
    assert_eq!(pk["rp"]["name"], "Contoso");
    assert_eq!(pk["authenticatorSelection"]["userVerification"], "required");
    assert_eq!(pk["authenticatorSelection"]["residentKey"], "preferred");
    assert_eq!(pk["attestation"], "none");
    assert_eq!(pk["timeout"], 300_000);
    assert!(pk.get("excludeCredentials").is_none_or(Json::is_null));
    assert_eq!(
        pk["user"]["id"],
        crate::enroll::protocol::b64(passkey_user_handle("alice").as_bytes())
    );

    let mut authenticator = soft_passkey();
    let answer = create(&mut authenticator, &json);
    let r = registered(site.submit("alice", &handle, &answer, None).await);
    assert_eq!(r.user_id, "alice");
    assert_eq!(r.method(), RegisteredMethod::Passkey);
    assert_eq!(r.method().to_string(), "passkey");
    assert_eq!(r.display_name, "Passkey", "a zero AAGUID names no provider");
    assert_eq!(r.registered_at, T0);
    let p = passkey_of(&r);
    assert_eq!(p.credential_id, credential_id(&answer));
    assert_eq!(p.aaguid, Uuid::nil());
    assert!(!p.backup_eligible && !p.backup_state && !p.attested);
    assert!(p.transports.is_empty());
    assert!(super::ceremony::passkey(&p.passkey_json).is_some());
    let debug = format!("{r:?}");
    assert!(!debug.contains(&p.passkey_json), "{debug}");
    // The record says so, and the credential id is claimed for this user.
    assert!(site.enrollment(&handle).await.registered);
    let claim = TypedRecord::<CredentialClaim>::load(&site.store, &p.credential_id, T0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.record.owner, "alice");
    assert!(
        site.method
            .activate(&site.cx("alice", None), &handle)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_submission_without_an_answer_stays_on_the_page() {
    let site = site();
    let (handle, _) = site.start("alice", None).await;
    let stay = site
        .method
        .submit(&site.cx("alice", None), &handle, None)
        .await;
    assert!(
        matches!(stay, Ok(Submitted::Stay { error: Some(_), .. })),
        "{stay:?}"
    );
    let blank = site.submit("alice", &handle, "  ", None).await;
    assert!(matches!(blank, Ok(Submitted::Stay { .. })), "{blank:?}");
    assert!(
        site.enrollment(&handle).await.ceremony.is_some(),
        "the challenge is still live"
    );
}

#[tokio::test]
async fn malformed_answers_are_refused_and_nothing_is_stored() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    for code in [
        "not json",
        "{}",
        r#"{"id":"x","rawId":"!!","response":{},"type":"public-key"}"#,
        &"x".repeat(70_000),
    ] {
        let message = invalid(site.submit("alice", &handle, code, None).await);
        assert!(message.contains("couldn't read"), "{message}");
    }
    // A well-formed credential whose attestation object is garbage.
    let mut answer: RegisterPublicKeyCredential =
        serde_json::from_str(&create(&mut soft_passkey(), &json)).unwrap();
    answer.response.attestation_object = vec![0xff; 8];
    let code = serde_json::to_string(&answer).unwrap();
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(message.contains("couldn't"), "{message}");
    site.nothing_stored(&handle, &code).await;
}

#[tokio::test]
async fn a_replayed_answer_is_refused() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let answer = create(&mut soft_passkey(), &json);
    registered(site.submit("alice", &handle, &answer, None).await);
    let message = invalid(site.submit("alice", &handle, &answer, None).await);
    assert!(message.contains("already saved"), "{message}");

    // A replay after a refused answer finds its challenge used up.
    let (handle, json) = site.start("bob", None).await;
    let answer = create(&mut soft_passkey(), &json);
    site.add_id("carol", &credential_id(&answer));
    invalid(site.submit("bob", &handle, &answer, None).await);
    let message = invalid(site.submit("bob", &handle, &answer, None).await);
    assert!(message.contains("already used"), "{message}");
}

#[tokio::test]
async fn an_answer_from_another_origin_is_refused() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    // A phishing page's browser: the authenticator signs for the real RP id, but the client
    // data names the page's origin (the client checks are skipped to get there).
    let credential = AuthenticatorBackend::perform_register(
        &mut soft_passkey(),
        Url::parse("https://contoso-test.evil.example").unwrap(),
        options(&json).public_key,
        60_000,
    )
    .unwrap();
    let code = serde_json::to_string(&credential).unwrap();
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(message.contains("different website"), "{message}");
    site.nothing_stored(&handle, &code).await;

    // A sibling host under the same RP id is not an allowed origin either, unless added.
    let json = site.options("alice", &handle, None).await;
    let credential = AuthenticatorBackend::perform_register(
        &mut soft_passkey(),
        Url::parse("https://other.contoso.test").unwrap(),
        options(&json).public_key,
        60_000,
    )
    .unwrap();
    let code = serde_json::to_string(&credential).unwrap();
    invalid(site.submit("alice", &handle, &code, None).await);
}

#[tokio::test]
async fn an_answer_for_another_rp_id_is_refused() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let mut options = options(&json).public_key;
    options.rp.id = "evil.example".into();
    let credential = AuthenticatorBackend::perform_register(
        &mut soft_passkey(),
        Url::parse(ORIGIN).unwrap(),
        options,
        60_000,
    )
    .unwrap();
    let code = serde_json::to_string(&credential).unwrap();
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(message.contains("different website"), "{message}");
    site.nothing_stored(&handle, &code).await;
}

#[tokio::test]
async fn a_challenge_of_another_user_or_flow_is_refused() {
    let site = site();
    let (alice, alice_json) = site.start("alice", None).await;
    let (bob, _) = site.start("bob", None).await;
    // Bob's browser answers Alice's options and posts to his own enrollment.
    let code = create(&mut soft_passkey(), &alice_json);
    let message = invalid(site.submit("bob", &bob, &code, None).await);
    assert!(message.contains("different passkey request"), "{message}");
    site.nothing_stored(&bob, &code).await;
    // Alice's enrollment handle means nothing in Bob's context.
    assert!(matches!(
        site.submit("bob", &alice, &code, None).await,
        Err(EnrollError::Expired)
    ));
    assert!(
        site.enrollment(&alice).await.ceremony.is_some(),
        "Alice's challenge is untouched"
    );

    // Alice's older flow: its answer goes nowhere in her newer one.
    let (newer, _) = site.start("alice", None).await;
    let message = invalid(site.submit("alice", &newer, &code, None).await);
    assert!(message.contains("different passkey request"), "{message}");

    // A new render replaces the challenge the previous one showed.
    let (handle, first) = site.start("carol", None).await;
    let _second = site.options("carol", &handle, None).await;
    let stale = create(&mut soft_passkey(), &first);
    invalid(site.submit("carol", &handle, &stale, None).await);
    site.nothing_stored(&handle, &stale).await;
}

#[tokio::test]
async fn an_expired_ceremony_stays_on_the_page_with_nothing_stored() {
    let mut site = site();
    let (handle, json) = site.start("alice", None).await;
    let code = create(&mut soft_passkey(), &json);
    site.now = T0 + Duration::minutes(5);
    let stay = site.submit("alice", &handle, &code, None).await;
    match stay {
        Ok(Submitted::Stay { error: Some(e), .. }) => assert!(e.contains("too long"), "{e}"),
        other => panic!("{other:?}"),
    }
    site.nothing_stored(&handle, &code).await;
    // The page shows a fresh challenge, which works.
    let json = site.options("alice", &handle, None).await;
    registered(
        site.submit("alice", &handle, &create(&mut soft_passkey(), &json), None)
            .await,
    );
}

#[tokio::test]
async fn a_credential_id_registered_to_anyone_is_refused() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let code = create(&mut soft_passkey(), &json);
    site.add_id("bob", &credential_id(&code));
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(
        message.contains("can't be used for your account"),
        "{message}"
    );
    assert_eq!(site.directory.passkey_count(), 1);
    let e = site.enrollment(&handle).await;
    assert!(!e.registered);

    // The user's own, registered after the page was shown (so not excluded by the browser).
    let site = self::site();
    let (handle, json) = site.start("alice", None).await;
    let code = create(&mut soft_passkey(), &json);
    site.add_id("alice", &credential_id(&code));
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(
        message.contains("already set up for your account"),
        "{message}"
    );

    // Two registrations racing with the same id: the second finds the first one's claim.
    let site = self::site();
    let (first, json) = site.start("alice", None).await;
    let code = create(&mut soft_passkey(), &json);
    let id = credential_id(&code);
    TypedRecord::new(&id, "bob", CredentialClaim, Some(T0 + Duration::days(1)))
        .unwrap()
        .insert(&site.store, T0)
        .await
        .unwrap();
    let message = invalid(site.submit("alice", &first, &code, None).await);
    assert!(message.contains("can't be used"), "{message}");
}

#[tokio::test]
async fn a_passkey_without_user_verification_is_refused() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    // A client that ignores `userVerification: required`: the authenticator only checks
    // presence, and the UV flag stays clear.
    let mut options = options(&json);
    options
        .public_key
        .authenticator_selection
        .as_mut()
        .unwrap()
        .user_verification = webauthn_rs_proto::UserVerificationPolicy::Discouraged_DO_NOT_USE;
    let credential = SoftPasskey::new(false)
        .do_registration(Url::parse(ORIGIN).unwrap(), options)
        .unwrap();
    let code = serde_json::to_string(&credential).unwrap();
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(message.contains("check that it's you"), "{message}");
    site.nothing_stored(&handle, &code).await;
}

#[tokio::test]
async fn the_users_passkeys_are_excluded_from_the_options() {
    let site = site();
    site.add_id("alice", "AAECAw");
    site.add_id("alice", "BAUGBw");
    site.add_id("bob", "CAkKCw");
    let old = [7u8; 32];
    site.add_id("alice", &crate::enroll::protocol::b64(&old));
    let (handle, json) = site.start("alice", None).await;
    let o: Json = serde_json::from_str(&json).unwrap();
    let mut ids: Vec<&str> = o["publicKey"]["excludeCredentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "AAECAw",
            "BAUGBw",
            "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"
        ]
    );
    // An excluded credential that comes back anyway (a client ignoring the list) is refused
    // by webauthn-rs, and said to be the user's already.
    let code = rewritten(&create(&mut soft_passkey(), &json), |auth_data| {
        auth_data[55..87].copy_from_slice(&old);
    });
    assert_eq!(credential_id(&code), crate::enroll::protocol::b64(&old));
    let message = invalid(site.submit("alice", &handle, &code, None).await);
    assert!(
        message.contains("already set up for your account"),
        "{message}"
    );
}

#[tokio::test]
async fn synced_passkeys_are_named_by_provider_and_follow_the_passkey_types() {
    let device_bound_only = [PasskeyRules {
        allow_synced: false,
        ..PasskeyRules::PERMISSIVE
    }];
    let synced_only = [PasskeyRules {
        allow_device_bound: false,
        ..PasskeyRules::PERMISSIVE
    }];

    // Any passkey: a synced Google Password Manager passkey is kept, and named.
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let code = as_synced(&create(&mut soft_passkey(), &json), GPM);
    let r = registered(site.submit("alice", &handle, &code, None).await);
    assert_eq!(r.display_name, "Google Password Manager");
    let p = passkey_of(&r);
    assert!(p.backup_eligible && p.backup_state);
    assert_eq!(p.aaguid, GPM);

    // Device-bound only: the synced one is refused with the policy's reason.
    let (handle, json) = site.start("bob", Some(&device_bound_only)).await;
    let code = as_synced(&create(&mut soft_passkey(), &json), GPM);
    let message = invalid(
        site.submit("bob", &handle, &code, Some(&device_bound_only))
            .await,
    );
    assert_eq!(message, PasskeyRuleViolation::SyncedNotAllowed.to_string());
    assert_eq!(site.directory.passkey_count(), 0);
    assert!(!site.enrollment(&handle).await.registered);
    // ... and a device-bound one is kept.
    let json = site.options("bob", &handle, Some(&device_bound_only)).await;
    let code = create(&mut soft_passkey(), &json);
    registered(
        site.submit("bob", &handle, &code, Some(&device_bound_only))
            .await,
    );

    // Synced only: a device-bound one is refused.
    let (handle, json) = site.start("carol", Some(&synced_only)).await;
    let code = create(&mut soft_passkey(), &json);
    let message = invalid(
        site.submit("carol", &handle, &code, Some(&synced_only))
            .await,
    );
    assert_eq!(
        message,
        PasskeyRuleViolation::DeviceBoundNotAllowed.to_string()
    );
}

#[tokio::test]
async fn aaguid_lists_and_an_empty_profile_list_are_enforced() {
    let block_gpm = [PasskeyRules {
        key_restrictions: KeyRestrictions {
            is_enforced: true,
            enforcement: KeyRestrictionKind::Block,
            aaguids: vec![GPM],
        },
        ..PasskeyRules::PERMISSIVE
    }];
    let site = site();
    let (handle, json) = site.start("alice", Some(&block_gpm)).await;
    let code = as_synced(&create(&mut soft_passkey(), &json), GPM);
    let message = invalid(site.submit("alice", &handle, &code, Some(&block_gpm)).await);
    assert!(message.contains("Google Password Manager"), "{message}");
    site.nothing_stored(&handle, &code).await;

    let none: [PasskeyRules; 0] = [];
    let refused = site.method.begin(&site.cx("alice", Some(&none))).await;
    assert!(matches!(refused, Err(EnrollError::Invalid(m)) if m.contains("doesn't allow")));
}

#[tokio::test]
async fn attestation_is_requested_and_checked_only_when_a_profile_enforces_it() {
    let attested = [PasskeyRules {
        require_attestation: true,
        ..PasskeyRules::PERMISSIVE
    }];
    let (mut token, ca) = SoftToken::new(true).unwrap();
    let mut cas = AttestationCaListBuilder::new();
    cas.insert_device_x509(ca, softtoken::AAGUID, "Soft token".into(), BTreeMap::new())
        .unwrap();
    let mut site = site();
    site.method = PasskeyMethod::new(
        "contoso.test",
        &Url::parse(ORIGIN).unwrap(),
        "Contoso",
        site.directory.clone(),
    )
    .unwrap()
    .with_attestation_cas(cas.build());

    // Attestation chaining to a trust anchor: kept, and marked attested.
    let (handle, json) = site.start("alice", Some(&attested)).await;
    let o: Json = serde_json::from_str(&json).unwrap();
    assert_eq!(o["publicKey"]["attestation"], "direct");
    let code = create(&mut token, &json);
    let r = registered(site.submit("alice", &handle, &code, Some(&attested)).await);
    let p = passkey_of(&r);
    assert!(p.attested);
    assert_eq!(p.aaguid, softtoken::AAGUID);
    assert_eq!(p.transports, ["internal"]);

    // Self attestation (SoftPasskey) proves nothing: refused.
    let (handle, json) = site.start("bob", Some(&attested)).await;
    let code = create(&mut soft_passkey(), &json);
    let message = invalid(site.submit("bob", &handle, &code, Some(&attested)).await);
    assert_eq!(
        message,
        PasskeyRuleViolation::AttestationRequired.to_string()
    );
    site.nothing_stored(&handle, &code).await;

    // Without trust anchors nothing can be attested.
    let site = self::site();
    let (handle, json) = site.start("carol", Some(&attested)).await;
    let code = create(&mut token, &json);
    let message = invalid(site.submit("carol", &handle, &code, Some(&attested)).await);
    assert_eq!(
        message,
        PasskeyRuleViolation::AttestationRequired.to_string()
    );
}

#[tokio::test]
async fn the_options_can_sit_inside_a_script_element() {
    let site = site();
    let cx = site.cx("a</script><!--&", None);
    let handle = site.method.begin(&cx).await.unwrap();
    let json = site.options("a</script><!--&", &handle, None).await;
    assert!(
        !json.contains('<') && !json.contains('>') && !json.contains('&'),
        "{json}"
    );
    let o: Json = serde_json::from_str(&json).unwrap();
    assert_eq!(o["publicKey"]["user"]["name"], "a</script><!--&");
}

#[tokio::test]
async fn a_registered_passkey_signs_in_once_per_challenge() {
    let site = site();
    let (handle, json) = site.start("alice", None).await;
    let mut authenticator = soft_passkey();
    let r = registered(
        site.submit("alice", &handle, &create(&mut authenticator, &json), None)
            .await,
    );
    let mut passkey = passkey_of(&r).clone();
    let store = &site.store;

    let start = site
        .method
        .start_sign_in(store, T0, "alice", std::slice::from_ref(&passkey))
        .await
        .unwrap();
    let o: Json = serde_json::from_str(&start.options_json).unwrap();
    assert_eq!(o["publicKey"]["userVerification"], "required");
    assert_eq!(
        o["publicKey"]["allowCredentials"][0]["id"],
        passkey.credential_id.as_str()
    );
    let options: RequestChallengeResponse = serde_json::from_str(&start.options_json).unwrap();
    let assertion = authenticator
        .do_authentication(Url::parse(ORIGIN).unwrap(), options)
        .unwrap();
    let assertion = serde_json::to_string(&assertion).unwrap();

    // Another user cannot finish it.
    let other = site
        .method
        .finish_sign_in(
            store,
            T0,
            "bob",
            &start.ceremony_id,
            &assertion,
            &[passkey.clone()],
        )
        .await;
    assert!(
        matches!(other, Err(PasskeySignInError::Expired)),
        "{other:?}"
    );

    let signed_in = site
        .method
        .finish_sign_in(
            store,
            T0,
            "alice",
            &start.ceremony_id,
            &assertion,
            &[passkey.clone()],
        )
        .await
        .unwrap();
    assert_eq!(signed_in.credential_id, passkey.credential_id);
    assert_eq!(signed_in.counter, 1);
    assert!(signed_in.updated, "the counter went up");
    assert!(!signed_in.backup_eligible && !signed_in.backup_state);
    assert!(passkey.apply(&signed_in));
    assert_ne!(passkey.passkey_json, passkey_of(&r).passkey_json);

    // The same assertion again: the challenge is used up.
    let replay = site
        .method
        .finish_sign_in(
            store,
            T0,
            "alice",
            &start.ceremony_id,
            &assertion,
            &[passkey.clone()],
        )
        .await;
    assert!(
        matches!(replay, Err(PasskeySignInError::Expired)),
        "{replay:?}"
    );

    // A later sign-in with the updated passkey works; after 5 minutes the challenge is gone.
    let start = site
        .method
        .start_sign_in(store, T0, "alice", std::slice::from_ref(&passkey))
        .await
        .unwrap();
    let options: RequestChallengeResponse = serde_json::from_str(&start.options_json).unwrap();
    let assertion = authenticator
        .do_authentication(Url::parse(ORIGIN).unwrap(), options)
        .unwrap();
    let assertion = serde_json::to_string(&assertion).unwrap();
    let late = T0 + Duration::minutes(5);
    let expired = site
        .method
        .finish_sign_in(
            store,
            late,
            "alice",
            &start.ceremony_id,
            &assertion,
            &[passkey.clone()],
        )
        .await;
    assert!(
        matches!(expired, Err(PasskeySignInError::Expired)),
        "{expired:?}"
    );

    // Garbage is refused, and a user without passkeys gets no options.
    let start = site
        .method
        .start_sign_in(store, T0, "alice", std::slice::from_ref(&passkey))
        .await
        .unwrap();
    let garbage = site
        .method
        .finish_sign_in(
            store,
            T0,
            "alice",
            &start.ceremony_id,
            "{",
            &[passkey.clone()],
        )
        .await;
    assert!(
        matches!(garbage, Err(PasskeySignInError::Refused(_))),
        "{garbage:?}"
    );
    let none = site.method.start_sign_in(store, T0, "alice", &[]).await;
    assert!(
        matches!(none, Err(PasskeySignInError::NoPasskey)),
        "{none:?}"
    );
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn registration_and_replay_work_the_same_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("rc-passkey-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = crate::store::SqliteStore::open(dir.join("campaign.sqlite3"))
        .await
        .unwrap();
    let site = site_with(store);
    let (handle, json) = site.start("alice", None).await;
    let code = create(&mut soft_passkey(), &json);
    registered(site.submit("alice", &handle, &code, None).await);
    invalid(site.submit("alice", &handle, &code, None).await);
    let (handle, json) = site.start("bob", None).await;
    let code = create(&mut soft_passkey(), &json);
    site.add_id("carol", &credential_id(&code));
    invalid(site.submit("bob", &handle, &code, None).await);
    site.nothing_stored(&handle, &code).await;
    drop(site);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn origins_must_be_secure_and_under_the_rp_id() {
    let dir = || -> Arc<dyn UserDirectory> { Arc::new(MemoryDirectory::new()) };
    let url = |s: &str| Url::parse(s).unwrap();
    let ok = PasskeyMethod::new(
        "contoso.test",
        &url("https://login.contoso.test/x?y"),
        "C",
        dir(),
    )
    .unwrap();
    assert_eq!(ok.origins()[0].as_str(), "https://login.contoso.test/");
    assert!(
        PasskeyMethod::new(
            "Contoso.Test.",
            &url("https://contoso.test:8443"),
            "C",
            dir()
        )
        .is_ok()
    );
    assert!(PasskeyMethod::for_origin(&url("http://localhost:3000"), "C", dir()).is_ok());
    let err = |rp: &str, o: &str| PasskeyMethod::new(rp, &url(o), "C", dir()).unwrap_err();
    assert!(matches!(
        err("contoso.test", "https://login.fabrikam.test"),
        PasskeyConfigError::OriginNotUnderRpId { .. }
    ));
    assert!(matches!(
        err("contoso.test", "https://notcontoso.test"),
        PasskeyConfigError::OriginNotUnderRpId { .. }
    ));
    assert!(matches!(
        err("contoso.test", "http://login.contoso.test"),
        PasskeyConfigError::InsecureOrigin(_)
    ));
    assert!(matches!(
        err("contoso.test", "http://127.0.0.1:3000"),
        PasskeyConfigError::NoDomain(_)
    ));
    assert!(matches!(
        PasskeyMethod::for_origin(&url("https://[::1]:3000"), "C", dir()).unwrap_err(),
        PasskeyConfigError::NoDomain(_)
    ));
    assert!(matches!(
        err("https://contoso.test", "https://contoso.test"),
        PasskeyConfigError::InvalidRpId(_)
    ));
    let msg = err("contoso.test", "https://login.fabrikam.test").to_string();
    assert!(
        msg.contains("login.fabrikam.test") && msg.contains("contoso.test"),
        "{msg}"
    );
    let more = ok.with_origin(&url("https://other.contoso.test")).unwrap();
    assert_eq!(more.origins().len(), 2);
    assert!(more.with_origin(&url("https://fabrikam.test")).is_err());
}

#[test]
fn user_handles_are_stable_per_user() {
    assert_eq!(passkey_user_handle("alice"), passkey_user_handle("alice"));
    assert_ne!(passkey_user_handle("alice"), passkey_user_handle("bob"));
}

/// Runs `assets/passkey.js` in Node (`tests/js/passkey_harness.js`: a stub page and a
/// WebCrypto authenticator) on `options_json`; `None` when Node is not installed.
fn browser_script(mode: &str, options_json: &str, dir: &std::path::Path) -> Option<Json> {
    let harness = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/passkey_harness.js");
    let options = dir.join(format!("{mode}-options.json"));
    std::fs::write(&options, options_json).unwrap();
    let output = match std::process::Command::new("node")
        .arg(harness)
        .arg(mode)
        .arg(&options)
        .arg(ORIGIN)
        .arg(dir.join("key.json"))
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            eprintln!("skipping the browser script check: node is not available ({e})");
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[tokio::test]
async fn the_browser_script_posts_what_webauthn_rs_accepts() {
    let dir = std::env::temp_dir().join(format!("rc-passkey-js-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let site = site();
    let (handle, json) = site.start("alice", None).await;

    // No WebAuthn: the message shows and the button stays hidden.
    let Some(page) = browser_script("no-webauthn", &json, &dir) else {
        return;
    };
    assert_eq!(page["unsupported"], true);
    assert_eq!(page["button"], false);

    // A cancelled dialog: a message, a Try again button, nothing posted.
    let page = browser_script("cancel", &json, &dir).unwrap();
    assert!(
        page["error"]
            .as_str()
            .unwrap()
            .contains("wasn\u{2019}t created"),
        "{page}"
    );
    assert_eq!(page["button"], "Try again");
    assert_eq!(page["disabled"], false);

    // Created: the posted code registers, and the passkey then signs in.
    let page = browser_script("create", &json, &dir).unwrap();
    let code = page["posted"].as_str().unwrap();
    let r = registered(site.submit("alice", &handle, code, None).await);
    let passkey = passkey_of(&r).clone();
    assert_eq!(passkey.transports, ["internal"]);

    let store = &site.store;
    let start = site
        .method
        .start_sign_in(store, T0, "alice", std::slice::from_ref(&passkey))
        .await
        .unwrap();
    let page = browser_script("sign-in", &start.options_json, &dir).unwrap();
    let assertion = page["posted"].as_str().unwrap();
    let signed_in = site
        .method
        .finish_sign_in(
            store,
            T0,
            "alice",
            &start.ceremony_id,
            assertion,
            &[passkey],
        )
        .await
        .unwrap();
    assert_eq!(signed_in.counter, 1);
    let _ = std::fs::remove_dir_all(dir);
}
