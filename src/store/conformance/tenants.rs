//! The suite's tenant checks: one tenant never sees another's state, and expiring records
//! are counted over all of them.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use super::{AT, record, tenant};
use crate::policy::AuthenticationMethodsPolicy;
use crate::store::{CampaignStore, Record, SnoozeOutcome, TenantStore};

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
