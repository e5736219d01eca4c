//! The demo's time: the system's, or, for tests, the system's moved forward.
//!
//! With `--clock-file FILE`, the demo and its campaign run that many seconds ahead of the
//! system clock as FILE holds (a whole number; a missing or unreadable file counts as 0). A test
//! writes the file to let a session idle out or a push request time out at once, instead of
//! sleeping through it. The file is read at every look at the clock, so a change applies to the
//! next request. Leave the flag off outside tests.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// The demo's clock, shared by its sessions, its push sign-in and the campaign.
#[derive(Debug, Clone, Default)]
pub struct DemoClock {
    /// Where a test writes how far ahead to run, in seconds.
    offset_file: Option<PathBuf>,
}

impl DemoClock {
    /// The system's clock, moved forward by what `offset_file` holds, if given.
    pub fn new(offset_file: Option<PathBuf>) -> Self {
        Self { offset_file }
    }

    /// How far ahead of the system clock the demo runs.
    fn offset(&self) -> Duration {
        let Some(file) = &self.offset_file else {
            return Duration::ZERO;
        };
        let seconds = std::fs::read_to_string(file)
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .unwrap_or(0);
        Duration::from_secs(seconds)
    }

    /// Now, for measuring how long something took (idle sessions, push timeouts).
    pub fn instant(&self) -> Instant {
        Instant::now() + self.offset()
    }
}

impl registration_campaign::Clock for DemoClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset()
    }
}
