//! The sign-in path at scale (issue 15, item 5): many tenants, many users, in SQLite and
//! PostgreSQL, and the memory of an instance with many tenants' policies cached.
//!
//! ```sh
//! cargo run --release --example scale -- --tenants 1000 --users-per-tenant 1000     # SQLite
//! cargo run --release --example scale -- --tenants 1 --users-per-tenant 1000000
//! REGISTRATION_CAMPAIGN_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo run --release --example scale -- --backend postgres --tenants 1000 --users-per-tenant 1000
//! cargo run --release --example scale -- --cached-tenants 10000                     # memory
//! ```
//!
//! **Fill** (timed, not the thing measured): one policy per tenant (campaign enabled for three
//! groups of the tenant's, two groups excluded), and the users' campaign state (a quarter never
//! snoozed, the others one to three snoozes, one in ten registered), written straight through
//! SQL in one statement per table: the rows the sign-in path reads. (Snooze attempts and flow
//! records are purged within 20 minutes, so their number follows the sign-in rate, not the
//! number of users; they are left out.)
//!
//! **Measured**, through the public API, on users and tenants picked at random:
//! - the decision with its state read: `Campaign::for_tenant(..)?.decide(..)` (policy cache
//!   and `user_state`), after one decision per tenant has filled the policy cache (the first,
//!   cold decision of each tenant is reported apart);
//! - the snooze write: `TenantStore::record_snooze`, one at a time (each its own commit);
//! - the database's size: SQLite's file and write-ahead log, or PostgreSQL's
//!   `pg_total_relation_size` of the campaign's tables (indexes included).
//!
//! `--cached-tenants N` measures memory instead: N tenants with such policies in a memory
//! store, one decision each, and the resident memory before and after (`VmRSS`), beside
//! `Campaign::cached_policies()`.
//!
//! The SQLite file lives in a temporary directory, the PostgreSQL tables in a schema of their
//! own; both are removed at the end.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, MemoryStore, PostgresStore, SqliteStore};
use registration_campaign::{
    AuthMethod, Campaign, DEFAULT_CACHED_TENANTS, SignInFacts, TenantDirectory, TenantId,
    TenantSettings,
};
use serde_json::json;

#[derive(Parser)]
#[command(about = "Decision and snooze latency, database size and policy-cache memory at scale")]
struct Args {
    /// `sqlite` or `postgres` (needs REGISTRATION_CAMPAIGN_POSTGRES_URL).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Tenants to fill.
    #[arg(long, default_value_t = 1000)]
    tenants: u32,
    /// Users in each tenant.
    #[arg(long, default_value_t = 1000)]
    users_per_tenant: u32,
    /// Decisions measured.
    #[arg(long, default_value_t = 20_000)]
    samples: usize,
    /// Snoozes measured (each waits for its own commit).
    #[arg(long, default_value_t = 2_000)]
    snoozes: usize,
    /// Measure the memory of this many tenants' cached policies instead (memory store).
    #[arg(long)]
    cached_tenants: Option<u32>,
}

/// Tenant `t`'s id.
fn tenant_id(t: u32) -> String {
    format!("7e000000-0000-4000-8000-{t:012}")
}

/// User `u`'s id (the same ids in every tenant: tenants keep them apart).
fn user_id(u: u32) -> String {
    format!("10ad0000-0000-4000-8000-{u:012}")
}

/// Group `g` of tenant `t`.
fn group_id(t: u32, g: u32) -> String {
    format!("9a{g:06}-0000-4000-8000-{t:012}")
}

/// A realistic tenant policy: the campaign for three groups, two groups excluded.
fn policy(t: u32) -> AuthenticationMethodsPolicy {
    let include: Vec<_> = (0..3)
        .map(|g| {
            json!({"id": group_id(t, g), "targetType": "group",
                        "targetedAuthenticationMethod": "microsoftAuthenticator"})
        })
        .collect();
    let exclude: Vec<_> = (3..5)
        .map(|g| json!({"id": group_id(t, g), "targetType": "group"}))
        .collect();
    AuthenticationMethodsPolicy::default()
        .apply_patch(&json!({"registrationEnforcement": {
            "authenticationMethodsRegistrationCampaign": {
                "state": "enabled", "snoozeDurationInDays": 1,
                "includeTargets": include, "excludeTargets": exclude}}}))
        .expect("a valid policy")
}

/// The filled tenants, `7e000000-…-{t}` for `t` below the count.
#[derive(Debug)]
struct FilledTenants(u32);

impl TenantDirectory for FilledTenants {
    fn tenant(&self, id: &TenantId) -> Option<TenantSettings> {
        let t: u32 = id
            .as_str()
            .strip_prefix("7e000000-0000-4000-8000-")?
            .parse()
            .ok()?;
        (t < self.0).then(TenantSettings::default)
    }
}

/// A sign-in of user `u` of tenant `t`, in two of the tenant's groups (one included).
fn sign_in(t: u32, u: u32) -> SignInFacts {
    let mut facts = SignInFacts::new(user_id(u), AuthMethod::Sms);
    facts.tenant = TenantId::new(&tenant_id(t)).expect("a tenant id");
    facts.groups = vec![group_id(t, u % 3), group_id(t, 7)];
    facts
}

/// xorshift64: random tenants and users, cheaply and reproducibly.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % u64::from(n)) as u32
    }
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.50), at(0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if let Some(tenants) = args.cached_tenants {
        return cached_policies(tenants).await;
    }
    match args.backend.as_str() {
        "sqlite" => {
            let dir = std::env::temp_dir().join(format!("rc-scale-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let path = dir.join("campaign.sqlite3");
            let result = sqlite(&args, &path).await;
            std::fs::remove_dir_all(&dir)?;
            result
        }
        "postgres" => {
            let url = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL")
                .map_err(|_| "set REGISTRATION_CAMPAIGN_POSTGRES_URL for --backend postgres")?;
            let schema = format!("rc_scale_{}", std::process::id());
            let admin = sqlx::PgPool::connect(&url).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&admin)
                .await?;
            let options = sqlx::postgres::PgConnectOptions::from_str(&url)?
                .options([("search_path", schema.as_str())]);
            let result = postgres(&args, options, &schema, &admin).await;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&admin)
                .await?;
            result
        }
        other => Err(format!("unknown backend {other:?} (sqlite or postgres)").into()),
    }
}

/// One tenant's policy, as both stores' tables take it (`$1` tenant, `$2` document).
const INSERT_POLICY: &str = "INSERT INTO registration_campaign_policy
     (tenant_id, version, document, updated_at) VALUES ($1, 1, $2, 1700000000000)";

/// The policy documents as the stores keep them, one per tenant.
fn policy_rows(tenants: u32) -> Vec<(String, String)> {
    (0..tenants)
        .map(|t| (tenant_id(t), policy(t).to_value().to_string()))
        .collect()
}

async fn sqlite(args: &Args, path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let store = SqliteStore::open(path).await?;
    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    for (tenant, document) in policy_rows(args.tenants) {
        sqlx::query(INSERT_POLICY)
            .bind(tenant)
            .bind(document)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         INSERT INTO registration_campaign_user_state
             (tenant_id, user_id, snooze_count, last_snoozed_at, registered_at)
         SELECT printf('7e000000-0000-4000-8000-%012d', i / $2),
                printf('10ad0000-0000-4000-8000-%012d', i % $2),
                i % 4,
                CASE WHEN i % 4 > 0 THEN 1700000000000 END,
                CASE WHEN i % 10 = 0 THEN 1700000000000 END
         FROM n",
    )
    .bind(i64::from(args.tenants) * i64::from(args.users_per_tenant))
    .bind(i64::from(args.users_per_tenant))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await?;
    println!(
        "SQLite: filled {} tenants × {} users in {:.1?}",
        args.tenants,
        args.users_per_tenant,
        started.elapsed()
    );
    let store = Arc::new(store);
    measure(args, store.clone()).await?;
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let wal = path.with_file_name("campaign.sqlite3-wal");
    println!(
        "database: {} file + {} write-ahead log",
        mib(size(path)),
        mib(size(&wal))
    );
    store.pool().close().await;
    Ok(())
}

async fn postgres(
    args: &Args,
    options: sqlx::postgres::PgConnectOptions,
    schema: &str,
    admin: &sqlx::PgPool,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = PostgresStore::connect_with(options).await?;
    let started = Instant::now();
    let mut tx = store.pool().begin().await?;
    for (tenant, document) in policy_rows(args.tenants) {
        sqlx::query(INSERT_POLICY)
            .bind(tenant)
            .bind(document)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO registration_campaign_user_state
             (tenant_id, user_id, snooze_count, last_snoozed_at, registered_at)
         SELECT '7e000000-0000-4000-8000-' || lpad((i / $2)::text, 12, '0'),
                '10ad0000-0000-4000-8000-' || lpad((i % $2)::text, 12, '0'),
                i % 4,
                CASE WHEN i % 4 > 0 THEN 1700000000000 END,
                CASE WHEN i % 10 = 0 THEN 1700000000000 END
         FROM generate_series(0, $1 - 1) AS i",
    )
    .bind(i64::from(args.tenants) * i64::from(args.users_per_tenant))
    .bind(i64::from(args.users_per_tenant))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::raw_sql("ANALYZE").execute(store.pool()).await?;
    println!(
        "PostgreSQL: filled {} tenants × {} users in {:.1?}",
        args.tenants,
        args.users_per_tenant,
        started.elapsed()
    );
    let store = Arc::new(store);
    measure(args, store.clone()).await?;
    let tables: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.relname::text, pg_total_relation_size(c.oid)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 2 DESC",
    )
    .bind(schema)
    .fetch_all(admin)
    .await?;
    let total: i64 = tables.iter().map(|(_, size)| size).sum();
    let parts: Vec<String> = tables
        .iter()
        .filter(|(_, size)| *size > 64 * 1024)
        .map(|(table, size)| format!("{table} {}", mib(*size as u64)))
        .collect();
    println!(
        "database: {} in the campaign's tables ({})",
        mib(total as u64),
        parts.join(", ")
    );
    store.pool().close().await;
    Ok(())
}

async fn measure(
    args: &Args,
    store: Arc<dyn CampaignStore>,
) -> Result<(), Box<dyn std::error::Error>> {
    let campaign = Campaign::builder(store)
        .tenant_directory(Arc::new(FilledTenants(args.tenants)))
        .build();
    let tenants: Vec<Campaign> = (0..args.tenants)
        .map(|t| campaign.for_tenant(&TenantId::new(&tenant_id(t)).expect("a tenant id")))
        .collect::<Result<_, _>>()?;
    let mut random = Random(0x2545_f491_4f6c_dd1d);

    // One decision per tenant (as many as the cache holds): the policy read and compiled.
    let mut cold = Vec::new();
    for (t, tenant) in tenants.iter().enumerate().take(DEFAULT_CACHED_TENANTS) {
        let facts = sign_in(t as u32, random.below(args.users_per_tenant));
        let started = Instant::now();
        tenant.decide(&facts).await?;
        cold.push(started.elapsed());
    }
    let (cold_count, cold_total) = (cold.len(), cold.iter().sum::<Duration>());
    let (p50, p99) = percentiles(cold);
    println!(
        "first decision of each tenant (policy read and compiled), {cold_count} tenants: p50 {}, p99 {} (all: {:.1?})",
        ms(p50),
        ms(p99),
        cold_total
    );

    let mut times = Vec::with_capacity(args.samples);
    let mut nudged = 0;
    for _ in 0..args.samples {
        let t = random.below(args.tenants);
        let facts = sign_in(t, random.below(args.users_per_tenant));
        let started = Instant::now();
        let (decision, _) = tenants[t as usize].decide(&facts).await?;
        times.push(started.elapsed());
        nudged += usize::from(decision.shows_campaign());
    }
    let (p50, p99) = percentiles(times);
    println!(
        "decision with state read, {} samples of random tenants and users ({nudged} nudged): p50 {}, p99 {}",
        args.samples,
        ms(p50),
        ms(p99)
    );

    let mut times = Vec::with_capacity(args.snoozes);
    let now = campaign.now();
    for i in 0..args.snoozes {
        let t = random.below(args.tenants);
        let user = user_id(random.below(args.users_per_tenant));
        let store = tenants[t as usize].store();
        let started = Instant::now();
        store
            .record_snooze(&user, &format!("scale-attempt-{i}"), now, None)
            .await?;
        times.push(started.elapsed());
    }
    let (p50, p99) = percentiles(times);
    println!(
        "snooze write (TenantStore::record_snooze, one at a time), {} samples: p50 {}, p99 {}",
        args.snoozes,
        ms(p50),
        ms(p99)
    );
    let (count, bytes) = campaign.cached_policies();
    println!("policies cached: {count} ({} estimated)", mib(bytes as u64));
    Ok(())
}

async fn cached_policies(tenants: u32) -> Result<(), Box<dyn std::error::Error>> {
    let store = Arc::new(MemoryStore::new());
    for t in 0..tenants {
        let tenant = TenantId::new(&tenant_id(t))?;
        store.save_policy(&tenant, &policy(t), 0, None).await?;
    }
    let campaign = Campaign::builder(store)
        .tenant_directory(Arc::new(FilledTenants(tenants)))
        .policy_refresh(Duration::from_secs(3600))
        .build();
    let scopes: Vec<Campaign> = (0..tenants)
        .map(|t| campaign.for_tenant(&TenantId::new(&tenant_id(t)).expect("a tenant id")))
        .collect::<Result<_, _>>()?;
    let facts: Vec<SignInFacts> = (0..tenants).map(|t| sign_in(t, 1)).collect();
    let before = rss_kib();
    let started = Instant::now();
    for (scope, facts) in scopes.iter().zip(&facts) {
        scope.decide(facts).await?;
    }
    let elapsed = started.elapsed();
    let after = rss_kib();
    let (count, bytes) = campaign.cached_policies();
    let delta = after.saturating_sub(before) * 1024;
    println!(
        "{tenants} tenants, one decision each ({elapsed:.1?}): resident memory {} -> {} (+{}, {:.1} KiB a tenant); cached_policies() = ({count}, {} estimated, {:.1} KiB a tenant)",
        mib(before * 1024),
        mib(after * 1024),
        mib(delta),
        delta as f64 / 1024.0 / f64::from(tenants),
        mib(bytes as u64),
        bytes as f64 / 1024.0 / count.max(1) as f64,
    );
    Ok(())
}
