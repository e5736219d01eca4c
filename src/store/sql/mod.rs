//! SQL shared by the SQLite and PostgreSQL stores.
//!
//! Both backends run the same statements (`$N` parameters, `ON CONFLICT`, `RETURNING` work in
//! both); they differ only in how a write transaction starts and how concurrent migrations are
//! kept apart, which each backend passes to [`impl_sql_store!`].
//!
//! Migrations are kept in our own table (`registration_campaign_migrations`), not sqlx's
//! `_sqlx_migrations`, so that the store can share a database with a host that runs its own sqlx
//! migrations.
//!
//! - `schema.rs`: the migrations and statements; `rows.rs`: rows into records and states;
//!   `batch.rs`: the writes a batch groups and their lock order; `write_path.rs`: the store's
//!   migrations and write path; `campaign_store.rs`: the `CampaignStore` calls.

mod batch;
mod campaign_store;
mod rows;
mod schema;
mod write_path;

pub(crate) use batch::*;
pub(crate) use rows::*;
pub(crate) use schema::*;

/// Implements [`CampaignStore`](crate::store::CampaignStore) and `migrate` for an sqlx pool type.
///
/// `$begin` is the statement that opens a write transaction; `$lock` is run first inside the
/// migration transaction to keep concurrent migrations apart; `$user_locks`, when given, is run
/// first in every write batch with the batch's [`user_lock_keys`] as `$1`; `$backend_migrations` run after
/// the shared [`MIGRATIONS`], numbered apart from them (PostgreSQL's change triggers);
/// `more_store_methods` are added to the `CampaignStore` impl (PostgreSQL's change feed).
macro_rules! impl_sql_store {
    (
        $store:ident,
        $db:ty,
        begin = $begin:expr,
        migration_lock = $lock:expr,
        user_locks = $user_locks:expr,
        backend_migrations = $backend_migrations:expr,
        more_store_methods = { $($more:tt)* }
    ) => {
        $crate::store::sql::impl_sql_write_path!(
            $store,
            $db,
            begin = $begin,
            migration_lock = $lock,
            user_locks = $user_locks,
            backend_migrations = $backend_migrations
        );
        $crate::store::sql::impl_sql_campaign_store!(
            $store,
            begin = $begin,
            more_store_methods = { $($more)* }
        );
    };
}

pub(crate) use campaign_store::impl_sql_campaign_store;
pub(crate) use impl_sql_store;
pub(crate) use write_path::impl_sql_write_path;
