//! The flow under Back, reloads, stale pages and unknown paths: whatever the browser shows
//! again, the server answers with what really happened.

use axum::http::{StatusCode, header};
use serde_json::json;

use crate::support;
use crate::support::Reply;
use crate::support::harness::{ALICE, Harness, UnixNow, harness};

const FLOW: &str = "/registration-campaign";
const BACK: &str = "/registration-campaign/back";
const NEXT: &str = "/registration-campaign/next";
const SKIP: &str = "/registration-campaign/skip";

fn has_back_button(page: &Reply) -> bool {
    page.body.contains(&format!("action=\"{BACK}\""))
}

/// Whether `reply` deletes the flow cookie.
fn removes_flow_cookie(reply: &Reply) -> bool {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("registration-campaign=") && c.contains("Max-Age=0"))
}

impl Harness {
    /// From a fresh nudge to the TOTP scan page (push is offered first); returns the cookie.
    async fn totp_scan(&self, query: &str) -> String {
        let (cookie, csrf) = self.nudged(query).await;
        let cookie = self.next_to_scan(cookie, &format!("csrf={csrf}")).await;
        let push = self.get(FLOW, &cookie).await;
        self.post(
            "/registration-campaign/alternative",
            &cookie,
            &push.csrf_form(),
        )
        .await
        .flow_cookie()
        .unwrap()
    }

    /// Registers by TOTP from a fresh nudge and stops on "Success!"; returns the cookie.
    async fn registered_by_totp(&self) -> String {
        let cookie = self.totp_scan(&format!("user={ALICE}&next=/inbox")).await;
        let link = self.setup_link(&cookie).await;
        let code = support::totp(&support::otpauth_secret(&link), self.clock.now_unix());
        let page = self.get(FLOW, &cookie).await;
        let done = self
            .post(
                "/registration-campaign/code",
                &cookie,
                &format!("{}&code={code}", page.csrf_form()),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        done.flow_cookie().unwrap()
    }
}

#[tokio::test]
async fn back_returns_one_step_at_a_time_and_next_shows_the_same_qr_code_again() {
    let h = harness(json!({})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let mut cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    let link = h.setup_link(&cookie).await;
    for shown_after in [
        "Set up your account",
        "Start by getting the app",
        "Keep your account secure",
    ] {
        let page = h.get(FLOW, &cookie).await;
        assert!(has_back_button(&page), "a Back button: {}", page.body);
        let back = h.post(BACK, &cookie, &page.csrf_form()).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
        assert_eq!(back.location(), FLOW);
        cookie = back.flow_cookie().unwrap();
        let shown = h.get(FLOW, &cookie).await;
        assert!(shown.body.contains(shown_after), "{}", shown.body);
    }
    assert!(
        !has_back_button(&h.get(FLOW, &cookie).await),
        "the prompt has nothing to go back to"
    );
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    assert_eq!(h.setup_link(&cookie).await, link, "the same enrollment");
    assert_eq!(h.enrollments().await, 1, "going back started nothing new");
}

#[tokio::test]
async fn back_from_a_page_the_flow_has_left_changes_nothing() {
    let h = harness(json!({})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let cookie = h.next_to_scan(cookie, &format!("csrf={csrf}")).await;
    // The download page's Back, posted from a stale tab while the flow is at the scan step.
    let stale = h
        .post(BACK, &cookie, &format!("csrf={csrf}&step=download"))
        .await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    let now = h.get(FLOW, &stale.flow_cookie().unwrap()).await;
    assert!(now.body.contains("Scan the QR code"), "{}", now.body);
}

#[tokio::test]
async fn back_from_the_test_notification_shows_the_connected_phone() {
    let h = harness(json!({})).await;
    let test = h.push_test_notification().await;
    let page = h.get(FLOW, &test.cookie).await;
    assert!(has_back_button(&page));
    let back = h.post(BACK, &test.cookie, &page.csrf_form()).await;
    let scan = h.get(FLOW, &back.flow_cookie().unwrap()).await;
    assert!(scan.body.contains("Connected: Phone"), "{}", scan.body);
}

#[tokio::test]
async fn the_totp_page_can_go_back_to_the_push_option() {
    let h = harness(json!({})).await;
    let cookie = h.totp_scan(&format!("user={ALICE}")).await;
    let totp = h.get(FLOW, &cookie).await;
    assert!(h.setup_link(&cookie).await.starts_with("otpauth://"));
    assert!(
        totp.body
            .contains("action=\"/registration-campaign/alternative\""),
        "{}",
        totp.body
    );
    let switch = h
        .post(
            "/registration-campaign/alternative",
            &cookie,
            &totp.csrf_form(),
        )
        .await;
    let push = h.setup_link(&switch.flow_cookie().unwrap()).await;
    assert!(push.starts_with("rcpush://enroll"), "{push}");
}

#[tokio::test]
async fn after_a_skip_every_flow_page_says_the_skip_was_recorded() {
    let h = harness(json!({})).await;
    let (cookie, _) = h.nudged(&format!("user={ALICE}&next=/inbox")).await;
    let prompt = h.get(FLOW, &cookie).await;
    let skip = h.post(SKIP, &cookie, &prompt.csrf_form()).await;
    assert_eq!(skip.location(), "/inbox");
    assert!(
        !removes_flow_cookie(&skip),
        "the browser keeps the (ended) flow's cookie, so Back can be answered"
    );
    // Back to the prompt (a reload, or the cached page's buttons).
    for again in [
        h.get(FLOW, &cookie).await,
        h.post(NEXT, &cookie, &prompt.csrf_form()).await,
        h.post(SKIP, &cookie, &prompt.csrf_form()).await,
    ] {
        assert_eq!(again.status, StatusCode::OK);
        assert!(again.body.contains("You skipped setup"), "{}", again.body);
        assert!(again.body.contains("href=\"/inbox\""));
        assert!(!again.body.contains("expired"));
    }
    assert_eq!(h.state().await.snooze_count, 1, "the skip counted once");
}

#[tokio::test]
async fn after_finishing_every_flow_page_says_the_app_is_set_up() {
    let h = harness(json!({})).await;
    let cookie = h.registered_by_totp().await;
    let done = h.get(FLOW, &cookie).await;
    assert!(done.body.contains("Success!"));
    let finish = h.post(NEXT, &cookie, &done.csrf_form()).await;
    assert_eq!(finish.location(), "/inbox");
    assert!(!removes_flow_cookie(&finish));
    for again in [
        h.get(FLOW, &cookie).await,
        h.post(NEXT, &cookie, &done.csrf_form()).await,
    ] {
        assert_eq!(again.status, StatusCode::OK);
        assert!(again.body.contains("You're all set"), "{}", again.body);
        assert!(again.body.contains("href=\"/inbox\""));
    }
}

#[tokio::test]
async fn every_step_shows_the_same_page_when_reloaded() {
    let h = harness(json!({"snoozeDurationInDays": 0})).await;
    let (mut cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    for _ in 0..4 {
        let first = h.get(FLOW, &cookie).await;
        let again = h.get(FLOW, &cookie).await;
        assert_eq!(first.status, again.status);
        assert_eq!(first.body, again.body);
        cookie = h
            .post(NEXT, &cookie, &first.csrf_form())
            .await
            .flow_cookie()
            .unwrap_or(cookie);
    }
    assert_eq!(h.enrollments().await, 1, "reloading started nothing");
    let test = h.push_test_notification().await;
    let first = h.get(FLOW, &test.cookie).await;
    assert!(first.body.contains("Let's try it out"));
    assert_eq!(first.body, h.get(FLOW, &test.cookie).await.body);
    let _ = csrf;
}

#[tokio::test]
async fn unknown_paths_get_the_styled_404_and_the_trailing_slash_the_flow() {
    let h = harness(json!({})).await;
    let (cookie, _) = h.nudged(&format!("user={ALICE}")).await;
    for path in [
        "/registration-campaign/nope",
        "/registration-campaign/nope/deeper",
        "/registration-campaign/assets/nope.css",
    ] {
        let reply = h.get(path, &cookie).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.body.contains("<h1>Page not found</h1>"), "{path}");
        assert!(
            reply
                .body
                .contains("/registration-campaign/assets/campaign.css"),
            "{path}: styled"
        );
    }
    let slash = h.get("/registration-campaign/", &cookie).await;
    assert_eq!(slash.status, StatusCode::SEE_OTHER);
    assert_eq!(slash.location(), FLOW);
}

/// Issue 24: the TOTP page named the account "Alice" while the QR code's otpauth label said
/// `alice@contoso.test`; an app then shows a name the page never mentioned.
#[tokio::test]
async fn the_totp_page_names_the_account_as_the_qr_code_does() {
    let h = harness(json!({})).await;
    let cookie = h
        .totp_scan(&format!("user={ALICE}&upn=alice@contoso.test"))
        .await;
    let page = h.get(FLOW, &cookie).await;
    let link = h.setup_link(&cookie).await;
    assert!(
        link.contains("alice%40contoso.test") || link.contains("alice@contoso.test"),
        "{link}"
    );
    let at = page.body.find("Account name").expect("an account name");
    let shown = &page.body[at..at + 200];
    assert!(shown.contains("alice@contoso.test"), "{shown}");
}
