//! The admin page: a reviewed snapshot, CSRF, validation next to the fields, and a change made
//! on the page that the next sign-in follows (through the demo, like a browser).

use std::sync::Arc;

use crate::support::{Browser, Demo, Reply, send, temp_dir};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use registration_campaign::admin::{
    Actor, AdminSession, Directory, DirectoryObject, WhatIfRequest, admin_page,
};
use registration_campaign::funnel::FunnelEvent;
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetType};
use registration_campaign::store::MemoryStore;
use registration_campaign::{AuthMethod, Campaign, ManualClock};
use serde_json::json;
use time::macros::datetime;
use tower::ServiceExt;

const STAFF: &str = "5a1e5000-0000-4000-8000-0000000000a1";
const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";

/// A directory with one group, Staff, and one user, Alice, who belongs to it.
struct Names;

impl Directory for Names {
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
        match (target_type, id) {
            (TargetType::Group, STAFF) => Some("Staff".to_owned()),
            (TargetType::User, ALICE) => Some("Alice".to_owned()),
            _ => None,
        }
    }

    fn find_by_name(&self, name: &str) -> Vec<DirectoryObject> {
        match name.to_ascii_lowercase().as_str() {
            "staff" => vec![DirectoryObject {
                target_type: TargetType::Group,
                id: STAFF.into(),
                display_name: "Staff".into(),
                sign_in_name: None,
            }],
            "alice" | "alice@contoso.test" => vec![DirectoryObject {
                target_type: TargetType::User,
                id: ALICE.into(),
                display_name: "Alice".into(),
                sign_in_name: Some("alice@contoso.test".into()),
            }],
            _ => Vec::new(),
        }
    }

    fn what_if_user(&self, id: &str) -> Option<WhatIfRequest> {
        (id == ALICE).then(|| WhatIfRequest {
            id: ALICE.into(),
            user_principal_name: Some("alice@contoso.test".into()),
            display_name: Some("Alice".into()),
            groups: vec![STAFF.into()],
            methods: vec![AuthMethod::Sms],
            ..WhatIfRequest::default()
        })
    }
}

async fn fixed_page() -> (Router, Campaign) {
    let (app, campaign, _) = fixed_page_with_clock().await;
    (app, campaign)
}

async fn fixed_page_with_clock() -> (Router, Campaign, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC)));
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(clock.clone())
        .build();
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 3,
            "includeTargets": [{"id": STAFF, "targetType": "group"}],
            "excludeTargets": [{"id": "c0ffee00-0000-4000-8000-00000000e0c1", "targetType": "group"}]}}}))
        .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    for event in [
        FunnelEvent::NudgeShown,
        FunnelEvent::NudgeShown,
        FunnelEvent::Skipped,
        FunnelEvent::Download,
        FunnelEvent::Scan,
        FunnelEvent::Registered,
    ] {
        campaign.record_event(event);
    }
    campaign.flush_events().await;
    let app = Router::new().nest(
        "/admin",
        admin_page(campaign.clone(), Some(Arc::new(Names))),
    );
    (app, campaign, clock)
}

/// The CSRF token the page hands out (sealed by the server), from its cookie.
async fn token(app: &Router) -> String {
    token_for(app, Request::get("/admin").body(Body::empty()).unwrap()).await
}

async fn token_for(app: &Router, request: Request<Body>) -> String {
    let response = app.clone().oneshot(request).await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

fn get(path: &str, csrf: &str) -> Request<Body> {
    Request::get(path)
        .header(
            header::COOKIE,
            format!("__Host-registration-campaign-admin-csrf={csrf}"),
        )
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(csrf) = cookie {
        request = request.header(
            header::COOKIE,
            format!("__Host-registration-campaign-admin-csrf={csrf}"),
        );
    }
    request.body(Body::from(form.to_owned())).unwrap()
}

#[tokio::test]
async fn the_admin_page_matches_its_reviewed_snapshot() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let Reply {
        status, raw: html, ..
    } = send(&app, get("/admin", &csrf)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(!html.contains("style="));
    assert!(
        html.contains(&csrf),
        "the page reuses the token of its cookie"
    );
    // The token is random: the snapshot shows where it goes, not its value.
    insta::assert_snapshot!("admin_page", html.replace(&csrf, "[csrf]"));
}

/// The same page for a German and an Arabic browser, each reviewed: `lang` (and `dir="rtl"`
/// for Arabic), every label from the admin's messages, dates and numbers in the language's
/// own forms, and the same forms posting to the same routes.
#[tokio::test]
async fn the_admin_page_in_german_and_arabic_matches_its_reviewed_snapshots() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    for (accept_language, name, html_tag) in [
        (
            "de-DE,de;q=0.9,en;q=0.5",
            "admin_page_de",
            "<html lang=\"de\">",
        ),
        (
            "ar-SA,ar;q=0.9",
            "admin_page_ar",
            "<html lang=\"ar\" dir=\"rtl\">",
        ),
    ] {
        let mut request = get("/admin", &csrf);
        request.headers_mut().insert(
            header::ACCEPT_LANGUAGE,
            header::HeaderValue::from_static(accept_language),
        );
        let Reply {
            status, raw: html, ..
        } = send(&app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(html_tag), "{name}: {}", &html[..200]);
        for route in ["/admin/policy", "/admin/settings", "/admin/what-if"] {
            assert!(
                html.contains(&format!("action=\"{route}#")),
                "{name}: {route}"
            );
        }
        insta::assert_snapshot!(name, html.replace(&csrf, "[csrf]"));
    }
}

#[tokio::test]
async fn saving_needs_the_csrf_token() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=1&state=disabled&confirm=disable&snooze=3&include=all_users&exclude="
    );
    let Reply { status, .. } = send(&app, post("/admin/policy", &form, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no cookie");
    let Reply { status, .. } = send(
        &app,
        post(
            "/admin/policy",
            &form.replace(&csrf, "ffffffffffffffffffffffffffffffff"),
            Some(&csrf),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "wrong token");
    // A cookie the server did not seal (planted by a sibling subdomain, say) is refused even
    // when the form carries the same value.
    let planted = "0123456789abcdef0123456789abcdef";
    let Reply { status, .. } = send(
        &app,
        post(
            "/admin/policy",
            &form.replace(&csrf, planted),
            Some(planted),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "planted cookie");
    let mut cross_site = post("/admin/policy", &form, Some(&csrf));
    cross_site
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    let Reply { status, .. } = send(&app, cross_site).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "cross-site");
    assert_eq!(
        campaign
            .store()
            .load_policy()
            .await
            .unwrap()
            .unwrap()
            .version,
        1,
        "nothing changed"
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Saved. The policy is now version 2."));
}

#[tokio::test]
async fn errors_are_shown_next_to_their_field_and_nothing_is_saved() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let form =
        format!("csrf={csrf}&version=1&state=enabled&snooze=20&include=group+not-a-guid&exclude=");
    let Reply {
        status, raw: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("id=\"snooze-error\">must be between 0 and 14 days, not 20"),
        "{html}"
    );
    assert!(
        html.contains("id=\"include-error\">&#34;not-a-guid&#34; is not a directory object id"),
        "{html}"
    );
    assert!(
        html.contains("value=\"20\""),
        "what the admin typed is kept"
    );
    assert_eq!(
        campaign
            .store()
            .load_policy()
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    let stale = format!(
        "csrf={csrf}&version=0&state=disabled&confirm=disable&snooze=3&include=all_users&exclude="
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &stale, Some(&csrf))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Someone else changed the policy"));
}

#[tokio::test]
async fn what_if_on_the_page_uses_the_engine() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&id=a11ce000-0000-4000-8000-000000000001&groups={STAFF}&methods=sms&user_agent="
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Snoozed 0 times so far; 3 skips left."),
        "{html}"
    );
}

#[test]
fn a_change_on_the_admin_page_reaches_the_next_sign_in() {
    let dir = temp_dir();
    let demo = Demo::start(&dir, &[]);
    let mut alice = Browser::new(&demo.address);
    assert_eq!(
        alice
            .sign_in("alice@contoso.test", "alice-demo")
            .header("location"),
        Some("/registration-campaign")
    );
    alice.sign_out();

    let mut admin = Browser::new(&demo.address);
    assert_eq!(
        admin.get("/admin/").status,
        303,
        "the page needs an admin sign-in"
    );
    // Issue 25, item 9: signed in, but not an admin: told so (403), not sent to sign in again.
    let mut bob = Browser::new(&demo.address);
    bob.sign_in("bob@contoso.test", "bob-demo");
    let refused = bob.get("/admin/");
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("You are signed in as bob@contoso.test, who may not use the admin page."),
        "{}",
        refused.body
    );
    admin.sign_in("admin@contoso.test", "admin-demo");
    let page = admin.get("/admin/");
    assert!(page.body.contains("Registration campaign"), "{}", page.body);
    // Who is signed in, and the host's sign-out.
    assert!(
        page.body.contains("Signed in as admin@contoso.test"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<form method=\"post\" action=\"/logout\"><button type=\"submit\" class=\"secondary\">Sign out</button></form>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<td>1</td>"),
        "the report counts Alice's nudge"
    );
    let version = page
        .body
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let form = format!(
        "csrf={}&version={version}&state=disabled&confirm=disable&snooze=1&limited=on&include=all_users&exclude=group+c0ffee00-0000-4000-8000-00000000e0c1",
        page.csrf()
    );
    let saved = admin.post("/admin/policy", &form);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("Saved."));
    assert!(
        saved.body.contains("admin@contoso.test"),
        "the audit log names the admin"
    );

    let mut alice = Browser::new(&demo.address);
    assert_eq!(
        alice
            .sign_in("alice@contoso.test", "alice-demo")
            .header("location"),
        Some("/"),
        "campaign disabled"
    );
}

#[tokio::test]
async fn every_admin_page_response_says_no_store() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let saved = format!(
        "csrf={csrf}&version=1&state=disabled&confirm=disable&snooze=3&include=all_users&exclude="
    );
    let invalid =
        format!("csrf={csrf}&version=2&state=enabled&snooze=20&include=all_users&exclude=");
    let what_if = format!(
        "csrf={csrf}&id=a11ce000-0000-4000-8000-000000000001&groups=&methods=sms&user_agent="
    );
    let requests = vec![
        ("page", get("/admin", &csrf)),
        ("save", post("/admin/policy", &saved, Some(&csrf))),
        ("refused save", post("/admin/policy", &invalid, Some(&csrf))),
        ("stale save", post("/admin/policy", &saved, Some(&csrf))),
        ("no CSRF", post("/admin/policy", &saved, None)),
        ("what-if", post("/admin/what-if", &what_if, Some(&csrf))),
        ("report CSV", get("/admin/report.csv", &csrf)),
        ("report JSON", get("/admin/report.json", &csrf)),
        ("unknown", get("/admin/nothing", &csrf)),
    ];
    let mut statuses = Vec::new();
    for (why, request) in requests {
        let response = app.clone().oneshot(request).await.unwrap();
        statuses.push(response.status().as_u16());
        assert_eq!(
            response
                .headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{why} ({})",
            response.status()
        );
    }
    assert_eq!(statuses, [200, 200, 400, 409, 403, 200, 200, 200, 404]);
}

/// The admin page behind a stand-in for the host's admin sign-in: `x-admin` names the admin
/// (an [`Actor`]) and `x-session` their sign-in session (an [`AdminSession`]).
fn behind_sign_in(app: Router) -> Router {
    app.layer(axum::middleware::from_fn(
        |mut request: axum::extract::Request, next: axum::middleware::Next| async move {
            let header = |request: &axum::extract::Request, name: &str| {
                request
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            if let Some(admin) = header(&request, "x-admin") {
                let session = header(&request, "x-session").unwrap_or_default();
                request.extensions_mut().insert(Actor {
                    id: admin.clone(),
                    user_principal_name: Some(format!("{admin}@contoso.test")),
                });
                request.extensions_mut().insert(AdminSession(session));
            }
            next.run(request).await
        },
    ))
}

fn as_admin(mut request: Request<Body>, admin: &str, session: &str) -> Request<Body> {
    let headers = request.headers_mut();
    headers.insert("x-admin", admin.parse().unwrap());
    headers.insert("x-session", session.parse().unwrap());
    request
}

async fn stored_version(campaign: &Campaign) -> u64 {
    campaign
        .store()
        .load_policy()
        .await
        .unwrap()
        .unwrap()
        .version
}

#[tokio::test]
async fn a_csrf_token_from_another_admin_or_session_is_refused() {
    let (app, campaign) = fixed_page().await;
    let app = behind_sign_in(app);
    let alice = token_for(
        &app,
        as_admin(
            Request::get("/admin").body(Body::empty()).unwrap(),
            "alice",
            "s1",
        ),
    )
    .await;
    let form = format!(
        "csrf={alice}&version=1&state=disabled&confirm=disable&snooze=3&include=all_users&exclude="
    );
    // Bob's browser carrying Alice's cookie and form (planted, or a shared machine).
    let Reply { status, body, .. } = send(
        &app,
        as_admin(post("/admin/policy", &form, Some(&alice)), "bob", "s9"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another admin: {body}");
    assert!(body.contains("nothing was changed"), "{body}");
    // Alice again, but in another sign-in session (she signed out and in, or someone replays
    // her old pair).
    let Reply { status, .. } = send(
        &app,
        as_admin(post("/admin/policy", &form, Some(&alice)), "alice", "s2"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another session");
    // The same for what-if.
    let what_if = format!(
        "csrf={alice}&id=a11ce000-0000-4000-8000-000000000001&groups=&methods=sms&user_agent="
    );
    let Reply { status, .. } = send(
        &app,
        as_admin(post("/admin/what-if", &what_if, Some(&alice)), "bob", "s9"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "what-if, another admin");
    assert_eq!(stored_version(&campaign).await, 1, "nothing changed");
    // Bob's page does not reuse Alice's cookie: he gets his own token.
    let bob = token_for(&app, as_admin(get("/admin", &alice), "bob", "s9")).await;
    assert_ne!(bob, alice);
    // In her own session Alice's token works.
    let Reply {
        status, body: html, ..
    } = send(
        &app,
        as_admin(post("/admin/policy", &form, Some(&alice)), "alice", "s1"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Saved. The policy is now version 2."));
}

#[tokio::test]
async fn an_expired_csrf_token_is_refused_with_a_clear_message_and_nothing_changes() {
    let (app, campaign, clock) = fixed_page_with_clock().await;
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=1&state=disabled&confirm=disable&snooze=3&include=all_users&exclude="
    );
    // Half an hour on, the page hands out a fresh token, and the old one still works for now.
    clock.advance(time::Duration::minutes(31));
    let fresh = token_for(&app, get("/admin", &csrf)).await;
    assert_ne!(fresh, csrf, "renewed before it runs out");
    clock.advance(time::Duration::minutes(30));
    let Reply { status, body, .. } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.contains("This form has expired") && body.contains("nothing was changed"),
        "{body}"
    );
    let what_if = format!(
        "csrf={csrf}&id=a11ce000-0000-4000-8000-000000000001&groups=&methods=sms&user_agent="
    );
    let Reply { status, body, .. } =
        send(&app, post("/admin/what-if", &what_if, Some(&csrf))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("This form has expired"), "{body}");
    assert_eq!(stored_version(&campaign).await, 1, "nothing changed");
    // The fresh token (29 minutes old) is still good.
    let form = form.replace(&csrf, &fresh);
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&fresh))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(stored_version(&campaign).await, 2);
}

/// Text as a person reads it: askama's escapes of quotes and ampersands undone.
fn text(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&#38;", "&")
}

fn policy_form(csrf: &str, fields: &str) -> String {
    format!("csrf={csrf}&version=1&state=enabled&snooze=3&limited=on&exclude=&{fields}")
}

#[tokio::test]
async fn every_problem_shows_at_once_the_forms_own_and_the_policys() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    // The issue's case: snooze 99 (the policy refuses it) and an unreadable include line
    // (the form refuses it). Both used to be reported one at a time.
    let form = format!(
        "csrf={csrf}&version=1&state=enabled&snooze=99&include=group+{STAFF}%0Anonsense&exclude="
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    let html = text(&html);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("id=\"snooze-error\">must be between 0 and 14 days, not 99"),
        "{html}"
    );
    assert!(
        html.contains("id=\"include-error\">line 2: no user or group is named \"nonsense\""),
        "{html}"
    );
    assert!(html.contains("The policy was not saved. Fix these 2 problems:"));
    assert!(html.contains(
        "<a href=\"#snooze\">Days allowed to snooze: must be between 0 and 14 days, not 99</a>"
    ));
    assert!(html.contains("<a href=\"#include\">Include: line 2"));
    assert_eq!(stored_version(&campaign).await, 1);
}

#[tokio::test]
async fn targets_take_bare_ids_and_names_and_a_preview_shows_what_they_mean_before_saving() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let lines = format!("{STAFF}\nalice@contoso.test\nall_users");
    let include: String = form_urlencoded::byte_serialize(lines.as_bytes()).collect();
    let preview = policy_form(&csrf, &format!("include={include}&action=preview"));
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &preview, Some(&csrf))).await;
    let html = text(&html);
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Preview: nothing is saved yet."), "{html}");
    assert!(html.contains("Preview: what Save will store"));
    for row in [
        format!("<td>Include</td><td><code>{STAFF}</code></td><td>group</td><td>Staff</td>"),
        format!(
            "<td>Include</td><td><code>alice@contoso.test</code></td><td>user</td><td>Alice</td><td><code>{ALICE}</code></td>"
        ),
        "<td>Include</td><td><code>all_users</code></td><td>group</td><td>All users</td>"
            .to_owned(),
    ] {
        assert!(html.contains(&row), "{row}\n{html}");
    }
    assert!(
        html.contains(&format!(">{lines}</textarea>")),
        "the lines stay as typed"
    );
    assert_eq!(
        stored_version(&campaign).await,
        1,
        "a preview saves nothing"
    );

    let save = policy_form(&csrf, &format!("include={include}"));
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &save, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Saved. The policy is now version 2."));
    let stored = campaign
        .store()
        .load_policy()
        .await
        .unwrap()
        .unwrap()
        .policy;
    let targets: Vec<String> = stored
        .campaign()
        .include_targets
        .iter()
        .map(|(t, _)| format!("{} {}", t.target_type.as_graph(), t.id))
        .collect();
    assert_eq!(
        targets,
        [
            format!("group {STAFF}"),
            format!("user {ALICE}"),
            "group all_users".to_owned()
        ]
    );
}

#[tokio::test]
async fn disabling_the_campaign_or_emptying_the_include_list_is_confirmed_first() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let base = format!("csrf={csrf}&version=1&snooze=3&limited=on&exclude=");
    let include = format!("include=group+{STAFF}");
    let ask = |form: String| {
        let app = app.clone();
        let csrf = csrf.clone();
        async move { send(&app, post("/admin/policy", &form, Some(&csrf))).await }
    };

    let Reply {
        status, body: html, ..
    } = ask(format!("{base}&state=disabled&{include}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Nothing is saved yet.</strong> Disabling the campaign stops every nudge"),
        "{html}"
    );
    assert!(html.contains(
        "name=\"confirm\" value=\"disable\" class=\"danger\">Yes, disable the campaign</button>"
    ));
    assert!(
        html.contains("<option value=\"disabled\" selected>"),
        "the typed form is kept"
    );

    let Reply { body: html, .. } = ask(format!("{base}&state=enabled&include=")).await;
    assert!(
        html.contains("nobody is targeted, so nobody will be nudged"),
        "{html}"
    );
    assert!(html.contains("value=\"empty-include\""));
    // A confirmation covers what it named: disabling and emptying at once is asked again.
    let Reply { body: html, .. } =
        ask(format!("{base}&state=disabled&include=&confirm=disable")).await;
    assert!(html.contains("value=\"disable empty-include\""), "{html}");
    assert_eq!(
        stored_version(&campaign).await,
        1,
        "nothing saved while asking"
    );

    let Reply {
        status, body: html, ..
    } = ask(format!("{base}&state=disabled&{include}&confirm=disable")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Saved. The policy is now version 2."),
        "{html}"
    );
    // Already disabled: nothing more to confirm.
    let Reply { body: html, .. } =
        ask(format!("{base}&state=disabled&{include}").replace("version=1", "version=2")).await;
    assert!(
        html.contains("Saved. The policy is now version 3."),
        "{html}"
    );
}

#[tokio::test]
async fn a_passkey_include_target_stays_one_when_the_page_saves() {
    let (app, campaign) = fixed_page().await;
    let pilots = "9a55e000-0000-4000-8000-0000000000b2";
    let policy = campaign
        .store()
        .load_policy()
        .await
        .unwrap()
        .unwrap()
        .policy
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "includeTargets": [{"id": pilots, "targetType": "group", "targetedAuthenticationMethod": "fido2"}]}}}))
        .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=2&state=enabled&snooze=5&limited=on&include=group+{pilots}&exclude="
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let stored = campaign
        .store()
        .load_policy()
        .await
        .unwrap()
        .unwrap()
        .policy;
    let (_, method) = &stored.campaign().include_targets[0];
    assert_eq!(
        method.as_graph(),
        "fido2",
        "it used to become microsoftAuthenticator"
    );
}

fn settings_form(csrf: &str, version: u64, fields: &str) -> String {
    format!("csrf={csrf}&version={version}&{fields}")
}

#[tokio::test]
async fn the_deadline_and_group_rules_are_edited_on_the_page_with_the_apis_checks() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let form = settings_form(
        &csrf,
        0,
        "deadline=2027-01-15&reminders=1%2C+7&rule0_group=Staff&rule0_snooze=3&rule0_skips=unlimited&rule0_deadline=&rule1_group=&rule1_skips=",
    );
    let Reply { status, .. } = send(&app, post("/admin/settings", &form, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF cookie");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/settings", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Saved. The deadline and group rules are now version 1."));
    let stored = campaign.settings().await.unwrap();
    assert_eq!(
        stored.settings.to_value(),
        json!({"deadline": "2027-01-15T00:00:00Z", "groupRules": [
            {"groupId": STAFF, "snoozeDurationInDays": 3, "allowedSnoozes": null, "deadline": null}],
            "reminders": {"daysBeforeDeadline": [7, 1]}})
    );
    assert!(
        html.contains("name=\"reminders\" value=\"7, 1\""),
        "the reminder days, largest first: {html}"
    );
    // The page shows them back: the group by name, the deadline as a date and for people.
    assert!(
        html.contains("name=\"deadline\" value=\"2027-01-15\""),
        "{html}"
    );
    assert!(html.contains("name=\"rule0_group\" value=\"Staff\""));
    assert!(html.contains("<option value=\"unlimited\" selected>"));
    assert!(
        html.contains("In force: 15 Jan 2027, 00:00 UTC, in 48 days."),
        "{html}"
    );
    assert!(
        html.contains(
            "<td title=\"registrationCampaign/settings\">Deadline, group rules and reminders</td><td>1</td>"
        ),
        "audited"
    );

    // Every problem at once: the form's own (an unknown group name) and the settings' (a
    // deadline out of range, too many snoozes), each beside its field; nothing is stored.
    let bad = settings_form(
        &csrf,
        1,
        &format!(
            "deadline=1999-01-01&reminders=7%2C+61&rule0_group=nobody&rule1_group={STAFF}&rule1_skips=11&rule1_deadline=soon"
        ),
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/settings", &bad, Some(&csrf))).await;
    let html = text(&html);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for (field, message) in [
        ("deadline", "must be between the years 2000 and 2100"),
        ("reminders", "must be a whole number of days from 0 to 60"),
        ("rule0-group", "no group is named \"nobody\""),
        ("rule1-skips", "must be a whole number from 0 to 10"),
        ("rule1-deadline", "\"soon\" is not a date"),
    ] {
        assert!(
            html.contains(&format!("id=\"{field}-error\">{message}")),
            "{field}: {html}"
        );
    }
    assert!(html.contains("Fix these 5 problems:"), "{html}");
    assert!(
        html.contains("value=\"1999-01-01\""),
        "what was typed is kept"
    );
    assert_eq!(campaign.settings().await.unwrap().version, 1);

    // Someone else saved meanwhile: the page says so and overwrites nothing.
    let stale = settings_form(&csrf, 0, "deadline=");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/settings", &stale, Some(&csrf))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Someone else changed the deadline or group rules meanwhile"));
    assert_eq!(campaign.settings().await.unwrap().version, 1);
}

#[tokio::test]
async fn the_user_table_filters_by_status_and_its_csv_has_every_page() {
    let (app, campaign) = fixed_page().await;
    let store = campaign.store();
    let now = datetime!(2026-11-28 09:00 UTC);
    for i in 0..60 {
        let id = format!("user-{i:03}");
        store.record_snooze(&id, &id, now, Some(3)).await.unwrap();
        if i % 20 == 0 {
            store.record_registration(&id, now).await.unwrap();
        }
    }
    let csrf = token(&app).await;
    let Reply {
        status, body: html, ..
    } = send(&app, get("/admin?status=registered", &csrf)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<caption id=\"users-caption\">3 registered users</caption>"),
        "{html}"
    );
    assert!(html.contains(
        "<th scope=\"row\"><code>user-020</code></th><td><span class=\"status\">Registered</span>"
    ));
    assert!(html.contains(
        "href=\"/admin?status=registered#users-heading\" aria-current=\"page\">Registered</a>"
    ));
    assert!(html.contains("<a href=\"/admin/users.csv?status=registered\">"));
    // 57 snoozed users: a page of 50 and a link on.
    let Reply { raw: html, .. } = send(&app, get("/admin?status=snoozed", &csrf)).await;
    assert!(
        html.contains("50 snoozed users (more on the next page)"),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"/admin?status=snoozed&#38;after=user-052#users-heading\">Next page</a>"
        ),
        "{html}"
    );
    assert!(html.contains("<time datetime=\"2026-12-01T09:00:00Z\" title=\"2026-12-01T09:00:00Z\">1 Dec 2026, 09:00 UTC</time>"));
    let Reply { body: html, .. } =
        send(&app, get("/admin?status=snoozed&after=user-052", &csrf)).await;
    assert!(html.contains("7 snoozed users</caption>"), "{html}");
    // Unknown filters and cursors are no error: the page shows what it can.
    let Reply { status, .. } = send(&app, get("/admin?status=bogus&after=%FF%FE", &csrf)).await;
    assert_eq!(status, StatusCode::OK);

    let response = app
        .clone()
        .oneshot(get("/admin/users.csv?status=snoozed", &csrf))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let csv = response.into_body().collect().await.unwrap().to_bytes();
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    assert!(csv.starts_with(registration_campaign::USER_REPORT_CSV_HEADER));
    assert_eq!(csv.lines().count(), 1 + 57, "every page, not the first");

    // For Excel in German: a byte order mark, semicolons, CRLF, times Excel reads as dates.
    let german = Request::get("/admin/users.csv?status=snoozed&excel=1")
        .header(header::ACCEPT_LANGUAGE, "de-DE")
        .header(
            header::COOKIE,
            format!("__Host-registration-campaign-admin-csrf={csrf}"),
        )
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(german).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("registration-campaign-users-excel.csv")
    );
    let csv = response.into_body().collect().await.unwrap().to_bytes();
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut lines = csv.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("userId;userPrincipalName;displayName;status;")
    );
    let first = lines.next().unwrap();
    assert!(first.contains(";snoozed;"), "{first}");
    assert!(
        first.contains("2026-"),
        "times as yyyy-mm-dd hh:mm:ss: {first}"
    );
    assert!(!first.contains('T') || !first.contains("Z;"), "{first}");

    // The funnel's ratios with decimal commas.
    let german = Request::get("/admin/report.csv?excel=1")
        .header(header::ACCEPT_LANGUAGE, "de")
        .header(
            header::COOKIE,
            format!("__Host-registration-campaign-admin-csrf={csrf}"),
        )
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(german).await.unwrap();
    let csv = response.into_body().collect().await.unwrap().to_bytes();
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    assert!(csv.contains(";0,000\r\n"), "{csv}");
    assert!(!csv.contains("0.000"), "{csv}");
}

#[tokio::test]
async fn what_if_finds_a_user_by_sign_in_name_in_the_directory_and_explains_in_words() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!("csrf={csrf}&id=alice%40contoso.test&groups=&methods=&user_agent=");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    let html = text(&html);
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<strong>Nudged: the prompt is shown, with Skip for now</strong>"),
        "{html}"
    );
    assert!(html.contains(
        "Why: The user is targeted and nothing exempts this sign-in. (<code>inScope</code>)"
    ));
    assert!(html.contains(&format!("User: Alice (alice@contoso.test, {ALICE}).")));
    assert!(html.contains("Groups and methods from the directory: Staff; methods sms."));
    assert!(html.contains("A skip now would last until 1 Dec 2026, 09:00 UTC."));

    // Her id alone is enough too (it used to answer "user has no methods").
    let form = format!("csrf={csrf}&id={ALICE}&groups=&methods=&user_agent=");
    let Reply { body: html, .. } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    assert!(html.contains("Nudged:"), "{html}");
    // Someone the directory does not know: what to type instead.
    let form = format!("csrf={csrf}&id=bob%40contoso.test&groups=&methods=&user_agent=");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&html).contains("No user in the directory has the sign-in name or name \"bob@contoso.test\": enter their ID."));
    // Outside the include list, in words.
    let form = format!(
        "csrf={csrf}&id=0e000000-0000-4000-8000-000000000000&groups=&methods=sms&user_agent="
    );
    let Reply { body: html, .. } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    assert!(
        text(&html)
            .contains("Why: Neither the user nor any group they belong to is in the include list."),
        "{html}"
    );
}

#[tokio::test]
async fn bad_input_gets_an_answer_never_a_500() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let forms = [
        (
            "/admin/settings",
            format!(
                "csrf={csrf}&version=zz&deadline=%FF%FE&rule99999999999999999999_group=x&rule0_snooze=-5&rule0_group=&rule1_skips=unlimited&rule1_group=00000000-0000-0000-0000-00000000000g"
            ),
        ),
        (
            "/admin/settings",
            format!(
                "csrf={csrf}&version=0&deadline=2027-01-15T25:61&rule0_group={STAFF}&rule0_deadline=9999-12-31"
            ),
        ),
        (
            "/admin/settings",
            format!(
                "csrf={csrf}&{}",
                (0..150)
                    .map(|n| format!("rule{n}_group={STAFF}"))
                    .collect::<Vec<_>>()
                    .join("&")
            ),
        ),
        (
            "/admin/policy",
            format!(
                "csrf={csrf}&version=1&state=%00&snooze=1e9&include=user+%0Agroup&exclude=all_users&action=preview"
            ),
        ),
        (
            "/admin/policy",
            format!("csrf={csrf}&version=-1&state=enabled&snooze=3&include=&confirm=%FF"),
        ),
        (
            "/admin/what-if",
            format!("csrf={csrf}&id=%20&groups=,,,&methods=nope&user_agent=%00"),
        ),
        (
            "/admin/what-if",
            format!("csrf={csrf}&id=a11ce000-0000-4000-8000-000000000001&methods=sms,sms,sms"),
        ),
        ("/admin/settings", "csrf=%%%&&&==".to_owned()),
    ];
    for (path, form) in forms {
        let Reply { status, body, .. } = send(&app, post(path, &form, Some(&csrf))).await;
        assert!(
            [200, 400, 403, 409].contains(&status.as_u16()),
            "{path} {form}: {status} {body}"
        );
    }
    for path in [
        "/admin/users.csv?status=%FF&after=",
        "/admin?after=&status=",
    ] {
        let Reply { status, .. } = send(&app, get(path, &csrf)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    assert_eq!(stored_version(&campaign).await, 1);
    assert_eq!(campaign.settings().await.unwrap().version, 0);
}

/// The admin page in the admin's language (issue 14): every built-in language renders without
/// a missing message, German says it in German, Arabic is right to left, and the forms post to
/// the same routes with the same fields as in English.
#[tokio::test]
async fn the_admin_page_speaks_the_admins_language() {
    let (app, campaign) = fixed_page().await;
    let page = |accept: &'static str| {
        let app = app.clone();
        async move {
            let response = app
                .oneshot(
                    Request::get("/admin")
                        .header(header::ACCEPT_LANGUAGE, accept)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(response.headers()[header::VARY], "Accept-Language");
            let body = response.into_body().collect().await.unwrap().to_bytes();
            String::from_utf8_lossy(&body).into_owned()
        }
    };
    let forms = |html: &str| -> Vec<String> {
        html.split("name=\"")
            .skip(1)
            .map(|f| f.split('"').next().unwrap_or_default().to_owned())
            .chain(
                html.split("action=\"")
                    .skip(1)
                    .map(|f| f.split('"').next().unwrap_or_default().to_owned()),
            )
            .collect()
    };
    let english = page("en").await;
    for language in campaign.locales().languages() {
        let html = page(Box::leak(language.to_string().into_boxed_str())).await;
        assert!(
            html.contains(&format!("<html lang=\"{language}\"")),
            "{language}"
        );
        assert_eq!(forms(&html), forms(&english), "{language}");
    }
    assert_eq!(campaign.locales().missing_translations(), 0);
    let de = page("de-DE,de;q=0.9").await;
    assert!(
        de.contains("<h2 id=\"settings-heading\">Frist und Gruppenregeln</h2>"),
        "{de}"
    );
    assert!(de.contains("Richtlinie") && de.contains("Überwachungsprotokoll"));
    for english_words in [
        "Deadline and group rules",
        "Audit log",
        "What if?",
        "Funnel, last",
    ] {
        assert!(!de.contains(english_words), "{english_words}");
    }
    let ar = page("ar").await;
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("حملة التسجيل"));
}

/// The admin page serves the tenant the host puts in the request (issue 15): its policy only,
/// CSRF tokens bound to it, and a tenant the campaign does not serve gets a 404.
#[tokio::test]
async fn the_admin_page_serves_the_tenant_the_host_names_and_nothing_else() {
    use registration_campaign::{TenantId, TenantSettings};
    let contoso = TenantId::new("c0470500-0000-4000-8000-0000000000c0").unwrap();
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        .tenant(contoso.clone(), TenantSettings::default())
        .build();
    campaign
        .replace_policy(AuthenticationMethodsPolicy::default())
        .await
        .unwrap();
    let app = Router::new()
        .nest(
            "/admin",
            admin_page(campaign.clone(), Some(Arc::new(Names))),
        )
        .layer(axum::middleware::from_fn(
            |mut request: axum::extract::Request, next: axum::middleware::Next| async move {
                let tenant = request
                    .headers()
                    .get("x-tenant")
                    .map(|v| TenantId::new(v.to_str().unwrap()).unwrap());
                if let Some(tenant) = tenant {
                    request.extensions_mut().insert(tenant);
                }
                next.run(request).await
            },
        ));
    let in_tenant = |mut request: Request<Body>, tenant: &str| {
        request
            .headers_mut()
            .insert("x-tenant", tenant.parse().unwrap());
        request
    };
    let csrf = token_for(
        &app,
        in_tenant(
            Request::get("/admin").body(Body::empty()).unwrap(),
            contoso.as_str(),
        ),
    )
    .await;
    let form = format!(
        "csrf={csrf}&version=0&state=enabled&snooze=5&limited=on&include=all_users&exclude="
    );
    // Contoso's token in the default tenant's page: refused, nothing changed.
    let Reply { status, .. } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // In Contoso's page it saves Contoso's first policy version.
    let Reply {
        status, body: html, ..
    } = send(
        &app,
        in_tenant(post("/admin/policy", &form, Some(&csrf)), contoso.as_str()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Saved. The policy is now version 1."),
        "{html}"
    );
    let scoped = campaign.for_tenant(&contoso).unwrap();
    assert_eq!(stored_version(&scoped).await, 1);
    assert_eq!(
        stored_version(&campaign).await,
        1,
        "the default tenant's policy is untouched"
    );
    let snooze_field = |page: &str| {
        page.split("name=\"snooze\"")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .map(|tag| tag.contains("value=\"5\""))
    };
    let Reply {
        body: default_page, ..
    } = send(&app, get("/admin", &csrf)).await;
    assert_eq!(
        snooze_field(&default_page),
        Some(false),
        "the default tenant's page"
    );
    let Reply {
        body: contoso_page, ..
    } = send(&app, in_tenant(get("/admin", &csrf), contoso.as_str())).await;
    assert_eq!(snooze_field(&contoso_page), Some(true), "Contoso's page");
    // A tenant the campaign does not serve: 404, nothing read.
    let Reply { status, .. } = send(
        &app,
        in_tenant(get("/admin", &csrf), "0bad0000-0000-4000-8000-000000000000"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Issue 24: key restrictions without attestation trust the browser's claim; the page says so
/// beside the policy, in the admin's language.
#[tokio::test]
async fn the_page_warns_about_key_restrictions_without_attestation() {
    let (app, campaign) = fixed_page().await;
    let Reply { body: before, .. } =
        send(&app, Request::get("/admin").body(Body::empty()).unwrap()).await;
    assert!(!before.contains("without attestation"));
    let policy = campaign
        .active_policy()
        .await
        .unwrap()
        .policy
        .apply_method_patch(
            "Fido2",
            &json!({"state": "enabled", "passkeyProfiles": [{
                "id": "00000000-0000-0000-0000-000000000001", "name": "YubiKeys only",
                "passkeyTypes": "deviceBound", "attestationEnforcement": "disabled",
                "keyRestrictions": {"isEnforced": true, "enforcementType": "allow",
                                    "aaGuids": ["cb69481e-8ff7-4039-93ec-0a2729a154a8"]}}]}),
        )
        .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    let Reply {
        status, body: page, ..
    } = send(&app, Request::get("/admin").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("without attestation"), "{page}");
    assert!(page.contains("YubiKeys only"), "{page}");
}

/// Issue 22: the host's one directory serves what-if too. With no admin `Directory`, the page
/// asks the campaign's `UserDirectory` for the user typed (by id or sign-in name), with the
/// facts a sign-in would be decided with.
#[tokio::test]
async fn what_if_asks_the_hosts_user_directory_when_there_is_no_admin_directory() {
    use registration_campaign::{DirectoryUser, MemoryDirectory, TenantId};
    let users = Arc::new(MemoryDirectory::new());
    users.add(
        &TenantId::default_tenant(),
        DirectoryUser::new("a11ce000-0000-4000-8000-000000000001", "Alice")
            .with_sign_in_name("alice@contoso.com")
            .with_groups([STAFF])
            .with_methods([AuthMethod::Sms]),
    );
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .directory(users)
        .build();
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "includeTargets": [{"id": STAFF, "targetType": "group"}]}}}),
        )
        .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    let app = Router::new().nest("/admin", admin_page(campaign, None));
    let csrf = token(&app).await;
    for typed in [
        "alice%40contoso.com",
        "a11ce000-0000-4000-8000-000000000001",
    ] {
        let form = format!("csrf={csrf}&id={typed}&groups=&methods=&user_agent=");
        let Reply {
            status, body: html, ..
        } = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
        assert_eq!(status, StatusCode::OK, "{typed}");
        assert!(
            html.contains("3 skips left"),
            "{typed}: Alice is in Staff and nudged: {html}"
        );
    }
}

/// Issue 25, item 1: what-if says which registration makes a user "already registered". A user
/// who registered through the campaign gets what and when (not "has Microsoft Authenticator
/// with notifications"); a user whose directory lists an authenticator app the campaign
/// accepts gets that method named. The Graph answer carries the same facts.
#[tokio::test]
async fn what_if_says_which_registration_made_a_user_already_registered() {
    use registration_campaign::{DirectoryUser, MemoryDirectory, TenantId};
    let users = Arc::new(MemoryDirectory::new());
    let tenant = TenantId::default_tenant();
    let heidi = "4e1d1000-0000-4000-8000-000000000008";
    let grace = "64ace000-0000-4000-8000-000000000007";
    users.add(
        &tenant,
        DirectoryUser::new(heidi, "Heidi")
            .with_groups([STAFF])
            .with_methods([AuthMethod::Sms]),
    );
    users.add(
        &tenant,
        DirectoryUser::new(grace, "Grace")
            .with_groups([STAFF])
            .with_methods([AuthMethod::SoftwareOath]),
    );
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        .directory(users)
        .any_authenticator_app()
        .build();
    let policy = AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "includeTargets": [{"id": STAFF, "targetType": "group"}]}}}),
        )
        .unwrap();
    campaign.replace_policy(policy).await.unwrap();
    // Heidi skipped once, then registered a passkey through the campaign.
    let store = campaign.store();
    store
        .record_snooze(heidi, "h-1", datetime!(2026-11-27 09:00 UTC), None)
        .await
        .unwrap();
    store
        .record_registration(heidi, datetime!(2026-11-27 10:00 UTC))
        .await
        .unwrap();
    // What a finished flow stores beside the registration: its method (the record format is
    // persisted, as the tenant migration test reads it too).
    store
        .upsert_record(&registration_campaign::store::Record {
            kind: "registered-method".into(),
            id: heidi.into(),
            owner: heidi.into(),
            version: 1,
            document: "\"passkey\"".into(),
            expires_at: None,
        })
        .await
        .unwrap();
    let app = Router::new().nest("/admin", admin_page(campaign.clone(), None));
    let csrf = token(&app).await;
    let ask = |id: &str| format!("csrf={csrf}&id={id}&groups=&methods=&user_agent=");
    let answer_of = |html: &str| {
        let at = html.find("id=\"whatif-answer\"").expect("an answer");
        html[at..].split("</div>").next().unwrap().to_owned()
    };
    let Reply { body: html, .. } =
        send(&app, post("/admin/what-if", &ask(heidi), Some(&csrf))).await;
    let answer = answer_of(&html);
    assert!(
        answer.contains(
            "The user registered through the campaign on 27 Nov 2026, 10:00 UTC (passkey)."
        ),
        "{answer}"
    );
    assert!(!answer.contains("Skip for now"), "{answer}");
    assert!(
        !answer.contains("Microsoft Authenticator with notifications"),
        "{answer}"
    );
    let Reply { body: html, .. } =
        send(&app, post("/admin/what-if", &ask(grace), Some(&csrf))).await;
    let html = answer_of(&html);
    assert!(
        html.contains("The directory lists an authenticator app (softwareOath) for the user, which this campaign accepts."),
        "{html}"
    );

    let request = |id: &str| registration_campaign::admin::WhatIfRequest {
        id: id.into(),
        methods: if id == grace {
            vec![AuthMethod::SoftwareOath]
        } else {
            vec![AuthMethod::Sms]
        },
        groups: vec![STAFF.into()],
        ..Default::default()
    };
    let answer = serde_json::to_value(campaign.what_if(&request(heidi)).await.unwrap()).unwrap();
    assert_eq!(answer["reason"], "alreadyRegistered");
    assert_eq!(answer["registeredMethod"], "passkey");
    assert_eq!(answer["state"]["registeredAt"], "2026-11-27T10:00:00Z");
    let answer = serde_json::to_value(campaign.what_if(&request(grace)).await.unwrap()).unwrap();
    assert_eq!(answer["reason"], "alreadyRegistered");
    assert_eq!(answer["satisfiedBy"], "softwareOath");
    assert!(answer.get("registeredMethod").is_none());
}

/// Issue 25, item 7 on the page: **Preview** says what saving would do to the users met so far,
/// before anything is saved, and saving says what it did.
#[tokio::test]
async fn the_preview_and_the_save_say_how_many_users_become_required() {
    let (app, campaign, _clock) = fixed_page_with_clock().await;
    // Out of skips four days ago, but not targeted by the stored policy (it names Staff only).
    for n in 0..3 {
        campaign
            .store()
            .record_snooze(
                "user-x",
                &format!("x-{n}"),
                datetime!(2026-11-24 09:00 UTC),
                None,
            )
            .await
            .unwrap();
    }
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=1&state=enabled&snooze=3&limited=on&include=all_users&exclude="
    );
    let Reply { body: html, .. } = send(
        &app,
        post(
            "/admin/policy",
            &format!("{form}&action=preview"),
            Some(&csrf),
        ),
    )
    .await;
    assert!(
        html.contains("Saving would make 1 more user register."),
        "{html}"
    );
    assert_eq!(
        campaign.active_policy().await.unwrap().version,
        1,
        "nothing saved"
    );
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("1 more user now has to register."), "{html}");
}

/// Issue 25, item 9: a target saved by name is shown by that name again (the form used to come
/// back as `group 5a1e5000-…`); an id the directory does not know stays an id.
#[tokio::test]
async fn a_target_saved_by_name_is_shown_by_name() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=1&state=enabled&snooze=3&include=Staff&exclude=group+c0ffee00-0000-4000-8000-00000000e0c1"
    );
    let Reply { status, .. } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    let Reply { raw: html, .. } = send(&app, get("/admin", &csrf)).await;
    assert!(html.contains(">Staff</textarea>"), "{html}");
    assert!(
        html.contains(">group c0ffee00-0000-4000-8000-00000000e0c1</textarea>"),
        "{html}"
    );
}

/// Issue 25, item 9: a preview with errors says there is no preview yet, not that the policy
/// was not saved (nobody asked to save it).
#[tokio::test]
async fn a_refused_preview_does_not_speak_of_saving() {
    let (app, _) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!(
        "csrf={csrf}&version=1&state=enabled&snooze=20&include=all_users&exclude=&action=preview"
    );
    let Reply { status, body, .. } = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("No preview yet. Fix this problem:"), "{body}");
    assert!(!body.contains("The policy was not saved."), "{body}");
}

#[tokio::test]
async fn the_audit_table_says_who_was_exempted_until_when_in_words() {
    let (app, campaign) = fixed_page().await;
    let actor = registration_campaign::admin::Actor {
        id: "ad000000-0000-4000-8000-000000000001".into(),
        user_principal_name: Some("admin@contoso.test".into()),
    };
    campaign
        .exempt(
            "heidi",
            datetime!(2027-01-15 00:00 UTC),
            "Company phone",
            &actor,
        )
        .await
        .unwrap();
    let csrf = token(&app).await;
    let Reply { body: html, .. } = send(&app, get("/admin?status=exempt", &csrf)).await;
    assert!(
        html.contains("Exempted heidi until 15 Jan 2027, 00:00 UTC"),
        "{html}"
    );
    assert!(html.contains("admin@contoso.test"));
}

#[tokio::test]
async fn an_admin_exempts_a_user_on_the_page_and_removes_the_exemption() {
    let (app, campaign) = fixed_page().await;
    let store = campaign.store();
    store
        .record_snooze("heidi", "h-1", datetime!(2026-11-27 09:00 UTC), Some(3))
        .await
        .unwrap();
    let csrf = token(&app).await;
    let form = format!("csrf={csrf}&user=heidi&until=2027-01-15&reason=Company+phone");
    let Reply { status, .. } = send(&app, post("/admin/users/exempt", &form, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF cookie");
    assert_eq!(campaign.exemption("heidi").await.unwrap(), None);

    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/users/exempt", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("heidi is exempt until 15 Jan 2027, 00:00 UTC"),
        "{html}"
    );
    let exemption = campaign.exemption("heidi").await.unwrap().unwrap();
    assert_eq!(exemption.reason, "Company phone");
    assert!(html.contains("Remove exemption"), "a button on her row");

    // Refused, with the reason, and nothing changed: an unknown user, a past date, no reason.
    for (bad, says) in [
        (
            "user=nobody&until=2027-01-15&reason=x",
            "no user nobody is known",
        ),
        ("user=heidi&until=2026-01-01&reason=x", "a date after today"),
        (
            "user=heidi&until=2027-02-01&reason=",
            "a reason of 1 to 200 characters",
        ),
    ] {
        let Reply {
            status, body: html, ..
        } = send(
            &app,
            post(
                "/admin/users/exempt",
                &format!("csrf={csrf}&{bad}"),
                Some(&csrf),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(html.contains(says), "{bad}: {html}");
    }
    assert_eq!(campaign.exemption("heidi").await.unwrap(), Some(exemption));

    let removal = format!("csrf={csrf}&user=heidi");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/users/unexempt", &removal, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("heidi is no longer exempt."), "{html}");
    assert_eq!(campaign.exemption("heidi").await.unwrap(), None);
}

#[tokio::test]
async fn an_admin_resets_and_extends_a_users_snoozes_on_the_page() {
    let (app, campaign) = fixed_page().await;
    for (attempt, day) in [("h-1", 20), ("h-2", 22), ("h-3", 24)] {
        campaign
            .store()
            .record_snooze(
                "heidi",
                attempt,
                datetime!(2026-11-01 09:00 UTC) + time::Duration::days(day),
                Some(3),
            )
            .await
            .unwrap();
    }
    let csrf = token(&app).await;
    let Reply { body: html, .. } = send(&app, get("/admin?status=required", &csrf)).await;
    assert!(
        html.contains("Reset snoozes"),
        "a button on her row: {html}"
    );

    // Without the CSRF cookie nothing happens.
    let reset = format!("csrf={csrf}&user=heidi");
    let Reply { status, .. } = send(&app, post("/admin/users/reset-snoozes", &reset, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        campaign
            .store()
            .user_state("heidi")
            .await
            .unwrap()
            .snooze_count,
        3
    );

    let Reply {
        status, body: html, ..
    } = send(
        &app,
        post("/admin/users/reset-snoozes", &reset, Some(&csrf)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("heidi has every skip again"), "{html}");
    assert_eq!(
        campaign
            .store()
            .user_state("heidi")
            .await
            .unwrap()
            .snooze_count,
        0
    );

    let extend = format!("csrf={csrf}&user=heidi&until=2027-01-15");
    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/users/extend", &extend, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("heidi is neither nudged nor required until 15 Jan 2027, 00:00 UTC"),
        "{html}"
    );
    assert!(html.contains("End extension"), "a button on her row");
    let row = campaign.user_report_row("heidi").await.unwrap();
    assert_eq!(
        row.snooze_extended_until,
        Some(datetime!(2027-01-15 00:00 UTC))
    );

    for (bad, says) in [
        ("user=nobody&until=2027-01-15", "No user nobody is known"),
        ("user=heidi&until=2026-01-01", "a date after today"),
        ("user=heidi&until=soon", "a date after today"),
    ] {
        let Reply {
            status, body: html, ..
        } = send(
            &app,
            post(
                "/admin/users/extend",
                &format!("csrf={csrf}&{bad}"),
                Some(&csrf),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(html.contains(says), "{bad}: {html}");
    }
    assert!(campaign.snooze_extension("heidi").await.unwrap().is_some());

    let Reply {
        status, body: html, ..
    } = send(&app, post("/admin/users/unextend", &reset, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("The snooze extension of heidi has ended."),
        "{html}"
    );
    assert_eq!(campaign.snooze_extension("heidi").await.unwrap(), None);
    let Reply { body: html, .. } = send(&app, get("/admin", &csrf)).await;
    assert!(
        html.contains("Snooze extension of heidi ended"),
        "audited: {html}"
    );
}

#[tokio::test]
async fn with_a_directory_that_lists_users_the_table_has_everyone_by_name_with_a_total_and_search()
{
    use registration_campaign::{DirectoryUser, MemoryDirectory, TenantId};
    let directory = MemoryDirectory::new();
    for (id, name) in [
        ("u-1", "Zoë Zimmer"),
        ("u-2", "Adam Abel"),
        ("u-3", "Bea Berg"),
    ] {
        directory.add(&TenantId::default_tenant(), DirectoryUser::new(id, name));
    }
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC))))
        .directory(Arc::new(directory))
        .build();
    let app = Router::new().nest("/admin", admin_page(campaign.clone(), None));
    let csrf = token(&app).await;
    let Reply { body: html, .. } = send(&app, get("/admin", &csrf)).await;
    let at = |name: &str| html.find(name).unwrap_or_else(|| panic!("{name}: {html}"));
    assert!(at("Adam Abel") < at("Bea Berg") && at("Bea Berg") < at("Zoë Zimmer"));
    assert!(html.contains("(3 in all)"), "{html}");
    assert!(html.contains("Not yet shown"), "never met: {html}");

    let Reply { body: html, .. } = send(&app, get("/admin?q=zi", &csrf)).await;
    assert!(html.contains("Zoë Zimmer"), "{html}");
    assert!(!html.contains("Adam Abel"), "{html}");
    assert!(html.contains("(1 in all)"), "{html}");
    assert!(
        html.contains(r#"value="zi""#),
        "the search stays in its box"
    );
}
