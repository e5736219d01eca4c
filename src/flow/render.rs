//! Turning a flow's state into its step's page.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::pages::{
    ApprovedPage, Chrome, Countdown, DonePage, DownloadPage, Due, NamePage, PASSKEY_STEPS,
    PasskeyDonePage, PasskeyPage, PromptPage, Reminder, SavingPage, ScanPage, SetupPage, Skips,
    Step, StoreLinks, TestPage, TestState, TotpPage,
};
use super::record::{Flow, FlowStep, MAX_PASSKEY_NAME, PASSKEY_METHOD, PUSH_METHOD};
use super::respond::{app_store_links, chrome, html, redirect_into_flow};
use super::session::{FlowError, FlowSession};
use crate::campaign::Campaign;
use crate::enroll::{EnrollContext, EnrollmentMethod, ScanView, Verification, totp};
use crate::locale::Texts;

/// The method and (opened) handle of the flow's enrollment, from the scan step on.
pub(crate) fn enrollment(
    session: &FlowSession,
) -> Result<(std::sync::Arc<dyn EnrollmentMethod>, String), FlowError> {
    let flow = session.flow();
    let method = flow
        .method
        .as_deref()
        .and_then(|m| session.campaign.method(m))
        .cloned();
    let handle = flow.enrollment.as_deref().and_then(|sealed| {
        session
            .campaign
            .open_enrollment_handle(&session.token.sub, sealed)
    });
    match (method, handle) {
        (Some(method), Some(handle)) => Ok((method, handle)),
        _ => Err(FlowError::Ended("the flow has no enrollment")),
    }
}

/// The context enrollment methods see.
pub(crate) fn enroll_context<'a>(session: &'a FlowSession, flow_url: &'a str) -> EnrollContext<'a> {
    let campaign = &session.campaign;
    let flow = session.flow();
    let cx = EnrollContext::new(
        &session.token.sub,
        flow.sign_in_name.as_deref().unwrap_or(&flow.display_name),
        campaign.issuer(),
        campaign.now(),
        flow_url,
        campaign.store(),
        campaign.secret_key(),
    )
    .with_texts(&session.texts);
    match &flow.passkey_rules {
        Some(rules) => cx.with_passkey_rules(rules),
        None => cx,
    }
}

/// What the code page's switch button says: the method the switch leads to, in words a user
/// knows. `None` when the campaign offers one method.
fn alternative_label(campaign: &Campaign, flow: &Flow, t: &Texts) -> Option<String> {
    let other = alternative_method(campaign, flow)?;
    Some(t.text(if other == PUSH_METHOD {
        "alternative-push"
    } else if flow.method.as_deref() == Some(PASSKEY_METHOD) {
        "alternative-app"
    } else {
        "alternative-other-app"
    }))
}

/// The method **I want to use a different authenticator app** switches to: the next of the
/// campaign's methods after the flow's. The passkey method is offered only in a passkey flow
/// (an authenticator-app campaign never turns into a passkey one).
pub(crate) fn alternative_method(campaign: &Campaign, flow: &Flow) -> Option<&'static str> {
    // A passkey campaign asks for a phishing-resistant method: whether an authenticator app is
    // offered instead is the host's choice (by default only when registration is required).
    if flow.is_passkey() && !campaign.passkey_alternative().offered(flow.required) {
        return None;
    }
    let methods: Vec<&'static str> = campaign
        .methods()
        .iter()
        .map(|m| m.id())
        .filter(|id| *id != PASSKEY_METHOD || flow.is_passkey())
        .collect();
    if methods.len() < 2 {
        return None;
    }
    let current = methods
        .iter()
        .position(|id| Some(*id) == flow.method.as_deref())?;
    methods.get((current + 1) % methods.len()).copied()
}

/// A passkey page's chrome: "Step N of 2".
fn passkey_chrome(mut chrome: Chrome, number: u8) -> Chrome {
    chrome.step = Some(Step {
        number,
        total: PASSKEY_STEPS,
    });
    chrome
}

/// What a submission adds to the page it stays on.
#[derive(Debug, Default)]
pub(crate) struct Feedback {
    /// What was wrong with it (the page answers `422`).
    pub error: Option<String>,
    /// Attempts left before a new secret is issued, if that applies.
    pub attempts_left: Option<u32>,
    /// Next was chosen while the test notification is still unanswered.
    pub still_waiting: bool,
}

impl Feedback {
    /// What the flow record keeps of this for the page at `step`.
    pub(crate) fn stored(self, step: FlowStep) -> super::record::StoredFeedback {
        super::record::StoredFeedback {
            step: Some(step),
            error: self.error,
            attempts_left: self.attempts_left,
            still_waiting: self.still_waiting,
        }
    }

    /// What the last submission said, if it was about the step the flow is at.
    pub(crate) fn kept(flow: &Flow) -> Self {
        match &flow.feedback {
            Some(kept) if kept.step == Some(flow.step) => Self {
                error: kept.error.clone(),
                attempts_left: kept.attempts_left,
                still_waiting: kept.still_waiting,
            },
            _ => Self::default(),
        }
    }
}

/// Stays on the step with what the submission said: kept in the flow record and shown by the
/// GET this answers with a redirect to (Post/Redirect/Get: a reload or Back never re-posts).
pub(crate) async fn stay(
    session: &mut FlowSession,
    feedback: Feedback,
) -> Result<Response, FlowError> {
    session
        .update(|flow| flow.feedback = Some(feedback.stored(flow.step)))
        .await?;
    Ok(redirect_into_flow(&session.campaign, &session.token))
}

/// The page of the flow's current step, with what a submission adds to it.
pub(crate) async fn render(
    session: &FlowSession,
    headers: &HeaderMap,
    feedback: Feedback,
) -> Result<Response, FlowError> {
    let Feedback {
        error,
        attempts_left,
        still_waiting,
    } = feedback;
    let campaign = &session.campaign;
    let flow = session.flow();
    let now = campaign.now();
    let t = &session.texts;
    let c = |title: &str, step: Option<u8>| chrome(campaign, Some(flow), t, title, step);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let response = match flow.step {
        FlowStep::Prompt => html(
            StatusCode::OK,
            t,
            &PromptPage {
                chrome: c("prompt-heading", None),
                user_display_name: flow.display_name.clone(),
                sign_in_name: flow.sign_in_name.clone(),
                skips: Skips::new(flow.required, flow.skips_left),
                due: flow
                    .deadline()
                    .map(|deadline| Due::new(deadline, now, flow.utc_offset(), t)),
                reminder: Reminder::new(
                    flow.snooze_days,
                    flow.deadline(),
                    now,
                    flow.utc_offset(),
                    t,
                ),
                passkey: flow.is_passkey(),
            },
        ),
        FlowStep::Download => {
            let links = app_store_links(campaign, Some(flow));
            html(
                StatusCode::OK,
                t,
                &DownloadPage {
                    chrome: c("download-heading", Some(1)),
                    store_links: links.map(|(ios, android)| StoreLinks {
                        ios: ios.to_owned(),
                        android: android.to_owned(),
                    }),
                },
            )
        }
        FlowStep::Setup => {
            let method = flow
                .method
                .as_deref()
                .or_else(|| campaign.methods().first().map(|m| m.id()));
            html(
                StatusCode::OK,
                t,
                &SetupPage {
                    chrome: c("setup-heading", Some(2)),
                    connects_itself: method == Some(PUSH_METHOD),
                },
            )
        }
        FlowStep::Scan => {
            let (method, handle) = enrollment(session)?;
            let url = crate::web::flow_url(campaign, headers);
            let cx = enroll_context(session, &url);
            let view = method
                .scan(&cx, &handle)
                .await
                .map_err(|e| FlowError::enrollment(e, flow))?;
            match view {
                ScanView::Code { qr_payload, secret } => html(
                    status,
                    t,
                    &TotpPage {
                        chrome: c("scan-heading", Some(3)),
                        heading: t.text("scan-heading"),
                        qr_svg: campaign.qr_codes().svg(&qr_payload),
                        otpauth_uri: qr_payload,
                        secret_groups: totp::grouped(&secret),
                        secret,
                        // The name the QR code's otpauth URI gives the account.
                        account: flow
                            .sign_in_name
                            .clone()
                            .unwrap_or_else(|| flow.display_name.clone()),
                        issuer: campaign.issuer().to_owned(),
                        error,
                        attempts_left,
                        alternative: alternative_label(campaign, flow, t),
                    },
                ),
                ScanView::Device {
                    qr_payload,
                    device,
                    expires_at,
                    code,
                } => html(
                    status,
                    t,
                    &ScanPage {
                        chrome: c("scan-heading", Some(3)),
                        qr_svg: campaign.qr_codes().svg(&qr_payload),
                        qr_text: qr_payload,
                        device,
                        code,
                        expires_in: expires_at.map(|at| Countdown::until(at, now)),
                        error,
                    },
                ),
                ScanView::Passkey { options_json } => html(
                    status,
                    t,
                    &PasskeyPage {
                        chrome: passkey_chrome(c("passkey-heading", None), 1),
                        options_json,
                        error,
                        alternative: alternative_label(campaign, flow, t),
                    },
                ),
            }
        }
        FlowStep::Verify => {
            let (method, handle) = enrollment(session)?;
            let url = crate::web::flow_url(campaign, headers);
            let cx = enroll_context(session, &url);
            let (state, device_name) = match method.verify(&cx, &handle).await {
                Ok(Verification::Pending {
                    number,
                    device_name,
                    expires_at,
                }) => (
                    TestState::Waiting {
                        number,
                        expires_in: Countdown::until(expires_at, now),
                        still_waiting,
                    },
                    device_name,
                ),
                Ok(Verification::Failed {
                    message,
                    device_name,
                }) => (TestState::Failed { message }, device_name),
                Ok(Verification::Approved(registration)) => {
                    (TestState::Approved, registration.display_name)
                }
                Err(e) => return Err(FlowError::enrollment(e, flow)),
            };
            html(
                StatusCode::OK,
                t,
                &TestPage {
                    chrome: c("test-heading", Some(4)),
                    device_name,
                    state,
                    by_choice: method.answered_by_choice(),
                },
            )
        }
        FlowStep::Name => html(
            status,
            t,
            &NamePage {
                chrome: passkey_chrome(c("name-heading", None), 2),
                suggested: flow
                    .registered_name
                    .clone()
                    .unwrap_or_else(|| t.text("name-default")),
                max_length: MAX_PASSKEY_NAME,
                error,
            },
        ),
        // Named by what was registered, not by what the campaign asked for.
        FlowStep::Done if flow.method.as_deref() == Some(PASSKEY_METHOD) => html(
            StatusCode::OK,
            t,
            &PasskeyDonePage {
                chrome: passkey_chrome(c("passkey-done-heading", None), 2),
                // A passkey left with the default name ("Passkey") is not named again:
                // "Your passkey Passkey is saved" says nothing.
                name: flow
                    .registered_name
                    .clone()
                    .filter(|name| !name.eq_ignore_ascii_case(&t.text("name-default")))
                    .unwrap_or_default(),
            },
        ),
        FlowStep::Saving => html(
            StatusCode::SERVICE_UNAVAILABLE,
            t,
            &SavingPage {
                chrome: c("saving-heading", Some(4)),
            },
        ),
        FlowStep::Approved => html(
            StatusCode::OK,
            t,
            &ApprovedPage {
                chrome: c("approved-heading", Some(4)),
                device_name: flow
                    .registered_name
                    .clone()
                    .unwrap_or_else(|| t.text("approved-your-phone")),
            },
        ),
        FlowStep::Done => html(
            StatusCode::OK,
            t,
            &DonePage {
                chrome: c("done-heading", Some(4)),
                method_name: match flow.method.as_deref().and_then(|m| campaign.method(m)) {
                    // Any authenticator app: said in the user's language.
                    Some(m) if m.id() != "totp" => m.display_name().to_owned(),
                    _ => t.text("code-your-app"),
                },
                announce_default: campaign.announces_default_method(),
            },
        ),
    };
    Ok(response)
}
