//! An axum-login host with the registration campaign dropped in: password, then a code, then
//! the campaign. `cargo run --example axum_login`, then open <http://localhost:3001/>.
//!
//! The users and their passwords are printed at start. Carol has an authenticator app already
//! (its secret is printed: add it to any app to get codes), so the campaign leaves her alone.
//! Alice and Bob get codes "by mail" (printed on this console). Bob is nudged to set up an
//! app; Alice has used every skip, so registration is required for her: she reaches nothing
//! until she registers, whatever the session says.

mod app;

use std::sync::Arc;

use registration_campaign::store::{CampaignStore, SqliteStore};

use app::{Backend, CampaignLayer, User};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let users = [
        ("alice", None),
        ("bob", None),
        ("carol", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")),
    ];
    for (name, secret) in users {
        let app = secret.map_or_else(String::new, |s| format!(", authenticator app secret {s}"));
        println!("user {name}, password {name}-example{app}");
    }
    let backend = Backend::new(users.map(|(name, secret)| User {
        id: name.into(),
        name: name.into(),
        password_hash: password_auth::generate_hash(format!("{name}-example")),
        totp_secret: secret.map(str::to_owned),
    }));

    let dir = std::env::temp_dir().join("registration-campaign-axum-login");
    std::fs::create_dir_all(&dir)?;
    // campaign: a store, the campaign (app.rs), and its upkeep (expired records go).
    let store = Arc::new(SqliteStore::open(dir.join("campaign.sqlite3")).await?);
    let campaign = app::campaign(store.clone(), &backend)?;
    tokio::spawn(campaign.clone().background_tasks());

    // The example's own set-up, not glue: Alice has skipped three times already.
    for attempt in ["example-1", "example-2", "example-3"] {
        let now = campaign.now();
        store
            .record_snooze(campaign.tenant_id(), "alice", attempt, now, Some(3))
            .await?;
    }
    // `--campaign-layer inside` puts the campaign layer inside the session layer: the gate
    // still keeps a required user out (only the held cookie is lost).
    let order = match std::env::args()
        .skip_while(|a| a != "--campaign-layer")
        .nth(1)
    {
        Some(order) if order == "inside" => CampaignLayer::Inside,
        _ => CampaignLayer::Outside,
    };
    let app = app::app(backend, campaign, order);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
    println!("listening on http://localhost:3001/");
    axum::serve(listener, app).await?;
    Ok(())
}
