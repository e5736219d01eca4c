//! A load generator for the demo: sign-ins that pass through, nudges that are skipped, and
//! walks through the setup steps, from several threads for a fixed time. Prints throughput,
//! latency percentiles, errors, and (with `--pid`) the demo's resident memory over time.
//!
//! Each client signs in as users of its own (a user's newer sign-in replaces their older setup
//! flow, as a real user's would), so the demo runs with a users file the tool writes:
//!
//! ```text
//! cargo run --release --example load -- --write-users /tmp/load-users.json --count 240
//! cargo run --release --example demo -- --data /tmp/load --mfa-code 123456 \
//!   --users /tmp/load-users.json --policy examples/data/load-policy.json &
//! cargo run --release --example load -- --address 127.0.0.1:3000 --seconds 60 --threads 8 \
//!   --users /tmp/load-users.json --pid $!
//! ```

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
#[command(about = "Mixed sign-in load against the demo server")]
struct Args {
    /// The demo's address.
    #[arg(long, default_value = "127.0.0.1:3000")]
    address: String,
    /// How long to run.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Concurrent clients.
    #[arg(long, default_value_t = 8)]
    threads: usize,
    /// The demo's text-message code.
    #[arg(long, default_value = "123456")]
    mfa_code: String,
    /// The demo's process id, to sample its memory.
    #[arg(long)]
    pid: Option<u32>,
    /// The users file the demo runs with (written by `--write-users`).
    #[arg(long)]
    users: Option<std::path::PathBuf>,
    /// Write a users file for the demo and exit.
    #[arg(long)]
    write_users: Option<std::path::PathBuf>,
    /// How many users `--write-users` writes (a multiple of 3 and of `--threads` keeps every
    /// user with one client).
    #[arg(long, default_value_t = 240)]
    count: usize,
    /// Write, as JSON, how many nudges each user was shown (each one a snooze the demo had
    /// stored before it answered), to check afterwards that the store lost none.
    #[arg(long)]
    acknowledged: Option<std::path::PathBuf>,
    #[arg(skip)]
    users_count: Option<usize>,
}

/// What the clients saw, beyond latencies: answers by status class, and the sign-ins' outcomes
/// over time (to see nudges stop and resume around a database restart).
#[derive(Default)]
struct Seen {
    /// `POST /mfa` answers that were 5xx (a sign-in the user could not finish).
    mfa_5xx: u64,
    /// Other 5xx answers (setup pages while the store was down: "try again").
    other_5xx: u64,
    /// Nudges shown, by user id.
    nudges: HashMap<String, u64>,
    /// Per 10-second window since the start: (nudges, sign-ins passed through).
    timeline: std::collections::BTreeMap<u64, (u64, u64)>,
    /// The slowest `POST /mfa`.
    slowest_mfa: Duration,
}

/// The group the load policy excludes: its members pass through.
const EXCLUDED_GROUP: &str = "c0ffee00-0000-4000-8000-00000000e0c1";

/// A user of the load: number `i`, whose scenario is `i % 3` (pass through, skip, walk).
fn load_user(i: usize) -> (String, String) {
    (format!("load{i}@contoso.test"), format!("load-{i}"))
}

/// The directory id of load user `i`.
fn load_user_id(i: usize) -> String {
    format!("10ad0000-0000-4000-8000-{i:012}")
}

fn write_users(path: &std::path::Path, count: usize) -> std::io::Result<()> {
    let users: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let (upn, password) = load_user(i);
            serde_json::json!({
                "id": load_user_id(i),
                "userPrincipalName": upn,
                "password": password,
                "displayName": format!("Load {i}"),
                "userType": "member",
                "groups": if i % 3 == 0 { vec![EXCLUDED_GROUP] } else { vec![] },
                "methods": ["sms"],
            })
        })
        .collect();
    std::fs::write(path, serde_json::json!({ "users": users }).to_string())
}

/// One simulated browser: its cookies, and hyper's client on a runtime of its own (each
/// load thread is synchronous).
struct Client {
    address: String,
    cookies: HashMap<String, String>,
    runtime: tokio::runtime::Runtime,
}

impl Client {
    fn new(address: &str) -> Self {
        Self {
            address: address.to_owned(),
            cookies: HashMap::new(),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the client"),
        }
    }

    /// One request on a connection of its own; returns (status, location, body).
    fn request(
        &mut self,
        method: &str,
        path: &str,
        form: &str,
    ) -> Result<(u16, String, String), String> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .header(http::header::HOST, &self.address)
            .header(
                http::header::USER_AGENT,
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
            )
            .header(http::header::COOKIE, cookie.join("; "))
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(http_body_util::Full::new(bytes::Bytes::from(
                form.to_owned(),
            )))
            .map_err(|e| e.to_string())?;
        let address = self.address.clone();
        let (parts, body) = self.runtime.block_on(async move {
            let stream = tokio::net::TcpStream::connect(&address)
                .await
                .map_err(|e| e.to_string())?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .map_err(|e| e.to_string())?;
            tokio::spawn(connection);
            let response =
                tokio::time::timeout(Duration::from_secs(10), sender.send_request(request))
                    .await
                    .map_err(|_| "no answer within 10 s".to_owned())?
                    .map_err(|e| e.to_string())?;
            let (parts, body) = response.into_parts();
            let bytes = http_body_util::BodyExt::collect(body)
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok::<_, String>((parts, bytes))
        })?;
        for value in parts.headers.get_all(http::header::SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            if let Some((k, v)) = value.split(';').next().and_then(|p| p.split_once('=')) {
                if value.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let location = parts
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok((
            parts.status.as_u16(),
            location,
            String::from_utf8_lossy(&body).into_owned(),
        ))
    }
}

fn csrf(body: &str) -> String {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
        .to_owned()
}

/// One request, timed into `latencies`: `Some((location, body))` if it answered `expect`.
fn step(
    client: &mut Client,
    latencies: &mut Vec<Duration>,
    (method, path, form): (&str, &str, &str),
    expect: u16,
) -> Option<(String, String)> {
    answer(client, latencies, (method, path, form))
        .filter(|(status, _, _)| *status == expect)
        .map(|(_, location, body)| (location, body))
}

/// One request, timed into `latencies`: its status, location and body.
fn answer(
    client: &mut Client,
    latencies: &mut Vec<Duration>,
    (method, path, form): (&str, &str, &str),
) -> Option<(u16, String, String)> {
    let started = Instant::now();
    let result = client.request(method, path, form);
    let took = started.elapsed();
    latencies.push(took);
    seen(|seen| {
        if let Ok((status, _, _)) = &result
            && *status >= 500
        {
            if path == "/mfa" {
                seen.mfa_5xx += 1;
            } else {
                seen.other_5xx += 1;
            }
        }
        if path == "/mfa" {
            seen.slowest_mfa = seen.slowest_mfa.max(took);
        }
    });
    result.ok()
}

static SEEN: Mutex<Option<Seen>> = Mutex::new(None);
static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Runs `f` on what the clients saw.
fn seen<T>(f: impl FnOnce(&mut Seen) -> T) -> T {
    f(SEEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(Seen::default))
}

/// One scenario; every request's latency goes into `latencies`; returns false on any error.
fn scenario(n: usize, args: &Args, latencies: &mut Vec<Duration>) -> bool {
    let mut client = Client::new(&args.address);
    // With `--users`, user n % count (scenario by user); else the built-in directory's
    // Bob (passes through), Alice (nudged, skips) and Carol (walks the steps).
    let (upn, password, kind, user_id) = match args.users_count {
        Some(count) => {
            let i = n % count;
            let (upn, password) = load_user(i);
            (upn, password, i % 3, load_user_id(i))
        }
        None => {
            let (upn, password) = [
                ("bob@contoso.test", "bob-demo"),
                ("alice@contoso.test", "alice-demo"),
                ("carol_fabrikam.test%23EXT%23@contoso.test", "carol-demo"),
            ][n % 3];
            (upn.to_owned(), password.to_owned(), n % 3, upn.to_owned())
        }
    };
    let login = format!("username={}&password={password}", upn.replace('@', "%40"));
    let ok = (|| {
        step(&mut client, latencies, ("POST", "/login", &login), 303)?;
        let mfa = format!("code={}", args.mfa_code);
        let (location, _) = step(&mut client, latencies, ("POST", "/mfa", &mfa), 303)?;
        let nudged = location == "/registration-campaign";
        let window = START.get().map_or(0, |s| s.elapsed().as_secs() / 10);
        seen(|seen| {
            let counts = seen.timeline.entry(window).or_default();
            if nudged {
                counts.0 += 1;
                *seen.nudges.entry(user_id.clone()).or_default() += 1;
            } else {
                counts.1 += 1;
            }
        });
        if nudged {
            let (_, prompt) = step(
                &mut client,
                latencies,
                ("GET", "/registration-campaign", ""),
                200,
            )?;
            let token = csrf(&prompt);
            if kind == 2 {
                for _ in 0..2 {
                    step(
                        &mut client,
                        latencies,
                        (
                            "POST",
                            "/registration-campaign/next",
                            &format!("csrf={token}"),
                        ),
                        303,
                    )?;
                    step(
                        &mut client,
                        latencies,
                        ("GET", "/registration-campaign", ""),
                        200,
                    )?;
                }
                // Setup → scan starts an enrollment: 303, or 429 once this user has started
                // ten in the last hour (the campaign's per-user quota; a load test signs each
                // user in far more often than a person would).
                let form = format!("csrf={token}");
                let scan = answer(
                    &mut client,
                    latencies,
                    ("POST", "/registration-campaign/next", &form),
                );
                match scan {
                    Some((303, _, _)) => {
                        step(
                            &mut client,
                            latencies,
                            ("GET", "/registration-campaign", ""),
                            200,
                        )?;
                    }
                    Some((429, _, body)) if body.contains("in the last hour") => {}
                    _ => return None,
                }
            }
            step(
                &mut client,
                latencies,
                (
                    "POST",
                    "/registration-campaign/skip",
                    &format!("csrf={token}"),
                ),
                303,
            )?;
        }
        step(&mut client, latencies, ("GET", "/", ""), 200)?;
        step(&mut client, latencies, ("POST", "/logout", ""), 303)
    })();
    ok.is_some()
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let mut args = Args::parse();
    if let Some(path) = &args.write_users {
        if let Err(error) = write_users(path, args.count) {
            eprintln!("load: cannot write {}: {error}", path.display());
            std::process::exit(1);
        }
        println!("wrote {} users to {}", args.count, path.display());
        return;
    }
    if let Some(path) = &args.users {
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
            eprintln!("load: cannot read {}: {error}", path.display());
            std::process::exit(1);
        });
        let count = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["users"].as_array().map(Vec::len))
            .unwrap_or(0);
        args.users_count = Some(count.max(1));
    }
    let args = Arc::new(args);
    let stop = Arc::new(AtomicBool::new(false));
    let results = Arc::new(Mutex::new((Vec::new(), 0u64, 0u64)));
    let started = *START.get_or_init(Instant::now);
    let workers: Vec<_> = (0..args.threads)
        .map(|t| {
            let (args, stop, results) = (args.clone(), stop.clone(), results.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let (mut ok, mut failed) = (0u64, 0u64);
                let mut n = t;
                while !stop.load(Ordering::Relaxed) {
                    if scenario(n, &args, &mut latencies) {
                        ok += 1
                    } else {
                        failed += 1
                    }
                    n += args.threads;
                }
                let mut r = results.lock().unwrap();
                r.0.extend(latencies);
                r.1 += ok;
                r.2 += failed;
            })
        })
        .collect();
    let mut memory = Vec::new();
    while started.elapsed() < Duration::from_secs(args.seconds) {
        if let Some(pid) = args.pid {
            memory.push((started.elapsed().as_secs(), rss_kib(pid)));
        }
        std::thread::sleep(Duration::from_secs((args.seconds / 10).max(1)));
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (mut latencies, ok, failed) = std::mem::take(&mut *results.lock().unwrap());
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "scenarios: {ok} ok, {failed} failed in {elapsed:.1} s ({:.0} scenarios/s)",
        ok as f64 / elapsed
    );
    println!(
        "requests: {} ({:.0} req/s)",
        latencies.len(),
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency: p50 {:?}, p99 {:?}, max {:?}",
        pct(0.50),
        pct(0.99),
        latencies.last().copied().unwrap_or_default()
    );
    if !memory.is_empty() {
        let samples: Vec<String> = memory
            .iter()
            .map(|(s, kib)| {
                format!(
                    "{s}s: {} MiB",
                    kib.map_or("?".into(), |k| format!("{:.1}", k as f64 / 1024.0))
                )
            })
            .collect();
        println!("demo RSS: {}", samples.join(", "));
    }
    let seen = seen(std::mem::take);
    println!(
        "5xx answers: {} to POST /mfa (sign-ins), {} to other requests; slowest POST /mfa {:?}",
        seen.mfa_5xx, seen.other_5xx, seen.slowest_mfa
    );
    let timeline: Vec<String> = seen
        .timeline
        .iter()
        .map(|(window, (nudged, passed))| format!("{}s {nudged}/{passed}", window * 10))
        .collect();
    println!(
        "sign-ins per 10 s, nudged/passed through: {}",
        timeline.join(", ")
    );
    if let Some(path) = &args.acknowledged {
        let nudges = serde_json::to_string(&seen.nudges).unwrap_or_default();
        if let Err(error) = std::fs::write(path, nudges) {
            eprintln!("load: cannot write {}: {error}", path.display());
        }
    }
    if failed > 0 {
        std::process::exit(1);
    }
}
