//! The funnel report section: the steps of the last days, a chart per day, and the table.

use crate::admin::page::words::{When, percent};
use crate::funnel::FunnelReport;
use crate::locale::Texts;

/// What the section shows.
pub(super) struct ReportSection {
    /// How many days the report covers.
    pub(super) days: u16,
    pub(super) funnel: Vec<FunnelStep>,
    /// The chart, an SVG of its own.
    pub(super) chart: String,
    pub(super) rows: Vec<ReportRow>,
    /// Each method's own funnel over the report's days.
    pub(super) methods: Vec<MethodRow>,
}

/// A method's funnel: its setup page reached, a test sent, registered, and the share of those
/// who reached the setup page that registered.
pub(super) struct MethodRow {
    pub(super) method: String,
    pub(super) reached: u64,
    pub(super) tested: u64,
    pub(super) registered: u64,
    pub(super) rate: String,
}

/// A step of the funnel: its count, its share of the nudges shown, and of the step before.
pub(super) struct FunnelStep {
    pub(super) label: String,
    pub(super) count: u64,
    /// The bar, centred in a 100-wide box: its left edge and width (a share of the nudges
    /// shown), so that the steps stack into a funnel.
    pub(super) bar_x: String,
    pub(super) bar_width: String,
    pub(super) of_shown: String,
    pub(super) from_previous: String,
}

/// A day of the report table.
pub(super) struct ReportRow {
    pub(super) day: When,
    pub(super) shown: u64,
    pub(super) required: u64,
    pub(super) skipped: u64,
    pub(super) download: u64,
    pub(super) scan: u64,
    pub(super) test_sent: u64,
    pub(super) approved: u64,
    pub(super) registered: u64,
    pub(super) abandoned: u64,
    /// "50 %", or "–" on a day without nudges.
    pub(super) conversion: String,
}

/// The section for `report`, which covers `days` days.
pub(super) fn section(report: &FunnelReport, days: u16, t: &Texts) -> ReportSection {
    ReportSection {
        days,
        funnel: funnel_steps(report, t),
        chart: report.to_svg_labelled(
            &t.text("admin-chart-title"),
            &t.fmt("admin-chart-description")
                .num("days", report.days.len())
                .plain(),
            &|day| crate::admin::page::words::chart_day(day, t),
        ),
        rows: report_rows(report, t),
        methods: report
            .methods
            .iter()
            .map(|(method, c)| MethodRow {
                method: crate::admin::page::words::method_in_words(method, t),
                reached: c.scan,
                tested: c.test_sent,
                registered: c.registered,
                rate: percent(c.registered, c.scan, t),
            })
            .collect(),
    }
}

fn funnel_steps(report: &FunnelReport, t: &Texts) -> Vec<FunnelStep> {
    let total = report.total();
    let shown = total.shown();
    // The report's days are closed (`DayCounts::closed`): each step counts the flows that
    // reached it or any later one, so the funnel only shrinks.
    let steps = [
        ("admin-funnel-shown", shown),
        ("admin-funnel-started", total.download),
        ("admin-funnel-scanned", total.scan),
        ("admin-funnel-tested", total.test_sent),
        ("admin-funnel-registered", total.registered),
    ];
    let mut previous = None;
    steps
        .into_iter()
        .map(|(label, count)| {
            let width = if shown == 0 {
                0.0
            } else {
                (count as f64 / shown as f64).min(1.0) * 100.0
            };
            let step = FunnelStep {
                label: t.text(label),
                count,
                bar_x: format!("{:.1}", (100.0 - width) / 2.0),
                bar_width: format!("{width:.1}"),
                of_shown: previous.map_or_else(String::new, |_| percent(count, shown, t)),
                from_previous: previous.map_or_else(String::new, |p| percent(count, p, t)),
            };
            previous = Some(count);
            step
        })
        .collect()
}

fn report_rows(report: &FunnelReport, t: &Texts) -> Vec<ReportRow> {
    report
        .days
        .iter()
        .map(|(day, c)| ReportRow {
            day: When::day(*day, t),
            shown: c.nudge_shown,
            required: c.required_shown,
            skipped: c.skipped,
            download: c.download,
            scan: c.scan,
            test_sent: c.test_sent,
            approved: c.test_approved,
            registered: c.registered,
            abandoned: c.abandoned(),
            conversion: percent(c.registered, c.shown(), t),
        })
        .collect()
}
