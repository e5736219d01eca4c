//! Rows read back into the store's types, and sqlx errors into the store's.

/// Turns a stored row into a record.
pub(crate) fn record_from_row(
    kind: String,
    id: String,
    owner: String,
    version: i64,
    document: String,
    expires_at: Option<i64>,
) -> Result<crate::store::Record, crate::store::StoreError> {
    Ok(crate::store::Record {
        kind,
        id,
        owner,
        version: u64::try_from(version)
            .map_err(|_| crate::store::StoreError::Decode(format!("record version {version}")))?,
        document,
        expires_at: expires_at.map(crate::store::from_millis).transpose()?,
    })
}

/// Turns a stored row into a state.
pub(crate) fn user_state_from_row(
    snooze_count: i64,
    last_snoozed_at: Option<i64>,
    registered_at: Option<i64>,
) -> Result<crate::state::UserCampaignState, crate::store::StoreError> {
    Ok(crate::state::UserCampaignState {
        snooze_count: u32::try_from(snooze_count).map_err(|_| {
            crate::store::StoreError::Decode(format!("snooze_count {snooze_count}"))
        })?,
        last_snoozed_at: last_snoozed_at.map(crate::store::from_millis).transpose()?,
        registered_at: registered_at.map(crate::store::from_millis).transpose()?,
    })
}

pub(crate) fn backend(e: sqlx::Error) -> crate::store::StoreError {
    crate::store::StoreError::Backend(Box::new(e))
}
