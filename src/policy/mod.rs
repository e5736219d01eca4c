//! Microsoft Graph's `authenticationMethodsPolicy`, read and written field for field.
//!
//! An admin can paste the JSON they use with Graph today. The campaign interprets two parts of it,
//! `registrationEnforcement.authenticationMethodsRegistrationCampaign` and the
//! `MicrosoftAuthenticator` method configuration, and keeps every other property Graph defines
//! exactly as it was given. Properties Graph does not define are rejected, and every error names
//! the property path and the rule it broke.
//!
//! # Example
//!
//! ```
//! use registration_campaign::policy::{AuthenticationMethodsPolicy, CampaignState};
//!
//! let policy = AuthenticationMethodsPolicy::from_json(r#"{
//!   "registrationEnforcement": {
//!     "authenticationMethodsRegistrationCampaign": {
//!       "snoozeDurationInDays": 3,
//!       "state": "enabled",
//!       "excludeTargets": [],
//!       "includeTargets": [{"id": "all_users", "targetType": "group",
//!                           "targetedAuthenticationMethod": "microsoftAuthenticator"}]
//!     }
//!   }
//! }"#)?;
//! assert_eq!(policy.campaign().state, CampaignState::Enabled);
//! assert!(policy.campaign().enforce_registration_after_allowed_snoozes); // Graph's default
//!
//! // A PATCH applies only what it names and validates the result as a whole.
//! let err = policy
//!     .apply_patch(&serde_json::json!({"registrationEnforcement": {
//!         "authenticationMethodsRegistrationCampaign": {"snoozeDurationInDays": 15}}}))
//!     .unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "registrationEnforcement.authenticationMethodsRegistrationCampaign.snoozeDurationInDays: \
//!      must be between 0 and 14 days, not 15"
//! );
//! # Ok::<(), registration_campaign::policy::PolicyError>(())
//! ```

mod builder;
mod error;
mod limits;
mod methods;
mod model;
mod parse;
mod passkeys;
mod patch;

use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use builder::CampaignPolicy;
pub use error::{PolicyError, PolicyViolation};
pub use limits::{
    MAX_ARRAY_ITEMS, MAX_DOCUMENT_BYTES, MAX_METHOD_CONFIGURATIONS, MAX_POLICY_DEPTH, MAX_TARGETS,
};
pub use methods::{GRAPH_METHODS, GraphMethod, default_configuration, graph_method};
pub use model::{
    AuthenticationMode, AuthenticatorConfiguration, CampaignState, RegistrationCampaign, Target,
    TargetId, TargetType, TargetedMethod,
};
pub use passkeys::{
    DEFAULT_PASSKEY_PROFILE, Fido2Configuration, KeyRestrictions, MAX_PASSKEY_PROFILES,
    PasskeyProfile,
};

use error::Violations;
use parse::POLICY_ID;
pub(crate) use parse::is_guid as is_directory_object_id;

/// A validated `authenticationMethodsPolicy` document.
///
/// It holds the normalized document (what the Graph-compatible API returns) and the typed views
/// the decision engine reads. The two never disagree: the only ways to build or change a policy
/// validate the whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthenticationMethodsPolicy {
    document: Map<String, Value>,
    campaign: RegistrationCampaign,
    authenticator: AuthenticatorConfiguration,
    fido2: Fido2Configuration,
}

impl Default for AuthenticationMethodsPolicy {
    /// Graph's defaults: the campaign `default` ("Microsoft managed") for all users, one day of
    /// snooze, limited snoozes; Microsoft Authenticator enabled for all users in mode `any`.
    fn default() -> Self {
        let document = serde_json::json!({
            "id": POLICY_ID,
            "displayName": "Authentication Methods Policy",
            "description": "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
        });
        Self::from_value(&document).expect("the built-in default policy is valid")
    }
}

impl AuthenticationMethodsPolicy {
    /// Parses and validates a policy document from JSON text.
    pub fn from_json(text: &str) -> Result<Self, PolicyError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| PolicyError::single("", format!("not valid JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Validates a policy document. Missing parts get Graph's defaults; `@odata` annotations are
    /// ignored; every problem is reported, not just the first.
    pub fn from_value(value: &Value) -> Result<Self, PolicyError> {
        let mut errors = Violations::default();
        let parsed = parse::parse_policy(value, &mut errors);
        let parsed = errors.into_result(parsed)?;
        let parsed = parsed.ok_or_else(|| PolicyError::single("", "not a policy document"))?;
        Ok(Self {
            document: parsed.document,
            campaign: parsed.campaign,
            authenticator: parsed.authenticator,
            fido2: parsed.fido2,
        })
    }

    /// The normalized document, as the Graph-compatible API returns it (without
    /// `@odata.context`, which depends on where the API is mounted).
    pub fn to_value(&self) -> Value {
        Value::Object(self.document.clone())
    }

    /// The normalized document as a borrowed JSON object.
    pub fn document(&self) -> &Map<String, Value> {
        &self.document
    }

    /// The registration campaign settings.
    pub fn campaign(&self) -> &RegistrationCampaign {
        &self.campaign
    }

    /// The Microsoft Authenticator method configuration.
    pub fn authenticator(&self) -> &AuthenticatorConfiguration {
        &self.authenticator
    }

    /// The passkey (FIDO2) method configuration.
    pub fn fido2(&self) -> &Fido2Configuration {
        &self.fido2
    }

    /// The Microsoft Authenticator method configuration as Graph returns it from
    /// `.../authenticationMethodConfigurations/MicrosoftAuthenticator`.
    pub fn authenticator_document(&self) -> Value {
        self.method_configuration(parse::AUTHENTICATOR_ID)
            .unwrap_or(Value::Null)
    }

    /// A method configuration by id (any case) as Graph returns it: the stored one, or Graph's
    /// default for a built-in method the policy does not mention. `None` for an unknown id.
    ///
    /// ```
    /// use registration_campaign::policy::AuthenticationMethodsPolicy;
    /// let policy = AuthenticationMethodsPolicy::default();
    /// let fido2 = policy.method_configuration("fido2").unwrap();
    /// assert_eq!(fido2["id"], "Fido2");
    /// assert_eq!(fido2["state"], "disabled");
    /// assert!(policy.method_configuration("carrierPigeon").is_none());
    /// ```
    pub fn method_configuration(&self, id: &str) -> Option<Value> {
        self.stored_configurations()
            .find(|c| {
                c.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|other| other.eq_ignore_ascii_case(id))
            })
            .cloned()
            .or_else(|| graph_method(id).map(default_configuration))
    }

    /// Every method configuration as Graph lists them: each built-in method (stored or
    /// default) in Graph's order, then any other stored ones (external methods) as stored.
    pub fn method_configurations(&self) -> Vec<Value> {
        let mut all: Vec<Value> = GRAPH_METHODS
            .iter()
            .filter_map(|m| self.method_configuration(m.id))
            .collect();
        all.extend(
            self.stored_configurations()
                .filter(|c| {
                    c.get("id")
                        .and_then(Value::as_str)
                        .is_none_or(|id| graph_method(id).is_none())
                })
                .cloned(),
        );
        all
    }

    fn stored_configurations(&self) -> impl Iterator<Item = &Value> {
        patch::configurations(&self.document)
    }

    /// Applies a Graph PATCH body: only the properties present change (complex properties merge
    /// recursively, collections are replaced, method configurations merge by `id`), and the
    /// result is validated as a whole. Read-only properties in the body are ignored. On error
    /// `self` is untouched.
    pub fn apply_patch(&self, patch: &Value) -> Result<Self, PolicyError> {
        Self::from_value(&patch::merge_policy_patch(&self.document, patch)?)
    }

    /// Applies a PATCH body to the Microsoft Authenticator method configuration (Graph's
    /// `PATCH .../authenticationMethodConfigurations/MicrosoftAuthenticator`).
    pub fn apply_authenticator_patch(&self, patch: &Value) -> Result<Self, PolicyError> {
        self.apply_method_patch(parse::AUTHENTICATOR_ID, patch)
    }

    /// Applies a PATCH body to one method configuration, by id in any case (Graph's
    /// `PATCH .../authenticationMethodConfigurations/{id}`); a built-in method the policy does
    /// not mention starts from Graph's default. The result is validated as a whole.
    pub fn apply_method_patch(&self, id: &str, patch: &Value) -> Result<Self, PolicyError> {
        Self::from_value(&patch::merge_method_patch(&self.document, id, patch)?)
    }

    /// The policy with one method configuration back to Graph's default (Graph's
    /// `DELETE .../authenticationMethodConfigurations/{id}`); an external method is removed.
    pub fn reset_method(&self, id: &str) -> Result<Self, PolicyError> {
        Self::from_value(&patch::remove_method(&self.document, id))
    }

    /// The JSON text to store, checked to be within the limits and to read back as this policy.
    ///
    /// Every write goes through here first: the nesting depth (at most [`MAX_POLICY_DEPTH`]),
    /// the target and item counts ([`MAX_TARGETS`], [`MAX_METHOD_CONFIGURATIONS`],
    /// [`MAX_ARRAY_ITEMS`]) and the size ([`MAX_DOCUMENT_BYTES`]) are checked on the document
    /// as it will be stored (not on the PATCH body, which is nested less deeply), and the text
    /// is parsed again, so a policy that could not be read back is never written. Reading
    /// applies no limits, so a policy stored before them still loads.
    ///
    /// ```
    /// use registration_campaign::policy::{AuthenticationMethodsPolicy, MAX_POLICY_DEPTH};
    /// let mut deep = serde_json::json!({});
    /// for _ in 0..MAX_POLICY_DEPTH {
    ///     deep = serde_json::json!({ "a": deep });
    /// }
    /// let policy = AuthenticationMethodsPolicy::default()
    ///     .apply_patch(&serde_json::json!({ "reportSuspiciousActivitySettings": deep }))?;
    /// let err = policy.to_stored_json().unwrap_err();
    /// assert!(err.to_string().starts_with("reportSuspiciousActivitySettings.a.a"));
    /// # Ok::<(), registration_campaign::policy::PolicyError>(())
    /// ```
    pub fn to_stored_json(&self) -> Result<String, PolicyError> {
        let document = self.to_value();
        let mut errors = Violations::default();
        limits::check_shape(&document, &mut errors);
        errors.into_result(())?;
        let text = document.to_string();
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(PolicyError::single(
                "",
                format!(
                    "the policy would be {} bytes when stored; at most {MAX_DOCUMENT_BYTES} bytes are allowed",
                    text.len()
                ),
            ));
        }
        // The typed views are what decisions use; the rest is kept verbatim (and a float in
        // it may not read back bit for bit, which is no reason to refuse it).
        match Self::from_json(&text) {
            Ok(read)
                if read.campaign == self.campaign
                    && read.authenticator == self.authenticator
                    && read.fido2 == self.fido2 =>
            {
                Ok(text)
            }
            Ok(_) => Err(PolicyError::single(
                "",
                "the policy would not read back as written; nothing was stored",
            )),
            Err(e) => Err(PolicyError::single(
                "",
                format!("the policy would not read back once stored ({e}); nothing was stored"),
            )),
        }
    }

    /// Returns a copy stamped with `lastModifiedDateTime`.
    pub fn with_last_modified(mut self, at: OffsetDateTime) -> Self {
        if let Ok(text) = at.format(&Rfc3339) {
            self.document
                .insert("lastModifiedDateTime".into(), Value::String(text));
        }
        self
    }
}
