//! What the layer does with a completed MFA: decide, and pass the sign-in through or start a
//! flow.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::continue_url::safe_continue_url;
use super::held_cookies;
use super::record::{self, Flow, FlowStep, NewFlow, PASSKEY_METHOD};
use super::respond::{problem_page, redirect_into_flow};
use super::token::{FlowToken, RequiredHint};
use crate::campaign::{Campaign, NudgeEvent};
use crate::decision::{Decision, PassReason, Required};
use crate::directory::DirectoryUser;
use crate::funnel::FunnelEvent;
use crate::locale::{LanguageWishes, Texts};
use crate::mfa::MfaCompleted;
use crate::sign_in::ClientKind;
use crate::store::SnoozeOutcome;

/// What the layer does with an MFA-completion response.
pub(crate) enum AfterMfa<B> {
    /// The host's response, untouched.
    PassThrough(http::Response<B>),
    /// Our own response instead: a redirect into the flow, or a refusal.
    Respond(Response),
}

/// Decides for a completed MFA and, for a nudge, records the snooze that showing it already
/// counts as (closing the browser = snoozing) and redirects into the flow.
///
/// When the store fails, the sign-in passes through, unless this user is known to be required
/// to register (remembered by this instance, or by a signed hint in the request's cookies):
/// such a sign-in is held with a "try again" page, so an outage cannot be used to get in.
pub(crate) async fn after_mfa<B>(
    campaign: Campaign,
    response: http::Response<B>,
    mut mfa: MfaCompleted,
    request_cookies: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
) -> AfterMfa<B> {
    // Everything below reads and writes the tenant the host named.
    let campaign = match campaign.for_tenant(&mfa.tenant) {
        Ok(campaign) => campaign,
        Err(error) => {
            tracing::error!(target: "registration_campaign", %error, "the host named a tenant this campaign does not serve (see CampaignBuilder::tenant); the sign-in passes through and nothing is stored");
            metrics::counter!("registration_campaign_unknown_tenant_total").increment(1);
            return AfterMfa::PassThrough(response);
        }
    };
    let user = mfa.user_id.clone();
    let ui_locales = mfa.ui_locales.clone();
    // The user's own language, then the sign-in's ui_locales hint, then the browser: the
    // whole flow is shown in this language.
    let texts_for = |host_locale: Option<&str>| {
        campaign.locales().negotiate(LanguageWishes {
            host_locale,
            ui_locales: ui_locales.as_deref(),
            accept_language: accept_language.as_ref().and_then(|v| v.to_str().ok()),
        })
    };
    let fail = |campaign: &Campaign,
                response,
                texts: &Texts,
                what: &str,
                error: &dyn std::fmt::Display| {
        campaign.count_store_failure();
        if campaign.is_known_required(&user, request_cookies.as_ref()) {
            tracing::warn!(%error, what, "registration campaign store failed for a user who must register; the sign-in is held");
            metrics::counter!("registration_campaign_held_for_outage_total").increment(1);
            return AfterMfa::Respond(held_for_outage(campaign, texts));
        }
        tracing::warn!(%error, what, "registration campaign store failed; sign-in passes through");
        metrics::counter!("registration_campaign_fail_open_total").increment(1);
        AfterMfa::PassThrough(response)
    };
    let directory_user = match mfa.user.take() {
        Some(known) => known,
        None => match campaign.directory() {
            Some(directory) => match directory.user(campaign.tenant_id(), &user).await {
                Ok(Some(found)) => found,
                Ok(None) => {
                    tracing::warn!(target: "registration_campaign", tenant = %campaign.tenant_id(), "the host's directory does not know the user who completed MFA; the sign-in passes through");
                    return AfterMfa::PassThrough(response);
                }
                Err(error) => {
                    let texts = texts_for(None);
                    return fail(
                        &campaign,
                        response,
                        &texts,
                        "ask the host's directory",
                        &error,
                    );
                }
            },
            // No directory: the user has the method they just used, and is named by their id.
            None => DirectoryUser::new(user.clone(), user.clone()),
        },
    };
    let facts = mfa.facts(&directory_user);
    let texts = texts_for(facts.locale.as_deref());
    let fail = |campaign: &Campaign, response, what: &str, error: &dyn std::fmt::Display| {
        fail(campaign, response, &texts, what, error)
    };
    let (decision, policy) = match campaign.decide(&facts).await {
        Ok(found) => found,
        Err(error) => return fail(&campaign, response, "decide", &error),
    };
    if policy.version == 0 && campaign.first_implicit_default_notice() {
        warn_implicit_default_policy();
    }
    tracing::Span::current()
        .record("decision", decision.kind())
        .record("reason", decision.reason_code());
    tracing::info!(
        target: "registration_campaign",
        tenant = %campaign.tenant_id(),
        attempt = %mfa.attempt_id,
        decision = decision.kind(),
        reason = decision.reason_code(),
        method = decision.method().map(crate::policy::TargetedMethod::as_graph),
        "campaign decision"
    );
    metrics::counter!(
        "registration_campaign_decisions_total",
        "outcome" => decision.kind(),
        "reason" => decision.reason_code()
    )
    .increment(1);
    let now = campaign.now();
    // The prompt counts down to the user's deadline, or says it passed; a skip lasts as long
    // as the user's snooze (a group rule's, else the policy's).
    let (mut required, mut skips_left, limit, deadline, snooze_days) = match decision {
        Decision::PassThrough(reason) => {
            if matches!(
                reason,
                PassReason::AlreadyRegistered
                    | PassReason::PasskeyAlreadyUsableHere
                    | PassReason::NotEnabledForPasskeys
                    | PassReason::CampaignDisabled
                    | PassReason::Excluded
                    | PassReason::NotTargeted
                    | PassReason::Exempted { .. }
                    | PassReason::SnoozeExtended { .. }
            ) && let Err(error) = campaign.clear_required(&user).await
            {
                // The gate keeps holding the user until a later sign-in clears it.
                campaign.count_store_failure();
                tracing::warn!(%error, "could not clear a user's required-registration marker");
            }
            return AfterMfa::PassThrough(response);
        }
        Decision::Nudge {
            skips_left,
            allowed_snoozes,
            deadline,
            snooze_until,
            ..
        } => (
            false,
            skips_left,
            allowed_snoozes,
            deadline,
            snooze_days(snooze_until, now),
        ),
        // No skip is recorded for a required registration.
        Decision::RequireRegistration { because, .. } => (
            true,
            Some(0),
            None,
            (because == Required::DeadlinePassed)
                .then(|| policy.rules.deadline_for(&facts.groups))
                .flatten(),
            0,
        ),
    };
    if !required && cookies_cannot_return(&campaign) {
        // Every nudge would end in "Your setup session expired" and still use up a skip:
        // the sign-in passes instead, and the misconfiguration is loud.
        warn_nudge_not_shown();
        return AfterMfa::PassThrough(response);
    }
    if !required {
        match campaign
            .store()
            .record_snooze(&user, &mfa.attempt_id, now, limit)
            .await
        {
            // Another sign-in of the same user took the last snooze meanwhile (two tabs):
            // this nudge has no skip left either.
            Ok(record) if record.outcome == SnoozeOutcome::LimitReached => {
                required = true;
                skips_left = Some(0);
            }
            Ok(_) => {}
            Err(error) => return fail(&campaign, response, "record the snooze", &error),
        }
    }
    if required {
        if let Err(error) = campaign.mark_required(&user).await {
            return fail(&campaign, response, "mark the user required", &error);
        }
        if facts.client == ClientKind::NonBrowser {
            // An app or a script cannot show the flow, and must not get the session.
            campaign.record_event(FunnelEvent::RequiredShown);
            return AfterMfa::Respond(registration_required_json(&campaign));
        }
    }
    let continue_url = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(safe_continue_url)
        .unwrap_or("/")
        .to_owned();
    let host_cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let mut held = None;
    if required && host_cookies.is_empty() && !campaign.gate_installed() {
        warn_nothing_holds_required_users();
    }
    if required && !host_cookies.is_empty() {
        // Registration is required: the host's session cookies are held back until it is
        // done, so the user cannot just leave the flow and use the app.
        match held_cookies::hold(&campaign, &user, &host_cookies).await {
            Ok(id) => held = Some(id),
            Err(error) => return fail(&campaign, response, "hold the host's cookies", &error),
        }
    }
    let passkey_rules = passkey_rules(&campaign, &decision, &policy.policy, &facts);
    let (flow, flow_id) = Flow::start(
        NewFlow {
            attempt: mfa.attempt_id,
            continue_url,
            required,
            skips_left,
            allowed_snoozes: limit,
            snooze_days,
            deadline,
            utc_offset: directory_user.utc_offset,
            display_name: directory_user.display_name,
            sign_in_name: directory_user.sign_in_name,
            held,
            passkey_rules,
            language: texts.language().clone(),
        },
        now,
    );
    if let Err(error) = record::save_new(campaign.store(), &user, &flow).await {
        return fail(&campaign, response, "start the flow", &error);
    }
    campaign.record_event(if required {
        FunnelEvent::RequiredShown
    } else {
        FunnelEvent::NudgeShown
    });
    campaign.count_nudge(&user, NudgeEvent::Shown).await;
    let token = FlowToken::new(
        campaign.tenant_id(),
        &user,
        &flow_id,
        FlowStep::Prompt,
        now.unix_timestamp(),
    );
    let mut redirect = redirect_into_flow(&campaign, &token);
    if required {
        if let Some(hint) = campaign.required_hint(&user) {
            super::cookies::set(redirect.headers_mut(), &hint);
        }
    } else {
        // Keep the host's own cookies (its session, typically) on the redirect.
        for cookie in response.headers().get_all(header::SET_COOKIE) {
            redirect
                .headers_mut()
                .append(header::SET_COOKIE, cookie.clone());
        }
    }
    redirect
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    AfterMfa::Respond(redirect)
}

/// Logs (once per campaign) that no policy was ever stored: Graph's implicit default is in
/// force ("Microsoft managed"), which nudges only after text-message or voice MFA, so a host
/// whose second factor is anything else sees every sign-in pass through.
fn warn_implicit_default_policy() {
    tracing::warn!(
        target: "registration_campaign",
        "no campaign policy is stored, so Graph's default is in force: state \"default\" (Microsoft managed) nudges only after text-message or voice MFA; store one with campaign.replace_policy(...) or PATCH /policies/authenticationMethodsPolicy"
    );
}

/// Logs, once per process, that a required user may already be signed in: the MFA response
/// carried no session cookie to hold back (the host keeps its session server-side, or a session
/// layer outside the campaign layer adds the cookie later), and no gate checks later requests.
fn warn_nothing_holds_required_users() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::error!(
            target: "registration_campaign",
            "a user must register, but the MFA response set no cookie the campaign could hold back and no gate is installed, so the host's session may already let them in; add `campaign.gate(...)` inside your session layer (README: Where the layer goes)"
        );
    });
}

/// For a passkey campaign, the rules of the passkey profiles the user may register under (one
/// per profile). A passkey campaign on a campaign without a passkey method (the host did not
/// add `PasskeyMethod`) falls back to the authenticator-app flow, with a warning: the user
/// still registers a strong method, and a required user is never stuck.
fn passkey_rules(
    campaign: &Campaign,
    decision: &Decision,
    policy: &crate::policy::AuthenticationMethodsPolicy,
    facts: &crate::SignInFacts,
) -> Option<Vec<crate::enroll::PasskeyRules>> {
    if decision.method() != Some(crate::policy::TargetedMethod::Fido2) {
        return None;
    }
    if campaign.method(PASSKEY_METHOD).is_none() {
        tracing::warn!(target: "registration_campaign", "a passkey campaign, but the campaign has no passkey method; the authenticator-app flow is shown instead");
        return None;
    }
    Some(
        policy
            .fido2()
            .profiles_for(&facts.user_id, &facts.groups)
            .into_iter()
            .map(crate::enroll::PasskeyRules::from)
            .collect(),
    )
}

/// The snooze a skip would take, in days. Snoozes are whole days; the decision read the clock
/// a moment before `now`, so the span is rounded, not cut (cut, one day became "0 days").
fn snooze_days(snooze_until: time::OffsetDateTime, now: time::OffsetDateTime) -> u8 {
    let seconds = (snooze_until - now).whole_seconds() + 43_200;
    u8::try_from((seconds / 86_400).clamp(0, 14)).unwrap_or(0)
}

/// `403` for a client that is not a browser while registration is required.
pub(crate) fn registration_required_json(campaign: &Campaign) -> Response {
    let body = serde_json::json!({
        "error": "registrationRequired",
        "message": "This account must set up an authenticator before it can sign in. Sign in with a web browser to set it up.",
        "setupPath": campaign.prefix(),
    });
    let mut response = (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page for a required user whose sign-in cannot be checked right now.
fn held_for_outage(campaign: &Campaign, texts: &Texts) -> Response {
    let mut response = problem_page(
        campaign,
        texts,
        StatusCode::SERVICE_UNAVAILABLE,
        "problem-held",
        "problem-held-text",
        "/",
    );
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::RETRY_AFTER, "60"),
    ] {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

/// How long the required hint cookie lasts.
const REQUIRED_HINT_LIFETIME: time::Duration = time::Duration::days(30);

impl Campaign {
    /// Whether `user` is known to be required to register: remembered by this instance, or
    /// named by a valid hint in the request's `Cookie` header.
    fn is_known_required(&self, user: &str, cookies: Option<&HeaderValue>) -> bool {
        self.remembers_required(user)
            || self
                .cookie_settings()
                .find_hint(cookies)
                .is_some_and(|hint| {
                    let user = self.qualified_user(user);
                    RequiredHint::names(&hint, self.flow_keys(), &user, self.now())
                })
    }

    /// The required hint cookie for `user`.
    fn required_hint(&self, user: &str) -> Option<cookie::Cookie<'static>> {
        let hint = RequiredHint::new(
            &self.qualified_user(user),
            self.now(),
            REQUIRED_HINT_LIFETIME,
        );
        hint.encode(self.flow_keys())
            .ok()
            .map(|value| self.cookie_settings().hint(value))
    }
}

/// Whether the flow's cookie can never come back: `Secure` cookies, and a configured public
/// origin that is plain http (browsers drop `Secure` cookies there).
fn cookies_cannot_return(campaign: &Campaign) -> bool {
    campaign.secure_cookies()
        && campaign
            .configured_origin()
            .is_some_and(|origin| origin.starts_with("http://"))
}

fn warn_nudge_not_shown() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        tracing::error!(
            target: "registration_campaign",
            "nudges are not shown: the public origin is plain http but cookies are Secure, so the setup flow's cookie would never come back (and each nudge would use up a skip); use https, or .secure_cookies(false) for local development only"
        );
    });
}
