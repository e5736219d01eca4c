//! A map from tenant to cached value, bounded by entry count and by (estimated) bytes, that
//! forgets the least recently used tenants first.
//!
//! Reads take a shared lock and stamp the entry's last use with an atomic, so concurrent
//! sign-ins of cached tenants never wait on each other. An insert that overflows a bound
//! evicts down to 7/8 of it in one pass, so the O(n) scan is paid once per n/8 inserts.

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::tenant::TenantId;

/// How much a [`TenantCache`] may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// Tenants at most.
    pub(crate) entries: usize,
    /// Estimated bytes at most.
    pub(crate) bytes: usize,
}

struct Entry<V> {
    value: V,
    bytes: usize,
    last_used: AtomicU64,
}

struct Map<V> {
    entries: HashMap<TenantId, Entry<V>>,
    bytes: usize,
}

/// The bounded map.
pub(crate) struct TenantCache<V> {
    bounds: Bounds,
    map: RwLock<Map<V>>,
    clock: AtomicU64,
}

impl<V: Clone> TenantCache<V> {
    pub(crate) fn new(bounds: Bounds) -> Self {
        Self {
            bounds,
            map: RwLock::new(Map {
                entries: HashMap::new(),
                bytes: 0,
            }),
            clock: AtomicU64::new(0),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed)
    }

    /// The tenant's value, marking it used.
    pub(crate) fn get(&self, tenant: &TenantId) -> Option<V> {
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        let entry = map.entries.get(tenant)?;
        entry.last_used.store(self.tick(), Ordering::Relaxed);
        Some(entry.value.clone())
    }

    /// Caches `value` (estimated at `bytes`) for `tenant`, evicting the least recently used
    /// tenants if a bound is passed. A value larger than the byte bound is not cached.
    pub(crate) fn insert(&self, tenant: TenantId, value: V, bytes: usize) {
        if bytes > self.bounds.bytes || self.bounds.entries == 0 {
            return;
        }
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        let entry = Entry {
            value,
            bytes,
            last_used: AtomicU64::new(self.tick()),
        };
        if let Some(old) = map.entries.insert(tenant, entry) {
            map.bytes -= old.bytes;
        }
        map.bytes += bytes;
        if map.entries.len() > self.bounds.entries || map.bytes > self.bounds.bytes {
            self.evict(&mut map);
        }
        metrics::gauge!("registration_campaign_cached_policies").set(map.entries.len() as f64);
    }

    /// Forgets the tenant's value.
    pub(crate) fn remove(&self, tenant: &TenantId) {
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = map.entries.remove(tenant) {
            map.bytes -= old.bytes;
        }
    }

    /// Forgets every value.
    pub(crate) fn clear(&self) {
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        map.entries.clear();
        map.bytes = 0;
    }

    /// How many tenants and estimated bytes are cached.
    pub(crate) fn size(&self) -> (usize, usize) {
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        (map.entries.len(), map.bytes)
    }

    /// Evicts the least recently used entries until both bounds have an eighth to spare.
    fn evict(&self, map: &mut Map<V>) {
        let keep_entries = self.bounds.entries - self.bounds.entries / 8;
        let keep_bytes = self.bounds.bytes - self.bounds.bytes / 8;
        let mut by_age: Vec<(u64, TenantId)> = map
            .entries
            .iter()
            .map(|(tenant, e)| (e.last_used.load(Ordering::Relaxed), tenant.clone()))
            .collect();
        by_age.sort_unstable_by_key(|(used, _)| *used);
        for (_, tenant) in by_age {
            if map.entries.len() <= keep_entries && map.bytes <= keep_bytes {
                break;
            }
            if let Some(old) = map.entries.remove(&tenant) {
                map.bytes -= old.bytes;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(i: usize) -> TenantId {
        TenantId::new(&format!("t{i}")).unwrap()
    }

    #[test]
    fn the_least_recently_used_tenants_go_first() {
        let cache = TenantCache::new(Bounds {
            entries: 8,
            bytes: 1 << 20,
        });
        for i in 0..8 {
            cache.insert(t(i), i, 10);
        }
        // t0 is used again, so it outlives t1.
        assert_eq!(cache.get(&t(0)), Some(0));
        cache.insert(t(8), 8, 10);
        assert_eq!(cache.size().0, 7);
        assert_eq!(cache.get(&t(0)), Some(0));
        assert_eq!(cache.get(&t(1)), None);
        assert_eq!(cache.get(&t(2)), None);
        assert_eq!(cache.get(&t(8)), Some(8));
    }

    #[test]
    fn bytes_are_bounded_too() {
        let cache = TenantCache::new(Bounds {
            entries: 1000,
            bytes: 800,
        });
        for i in 0..20 {
            cache.insert(t(i), i, 100);
        }
        let (entries, bytes) = cache.size();
        assert!(bytes <= 800, "{bytes}");
        assert_eq!(entries * 100, bytes);
        assert_eq!(cache.get(&t(19)), Some(19));
        // Too large to cache at all.
        cache.insert(t(99), 99, 801);
        assert_eq!(cache.get(&t(99)), None);
    }

    #[test]
    fn replacing_and_removing_keep_the_byte_count() {
        let cache = TenantCache::new(Bounds {
            entries: 10,
            bytes: 1000,
        });
        cache.insert(t(1), 1, 100);
        cache.insert(t(1), 2, 300);
        assert_eq!(cache.size(), (1, 300));
        cache.remove(&t(1));
        assert_eq!(cache.size(), (0, 0));
        cache.insert(t(2), 2, 10);
        cache.clear();
        assert_eq!(cache.get(&t(2)), None);
    }
}
