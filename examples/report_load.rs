//! How long one page of the per-user report takes with 1,000,000 users, in SQLite and
//! PostgreSQL: the first page and the last page, p50 and p99 over many reads.
//!
//! ```sh
//! cargo run --release --example report_load                       # SQLite only
//! REGISTRATION_CAMPAIGN_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo run --release --example report_load                     # and PostgreSQL
//! ```
//!
//! Users are inserted with one SQL statement per store (snoozed long ago, once); the pages are
//! read through `Campaign::user_report`, the path the admin API takes, with each user's names
//! from a host directory (one `UserDirectory::user` call per row, as a host's would answer
//! from memory), with and without it side by side.

use std::sync::Arc;
use std::time::{Duration, Instant};

use registration_campaign::store::{CampaignStore, PostgresStore, SqliteStore};
use registration_campaign::{
    BoxError, Campaign, DirectoryUser, Registration, TenantId, UserDirectory, async_trait,
};

/// A host directory that knows every user's names (made up from the id, as fast as a lookup
/// in memory), and lists nobody: the report stays on its keyset path.
#[derive(Debug)]
struct Names;

#[async_trait]
impl UserDirectory for Names {
    async fn user(&self, _: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError> {
        Ok(Some(
            DirectoryUser::new(id, format!("Person {id}"))
                .with_sign_in_name(format!("{id}@contoso.test")),
        ))
    }

    async fn save_registration(&self, _: &TenantId, _: &Registration) -> Result<(), BoxError> {
        Ok(())
    }
}

const USERS: u32 = 1_000_000;
const PAGE: u32 = 100;
const READS: usize = 300;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("rc-report-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = SqliteStore::open(dir.join("campaign.db")).await?;
    let started = Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         INSERT INTO registration_campaign_user_state
             (tenant_id, user_id, snooze_count, last_snoozed_at)
         SELECT 'default', printf('user-%07d', i), 1, 1700000000000 FROM n",
    )
    .bind(i64::from(USERS))
    .execute(sqlite.pool())
    .await?;
    println!(
        "sqlite: {USERS} users inserted in {:.1?}",
        started.elapsed()
    );
    measure("sqlite", Arc::new(sqlite)).await?;
    std::fs::remove_dir_all(&dir)?;

    if let Ok(url) = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL") {
        use std::str::FromStr;
        let schema = format!("rc_report_load_{}", std::process::id());
        let admin = sqlx::PgPool::connect(&url).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&admin)
            .await?;
        let options = sqlx::postgres::PgConnectOptions::from_str(&url)?
            .options([("search_path", schema.as_str())]);
        let postgres = PostgresStore::connect_with(options).await?;
        let started = Instant::now();
        sqlx::query(
            "INSERT INTO registration_campaign_user_state
                 (tenant_id, user_id, snooze_count, last_snoozed_at)
             SELECT 'default', 'user-' || lpad(i::text, 7, '0'), 1, 1700000000000
             FROM generate_series(0, $1 - 1) AS i",
        )
        .bind(i64::from(USERS))
        .execute(postgres.pool())
        .await?;
        sqlx::query("ANALYZE registration_campaign_user_state")
            .execute(postgres.pool())
            .await?;
        println!(
            "postgres: {USERS} users inserted in {:.1?}",
            started.elapsed()
        );
        let result = measure("postgres", Arc::new(postgres)).await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(&admin)
            .await?;
        result?;
    }
    Ok(())
}

async fn measure(
    name: &str,
    store: Arc<dyn CampaignStore>,
) -> Result<(), Box<dyn std::error::Error>> {
    let without_names = Campaign::builder(store.clone()).build();
    let with_names = Campaign::builder(store).directory(Arc::new(Names)).build();
    let last_page_after = format!("user-{:07}", USERS - PAGE - 1);
    for (campaign, names) in [(without_names, "without names"), (with_names, "with names")] {
        for (page, after) in [
            ("first page", None),
            ("last page", Some(last_page_after.as_str())),
        ] {
            // One read to warm the caches, then the measured ones.
            let warm = campaign.user_report(after, PAGE, None).await?;
            assert_eq!(warm.rows.len(), PAGE as usize);
            if names == "with names" {
                assert!(warm.rows[0].display_name.is_some());
            }
            let mut times: Vec<Duration> = Vec::with_capacity(READS);
            for _ in 0..READS {
                let started = Instant::now();
                let page = campaign.user_report(after, PAGE, None).await?;
                times.push(started.elapsed());
                assert_eq!(page.rows.len(), PAGE as usize);
            }
            times.sort();
            let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            println!(
                "{name}, {names}: {page} of {PAGE} users: p50 {:.2?}, p99 {:.2?} ({READS} reads)",
                at(0.50),
                at(0.99)
            );
        }
    }
    Ok(())
}
