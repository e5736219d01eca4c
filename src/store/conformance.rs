//! The behaviour every [`CampaignStore`] must have, as a suite a store's own tests can run
//! (feature `testing`). The crate's memory, SQLite and PostgreSQL stores all pass it.
//!
//! ```ignore
//! // In your store's tests (needs tokio with `macros` and `rt-multi-thread`):
//! async fn my_store() -> Option<std::sync::Arc<dyn registration_campaign::store::CampaignStore>> {
//!     Some(std::sync::Arc::new(MyStore::connect("...").await.ok()?))
//! }
//! registration_campaign::campaign_store_conformance!(my_store_conforms, my_store);
//! ```
//!
//! Each check takes a fresh, empty store and panics (as a test assertion does) when the store
//! misbehaves. The factory may return `None` to skip the suite (no database configured).

#![allow(missing_docs)]

use std::sync::Arc;

use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::UserCampaignState;
use crate::policy::AuthenticationMethodsPolicy;
use crate::store::{CampaignStore, Record, SnoozeOutcome, StoreError, TenantStore};
use crate::tenant::TenantId;

const AT: OffsetDateTime = datetime!(2026-11-28 09:00:00.123 UTC);

/// The checks run in a tenant other than the default one, so that a store which ignores the
/// tenant (or keeps only the default one) fails them.
fn in_tenant(store: Arc<dyn CampaignStore>) -> TenantStore {
    TenantStore::new(store, tenant("conformance-tenant"))
}

fn tenant(id: &str) -> TenantId {
    TenantId::new(id).expect("a valid tenant id")
}

/// Part of the suite (see the module docs).
pub async fn tenants_never_see_each_others_state(store: Arc<dyn CampaignStore>) {
    let a = TenantStore::new(store.clone(), tenant("tenant-a"));
    let b = TenantStore::new(store.clone(), tenant("tenant-b"));
    // The same user id in two tenants: separate snoozes, attempts and registrations.
    a.record_snooze("alice", "attempt-1", AT, Some(3))
        .await
        .unwrap();
    a.record_snooze("alice", "attempt-2", AT, Some(3))
        .await
        .unwrap();
    let in_b = b
        .record_snooze("alice", "attempt-1", AT, Some(3))
        .await
        .unwrap();
    assert_eq!(
        in_b.outcome,
        SnoozeOutcome::Counted,
        "attempt ids are per tenant"
    );
    assert_eq!(in_b.state.snooze_count, 1);
    a.record_registration("alice", AT).await.unwrap();
    assert_eq!(a.user_state("alice").await.unwrap().snooze_count, 2);
    assert_eq!(b.user_state("alice").await.unwrap().registered_at, None);
    // Policies are per tenant, each with its own versions.
    let policy = AuthenticationMethodsPolicy::default();
    assert_eq!(a.save_policy(&policy, 0, None).await.unwrap(), 1);
    assert_eq!(a.save_policy(&policy, 1, None).await.unwrap(), 2);
    assert!(b.load_policy().await.unwrap().is_none());
    assert_eq!(b.save_policy(&policy, 0, None).await.unwrap(), 1);
    assert_eq!(a.load_policy().await.unwrap().unwrap().version, 2);
    // Records with the same kind and id are two records.
    let doc = |n: u32| record("device", "d1", "alice", &format!("{{\"n\":{n}}}"), None);
    assert!(a.insert_record(&doc(1), AT).await.unwrap());
    assert!(b.insert_record(&doc(2), AT).await.unwrap());
    assert_eq!(
        a.record("device", "d1", AT)
            .await
            .unwrap()
            .unwrap()
            .document,
        "{\"n\":1}"
    );
    assert_eq!(a.records_of("device", "alice", AT).await.unwrap().len(), 1);
    let stored_b = b.record("device", "d1", AT).await.unwrap().unwrap();
    assert!(
        !a.replace_record(&Record {
            version: 9,
            ..stored_b.clone()
        })
        .await
        .unwrap()
    );
    assert!(b.replace_record(&stored_b).await.unwrap());
    assert_eq!(
        a.record("device", "d1", AT).await.unwrap().unwrap().version,
        1,
        "a replace in one tenant leaves the other's record alone"
    );
    // Each tenant's users are its own.
    let users_of_b: Vec<String> = b
        .users_after(None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(users_of_b, ["alice"]);
    assert!(
        TenantStore::new(store.clone(), tenant("tenant-c"))
            .users_after(None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Purges span every tenant.
    let expiring = record("flow", "f", "alice", "{}", Some(AT + Duration::minutes(1)));
    assert!(a.insert_record(&expiring, AT).await.unwrap());
    assert!(b.insert_record(&expiring, AT).await.unwrap());
    assert_eq!(
        store
            .purge_expired(AT + Duration::hours(1), 100)
            .await
            .unwrap(),
        2
    );
}

/// Part of the suite (see the module docs).
pub async fn expiring_records_are_counted_over_every_tenant(store: Arc<dyn CampaignStore>) {
    let a = TenantStore::new(store.clone(), tenant("count-a"));
    let b = TenantStore::new(store.clone(), tenant("count-b"));
    let flow = |id: &str, until: OffsetDateTime| record("flow", id, id, "{}", Some(until));
    assert!(
        a.insert_record(&flow("u1", AT + Duration::minutes(15)), AT)
            .await
            .unwrap()
    );
    assert!(
        b.insert_record(&flow("u1", AT + Duration::minutes(15)), AT)
            .await
            .unwrap()
    );
    assert!(
        b.insert_record(&flow("u2", AT + Duration::minutes(1)), AT)
            .await
            .unwrap()
    );
    // Kept forever, or another kind: not counted.
    assert!(
        a.insert_record(&record("flow", "kept", "kept", "{}", None), AT)
            .await
            .unwrap()
    );
    assert!(
        a.insert_record(
            &record("device", "d", "u1", "{}", Some(AT + Duration::hours(1))),
            AT
        )
        .await
        .unwrap()
    );
    let Some(now) = store.count_expiring_records("flow", AT).await.unwrap() else {
        return; // The store does not count; allowed.
    };
    assert_eq!(now, 3);
    assert_eq!(
        store
            .count_expiring_records("flow", AT + Duration::minutes(5))
            .await
            .unwrap(),
        Some(2),
        "an expired flow is not in progress"
    );
}

/// Part of the suite (see the module docs).
pub async fn new_user_has_default_state(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    assert_eq!(
        store.user_state("nobody").await.unwrap(),
        UserCampaignState::default()
    );
}

/// Part of the suite (see the module docs).
pub async fn a_snooze_is_counted_once_per_attempt(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let first = store.record_snooze("u1", "a1", AT, Some(3)).await.unwrap();
    assert_eq!(first.outcome, SnoozeOutcome::Counted);
    assert_eq!(first.state.snooze_count, 1);
    assert_eq!(first.state.last_snoozed_at, Some(AT));
    let again = store
        .record_snooze("u1", "a1", AT + Duration::minutes(1), Some(3))
        .await
        .unwrap();
    assert_eq!(again.outcome, SnoozeOutcome::AlreadyCounted);
    assert_eq!(
        again.state, first.state,
        "a repeated attempt changes nothing"
    );
    let second = store
        .record_snooze("u1", "a2", AT + Duration::days(1), Some(3))
        .await
        .unwrap();
    assert_eq!(second.state.snooze_count, 2);
    assert_eq!(store.user_state("u1").await.unwrap(), second.state);
    // Attempt ids are per user.
    let other = store.record_snooze("u2", "a1", AT, Some(3)).await.unwrap();
    assert_eq!(other.outcome, SnoozeOutcome::Counted);
}

/// Part of the suite (see the module docs).
pub async fn the_limit_is_never_exceeded_and_refusals_leave_no_trace(
    store: Arc<dyn CampaignStore>,
) {
    let store = in_tenant(store);
    for i in 0..3 {
        let r = store
            .record_snooze("u", &format!("a{i}"), AT, Some(3))
            .await
            .unwrap();
        assert_eq!(r.outcome, SnoozeOutcome::Counted);
    }
    let refused = store
        .record_snooze("u", "a3", AT + Duration::hours(1), Some(3))
        .await
        .unwrap();
    assert_eq!(refused.outcome, SnoozeOutcome::LimitReached);
    assert_eq!(refused.state.snooze_count, 3);
    assert_eq!(
        refused.state.last_snoozed_at,
        Some(AT),
        "a refused snooze changes nothing"
    );
    // The refused attempt was not remembered: with a higher limit it counts.
    let later = store.record_snooze("u", "a3", AT, None).await.unwrap();
    assert_eq!(later.outcome, SnoozeOutcome::Counted);
    assert_eq!(later.state.snooze_count, 4);
}

/// Part of the suite (see the module docs).
pub async fn concurrent_distinct_skips_are_all_counted(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .record_snooze("busy", &format!("a{i}"), AT, None)
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().outcome, SnoozeOutcome::Counted);
    }
    assert_eq!(store.user_state("busy").await.unwrap().snooze_count, 50);
}

/// Part of the suite (see the module docs).
pub async fn concurrent_skips_never_pass_the_limit(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let store = store.clone();
            // Half of them repeat an attempt id, as double-clicked Skip buttons do.
            tokio::spawn(async move {
                store
                    .record_snooze("limited", &format!("a{}", i / 2), AT, Some(3))
                    .await
            })
        })
        .collect();
    let mut counted = 0;
    for task in tasks {
        if task.await.unwrap().unwrap().outcome == SnoozeOutcome::Counted {
            counted += 1;
        }
    }
    assert_eq!(counted, 3);
    assert_eq!(store.user_state("limited").await.unwrap().snooze_count, 3);
}

/// Part of the suite (see the module docs). Rounds of double-clicked Skip buttons, each on a
/// user never seen: stores that commit several batches side by side must not let two of them
/// lock one user's rows in opposite orders (PostgreSQL would abort one as a deadlock).
pub async fn double_clicked_skips_never_fail(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    for round in 0..30 {
        let user = format!("double-click-{round}");
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let (store, user) = (store.clone(), user.clone());
                tokio::spawn(async move {
                    store
                        .record_snooze(&user, &format!("a{}", i / 2), AT, Some(3))
                        .await
                })
            })
            .collect();
        let mut counted = 0;
        for task in tasks {
            let record = task.await.unwrap().unwrap_or_else(|error| {
                panic!("round {round}: a snooze failed: {error}");
            });
            counted += u32::from(record.outcome == SnoozeOutcome::Counted);
        }
        assert_eq!(counted, 3, "round {round}");
    }
}

/// Part of the suite (see the module docs). Every user's attempt is posted twice at once (a
/// double-clicked Skip), for many users together, so that stores which share transactions
/// between concurrent writes (group commit) put many users, and the same attempt twice, in one.
pub async fn concurrent_snoozes_of_many_users_are_each_counted_once(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let user = format!("many-{}", i / 2);
                let record = store
                    .record_snooze(&user, "attempt", AT, Some(3))
                    .await
                    .unwrap();
                (user, record)
            })
        })
        .collect();
    let mut outcomes = std::collections::BTreeMap::<String, Vec<SnoozeOutcome>>::new();
    for task in tasks {
        let (user, record) = task.await.unwrap();
        assert_eq!(record.state.snooze_count, 1, "{user}: {record:?}");
        outcomes.entry(user).or_default().push(record.outcome);
    }
    assert_eq!(outcomes.len(), 100);
    for (user, mut seen) in outcomes {
        seen.sort_by_key(|o| *o == SnoozeOutcome::AlreadyCounted);
        assert_eq!(
            seen,
            [SnoozeOutcome::Counted, SnoozeOutcome::AlreadyCounted],
            "{user}"
        );
        assert_eq!(store.user_state(&user).await.unwrap().snooze_count, 1);
    }
}

/// Part of the suite (see the module docs). Many users each skip six different sign-ins at
/// once with a limit of 2, while records are written beside them: every user ends at exactly
/// 2, the two counted calls saw 1 and 2, and the refused ones the full count.
pub async fn concurrent_attempts_of_many_users_never_pass_their_limit(
    store: Arc<dyn CampaignStore>,
) {
    let store = in_tenant(store);
    let snoozes: Vec<_> = (0..240)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let user = format!("limited-{}", i % 40);
                let record = store
                    .record_snooze(&user, &format!("a{}", i / 40), AT, Some(2))
                    .await
                    .unwrap();
                (user, record)
            })
        })
        .collect();
    let records: Vec<_> = (0..40)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let user = format!("limited-{i}");
                let flow = record("flow", &user, &user, "{}", None);
                store.upsert_record(&flow).await.unwrap();
            })
        })
        .collect();
    let mut counted = std::collections::BTreeMap::<String, Vec<u32>>::new();
    for task in snoozes {
        let (user, record) = task.await.unwrap();
        match record.outcome {
            SnoozeOutcome::Counted => counted
                .entry(user)
                .or_default()
                .push(record.state.snooze_count),
            SnoozeOutcome::LimitReached => assert_eq!(record.state.snooze_count, 2, "{user}"),
            SnoozeOutcome::AlreadyCounted => panic!("{user}: every attempt id is new"),
        }
    }
    for task in records {
        task.await.unwrap();
    }
    assert_eq!(counted.len(), 40);
    for (user, mut counts) in counted {
        counts.sort_unstable();
        assert_eq!(counts, [1, 2], "{user}");
        assert_eq!(store.user_state(&user).await.unwrap().snooze_count, 2);
        assert!(store.record("flow", &user, AT).await.unwrap().is_some());
    }
}

/// Part of the suite (see the module docs).
pub async fn registration_is_recorded_once(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    store.record_snooze("r", "a1", AT, Some(3)).await.unwrap();
    let state = store
        .record_registration("r", AT + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(state.registered_at, Some(AT + Duration::days(1)));
    assert_eq!(
        state.snooze_count, 1,
        "registration keeps the snooze history"
    );
    let again = store
        .record_registration("r", AT + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(
        again.registered_at,
        Some(AT + Duration::days(1)),
        "the first time wins"
    );
    let new_user = store.record_registration("fresh", AT).await.unwrap();
    assert_eq!(new_user.registered_at, Some(AT));
}

/// Part of the suite (see the module docs).
pub async fn policy_writes_are_compare_and_swap(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    assert!(store.load_policy().await.unwrap().is_none());
    let policy = AuthenticationMethodsPolicy::default();
    assert_eq!(store.save_policy(&policy, 0, None).await.unwrap(), 1);
    let stale = store.save_policy(&policy, 0, None).await.unwrap_err();
    assert!(
        matches!(stale, StoreError::Conflict { current: 1 }),
        "{stale:?}"
    );
    let changed = policy
        .apply_patch(&json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled", "snoozeDurationInDays": 5}}}))
        .unwrap();
    assert_eq!(store.save_policy(&changed, 1, None).await.unwrap(), 2);
    let loaded = store.load_policy().await.unwrap().unwrap();
    assert_eq!(loaded.version, 2);
    assert_eq!(loaded.policy, changed);
    assert!(matches!(
        store.save_policy(&policy, 5, None).await,
        Err(StoreError::Conflict { current: 2 })
    ));
}

/// Part of the suite (see the module docs).
pub async fn a_policy_change_and_its_audit_entry_are_stored_together(
    store: Arc<dyn CampaignStore>,
) {
    let store = in_tenant(store);
    let policy = AuthenticationMethodsPolicy::default();
    let audit = |id: &str| record("audit", id, "policy", "{\"who\":\"admin\"}", None);
    assert_eq!(
        store
            .save_policy(&policy, 0, Some(&audit("a1")))
            .await
            .unwrap(),
        1
    );
    assert!(store.record("audit", "a1", AT).await.unwrap().is_some());
    // A stale write stores neither the policy nor its audit entry.
    assert!(matches!(
        store.save_policy(&policy, 0, Some(&audit("a2"))).await,
        Err(StoreError::Conflict { current: 1 })
    ));
    assert!(store.record("audit", "a2", AT).await.unwrap().is_none());
    // An audit id that exists refuses the whole change.
    assert!(
        store
            .save_policy(&policy, 1, Some(&audit("a1")))
            .await
            .is_err()
    );
    assert_eq!(store.load_policy().await.unwrap().unwrap().version, 1);
}

/// Part of the suite (see the module docs).
pub async fn stored_times_keep_millisecond_precision(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let at = datetime!(2026-11-28 09:00:00.123456789 UTC);
    let r = store.record_snooze("t", "a", at, None).await.unwrap();
    assert_eq!(
        r.state.last_snoozed_at,
        Some(datetime!(2026-11-28 09:00:00.123 UTC))
    );
    assert_eq!(store.user_state("t").await.unwrap(), r.state);
}

fn record(
    kind: &str,
    id: &str,
    owner: &str,
    document: &str,
    expires_at: Option<OffsetDateTime>,
) -> Record {
    Record {
        kind: kind.into(),
        id: id.into(),
        owner: owner.into(),
        version: 0,
        document: document.into(),
        expires_at,
    }
}

/// Part of the suite (see the module docs).
pub async fn records_are_single_use_until_they_expire(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let nonce = record(
        "nonce",
        "n1",
        "device-1",
        "{}",
        Some(AT + Duration::minutes(2)),
    );
    assert!(store.insert_record(&nonce, AT).await.unwrap());
    assert!(
        !store
            .insert_record(&nonce, AT + Duration::minutes(1))
            .await
            .unwrap(),
        "reuse is refused"
    );
    // After expiry the key is free again, and the old record is gone.
    assert!(
        store
            .record("nonce", "n1", AT + Duration::minutes(2))
            .await
            .unwrap()
            .is_none()
    );
    let fresh = record("nonce", "n1", "device-2", "{\"new\":true}", None);
    assert!(
        store
            .insert_record(&fresh, AT + Duration::minutes(3))
            .await
            .unwrap()
    );
    let got = store
        .record("nonce", "n1", AT + Duration::days(365))
        .await
        .unwrap()
        .unwrap();
    // The version keeps going up when a record takes an expired one's place, so a writer still
    // holding the old record (version 1) cannot replace the new one.
    assert_eq!(
        (got.owner.as_str(), got.version, got.expires_at),
        ("device-2", 2, None)
    );
    let mut stale = got.clone();
    stale.version = 1;
    stale.owner = "device-1".into();
    assert!(!store.replace_record(&stale).await.unwrap());
    // Kinds are separate namespaces.
    assert!(
        store
            .insert_record(&record("other", "n1", "x", "{}", None), AT)
            .await
            .unwrap()
    );
}

/// Part of the suite (see the module docs).
pub async fn records_are_replaced_by_compare_and_swap(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let until = Some(AT + Duration::minutes(10));
    store
        .insert_record(
            &record("enrollment", "e1", "alice", "{\"state\":1}", until),
            AT,
        )
        .await
        .unwrap();
    let mut current = store.record("enrollment", "e1", AT).await.unwrap().unwrap();
    assert_eq!(current.version, 1);
    assert_eq!(current.expires_at, until);
    current.document = "{\"state\":2}".into();
    assert!(store.replace_record(&current).await.unwrap());
    assert!(
        !store.replace_record(&current).await.unwrap(),
        "a stale version loses"
    );
    let now = store.record("enrollment", "e1", AT).await.unwrap().unwrap();
    assert_eq!((now.version, now.document.as_str()), (2, "{\"state\":2}"));
    // Concurrent replacements of one version: exactly one wins.
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            let mut attempt = now.clone();
            attempt.document = format!("{{\"writer\":{i}}}");
            tokio::spawn(async move { store.replace_record(&attempt).await.unwrap() })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.unwrap());
    }
    assert_eq!(winners, 1);
}

/// Part of the suite (see the module docs).
pub async fn records_are_listed_by_owner_and_purged_when_expired(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    for (id, owner, expires) in [
        ("c2", "d1", None),
        ("c1", "d1", Some(AT + Duration::minutes(2))),
        ("c3", "d2", None),
        ("c0", "d1", Some(AT)),
    ] {
        store
            .insert_record(
                &record("challenge", id, owner, "{}", expires),
                AT - Duration::minutes(1),
            )
            .await
            .unwrap();
    }
    let ids: Vec<_> = store
        .records_of("challenge", "d1", AT)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["c1", "c2"], "expired c0 is left out, oldest id first");
    assert_eq!(
        store
            .shared()
            .purge_expired(AT + Duration::minutes(5), 100)
            .await
            .unwrap(),
        2
    );
    let ids: Vec<_> = store
        .records_of("challenge", "d1", AT)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["c2"]);
}

/// Part of the suite (see the module docs).
pub async fn expired_records_are_purged_in_batches_and_live_ones_kept(
    store: Arc<dyn CampaignStore>,
) {
    let store = in_tenant(store);
    for i in 0..25 {
        let r = record("flow", &format!("old{i:02}"), "u", "{}", Some(AT));
        assert!(
            store
                .insert_record(&r, AT - Duration::minutes(1))
                .await
                .unwrap()
        );
    }
    let live = record("flow", "live", "u", "{}", Some(AT + Duration::hours(1)));
    let kept = record("device", "kept", "u", "{}", None);
    assert!(store.insert_record(&live, AT).await.unwrap());
    assert!(store.insert_record(&kept, AT).await.unwrap());
    let later = AT + Duration::minutes(1);
    assert_eq!(
        store.shared().purge_expired(later, 10).await.unwrap(),
        10,
        "one batch"
    );
    assert_eq!(store.shared().purge_expired(later, 10).await.unwrap(), 10);
    assert_eq!(store.shared().purge_expired(later, 10).await.unwrap(), 5);
    assert_eq!(store.shared().purge_expired(later, 10).await.unwrap(), 0);
    assert!(store.record("flow", "live", later).await.unwrap().is_some());
    assert!(
        store
            .record("device", "kept", later)
            .await
            .unwrap()
            .is_some()
    );
}

/// Part of the suite (see the module docs).
pub async fn old_snooze_attempts_are_purged_and_the_count_stays(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    for i in 0..3 {
        let at = AT + Duration::minutes(i);
        store
            .record_snooze("p", &format!("a{i}"), at, None)
            .await
            .unwrap();
    }
    let purged = store
        .shared()
        .purge_snooze_attempts(AT + Duration::seconds(90), 100)
        .await
        .unwrap();
    assert_eq!(purged, 2, "the attempts of minutes 0 and 1");
    assert_eq!(store.user_state("p").await.unwrap().snooze_count, 3);
    // The newest attempt is still known: counting it again changes nothing.
    let again = store
        .record_snooze("p", "a2", AT + Duration::minutes(3), None)
        .await
        .unwrap();
    assert_eq!(again.outcome, SnoozeOutcome::AlreadyCounted);
}

/// Part of the suite (see the module docs).
pub async fn upserts_replace_whatever_is_stored(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let first = record(
        "flow",
        "u1",
        "u1",
        "{\"n\":1}",
        Some(AT + Duration::hours(1)),
    );
    store.upsert_record(&first).await.unwrap();
    let second = record(
        "flow",
        "u1",
        "u1",
        "{\"n\":2}",
        Some(AT + Duration::hours(1)),
    );
    store.upsert_record(&second).await.unwrap();
    let stored = store.record("flow", "u1", AT).await.unwrap().unwrap();
    assert_eq!(stored.document, "{\"n\":2}");
    assert_eq!(stored.version, 2);
    // A writer still holding version 1 cannot overwrite the newer document.
    let stale = Record {
        version: 1,
        ..first.clone()
    };
    assert!(!store.replace_record(&stale).await.unwrap());
}

/// Part of the suite (see the module docs).
pub async fn users_are_listed_in_id_order_page_by_page(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    let ids = ["u-c", "u-a", "u-e", "u-b", "u-d"];
    for (i, id) in ids.iter().enumerate() {
        store
            .record_snooze(id, &format!("attempt-{i}"), AT, None)
            .await
            .unwrap();
    }
    store.record_registration("u-b", AT).await.unwrap();
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.users_after(after.as_deref(), 2).await.unwrap();
        assert!(page.len() <= 2);
        let Some((last, _)) = page.last() else { break };
        after = Some(last.clone());
        seen.extend(page);
    }
    let order: Vec<&str> = seen.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(order, ["u-a", "u-b", "u-c", "u-d", "u-e"]);
    assert_eq!(seen[0].1.snooze_count, 1);
    assert_eq!(seen[1].1.registered_at, Some(AT));
    assert!(store.users_after(Some("u-e"), 10).await.unwrap().is_empty());
}

/// Runs every check of the suite as its own `#[tokio::test]`, in a module called `$name`, on
/// stores made by `$make` (an `async fn() -> Option<Arc<dyn CampaignStore>>`; `None` skips).
#[macro_export]
macro_rules! campaign_store_conformance {
    ($name:ident, $make:path) => {
        mod $name {
            $crate::campaign_store_conformance!(@tests $make;
                tenants_never_see_each_others_state,
                expiring_records_are_counted_over_every_tenant,
                new_user_has_default_state,
                a_snooze_is_counted_once_per_attempt,
                the_limit_is_never_exceeded_and_refusals_leave_no_trace,
                concurrent_distinct_skips_are_all_counted,
                concurrent_skips_never_pass_the_limit,
                double_clicked_skips_never_fail,
                concurrent_snoozes_of_many_users_are_each_counted_once,
                concurrent_attempts_of_many_users_never_pass_their_limit,
                registration_is_recorded_once,
                policy_writes_are_compare_and_swap,
                stored_times_keep_millisecond_precision,
                a_policy_change_and_its_audit_entry_are_stored_together,
                records_are_single_use_until_they_expire,
                records_are_replaced_by_compare_and_swap,
                records_are_listed_by_owner_and_purged_when_expired,
                expired_records_are_purged_in_batches_and_live_ones_kept,
                old_snooze_attempts_are_purged_and_the_count_stays,
                upserts_replace_whatever_is_stored,
                users_are_listed_in_id_order_page_by_page,
            );
        }
    };
    (@tests $make:path; $($test:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                if let Some(store) = $make().await {
                    $crate::store::conformance::$test(store).await;
                }
            }
        )*
    };
}
