//! The campaign funnel: events counted per day, off the sign-in path.
//!
//! Events go into a bounded channel (`try_send`: a full channel drops the event and counts it in
//! [`CampaignMetrics::events_dropped`](crate::CampaignMetrics::events_dropped); it never waits).
//! Whoever holds the receiving end adds them up and writes per-day totals to the store, with
//! compare-and-swap so several instances can share one store:
//! [`Campaign::background_tasks`](crate::Campaign::background_tasks) about once a second, or [`Campaign::flush_events`](crate::Campaign::flush_events) when no
//! background task runs. Nothing is spawned behind the host's back.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::Date;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::store::{CampaignStore, StoreError, TenantStore, TypedRecord};
use crate::tenant::TenantId;

pub(crate) const OWNER: &str = "campaign";
/// Events waiting to be counted; beyond this they are dropped (and counted as dropped).
pub const EVENT_BUFFER: usize = 4096;
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// A step of the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FunnelEvent {
    /// A nudge with a skip was shown.
    NudgeShown,
    /// A nudge without a skip (registration required) was shown.
    RequiredShown,
    /// The user chose "Skip for now".
    Skipped,
    /// The user reached the download step.
    Download,
    /// The user reached the scan step.
    Scan,
    /// A test notification was sent.
    TestSent,
    /// A test notification was approved.
    TestApproved,
    /// An authenticator was registered.
    Registered,
}

impl FunnelEvent {
    /// The steps of a setup flow, in order: a flow that reached one has passed every step
    /// before it (a passkey flow has no download page; an authenticator app's code tests and
    /// registers at once), so each is counted with the steps before it and the funnel can
    /// only shrink.
    pub const PROGRESS: [FunnelEvent; 5] = [
        Self::Download,
        Self::Scan,
        Self::TestSent,
        Self::TestApproved,
        Self::Registered,
    ];

    /// The event's name in reports and metrics (`nudgeShown`, `skipped`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::NudgeShown => "nudgeShown",
            Self::RequiredShown => "requiredShown",
            Self::Skipped => "skipped",
            Self::Download => "download",
            Self::Scan => "scan",
            Self::TestSent => "testSent",
            Self::TestApproved => "testApproved",
            Self::Registered => "registered",
        }
    }
}

/// Events a flow counts now: for the whole funnel, and for the method in use.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Counted {
    /// Each at most once per flow.
    pub(crate) events: Vec<FunnelEvent>,
    /// The method in use and its new steps, each at most once per flow and method.
    pub(crate) by_method: Option<(String, Vec<FunnelEvent>)>,
}

impl Counted {
    /// Whether `event` is counted now for the whole funnel.
    pub(crate) fn contains(&self, event: &FunnelEvent) -> bool {
        self.events.contains(event)
    }
}

impl crate::store::Document for DayCounts {
    const KIND: &'static str = "funnel-day";
}

/// Counts of one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DayCounts {
    /// See [`FunnelEvent::NudgeShown`].
    pub nudge_shown: u64,
    /// See [`FunnelEvent::RequiredShown`].
    pub required_shown: u64,
    /// See [`FunnelEvent::Skipped`].
    pub skipped: u64,
    /// See [`FunnelEvent::Download`].
    pub download: u64,
    /// See [`FunnelEvent::Scan`].
    pub scan: u64,
    /// See [`FunnelEvent::TestSent`].
    pub test_sent: u64,
    /// See [`FunnelEvent::TestApproved`].
    pub test_approved: u64,
    /// See [`FunnelEvent::Registered`].
    pub registered: u64,
}

impl DayCounts {
    pub(crate) fn add(&mut self, event: FunnelEvent, n: u64) {
        let slot = match event {
            FunnelEvent::NudgeShown => &mut self.nudge_shown,
            FunnelEvent::RequiredShown => &mut self.required_shown,
            FunnelEvent::Skipped => &mut self.skipped,
            FunnelEvent::Download => &mut self.download,
            FunnelEvent::Scan => &mut self.scan,
            FunnelEvent::TestSent => &mut self.test_sent,
            FunnelEvent::TestApproved => &mut self.test_approved,
            FunnelEvent::Registered => &mut self.registered,
        };
        *slot += n;
    }

    pub(crate) fn merge(&mut self, other: &DayCounts) {
        for (event, n) in other.events() {
            self.add(event, n);
        }
    }

    pub(crate) fn events(&self) -> [(FunnelEvent, u64); 8] {
        [
            (FunnelEvent::NudgeShown, self.nudge_shown),
            (FunnelEvent::RequiredShown, self.required_shown),
            (FunnelEvent::Skipped, self.skipped),
            (FunnelEvent::Download, self.download),
            (FunnelEvent::Scan, self.scan),
            (FunnelEvent::TestSent, self.test_sent),
            (FunnelEvent::TestApproved, self.test_approved),
            (FunnelEvent::Registered, self.registered),
        ]
    }

    /// Every event of the day.
    pub(crate) fn total_events(&self) -> u64 {
        self.events().iter().map(|(_, n)| n).sum()
    }

    /// The counts with each setup step at least as high as every later one: a flow that
    /// registered also started, scanned and tested. Flows count their steps this way since
    /// issue 25; days stored before that (a passkey flow counted as scanned but not started, an
    /// app's code as registered but not tested) read the same way through here.
    pub fn closed(&self) -> DayCounts {
        let mut c = *self;
        c.test_approved = c.test_approved.max(c.registered);
        c.test_sent = c.test_sent.max(c.test_approved);
        c.scan = c.scan.max(c.test_sent);
        c.download = c.download.max(c.scan);
        c
    }

    /// Nudges shown (with or without a skip).
    pub fn shown(&self) -> u64 {
        self.nudge_shown + self.required_shown
    }

    /// Shown but neither skipped nor registered: the browser was closed (counts as a snooze).
    pub fn abandoned(&self) -> u64 {
        self.shown().saturating_sub(self.skipped + self.registered)
    }

    /// Registered per nudge shown, 0 to 1.
    pub fn conversion(&self) -> f64 {
        if self.shown() == 0 {
            0.0
        } else {
            self.registered as f64 / self.shown() as f64
        }
    }
}

enum Message {
    /// An event of a tenant's day, for the whole funnel (`None`) or a method's.
    Event(TenantId, Date, Option<Box<str>>, FunnelEvent),
    Flush(oneshot::Sender<()>),
}

/// The funnel's channel: the campaign sends, and whoever holds `receiver` counts.
pub(crate) struct Counter {
    sender: mpsc::Sender<Message>,
    receiver: Mutex<mpsc::Receiver<Message>>,
}

impl Default for Counter {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel(EVENT_BUFFER);
        Self {
            sender,
            receiver: Mutex::new(receiver),
        }
    }
}

impl Counter {
    /// Queues `tenant`'s `event` of `day`, for the whole funnel or `method`'s; `false` if the
    /// buffer is full.
    pub(crate) fn record(
        &self,
        tenant: &TenantId,
        day: Date,
        method: Option<&str>,
        event: FunnelEvent,
    ) -> bool {
        self.sender
            .try_send(Message::Event(
                tenant.clone(),
                day,
                method.map(Into::into),
                event,
            ))
            .is_ok()
    }

    /// Counts for as long as it runs (the background task's half).
    pub(crate) async fn run(&self, store: &Arc<dyn CampaignStore>) {
        let mut receiver = self.receiver.lock().await;
        let mut pending: Pending = BTreeMap::new();
        let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
        loop {
            let message = tokio::time::timeout(FLUSH_EVERY, receiver.recv()).await;
            match message {
                Ok(Some(Message::Event(tenant, day, method, event))) => {
                    pending
                        .entry((tenant, record_id(day, method.as_deref())))
                        .or_default()
                        .add(event, 1);
                    if pending.values().map(DayCounts::total_events).sum::<u64>() < 512 {
                        continue;
                    }
                }
                Ok(Some(Message::Flush(done))) => waiting.push(done),
                // The sender lives as long as the campaign, so `None` never comes.
                Ok(None) | Err(_) => {}
            }
            write(store, std::mem::take(&mut pending)).await;
            for done in waiting.drain(..) {
                let _ = done.send(());
            }
        }
    }

    /// Writes every event queued so far: itself when no background task runs, else by asking
    /// that task and waiting for it.
    pub(crate) async fn flush(&self, store: &Arc<dyn CampaignStore>) {
        if let Ok(mut receiver) = self.receiver.try_lock() {
            let mut pending: Pending = BTreeMap::new();
            let mut waiting = Vec::new();
            while let Ok(message) = receiver.try_recv() {
                match message {
                    Message::Event(tenant, day, method, event) => {
                        pending
                            .entry((tenant, record_id(day, method.as_deref())))
                            .or_default()
                            .add(event, 1);
                    }
                    Message::Flush(done) => waiting.push(done),
                }
            }
            write(store, pending).await;
            for done in waiting {
                let _ = done.send(());
            }
            return;
        }
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// Counts not yet written, by tenant and record id (see [`record_id`]).
type Pending = BTreeMap<(TenantId, String), DayCounts>;

/// A day's record: `2026-11-28` for the whole funnel, `2026-11-28:push` for a method's.
fn record_id(day: Date, method: Option<&str>) -> String {
    match method {
        Some(method) => format!("{day}:{method}"),
        None => day.to_string(),
    }
}

/// Reads a record id: the day, and the method when it is a method's.
pub(crate) fn read_record_id(id: &str) -> Option<(Date, Option<&str>)> {
    let (day, method) = match id.split_once(':') {
        Some((day, method)) => (day, Some(method)),
        None => (id, None),
    };
    let day = Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some((day, method))
}

async fn write(store: &Arc<dyn CampaignStore>, pending: Pending) {
    for ((tenant, id), counts) in pending {
        let scoped = TenantStore::new(store.clone(), tenant);
        if let Err(error) = add_to_day(&scoped, &id, &counts).await {
            tracing::warn!(%error, day = %id, tenant = %scoped.tenant(), "funnel counts could not be stored; they are lost");
        }
    }
}

async fn add_to_day(store: &TenantStore, id: &str, counts: &DayCounts) -> Result<(), StoreError> {
    let far_past = time::OffsetDateTime::UNIX_EPOCH;
    for _ in 0..8 {
        match TypedRecord::<DayCounts>::load(store, id, far_past).await? {
            Some(mut record) => {
                record.value.merge(counts);
                if record.save(store).await? {
                    return Ok(());
                }
            }
            None => {
                let record = TypedRecord::new(id, OWNER, *counts, None)?;
                if record.insert(store, far_past).await? {
                    return Ok(());
                }
            }
        }
    }
    Err(StoreError::Backend("funnel counts kept changing".into()))
}

/// Per-day counts for a range of days, oldest first, and each method's over the range.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelReport {
    /// Every day of the range, with zeros where nothing happened.
    pub days: Vec<(Date, DayCounts)>,
    /// Each method's own funnel over the range (`push`, `totp`, `passkey`, a host's method),
    /// by method id: its setup page reached (`scan`), `test_sent`, `test_approved` and
    /// `registered`, each no higher than the step before. A flow that switched methods counts
    /// in both; the whole funnel counts it once.
    pub methods: BTreeMap<String, DayCounts>,
}

impl FunnelReport {
    /// The sum over all days.
    pub fn total(&self) -> DayCounts {
        let mut total = DayCounts::default();
        for (_, c) in &self.days {
            total.merge(c);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abandoned_and_conversion_follow_the_counts() {
        let c = DayCounts {
            nudge_shown: 8,
            required_shown: 2,
            skipped: 5,
            registered: 2,
            ..Default::default()
        };
        assert_eq!(c.shown(), 10);
        assert_eq!(c.abandoned(), 3);
        assert!((c.conversion() - 0.2).abs() < 1e-9);
        assert_eq!(DayCounts::default().conversion(), 0.0);
    }
}
