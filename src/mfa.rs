//! The marker a host puts on its MFA-completion response.

use crate::sign_in::SignInFacts;

/// Put this in the extensions of the response that completes MFA (usually a redirect to the
/// app). The campaign layer sees it, decides, and either lets that response through untouched or
/// sends the user into the setup flow, returning them to the response's `Location` afterwards.
///
/// The layer fills in [`SignInFacts::client`] from the request's `User-Agent`.
///
/// ```
/// use registration_campaign::{AuthMethod, MfaCompleted, SignInFacts};
/// let mut response = http::Response::builder()
///     .status(303)
///     .header("location", "/")
///     .body(())
///     .unwrap();
/// let facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
/// response.extensions_mut().insert(MfaCompleted::new(facts, "Alice"));
/// ```
#[derive(Debug, Clone)]
pub struct MfaCompleted {
    /// What the host knows about the user and this sign-in.
    pub facts: SignInFacts,
    /// The name to greet the user with.
    pub display_name: String,
    /// The name the user signs in with (`alice@contoso.com`), shown under the display name so
    /// that a person with several accounts knows which one this is. Also the account name in
    /// authenticator apps when set.
    pub sign_in_name: Option<String>,
    /// Identifies this MFA attempt; snoozes are counted once per attempt. A random id is used
    /// when the host has none.
    pub attempt_id: String,
    /// The user's offset from UTC (for example from their profile or the browser), so that the
    /// prompt's dates ("Required in 12 days (by 15 January 2027)") are the user's. `None`: UTC.
    pub utc_offset: Option<time::UtcOffset>,
}

impl MfaCompleted {
    /// Marks a completed MFA with a fresh attempt id.
    pub fn new(facts: SignInFacts, display_name: impl Into<String>) -> Self {
        Self {
            facts,
            display_name: display_name.into(),
            sign_in_name: None,
            attempt_id: uuid::Uuid::new_v4().to_string(),
            utc_offset: None,
        }
    }

    /// The name the user signs in with, shown under the display name.
    pub fn with_sign_in_name(mut self, sign_in_name: impl Into<String>) -> Self {
        self.sign_in_name = Some(sign_in_name.into());
        self
    }

    /// The user's offset from UTC, for the dates the prompt shows (a deadline's day, for one).
    /// A fixed offset rather than a time-zone name: the host resolves the user's zone (and its
    /// daylight saving time) for the moment of sign-in, and the crate needs no zone database.
    ///
    /// ```
    /// use registration_campaign::{AuthMethod, MfaCompleted, SignInFacts};
    /// let facts = SignInFacts::new("a11ce000-0000-4000-8000-000000000001", AuthMethod::Sms);
    /// let mfa = MfaCompleted::new(facts, "Alice")
    ///     .with_utc_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap());
    /// assert_eq!(mfa.utc_offset.unwrap().whole_hours(), 1);
    /// ```
    pub fn with_utc_offset(mut self, offset: time::UtcOffset) -> Self {
        self.utc_offset = Some(offset);
        self
    }

    /// Uses the host's own id for this MFA attempt.
    pub fn with_attempt_id(mut self, attempt_id: impl Into<String>) -> Self {
        self.attempt_id = attempt_id.into();
        self
    }
}
