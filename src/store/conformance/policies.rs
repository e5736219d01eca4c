//! The suite's policy checks: writes are compare-and-swap, and a change is stored with its
//! audit entry.

use std::sync::Arc;

use serde_json::json;

use super::{AT, in_tenant, record};
use crate::policy::AuthenticationMethodsPolicy;
use crate::store::{CampaignStore, StoreError};

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
