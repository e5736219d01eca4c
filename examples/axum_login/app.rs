//! An axum-login + tower-sessions sign-in app (password, then a code: from the user's
//! authenticator app, else one "mailed" to the console), as axum-login's own examples build one,
//! with the registration campaign dropped in. Every line of campaign glue is marked
//! `// campaign:`; everything else is the host's.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use axum_login::{AuthManagerLayerBuilder, AuthSession, AuthUser, AuthnBackend, login_required};
use registration_campaign::enroll::TotpSignIn;
use registration_campaign::gate::AxumLoginUser;
use registration_campaign::policy::{CampaignPolicy, PolicyError};
use registration_campaign::store::CampaignStore;
use registration_campaign::{AuthMethod, BoxError, Campaign, MfaCompleted, Registration};
use registration_campaign::{DirectoryUser, SignOut, TenantId, UserDirectory, async_trait};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use tower_sessions::{MemoryStore, Session, SessionManagerLayer};

/// A user of the host's directory.
#[derive(Clone)]
pub struct User {
    pub id: String,
    pub name: String,
    pub password_hash: String,
    /// The user's authenticator app (base32), if they have one; else codes come by mail.
    pub totp_secret: Option<String>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password hash or the secret.
        f.debug_struct("User")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl AuthUser for User {
    type Id = String;

    fn id(&self) -> String {
        self.id.clone()
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

/// The host's users, by id, and the mail it sent them.
#[derive(Clone, Default)]
pub struct Backend {
    users: Arc<RwLock<HashMap<String, User>>>,
    outbox: Arc<RwLock<HashMap<String, String>>>,
}

impl Backend {
    pub fn new(users: impl IntoIterator<Item = User>) -> Self {
        let users = users.into_iter().map(|u| (u.id.clone(), u)).collect();
        Self {
            users: Arc::new(RwLock::new(users)),
            outbox: Arc::default(),
        }
    }

    fn user(&self, id: &str) -> Option<User> {
        self.users.read().unwrap().get(id).cloned()
    }

    /// "Mails" a sign-in code: printed here, and kept as the user's last mail.
    fn mail_code(&self, user: &User, code: &str) {
        println!("mail to {}: your sign-in code is {code}", user.name);
        let text = format!("Your sign-in code is {code}");
        self.outbox.write().unwrap().insert(user.id.clone(), text);
    }

    /// The last mail sent to `id` (for the tests, which include this file).
    #[allow(dead_code)]
    pub fn last_mail(&self, id: &str) -> Option<String> {
        self.outbox.read().unwrap().get(id).cloned()
    }

    /// The user's authenticator app secret, if they have one (for the tests).
    #[allow(dead_code)]
    pub fn totp_secret(&self, id: &str) -> Option<String> {
        self.user(id)?.totp_secret
    }
}

/// The campaign as this host sets it up: its store, the host's directory, and the policy it
/// starts with (written only if the store has none).
pub fn campaign(store: Arc<dyn CampaignStore>, backend: &Backend) -> Result<Campaign, PolicyError> {
    // campaign: (this whole function)
    let campaign = Campaign::builder(store)
        .directory(Arc::new(backend.clone()))
        // Nudged at every MFA (snooze 0 days); after 3 skips, registration is required.
        .initial_policy(CampaignPolicy::for_all_users().snooze_days(0).build()?)
        .any_authenticator_app() // a TOTP app counts; the pages name no product
        .sign_out(SignOut::get("/logout"))
        .secure_cookies(false); // plain http on localhost only
    Ok(campaign.build())
}

#[derive(Clone, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = std::convert::Infallible;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, Self::Error> {
        Ok(self.user(&creds.username).filter(|user| {
            password_auth::verify_password(&creds.password, &user.password_hash).is_ok()
        }))
    }

    async fn get_user(&self, id: &String) -> Result<Option<User>, Self::Error> {
        Ok(self.user(id))
    }
}

#[async_trait] // campaign: the host's users, as the campaign sees them.
impl UserDirectory for Backend {
    async fn user(&self, _: &TenantId, id: &str) -> Result<Option<DirectoryUser>, BoxError> {
        let user = self.user(id);
        Ok(user.map(|u| DirectoryUser::new(&u.id, &u.name).with_totp_app(u.totp_secret.is_some())))
    }

    async fn save_registration(&self, _: &TenantId, r: &Registration) -> Result<(), BoxError> {
        let mut users = self.users.write().unwrap();
        let user = users.get_mut(&r.user_id).ok_or("no such user")?;
        user.totp_secret = r.totp_secret().map(str::to_owned);
        Ok(())
    }
}

type Auth = AuthSession<Backend>;

/// Where the campaign layer goes relative to the session and auth layers. Both hold: the gate
/// (inside the auth layer) keeps a required user out either way; outside, the campaign also
/// holds back the session cookie of the MFA response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignLayer {
    /// `.layer(auth_layer).layer(campaign.layer())`: the recommended order.
    Outside,
    /// `.layer(campaign.layer()).layer(auth_layer)`.
    Inside,
}

/// The whole app: the host's routes, the gate inside the auth layer, the campaign layer.
pub fn app(backend: Backend, campaign: Campaign, order: CampaignLayer) -> Router {
    let sessions = SessionManagerLayer::new(MemoryStore::default()).with_secure(false);
    let auth_layer = AuthManagerLayerBuilder::new(backend, sessions).build();
    let routes = Router::new()
        .route("/", get(home))
        .route("/api/me", get(me))
        .route_layer(login_required!(Backend, login_url = "/login"))
        .route("/login", get(login_page).post(login))
        .route("/mfa", get(mfa_page).post(mfa))
        .route("/logout", get(logout))
        .layer(campaign.gate(AxumLoginUser::<Backend>::new())); // campaign: sees axum-login's user
    match order {
        CampaignLayer::Outside => routes.layer(auth_layer).layer(campaign.layer()), // campaign
        CampaignLayer::Inside => routes.layer(campaign.layer()).layer(auth_layer),
    }
}

async fn home(auth: Auth) -> Response {
    match auth.user {
        Some(user) => Html(format!("<h1>Signed in as {}</h1>", user.name)).into_response(),
        None => Redirect::to("/login").into_response(),
    }
}

async fn me(auth: Auth) -> Response {
    match auth.user {
        Some(user) => Json(serde_json::json!({"id": user.id, "name": user.name})).into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

async fn login_page() -> Html<&'static str> {
    Html(
        r#"<h1>Sign in</h1><form method="post" action="/login">
<input name="username"> <input name="password" type="password"> <button>Sign in</button></form>"#,
    )
}

const PENDING: &str = "pending_user";
const MAILED_CODE: &str = "mailed_code";

/// The password step: the user is remembered in the session, not signed in yet. A user with
/// no authenticator app gets a code "by mail" (printed here).
async fn login(auth: Auth, session: Session, Form(creds): Form<Credentials>) -> Response {
    let Ok(Some(user)) = auth.authenticate(creds).await else {
        return (StatusCode::UNAUTHORIZED, "wrong name or password").into_response();
    };
    if user.totp_secret.is_none() {
        let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
        auth.backend.mail_code(&user, &code);
        if session.insert(MAILED_CODE, code).await.is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    match session.insert(PENDING, user.id).await {
        Ok(()) => Redirect::to("/mfa").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn mfa_page() -> Html<&'static str> {
    Html(
        r#"<h1>Enter your code</h1><form method="post" action="/mfa">
<input name="code" inputmode="numeric"> <button>Next</button></form>"#,
    )
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

/// The code step: on a right code, axum-login signs the user in (a new session id) and the
/// response says so to the campaign.
async fn mfa(
    mut auth: Auth,
    session: Session,
    campaign: Campaign,
    Form(form): Form<CodeForm>,
) -> Response {
    let Ok(Some(id)) = session.get::<String>(PENDING).await else {
        return Redirect::to("/login").into_response();
    };
    let Ok(Some(user)) = auth.backend.get_user(&id).await else {
        return Redirect::to("/login").into_response();
    };
    let method = match &user.totp_secret {
        // campaign: its check refuses the code that registered the app, and replays.
        Some(secret) => match campaign.verify_totp(&user.id, secret, &form.code).await {
            Ok(TotpSignIn::Accepted) => AuthMethod::SoftwareOath,
            _ => return (StatusCode::UNAUTHORIZED, "wrong code").into_response(),
        },
        None => match session.remove::<String>(MAILED_CODE).await {
            Ok(Some(mailed))
                if bool::from(mailed.as_bytes().ct_eq(form.code.trim().as_bytes())) =>
            {
                AuthMethod::Email
            }
            _ => return (StatusCode::UNAUTHORIZED, "wrong code").into_response(),
        },
    };
    if auth.login(&user).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let _ = session.remove::<String>(PENDING).await;
    let mut response = Redirect::to("/").into_response();
    // campaign: this response completes MFA: who signed in, and how.
    response
        .extensions_mut()
        .insert(MfaCompleted::new(user.id, method));
    response
}

async fn logout(mut auth: Auth) -> Redirect {
    let _ = auth.logout().await;
    Redirect::to("/login")
}
