use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

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
use crate::BoxError;

pin_project! {
    /// The response future of [`RegistrationCampaignService`](super::RegistrationCampaignService).
    //
    // Every request that passes through pays for this future (see BENCHMARKS.md, "Pass-through
    // overhead"): its shape and `poll` were chosen by counting instructions per request.
    pub struct ResponseFuture<F> {
        // The host's response, while awaited (`None` for the flow's own routes).
        #[pin]
        inner: Option<F>,
        stage: Stage,
    }
}

/// What the future does besides awaiting the host.
enum Stage {
    /// Awaiting the host's response, with what a decision needs should it complete an MFA.
    Passing(Captured),
    /// Answering ourselves: a flow route, or the decision after an MFA completion.
    Answering(BoxFuture<Response<Body>>),
}

/// What the decision needs from the request and the layer, kept while the host answers.
struct Captured {
    shared: Arc<Shared>,
    user_agent: Option<HeaderValue>,
    cookies: Option<HeaderValue>,
    /// For the language of the flow, chosen at MFA completion.
    accept_language: Option<HeaderValue>,
}

impl<F> ResponseFuture<F> {
    #[inline(always)]
    pub(crate) fn inner(
        future: F,
        shared: Arc<Shared>,
        user_agent: Option<HeaderValue>,
        cookies: Option<HeaderValue>,
        accept_language: Option<HeaderValue>,
    ) -> Self {
        Self {
            inner: Some(future),
            stage: Stage::Passing(Captured {
                shared,
                user_agent,
                cookies,
                accept_language,
            }),
        }
    }

    pub(crate) fn respond(future: BoxFuture<Response<Body>>) -> Self {
        Self {
            inner: None,
            stage: Stage::Answering(future),
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

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Stage::Passing(_) = this.stage
            && let Some(inner) = this.inner.as_pin_mut()
        {
            // Every response but an MFA completion passes through here, so it is written
            // straight to the caller and only looked at there: for an axum app, no move at all.
            let polled = inner.poll(cx).map_ok(into_axum_response);
            let completes_mfa = matches!(&polled, Poll::Ready(Ok(response))
                if response.extensions().get::<MfaCompleted>().is_some());
            if !completes_mfa {
                return polled;
            }
            match polled {
                Poll::Ready(Ok(response)) => start_deciding(response, this.stage),
                other => return other,
            }
        }
        match this.stage {
            Stage::Answering(answer) => answer.as_mut().poll(cx).map(Ok),
            // Never: a future that awaits the host has its future until the host answers.
            Stage::Passing(_) => Poll::Pending,
        }
    }
}

/// The host's response with an axum body: the same response when its body is one already (an
/// axum app's), else its body boxed once.
#[inline(always)]
pub(crate) fn into_axum_response<B>(response: Response<B>) -> Response<Body>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let mut response = Some(response);
    // Resolved at compile time: no `into_parts`/`from_parts` moves of the head for an axum body.
    if let Some(axum) = (&mut response as &mut dyn std::any::Any)
        .downcast_mut::<Option<Response<Body>>>()
        .and_then(Option::take)
    {
        return axum;
    }
    response.map_or_else(Response::default, |response| response.map(Body::new))
}

/// Starts the decision after an MFA completion: `stage` goes from passing to answering, with a
/// future that answers with the host's response or ours. Out of line, so that the pass-through
/// path stays small.
#[cold]
#[inline(never)]
fn start_deciding(response: Response<Body>, stage: &mut Stage) {
    let answer = match stage {
        Stage::Passing(captured) => decision(response, captured),
        Stage::Answering(_) => Box::pin(std::future::ready(response)),
    };
    *stage = Stage::Answering(answer);
}

/// The decision after an MFA completion, as a future that answers with the host's response or
/// ours.
fn decision(mut response: Response<Body>, captured: &Captured) -> BoxFuture<Response<Body>> {
    let Some(mut mfa) = response.extensions_mut().remove::<MfaCompleted>() else {
        return Box::pin(std::future::ready(response));
    };
    let Captured {
        shared,
        user_agent,
        cookies,
        accept_language,
    } = captured;
    let (campaign, cookies, accept_language) = (
        shared.campaign.clone(),
        cookies.clone(),
        accept_language.clone(),
    );
    let user_agent = user_agent.as_ref().and_then(|v| v.to_str().ok());
    mfa.client = ClientKind::from_user_agent(user_agent);
    mfa.platform = Platform::from_user_agent(user_agent);
    // One span per decision, a child of the host's request span (where a request id lives);
    // `after_mfa` records the decision and its reason.
    let span = tracing::info_span!(
        target: "registration_campaign",
        "registration_campaign.sign_in",
        tenant = %mfa.tenant,
        attempt = %mfa.attempt_id,
        decision = tracing::field::Empty,
        reason = tracing::field::Empty,
    );
    Box::pin(tracing::Instrument::instrument(
        async move {
            match after_mfa(campaign, response, mfa, cookies, accept_language).await {
                AfterMfa::PassThrough(response) => response,
                AfterMfa::Respond(response) => response,
            }
        },
        span,
    ))
}
