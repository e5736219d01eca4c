//! The app's side over HTTP, at `{prefix}/m/pipush` (`{prefix}/t/{tenant}/m/pipush` for other
//! tenants), in privacyIDEA's JSON envelope:
//! - `POST` with `enrollment_credential`, `serial`, `fbtoken`, `pubkey`: completes enrollment
//!   and answers with the server's public key (`detail.public_key`);
//! - `GET` with `serial`, `timestamp`, `signature`: lists the token's open challenges, each
//!   signed by the server;
//! - `POST` with `serial`, `nonce`, `signature` (and `presence_answer` or `decline`): answers
//!   one challenge, once.
//!
//! The campaign of the request's tenant is in the request's extensions (the flow puts it
//! there for every method's routes).

use std::collections::HashMap;

use axum::extract::{Extension, Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::protocol::{
    self, Answer, ChallengeText, PublicKey, RsaKey, answer_message, challenge_message,
    fresh_timestamp, poll_message,
};
use super::records::{Challenge, ChallengeState, KeyBinding, PollSeen, Token, sha256_hex};
use crate::Campaign;
use crate::store::TypedRecord;

/// Form bodies and queries are small; anything larger is refused before parsing.
const BODY_LIMIT: usize = 16 * 1024;
/// The seal context of the server's keys.
const KEY_CONTEXT: &str = "pipush-server-key";

/// What the routes need besides the campaign.
#[derive(Debug, Clone, Copy)]
struct Settings {
    ssl_verify: bool,
}

/// The routes, to mount at `{prefix}/m/pipush`.
pub(super) fn router(ssl_verify: bool) -> axum::Router {
    axum::Router::new()
        .route("/", get(poll).post(post))
        .layer(Extension(Settings { ssl_verify }))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
}

/// privacyIDEA's envelope for a result.
fn ok(value: Value, detail: Option<Value>) -> Response {
    let mut body = json!({
        "jsonrpc": "2.0",
        "id": 1,
        "version": concat!("registration-campaign ", env!("CARGO_PKG_VERSION")),
        "result": {"status": true, "value": value},
    });
    if let Some(detail) = detail {
        body["detail"] = detail;
    }
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// privacyIDEA's envelope for an error, with its status and error code.
fn refuse(status: StatusCode, code: i64, message: &str) -> Response {
    tracing::info!(target: "registration_campaign", code, message, "privacyIDEA push request refused");
    let body = json!({
        "jsonrpc": "2.0",
        "id": 1,
        "detail": null,
        "result": {"status": false, "error": {"code": code, "message": message}},
    });
    (status, axum::Json(body)).into_response()
}

fn bad_signature() -> Response {
    // One answer for an unknown serial, a bad signature or bad base32: nothing leaks.
    refuse(
        StatusCode::BAD_REQUEST,
        10,
        "ERR10: Could not verify signature!",
    )
}

async fn post(
    Extension(campaign): Extension<Campaign>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str);
    if field("new_fb_token").is_some() {
        // The app's Firebase-token update (after enrollment, on every start): poll mode needs
        // no Firebase token, and keeping one would make the app try to delete it with Firebase.
        return refuse(
            StatusCode::BAD_REQUEST,
            905,
            "new_fb_token: not used in poll mode",
        );
    }
    match (field("serial"), field("pubkey"), field("signature")) {
        (Some(serial), Some(pubkey), _) => {
            enroll(&campaign, serial, field("enrollment_credential"), pubkey).await
        }
        (Some(serial), None, Some(signature)) => {
            let answer = if field("decline").is_some_and(|d| matches!(d, "1" | "true" | "True")) {
                Answer::Decline(field("decline_reason").map(str::to_owned))
            } else {
                Answer::Accept(field("presence_answer").map(str::to_owned))
            };
            respond(&campaign, serial, field("nonce"), signature, answer).await
        }
        // Anything else is an error, not a crash. (The iOS app's empty POST before enrolling
        // has no form content type: axum answers it 415, which the app ignores.)
        _ => refuse(StatusCode::BAD_REQUEST, 905, "ERR905: Missing parameter"),
    }
}

/// Completes an enrollment: the app's key in, the server's key out.
async fn enroll(
    campaign: &Campaign,
    serial: &str,
    credential: Option<&str>,
    pubkey: &str,
) -> Response {
    let store = campaign.store();
    let now = campaign.now();
    let not_waiting = || {
        refuse(
            StatusCode::NOT_FOUND,
            601,
            "No token with this serial number in the rollout state 'clientwait'.",
        )
    };
    let Ok(Some(mut token)) = TypedRecord::<Token>::load(store, serial, now).await else {
        return not_waiting();
    };
    let matches = credential.is_some_and(|c| {
        bool::from(
            token
                .value
                .credential_hash
                .as_bytes()
                .ct_eq(sha256_hex(c).as_bytes()),
        )
    });
    if !matches {
        return refuse(
            StatusCode::BAD_REQUEST,
            905,
            "Invalid enrollment credential.",
        );
    }
    if let Some(enrolled_key) = &token.value.app_key {
        // The app's Retry when our answer was lost: the same key gets the same answer; any
        // other key is refused.
        let same = PublicKey::from_base64(pubkey)
            .ok()
            .zip(PublicKey::from_base64(enrolled_key).ok())
            .is_some_and(|(posted, kept)| posted == kept);
        return match (same, enrolled(campaign, serial).await) {
            (true, Some((_, _, server_key))) if !token.value.active => ok(
                json!(true),
                Some(json!({"public_key": server_key.public_pkcs1_base64(),
                    "rollout_state": "enrolled", "serial": serial})),
            ),
            _ => not_waiting(),
        };
    }
    // The flow that showed the QR code must still be open and hold this enrollment.
    let handle = format!("{serial}.{}", credential.unwrap_or_default());
    match campaign
        .setup_flow_holds(&token.value.user, Some(&handle))
        .await
    {
        Ok(true) => {}
        Ok(false) => return not_waiting(),
        Err(_) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                500,
                "the store did not answer",
            );
        }
    }
    let Ok(app_key) = PublicKey::from_base64(pubkey) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            905,
            "pubkey: not an RSA public key",
        );
    };
    // One key enrolls one token: a key already bound to another token is refused.
    let key_id = sha256_hex(&base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        app_key.der(),
    ));
    let bound = match TypedRecord::new(
        &key_id,
        serial,
        KeyBinding {
            serial: serial.to_owned(),
        },
        None,
    ) {
        Ok(binding) => binding.insert(store, now).await,
        Err(error) => Err(error),
    };
    // The app's Retry sends the same key for the same token: that binding is its own.
    let own = match bound {
        Ok(false) => TypedRecord::<KeyBinding>::load(store, &key_id, now)
            .await
            .ok()
            .flatten()
            .is_some_and(|b| b.value.serial == serial),
        _ => false,
    };
    match bound {
        Ok(true) => {}
        Ok(false) if own => {}
        Ok(false) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                905,
                "pubkey: this key is already enrolled",
            );
        }
        Err(_) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                500,
                "the store did not answer",
            );
        }
    }
    // Key generation takes a moment: off the async threads.
    let Ok(Ok(key)) = tokio::task::spawn_blocking(RsaKey::generate).await else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, 500, "could not make a key");
    };
    let (Ok(pkcs8), public) = (key.to_pkcs8(), key.public_pkcs1_base64()) else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, 500, "could not keep a key");
    };
    let Ok(sealed) = campaign
        .secret_key()
        .seal(&pkcs8, &format!("{KEY_CONTEXT}:{serial}"))
    else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, 500, "could not keep a key");
    };
    token.value.app_key = Some(pubkey.chars().filter(|c| !c.is_whitespace()).collect());
    token.value.server_key = Some(sealed);
    match token.save(store).await {
        Ok(true) => ok(
            json!(true),
            Some(json!({"public_key": public, "rollout_state": "enrolled", "serial": serial})),
        ),
        // Another request completed it first: this one did not.
        Ok(false) => not_waiting(),
        Err(_) => refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            500,
            "the store did not answer",
        ),
    }
}

/// The token of `serial` with the app's key and the server's, once enrolled.
async fn enrolled(campaign: &Campaign, serial: &str) -> Option<(Token, PublicKey, RsaKey)> {
    let token = TypedRecord::<Token>::load(campaign.store(), serial, campaign.now())
        .await
        .ok()??
        .value;
    let app_key = PublicKey::from_base64(token.app_key.as_deref()?).ok()?;
    let sealed = token.server_key.as_deref()?;
    let pkcs8 = campaign
        .secret_key()
        .open(sealed, &format!("{KEY_CONTEXT}:{serial}"))?;
    let server_key = RsaKey::from_pkcs8(&pkcs8).ok()?;
    Some((token, app_key, server_key))
}

async fn poll(
    Extension(campaign): Extension<Campaign>,
    Extension(settings): Extension<Settings>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| query.get(name).map(String::as_str);
    let (Some(serial), Some(timestamp), Some(signature)) =
        (field("serial"), field("timestamp"), field("signature"))
    else {
        return refuse(StatusCode::BAD_REQUEST, 905, "ERR905: Missing parameter");
    };
    let now = campaign.now();
    if fresh_timestamp(timestamp, now).is_none() {
        return refuse(
            StatusCode::BAD_REQUEST,
            10,
            "ERR10: Timestamp not in the allowed window",
        );
    }
    // A token this server does not know (any more: an abandoned setup's expired) has nothing
    // open; the app polls every token it holds, and an error would show on each refresh.
    let Some((token, app_key, server_key)) = enrolled(&campaign, serial).await else {
        return ok(json!([]), None);
    };
    let message = poll_message(serial, timestamp);
    if !app_key.verifies(&message, signature) {
        return bad_signature();
    }
    // A signed poll is answered once: a replay within the window is refused.
    let seen = TypedRecord::new(
        &sha256_hex(&message),
        serial,
        PollSeen {},
        Some(now + protocol::POLL_WINDOW * 2),
    );
    match seen {
        Ok(seen) => match seen.insert(campaign.store(), now).await {
            Ok(true) => {}
            Ok(false) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    10,
                    "ERR10: This poll was already answered",
                );
            }
            Err(_) => {
                return refuse(
                    StatusCode::SERVICE_UNAVAILABLE,
                    500,
                    "the store did not answer",
                );
            }
        },
        Err(_) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                500,
                "the store did not answer",
            );
        }
    }
    let open = TypedRecord::<Challenge>::list(campaign.store(), serial, now)
        .await
        .unwrap_or_default();
    let mut challenges = Vec::new();
    for challenge in open {
        let c = &challenge.value;
        if c.state != ChallengeState::Pending || c.expires_at <= now.unix_timestamp() {
            continue;
        }
        let text = ChallengeText {
            nonce: &challenge.record.id,
            url: &token.url,
            serial,
            question: &c.question,
            title: &c.title,
            ssl_verify: settings.ssl_verify,
            options: Some(&c.options),
        };
        let Ok(signature) = server_key.sign(&challenge_message(&text)) else {
            continue;
        };
        challenges.push(json!({
            "nonce": challenge.record.id,
            "url": token.url,
            "serial": serial,
            "question": c.question,
            "title": c.title,
            "sslverify": if settings.ssl_verify { "1" } else { "0" },
            "require_presence": c.options.join(","),
            "version": "2",
            "signature": signature,
        }));
    }
    ok(Value::Array(challenges), None)
}

/// A failure the app should retry: not JSON, so the app keeps the request (any JSON answer
/// makes it drop the request).
fn try_again() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "the store did not answer; try again",
    )
        .into_response()
}

/// Answers one challenge, once: the first answer (right, wrong or declined) ends it.
async fn respond(
    campaign: &Campaign,
    serial: &str,
    nonce: Option<&str>,
    signature: &str,
    answer: Answer,
) -> Response {
    let now = campaign.now();
    let Some(nonce) = nonce else {
        return refuse(StatusCode::BAD_REQUEST, 905, "ERR905: Missing parameter");
    };
    let Some((token, app_key, _)) = enrolled(campaign, serial).await else {
        return bad_signature();
    };
    if !app_key.verifies(&answer_message(nonce, serial, &answer), signature) {
        return bad_signature();
    }
    // A test during setup counts only while the user's flow is open.
    if !token.active
        && !campaign
            .setup_flow_holds(&token.user, None)
            .await
            .unwrap_or(false)
    {
        return ok(json!(false), None);
    }
    for _ in 0..4 {
        let Ok(Some(mut challenge)) =
            TypedRecord::<Challenge>::load(campaign.store(), nonce, now).await
        else {
            return ok(json!(false), None);
        };
        let c = &challenge.value;
        if c.serial != serial
            || c.state != ChallengeState::Pending
            || c.expires_at <= now.unix_timestamp()
        {
            return ok(json!(false), None);
        }
        let state = match &answer {
            Answer::Decline(_) => ChallengeState::Declined,
            Answer::Accept(Some(option))
                if bool::from(option.as_bytes().ct_eq(c.correct.as_bytes())) =>
            {
                ChallengeState::Approved
            }
            Answer::Accept(_) => ChallengeState::WrongOption,
        };
        challenge.value.state = state;
        match challenge.save(campaign.store()).await {
            Ok(true) => {
                return ok(
                    json!(state == ChallengeState::Approved || state == ChallengeState::Declined),
                    None,
                );
            }
            Ok(false) => continue,
            Err(_) => return try_again(),
        }
    }
    ok(json!(false), None)
}
