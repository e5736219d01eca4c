//! A push-device simulator, written from `docs/device-protocol.md` alone (it does not use the
//! library's protocol code), so that it also checks the document.
//!
//! ```text
//! cargo run --example device -- enroll 'rcpush://enroll?v=1&server=...' [--name NAME]
//! cargo run --example device -- enroll-code 'http://host/registration-campaign/d/K7M2QX' '123 456 789' [--name NAME]
//! cargo run --example device -- pending
//! cargo run --example device -- approve --number 42
//! cargo run --example device -- deny
//! ```
//!
//! The device's key and id are kept in `--state FILE` (default `device-state.json`).
//! Adversarial switches, for tests: `--replay` (reuse the last poll nonce), `--wrong-number`,
//! `--skew SECONDS` (shift the poll timestamp), `--foreign-key` (sign with another key),
//! `--double-answer` (send the same answer twice). Only `http://` servers are supported.
//! Output is one JSON object per request; the exit status is 0 when every request succeeded.

use std::path::PathBuf;
use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::{Parser, Subcommand};
use ed25519_dalek::{Signer, SigningKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(about = "Simulated push-authenticator device")]
struct Cli {
    /// Where the device keeps its key and id.
    #[arg(long, global = true, default_value = "device-state.json")]
    state: PathBuf,
    /// Sign with a freshly made key instead of the device's own.
    #[arg(long, global = true)]
    foreign_key: bool,
    /// Shift the poll timestamp by this many seconds.
    #[arg(long, global = true, default_value_t = 0, allow_hyphen_values = true)]
    skew: i64,
    /// Reuse the previous poll's nonce.
    #[arg(long, global = true)]
    replay: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Register with the enrollment URI from the QR code.
    Enroll {
        /// The `rcpush://enroll?...` URI.
        uri: String,
        /// The device's name.
        #[arg(long, default_value = "Simulated phone")]
        name: String,
    },
    /// Register with the short URL and code shown under "Can't scan the image?".
    EnrollCode {
        /// The short URL.
        url: String,
        /// The nine-digit code (spaces are fine).
        code: String,
        /// The device's name.
        #[arg(long, default_value = "Simulated phone")]
        name: String,
    },
    /// List pending challenges.
    Pending,
    /// Approve the newest pending challenge with the number shown in the browser.
    Approve {
        /// The two-digit number.
        #[arg(long)]
        number: String,
        /// Send a different number than given.
        #[arg(long)]
        wrong_number: bool,
        /// Send the same answer twice.
        #[arg(long)]
        double_answer: bool,
    },
    /// Deny the newest pending challenge.
    Deny {
        /// Send the same answer twice.
        #[arg(long)]
        double_answer: bool,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeviceState {
    server: String,
    device_id: String,
    /// The Ed25519 secret key (32 bytes, base64url).
    secret_key: String,
    #[serde(default)]
    last_nonce: Option<String>,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// context || (4-byte big-endian length || field)...
fn signed(context: &str, fields: &[&[u8]]) -> Vec<u8> {
    let mut out = context.as_bytes().to_vec();
    for f in fields {
        out.extend_from_slice(&(f.len() as u32).to_be_bytes());
        out.extend_from_slice(f);
    }
    out
}

fn random(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The value of `key` in `uri`'s query, decoded.
fn query(uri: &str, key: &str) -> Option<String> {
    let (_, q) = uri.split_once('?')?;
    form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Posts `body` as JSON to an `http://host[:port]/path` URL with hyper's client, and returns
/// the status and the JSON answer (any framing: `Content-Length` or chunked).
fn post(url: &str, body: &Value) -> Result<(u16, Value), String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err("only http:// servers are supported by the simulator".into());
    }
    let host = uri
        .authority()
        .ok_or("the URL has no host")?
        .as_str()
        .to_owned();
    let address = match uri.port_u16() {
        Some(_) => host.clone(),
        None => format!("{host}:80"),
    };
    let request = http::Request::post(uri.path_and_query().map_or("/", |p| p.as_str()))
        .header(http::header::HOST, &host)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(
            body.to_string(),
        )))
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let stream = tokio::net::TcpStream::connect(&address)
            .await
            .map_err(|e| format!("connect {address}: {e}"))?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        let json = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.into_owned()));
        Ok((status, json))
    })
}

fn load(path: &PathBuf) -> Result<DeviceState, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e} (enroll first)", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn save(path: &PathBuf, state: &DeviceState) -> Result<(), String> {
    let text = serde_json::to_string_pretty(state).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn signing_key(cli: &Cli, state: &DeviceState) -> Result<SigningKey, String> {
    if cli.foreign_key {
        return Ok(SigningKey::generate(&mut rand::rngs::OsRng));
    }
    let bytes: [u8; 32] = URL_SAFE_NO_PAD
        .decode(&state.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("the state file's key is damaged")?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Prints the result and says whether it was a success.
fn report(action: &str, status: u16, body: Value) -> bool {
    println!(
        "{}",
        json!({"action": action, "status": status, "body": body})
    );
    (200..300).contains(&status)
}

fn poll(cli: &Cli, state: &mut DeviceState) -> Result<(u16, Value), String> {
    let key = signing_key(cli, state)?;
    let nonce = match (&state.last_nonce, cli.replay) {
        (Some(previous), true) => previous.clone(),
        _ => b64(&random(16)),
    };
    let nonce_bytes = URL_SAFE_NO_PAD.decode(&nonce).map_err(|e| e.to_string())?;
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp() + cli.skew;
    let message = signed(
        "registration-campaign push v1 poll",
        &[
            state.device_id.as_bytes(),
            timestamp.to_string().as_bytes(),
            &nonce_bytes,
        ],
    );
    let body = json!({
        "deviceId": state.device_id,
        "timestamp": timestamp,
        "nonce": nonce,
        "signature": b64(&key.sign(&message).to_bytes()),
    });
    state.last_nonce = Some(nonce);
    post(&format!("{}/poll", state.server), &body)
}

fn answer(cli: &Cli, decision: &str, number: Option<String>, double: bool) -> Result<bool, String> {
    let mut state = load(&cli.state)?;
    let (status, pending) = poll(cli, &mut state)?;
    save(&cli.state, &state)?;
    if !report("poll", status, pending.clone()) {
        return Ok(false);
    }
    let Some(challenge) = pending["challenges"]
        .as_array()
        .and_then(|c| c.last())
        .cloned()
    else {
        println!(
            "{}",
            json!({"action": decision, "error": "no pending challenge"})
        );
        return Ok(false);
    };
    let challenge_id = challenge["challengeId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let nonce = URL_SAFE_NO_PAD
        .decode(challenge["nonce"].as_str().unwrap_or_default())
        .map_err(|e| format!("challenge nonce: {e}"))?;
    let number = number.unwrap_or_default();
    let key = signing_key(cli, &state)?;
    let message = signed(
        "registration-campaign push v1 answer",
        &[
            state.device_id.as_bytes(),
            challenge_id.as_bytes(),
            &nonce,
            decision.as_bytes(),
            number.as_bytes(),
        ],
    );
    let mut body = json!({
        "deviceId": state.device_id,
        "challengeId": challenge_id,
        "decision": decision,
        "signature": b64(&key.sign(&message).to_bytes()),
    });
    if decision == "approve" {
        body["number"] = Value::String(number);
    }
    let url = format!("{}/answer", state.server);
    let (status, reply) = post(&url, &body)?;
    let mut ok = report(decision, status, reply);
    if double {
        let (status, reply) = post(&url, &body)?;
        ok &= report(decision, status, reply);
    }
    Ok(ok)
}

/// Registers a new key with the enrollment `uri`.
fn enroll(cli: &Cli, uri: &str, name: &str) -> Result<bool, String> {
    if !uri.starts_with("rcpush://enroll?") || query(uri, "v").as_deref() != Some("1") {
        return Err("not a version 1 rcpush://enroll URI".into());
    }
    let server = query(uri, "server").ok_or("the URI has no server")?;
    let credential_text = query(uri, "credential").ok_or("the URI has no credential")?;
    let credential = URL_SAFE_NO_PAD
        .decode(&credential_text)
        .map_err(|e| format!("credential: {e}"))?;
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let public = key.verifying_key().to_bytes();
    let signer = if cli.foreign_key {
        SigningKey::generate(&mut rand::rngs::OsRng)
    } else {
        key.clone()
    };
    let message = signed(
        "registration-campaign push v1 register",
        &[&credential, &public, name.as_bytes()],
    );
    let body = json!({
        "credential": credential_text,
        "publicKey": b64(&public),
        "deviceName": name,
        "signature": b64(&signer.sign(&message).to_bytes()),
    });
    let (status, reply) = post(&format!("{server}/register"), &body)?;
    let expected_id = b64(&Sha256::digest(public)[..16]);
    if (200..300).contains(&status) {
        let fingerprint: Vec<String> = Sha256::digest(public)[..8]
            .chunks(2)
            .map(|p| format!("{:02x}{:02x}", p[0], p[1]))
            .collect();
        if reply["deviceId"] != expected_id.as_str()
            || reply["fingerprint"] != fingerprint.join(" ").as_str()
        {
            return Err(format!(
                "the server's device id or fingerprint does not match the key: {reply}"
            ));
        }
        save(
            &cli.state,
            &DeviceState {
                server,
                device_id: expected_id,
                secret_key: b64(&key.to_bytes()),
                last_nonce: None,
            },
        )?;
    }
    Ok(report("enroll", status, reply))
}

/// Exchanges the short URL's code for the enrollment URI, then registers with it.
fn enroll_by_code(cli: &Cli, url: &str, code: &str, name: &str) -> Result<bool, String> {
    let (status, reply) = post(url, &json!({"code": code}))?;
    let uri = reply["enrollmentUri"].as_str().map(str::to_owned);
    if !report("redeem", status, reply) {
        return Ok(false);
    }
    enroll(cli, &uri.ok_or("the answer has no enrollmentUri")?, name)
}

fn run(cli: &Cli) -> Result<bool, String> {
    match &cli.command {
        Command::Enroll { uri, name } => enroll(cli, uri, name),
        Command::EnrollCode { url, code, name } => enroll_by_code(cli, url, code, name),
        Command::Pending => {
            let mut state = load(&cli.state)?;
            let (status, reply) = poll(cli, &mut state)?;
            save(&cli.state, &state)?;
            Ok(report("poll", status, reply))
        }
        Command::Approve {
            number,
            wrong_number,
            double_answer,
        } => {
            let number = if *wrong_number {
                let n: u32 = number.parse().unwrap_or(10);
                format!("{}", if n == 99 { 10 } else { n + 1 })
            } else {
                number.clone()
            };
            answer(cli, "approve", Some(number), *double_answer)
        }
        Command::Deny { double_answer } => answer(cli, "deny", None, *double_answer),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("device: {message}");
            ExitCode::from(2)
        }
    }
}
