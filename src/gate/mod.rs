//! The required-registration gate: while a user must register, no request of theirs reaches
//! the host's routes, whatever the host's session looks like.
//!
//! Holding back the MFA response's cookies (what the [layer](crate::layer) does) keeps a user
//! who must register from being signed in only when the host issues its session in that
//! response, and only when nothing outside the layer adds a cookie later. The gate does not
//! depend on cookies: it asks the host who each request's signed-in user is
//! ([`SignedInUser`]) and checks the store's required marker, which every instance shares.
//! Browsers go to the flow (or, with no flow open, to a page with **Sign out**); other clients
//! get `403 {"error":"registrationRequired"}`.
//!
//! A host that chose Entra's client exemptions (`Enforcement::ClientExemptions`, bypassable by a
//! User-Agent) gets them here too: phones and apps pass while registration is required.
//!
//! Put the gate where the host knows its user: inside the session (or axum-login auth) layer.
//! The flow's routes, the host's sign-out path and the paths given to
//! [`allow_path`](RequiredRegistrationGate::allow_path) always pass.
//!
//! ```
//! use std::sync::Arc;
//! use axum::{Router, routing::get};
//! use registration_campaign::{Campaign, gate::{self, UserRef}, store::MemoryStore};
//!
//! #[derive(Clone)]
//! struct SignedIn(String); // what the host's session layer put into the request
//!
//! let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
//! let gate = campaign.gate(gate::from_fn(|request| {
//!     let user = request.extensions.get::<SignedIn>()?;
//!     Some(UserRef::of_default_tenant(user.0.as_str()))
//! }));
//! let app: Router = Router::new()
//!     .route("/", get(|| async { "home" }))
//!     .layer(gate)                // inside: the session layer has run
//!     // .layer(session_layer)    // the host's own
//!     .layer(campaign.layer());
//! # let _ = app;
//! ```

#[cfg(feature = "axum-login")]
mod axum_login;
mod service;

use std::borrow::Cow;
use std::sync::Arc;

use crate::campaign::Campaign;
use crate::tenant::TenantId;

#[cfg(feature = "axum-login")]
pub use axum_login::AxumLoginUser;
pub use service::{GateFuture, RequiredRegistrationGateService};

/// A signed-in user: the tenant and the user id the host names at MFA
/// ([`SignInFacts::user_id`](crate::SignInFacts)). The id may borrow from the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserRef<'a> {
    /// `None` for the default tenant (no allocation on the hot path).
    tenant: Option<TenantId>,
    user_id: Cow<'a, str>,
}

impl<'a> UserRef<'a> {
    /// `user_id` of `tenant`.
    pub fn new(tenant: TenantId, user_id: impl Into<Cow<'a, str>>) -> Self {
        Self {
            tenant: (!tenant.is_default()).then_some(tenant),
            user_id: user_id.into(),
        }
    }

    /// `user_id` of the [default tenant](TenantId::default_tenant).
    pub fn of_default_tenant(user_id: impl Into<Cow<'a, str>>) -> Self {
        Self {
            tenant: None,
            user_id: user_id.into(),
        }
    }

    /// The user's tenant (`None`: the default tenant).
    pub fn tenant(&self) -> Option<&TenantId> {
        self.tenant.as_ref()
    }

    /// The user id.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }
}

/// What the gate shows [`SignedInUser`] of a request: its head, without the body.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestHead<'a> {
    /// The method.
    pub method: &'a http::Method,
    /// The URI.
    pub uri: &'a http::Uri,
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The extensions, where session layers put what they loaded (axum-login's
    /// `AuthSession`, tower-sessions' `Session`).
    pub extensions: &'a http::Extensions,
}

impl<'a> RequestHead<'a> {
    /// The head of `request`.
    pub fn of<B>(request: &'a http::Request<B>) -> Self {
        Self {
            method: request.method(),
            uri: request.uri(),
            headers: request.headers(),
            extensions: request.extensions(),
        }
    }
}

/// How the gate learns who a request's signed-in user is: implemented by the host once.
///
/// Answer `None` for anonymous requests and for sign-ins still under way (password given, MFA
/// not yet done). A closure is one through [`from_fn`]; with the `axum-login` feature, [`AxumLoginUser`] reads axum-login's `AuthSession`. For a session that
/// must be read asynchronously (tower-sessions' `Session::get`), implement the trait:
///
/// ```
/// use registration_campaign::gate::{RequestHead, SignedInUser, UserRef};
///
/// #[derive(Clone)]
/// struct Sessions; // the host's session handle
/// impl Sessions {
///     async fn user_with_mfa_done(&self, _request: RequestHead<'_>) -> Option<String> {
///         None
///     }
/// }
///
/// impl SignedInUser for Sessions {
///     async fn signed_in_user<'r>(&'r self, request: RequestHead<'r>) -> Option<UserRef<'r>> {
///         self.user_with_mfa_done(request).await.map(UserRef::of_default_tenant)
///     }
/// }
/// ```
///
/// The gate polls the answer once at once: a closure's or a session already loaded answers
/// without a task switch or an allocation.
pub trait SignedInUser: Send + Sync + 'static {
    /// The request's signed-in user, if any.
    fn signed_in_user<'r>(
        &'r self,
        request: RequestHead<'r>,
    ) -> impl Future<Output = Option<UserRef<'r>>> + Send + 'r;
}

/// A [`SignedInUser`] from a closure over the request's head, which may borrow from it (see
/// [`from_fn`]).
#[derive(Clone)]
pub struct FromFn<F>(F);

impl<F> std::fmt::Debug for FromFn<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FromFn")
    }
}

/// Names a request's signed-in user with a closure, as axum's `middleware::from_fn` makes
/// middleware from one:
///
/// ```
/// use registration_campaign::gate::{self, UserRef};
///
/// #[derive(Clone)]
/// struct SignedIn { user_id: String } // put into the request by the host's session layer
///
/// let identify = gate::from_fn(|request| {
///     let signed_in = request.extensions.get::<SignedIn>()?;
///     Some(UserRef::of_default_tenant(signed_in.user_id.as_str()))
/// });
/// # let _ = identify;
/// ```
pub fn from_fn<F>(f: F) -> FromFn<F>
where
    F: for<'r> Fn(RequestHead<'r>) -> Option<UserRef<'r>> + Send + Sync + 'static,
{
    FromFn(f)
}

impl<F> SignedInUser for FromFn<F>
where
    F: for<'r> Fn(RequestHead<'r>) -> Option<UserRef<'r>> + Send + Sync + 'static,
{
    fn signed_in_user<'r>(
        &'r self,
        request: RequestHead<'r>,
    ) -> impl Future<Output = Option<UserRef<'r>>> + Send + 'r {
        std::future::ready((self.0)(request))
    }
}

/// The gate as a tower layer (see the [module](self) docs). Cheap to clone.
pub struct RequiredRegistrationGate<I> {
    shared: Arc<Gate<I>>,
}

impl<I> Clone for RequiredRegistrationGate<I> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

impl<I> std::fmt::Debug for RequiredRegistrationGate<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequiredRegistrationGate")
            .field("allowed", &self.shared.allowed)
            .finish_non_exhaustive()
    }
}

/// What every clone of the gate and its services share.
pub(crate) struct Gate<I> {
    campaign: Campaign,
    identify: Arc<I>,
    /// Path prefixes that always pass (besides the flow's and the sign-out path).
    allowed: Vec<String>,
}

impl Campaign {
    /// The gate that keeps users who must register out of the host's routes (see
    /// [`gate`](crate::gate)); `identify` names each request's signed-in user.
    pub fn gate<I: SignedInUser>(&self, identify: I) -> RequiredRegistrationGate<I> {
        self.note_gate_installed();
        RequiredRegistrationGate {
            shared: Arc::new(Gate {
                campaign: self.clone(),
                identify: Arc::new(identify),
                allowed: Vec::new(),
            }),
        }
    }
}

impl<I: SignedInUser> RequiredRegistrationGate<I> {
    /// Lets requests under `prefix` pass for everyone (static assets, a help page): a path
    /// equal to it or below it (`/static` lets `/static/app.css` pass, not `/staticfoo`).
    pub fn allow_path(self, prefix: impl Into<String>) -> Self {
        let mut allowed = self.shared.allowed.clone();
        allowed.push(prefix.into().trim_end_matches('/').to_owned());
        Self {
            shared: Arc::new(Gate {
                campaign: self.shared.campaign.clone(),
                identify: self.shared.identify.clone(),
                allowed,
            }),
        }
    }
}

impl<S, I> tower_layer::Layer<S> for RequiredRegistrationGate<I> {
    type Service = RequiredRegistrationGateService<S, I>;

    fn layer(&self, inner: S) -> Self::Service {
        RequiredRegistrationGateService::new(inner, self.shared.clone())
    }
}

/// Whether `path` is `prefix` or below it.
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || prefix.is_empty())
}

/// What the gate decided without waiting.
pub(crate) enum Quick {
    /// Let the request through.
    Pass,
    /// Ask the store (or end a flow at sign-out) first.
    Ask,
}

impl<I: SignedInUser> Gate<I> {
    /// The answer when it needs no store call: paths that always pass, anonymous requests and
    /// users this instance found free within the recheck interval. The host's answer is polled
    /// once, without a waker; one that is not ready yet is asked again by [`check`](Self::check).
    pub(crate) fn quick(&self, request: RequestHead<'_>) -> Quick {
        let path = request.uri.path();
        if self.always_passes(path) {
            return Quick::Pass;
        }
        if path == self.campaign.sign_out_target().path() {
            return Quick::Ask;
        }
        let identify = std::pin::pin!(self.identify.signed_in_user(request));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match identify.poll(&mut cx) {
            std::task::Poll::Ready(None) => Quick::Pass,
            std::task::Poll::Ready(Some(user))
                if self.campaign.known_free(user.tenant(), user.user_id()) =>
            {
                Quick::Pass
            }
            _ => Quick::Ask,
        }
    }

    fn always_passes(&self, path: &str) -> bool {
        under(path, self.campaign.prefix()) || self.allowed.iter().any(|prefix| under(path, prefix))
    }

    /// `None` to let the request through, or the answer for a user who must register.
    pub(crate) async fn check(
        &self,
        request: RequestHead<'_>,
    ) -> Option<http::Response<axum::body::Body>> {
        let path = request.uri.path();
        if self.always_passes(path) {
            return None;
        }
        let signing_out = path == self.campaign.sign_out_target().path();
        let user = self.identify.signed_in_user(request).await?;
        let tenant = user
            .tenant()
            .cloned()
            .unwrap_or_else(TenantId::default_tenant);
        let campaign = match self.campaign.for_tenant(&tenant) {
            Ok(campaign) => campaign,
            // No marker can exist for a tenant the campaign does not serve.
            Err(_) => return None,
        };
        if signing_out {
            // The host signs this user out: a flow left open in this browser ends too.
            if let Err(error) = campaign.end_flow(user.user_id()).await {
                tracing::warn!(target: "registration_campaign", %error, "could not end the flow at sign-out");
            }
            return None;
        }
        match campaign.is_registration_required(user.user_id()).await {
            Ok(false) => None,
            // Entra's behaviour, chosen by the host (`Enforcement::ClientExemptions`, documented
            // as bypassable): phones and apps pass while registration is required, here too.
            Ok(true) if exempt_client(&campaign, request.headers) => None,
            Ok(true) => {
                held_signed_in_user();
                metrics::counter!("registration_campaign_gate_refusals_total").increment(1);
                Some(refusal(&campaign, request.headers))
            }
            Err(error) => {
                // As on the sign-in path: an outage lets users through who are not known to
                // be required (those are answered from memory).
                campaign.count_store_failure();
                tracing::warn!(target: "registration_campaign", %error, "the gate could not ask the store; the request passes");
                None
            }
        }
    }
}

/// Whether the tenant exempts this request's client kind (phones, apps) from required
/// registration.
fn exempt_client(campaign: &Campaign, headers: &http::HeaderMap) -> bool {
    campaign.tenant().enforcement == crate::Enforcement::ClientExemptions
        && crate::ClientKind::from_user_agent(
            headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok()),
        ) != crate::ClientKind::DesktopBrowser
}

/// Logs once per process that the gate held a signed-in request of a user who must register.
fn held_signed_in_user() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::warn!(
            target: "registration_campaign",
            "the gate held a signed-in request of a user who must register: the host's session let them in before the campaign decided (the campaign layer inside the session layer, or a session flag set at MFA); the gate keeps holding such requests"
        );
    });
}

/// A browser goes to the flow's `required` page (its open flow, or what to do); any other
/// client gets `403` with `{"error":"registrationRequired"}`.
fn refusal(campaign: &Campaign, headers: &http::HeaderMap) -> http::Response<axum::body::Body> {
    use axum::response::IntoResponse;
    let wants_html = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !wants_html {
        return crate::flow::registration_required_json(campaign);
    }
    let location = format!("{}/required", campaign.prefix());
    (
        http::StatusCode::SEE_OTHER,
        [
            (http::header::LOCATION, location.as_str()),
            (http::header::CACHE_CONTROL, "no-store"),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::under;

    #[test]
    fn paths_under_a_prefix() {
        assert!(under("/static", "/static"));
        assert!(under("/static/app.css", "/static"));
        assert!(!under("/staticfoo", "/static"));
        assert!(!under("/", "/static"));
    }
}
