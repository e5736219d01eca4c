//! The suite's snooze checks: each attempt counted once, the limit never passed, however
//! many skips race; registrations recorded once; users listed page by page.

use std::sync::Arc;

use time::Duration;
use time::macros::datetime;

use super::{AT, in_tenant, record};
use crate::UserCampaignState;
use crate::store::{CampaignStore, SnoozeOutcome};

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
pub async fn a_reset_forgets_snoozes_and_keeps_the_registration(store: Arc<dyn CampaignStore>) {
    let store = in_tenant(store);
    for attempt in ["a1", "a2", "a3"] {
        store
            .record_snooze("s", attempt, AT, Some(3))
            .await
            .unwrap();
    }
    let full = store.record_snooze("s", "a4", AT, Some(3)).await.unwrap();
    assert_eq!(full.outcome, SnoozeOutcome::LimitReached);
    store.record_registration("s", AT).await.unwrap();
    let reset = store.reset_snoozes("s").await.unwrap();
    assert_eq!(reset.snooze_count, 0);
    assert_eq!(reset.last_snoozed_at, None);
    assert_eq!(reset.registered_at, Some(AT), "the registration stays");
    assert_eq!(store.user_state("s").await.unwrap(), reset);
    // Every skip is there again, and the limit still holds after them.
    for attempt in ["b1", "b2", "b3"] {
        let r = store
            .record_snooze("s", attempt, AT, Some(3))
            .await
            .unwrap();
        assert_eq!(r.outcome, SnoozeOutcome::Counted, "{attempt}");
    }
    let over = store.record_snooze("s", "b4", AT, Some(3)).await.unwrap();
    assert_eq!(over.outcome, SnoozeOutcome::LimitReached);
    // A user never seen stays unseen.
    let unseen = store.reset_snoozes("nobody").await.unwrap();
    assert_eq!(unseen, UserCampaignState::default());
    let listed = store.users_after(None, 10).await.unwrap();
    assert!(listed.iter().all(|(id, _)| id != "nobody"), "{listed:?}");
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
