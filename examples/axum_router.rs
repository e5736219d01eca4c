//! The campaign layer in an axum app: the smallest integration.
//!
//! `cargo run --example axum_router`, then `curl -i -X POST http://127.0.0.1:3002/mfa`.

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use registration_campaign::policy::CampaignPolicy;
use registration_campaign::store::SqliteStore;
use registration_campaign::{
    AuthMethod, Campaign, DirectoryUser, MemoryDirectory, MfaCompleted, TenantId,
};

const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";

async fn finish_mfa() -> Response {
    // Your MFA check succeeded: mark the success response with who signed in, and how.
    let mut response = Redirect::to("/").into_response();
    response
        .extensions_mut()
        .insert(MfaCompleted::new(ALICE, AuthMethod::Sms));
    response
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The host's users; a real host implements `UserDirectory` over its own tables.
    let users = Arc::new(MemoryDirectory::new());
    let alice = DirectoryUser::new(ALICE, "Alice").with_methods([AuthMethod::Sms]);
    users.add(&TenantId::default_tenant(), alice);
    let store = Arc::new(SqliteStore::open("campaign-example.sqlite3").await?);
    let campaign = Campaign::builder(store)
        .directory(users)
        .initial_policy(CampaignPolicy::enabled().all_users().build()?)
        .secure_cookies(false) // plain http on localhost
        .build();
    let app = Router::new()
        .route("/", get(|| async { "signed in" }))
        .route("/mfa", post(finish_mfa))
        .layer(campaign.layer());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3002").await?;
    println!("listening on http://127.0.0.1:3002/");
    axum::serve(listener, app).await?;
    Ok(())
}
