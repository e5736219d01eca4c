//! The admin page: a reviewed snapshot, CSRF, validation next to the fields, and a change made
//! on the page that the next sign-in follows (through the demo, like a browser).

use std::sync::Arc;

use crate::support::{Browser, Demo, temp_dir};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use registration_campaign::admin::{Actor, AdminSession, Directory, FunnelEvent, admin_page};
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetType};
use registration_campaign::store::MemoryStore;
use registration_campaign::{Campaign, ManualClock};
use serde_json::json;
use time::macros::datetime;
use tower::ServiceExt;

const STAFF: &str = "5a1e5000-0000-4000-8000-0000000000a1";

struct Names;

impl Directory for Names {
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
        (target_type == TargetType::Group && id == STAFF).then(|| "Staff".to_owned())
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

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
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
    let (status, html) = send(&app, get("/admin", &csrf)).await;
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

#[tokio::test]
async fn saving_needs_the_csrf_token() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let form = format!("csrf={csrf}&version=1&state=disabled&snooze=3&include=all_users&exclude=");
    let (status, _) = send(&app, post("/admin/policy", &form, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no cookie");
    let (status, _) = send(
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
    let (status, _) = send(
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
    let (status, _) = send(&app, cross_site).await;
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
    let (status, html) = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Saved. The policy is now version 2."));
}

#[tokio::test]
async fn errors_are_shown_next_to_their_field_and_nothing_is_saved() {
    let (app, campaign) = fixed_page().await;
    let csrf = token(&app).await;
    let form =
        format!("csrf={csrf}&version=1&state=enabled&snooze=20&include=group+not-a-guid&exclude=");
    let (status, html) = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
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
    let stale = format!("csrf={csrf}&version=0&state=disabled&snooze=3&include=all_users&exclude=");
    let (status, html) = send(&app, post("/admin/policy", &stale, Some(&csrf))).await;
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
    let (status, html) = send(&app, post("/admin/what-if", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("nudge (inScope); snoozed 0 times so far, 3 skips left."),
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
    admin.sign_in("admin@contoso.test", "admin-demo");
    let page = admin.get("/admin/");
    assert!(page.body.contains("Registration campaign"), "{}", page.body);
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
        "csrf={}&version={version}&state=disabled&snooze=1&limited=on&include=all_users&exclude=group+c0ffee00-0000-4000-8000-00000000e0c1",
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
    let saved = format!("csrf={csrf}&version=1&state=disabled&snooze=3&include=all_users&exclude=");
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
    let form = format!("csrf={alice}&version=1&state=disabled&snooze=3&include=all_users&exclude=");
    // Bob's browser carrying Alice's cookie and form (planted, or a shared machine).
    let (status, body) = send(
        &app,
        as_admin(post("/admin/policy", &form, Some(&alice)), "bob", "s9"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another admin: {body}");
    assert!(body.contains("nothing was changed"), "{body}");
    // Alice again, but in another sign-in session (she signed out and in, or someone replays
    // her old pair).
    let (status, _) = send(
        &app,
        as_admin(post("/admin/policy", &form, Some(&alice)), "alice", "s2"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another session");
    // The same for what-if.
    let what_if = format!(
        "csrf={alice}&id=a11ce000-0000-4000-8000-000000000001&groups=&methods=sms&user_agent="
    );
    let (status, _) = send(
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
    let (status, html) = send(
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
    let form = format!("csrf={csrf}&version=1&state=disabled&snooze=3&include=all_users&exclude=");
    // Half an hour on, the page hands out a fresh token, and the old one still works for now.
    clock.advance(time::Duration::minutes(31));
    let fresh = token_for(&app, get("/admin", &csrf)).await;
    assert_ne!(fresh, csrf, "renewed before it runs out");
    clock.advance(time::Duration::minutes(30));
    let (status, body) = send(&app, post("/admin/policy", &form, Some(&csrf))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.contains("This form has expired") && body.contains("nothing was changed"),
        "{body}"
    );
    let what_if = format!(
        "csrf={csrf}&id=a11ce000-0000-4000-8000-000000000001&groups=&methods=sms&user_agent="
    );
    let (status, body) = send(&app, post("/admin/what-if", &what_if, Some(&csrf))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("This form has expired"), "{body}");
    assert_eq!(stored_version(&campaign).await, 1, "nothing changed");
    // The fresh token (29 minutes old) is still good.
    let form = form.replace(&csrf, &fresh);
    let (status, html) = send(&app, post("/admin/policy", &form, Some(&fresh))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(stored_version(&campaign).await, 2);
}
