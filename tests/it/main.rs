//! Every integration test in one binary (one link step instead of one per module), one module
//! per area, with the helpers they share in `support`.

mod admin_api;
mod admin_page;
mod architecture;
mod branding;
mod browser;
mod campaign_cli;
mod campaign_settings;
mod countdown;
mod decision_passkeys;
mod decision_properties;
mod decision_rules;
mod demo_server;
mod drop_in;
mod enrollment;
mod enrollment_code;
mod exemptions;
mod gate;
mod layer;
mod localization;
mod navigation;
mod notifications;
mod passkey_flow;
mod policy_limits;
mod policy_samples;
mod policy_validation;
#[cfg(feature = "privacyidea")]
mod privacyidea;
mod push_answers;
mod snooze_actions;
mod store_conformance;
mod support;
mod tenants;
mod totp_sign_in;
mod user_population;
mod waiting;
