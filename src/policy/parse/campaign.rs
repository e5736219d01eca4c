//! `registrationEnforcement.authenticationMethodsRegistrationCampaign`.

use serde_json::Value;

use super::targets::{parse_list, parse_plain_list, parse_target};
use super::{
    GraphEnum, bool_field, child, describe, enum_field, is_annotation, optional_object, type_name,
};
use crate::policy::error::Violations;
use crate::policy::model::{CampaignState, RegistrationCampaign, Target, TargetedMethod};

/// The path of the campaign object in the policy document.
pub(crate) const CAMPAIGN_PATH: &str =
    "registrationEnforcement.authenticationMethodsRegistrationCampaign";

impl GraphEnum for CampaignState {
    const VALUES: &'static [(&'static str, Self)] = &[
        ("default", Self::Default),
        ("enabled", Self::Enabled),
        ("disabled", Self::Disabled),
    ];
}

/// Reads `registrationEnforcement`, which holds only the campaign.
pub(super) fn parse_registration_enforcement(
    value: &Value,
    errors: &mut Violations,
) -> Option<RegistrationCampaign> {
    let path = "registrationEnforcement";
    let object = optional_object(value, path, errors)?;
    let mut campaign = None;
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        if key == "authenticationMethodsRegistrationCampaign" {
            campaign = parse_campaign(v, errors);
        } else {
            errors.push(
                &child(path, key),
                "unknown property (registrationEnforcement has only authenticationMethodsRegistrationCampaign)",
            );
        }
    }
    campaign
}

/// Validates `authenticationMethodsRegistrationCampaign`, filling Graph's defaults.
fn parse_campaign(value: &Value, errors: &mut Violations) -> Option<RegistrationCampaign> {
    let object = optional_object(value, CAMPAIGN_PATH, errors)?;
    let mut campaign = RegistrationCampaign::default();
    for (key, v) in object {
        if is_annotation(key) {
            continue;
        }
        let p = child(CAMPAIGN_PATH, key);
        match key.as_str() {
            "snoozeDurationInDays" => {
                if let Some(days) = parse_snooze_days(v, &p, errors) {
                    campaign.snooze_duration_in_days = days;
                }
            }
            "enforceRegistrationAfterAllowedSnoozes" => {
                if !v.is_null()
                    && let Some(enforce) = bool_field(v, &p, errors)
                {
                    campaign.enforce_registration_after_allowed_snoozes = enforce;
                }
            }
            "state" => {
                if let Some(state) = enum_field(v, &p, errors) {
                    campaign.state = state;
                }
            }
            "includeTargets" => {
                if let Some(targets) = parse_list(v, &p, errors, parse_campaign_include) {
                    campaign.include_targets = targets;
                }
            }
            "excludeTargets" => {
                if let Some(targets) = parse_plain_list(v, &p, errors) {
                    campaign.exclude_targets = targets;
                }
            }
            _ => errors.push(
                &p,
                "unknown property (not part of Graph's authenticationMethodsRegistrationCampaign)",
            ),
        }
    }
    Some(campaign)
}

fn parse_snooze_days(v: &Value, path: &str, errors: &mut Violations) -> Option<u8> {
    match v.as_i64() {
        Some(days @ 0..=14) => u8::try_from(days).ok(),
        Some(days) => {
            errors.push(path, format!("must be between 0 and 14 days, not {days}"));
            None
        }
        None => {
            errors.push(
                path,
                format!("must be an integer between 0 and 14, not {}", describe(v)),
            );
            None
        }
    }
}

fn parse_campaign_include(
    value: &Value,
    path: &str,
    errors: &mut Violations,
) -> Option<(Target, TargetedMethod)> {
    let target = parse_target(value, path, &["targetedAuthenticationMethod"], errors);
    let method_path = child(path, "targetedAuthenticationMethod");
    let method = match value.get("targetedAuthenticationMethod") {
        None | Some(Value::Null) => Some(TargetedMethod::MicrosoftAuthenticator),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("microsoftAuthenticator") => {
            Some(TargetedMethod::MicrosoftAuthenticator)
        }
        Some(Value::String(s)) if s.eq_ignore_ascii_case("fido2") => Some(TargetedMethod::Fido2),
        Some(Value::String(s)) => {
            errors.push(
                &method_path,
                format!(
                    "unsupported method \"{s}\" (expected \"microsoftAuthenticator\" or \"fido2\")"
                ),
            );
            None
        }
        Some(other) => {
            errors.push(
                &method_path,
                format!("must be a string, not {}", type_name(other)),
            );
            None
        }
    };
    Some((target?, method?))
}
