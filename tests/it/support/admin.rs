//! The admin API in process: a campaign with the Graph-compatible API mounted at `/v1.0` and
//! `/beta`, and signed admin tokens with the claims an identity provider would put in them.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use registration_campaign::admin::{AUTHENTICATION_POLICY_ADMINISTRATOR, AdminAuth, graph_api};
use registration_campaign::store::MemoryStore;
use registration_campaign::{Campaign, ManualClock};
use serde_json::{Value, json};
use time::macros::datetime;

use super::Reply;

pub(crate) const SECRET: &[u8] = b"an HS256 secret for tests, 32+ bytes long";
pub(crate) const ISSUER: &str = "https://issuer.test";
pub(crate) const AUDIENCE: &str = "registration-campaign";
pub(crate) const POLICY: &str = "/v1.0/policies/authenticationMethodsPolicy";
pub(crate) const AUTHENTICATOR: &str = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/MicrosoftAuthenticator";
pub(crate) const NOW: i64 = 1_795_856_400; // 2026-11-28 09:00 UTC

pub(crate) struct Api {
    pub(crate) app: Router,
    pub(crate) campaign: Campaign,
}

pub(crate) fn api_with(auth: AdminAuth) -> Api {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 09:00 UTC)));
    api_on(auth, clock)
}

/// The API with test tokens over a campaign on `clock`.
pub(crate) fn api_with_clock(clock: Arc<ManualClock>) -> Api {
    api_on(AdminAuth::hs256(SECRET, ISSUER, AUDIENCE), clock)
}

fn api_on(auth: AdminAuth, clock: Arc<ManualClock>) -> Api {
    let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
        .clock(clock)
        .build();
    let app = Router::new()
        .nest("/v1.0", graph_api(campaign.clone(), auth.clone()))
        .nest("/beta", graph_api(campaign.clone(), auth));
    Api { app, campaign }
}

pub(crate) fn api() -> Api {
    api_with(AdminAuth::hs256(SECRET, ISSUER, AUDIENCE))
}

pub(crate) fn claims(extra: Value) -> Value {
    let mut c = json!({"iss": ISSUER, "aud": AUDIENCE, "exp": NOW + 3600, "nbf": NOW - 10, "iat": NOW - 10,
        "sub": "admin-sub", "oid": "ad000000-0000-4000-8000-000000000001", "upn": "admin@contoso.test"});
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

pub(crate) fn hs256(claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(SECRET),
    )
    .unwrap()
}

pub(crate) fn with_typ(typ: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some(typ.into());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(SECRET)).unwrap()
}

pub(crate) fn writer() -> String {
    hs256(&claims(
        json!({"scp": "Policy.ReadWrite.AuthenticationMethod", "wids": [AUTHENTICATION_POLICY_ADMINISTRATOR]}),
    ))
}

impl Api {
    pub(crate) async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: &str,
        if_match: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "graph.test");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(ct) = content_type {
            request = request.header(header::CONTENT_TYPE, ct);
        }
        if let Some(tag) = if_match {
            request = request.header(header::IF_MATCH, tag);
        }
        super::send(
            &self.app,
            request.body(Body::from(body.to_owned())).unwrap(),
        )
        .await
    }

    pub(crate) async fn get(&self, path: &str, token: &str) -> Reply {
        self.call("GET", path, Some(token), None, "", None).await
    }

    pub(crate) async fn patch(&self, path: &str, token: &str, body: &str) -> Reply {
        self.call(
            "PATCH",
            path,
            Some(token),
            Some("application/json"),
            body,
            None,
        )
        .await
    }
}
