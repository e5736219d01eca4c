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
//! use registration_campaign::{AuthMethod, Campaign, MfaCompleted, SignInFacts, store::MemoryStore};
//!
//! async fn finish_mfa() -> impl IntoResponse {
//!     // ... check the code, then mark the success response:
//!     let facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
//!     let mut response = Redirect::to("/").into_response();
//!     response.extensions_mut().insert(MfaCompleted::new(facts, "Alice"));
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

pub use crate::flow::{SamplePage, sample_pages};
pub use future::ResponseFuture;
pub use layer::RegistrationCampaignLayer;
pub use service::RegistrationCampaignService;

impl crate::Campaign {
    /// The tower layer to put after the host's MFA handler (the same as
    /// [`RegistrationCampaignLayer::new`]).
    pub fn layer(&self) -> RegistrationCampaignLayer {
        RegistrationCampaignLayer::new(self.clone())
    }
}
