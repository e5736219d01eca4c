//! The demo example, started as a process and driven like a browser.

use crate::support;

use crate::support::{Browser, Demo, temp_dir};

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
pub(crate) fn register_grace_by_totp(address: &str) {
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

/// Loads the demo with nudges until 50 are acknowledged, kills it with SIGKILL while the load
/// goes on, restarts it on the same state, and checks that every acknowledged snooze and the
/// registration made before are still there.
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
    // Kill it in full flight: once enough nudges were acknowledged, with the workers still going.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while acknowledged.load(Ordering::SeqCst) < 50 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    demo.kill();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        let _ = w.join();
    }
    let acknowledged = acknowledged.load(Ordering::SeqCst);
    assert!(acknowledged >= 50, "the load ran ({acknowledged} nudges)");

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
    let schema = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(crate::support::postgres::create_test_schema(
            &url, "rc_demo",
        ));
    let separator = if url.contains('?') { '&' } else { '?' };
    let scoped = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    kill_under_load(&temp_dir(), &["--postgres", &scoped]);
}

/// The demo with a snooze of 0 days and three skips, then registration required.
fn demo_with_limited_snoozes() -> Demo {
    let data = temp_dir();
    let policy = data.join("policy.json");
    std::fs::write(
        &policy,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": true}}}"#,
    )
    .unwrap();
    Demo::start(&data, &["--policy", policy.to_str().unwrap()])
}

/// Grace signs in and skips the nudge; returns her browser.
fn grace_skips(demo: &Demo) -> Browser {
    let mut grace = Browser::new(&demo.address);
    grace.sign_in("grace@contoso.test", "grace-demo");
    let csrf = grace.get("/registration-campaign").csrf();
    grace.post("/registration-campaign/skip", &format!("csrf={csrf}"));
    grace
}

#[test]
fn a_user_who_must_register_is_not_signed_in_until_registration_is_done() {
    let demo = demo_with_limited_snoozes();
    for _ in 0..3 {
        let mut grace = grace_skips(&demo);
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

#[test]
fn a_user_who_must_register_is_not_signed_in_whatever_the_user_agent() {
    let demo = demo_with_limited_snoozes();
    for _ in 0..3 {
        grace_skips(&demo);
    }
    for agent in [
        "curl/8.5.0",
        "",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        &format!("{} iPad", support::DESKTOP_CHROME),
    ] {
        let mut grace = Browser::new(&demo.address);
        grace.user_agent = agent.into();
        let mfa = grace.sign_in("grace@contoso.test", "grace-demo");
        assert!(
            mfa.status == 403 || mfa.header("location") == Some("/registration-campaign"),
            "{agent:?}: {} {}",
            mfa.status,
            mfa.body
        );
        if mfa.status == 403 {
            assert!(mfa.body.contains("registrationRequired"), "{}", mfa.body);
        }
        let home = grace.get("/");
        assert!(!home.body.contains("Signed in as"), "{agent:?} got in");
    }
}

// ---------------------------------------------------------------------------------------------
// The demo host's own security (issue 10, item 12).

/// Every page the demo itself serves, as a signed-in user would meet them.
fn demo_pages(demo: &Demo) -> Vec<(String, support::Reply)> {
    let mut pages = Vec::new();
    let mut bob = Browser::new(&demo.address);
    pages.push(("GET /login".to_owned(), bob.get("/login")));
    pages.push((
        "POST /login (wrong password)".to_owned(),
        bob.post("/login", "username=bob%40contoso.test&password=nope"),
    ));
    bob.post("/login", "username=bob%40contoso.test&password=bob-demo");
    pages.push(("GET /mfa".to_owned(), bob.get("/mfa")));
    pages.push((
        "POST /mfa (wrong code)".to_owned(),
        bob.post("/mfa", "code=000000"),
    ));
    bob.post("/mfa", "code=123456");
    pages.push(("GET / (signed in)".to_owned(), bob.get("/")));
    pages
}

#[test]
fn demo_pages_forbid_framing_inline_code_sniffing_and_caching() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    for (name, page) in demo_pages(&demo) {
        assert!(
            page.header("content-type")
                .is_some_and(|c| c.starts_with("text/html")),
            "{name}: {page:?}"
        );
        let csp = page
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{name}: no CSP"));
        for directive in [
            "default-src 'none'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{name}: {directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{name}: {csp}");
        assert_eq!(page.header("x-frame-options"), Some("DENY"), "{name}");
        assert_eq!(
            page.header("x-content-type-options"),
            Some("nosniff"),
            "{name}"
        );
        assert_eq!(
            page.header("referrer-policy"),
            Some("no-referrer"),
            "{name}"
        );
        assert_eq!(page.header("cache-control"), Some("no-store"), "{name}");
        for inline in ["<script", "<style", " style=", " onclick=", " onload="] {
            assert!(!page.body.contains(inline), "{name}: {inline}");
        }
        assert_eq!(page.body.matches("<h1").count(), 1, "{name}: one <h1>");
        assert!(page.body.contains("<html lang=\"en\""), "{name}");
        assert!(page.body.contains("href=\"/demo.css\""), "{name}");
    }
    let css = Browser::new(&demo.address).get("/demo.css");
    assert_eq!(css.status, 200);
    assert!(
        css.header("content-type")
            .is_some_and(|c| c.starts_with("text/css"))
    );
}

#[test]
fn sign_in_forms_have_labelled_fields_and_keep_their_names() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut alice = Browser::new(&demo.address);
    let login = alice.get("/login");
    for field in ["username", "password"] {
        assert!(
            login.body.contains(&format!("<label for=\"{field}\">")),
            "{field}"
        );
        assert!(
            login
                .body
                .contains(&format!("id=\"{field}\" name=\"{field}\"")),
            "{field}"
        );
    }
    assert!(login.body.contains("action=\"/login\""));
    assert!(login.body.contains(">Sign in</button>"));
    let wrong = alice.post("/login", "username=alice%40contoso.test&password=nope");
    assert!(
        wrong.body.contains("aria-invalid=\"true\""),
        "{}",
        wrong.body
    );
    assert!(
        wrong.body.contains("value=\"alice@contoso.test\""),
        "the email is kept"
    );
    alice.post(
        "/login",
        "username=alice%40contoso.test&password=alice-demo",
    );
    let mfa = alice.get("/mfa");
    assert!(mfa.body.contains("<label for=\"code\">"));
    assert!(mfa.body.contains("id=\"code\" name=\"code\""));
    assert!(mfa.body.contains("action=\"/mfa\""));
    assert!(mfa.body.contains(">Verify</button>"));
    let unknown = alice.get("/no-such-page");
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("<h1>Page not found</h1>"));
}

#[test]
fn a_null_origin_post_is_refused_unless_the_browser_says_same_origin() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let form = Some((
        "application/x-www-form-urlencoded",
        "username=bob%40contoso.test&password=bob-demo",
    ));
    let mut browser = Browser::new(&demo.address);
    // A sandboxed iframe or a data: URL posts with `Origin: null`.
    let null = browser.request("POST", "/login", form, &[("Origin", "null")]);
    assert_eq!(null.status, 403, "{}", null.body);
    let null_cross_site = browser.request(
        "POST",
        "/login",
        form,
        &[("Origin", "null"), ("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(null_cross_site.status, 403);
    let same_site = browser.request("POST", "/login", form, &[("Sec-Fetch-Site", "same-site")]);
    assert_eq!(same_site.status, 403, "a sibling site is not this origin");
    // Chromium sends `Origin: null` after a cross-origin redirect, but says same-origin.
    let same_origin = browser.request(
        "POST",
        "/login",
        form,
        &[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(same_origin.status, 303, "{}", same_origin.body);
    let own_origin = format!("http://{}", demo.address);
    let from_the_page = browser.request(
        "POST",
        "/login",
        form,
        &[("Origin", &own_origin), ("Sec-Fetch-Site", "same-origin")],
    );
    assert_eq!(from_the_page.status, 303);
    let look_alike = format!("http://evil.example.{}", demo.address);
    let look_alike = browser.request("POST", "/login", form, &[("Origin", &look_alike)]);
    assert_eq!(look_alike.status, 403, "an origin that only ends like ours");
    let longer = format!("http://{}.evil.example", demo.address);
    let longer = browser.request("POST", "/login", form, &[("Origin", &longer)]);
    assert_eq!(longer.status, 403, "an origin that only starts like ours");
}

#[test]
fn an_oversized_cookie_header_is_refused_with_431() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut browser = Browser::new(&demo.address);
    let huge = format!("junk={}", "a".repeat(200 * 1024));
    for path in ["/login", "/", "/registration-campaign", "/admin/"] {
        let reply = browser.request("GET", path, None, &[("Cookie", &huge)]);
        assert_eq!(reply.status, 431, "{path}");
    }
    let many = (0..400)
        .map(|i| format!("c{i}={}", "b".repeat(100)))
        .collect::<Vec<_>>()
        .join("; ");
    assert_eq!(
        browser
            .request("GET", "/login", None, &[("Cookie", &many)])
            .status,
        431,
        "40 KB of small cookies"
    );
    // An ordinary browser still gets through.
    assert_eq!(browser.sign_in("bob@contoso.test", "bob-demo").status, 303);
    assert!(browser.get("/").body.contains("Signed in as Bob"));
}

#[test]
fn idle_sessions_expire() {
    let data = temp_dir();
    let demo = Demo::start(&data, &["--session-idle-seconds", "3"]);
    let mut bob = Browser::new(&demo.address);
    bob.sign_in("bob@contoso.test", "bob-demo");
    demo.advance_clock(2);
    // Used within the idle time: the session lives on, from this request.
    assert!(bob.get("/").body.contains("Signed in as Bob"));
    demo.advance_clock(2);
    assert!(bob.get("/").body.contains("Signed in as Bob"));
    demo.advance_clock(4);
    assert_eq!(bob.get("/").header("location"), Some("/login"));
    // A half-finished sign-in expires too.
    let mut alice = Browser::new(&demo.address);
    alice.post(
        "/login",
        "username=alice%40contoso.test&password=alice-demo",
    );
    demo.advance_clock(4);
    assert_eq!(alice.get("/mfa").header("location"), Some("/login"));
}

#[test]
fn the_session_map_is_bounded_and_drops_the_least_recently_used() {
    let data = temp_dir();
    let demo = Demo::start(&data, &["--max-sessions", "2"]);
    let mut browsers: Vec<Browser> = (0..3).map(|_| Browser::new(&demo.address)).collect();
    for browser in &mut browsers {
        browser.sign_in("bob@contoso.test", "bob-demo");
        assert!(browser.get("/").body.contains("Signed in as Bob"));
    }
    assert_eq!(
        browsers[0].get("/").header("location"),
        Some("/login"),
        "the oldest session made room"
    );
    assert!(browsers[1].get("/").body.contains("Signed in as Bob"));
    assert!(browsers[2].get("/").body.contains("Signed in as Bob"));
}

/// Alice registers a push device with the simulator through the flow, over plain HTTP.
fn register_alice_by_push(address: &str, device: &support::Device) {
    let mut alice = Browser::new(address);
    let mfa = alice.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let csrf = alice.get("/registration-campaign").csrf();
    for _ in 0..3 {
        alice.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    let uri = support::decode_qr(&alice.get("/registration-campaign").body);
    let (ok, out) = device.run(&["enroll", &uri, "--name", "Alice's phone"]);
    assert!(ok, "{out:?}");
    alice.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let test = alice.get("/registration-campaign");
    let number = match_number(&test.body);
    let (ok, out) = device.run(&["approve", "--number", &number]);
    assert!(ok, "{out:?}");
    for _ in 0..4 {
        let next = alice.post("/registration-campaign/next", &format!("csrf={csrf}"));
        if next.header("location") == Some("/") {
            break;
        }
    }
    assert!(alice.get("/").body.contains("Signed in as Alice"));
}

/// The digits of the `id="match-number"` element.
fn match_number(html: &str) -> String {
    let at = html.find("id=\"match-number\"").expect("a number to match");
    html[at..]
        .split("</p>")
        .next()
        .unwrap()
        .rsplit('>')
        .next()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[test]
fn a_push_sign_in_challenge_expires() {
    let data = temp_dir();
    let demo = Demo::start(&data, &["--push-timeout-seconds", "5"]);
    let device = support::Device::new(&data);
    register_alice_by_push(&demo.address, &device);

    let mut alice = Browser::new(&demo.address);
    let login = alice.post(
        "/login",
        "username=alice%40contoso.test&password=alice-demo",
    );
    assert_eq!(login.header("location"), Some("/mfa"));
    let push = alice.get("/mfa");
    assert!(
        push.body.contains("Approve sign in request"),
        "{}",
        push.body
    );
    demo.advance_clock(6);
    // Approved on the phone, but after the demo stopped waiting.
    let (ok, out) = device.run(&["approve", "--number", &match_number(&push.body)]);
    assert!(ok, "{out:?}");
    let late = alice.post("/mfa/push", "");
    assert_eq!(late.status, 401, "{}", late.body);
    assert!(late.body.contains("timed out"), "{}", late.body);
    assert_eq!(alice.get("/").header("location"), Some("/login"));
    // A new attempt sends a new notification, which works.
    let again = alice.get("/mfa");
    assert!(again.body.contains("Approve sign in request"));
    let (ok, out) = device.run(&["approve", "--number", &match_number(&again.body)]);
    assert!(ok, "{out:?}");
    assert_eq!(alice.post("/mfa/push", "").header("location"), Some("/"));
    assert!(alice.get("/").body.contains("Signed in as Alice"));
}

// ---------------------------------------------------------------------------------------------
// Start-up errors a person can read (issue 12, item 3).

/// A demo process started by a test itself; killed when the test ends, also by a failed
/// assertion, so that no server outlives its test.
struct KilledOnDrop(std::process::Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Collects everything `pipe` says, until it closes.
fn read_in_background(
    mut pipe: impl std::io::Read + Send + 'static,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}

/// Runs the demo expecting it to stop by itself within `limit`; returns its exit code, its
/// standard error and how long it ran.
fn run_to_exit(
    args: &[&str],
    limit: std::time::Duration,
) -> (Option<i32>, String, std::time::Duration) {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(support::example("demo"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the demo example is built");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the demo was still running after {limit:?} with {args:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code(), stderr, started.elapsed())
}

/// The error line: exactly one line, starting with `demo: `.
fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].starts_with("demo: "), "{stderr}");
    assert!(!lines[0].contains("Os {"), "no debug text: {stderr}");
    lines[0]
}

#[test]
fn a_busy_port_is_named_and_the_running_demos_policy_is_untouched() {
    let data = temp_dir();
    // The demo that runs there keeps the built-in policy: Alice is nudged.
    let running = Demo::start(&data, &[]);
    let busy = running.address.clone();
    let disabled = data.join("disabled.json");
    std::fs::write(
        &disabled,
        r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "disabled"}}}"#,
    )
    .unwrap();
    let (code, stderr, _) = run_to_exit(
        &[
            "--listen",
            &busy,
            "--data",
            data.to_str().unwrap(),
            "--policy",
            disabled.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(20),
    );
    assert_ne!(code, Some(0));
    let line = one_line(&stderr);
    assert!(line.contains(&busy), "names the address: {line}");
    assert!(line.contains("already in use"), "{line}");
    let mut alice = Browser::new(&running.address);
    assert_eq!(
        alice
            .sign_in("alice@contoso.test", "alice-demo")
            .header("location"),
        Some("/registration-campaign"),
        "the failed start did not put its --policy in force"
    );
}

#[test]
fn a_start_on_a_busy_port_writes_nothing_to_the_data_directory() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = listener.local_addr().unwrap().to_string();
    let parent = temp_dir();
    let data = parent.join("demo-data");
    let (code, stderr, _) = run_to_exit(
        &["--listen", &busy, "--data", data.to_str().unwrap()],
        std::time::Duration::from_secs(20),
    );
    assert_ne!(code, Some(0));
    assert!(one_line(&stderr).contains(&busy));
    assert!(!data.exists(), "the data directory was not created");
}

#[test]
fn missing_files_are_named() {
    let parent = temp_dir();
    let data = parent.join("demo-data");
    let missing = parent.join("no-such-users.json");
    for flag in ["--users", "--policy"] {
        let (code, stderr, _) = run_to_exit(
            &[
                "--listen",
                "127.0.0.1:0",
                "--data",
                data.to_str().unwrap(),
                flag,
                missing.to_str().unwrap(),
            ],
            std::time::Duration::from_secs(20),
        );
        assert_ne!(code, Some(0), "{flag}");
        assert!(!data.exists(), "{flag}: nothing written");
        let line = one_line(&stderr);
        assert!(line.contains(missing.to_str().unwrap()), "{flag}: {line}");
        assert!(
            line.contains("not found") || line.contains("No such file"),
            "{line}"
        );
    }
    let broken = parent.join("broken.json");
    std::fs::write(&broken, "{\"users\": [").unwrap();
    let (code, stderr, _) = run_to_exit(
        &[
            "--listen",
            "127.0.0.1:0",
            "--users",
            broken.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(20),
    );
    assert_ne!(code, Some(0));
    assert!(one_line(&stderr).contains(broken.to_str().unwrap()));
}

#[test]
fn an_unusable_data_directory_is_named() {
    let parent = temp_dir();
    let file = parent.join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let (code, stderr, _) = run_to_exit(
        &["--listen", "127.0.0.1:0", "--data", file.to_str().unwrap()],
        std::time::Duration::from_secs(20),
    );
    assert_ne!(code, Some(0));
    let line = one_line(&stderr);
    assert!(line.contains(file.to_str().unwrap()), "{line}");
    assert!(line.contains("data directory"), "{line}");
}

#[test]
fn an_unreachable_postgres_fails_within_seconds_without_showing_the_password() {
    // 10.255.255.1 does not answer (TEST-NET-like, unrouted): a connect hangs until it times out.
    let (code, stderr, took) = run_to_exit(
        &[
            "--listen",
            "127.0.0.1:0",
            "--postgres",
            "postgres://demo:hunter2@10.255.255.1:5432/campaign",
        ],
        std::time::Duration::from_secs(20),
    );
    assert_ne!(code, Some(0));
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
    let line = one_line(&stderr);
    assert!(!line.contains("hunter2"), "{line}");
    assert!(
        line.contains("postgres://demo:***@10.255.255.1:5432/campaign"),
        "{line}"
    );
}

#[test]
fn listen_accepts_a_host_name() {
    let data = temp_dir();
    let demo = Demo::start(&data, &["--listen", "localhost:0"]);
    let mut bob = Browser::new(&demo.address);
    assert_eq!(bob.get("/login").status, 200);
}

#[test]
fn library_logs_reach_standard_error_and_rust_log_chooses_how_much() {
    use std::io::{BufRead, BufReader};
    let start = |rust_log: Option<&str>| {
        let data = temp_dir();
        let mut command = std::process::Command::new(support::example("demo"));
        command
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        match rust_log {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command.spawn().expect("the demo example is built");
        // Once the token is printed, start-up (and its policy write) is over.
        let stdout = BufReader::new(child.stdout.take().unwrap());
        for line in stdout.lines() {
            if line.unwrap().starts_with("admin bearer token") {
                break;
            }
        }
        let _ = child.kill();
        let output = child.wait_with_output().unwrap();
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let info = start(Some("registration_campaign=info"));
    assert!(
        info.contains("policy changed"),
        "the library's info line about the start-up policy: {info}"
    );
    assert!(
        !info.contains("\u{1b}["),
        "no colour codes into a pipe: {info}"
    );
    let default = start(None);
    assert!(
        !default.contains("policy changed"),
        "warnings only by default: {default}"
    );
}

#[test]
fn bad_flags_exit_with_status_2_and_one_line() {
    let parent = temp_dir();
    let data = parent.join("demo-data");
    for (args, expected) in [
        (&["--listen", "localhost"][..], "HOST:PORT"),
        (&["--tenant-plan", "gold"][..], "paid, free or trial"),
        (&["--max-sessions", "many"][..], "--max-sessions"),
        (&["--lisen", "127.0.0.1:0"][..], "--listen"),
    ] {
        let mut all = vec!["--data", data.to_str().unwrap()];
        all.extend(args);
        let (code, stderr, _) = run_to_exit(&all, std::time::Duration::from_secs(20));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        let line = one_line(&stderr);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert!(!data.exists(), "{args:?}: nothing written");
    }
}

#[test]
fn signing_out_ends_the_campaign_flow_left_open_in_the_browser() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut alice = Browser::new(&demo.address);
    let mfa = alice.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(mfa.header("location"), Some("/registration-campaign"));
    let prompt = alice.get("/registration-campaign");
    assert!(prompt.body.contains("Keep your account secure"));
    let csrf = prompt.csrf();
    // Alice is signed in (her nudge can be skipped) and signs out without finishing.
    alice.sign_out();
    // Whoever uses this browser next cannot go on with her flow from its cookie.
    let next = alice.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let after = alice.get("/registration-campaign");
    assert!(
        !after.body.contains("Start by getting the app")
            && !after.body.contains("Keep your account secure"),
        "the flow ended at sign-out: {} / {}",
        next.status,
        after.body
    );
}

#[test]
fn a_stored_policy_that_cannot_be_read_is_reported_and_the_demo_still_starts() {
    use std::io::{BufRead, BufReader};
    let data = temp_dir();
    // A first start stores the built-in policy (campaign enabled).
    Demo::start(&data, &[]).kill();
    // The row becomes unreadable, as one written by an older version or by hand could be.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", data.join("campaign.sqlite3").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(
            "UPDATE registration_campaign_policy SET document = '{\"nope\": 1}' WHERE tenant_id = 'default'",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    });
    let mut child = std::process::Command::new(support::example("demo"))
        .args(["--listen", "127.0.0.1:0", "--mfa-code", "123456", "--data"])
        .arg(&data)
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = read_in_background(child.stderr.take().unwrap());
    let mut address = None;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let demo = KilledOnDrop(child);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("registration-campaign demo listening on http://") {
            address = Some(rest.trim_end_matches('/').to_owned());
            break;
        }
    }
    // Keep reading: a closed pipe would end the demo at its next line of output.
    std::thread::spawn(move || for _ in lines {});
    let address = address.expect("the demo started");
    // The last good policy (the built-in one, from the audit log) stays in force.
    let mut alice = Browser::new(&address);
    assert_eq!(
        alice
            .sign_in("alice@contoso.test", "alice-demo")
            .header("location"),
        Some("/registration-campaign")
    );
    drop(demo);
    let stderr = stderr.join().unwrap();
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("demo: warning: the policy stored in"))
        .unwrap_or_else(|| panic!("a warning line: {stderr}"));
    assert!(warning.contains(data.to_str().unwrap()), "{warning}");
    assert!(warning.contains("cannot be read"), "{warning}");
}

#[test]
fn the_demo_keeps_serving_when_nobody_reads_its_output() {
    use std::io::{BufRead, BufReader};
    let data = temp_dir();
    let mut child = std::process::Command::new(support::example("demo"))
        .args(["--listen", "127.0.0.1:0", "--mfa-code", "123456", "--data"])
        .arg(&data)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let _demo = KilledOnDrop(child);
    let mut address = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(token) = line.strip_prefix("admin bearer token (valid 1 hour): ") {
            assert!(!token.is_empty());
            break;
        }
        if let Some(rest) = line.strip_prefix("registration-campaign demo listening on http://") {
            address = Some(rest.trim_end_matches('/').to_owned());
        }
    }
    // `demo | head -3`: the reader goes away; the next line (a registration) must not end it.
    drop(lines);
    let address = address.unwrap();
    register_grace_by_totp(&address);
    let mut bob = Browser::new(&address);
    assert_eq!(bob.sign_in("bob@contoso.test", "bob-demo").status, 303);
    assert!(bob.get("/").body.contains("Signed in as Bob"));
}

#[test]
fn health_readiness_metrics_and_a_trailing_slash_on_the_flow() {
    let demo = Demo::start(&temp_dir(), &[]);
    let mut browser = Browser::new(&demo.address);
    let health = browser.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(browser.get("/readyz").status, 200);
    let metrics = browser.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .body
            .contains("# TYPE registration_campaign_store_failures_total counter"),
        "{}",
        metrics.body
    );
    // Issue 25, item 10: one path (the `metrics` facade), every counter described and there at
    // zero before its first event, so alerts see the series from the start.
    for line in [
        "registration_campaign_store_failures_total 0",
        "# HELP registration_campaign_store_failures_total Store calls",
        "registration_campaign_fail_open_total 0",
        "# HELP registration_campaign_fail_open_total Sign-ins",
        "registration_campaign_held_for_outage_total 0",
        "registration_campaign_host_save_failures_total 0",
        "registration_campaign_unreadable_policy_total 0",
        "registration_campaign_change_notices_total 0",
        "registration_campaign_events_dropped_total 0",
    ] {
        assert!(metrics.body.contains(line), "{line} in:\n{}", metrics.body);
    }
    assert!(
        !metrics.body.contains("purged_records_total"),
        "purges are counted once, as purged_total by what: {}",
        metrics.body
    );
    for name in metrics
        .body
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split(' ').next())
    {
        assert!(
            metrics.body.contains(&format!("# HELP {name} ")),
            "{name} has no description"
        );
    }
    // `/registration-campaign/` leads to the flow's page, not a blank 404.
    let slash = browser.get("/registration-campaign/");
    assert_eq!(slash.status, 303, "{}", slash.body);
    assert_eq!(slash.header("location"), Some("/registration-campaign"));
}

/// `/metrics` shows the library's counters moving: decisions by outcome and reason, store call
/// durations by operation, funnel events (issue 15, item 7).
#[test]
fn metrics_show_decisions_store_calls_and_funnel_events_as_they_happen() {
    let demo = Demo::start(&temp_dir(), &[]);
    let scrape = || Browser::new(&demo.address).get("/metrics").body;
    let before = scrape();
    assert!(
        !before.contains("registration_campaign_decisions_total"),
        "{before}"
    );
    let nudge = Browser::new(&demo.address).sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(nudge.header("location"), Some("/registration-campaign"));
    let passed = Browser::new(&demo.address).sign_in("bob@contoso.test", "bob-demo");
    assert_eq!(passed.header("location"), Some("/"));
    let after = scrape();
    for line in [
        "registration_campaign_decisions_total{outcome=\"nudge\",reason=\"inScope\"} 1",
        "registration_campaign_decisions_total{outcome=\"passThrough\",reason=\"excluded\"} 1",
        "registration_campaign_funnel_events_total{event=\"nudgeShown\"} 1",
        "registration_campaign_store_call_seconds_bucket{operation=\"record_snooze\",le=\"+Inf\"}",
        "registration_campaign_store_call_seconds_count{operation=\"user_state\"}",
        "# TYPE registration_campaign_store_failures_total counter",
        // Gauges: the default tenant's policy is cached; flows in progress are counted by the
        // background tasks (at start, then every minute), as are purged records.
        "registration_campaign_cached_policies 1",
        "# TYPE registration_campaign_active_flows gauge",
        "registration_campaign_purged_total{what=\"records\"}",
    ] {
        assert!(after.contains(line), "{line} in:\n{after}");
    }
}

/// A SIGTERM stops the demo cleanly (exit status 0, in-flight work finished, funnel counts
/// written), and what it counted is there after a restart (issue 15, item 7).
#[test]
fn sigterm_stops_the_demo_cleanly_and_keeps_the_funnel_counts() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut alice = Browser::new(&demo.address);
    let nudge = alice.sign_in("alice@contoso.test", "alice-demo");
    assert_eq!(nudge.header("location"), Some("/registration-campaign"));
    let started = std::time::Instant::now();
    let status = demo.terminate();
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    let demo = Demo::start(&dir, &[]);
    let report = Browser::new(&demo.address).request(
        "GET",
        "/v1.0/reports/registrationCampaign",
        None,
        &[("Authorization", &format!("Bearer {}", demo.admin_token))],
    );
    assert_eq!(report.status, 200, "{}", report.body);
    let body: serde_json::Value = serde_json::from_str(&report.body).unwrap();
    assert_eq!(body["total"]["nudgeShown"], 1, "{body}");
}

#[test]
fn after_a_totp_registration_the_next_sign_in_asks_for_the_app_code_once_each() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut grace = Browser::new(&demo.address);
    grace.sign_in("grace@contoso.test", "grace-demo");
    let csrf = grace.get("/registration-campaign").csrf();
    for _ in 0..3 {
        grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    grace.post(
        "/registration-campaign/alternative",
        &format!("csrf={csrf}"),
    );
    let uri = support::decode_qr(&grace.get("/registration-campaign").body);
    let secret = support::otpauth_secret(&uri);
    let code = support::totp_now(&secret);
    grace.post(
        "/registration-campaign/code",
        &format!("csrf={csrf}&code={code}"),
    );
    let done = grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert_eq!(done.header("location"), Some("/"), "{}", done.body);
    grace.sign_out();

    // The next sign-in asks for the app's code, not the text message.
    let mfa = grace.sign_in("grace@contoso.test", "grace-demo");
    assert_eq!(
        mfa.status, 401,
        "the text-message code no longer signs Grace in"
    );
    assert!(
        mfa.body
            .contains("Check the code in your authenticator app"),
        "{}",
        mfa.body
    );
    // The code that registered the app does not sign in too.
    let reused = grace.post("/mfa", &format!("code={code}"));
    assert!(reused.body.contains("already used"), "{}", reused.body);
    let page = grace.get("/mfa");
    assert!(
        page.body.contains("enter the 6-digit code it shows"),
        "{}",
        page.body
    );
    // A fresh code (a later step than the one used to register) signs her in, once.
    let next = support::totp(&secret, now_unix() + 30);
    let signed_in = grace.post("/mfa", &format!("code={next}"));
    assert_eq!(
        signed_in.header("location"),
        Some("/"),
        "{}",
        signed_in.body
    );
    assert!(grace.get("/").body.contains("Signed in as Grace"));
    grace.sign_out();
    grace.sign_in("grace@contoso.test", "grace-demo");
    let replay = grace.post("/mfa", &format!("code={next}"));
    assert_eq!(replay.status, 401);
    assert!(replay.body.contains("already used"), "{}", replay.body);
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Issue 24: the demo is the host people copy. A client that trickles its headers is cut off,
/// connections over the cap are closed at once, and the demo keeps answering others.
#[test]
fn trickling_clients_are_cut_off_and_connections_are_capped() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    /// Whether the server closes `stream` within `within` (EOF, a reset, or an error answer).
    fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let start = Instant::now();
        let mut buffer = [0u8; 512];
        while start.elapsed() < within {
            match stream.read(&mut buffer) {
                // EOF, or an error response (408) before the close.
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return true,
            }
        }
        false
    }

    let demo = Demo::start(&temp_dir(), &["--header-read-timeout-seconds", "1"]);
    // Headers that never end: closed after about a second, not held forever.
    let mut slow = TcpStream::connect(&demo.address).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    assert!(closed_within(&mut slow, Duration::from_secs(5)));

    // Three connections are open (silent, well within the default 10 s for headers); a fourth
    // is closed before anything is read.
    let demo = Demo::start(&temp_dir(), &["--max-connections", "3"]);
    let held: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(&demo.address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let mut over = TcpStream::connect(&demo.address).unwrap();
    let _ = over.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(closed_within(&mut over, Duration::from_millis(900)));
    drop(held);
    // Once the server has seen them close (or cut them off), it answers again; until then a
    // new connection is refused, so ask over raw TCP and try again on a reset.
    let healthy = || -> bool {
        let Ok(mut stream) = TcpStream::connect(&demo.address) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        if stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .is_err()
        {
            return false;
        }
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        answer.starts_with(b"HTTP/1.1 200")
    };
    let start = Instant::now();
    while !healthy() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no answer after the cap"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 24: `/metrics` stays on the demo's listener by default (DESIGN 3), and
/// `--metrics-listen` moves it to a listener of its own.
#[test]
fn metrics_move_to_their_own_listener() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics_address = format!("127.0.0.1:{port}");
    let data = temp_dir();
    let demo = Demo::start(&data, &["--metrics-listen", &metrics_address]);
    let mut user_side = Browser::new(&demo.address);
    assert_eq!(user_side.get("/metrics").status, 404);
    let mut operator = Browser::new(&metrics_address);
    let metrics = operator.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(
        metrics.body.contains("registration_campaign"),
        "{}",
        metrics.body
    );

    let plain = Demo::start(&temp_dir(), &[]);
    assert_eq!(Browser::new(&plain.address).get("/metrics").status, 200);
}

/// Issue 24: the demo's admin page binds its CSRF tokens to the admin's sign-in session, so a
/// token (and its cookie) from one session is refused in another session of the same admin.
#[test]
fn admin_csrf_tokens_hold_only_in_their_own_sign_in_session() {
    let data = temp_dir();
    let demo = Demo::start(&data, &[]);
    let mut first = Browser::new(&demo.address);
    first.sign_in("admin@contoso.test", "admin-demo");
    let page = first.get("/admin/");
    assert_eq!(page.status, 200, "{}", page.body);
    let token = page.csrf();
    let cookie = first
        .cookie("registration-campaign-admin-csrf")
        .expect("the admin page's CSRF cookie")
        .to_owned();
    let mut second = Browser::new(&demo.address);
    second.sign_in("admin@contoso.test", "admin-demo");
    second.set_cookie("registration-campaign-admin-csrf", &cookie);
    let form = format!("csrf={token}&what=alice%40contoso.test");
    let refused = second.post("/admin/what-if", &form);
    assert_eq!(refused.status, 403, "{}", refused.body);
    // In its own session the token works.
    let accepted = first.post("/admin/what-if", &form);
    assert_ne!(accepted.status, 403, "{}", accepted.body);
}

#[test]
fn with_push_privacyidea_the_qr_code_enrolls_the_privacyidea_app_at_the_demos_origin() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &["--push", "privacyidea"]);
    let mut grace = Browser::new(&demo.address);
    grace.sign_in("grace@contoso.test", "grace-demo");
    let csrf = grace.get("/registration-campaign").csrf();
    for _ in 0..3 {
        grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    let page = grace.get("/registration-campaign");
    assert!(
        page.body.contains("privacyIDEA Authenticator"),
        "{}",
        page.body
    );
    // A real QR decoder reads the pipush URI, naming the demo's own endpoint.
    let uri = support::decode_qr(&page.body);
    assert!(uri.starts_with("otpauth://pipush/"), "{uri}");
    let port = demo.address.rsplit(':').next().unwrap();
    let endpoint = format!("url=http%3A//localhost%3A{port}/registration-campaign/m/pipush&");
    assert!(
        uri.contains(&endpoint),
        "the public origin's endpoint: {uri}"
    );
    assert!(
        uri.contains("&v=1&") && uri.ends_with("&sslverify=0&poll_only=True"),
        "{uri}"
    );
    // The endpoint answers in privacyIDEA's envelope (the iOS app's empty POST: an error).
    let empty = Browser::new(&demo.address).request(
        "POST",
        "/registration-campaign/m/pipush",
        Some(("application/x-www-form-urlencoded", "")),
        &[],
    );
    assert_eq!(empty.status, 400, "{}", empty.body);
    assert!(empty.body.contains("\"status\":false"), "{}", empty.body);
}

#[test]
fn with_push_privacyidea_a_registered_app_approves_the_next_sign_in() {
    use crate::privacyidea::App;
    let dir = temp_dir();
    let demo = Demo::start(&dir, &["--push", "privacyidea"]);
    let mut grace = Browser::new(&demo.address);
    grace.sign_in("grace@contoso.test", "grace-demo");
    let csrf = grace.get("/registration-campaign").csrf();
    for _ in 0..3 {
        grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    }
    let app = App::scan(&support::decode_qr(
        &grace.get("/registration-campaign").body,
    ));
    let mut app = app;
    app.enroll_at(&demo.address);
    grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    let number = match_number(&grace.get("/registration-campaign").body);
    app.approve_at(&demo.address, &number);
    grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    grace.post("/registration-campaign/next", &format!("csrf={csrf}"));
    assert!(grace.get("/").body.contains("Signed in as Grace"));

    // The next sign-in: a challenge in the app, the number on the MFA page.
    grace.sign_out();
    let mut again = Browser::new(&demo.address);
    let login = again.post(
        "/login",
        "username=grace%40contoso.test&password=grace-demo",
    );
    assert_eq!(login.status, 303, "{}", login.body);
    let mfa = again.get("/mfa");
    assert!(
        mfa.body.contains("privacyIDEA Authenticator"),
        "{}",
        mfa.body
    );
    let number = match_number(&mfa.body);
    app.approve_at(&demo.address, &number);
    let done = again.post("/mfa/push", "");
    assert!(
        again.get("/").body.contains("Signed in as Grace"),
        "{}",
        done.body
    );
}
