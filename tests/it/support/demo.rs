//! The example programs as processes: the demo server (killed on drop) and the device
//! simulator.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The path of an example binary built by `cargo test`.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// A running demo server, killed on drop.
pub struct Demo {
    child: Child,
    pub address: String,
    pub admin_token: String,
    /// Admin tokens of the tenants given with `--tenants`, by tenant id.
    pub tenant_tokens: std::collections::HashMap<String, String>,
    /// The demo's `--clock-file`: how many seconds ahead of the system clock it runs.
    clock_file: PathBuf,
}

impl Demo {
    /// The demo with `--tenants` and `--users` files written into `data` from these documents.
    pub fn with_tenants(data: &Path, tenants: serde_json::Value, users: serde_json::Value) -> Self {
        let (tenants_file, users_file) = (data.join("tenants.json"), data.join("users.json"));
        std::fs::write(&tenants_file, tenants.to_string()).unwrap();
        std::fs::write(&users_file, users.to_string()).unwrap();
        Self::start(
            data,
            &[
                "--tenants",
                tenants_file.to_str().unwrap(),
                "--users",
                users_file.to_str().unwrap(),
            ],
        )
    }

    /// The demo on an ephemeral port with the MFA code `123456`, its data in `data`, and a
    /// clock the test can move ([`Demo::advance_clock`]).
    pub fn start(data: &Path, extra: &[&str]) -> Self {
        let clock_file = data.join("clock-offset-seconds");
        let mut child = Command::new(example("demo"))
            .args(["--listen", "127.0.0.1:0", "--mfa-code", "123456", "--data"])
            .arg(data)
            .arg("--clock-file")
            .arg(&clock_file)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the demo example is built by cargo test");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut address = None;
        let mut admin_token = String::new();
        let mut tenant_tokens = std::collections::HashMap::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("registration-campaign demo listening on http://")
            {
                address = Some(rest.trim_end_matches('/').to_owned());
            }
            if let Some(rest) = line.strip_prefix("admin bearer token for tenant ")
                && let (Some((tenant, _)), Some((_, token))) =
                    (rest.split_once(' '), rest.rsplit_once(": "))
            {
                tenant_tokens.insert(tenant.to_owned(), token.to_owned());
            }
            if let Some(token) = line.strip_prefix("admin bearer token (valid 1 hour): ") {
                admin_token = token.to_owned();
                break;
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            address: address.expect("the demo printed its address"),
            admin_token,
            tenant_tokens,
            clock_file,
        }
    }

    /// Moves the demo's time (its sessions', its push sign-in's and the campaign's) forward by
    /// `seconds`, from its next request on: idle sessions and timeouts without waiting.
    pub fn advance_clock(&self, seconds: u64) {
        let now: u64 = std::fs::read_to_string(&self.clock_file)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0);
        std::fs::write(&self.clock_file, (now + seconds).to_string()).unwrap();
    }

    /// The admin token the demo printed for `tenant` (given with `--tenants`).
    pub fn admin_token_for(&self, tenant: &str) -> &str {
        self.tenant_tokens
            .get(tenant)
            .unwrap_or_else(|| panic!("the demo printed no token for tenant {tenant}"))
    }

    /// Asks the process to stop (SIGTERM, as a service manager does) and waits for it.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        self.child.wait().expect("the demo ends")
    }

    /// Ends the process at once, as `kill -9` would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The device simulator (`examples/device.rs`) run as a process, with its own state file.
pub struct Device {
    pub state: std::path::PathBuf,
}

impl Device {
    pub fn new(dir: &std::path::Path) -> Self {
        Self {
            state: dir.join("device-state.json"),
        }
    }

    pub fn run(&self, args: &[&str]) -> (bool, Vec<serde_json::Value>) {
        let output: std::process::Output = Command::new(example("device"))
            .arg("--state")
            .arg(&self.state)
            .args(args)
            .output()
            .expect("the device example is built by cargo test");
        let lines = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(
            output.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), lines)
    }
}
