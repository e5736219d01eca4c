//! Serves N requests over a full HTTP/1.1 exchange (hyper client and server over an in-memory
//! pipe, no kernel) to a tiny axum app, without or with the campaign layer. Run it under
//! `valgrind --tool=callgrind` to compare instruction counts, which unlike wall-clock numbers do
//! not depend on what else the machine is doing (see BENCHMARKS.md).
//!
//! `cargo run --release --example passthrough_instructions -- without|with|around|lean|gated [REQUESTS] [browser]`
//!
//! `lean` is `around` without the campaign in request extensions (`without_campaign_in_requests`).
//! `gated` is `around` plus the required-registration gate, for a signed-in user who is not
//! required (the host names the same user for every request).
//!
//! With `browser`, each request carries the headers a browser sends on a same-site navigation
//! (cookies, `Accept-Language` and the rest) instead of only `Host` and `User-Agent`.

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use registration_campaign::Campaign;
use registration_campaign::gate::{self, UserRef};
use registration_campaign::store::MemoryStore;

/// What Firefox sends besides `Host` and `User-Agent` when following a link within a site.
const BROWSER_HEADERS: &[(&str, &str)] = &[
    (
        "accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ),
    ("accept-language", "de-DE,de;q=0.8,en-US;q=0.5,en;q=0.3"),
    ("accept-encoding", "gzip, deflate, br, zstd"),
    ("referer", "https://localhost/account"),
    ("connection", "keep-alive"),
    (
        "cookie",
        "session=6f1c0e2a9b7d4c3e8a5f1b2c3d4e5f60; theme=dark; consent=1",
    ),
    ("upgrade-insecure-requests", "1"),
    ("sec-fetch-dest", "document"),
    ("sec-fetch-mode", "navigate"),
    ("sec-fetch-site", "same-origin"),
    ("sec-fetch-user", "?1"),
    ("priority", "u=0, i"),
];

/// The signed-in user of every request in the `gated` variant.
const SIGNED_IN_USER: &str = "a11ce000-0000-4000-8000-000000000001";

fn app() -> Router {
    Router::new().route("/hello", get(|| async { "hello" }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let variant = args.next().unwrap_or_else(|| "without".into());
    let requests: usize = args.next().map_or(Ok(20_000), |n| n.parse())?;
    let browser = args.next().as_deref() == Some("browser");
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        // Under callgrind the program runs about 50 times slower than natively; a recheck of
        // 2 s would then ask the store 50 times more often than it does in production.
        .gate_recheck(std::time::Duration::from_secs(600))
        .build();

    let (client_io, server_io) = tokio::io::duplex(64 * 1024);
    let server = async move {
        let io = TokioIo::new(server_io);
        let http = hyper::server::conn::http1::Builder::new();
        match variant.as_str() {
            "without" => {
                let service = TowerToHyperService::new(app().with_state(()));
                http.serve_connection(io, service).await
            }
            "with" => {
                let service =
                    TowerToHyperService::new(app().layer(campaign.layer()).with_state(()));
                http.serve_connection(io, service).await
            }
            "lean" => {
                let service = TowerToHyperService::new(
                    tower::ServiceBuilder::new()
                        .layer(campaign.layer().without_campaign_in_requests())
                        .service(app().with_state(())),
                );
                http.serve_connection(io, service).await
            }
            "gated" => {
                let gate = campaign.gate(gate::from_fn(|_| {
                    Some(UserRef::of_default_tenant(SIGNED_IN_USER))
                }));
                let service = TowerToHyperService::new(
                    tower::ServiceBuilder::new()
                        .layer(campaign.layer())
                        .layer(gate)
                        .service(app().with_state(())),
                );
                http.serve_connection(io, service).await
            }
            _ => {
                let service = TowerToHyperService::new(
                    tower::ServiceBuilder::new()
                        .layer(campaign.layer())
                        .service(app().with_state(())),
                );
                http.serve_connection(io, service).await
            }
        }
    };
    let server = tokio::spawn(server);

    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(client_io)).await?;
    let connection = tokio::spawn(connection);
    for _ in 0..requests {
        let mut request = http::Request::get("/hello")
            .header("host", "localhost")
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
            );
        if browser {
            for (name, value) in BROWSER_HEADERS {
                request = request.header(*name, *value);
            }
        }
        let request = request.body(Empty::<Bytes>::new())?;
        let response = sender.send_request(request).await?;
        assert_eq!(response.status(), 200);
        response.into_body().collect().await?;
    }
    drop(sender);
    connection.await??;
    server.await??;
    Ok(())
}
