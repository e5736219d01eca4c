//! The campaign's entry points to its funnel: counting an event, flushing, the report (the
//! counting itself is `crate::funnel`, which knows no campaign).

use std::collections::BTreeMap;

use time::Duration;

use super::Campaign;
use crate::funnel::{DayCounts, FunnelEvent, FunnelReport, OWNER};
use crate::store::{StoreError, TypedRecord};

impl Campaign {
    /// Counts a funnel event. Never waits: with a full buffer (4,096 events not yet written),
    /// the event is dropped and [`CampaignMetrics::events_dropped`](crate::CampaignMetrics::events_dropped)
    /// goes up.
    pub fn record_event(&self, event: FunnelEvent) {
        metrics::counter!("registration_campaign_funnel_events_total", "event" => event.name())
            .increment(1);
        if !self
            .funnel()
            .record(self.tenant_id(), self.now().date(), None, event)
        {
            self.metrics().count_dropped_event();
        }
    }

    /// Counts what a flow counted now: its events, and its method's.
    pub(crate) fn record_counted(&self, counted: crate::funnel::Counted) {
        for event in counted.events {
            self.record_event(event);
        }
        if let Some((method, events)) = counted.by_method {
            for event in events {
                let day = self.now().date();
                if !self
                    .funnel()
                    .record(self.tenant_id(), day, Some(&method), event)
                {
                    self.metrics().count_dropped_event();
                }
            }
        }
    }

    /// Waits until every event recorded so far is in the store (before a report, in tests,
    /// at shutdown).
    pub async fn flush_events(&self) {
        self.funnel().flush(self.store().shared()).await;
    }

    /// The funnel for the last `days` days (today included), with every event recorded so far;
    /// each day's setup steps [closed](DayCounts::closed), so no step exceeds the one before.
    pub async fn funnel_report(&self, days: u16) -> Result<FunnelReport, StoreError> {
        self.flush_events().await;
        let today = self.now().date();
        let first = today - Duration::days(i64::from(days.max(1)) - 1);
        let stored =
            TypedRecord::<DayCounts>::list(self.store(), OWNER, time::OffsetDateTime::UNIX_EPOCH)
                .await?;
        let mut by_day: BTreeMap<String, DayCounts> = BTreeMap::new();
        let mut methods: BTreeMap<String, DayCounts> = BTreeMap::new();
        for record in stored {
            match crate::funnel::read_record_id(&record.record.id) {
                Some((day, Some(method))) if day >= first && day <= today => {
                    methods
                        .entry(method.to_owned())
                        .or_default()
                        .merge(&record.value);
                }
                Some((_, None)) => {
                    by_day.insert(record.record.id, record.value);
                }
                _ => {}
            }
        }
        for counts in methods.values_mut() {
            // A method's funnel starts at its setup page.
            *counts = counts.closed();
            counts.download = 0;
        }
        let out = (0..i64::from(days.max(1)))
            .map(|offset| first + Duration::days(offset))
            .map(|day| {
                (
                    day,
                    by_day
                        .get(&day.to_string())
                        .map(DayCounts::closed)
                        .unwrap_or_default(),
                )
            })
            .collect();
        Ok(FunnelReport { days: out, methods })
    }
}
