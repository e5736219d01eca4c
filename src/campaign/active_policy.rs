//! The policy in force for a tenant, compiled for decisions, with its settings.

use super::StoredSettings;
use crate::decision::CampaignRules;
use crate::policy::AuthenticationMethodsPolicy;

/// The policy in force, compiled for decisions.
#[derive(Debug)]
pub struct ActivePolicy {
    /// The store's version of it (0 for the built-in default).
    pub version: u64,
    /// The policy document.
    pub policy: AuthenticationMethodsPolicy,
    /// The compiled rules (the policy with the campaign settings).
    pub rules: CampaignRules,
    /// The campaign settings beyond Graph in force, with their version.
    pub settings: StoredSettings,
}

impl ActivePolicy {
    /// Compiles a policy and the settings for decisions.
    pub fn new(
        version: u64,
        policy: AuthenticationMethodsPolicy,
        settings: StoredSettings,
    ) -> Self {
        Self {
            version,
            rules: CampaignRules::new(&policy).with_settings(&settings.settings),
            policy,
            settings,
        }
    }

    /// About how many bytes it takes in memory (its document's JSON, the compiled rules and
    /// the settings, with room for the maps' overhead), for the bounded policy cache.
    ///
    /// Fitted to a measurement (`examples/scale.rs --cached-tenants 10000`, BENCHMARKS.md):
    /// a policy with five targets costs about 17 KiB of resident memory once cached, most of
    /// it the parsed document's many small allocations, whose JSON is about 2.3 KB. The
    /// fixed part covers that; each further byte of JSON (targets, mostly) is counted four
    /// times, which errs on the large side for policies with thousands of targets.
    pub fn estimated_bytes(&self) -> usize {
        const FIXED: usize = 8 * 1024;
        let document = self.policy.to_value().to_string().len();
        let settings = self.settings.settings.to_value().to_string().len();
        std::mem::size_of::<Self>() + FIXED + 4 * (document + settings)
    }
}
