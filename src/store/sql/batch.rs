//! The writes a batch groups into one transaction, and the order it locks their rows in.

/// A write that can share a transaction with others (see [`crate::store::group_commit`]): the
/// per-user writes of sign-ins and flows. Owned, because it waits in a queue.
#[derive(Debug)]
pub(crate) enum Write {
    Snooze {
        tenant: crate::tenant::TenantId,
        user: String,
        attempt: String,
        /// Milliseconds since the epoch.
        at: i64,
        limit: Option<u32>,
    },
    Registration {
        tenant: crate::tenant::TenantId,
        user: String,
        at: i64,
    },
    ResetSnoozes {
        tenant: crate::tenant::TenantId,
        user: String,
    },
    InsertRecord {
        tenant: crate::tenant::TenantId,
        record: crate::store::Record,
        now: i64,
    },
    UpsertRecord {
        tenant: crate::tenant::TenantId,
        record: crate::store::Record,
    },
    ReplaceRecord {
        tenant: crate::tenant::TenantId,
        record: crate::store::Record,
    },
}

impl Write {
    /// The order in which a batch takes its row locks: user rows (by tenant and user), then
    /// records (by tenant, kind and id). Every transaction taking them in one order, two
    /// instances' batches on one PostgreSQL database cannot deadlock on each other's rows
    /// (with [`user_lock_keys`] for the snooze attempts, which are inserted before the row).
    pub(crate) fn lock_order(&self) -> (u8, &str, &str, &str) {
        match self {
            Self::Snooze { tenant, user, .. }
            | Self::Registration { tenant, user, .. }
            | Self::ResetSnoozes { tenant, user } => (0, tenant.as_str(), user, ""),
            Self::InsertRecord { tenant, record, .. }
            | Self::UpsertRecord { tenant, record }
            | Self::ReplaceRecord { tenant, record } => {
                (1, tenant.as_str(), &record.kind, &record.id)
            }
        }
    }

    /// The user whose rows (campaign state, snooze attempts) the write changes, if any.
    fn user(&self) -> Option<(&crate::tenant::TenantId, &str)> {
        match self {
            Self::Snooze { tenant, user, .. }
            | Self::Registration { tenant, user, .. }
            | Self::ResetSnoozes { tenant, user } => Some((tenant, user)),
            _ => None,
        }
    }

    /// Whether it is one statement, which needs no transaction of its own when alone.
    pub(crate) fn is_one_statement(&self) -> bool {
        matches!(
            self,
            Self::InsertRecord { .. } | Self::UpsertRecord { .. } | Self::ReplaceRecord { .. }
        )
    }
}

/// The users a batch writes, as lock keys in ascending order and comma-separated, for a
/// backend that takes a lock per user before touching the user's rows (`None`: no users).
///
/// Row locks alone are not enough there: a snooze first inserts its attempt, then counts it on
/// the user's row, so two transactions each holding an attempt the other also carries (a
/// double-clicked Skip split over two batches) would wait on each other. With every batch
/// taking its users' locks first, in one order, one user's rows are changed by one transaction
/// at a time. Two users sharing a key (a 32-bit hash) only wait for each other.
pub(crate) fn user_lock_keys(writes: &[Write]) -> Option<String> {
    let mut keys: Vec<i32> = writes
        .iter()
        .filter_map(Write::user)
        .map(|(tenant, user)| user_lock_key(tenant.as_str(), user))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    (!keys.is_empty()).then(|| {
        keys.iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A user's lock key: FNV-1a over the tenant id, a separator byte no id holds, and the user id.
fn user_lock_key(tenant: &str, user: &str) -> i32 {
    let bytes = tenant.bytes().chain([0xff]).chain(user.bytes());
    let hash = bytes.fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    i32::from_ne_bytes(hash.to_ne_bytes())
}

/// What a [`Write`] did.
#[derive(Debug)]
pub(crate) enum Written {
    Snooze(crate::store::SnoozeRecord),
    /// A user's state after a registration or a reset.
    State(crate::state::UserCampaignState),
    /// Inserted or replaced (`true`), or not (`false`): `InsertRecord`, `ReplaceRecord`.
    Changed(bool),
    Upserted,
}

/// A batch answered a write with another kind of result: a bug, reported as an error.
pub(crate) fn mismatched(written: Written) -> crate::store::StoreError {
    crate::store::StoreError::Backend(format!("a write was answered with {written:?}").into())
}

#[cfg(test)]
mod tests {
    use super::{Write, user_lock_keys};
    use crate::tenant::TenantId;

    fn snooze(tenant: &str, user: &str, attempt: &str) -> Write {
        Write::Snooze {
            tenant: TenantId::new(tenant).unwrap(),
            user: user.into(),
            attempt: attempt.into(),
            at: 0,
            limit: None,
        }
    }

    #[test]
    fn a_batch_locks_each_of_its_users_once_in_ascending_key_order() {
        let keys = |writes: &[Write]| -> Vec<i32> {
            user_lock_keys(writes).map_or_else(Vec::new, |keys| {
                keys.split(',').map(|k| k.parse().unwrap()).collect()
            })
        };
        let batch = [
            snooze("t", "bob", "a1"),
            snooze("t", "alice", "a1"),
            snooze("t", "bob", "a2"),
            Write::Registration {
                tenant: TenantId::new("t").unwrap(),
                user: "carol".into(),
                at: 0,
            },
        ];
        let locked = keys(&batch);
        assert_eq!(locked.len(), 3, "bob once: {locked:?}");
        assert!(locked.is_sorted(), "{locked:?}");
        // The same users arriving in another order take the same locks in the same order.
        let mut reversed = batch;
        reversed.reverse();
        assert_eq!(keys(&reversed), locked);
        // One user id in two tenants is two users.
        assert_ne!(
            keys(&[snooze("t", "bob", "a")]),
            keys(&[snooze("u", "bob", "a")])
        );
        assert_eq!(user_lock_keys(&[]), None);
    }
}
