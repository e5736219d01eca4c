//! The shared core: configuration, store, policy cache and clock, behind one cheap `Arc`.
//!
//! - `builder`: every setting, with safe defaults.
//! - `policy_cache`: the policy in force; `policy_changes`: changing it, with its audit trail.
//! - `background`: purging expired records, writing funnel counts.
//! - `keys`: the keys that sign flow tokens; `rate_limit`: per-instance request limits.
//!
//! The core knows no HTTP surface: the flow, the layer and the admin plane build on it (and add
//! their own constructors, such as `Campaign::layer`), never the other way round.

pub(crate) mod audit;
mod background;
mod builder;
mod funnel_events;
pub(crate) mod keys;
mod metric_names;
mod passkey_alternative;
mod policy_cache;
pub(crate) mod policy_changes;
pub(crate) mod rate_limit;
mod required;
pub(crate) mod settings_changes;
mod sign_out;
mod tenant_cache;
mod user_report;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::decision::{CampaignRules, Decision, decide};
use crate::directory::UserDirectory;
use crate::enroll::{EnrollmentMethod, Registration, SecretKey};
use crate::policy::AuthenticationMethodsPolicy;
use crate::sign_in::SignInFacts;
use crate::state::TenantSettings;
use crate::store::{CampaignStore, StoreError, TenantStore};
use crate::tenant::{TenantDirectory, TenantId, TenantIdError};

pub use background::Purged;
pub use builder::{CampaignBuilder, DEFAULT_CACHED_POLICY_BYTES, DEFAULT_CACHED_TENANTS};
pub use keys::{FlowKey, FlowKeyError, FlowKeys};
pub use metric_names::describe_metrics;
pub use passkey_alternative::PasskeyAlternative;
use rate_limit::RateLimiter;
pub use required::DEFAULT_GATE_RECHECK;
pub use settings_changes::StoredSettings;
pub use sign_out::SignOut;
pub use user_report::{USER_REPORT_CSV_HEADER, UserReportPage, UserReportRow, UserStatus};

/// The record kind of a user's setup flow (kept by the flow; counted by the background tasks for
/// the `registration_campaign_active_flows` gauge).
pub(crate) const FLOW_KIND: &str = "flow";

/// How long a setup flow lasts from the MFA that started it: at most 15 minutes, however it is
/// used.
pub const FLOW_LIFETIME: time::Duration = time::Duration::minutes(15);
/// The policy in force, compiled for decisions.
#[derive(Debug)]
pub struct ActivePolicy {
    /// The store's version of it (0 for the built-in default).
    pub version: u64,
    /// The policy document.
    pub policy: AuthenticationMethodsPolicy,
    /// The compiled rules (the policy with the campaign settings).
    pub rules: CampaignRules,
    /// The campaign settings beyond Graph in force, with their version.
    pub settings: StoredSettings,
}

impl ActivePolicy {
    /// Compiles a policy and the settings for decisions.
    pub fn new(
        version: u64,
        policy: AuthenticationMethodsPolicy,
        settings: StoredSettings,
    ) -> Self {
        Self {
            version,
            rules: CampaignRules::new(&policy).with_settings(&settings.settings),
            policy,
            settings,
        }
    }

    /// About how many bytes it takes in memory (its document's JSON, the compiled rules and
    /// the settings, with room for the maps' overhead), for the bounded policy cache.
    ///
    /// Fitted to a measurement (`examples/scale.rs --cached-tenants 10000`, BENCHMARKS.md):
    /// a policy with five targets costs about 17 KiB of resident memory once cached, most of
    /// it the parsed document's many small allocations, whose JSON is about 2.3 KB. The
    /// fixed part covers that; each further byte of JSON (targets, mostly) is counted four
    /// times, which errs on the large side for policies with thousands of targets.
    pub fn estimated_bytes(&self) -> usize {
        const FIXED: usize = 8 * 1024;
        let document = self.policy.to_value().to_string().len();
        let settings = self.settings.settings.to_value().to_string().len();
        std::mem::size_of::<Self>() + FIXED + 4 * (document + settings)
    }
}

/// An error from the host's code (its directory, a gate's user lookup, a service's body).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Counters an operator can export.
#[derive(Debug, Default)]
pub struct CampaignMetrics {
    store_failures: AtomicU64,
    events_dropped: AtomicU64,
    purged_records: AtomicU64,
    host_save_failures: AtomicU64,
    unreadable_policy: AtomicU64,
    change_feeds_opened: AtomicU64,
    change_notices: AtomicU64,
}

impl CampaignMetrics {
    /// Funnel events dropped because the counting buffer was full (or no runtime ran).
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped.load(Ordering::Relaxed)
    }

    pub(crate) fn count_dropped_event(&self) {
        self.events_dropped.fetch_add(1, Ordering::Relaxed);
    }

    /// Store calls that failed or timed out on the sign-in path or in the flow.
    pub fn store_failures(&self) -> u64 {
        self.store_failures.load(Ordering::Relaxed)
    }

    /// Expired records and old snooze attempts deleted by
    /// [`Campaign::background_tasks`].
    pub fn purged_records(&self) -> u64 {
        self.purged_records.load(Ordering::Relaxed)
    }

    /// Registrations the host's directory failed to save (the user could retry).
    pub fn host_save_failures(&self) -> u64 {
        self.host_save_failures.load(Ordering::Relaxed)
    }

    /// The counters in Prometheus' text format, for a `/metrics` endpoint.
    ///
    /// ```
    /// let text = registration_campaign::CampaignMetrics::default().prometheus();
    /// assert!(text.contains("registration_campaign_store_failures_total 0"));
    /// ```
    pub fn prometheus(&self) -> String {
        let counters = [
            (
                "store_failures_total",
                "Store calls that failed or timed out on the sign-in path or in the flow.",
                self.store_failures(),
            ),
            (
                "events_dropped_total",
                "Funnel events dropped because the counting buffer was full.",
                self.events_dropped(),
            ),
            (
                "purged_records_total",
                "Expired records and old snooze attempts deleted by the background tasks.",
                self.purged_records(),
            ),
            (
                "host_save_failures_total",
                "Registrations the host's directory failed to save.",
                self.host_save_failures(),
            ),
            (
                "unreadable_policy_total",
                "Reads that found the stored policy unreadable.",
                self.unreadable_policy(),
            ),
            (
                "change_feeds_opened_total",
                "Change feeds (PostgreSQL LISTEN) opened by the background tasks, reconnections included.",
                self.change_feeds_opened(),
            ),
            (
                "change_notices_total",
                "Policy or settings changes announced by the store's change feed.",
                self.change_notices(),
            ),
        ];
        let mut out = String::new();
        for (name, help, value) in counters {
            out.push_str(&format!(
                "# HELP registration_campaign_{name} {help}\n# TYPE registration_campaign_{name} counter\nregistration_campaign_{name} {value}\n"
            ));
        }
        out
    }

    /// Reads that found the stored policy unreadable (the last good policy stayed in force).
    /// Anything above zero needs an operator: see [`Campaign::policy_alarm`].
    pub fn unreadable_policy(&self) -> u64 {
        self.unreadable_policy.load(Ordering::Relaxed)
    }

    /// Change feeds (PostgreSQL `LISTEN`) that [`Campaign::background_tasks`] opened; more
    /// than one means the feed's connection was lost and opened again.
    pub fn change_feeds_opened(&self) -> u64 {
        self.change_feeds_opened.load(Ordering::Relaxed)
    }

    /// Policy or settings changes the store's change feed announced (each dropped the cached
    /// policy).
    pub fn change_notices(&self) -> u64 {
        self.change_notices.load(Ordering::Relaxed)
    }
}

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

    /// Decides for one sign-in of this campaign's tenant, reading the policy and the user's
    /// state from the store. (The layer serves the tenant the facts name; see
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
        Ok((decision, policy))
    }

    pub(crate) fn count_store_failure(&self) {
        self.inner
            .metrics
            .store_failures
            .fetch_add(1, Ordering::Relaxed);
    }
}

/// Enrollments one user may start per hour, over all flows and instances.
const ENROLLMENTS_PER_USER_PER_HOUR: u32 = 10;

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

    fn handle_context(user: &str) -> String {
        format!("flow-enrollment:{user}")
    }

    /// Seals an enrollment handle for the flow record.
    pub(crate) fn seal_enrollment_handle(
        &self,
        user: &str,
        handle: &str,
    ) -> Result<String, crate::enroll::SealError> {
        self.inner
            .enroll
            .secret_key
            .seal(handle.as_bytes(), &Self::handle_context(user))
    }

    /// Opens a sealed enrollment handle.
    pub(crate) fn open_enrollment_handle(&self, user: &str, sealed: &str) -> Option<String> {
        let plain = self
            .inner
            .enroll
            .secret_key
            .open(sealed, &Self::handle_context(user))?;
        String::from_utf8(plain).ok()
    }

    /// Hands a registration to the host's directory; `Ok` also when there is none.
    pub(crate) async fn tell_host(&self, registration: Registration) -> Result<(), BoxError> {
        let Some(directory) = &self.inner.enroll.directory else {
            return Ok(());
        };
        let result = directory
            .save_registration(self.tenant_id(), &registration)
            .await;
        if result.is_err() {
            self.inner
                .metrics
                .host_save_failures
                .fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    /// The host's user directory, if it gave one.
    pub(crate) fn directory(&self) -> Option<&Arc<dyn UserDirectory>> {
        self.inner.enroll.directory.as_ref()
    }

    /// `user` of this tenant, named apart from the same user id in other tenants: the id
    /// itself in the default tenant (so names made before tenants existed still match), else
    /// `tenant NUL user`.
    pub(crate) fn qualified_user<'u>(&self, user: &'u str) -> std::borrow::Cow<'u, str> {
        qualified_user(Some(self.tenant_id()), user)
    }

    /// Counts one enrollment against `user`'s hourly quota (shared by every instance through
    /// the store); `false` when the quota is used up.
    pub(crate) async fn claim_enrollment_quota(&self, user: &str) -> Result<bool, StoreError> {
        use crate::store::TypedRecord;
        /// Enrollments a user started in the current hour.
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        struct EnrollmentQuota(u32);
        impl crate::store::Document for EnrollmentQuota {
            const KIND: &'static str = "enrollment-quota";
        }
        let now = self.now();
        let store = self.store();
        for _ in 0..16 {
            match TypedRecord::<EnrollmentQuota>::load(store, user, now).await? {
                Some(mut used) => {
                    if used.value.0 >= ENROLLMENTS_PER_USER_PER_HOUR {
                        return Ok(false);
                    }
                    used.value.0 += 1;
                    if used.save(store).await? {
                        return Ok(true);
                    }
                }
                None => {
                    let first = TypedRecord::new(
                        user,
                        user,
                        EnrollmentQuota(1),
                        Some(now + time::Duration::hours(1)),
                    )?;
                    if first.insert(store, now).await? {
                        return Ok(true);
                    }
                }
            }
        }
        Err(StoreError::Backend(
            "the enrollment quota kept changing".into(),
        ))
    }
}
