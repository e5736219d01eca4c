//! # registration-campaign
//!
//! Nudge users to set up a strong authenticator app right after they finish multifactor sign-in,
//! the way Microsoft Entra ID's *registration campaign* does, as an embeddable Rust library.
//!
//! The pieces, each in its own module:
//! - [`policy`]: Microsoft Graph's `authenticationMethodsPolicy` JSON, field for field,
//!   including the passkey (FIDO2) configuration and its passkey profiles.
//! - [`settings`]: campaign settings beyond Graph: a deadline and per-group rules.
//! - [`decision`]: the pure eligibility decision with a machine-readable reason.
//! - [`state`](UserCampaignState): per-user snooze and registration state.
//! - [`store`]: the [`CampaignStore`](store::CampaignStore) trait and its memory, SQLite and
//!   PostgreSQL backends, with [`Deadline`](store::Deadline) bounding every call.
//! - [`funnel`]: funnel events counted per day, off the sign-in path.
//! - [`enroll`]: the [`EnrollmentMethod`](enroll::EnrollmentMethod) extension point and the
//!   built-in methods (push devices, TOTP, and passkeys with the default `passkeys` feature).
//! - `admin` (feature `admin`): the Graph-compatible policy API, the admin page, the report and what-if.
//! - [`locale`]: the pages' languages: Fluent messages, negotiation, dates.
//! - [`layer`]: the tower [`RegistrationCampaignLayer`] that sits after MFA and serves the
//!   setup flow.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

#[cfg(feature = "admin")]
pub mod admin;
mod branding;
mod campaign;
mod clock;
pub mod csv;
pub mod decision;
mod directory;
pub mod enroll;
mod flow;
pub mod funnel;
#[cfg(all(fuzzing, feature = "admin", feature = "push"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod gate;
mod known_passkeys;
pub mod layer;
pub mod locale;
mod mfa;
pub mod notify;
pub mod policy;
#[cfg(feature = "privacyidea")]
pub mod privacyidea;
mod registration;
pub mod settings;
mod sign_in;
mod state;
pub mod store;
mod tenant;
mod tenant_directory;
mod web;

/// An error from the host's code (its directory, a gate's user lookup, a service's body).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub use async_trait::async_trait;
pub use branding::{Branding, BrandingBuilder, BrandingError};
pub use campaign::{
    ActivePolicy, Campaign, CampaignBuilder, CampaignMetrics, DEFAULT_CACHED_POLICY_BYTES,
    DEFAULT_CACHED_TENANTS, Exemption, ExemptionError, FLOW_LIFETIME, MAX_EXEMPTION_REASON,
    MAX_POPULATION, Purged, SnoozeExtension, SnoozeExtensionError, StoredSettings,
    USER_REPORT_CSV_HEADER, UserReportFilter, UserReportOrder, UserReportPage, UserReportRow,
    UserStatus, user_report_csv_header,
};
pub use campaign::{
    DEFAULT_GATE_RECHECK, FlowKey, FlowKeyError, FlowKeys, NotificationRound, PasskeyAlternative,
    RegistrationSource, ReminderRun, SignOut, describe_metrics,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use directory::{DirectoryUser, MemoryDirectory, UserDirectory, UserPage};
pub use flow::safe_continue_url;
pub use known_passkeys::{KnownPasskey, Platform};
pub use layer::RegistrationCampaignLayer;
pub use mfa::MfaCompleted;
pub use registration::Registration;
pub use sign_in::{AuthMethod, ClientKind, ConditionalAccessSignals, SignInFacts, UserType};
pub use state::{AuthenticatorApps, Enforcement, TenantPlan, TenantSettings, UserCampaignState};
pub use tenant::{DEFAULT_TENANT, MAX_TENANT_ID_BYTES, TenantId, TenantIdError};
pub use tenant_directory::{TenantDirectory, TenantList};

/// The README's Rust examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The tenants guide's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../docs/tenants.md")]
pub struct TenantsGuideDoctests;
