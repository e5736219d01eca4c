//! Test schemas in the shared PostgreSQL database: each test gets its own, named after the test
//! process, and the schemas of test processes that have ended are dropped the first time a
//! process asks for one (so a developer's database does not fill up run after run).

use tokio::sync::OnceCell;

/// Creates a fresh schema (`{prefix}_{pid}_{random}`) through `url` and returns its name.
pub async fn create_test_schema(url: &str, prefix: &str) -> String {
    let admin = sqlx::PgPool::connect(url)
        .await
        .expect("PostgreSQL does not answer");
    static CLEANED: OnceCell<()> = OnceCell::const_new();
    CLEANED
        .get_or_init(|| drop_schemas_of_ended_runs(&admin))
        .await;
    let schema = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    schema
}

/// Drops a schema made by [`create_test_schema`] once its test is done with it.
pub async fn drop_test_schema(url: &str, schema: &str) {
    let admin = sqlx::PgPool::connect(url)
        .await
        .expect("PostgreSQL does not answer");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
}

/// Drops the `rc_test_*` and `rc_demo_*` schemas whose test process is no longer running, and
/// those named before schemas carried a process id.
async fn drop_schemas_of_ended_runs(admin: &sqlx::PgPool) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname ~ '^rc_(test|demo)_'",
    )
    .fetch_all(admin)
    .await
    .unwrap_or_default();
    for name in names.into_iter().filter(|name| !run_is_alive(name)) {
        // Another process may be dropping the same schema: its error is not ours.
        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE"
        )))
        .execute(admin)
        .await;
    }
}

/// Whether the process that made the schema `name` (`{prefix}_{pid}_{random}`) still runs.
fn run_is_alive(name: &str) -> bool {
    let mut parts = name.split('_').skip(2);
    match (parts.next(), parts.next()) {
        // Without /proc (not Linux), every run counts as alive: nothing is dropped.
        (Some(pid), Some(_)) if pid.bytes().all(|b| b.is_ascii_digit()) => {
            let proc = std::path::Path::new("/proc");
            !proc.join("self").exists() || proc.join(pid).exists()
        }
        _ => !std::path::Path::new("/proc/self").exists(),
    }
}

#[test]
fn schemas_name_the_process_that_made_them() {
    let alive = format!("rc_test_{}_0123abcd", std::process::id());
    assert!(run_is_alive(&alive));
    assert!(!run_is_alive("rc_test_0123456789abcdef0123456789abcdef"));
    assert!(!run_is_alive("rc_demo_999999999_0123abcd"));
}
