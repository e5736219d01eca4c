//! Sample prompts: skips left, unlimited snoozes, required registration, deadlines.

use super::*;

/// The group's pages.
pub(super) fn pages() -> Vec<SamplePage> {
    vec![
        SamplePage {
            name: "prompt_3_skips_left",
            render: |t| prompt(t, false, Some(3), 1),
        },
        SamplePage {
            name: "prompt_2_skips_left",
            render: |t| prompt(t, false, Some(2), 1),
        },
        SamplePage {
            name: "prompt_1_skips_left",
            render: |t| prompt(t, false, Some(1), 1),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_0",
            render: |t| prompt(t, false, None, 0),
        },
        SamplePage {
            name: "prompt_unlimited_snooze_14",
            render: |t| prompt(t, false, None, 14),
        },
        SamplePage {
            name: "prompt_required",
            render: |t| prompt(t, true, Some(0), 1),
        },
        SamplePage {
            name: "prompt_deadline_12_days_3_skips_left",
            render: |t| prompt_with_deadline(t, false, Some(3), 1, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_1_skip_left_snooze_3",
            render: |t| prompt_with_deadline(t, false, Some(1), 3, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_12_days_unlimited_snooze_0",
            render: |t| prompt_with_deadline(t, false, None, 0, Some(DEADLINE), UtcOffset::UTC),
        },
        SamplePage {
            name: "prompt_deadline_today_before_the_snooze_ends",
            render: |t| {
                prompt_with_deadline(
                    t,
                    false,
                    None,
                    1,
                    Some(datetime!(2027-01-03 17:30 UTC)),
                    UtcOffset::UTC,
                )
            },
        },
        SamplePage {
            name: "prompt_deadline_in_the_users_time_zone",
            render: |t| prompt_with_deadline(t, false, Some(2), 1, Some(DEADLINE), offset!(-5)),
        },
        SamplePage {
            name: "prompt_required_deadline_passed",
            render: |t| {
                prompt_with_deadline(
                    t,
                    true,
                    Some(0),
                    1,
                    Some(datetime!(2027-01-01 00:00 UTC)),
                    UtcOffset::UTC,
                )
            },
        },
    ]
}
