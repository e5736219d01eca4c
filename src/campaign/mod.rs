//! The shared core: configuration, store, policy cache and clock, behind one cheap `Arc`.
//!
//! - `builder`: every setting, with safe defaults.
//! - `active_policy`: the policy in force, compiled; `policy_cache`: reading it per tenant;
//!   `policy_changes` and `settings_changes`: changing them; `audit`: the trail both write.
//! - `background`: purging expired records, writing funnel counts; `funnel_events`: counting.
//! - `metrics` and `metric_names`: what operators export.
//! - `keys`: the keys that sign flow tokens; `rate_limit`: per-instance request limits;
//!   `enrollment_quota`: enrollments per user and hour.
//! - `required`, `sign_out`, `passkey_alternative`, `user_report`, `tenant_cache`: one concept
//!   each, named so.
//!
//! The core knows no HTTP surface: the flow, the layer and the admin plane build on it (and add
//! their own constructors, such as `Campaign::layer`), never the other way round.

mod active_policy;
pub(crate) mod audit;
mod background;
mod builder;
mod enrollment_handles;
mod enrollment_quota;
mod exemptions;
mod funnel_events;
pub(crate) mod keys;
mod method_sign_in;
mod metric_names;
mod metrics;
mod notifications;
mod nudge_history;
mod outbox;
mod passkey_alternative;
mod policy_cache;
pub(crate) mod policy_changes;
pub(crate) mod rate_limit;
mod registration_source;
mod reminders;
mod report_records;
mod required;
pub(crate) mod settings_changes;
mod sign_out;
mod snooze_grants;
#[cfg(feature = "admin")]
mod status_shift;
mod tenant_cache;
mod user_population;
mod user_report;
mod user_report_row;

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::decision::{Decision, decide};
use crate::directory::UserDirectory;
use crate::enroll::{EnrollmentMethod, Registration, SecretKey};
use crate::policy::AuthenticationMethodsPolicy;
use crate::sign_in::SignInFacts;
use crate::state::TenantSettings;
use crate::store::{CampaignStore, StoreError, TenantStore};
use crate::tenant::{TenantId, TenantIdError};
use crate::tenant_directory::TenantDirectory;

pub use active_policy::ActivePolicy;
pub use background::Purged;
pub use builder::{CampaignBuilder, DEFAULT_CACHED_POLICY_BYTES, DEFAULT_CACHED_TENANTS};
pub use exemptions::{Exemption, ExemptionError, MAX_EXEMPTION_REASON};
pub use keys::{FlowKey, FlowKeyError, FlowKeys};
pub use metric_names::describe_metrics;
pub use metrics::CampaignMetrics;
pub use notifications::NotificationRound;
pub(crate) use nudge_history::NudgeEvent;
pub use passkey_alternative::PasskeyAlternative;
use rate_limit::RateLimiter;
pub use registration_source::RegistrationSource;
pub use reminders::ReminderRun;
pub use required::DEFAULT_GATE_RECHECK;
pub use settings_changes::StoredSettings;
pub use sign_out::SignOut;
pub use snooze_grants::{SnoozeExtension, SnoozeExtensionError};
#[cfg(feature = "admin")]
pub(crate) use status_shift::StatusShift;
pub use user_population::{MAX_POPULATION, UserReportOrder};
pub use user_report::{UserReportFilter, UserReportPage};
pub use user_report_row::{
    USER_REPORT_CSV_HEADER, UserReportRow, UserStatus, user_report_csv_header,
};

/// The record kind of a user's setup flow (kept by the flow; counted by the background tasks for
/// the `registration_campaign_active_flows` gauge).
pub(crate) const FLOW_KIND: &str = "flow";

/// How long a setup flow lasts from the MFA that started it: at most 15 minutes, however it is
/// used.
pub const FLOW_LIFETIME: time::Duration = time::Duration::minutes(15);

/// The registration campaign: build one at start-up and share it (cloning is cheap).
///
/// ```
/// use std::sync::Arc;
/// use registration_campaign::{Campaign, store::MemoryStore};
/// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
///     .prefix("/registration-campaign")
///     .secure_cookies(false) // plain http in development
///     .build();
/// let layer = campaign.layer();
/// # let _ = layer;
/// ```
///
/// A campaign serves one tenant at a time: the [default tenant](TenantId::default_tenant) as
/// built, another through [`for_tenant`](Self::for_tenant). Everything it reads and writes is
/// that tenant's.
#[derive(Clone)]
pub struct Campaign {
    inner: Arc<Inner>,
    /// The tenant served, with its store scope and settings.
    scope: Scope,
}

/// `user` of `tenant` (the default tenant with `None`), named apart from the same user id in
/// other tenants: the id itself in the default tenant, else `tenant NUL user`.
pub(crate) fn qualified_user<'u>(
    tenant: Option<&TenantId>,
    user: &'u str,
) -> std::borrow::Cow<'u, str> {
    match tenant {
        Some(tenant) if !tenant.is_default() => format!("{tenant}\u{0}{user}").into(),
        _ => user.into(),
    }
}

/// The tenant a [`Campaign`] value serves.
#[derive(Clone)]
struct Scope {
    store: TenantStore,
    settings: TenantSettings,
}

pub(crate) struct Inner {
    store: Arc<dyn CampaignStore>,
    clock: Arc<dyn Clock>,
    tenants: TenantRules,
    metrics: CampaignMetrics,
    /// The funnel counter.
    funnel: crate::funnel::Counter,
    policy: PolicyCache,
    flow: FlowSettings,
    enroll: EnrollSettings,
    /// Every language's messages.
    locales: crate::locale::Locales,
    /// Binding notices and reminders (none without notifications).
    outbox: Option<outbox::Outbox>,
}

/// Which tenants exist besides the default one, and what their ids must look like.
struct TenantRules {
    /// The default tenant's settings.
    default: TenantSettings,
    /// The other tenants (none without a directory).
    directory: Option<Arc<dyn TenantDirectory>>,
    /// Tenant ids other than the default must be GUIDs.
    require_guids: bool,
}

/// Each tenant's active policy as last read (bounded), and why a tenant's stored policy could
/// not be read, while it cannot.
struct PolicyCache {
    refresh: Duration,
    current: tenant_cache::TenantCache<(Arc<ActivePolicy>, Instant)>,
    /// Goes up each time a cached policy is dropped, so that a read begun before a change was
    /// announced cannot put the old policy back into the cache.
    generation: std::sync::atomic::AtomicU64,
    /// Why a tenant's stored policy could not be read at the last attempt.
    alarm: RwLock<std::collections::HashMap<TenantId, String>>,
    /// The policy written for a tenant whose store has none.
    initial: Option<AuthenticationMethodsPolicy>,
}

/// Where the flow lives and what protects it.
struct FlowSettings {
    prefix: String,
    /// The organization's branding on the flow's pages.
    branding: crate::branding::Branding,
    /// `Secure` cookies with a `__Secure-` name (https), or plain-http development cookies.
    secure_cookies: bool,
    keys: FlowKeys,
    public_origin: Option<String>,
    /// Request limits on the flow's routes.
    limiter: RateLimiter,
    /// Who this instance knows to be required to register, or free.
    required: required::RequiredMemory,
    /// Whether a gate was made for this campaign (`Campaign::gate`).
    gate_installed: std::sync::atomic::AtomicBool,
    /// Whether this campaign already said that Graph's implicit default policy is in force.
    warned_default_policy: std::sync::atomic::AtomicBool,
    /// Where the flow's **Sign out** sends the browser after ending the flow.
    sign_out: SignOut,
    /// The header a trusted proxy puts the client's address in (its last entry is read).
    client_ip_header: Option<axum::http::HeaderName>,
}

/// What enrollment offers and needs.
struct EnrollSettings {
    /// The app the pages name (`None`: "an authenticator app").
    app_name: Option<String>,
    issuer: String,
    /// The named app's store pages: (iOS, Android).
    store_links: Option<(String, String)>,
    /// The last page says the new method is the default one.
    announce_default_method: bool,
    /// The first is the one the scan step offers; the others are alternatives.
    methods: Vec<Arc<dyn EnrollmentMethod>>,
    /// The host's user directory.
    directory: Option<Arc<dyn UserDirectory>>,
    secret_key: SecretKey,
    /// QR codes of recent enrollments, already encoded.
    qr_codes: crate::enroll::qr::QrCache,
    /// Whether passkey flows offer an authenticator app instead.
    passkey_alternative: PasskeyAlternative,
}

impl fmt::Debug for Campaign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Campaign")
            .field("prefix", &self.inner.flow.prefix)
            .field("store", &self.inner.store)
            .field("tenant", self.tenant_id())
            .field("tenant_settings", &self.scope.settings)
            .finish_non_exhaustive()
    }
}

impl Campaign {
    /// The store, scoped to the tenant this campaign serves.
    pub fn store(&self) -> &TenantStore {
        &self.scope.store
    }

    /// The tenant this campaign serves.
    pub fn tenant_id(&self) -> &TenantId {
        self.scope.store.tenant()
    }

    /// The same campaign serving `tenant`: its policy, settings, users, flows, devices, audit
    /// log and funnel. Refused when the id breaks the campaign's rules (a GUID is required
    /// with [`require_guid_tenant_ids`](CampaignBuilder::require_guid_tenant_ids)) or no
    /// [`TenantDirectory`] knows the tenant. Cheap: two `Arc` clones and a directory lookup.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, TenantId, TenantSettings, store::MemoryStore};
    /// let contoso = TenantId::new("contoso").unwrap();
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .tenant(contoso.clone(), TenantSettings::default())
    ///     .build();
    /// assert_eq!(campaign.for_tenant(&contoso).unwrap().tenant_id(), &contoso);
    /// assert!(campaign.for_tenant(&TenantId::new("fabrikam").unwrap()).is_err());
    /// ```
    pub fn for_tenant(&self, tenant: &TenantId) -> Result<Campaign, TenantIdError> {
        if tenant == self.tenant_id() {
            return Ok(self.clone());
        }
        let settings = self.tenant_settings_of(tenant)?;
        Ok(Campaign {
            inner: self.inner.clone(),
            scope: Scope {
                store: TenantStore::new(self.inner.store.clone(), tenant.clone()),
                settings,
            },
        })
    }

    /// The settings of `tenant`, if the campaign serves it.
    fn tenant_settings_of(&self, tenant: &TenantId) -> Result<TenantSettings, TenantIdError> {
        let rules = &self.inner.tenants;
        if tenant.is_default() {
            return Ok(rules.default);
        }
        if rules.require_guids && !tenant.is_guid() {
            return Err(TenantIdError::NotAGuid(tenant.to_string()));
        }
        rules
            .directory
            .as_ref()
            .and_then(|d| d.tenant(tenant))
            .ok_or_else(|| TenantIdError::Unknown(tenant.to_string()))
    }

    /// The flow's path prefix.
    pub fn prefix(&self) -> &str {
        &self.inner.flow.prefix
    }

    /// Where the flow's **Sign out** sends the browser (see
    /// [`CampaignBuilder::sign_out`]).
    pub fn sign_out_target(&self) -> &SignOut {
        &self.inner.flow.sign_out
    }

    /// Records that a gate guards this campaign's users (`Campaign::gate`).
    pub(crate) fn note_gate_installed(&self) {
        self.inner
            .flow
            .gate_installed
            .store(true, Ordering::Relaxed);
    }

    /// `true` the first time it is asked: whether to say that no policy is stored.
    pub(crate) fn first_implicit_default_notice(&self) -> bool {
        !self
            .inner
            .flow
            .warned_default_policy
            .swap(true, Ordering::Relaxed)
    }

    /// Whether a gate was made for this campaign.
    pub(crate) fn gate_installed(&self) -> bool {
        self.inner.flow.gate_installed.load(Ordering::Relaxed)
    }

    /// Operational counters.
    pub fn metrics(&self) -> &CampaignMetrics {
        &self.inner.metrics
    }

    /// The campaign's clock reading.
    pub fn now(&self) -> time::OffsetDateTime {
        self.inner.clock.now()
    }

    /// The issuer name shown in authenticator apps.
    pub fn issuer(&self) -> &str {
        &self.inner.enroll.issuer
    }

    /// The key that seals enrollment secrets.
    pub fn secret_key(&self) -> &SecretKey {
        &self.inner.enroll.secret_key
    }

    pub(crate) fn method(&self, id: &str) -> Option<&Arc<dyn EnrollmentMethod>> {
        self.inner.enroll.methods.iter().find(|m| m.id() == id)
    }

    /// Whether passkey flows offer an authenticator app instead.
    pub(crate) fn passkey_alternative(&self) -> PasskeyAlternative {
        self.inner.enroll.passkey_alternative
    }

    pub(crate) fn methods(&self) -> &[Arc<dyn EnrollmentMethod>] {
        &self.inner.enroll.methods
    }

    /// Whether the store answers (within the store timeout), for a readiness probe. A stored
    /// policy that cannot be read back still counts as an answer: the campaign keeps working.
    pub async fn ready(&self) -> Result<(), StoreError> {
        match self.store().load_policy().await {
            Ok(_) | Err(StoreError::Decode(_)) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Decides for one sign-in of this campaign's tenant, reading the policy, the user's
    /// state and an admin's exemption or snooze extension of the user from the store. (The layer serves the tenant the facts name; see
    /// [`for_tenant`](Self::for_tenant).)
    pub async fn decide(
        &self,
        facts: &SignInFacts,
    ) -> Result<(Decision, Arc<ActivePolicy>), StoreError> {
        let policy = self.active_policy().await?;
        let state = self.store().user_state(&facts.user_id).await?;
        let decision = decide(
            &policy.rules,
            facts,
            &state,
            &self.scope.settings,
            self.now(),
        );
        let decision = self.with_admin_actions(&facts.user_id, decision).await?;
        Ok((decision, policy))
    }

    pub(crate) fn count_store_failure(&self) {
        self.inner.metrics.count_store_failure();
    }
}

impl Campaign {
    pub(crate) fn tenant(&self) -> &TenantSettings {
        &self.scope.settings
    }

    /// QR codes of recent enrollments, already encoded.
    pub(crate) fn qr_codes(&self) -> &crate::enroll::qr::QrCache {
        &self.inner.enroll.qr_codes
    }

    /// Whether cookies are `Secure` (https).
    pub(crate) fn secure_cookies(&self) -> bool {
        self.inner.flow.secure_cookies
    }

    pub(crate) fn flow_keys(&self) -> &FlowKeys {
        &self.inner.flow.keys
    }

    pub(crate) fn flow_limiter(&self) -> &RateLimiter {
        &self.inner.flow.limiter
    }

    /// The languages the pages can be shown in, and their messages.
    pub fn locales(&self) -> &crate::locale::Locales {
        &self.inner.locales
    }

    /// The organization's branding on the flow's pages.
    pub(crate) fn branding(&self) -> &crate::branding::Branding {
        &self.inner.flow.branding
    }

    pub(crate) fn app_name(&self) -> Option<&str> {
        self.inner.enroll.app_name.as_deref()
    }

    /// The named app's store links: (iOS, Android).
    pub(crate) fn store_links(&self) -> Option<(&str, &str)> {
        self.inner
            .enroll
            .store_links
            .as_ref()
            .map(|(ios, android)| (ios.as_str(), android.as_str()))
    }

    /// Whether the last page says the new method is the default one.
    pub(crate) fn announces_default_method(&self) -> bool {
        self.inner.enroll.announce_default_method
    }

    /// The configured [`public_origin`](CampaignBuilder::public_origin), if any.
    pub(crate) fn configured_origin(&self) -> Option<&str> {
        self.inner.flow.public_origin.as_deref()
    }

    /// The path under the origin where this tenant's flow and device endpoints live: the
    /// prefix, with `/t/{tenant}` after it for any tenant but the default one.
    pub(crate) fn tenant_path(&self) -> String {
        if self.tenant_id().is_default() {
            self.prefix().to_owned()
        } else {
            format!("{}/t/{}", self.prefix(), self.tenant_id())
        }
    }

    /// Hands a registration to the host's directory; `Ok` also when there is none.
    pub(crate) async fn tell_host(
        &self,
        registration: Registration,
    ) -> Result<(), crate::BoxError> {
        let Some(directory) = &self.inner.enroll.directory else {
            return Ok(());
        };
        let result = directory
            .save_registration(self.tenant_id(), &registration)
            .await;
        if result.is_err() {
            self.inner.metrics.count_host_save_failure();
        }
        result
    }

    /// The host's user directory, if it gave one.
    pub(crate) fn directory(&self) -> Option<&Arc<dyn UserDirectory>> {
        self.inner.enroll.directory.as_ref()
    }

    /// The header the host's proxy puts the client's address in, if the host named one.
    pub(crate) fn client_ip_header(&self) -> Option<&axum::http::HeaderName> {
        self.inner.flow.client_ip_header.as_ref()
    }

    /// `user` of this tenant, named apart from the same user id in other tenants: the id
    /// itself in the default tenant (so names made before tenants existed still match), else
    /// `tenant NUL user`.
    pub(crate) fn qualified_user<'u>(&self, user: &'u str) -> std::borrow::Cow<'u, str> {
        qualified_user(Some(self.tenant_id()), user)
    }
}
