//! Campaign settings beyond Graph (issue 13): the deadline and group rules, through the API
//! (contract in DESIGN.md 2a) and in decisions.

use axum::http::{StatusCode, header};
use registration_campaign::admin::{GLOBAL_READER, WhatIfRequest};
use registration_campaign::decision::{CampaignRules, Decision, Required, decide};
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetedMethod};
use registration_campaign::settings::CampaignSettings;
use registration_campaign::{
    AuthMethod, SignInFacts, TenantPlan, TenantSettings, UserCampaignState,
};
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::admin::{api, claims, hs256, writer};

const SETTINGS: &str = "/v1.0/registrationCampaign/settings";
const SALES: &str = "3ee3a9de-0a86-4e12-a287-9769accf1ba2";
const CONTRACTORS: &str = "dad4ae4a-730c-4e52-826c-0d9094971f04";
const USER: &str = "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f";
const NOW: OffsetDateTime = datetime!(2026-11-28 09:00 UTC);

#[tokio::test]
async fn settings_are_read_and_patched_with_etags_and_audited() {
    let api = api();
    let read = api.get(SETTINGS, &writer()).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.headers[header::ETAG], "W/\"0\"");
    let body = read.json();
    assert_eq!(body["deadline"], Value::Null);
    assert_eq!(body["groupRules"], json!([]));

    let patch = json!({"deadline": "2027-01-15T00:00:00Z",
        "groupRules": [{"groupId": SALES.to_uppercase(), "snoozeDurationInDays": 3, "allowedSnoozes": 5, "deadline": null},
                       {"groupId": CONTRACTORS, "allowedSnoozes": null}]});
    let changed = api.patch(SETTINGS, &writer(), &patch.to_string()).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body.clone());
    assert_eq!(changed.headers[header::ETAG], "W/\"1\"");
    let body = changed.json();
    assert_eq!(body["deadline"], "2027-01-15T00:00:00Z");
    assert_eq!(
        body["reminders"],
        json!({"daysBeforeDeadline": []}),
        "the default, as DESIGN 2a writes it"
    );
    assert_eq!(
        body["groupRules"][0],
        json!({"groupId": SALES, "snoozeDurationInDays": 3, "allowedSnoozes": 5, "deadline": null})
    );
    assert_eq!(
        body["groupRules"][1]["allowedSnoozes"],
        Value::Null,
        "unlimited"
    );
    assert_eq!(api.get(SETTINGS, &writer()).await.json(), body);

    // A PATCH replaces only what it sends.
    let only_deadline = api
        .patch(SETTINGS, &writer(), r#"{"deadline": null}"#)
        .await
        .json();
    assert_eq!(only_deadline["deadline"], Value::Null);
    assert_eq!(only_deadline["groupRules"], body["groupRules"]);

    // If-Match with an old version is refused, and nothing changes.
    let stale = api
        .call(
            "PATCH",
            SETTINGS,
            Some(&writer()),
            Some("application/json"),
            r#"{"groupRules": []}"#,
            Some("W/\"1\""),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        api.get(SETTINGS, &writer()).await.json()["groupRules"],
        body["groupRules"]
    );

    let audit = api
        .get("/v1.0/auditLogs/registrationCampaign", &writer())
        .await
        .json();
    assert_eq!(audit["value"][0]["target"], "registrationCampaign/settings");
    assert_eq!(audit["value"][0]["version"], 2);
    assert_eq!(
        audit["value"][0]["initiatedBy"]["userPrincipalName"],
        "admin@contoso.test"
    );

    // Readers read; only writers write.
    let reader = hs256(&claims(
        json!({"scp": "Policy.Read.All", "wids": [GLOBAL_READER]}),
    ));
    assert_eq!(api.get(SETTINGS, &reader).await.status, StatusCode::OK);
    assert_eq!(
        api.patch(SETTINGS, &reader, r#"{"deadline": null}"#)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_settings_change_reaches_the_next_decision() {
    let api = api();
    let request = WhatIfRequest {
        id: USER.into(),
        methods: vec![AuthMethod::Sms],
        ..WhatIfRequest::default()
    };
    let before = api.campaign.what_if(&request).await.unwrap();
    assert_eq!(before.explanation.decision, "nudge");
    let changed = api
        .patch(
            SETTINGS,
            &writer(),
            r#"{"deadline": "2026-11-01T00:00:00Z"}"#,
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let after = api.campaign.what_if(&request).await.unwrap();
    assert_eq!(after.explanation.reason, "deadlinePassed");
}

#[tokio::test]
async fn bad_settings_get_400_with_the_path_and_change_nothing() {
    let api = api();
    let rule = |extra: Value| {
        let mut r = json!({"groupId": SALES});
        r.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        r
    };
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"groupId": format!("3ee3a9de-0a86-4e12-a287-{i:012}")}))
        .collect();
    let cases = [
        (json!({"deadline": "1999-12-31T00:00:00Z"}), "deadline"),
        (json!({"deadline": "2101-01-01T00:00:00Z"}), "deadline"),
        (json!({"deadline": "next week"}), "deadline"),
        (json!({"nudgeHarder": true}), "nudgeHarder"),
        (
            json!({"groupRules": [{"groupId": "sales"}]}),
            "groupRules[0].groupId",
        ),
        (
            json!({"groupRules": [rule(json!({})), rule(json!({}))]}),
            "groupRules[1].groupId",
        ),
        (json!({"groupRules": many}), "groupRules"),
        (
            json!({"groupRules": [rule(json!({"allowedSnoozes": 11}))]}),
            "groupRules[0].allowedSnoozes",
        ),
        (
            json!({"groupRules": [rule(json!({"snoozeDurationInDays": 15}))]}),
            "groupRules[0].snoozeDurationInDays",
        ),
        (
            json!({"groupRules": [rule(json!({"color": "red"}))]}),
            "groupRules[0].color",
        ),
        (
            json!({"groupRules": [{"snoozeDurationInDays": 1}]}),
            "groupRules[0].groupId",
        ),
        (json!({"reminders": [7]}), "reminders"),
        (
            json!({"reminders": {"daysBeforeDeadline": [61]}}),
            "reminders.daysBeforeDeadline[0]",
        ),
        (
            json!({"reminders": {"daysBeforeDeadline": [7, -1]}}),
            "reminders.daysBeforeDeadline[1]",
        ),
        (
            json!({"reminders": {"daysBeforeDeadline": [7, 7]}}),
            "reminders.daysBeforeDeadline[1]",
        ),
        (
            json!({"reminders": {"daysBeforeDeadline": [1, 2, 3, 4, 5, 6]}}),
            "reminders.daysBeforeDeadline",
        ),
        (
            json!({"reminders": {"daysBefore": [7]}}),
            "reminders.daysBefore",
        ),
    ];
    for (body, path) in cases {
        let reply = api.patch(SETTINGS, &writer(), &body.to_string()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.starts_with(&format!("{path}:")),
            "{path}: {message}"
        );
    }
    let wrong_type = api
        .call(
            "PATCH",
            SETTINGS,
            Some(&writer()),
            Some("text/plain"),
            "{}",
            None,
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let read = api.get(SETTINGS, &writer()).await;
    assert_eq!(read.headers[header::ETAG], "W/\"0\"", "nothing was stored");
    // A deadline in the past is allowed: it means "required now".
    let past = api
        .patch(
            SETTINGS,
            &writer(),
            r#"{"deadline": "2020-01-01T00:00:00Z"}"#,
        )
        .await;
    assert_eq!(past.status, StatusCode::OK);
}

fn enabled_policy(enforce: bool) -> AuthenticationMethodsPolicy {
    AuthenticationMethodsPolicy::default()
        .apply_patch(
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 1,
            "enforceRegistrationAfterAllowedSnoozes": enforce}}}),
        )
        .unwrap()
}

fn settings(value: Value) -> CampaignSettings {
    CampaignSettings::from_value(&value).unwrap()
}

fn decide_with(
    policy: &AuthenticationMethodsPolicy,
    settings: &CampaignSettings,
    groups: &[&str],
    state: &UserCampaignState,
    plan: TenantPlan,
) -> Decision {
    let mut facts = SignInFacts::new(USER, AuthMethod::Sms);
    facts.groups = groups.iter().map(|g| (*g).to_owned()).collect();
    decide(
        &CampaignRules::new(policy).with_settings(settings),
        &facts,
        state,
        &TenantSettings {
            plan,
            ..Default::default()
        },
        NOW,
    )
}

fn skipped(count: u32, days_ago: i64) -> UserCampaignState {
    UserCampaignState {
        snooze_count: count,
        last_snoozed_at: Some(NOW - Duration::days(days_ago)),
        registered_at: None,
    }
}

#[test]
fn a_passed_deadline_requires_registration_and_a_future_one_is_carried_for_the_countdown() {
    let policy = enabled_policy(false);
    let future = datetime!(2027-01-15 00:00 UTC);
    let d = decide_with(
        &policy,
        &settings(json!({"deadline": "2027-01-15T00:00:00Z"})),
        &[],
        &UserCampaignState::default(),
        TenantPlan::Paid,
    );
    assert!(
        matches!(d, Decision::Nudge { skips_left: None, deadline: Some(at), .. } if at == future),
        "{d:?}"
    );
    for deadline in ["2026-11-28T09:00:00Z", "2020-01-01T00:00:00Z"] {
        let d = decide_with(
            &policy,
            &settings(json!({"deadline": deadline})),
            &[],
            // Even during a running snooze.
            &skipped(1, 0),
            TenantPlan::Paid,
        );
        assert_eq!(
            d,
            Decision::RequireRegistration {
                method: TargetedMethod::MicrosoftAuthenticator,
                because: Required::DeadlinePassed
            },
            "{deadline}"
        );
        assert_eq!(d.reason_code(), "deadlinePassed");
    }
}

#[test]
fn the_first_matching_group_rule_replaces_the_policys_values() {
    let policy = enabled_policy(true);
    let rules = settings(json!({"deadline": "2020-01-01T00:00:00Z", "groupRules": [
        {"groupId": CONTRACTORS, "allowedSnoozes": 1},
        {"groupId": SALES, "snoozeDurationInDays": 7, "allowedSnoozes": null, "deadline": "2027-06-01T00:00:00Z"},
    ]}));
    // Sales: unlimited skips, a week of snooze, its own (later) deadline instead of the past one.
    let d = decide_with(&policy, &rules, &[SALES], &skipped(9, 8), TenantPlan::Paid);
    assert!(
        matches!(d, Decision::Nudge { skips_left: None, deadline: Some(_), snooze_until, .. }
            if snooze_until == NOW + Duration::days(7)),
        "{d:?}"
    );
    assert_eq!(
        decide_with(&policy, &rules, &[SALES], &skipped(9, 6), TenantPlan::Paid).reason_code(),
        "snoozed",
        "the group's seven days, not the policy's one"
    );
    // In both groups: the first rule (contractors) wins, so one skip only.
    let both = decide_with(
        &policy,
        &rules,
        &[SALES, CONTRACTORS],
        &skipped(1, 30),
        TenantPlan::Paid,
    );
    assert_eq!(
        both.reason_code(),
        "deadlinePassed",
        "contractors have no deadline of their own"
    );
    let relaxed = settings(json!({"groupRules": [{"groupId": CONTRACTORS, "allowedSnoozes": 1}]}));
    assert_eq!(
        decide_with(
            &policy,
            &relaxed,
            &[SALES, CONTRACTORS],
            &skipped(1, 30),
            TenantPlan::Paid
        )
        .reason_code(),
        "snoozeLimitReached"
    );
    // In no group: the policy's values and the campaign-wide deadline.
    assert_eq!(
        decide_with(
            &policy,
            &rules,
            &[],
            &UserCampaignState::default(),
            TenantPlan::Paid
        )
        .reason_code(),
        "deadlinePassed"
    );
}

#[test]
fn every_combination_of_deadline_group_rule_limit_and_plan() {
    let past = json!("2020-01-01T00:00:00Z");
    let future = json!("2027-01-15T00:00:00Z");
    for enforce in [false, true] {
        for deadline in [Value::Null, past.clone(), future.clone()] {
            for allowed in [None, Some(Value::Null), Some(json!(0)), Some(json!(5))] {
                for plan in [TenantPlan::Paid, TenantPlan::Free, TenantPlan::Trial] {
                    for count in [0u32, 2, 3, 6] {
                        let mut rule = json!({"groupId": SALES});
                        if let Some(allowed) = &allowed {
                            rule["allowedSnoozes"] = allowed.clone();
                        }
                        let s = settings(json!({"deadline": deadline, "groupRules": [rule]}));
                        let d = decide_with(
                            &enabled_policy(enforce),
                            &s,
                            &[SALES],
                            &skipped(count, 30),
                            plan,
                        );
                        // What the rules say, worked out independently.
                        let limit = match &allowed {
                            None => enforce.then_some(3),
                            Some(Value::Null) => None,
                            Some(n) => Some(n.as_u64().unwrap() as u32),
                        };
                        let limit = if plan == TenantPlan::Paid {
                            limit
                        } else {
                            Some(limit.map_or(3, |n| n.min(3)))
                        };
                        let expected = if deadline == past {
                            "deadlinePassed"
                        } else if limit.is_some_and(|l| count >= l) {
                            "snoozeLimitReached"
                        } else {
                            "inScope"
                        };
                        assert_eq!(
                            d.reason_code(),
                            expected,
                            "enforce {enforce}, deadline {deadline}, allowed {allowed:?}, {plan:?}, {count} skips"
                        );
                        if let Decision::Nudge { skips_left, .. } = d {
                            assert_eq!(skips_left, limit.map(|l| l - count));
                        }
                    }
                }
            }
        }
    }
}

const USERS: &str = "/v1.0/reports/registrationCampaign/users";

/// Seeds users through the store: `n` users, every fifth registered, every third snoozed now,
/// the rest snoozed long ago (three times for every seventh).
async fn seed_users(campaign: &registration_campaign::Campaign, n: usize) {
    let store = campaign.store();
    for i in 0..n {
        let id = format!("user-{i:04}");
        let at = if i % 3 == 0 {
            NOW
        } else {
            NOW - Duration::days(30)
        };
        let times = if i % 7 == 0 { 3 } else { 1 };
        for t in 0..times {
            store
                .record_snooze(&id, &format!("{id}-{t}"), at, None)
                .await
                .unwrap();
        }
        if i % 5 == 0 {
            store.record_registration(&id, NOW).await.unwrap();
        }
    }
}

#[tokio::test]
async fn the_user_report_pages_through_every_user_with_their_status() {
    let api = api();
    seed_users(&api.campaign, 23).await;
    let mut rows = Vec::new();
    let mut next = format!("{USERS}?$top=5");
    loop {
        let reply = api.get(&next, &writer()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body.clone());
        let body = reply.json();
        let page = body["value"].as_array().unwrap().clone();
        assert!(page.len() <= 5);
        rows.extend(page);
        match body["@odata.nextLink"].as_str() {
            Some(link) => next = link.trim_start_matches("http://graph.test").to_owned(),
            None => break,
        }
    }
    assert_eq!(rows.len(), 23, "every user once");
    let ids: Vec<&str> = rows.iter().map(|r| r["userId"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let row = |id: &str| rows.iter().find(|r| r["userId"] == id).unwrap().clone();
    // Graph's default policy: one day of snooze, three snoozes.
    assert_eq!(row("user-0000")["status"], "registered");
    assert_eq!(row("user-0003")["status"], "snoozed");
    assert_eq!(row("user-0003")["snoozedUntil"], "2026-11-29T09:00:00Z");
    assert_eq!(row("user-0007")["status"], "required");
    assert_eq!(row("user-0001")["status"], "due");
    assert_eq!(row("user-0001")["snoozedUntil"], Value::Null);
    assert_eq!(row("user-0001")["lastSnoozedAt"], "2026-10-29T09:00:00Z");
    assert_eq!(row("user-0001")["snoozeCount"], 1);
    for field in [
        "userPrincipalName",
        "displayName",
        "registeredAt",
        "registeredMethod",
        "registeredIpAddress",
        "registeredUserAgent",
        "exemptUntil",
        "snoozeExtendedUntil",
        "lastShownAt",
    ] {
        assert!(
            row("user-0001").get(field).is_some(),
            "{field} is always present"
        );
    }

    // A filter keeps one status, across pages too.
    let required = api
        .get(
            &format!("{USERS}?$filter=status%20eq%20'required'&$top=1"),
            &writer(),
        )
        .await
        .json();
    assert_eq!(required["value"][0]["status"], "required");
    assert!(
        required["@odata.nextLink"]
            .as_str()
            .unwrap()
            .contains("filter")
    );

    // CSV with a header row of the same names.
    let csv = api
        .get(&format!("{USERS}?$format=csv&$top=2"), &writer())
        .await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let text = csv.body;
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "userId,userPrincipalName,displayName,status,snoozeCount,shownCount,skipCount,leftCount,lastShownAt,lastSnoozedAt,snoozedUntil,registeredAt,registeredMethod,registeredIpAddress,registeredUserAgent,exemptUntil,snoozeExtendedUntil"
        )
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("user-0000,,,registered,3,"),
        "no names without a directory"
    );
}

#[tokio::test]
async fn bad_user_report_queries_get_400() {
    let api = api();
    for query in [
        "$top=0",
        "$top=1001",
        "$top=ten",
        "$skiptoken=not-a-token!",
        "$skiptoken=dXNlcg",
        "$filter=status%20eq%20'lost'",
        "$filter=snoozeCount%20gt%202",
        "$format=xml",
        "$search=",
        "$search=%22%22",
        "$filter=groupId%20eq%20'sales'",
        "$filter=status%20eq%20'due'%20and%20status%20eq%20'snoozed'",
        "$filter=status%20eq%20'due'%20or%20status%20eq%20'snoozed'",
    ] {
        let reply = api.get(&format!("{USERS}?{query}"), &writer()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.json()["error"]["code"], "BadRequest", "{query}");
    }
}

/// Issue 25, item 4: the report's status is what the user's next sign-in gives, group rules
/// and their deadlines included. A group rule of one snooze with no snooze length makes a
/// member who skipped once required (the report said `snoozed`, and `$filter=status eq
/// 'required'` found nobody); a group's passed deadline makes its members required. Each
/// user's status is checked against the decision the campaign itself makes for them.
#[tokio::test]
async fn the_report_gives_each_user_the_status_their_next_sign_in_gives() {
    use registration_campaign::admin::{AdminAuth, graph_api};
    use registration_campaign::store::MemoryStore;
    use registration_campaign::{
        AuthMethod, Campaign, DirectoryUser, ManualClock, MemoryDirectory, SignInFacts, TenantId,
    };
    use std::sync::Arc;

    let directory = Arc::new(MemoryDirectory::new());
    let tenant = TenantId::default_tenant();
    let users = [
        ("user-a-sales", vec![SALES]),
        ("user-b-none", vec![]),
        ("user-c-contractor", vec![CONTRACTORS]),
        ("user-d-none", vec![]),
        ("user-e-sales", vec![SALES]),
    ];
    for (id, groups) in &users {
        directory.add(
            &tenant,
            DirectoryUser::new(*id, *id).with_groups(groups.iter().copied()),
        );
    }
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(NOW)))
        .directory(directory)
        .build();
    let app = axum::Router::new().nest(
        "/v1.0",
        graph_api(
            campaign.clone(),
            AdminAuth::hs256(
                crate::support::admin::SECRET,
                crate::support::admin::ISSUER,
                crate::support::admin::AUDIENCE,
            ),
        ),
    );
    let api = crate::support::admin::Api {
        app,
        campaign: campaign.clone(),
    };
    api.patch(
        "/v1.0/policies/authenticationMethodsPolicy",
        &writer(),
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 1,
            "enforceRegistrationAfterAllowedSnoozes": true}}})
        .to_string(),
    )
    .await;
    let settings = api
        .patch(
            SETTINGS,
            &writer(),
            &json!({"groupRules": [
                {"groupId": SALES, "snoozeDurationInDays": 0, "allowedSnoozes": 1},
                {"groupId": CONTRACTORS, "deadline": "2026-11-27T00:00:00Z"}]})
            .to_string(),
        )
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.body);
    let store = campaign.store();
    // One skip an hour ago for a, b and c; one a week ago for d; none counted for e (met only).
    for id in ["user-a-sales", "user-b-none", "user-c-contractor"] {
        store
            .record_snooze(id, &format!("{id}-1"), NOW - Duration::hours(1), None)
            .await
            .unwrap();
    }
    store
        .record_snooze("user-d-none", "d-1", NOW - Duration::days(7), None)
        .await
        .unwrap();
    store
        .record_snooze("user-e-sales", "e-1", NOW - Duration::days(7), None)
        .await
        .unwrap();

    let report = api.get(USERS, &writer()).await.json();
    let status = |id: &str| {
        report["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["userId"] == id)
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(
        status("user-a-sales"),
        "required",
        "one snooze, no snooze time"
    );
    assert_eq!(status("user-b-none"), "snoozed", "the policy's day runs");
    assert_eq!(
        status("user-c-contractor"),
        "required",
        "their deadline passed"
    );
    assert_eq!(status("user-d-none"), "due");
    assert_eq!(status("user-e-sales"), "required");
    // Each as the decision gives it at a sign-in with the groups the directory knows.
    for (id, groups) in &users {
        let mut facts = SignInFacts::new(*id, AuthMethod::Sms);
        facts.groups = groups.iter().map(|g| g.to_string()).collect();
        let (decision, _) = campaign.decide(&facts).await.unwrap();
        let decided = match decision {
            Decision::Nudge { .. } => "due",
            Decision::RequireRegistration { .. } => "required",
            Decision::PassThrough(_) => "snoozed",
        };
        assert_eq!(status(id), decided, "{id}: {decision}");
    }
    let required = api
        .get(
            &format!("{USERS}?$filter=status%20eq%20'required'"),
            &writer(),
        )
        .await
        .json();
    let ids: Vec<&str> = required["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["userId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["user-a-sales", "user-c-contractor", "user-e-sales"]);
}

/// Issue 25, item 7: no silent side effects. Changing the snooze days from 0 to 1 lets users who
/// skipped their last allowed time yesterday skip again (the snooze runs first); a group's
/// passed deadline makes its members required. The admin API's answer says so in a `Warning`
/// header, counted user by user with the real decision, and a change that moves nobody says
/// nothing.
#[tokio::test]
async fn a_change_that_moves_users_into_or_out_of_required_registration_says_so() {
    let api = api();
    api.patch(
        "/v1.0/policies/authenticationMethodsPolicy",
        &writer(),
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0,
            "enforceRegistrationAfterAllowedSnoozes": true}}})
        .to_string(),
    )
    .await;
    let store = api.campaign.store();
    // Two users out of skips an hour ago (required with snooze 0), one who skipped once.
    for user in ["user-1", "user-2"] {
        for n in 0..3 {
            store
                .record_snooze(user, &format!("{user}-{n}"), NOW - Duration::hours(1), None)
                .await
                .unwrap();
        }
    }
    store
        .record_snooze("user-3", "user-3-0", NOW - Duration::hours(1), None)
        .await
        .unwrap();
    // An exempt user gets in under either rules: a change moves nobody exempt.
    api.campaign
        .exempt(
            "user-2",
            NOW + Duration::days(30),
            "Break-glass account",
            &registration_campaign::admin::Actor::default(),
        )
        .await
        .unwrap();
    let warnings = |reply: &crate::support::Reply| -> Vec<String> {
        reply
            .headers
            .get_all(header::WARNING)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };

    let one_day = api
        .patch(
            "/v1.0/policies/authenticationMethodsPolicy",
            &writer(),
            &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
                "snoozeDurationInDays": 1}}})
            .to_string(),
        )
        .await;
    assert_eq!(one_day.status, StatusCode::OK, "{}", one_day.body);
    assert_eq!(
        warnings(&one_day),
        ["299 - \"1 required user can skip again\""]
    );

    let nothing = api
        .patch(SETTINGS, &writer(), &json!({"groupRules": []}).to_string())
        .await;
    assert_eq!(nothing.status, StatusCode::OK, "{}", nothing.body);
    assert!(warnings(&nothing).is_empty(), "{:?}", warnings(&nothing));

    let deadline = api
        .patch(
            SETTINGS,
            &writer(),
            &json!({"deadline": "2026-11-01T00:00:00Z"}).to_string(),
        )
        .await;
    assert_eq!(deadline.status, StatusCode::OK, "{}", deadline.body);
    assert_eq!(
        warnings(&deadline),
        ["299 - \"2 more users now have to register\""],
        "user-1 and user-3; user-2 is exempt"
    );
}

#[tokio::test]
async fn the_user_report_names_users_from_the_directory_and_searches_their_names() {
    use registration_campaign::admin::{AdminAuth, graph_api};
    use registration_campaign::{Campaign, DirectoryUser, ManualClock, MemoryDirectory, TenantId};
    use std::sync::Arc;

    let directory = MemoryDirectory::new();
    let tenant = TenantId::default_tenant();
    directory.add(
        &tenant,
        DirectoryUser::new("u-heidi", "Heidi Schmidt")
            .with_sign_in_name("heidi@contoso.test")
            .with_groups([SALES]),
    );
    directory.add(
        &tenant,
        DirectoryUser::new("u-judy", "Judy Müller").with_sign_in_name("judy@contoso.test"),
    );
    let campaign = Campaign::builder(Arc::new(registration_campaign::store::MemoryStore::new()))
        .clock(Arc::new(ManualClock::new(NOW)))
        .directory(Arc::new(directory))
        .build();
    for user in ["u-heidi", "u-judy", "u-gone"] {
        campaign
            .store()
            .record_snooze(user, user, NOW - Duration::days(3), Some(3))
            .await
            .unwrap();
    }
    let auth = AdminAuth::hs256(
        crate::support::admin::SECRET,
        crate::support::admin::ISSUER,
        crate::support::admin::AUDIENCE,
    );
    let api = crate::support::admin::Api {
        app: axum::Router::new().nest("/v1.0", graph_api(campaign.clone(), auth)),
        campaign,
    };
    let users = "/v1.0/reports/registrationCampaign/users";
    let all = api.get(users, &writer()).await.json();
    let heidi = &all["value"][0];
    assert_eq!(heidi["userId"], "u-gone");
    assert_eq!(
        heidi["displayName"],
        Value::Null,
        "a user the directory does not know"
    );
    assert_eq!(all["value"][1]["displayName"], "Heidi Schmidt");
    assert_eq!(all["value"][1]["userPrincipalName"], "heidi@contoso.test");

    // $search matches either name, ignoring case, and keeps the filter in nextLink.
    for (search, expected) in [
        ("m%C3%BCller", vec!["u-judy"]),
        ("%22CONTOSO.TEST%22", vec!["u-heidi", "u-judy"]),
        ("nobody", vec![]),
    ] {
        let found = api
            .get(&format!("{users}?$search={search}"), &writer())
            .await
            .json();
        let ids: Vec<&str> = found["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["userId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected, "{search}");
    }
    let paged = api
        .get(&format!("{users}?$search=contoso&$top=1"), &writer())
        .await
        .json();
    assert!(
        paged["@odata.nextLink"]
            .as_str()
            .unwrap()
            .contains("search=contoso"),
        "{paged}"
    );
    let csv = api
        .get(&format!("{users}?$format=csv&$search=heidi"), &writer())
        .await;
    assert!(
        csv.body
            .contains("u-heidi,heidi@contoso.test,Heidi Schmidt,due,"),
        "{}",
        csv.body
    );
}
