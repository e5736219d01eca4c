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
