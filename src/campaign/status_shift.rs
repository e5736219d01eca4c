//! What a change of the policy or the settings does to the users the campaign has met: how
//! many required users could skip again, and how many others would now have to register.
//! Changing the snooze days from 0 to 1, for example, lets users who skipped their last
//! allowed time skip for a day, and a passed deadline makes everyone it covers required; the
//! admin API and page say so instead of changing it silently.

use super::Campaign;
use crate::decision::{CampaignRules, Decision, decide};
use crate::store::StoreError;

/// At most this many met users are compared for one change, so no change waits on a scan of
/// a whole large store; beyond it the counts are a lower bound ([`StatusShift::complete`]).
const SCAN_LIMIT: u32 = 20_000;
const BATCH: u32 = 500;

/// How many met users a change moves out of, and into, required registration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StatusShift {
    /// Required before the change, able to skip (or not nudged) after it.
    pub(crate) no_longer_required: u64,
    /// Not required before the change, required after it.
    pub(crate) now_required: u64,
    /// Whether every met user was compared (else the counts cover the first [`SCAN_LIMIT`]).
    pub(crate) complete: bool,
}

impl StatusShift {
    /// Whether the change moves anyone.
    pub(crate) fn moves_anyone(&self) -> bool {
        self.no_longer_required > 0 || self.now_required > 0
    }
}

impl Campaign {
    /// Compares, user by user, what the next sign-in of each met user would give under `before`
    /// and under `after`: the real decision, for a browser sign-in after a text-message MFA,
    /// with the groups and methods the host directory knows (none without one).
    pub(crate) async fn status_shift(
        &self,
        before: &CampaignRules,
        after: &CampaignRules,
    ) -> Result<StatusShift, StoreError> {
        let now = self.now();
        let mut shift = StatusShift::default();
        let mut cursor: Option<String> = None;
        let mut scanned = 0;
        loop {
            let batch = self.store().users_after(cursor.as_deref(), BATCH).await?;
            let exhausted = (batch.len() as u32) < BATCH;
            for (user_id, state) in batch {
                scanned += 1;
                let known = self.directory_user_for_report(&user_id).await;
                let facts = super::user_population::facts_of(self, &user_id, known.as_ref());
                cursor = Some(user_id.clone());
                let required = |rules: &CampaignRules| {
                    matches!(
                        decide(rules, &facts, &state, self.tenant(), now),
                        Decision::RequireRegistration { .. }
                    )
                };
                let (was, will_be) = (required(before), required(after));
                // An admin's exemption or snooze extension lets the user in under either
                // rules: nobody moves (read only for users the change could move).
                if was != will_be && self.admin_lets_in(&user_id).await? {
                    continue;
                }
                match (was, will_be) {
                    (true, false) => shift.no_longer_required += 1,
                    (false, true) => shift.now_required += 1,
                    _ => {}
                }
            }
            if exhausted {
                shift.complete = true;
                return Ok(shift);
            }
            if scanned >= SCAN_LIMIT {
                return Ok(shift);
            }
        }
    }
}

impl Campaign {
    /// The shift a policy change from `before` to `policy` made (the settings unchanged);
    /// `None` when the store could not say (logged: the change itself stands).
    pub(crate) async fn shift_to_policy(
        &self,
        before: &super::ActivePolicy,
        policy: &crate::policy::AuthenticationMethodsPolicy,
    ) -> Option<StatusShift> {
        let after = CampaignRules::new(policy).with_settings(&before.settings.settings);
        self.logged_shift(&before.rules, &after).await
    }

    /// The shift a settings change from `before` to `settings` made (the policy unchanged).
    pub(crate) async fn shift_to_settings(
        &self,
        before: &super::ActivePolicy,
        settings: &crate::settings::CampaignSettings,
    ) -> Option<StatusShift> {
        let after = CampaignRules::new(&before.policy).with_settings(settings);
        self.logged_shift(&before.rules, &after).await
    }

    async fn logged_shift(
        &self,
        before: &CampaignRules,
        after: &CampaignRules,
    ) -> Option<StatusShift> {
        match self.status_shift(before, after).await {
            Ok(shift) => Some(shift),
            Err(error) => {
                tracing::warn!(target: "registration_campaign", %error, "could not count the users a change moves");
                None
            }
        }
    }
}

impl StatusShift {
    /// The shift in English, for the admin API's `Warning` header; `None` when nobody moves.
    pub(crate) fn in_english(&self) -> Option<String> {
        if !self.moves_anyone() {
            return None;
        }
        let users = |n: u64| if n == 1 { "user" } else { "users" };
        let mut parts = Vec::new();
        if self.no_longer_required > 0 {
            let n = self.no_longer_required;
            parts.push(format!("{n} required {} can skip again", users(n)));
        }
        if self.now_required > 0 {
            let n = self.now_required;
            parts.push(format!("{n} more {} now have to register", users(n)));
        }
        let mut text = parts.join("; ");
        if !self.complete {
            text.push_str(&format!(" (counted over the first {SCAN_LIMIT} users)"));
        }
        Some(text)
    }

    /// How many users were compared at most.
    pub(crate) fn scan_limit() -> u32 {
        SCAN_LIMIT
    }
}
