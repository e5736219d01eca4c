//! The `campaign` example, run as an admin would run it.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn campaign_binary() -> PathBuf {
    // Integration tests live in target/<profile>/deps; `cargo test` builds examples beside them.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("campaign{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str]) -> Output {
    Command::new(campaign_binary())
        .args(args)
        .output()
        .expect("the campaign example is built by cargo test")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &tempdir::Dir, name: &str, value: &Value) -> String {
    let path = dir.0.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.to_string_lossy().into_owned()
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!("rc-cli-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn check_prints_the_normalized_policy() {
    let out = run(&["check", &fixture("patch-request-beta.json")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    let campaign = &policy["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"];
    assert_eq!(
        campaign["enforceRegistrationAfterAllowedSnoozes"], true,
        "default filled in"
    );
    assert_eq!(policy["id"], "authenticationMethodsPolicy");
}

#[test]
fn check_exits_2_with_one_line_per_problem() {
    let out = run(&[
        "check",
        &fixture("patch-request-entra-include-exclude.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<_> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(lines.iter().all(|l| {
        l.starts_with("registrationEnforcement.authenticationMethodsRegistrationCampaign.")
    }));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_prints_the_decision() {
    let dir = tempdir::Dir::new();
    let policy = write(
        &dir,
        "policy.json",
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled", "snoozeDurationInDays": 2}}}),
    );
    let user = write(
        &dir,
        "user.json",
        &json!({
            "id": "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f", "userPrincipalName": "alice@contoso.test",
            "password": "x", "displayName": "Alice", "userType": "member", "groups": [], "methods": ["sms"],
            "conditionalAccess": {"registrationBlocked": false, "termsOfUse": false, "customControl": false}
        }),
    );
    let state = write(
        &dir,
        "state.json",
        &json!({"snoozeCount": 1, "lastSnoozedAt": "2026-11-20T09:00:00Z", "registeredAt": null}),
    );
    let out = run(&[
        "explain",
        "--policy",
        &policy,
        "--user",
        &user,
        "--state",
        &state,
        "--now",
        "2026-11-28T09:00:00Z",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got,
        json!({"decision": "nudge", "reason": "inScope", "skipsLeft": 2,
               "snoozeUntil": "2026-11-30T09:00:00Z", "targetedMethod": "microsoftAuthenticator"})
    );

    let mobile = write(
        &dir,
        "mobile.json",
        &json!({
            "id": "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f", "methods": ["sms"],
            "signIn": {"userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "mfaMethod": "sms", "interactive": true, "registeredMethodThisSession": false}
        }),
    );
    let out = run(&["explain", "--policy", &policy, "--user", &mobile]);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got,
        json!({"decision": "passThrough", "reason": "mobileDevice", "skipsLeft": null, "snoozeUntil": null})
    );
}

#[test]
fn explain_requires_registration_on_a_free_tenant_after_three_snoozes() {
    let dir = tempdir::Dir::new();
    let policy = write(
        &dir,
        "policy.json",
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"state": "enabled", "enforceRegistrationAfterAllowedSnoozes": false}}}),
    );
    let user = write(
        &dir,
        "user.json",
        &json!({"id": "5f7c2a51-4b0e-4c3a-9d8e-0a1b2c3d4e5f", "methods": ["voice"]}),
    );
    let state = write(
        &dir,
        "state.json",
        &json!({"snoozeCount": 3, "lastSnoozedAt": "2026-11-01T09:00:00Z", "registeredAt": null}),
    );
    let args = [
        "explain",
        "--policy",
        &policy,
        "--user",
        &user,
        "--state",
        &state,
        "--now",
        "2026-11-28T09:00:00Z",
    ];
    let paid: Value = serde_json::from_slice(&run(&args).stdout).unwrap();
    assert_eq!(paid["decision"], "nudge");
    let mut free = args.to_vec();
    free.extend(["--tenant-plan", "free"]);
    let free: Value = serde_json::from_slice(&run(&free).stdout).unwrap();
    assert_eq!(
        free,
        json!({"decision": "requireRegistration", "reason": "snoozeLimitReached", "skipsLeft": 0,
               "snoozeUntil": null, "targetedMethod": "microsoftAuthenticator"})
    );
}

#[test]
fn explain_rejects_bad_input_with_exit_2() {
    let dir = tempdir::Dir::new();
    let policy = write(&dir, "policy.json", &json!({}));
    let user = write(
        &dir,
        "user.json",
        &json!({"id": "x", "methods": ["carrierPigeon"]}),
    );
    let out = run(&["explain", "--policy", &policy, "--user", &user]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("methods"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad_policy = write(
        &dir,
        "bad.json",
        &json!({"registrationEnforcement": {"authenticationMethodsRegistrationCampaign": {"snoozeDurationInDays": 30}}}),
    );
    let out = run(&["explain", "--policy", &bad_policy, "--user", &user]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("snoozeDurationInDays"));
}
