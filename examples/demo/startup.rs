//! Start-up steps that can fail, each failure one sentence naming what it was about.
//!
//! Order matters: everything is read and checked first, then the listener is bound, and only
//! then is anything written (the data directory, the store, the `--policy`). A start that fails
//! on a busy port therefore leaves the data directory of the demo already running there alone.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use registration_campaign::policy::AuthenticationMethodsPolicy;
use registration_campaign::store::{CampaignStore, PostgresStore, SqliteStore};
use tokio::net::TcpListener;

use crate::users::UsersFile;

/// How long an unreachable PostgreSQL may keep the demo waiting.
pub const POSTGRES_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the demo could not start. Each message is one line for a person.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot read the users file {}: {reason}", path.display())]
    UsersFile { path: PathBuf, reason: String },
    #[error("cannot read the tenants file {}: {reason}", path.display())]
    TenantsFile { path: PathBuf, reason: String },
    #[error("cannot read the policy file {}: {reason}", path.display())]
    PolicyFile { path: PathBuf, reason: String },
    #[error("cannot listen on {address}: {reason}")]
    Listen { address: String, reason: String },
    #[error("cannot use the data directory {}: {reason}", path.display())]
    DataDirectory { path: PathBuf, reason: String },
    #[error(
        "cannot reach PostgreSQL at {url} within {} s: check the host, the port and that the server is running",
        POSTGRES_CONNECT_TIMEOUT.as_secs()
    )]
    PostgresTimeout { url: String },
    #[error("cannot use PostgreSQL at {url}: {reason}")]
    Postgres { url: String, reason: String },
    #[error("cannot read the policy stored in {place}: {reason}")]
    StoredPolicy { place: String, reason: String },
    #[error("cannot put the policy from {source_name} in force in {place}: {reason}")]
    PutPolicy {
        source_name: String,
        place: String,
        reason: String,
    },
    #[error("cannot make the admin token: {0}")]
    AdminToken(String),
}

/// The users file, or the built-in directory.
pub fn read_users(path: Option<&Path>, built_in: &str) -> Result<UsersFile, StartError> {
    let Some(path) = path else {
        return Ok(serde_json::from_str(built_in).expect("the built-in users file is valid"));
    };
    let error = |reason: String| StartError::UsersFile {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(io_reason(&e)))?;
    serde_json::from_str(&text).map_err(|e| error(e.to_string()))
}

/// `--tenants FILE`: `{"tenants": [{"id": "GUID", "displayName": "Fabrikam", "plan": "paid"}]}`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantsFile {
    pub tenants: Vec<DemoTenant>,
}

/// One organization the demo serves besides the default one.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DemoTenant {
    pub id: registration_campaign::TenantId,
    #[serde(default)]
    pub display_name: String,
    #[serde(default = "paid", deserialize_with = "plan")]
    pub plan: registration_campaign::TenantPlan,
}

fn paid() -> registration_campaign::TenantPlan {
    registration_campaign::TenantPlan::Paid
}

fn plan<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<registration_campaign::TenantPlan, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    registration_campaign::TenantPlan::parse(&text)
        .ok_or_else(|| serde::de::Error::custom("plan must be paid, free or trial"))
}

/// The `--tenants` file, read and checked: ids are tenant ids and appear once, and every user's
/// `tenantId` is the default tenant or one of them.
pub fn read_tenants(path: &Path, users: &UsersFile) -> Result<TenantsFile, StartError> {
    let error = |reason: String| StartError::TenantsFile {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(io_reason(&e)))?;
    let file: TenantsFile = serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;
    let mut seen = std::collections::HashSet::new();
    for tenant in &file.tenants {
        if tenant.id.is_default() || !seen.insert(tenant.id.clone()) {
            return Err(error(format!("tenant {} is listed twice", tenant.id)));
        }
    }
    check_user_tenants(users, &seen).map_err(error)?;
    Ok(file)
}

/// Every user's tenant must be served: the default one or a listed one.
pub fn check_user_tenants(
    users: &UsersFile,
    tenants: &std::collections::HashSet<registration_campaign::TenantId>,
) -> Result<(), String> {
    match users
        .users
        .iter()
        .find(|u| !u.tenant_id.is_default() && !tenants.contains(&u.tenant_id))
    {
        Some(user) => Err(format!(
            "user {} belongs to tenant {}, which is not in the tenants file",
            user.user_principal_name, user.tenant_id
        )),
        None => Ok(()),
    }
}

/// The `--policy` file, read and validated (not yet put in force).
pub fn read_policy(path: &Path) -> Result<AuthenticationMethodsPolicy, StartError> {
    let error = |reason: String| StartError::PolicyFile {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(io_reason(&e)))?;
    AuthenticationMethodsPolicy::from_json(&text).map_err(|e| error(e.to_string()))
}

/// Binds `address` (`HOST:PORT`, checked by the flag's parser; a host name such as `localhost`
/// is resolved).
pub async fn listen(address: &str) -> Result<TcpListener, StartError> {
    let error = |reason: String| StartError::Listen {
        address: address.to_owned(),
        reason,
    };
    TcpListener::bind(address).await.map_err(|e| {
        error(match e.kind() {
            io::ErrorKind::AddrInUse => {
                "the address is already in use (is another demo running there? stop it or choose another --listen)".into()
            }
            io::ErrorKind::AddrNotAvailable => "this machine has no such address".into(),
            io::ErrorKind::PermissionDenied => {
                "permission denied (ports below 1024 need privileges)".into()
            }
            _ => io_reason(&e),
        })
    })
}

/// Opens the SQLite store in `data`, creating the directory if needed.
pub async fn open_sqlite(data: &Path) -> Result<Arc<dyn CampaignStore>, StartError> {
    let error = |reason: String| StartError::DataDirectory {
        path: data.to_owned(),
        reason,
    };
    if data.exists() && !data.is_dir() {
        return Err(error("it is a file, not a directory".into()));
    }
    std::fs::create_dir_all(data).map_err(|e| error(io_reason(&e)))?;
    let file = data.join("campaign.sqlite3");
    match SqliteStore::open(&file).await {
        Ok(store) => Ok(Arc::new(store)),
        Err(e) => Err(error(format!(
            "cannot open {} ({e}); check that it is writable",
            file.display()
        ))),
    }
}

/// Connects to PostgreSQL at `url`, giving up after [`POSTGRES_CONNECT_TIMEOUT`].
pub async fn connect_postgres(url: &str) -> Result<Arc<dyn CampaignStore>, StartError> {
    let shown = hide_password(url);
    match tokio::time::timeout(POSTGRES_CONNECT_TIMEOUT, PostgresStore::connect(url)).await {
        Ok(Ok(store)) => Ok(Arc::new(store)),
        Ok(Err(e)) => Err(StartError::Postgres {
            // The driver's message may repeat the URL.
            reason: e.to_string().replace(url, &shown),
            url: shown,
        }),
        Err(_) => Err(StartError::PostgresTimeout { url: shown }),
    }
}

/// `url` with the password of its user info and any `password=` parameter replaced by `***`.
pub fn hide_password(url: &str) -> String {
    let mut shown = url.to_owned();
    if let Some(scheme_end) = shown.find("://") {
        let authority_start = scheme_end + 3;
        let authority_end = shown[authority_start..]
            .find(['/', '?'])
            .map_or(shown.len(), |i| authority_start + i);
        if let Some(at) = shown[authority_start..authority_end].rfind('@') {
            let user_info = &shown[authority_start..authority_start + at];
            if let Some(colon) = user_info.find(':') {
                shown.replace_range(authority_start + colon + 1..authority_start + at, "***");
            }
        }
    }
    if let Some(query_start) = shown.find('?') {
        let (path, query) = shown.split_at(query_start + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        shown = format!("{path}{}", query.join("&"));
    }
    shown
}

/// An I/O error in words, without the debug form (`Os { code: 2, kind: NotFound, .. }`).
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory, not a file".into(),
        io::ErrorKind::NotADirectory => "a part of the path is not a directory".into(),
        io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// The demo's host secret, kept in `data/keys.secret` (64 hex digits, readable by its owner
/// only) and made on the first start: every key of the campaign is derived from it, so a
/// restarted demo keeps its open flows and required hints.
pub fn host_secret(data: &Path) -> Result<Vec<u8>, StartError> {
    let error = |reason: String| StartError::DataDirectory {
        path: data.to_owned(),
        reason,
    };
    std::fs::create_dir_all(data).map_err(|e| error(io_reason(&e)))?;
    let file = data.join("keys.secret");
    let decode = |text: &str| -> Option<Vec<u8>> {
        let text = text.trim();
        (text.len() == 64)
            .then(|| {
                (0..32)
                    .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok())
                    .collect::<Option<Vec<u8>>>()
            })
            .flatten()
    };
    match std::fs::read_to_string(&file) {
        Ok(text) => decode(&text).ok_or_else(|| {
            error(format!(
                "{} is not 64 hex digits; remove it to make a new one (open setup flows end)",
                file.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
            let text: String = secret.iter().map(|b| format!("{b:02x}")).collect();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut handle = options.open(&file).map_err(|e| error(io_reason(&e)))?;
            std::io::Write::write_all(&mut handle, format!("{text}\n").as_bytes())
                .map_err(|e| error(io_reason(&e)))?;
            Ok(secret.to_vec())
        }
        Err(e) => Err(error(io_reason(&e))),
    }
}
