//! The prompt's countdown (issue 13, item 3): the deadline travels from the decision into the
//! flow record, and the prompt says how long is left, in the user's time zone, and what a skip
//! means for this user's snooze.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use axum::routing::post;
use registration_campaign::admin::Actor;
use registration_campaign::store::MemoryStore;
use registration_campaign::{Campaign, Clock};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::support::harness::{ALICE, Harness, START, harness, host_mfa, policy};
use crate::support::send;

const STAFF: &str = "5a1e5000-0000-4000-8000-0000000000a1";
const BOB: &str = "b0b00000-0000-4000-8000-000000000002";

async fn with_settings(h: &Harness, settings: serde_json::Value) {
    let admin = Actor {
        id: "admin".into(),
        user_principal_name: None,
    };
    h.campaign
        .change_settings(&settings, None, &admin, "test")
        .await
        .unwrap();
}

/// The prompt a sign-in leads to, as text.
async fn prompt(h: &Harness, query: &str) -> String {
    let (cookie, _) = h.nudged(query).await;
    h.get("/registration-campaign", &cookie).await.body
}

#[tokio::test]
async fn the_prompt_counts_down_to_the_campaign_deadline_and_says_when_a_skip_comes_back() {
    // The harness starts on 28 November 2026 at 09:00 UTC, with one day of snooze.
    let h = harness(json!({})).await;
    with_settings(&h, json!({"deadline": "2026-12-10T00:00:00Z"})).await;
    let page = prompt(&h, &format!("user={ALICE}")).await;
    assert!(
        page.contains("<strong>Required in 12 days (by 10 December 2026)</strong>, or after 3 more skips, whichever comes first."),
        "{page}"
    );
    assert!(page.contains("If you skip, we'll ask again in 1 day."));
}

#[tokio::test]
async fn a_group_rules_snooze_and_deadline_are_the_ones_the_prompt_tells() {
    let h = harness(json!({"snoozeDurationInDays": 1})).await;
    with_settings(
        &h,
        json!({"deadline": "2026-12-10T00:00:00Z", "groupRules": [{"groupId": STAFF,
               "snoozeDurationInDays": 3, "allowedSnoozes": null, "deadline": "2026-12-01T12:00:00Z"}]}),
    )
    .await;
    let page = prompt(&h, &format!("user={BOB}&group={STAFF}")).await;
    assert!(
        page.contains("<strong>Required in 3 days (by 1 December 2026 at 12:00 UTC)</strong>.</p>"),
        "{page}"
    );
    // The group's three days, not the policy's one.
    assert!(
        page.contains("If you skip, we'll ask again in 3 days."),
        "{page}"
    );
}

#[tokio::test]
async fn the_dates_are_the_users_when_the_host_gives_an_offset() {
    let h = harness(json!({})).await;
    with_settings(&h, json!({"deadline": "2026-12-10T00:00:00Z"})).await;
    // UTC-10:00: it is still 27 November where Alice is, and the deadline is the 9th at 14:00.
    let page = prompt(&h, &format!("user={ALICE}&offset_minutes=-600")).await;
    assert!(
        page.contains("Required in 12 days (by 9 December 2026 at 14:00 UTC-10:00)"),
        "{page}"
    );
}

#[tokio::test]
async fn a_deadline_within_the_snooze_is_when_a_skip_comes_back() {
    let h = harness(json!({"snoozeDurationInDays": 7})).await;
    with_settings(&h, json!({"deadline": "2026-11-30T00:00:00Z"})).await;
    let page = prompt(&h, &format!("user={ALICE}")).await;
    assert!(
        page.contains("Required in 2 days (by 30 November 2026)"),
        "{page}"
    );
    assert!(
        page.contains("we'll ask again when setup becomes required, at your first sign-in from 30 November 2026."),
        "{page}"
    );
}

#[tokio::test]
async fn after_the_deadline_the_prompt_is_required_and_says_the_deadline_passed() {
    let h = harness(json!({})).await;
    with_settings(&h, json!({"deadline": "2026-12-10T00:00:00Z"})).await;
    prompt(&h, &format!("user={ALICE}")).await;
    h.clock.advance(Duration::days(12));
    let page = prompt(&h, &format!("user={ALICE}")).await;
    assert!(
        page.contains("The deadline to set up Microsoft Authenticator was 10 December 2026. Set it up now to continue."),
        "{page}"
    );
    assert!(!page.contains("Skip for now"));
    assert!(!page.contains("maximum number of times"));
}

/// A clock that moves on a millisecond each time it is read, as a real one does between the
/// decision and the flow's start.
#[derive(Debug)]
struct TickingClock(AtomicI64);

impl Clock for TickingClock {
    fn now(&self) -> OffsetDateTime {
        START + Duration::milliseconds(self.0.fetch_add(1, Ordering::Relaxed))
    }
}

#[tokio::test]
async fn a_one_day_snooze_is_told_as_one_day_on_a_clock_that_moves() {
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .secure_cookies(false)
        .clock(Arc::new(TickingClock(AtomicI64::new(0))))
        .build();
    campaign
        .replace_policy(policy(json!({"snoozeDurationInDays": 1})))
        .await
        .unwrap();
    let app = Router::new()
        .route("/mfa", post(host_mfa))
        .layer(campaign.layer());
    let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    let redirect = send(
        &app,
        Request::post(format!("/mfa?user={ALICE}"))
            .header(header::USER_AGENT, chrome)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let cookie = redirect.flow_cookie().expect("a flow cookie");
    let page = send(
        &app,
        Request::get("/registration-campaign")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .body;
    // It said "in 0 days" when the decision's clock reading was a moment before the flow's.
    assert!(
        page.contains("If you skip, we'll ask again in 1 day."),
        "{page}"
    );
}

/// A skip posted anyway after the deadline is refused, and the page says the deadline is why
/// (not "skipped the maximum number of times", which was not so).
#[tokio::test]
async fn a_skip_after_the_deadline_is_refused_naming_the_deadline() {
    let h = harness(json!({})).await;
    with_settings(&h, json!({"deadline": (START - Duration::days(1)).format(&time::format_description::well_known::Rfc3339).unwrap()})).await;
    let (cookie, csrf) = h.nudged(&format!("user={ALICE}")).await;
    let refused = h
        .post(
            "/registration-campaign/skip",
            &cookie,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("The deadline to set this up has passed"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("maximum number of times"));
}
