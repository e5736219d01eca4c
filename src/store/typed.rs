//! Typed JSON documents on top of the store's [`Record`]s.

use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::{Record, StoreError, TenantStore};

/// A kind of document kept in the store's records. `KIND` names it in the store: one kind per
/// type, so a record can never be read as the wrong kind.
///
/// ```
/// use registration_campaign::store::Document;
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct RecoveryCode { sealed: String }
/// impl Document for RecoveryCode {
///     const KIND: &'static str = "example-recovery-code";
/// }
/// ```
pub trait Document: Serialize + DeserializeOwned + Send + Sync {
    /// The record kind, unique across the campaign and every enrollment method.
    const KIND: &'static str;
}

/// A record and its decoded document.
#[derive(Debug, Clone)]
pub struct TypedRecord<T> {
    /// The record as stored (its `version` is what the next [`save`](Self::save) expects).
    pub record: Record,
    /// The document.
    pub value: T,
}

impl<T: Document> TypedRecord<T> {
    /// A record of `T::KIND` with `id`, owned by `owner`, that expires at `expires_at`.
    pub fn new(
        id: &str,
        owner: &str,
        value: T,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            record: Record {
                kind: T::KIND.into(),
                id: id.into(),
                owner: owner.into(),
                version: 1,
                document: encode(&value)?,
                expires_at,
            },
            value,
        })
    }

    /// The live record with `id`, if any.
    pub async fn load(
        store: &TenantStore,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Self>, StoreError> {
        let Some(record) = store.record(T::KIND, id, now).await? else {
            return Ok(None);
        };
        Self::decode(record).map(Some)
    }

    /// The live records owned by `owner`, oldest id first.
    pub async fn list(
        store: &TenantStore,
        owner: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<Self>, StoreError> {
        store
            .records_of(T::KIND, owner, now)
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

    /// Inserts unless a live record with the same key exists; `false` then.
    pub async fn insert(
        &self,
        store: &TenantStore,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        store.insert_record(&self.record, now).await
    }

    /// Writes `self.value` back if nobody changed the record since it was read; `false` if
    /// somebody did (read it again and retry, or give up).
    pub async fn save(&mut self, store: &TenantStore) -> Result<bool, StoreError> {
        self.record.document = encode(&self.value)?;
        let saved = store.replace_record(&self.record).await?;
        if saved {
            self.record.version += 1;
        }
        Ok(saved)
    }

    /// Inserts or replaces whatever is stored under the same key.
    pub async fn upsert(&self, store: &TenantStore) -> Result<(), StoreError> {
        store.upsert_record(&self.record).await
    }
}

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Decode(e.to_string()))
}
