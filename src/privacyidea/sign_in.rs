//! Signing in with a registered privacyIDEA Authenticator: a challenge whose right option the
//! browser shows; the app, when opened, lists it and the user taps that option.

use time::OffsetDateTime;

use super::method::{ChallengeSite, PrivacyIdeaPush, new_challenge};
use super::records::{Challenge, ChallengeState, Token};
use crate::Campaign;
use crate::store::{StoreError, TypedRecord};

/// A sign-in challenge sent to a user's app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyIdeaSignIn {
    /// The challenge's id, to ask for its state.
    pub challenge_id: String,
    /// The number to show in the browser: the user taps it among the app's options.
    pub number: String,
    /// Until when it can be answered.
    pub expires_at: OffsetDateTime,
}

/// Where a sign-in challenge stands.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivacyIdeaSignInState {
    /// Not answered yet.
    Pending,
    /// The user tapped the number the browser shows: the sign-in may go on.
    Approved,
    /// Declined in the app.
    Declined,
    /// Another option was tapped: refused, and the challenge is over.
    WrongOption,
    /// Not answered in time, withdrawn, or unknown.
    Expired,
}

impl PrivacyIdeaPush {
    /// Sends a sign-in challenge to `user_id`'s registered app, if they have one. Show
    /// `number` in the browser, tell the user to open the app, and ask
    /// [`sign_in_state`](Self::sign_in_state) until it is no longer pending.
    pub async fn start_sign_in(
        campaign: &Campaign,
        user_id: &str,
        issuer: &str,
    ) -> Result<Option<PrivacyIdeaSignIn>, StoreError> {
        let now = campaign.now();
        let store = campaign.store();
        let tokens = TypedRecord::<Token>::list(store, user_id, now).await?;
        let Some(token) = tokens.into_iter().find(|t| t.value.active) else {
            return Ok(None);
        };
        let site = ChallengeSite { store, issuer, now };
        let (challenge_id, number) =
            new_challenge(site, &token, "Tap the number your sign-in page shows").await?;
        Ok(Some(PrivacyIdeaSignIn {
            challenge_id,
            number,
            expires_at: now + super::method::CHALLENGE_LIFETIME,
        }))
    }

    /// Where `user_id`'s sign-in challenge `challenge_id` stands.
    pub async fn sign_in_state(
        campaign: &Campaign,
        challenge_id: &str,
        user_id: &str,
    ) -> Result<PrivacyIdeaSignInState, StoreError> {
        let now = campaign.now();
        let Some(challenge) =
            TypedRecord::<Challenge>::load(campaign.store(), challenge_id, now).await?
        else {
            return Ok(PrivacyIdeaSignInState::Expired);
        };
        let c = challenge.value;
        if c.user != user_id {
            return Ok(PrivacyIdeaSignInState::Expired);
        }
        Ok(match c.state {
            ChallengeState::Pending if c.expires_at > now.unix_timestamp() => {
                PrivacyIdeaSignInState::Pending
            }
            ChallengeState::Approved => PrivacyIdeaSignInState::Approved,
            ChallengeState::Declined => PrivacyIdeaSignInState::Declined,
            ChallengeState::WrongOption => PrivacyIdeaSignInState::WrongOption,
            _ => PrivacyIdeaSignInState::Expired,
        })
    }
}
