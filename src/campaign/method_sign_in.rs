//! The campaign's entry points for signing in with what it registered: a TOTP code
//! ([`Campaign::verify_totp`]) and a push notification ([`Campaign::start_push_sign_in`]).
//! The methods hold the rules (`enroll::totp::sign_in`, `enroll::push::sign_in`); the campaign
//! gives them its store and its clock.

use super::Campaign;
use crate::enroll::TotpSignIn;
#[cfg(feature = "push")]
use crate::enroll::push::{self, ChallengeSite, PushChallengeState, PushSignIn};
use crate::enroll::totp::sign_in as totp;
use crate::store::StoreError;

impl Campaign {
    /// Checks a code from `user_id`'s authenticator app against `secret` (the base32 secret of
    /// their [`Authenticator::Totp`](crate::enroll::Authenticator::Totp) registration): the current
    /// 30-second step or one either side, each code once, and after
    /// [`MAX_WRONG_TOTP_CODES`](crate::enroll::MAX_WRONG_TOTP_CODES) wrong codes a lockout of [`TOTP_LOCKOUT`](crate::enroll::TOTP_LOCKOUT). The state lives in
    /// the campaign's store, so every instance sharing it agrees. Neither the code nor the
    /// secret is logged.
    ///
    /// ```
    /// # async fn sign_in(campaign: registration_campaign::Campaign) -> Result<(), Box<dyn std::error::Error>> {
    /// use registration_campaign::enroll::TotpSignIn;
    /// let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"; // what save_registration gave the host
    /// match campaign.verify_totp("user-id", secret, "123456").await? {
    ///     TotpSignIn::Accepted => { /* MFA passed */ }
    ///     TotpSignIn::Wrong { attempts_left } => { /* "Wrong code", ask again */ }
    ///     TotpSignIn::AlreadyUsed => { /* "Wait for the next code" */ }
    ///     TotpSignIn::LockedOut { until } => { /* refuse until `until` */ }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn verify_totp(
        &self,
        user_id: &str,
        secret: &str,
        code: &str,
    ) -> Result<TotpSignIn, StoreError> {
        totp::verify(self.store(), user_id, secret, code, self.now()).await
    }

    /// Sends a number-matched sign-in notification to the user's registered push device, if
    /// they have one. Show `number` in the browser, then ask [`Campaign::push_sign_in_state`].
    #[cfg(feature = "push")]
    pub async fn start_push_sign_in(
        &self,
        user_id: &str,
        account: &str,
    ) -> Result<Option<PushSignIn>, StoreError> {
        let site = ChallengeSite {
            store: self.store(),
            issuer: self.issuer(),
            at: self.now(),
        };
        push::sign_in::start(site, user_id, account).await
    }

    /// Where a sign-in notification for `user_id` stands.
    #[cfg(feature = "push")]
    pub async fn push_sign_in_state(
        &self,
        challenge_id: &str,
        user_id: &str,
    ) -> Result<PushChallengeState, StoreError> {
        push::sign_in::state(self.store(), self.now(), challenge_id, user_id).await
    }
}
