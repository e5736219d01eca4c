use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::{HeaderValue, Response};
use pin_project_lite::pin_project;

use super::CampaignBody;
use crate::campaign::Campaign;
use crate::flow::{AfterMfa, after_mfa};
use crate::mfa::MfaCompleted;
use crate::sign_in::ClientKind;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

pin_project! {
    /// The response future of [`RegistrationCampaignService`](super::RegistrationCampaignService).
    pub struct ResponseFuture<F, B> {
        #[pin]
        kind: Kind<F, B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<F, B> {
        // Waiting for the host's response.
        Inner {
            #[pin]
            future: F,
            campaign: Option<Campaign>,
            user_agent: Option<HeaderValue>,
        },
        // Answering ourselves: a flow route, or the decision after an MFA completion.
        Respond {
            future: BoxFuture<Response<CampaignBody<B>>>,
        },
    }
}

impl<F, B> ResponseFuture<F, B> {
    pub(crate) fn inner(future: F, campaign: Campaign, user_agent: Option<HeaderValue>) -> Self {
        Self {
            kind: Kind::Inner {
                future,
                campaign: Some(campaign),
                user_agent,
            },
        }
    }

    pub(crate) fn respond(future: BoxFuture<Response<CampaignBody<B>>>) -> Self {
        Self {
            kind: Kind::Respond { future },
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Send + 'static,
{
    type Output = Result<Response<CampaignBody<B>>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let deciding = match self.as_mut().project().kind.project() {
                KindProj::Respond { future } => return future.as_mut().poll(cx).map(Ok),
                KindProj::Inner {
                    future,
                    campaign,
                    user_agent,
                } => {
                    let mut response = ready!(future.poll(cx))?;
                    let Some(mut mfa) = response.extensions_mut().remove::<MfaCompleted>() else {
                        return Poll::Ready(Ok(response.map(CampaignBody::inner)));
                    };
                    let Some(campaign) = campaign.take() else {
                        return Poll::Ready(Ok(response.map(CampaignBody::inner)));
                    };
                    mfa.facts.client = ClientKind::from_user_agent(
                        user_agent.as_ref().and_then(|v| v.to_str().ok()),
                    );
                    Box::pin(async move {
                        match after_mfa(campaign, response, mfa).await {
                            AfterMfa::PassThrough(response) => response.map(CampaignBody::inner),
                            AfterMfa::Flow(response) => response.map(CampaignBody::campaign),
                        }
                    }) as BoxFuture<_>
                }
            };
            self.as_mut()
                .project()
                .kind
                .set(Kind::Respond { future: deciding });
        }
    }
}
