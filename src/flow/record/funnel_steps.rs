//! What a flow counts in the funnel: each setup step once per flow, with every step before it,
//! and the same once per method the flow tried, from the method's own setup page on.

use super::Flow;
use crate::funnel::{Counted, FunnelEvent};

/// The steps of a method's own funnel: its setup page (a QR code, or the passkey dialog), a
/// test sent, the test approved, registered.
const METHOD_STEPS: [FunnelEvent; 4] = [
    FunnelEvent::Scan,
    FunnelEvent::TestSent,
    FunnelEvent::TestApproved,
    FunnelEvent::Registered,
];

impl Flow {
    /// Marks `event` as counted, with every setup step before it ([`FunnelEvent::PROGRESS`])
    /// that this flow has not counted yet, and likewise for its method; returns what to record.
    pub(crate) fn count_through(&mut self, event: FunnelEvent) -> Counted {
        let steps = match FunnelEvent::PROGRESS.iter().position(|e| *e == event) {
            Some(at) => &FunnelEvent::PROGRESS[..=at],
            None => std::slice::from_ref(&event),
        };
        let mut events = Vec::new();
        for step in steps {
            if !self.counted.contains(step) {
                self.counted.push(*step);
                events.push(*step);
            }
        }
        let by_method = match (&self.method, METHOD_STEPS.iter().position(|e| *e == event)) {
            (Some(method), Some(at)) => {
                let mut new = Vec::new();
                for step in &METHOD_STEPS[..=at] {
                    let key = (method.clone(), *step);
                    if !self.counted_by_method.contains(&key) {
                        self.counted_by_method.push(key);
                        new.push(*step);
                    }
                }
                Some((method.clone(), new))
            }
            _ => None,
        };
        Counted { events, by_method }
    }
}
