//! Loading a flow for a request ([`FlowSession`]), checking its forms, and [`FlowError`]: every
//! way a flow request can fail, each with the page it shows.

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::record::{self, CsrfCheck, Flow, FlowStatus, FlowStep};
use super::respond::{expired_page, problem_page};
use super::token::{FlowToken, FlowTokenError};
use crate::campaign::Campaign;
use crate::enroll::EnrollError;
use crate::locale::Texts;
use crate::store::StoreError;
use crate::store::TypedRecord;

/// Why a flow request was not carried out.
#[derive(Debug)]
pub(crate) enum FlowError {
    /// The request carried no flow cookie (or a cross-site POST, which browsers send without
    /// it): "session expired", and no cookie is touched.
    NoFlow,
    /// A tampered, foreign or expired cookie, or a flow that has ended: "session expired", and
    /// the cookie is removed.
    Ended(&'static str),
    /// The cookie names a flow that a newer sign-in of the same user replaced.
    Superseded,
    /// The flow was skipped or finished: a page shown again (Back, a reload, a stale tab) says
    /// so and links onwards; nothing changes.
    Closed {
        /// [`FlowStatus::Skipped`] or [`FlowStatus::Finished`].
        status: FlowStatus,
        /// Where the "continue" link goes.
        continue_url: String,
    },
    /// The user registered meanwhile (another flow, another instance): the flow finishes,
    /// releasing what it holds.
    AlreadyRegistered,
    /// A form of an older flow, posted from another tab of this browser.
    OtherTab,
    /// A form posted from a step the flow has left (a replay, a double click, a stale tab): it
    /// changes nothing, and the browser is sent to where the flow is.
    Stale(Box<FlowToken>),
    /// The CSRF check failed: the flow was ended.
    Csrf {
        /// Where the "continue" link goes.
        continue_url: String,
    },
    /// Too many requests for this flow or user.
    RateLimited,
    /// A request that does not fit the flow's state, with the page to show (`heading` and
    /// `message` are message ids).
    Problem {
        status: StatusCode,
        heading: &'static str,
        message: &'static str,
        continue_url: String,
    },
    /// The store failed.
    Store(StoreError),
}

impl FlowError {
    /// "Setup is required": a skip posted for a required registration.
    /// `deadline_passed`: registration is required because the user's deadline has passed
    /// (else because every allowed skip was used); the page says which.
    pub(crate) fn skip_refused(deadline_passed: bool) -> Self {
        Self::Problem {
            status: StatusCode::FORBIDDEN,
            heading: "problem-required",
            message: if deadline_passed {
                "problem-required-deadline"
            } else {
                "problem-required-skips"
            },
            continue_url: String::new(),
        }
    }

    /// An enrollment method refused a step.
    pub(crate) fn enrollment(error: EnrollError, flow: &Flow) -> Self {
        match error {
            EnrollError::Expired => Self::Ended("the enrollment expired"),
            EnrollError::Invalid(message) => {
                tracing::info!(%message, "enrollment refused a step");
                Self::Problem {
                    status: StatusCode::CONFLICT,
                    heading: "problem-failed",
                    message: "problem-step-unavailable",
                    continue_url: flow.continue_url.clone(),
                }
            }
            EnrollError::Store(error) => Self::Store(error),
        }
    }
}

impl From<StoreError> for FlowError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

/// A [`FlowError`] with the campaign that renders its page, in the flow's language (or the
/// browser's, without a flow).
pub(crate) struct Rejection {
    pub campaign: Campaign,
    pub texts: Texts,
    pub error: FlowError,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let Self {
            campaign,
            texts,
            error,
        } = self;
        let t = &texts;
        let cookies = campaign.cookie_settings();
        match error {
            FlowError::NoFlow => expired_page(&campaign, t),
            FlowError::Ended(why) => {
                tracing::info!(why, "registration campaign flow restarted");
                let mut response = expired_page(&campaign, t);
                super::cookies::set(response.headers_mut(), &cookies.removal());
                response
            }
            // The cookie stays: a reload of this tab says the same, not "expired" (a newer
            // sign-in in this browser has replaced the cookie already).
            FlowError::Superseded => problem_page(
                &campaign,
                t,
                StatusCode::CONFLICT,
                "problem-elsewhere",
                "problem-elsewhere-text",
                "/",
            ),
            FlowError::Closed {
                status,
                continue_url,
            } => {
                let (heading, message) = if status == FlowStatus::Skipped {
                    ("problem-skipped", "problem-skipped-text")
                } else {
                    ("problem-all-set", "problem-all-set-text")
                };
                problem_page(
                    &campaign,
                    t,
                    StatusCode::OK,
                    heading,
                    message,
                    &continue_url,
                )
            }
            // Answered by the step runner (which finishes the flow); seen here only if
            // finishing failed, and then the user is registered all the same.
            FlowError::AlreadyRegistered => problem_page(
                &campaign,
                t,
                StatusCode::OK,
                "problem-all-set",
                "problem-all-set-text",
                "/",
            ),
            FlowError::OtherTab => problem_page(
                &campaign,
                t,
                StatusCode::CONFLICT,
                "problem-other-tab",
                "problem-other-tab-text",
                campaign.prefix(),
            ),
            FlowError::Stale(token) => super::respond::redirect_into_flow(&campaign, &token),
            FlowError::Csrf { continue_url } => {
                let mut response = problem_page(
                    &campaign,
                    t,
                    StatusCode::FORBIDDEN,
                    "problem-csrf",
                    "problem-csrf-text",
                    &continue_url,
                );
                super::cookies::set(response.headers_mut(), &cookies.removal());
                response
            }
            FlowError::RateLimited => {
                let mut response = problem_page(
                    &campaign,
                    t,
                    StatusCode::TOO_MANY_REQUESTS,
                    "problem-slow-down",
                    "problem-slow-down-text",
                    campaign.prefix(),
                );
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from_static("60"),
                );
                response
            }
            FlowError::Problem {
                status,
                heading,
                message,
                continue_url,
            } => {
                let to = if continue_url.is_empty() {
                    campaign.prefix().to_owned()
                } else {
                    continue_url
                };
                problem_page(&campaign, t, status, heading, message, &to)
            }
            FlowError::Store(error) => {
                campaign.count_store_failure();
                tracing::error!(%error, "registration campaign flow: store failure");
                problem_page(
                    &campaign,
                    t,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "problem-store",
                    "problem-store-text",
                    campaign.prefix(),
                )
            }
        }
    }
}

/// A request's live flow: its token and its record, loaded and checked.
pub(crate) struct FlowSession {
    pub campaign: Campaign,
    pub token: FlowToken,
    pub record: TypedRecord<Flow>,
    /// The flow's language.
    pub texts: Texts,
    /// The client's address, as the connection or the host's proxy header gives it.
    pub client_ip: Option<std::net::IpAddr>,
}

impl FlowSession {
    /// The flow's state.
    pub(crate) fn flow(&self) -> &Flow {
        &self.record.value
    }

    /// `error`, ready to be returned.
    pub(crate) fn reject(&self, error: FlowError) -> Rejection {
        Rejection {
            campaign: self.campaign.clone(),
            texts: self.texts.clone(),
            error,
        }
    }

    /// Applies `change` and saves the flow if nobody changed it since it was read. On a lost
    /// race the request is stale: the browser is sent to where the flow now is.
    pub(crate) async fn update(&mut self, change: impl FnOnce(&mut Flow)) -> Result<(), FlowError> {
        let before = self.record.value.clone();
        // A change of the flow makes what the last submission said stale.
        self.record.value.feedback = None;
        change(&mut self.record.value);
        if self.record.save(self.campaign.store()).await? {
            self.token.stp = self.record.value.step;
            return Ok(());
        }
        self.record.value = before;
        Err(FlowError::Stale(Box::new(self.token.clone())))
    }

    /// Ends the flow (finished or revoked). Returns `false` if another request ended or moved
    /// it first.
    pub(crate) async fn end(&mut self, status: FlowStatus) -> Result<bool, StoreError> {
        self.record.value.status = status;
        self.record.save(self.campaign.store()).await
    }

    /// Checks a posted form: its CSRF token, and that it was posted from the step the flow is
    /// at (`any_step` for Skip, which is allowed from every step). A bad token ends the flow.
    pub(crate) async fn authorize(
        &mut self,
        form: Result<Form<FlowForm>, FormRejection>,
        any_step: bool,
    ) -> Result<FlowForm, FlowError> {
        let form = form.ok().map(|Form(f)| f);
        let check = form
            .as_ref()
            .map_or(CsrfCheck::Invalid, |f| self.flow().check_csrf(&f.csrf));
        match check {
            CsrfCheck::Valid => {}
            CsrfCheck::OtherFlow => return Err(FlowError::OtherTab),
            CsrfCheck::Invalid => {
                let continue_url = self.flow().continue_url.clone();
                // Best effort: the cookie is removed either way.
                let _ = self.end(FlowStatus::Revoked).await;
                return Err(FlowError::Csrf { continue_url });
            }
        }
        let form = form.unwrap_or_default();
        if !any_step {
            let posted_from = form
                .step
                .as_deref()
                .and_then(FlowStep::from_name)
                .unwrap_or(self.token.stp);
            if posted_from != self.flow().step {
                let mut current = self.token.clone();
                current.stp = self.flow().step;
                return Err(FlowError::Stale(Box::new(current)));
            }
        }
        Ok(form)
    }
}

/// The fields of the flow's forms.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FlowForm {
    /// The flow's CSRF token (`public.secret`).
    pub csrf: String,
    /// The step the form was shown at.
    #[serde(default)]
    pub step: Option<String>,
    /// A code from the authenticator app (TOTP), or the browser's passkey answer (JSON).
    #[serde(default)]
    pub code: Option<String>,
    /// The name the user gives their passkey.
    #[serde(default)]
    pub name: Option<String>,
}

impl FromRequestParts<Campaign> for FlowSession {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        campaign: &Campaign,
    ) -> Result<Self, Self::Rejection> {
        let client_ip = crate::web::client_ip(campaign, parts);
        load(campaign, &parts.headers)
            .await
            .map(|session| FlowSession {
                client_ip,
                ..session
            })
            .map_err(|error| Rejection {
                campaign: campaign.clone(),
                texts: super::respond::request_texts(campaign, &parts.headers),
                error,
            })
    }
}

/// Loads the request's flow: a valid token, within the rate limits, naming the user's live
/// flow.
pub(crate) async fn load(
    campaign: &Campaign,
    headers: &HeaderMap,
) -> Result<FlowSession, FlowError> {
    let Some(cookie) = campaign.cookie_settings().find(headers) else {
        if campaign.secure_cookies() && looks_like_plain_http(headers) {
            warn_secure_cookies_over_http();
        }
        return Err(FlowError::NoFlow);
    };
    let now = campaign.now();
    let token = FlowToken::decode(&cookie, campaign.flow_keys(), now).map_err(|e| match e {
        FlowTokenError::Invalid => FlowError::Ended("the flow cookie is not valid"),
        FlowTokenError::Expired => FlowError::Ended("the flow expired"),
    })?;
    // The rest of the request serves the flow's tenant (signed into the token).
    let campaign = &campaign
        .for_tenant(&token.tid)
        .map_err(|_| FlowError::Ended("the flow's tenant is no longer served"))?;
    // Per-user limits count the user of this tenant, not the same id in another.
    if !campaign
        .flow_limiter()
        .allow(&token.fid, &campaign.qualified_user(&token.sub))
    {
        return Err(FlowError::RateLimited);
    }
    let record = record::load(campaign.store(), &token.sub, now)
        .await?
        .ok_or(FlowError::Ended("the flow is gone"))?;
    if !record.value.is(&token.fid) {
        return Err(FlowError::Superseded);
    }
    match record.value.status {
        FlowStatus::Active => {}
        status @ (FlowStatus::Skipped | FlowStatus::Finished) => {
            return Err(FlowError::Closed {
                status,
                continue_url: record.value.continue_url,
            });
        }
        FlowStatus::Revoked => return Err(FlowError::Ended("the flow has ended")),
    }
    Ok(FlowSession {
        texts: super::respond::flow_texts(campaign, &record.value),
        campaign: campaign.clone(),
        token,
        record,
        client_ip: None,
    })
}

/// Whether a request came over plain http as far as its headers tell: no proxy says
/// `X-Forwarded-Proto: https`, and its `Origin` or `Referer`, if any, is an `http://` one.
fn looks_like_plain_http(headers: &HeaderMap) -> bool {
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let from_http = [axum::http::header::ORIGIN, axum::http::header::REFERER]
        .iter()
        .filter_map(|name| headers.get(name))
        .any(|v| v.as_bytes().starts_with(b"http://"));
    !forwarded_https && from_http
}

/// Logs, once per process, that the flow's `Secure` cookie cannot come back over plain http:
/// every nudge then ends in "Your setup session expired", and each one has cost the user a
/// skip (showing the prompt counts as a snooze, so that closing the browser does too; a skip is
/// never given back for a missing cookie, since a user could drop the cookie on purpose).
fn warn_secure_cookies_over_http() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::error!(
            target: "registration_campaign",
            "a setup page was requested over plain http without its cookie: browsers drop Secure cookies on http, so every nudge ends in \"Your setup session expired\" (and still counts as a skip); serve the flow over https (behind a proxy, send X-Forwarded-Proto: https), or use .secure_cookies(false) for local development only"
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::{ORIGIN, REFERER};

    #[test]
    fn a_request_from_an_http_page_with_no_proxy_saying_https_is_plain_http() {
        let mut headers = HeaderMap::new();
        assert!(
            !looks_like_plain_http(&headers),
            "nothing tells: not claimed"
        );
        headers.insert(REFERER, "https://login.contoso.test/mfa".parse().unwrap());
        assert!(!looks_like_plain_http(&headers));
        headers.insert(ORIGIN, "http://login.contoso.test".parse().unwrap());
        assert!(looks_like_plain_http(&headers));
        headers.insert("x-forwarded-proto", "HTTPS".parse().unwrap());
        assert!(!looks_like_plain_http(&headers), "a proxy ended TLS");
    }
}
