//! `campaign`: an admin's command-line tool for registration campaign policies.
//!
//! ```text
//! cargo run --example campaign -- check POLICY.json
//! cargo run --example campaign -- explain --policy POLICY.json --user USER.json \
//!     [--state STATE.json] [--now 2026-11-28T09:00:00Z] [--tenant-plan paid|free|trial]
//! ```
//!
//! `check` prints the normalized policy (defaults filled in) and exits 0, or prints one line per
//! problem on stderr, each naming the property path, and exits 2.
//! `explain` prints the engine's decision for one sign-in as one JSON object.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use registration_campaign::admin::WhatIfRequest;
use registration_campaign::decision::{CampaignRules, decide};
use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::{TenantPlan, TenantSettings, UserCampaignState};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Exit status for input that is invalid (a policy, user or state file).
const INVALID: u8 = 2;

#[derive(Parser)]
#[command(about = "Check registration campaign policies and explain decisions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a Graph authenticationMethodsPolicy document and print it normalized.
    Check {
        /// The policy JSON file.
        policy: PathBuf,
    },
    /// Print the decision for one user's sign-in.
    Explain {
        /// The policy JSON file.
        #[arg(long)]
        policy: PathBuf,
        /// One users-file entry, with an optional "signIn" object.
        #[arg(long)]
        user: PathBuf,
        /// The user's campaign state (snoozeCount, lastSnoozedAt, registeredAt).
        #[arg(long)]
        state: Option<PathBuf>,
        /// The time of the sign-in (RFC 3339); default: now.
        #[arg(long, value_parser = parse_time)]
        now: Option<OffsetDateTime>,
        /// The tenant's plan.
        #[arg(long, default_value = "paid", value_parser = parse_plan)]
        tenant_plan: TenantPlan,
    },
}

fn parse_time(s: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| format!("not an RFC 3339 date-time: {e}"))
}

fn parse_plan(s: &str) -> Result<TenantPlan, String> {
    TenantPlan::parse(s).ok_or_else(|| "expected paid, free or trial".to_owned())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::from(INVALID)
        }
    }
}

fn run(cli: Cli) -> Result<String, Vec<String>> {
    match cli.command {
        Command::Check { policy } => {
            let policy = load_policy(&policy)?;
            Ok(pretty(&policy.to_value()))
        }
        Command::Explain {
            policy,
            user,
            state,
            now,
            tenant_plan,
        } => {
            let policy = load_policy(&policy)?;
            // One users-file entry plus an optional "signIn": the what-if request's shape.
            let user: WhatIfRequest = load_json(&user)?;
            let state: UserCampaignState = match state {
                Some(path) => load_json(&path)?,
                None => UserCampaignState::default(),
            };
            let sign_in = user.sign_in_facts().map_err(|e| vec![e])?;
            let now = now.unwrap_or_else(OffsetDateTime::now_utc);
            let tenant = TenantSettings {
                plan: tenant_plan,
                ..Default::default()
            };
            let decision = decide(&CampaignRules::new(&policy), &sign_in, &state, &tenant, now);
            Ok(serde_json::to_string(&decision.explain()).unwrap_or_default())
        }
    }
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn read(path: &Path) -> Result<String, Vec<String>> {
    std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())])
}

fn load_policy(path: &Path) -> Result<AuthenticationMethodsPolicy, Vec<String>> {
    AuthenticationMethodsPolicy::from_json(&read(path)?).map_err(|e| {
        e.violations()
            .iter()
            .map(|v| {
                if v.path.is_empty() {
                    format!("{}: {}", path.display(), v.rule)
                } else {
                    format!("{}: {}", v.path, v.rule)
                }
            })
            .collect()
    })
}

fn load_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Vec<String>> {
    let text = read(path)?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        vec![format!("{}: {at}: {}", path.display(), e.inner())]
    })
}
