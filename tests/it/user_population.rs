//! The per-user report over the population a host directory lists (DESIGN.md 2a): every
//! targeted user, those never shown the campaign as `notYetShown`, `$count=true`,
//! `$orderby=displayName` across pages, and statuses that agree with what-if.

use std::sync::Arc;

use axum::http::StatusCode;
use registration_campaign::admin::{AdminAuth, WhatIfRequest, graph_api};
use registration_campaign::store::MemoryStore;
use registration_campaign::{
    AuthMethod, Campaign, DirectoryUser, ManualClock, MemoryDirectory, TenantId,
};
use serde_json::{Value, json};
use time::Duration;
use time::macros::datetime;

use crate::support::admin::{AUDIENCE, Api, ISSUER, SECRET, writer};

const NOW: time::OffsetDateTime = datetime!(2026-11-28 09:00 UTC);
const USERS: &str = "/v1.0/reports/registrationCampaign/users";
const CONTRACTORS: &str = "c0a7ac70-0000-4000-8000-000000000002";

/// Five listed users and one the directory no longer lists:
/// - `u-1` Zoë, skipped an hour ago (snoozed);
/// - `u-2` adam, never met (notYetShown);
/// - `u-3` Mallory, a contractor, whom the policy excludes (not in the report);
/// - `u-4` Bea, already has Authenticator with notifications (registered, outside the campaign);
/// - `u-5` Émile, never met;
/// - `u-9`, met a week ago, since removed from the directory.
async fn population() -> Api {
    let directory = Arc::new(MemoryDirectory::new());
    let tenant = TenantId::default_tenant();
    for user in [
        DirectoryUser::new("u-1", "Zoë Zimmer").with_sign_in_name("zoe@contoso.test"),
        DirectoryUser::new("u-2", "adam Abel"),
        DirectoryUser::new("u-3", "Mallory Moss").with_groups([CONTRACTORS]),
        DirectoryUser::new("u-4", "Bea Berg")
            .with_methods([AuthMethod::MicrosoftAuthenticatorPush]),
        DirectoryUser::new("u-5", "Émile Ecker"),
    ] {
        directory.add(&tenant, user);
    }
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(NOW)))
        .directory(directory)
        .build();
    let auth = AdminAuth::hs256(SECRET, ISSUER, AUDIENCE);
    let app = axum::Router::new().nest("/v1.0", graph_api(campaign.clone(), auth));
    let api = Api { app, campaign };
    let policy = api
        .patch(
            "/v1.0/policies/authenticationMethodsPolicy",
            &writer(),
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                "state": "enabled", "snoozeDurationInDays": 1,
                "excludeTargets": [{"id": CONTRACTORS, "targetType": "group"}]}}})
            .to_string(),
        )
        .await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.body);
    let store = api.campaign.store();
    store
        .record_snooze("u-1", "a-1", NOW - Duration::hours(1), None)
        .await
        .unwrap();
    store
        .record_snooze("u-9", "a-9", NOW - Duration::days(7), None)
        .await
        .unwrap();
    api
}

async fn report(api: &Api, query: &str) -> Value {
    let reply = api.get(&format!("{USERS}{query}"), &writer()).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.json()
}

fn statuses(body: &Value) -> Vec<(String, String)> {
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["userId"].as_str().unwrap().to_owned(),
                row["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_report_covers_every_targeted_user_the_directory_lists() {
    let api = population().await;
    let body = report(&api, "?$count=true").await;
    assert_eq!(
        statuses(&body),
        [
            ("u-1".into(), "snoozed".into()),
            ("u-2".into(), "notYetShown".into()),
            ("u-4".into(), "registered".into()),
            ("u-5".into(), "notYetShown".into()),
            ("u-9".into(), "due".into()),
        ],
        "{body}"
    );
    assert_eq!(body["@odata.count"], 5);
    let bea = &body["value"][2];
    assert_eq!(
        bea["registeredAt"],
        Value::Null,
        "registered outside the campaign"
    );
    assert_eq!(body["value"][0]["userPrincipalName"], "zoe@contoso.test");

    let never = report(&api, "?$count=true&$filter=status%20eq%20'notYetShown'").await;
    assert_eq!(never["@odata.count"], 2);
    assert_eq!(never["value"].as_array().unwrap().len(), 2);

    // Each status is what the user's next sign-in gives.
    for (id, expected) in [
        ("u-1", "passThrough (snoozed)"),
        ("u-2", "nudge (inScope)"),
        ("u-3", "passThrough (excluded)"),
        ("u-4", "passThrough (alreadyRegistered)"),
    ] {
        let mut request = WhatIfRequest {
            id: id.into(),
            methods: vec![AuthMethod::Sms],
            ..WhatIfRequest::default()
        };
        if id == "u-3" {
            request.groups = vec![CONTRACTORS.into()];
        }
        if id == "u-4" {
            request.methods.push(AuthMethod::MicrosoftAuthenticatorPush);
        }
        let answer = api.campaign.what_if(&request).await.unwrap();
        let got = format!(
            "{} ({})",
            answer.explanation.decision, answer.explanation.reason
        );
        assert_eq!(got, expected, "{id}");
    }
}

#[tokio::test]
async fn the_report_sorts_by_display_name_across_pages() {
    let api = population().await;
    let mut names = Vec::new();
    let mut next = format!("{USERS}?$orderby=displayName&$top=2");
    loop {
        let reply = api.get(&next, &writer()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let body = reply.json();
        let page = body["value"].as_array().unwrap();
        assert!(page.len() <= 2);
        for row in page {
            names.push(
                row["displayName"]
                    .as_str()
                    .unwrap_or_else(|| row["userId"].as_str().unwrap())
                    .to_owned(),
            );
        }
        match body["@odata.nextLink"].as_str() {
            Some(link) => {
                assert!(link.contains("orderby=displayName"), "{link}");
                next = link.trim_start_matches("http://graph.test").to_owned();
            }
            None => break,
        }
    }
    // Alphabetical, ignoring case and accents; the user the directory no longer lists sorts by id.
    assert_eq!(
        names,
        ["adam Abel", "Bea Berg", "Émile Ecker", "u-9", "Zoë Zimmer"]
    );
}

#[tokio::test]
async fn bad_count_and_order_options_are_refused() {
    let api = population().await;
    for query in [
        "?$count=yes",
        "?$orderby=status",
        "?$orderby=displayName%20desc",
    ] {
        let reply = api.get(&format!("{USERS}{query}"), &writer()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
    }
}
