//! Snapshots of every page in every variant (see `samples`). Review changes with
//! `cargo insta review`, or `INSTA_UPDATE=always cargo test` and read the `.snap` diffs in git.

use super::samples::sample_pages;

fn render(name: &str) -> String {
    let page = sample_pages().into_iter().find(|p| p.name == name).unwrap();
    page.render_english()
}

#[test]
fn every_page_matches_its_reviewed_snapshot() {
    for page in sample_pages() {
        let html = page.render_english();
        insta::assert_snapshot!(page.name, html);
    }
}

#[test]
fn every_page_has_one_h1_a_language_and_nothing_inline() {
    for page in sample_pages() {
        let html = page.render_english();
        assert_eq!(html.matches("<h1").count(), 1, "{}", page.name);
        assert!(html.contains("<html lang=\"en\">"), "{}", page.name);
        assert!(
            !html.contains("style="),
            "{}: inline styles break the CSP",
            page.name
        );
        assert!(
            !html.contains("<script>"),
            "{}: inline scripts break the CSP",
            page.name
        );
        let handler = html.split(" on").skip(1).any(|rest| {
            let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(!handler, "{}: no event handler attributes", page.name);
        for form in html.split("<form").skip(1) {
            assert!(
                form.contains("name=\"csrf\""),
                "{}: a form without CSRF",
                page.name
            );
            assert!(form.contains("method=\"post\""), "{}", page.name);
        }
    }
}

#[test]
fn the_skip_button_shows_only_when_skipping_is_allowed() {
    assert!(render("prompt_1_skips_left").contains("Skip for now"));
    assert!(render("prompt_1_skips_left").contains("You can skip this 1 more time."));
    assert!(render("prompt_2_skips_left").contains("You can skip this 2 more times."));
    assert!(!render("prompt_required").contains("Skip for now"));
    assert!(!render("step_4_done").contains("Skip for now"));
}

#[test]
fn the_prompt_counts_down_to_the_deadline_and_says_what_a_skip_means() {
    let both = render("prompt_deadline_12_days_3_skips_left");
    assert!(
        both.contains("<strong>Required in 12 days (by 15 January 2027)</strong>, or after 3 more skips, whichever comes first."),
        "{both}"
    );
    assert!(both.contains("If you skip, we'll ask again in 1 day."));
    assert!(
        !both.contains("You can skip this"),
        "said once, in the countdown"
    );
    let one = render("prompt_deadline_12_days_1_skip_left_snooze_3");
    assert!(one.contains("or after 1 more skip, whichever"));
    assert!(one.contains("we'll ask again in 3 days."));
    let unlimited = render("prompt_deadline_12_days_unlimited_snooze_0");
    assert!(unlimited.contains("<strong>Required in 12 days (by 15 January 2027)</strong>.</p>"));
    assert!(unlimited.contains("we'll ask again at your next sign-in."));
    let today = render("prompt_deadline_today_before_the_snooze_ends");
    assert!(
        today.contains("<strong>Required today (by 17:30 UTC)</strong>."),
        "{today}"
    );
    assert!(today.contains(
        "we'll ask again when setup becomes required, at your first sign-in from 3 January 2027 at 17:30 UTC."
    ));
    let zone = render("prompt_deadline_in_the_users_time_zone");
    assert!(
        zone.contains("Required in 11 days (by 14 January 2027 at 19:00 UTC-05:00)"),
        "{zone}"
    );
    let passed = render("prompt_required_deadline_passed");
    assert!(passed.contains("The deadline to set up Microsoft Authenticator was 1 January 2027."));
    assert!(!passed.contains("maximum number of times"));
    assert!(!passed.contains("Skip for now"));
    assert!(render("prompt_required").contains("maximum number of times"));
    assert!(!render("prompt_3_skips_left").contains("Required in"));
}

#[test]
fn the_scan_step_offers_the_secret_as_text_and_flags_a_wrong_code() {
    let scan = render("step_3_scan_totp");
    assert!(scan.contains("JBSW Y3DP EHPK 3PXP"));
    assert!(scan.contains("<svg role=\"img\" aria-label=\"QR code\""));
    let wrong = render("step_3_scan_totp_wrong_code_required");
    assert!(wrong.contains("aria-invalid=\"true\""));
    assert!(wrong.contains("3 attempts left."));
}

#[test]
fn display_names_are_escaped() {
    assert!(render("prompt_3_skips_left").contains("Alice &#60;Admin&#62; &#38; Co"));
}

#[test]
fn every_page_loads_the_script_that_revalidates_pages_from_the_back_forward_cache() {
    for page in sample_pages() {
        let html = page.render_english();
        assert!(
            html.contains("src=\"/registration-campaign/assets/campaign.js?v=sample\" defer"),
            "{}",
            page.name
        );
    }
    assert!(super::JS.contains("'pageshow'") && super::JS.contains("event.persisted"));
}

#[test]
fn no_page_reloads_itself_on_a_timer() {
    for page in sample_pages() {
        let html = page.render_english();
        assert!(!html.contains("http-equiv=\"refresh\""), "{}", page.name);
    }
}

#[test]
fn secrets_and_links_carry_the_text_their_copy_buttons_copy() {
    let totp = render("step_3_scan_totp");
    assert!(totp.contains("data-copy-text=\"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\""));
    assert!(totp.contains("data-copy-label=\"Copy the secret key\""));
    assert!(totp.contains("data-copy-label=\"Copy the setup link\""));
    let push = render("step_3_scan_push_waiting");
    assert!(push.contains("data-copy-label=\"Copy the setup link\""));
}

#[test]
fn the_prompt_and_scan_pages_in_german_and_arabic_match_their_reviewed_snapshots() {
    let locales = crate::locale::Locales::builtin();
    for tag in ["de", "ar"] {
        let texts = locales.texts(&crate::locale::Language::parse(tag).unwrap());
        for name in [
            "prompt_3_skips_left",
            "prompt_deadline_12_days_1_skip_left_snooze_3",
            "prompt_required_deadline_passed",
            "step_3_scan_totp",
            "step_3_scan_push_waiting",
        ] {
            let page = sample_pages().into_iter().find(|p| p.name == name).unwrap();
            insta::assert_snapshot!(format!("{tag}_{name}"), (page.render)(&texts));
        }
    }
}
