//! Nudges per second at full durability, end to end, against the store's own commit rate
//! (issue 15, item 6).
//!
//! ```sh
//! cargo run --release --example nudge_throughput                       # SQLite
//! REGISTRATION_CAMPAIGN_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo run --release --example nudge_throughput -- --backend postgres
//! ```
//!
//! One run measures, side by side:
//!
//! 1. **The physical limit**: a bare loop of the snooze's own transaction (`INSERT` of the
//!    attempt, conditional `INSERT ... ON CONFLICT DO UPDATE` of the count, `COMMIT`) on one
//!    connection, with SQLite's `synchronous = FULL` in WAL mode on the same file system (or
//!    PostgreSQL's defaults): commits per second, one `fsync` each.
//! 2. **The nudge path**, for each number of concurrent clients, with group commit off
//!    (`with_group_commit(1)`: every write its own transaction, as before) and on: a host app
//!    whose `POST /mfa/{user}` completes MFA, with the campaign layer around it (decide, record
//!    the snooze, save the flow, `303` into the flow), served by hyper on 127.0.0.1, and a
//!    keep-alive load generator in the same process: each client has one HTTP/1.1 connection and
//!    signs in random users (of 10,000) one after another. The policy nudges every sign-in
//!    (snoozes of 0 days, unlimited), so each request writes a snooze and a flow record.
//!
//! Each setting gets a fresh store; the first second is warm-up. Everything shares the
//! machine's cores, so compare the ratios, not the absolute numbers.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, GroupCommitStats, PostgresStore, SqliteStore};
use registration_campaign::{AuthMethod, Campaign, MfaCompleted};
use serde_json::json;
use sqlx::Connection;

#[derive(Parser)]
#[command(about = "Nudges per second with and without group commit, against the bare commit rate")]
struct Args {
    /// `sqlite` or `postgres` (needs REGISTRATION_CAMPAIGN_POSTGRES_URL).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Concurrent clients, comma-separated.
    #[arg(long, default_value = "1,8,32,64", value_delimiter = ',')]
    clients: Vec<usize>,
    /// Seconds measured per setting (after one second of warm-up).
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// How many times to run every setting (alternating off and on); medians are reported.
    #[arg(long, default_value_t = 1)]
    rounds: usize,
    /// Group commit's batch bound when on.
    #[arg(long, default_value_t = registration_campaign::store::DEFAULT_MAX_BATCH)]
    max_batch: usize,
    /// Distinct users signing in.
    #[arg(long, default_value_t = 10_000)]
    users: u32,
}

const USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// The snooze's statements, as the SQL stores run them (`store::sql`).
const BARE_TABLES: &str = "CREATE TABLE attempt (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL,
        attempt_id TEXT NOT NULL, recorded_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, user_id, attempt_id));
    CREATE TABLE user_state (tenant_id TEXT NOT NULL, user_id TEXT NOT NULL,
        snooze_count BIGINT NOT NULL DEFAULT 0, last_snoozed_at BIGINT, registered_at BIGINT,
        PRIMARY KEY (tenant_id, user_id))";
const BARE_ATTEMPT: &str = "INSERT INTO attempt (tenant_id, user_id, attempt_id, recorded_at)
    VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, user_id, attempt_id) DO NOTHING";
const BARE_COUNT: &str =
    "INSERT INTO user_state (tenant_id, user_id, snooze_count, last_snoozed_at)
    VALUES ($1, $2, 1, $3) ON CONFLICT (tenant_id, user_id) DO UPDATE
    SET snooze_count = user_state.snooze_count + 1, last_snoozed_at = excluded.last_snoozed_at
    WHERE user_state.snooze_count < $4 RETURNING snooze_count";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let backend = Backend::new(&args.backend).await?;
    let result = run(&args, &backend).await;
    backend.clean_up().await;
    result
}

async fn run(args: &Args, backend: &Backend) -> Result<(), Box<dyn std::error::Error>> {
    let seconds = Duration::from_secs(args.seconds);
    let mut bare = Vec::new();
    for _ in 0..args.rounds {
        bare.push(backend.bare_commits_per_second(seconds).await?);
    }
    let bare = median(bare);
    println!(
        "{}: bare snooze transaction, one connection: {bare:.0} commits/s",
        backend.name()
    );
    println!(
        "| clients | group commit off: nudges/s | p50 | p99 | on: nudges/s | p50 | p99 | on ÷ off | off ÷ bare | on ÷ bare | writes per commit (on) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for &clients in &args.clients {
        let (mut off, mut on) = (Vec::new(), Vec::new());
        for _ in 0..args.rounds {
            off.push(measure(backend, 1, clients, args.users, seconds).await?);
            on.push(measure(backend, args.max_batch, clients, args.users, seconds).await?);
        }
        let (off, on) = (Run::median(off), Run::median(on));
        println!(
            "| {clients} | {:.0} | {:.1} ms | {:.1} ms | {:.0} | {:.1} ms | {:.1} ms | **{:.2}** | {:.2} | **{:.2}** | {:.1} |",
            off.rate,
            off.p50 * 1e3,
            off.p99 * 1e3,
            on.rate,
            on.p50 * 1e3,
            on.p99 * 1e3,
            on.rate / off.rate,
            off.rate / bare,
            on.rate / bare,
            on.writes_per_commit,
        );
        if off.failed + on.failed > 0 {
            println!(
                "  (not nudged: {} with group commit off, {} on: the store timed out and the sign-in passed through)",
                off.failed, on.failed
            );
        }
    }
    Ok(())
}

/// One setting's figures.
#[derive(Clone, Copy)]
struct Run {
    rate: f64,
    p50: f64,
    p99: f64,
    writes_per_commit: f64,
    failed: u64,
}

impl Run {
    fn median(mut runs: Vec<Run>) -> Run {
        runs.sort_by(|a, b| a.rate.total_cmp(&b.rate));
        runs[runs.len() / 2]
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The snooze's transaction in a loop on `$connection` for `$seconds`: commits per second.
macro_rules! bare_loop {
    ($connection:expr, $begin:expr, $seconds:expr) => {{
        let connection = $connection;
        let started = Instant::now();
        let mut commits = 0u64;
        while started.elapsed() < $seconds {
            let user = format!("user-{}", commits % 10_000);
            sqlx::raw_sql($begin).execute(&mut *connection).await?;
            sqlx::query(BARE_ATTEMPT)
                .bind("default")
                .bind(&user)
                .bind(format!("attempt-{commits}"))
                .bind(1_700_000_000_000i64)
                .execute(&mut *connection)
                .await?;
            sqlx::query(BARE_COUNT)
                .bind("default")
                .bind(&user)
                .bind(1_700_000_000_000i64)
                .bind(i64::MAX)
                .execute(&mut *connection)
                .await?;
            sqlx::raw_sql("COMMIT").execute(&mut *connection).await?;
            commits += 1;
        }
        Ok(commits as f64 / started.elapsed().as_secs_f64())
    }};
}

/// Where the stores live: a temporary directory, or schemas on the PostgreSQL server.
enum Backend {
    Sqlite {
        dir: std::path::PathBuf,
        next: AtomicU64,
    },
    Postgres {
        url: String,
        admin: sqlx::PgPool,
        schemas: std::sync::Mutex<Vec<String>>,
    },
}

impl Backend {
    async fn new(name: &str) -> Result<Self, Box<dyn std::error::Error>> {
        match name {
            "sqlite" => {
                let dir =
                    std::env::temp_dir().join(format!("rc-throughput-{}", std::process::id()));
                std::fs::create_dir_all(&dir)?;
                Ok(Self::Sqlite {
                    dir,
                    next: AtomicU64::new(0),
                })
            }
            "postgres" => {
                let url = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL")
                    .map_err(|_| "set REGISTRATION_CAMPAIGN_POSTGRES_URL for --backend postgres")?;
                let admin = sqlx::PgPool::connect(&url).await?;
                Ok(Self::Postgres {
                    url,
                    admin,
                    schemas: Default::default(),
                })
            }
            other => Err(format!("unknown backend {other:?} (sqlite or postgres)").into()),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Sqlite { .. } => "SQLite (WAL, synchronous = FULL)",
            Self::Postgres { .. } => "PostgreSQL",
        }
    }

    /// A fresh PostgreSQL schema, dropped by `clean_up`.
    async fn schema(&self) -> Result<sqlx::postgres::PgConnectOptions, Box<dyn std::error::Error>> {
        let Self::Postgres {
            url,
            admin,
            schemas,
        } = self
        else {
            return Err("not PostgreSQL".into());
        };
        let schema = format!("rc_throughput_{}", uuid::Uuid::new_v4().simple());
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(admin)
            .await?;
        schemas.lock().unwrap().push(schema.clone());
        Ok(sqlx::postgres::PgConnectOptions::from_str(url)?
            .options([("search_path", schema.as_str())]))
    }

    fn sqlite_file(&self) -> std::path::PathBuf {
        match self {
            Self::Sqlite { dir, next } => dir.join(format!(
                "store-{}.sqlite3",
                next.fetch_add(1, Ordering::Relaxed)
            )),
            Self::Postgres { .. } => unreachable!("only for SQLite"),
        }
    }

    /// A fresh store with group commit bounded at `max_batch` (1: off).
    async fn store(
        &self,
        max_batch: usize,
    ) -> Result<
        (
            Arc<dyn CampaignStore>,
            Box<dyn Fn() -> GroupCommitStats + Send>,
        ),
        Box<dyn std::error::Error>,
    > {
        Ok(match self {
            Self::Sqlite { .. } => {
                let store = SqliteStore::open(self.sqlite_file())
                    .await?
                    .with_group_commit(max_batch);
                let stats = store.clone();
                (
                    Arc::new(store),
                    Box::new(move || stats.group_commit_stats()),
                )
            }
            Self::Postgres { .. } => {
                let store = PostgresStore::connect_with(self.schema().await?)
                    .await?
                    .with_group_commit(max_batch);
                let stats = store.clone();
                (
                    Arc::new(store),
                    Box::new(move || stats.group_commit_stats()),
                )
            }
        })
    }

    /// The snooze's transaction in a loop on one connection, for `seconds`: commits per second.
    async fn bare_commits_per_second(
        &self,
        seconds: Duration,
    ) -> Result<f64, Box<dyn std::error::Error>> {
        match self {
            Self::Sqlite { .. } => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.sqlite_file())
                    .create_if_missing(true)
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
                let mut connection = sqlx::SqliteConnection::connect_with(&options).await?;
                sqlx::raw_sql(BARE_TABLES).execute(&mut connection).await?;
                bare_loop!(&mut connection, "BEGIN IMMEDIATE", seconds)
            }
            Self::Postgres { .. } => {
                let mut connection =
                    sqlx::PgConnection::connect_with(&self.schema().await?).await?;
                sqlx::raw_sql(BARE_TABLES).execute(&mut connection).await?;
                bare_loop!(&mut connection, "BEGIN", seconds)
            }
        }
    }

    async fn clean_up(&self) {
        match self {
            Self::Sqlite { dir, .. } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Self::Postgres { admin, schemas, .. } => {
                let schemas = std::mem::take(&mut *schemas.lock().unwrap());
                for schema in schemas {
                    let drop = format!("DROP SCHEMA {schema} CASCADE");
                    if let Err(error) = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                        .execute(admin)
                        .await
                    {
                        eprintln!("could not drop schema {schema}: {error}");
                    }
                }
            }
        }
    }
}

/// The host's MFA completion for user `n`: a redirect to its inbox, marked for the campaign.
async fn finish_mfa(Path(n): Path<u32>) -> Response {
    let user = format!("10ad0000-0000-4000-8000-{n:012}");
    let mut response = Redirect::to("/inbox").into_response();
    response
        .extensions_mut()
        .insert(MfaCompleted::new(user, AuthMethod::Sms));
    response
}

/// Serves the host app with the campaign on a fresh store and loads it with `clients`
/// keep-alive clients for `seconds` after a second of warm-up.
async fn measure(
    backend: &Backend,
    max_batch: usize,
    clients: usize,
    users: u32,
    seconds: Duration,
) -> Result<Run, Box<dyn std::error::Error>> {
    let (store, stats) = backend.store(max_batch).await?;
    let campaign = Campaign::builder(store).secure_cookies(false).build();
    let policy = AuthenticationMethodsPolicy::default().apply_patch(&json!({
        "registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
            "state": "enabled", "snoozeDurationInDays": 0,
            "enforceRegistrationAfterAllowedSnoozes": false}}
    }))?;
    campaign.replace_policy(policy).await?;
    let app = tower::ServiceBuilder::new()
        .layer(campaign.layer())
        .service(Router::new().route("/mfa/{n}", post(finish_mfa)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server =
        tokio::spawn(async move { axum::serve(listener, tower::make::Shared::new(app)).await });

    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let (measuring, stop) = (measuring.clone(), stop.clone());
            tokio::spawn(
                async move { client_loop(address, client, users, &measuring, &stop).await },
            )
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = stats();
    measuring.store(true, Ordering::SeqCst);
    let started = Instant::now();
    tokio::time::sleep(seconds).await;
    measuring.store(false, Ordering::SeqCst);
    let elapsed = started.elapsed().as_secs_f64();
    let after = stats();
    stop.store(true, Ordering::SeqCst);
    let mut latencies = Vec::new();
    let mut failed = 0;
    for task in tasks {
        let (times, not_nudged) = task.await?.map_err(|e| e.to_string())?;
        latencies.extend(times);
        failed += not_nudged;
    }
    server.abort();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let transactions = (after.transactions - before.transactions).max(1);
    Ok(Run {
        rate: latencies.len() as f64 / elapsed,
        p50: at(0.50),
        p99: at(0.99),
        writes_per_commit: (after.writes - before.writes) as f64 / transactions as f64,
        failed,
    })
}

/// One client: one keep-alive connection, sign-ins one after another. Returns the latencies
/// of the nudges made while measuring, and how many sign-ins were not nudged meanwhile.
async fn client_loop(
    address: std::net::SocketAddr,
    client: usize,
    users: u32,
    measuring: &AtomicBool,
    stop: &AtomicBool,
) -> Result<(Vec<f64>, u64), Box<dyn std::error::Error + Send + Sync>> {
    let stream = tokio::net::TcpStream::connect(address).await?;
    stream.set_nodelay(true)?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut state =
        0x9e37_79b9_7f4a_7c15u64 ^ (client as u64 + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let (mut times, mut not_nudged) = (Vec::new(), 0);
    while !stop.load(Ordering::Relaxed) {
        // xorshift: a random user, cheaply.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let user = (state % u64::from(users)) as u32;
        let request = http::Request::post(format!("/mfa/{user}"))
            .header("host", "127.0.0.1")
            .header("user-agent", USER_AGENT)
            .body(Empty::<Bytes>::new())?;
        let started = Instant::now();
        let response = sender.send_request(request).await?;
        let nudged = response.status() == http::StatusCode::SEE_OTHER
            && response
                .headers()
                .get(http::header::LOCATION)
                .is_some_and(|l| l.as_bytes().starts_with(b"/registration-campaign"));
        response.into_body().collect().await?;
        if measuring.load(Ordering::Relaxed) {
            if nudged {
                times.push(started.elapsed().as_secs_f64());
            } else {
                not_nudged += 1;
            }
        }
    }
    Ok((times, not_nudged))
}
