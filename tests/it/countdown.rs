//! The prompt's countdown (issue 13, item 3): the deadline travels from the decision into the
//! flow record, and the prompt says how long is left, in the user's time zone, and what a skip
//! means for this user's snooze.

use registration_campaign::admin::Actor;
use serde_json::json;
use time::Duration;

use crate::layer::{ALICE, Harness, harness};

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
