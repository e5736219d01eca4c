//! The schema's migrations and every statement the two SQL stores run.

/// Schema migrations in order; each runs once, in a transaction.
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE registration_campaign_policy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    CREATE TABLE registration_campaign_user_state (
        user_id TEXT PRIMARY KEY,
        snooze_count BIGINT NOT NULL DEFAULT 0,
        last_snoozed_at BIGINT,
        registered_at BIGINT
    );
    CREATE TABLE registration_campaign_snooze_attempt (
        user_id TEXT NOT NULL,
        attempt_id TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, attempt_id)
    )",
    ),
    (
        2,
        "CREATE TABLE registration_campaign_record (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        owner TEXT NOT NULL,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        expires_at BIGINT,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX registration_campaign_record_owner ON registration_campaign_record (kind, owner)",
    ),
    (
        3,
        "CREATE INDEX registration_campaign_record_expiry ON registration_campaign_record (expires_at);
    CREATE INDEX registration_campaign_snooze_attempt_time
        ON registration_campaign_snooze_attempt (recorded_at)",
    ),
    // Tenants: every table gains `tenant_id`, first in its key. Rows written before tenants
    // existed belong to the default tenant (`crate::tenant::DEFAULT_TENANT`). Each table is
    // rebuilt (SQLite cannot change a primary key in place), copied and renamed back, in the
    // migration's one transaction: a crash leaves the old tables.
    (
        4,
        "CREATE TABLE registration_campaign_policy_t (
        tenant_id TEXT PRIMARY KEY,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    INSERT INTO registration_campaign_policy_t (tenant_id, version, document, updated_at)
        SELECT 'default', version, document, updated_at FROM registration_campaign_policy;
    DROP TABLE registration_campaign_policy;
    ALTER TABLE registration_campaign_policy_t RENAME TO registration_campaign_policy;

    CREATE TABLE registration_campaign_user_state_t (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        snooze_count BIGINT NOT NULL DEFAULT 0,
        last_snoozed_at BIGINT,
        registered_at BIGINT,
        PRIMARY KEY (tenant_id, user_id)
    );
    INSERT INTO registration_campaign_user_state_t
        (tenant_id, user_id, snooze_count, last_snoozed_at, registered_at)
        SELECT 'default', user_id, snooze_count, last_snoozed_at, registered_at
        FROM registration_campaign_user_state;
    DROP TABLE registration_campaign_user_state;
    ALTER TABLE registration_campaign_user_state_t RENAME TO registration_campaign_user_state;

    CREATE TABLE registration_campaign_snooze_attempt_t (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        attempt_id TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, user_id, attempt_id)
    );
    INSERT INTO registration_campaign_snooze_attempt_t (tenant_id, user_id, attempt_id, recorded_at)
        SELECT 'default', user_id, attempt_id, recorded_at FROM registration_campaign_snooze_attempt;
    DROP TABLE registration_campaign_snooze_attempt;
    ALTER TABLE registration_campaign_snooze_attempt_t
        RENAME TO registration_campaign_snooze_attempt;
    CREATE INDEX registration_campaign_snooze_attempt_time
        ON registration_campaign_snooze_attempt (recorded_at);

    CREATE TABLE registration_campaign_record_t (
        tenant_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        owner TEXT NOT NULL,
        version BIGINT NOT NULL,
        document TEXT NOT NULL,
        expires_at BIGINT,
        PRIMARY KEY (tenant_id, kind, id)
    );
    INSERT INTO registration_campaign_record_t
        (tenant_id, kind, id, owner, version, document, expires_at)
        SELECT 'default', kind, id, owner, version, document, expires_at
        FROM registration_campaign_record;
    DROP TABLE registration_campaign_record;
    ALTER TABLE registration_campaign_record_t RENAME TO registration_campaign_record;
    CREATE INDEX registration_campaign_record_owner
        ON registration_campaign_record (tenant_id, kind, owner);
    CREATE INDEX registration_campaign_record_expiry ON registration_campaign_record (expires_at)",
    ),
];

pub(crate) const CREATE_MIGRATIONS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS registration_campaign_migrations (
        version BIGINT PRIMARY KEY,
        applied_at BIGINT NOT NULL
    )";
pub(crate) const SELECT_MIGRATION: &str =
    "SELECT version FROM registration_campaign_migrations WHERE version = $1";
pub(crate) const INSERT_MIGRATION: &str =
    "INSERT INTO registration_campaign_migrations (version, applied_at) VALUES ($1, $2)";

pub(crate) const SELECT_POLICY: &str =
    "SELECT version, document FROM registration_campaign_policy WHERE tenant_id = $1";
pub(crate) const INSERT_POLICY: &str =
    "INSERT INTO registration_campaign_policy (tenant_id, version, document, updated_at)
     VALUES ($1, 1, $2, $3) ON CONFLICT (tenant_id) DO NOTHING";
pub(crate) const UPDATE_POLICY: &str = "UPDATE registration_campaign_policy
     SET version = version + 1, document = $2, updated_at = $3
     WHERE tenant_id = $1 AND version = $4";
pub(crate) const SELECT_POLICY_VERSION: &str =
    "SELECT version FROM registration_campaign_policy WHERE tenant_id = $1";

pub(crate) const SELECT_USER: &str = "SELECT snooze_count, last_snoozed_at, registered_at
     FROM registration_campaign_user_state WHERE tenant_id = $1 AND user_id = $2";
pub(crate) const SELECT_USERS_AFTER: &str =
    "SELECT user_id, snooze_count, last_snoozed_at, registered_at
     FROM registration_campaign_user_state WHERE tenant_id = $1 AND user_id > $2
     ORDER BY user_id LIMIT $3";
pub(crate) const ENSURE_USER: &str =
    "INSERT INTO registration_campaign_user_state (tenant_id, user_id)
     VALUES ($1, $2) ON CONFLICT (tenant_id, user_id) DO NOTHING";
pub(crate) const INSERT_ATTEMPT: &str = "INSERT INTO registration_campaign_snooze_attempt
     (tenant_id, user_id, attempt_id, recorded_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, user_id, attempt_id) DO NOTHING";
/// Conditional increment, creating the user's row at the first snooze: concurrent writers
/// serialize on the row, and each re-checks the limit (`$4`, at least 1: a limit of 0 never
/// gets here). No row comes back when the limit is reached.
pub(crate) const COUNT_SNOOZE: &str = "INSERT INTO registration_campaign_user_state
     (tenant_id, user_id, snooze_count, last_snoozed_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE
     SET snooze_count = registration_campaign_user_state.snooze_count + 1,
         last_snoozed_at = excluded.last_snoozed_at
     WHERE registration_campaign_user_state.snooze_count < $4
     RETURNING snooze_count, last_snoozed_at, registered_at";
/// Takes back the attempt row of a snooze refused for the limit, in the same transaction, so
/// that a refusal leaves no trace.
pub(crate) const DELETE_ATTEMPT: &str = "DELETE FROM registration_campaign_snooze_attempt
     WHERE tenant_id = $1 AND user_id = $2 AND attempt_id = $3";
pub(crate) const RECORD_REGISTRATION: &str = "UPDATE registration_campaign_user_state
     SET registered_at = COALESCE(registered_at, $3)
     WHERE tenant_id = $1 AND user_id = $2
     RETURNING snooze_count, last_snoozed_at, registered_at";
/// An admin's reset: no snoozes taken, none running; the registration stays.
pub(crate) const RESET_SNOOZES: &str = "UPDATE registration_campaign_user_state
     SET snooze_count = 0, last_snoozed_at = NULL
     WHERE tenant_id = $1 AND user_id = $2
     RETURNING snooze_count, last_snoozed_at, registered_at";

/// Inserts, or takes the place of an expired record with the same key. Taking over keeps the
/// version going up, so a writer still holding the expired record's version cannot replace it.
pub(crate) const INSERT_RECORD: &str = "INSERT INTO registration_campaign_record
     (tenant_id, kind, id, owner, version, document, expires_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET owner = excluded.owner,
         version = registration_campaign_record.version + 1,
         document = excluded.document, expires_at = excluded.expires_at
     WHERE registration_campaign_record.expires_at IS NOT NULL
       AND registration_campaign_record.expires_at <= $7";
pub(crate) const UPSERT_RECORD: &str = "INSERT INTO registration_campaign_record
     (tenant_id, kind, id, owner, version, document, expires_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6)
     ON CONFLICT (tenant_id, kind, id) DO UPDATE SET owner = excluded.owner,
         version = registration_campaign_record.version + 1,
         document = excluded.document, expires_at = excluded.expires_at";
pub(crate) const SELECT_RECORD: &str = "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND id = $3 AND (expires_at IS NULL OR expires_at > $4)";
/// [`SELECT_RECORD`] for many ids, given as a JSON array (SQLite).
#[cfg(feature = "sqlite")]
pub(crate) const SELECT_RECORDS_BY_ID_SQLITE: &str =
    "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND id IN (SELECT value FROM json_each($3))
       AND (expires_at IS NULL OR expires_at > $4)";
/// [`SELECT_RECORD`] for many ids, given as an array (PostgreSQL).
#[cfg(feature = "postgres")]
pub(crate) const SELECT_RECORDS_BY_ID_POSTGRES: &str =
    "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND id = ANY($3)
       AND (expires_at IS NULL OR expires_at > $4)";
pub(crate) const REPLACE_RECORD: &str = "UPDATE registration_campaign_record
     SET owner = $4, document = $5, expires_at = $6, version = version + 1
     WHERE tenant_id = $1 AND kind = $2 AND id = $3 AND version = $7";
pub(crate) const SELECT_RECORDS_OF: &str = "SELECT kind, id, owner, version, document, expires_at
     FROM registration_campaign_record
     WHERE tenant_id = $1 AND kind = $2 AND owner = $3
       AND (expires_at IS NULL OR expires_at > $4)
     ORDER BY id";
/// Deletes at most `$2` expired records (of every tenant), so a large backlog is cleared in
/// short transactions.
pub(crate) const PURGE_RECORDS: &str = "DELETE FROM registration_campaign_record
     WHERE (tenant_id, kind, id) IN (SELECT tenant_id, kind, id FROM registration_campaign_record
         WHERE expires_at IS NOT NULL AND expires_at <= $1 LIMIT $2)";
/// Deletes at most `$2` snooze-attempt rows (of every tenant) recorded before `$1`.
pub(crate) const PURGE_ATTEMPTS: &str = "DELETE FROM registration_campaign_snooze_attempt
     WHERE (tenant_id, user_id, attempt_id) IN (SELECT tenant_id, user_id, attempt_id
         FROM registration_campaign_snooze_attempt WHERE recorded_at < $1 LIMIT $2)";

/// Live records of `$1` that will expire, of every tenant (the expiry index bounds the scan to
/// short-lived records).
pub(crate) const COUNT_EXPIRING: &str = "SELECT COUNT(*) FROM registration_campaign_record
     WHERE expires_at > $2 AND kind = $1";
