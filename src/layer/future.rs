use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::{HeaderValue, Response};
use pin_project_lite::pin_project;

use super::service::Shared;
use crate::flow::{AfterMfa, after_mfa};
use crate::known_passkeys::Platform;
use crate::mfa::MfaCompleted;
use crate::sign_in::ClientKind;
use axum::body::Body;
use bytes::Bytes;
use std::sync::Arc;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

pin_project! {
    /// The response future of [`RegistrationCampaignService`](super::RegistrationCampaignService).
    pub struct ResponseFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<F> {
        // Waiting for the host's response.
        Inner {
            #[pin]
            future: F,
            shared: Option<Arc<Shared>>,
            user_agent: Option<HeaderValue>,
            cookies: Option<HeaderValue>,
            accept_language: Option<HeaderValue>,
        },
        // Answering ourselves: a flow route, or the decision after an MFA completion.
        Respond {
            future: BoxFuture<Response<Body>>,
        },
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn inner(
        future: F,
        shared: Arc<Shared>,
        user_agent: Option<HeaderValue>,
        cookies: Option<HeaderValue>,
        accept_language: Option<HeaderValue>,
    ) -> Self {
        Self {
            kind: Kind::Inner {
                future,
                shared: Some(shared),
                user_agent,
                cookies,
                accept_language,
            },
        }
    }

    pub(crate) fn respond(future: BoxFuture<Response<Body>>) -> Self {
        Self {
            kind: Kind::Respond { future },
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let deciding = match self.as_mut().project().kind.project() {
                KindProj::Respond { future } => return future.as_mut().poll(cx).map(Ok),
                KindProj::Inner {
                    future,
                    shared,
                    user_agent,
                    cookies,
                    accept_language,
                } => {
                    let mut response = ready!(future.poll(cx))?;
                    let Some(mut mfa) = response.extensions_mut().remove::<MfaCompleted>() else {
                        return Poll::Ready(Ok(response.map(Body::new)));
                    };
                    let Some(campaign) = shared.take().map(|s| s.campaign.clone()) else {
                        return Poll::Ready(Ok(response.map(Body::new)));
                    };
                    let user_agent = user_agent.as_ref().and_then(|v| v.to_str().ok());
                    mfa.facts.client = ClientKind::from_user_agent(user_agent);
                    mfa.facts.platform = Platform::from_user_agent(user_agent);
                    let cookies = cookies.take();
                    let accept_language = accept_language.take();
                    // One span per decision, a child of the host's request span (where a
                    // request id lives); `after_mfa` records the decision and its reason.
                    let span = tracing::info_span!(
                        target: "registration_campaign",
                        "registration_campaign.sign_in",
                        tenant = %mfa.facts.tenant,
                        attempt = %mfa.attempt_id,
                        decision = tracing::field::Empty,
                        reason = tracing::field::Empty,
                    );
                    Box::pin(tracing::Instrument::instrument(
                        async move {
                            match after_mfa(campaign, response, mfa, cookies, accept_language).await
                            {
                                AfterMfa::PassThrough(response) => response.map(Body::new),
                                AfterMfa::Respond(response) => response,
                            }
                        },
                        span,
                    )) as BoxFuture<_>
                }
            };
            self.as_mut()
                .project()
                .kind
                .set(Kind::Respond { future: deciding });
        }
    }
}
