//! Sample setup steps (download, set up, scan, test notification, done) and the problem
//! pages.

use super::*;

/// The group's pages.
pub(super) fn pages() -> Vec<SamplePage> {
    vec![
        SamplePage {
            name: "step_1_download",
            render: |t| {
                render(&DownloadPage {
                    chrome: chrome(t, "download-heading", Some(1), true),
                    store_links: Some(StoreLinks {
                        ios: "https://apps.example/ios".into(),
                        android: "https://apps.example/android".into(),
                    }),
                })
            },
        },
        SamplePage {
            name: "step_2_setup",
            render: |t| {
                render(&SetupPage {
                    chrome: chrome(t, "setup-heading", Some(2), true),
                    connects_itself: false,
                })
            },
        },
        SamplePage {
            name: "step_2_setup_push",
            render: |t| {
                render(&SetupPage {
                    chrome: chrome(t, "setup-heading", Some(2), true),
                    connects_itself: true,
                })
            },
        },
        SamplePage {
            name: "step_3_scan_push_waiting",
            render: |t| push_scan(t, None, None),
        },
        SamplePage {
            name: "step_3_scan_push_connected",
            render: |t| push_scan(t, Some(phone()), None),
        },
        SamplePage {
            name: "step_3_scan_push_not_scanned_yet",
            render: |t| push_scan(t, None, Some(t.text("scan-not-scanned"))),
        },
        SamplePage {
            name: "step_4_test_notification",
            render: |t| test_page(t, None, false),
        },
        SamplePage {
            name: "step_4_test_notification_still_waiting",
            render: |t| test_page(t, None, true),
        },
        SamplePage {
            name: "step_4_test_notification_tap_the_number",
            render: |t| test_page_answered(t, None, false, true),
        },
        SamplePage {
            name: "step_4_test_notification_tap_the_number_still_waiting",
            render: |t| test_page_answered(t, None, true, true),
        },
        SamplePage {
            name: "step_4_test_notification_denied",
            render: |t| {
                test_page(
                    t,
                    Some(t.fmt("test-denied").arg("device", "Alice's Pixel").plain()),
                    false,
                )
            },
        },
        SamplePage {
            name: "step_4_approved",
            render: |t| {
                render(&ApprovedPage {
                    chrome: chrome(t, "approved-heading", Some(4), false),
                    device_name: "Alice's Pixel".into(),
                })
            },
        },
        SamplePage {
            name: "step_3_scan_totp",
            render: |t| scan(t, None, None, true),
        },
        SamplePage {
            name: "step_3_scan_totp_wrong_code_required",
            render: |t| scan(t, Some(t.text("code-wrong")), Some(3), false),
        },
        SamplePage {
            name: "step_4_done",
            render: |t| {
                render(&DonePage {
                    chrome: chrome(t, "done-heading", Some(4), false),
                    method_name: "Microsoft Authenticator".into(),
                    announce_default: true,
                })
            },
        },
        SamplePage {
            name: "step_4_saving_failed",
            render: |t| {
                render(&SavingPage {
                    chrome: chrome(t, "saving-heading", Some(4), false),
                })
            },
        },
        SamplePage {
            name: "expired",
            render: |t| {
                render(&ExpiredPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome(t, "expired-title", None, false)
                    },
                    continue_url: "/".into(),
                })
            },
        },
        SamplePage {
            name: "problem_csrf",
            render: |t| {
                render(&ProblemPage {
                    chrome: Chrome {
                        footer_method: None,
                        ..chrome(t, "problem-csrf", None, false)
                    },
                    heading: t.text("problem-csrf"),
                    message: t.text("problem-csrf-text"),
                    continue_url: "/inbox".into(),
                })
            },
        },
    ]
}
