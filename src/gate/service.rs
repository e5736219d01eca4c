use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use tower_service::Service;

use super::{Gate, SignedInUser};
use crate::campaign::BoxError;

/// The response future of [`RequiredRegistrationGateService`].
pub type GateFuture<E> =
    Pin<Box<dyn Future<Output = Result<Response<axum::body::Body>, E>> + Send>>;

/// The service made by [`RequiredRegistrationGate`](super::RequiredRegistrationGate).
#[must_use]
pub struct RequiredRegistrationGateService<S, I> {
    inner: S,
    gate: Arc<Gate<I>>,
}

impl<S: Clone, I> Clone for RequiredRegistrationGateService<S, I> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            gate: self.gate.clone(),
        }
    }
}

impl<S, I> RequiredRegistrationGateService<S, I> {
    pub(crate) fn new(inner: S, gate: Arc<Gate<I>>) -> Self {
        Self { inner, gate }
    }
}

impl<S: fmt::Debug, I> fmt::Debug for RequiredRegistrationGateService<S, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequiredRegistrationGateService")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S, I, ReqBody, ResBody> Service<Request<ReqBody>> for RequiredRegistrationGateService<S, I>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    I: SignedInUser,
    ReqBody: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<axum::body::Body>;
    type Error = S::Error;
    type Future = GateFuture<S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready answers; a clone takes its place.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let gate = self.gate.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            if let Some(refusal) = gate.check(&parts).await {
                return Ok(refusal);
            }
            let response = inner.call(Request::from_parts(parts, body)).await?;
            Ok(response.map(axum::body::Body::new))
        })
    }
}
