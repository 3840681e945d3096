//! What can go wrong in storage, classified by what the caller should do about it.
//!
//! A turn that met [`StoreError::Conflict`], [`StoreError::Busy`] or
//! [`StoreError::Duplicate`] is run again (someone else wrote first; the same provider message
//! is being handled). Anything else means the turn was not stored: the webhook must not
//! acknowledge it (Twilio then calls the fallback URL or retries), and the log names the real
//! cause — a full disk is not a bug, a constraint violation is. Each backend maps its own
//! error codes here ([`classify_sqlite`] for SQLite's, used by both sqlx and rusqlite;
//! [`classify_postgres`] for PostgreSQL's SQLSTATEs).

/// Why the database cannot write at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unwritable {
    /// No space left on the device (or the file may not grow).
    Full,
    /// The operating system refused a read or a write.
    Io,
    /// The file or the file system is read-only.
    ReadOnly,
    /// The database file cannot be opened.
    CannotOpen,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unwritable::Full => "the disk is full",
            Unwritable::Io => "an input/output error",
            Unwritable::ReadOnly => "the database is read-only",
            Unwritable::CannotOpen => "the database file cannot be opened",
        })
    }
}

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Someone else changed the session first: re-run the turn.
    #[error("the session changed meanwhile")]
    Conflict,
    /// The database is locked by another writer for now: re-run the turn.
    #[error("the database is busy")]
    Busy,
    /// A unique key is taken (a provider message handled by another request): re-run the turn,
    /// which then replays the stored reply.
    #[error("already stored: {0}")]
    Duplicate(String),
    /// A rule of the schema refused the write (a missing reference, a missing value): a bug,
    /// never fixed by trying again.
    #[error("refused by the database's rules: {0}")]
    Constraint(String),
    /// Nothing can be written until an operator acts (or space returns).
    #[error("the database cannot write: {0}")]
    Unwritable(Unwritable),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// This backend does not do that (the message says what to use instead).
    #[error("{0}")]
    Unsupported(&'static str),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// A short name for counting (`passerelle_storage_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::Conflict => "conflict",
            StoreError::Busy => "busy",
            StoreError::Duplicate(_) => "duplicate",
            StoreError::Constraint(_) => "constraint",
            StoreError::Unwritable(_) => "unwritable",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Unsupported(_) => "unsupported",
            StoreError::Database(_) => "database",
            StoreError::Migrate(_) => "migrate",
        }
    }

    /// True when running the same work again may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StoreError::Conflict | StoreError::Busy | StoreError::Duplicate(_)
        )
    }
}

/// SQLite's primary result codes (the low byte of an extended code) that mean something here.
mod code {
    pub const BUSY: i32 = 5;
    pub const LOCKED: i32 = 6;
    pub const READONLY: i32 = 8;
    pub const IOERR: i32 = 10;
    pub const CORRUPT: i32 = 11;
    pub const FULL: i32 = 13;
    pub const CANTOPEN: i32 = 14;
    pub const CONSTRAINT: i32 = 19;
    pub const NOTADB: i32 = 26;
    /// Extended codes of a uniqueness violation.
    pub const CONSTRAINT_PRIMARYKEY: i32 = 1555;
    pub const CONSTRAINT_UNIQUE: i32 = 2067;
}

/// Classifies an SQLite (extended) result code with its message.
pub fn classify_sqlite(extended: i32, message: String) -> StoreError {
    let error = classify_code(extended, message);
    metrics::counter!("passerelle_storage_errors_total", "kind" => error.kind()).increment(1);
    error
}

fn classify_code(extended: i32, message: String) -> StoreError {
    match extended & 0xff {
        code::BUSY | code::LOCKED => StoreError::Busy,
        code::CONSTRAINT
            if matches!(
                extended,
                code::CONSTRAINT_UNIQUE | code::CONSTRAINT_PRIMARYKEY
            ) =>
        {
            StoreError::Duplicate(message)
        }
        code::CONSTRAINT => StoreError::Constraint(message),
        code::FULL => StoreError::Unwritable(Unwritable::Full),
        code::IOERR => StoreError::Unwritable(Unwritable::Io),
        code::READONLY => StoreError::Unwritable(Unwritable::ReadOnly),
        code::CANTOPEN => StoreError::Unwritable(Unwritable::CannotOpen),
        code::CORRUPT | code::NOTADB => StoreError::Corrupt(message),
        _ => StoreError::Corrupt(message),
    }
}

/// Classifies a PostgreSQL SQLSTATE with its message.
pub fn classify_postgres(sqlstate: &str, message: String) -> StoreError {
    let error = classify_sqlstate(sqlstate, message);
    metrics::counter!("passerelle_storage_errors_total", "kind" => error.kind()).increment(1);
    error
}

fn classify_sqlstate(sqlstate: &str, message: String) -> StoreError {
    match sqlstate {
        // unique_violation
        "23505" => StoreError::Duplicate(message),
        // serialization_failure, deadlock_detected, lock_not_available
        "40001" | "40P01" | "55P03" => StoreError::Busy,
        // disk_full, insufficient_resources, out_of_memory
        "53100" => StoreError::Unwritable(Unwritable::Full),
        // read_only_sql_transaction (a standby), the server shutting down
        "25006" => StoreError::Unwritable(Unwritable::ReadOnly),
        "57P01" | "57P02" | "57P03" => StoreError::Unwritable(Unwritable::CannotOpen),
        s if s.starts_with("23") => StoreError::Constraint(message),
        // Text PostgreSQL cannot hold (a NUL character): refused for good, never retried.
        "22021" | "22P05" => StoreError::Constraint(message),
        s if s.starts_with("58") || s.starts_with("53") => StoreError::Unwritable(Unwritable::Io),
        s if s.starts_with("08") => StoreError::Unwritable(Unwritable::CannotOpen),
        s if s.starts_with("XX") => StoreError::Corrupt(message),
        _ => StoreError::Corrupt(format!("{sqlstate}: {message}")),
    }
}

/// Counts an error classified here without a database code.
fn counted(error: StoreError) -> StoreError {
    metrics::counter!("passerelle_storage_errors_total", "kind" => error.kind()).increment(1);
    error
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(d)
                if d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                    .is_some() =>
            {
                classify_postgres(d.code().as_deref().unwrap_or(""), d.message().to_string())
            }
            sqlx::Error::Database(d) => {
                let extended = d.code().and_then(|c| c.parse::<i32>().ok());
                match extended {
                    Some(code) => classify_sqlite(code, d.message().to_string()),
                    None if d.is_unique_violation() => StoreError::Duplicate(d.to_string()),
                    None => StoreError::Database(e),
                }
            }
            sqlx::Error::Io(_) => counted(StoreError::Unwritable(Unwritable::Io)),
            // No connection to be had from the pool (PostgreSQL down or saturated): nothing
            // was written; the caller answers 503 and the provider tries again.
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                counted(StoreError::Unwritable(Unwritable::CannotOpen))
            }
            _ => StoreError::Database(e),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => classify_sqlite(
                f.extended_code,
                msg.clone().unwrap_or_else(|| e.to_string()),
            ),
            _ => StoreError::Corrupt(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_are_classified_by_what_to_do() {
        assert!(matches!(
            classify_sqlite(5, String::new()),
            StoreError::Busy
        ));
        assert!(matches!(
            classify_sqlite(517, String::new()),
            StoreError::Busy
        ));
        assert!(matches!(
            classify_sqlite(2067, "UNIQUE".into()),
            StoreError::Duplicate(_)
        ));
        assert!(matches!(
            classify_sqlite(1555, "PRIMARY KEY".into()),
            StoreError::Duplicate(_)
        ));
        // A foreign key or NOT NULL violation is a bug, never a duplicate to replay.
        for fk_or_not_null in [787, 1299, 275] {
            let e = classify_sqlite(fk_or_not_null, "rule".into());
            assert!(matches!(e, StoreError::Constraint(_)), "{fk_or_not_null}");
            assert!(!e.is_transient());
        }
        assert!(matches!(
            classify_sqlite(13, String::new()),
            StoreError::Unwritable(Unwritable::Full)
        ));
        // SQLITE_IOERR_WRITE, as when a file may not grow (RLIMIT_FSIZE).
        assert!(matches!(
            classify_sqlite(778, String::new()),
            StoreError::Unwritable(Unwritable::Io)
        ));
        assert!(matches!(
            classify_sqlite(8, String::new()),
            StoreError::Unwritable(Unwritable::ReadOnly)
        ));
        assert!(!StoreError::Unwritable(Unwritable::Full).is_transient());
        assert!(StoreError::Conflict.is_transient());
    }

    #[test]
    fn postgres_sqlstates_are_classified_by_what_to_do() {
        assert!(matches!(
            classify_postgres("23505", "unique".into()),
            StoreError::Duplicate(_)
        ));
        for rule in ["23503", "23502", "23514", "23P01"] {
            let e = classify_postgres(rule, "rule".into());
            assert!(matches!(e, StoreError::Constraint(_)), "{rule}");
            assert!(!e.is_transient());
        }
        for again in ["40001", "40P01", "55P03"] {
            assert!(matches!(
                classify_postgres(again, String::new()),
                StoreError::Busy
            ));
        }
        assert!(matches!(
            classify_postgres("53100", String::new()),
            StoreError::Unwritable(Unwritable::Full)
        ));
        assert!(matches!(
            classify_postgres("25006", String::new()),
            StoreError::Unwritable(Unwritable::ReadOnly)
        ));
        assert!(matches!(
            classify_postgres("08006", String::new()),
            StoreError::Unwritable(Unwritable::CannotOpen)
        ));
        assert!(matches!(
            classify_postgres("22021", "invalid byte sequence".into()),
            StoreError::Constraint(_)
        ));
        assert!(matches!(
            classify_postgres("42P01", "no table".into()),
            StoreError::Corrupt(_)
        ));
    }
}
