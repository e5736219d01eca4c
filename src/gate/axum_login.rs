//! The gate's [`SignedInUser`] for hosts built on axum-login (feature `axum-login`).

use std::marker::PhantomData;
use std::sync::Arc;

use axum_login::{AuthSession, AuthUser, AuthnBackend};

use super::{RequestHead, SignedInUser, UserRef};
use crate::tenant::TenantId;

type TenantOf<U> = dyn Fn(&U) -> TenantId + Send + Sync;

/// Reads the signed-in user from axum-login's `AuthSession` (put into the request by its
/// `AuthManagerLayer`, so the gate goes inside it). The user id is `AuthUser::id()` as text:
/// name users the same way in `SignInFacts::user_id`.
///
/// ```ignore
/// let gate = campaign.gate(AxumLoginUser::<Backend>::new());
/// let app = protected_routes.layer(gate).layer(auth_layer).layer(campaign.layer());
/// ```
pub struct AxumLoginUser<B: AuthnBackend> {
    tenant: Option<Arc<TenantOf<B::User>>>,
    backend: PhantomData<fn() -> B>,
}

impl<B: AuthnBackend> AxumLoginUser<B> {
    /// Users of the default tenant.
    pub fn new() -> Self {
        Self {
            tenant: None,
            backend: PhantomData,
        }
    }

    /// Users of the tenant `tenant_of` names (a host serving several organizations).
    pub fn with_tenant(tenant_of: impl Fn(&B::User) -> TenantId + Send + Sync + 'static) -> Self {
        Self {
            tenant: Some(Arc::new(tenant_of)),
            backend: PhantomData,
        }
    }
}

impl<B: AuthnBackend> Default for AxumLoginUser<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: AuthnBackend> Clone for AxumLoginUser<B> {
    fn clone(&self) -> Self {
        Self {
            tenant: self.tenant.clone(),
            backend: PhantomData,
        }
    }
}

impl<B> SignedInUser for AxumLoginUser<B>
where
    B: AuthnBackend + 'static,
{
    fn signed_in_user<'r>(
        &'r self,
        request: RequestHead<'r>,
    ) -> impl Future<Output = Option<UserRef<'r>>> + Send + 'r {
        let user = request
            .extensions
            .get::<AuthSession<B>>()
            .and_then(|session| session.user.as_ref())
            .map(|user| {
                let tenant = self
                    .tenant
                    .as_ref()
                    .map_or_else(TenantId::default_tenant, |tenant_of| tenant_of(user));
                UserRef::new(tenant, user.id().to_string())
            });
        if user.is_none() && request.extensions.get::<AuthSession<B>>().is_none() {
            missing_auth_session();
        }
        std::future::ready(user)
    }
}

/// Logs once that the gate runs where axum-login has not put its `AuthSession`.
fn missing_auth_session() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::error!(
            target: "registration_campaign",
            "the gate found no axum-login AuthSession in a request: put `campaign.gate(AxumLoginUser::<Backend>::new())` inside axum-login's AuthManagerLayer (README: Where the layer goes); until then the gate cannot see who is signed in"
        );
    });
}
