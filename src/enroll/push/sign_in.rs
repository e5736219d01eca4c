//! Signing in with a registered push device: a number-matched notification
//! ([`Campaign::start_push_sign_in`](crate::Campaign::start_push_sign_in)).

use time::OffsetDateTime;

use super::records::{ChallengeSite, Device, PushChallengeState, challenge_state, new_challenge};
use crate::store::{StoreError, TenantStore, TypedRecord};

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

/// Sends a number-matched sign-in notification to `user_id`'s active device, if any:
/// [`Campaign::start_push_sign_in`](crate::Campaign::start_push_sign_in).
pub(crate) async fn start(
    site: ChallengeSite<'_>,
    user_id: &str,
    account: &str,
) -> Result<Option<PushSignIn>, StoreError> {
    let devices = TypedRecord::<Device>::list(site.store, user_id, site.at).await?;
    let Some(device) = devices.into_iter().find(|d| d.value.active) else {
        return Ok(None);
    };
    let (challenge_id, number) =
        new_challenge(site, user_id, &device.record.id, "signIn", account).await?;
    Ok(Some(PushSignIn {
        challenge_id,
        number,
        device_name: device.value.name,
    }))
}

/// Where `user_id`'s sign-in notification `challenge_id` stands at `now`.
pub(crate) async fn state(
    store: &TenantStore,
    now: OffsetDateTime,
    challenge_id: &str,
    user_id: &str,
) -> Result<PushChallengeState, StoreError> {
    Ok(challenge_state(store, now, challenge_id, user_id).await?.0)
}
