//! The campaign layer around a plain hyper `service_fn`, without axum in the host.
//!
//! `cargo run --example hyper_service_fn`, then `curl -i -X POST -A 'Mozilla/5.0 (X11; Linux x86_64)' http://127.0.0.1:3001/mfa`

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use registration_campaign::policy::CampaignPolicy;
use registration_campaign::store::MemoryStore;
use registration_campaign::{AuthMethod, Campaign, MfaCompleted};
use tower::ServiceBuilder;

/// The host's sign-in handler: `/mfa` completes MFA and redirects home.
async fn host(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.uri().path() == "/mfa" {
        let mut response = Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header("location", "/")
            .body(Full::new(Bytes::new()))
            .expect("valid response");
        let mfa = MfaCompleted::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
        response.extensions_mut().insert(mfa);
        return Ok(response);
    }
    Ok(Response::new(Full::new(Bytes::from_static(b"home\n"))))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .initial_policy(CampaignPolicy::enabled().all_users().build()?)
        .secure_cookies(false)
        .build();
    let service = ServiceBuilder::new()
        .layer(campaign.layer())
        .service_fn(host);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
    println!("listening on http://127.0.0.1:3001/ (POST /mfa to sign in)");
    loop {
        let (stream, _) = listener.accept().await?;
        let service = TowerToHyperService::new(service.clone());
        tokio::spawn(async move {
            if let Err(error) = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {error}");
            }
        });
    }
}
