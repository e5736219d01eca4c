//! The host's cookies held back while registration is required.
//!
//! When the fourth nudge has no skip, the host's `Set-Cookie` headers (its session) are not sent
//! with the redirect into the flow. They wait in the store, sealed with the campaign key, and are
//! sent when the registration is done. A user who leaves the flow is not signed in; when the flow
//! expires (15 minutes), so do they.

use time::OffsetDateTime;

use crate::campaign::Campaign;
use crate::campaign::FLOW_LIFETIME;
use crate::enroll::protocol::b64;
use crate::store::StoreError;
use crate::store::TypedRecord;

/// The host's cookies, sealed.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
struct HeldCookies(String);

impl crate::store::Document for HeldCookies {
    const KIND: &'static str = "held-cookies";
}

const KIND: &str = <HeldCookies as crate::store::Document>::KIND;

fn context(id: &str) -> String {
    format!("{KIND}:{id}")
}

/// Stores `cookies` for `user`; returns the record id the flow keeps.
pub(crate) async fn hold(
    campaign: &Campaign,
    user: &str,
    cookies: &[String],
) -> Result<String, StoreError> {
    let mut id = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut id);
    let id = b64(&id);
    let plain = serde_json::to_vec(cookies).map_err(|e| StoreError::Decode(e.to_string()))?;
    let sealed = campaign.secret_key().seal(&plain, &context(&id))?;
    let now = campaign.now();
    let record = TypedRecord::new(&id, user, HeldCookies(sealed), Some(now + FLOW_LIFETIME))?;
    record.insert(campaign.store(), now).await?;
    Ok(id)
}

/// The held cookies of `user`'s flow, once; afterwards the record is emptied.
pub(crate) async fn release(
    campaign: &Campaign,
    user: &str,
    id: &str,
) -> Result<Vec<String>, StoreError> {
    let store = campaign.store();
    let now = campaign.now();
    let Some(mut record) = TypedRecord::<HeldCookies>::load(store, id, now).await? else {
        return Ok(Vec::new());
    };
    if record.record.owner != user || record.value.0.is_empty() {
        return Ok(Vec::new());
    }
    let plain = campaign
        .secret_key()
        .open(&record.value.0, &context(id))
        .ok_or_else(|| StoreError::Decode("held cookies do not open".into()))?;
    let cookies: Vec<String> =
        serde_json::from_slice(&plain).map_err(|e| StoreError::Decode(e.to_string()))?;
    // Released once: a replayed Done cannot hand the session out again.
    record.value = HeldCookies(String::new());
    record.record.expires_at = Some(now.max(OffsetDateTime::UNIX_EPOCH));
    if !record.save(store).await? {
        return Ok(Vec::new());
    }
    Ok(cookies)
}
