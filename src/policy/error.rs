//! Validation errors that name the property path and the rule it broke.

use std::fmt;

/// One problem found in a policy document: where it is and what rule it broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyViolation {
    /// JSON path of the offending property, for example
    /// `registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets[0].id`.
    pub path: String,
    /// What is wrong, in one sentence.
    pub rule: String,
}

impl fmt::Display for PolicyViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.rule)
        } else {
            write!(f, "{}: {}", self.path, self.rule)
        }
    }
}

/// Every problem found in a policy document or PATCH body (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    violations: Vec<PolicyViolation>,
}

impl PolicyError {
    pub(crate) fn new(violations: Vec<PolicyViolation>) -> Self {
        debug_assert!(!violations.is_empty());
        Self { violations }
    }

    pub(crate) fn single(path: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::new(vec![PolicyViolation {
            path: path.into(),
            rule: rule.into(),
        }])
    }

    /// Violations from `(path, rule)` pairs (never empty).
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self::new(
            pairs
                .into_iter()
                .map(|(path, rule)| PolicyViolation { path, rule })
                .collect(),
        )
    }

    /// The individual problems, in document order.
    pub fn violations(&self) -> &[PolicyViolation] {
        &self.violations
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// Collects violations while walking a document.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<PolicyViolation>);

impl Violations {
    pub(crate) fn push(&mut self, path: &str, rule: impl Into<String>) {
        self.0.push(PolicyViolation {
            path: path.to_owned(),
            rule: rule.into(),
        });
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, PolicyError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(PolicyError::new(self.0))
        }
    }
}
