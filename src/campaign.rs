//! The shared core: configuration, store, policy cache and clock, behind one cheap `Arc`.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::clock::{Clock, SystemClock};
use crate::decision::{CampaignRules, Decision, decide};
use crate::enroll::{EnrollmentMethod, PushMethod, Registration, SecretKey, TotpMethod};
use crate::flow::cookies::CookieSettings;
use crate::flow::rate_limit::RateLimiter;
use crate::flow::token::{FlowKey, FlowKeys};
use crate::policy::AuthenticationMethodsPolicy;
use crate::sign_in::SignInFacts;
use crate::state::{Enforcement, TenantPlan, TenantSettings};
use crate::store::{CampaignStore, Deadline, StoreError};

/// The policy in force, compiled for decisions.
#[derive(Debug)]
pub struct ActivePolicy {
    /// The store's version of it (0 for the built-in default).
    pub version: u64,
    /// The policy document.
    pub policy: AuthenticationMethodsPolicy,
    /// The compiled rules.
    pub rules: CampaignRules,
}

/// What the host's registration callback returns.
pub type RegistrationFuture =
    std::pin::Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'static>>;
/// An error from a host callback.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
type RegistrationCallback = dyn Fn(Registration) -> RegistrationFuture + Send + Sync;

/// Counters an operator can export.
#[derive(Debug, Default)]
pub struct CampaignMetrics {
    store_failures: AtomicU64,
    events_dropped: AtomicU64,
    purged_records: AtomicU64,
    host_save_failures: AtomicU64,
    unreadable_policy: AtomicU64,
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

    /// Registrations the host's `on_registered` callback failed to save (the user could retry).
    pub fn host_save_failures(&self) -> u64 {
        self.host_save_failures.load(Ordering::Relaxed)
    }

    /// Reads that found the stored policy unreadable (the last good policy stayed in force).
    /// Anything above zero needs an operator: see [`Campaign::policy_alarm`].
    pub fn unreadable_policy(&self) -> u64 {
        self.unreadable_policy.load(Ordering::Relaxed)
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
#[derive(Clone)]
pub struct Campaign {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub store: Arc<dyn CampaignStore>,
    pub clock: Arc<dyn Clock>,
    pub tenant: TenantSettings,
    pub prefix: String,
    pub cookies: CookieSettings,
    pub keys: FlowKeys,
    pub app_name: String,
    pub issuer: String,
    pub ios_store_url: String,
    pub android_store_url: String,
    pub policy_refresh: Duration,
    pub policy: RwLock<Option<(Arc<ActivePolicy>, Instant)>>,
    /// Why the stored policy could not be read at the last attempt; `None` while it reads.
    pub policy_alarm: RwLock<Option<String>>,
    pub on_registered: Option<Arc<RegistrationCallback>>,
    pub metrics: CampaignMetrics,
    pub secret_key: SecretKey,
    pub public_origin: Option<String>,
    /// The first is the one the scan step offers; the others are alternatives.
    pub methods: Vec<Arc<dyn EnrollmentMethod>>,
    /// Request limits on the flow's routes.
    pub flow_limiter: RateLimiter,
    /// Users this instance has seen required to register (bounded).
    pub required_users: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The funnel counter, started on first use.
    pub events: std::sync::OnceLock<Option<crate::admin::report::EventSender>>,
}

impl fmt::Debug for Campaign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Campaign")
            .field("prefix", &self.inner.prefix)
            .field("store", &self.inner.store)
            .field("tenant", &self.inner.tenant)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Campaign`].
pub struct CampaignBuilder {
    store: Arc<dyn CampaignStore>,
    clock: Arc<dyn Clock>,
    tenant: TenantSettings,
    prefix: String,
    secure_cookies: bool,
    keys: Option<FlowKeys>,
    app_name: String,
    issuer: String,
    ios_store_url: String,
    android_store_url: String,
    store_timeout: Duration,
    policy_refresh: Duration,
    on_registered: Option<Arc<RegistrationCallback>>,
    secret_key: Option<SecretKey>,
    public_origin: Option<String>,
    methods: Vec<Arc<dyn EnrollmentMethod>>,
}

impl CampaignBuilder {
    /// How required registration treats phones and non-browser clients (default
    /// [`Enforcement::Strict`]: no client kind escapes it). [`Enforcement::ClientExemptions`] is
    /// Entra's behaviour, and can be bypassed by a user who edits their User-Agent.
    pub fn enforcement(mut self, enforcement: Enforcement) -> Self {
        self.tenant.enforcement = enforcement;
        self
    }

    /// The key that seals enrollment secrets in the store. Instances sharing a store need the
    /// same key; the default is random per process.
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = Some(key);
        self
    }

    /// The origin devices reach the server at (`https://login.example.com`), for the
    /// registration URL in enrollment QR codes. Default: the request's `Host`, with `https`
    /// unless cookies are insecure (plain-http development).
    pub fn public_origin(mut self, origin: impl Into<String>) -> Self {
        self.public_origin = Some(origin.into().trim_end_matches('/').to_owned());
        self
    }

    /// Replaces the enrollment methods. The first is offered on the scan step, the others
    /// through "I want to use a different authenticator app". Default: push, then TOTP.
    pub fn methods(mut self, methods: Vec<Arc<dyn EnrollmentMethod>>) -> Self {
        if !methods.is_empty() {
            self.methods = methods;
        }
        self
    }

    /// Adds an enrollment method after the current ones.
    pub fn method(mut self, method: Arc<dyn EnrollmentMethod>) -> Self {
        self.methods.push(method);
        self
    }

    /// Where the flow's pages live (default `/registration-campaign`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        self.prefix = format!("/{}", prefix.trim_matches('/'));
        self
    }

    /// `Secure` cookies with the `__Host-` prefix (default `true`; turn off only for plain-http
    /// development).
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// Keys that sign flow tokens. Every instance serving the same users needs the same keys;
    /// the default is a random key, good for one process only.
    pub fn flow_keys(mut self, keys: FlowKeys) -> Self {
        self.keys = Some(keys);
        self
    }

    /// The tenant's plan (free and trial tenants get at most three snoozes).
    pub fn tenant_plan(mut self, plan: TenantPlan) -> Self {
        self.tenant.plan = plan;
        self
    }

    /// The clock (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The app's name on the pages (default "Microsoft Authenticator").
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.app_name = name.into();
        self
    }

    /// The issuer shown in authenticator apps for TOTP accounts (default "Registration Campaign").
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// Store links on the download page.
    pub fn store_links(mut self, ios: impl Into<String>, android: impl Into<String>) -> Self {
        self.ios_store_url = ios.into();
        self.android_store_url = android.into();
        self
    }

    /// How long any store call may take (default 2 s): the store is wrapped in a
    /// [`Deadline`]. A decision that times out lets the sign-in through, unless the user is
    /// known to be required to register.
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.store_timeout = timeout;
        self
    }

    /// How often the policy is re-read from the store (default 1 s), so that a change made on
    /// one instance reaches every instance within that time.
    pub fn policy_refresh(mut self, every: Duration) -> Self {
        self.policy_refresh = every;
        self
    }

    /// Called when a user registers an authenticator, *before* the campaign counts the
    /// registration, so the host can store it and make it the user's default sign-in method.
    /// If it fails, the user sees "We couldn't save your new sign-in method" with **Try
    /// again**, and is not marked registered. It can be called again for the same registration
    /// (a retry after a later step failed), so make saving idempotent, e.g. keyed by user and
    /// device id.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .on_registered(|registration| async move {
    ///         // Save `registration` in the host's user directory; an error is shown as
    ///         // "couldn't save" and the user can try again.
    ///         println!("{} registered {}", registration.user_id, registration.method);
    ///         Ok::<(), std::io::Error>(())
    ///     })
    ///     .build();
    /// # let _ = campaign;
    /// ```
    pub fn on_registered<F, Fut, E>(mut self, callback: F) -> Self
    where
        F: Fn(Registration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Into<BoxError>,
    {
        self.on_registered = Some(Arc::new(move |registration| {
            let saving = callback(registration);
            Box::pin(async move { saving.await.map_err(Into::into) }) as RegistrationFuture
        }));
        self
    }

    /// Finishes the campaign.
    pub fn build(self) -> Campaign {
        // jsonwebtoken picks its crypto backend at run time; install ours explicitly so that
        // feature unification in a host's build can never leave it without one.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        Campaign {
            inner: Arc::new(Inner {
                store: Arc::new(Deadline::new(self.store, self.store_timeout)),
                clock: self.clock,
                tenant: self.tenant,
                cookies: CookieSettings {
                    secure: self.secure_cookies,
                    path: self.prefix.clone(),
                },
                prefix: self.prefix,
                keys: self
                    .keys
                    .unwrap_or_else(|| FlowKeys::new(FlowKey::random())),
                app_name: self.app_name,
                issuer: self.issuer,
                ios_store_url: self.ios_store_url,
                android_store_url: self.android_store_url,
                policy_refresh: self.policy_refresh,
                policy: RwLock::new(None),
                policy_alarm: RwLock::new(None),
                on_registered: self.on_registered,
                metrics: CampaignMetrics::default(),
                secret_key: self.secret_key.unwrap_or_else(SecretKey::random),
                public_origin: self.public_origin,
                methods: self.methods,
                events: std::sync::OnceLock::new(),
                flow_limiter: RateLimiter::default(),
                required_users: Default::default(),
            }),
        }
    }
}

impl Campaign {
    /// Starts building a campaign over `store`.
    pub fn builder(store: Arc<dyn CampaignStore>) -> CampaignBuilder {
        CampaignBuilder {
            store,
            clock: Arc::new(SystemClock),
            tenant: TenantSettings::default(),
            prefix: "/registration-campaign".into(),
            secure_cookies: true,
            keys: None,
            app_name: "Microsoft Authenticator".into(),
            issuer: "Registration Campaign".into(),
            ios_store_url: "https://apps.apple.com/app/microsoft-authenticator/id983156458".into(),
            android_store_url:
                "https://play.google.com/store/apps/details?id=com.azure.authenticator".into(),
            store_timeout: Duration::from_secs(2),
            policy_refresh: Duration::from_secs(1),
            on_registered: None,
            secret_key: None,
            public_origin: None,
            methods: vec![Arc::new(PushMethod), Arc::new(TotpMethod)],
        }
    }

    /// The tower layer to put after the host's MFA handler.
    pub fn layer(&self) -> crate::layer::RegistrationCampaignLayer {
        crate::layer::RegistrationCampaignLayer::new(self.clone())
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn CampaignStore> {
        &self.inner.store
    }

    /// The flow's path prefix.
    pub fn prefix(&self) -> &str {
        &self.inner.prefix
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
        &self.inner.issuer
    }

    /// The key that seals enrollment secrets.
    pub fn secret_key(&self) -> &SecretKey {
        &self.inner.secret_key
    }

    pub(crate) fn method(&self, id: &str) -> Option<&Arc<dyn EnrollmentMethod>> {
        self.inner.methods.iter().find(|m| m.id() == id)
    }

    pub(crate) fn methods(&self) -> &[Arc<dyn EnrollmentMethod>] {
        &self.inner.methods
    }

    /// The policy in force: cached, re-read from the store at most every `policy_refresh`.
    /// With nothing stored, Graph's default policy applies.
    ///
    /// A stored policy that cannot be read back (a row written before the document limits
    /// existed, or by hand) does not stop decisions: the last good policy stays in force (the
    /// one cached here, or after a restart the newest one in the audit log, else Graph's
    /// default), and an alarm is raised: an error in the log, [`CampaignMetrics::unreadable_policy`]
    /// and [`Campaign::policy_alarm`]. An admin repairs it by saving a change.
    pub async fn active_policy(&self) -> Result<Arc<ActivePolicy>, StoreError> {
        if let Some((policy, read_at)) = self.read_cache()
            && read_at.elapsed() < self.inner.policy_refresh
        {
            return Ok(policy);
        }
        let stored = match self.inner.store.load_policy().await {
            Ok(stored) => stored,
            Err(StoreError::Decode(reason)) => {
                return Ok(self.keep_last_good_policy(&reason).await);
            }
            Err(e) => return Err(e),
        };
        self.clear_policy_alarm();
        let cached = self.read_cache().map(|(p, _)| p);
        let version = stored.as_ref().map_or(0, |s| s.version);
        let active = match cached {
            Some(p) if p.version == version => p,
            _ => {
                let policy = stored.map(|s| s.policy).unwrap_or_default();
                Arc::new(ActivePolicy {
                    version,
                    rules: CampaignRules::new(&policy),
                    policy,
                })
            }
        };
        *self.inner.policy.write().unwrap_or_else(|e| e.into_inner()) =
            Some((active.clone(), Instant::now()));
        Ok(active)
    }

    /// Why the stored policy cannot be read, while that is so (the last good policy is in
    /// force meanwhile); `None` when the last read succeeded.
    pub fn policy_alarm(&self) -> Option<String> {
        self.inner
            .policy_alarm
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The stored policy cannot be read: raise the alarm and answer with the last good policy.
    pub(crate) async fn keep_last_good_policy(&self, reason: &str) -> Arc<ActivePolicy> {
        self.inner
            .metrics
            .unreadable_policy
            .fetch_add(1, Ordering::Relaxed);
        let first = self
            .inner
            .policy_alarm
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .replace(reason.to_owned())
            .is_none();
        let last_good = match self.read_cache() {
            Some((policy, _)) => policy,
            None => {
                let (version, policy) = self
                    .last_good_policy_from_audit()
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                Arc::new(ActivePolicy {
                    version,
                    rules: CampaignRules::new(&policy),
                    policy,
                })
            }
        };
        if first {
            tracing::error!(
                target: "registration_campaign",
                reason,
                in_force = last_good.version,
                "the stored policy cannot be read; the last good policy stays in force until an admin saves a change"
            );
        }
        // Read the store again after `policy_refresh`, so a repair is seen.
        *self.inner.policy.write().unwrap_or_else(|e| e.into_inner()) =
            Some((last_good.clone(), Instant::now()));
        last_good
    }

    pub(crate) fn clear_policy_alarm(&self) {
        let was = self
            .inner
            .policy_alarm
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if was.is_some() {
            tracing::warn!(target: "registration_campaign", "the stored policy can be read again");
        }
    }

    fn read_cache(&self) -> Option<(Arc<ActivePolicy>, Instant)> {
        self.inner
            .policy
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the stored policy (whatever version is stored), as `actor` `startup` in the
    /// audit log, and makes it active at once on this instance.
    pub async fn replace_policy(
        &self,
        policy: AuthenticationMethodsPolicy,
    ) -> Result<u64, StoreError> {
        let actor = crate::admin::Actor {
            id: "startup".into(),
            user_principal_name: None,
        };
        let request_id = uuid::Uuid::new_v4().to_string();
        match self
            .change_policy(
                crate::admin::PolicyTarget::Replace(&policy),
                None,
                &actor,
                &request_id,
            )
            .await
        {
            Ok(stored) => Ok(stored.version),
            Err(crate::admin::ChangeError::Store(e)) => Err(e),
            Err(e) => Err(StoreError::Decode(e.to_string())),
        }
    }

    /// Drops this instance's cached policy so the next decision reads the store.
    pub(crate) fn forget_cached_policy(&self) {
        *self.inner.policy.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Decides for one sign-in, reading the policy and the user's state from the store.
    pub async fn decide(
        &self,
        facts: &SignInFacts,
    ) -> Result<(Decision, Arc<ActivePolicy>), StoreError> {
        let policy = self.active_policy().await?;
        let state = self.inner.store.user_state(&facts.user_id).await?;
        let decision = decide(&policy.rules, facts, &state, &self.inner.tenant, self.now());
        Ok((decision, policy))
    }

    pub(crate) fn count_store_failure(&self) {
        self.inner
            .metrics
            .store_failures
            .fetch_add(1, Ordering::Relaxed);
    }
}

/// At most this many users are remembered as required per instance.
const MAX_REMEMBERED_REQUIRED: usize = 100_000;
/// Enrollments one user may start per hour, over all flows and instances.
const ENROLLMENTS_PER_USER_PER_HOUR: u32 = 10;
/// How long the required hint cookie lasts.
const REQUIRED_HINT_LIFETIME: time::Duration = time::Duration::days(30);
/// Records deleted per purge step.
const PURGE_BATCH: u32 = 500;
/// How often the background tasks run.
const BACKGROUND_EVERY: Duration = Duration::from_secs(60);

/// What [`Campaign::purge_expired`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired records (flows, enrollments, nonces, challenges, held cookies).
    pub records: u64,
    /// Snooze-attempt rows older than the longest flow.
    pub snooze_attempts: u64,
}

impl Campaign {
    /// Ends `user_id`'s setup flow, if one is open: call it when the user signs out, so that
    /// nobody who uses the same browser afterwards can finish it (and receive a session held
    /// back for a required registration). Returns whether a flow was open.
    pub async fn end_flow(&self, user_id: &str) -> Result<bool, StoreError> {
        crate::flow::record::end(&*self.inner.store, user_id, self.now()).await
    }

    /// Work to run for as long as the campaign serves: every minute it deletes expired
    /// records and snooze attempts (see [`purge_expired`](Self::purge_expired)) and writes
    /// pending funnel counts. Spawn it once per process, as tower-sessions'
    /// `continuously_delete_expired`:
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use registration_campaign::{Campaign, store::MemoryStore};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new())).build();
    /// let tasks = tokio::spawn(campaign.clone().background_tasks());
    /// # tasks.abort();
    /// # }
    /// ```
    pub async fn background_tasks(self) {
        let mut every = tokio::time::interval(BACKGROUND_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = self.purge_expired().await {
                tracing::warn!(%error, "purging expired campaign records failed; trying again later");
            }
            self.flush_events().await;
        }
    }

    /// Deletes, in batches, records that have expired and the snooze-attempt rows older than
    /// the longest a flow can last (a skip can only be posted while its flow lives). Each batch
    /// is one short statement, so a large backlog never blocks sign-ins.
    pub async fn purge_expired(&self) -> Result<Purged, StoreError> {
        let now = self.now();
        let mut purged = Purged::default();
        loop {
            let n = self.inner.store.purge_expired(now, PURGE_BATCH).await?;
            purged.records += n;
            if n < u64::from(PURGE_BATCH) {
                break;
            }
            tokio::task::yield_now().await;
        }
        let attempts_before = now - crate::flow::token::FLOW_LIFETIME - time::Duration::minutes(5);
        loop {
            let n = self
                .inner
                .store
                .purge_snooze_attempts(attempts_before, PURGE_BATCH)
                .await?;
            purged.snooze_attempts += n;
            if n < u64::from(PURGE_BATCH) {
                break;
            }
            tokio::task::yield_now().await;
        }
        self.inner
            .metrics
            .purged_records
            .fetch_add(purged.records + purged.snooze_attempts, Ordering::Relaxed);
        Ok(purged)
    }

    pub(crate) fn tenant(&self) -> &TenantSettings {
        &self.inner.tenant
    }

    pub(crate) fn cookie_settings(&self) -> &CookieSettings {
        &self.inner.cookies
    }

    pub(crate) fn flow_keys(&self) -> &FlowKeys {
        &self.inner.keys
    }

    pub(crate) fn flow_limiter(&self) -> &RateLimiter {
        &self.inner.flow_limiter
    }

    pub(crate) fn app_name(&self) -> &str {
        &self.inner.app_name
    }

    /// The app store links: (iOS, Android).
    pub(crate) fn store_links(&self) -> (&str, &str) {
        (&self.inner.ios_store_url, &self.inner.android_store_url)
    }

    /// The absolute URL devices use, from the configured origin or the request's `Host`.
    pub(crate) fn device_api_url(&self, headers: &http::HeaderMap) -> String {
        let origin = self.inner.public_origin.clone().unwrap_or_else(|| {
            let host = headers
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| {
                    !h.is_empty()
                        && h.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
                })
                .unwrap_or("localhost");
            let scheme = if self.inner.cookies.secure {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{host}")
        });
        format!("{origin}{}/device/v1", self.prefix())
    }

    fn handle_context(user: &str) -> String {
        format!("flow-enrollment:{user}")
    }

    /// Seals an enrollment handle for the flow record.
    pub(crate) fn seal_enrollment_handle(&self, user: &str, handle: &str) -> String {
        self.inner
            .secret_key
            .seal(handle.as_bytes(), &Self::handle_context(user))
    }

    /// Opens a sealed enrollment handle.
    pub(crate) fn open_enrollment_handle(&self, user: &str, sealed: &str) -> Option<String> {
        let plain = self
            .inner
            .secret_key
            .open(sealed, &Self::handle_context(user))?;
        String::from_utf8(plain).ok()
    }

    /// Tells the host about a registration; `Ok` also when no callback is set.
    pub(crate) async fn tell_host(&self, registration: Registration) -> Result<(), BoxError> {
        let Some(callback) = &self.inner.on_registered else {
            return Ok(());
        };
        let result = callback(registration).await;
        if result.is_err() {
            self.inner
                .metrics
                .host_save_failures
                .fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    fn required_users(&self) -> std::sync::MutexGuard<'_, std::collections::HashSet<String>> {
        self.inner
            .required_users
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers that `user` must register, for sign-ins during a store outage.
    pub(crate) fn remember_required(&self, user: &str) {
        let mut users = self.required_users();
        if users.len() >= MAX_REMEMBERED_REQUIRED && !users.contains(user) {
            // Bounded: forget an arbitrary one (the signed hint still covers its browser).
            if let Some(any) = users.iter().next().cloned() {
                users.remove(&any);
            }
        }
        users.insert(user.to_owned());
    }

    /// Forgets that `user` must register (registered, or no longer targeted).
    pub(crate) fn forget_required(&self, user: &str) {
        self.required_users().remove(user);
    }

    /// Whether `user` is known to be required to register: remembered by this instance, or
    /// named by a valid hint in the request's `Cookie` header.
    pub(crate) fn is_known_required(
        &self,
        user: &str,
        cookies: Option<&http::HeaderValue>,
    ) -> bool {
        self.required_users().contains(user)
            || self.inner.cookies.find_hint(cookies).is_some_and(|hint| {
                crate::flow::token::RequiredHint::names(&hint, &self.inner.keys, user, self.now())
            })
    }

    /// The required hint cookie for `user`.
    pub(crate) fn required_hint(&self, user: &str) -> Option<cookie::Cookie<'static>> {
        let hint = crate::flow::token::RequiredHint::new(user, self.now(), REQUIRED_HINT_LIFETIME);
        hint.encode(&self.inner.keys)
            .ok()
            .map(|value| self.inner.cookies.hint(value))
    }

    /// Counts one enrollment against `user`'s hourly quota (shared by every instance through
    /// the store); `false` when the quota is used up.
    pub(crate) async fn claim_enrollment_quota(&self, user: &str) -> Result<bool, StoreError> {
        use crate::enroll::TypedRecord;
        const KIND: &str = "enrollment-quota";
        let now = self.now();
        let store = &*self.inner.store;
        for _ in 0..16 {
            match TypedRecord::<u32>::load(store, KIND, user, now).await? {
                Some(mut used) => {
                    if used.value >= ENROLLMENTS_PER_USER_PER_HOUR {
                        return Ok(false);
                    }
                    used.value += 1;
                    if used.save(store).await? {
                        return Ok(true);
                    }
                }
                None => {
                    let first = TypedRecord::new(
                        KIND,
                        user,
                        user,
                        1u32,
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
