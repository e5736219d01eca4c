use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use tower::ServiceExt;
use tower_service::Service;

use super::ResponseFuture;
use crate::campaign::Campaign;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The service made by [`RegistrationCampaignLayer`](super::RegistrationCampaignLayer).
#[must_use]
#[derive(Clone)]
pub struct RegistrationCampaignService<S> {
    inner: S,
    shared: Arc<Shared>,
}

/// What every clone of the service shares: one reference count per request, not two.
pub(crate) struct Shared {
    pub campaign: Campaign,
    pub flow: axum::Router,
}

impl<S> RegistrationCampaignService<S> {
    pub(crate) fn new(inner: S, shared: Arc<Shared>) -> Self {
        Self { inner, shared }
    }

    fn is_flow_path(&self, path: &str) -> bool {
        let prefix = self.shared.campaign.prefix();
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

impl<S: fmt::Debug> fmt::Debug for RegistrationCampaignService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistrationCampaignService")
            .field("inner", &self.inner)
            .field("campaign", &self.shared.campaign)
            .finish()
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for RegistrationCampaignService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ReqBody: http_body::Body<Data = Bytes> + Send + 'static,
    ReqBody::Error: Into<BoxError>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<axum::body::Body>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        if self.is_flow_path(request.uri().path()) {
            let flow = self.shared.flow.clone();
            let request = request.map(axum::body::Body::new);
            return ResponseFuture::respond(Box::pin(async move {
                match flow.oneshot(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                }
            }));
        }
        let headers = request.headers();
        let user_agent = headers.get(http::header::USER_AGENT).cloned();
        // Only the first `Cookie` header: HTTP/1.1 clients send one.
        let cookies = headers.get(http::header::COOKIE).cloned();
        // For the language of the flow, chosen at MFA completion.
        let accept_language = headers.get(http::header::ACCEPT_LANGUAGE).cloned();
        ResponseFuture::inner(
            self.inner.call(request),
            self.shared.clone(),
            user_agent,
            cookies,
            accept_language,
        )
    }
}
