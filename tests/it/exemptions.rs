//! Per-user exemptions through the admin API (DESIGN.md 2a): `PUT`/`DELETE
//! {prefix}/registrationCampaign/users/{id}/exemption`, in decisions, the report and the audit
//! log.

use axum::http::StatusCode;
use registration_campaign::admin::{GLOBAL_READER, WhatIfRequest};
use registration_campaign::{AuthMethod, ManualClock};
use serde_json::{Value, json};
use time::macros::datetime;

use crate::support::admin::{Api, api, claims, hs256, writer};

const NOW: time::OffsetDateTime = datetime!(2026-11-28 09:00 UTC);
/// A user id with capitals: the host's ids keep their case in the path.
const HEIDI: &str = "Heidi.Schmidt";

fn exemption(id: &str) -> String {
    format!("/v1.0/registrationCampaign/users/{id}/exemption")
}

impl Api {
    pub(crate) async fn put(&self, path: &str, token: &str, body: &Value) -> crate::support::Reply {
        self.call(
            "PUT",
            path,
            Some(token),
            Some("application/json"),
            &body.to_string(),
            None,
        )
        .await
    }

    pub(crate) async fn delete(&self, path: &str, token: &str) -> crate::support::Reply {
        self.call("DELETE", path, Some(token), None, "", None).await
    }

    pub(crate) async fn decision_of(&self, id: &str) -> String {
        let request = WhatIfRequest {
            id: id.into(),
            methods: vec![AuthMethod::Sms],
            ..WhatIfRequest::default()
        };
        let answer = self.campaign.what_if(&request).await.unwrap();
        format!(
            "{} ({})",
            answer.explanation.decision, answer.explanation.reason
        )
    }
}

/// The campaign has met Heidi: she skipped once.
async fn heidi_met(api: &Api) {
    api.campaign
        .store()
        .record_snooze(HEIDI, "a-1", NOW - time::Duration::days(3), Some(3))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_exempt_user_is_neither_nudged_nor_required_until_the_exemption_is_removed() {
    let clock = std::sync::Arc::new(ManualClock::new(NOW));
    let api = crate::support::admin::api_with_clock(clock.clone());
    heidi_met(&api).await;
    assert_eq!(api.decision_of(HEIDI).await, "nudge (inScope)");

    let until = "2027-01-15T00:00:00Z";
    let put = api
        .put(
            &exemption(HEIDI),
            &writer(),
            &json!({"until": until, "reason": "Waiting for a company phone"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let row = put.json();
    assert_eq!(row["userId"], HEIDI, "the id keeps its case");
    assert_eq!(row["status"], "exempt");
    assert_eq!(row["exemptUntil"], until);
    assert_eq!(api.decision_of(HEIDI).await, "passThrough (exempted)");

    // The report lists her as exempt, and the audit log has who did it and why.
    let report = api
        .get(
            "/v1.0/reports/registrationCampaign/users?$filter=status%20eq%20'exempt'",
            &writer(),
        )
        .await
        .json();
    assert_eq!(report["value"][0]["userId"], HEIDI, "{report}");
    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    let entry = &audit["value"][0];
    assert_eq!(
        entry["target"],
        format!("registrationCampaign/users/{HEIDI}/exemption")
    );
    assert_eq!(entry["after"]["reason"], "Waiting for a company phone");
    assert_eq!(
        entry["initiatedBy"]["userPrincipalName"],
        "admin@contoso.test"
    );

    // Removed: nudged again, and the removal is audited too.
    clock.advance(time::Duration::minutes(1));
    let deleted = api.delete(&exemption(HEIDI), &writer()).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(api.decision_of(HEIDI).await, "nudge (inScope)");
    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    assert_eq!(audit["value"][0]["after"], Value::Null);
}

#[tokio::test]
async fn an_exemption_ends_on_its_date() {
    let clock = std::sync::Arc::new(ManualClock::new(NOW));
    let api = crate::support::admin::api_with_clock(clock.clone());
    heidi_met(&api).await;
    let put = api
        .put(
            &exemption(HEIDI),
            &writer(),
            &json!({"until": "2026-12-01T00:00:00Z", "reason": "Travelling"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    clock.set(datetime!(2026-11-30 23:59 UTC));
    assert_eq!(api.decision_of(HEIDI).await, "passThrough (exempted)");
    clock.set(datetime!(2026-12-01 00:00 UTC));
    assert_eq!(api.decision_of(HEIDI).await, "nudge (inScope)");
}

#[tokio::test]
async fn bad_exemptions_are_refused_and_change_nothing() {
    let api = api();
    heidi_met(&api).await;
    let path = exemption(HEIDI);
    for (body, says) in [
        (
            json!({"until": "2026-11-01T00:00:00Z", "reason": "x"}),
            "until:",
        ),
        (
            json!({"until": "2028-01-01T00:00:00Z", "reason": "x"}),
            "until:",
        ),
        (json!({"until": "soon", "reason": "x"}), "until:"),
        (
            json!({"until": "2027-01-15T00:00:00Z", "reason": "  "}),
            "reason:",
        ),
        (
            json!({"until": "2027-01-15T00:00:00Z", "reason": "x".repeat(201)}),
            "reason:",
        ),
        (
            json!({"until": "2027-01-15T00:00:00Z", "reason": "a\nb"}),
            "reason:",
        ),
        (json!({"until": "2027-01-15T00:00:00Z"}), "reason:"),
        (
            json!({"until": "2027-01-15T00:00:00Z", "reason": "x", "by": "me"}),
            "by:",
        ),
    ] {
        let reply = api.put(&path, &writer(), &body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.starts_with(says), "{body}: {message}");
    }
    assert_eq!(api.decision_of(HEIDI).await, "nudge (inScope)");

    // A user nobody knows: 404. A reader may not exempt: 403.
    let body = json!({"until": "2027-01-15T00:00:00Z", "reason": "x"});
    let unknown = api.put(&exemption("nobody"), &writer(), &body).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
    assert_eq!(
        api.delete(&exemption("nobody"), &writer()).await.status,
        StatusCode::NOT_FOUND
    );
    let reader = hs256(&claims(
        json!({"scp": "Policy.Read.All", "wids": [GLOBAL_READER]}),
    ));
    assert_eq!(
        api.put(&path, &reader, &body).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_user_with_no_skip_left_can_be_exempted_too() {
    let api = api();
    for attempt in 0..3 {
        api.campaign
            .store()
            .record_snooze(
                HEIDI,
                &format!("a-{attempt}"),
                NOW - time::Duration::days(10 - attempt),
                Some(3),
            )
            .await
            .unwrap();
    }
    assert_eq!(
        api.decision_of(HEIDI).await,
        "requireRegistration (snoozeLimitReached)"
    );
    let put = api
        .put(
            &exemption(HEIDI),
            &writer(),
            &json!({"until": "2026-12-15T00:00:00Z", "reason": "Break-glass account"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(api.decision_of(HEIDI).await, "passThrough (exempted)");
}
