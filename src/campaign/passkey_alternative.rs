//! Whether a passkey campaign's pages offer an authenticator app instead of a passkey.

/// Whether a passkey campaign offers an authenticator app instead ("I want to use a different
/// method"), set with [`CampaignBuilder::passkey_alternative`](crate::CampaignBuilder::passkey_alternative).
/// Whatever is registered, the last page names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PasskeyAlternative {
    /// Never: only a passkey completes a passkey campaign. A required user whose browser
    /// cannot make passkeys can only sign out.
    Never,
    /// Only when registration is required (the default): a nudge can be skipped, so it offers
    /// no weaker method than the phishing-resistant one asked for, while a required user on a
    /// browser that cannot make passkeys still has a way in.
    #[default]
    WhenRequired,
    /// Always, as Entra offers another method.
    Always,
}

impl PasskeyAlternative {
    /// Whether a passkey flow offers the alternative.
    pub(crate) fn offered(self, required: bool) -> bool {
        match self {
            Self::Never => false,
            Self::WhenRequired => required,
            Self::Always => true,
        }
    }
}
