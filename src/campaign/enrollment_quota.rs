//! How many enrollments a user may start per hour, over all flows and instances.

use super::Campaign;
use crate::store::StoreError;

/// Enrollments one user may start per hour, over all flows and instances.
const ENROLLMENTS_PER_USER_PER_HOUR: u32 = 10;

impl Campaign {
    /// Counts one enrollment against `user`'s hourly quota (shared by every instance through
    /// the store); `false` when the quota is used up.
    pub(crate) async fn claim_enrollment_quota(&self, user: &str) -> Result<bool, StoreError> {
        use crate::store::TypedRecord;
        /// Enrollments a user started in the current hour.
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        struct EnrollmentQuota(u32);
        impl crate::store::Document for EnrollmentQuota {
            const KIND: &'static str = "enrollment-quota";
        }
        let now = self.now();
        let store = self.store();
        for _ in 0..16 {
            match TypedRecord::<EnrollmentQuota>::load(store, user, now).await? {
                Some(mut used) => {
                    if used.value.0 >= ENROLLMENTS_PER_USER_PER_HOUR {
                        return Ok(false);
                    }
                    used.value.0 += 1;
                    if used.save(store).await? {
                        return Ok(true);
                    }
                }
                None => {
                    let first = TypedRecord::new(
                        user,
                        user,
                        EnrollmentQuota(1),
                        Some(now + time::Duration::hours(1)),
                    )?;
                    if first.insert(store, now).await? {
                        return Ok(true);
                    }
                }
            }
        }
        Err(StoreError::Backend(
            "the enrollment quota kept changing".into(),
        ))
    }
}
