//! An admin's actions on one user's snoozes through the admin API (DESIGN.md 2a): `POST
//! …/users/{id}/resetSnoozes` and `POST`/`DELETE …/users/{id}/snooze`, in decisions, the
//! report and the audit log.

use std::sync::Arc;

use axum::http::StatusCode;
use registration_campaign::ManualClock;
use registration_campaign::admin::GLOBAL_READER;
use serde_json::json;
use time::Duration;
use time::macros::datetime;

use crate::support::admin::{Api, api_with_clock, claims, hs256, writer};

const NOW: time::OffsetDateTime = datetime!(2026-11-28 09:00 UTC);
const GRACE: &str = "Grace.Hopper";

fn path(action: &str) -> String {
    format!("/v1.0/registrationCampaign/users/{GRACE}/{action}")
}

/// Grace used all three skips: her next sign-in requires registration.
async fn grace_out_of_skips() -> (Api, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(NOW));
    let api = api_with_clock(clock.clone());
    for attempt in 0..3 {
        api.campaign
            .store()
            .record_snooze(
                GRACE,
                &format!("a-{attempt}"),
                NOW - Duration::days(10 - attempt),
                Some(3),
            )
            .await
            .unwrap();
    }
    assert_eq!(
        api.decision_of(GRACE).await,
        "requireRegistration (snoozeLimitReached)"
    );
    (api, clock)
}

async fn post(api: &Api, path: &str, token: &str) -> crate::support::Reply {
    api.call("POST", path, Some(token), None, "", None).await
}

async fn snooze(api: &Api, body: &serde_json::Value, token: &str) -> crate::support::Reply {
    api.call(
        "POST",
        &path("snooze"),
        Some(token),
        Some("application/json"),
        &body.to_string(),
        None,
    )
    .await
}

#[tokio::test]
async fn a_reset_gives_every_skip_back_and_is_audited() {
    let (api, _clock) = grace_out_of_skips().await;
    let reset = post(&api, &path("resetSnoozes"), &writer()).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let row = reset.json();
    assert_eq!(row["userId"], GRACE);
    assert_eq!(row["snoozeCount"], 0);
    assert_eq!(row["status"], "due");
    assert_eq!(api.decision_of(GRACE).await, "nudge (inScope)");
    let decision = api.campaign.what_if(&what_if()).await.unwrap();
    assert_eq!(decision.explanation.skips_left, Some(3), "every skip again");

    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    let entry = &audit["value"][0];
    assert_eq!(
        entry["target"],
        format!("registrationCampaign/users/{GRACE}/resetSnoozes")
    );
    assert_eq!(entry["before"], json!({"snoozeCount": 3}));
    assert_eq!(entry["after"], json!({"snoozeCount": 0}));
    assert_eq!(
        entry["initiatedBy"]["userPrincipalName"],
        "admin@contoso.test"
    );
}

#[tokio::test]
async fn an_extension_lets_a_required_user_in_until_its_date_only() {
    let (api, clock) = grace_out_of_skips().await;
    let put = snooze(&api, &json!({"until": "2026-12-05T09:00:00Z"}), &writer()).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let row = put.json();
    assert_eq!(row["status"], "snoozed");
    assert_eq!(row["snoozeExtendedUntil"], "2026-12-05T09:00:00Z");
    assert_eq!(row["snoozedUntil"], "2026-12-05T09:00:00Z");
    assert_eq!(row["snoozeCount"], 3, "the skips taken stay");
    assert_eq!(api.decision_of(GRACE).await, "passThrough (snoozeExtended)");
    let answer = api.campaign.what_if(&what_if()).await.unwrap();
    assert_eq!(
        answer.explanation.snooze_until,
        Some(datetime!(2026-12-05 09:00 UTC)),
        "what-if says until when"
    );

    clock.set(datetime!(2026-12-05 08:59 UTC));
    assert_eq!(api.decision_of(GRACE).await, "passThrough (snoozeExtended)");
    clock.set(datetime!(2026-12-05 09:00 UTC));
    assert_eq!(
        api.decision_of(GRACE).await,
        "requireRegistration (snoozeLimitReached)",
        "required again when it ends"
    );
}

#[tokio::test]
async fn an_ended_extension_requires_again_at_once_and_both_are_audited() {
    let (api, clock) = grace_out_of_skips().await;
    let until = "2026-12-20T00:00:00Z";
    let put = snooze(&api, &json!({"until": until}), &writer()).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    clock.advance(Duration::minutes(1));
    let deleted = api.delete(&path("snooze"), &writer()).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.decision_of(GRACE).await,
        "requireRegistration (snoozeLimitReached)"
    );
    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    let target = format!("registrationCampaign/users/{GRACE}/snooze");
    assert_eq!(audit["value"][0]["target"], target);
    assert_eq!(audit["value"][0]["after"], serde_json::Value::Null);
    assert_eq!(audit["value"][1]["target"], target);
    assert_eq!(audit["value"][1]["after"]["until"], until);
}

#[tokio::test]
async fn bad_snooze_actions_are_refused_and_change_nothing() {
    let (api, _clock) = grace_out_of_skips().await;
    for (body, says) in [
        (json!({"until": "2026-11-01T00:00:00Z"}), "until:"),
        (json!({"until": "2027-02-27T09:00:01Z"}), "until:"),
        (json!({"until": "soon"}), "until:"),
        (json!({"until": 7}), "until:"),
        (json!({}), "until:"),
        (
            json!({"days": 7, "until": "2026-12-20T00:00:00Z"}),
            "days: unknown",
        ),
    ] {
        let reply = snooze(&api, &body, &writer()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.starts_with(says), "{body}: {message}");
    }
    assert_eq!(
        api.decision_of(GRACE).await,
        "requireRegistration (snoozeLimitReached)"
    );

    // Nobody known: 404. A reader may not act: 403. Nothing changed.
    let unknown = "/v1.0/registrationCampaign/users/nobody/resetSnoozes";
    assert_eq!(
        post(&api, unknown, &writer()).await.status,
        StatusCode::NOT_FOUND
    );
    let reader = hs256(&claims(
        json!({"scp": "Policy.Read.All", "wids": [GLOBAL_READER]}),
    ));
    assert_eq!(
        post(&api, &path("resetSnoozes"), &reader).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        snooze(&api, &json!({"until": "2026-12-05T09:00:00Z"}), &reader)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.decision_of(GRACE).await,
        "requireRegistration (snoozeLimitReached)"
    );
}

fn what_if() -> registration_campaign::admin::WhatIfRequest {
    registration_campaign::admin::WhatIfRequest {
        id: GRACE.into(),
        methods: vec![registration_campaign::AuthMethod::Sms],
        ..Default::default()
    }
}
