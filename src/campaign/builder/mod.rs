//! [`CampaignBuilder`]: every setting of a [`Campaign`], with safe defaults. What users see
//! (pages, names, branding, languages) is set in `pages.rs`; keys and cookies in `secrets.rs`.

mod pages;
mod secrets;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::keys::{FlowKey, FlowKeys};
use super::rate_limit::RateLimiter;
use super::sign_out::SignOut;
use super::tenant_cache::{Bounds, TenantCache};
use super::{
    Campaign, CampaignMetrics, EnrollSettings, FlowSettings, Inner, PolicyCache, Scope, TenantRules,
};
use crate::clock::{Clock, SystemClock};
use crate::directory::UserDirectory;
use crate::enroll::{EnrollmentMethod, SecretKey, TotpMethod};
use crate::locale::Locales;
use crate::policy::AuthenticationMethodsPolicy;
use crate::state::{Enforcement, TenantPlan, TenantSettings};
use crate::store::{CampaignStore, Deadline, TenantStore};
use crate::tenant::TenantId;
use crate::tenant_directory::{TenantDirectory, TenantList};

/// Tenants whose policy one instance keeps compiled, by default.
pub const DEFAULT_CACHED_TENANTS: usize = 10_000;
/// Estimated bytes of compiled policies one instance keeps, by default.
pub const DEFAULT_CACHED_POLICY_BYTES: usize = 256 << 20;

/// Builds a [`Campaign`].
pub struct CampaignBuilder {
    store: Arc<dyn CampaignStore>,
    clock: Arc<dyn Clock>,
    tenant: TenantSettings,
    tenants: TenantList,
    directory: Option<Arc<dyn TenantDirectory>>,
    require_guid_tenant_ids: bool,
    policy_cache: Bounds,
    prefix: String,
    secure_cookies: bool,
    keys: Option<FlowKeys>,
    app_name: Option<String>,
    issuer: String,
    branding: crate::branding::Branding,
    store_links: Option<(String, String)>,
    announce_default_method: bool,
    store_timeout: Duration,
    policy_refresh: Duration,
    initial_policy: Option<AuthenticationMethodsPolicy>,
    users: Option<Arc<dyn UserDirectory>>,
    secret_key: Option<SecretKey>,
    public_origin: Option<String>,
    methods: Vec<Arc<dyn EnrollmentMethod>>,
    locales: Locales,
    gate_recheck: Duration,
    sign_out: SignOut,
    passkey_alternative: super::PasskeyAlternative,
    notifications: Option<crate::notify::Notifications>,
    client_ip_header: Option<axum::http::HeaderName>,
}

impl CampaignBuilder {
    /// Serves `tenant` too, with `settings` (its plan and enforcement), besides the default
    /// tenant. For many tenants, or tenants that come and go, give a
    /// [`tenant_directory`](Self::tenant_directory) instead.
    pub fn tenant(mut self, tenant: TenantId, settings: TenantSettings) -> Self {
        self.tenants.insert(tenant, settings);
        self
    }

    /// Where the campaign learns which tenants exist (besides the default one) and their
    /// settings. Replaces the tenants given with [`tenant`](Self::tenant).
    pub fn tenant_directory(mut self, directory: Arc<dyn TenantDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// Requires every tenant id but the default one to be a GUID (as Entra's `tid`): a
    /// sign-in or admin token naming another id is refused. Off by default.
    pub fn require_guid_tenant_ids(mut self, required: bool) -> Self {
        self.require_guid_tenant_ids = required;
        self
    }

    /// How many tenants' compiled policies one instance keeps, and how many (estimated) bytes
    /// they may take (defaults [`DEFAULT_CACHED_TENANTS`], [`DEFAULT_CACHED_POLICY_BYTES`]).
    /// The least recently used are dropped first and read again on their next sign-in.
    pub fn policy_cache_bounds(mut self, tenants: usize, bytes: usize) -> Self {
        self.policy_cache = Bounds {
            entries: tenants,
            bytes,
        };
        self
    }

    /// How required registration treats phones and non-browser clients (default
    /// [`Enforcement::Strict`]: no client kind escapes it). [`Enforcement::ClientExemptions`] is
    /// Entra's behaviour, and can be bypassed by a user who edits their User-Agent.
    pub fn enforcement(mut self, enforcement: Enforcement) -> Self {
        self.tenant.enforcement = enforcement;
        self
    }

    /// A campaign for any authenticator app, for hosts that are not Entra: in the default
    /// tenant a TOTP app the user already has (`softwareOath`, `microsoftAuthenticatorOath`)
    /// counts as registered ([`AuthenticatorApps::Any`](crate::AuthenticatorApps::Any); other
    /// tenants set it in their [`TenantSettings`]). The pages name "an authenticator app"
    /// unless [`app_name`](Self::app_name) names one.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .any_authenticator_app()
    ///     .build();
    /// # let _ = campaign;
    /// ```
    pub fn any_authenticator_app(mut self) -> Self {
        self.tenant.authenticator_apps = crate::state::AuthenticatorApps::Any;
        self
    }

    /// Replaces the enrollment methods. The first is offered on the scan step, the others
    /// through "I want to use a different authenticator app". Default: TOTP alone, which every
    /// authenticator app can finish (Microsoft Authenticator included). Push devices speak this
    /// crate's own protocol (`docs/device-protocol.md`), so offer
    /// [`PushMethod`](crate::enroll::PushMethod) only with an app that implements it; its
    /// device endpoints are served only when it is configured:
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, enroll::{PushMethod, TotpMethod}, store::MemoryStore};
    /// let push = PushMethod::new(
    ///     "Contoso Authenticator",
    ///     "https://apps.apple.com/app/id000000000",
    ///     "https://play.google.com/store/apps/details?id=com.contoso.authenticator",
    /// );
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .methods(vec![Arc::new(push), Arc::new(TotpMethod)])
    ///     .build();
    /// # let _ = campaign;
    /// ```
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

    /// The default tenant's plan (free and trial tenants get at most three snoozes). Other
    /// tenants' plans come with them ([`tenant`](Self::tenant), [`tenant_directory`](Self::tenant_directory)).
    pub fn tenant_plan(mut self, plan: TenantPlan) -> Self {
        self.tenant.plan = plan;
        self
    }

    /// The clock (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How long any store call may take (default 2 s): the store is wrapped in a
    /// [`Deadline`]. A decision that times out lets the sign-in through, unless the user is
    /// known to be required to register.
    pub fn store_timeout(mut self, timeout: Duration) -> Self {
        self.store_timeout = timeout;
        self
    }

    /// How long the gate trusts a "not required" answer for a user before asking the store
    /// again (default [`DEFAULT_GATE_RECHECK`](crate::DEFAULT_GATE_RECHECK), 2 s): the longest
    /// a user required on one instance can still reach another instance's app. Users this
    /// instance knows to be required are checked in the store every time.
    pub fn gate_recheck(mut self, every: Duration) -> Self {
        // At most a year, so that an instant plus it never overflows.
        self.gate_recheck = every.min(Duration::from_secs(365 * 86_400));
        self
    }

    /// The host's own sign-out endpoint, where the flow's **Sign out** sends the browser after
    /// ending the flow (default `GET /`). Every page of a required registration has **Sign
    /// out**; the gate always lets this path through.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, SignOut, store::MemoryStore};
    /// // axum-login's examples sign out with `GET /logout`:
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .sign_out(SignOut::get("/logout"))
    ///     .build();
    /// assert_eq!(campaign.sign_out_target().path(), "/logout");
    /// ```
    pub fn sign_out(mut self, sign_out: SignOut) -> Self {
        self.sign_out = sign_out;
        self
    }

    /// Whether a passkey campaign's pages offer an authenticator app instead (default
    /// [`PasskeyAlternative::WhenRequired`](crate::PasskeyAlternative)).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, PasskeyAlternative, store::MemoryStore};
    /// let strict = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .passkey_alternative(PasskeyAlternative::Never)
    ///     .build();
    /// # let _ = strict;
    /// ```
    pub fn passkey_alternative(mut self, alternative: super::PasskeyAlternative) -> Self {
        self.passkey_alternative = alternative;
        self
    }

    /// The policy each tenant starts with: written (version 1, audited as `initial-policy`) the
    /// first time the campaign reads a tenant whose store holds no policy, and never over one
    /// an admin saved, so a restart changes nothing. Without it, a tenant with no stored policy
    /// has Graph's default ("Microsoft managed": nudges only after text-message or voice MFA),
    /// and the log says so once. To overwrite a stored policy, use
    /// [`Campaign::replace_policy`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, policy::CampaignPolicy, store::MemoryStore};
    /// let policy = CampaignPolicy::enabled().all_users().snooze_days(1).limited().build()?;
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .initial_policy(policy)
    ///     .build();
    /// # let _ = campaign;
    /// # Ok::<(), registration_campaign::policy::PolicyError>(())
    /// ```
    pub fn initial_policy(mut self, policy: AuthenticationMethodsPolicy) -> Self {
        self.initial_policy = Some(policy);
        self
    }

    /// How often the policy is re-read from the store (default 1 s), so that a change made on
    /// one instance reaches every instance within that time.
    pub fn policy_refresh(mut self, every: Duration) -> Self {
        self.policy_refresh = every;
        self
    }

    /// The host's user directory ([`UserDirectory`]): the campaign asks it, with the tenant,
    /// for the facts of each user who completes MFA (groups, methods, passkeys, names,
    /// language), and hands it each registration to keep *before* counting it.
    ///
    /// Without one, the campaign knows only what [`MfaCompleted`](crate::MfaCompleted) says
    /// (a user with just the MFA method), and registrations are counted but kept nowhere:
    /// fine for a test, not for a host.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, MemoryDirectory, store::MemoryStore};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .directory(Arc::new(MemoryDirectory::new()))
    ///     .build();
    /// # let _ = campaign;
    /// ```
    pub fn directory(mut self, directory: Arc<dyn UserDirectory>) -> Self {
        self.users = Some(directory);
        self
    }

    /// Tells people: a binding notice after every registration and reminders before
    /// deadlines, composed in each user's language and delivered through the host's
    /// [`Notifier`](crate::notify::Notifier) by
    /// [`Campaign::background_tasks`](Campaign::background_tasks). Recipients come from the
    /// [`directory`](Self::directory) (`DirectoryUser::mail`); reminders need its
    /// [`list_users`](crate::UserDirectory::list_users).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use registration_campaign::{Campaign, MemoryDirectory, store::MemoryStore};
    /// use registration_campaign::notify::{LogNotifier, Notifications};
    /// let campaign = Campaign::builder(Arc::new(MemoryStore::new()))
    ///     .directory(Arc::new(MemoryDirectory::new()))
    ///     .notifications(Notifications::new(Arc::new(LogNotifier)))
    ///     .build();
    /// # let _ = campaign;
    /// ```
    pub fn notifications(mut self, notifications: crate::notify::Notifications) -> Self {
        self.notifications = Some(notifications);
        self
    }

    /// Finishes the campaign.
    pub fn build(self) -> Campaign {
        if self.secure_cookies
            && self
                .public_origin
                .as_deref()
                .is_some_and(|origin| origin.starts_with("http://"))
        {
            // Browsers drop `Secure` cookies on plain http: every nudge would end in "Your
            // setup session expired".
            tracing::warn!(
                target: "registration_campaign",
                "the public origin is plain http but cookies are Secure: browsers will drop the flow cookie; use https, or .secure_cookies(false) for local development only"
            );
        }
        // jsonwebtoken (the admin API's tokens) picks its crypto backend at run time; install
        // ours explicitly so that feature unification in a host's build can never leave it
        // without one.
        #[cfg(feature = "admin")]
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        let store: Arc<dyn CampaignStore> = Arc::new(Deadline::new(self.store, self.store_timeout));
        let directory = self.directory.or_else(|| {
            (!self.tenants.is_empty()).then(|| Arc::new(self.tenants) as Arc<dyn TenantDirectory>)
        });
        Campaign {
            scope: Scope {
                store: TenantStore::new(store.clone(), TenantId::default_tenant()),
                settings: self.tenant,
            },
            inner: Arc::new(Inner {
                store,
                clock: self.clock,
                tenants: TenantRules {
                    default: self.tenant,
                    directory,
                    require_guids: self.require_guid_tenant_ids,
                },
                metrics: CampaignMetrics::default(),
                funnel: Default::default(),
                policy: PolicyCache {
                    refresh: self.policy_refresh,
                    current: TenantCache::new(self.policy_cache),
                    generation: Default::default(),
                    alarm: RwLock::new(Default::default()),
                    initial: self.initial_policy,
                },
                flow: FlowSettings {
                    prefix: self.prefix,
                    branding: self.branding,
                    secure_cookies: self.secure_cookies,
                    keys: self
                        .keys
                        .unwrap_or_else(|| FlowKeys::new(FlowKey::random())),
                    public_origin: self.public_origin,
                    limiter: RateLimiter::default(),
                    required: super::required::RequiredMemory::new(self.gate_recheck),
                    gate_installed: Default::default(),
                    warned_default_policy: Default::default(),
                    sign_out: self.sign_out,
                    client_ip_header: self.client_ip_header,
                },
                enroll: EnrollSettings {
                    app_name: self.app_name,
                    issuer: self.issuer,
                    store_links: self.store_links,
                    announce_default_method: self.announce_default_method,
                    methods: self.methods,
                    directory: self.users,
                    secret_key: self.secret_key.unwrap_or_else(SecretKey::random),
                    qr_codes: Default::default(),
                    passkey_alternative: self.passkey_alternative,
                },
                locales: self.locales,
                outbox: self.notifications.map(super::outbox::Outbox::new),
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
            tenants: TenantList::default(),
            directory: None,
            require_guid_tenant_ids: false,
            policy_cache: Bounds {
                entries: DEFAULT_CACHED_TENANTS,
                bytes: DEFAULT_CACHED_POLICY_BYTES,
            },
            prefix: "/registration-campaign".into(),
            secure_cookies: true,
            keys: None,
            app_name: None,
            issuer: "Registration Campaign".into(),
            branding: crate::branding::Branding::default(),
            store_links: None,
            announce_default_method: false,
            store_timeout: Duration::from_secs(2),
            policy_refresh: Duration::from_secs(1),
            initial_policy: None,
            users: None,
            secret_key: None,
            public_origin: None,
            methods: vec![Arc::new(TotpMethod)],
            locales: Locales::builtin(),
            gate_recheck: super::DEFAULT_GATE_RECHECK,
            sign_out: SignOut::get("/"),
            passkey_alternative: Default::default(),
            notifications: None,
            client_ip_header: None,
        }
    }
}
