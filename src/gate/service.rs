use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use bytes::Bytes;
use http::{Request, Response};
use pin_project_lite::pin_project;
use tower_service::Service;

use super::{Gate, Quick, RequestHead, SignedInUser};
use crate::BoxError;
use crate::layer::future::into_axum_response;

type Boxed<E> = Pin<Box<dyn Future<Output = Result<Response<Body>, E>> + Send>>;

pin_project! {
    /// The response future of [`RequiredRegistrationGateService`]: the host's own future when
    /// the gate decided at once (no allocation), else a boxed one that asks the store first.
    pub struct GateFuture<F, E> {
        #[pin]
        kind: Kind<F, E>,
    }
}

pin_project! {
    #[project = KindProjection]
    enum Kind<F, E> {
        // The gate let the request through at once.
        Passing {
            #[pin]
            inner: F,
        },
        // The gate asks the store first.
        Asking {
            future: Boxed<E>,
        },
    }
}

impl<F, B, E> Future for GateFuture<F, E>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            // No move of the head for an axum body, as in the campaign layer's own future.
            KindProjection::Passing { inner } => inner.poll(cx).map_ok(into_axum_response),
            KindProjection::Asking { future } => future.as_mut().poll(cx),
        }
    }
}

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
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = GateFuture<S::Future, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        if let Quick::Pass = self.gate.quick(RequestHead::of(&request)) {
            return GateFuture {
                kind: Kind::Passing {
                    inner: self.inner.call(request),
                },
            };
        }
        // The service that was polled ready answers; a clone takes its place.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let gate = self.gate.clone();
        GateFuture {
            kind: Kind::Asking {
                future: Box::pin(async move {
                    if let Some(refusal) = gate.check(RequestHead::of(&request)).await {
                        return Ok(refusal);
                    }
                    Ok(into_axum_response(inner.call(request).await?))
                }),
            },
        }
    }
}
