//! The users a per-user report walks when the store's user id order alone will not do: when
//! the host directory lists the tenant's users (the report then covers every targeted user,
//! those never shown the campaign included), or when the report is sorted by display name.
//! The walk is built in memory for each page, so it is meant for directories of up to
//! [`MAX_POPULATION`] users; larger ones are cut there, with a warning.

use std::collections::BTreeMap;

use super::Campaign;
use crate::decision::{Decision, PassReason, decide};
use crate::directory::DirectoryUser;
use crate::mfa::MfaCompleted;
use crate::sign_in::{AuthMethod, SignInFacts};
use crate::state::UserCampaignState;
use crate::store::StoreError;

/// The most users one walk holds (directory users and met users together).
pub const MAX_POPULATION: usize = 200_000;
const BATCH: u32 = 1_000;

/// The order of the per-user report.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserReportOrder {
    /// By user id (the store's order; the default).
    #[default]
    UserId,
    /// By display name in alphabetical order (CLDR's root collation: "Émile" beside "Emile",
    /// before "Zoë"), then user id (`$orderby=displayName`); a user without a known name sorts
    /// by their id.
    DisplayName,
}

/// One user of a walk.
pub(crate) struct Member {
    /// Where the user sorts; the cursor of a page that ends with them.
    pub(crate) cursor: String,
    pub(crate) user_id: String,
    /// What the host directory says of them (`None`: it does not know them).
    pub(crate) known: Option<DirectoryUser>,
    pub(crate) state: UserCampaignState,
}

impl Campaign {
    /// Whether the host directory lists this tenant's users (its first page has any).
    pub(crate) async fn directory_lists_users(&self) -> bool {
        let Some(directory) = self.directory() else {
            return false;
        };
        directory
            .list_users(self.tenant_id(), None)
            .await
            .is_ok_and(|page| !page.users.is_empty())
    }

    /// Every targeted user the directory lists and every user the campaign met, in `order`.
    pub(crate) async fn population(
        &self,
        order: UserReportOrder,
    ) -> Result<Vec<Member>, StoreError> {
        let mut met: BTreeMap<String, UserCampaignState> = BTreeMap::new();
        let mut after: Option<String> = None;
        while met.len() < MAX_POPULATION {
            let batch = self.store().users_after(after.as_deref(), BATCH).await?;
            let exhausted = (batch.len() as u32) < BATCH;
            after = batch.last().map(|(id, _)| id.clone());
            met.extend(batch);
            if exhausted {
                break;
            }
        }
        let listed = self
            .listed_users(MAX_POPULATION.saturating_sub(met.len()))
            .await;
        let active = self.active_policy().await?;
        let now = self.now();
        let mut members = Vec::with_capacity(met.len() + listed.len());
        let mut listed_ids = std::collections::HashSet::new();
        for user in listed {
            listed_ids.insert(user.id.clone());
            let state = met.get(&user.id).copied().unwrap_or_default();
            let facts = facts_of(self, &user.id, Some(&user));
            let decision = decide(&active.rules, &facts, &state, self.tenant(), now);
            let targeted = !matches!(
                decision,
                Decision::PassThrough(PassReason::NotTargeted | PassReason::Excluded)
            );
            if targeted || met.contains_key(&user.id) {
                members.push((user.id.clone(), Some(user), state));
            }
        }
        for (user_id, state) in met {
            if !listed_ids.contains(&user_id) {
                let known = match order {
                    UserReportOrder::DisplayName => self.directory_user_for_report(&user_id).await,
                    UserReportOrder::UserId => None,
                };
                members.push((user_id, known, state));
            }
        }
        let mut members: Vec<Member> = members
            .into_iter()
            .map(|(user_id, known, state)| Member {
                cursor: cursor_of(order, &user_id, known.as_ref()),
                user_id,
                known,
                state,
            })
            .collect();
        members.sort_by(|a, b| a.cursor.cmp(&b.cursor));
        Ok(members)
    }

    /// The directory's users of this tenant, at most `limit` (a failing directory lists none,
    /// with a warning).
    async fn listed_users(&self, limit: usize) -> Vec<DirectoryUser> {
        let Some(directory) = self.directory() else {
            return Vec::new();
        };
        let mut users = Vec::new();
        let mut page: Option<String> = None;
        loop {
            match directory
                .list_users(self.tenant_id(), page.as_deref())
                .await
            {
                Ok(listed) => {
                    users.extend(listed.users);
                    page = listed.next;
                }
                Err(error) => {
                    tracing::warn!(target: "registration_campaign", %error, "the host directory could not list its users; the report covers the users the campaign met");
                    return Vec::new();
                }
            }
            if users.len() >= limit {
                tracing::warn!(target: "registration_campaign", limit, "the host directory lists more users than one report walks; the report is cut");
                users.truncate(limit);
                return users;
            }
            if page.is_none() {
                return users;
            }
        }
    }
}

/// A browser sign-in of `user_id` after a text-message MFA, with what the host directory says
/// of them (the facts a real sign-in would have, `MfaCompleted::facts`).
pub(crate) fn facts_of(
    campaign: &Campaign,
    user_id: &str,
    known: Option<&DirectoryUser>,
) -> SignInFacts {
    let stranger;
    let user = match known {
        Some(user) => user,
        None => {
            stranger = DirectoryUser::new(user_id, user_id);
            &stranger
        }
    };
    MfaCompleted::new(user_id, AuthMethod::Sms)
        .in_tenant(campaign.tenant_id().clone())
        .facts(user)
}

/// Where a user sorts: their id, or their display name's collation key (CLDR's root order:
/// ignoring case and accents first) and a separator before the id.
fn cursor_of(order: UserReportOrder, user_id: &str, known: Option<&DirectoryUser>) -> String {
    match order {
        UserReportOrder::UserId => user_id.to_owned(),
        UserReportOrder::DisplayName => {
            let name = known.map_or(user_id, |user| user.display_name.as_str());
            let key = crate::locale::cldr::Cldr::root().sort_key(name);
            format!("{key}\u{1f}{user_id}")
        }
    }
}
