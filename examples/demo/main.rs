//! A complete sign-in app with the registration campaign in place, laid out as a host would
//! build it: copy this folder to start your own.
//!
//! ```text
//! cargo run --example demo -- [--listen 127.0.0.1:3000] [--data ./demo-data] [--users FILE]
//!     [--policy FILE] [--postgres URL] [--mfa-code CODE] [--admin-jwt-secret SECRET]
//!     [--admin-jwt-issuer ISS] [--admin-jwt-audience AUD] [--tenant-plan paid|free|trial]
//!     [--session-idle-seconds N] [--max-sessions N] [--push-timeout-seconds N]
//!     [--clock-file FILE]
//! ```
//!
//! Sign in at `/login` with a user of the built-in directory (see the README), enter the
//! text-message code printed at start-up at `/mfa`, and the campaign decides.
//!
//! - `main.rs`: flags, start-up order, the router with the campaign layer around it.
//! - `sign_in.rs`: the host's login and MFA; `MfaCompleted` on the MFA response is the whole
//!   integration.
//! - `pages.rs` and `templates/`: the host's own pages (askama), `assets/demo.css`.
//! - `sessions.rs`: the session map, with idle expiry and a size bound.
//! - `clock.rs`: the demo's time, which tests can move forward (`--clock-file`).
//! - `security.rs`: security headers, same-origin POSTs, a limit on request headers.
//! - `startup.rs`: each start-up failure as one line naming the file, address or database.
//! - `users.rs`: the users file (its format: README, "The demo").
//!
//! Library logs (store failures, fail-opens, refused tokens) go to standard error at `warn`;
//! set `RUST_LOG` (e.g. `RUST_LOG=registration_campaign=info`) to see more.

mod clock;
mod pages;
mod security;
mod serve;
mod sessions;
mod sign_in;
mod startup;
mod users;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use clap::Parser;
use rand::Rng;
use registration_campaign::admin::{
    Actor, AdminAuth, Directory, DirectoryObject, WhatIfRequest, admin_page, graph_api,
};
use registration_campaign::enroll::{
    Authenticator, EnrollmentMethod, PasskeyCredential, PasskeyMethod,
};
use registration_campaign::policy::{AuthenticationMethodsPolicy, TargetType};
use registration_campaign::store::StoreError;
use registration_campaign::{
    BoxError, Campaign, Registration, TenantId, TenantPlan, UserDirectory,
};
use sha2::Digest;

use clock::DemoClock;
use sessions::{Sessions, Stage};
use startup::StartError;
use users::{DirectoryUser, UserKey};

const BUILT_IN_USERS: &str = include_str!("../data/demo-users.json");
const BUILT_IN_POLICY: &str = include_str!("../data/demo-policy.json");

#[derive(Parser, Debug)]
#[command(
    about = "Demo sign-in app with the registration campaign",
    args_override_self = true
)]
struct Args {
    /// Address to listen on, HOST:PORT (a host name such as localhost works too).
    #[arg(long, default_value = "127.0.0.1:3000", value_parser = parse_listen)]
    listen: String,
    /// The origin users reach the demo at, for absolute URLs such as the push QR code's
    /// (default `http://localhost:PORT`, PORT from `--listen`).
    #[arg(long)]
    public_origin: Option<String>,
    /// Directory for the SQLite state.
    #[arg(long, default_value = "./demo-data")]
    data: PathBuf,
    /// Keep the state in PostgreSQL at this URL instead of SQLite (for several instances).
    #[arg(long)]
    postgres: Option<String>,
    /// Users file (default: the built-in directory listed in the README).
    #[arg(long)]
    users: Option<PathBuf>,
    /// Graph authenticationMethodsPolicy JSON to put in force at start.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// The text-message code every user enters at /mfa (default: random, printed at start).
    #[arg(long)]
    mfa_code: Option<String>,
    /// HS256 key for admin bearer tokens (default: random).
    #[arg(long)]
    admin_jwt_secret: Option<String>,
    /// Issuer of admin tokens.
    #[arg(long, default_value = "registration-campaign-demo")]
    admin_jwt_issuer: String,
    /// Audience of admin tokens.
    #[arg(long, default_value = "registration-campaign")]
    admin_jwt_audience: String,
    /// The default tenant's plan.
    #[arg(long, default_value = "paid", value_parser = parse_plan)]
    tenant_plan: TenantPlan,
    /// More organizations to serve: `{"tenants": [{"id", "displayName", "plan"}]}`; users
    /// belong to one with `tenantId`, admin tokens choose one with `tid`.
    #[arg(long)]
    tenants: Option<PathBuf>,
    /// A signed-in session ends after this many seconds without a request (8 hours).
    #[arg(long, default_value_t = 8 * 60 * 60)]
    session_idle_seconds: u64,
    /// At most this many sessions are kept; the least recently used makes room.
    #[arg(long, default_value_t = 10_000)]
    max_sessions: usize,
    /// How long a push sign-in request may be answered, in seconds.
    #[arg(long, default_value_t = 120)]
    push_timeout_seconds: u64,
    /// For tests: run this many seconds ahead of the system clock, as FILE holds (read at
    /// every request; missing means 0), so idle sessions and timeouts need no waiting.
    #[arg(long, value_name = "FILE")]
    clock_file: Option<PathBuf>,
    /// Serve `/metrics` on a listener of its own at this address instead of the demo's (do so
    /// in production: the metrics are for operators, not users).
    #[arg(long, value_parser = parse_listen)]
    metrics_listen: Option<String>,
    /// A request's headers must arrive within this many seconds; a client that trickles them
    /// is cut off.
    #[arg(long, default_value_t = 10)]
    header_read_timeout_seconds: u64,
    /// At most this many connections are open at once; those over it are closed at once.
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// A request must be answered within this many seconds (`408` otherwise).
    #[arg(long, default_value_t = 30)]
    request_timeout_seconds: u64,
    /// Send binding notices and reminders to this SMTP server, HOST:PORT, in plain SMTP
    /// without a login (a local mail catcher). Without it, messages are written to the log.
    #[arg(long, value_parser = parse_listen)]
    smtp: Option<String>,
    /// The sender of the demo's messages.
    #[arg(long, default_value = "Contoso (demo) <no-reply@contoso.test>")]
    mail_from: String,
    /// How often, in seconds, users are checked for reminders due.
    #[arg(long, default_value_t = 10)]
    reminder_check_seconds: u64,
    /// Which push app the flow offers first: `contoso` (the crate's own protocol, played by
    /// the device simulator, `examples/device.rs`) or `privacyidea` (the privacyIDEA
    /// Authenticator app from the stores; see docs/privacyidea-push.md).
    #[arg(long, default_value = "contoso", value_parser = ["contoso", "privacyidea"])]
    push: String,
}

fn parse_listen(s: &str) -> Result<String, String> {
    match s.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => Ok(s.to_owned()),
        _ => Err("expected HOST:PORT, for example 127.0.0.1:3000 or localhost:3000".to_owned()),
    }
}

fn parse_plan(s: &str) -> Result<TenantPlan, String> {
    TenantPlan::parse(s).ok_or_else(|| "expected paid, free or trial".to_owned())
}

/// The host's state, shared by its handlers.
#[derive(Clone)]
struct App {
    users: Arc<Mutex<Vec<DirectoryUser>>>,
    /// Users' TOTP secrets from their registrations, by (tenant, user). A real host keeps them
    /// encrypted in its user directory; the demo keeps them in memory, like the methods.
    totp_secrets: Arc<Mutex<HashMap<UserKey, String>>>,
    /// Users' passkeys from their registrations, by (tenant, user) (in memory, like the secrets).
    passkeys: Arc<Mutex<HashMap<UserKey, Vec<PasskeyCredential>>>>,
    /// Passkey registration and sign-in; `None` when the public origin has no domain name.
    passkey_method: Option<Arc<PasskeyMethod>>,
    sessions: Arc<Sessions>,
    mfa_code: Arc<str>,
    campaign: Campaign,
    /// The `metrics` facade's Prometheus recorder, for `/metrics`.
    prometheus: Option<metrics_exporter_prometheus::PrometheusHandle>,
    /// Where the campaign serves its stylesheet (the demo's pages use it too).
    campaign_css: Arc<str>,
    push_timeout: Duration,
    /// The demo's time (the campaign's too).
    clock: DemoClock,
}

impl App {
    fn user(&self, key: &UserKey) -> Option<DirectoryUser> {
        lock(&self.users)
            .iter()
            .find(|u| u.id == key.id && u.tenant_id == key.tenant)
            .cloned()
    }

    /// The campaign serving the user's organization (start-up checked that every user's
    /// tenant is served).
    fn campaign_of(&self, key: &UserKey) -> Campaign {
        self.campaign
            .for_tenant(&key.tenant)
            .unwrap_or_else(|_| self.campaign.clone())
    }

    /// The passkeys the user registered.
    fn passkeys_of(&self, key: &UserKey) -> Vec<PasskeyCredential> {
        lock(&self.passkeys).get(key).cloned().unwrap_or_default()
    }

    /// The TOTP secret the user registered, if any.
    fn totp_secret(&self, key: &UserKey) -> Option<String> {
        lock(&self.totp_secrets).get(key).cloned()
    }

    fn user_by_upn(&self, upn: &str) -> Option<DirectoryUser> {
        lock(&self.users)
            .iter()
            .find(|u| u.user_principal_name.eq_ignore_ascii_case(upn))
            .cloned()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber_init();
    let args = match Args::try_parse() {
        Ok(args) => args,
        // --help and --version print as usual.
        Err(e) if !e.use_stderr() => e.exit(),
        // A bad flag: one line with clap's message and its suggestion, status 2.
        Err(e) => {
            let text = e.to_string();
            let line: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("error:") || l.starts_with("tip:"))
                .map(|l| l.trim_start_matches("error:").trim())
                .collect();
            eprintln!("demo: {} (see --help)", line.join("; "));
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Shows the library's warnings (store failures, fail-opens, refused tokens) and, without
/// `--smtp`, the messages it would send, on standard error; `RUST_LOG` overrides, e.g.
/// `RUST_LOG=registration_campaign=info` to see every decision.
fn tracing_subscriber_init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,registration_campaign::notify=info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

async fn run(args: Args) -> Result<(), StartError> {
    // 1. Read and check everything given on the command line; nothing is written yet.
    let users = startup::read_users(args.users.as_deref(), BUILT_IN_USERS)?;
    let tenants = match &args.tenants {
        Some(path) => startup::read_tenants(path, &users)?.tenants,
        None => {
            startup::check_user_tenants(&users, &Default::default()).map_err(|reason| {
                StartError::UsersFile {
                    path: args.users.clone().unwrap_or_default(),
                    reason: format!("{reason} (give one with --tenants)"),
                }
            })?;
            Vec::new()
        }
    };
    let policy = args
        .policy
        .as_deref()
        .map(startup::read_policy)
        .transpose()?;
    let admin_secret = args
        .admin_jwt_secret
        .clone()
        .unwrap_or_else(sessions::random_id);
    let default_admin_token = admin_token(
        &admin_secret,
        &args.admin_jwt_issuer,
        &args.admin_jwt_audience,
        None,
    )
    .map_err(|e| StartError::AdminToken(e.to_string()))?;

    // 2. Take the port: if another demo runs there, stop before touching its data.
    let listener = startup::listen(&args.listen).await?;
    let metrics_listener = match &args.metrics_listen {
        Some(address) => Some(startup::listen(address).await?),
        None => None,
    };

    // 3. Open the store and put the policy in force.
    let store = match &args.postgres {
        Some(url) => startup::connect_postgres(url).await?,
        None => startup::open_sqlite(&args.data).await?,
    };
    let users = Arc::new(Mutex::new(users.users));
    let totp_secrets = Arc::new(Mutex::new(HashMap::new()));
    let passkeys = Arc::new(Mutex::new(HashMap::new()));
    let public_origin = match &args.public_origin {
        Some(origin) => origin.clone(),
        None => {
            let port = listener.local_addr().map_or(0, |a| a.port());
            format!("http://localhost:{port}")
        }
    };
    // Passkeys are bound to the public origin's host name (the relying party id).
    let directory = Arc::new(DemoUsers {
        users: users.clone(),
        totp_secrets: totp_secrets.clone(),
        passkeys: passkeys.clone(),
    });
    let passkey_method = match url::Url::parse(&public_origin)
        .map_err(|e| e.to_string())
        .and_then(|origin| {
            PasskeyMethod::for_origin(&origin, "Contoso (demo)", directory.clone())
                .map_err(|e| e.to_string())
        }) {
        Ok(method) => Some(Arc::new(method)),
        Err(reason) => {
            eprintln!("demo: warning: passkeys are off: {reason}");
            None
        }
    };
    // Push first (with the device simulator as the phone), TOTP as the alternative; passkeys
    // for the users a passkey campaign targets.
    let push: Arc<dyn EnrollmentMethod> = match args.push.as_str() {
        // A real phone: the QR code names the public origin, and the app checks its TLS
        // certificate whenever that origin is https.
        "privacyidea" => Arc::new(
            registration_campaign::privacyidea::PrivacyIdeaPush::new()
                .ssl_verify(public_origin.starts_with("https://")),
        ),
        // The push app: "Contoso Authenticator", played by the device simulator
        // (examples/device.rs); its "store" is the demo's page on how to run it.
        _ => Arc::new(registration_campaign::enroll::PushMethod::new(
            "Contoso Authenticator",
            "/device-app",
            "/device-app",
        )),
    };
    let mut methods: Vec<Arc<dyn EnrollmentMethod>> =
        vec![push, Arc::new(registration_campaign::enroll::TotpMethod)];
    if let Some(method) = &passkey_method {
        methods.push(method.clone());
    }
    // Every key from one secret in the data directory: a restart keeps open flows.
    let secret = startup::host_secret(&args.data)?;
    let clock = DemoClock::new(args.clock_file.clone());
    let mut builder = Campaign::builder(store.clone())
        .clock(Arc::new(clock.clone()))
        .keys_from_secret(&secret)
        .expect("the host secret has 32 bytes");
    for tenant in &tenants {
        builder = builder.tenant(
            tenant.id.clone(),
            registration_campaign::TenantSettings {
                plan: tenant.plan,
                ..Default::default()
            },
        );
    }
    let campaign = builder
        .secure_cookies(false)
        .public_origin(public_origin.clone())
        .tenant_plan(args.tenant_plan)
        .issuer("Contoso (demo)")
        .branding(
            registration_campaign::Branding::builder()
                .organization_name("Contoso")
                .build()
                .unwrap_or_default(),
        )
        .methods(methods)
        // The flow's Sign out ends the flow, then posts to the demo's own sign-out.
        .sign_out(registration_campaign::SignOut::post("/logout"))
        // The campaign's languages plus the demo's own messages: the flow and the demo's
        // pages speak the browser's language.
        .locales(pages::locales())
        .directory(directory)
        .notifications(notifications(&args, &public_origin))
        // The demo makes a new method the user's default one, as Entra does, and says so.
        .announce_default_method(true)
        .build();
    let stored_in = match &args.postgres {
        Some(url) => format!("PostgreSQL at {}", startup::hide_password(url)),
        None => format!("the data directory {}", args.data.display()),
    };
    let policy = match policy {
        Some(policy) => Some(policy),
        None => match campaign.store().load_policy().await {
            Ok(Some(_)) => None,
            Ok(None) => Some(
                AuthenticationMethodsPolicy::from_json(BUILT_IN_POLICY)
                    .expect("the built-in policy is valid"),
            ),
            // A stored document that cannot be read back does not stop the campaign: the last
            // good policy stays in force and an admin repairs it by saving a change. Leave the
            // row alone (it is evidence) and tell the operator.
            Err(StoreError::Decode(reason)) => {
                eprintln!(
                    "demo: warning: the policy stored in {stored_in} cannot be read ({reason}); the last good policy stays in force until an admin saves a change at /admin/ or with PATCH /v1.0/policies/authenticationMethodsPolicy"
                );
                None
            }
            Err(e) => {
                return Err(StartError::StoredPolicy {
                    place: stored_in,
                    reason: e.to_string(),
                });
            }
        },
    };
    if let Some(policy) = policy {
        campaign
            .replace_policy(policy)
            .await
            .map_err(|e| StartError::PutPolicy {
                source_name: match &args.policy {
                    Some(path) => path.display().to_string(),
                    None => "the built-in policy".to_owned(),
                },
                place: stored_in,
                reason: e.to_string(),
            })?;
    }

    // 4. Serve.
    let sessions = Arc::new(Sessions::new(
        sessions::Limits {
            idle: Duration::from_secs(args.session_idle_seconds),
            max_sessions: args.max_sessions,
        },
        clock.clone(),
    ));
    let prometheus = install_metrics();
    // Every metric described and its counters at zero before the first request.
    registration_campaign::describe_metrics();
    // Background work is owned here: expired campaign records and the host's idle sessions.
    if let Some(handle) = prometheus.clone() {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        });
    }
    tokio::spawn(campaign.clone().background_tasks());
    tokio::spawn(sessions.clone().sweep_continuously());
    let app = App {
        users,
        totp_secrets,
        passkeys,
        passkey_method,
        sessions,
        mfa_code: args
            .mfa_code
            .clone()
            .unwrap_or_else(|| format!("{:06}", rand::thread_rng().gen_range(0..1_000_000)))
            .into(),
        campaign_css: format!("{}/assets/campaign.css", campaign.prefix()).into(),
        prometheus,
        campaign: campaign.clone(),
        push_timeout: Duration::from_secs(args.push_timeout_seconds),
        clock,
    };
    let auth = AdminAuth::hs256(
        admin_secret.as_bytes(),
        &args.admin_jwt_issuer,
        &args.admin_jwt_audience,
    );
    let router = router(app.clone(), auth, args.metrics_listen.is_none());

    let address = listener.local_addr().map_err(|e| StartError::Listen {
        address: args.listen.clone(),
        reason: e.to_string(),
    })?;
    say(format_args!(
        "registration-campaign demo listening on http://{address}/"
    ));
    if let Some(address) = &args.metrics_listen {
        say(format_args!("metrics on http://{address}/metrics"));
    }
    // Passkeys are bound to the public origin's host name: open the demo there.
    say(format_args!("open {public_origin}/ in a browser"));
    say(format_args!(
        "text-message code for every user: {}",
        app.mfa_code
    ));
    say(format_args!(
        "default tenant: {}",
        registration_campaign::DEFAULT_TENANT
    ));
    for tenant in &tenants {
        let token = admin_token(
            &admin_secret,
            &args.admin_jwt_issuer,
            &args.admin_jwt_audience,
            Some(&tenant.id),
        )
        .map_err(|e| StartError::AdminToken(e.to_string()))?;
        say(format_args!(
            "admin bearer token for tenant {} ({}): {token}",
            tenant.id, tenant.display_name
        ));
    }
    // Last: scripts (and the tests) read up to this line.
    say(format_args!(
        "admin bearer token (valid 1 hour): {default_admin_token}"
    ));
    let limits = serve::Limits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout_seconds.max(1)),
        max_connections: args.max_connections.max(1),
        request_timeout: Duration::from_secs(args.request_timeout_seconds.max(1)),
    };
    if let Some(listener) = metrics_listener {
        let metrics_app = Router::new()
            .route("/metrics", get(metrics))
            .with_state(app.clone());
        tokio::spawn(serve::serve(
            listener,
            metrics_app,
            limits,
            std::future::pending(),
        ));
    }
    serve::serve(listener, router, limits, shutdown_signal()).await;
    let served = Ok(());
    // Funnel counts are written in the background: write what is left before leaving.
    campaign.flush_events().await;
    say(format_args!("registration-campaign demo stopped"));
    served
}

/// Ctrl-C, or SIGTERM (what a service manager or container runtime sends): stop taking new
/// connections, finish the ones in flight, then return.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// The demo's routes, the admin API and page, and the campaign layer around them.
fn router(app: App, auth: AdminAuth, metrics_here: bool) -> Router {
    let campaign = app.campaign.clone();
    let directory = Arc::new(DemoDirectory(app.users.clone()));
    let admin = admin_page(campaign.clone(), Some(directory))
        .layer(middleware::from_fn_with_state(app.clone(), require_admin));
    let pages = Router::new()
        .route("/", get(sign_in::home))
        .route("/login", get(sign_in::login_page).post(sign_in::login))
        .route("/mfa", get(sign_in::mfa_page).post(sign_in::mfa))
        .route("/mfa/push", post(sign_in::mfa_push))
        .route("/mfa/passkey", post(sign_in::mfa_passkey))
        .route("/logout", post(sign_in::logout))
        .route("/device-app", get(sign_in::device_app))
        .route("/demo.css", get(pages::stylesheet))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .fallback(sign_in::not_found)
        .layer(middleware::map_response(security::page_headers));
    // `/metrics` here unless `--metrics-listen` moved it to a listener of its own.
    let pages = if metrics_here {
        pages.route("/metrics", get(metrics))
    } else {
        pages
    };
    Router::new()
        .nest_service("/v1.0", graph_api(campaign.clone(), auth.clone()))
        .nest_service("/beta", graph_api(campaign.clone(), auth))
        .nest_service("/admin", admin)
        .merge(pages)
        .layer(middleware::from_fn(security::same_origin_posts))
        // A user who must register reaches nothing of the demo's, whatever their session.
        .layer(
            campaign
                .gate(DemoSignedInUser(app.clone()))
                .allow_path("/demo.css")
                .allow_path("/healthz")
                .allow_path("/readyz")
                .allow_path("/metrics"),
        )
        .with_state(app)
        // The campaign sees every MFA response on its way out.
        .layer(campaign.layer())
        // Outermost: oversized headers are refused before anything parses them.
        .layer(middleware::from_fn(security::limit_request_headers))
}

/// Who a request's demo session has signed in (for the campaign's gate).
struct DemoSignedInUser(App);

impl registration_campaign::gate::SignedInUser for DemoSignedInUser {
    fn signed_in_user<'r>(
        &'r self,
        request: registration_campaign::gate::RequestHead<'r>,
    ) -> impl Future<Output = Option<registration_campaign::gate::UserRef<'r>>> + Send + 'r {
        let user = match self.0.sessions.find(request.headers) {
            Some((_, Stage::SignedIn { user_id })) => Some(
                registration_campaign::gate::UserRef::new(user_id.tenant, user_id.id),
            ),
            _ => None,
        };
        std::future::ready(user)
    }
}

/// `200` when the store answers, `503` when it does not.
async fn readyz(State(app): State<App>) -> Response {
    match app.campaign.ready().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(error) => {
            tracing::warn!(%error, "not ready: the store does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "the store does not answer").into_response()
        }
    }
}

/// The campaign's counters for Prometheus: everything the library reports through the
/// `metrics` facade (decisions by outcome and reason, store call durations and failures by
/// operation, timeouts, fail-opens, funnel events, purges, the change feed), each described.
async fn metrics(State(app): State<App>) -> Response {
    let text = app
        .prometheus
        .as_ref()
        .map(metrics_exporter_prometheus::PrometheusHandle::render)
        .unwrap_or_default();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// Installs the Prometheus recorder for the `metrics` facade; `None` (with a warning) when
/// another recorder is already installed.
fn install_metrics() -> Option<metrics_exporter_prometheus::PrometheusHandle> {
    const STORE_CALL_BUCKETS: [f64; 10] = [
        0.000_1, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5,
    ];
    let builder = metrics_exporter_prometheus::PrometheusBuilder::new().set_buckets_for_metric(
        metrics_exporter_prometheus::Matcher::Full(
            "registration_campaign_store_call_seconds".into(),
        ),
        &STORE_CALL_BUCKETS,
    );
    match builder.and_then(metrics_exporter_prometheus::PrometheusBuilder::install_recorder) {
        Ok(handle) => Some(handle),
        Err(error) => {
            eprintln!("demo: warning: no /metrics from the metrics facade: {error}");
            None
        }
    }
}

/// One line on standard output. Unlike `println!`, a reader that went away (`demo | head`)
/// does not end the server.
fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// The demo's user directory, as the campaign asks it: users, secrets and passkeys by
/// (tenant, user), in memory. A real host reads its own tables; the demo's cannot fail.
struct DemoUsers {
    users: Arc<Mutex<Vec<DirectoryUser>>>,
    totp_secrets: Arc<Mutex<HashMap<UserKey, String>>>,
    passkeys: Arc<Mutex<HashMap<UserKey, Vec<PasskeyCredential>>>>,
}

impl DemoUsers {
    fn key(tenant: &TenantId, id: &str) -> UserKey {
        UserKey {
            tenant: tenant.clone(),
            id: id.to_owned(),
        }
    }
}

#[registration_campaign::async_trait]
impl UserDirectory for DemoUsers {
    async fn user(
        &self,
        tenant: &TenantId,
        id: &str,
    ) -> Result<Option<registration_campaign::DirectoryUser>, BoxError> {
        let key = Self::key(tenant, id);
        let Some(user) = lock(&self.users).iter().find(|u| u.key() == key).cloned() else {
            return Ok(None);
        };
        let passkeys = lock(&self.passkeys).get(&key).cloned().unwrap_or_default();
        let mut found = registration_campaign::DirectoryUser::new(&user.id, &user.display_name)
            .with_sign_in_name(&user.user_principal_name)
            .with_mail(user.mail.as_deref().unwrap_or(&user.user_principal_name))
            .with_user_type(user.user_type)
            .with_groups(user.groups.iter().cloned())
            .with_methods(user.methods.iter().copied());
        for passkey in &passkeys {
            found = found.with_passkey(&passkey.credential_id, passkey.known());
        }
        Ok(Some(found))
    }

    /// What the host does when a user registers an authenticator: a real host stores it and
    /// makes it the user's default sign-in method; the demo adds it to the user's methods in
    /// memory and keeps a TOTP secret or passkey for the next sign-in.
    async fn save_registration(
        &self,
        tenant: &TenantId,
        registration: &Registration,
    ) -> Result<(), BoxError> {
        let key = Self::key(tenant, &registration.user_id);
        match &registration.authenticator {
            Authenticator::Totp { secret } => {
                lock(&self.totp_secrets).insert(key.clone(), secret.clone());
            }
            Authenticator::Passkey(passkey) => {
                let mut passkeys = lock(&self.passkeys);
                let list = passkeys.entry(key.clone()).or_default();
                if !list
                    .iter()
                    .any(|p| p.credential_id == passkey.credential_id)
                {
                    list.push(passkey.clone());
                }
            }
            _ => {}
        }
        let mut users = lock(&self.users);
        if let (Some(method), Some(user)) = (
            registration.auth_method(),
            users.iter_mut().find(|u| u.key() == key),
        ) && !user.methods.contains(&method)
        {
            user.methods.insert(0, method);
        }
        say(format_args!(
            "registered {} ({}) for {} of tenant {}",
            registration.display_name,
            registration.method(),
            registration.user_id,
            tenant
        ));
        Ok(())
    }

    /// Every user of `tenant` on one page (the demo's directory is small).
    async fn list_users(
        &self,
        tenant: &TenantId,
        _page: Option<&str>,
    ) -> Result<registration_campaign::UserPage, BoxError> {
        let ids: Vec<String> = lock(&self.users)
            .iter()
            .filter(|u| &u.tenant_id == tenant)
            .map(|u| u.id.clone())
            .collect();
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            users.extend(self.user(tenant, &id).await?);
        }
        Ok(registration_campaign::UserPage::new(users, None))
    }

    async fn passkey_owner(
        &self,
        tenant: &TenantId,
        credential_id: &str,
    ) -> Result<Option<String>, BoxError> {
        Ok(lock(&self.passkeys)
            .iter()
            .find(|(key, list)| {
                &key.tenant == tenant && list.iter().any(|p| p.credential_id == credential_id)
            })
            .map(|(key, _)| key.id.clone()))
    }
}

/// Binding notices and reminders: by plain SMTP with `--smtp`, else to the log.
fn notifications(args: &Args, public_origin: &str) -> registration_campaign::notify::Notifications {
    use registration_campaign::notify::{LogNotifier, Notifications, Notifier, SmtpNotifier};
    let notifier: Arc<dyn Notifier> = match &args.smtp {
        Some(address) => {
            let (host, port) = address.rsplit_once(':').unwrap_or((address, "25"));
            let port = port.parse().unwrap_or(25);
            match SmtpNotifier::plain(host, port, &args.mail_from) {
                Ok(smtp) => Arc::new(smtp),
                Err(error) => {
                    eprintln!("--mail-from: {error}");
                    std::process::exit(2);
                }
            }
        }
        None => Arc::new(LogNotifier),
    };
    Notifications::new(notifier)
        .sign_in_url(format!("{public_origin}/login"))
        .reminder_check(std::time::Duration::from_secs(
            args.reminder_check_seconds.max(1),
        ))
}

/// A bearer token for the Graph-compatible admin API, signed with the demo's HS256 key, for
/// `tenant` (`tid`; the default tenant without one).
fn admin_token(
    secret: &str,
    issuer: &str,
    audience: &str,
    tenant: Option<&registration_campaign::TenantId>,
) -> Result<String, jsonwebtoken::errors::Error> {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut claims = serde_json::json!({
        "iss": issuer, "aud": audience, "sub": "demo-admin", "oid": "ad000000-0000-4000-8000-000000000001",
        "upn": "admin@contoso.test", "scp": "Policy.ReadWrite.AuthenticationMethod",
        "wids": ["0526716b-113d-4c15-b2c8-68e3c22b9f80"],
        "iat": now, "nbf": now, "exp": now + 3600,
    });
    if let Some(tenant) = tenant {
        claims["tid"] = serde_json::Value::from(tenant.as_str());
    }
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
}

/// The demo's groups: its users file names only their ids, so their names live here.
const DEMO_GROUPS: [(&str, &str); 4] = [
    ("5a1e5000-0000-4000-8000-0000000000a1", "Staff"),
    ("c0ffee00-0000-4000-8000-00000000e0c1", "Exempt"),
    (
        "9a55e000-0000-4000-8000-0000000000b2",
        "Passwordless pilots",
    ),
    ("9a55c0de-0000-4000-8000-0000000000c3", "Passkey pilots"),
];

/// The admin page's view of the demo directory: names for ids, users by sign-in name or name,
/// groups by name, and a user's facts for what-if.
struct DemoDirectory(Arc<Mutex<Vec<DirectoryUser>>>);

impl Directory for DemoDirectory {
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
        match target_type {
            TargetType::User => lock(&self.0)
                .iter()
                .find(|u| u.id.eq_ignore_ascii_case(id))
                .map(|u| u.display_name.clone()),
            TargetType::Group => DEMO_GROUPS
                .iter()
                .find(|(group, _)| group.eq_ignore_ascii_case(id))
                .map(|(_, name)| (*name).to_owned()),
        }
    }

    fn find_by_name(&self, name: &str) -> Vec<DirectoryObject> {
        let users = lock(&self.0)
            .iter()
            .filter(|u| {
                u.user_principal_name.eq_ignore_ascii_case(name)
                    || u.display_name.eq_ignore_ascii_case(name)
            })
            .map(|u| DirectoryObject {
                target_type: TargetType::User,
                id: u.id.clone(),
                display_name: u.display_name.clone(),
                sign_in_name: Some(u.user_principal_name.clone()),
            })
            .collect::<Vec<_>>();
        let groups = DEMO_GROUPS
            .iter()
            .filter(|(_, group)| group.eq_ignore_ascii_case(name))
            .map(|(id, group)| DirectoryObject {
                target_type: TargetType::Group,
                id: (*id).to_owned(),
                display_name: (*group).to_owned(),
                sign_in_name: None,
            });
        users.into_iter().chain(groups).collect()
    }

    fn what_if_user(&self, id: &str) -> Option<WhatIfRequest> {
        lock(&self.0)
            .iter()
            .find(|u| u.id.eq_ignore_ascii_case(id))
            .map(DirectoryUser::what_if_request)
    }
}

/// The admin page is for signed-in admins only (in the demo: users whose UPN starts with
/// `admin@`); their identity goes to the audit log.
async fn require_admin(
    State(app): State<App>,
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let signed_in = match app.sessions.find(request.headers()) {
        Some((session, Stage::SignedIn { user_id })) => {
            app.user(&user_id).map(|user| (user, session))
        }
        _ => None,
    };
    let Some((admin, session)) = signed_in else {
        return Redirect::to("/login").into_response();
    };
    if !admin.is_admin() {
        // Signed in, but not as an admin: say so, rather than send them to a sign-in page
        // they have already passed.
        let t = pages::texts(app.campaign.locales(), request.headers());
        return pages::render(
            StatusCode::FORBIDDEN,
            &t,
            &pages::MessagePage {
                t: &t,
                campaign_css: &app.campaign_css,
                heading: t.text("demo-not-admin-title"),
                message: t
                    .fmt("demo-not-admin")
                    .arg("name", admin.user_principal_name.as_str())
                    .plain(),
                link_href: "/",
                link_text: t.text("demo-back-home"),
            },
        );
    }
    // The page's CSRF tokens are valid in this sign-in session only (a hash of its id: the id
    // itself is a credential and is never handed over).
    let session_hash: String = sha2::Sha256::digest(session.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    request
        .extensions_mut()
        .insert(registration_campaign::admin::AdminSession(session_hash));
    request.extensions_mut().insert(Actor {
        id: admin.id.clone(),
        user_principal_name: Some(admin.user_principal_name.clone()),
    });
    // An organization's admins manage their own organization's campaign.
    request.extensions_mut().insert(admin.tenant_id.clone());
    next.run(request).await
}
