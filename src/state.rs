//! Per-user campaign state kept by the store, and tenant-wide settings.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What the campaign remembers about one user. It outlives policy changes: a new snooze duration
/// or targeted method does not reset the snooze count.
///
/// JSON form (the `STATE.json` of `campaign explain`):
///
/// ```
/// use registration_campaign::UserCampaignState;
/// let state: UserCampaignState = serde_json::from_str(
///     r#"{"snoozeCount": 2, "lastSnoozedAt": "2026-11-27T09:30:00Z", "registeredAt": null}"#,
/// )?;
/// assert_eq!(state.snooze_count, 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCampaignState {
    /// How many nudges the user has snoozed ("Skip for now", or a nudge left unfinished).
    #[serde(default)]
    pub snooze_count: u32,
    /// When the last snooze was recorded; the user is not nudged again until the policy's
    /// snooze duration has passed since then.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_snoozed_at: Option<OffsetDateTime>,
    /// When the user completed registration through the campaign; never nudged again after.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub registered_at: Option<OffsetDateTime>,
}

/// The tenant's subscription plan. Free and trial tenants get at most three snoozes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TenantPlan {
    /// A paid subscription: the policy's snooze limit applies as configured.
    #[default]
    Paid,
    /// A free subscription.
    Free,
    /// A trial subscription.
    Trial,
}

impl TenantPlan {
    /// Parses `paid`, `free` or `trial`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "paid" => Some(Self::Paid),
            "free" => Some(Self::Free),
            "trial" => Some(Self::Trial),
            _ => None,
        }
    }

    /// Whether snoozes are limited to three regardless of the policy.
    pub fn limits_snoozes(self) -> bool {
        matches!(self, Self::Free | Self::Trial)
    }
}

/// Tenant-wide facts that are not part of the Graph policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TenantSettings {
    /// The subscription plan.
    pub plan: TenantPlan,
    /// Whether phones and non-browser clients escape required registration.
    pub enforcement: Enforcement,
    /// Which authenticator apps a user already has for an Authenticator campaign to leave
    /// them alone.
    pub authenticator_apps: AuthenticatorApps,
}

/// Which registered methods count as "already has an authenticator app" for a campaign that
/// targets `microsoftAuthenticator` (a setting of the host, outside Graph's document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AuthenticatorApps {
    /// Entra's rule: only an app with push notifications (`microsoftAuthenticatorPush`,
    /// `microsoftAuthenticatorPasswordless`). A user with just a TOTP app is nudged.
    #[default]
    PushOnly,
    /// Any authenticator app: a TOTP app (`softwareOath`, `microsoftAuthenticatorOath`) counts
    /// too, so a host whose second factor already is TOTP nudges only the users without one.
    /// See [`CampaignBuilder::any_authenticator_app`](crate::CampaignBuilder::any_authenticator_app).
    Any,
}

impl AuthenticatorApps {
    /// Whether a user with `method` already has an app of the kind the campaign asks for.
    pub fn satisfied_by(self, method: crate::AuthMethod) -> bool {
        use crate::AuthMethod::{MicrosoftAuthenticatorOath, SoftwareOath};
        method.provides_authenticator_push()
            || (self == Self::Any && matches!(method, SoftwareOath | MicrosoftAuthenticatorOath))
    }
}

/// How required registration treats clients that are never *nudged* (phones, apps, scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Enforcement {
    /// Once registration is required, no client kind releases the sign-in: browsers (phones
    /// included) get the setup flow, other clients a `403` with `{"error":"registrationRequired"}`.
    /// The User-Agent is the client's own claim, so it must not decide whether a required user
    /// gets in.
    #[default]
    Strict,
    /// Entra's behaviour: sign-ins from iOS, Android and non-browser clients pass through even
    /// when registration is required (reason `clientExemptionWhileRequired`). **Bypassable**: a
    /// required user who sends a phone's or a script's User-Agent signs in without registering.
    ClientExemptions,
}
