//! The host's sign-in: password at `/login`, then a text-message code or an Authenticator push
//! at `/mfa`. The one line that matters for the campaign is in [`complete_mfa`]: the successful
//! MFA response carries [`MfaCompleted`], and the campaign layer decides from there.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use registration_campaign::enroll::{PasskeySignInStart, PushChallengeState, TotpSignIn};
use registration_campaign::privacyidea::{APP_NAME, PrivacyIdeaPush, PrivacyIdeaSignInState};
use registration_campaign::{AuthMethod, MfaCompleted};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::App;
use crate::pages::{HomePage, LoginPage, MessagePage, MfaPage, PushPage, render, texts};
use crate::sessions::{self, Stage};
use crate::users::UserKey;
use registration_campaign::locale::Texts;

/// `GET /`
pub async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    let user = match app.sessions.find(&headers) {
        Some((_, Stage::SignedIn { user_id })) => app.user(&user_id),
        _ => None,
    };
    let Some(user) = user else {
        return Redirect::to("/login").into_response();
    };
    let t = &texts(app.campaign.locales(), &headers);
    render(
        StatusCode::OK,
        t,
        &HomePage {
            t,
            campaign_css: &app.campaign_css,
            display_name: &user.display_name,
            user_principal_name: &user.user_principal_name,
            is_admin: user.is_admin(),
        },
    )
}

/// `GET /login`
pub async fn login_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let t = &texts(app.campaign.locales(), &headers);
    render(
        StatusCode::OK,
        t,
        &LoginPage {
            t,
            campaign_css: &app.campaign_css,
            username: "",
            wrong_credentials: false,
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// `POST /login`: a right password starts a half-signed-in session and goes on to `/mfa`.
pub async fn login(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let user = app.user_by_upn(form.username.trim());
    let valid = user
        .as_ref()
        .is_some_and(|u| bool::from(u.password.as_bytes().ct_eq(form.password.as_bytes())));
    let Some(user) = user.filter(|_| valid) else {
        let t = &texts(app.campaign.locales(), &headers);
        return render(
            StatusCode::UNAUTHORIZED,
            t,
            &LoginPage {
                t,
                campaign_css: &app.campaign_css,
                username: &form.username,
                wrong_credentials: true,
            },
        );
    };
    let session = app.sessions.start(Stage::PasswordVerified {
        user_id: user.key(),
    });
    let mut response = Redirect::to("/mfa").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, sessions::set_cookie(&session));
    response
}

/// `GET /mfa`: a user with a registered push device gets a number-matched notification; others
/// enter the text-message code.
pub async fn mfa_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some((session, stage)) = app.sessions.find(&headers) else {
        return Redirect::to("/login").into_response();
    };
    let t = &texts(app.campaign.locales(), &headers);
    match stage {
        Stage::PushSent {
            number,
            device_name,
            sent_at,
            ..
        } if app.clock.instant().saturating_duration_since(sent_at) <= app.push_timeout => {
            push_page(&app, t, &number, &device_name, None)
        }
        Stage::PasswordVerified { user_id } | Stage::PushSent { user_id, .. } => {
            // The same account name the phone was given at registration: the sign-in name.
            let account = app
                .user(&user_id)
                .map(|u| u.user_principal_name)
                .unwrap_or_default();
            let campaign = app.campaign_of(&user_id);
            let started = match campaign.start_push_sign_in(&user_id.id, &account).await {
                Ok(Some(push)) => Ok(Some((
                    push.challenge_id,
                    push.number,
                    push.device_name,
                    false,
                ))),
                // A user who registered the privacyIDEA Authenticator gets a challenge there.
                Ok(None) => {
                    PrivacyIdeaPush::start_sign_in(&campaign, &user_id.id, "Contoso (demo)")
                        .await
                        .map(|started| {
                            started.map(|s| (s.challenge_id, s.number, APP_NAME.to_owned(), true))
                        })
                }
                Err(e) => Err(e),
            };
            match started {
                Ok(Some((challenge_id, number, device_name, privacyidea))) => {
                    let page = push_page(&app, t, &number, &device_name, None);
                    app.sessions.set(
                        &session,
                        Stage::PushSent {
                            user_id,
                            challenge_id,
                            number,
                            device_name,
                            sent_at: app.clock.instant(),
                            privacyidea,
                        },
                    );
                    page
                }
                Ok(None) => code_page(&app, t, &user_id, StatusCode::OK, None).await,
                Err(e) => {
                    tracing::warn!(error = %e, "push sign-in unavailable; offering a code");
                    code_page(&app, t, &user_id, StatusCode::OK, None).await
                }
            }
        }
        Stage::SignedIn { .. } => Redirect::to("/").into_response(),
    }
}

/// The code form: the authenticator app's code for a user who registered one by TOTP, else the
/// text-message code; and **Use a passkey** for a user who has one.
async fn code_page(
    app: &App,
    t: &Texts,
    user_id: &UserKey,
    status: StatusCode,
    problem: Option<String>,
) -> Response {
    let passkey = passkey_sign_in(app, user_id).await;
    render(
        status,
        t,
        &MfaPage {
            t,
            campaign_css: &app.campaign_css,
            campaign_prefix: app.campaign.prefix(),
            authenticator_app: app.totp_secret(user_id).is_some(),
            passkey: passkey.as_ref(),
            problem,
        },
    )
}

/// A passkey sign-in for the `/mfa` page, when the user has passkeys.
async fn passkey_sign_in(app: &App, user_id: &UserKey) -> Option<PasskeySignInStart> {
    let method = app.passkey_method.as_ref()?;
    let passkeys = app.passkeys_of(user_id);
    if passkeys.is_empty() {
        return None;
    }
    let campaign = &app.campaign_of(user_id);
    match method
        .start_sign_in(campaign.store(), campaign.now(), &user_id.id, &passkeys)
        .await
    {
        Ok(start) => Some(start),
        Err(e) => {
            tracing::warn!(error = %e, "passkey sign-in unavailable; offering a code");
            None
        }
    }
}

#[derive(Deserialize)]
pub struct PasskeyForm {
    ceremony: String,
    #[serde(default)]
    code: String,
}

/// `POST /mfa/passkey`: the browser's passkey answer; a verified one completes MFA.
pub async fn mfa_passkey(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<PasskeyForm>,
) -> Response {
    let (session, user_id) = match app.sessions.find(&headers) {
        Some((session, Stage::PasswordVerified { user_id } | Stage::PushSent { user_id, .. })) => {
            (session, user_id)
        }
        _ => return Redirect::to("/login").into_response(),
    };
    let t = &texts(app.campaign.locales(), &headers);
    let Some(method) = app.passkey_method.clone() else {
        return Redirect::to("/mfa").into_response();
    };
    let passkeys = app.passkeys_of(&user_id);
    let campaign = &app.campaign_of(&user_id);
    match method
        .finish_sign_in(
            campaign.store(),
            campaign.now(),
            &user_id.id,
            &form.ceremony,
            &form.code,
            &passkeys,
        )
        .await
    {
        Ok(signed_in) => {
            if let Some(list) = crate::lock(&app.passkeys).get_mut(&user_id) {
                for passkey in list.iter_mut() {
                    passkey.apply(&signed_in);
                }
            }
            complete_mfa(&app, &session, user_id, Some(AuthMethod::Fido2))
        }
        Err(e) => {
            tracing::info!(error = %e, "a passkey sign-in was refused");
            code_page(
                &app,
                t,
                &user_id,
                StatusCode::UNAUTHORIZED,
                Some(t.text("demo-passkey-failed")),
            )
            .await
        }
    }
}

fn push_page(
    app: &App,
    t: &Texts,
    number: &str,
    device_name: &str,
    message: Option<String>,
) -> Response {
    render(
        StatusCode::OK,
        t,
        &PushPage {
            t,
            campaign_css: &app.campaign_css,
            number,
            device_name,
            by_choice: device_name == APP_NAME,
            message,
            problem: None,
        },
    )
}

/// The push did not succeed: back to the start of MFA.
fn push_failed(app: &App, t: &Texts, session: &str, user_id: UserKey, message: &str) -> Response {
    app.sessions
        .set(session, Stage::PasswordVerified { user_id });
    render(
        StatusCode::UNAUTHORIZED,
        t,
        &MessagePage {
            t,
            campaign_css: &app.campaign_css,
            heading: t.text("demo-verify-title"),
            message: t.text(message),
            link_href: "/mfa",
            link_text: t.text("demo-try-again"),
        },
    )
}

/// `POST /mfa/push`: the browser asks whether the push was approved, within the push timeout.
pub async fn mfa_push(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some((
        session,
        Stage::PushSent {
            user_id,
            challenge_id,
            number,
            device_name,
            sent_at,
            privacyidea,
        },
    )) = app.sessions.find(&headers)
    else {
        return Redirect::to("/login").into_response();
    };
    let t = &texts(app.campaign.locales(), &headers);
    if app.clock.instant().saturating_duration_since(sent_at) > app.push_timeout {
        return push_failed(&app, t, &session, user_id, "demo-push-timed-out");
    }
    let campaign = app.campaign_of(&user_id);
    let state = if privacyidea {
        PrivacyIdeaPush::sign_in_state(&campaign, &challenge_id, &user_id.id)
            .await
            .map(|state| match state {
                PrivacyIdeaSignInState::Approved => PushChallengeState::Approved,
                PrivacyIdeaSignInState::Pending => PushChallengeState::Pending,
                _ => PushChallengeState::Denied,
            })
    } else {
        campaign
            .push_sign_in_state(&challenge_id, &user_id.id)
            .await
    };
    match state {
        Ok(PushChallengeState::Approved) => complete_mfa(
            &app,
            &session,
            user_id,
            Some(AuthMethod::MicrosoftAuthenticatorPush),
        ),
        Ok(PushChallengeState::Pending) => push_page(
            &app,
            t,
            &number,
            &device_name,
            Some(t.text("demo-push-waiting")),
        ),
        Ok(_) => push_failed(&app, t, &session, user_id, "demo-push-denied"),
        Err(e) => {
            tracing::warn!(error = %e, "push sign-in state unavailable");
            push_failed(&app, t, &session, user_id, "demo-push-unavailable")
        }
    }
}

#[derive(Deserialize)]
pub struct MfaForm {
    code: String,
}

/// `POST /mfa` with the code: from the authenticator app for a user who registered one by TOTP
/// (checked by the campaign: each code once, a lockout after wrong codes), else the
/// text-message code.
pub async fn mfa(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<MfaForm>,
) -> Response {
    let (session, user_id) = match app.sessions.find(&headers) {
        Some((session, Stage::PasswordVerified { user_id } | Stage::PushSent { user_id, .. })) => {
            (session, user_id)
        }
        _ => return Redirect::to("/login").into_response(),
    };
    let t = &texts(app.campaign.locales(), &headers);
    if let Some(secret) = app.totp_secret(&user_id) {
        let (status, problem) = match app
            .campaign_of(&user_id)
            .verify_totp(&user_id.id, &secret, &form.code)
            .await
        {
            Ok(TotpSignIn::Accepted) => {
                return complete_mfa(&app, &session, user_id, Some(AuthMethod::SoftwareOath));
            }
            Ok(TotpSignIn::Wrong { attempts_left }) => (
                StatusCode::UNAUTHORIZED,
                t.fmt("demo-code-wrong-app")
                    .num("tries", attempts_left)
                    .plain(),
            ),
            Ok(TotpSignIn::AlreadyUsed) => (StatusCode::UNAUTHORIZED, t.text("demo-code-used")),
            Ok(TotpSignIn::LockedOut { until }) => (
                StatusCode::TOO_MANY_REQUESTS,
                t.fmt("demo-locked-out")
                    .arg("time", t.time_of_day(until.time(), time::UtcOffset::UTC))
                    .plain(),
            ),
            Err(e) => {
                tracing::warn!(error = %e, "could not check a TOTP code");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    t.text("demo-code-unavailable"),
                )
            }
        };
        return code_page(&app, t, &user_id, status, Some(problem)).await;
    }
    if !bool::from(app.mfa_code.as_bytes().ct_eq(form.code.trim().as_bytes())) {
        return code_page(
            &app,
            t,
            &user_id,
            StatusCode::UNAUTHORIZED,
            Some(t.text("demo-code-wrong-sms")),
        )
        .await;
    }
    // The text-message code: the user's first sms/voice method, else their first method.
    complete_mfa(&app, &session, user_id, None)
}

/// MFA succeeded: sign in, and mark the response for the campaign.
fn complete_mfa(
    app: &App,
    session: &str,
    user_id: UserKey,
    method: Option<AuthMethod>,
) -> Response {
    let Some(user) = app.user(&user_id) else {
        return Redirect::to("/login").into_response();
    };
    // The text-message code: the user's first sms/voice method, else their first method.
    let Some(method) = method.or_else(|| AuthMethod::default_mfa_method(&user.methods)) else {
        return Redirect::to("/login").into_response();
    };
    // The campaign asks the demo's directory for the rest (groups, methods, passkeys, names).
    let mfa = MfaCompleted::new(user.id.clone(), method)
        .in_tenant(user.tenant_id.clone())
        .with_conditional_access(user.conditional_access);
    // A new session id for the signed-in session (no fixation). If the campaign requires
    // registration it holds this cookie back until the registration is done, and the old,
    // half-signed-in session is gone: leaving the flow leaves the user signed out.
    let signed_in = app.sessions.rotate(session, Stage::SignedIn { user_id });
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, sessions::set_cookie(&signed_in));
    response.extensions_mut().insert(mfa);
    response
}

/// `POST /logout`: ends the session and any campaign flow the user left open, so that a flow
/// cookie left in this browser cannot finish a registration later.
pub async fn logout(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Some((session, stage)) = app.sessions.find(&headers) {
        app.sessions.end(&session);
        let (Stage::SignedIn { user_id }
        | Stage::PasswordVerified { user_id }
        | Stage::PushSent { user_id, .. }) = stage;
        if let Err(e) = app.campaign_of(&user_id).end_flow(&user_id.id).await {
            tracing::warn!(error = %e, "could not end the user's campaign flow at sign-out");
        }
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, sessions::remove_cookie());
    response
}

/// `GET /device-app`: where the download page sends a demo user for the push app.
pub async fn device_app(State(app): State<App>, headers: HeaderMap) -> Response {
    let t = &texts(app.campaign.locales(), &headers);
    let command = format!(
        "`cargo run --example device -- enroll '<{}>'`",
        t.text("demo-device-link")
    );
    render(
        StatusCode::OK,
        t,
        &MessagePage {
            t,
            campaign_css: &app.campaign_css,
            heading: "Contoso Authenticator".to_owned(),
            message: t
                .fmt("demo-device-app")
                .arg("command", command)
                .arg("alternative", t.text("alternative-other-app"))
                .plain(),
            link_href: "/",
            link_text: t.text("demo-back"),
        },
    )
}

/// Any other path.
pub async fn not_found(State(app): State<App>, headers: HeaderMap) -> Response {
    let t = &texts(app.campaign.locales(), &headers);
    render(
        StatusCode::NOT_FOUND,
        t,
        &MessagePage {
            t,
            campaign_css: &app.campaign_css,
            heading: t.text("demo-not-found-title"),
            message: t.text("demo-not-found"),
            link_href: "/",
            link_text: t.text("demo-start-page"),
        },
    )
}
