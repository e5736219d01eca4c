//! A complete sign-in app with the registration campaign in place.
//!
//! ```text
//! cargo run --example demo -- [--listen 127.0.0.1:3000] [--data ./demo-data] [--users FILE]
//!     [--policy FILE] [--mfa-code CODE] [--admin-jwt-secret SECRET]
//!     [--admin-jwt-issuer ISS] [--admin-jwt-audience AUD] [--tenant-plan paid|free|trial]
//! ```
//!
//! Sign in at `/login` with a user of the built-in directory (see the README), enter the
//! text-message code printed at start-up at `/mfa`, and the campaign decides.
//!
//! The demo's own forms are protected against cross-site posts by checking `Origin` and
//! `Sec-Fetch-Site` (its session cookie is also `SameSite=Lax`); the campaign's forms carry their
//! own CSRF tokens.

mod users;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Router, middleware};
use clap::Parser;
use rand::Rng;
use registration_campaign::admin::{Actor, AdminAuth, Directory, admin_page, graph_api};
use registration_campaign::enroll::{PushChallengeState, RegisteredMethod};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::policy::TargetType;
use registration_campaign::store::{CampaignStore, PostgresStore, SqliteStore};
use registration_campaign::{AuthMethod, Campaign, MfaCompleted, TenantPlan};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use users::{DirectoryUser, UsersFile};

const BUILT_IN_USERS: &str = include_str!("../data/demo-users.json");
const BUILT_IN_POLICY: &str = include_str!("../data/demo-policy.json");
const SESSION_COOKIE: &str = "demo_session";

#[derive(Parser, Debug)]
#[command(about = "Demo sign-in app with the registration campaign")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
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
    /// The tenant's plan.
    #[arg(long, default_value = "paid", value_parser = parse_plan)]
    tenant_plan: TenantPlan,
}

fn parse_plan(s: &str) -> Result<TenantPlan, String> {
    TenantPlan::parse(s).ok_or_else(|| "expected paid, free or trial".to_owned())
}

/// Where a browser is in the demo's own sign-in.
#[derive(Debug, Clone)]
enum Stage {
    PasswordVerified {
        user_id: String,
    },
    /// A number-matched push went to the user's registered device.
    PushSent {
        user_id: String,
        challenge_id: String,
        number: String,
        device_name: String,
    },
    SignedIn {
        user_id: String,
    },
}

#[derive(Clone)]
struct App {
    users: Arc<Mutex<Vec<DirectoryUser>>>,
    sessions: Arc<Mutex<HashMap<String, Stage>>>,
    mfa_code: Arc<String>,
    campaign: Option<Campaign>,
}

impl App {
    fn user(&self, id: &str) -> Option<DirectoryUser> {
        lock(&self.users).iter().find(|u| u.id == id).cloned()
    }

    fn session(&self, headers: &HeaderMap) -> Option<(String, Stage)> {
        let id = cookie_value(headers, SESSION_COOKIE)?;
        let stage = lock(&self.sessions).get(&id).cloned()?;
        Some((id, stage))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

fn random_token() -> String {
    let bytes: [u8; 16] = rand::thread_rng().r#gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber_init();
    let args = Args::parse();

    let users: UsersFile = match &args.users {
        Some(path) => serde_json::from_str(&std::fs::read_to_string(path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?,
        None => serde_json::from_str(BUILT_IN_USERS)?,
    };
    let store: Arc<dyn CampaignStore> = match &args.postgres {
        Some(url) => Arc::new(PostgresStore::connect(url).await?),
        None => {
            std::fs::create_dir_all(&args.data)?;
            Arc::new(SqliteStore::open(args.data.join("campaign.sqlite3")).await?)
        }
    };
    let app = App {
        users: Arc::new(Mutex::new(users.users)),
        sessions: Arc::default(),
        mfa_code: Arc::new(
            args.mfa_code
                .clone()
                .unwrap_or_else(|| format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))),
        ),
        campaign: None,
    };

    let registered_users = app.users.clone();
    let campaign = Campaign::builder(store.clone())
        .secure_cookies(false)
        .tenant_plan(args.tenant_plan)
        .issuer("Contoso (demo)")
        .on_registered(move |registration| {
            // A real host stores the authenticator and makes it the default sign-in method.
            let method = match registration.method {
                RegisteredMethod::Push => AuthMethod::MicrosoftAuthenticatorPush,
                _ => AuthMethod::SoftwareOath,
            };
            let mut users = lock(&registered_users);
            if let Some(user) = users.iter_mut().find(|u| u.id == registration.user_id)
                && !user.methods.contains(&method)
            {
                user.methods.insert(0, method);
            }
            println!(
                "registered {} ({}) for {}",
                registration.display_name, registration.method, registration.user_id
            );
        })
        .build();
    let app = App {
        campaign: Some(campaign.clone()),
        ..app
    };

    match &args.policy {
        Some(path) => {
            let policy = AuthenticationMethodsPolicy::from_json(&std::fs::read_to_string(path)?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            campaign.replace_policy(policy).await?;
        }
        None => {
            if store.load_policy().await?.is_none() {
                campaign
                    .replace_policy(AuthenticationMethodsPolicy::from_json(BUILT_IN_POLICY)?)
                    .await?;
            }
        }
    }

    let admin_secret = args.admin_jwt_secret.clone().unwrap_or_else(random_token);
    let admin_token = admin_token(
        &admin_secret,
        &args.admin_jwt_issuer,
        &args.admin_jwt_audience,
    )?;

    let auth = AdminAuth::hs256(
        admin_secret.as_bytes(),
        &args.admin_jwt_issuer,
        &args.admin_jwt_audience,
    );
    let directory = Arc::new(DemoDirectory(app.users.clone()));
    let admin = admin_page(campaign.clone(), Some(directory))
        .layer(middleware::from_fn_with_state(app.clone(), require_admin));
    let router = Router::new()
        .nest_service("/v1.0", graph_api(campaign.clone(), auth.clone()))
        .nest_service("/beta", graph_api(campaign.clone(), auth))
        .nest_service("/admin", admin)
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/mfa", get(mfa_page).post(mfa))
        .route("/mfa/push", axum::routing::post(mfa_push))
        .route("/logout", axum::routing::post(logout))
        .layer(middleware::from_fn(same_origin_posts))
        .with_state(app.clone())
        .layer(campaign.layer());

    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let address = listener.local_addr()?;
    println!("registration-campaign demo listening on http://{address}/");
    println!("text-message code for every user: {}", app.mfa_code);
    println!("admin bearer token (valid 1 hour): {admin_token}");
    axum::serve(listener, router).await?;
    Ok(())
}

/// Shows the library's warnings (store failures, fail-opens, refused tokens) on standard error;
/// `RUST_LOG` overrides, e.g. `RUST_LOG=registration_campaign=info` to see every decision.
fn tracing_subscriber_init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

/// A bearer token for the Graph-compatible admin API, signed with the demo's HS256 key.
fn admin_token(
    secret: &str,
    issuer: &str,
    audience: &str,
) -> Result<String, jsonwebtoken::errors::Error> {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = serde_json::json!({
        "iss": issuer, "aud": audience, "sub": "demo-admin", "oid": "ad000000-0000-4000-8000-000000000001",
        "upn": "admin@contoso.test", "scp": "Policy.ReadWrite.AuthenticationMethod",
        "wids": ["0526716b-113d-4c15-b2c8-68e3c22b9f80"],
        "iat": now, "nbf": now, "exp": now + 3600,
    });
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
}

/// Names for the admin page, from the demo directory (groups by their well-known ids).
struct DemoDirectory(Arc<Mutex<Vec<DirectoryUser>>>);

impl Directory for DemoDirectory {
    fn display_name(&self, target_type: TargetType, id: &str) -> Option<String> {
        match target_type {
            TargetType::User => lock(&self.0)
                .iter()
                .find(|u| u.id.eq_ignore_ascii_case(id))
                .map(|u| u.display_name.clone()),
            TargetType::Group => match id {
                "5a1e5000-0000-4000-8000-0000000000a1" => Some("Staff".into()),
                "c0ffee00-0000-4000-8000-00000000e0c1" => Some("Exempt".into()),
                "9a55e000-0000-4000-8000-0000000000b2" => Some("Passwordless pilots".into()),
                _ => None,
            },
        }
    }
}

/// The admin page is for signed-in admins only (in the demo: users whose UPN starts with
/// `admin@`); their identity goes to the audit log.
async fn require_admin(
    State(app): State<App>,
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let admin = match app.session(request.headers()) {
        Some((_, Stage::SignedIn { user_id })) => app
            .user(&user_id)
            .filter(|u| u.user_principal_name.starts_with("admin@")),
        _ => None,
    };
    let Some(admin) = admin else {
        return Redirect::to("/login").into_response();
    };
    request.extensions_mut().insert(Actor {
        id: admin.id.clone(),
        user_principal_name: Some(admin.user_principal_name.clone()),
    });
    next.run(request).await
}

/// Refuses state-changing requests that a browser marks as cross-site.
async fn same_origin_posts(request: axum::extract::Request, next: middleware::Next) -> Response {
    if request.method() == axum::http::Method::POST {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site");
        let foreign_origin = match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
            (Some(origin), Some(host)) => {
                let origin = origin.to_str().unwrap_or("");
                let host = host.to_str().unwrap_or("");
                origin != "null" && !origin.ends_with(&format!("://{host}"))
            }
            _ => false,
        };
        if cross_site || foreign_origin {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(request).await
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"/registration-campaign/assets/campaign.css\"></head><body><div class=\"page\"><main class=\"card\">{body}</main></div></body></html>"
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    match app.session(&headers) {
        Some((_, Stage::SignedIn { user_id })) => {
            let name = app
                .user(&user_id)
                .map(|u| u.display_name)
                .unwrap_or_default();
            let admin_link = if app
                .user(&user_id)
                .is_some_and(|u| u.user_principal_name.starts_with("admin@"))
            {
                "<p><a href=\"/admin/\">Registration campaign administration</a></p>"
            } else {
                ""
            };
            page(
                "Contoso",
                &format!(
                    "<h1>Signed in as {}</h1>{admin_link}<form method=\"post\" action=\"/logout\" class=\"actions\"><button type=\"submit\">Sign out</button></form>",
                    escape(&name)
                ),
            )
            .into_response()
        }
        _ => Redirect::to("/login").into_response(),
    }
}

async fn login_page() -> Html<String> {
    page(
        "Sign in",
        "<h1>Sign in</h1><form method=\"post\" action=\"/login\" class=\"actions\">\
         <p><label for=\"username\">Email</label><br><input id=\"username\" name=\"username\" autocomplete=\"username\" required></p>\
         <p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>\
         <button type=\"submit\">Sign in</button></form>",
    )
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(State(app): State<App>, Form(form): Form<LoginForm>) -> Response {
    let user = lock(&app.users)
        .iter()
        .find(|u| {
            u.user_principal_name
                .eq_ignore_ascii_case(form.username.trim())
        })
        .cloned();
    let valid = user
        .as_ref()
        .is_some_and(|u| bool::from(u.password.as_bytes().ct_eq(form.password.as_bytes())));
    let Some(user) = user.filter(|_| valid) else {
        return (
            StatusCode::UNAUTHORIZED,
            page("Sign in", "<h1>Sign in</h1><p role=\"alert\">Wrong email or password.</p><p><a href=\"/login\">Try again</a></p>"),
        )
            .into_response();
    };
    let session = random_token();
    lock(&app.sessions).insert(
        session.clone(),
        Stage::PasswordVerified { user_id: user.id },
    );
    let mut response = Redirect::to("/mfa").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax")
            .parse()
            .expect("valid cookie"),
    );
    response
}

const CODE_FORM: &str = "<form method=\"post\" action=\"/mfa\" class=\"actions\">\
     <p><label for=\"code\">Code</label><br><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required></p>\
     <button type=\"submit\">Verify</button></form>";

async fn mfa_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some((session, stage)) = app.session(&headers) else {
        return Redirect::to("/login").into_response();
    };
    match stage {
        Stage::PasswordVerified { user_id } => {
            // A user with a registered push device approves a number-matched notification.
            let account = app
                .user(&user_id)
                .map(|u| u.display_name)
                .unwrap_or_default();
            if let Some(campaign) = &app.campaign
                && let Ok(Some(push)) = campaign.start_push_sign_in(&user_id, &account).await
            {
                lock(&app.sessions).insert(
                    session,
                    Stage::PushSent {
                        user_id,
                        challenge_id: push.challenge_id,
                        number: push.number.clone(),
                        device_name: push.device_name.clone(),
                    },
                );
                return push_page(&push.number, &push.device_name, None).into_response();
            }
            page(
                "Verify your identity",
                &format!(
                    "<h1>Verify your identity</h1><p>We texted a code to your phone.</p>{CODE_FORM}"
                ),
            )
            .into_response()
        }
        Stage::PushSent {
            number,
            device_name,
            ..
        } => push_page(&number, &device_name, None).into_response(),
        Stage::SignedIn { .. } => Redirect::to("/").into_response(),
    }
}

fn push_page(number: &str, device_name: &str, message: Option<&str>) -> Html<String> {
    let message = message
        .map(|m| format!("<p role=\"alert\">{}</p>", escape(m)))
        .unwrap_or_default();
    page(
        "Approve sign in request",
        &format!(
            "<h1>Approve sign in request</h1>{message}<p>Open your authenticator app on {} and enter the number shown to sign in.</p>\
             <p class=\"match-number\" id=\"match-number\">{}</p>\
             <form method=\"post\" action=\"/mfa/push\" class=\"actions\"><button type=\"submit\">I approved it</button></form>\
             <details><summary>Use a text message code instead</summary>{CODE_FORM}</details>",
            escape(device_name),
            escape(number)
        ),
    )
}

/// The browser asks whether the push was approved.
async fn mfa_push(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some((
        session,
        Stage::PushSent {
            user_id,
            challenge_id,
            number,
            device_name,
        },
    )) = app.session(&headers)
    else {
        return Redirect::to("/login").into_response();
    };
    let Some(campaign) = &app.campaign else {
        return Redirect::to("/login").into_response();
    };
    match campaign.push_sign_in_state(&challenge_id, &user_id).await {
        Ok(PushChallengeState::Approved) => complete_mfa(
            &app,
            session,
            user_id,
            Some(AuthMethod::MicrosoftAuthenticatorPush),
        ),
        Ok(PushChallengeState::Pending) => push_page(
            &number,
            &device_name,
            Some("We haven't received your approval yet."),
        )
        .into_response(),
        _ => {
            lock(&app.sessions).insert(session, Stage::PasswordVerified { user_id });
            (
                StatusCode::UNAUTHORIZED,
                page("Verify your identity", "<h1>Verify your identity</h1><p role=\"alert\">The request was denied or timed out.</p><p><a href=\"/mfa\">Try again</a></p>"),
            )
                .into_response()
        }
    }
}

/// MFA succeeded: sign in, and mark the response for the campaign.
fn complete_mfa(
    app: &App,
    session: String,
    user_id: String,
    method: Option<AuthMethod>,
) -> Response {
    let Some(user) = app.user(&user_id) else {
        return Redirect::to("/login").into_response();
    };
    let Ok(facts) = user.sign_in_facts(method) else {
        return Redirect::to("/login").into_response();
    };
    // A new session id for the signed-in session (no fixation). If the campaign requires
    // registration it holds this cookie back until the registration is done, and the old,
    // half-signed-in session is gone: leaving the flow leaves the user signed out.
    let signed_in = random_token();
    {
        let mut sessions = lock(&app.sessions);
        sessions.remove(&session);
        sessions.insert(signed_in.clone(), Stage::SignedIn { user_id });
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        format!("{SESSION_COOKIE}={signed_in}; Path=/; HttpOnly; SameSite=Lax")
            .parse()
            .expect("valid cookie"),
    );
    response
        .extensions_mut()
        .insert(MfaCompleted::new(facts, user.display_name));
    response
}

#[derive(Deserialize)]
struct MfaForm {
    code: String,
}

async fn mfa(State(app): State<App>, headers: HeaderMap, Form(form): Form<MfaForm>) -> Response {
    let (session, user_id) = match app.session(&headers) {
        Some((session, Stage::PasswordVerified { user_id } | Stage::PushSent { user_id, .. })) => {
            (session, user_id)
        }
        _ => return Redirect::to("/login").into_response(),
    };
    if !bool::from(app.mfa_code.as_bytes().ct_eq(form.code.trim().as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            page("Verify your identity", "<h1>Verify your identity</h1><p role=\"alert\">That code is wrong.</p><p><a href=\"/mfa\">Try again</a></p>"),
        )
            .into_response();
    }
    // The text-message code: the user's first sms/voice method, else their first method.
    complete_mfa(&app, session, user_id, None)
}

async fn logout(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some((session, _)) = app.session(&headers) {
        lock(&app.sessions).remove(&session);
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
            .parse()
            .expect("valid cookie"),
    );
    response
}
