//! The outbox: messages are written to the store before they are sent, claimed by one instance
//! at a time, sent through the host's [`Notifier`](crate::notify::Notifier), and retried with
//! backoff when it fails.
//!
//! Each message is one record of kind `outbox`, whose id says what it is
//! (`reminder:USER:DEADLINE:DAYS`, `binding:USER:TIME`): inserting it is the claim that makes
//! it once only, across restarts and instances. Its owner says where it is (`pending`, `sent`,
//! `failed`). Sending takes a two-minute lease by compare-and-swap, so two instances never send
//! the same message at once. A sent or abandoned message keeps its record (without its text
//! or address) for 90 days, so the same reminder is never written again.

use std::collections::HashSet;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use time::Duration;

use super::Campaign;
use crate::notify::{Message, Notifications};
use crate::store::{Record, StoreError, to_millis};
use crate::tenant::TenantId;

pub(crate) const OUTBOX_KIND: &str = "outbox";
const PENDING: &str = "pending";
const SENT: &str = "sent";
const FAILED: &str = "failed";
/// A claim on a message lasts this long: a sender that dies lets another one retry after it.
const LEASE: Duration = Duration::minutes(2);
/// After this many failed sends a message is abandoned (about 4 hours of retries).
pub(crate) const MAX_ATTEMPTS: u32 = 8;
/// The first retry waits this long; each next one twice as long.
const FIRST_RETRY: Duration = Duration::minutes(1);
/// How long a sent or abandoned message's record is kept, so that it is never written twice.
const KEEP: Duration = Duration::days(90);
/// A send that takes longer counts as failed (and is retried): a hung server must not hold
/// up every other message.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// One message in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    /// The message; `None` once sent or abandoned.
    message: Option<Message>,
    kind: crate::notify::MessageKind,
    attempts: u32,
    /// When the next send may be tried (milliseconds since the epoch).
    next_attempt_at: i64,
    /// Who may not be interrupted until when (milliseconds since the epoch).
    claimed_until: Option<i64>,
    sent_at: Option<i64>,
    /// The last error, for operators (never the message's text).
    last_error: Option<String>,
}

/// The notifications of a campaign, and which tenants have messages waiting.
pub(crate) struct Outbox {
    pub(crate) settings: Notifications,
    /// Tenants that wrote a message since the last delivery round.
    waiting: Mutex<HashSet<TenantId>>,
    /// Wakes the delivery loop when a message is written.
    pub(crate) wake: tokio::sync::Notify,
}

impl Outbox {
    pub(crate) fn new(settings: Notifications) -> Self {
        Self {
            settings,
            waiting: Mutex::new(HashSet::new()),
            wake: tokio::sync::Notify::new(),
        }
    }

    /// The tenants with messages written since the last call, and forgets them.
    pub(crate) fn take_waiting(&self) -> Vec<TenantId> {
        match self.waiting.lock() {
            Ok(mut waiting) => waiting.drain().collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Delivered {
    pub(crate) sent: u64,
    pub(crate) failed: u64,
}

impl Campaign {
    /// Writes `message` to the outbox under `key`, unless a message with that key was ever
    /// written (the claim that makes reminders once only). Returns whether it was written.
    pub(crate) async fn enqueue_message(
        &self,
        key: &str,
        message: Message,
    ) -> Result<bool, StoreError> {
        let Some(outbox) = self.outbox() else {
            return Ok(false);
        };
        let now = self.now();
        let entry = Entry {
            kind: message.kind,
            message: Some(message),
            attempts: 0,
            next_attempt_at: to_millis(now),
            claimed_until: None,
            sent_at: None,
            last_error: None,
        };
        let record = Record {
            kind: OUTBOX_KIND.into(),
            id: key.to_owned(),
            owner: PENDING.into(),
            version: 0,
            document: serde_json::to_string(&entry)
                .map_err(|e| StoreError::Decode(e.to_string()))?,
            expires_at: Some(now + KEEP),
        };
        let written = self.store().insert_record(&record, now).await?;
        if written {
            if let Ok(mut waiting) = outbox.waiting.lock() {
                waiting.insert(self.tenant_id().clone());
            }
            outbox.wake.notify_one();
        }
        Ok(written)
    }

    pub(crate) fn outbox(&self) -> Option<&Outbox> {
        self.inner.outbox.as_ref()
    }

    /// Sends every message of this tenant that is due and not claimed by another sender.
    pub(crate) async fn deliver_outbox(&self) -> Result<Delivered, StoreError> {
        let Some(outbox) = self.outbox() else {
            return Ok(Delivered::default());
        };
        let mut delivered = Delivered::default();
        let now = self.now();
        let pending = self.store().records_of(OUTBOX_KIND, PENDING, now).await?;
        for record in pending {
            let Ok(entry) = serde_json::from_str::<Entry>(&record.document) else {
                tracing::error!(target: "registration_campaign", id = %record.id, "an outbox message cannot be read; it is left alone");
                continue;
            };
            let claimed = entry
                .claimed_until
                .is_some_and(|until| until > to_millis(now));
            if entry.next_attempt_at > to_millis(now) || claimed {
                continue;
            }
            let Some(message) = entry.message.clone() else {
                continue;
            };
            // The lease: whoever replaces this version first sends it.
            let mut mine = Entry {
                claimed_until: Some(to_millis(now + LEASE)),
                ..entry
            };
            let mut lease = Record {
                document: to_json(&mine)?,
                ..record
            };
            if !self.store().replace_record(&lease).await? {
                continue;
            }
            lease.version += 1;
            let kind = mine.kind.as_str();
            let sent = tokio::time::timeout(SEND_TIMEOUT, outbox.settings.notifier.send(&message))
                .await
                .unwrap_or_else(|_| Err("the notifier did not answer within 60 seconds".into()));
            match sent {
                Ok(()) => {
                    delivered.sent += 1;
                    metrics::counter!("registration_campaign_messages_sent_total", "kind" => kind)
                        .increment(1);
                    mine.message = None;
                    mine.sent_at = Some(to_millis(self.now()));
                    mine.claimed_until = None;
                    lease.owner = SENT.into();
                }
                Err(error) => {
                    delivered.failed += 1;
                    metrics::counter!("registration_campaign_messages_failed_total", "kind" => kind)
                        .increment(1);
                    mine.attempts += 1;
                    mine.claimed_until = None;
                    mine.last_error = Some(error.to_string());
                    if mine.attempts >= MAX_ATTEMPTS {
                        tracing::error!(target: "registration_campaign", id = %lease.id, %error, attempts = mine.attempts, "a message could not be sent and is abandoned");
                        mine.message = None;
                        lease.owner = FAILED.into();
                    } else {
                        let wait = FIRST_RETRY * 2_i32.pow(mine.attempts - 1);
                        tracing::warn!(target: "registration_campaign", id = %lease.id, %error, retry_in = %wait, "a message could not be sent; trying again later");
                        metrics::counter!("registration_campaign_messages_retried_total", "kind" => kind)
                            .increment(1);
                        mine.next_attempt_at = to_millis(self.now() + wait);
                    }
                }
            }
            lease.document = to_json(&mine)?;
            lease.expires_at = Some(self.now() + KEEP);
            if !self.store().replace_record(&lease).await? {
                tracing::warn!(target: "registration_campaign", id = %lease.id, "an outbox message changed while it was being sent");
            }
        }
        Ok(delivered)
    }
}

fn to_json(entry: &Entry) -> Result<String, StoreError> {
    serde_json::to_string(entry).map_err(|e| StoreError::Decode(e.to_string()))
}
