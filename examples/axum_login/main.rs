//! An axum-login host with the registration campaign dropped in: password, then a TOTP code,
//! then the campaign. `cargo run --example axum_login`, then open <http://localhost:3001/>.
//!
//! The users (`alice`, `bob`) and their TOTP secrets are printed at start: add a secret to any
//! authenticator app to get codes. Alice has used every skip, so registration is required for
//! her: she reaches nothing until she registers, whatever the session says. Bob is nudged.

mod app;

use std::sync::Arc;

use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, SqliteStore};
use registration_campaign::{Campaign, SignOut};

use app::{Backend, CampaignLayer, User};

const POLICY: &str = r#"{"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {
    "state": "enabled", "snoozeDurationInDays": 0, "enforceRegistrationAfterAllowedSnoozes": true,
    "includeTargets": [{"id": "all_users", "targetType": "group",
                        "targetedAuthenticationMethod": "microsoftAuthenticator"}]}}}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join("registration-campaign-axum-login");
    std::fs::create_dir_all(&dir)?;
    let store = Arc::new(SqliteStore::open(dir.join("campaign.sqlite3")).await?);
    let campaign = Campaign::builder(store.clone())
        .secure_cookies(false) // plain http on localhost only
        .sign_out(SignOut::get("/logout"))
        .build();
    if store.load_policy(campaign.tenant_id()).await?.is_none() {
        campaign
            .replace_policy(AuthenticationMethodsPolicy::from_json(POLICY)?)
            .await?;
    }
    tokio::spawn(campaign.clone().background_tasks());
    // Alice has skipped three times already: her next sign-in requires registration.
    for attempt in ["example-1", "example-2", "example-3"] {
        store
            .record_snooze(
                campaign.tenant_id(),
                "alice",
                attempt,
                campaign.now(),
                Some(3),
            )
            .await?;
    }
    let users = [
        ("alice", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        ("bob", "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"),
    ];
    for (name, secret) in users {
        println!("user {name}, password {name}-example, TOTP secret {secret}");
    }
    let backend = Backend::new(users.map(|(name, secret)| User {
        id: name.into(),
        name: name.into(),
        password_hash: password_auth::generate_hash(format!("{name}-example")),
        totp_secret: secret.into(),
    }));
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
