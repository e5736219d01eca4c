//! Completing a registration: the host saves it first, then the campaign counts it.
//!
//! 1. The flow moves to `Saving` with the registration sealed in its record. This is a
//!    compare-and-swap, so of two requests racing here (a double click, a replay) one goes on.
//! 2. The host's [`UserDirectory::save_registration`](crate::UserDirectory::save_registration) runs. If it
//!    fails, the user sees "We couldn't save your new sign-in method" with **Try again**, and is
//!    not marked registered: nothing is lost and the campaign keeps nudging.
//! 3. The method makes the authenticator count (a push device becomes active).
//! 4. The store records the registration, and the flow moves on.

use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::record::{FlowStep, MAX_PASSKEY_NAME, Unsaved};
use super::render::{enroll_context, enrollment};
use super::respond::redirect_into_flow;
use super::session::{FlowError, FlowSession};
use crate::campaign::{Campaign, NudgeEvent};
use crate::enroll::protocol::{b64, unb64};
use crate::enroll::{Authenticator, PasskeyCredential, Registration};
use crate::funnel::{Counted, FunnelEvent};
use crate::store::StoreError;

/// A registration as sealed into the flow record while the host has not saved it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sealable {
    user_id: String,
    method: String,
    device_id: Option<String>,
    public_key: Option<String>,
    totp_secret: Option<String>,
    #[serde(default)]
    passkey: Option<PasskeyCredential>,
    display_name: String,
    registered_at: i64,
}

fn context(user: &str) -> String {
    format!("flow-registration:{user}")
}

fn seal(campaign: &Campaign, registration: &Registration) -> Result<String, StoreError> {
    let (device_id, public_key, totp_secret) = match &registration.authenticator {
        Authenticator::Push {
            device_id,
            public_key,
        } => (Some(device_id.clone()), Some(b64(public_key)), None),
        Authenticator::Totp { secret } => (None, None, Some(secret.clone())),
        Authenticator::Passkey(_) | Authenticator::Custom { .. } => (None, None, None),
    };
    let passkey = match &registration.authenticator {
        Authenticator::Passkey(passkey) => Some(passkey.clone()),
        _ => None,
    };
    let sealable = Sealable {
        user_id: registration.user_id.clone(),
        method: registration.method().to_string(),
        device_id,
        public_key,
        totp_secret,
        passkey,
        display_name: registration.display_name.clone(),
        registered_at: registration.registered_at.unix_timestamp(),
    };
    let plain = serde_json::to_vec(&sealable).map_err(|e| StoreError::Decode(e.to_string()))?;
    Ok(campaign
        .secret_key()
        .seal(&plain, &context(&registration.user_id))?)
}

fn open(campaign: &Campaign, user: &str, sealed: &str) -> Option<Registration> {
    let plain = campaign.secret_key().open(sealed, &context(user))?;
    let s: Sealable = serde_json::from_slice(&plain).ok()?;
    let authenticator = match s.method.as_str() {
        "push" => Authenticator::Push {
            device_id: s.device_id?,
            public_key: unb64(&s.public_key?)?.try_into().ok()?,
        },
        "totp" => Authenticator::Totp {
            secret: s.totp_secret?,
        },
        "passkey" if s.passkey.is_some() => Authenticator::Passkey(s.passkey?),
        other => Authenticator::Custom {
            method: campaign.method(other)?.id(),
        },
    };
    Some(Registration {
        tenant: campaign.tenant_id().clone(),
        user_id: s.user_id,
        authenticator,
        display_name: s.display_name,
        registered_at: OffsetDateTime::from_unix_timestamp(s.registered_at).ok()?,
    })
}

/// Completes `registration`; afterwards the flow is at `then` (or at `Saving` if the host
/// could not save it). `event` is counted once, when this request wins the step.
pub(crate) async fn complete(
    session: &mut FlowSession,
    headers: &HeaderMap,
    registration: Registration,
    then: FlowStep,
    event: Option<FunnelEvent>,
) -> Result<Response, FlowError> {
    let sealed = seal(&session.campaign, &registration)?;
    let mut new = Counted::default();
    session
        .update(|flow| {
            flow.step = FlowStep::Saving;
            flow.unsaved = Some(Unsaved { sealed, then });
            new = event.map(|e| flow.count_through(e)).unwrap_or_default();
        })
        .await?;
    session.campaign.record_counted(new);
    save(session, headers, registration, then).await
}

/// A passkey was made: keep it (sealed) in the flow and ask for its name. Nothing is told to
/// the host or counted until the name is given.
pub(crate) async fn await_name(
    session: &mut FlowSession,
    registration: Registration,
) -> Result<Response, FlowError> {
    let sealed = seal(&session.campaign, &registration)?;
    let suggested = registration.display_name.clone();
    session
        .update(|flow| {
            flow.step = FlowStep::Name;
            flow.unsaved = Some(Unsaved {
                sealed,
                then: FlowStep::Done,
            });
            flow.registered_name = Some(suggested);
        })
        .await?;
    Ok(redirect_into_flow(&session.campaign, &session.token))
}

/// Next on "Name your passkey": the name is checked, then the passkey is completed with it.
pub(crate) async fn name_passkey(
    session: &mut FlowSession,
    headers: &HeaderMap,
    name: Option<&str>,
) -> Result<Response, FlowError> {
    let name = match check_passkey_name(name.unwrap_or("")) {
        Ok(name) => name,
        Err(message) => {
            let feedback = super::render::Feedback {
                error: Some(
                    session
                        .texts
                        .fmt(message)
                        .num("max", i64::try_from(MAX_PASSKEY_NAME).unwrap_or(64))
                        .plain(),
                ),
                ..Default::default()
            };
            return super::render::stay(session, feedback).await;
        }
    };
    let unsaved = session
        .flow()
        .unsaved
        .clone()
        .ok_or(FlowError::Ended("no passkey to name"))?;
    let mut registration = open(&session.campaign, &session.token.sub, &unsaved.sealed)
        .ok_or(FlowError::Ended("the passkey to name does not open"))?;
    registration.display_name = name;
    complete(session, headers, registration, FlowStep::Done, None).await
}

/// A passkey name as the user typed it, trimmed: 1 to 64 characters, none of them control or
/// invisible (format) characters, which could make two names look alike. The error is a
/// message id.
pub(crate) fn check_passkey_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("name-empty");
    }
    if name.chars().count() > MAX_PASSKEY_NAME {
        return Err("name-too-long");
    }
    if name.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err("name-characters");
    }
    Ok(name.to_owned())
}

/// Unicode format characters and others that render as nothing.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// **Try again** on the `Saving` step.
pub(crate) async fn retry(
    session: &mut FlowSession,
    headers: &HeaderMap,
) -> Result<Response, FlowError> {
    let unsaved = session
        .flow()
        .unsaved
        .clone()
        .ok_or(FlowError::Ended("nothing to save"))?;
    let registration = open(&session.campaign, &session.token.sub, &unsaved.sealed)
        .ok_or(FlowError::Ended("the unsaved registration does not open"))?;
    save(session, headers, registration, unsaved.then).await
}

async fn save(
    session: &mut FlowSession,
    headers: &HeaderMap,
    registration: Registration,
    then: FlowStep,
) -> Result<Response, FlowError> {
    let campaign = session.campaign.clone();
    let name = registration.display_name.clone();
    let registered_at = registration.registered_at;
    let method = registration.method();
    if let Err(error) = campaign.tell_host(registration).await {
        tracing::warn!(%error, "the host could not save a new authenticator; the user can try again");
        return Ok(redirect_into_flow(&campaign, &session.token));
    }
    if let Ok((method, handle)) = enrollment(session) {
        let url = crate::web::flow_url(&campaign, headers);
        let cx = enroll_context(session, &url);
        // `false`: already counted by an earlier try of this flow; carry on.
        method
            .activate(&cx, &handle)
            .await
            .map_err(|e| FlowError::enrollment(e, session.flow()))?;
    }
    campaign
        .store()
        .record_registration(&session.token.sub, registered_at)
        .await?;
    if let Err(error) = campaign.clear_required(&session.token.sub).await {
        // Registered all the same; the gate lets the user through once the marker is gone,
        // so the registration is not acknowledged until it is.
        return Err(error.into());
    }
    if let Err(error) = campaign
        .remember_registered_method(&session.token.sub, &method.to_string())
        .await
    {
        // The registration counts; only the report's method column misses it.
        tracing::warn!(%error, "the registered method could not be stored for the report");
    }
    tracing::info!(target: "registration_campaign", %method, "authenticator registered");
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(512).collect());
    let source = crate::campaign::RegistrationSource {
        at: registered_at,
        method: method.to_string(),
        name: matches!(method.to_string().as_str(), "push" | "pipush" | "passkey")
            .then(|| name.clone()),
        ip_address: session.client_ip.map(|ip| ip.to_string()),
        user_agent,
    };
    campaign
        .record_registration_source(&session.token.sub, session.texts.language(), source)
        .await;
    let mut new = Counted::default();
    session
        .update(|flow| {
            flow.step = then;
            flow.unsaved = None;
            flow.registered_name = Some(name);
            new = flow.count_through(FunnelEvent::Registered);
        })
        .await?;
    if new.contains(&FunnelEvent::Registered) && !session.flow().required {
        campaign
            .count_nudge(&session.token.sub, NudgeEvent::RegisteredFromNudge)
            .await;
    }
    campaign.record_counted(new);
    Ok(redirect_into_flow(&campaign, &session.token))
}
