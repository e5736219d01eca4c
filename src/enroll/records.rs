//! Typed JSON documents on top of the store's records.

use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::store::{CampaignStore, Record, StoreError};

/// A record and its decoded document.
#[derive(Debug, Clone)]
pub(crate) struct TypedRecord<T> {
    pub record: Record,
    pub value: T,
}

impl<T: Serialize + DeserializeOwned> TypedRecord<T> {
    pub fn new(
        kind: &str,
        id: &str,
        owner: &str,
        value: T,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            record: Record {
                kind: kind.into(),
                id: id.into(),
                owner: owner.into(),
                version: 1,
                document: encode(&value)?,
                expires_at,
            },
            value,
        })
    }

    pub async fn load(
        store: &dyn CampaignStore,
        kind: &str,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Self>, StoreError> {
        let Some(record) = store.record(kind, id, now).await? else {
            return Ok(None);
        };
        Self::decode(record).map(Some)
    }

    pub async fn list(
        store: &dyn CampaignStore,
        kind: &str,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Self>, StoreError> {
        store
            .records_of(kind, owner, now)
            .await?
            .into_iter()
            .map(Self::decode)
            .collect()
    }

    fn decode(record: Record) -> Result<Self, StoreError> {
        let value = serde_json::from_str(&record.document).map_err(|e| {
            StoreError::Decode(format!("{} record {}: {e}", record.kind, record.id))
        })?;
        Ok(Self { record, value })
    }

    /// Inserts unless a live record with the same key exists.
    pub async fn insert(
        &self,
        store: &dyn CampaignStore,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        store.insert_record(&self.record, now).await
    }

    /// Writes `self.value` back if nobody changed the record since it was read.
    pub async fn save(&mut self, store: &dyn CampaignStore) -> Result<bool, StoreError> {
        self.record.document = encode(&self.value)?;
        let saved = store.replace_record(&self.record).await?;
        if saved {
            self.record.version += 1;
        }
        Ok(saved)
    }
}

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Decode(e.to_string()))
}
