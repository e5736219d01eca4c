//! The campaign layer in an axum app: the smallest integration.
//!
//! `cargo run --example axum_router`

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use registration_campaign::store::SqliteStore;
use registration_campaign::{AuthMethod, Campaign, MfaCompleted, SignInFacts};

async fn finish_mfa() -> Response {
    // Your MFA check succeeded: mark the success response with what you know.
    let mut facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
    facts.groups = vec!["5a1e5000-0000-4000-8000-0000000000a1".into()];
    let mut response = Redirect::to("/").into_response();
    response
        .extensions_mut()
        .insert(MfaCompleted::new(facts, "Alice"));
    response
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let store = Arc::new(SqliteStore::open("campaign-example.sqlite3").await?);
    let campaign = Campaign::builder(store)
        .secure_cookies(false) // plain http on localhost
        .on_registered(|r| async move {
            // Store the authenticator with the user; an error lets the user try again.
            println!("{} registered {}", r.user_id, r.method());
            Ok::<(), std::io::Error>(())
        })
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
