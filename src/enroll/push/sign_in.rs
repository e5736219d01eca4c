//! Signing in with a registered push device: a number-matched notification.

use super::records::{ChallengeSite, Device, PushChallengeState, challenge_state, new_challenge};
use crate::campaign::Campaign;
use crate::store::{StoreError, TypedRecord};

/// A sign-in notification sent to a user's registered device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSignIn {
    /// The challenge's id, to ask for its state.
    pub challenge_id: String,
    /// The number to show in the browser.
    pub number: String,
    /// The device it went to.
    pub device_name: String,
}

impl Campaign {
    /// Sends a number-matched sign-in notification to the user's registered push device, if
    /// they have one. Show `number` in the browser, then ask [`Campaign::push_sign_in_state`].
    pub async fn start_push_sign_in(
        &self,
        user_id: &str,
        account: &str,
    ) -> Result<Option<PushSignIn>, StoreError> {
        let devices = TypedRecord::<Device>::list(self.store(), user_id, self.now()).await?;
        let Some(device) = devices.into_iter().find(|d| d.value.active) else {
            return Ok(None);
        };
        let site = ChallengeSite {
            store: self.store(),
            issuer: self.issuer(),
            at: self.now(),
        };
        let (challenge_id, number) =
            new_challenge(site, user_id, &device.record.id, "signIn", account).await?;
        Ok(Some(PushSignIn {
            challenge_id,
            number,
            device_name: device.value.name,
        }))
    }

    /// Where a sign-in notification for `user_id` stands.
    pub async fn push_sign_in_state(
        &self,
        challenge_id: &str,
        user_id: &str,
    ) -> Result<PushChallengeState, StoreError> {
        Ok(
            challenge_state(self.store(), self.now(), challenge_id, user_id)
                .await?
                .0,
        )
    }
}
