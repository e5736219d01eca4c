//! The campaign report: funnel events counted per day, off the sign-in path.
//!
//! Events go into a bounded channel (`try_send`: a full channel drops the event and counts it,
//! it never waits); one background task adds them up and writes per-day totals to the store
//! about once a second, with compare-and-swap so several instances can share one store.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::{Date, Duration};
use tokio::sync::{mpsc, oneshot};

use crate::campaign::Campaign;
use crate::enroll::TypedRecord;
use crate::store::{CampaignStore, StoreError};

const OWNER: &str = "campaign";
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
    fn add(&mut self, event: FunnelEvent, n: u64) {
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

    fn merge(&mut self, other: &DayCounts) {
        for (event, n) in other.events() {
            self.add(event, n);
        }
    }

    fn events(&self) -> [(FunnelEvent, u64); 8] {
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

pub(crate) enum Message {
    Event(Date, FunnelEvent),
    Flush(oneshot::Sender<()>),
}

/// The sending side kept by the campaign.
pub(crate) type EventSender = mpsc::Sender<Message>;

/// Starts the counting task on the current tokio runtime, if there is one.
pub(crate) fn start(store: Arc<dyn CampaignStore>) -> Option<EventSender> {
    let runtime = tokio::runtime::Handle::try_current().ok()?;
    let (sender, receiver) = mpsc::channel(EVENT_BUFFER);
    runtime.spawn(count(store, receiver));
    Some(sender)
}

async fn count(store: Arc<dyn CampaignStore>, mut receiver: mpsc::Receiver<Message>) {
    let mut pending: BTreeMap<Date, DayCounts> = BTreeMap::new();
    let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
    loop {
        let message = tokio::time::timeout(FLUSH_EVERY, receiver.recv()).await;
        let closed = matches!(message, Ok(None));
        match message {
            Ok(Some(Message::Event(day, event))) => {
                pending.entry(day).or_default().add(event, 1);
                if pending
                    .values()
                    .map(|c| c.events().iter().map(|e| e.1).sum::<u64>())
                    .sum::<u64>()
                    < 512
                {
                    continue;
                }
            }
            Ok(Some(Message::Flush(done))) => waiting.push(done),
            Ok(None) | Err(_) => {}
        }
        for (day, counts) in std::mem::take(&mut pending) {
            if let Err(error) = add_to_day(&*store, day, &counts).await {
                tracing::warn!(%error, %day, "funnel counts could not be stored; they are lost");
            }
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
        if closed {
            return;
        }
    }
}

async fn add_to_day(
    store: &dyn CampaignStore,
    day: Date,
    counts: &DayCounts,
) -> Result<(), StoreError> {
    let id = day.to_string();
    let far_past = time::OffsetDateTime::UNIX_EPOCH;
    for _ in 0..8 {
        match TypedRecord::<DayCounts>::load(store, &id, far_past).await? {
            Some(mut record) => {
                record.value.merge(counts);
                if record.save(store).await? {
                    return Ok(());
                }
            }
            None => {
                let record = TypedRecord::new(&id, OWNER, *counts, None)?;
                if record.insert(store, far_past).await? {
                    return Ok(());
                }
            }
        }
    }
    Err(StoreError::Backend("funnel counts kept changing".into()))
}

/// Per-day counts for a range of days, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelReport {
    /// Every day of the range, with zeros where nothing happened.
    pub days: Vec<(Date, DayCounts)>,
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

    /// JSON: `{"days": [{"date": ..., counts..., "abandoned", "conversion"}], "total": {...}}`.
    pub fn to_json(&self) -> Value {
        let row = |c: &DayCounts| {
            let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
            v["abandoned"] = json!(c.abandoned());
            v["conversion"] = json!((c.conversion() * 1000.0).round() / 1000.0);
            v
        };
        let days: Vec<Value> = self
            .days
            .iter()
            .map(|(d, c)| {
                let mut v = row(c);
                v["date"] = json!(d.to_string());
                v
            })
            .collect();
        json!({"days": days, "total": row(&self.total())})
    }

    /// CSV with a header line, one line per day.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "date,nudgeShown,requiredShown,skipped,download,scan,testSent,testApproved,registered,abandoned,conversion\n",
        );
        for (day, c) in &self.days {
            let _ = writeln!(
                out,
                "{day},{},{},{},{},{},{},{},{},{},{:.3}",
                c.nudge_shown,
                c.required_shown,
                c.skipped,
                c.download,
                c.scan,
                c.test_sent,
                c.test_approved,
                c.registered,
                c.abandoned(),
                c.conversion()
            );
        }
        out
    }

    /// A server-rendered SVG bar chart of shown, skipped and registered per day, with a title
    /// and description for screen readers (the page shows the same numbers in a table).
    pub fn to_svg(&self) -> String {
        let (width, height, top, bottom, left) = (640.0_f64, 220.0_f64, 16.0, 36.0, 36.0);
        let max = self
            .days
            .iter()
            .map(|(_, c)| c.shown().max(c.skipped).max(c.registered))
            .max()
            .unwrap_or(0)
            .max(1);
        let plot_h = height - top - bottom;
        let slot = (width - left) / self.days.len().max(1) as f64;
        let bar = (slot / 4.0).max(1.0);
        let mut svg = format!(
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\
             <title id=\"chart-title\">Registration campaign per day</title>\
             <desc id=\"chart-desc\">Nudges shown, skipped and registrations for each of the last {} days; the table below has the numbers.</desc>",
            self.days.len()
        );
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{}\" x2=\"{width}\" y2=\"{}\" class=\"axis\"/>",
            height - bottom,
            height - bottom
        );
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" class=\"tick\">{max}</text>",
            top + 4.0
        );
        for (i, (day, c)) in self.days.iter().enumerate() {
            let x0 = left + i as f64 * slot + slot / 8.0;
            for (j, (value, class)) in [
                (c.shown(), "shown"),
                (c.skipped, "skipped"),
                (c.registered, "registered"),
            ]
            .iter()
            .enumerate()
            {
                let h = plot_h * (*value as f64) / max as f64;
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"/>",
                    x0 + j as f64 * bar,
                    height - bottom - h
                );
            }
            if self.days.len() <= 16 || i % 7 == 0 {
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{}\" class=\"tick\">{:02}-{:02}</text>",
                    x0,
                    height - bottom + 16.0,
                    u8::from(day.month()),
                    day.day()
                );
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

impl Campaign {
    /// Counts a funnel event. Never waits: with no runtime, or a full buffer, the event is
    /// dropped and [`CampaignMetrics::events_dropped`](crate::CampaignMetrics::events_dropped)
    /// goes up.
    pub fn record_event(&self, event: FunnelEvent) {
        let sender = self
            .inner
            .events
            .get_or_init(|| start(self.store().clone()));
        let day = self.now().date();
        let sent = sender
            .as_ref()
            .is_some_and(|s| s.try_send(Message::Event(day, event)).is_ok());
        if !sent {
            self.inner.metrics.count_dropped_event();
        }
    }

    /// Waits until every event recorded so far is in the store (for tests and shutdown).
    pub async fn flush_events(&self) {
        let Some(Some(sender)) = self.inner.events.get() else {
            return;
        };
        let (done, wait) = oneshot::channel();
        if sender.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// The funnel for the last `days` days (today included).
    pub async fn funnel_report(&self, days: u16) -> Result<FunnelReport, StoreError> {
        let today = self.now().date();
        let first = today - Duration::days(i64::from(days.max(1)) - 1);
        let stored = TypedRecord::<DayCounts>::list(
            &**self.store(),
            OWNER,
            time::OffsetDateTime::UNIX_EPOCH,
        )
        .await?;
        let by_day: BTreeMap<String, DayCounts> =
            stored.into_iter().map(|r| (r.record.id, r.value)).collect();
        let out = (0..i64::from(days.max(1)))
            .map(|offset| first + Duration::days(offset))
            .map(|day| {
                (
                    day,
                    by_day.get(&day.to_string()).copied().unwrap_or_default(),
                )
            })
            .collect();
        Ok(FunnelReport { days: out })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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

    #[test]
    fn csv_and_svg_carry_every_day() {
        let report = FunnelReport {
            days: vec![
                (
                    date!(2026 - 11 - 27),
                    DayCounts {
                        nudge_shown: 3,
                        skipped: 1,
                        registered: 1,
                        ..Default::default()
                    },
                ),
                (date!(2026 - 11 - 28), DayCounts::default()),
            ],
        };
        let csv = report.to_csv();
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.contains("2026-11-27,3,0,1,0,0,0,0,1,1,0.333"));
        let svg = report.to_svg();
        assert_eq!(svg.matches("<rect").count(), 6);
        assert!(svg.contains("<title"));
        assert_eq!(report.total().nudge_shown, 3);
    }
}
