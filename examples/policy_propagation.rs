//! How long a policy or settings change made on one instance takes to reach another instance's
//! decisions, on one PostgreSQL database, with `LISTEN/NOTIFY` (issue 15, item 4).
//!
//! ```sh
//! REGISTRATION_CAMPAIGN_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo run --release --example policy_propagation
//! ```
//!
//! Two campaigns share one schema (made for the run, dropped after it). Both poll the store only
//! once an hour (`policy_refresh`), so only the change feed can explain a change arriving. The
//! second runs its background tasks. Each of 100 policy changes (campaign enabled, then
//! disabled, and so on) and 100 settings changes (a new deadline) is timed from the moment the
//! first instance's write returns (committed) until the second decides with it; the second is
//! asked every millisecond, so figures have a resolution of about 1 ms.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use registration_campaign::admin::Actor;
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::PostgresStore;
use registration_campaign::{AuthMethod, Campaign, SignInFacts};
use serde_json::json;
use sqlx::postgres::PgConnectOptions;

const CHANGES: usize = 100;
const GIVE_UP: Duration = Duration::from_secs(5);

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("REGISTRATION_CAMPAIGN_POSTGRES_URL")
        .map_err(|_| "set REGISTRATION_CAMPAIGN_POSTGRES_URL to a PostgreSQL database")?;
    let schema = format!("rc_propagation_{}", std::process::id());
    let admin = sqlx::PgPool::connect(&url).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await?;
    let options = PgConnectOptions::from_str(&url)?.options([("search_path", schema.as_str())]);
    let measured = measure(options).await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&admin)
        .await?;
    let (policy, settings) = measured?;
    report("policy change", policy);
    report("settings change", settings);
    Ok(())
}

async fn measure(
    options: PgConnectOptions,
) -> Result<(Vec<Duration>, Vec<Duration>), Box<dyn std::error::Error>> {
    let instance = |store: PostgresStore| {
        Campaign::builder(Arc::new(store))
            .policy_refresh(Duration::from_secs(3600))
            .build()
    };
    let a = instance(PostgresStore::connect_with(options.clone()).await?);
    let b = instance(PostgresStore::connect_with(options).await?);
    let tasks = tokio::spawn(b.clone().background_tasks());
    while b.metrics().change_feeds_opened() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let alice = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);

    let mut policy = Vec::with_capacity(CHANGES);
    for i in 0..CHANGES {
        let (state, reason) = if i % 2 == 0 {
            ("disabled", "campaignDisabled")
        } else {
            ("enabled", "inScope")
        };
        let document = AuthenticationMethodsPolicy::default().apply_patch(&json!({
            "registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": state}}
        }))?;
        a.replace_policy(document).await?;
        let written = Instant::now();
        loop {
            let (decision, _) = b.decide(&alice).await?;
            if decision.reason_code() == reason {
                break;
            }
            if written.elapsed() > GIVE_UP {
                return Err(format!("change {i} did not arrive within {GIVE_UP:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        policy.push(written.elapsed());
    }

    let actor = Actor {
        id: "policy_propagation".into(),
        user_principal_name: None,
    };
    let mut settings = Vec::with_capacity(CHANGES);
    for i in 0..CHANGES {
        let deadline = format!("2027-01-01T00:{:02}:{:02}Z", i / 60, i % 60);
        let stored = a
            .change_settings(&json!({ "deadline": deadline }), None, &actor, "measure")
            .await?;
        let written = Instant::now();
        while b.active_policy().await?.settings.version != stored.version {
            if written.elapsed() > GIVE_UP {
                return Err(
                    format!("settings change {i} did not arrive within {GIVE_UP:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        settings.push(written.elapsed());
    }
    tasks.abort();
    println!(
        "change notices received by the second instance: {}",
        b.metrics().change_notices()
    );
    Ok((policy, settings))
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    println!(
        "{what}: {} changes, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
    );
}
