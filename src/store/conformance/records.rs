//! The suite's record checks: single use until expiry, compare-and-swap, listing by owner,
//! purging in batches, upserts.

use std::sync::Arc;

use time::Duration;

use super::{AT, in_tenant, record};
use crate::store::{CampaignStore, Record};

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
pub async fn records_are_read_many_at_once_by_id(store: Arc<dyn CampaignStore>) {
    let scoped = in_tenant(store.clone());
    let other = crate::store::TenantStore::new(store, super::tenant("another-tenant"));
    let later = AT + Duration::hours(1);
    for (id, expires) in [("a", None), ("b", Some(later)), ("gone", Some(AT))] {
        let r = record("exemption", id, id, "{}", expires);
        assert!(
            scoped
                .insert_record(&r, AT - Duration::hours(1))
                .await
                .unwrap()
        );
    }
    let wrong_kind = record("nudge-history", "c", "c", "{}", None);
    assert!(scoped.insert_record(&wrong_kind, AT).await.unwrap());
    let other_tenants = record("exemption", "c", "c", "{}", None);
    assert!(other.insert_record(&other_tenants, AT).await.unwrap());
    let ids: Vec<String> = ["a", "b", "c", "gone", "nobody", "it's \"odd\""]
        .into_iter()
        .map(String::from)
        .collect();
    let mut found: Vec<String> = scoped
        .records_by_id("exemption", &ids, AT)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["a", "b"],
        "live, of this kind and tenant, asked for"
    );
    assert!(
        scoped
            .records_by_id("exemption", &[], AT)
            .await
            .unwrap()
            .is_empty()
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
