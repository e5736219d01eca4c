//! What the per-user report reads of a page of users besides their state: each kind of
//! per-user record (exemption, admin's snooze, nudge history, registered method and source)
//! in one query for the whole page, so a page of 100 users costs a handful of queries, not
//! five hundred.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::Campaign;
use super::exemptions::{EXEMPTION_KIND, Exemption};
use super::nudge_history::NudgeHistory;
use super::registration_source::{RegistrationSource, SOURCE_KIND};
use super::snooze_grants::{EXTENSION_KIND, SnoozeExtension};
use crate::store::{Document, StoreError};

/// What a user registered through the campaign (`push`, `totp`, `passkey`, a host's id).
pub(super) const METHOD_KIND: &str = "registered-method";

const KINDS: [&str; 5] = [
    EXEMPTION_KIND,
    EXTENSION_KIND,
    NudgeHistory::KIND,
    METHOD_KIND,
    SOURCE_KIND,
];

/// The records of a page of users, by kind and user.
#[derive(Debug, Default)]
pub(crate) struct PageRecords {
    documents: HashMap<(&'static str, String), String>,
    now: Option<time::OffsetDateTime>,
}

impl PageRecords {
    fn read<T: DeserializeOwned>(&self, kind: &'static str, user_id: &str) -> Option<T> {
        let document = self.documents.get(&(kind, user_id.to_owned()))?;
        serde_json::from_str(document).ok()
    }

    /// The user's exemption, if one runs.
    pub(crate) fn exemption(&self, user_id: &str) -> Option<Exemption> {
        self.read::<Exemption>(EXEMPTION_KIND, user_id)
            .filter(|e| self.now.is_some_and(|now| e.until > now))
    }

    /// An admin's snooze of the user, if one runs.
    pub(crate) fn snooze_extension(&self, user_id: &str) -> Option<SnoozeExtension> {
        self.read::<SnoozeExtension>(EXTENSION_KIND, user_id)
            .filter(|e| self.now.is_some_and(|now| e.until > now))
    }

    /// The user's nudge history (all zero when none is kept).
    pub(crate) fn nudge_history(&self, user_id: &str) -> NudgeHistory {
        self.read(NudgeHistory::KIND, user_id).unwrap_or_default()
    }

    /// What the user registered through the campaign.
    pub(crate) fn registered_method(&self, user_id: &str) -> Option<String> {
        self.read(METHOD_KIND, user_id)
    }

    /// Where the user's registration came from.
    pub(crate) fn registration_source(&self, user_id: &str) -> Option<RegistrationSource> {
        self.read(SOURCE_KIND, user_id)
    }
}

impl Campaign {
    /// The report's records of `user_ids`, one query per kind.
    pub(crate) async fn page_records(
        &self,
        user_ids: &[String],
    ) -> Result<PageRecords, StoreError> {
        let now = self.now();
        let mut records = PageRecords {
            documents: HashMap::new(),
            now: Some(now),
        };
        if user_ids.is_empty() {
            return Ok(records);
        }
        for kind in KINDS {
            for record in self.store().records_by_id(kind, user_ids, now).await? {
                records.documents.insert((kind, record.id), record.document);
            }
        }
        Ok(records)
    }
}
