//! The demo's sign-in sessions: an in-memory map that cannot grow without bound.
//!
//! A session ends when it has been idle for the configured time (8 hours by default), a
//! half-finished sign-in (password checked, MFA not done) after at most 10 minutes, and when the
//! map is full the least recently used session makes room. A host with several instances keeps
//! its sessions in a shared store instead; the limits are the same idea.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue};
use rand::Rng;

use crate::clock::DemoClock;
use crate::users::UserKey;

/// The name of the demo's session cookie.
pub const COOKIE: &str = "demo_session";

/// The longest a half-finished sign-in waits for its MFA.
const SIGN_IN_LIMIT: Duration = Duration::from_secs(10 * 60);

/// How often expired sessions are swept out even if nobody comes back for them.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// Where a browser is in the demo's own sign-in.
#[derive(Debug, Clone)]
pub enum Stage {
    PasswordVerified {
        user_id: UserKey,
    },
    /// A number-matched push went to the user's registered device at `sent_at`.
    PushSent {
        user_id: UserKey,
        challenge_id: String,
        number: String,
        device_name: String,
        sent_at: Instant,
        /// Sent to the privacyIDEA Authenticator (`--push privacyidea`), not our protocol's app.
        privacyidea: bool,
    },
    SignedIn {
        user_id: UserKey,
    },
}

impl Stage {
    fn is_signed_in(&self) -> bool {
        matches!(self, Stage::SignedIn { .. })
    }
}

/// Limits of the session map.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A signed-in session ends after this long without a request.
    pub idle: Duration,
    /// At most this many sessions; the least recently used makes room for a new one.
    pub max_sessions: usize,
}

struct Entry {
    stage: Stage,
    last_seen: Instant,
}

/// Sessions by id (the cookie's value).
pub struct Sessions {
    entries: Mutex<HashMap<String, Entry>>,
    limits: Limits,
    clock: DemoClock,
}

impl Sessions {
    pub fn new(limits: Limits, clock: DemoClock) -> Self {
        Self {
            clock,
            entries: Mutex::default(),
            limits: Limits {
                max_sessions: limits.max_sessions.max(1),
                ..limits
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn expired(&self, entry: &Entry, now: Instant) -> bool {
        let limit = if entry.stage.is_signed_in() {
            self.limits.idle
        } else {
            self.limits.idle.min(SIGN_IN_LIMIT)
        };
        now.saturating_duration_since(entry.last_seen) > limit
    }

    /// The session named by the request's cookie, if it is still live (this counts as use).
    pub fn find(&self, headers: &HeaderMap) -> Option<(String, Stage)> {
        let id = cookie_value(headers, COOKIE)?;
        let now = self.clock.instant();
        let mut entries = self.lock();
        let entry = entries.get_mut(&id)?;
        if self.expired(entry, now) {
            entries.remove(&id);
            return None;
        }
        entry.last_seen = now;
        Some((id, entry.stage.clone()))
    }

    /// Starts a new session at `stage`; returns its id.
    pub fn start(&self, stage: Stage) -> String {
        let id = random_id();
        let now = self.clock.instant();
        let mut entries = self.lock();
        if entries.len() >= self.limits.max_sessions {
            entries.retain(|_, entry| !self.expired(entry, now));
        }
        while entries.len() >= self.limits.max_sessions {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, entry)| entry.last_seen)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
        entries.insert(
            id.clone(),
            Entry {
                stage,
                last_seen: now,
            },
        );
        id
    }

    /// Moves an existing session to `stage` (nothing happens if it has ended meanwhile).
    pub fn set(&self, id: &str, stage: Stage) {
        if let Some(entry) = self.lock().get_mut(id) {
            entry.stage = stage;
            entry.last_seen = self.clock.instant();
        }
    }

    /// Ends the session `id`.
    pub fn end(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Ends `old` and starts a new session at `stage` under a new id (no session fixation).
    pub fn rotate(&self, old: &str, stage: Stage) -> String {
        self.end(old);
        self.start(stage)
    }

    /// Removes every expired session.
    pub fn sweep(&self) {
        let now = self.clock.instant();
        self.lock().retain(|_, entry| !self.expired(entry, now));
    }

    /// Sweeps expired sessions once a minute, for ever: a future for the host to spawn.
    pub async fn sweep_continuously(self: std::sync::Arc<Self>) {
        let mut interval = tokio::time::interval(SWEEP_INTERVAL);
        loop {
            interval.tick().await;
            self.sweep();
        }
    }
}

/// `Set-Cookie` for session `id` (a browser session cookie; the server decides expiry).
pub fn set_cookie(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax"))
        .expect("a hex id is a valid header value")
}

/// `Set-Cookie` that removes the session cookie.
pub fn remove_cookie() -> HeaderValue {
    HeaderValue::from_static("demo_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| cookie::Cookie::parse(pair.trim()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// 128 random bits in hex.
pub fn random_id() -> String {
    let bytes: [u8; 16] = rand::thread_rng().r#gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
