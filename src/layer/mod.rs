//! The tower middleware: [`RegistrationCampaignLayer`] after the host's MFA handler.
//!
//! Responses come back as [`axum::body::Body`]: a host body that already is one (any axum app)
//! passes through without re-boxing, and the bytes are never touched.
//!
//! For every request the service does two cheap things: a path check (the flow's own routes are
//! answered by the campaign) and, when the host's response comes back, an extension lookup. Only
//! a response marked with [`MfaCompleted`](crate::MfaCompleted) leads to a decision; a pass-through
//! decision returns the host's response untouched, a nudge replaces it with a `303` into the flow.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use axum::{Router, routing::post, response::{IntoResponse, Redirect}};
//! use registration_campaign::{AuthMethod, Campaign, MfaCompleted, store::MemoryStore};
//!
//! // The layer puts the `Campaign` into every request's extensions: handlers take it as an
//! // extractor (for `verify_totp` or `end_flow`).
//! async fn finish_mfa(campaign: Campaign) -> impl IntoResponse {
//!     // ... check the code (with campaign.verify_totp), then mark the success response:
//!     let mut response = Redirect::to("/").into_response();
//!     let mfa = MfaCompleted::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
//!     response.extensions_mut().insert(mfa);
//!     response
//! }
//!
//! let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
//! let app: Router = Router::new().route("/mfa", post(finish_mfa)).layer(campaign.layer());
//! # let _ = app;
//! ```

pub(crate) mod future;
#[allow(clippy::module_inception)]
mod layer;
mod service;

/// Every page of the flow with sample data, for snapshot tests and benchmarks (feature
/// `testing`).
#[cfg(feature = "testing")]
pub use crate::flow::{SamplePage, sample_pages};
pub use future::ResponseFuture;
pub use layer::RegistrationCampaignLayer;
pub use service::RegistrationCampaignService;

/// A handler's `Campaign` argument: the campaign of the [`RegistrationCampaignLayer`] the
/// request passed (its default tenant; [`for_tenant`](crate::Campaign::for_tenant) names
/// another). Without the layer the request is answered `500` and the log says why.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for crate::Campaign {
    type Rejection = (http::StatusCode, &'static str);

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or_else(|| {
            tracing::error!(target: "registration_campaign", "a handler asked for the Campaign, but the request did not pass the campaign layer: add .layer(campaign.layer()) outside the handler's router");
            (
                http::StatusCode::INTERNAL_SERVER_ERROR,
                "the registration campaign layer is not installed",
            )
        })
    }
}

impl crate::Campaign {
    /// The tower layer to put after the host's MFA handler (the same as
    /// [`RegistrationCampaignLayer::new`]).
    pub fn layer(&self) -> RegistrationCampaignLayer {
        RegistrationCampaignLayer::new(self.clone())
    }
}
