//! Two copies of a tiny axum app for load tests, one without and one with the campaign layer,
//! so both are measured in the same run (see BENCHMARKS.md).
//!
//! `cargo run --release --example passthrough_server` then, for example,
//! `wrk -t1 -c32 -d10s http://127.0.0.1:3201/hello` (without) and `.../3202/hello` (with).

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use registration_campaign::Campaign;
use registration_campaign::store::MemoryStore;

fn app() -> Router {
    Router::new().route("/hello", get(|| async { "hello" }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    let without = tokio::net::TcpListener::bind("127.0.0.1:3201").await?;
    let with = tokio::net::TcpListener::bind("127.0.0.1:3202").await?;
    let around = tokio::net::TcpListener::bind("127.0.0.1:3203").await?;
    println!("without layer:               http://127.0.0.1:3201/hello");
    println!("with Router::layer:          http://127.0.0.1:3202/hello");
    println!("with the layer around it all: http://127.0.0.1:3203/hello");
    let plain = tokio::spawn(async move { axum::serve(without, app()).await });
    let layered = app().layer(campaign.layer());
    let layered = tokio::spawn(async move { axum::serve(with, layered).await });
    let wrapped = tower::ServiceBuilder::new()
        .layer(campaign.layer())
        .service(app());
    axum::serve(around, tower::make::Shared::new(wrapped)).await?;
    plain.await??;
    layered.await??;
    Ok(())
}
