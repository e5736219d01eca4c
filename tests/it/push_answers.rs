//! One guess per number (issue 24): a burst of every number at one test notification settles
//! it with one answer, never by the right number winning a race; and a push enrollment or test
//! notification of a flow that has ended is refused at once. On every store.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::StatusCode;
use registration_campaign::store::{CampaignStore, MemoryStore};
use serde_json::json;

use crate::support::harness::{Harness, harness_with, register_device, sqlite_store};

async fn postgres_store() -> Option<Arc<dyn CampaignStore>> {
    let options = crate::store_conformance::fresh_postgres_schema().await?;
    Some(Arc::new(
        registration_campaign::store::PostgresStore::connect_with(options)
            .await
            .unwrap(),
    ))
}

async fn stores() -> Vec<(&'static str, Arc<dyn CampaignStore>)> {
    let mut stores: Vec<(&'static str, Arc<dyn CampaignStore>)> = vec![
        ("memory", Arc::new(MemoryStore::new())),
        ("sqlite", sqlite_store().await),
    ];
    if let Some(store) = postgres_store().await {
        stores.push(("postgres", store));
    }
    stores
}

fn error_code(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v["error"]["code"]
                .as_str()
                .or(v["result"].as_str())
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// All 90 numbers at once, the right one sent last (as a script firing 10..=99 would reach it):
/// the old answer path judged a right number one store write sooner than a wrong one, so it won
/// the race in 3 of 6 bursts.
async fn burst(h: Arc<Harness>) -> BTreeMap<String, usize> {
    let note = h.push_test_notification().await;
    let mut numbers: Vec<String> = (10..100)
        .map(|n| n.to_string())
        .filter(|n| *n != note.number)
        .collect();
    numbers.push(note.number.clone());
    let requests: Vec<_> = numbers.iter().map(|n| note.answer(n)).collect();
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let h = h.clone();
            tokio::spawn(async move { h.send(request).await })
        })
        .collect();
    let mut outcomes = BTreeMap::new();
    for task in tasks {
        let reply = task.await.unwrap();
        *outcomes
            .entry(format!(
                "{} {}",
                reply.status.as_u16(),
                error_code(&reply.body)
            ))
            .or_insert(0) += 1;
    }
    // The browser's next look: the test failed, it did not pass.
    let page = h
        .post("/registration-campaign/next", &note.cookie, &note.form)
        .await;
    let shown = h
        .get(
            "/registration-campaign",
            &page.flow_cookie().unwrap_or(note.cookie.clone()),
        )
        .await;
    assert!(
        !shown.body.contains("Notification approved"),
        "{outcomes:?}: {}",
        shown.body
    );
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_every_number_settles_the_test_with_one_answer_and_never_approves() {
    for round in 0..6 {
        // A fresh store each round: every round is its own victim.
        for (name, store) in stores().await {
            let h = Arc::new(harness_with(store, json!({})).await);
            let outcomes = burst(h).await;
            let judged: usize = outcomes
                .iter()
                .filter(|(k, _)| k.starts_with("200") || k.starts_with("422"))
                .map(|(_, n)| n)
                .sum();
            assert_eq!(judged, 1, "{name} round {round}: {outcomes:?}");
            assert!(
                !outcomes.contains_key("200 approved"),
                "{name} round {round}: {outcomes:?}"
            );
            // Every other answer was refused without being judged.
            for key in outcomes.keys() {
                assert!(
                    key.starts_with("200")
                        || key.starts_with("422")
                        || key == "409 alreadyAnswered"
                        || key == "429 tooManyFailures",
                    "{name}: {key}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_skipped_flows_enrollment_link_registers_no_device() {
    for (name, store) in stores().await {
        let h = harness_with(store, json!({})).await;
        let (cookie, csrf) = h
            .nudged(&format!("user={}", crate::support::harness::ALICE))
            .await;
        let form = format!("csrf={csrf}");
        let cookie = h.next_to_scan(cookie, &form).await;
        let uri = h.setup_link(&cookie).await;
        let skip = h.post("/registration-campaign/skip", &cookie, &form).await;
        assert_eq!(skip.status, StatusCode::SEE_OTHER, "{name}");
        let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        let reply = h.send(register_device(&uri, &key)).await;
        assert_eq!(reply.status, StatusCode::GONE, "{name}: {}", reply.body);
        assert_eq!(error_code(&reply.body), "flowEnded", "{name}");
    }
}

#[tokio::test]
async fn a_test_notification_of_an_ended_flow_cannot_be_approved() {
    for (name, store) in stores().await {
        let h = harness_with(store, json!({})).await;
        let note = h.push_test_notification().await;
        // The host signs the user out: the flow ends.
        assert!(
            h.campaign
                .end_flow(crate::support::harness::ALICE)
                .await
                .unwrap()
        );
        let reply = h.send(note.answer(&note.number)).await;
        assert_eq!(reply.status, StatusCode::GONE, "{name}: {}", reply.body);
        assert_eq!(error_code(&reply.body), "flowEnded", "{name}");
    }
}

/// Issue 24: Back from the test step and Next again sent a second notification while the
/// first stayed open on the phone; a wrong number on the old one then failed the new page.
#[tokio::test]
async fn a_test_notification_sent_again_withdraws_the_one_before() {
    for (name, store) in stores().await {
        let h = harness_with(store, json!({})).await;
        let note = h.push_test_notification().await;
        let back = h
            .post("/registration-campaign/back", &note.cookie, &note.form)
            .await;
        let cookie = back.flow_cookie().unwrap_or(note.cookie.clone());
        let next = h
            .post("/registration-campaign/next", &cookie, &note.form)
            .await;
        let cookie = next.flow_cookie().unwrap_or(cookie);
        let page = h.get("/registration-campaign", &cookie).await;
        assert!(
            page.body.contains("Number to enter"),
            "{name}: {}",
            page.body
        );
        // The old notification is withdrawn: even its right number is refused now.
        let old = h.send(note.answer(&note.number)).await;
        assert_eq!(old.status, StatusCode::CONFLICT, "{name}: {}", old.body);
        let wrong = h.send(note.answer("00")).await;
        assert_eq!(wrong.status, StatusCode::CONFLICT, "{name}: {}", wrong.body);
        let page = h.get("/registration-campaign", &cookie).await;
        assert!(
            page.body.contains("Number to enter"),
            "{name}: {}",
            page.body
        );
        assert!(!page.body.contains("didn't match"), "{name}: {}", page.body);
    }
}
