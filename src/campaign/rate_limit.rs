//! Per-instance request limits on the flow's routes, checked before the store is touched.
//!
//! A flow's requests, and a user's, are counted in fixed one-minute windows. A client that
//! replays a form a thousand times gets `429` for most of them without a single store call, so
//! it cannot slow the store down for everybody (and make sign-ins fail open).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests one flow may make per window (the pages poll every 3 s: 20 a minute).
pub(crate) const PER_FLOW: u32 = 60;
/// Requests one user's flows may make per window (each instance counts its own).
pub(crate) const PER_USER: u32 = 600;
const WINDOW: Duration = Duration::from_secs(60);
/// Keys kept at most; beyond it, windows that ended are dropped first.
const MAX_KEYS: usize = 100_000;

/// Windows that ended are dropped every this many requests, so memory follows the flows of
/// the last minute, not every flow ever seen.
const SWEEP_EVERY: u32 = 4096;

/// Counts requests per key in fixed windows.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    windows: Mutex<Windows>,
}

#[derive(Debug, Default)]
struct Windows {
    by_key: HashMap<String, (Instant, u32)>,
    since_sweep: u32,
}

impl RateLimiter {
    /// Counts one request of `flow` by `user`; `false` if either is over its limit.
    pub(crate) fn allow(&self, flow: &str, user: &str) -> bool {
        let now = Instant::now();
        let mut guard = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let Windows {
            by_key,
            since_sweep,
        } = &mut *guard;
        *since_sweep += 1;
        if *since_sweep >= SWEEP_EVERY || by_key.len() >= MAX_KEYS {
            *since_sweep = 0;
            by_key.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            if by_key.len() >= MAX_KEYS {
                // Still full of live windows: refuse new keys rather than grow.
                return false;
            }
        }
        let flow_ok = Self::count(by_key, format!("f:{flow}"), now, PER_FLOW);
        let user_ok = Self::count(by_key, format!("u:{user}"), now, PER_USER);
        flow_ok && user_ok
    }

    fn count(
        windows: &mut HashMap<String, (Instant, u32)>,
        key: String,
        now: Instant,
        limit: u32,
    ) -> bool {
        let entry = windows.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_gets_its_limit_and_no_more() {
        let limiter = RateLimiter::default();
        let allowed = (0..PER_FLOW + 40)
            .filter(|_| limiter.allow("flow-1", "alice"))
            .count();
        assert_eq!(allowed, PER_FLOW as usize);
        assert!(
            limiter.allow("flow-2", "bob"),
            "other flows are not affected"
        );
    }

    #[test]
    fn a_user_with_many_flows_is_limited_too() {
        let limiter = RateLimiter::default();
        let allowed = (0..PER_USER + 10)
            .filter(|i| limiter.allow(&format!("flow-{i}"), "alice"))
            .count();
        assert_eq!(allowed, PER_USER as usize);
    }
}
