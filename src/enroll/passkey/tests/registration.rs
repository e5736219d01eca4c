//! Registering a passkey: the ceremony, its answers and the policy's passkey rules.

use super::*;

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
