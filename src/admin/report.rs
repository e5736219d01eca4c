//! The campaign report as people and tools read it: JSON, CSV and an SVG chart of the funnel
//! (see [`funnel`](crate::funnel) for the counting).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::csv::CsvDialect;
use crate::funnel::{DayCounts, FunnelReport};

impl FunnelReport {
    /// JSON: `{"days": [{"date": ..., counts..., "abandoned", "conversion"}], "total": {...},
    /// "methods": {"push": {"scan", "testSent", "testApproved", "registered"}, ...}}`.
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
        let methods: serde_json::Map<String, Value> = self
            .methods
            .iter()
            .map(|(method, c)| {
                let funnel = json!({"scan": c.scan, "testSent": c.test_sent,
                    "testApproved": c.test_approved, "registered": c.registered});
                (method.clone(), funnel)
            })
            .collect();
        json!({"days": days, "total": row(&self.total()), "methods": methods})
    }

    /// CSV with a header line, one line per day.
    pub fn to_csv(&self) -> String {
        self.to_csv_in(CsvDialect::Standard)
    }

    /// [`to_csv`](Self::to_csv) in `dialect` (for a spreadsheet: `;` and `0,200` in German).
    pub fn to_csv_in(&self, dialect: CsvDialect) -> String {
        const HEADER: &str = "date,nudgeShown,requiredShown,skipped,download,scan,testSent,testApproved,registered,abandoned,conversion";
        let mut out = String::from(dialect.preamble());
        out.push_str(&dialect.line(HEADER.split(',').map(str::to_owned)));
        for (day, c) in &self.days {
            let counts = [
                c.nudge_shown,
                c.required_shown,
                c.skipped,
                c.download,
                c.scan,
                c.test_sent,
                c.test_approved,
                c.registered,
                c.abandoned(),
            ];
            let fields = std::iter::once(day.to_string())
                .chain(counts.iter().map(u64::to_string))
                .chain(std::iter::once(dialect.decimal(c.conversion(), 3)));
            out.push_str(&dialect.line(fields));
        }
        out
    }

    /// A server-rendered SVG bar chart of shown, skipped and registered per day, with a title
    /// and description for screen readers (the page shows the same numbers in a table).
    pub fn to_svg(&self) -> String {
        self.to_svg_titled(
            "Registration campaign per day",
            &format!(
                "Nudges shown, skipped and registrations for each of the last {} days; the table below has the numbers.",
                self.days.len()
            ),
        )
    }

    /// [`to_svg`](Self::to_svg) with its title and description in another language (plain
    /// text; escaped here).
    pub fn to_svg_titled(&self, title: &str, description: &str) -> String {
        let month_day = |day: time::Date| format!("{:02}-{:02}", u8::from(day.month()), day.day());
        self.to_svg_labelled(title, description, &month_day)
    }

    /// [`to_svg_titled`](Self::to_svg_titled) with the days under the bars written by `label`
    /// ("23 Nov", "23. Nov."; plain text, escaped here).
    pub fn to_svg_labelled(
        &self,
        title: &str,
        description: &str,
        label: &dyn Fn(time::Date) -> String,
    ) -> String {
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
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
             <title id=\"chart-title\">{}</title>\
             <desc id=\"chart-desc\">{}</desc>",
            escape(title),
            escape(description)
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
        let label_every = self.days.len().div_ceil(8).max(1);
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
            // At most eight labels, the newest day always among them, so words fit.
            if (self.days.len() - 1 - i).is_multiple_of(label_every) {
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{}\" class=\"tick\">{}</text>",
                    x0,
                    height - bottom + 16.0,
                    escape(&label(*day))
                );
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
            ..FunnelReport::default()
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
