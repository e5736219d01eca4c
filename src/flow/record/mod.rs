//! The flow record: a setup flow's state, kept in the store, one per user.
//!
//! The cookie only names the flow (see `token`); the step, the MFA attempt, the enrollment
//! handle (sealed), the CSRF secret and the held host cookies live here. Every change is a
//! compare-and-swap on the record's version, so two requests racing on one step (a double click,
//! a replay, two tabs) change it once. A newer flow of the same user replaces the record, which
//! ends the older flow; finishing, skipping, a failed CSRF check and
//! [`Campaign::end_flow`](crate::Campaign::end_flow) end it too. A finished or skipped record
//! stays until the flow would have expired, so a page the browser shows again (Back, a stale
//! tab) is answered with what happened rather than "expired".

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::campaign::FLOW_LIFETIME;
use crate::enroll::PasskeyRules;
use crate::enroll::protocol::b64;
use crate::funnel::FunnelEvent;
use crate::store::TypedRecord;

mod funnel_steps;
use crate::store::{StoreError, TenantStore};

/// The id of the push enrollment method.
pub(crate) const PUSH_METHOD: &str = "push";

/// The id of the passkey enrollment method.
pub(crate) const PASSKEY_METHOD: &str = "passkey";

/// The longest passkey name, in characters.
pub(crate) const MAX_PASSKEY_NAME: usize = 64;

/// Enrollments one flow may start (the first method, then switching back and forth).
pub(crate) const MAX_ENROLLMENTS_PER_FLOW: u32 = 4;

/// A step of the setup flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum FlowStep {
    /// "Keep your account secure" with Next (and Skip for now unless required).
    Prompt,
    /// Download the app.
    Download,
    /// How to set up the app.
    Setup,
    /// Scan the QR code (and, for TOTP, confirm with a code from the app).
    Scan,
    /// Approve the test notification (push).
    Verify,
    /// "Name your passkey": the passkey is made; its name goes to the host with it.
    Name,
    /// The authenticator works, but the host could not save it yet: Next tries again.
    Saving,
    /// The test notification was approved.
    Approved,
    /// Registered: "now your default sign-in method".
    Done,
}

impl FlowStep {
    /// The name forms carry in their `step` field.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Prompt => "prompt",
            Self::Download => "download",
            Self::Setup => "setup",
            Self::Scan => "scan",
            Self::Verify => "verify",
            Self::Name => "name",
            Self::Saving => "saving",
            Self::Approved => "approved",
            Self::Done => "done",
        }
    }

    /// The step **Back** returns to, for the steps that have one: before the authenticator is
    /// registered, every step after the prompt goes back one. The scan step keeps its
    /// enrollment, so going back and on again shows the same QR code.
    pub(crate) fn previous(self) -> Option<Self> {
        match self {
            Self::Download => Some(Self::Prompt),
            Self::Setup => Some(Self::Download),
            Self::Scan => Some(Self::Setup),
            Self::Verify => Some(Self::Scan),
            Self::Prompt | Self::Name | Self::Saving | Self::Approved | Self::Done => None,
        }
    }

    /// The step named `name`.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        [
            Self::Prompt,
            Self::Download,
            Self::Setup,
            Self::Scan,
            Self::Verify,
            Self::Name,
            Self::Saving,
            Self::Approved,
            Self::Done,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// Whether the flow can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum FlowStatus {
    /// In use.
    Active,
    /// The user chose **Skip for now**.
    Skipped,
    /// Registered (here and left, or meanwhile in another flow).
    Finished,
    /// Ended by a failed CSRF check or by the host (sign-out).
    Revoked,
}

/// A flow's server-side state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Flow {
    /// SHA-256 of the flow id the cookie carries.
    pub id_hash: String,
    /// Tells this flow's forms from an older flow's (two tabs): the CSRF token's public half.
    pub public_id: String,
    /// The CSRF token's secret half.
    pub csrf_secret: String,
    pub status: FlowStatus,
    pub step: FlowStep,
    /// The MFA attempt (snoozes count once per attempt).
    pub attempt: String,
    /// Where to go when the flow ends (a checked same-origin path).
    pub continue_url: String,
    /// No skip: registration is required.
    pub required: bool,
    /// Skips left when the nudge was shown (`None`: unlimited).
    pub skips_left: Option<u32>,
    /// The snooze limit in force when the nudge was shown, for the skip.
    pub allowed_snoozes: Option<u32>,
    /// Snooze duration in days, for the prompt's text.
    pub snooze_days: u8,
    /// The user's deadline (Unix seconds), when they have one: the prompt counts down to it,
    /// or says it passed. Records from before deadlines existed have none.
    #[serde(default)]
    pub deadline: Option<i64>,
    /// The user's offset from UTC in seconds, when the host gave it, for the prompt's dates.
    #[serde(default)]
    pub utc_offset: Option<i32>,
    pub display_name: String,
    /// The name the user signs in with, if the host gave it.
    #[serde(default)]
    pub sign_in_name: Option<String>,
    /// When the flow started (Unix seconds): it ends `FLOW_LIFETIME` later.
    pub started_at: i64,
    /// The enrollment method, from the scan step on.
    #[serde(default)]
    pub method: Option<String>,
    /// The enrollment's handle, sealed (the push handle is the enrollment credential).
    #[serde(default)]
    pub enrollment: Option<String>,
    /// Enrollments this flow started.
    #[serde(default)]
    pub enrollments_started: u32,
    /// A registration the host has not saved yet (sealed), and the step after saving.
    #[serde(default)]
    pub unsaved: Option<Unsaved>,
    /// The name of what was registered, for the last pages.
    #[serde(default)]
    pub registered_name: Option<String>,
    /// The record holding the host's cookies until a required registration is done.
    #[serde(default)]
    pub held: Option<String>,
    /// Funnel events this flow has counted, so each counts once per flow.
    #[serde(default)]
    pub counted: Vec<FunnelEvent>,
    /// The same for each method the flow tried (push, then an app's code after a switch).
    #[serde(default)]
    pub counted_by_method: Vec<(String, FunnelEvent)>,
    /// A passkey flow: the rules of the passkey profiles the user may register under, as the
    /// policy had them at sign-in. `None`: an authenticator-app flow.
    #[serde(default)]
    pub passkey_rules: Option<Vec<PasskeyRules>>,
    /// The language chosen at sign-in (a BCP 47 tag), so that every page of the flow is in
    /// one language. Records from before localization have none: English.
    #[serde(default)]
    pub language: Option<String>,
    /// What the last POST has to say on the page it redirected to (a wrong code, "still
    /// waiting"): every flow POST answers with a redirect, and the next GETs of the same step
    /// show this until another POST changes the flow.
    #[serde(default)]
    pub feedback: Option<StoredFeedback>,
}

/// A submission's outcome kept for the page (Post/Redirect/Get).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StoredFeedback {
    /// The step it belongs to; shown only there.
    pub step: Option<FlowStep>,
    /// What was wrong with the submission, in the flow's language.
    #[serde(default)]
    pub error: Option<String>,
    /// Attempts left before a new secret is issued, if that applies.
    #[serde(default)]
    pub attempts_left: Option<u32>,
    /// Next was chosen while the test notification is still unanswered.
    #[serde(default)]
    pub still_waiting: bool,
}

impl Flow {
    /// Whether this flow registers a passkey.
    pub(crate) fn is_passkey(&self) -> bool {
        self.passkey_rules.is_some()
    }
}

impl crate::store::Document for Flow {
    const KIND: &'static str = crate::campaign::FLOW_KIND;
}

/// A registration waiting for the host's callback to succeed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Unsaved {
    /// The registration, sealed.
    pub sealed: String,
    /// Where the flow goes once it is saved.
    pub then: FlowStep,
}

/// What starting a flow needs.
pub(crate) struct NewFlow {
    pub attempt: String,
    pub continue_url: String,
    pub required: bool,
    pub skips_left: Option<u32>,
    pub allowed_snoozes: Option<u32>,
    pub snooze_days: u8,
    pub deadline: Option<OffsetDateTime>,
    pub utc_offset: Option<time::UtcOffset>,
    pub display_name: String,
    pub sign_in_name: Option<String>,
    pub held: Option<String>,
    pub passkey_rules: Option<Vec<PasskeyRules>>,
    pub language: crate::locale::Language,
}

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    b64(&bytes)
}

/// The hash the record keeps of a flow id.
pub(crate) fn hash_id(flow_id: &str) -> String {
    b64(&Sha256::digest(flow_id.as_bytes()))
}

impl Flow {
    /// A new flow at the prompt; returns it with the flow id for the cookie.
    pub(crate) fn start(new: NewFlow, now: OffsetDateTime) -> (Self, String) {
        let flow_id = random_b64(32);
        let flow = Self {
            id_hash: hash_id(&flow_id),
            public_id: random_b64(9),
            csrf_secret: random_b64(18),
            status: FlowStatus::Active,
            step: FlowStep::Prompt,
            attempt: new.attempt,
            continue_url: new.continue_url,
            required: new.required,
            skips_left: new.skips_left,
            allowed_snoozes: new.allowed_snoozes,
            snooze_days: new.snooze_days,
            deadline: new.deadline.map(OffsetDateTime::unix_timestamp),
            utc_offset: new.utc_offset.map(time::UtcOffset::whole_seconds),
            display_name: new.display_name,
            sign_in_name: new.sign_in_name,
            started_at: now.unix_timestamp(),
            method: None,
            enrollment: None,
            enrollments_started: 0,
            unsaved: None,
            registered_name: None,
            held: new.held,
            counted: Vec::new(),
            counted_by_method: Vec::new(),
            passkey_rules: new.passkey_rules,
            language: Some(new.language.to_string()),
            feedback: None,
        };
        (flow, flow_id)
    }

    /// Whether `flow_id` is this flow's id (constant time).
    pub(crate) fn is(&self, flow_id: &str) -> bool {
        self.id_hash
            .as_bytes()
            .ct_eq(hash_id(flow_id).as_bytes())
            .into()
    }

    /// The token forms echo: `public.secret`.
    pub(crate) fn csrf_token(&self) -> String {
        format!("{}.{}", self.public_id, self.csrf_secret)
    }

    /// The user's deadline, if any.
    pub(crate) fn deadline(&self) -> Option<OffsetDateTime> {
        self.deadline
            .and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok())
    }

    /// The user's time zone for dates: the host's offset, else UTC.
    pub(crate) fn utc_offset(&self) -> time::UtcOffset {
        self.utc_offset
            .and_then(|seconds| time::UtcOffset::from_whole_seconds(seconds).ok())
            .unwrap_or(time::UtcOffset::UTC)
    }

    /// When the flow ends, whatever happens.
    pub(crate) fn expires_at(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.started_at)
            .map_or(OffsetDateTime::UNIX_EPOCH, |at| {
                at.saturating_add(FLOW_LIFETIME)
            })
    }
}

/// What a submitted CSRF token says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CsrfCheck {
    /// The flow's own token.
    Valid,
    /// A well-formed token of another (older) flow: a stale tab, not an attack.
    OtherFlow,
    /// Missing, malformed, or the right flow with the wrong secret.
    Invalid,
}

impl Flow {
    /// Checks a submitted CSRF token (constant time on the secret).
    pub(crate) fn check_csrf(&self, submitted: &str) -> CsrfCheck {
        let Some((public, secret)) = submitted.split_once('.') else {
            return CsrfCheck::Invalid;
        };
        if public != self.public_id {
            return if public.len() == self.public_id.len() && !secret.is_empty() {
                CsrfCheck::OtherFlow
            } else {
                CsrfCheck::Invalid
            };
        }
        if bool::from(self.csrf_secret.as_bytes().ct_eq(secret.as_bytes())) {
            CsrfCheck::Valid
        } else {
            CsrfCheck::Invalid
        }
    }
}

/// Stores a new flow for `user`, replacing (and so ending) any older one: the newest sign-in
/// wins, in one write whatever the contention.
pub(crate) async fn save_new(
    store: &TenantStore,
    user: &str,
    flow: &Flow,
) -> Result<(), StoreError> {
    let record = TypedRecord::new(user, user, flow.clone(), Some(flow.expires_at()))?;
    store.upsert_record(&record.record).await
}

/// The user's current flow record, if live.
pub(crate) async fn load(
    store: &TenantStore,
    user: &str,
    now: OffsetDateTime,
) -> Result<Option<TypedRecord<Flow>>, StoreError> {
    TypedRecord::load(store, user, now).await
}

/// Ends the user's flow, if any (sign-out). Returns whether one was live.
pub(crate) async fn end(
    store: &TenantStore,
    user: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    for _ in 0..8 {
        let Some(mut record) = load(store, user, now).await? else {
            return Ok(false);
        };
        if record.value.status != FlowStatus::Active {
            return Ok(false);
        }
        record.value.status = FlowStatus::Revoked;
        if record.save(store).await? {
            return Ok(true);
        }
    }
    Err(StoreError::Backend(
        "the user's flow kept changing; try again".into(),
    ))
}

impl crate::campaign::Campaign {
    /// Ends `user_id`'s setup flow, if one is open: call it when the user signs out, so that
    /// nobody who uses the same browser afterwards can finish it (and receive a session held
    /// back for a required registration). Returns whether a flow was open.
    pub async fn end_flow(&self, user_id: &str) -> Result<bool, StoreError> {
        end(self.store(), user_id, self.now()).await
    }
}

/// The device endpoints ask whether `user`'s setup flow is open (not skipped, finished,
/// revoked, replaced or expired) and, given `credential`, holds the enrollment begun with it:
/// they refuse an enrollment or a test notification of a flow that has ended.
#[cfg(feature = "push")]
#[async_trait::async_trait]
impl crate::enroll::push::OpenFlows for crate::campaign::Campaign {
    async fn holds_enrollment(
        &self,
        user: &str,
        credential: Option<&[u8]>,
    ) -> Result<bool, StoreError> {
        let Some(record) = load(self.store(), user, self.now()).await? else {
            return Ok(false);
        };
        let flow = &record.value;
        if flow.status != FlowStatus::Active {
            return Ok(false);
        }
        Ok(match credential {
            None => true,
            Some(credential) => flow
                .enrollment
                .as_deref()
                .and_then(|sealed| self.open_enrollment_handle(user, sealed))
                .and_then(|handle| crate::enroll::protocol::unb64(&handle))
                .is_some_and(|held| {
                    bool::from(subtle::ConstantTimeEq::ct_eq(held.as_slice(), credential))
                }),
        })
    }
}

impl crate::campaign::Campaign {
    /// Whether `user_id`'s setup flow is open and, given `handle`, holds the enrollment that
    /// [`EnrollmentMethod::begin`](crate::enroll::EnrollmentMethod::begin) returned it for. A
    /// method's own endpoints ask it, so that a flow skipped, finished, signed out of or
    /// replaced refuses its app's messages at once.
    pub async fn setup_flow_holds(
        &self,
        user_id: &str,
        handle: Option<&str>,
    ) -> Result<bool, StoreError> {
        let Some(record) = load(self.store(), user_id, self.now()).await? else {
            return Ok(false);
        };
        let flow = &record.value;
        if flow.status != FlowStatus::Active {
            return Ok(false);
        }
        Ok(match handle {
            None => true,
            Some(handle) => flow
                .enrollment
                .as_deref()
                .and_then(|sealed| self.open_enrollment_handle(user_id, sealed))
                .is_some_and(|held| {
                    bool::from(subtle::ConstantTimeEq::ct_eq(
                        held.as_bytes(),
                        handle.as_bytes(),
                    ))
                }),
        })
    }
}

#[cfg(test)]
mod tests;
