//! The method configurations Graph defines, and the document each has before anyone changes it.
//!
//! Graph answers for every built-in method under
//! `.../authenticationMethodConfigurations/{id}` (ids in any case), whether or not the stored
//! policy mentions it; a `DELETE` brings one back to the document here.

use serde_json::{Value, json};

/// A built-in method configuration: its `id` (Graph's spelling) and `@odata.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphMethod {
    /// The id, as Graph spells it (`Fido2`, `MicrosoftAuthenticator`, ...).
    pub id: &'static str,
    /// The `@odata.type` of its configuration.
    pub odata_type: &'static str,
}

/// Every built-in method configuration, in the order Graph lists them.
pub const GRAPH_METHODS: &[GraphMethod] = &[
    GraphMethod {
        id: "Fido2",
        odata_type: "#microsoft.graph.fido2AuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "MicrosoftAuthenticator",
        odata_type: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "Sms",
        odata_type: "#microsoft.graph.smsAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "TemporaryAccessPass",
        odata_type: "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "HardwareOath",
        odata_type: "#microsoft.graph.hardwareOathAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "SoftwareOath",
        odata_type: "#microsoft.graph.softwareOathAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "Voice",
        odata_type: "#microsoft.graph.voiceAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "Email",
        odata_type: "#microsoft.graph.emailAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "X509Certificate",
        odata_type: "#microsoft.graph.x509CertificateAuthenticationMethodConfiguration",
    },
    GraphMethod {
        id: "QRCodePin",
        odata_type: "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration",
    },
];

/// The built-in method with this id, in any case.
pub fn graph_method(id: &str) -> Option<GraphMethod> {
    GRAPH_METHODS
        .iter()
        .find(|m| m.id.eq_ignore_ascii_case(id))
        .copied()
}

/// All users, as a method configuration's include target.
fn all_users(extra: Value) -> Value {
    let mut target =
        json!({"targetType": "group", "id": "all_users", "isRegistrationRequired": false});
    if let (Some(target), Some(extra)) = (target.as_object_mut(), extra.as_object()) {
        target.extend(extra.clone());
    }
    json!([target])
}

/// An Authenticator feature setting as a new tenant has it.
fn feature(state: &str) -> Value {
    json!({
        "state": state,
        "includeTarget": {"targetType": "group", "id": "all_users"},
        "excludeTarget": {"targetType": "group", "id": "00000000-0000-0000-0000-000000000000"}
    })
}

/// The Authenticator's `featureSettings` as a new tenant has them (number matching is on for
/// everyone since 2023).
pub(crate) fn default_feature_settings() -> Value {
    json!({
        "companionAppAllowedState": feature("default"),
        "numberMatchingRequiredState": feature("enabled"),
        "displayAppInformationRequiredState": feature("default"),
        "displayLocationInformationRequiredState": feature("default"),
    })
}

/// The configuration of a built-in method before anyone changes it: the Authenticator enabled
/// for all users (as a new tenant has it), every other method disabled.
pub fn default_configuration(method: GraphMethod) -> Value {
    let mut document =
        json!({"@odata.type": method.odata_type, "id": method.id, "state": "disabled"});
    let specific = match method.id {
        "Fido2" => json!({
            "isSelfServiceRegistrationAllowed": true,
            "isAttestationEnforced": false,
            "keyRestrictions": {"isEnforced": false, "enforcementType": "block", "aaGuids": []},
            "excludeTargets": [],
            "includeTargets": all_users(json!({"allowedPasskeyProfiles": []})),
            "passkeyProfiles": [],
        }),
        "MicrosoftAuthenticator" => json!({
            "state": "enabled",
            "isSoftwareOathEnabled": false,
            "excludeTargets": [],
            "featureSettings": default_feature_settings(),
            "includeTargets": all_users(json!({"authenticationMode": "any"})),
        }),
        "Sms" => json!({
            "excludeTargets": [],
            "includeTargets": all_users(json!({"isUsableForSignIn": false})),
        }),
        "TemporaryAccessPass" => json!({
            "defaultLifetimeInMinutes": 60,
            "defaultLength": 8,
            "minimumLifetimeInMinutes": 60,
            "maximumLifetimeInMinutes": 480,
            "isUsableOnce": false,
            "excludeTargets": [],
            "includeTargets": all_users(json!({})),
        }),
        "Voice" => json!({
            "isOfficePhoneAllowed": false,
            "excludeTargets": [],
            "includeTargets": all_users(json!({})),
        }),
        "Email" => json!({
            "allowExternalIdToUseEmailOtp": "default",
            "excludeTargets": [],
            "includeTargets": all_users(json!({})),
        }),
        _ => json!({"excludeTargets": [], "includeTargets": all_users(json!({}))}),
    };
    if let (Some(document), Some(specific)) = (document.as_object_mut(), specific.as_object()) {
        document.extend(specific.clone());
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_any_case_and_each_type_names_its_method() {
        assert_eq!(graph_method("fido2").map(|m| m.id), Some("Fido2"));
        assert_eq!(
            graph_method("MICROSOFTAUTHENTICATOR").map(|m| m.id),
            Some("MicrosoftAuthenticator")
        );
        assert_eq!(graph_method("password"), None);
        for method in GRAPH_METHODS {
            let stem = method
                .odata_type
                .trim_start_matches("#microsoft.graph.")
                .trim_end_matches("AuthenticationMethodConfiguration");
            assert!(stem.eq_ignore_ascii_case(method.id), "{method:?}");
            let document = default_configuration(*method);
            assert_eq!(document["id"], method.id);
            assert_eq!(document["@odata.type"], method.odata_type);
        }
    }
}
