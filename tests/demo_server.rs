//! The demo example, started as a process and driven like a browser.

mod support;

use support::{Browser, Demo, temp_dir};

#[test]
fn an_in_scope_user_is_nudged_skips_and_stays_snoozed_across_a_restart() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut alice = Browser::new(&demo.address);
    let mfa = alice.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(mfa.status, 303);
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let prompt = alice.get("/registration-campaign");
    assert!(prompt.body.contains("Keep your account secure"));
    assert!(prompt.body.contains("Skip for now"));
    let skip = alice.post(
        "/registration-campaign/skip",
        &format!("csrf={}", prompt.csrf()),
    );
    assert_eq!(skip.header("location"), Some("/"));
    assert!(alice.get("/").body.contains("Signed in as Alice"));

    // kill -9 and start again on the same data: the snooze is still there.
    demo.kill();
    let demo = Demo::start(&data, &[]);
    let mut alice = Browser::new(&demo.address);
    let mfa = alice.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(
        mfa.header("location"),
        Some("/"),
        "snoozed for a day: no nudge"
    );
}

#[test]
fn the_built_in_users_show_each_rule() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    for (upn, password, nudged) in [
        ("alice@contoso.test", "alice-demo", true),
        ("bob@contoso.test", "bob-demo", false), // excluded group
        ("carol_fabrikam.test#EXT#@contoso.test", "carol-demo", true), // guest in scope
        ("dave@contoso.test", "dave-demo", false), // already has Authenticator push
        ("erin@contoso.test", "erin-demo", false), // passwordless mode
        ("frank@contoso.test", "frank-demo", false), // Conditional Access blocks registration
        ("grace@contoso.test", "grace-demo", true), // third-party authenticator app
    ] {
        let mut browser = Browser::new(&demo.address);
        let mfa = browser.sign_in(upn, password);
        let expected = if nudged {
            "/registration-campaign"
        } else {
            "/"
        };
        assert_eq!(mfa.header("location"), Some(expected), "{upn}");
    }
    let mut phone = Browser::new(&demo.address);
    phone.user_agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36".into();
    assert_eq!(
        phone
            .sign_in("alice@contoso.test", "alice-demo")
            .header("location"),
        Some("/")
    );
}

#[test]
fn wrong_passwords_and_codes_are_refused() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut browser = Browser::new(&demo.address);
    let login = browser.post("/login", "username=alice%40contoso.test&password=nope");
    assert_eq!(login.status, 401);
    browser.post(
        "/login",
        "username=alice%40contoso.test&password=alice-demo",
    );
    assert_eq!(browser.post("/mfa", "code=000000").status, 401);
    let cross_site = browser.request(
        "POST",
        "/mfa",
        Some(("application/x-www-form-urlencoded", "code=123456")),
        &[("Origin", "https://evil.example")],
    );
    assert_eq!(cross_site.status, 403);
}

/// Registers Grace's authenticator app by TOTP through the flow; returns once the server has
/// acknowledged it (the "Success!" page).
fn register_grace_by_totp(address: &str) {
    let mut grace = Browser::new(address);
    assert_eq!(
        grace
            .sign_in("grace@contoso.test", "grace-demo")
            .header("location"),
        Some("/registration-campaign")
    );
    let done = grace.register_by_totp();
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        grace
            .get("/registration-campaign")
            .body
            .contains("Success!")
    );
}

/// Loads the demo with nudges for 1.5 s, kills it with SIGKILL, restarts it on the same state,
/// and checks that every acknowledged snooze and the registration made before are still there.
fn kill_under_load(data: &std::path::Path, store_args: &[&str]) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let policy = data.join("policy.json");
    std::fs::write(
        &policy,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": false}}}"#,
    )
    .unwrap();
    let mut args = store_args.to_vec();
    args.extend(["--policy", policy.to_str().unwrap()]);
    let demo = Demo::start(data, &args);
    register_grace_by_totp(&demo.address);
    let address = demo.address.clone();
    let acknowledged = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (address, acknowledged, stop) =
                (address.clone(), acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let result = std::panic::catch_unwind(|| {
                        let mut alice = Browser::new(&address);
                        alice.sign_in("alice@contoso.test", "alice-demo")
                    });
                    // The nudge was shown: its snooze was stored before this answer left.
                    if let Ok(reply) = result
                        && reply.header("location") == Some("/registration-campaign")
                    {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    demo.kill();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        let _ = w.join();
    }
    let acknowledged = acknowledged.load(Ordering::SeqCst);
    assert!(acknowledged > 10, "the load ran ({acknowledged} nudges)");

    let mut args = store_args.to_vec();
    args.extend(["--admin-jwt-secret", "a-secret-for-this-test-32-bytes!!"]);
    let demo = Demo::start(data, &args);
    let token = demo.admin_token.clone();
    let mut admin = Browser::new(&demo.address);
    let reply = admin.request(
        "POST",
        "/v1.0/reports/registrationCampaign/whatIf",
        Some((
            "application/json",
            r#"{"id": "a11ce000-0000-4000-8000-000000000001", "methods": ["sms"]}"#,
        )),
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let stored = answer["state"]["snoozeCount"].as_u64().unwrap();
    eprintln!(
        "kill -9 under load ({store_args:?}): {acknowledged} snoozes acknowledged, {stored} stored"
    );
    assert!(
        stored >= acknowledged,
        "{stored} stored < {acknowledged} acknowledged"
    );
    // At most the requests in flight at the kill were stored without an answer.
    assert!(
        stored <= acknowledged + 4,
        "{stored} stored, {acknowledged} acknowledged"
    );
    // Grace's registration survived: she is not nudged again.
    let mut grace = Browser::new(&demo.address);
    assert_eq!(
        grace
            .sign_in("grace@contoso.test", "grace-demo")
            .header("location"),
        Some("/")
    );
}

#[test]
fn no_acknowledged_snooze_or_registration_is_lost_when_killed_under_load_on_sqlite() {
    kill_under_load(&temp_dir(), &[]);
}

#[test]
fn no_acknowledged_snooze_or_registration_is_lost_when_killed_under_load_on_postgres() {
    let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") else {
        eprintln!("REGISTRATION_CAMPAIGN_POSTGRES_URL is not set: skipped");
        return;
    };
    let schema = format!("rc_demo_{}", uuid::Uuid::new_v4().simple());
    let status = std::process::Command::new("psql")
        .args([url.as_str(), "-qc", &format!("CREATE SCHEMA {schema}")])
        .status();
    if !status.is_ok_and(|s| s.success()) {
        // Without psql, create the schema through the library's own connection.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let pool = sqlx::PgPool::connect(&url)
                .await
                .expect("PostgreSQL does not answer");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&pool)
                .await
                .unwrap();
        });
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    kill_under_load(&temp_dir(), &["--postgres", &scoped]);
}

#[test]
fn a_user_who_must_register_is_not_signed_in_until_registration_is_done() {
    let data = temp_dir();
    let policy = data.join("policy.json");
    std::fs::write(
        &policy,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": true}}}"#,
    )
    .unwrap();
    let demo = Demo::start(&data, &["--policy", policy.to_str().unwrap()]);
    for _ in 0..3 {
        let mut grace = Browser::new(&demo.address);
        grace.sign_in("grace@contoso.test", "grace-demo");
        let csrf = grace.get("/registration-campaign").csrf();
        grace.post("/registration-campaign/skip", &format!("csrf={csrf}"));
        assert!(
            grace.get("/").body.contains("Signed in as Grace"),
            "a skippable nudge signs in"
        );
    }
    let mut grace = Browser::new(&demo.address);
    let mfa = grace.sign_in("grace@contoso.test", "grace-demo");
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let prompt = grace.get("/registration-campaign");
    assert!(
        prompt.body.contains("maximum number of times"),
        "the required prompt: {}",
        prompt.body
    );
    assert!(
        mfa.header("set-cookie")
            .is_none_or(|c| !c.starts_with("demo_session=")),
        "session held back"
    );
    // Leaving the flow does not sign in.
    let home = grace.get("/");
    assert_eq!(home.header("location"), Some("/login"), "{}", home.body);
    // Registering releases the session.
    let registered = grace.register_by_totp();
    assert_eq!(registered.status, 303, "{}", registered.body);
    let csrf = grace.get("/registration-campaign").csrf();
    let done = grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert_eq!(done.header("location"), Some("/"));
    assert!(grace.get("/").body.contains("Signed in as Grace"));
}
