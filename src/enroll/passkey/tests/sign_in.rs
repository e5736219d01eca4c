//! Signing in with a registered passkey, the SQLite store, origins and user handles, and the
//! browser script against webauthn-rs.

use super::*;

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
