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

mod policies;
mod records;
mod snoozes;
mod tenants;

use std::sync::Arc;

use time::OffsetDateTime;
use time::macros::datetime;

use crate::store::{CampaignStore, Record, TenantStore};
use crate::tenant::TenantId;

pub use policies::*;
pub use records::*;
pub use snoozes::*;
pub use tenants::*;

pub(super) const AT: OffsetDateTime = datetime!(2026-11-28 09:00:00.123 UTC);

/// The checks run in a tenant other than the default one, so that a store which ignores the
/// tenant (or keeps only the default one) fails them.
pub(super) fn in_tenant(store: Arc<dyn CampaignStore>) -> TenantStore {
    TenantStore::new(store, tenant("conformance-tenant"))
}

pub(super) fn tenant(id: &str) -> TenantId {
    TenantId::new(id).expect("a valid tenant id")
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
                a_reset_forgets_snoozes_and_keeps_the_registration,
                policy_writes_are_compare_and_swap,
                stored_times_keep_millisecond_precision,
                a_policy_change_and_its_audit_entry_are_stored_together,
                records_are_single_use_until_they_expire,
                records_are_read_many_at_once_by_id,
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
