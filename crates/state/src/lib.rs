//! The practice's own records, in an embedded SQLite database.
//!
//! Today it holds the practice's identity and the heartbeats of Hygie's long-running
//! components, so that `hygie status` can tell whether the guardian is running without asking
//! it. Later engines add their tables here (alerts, incidents, the GDPR register) through the
//! numbered migrations below.
//!
//! This crate stores facts; it never decides what they mean and never writes the journal.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// `PRAGMA application_id` of a Hygie state database ("HYGS").
const APPLICATION_ID: i32 = 0x4859_4753;

/// Schema migrations, applied in order; `user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE practice (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        name TEXT NOT NULL,
        created_us INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE heartbeats (
        component TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        started_us INTEGER NOT NULL,
        seen_us INTEGER NOT NULL,
        stopped_us INTEGER
    ) STRICT;
",
    "
    CREATE TABLE vault_freeze (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        frozen_us INTEGER NOT NULL,
        reason TEXT NOT NULL,
        pinned TEXT
    ) STRICT;
",
    "
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        opened_us INTEGER NOT NULL,
        since_us INTEGER NOT NULL,
        summary TEXT NOT NULL,
        evidence TEXT NOT NULL,
        restored_us INTEGER
    ) STRICT;
",
    "
    ALTER TABLE heartbeats ADD COLUMN detail TEXT;
",
    "
    CREATE TABLE comply_records (
        kind TEXT NOT NULL,
        id INTEGER NOT NULL,
        body TEXT NOT NULL,
        updated_us INTEGER NOT NULL,
        PRIMARY KEY (kind, id)
    ) STRICT;
",
    "
    CREATE TABLE console_users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        totp_secret TEXT NOT NULL,
        last_totp_step INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until_us INTEGER,
        created_us INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE console_sessions (
        token_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES console_users (name) ON DELETE CASCADE,
        created_us INTEGER NOT NULL,
        expires_us INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE alert_acknowledgements (
        alert_id INTEGER PRIMARY KEY REFERENCES alerts (id),
        by_user TEXT NOT NULL,
        at_us INTEGER NOT NULL
    ) STRICT;
",
];

/// Errors of the state database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("state database {path}: {source}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The file is not a Hygie state database, or is from a newer Hygie.
    #[error("{path} is not a state database this version of Hygie can read ({detail})")]
    Incompatible {
        /// The database file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// `create` found a database already there.
    #[error("a state database already exists at {0}")]
    AlreadyExists(PathBuf),
    /// `open` found no database.
    #[error("no state database at {0}")]
    NotFound(PathBuf),
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who the practice is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Practice {
    /// Its name, as in reports.
    pub name: String,
    /// When Hygie was set up for it.
    pub created: Timestamp,
}

/// The last sign of life of a long-running component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeat {
    /// Which component (`guardian`, later `sentinel`, `console`…).
    pub component: String,
    /// Its process id.
    pub pid: u32,
    /// When it started.
    pub started: Timestamp,
    /// When it last said it was alive.
    pub seen: Timestamp,
    /// When it stopped cleanly, if it did.
    pub stopped: Option<Timestamp>,
    /// What the component said of itself when it started (its mode), if anything.
    pub detail: Option<String>,
}

impl Heartbeat {
    /// Whether the component looks alive: not stopped, and seen within `tolerance`.
    pub fn is_alive(&self, now: Timestamp, tolerance: Duration) -> bool {
        let tolerance = i64::try_from(tolerance.as_micros()).unwrap_or(i64::MAX);
        self.stopped.is_none() && now.as_microsecond() - self.seen.as_microsecond() <= tolerance
    }
}

/// The vault's freeze: set when an attack is suspected, so that nothing is forgotten or pruned,
/// the newest clean snapshot stays pinned and new snapshots are marked suspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Freeze {
    /// When the vault was frozen.
    pub since: Timestamp,
    /// Why, in a person's words or an alert's.
    pub reason: String,
    /// The id of the newest snapshot taken before the freeze, if there was one.
    pub pinned: Option<String>,
}

/// An alert as kept: what a detector saw, for people to read and for recovery to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAlert {
    /// Its number.
    pub id: i64,
    /// Which detector raised it (`sentinel`…).
    pub source: String,
    /// When it was raised.
    pub opened: Timestamp,
    /// When what it is about began.
    pub since: Timestamp,
    /// One sentence for a person.
    pub summary: String,
    /// The detector's evidence, as JSON: which files, which signs.
    pub evidence: String,
    /// When its damage was repaired, if it was.
    pub restored: Option<Timestamp>,
}

/// The state database of one practice.
pub struct State {
    conn: Connection,
    path: PathBuf,
}

impl State {
    /// Creates the database for `practice`. Fails if one exists.
    pub fn create(path: &Path, practice: &Practice) -> Result<State> {
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(db(path))?;
        let mut state = State {
            conn,
            path: path.to_path_buf(),
        };
        state.configure()?;
        state
            .conn
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(db(path))?;
        state.migrate()?;
        state
            .conn
            .execute(
                "INSERT INTO practice (one, name, created_us) VALUES (1, ?1, ?2)",
                rusqlite::params![practice.name, practice.created.as_microsecond()],
            )
            .map_err(db(path))?;
        Ok(state)
    }

    /// Opens an existing database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<State> {
        if !path.is_file() {
            return Err(Error::NotFound(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(db(path))?;
        let mut state = State {
            conn,
            path: path.to_path_buf(),
        };
        state.configure()?;
        let id: i32 = state
            .conn
            .pragma_query_value(None, "application_id", |row| row.get(0))
            .map_err(db(path))?;
        if id != APPLICATION_ID {
            return Err(Error::Incompatible {
                path: path.to_path_buf(),
                detail: format!("application id {id:#x}"),
            });
        }
        state.migrate()?;
        Ok(state)
    }

    fn configure(&self) -> Result<()> {
        let path = self.path.as_path();
        self.conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(db(path))?;
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(db(path))?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(db(path))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let applied: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(db(&path))?;
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        if applied > MIGRATIONS.len() {
            return Err(Error::Incompatible {
                path,
                detail: format!("schema {applied} is newer than this Hygie"),
            });
        }
        for (number, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
            let tx = self.conn.transaction().map_err(db(&path))?;
            tx.execute_batch(migration).map_err(db(&path))?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(number + 1).unwrap_or(i64::MAX),
            )
            .map_err(db(&path))?;
            tx.commit().map_err(db(&path))?;
        }
        Ok(())
    }

    /// Who the practice is.
    pub fn practice(&self) -> Result<Practice> {
        let path = self.path.as_path();
        let row = self
            .conn
            .query_row(
                "SELECT name, created_us FROM practice WHERE one = 1",
                [],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
            )
            .map_err(db(path))?;
        Ok(Practice {
            name: row.0,
            created: timestamp(row.1),
        })
    }

    /// Records that `component` (process `pid`) started now.
    pub fn started(&self, component: &str, pid: u32) -> Result<()> {
        self.started_as(component, pid, None)
    }

    /// Records that `component` (process `pid`) started now, in the mode `detail`.
    pub fn started_with(&self, component: &str, pid: u32, detail: &str) -> Result<()> {
        self.started_as(component, pid, Some(detail))
    }

    fn started_as(&self, component: &str, pid: u32, detail: Option<&str>) -> Result<()> {
        let now = Timestamp::now().as_microsecond();
        self.conn
            .execute(
                "INSERT INTO heartbeats (component, pid, started_us, seen_us, stopped_us, detail)
                 VALUES (?1, ?2, ?3, ?3, NULL, ?4)
                 ON CONFLICT (component) DO UPDATE SET
                     pid = excluded.pid, started_us = excluded.started_us,
                     seen_us = excluded.seen_us, stopped_us = NULL, detail = excluded.detail",
                rusqlite::params![component, pid, now, detail],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Records that `component` is alive now.
    pub fn beat(&self, component: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE heartbeats SET seen_us = ?2 WHERE component = ?1",
                rusqlite::params![component, Timestamp::now().as_microsecond()],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Records that `component` stopped cleanly now.
    pub fn stopped(&self, component: &str) -> Result<()> {
        let now = Timestamp::now().as_microsecond();
        self.conn
            .execute(
                "UPDATE heartbeats SET seen_us = ?2, stopped_us = ?2 WHERE component = ?1",
                rusqlite::params![component, now],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// The last heartbeat of `component`, if it ever ran.
    pub fn heartbeat(&self, component: &str) -> Result<Option<Heartbeat>> {
        self.conn
            .query_row(
                "SELECT component, pid, started_us, seen_us, stopped_us, detail
                 FROM heartbeats WHERE component = ?1",
                [component],
                |row| {
                    Ok(Heartbeat {
                        component: row.get(0)?,
                        pid: row.get(1)?,
                        started: timestamp(row.get(2)?),
                        seen: timestamp(row.get(3)?),
                        stopped: row.get::<_, Option<i64>>(4)?.map(timestamp),
                        detail: row.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(db(&self.path))
    }
}

impl State {
    /// Freezes the vault. Freezing again keeps the first freeze (its time and pinned snapshot):
    /// the earliest suspicion is the one that matters.
    pub fn freeze(&self, reason: &str, pinned: Option<&str>) -> Result<Freeze> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO vault_freeze (one, frozen_us, reason, pinned)
                 VALUES (1, ?1, ?2, ?3)",
                rusqlite::params![Timestamp::now().as_microsecond(), reason, pinned],
            )
            .map_err(db(&self.path))?;
        self.frozen()?.ok_or_else(|| Error::Database {
            path: self.path.clone(),
            source: rusqlite::Error::QueryReturnedNoRows,
        })
    }

    /// Lifts the freeze; returns the one lifted, if any.
    pub fn unfreeze(&self) -> Result<Option<Freeze>> {
        let freeze = self.frozen()?;
        self.conn
            .execute("DELETE FROM vault_freeze", [])
            .map_err(db(&self.path))?;
        Ok(freeze)
    }

    /// The freeze in force, if any.
    pub fn frozen(&self) -> Result<Option<Freeze>> {
        self.conn
            .query_row(
                "SELECT frozen_us, reason, pinned FROM vault_freeze WHERE one = 1",
                [],
                |row| {
                    Ok(Freeze {
                        since: timestamp(row.get(0)?),
                        reason: row.get(1)?,
                        pinned: row.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(db(&self.path))
    }
}

impl State {
    /// Keeps a new alert; returns its number.
    pub fn add_alert(
        &self,
        source: &str,
        since: Timestamp,
        summary: &str,
        evidence: &str,
    ) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO alerts (source, opened_us, since_us, summary, evidence)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    source,
                    Timestamp::now().as_microsecond(),
                    since.as_microsecond(),
                    summary,
                    evidence
                ],
            )
            .map_err(db(&self.path))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replaces what an alert says as its detector learns more (more files, more signs).
    pub fn update_alert(&self, id: i64, summary: &str, evidence: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE alerts SET summary = ?2, evidence = ?3 WHERE id = ?1",
                rusqlite::params![id, summary, evidence],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Records that an alert's damage was repaired.
    pub fn alert_restored(&self, id: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE alerts SET restored_us = ?2 WHERE id = ?1",
                rusqlite::params![id, Timestamp::now().as_microsecond()],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Every alert, oldest first.
    pub fn alerts(&self) -> Result<Vec<StoredAlert>> {
        self.alerts_where(
            "SELECT id, source, opened_us, since_us, summary, evidence, restored_us
             FROM alerts ORDER BY id",
            rusqlite::params![],
        )
    }

    /// At most `limit` alerts numbered below `before` (all when `None`), newest first: one page
    /// of the console.
    pub fn recent_alerts(&self, before: Option<i64>, limit: usize) -> Result<Vec<StoredAlert>> {
        self.alerts_where(
            "SELECT id, source, opened_us, since_us, summary, evidence, restored_us
             FROM alerts WHERE ?1 IS NULL OR id < ?1 ORDER BY id DESC LIMIT ?2",
            rusqlite::params![before, i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    fn alerts_where(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<StoredAlert>> {
        let mut statement = self.conn.prepare_cached(sql).map_err(db(&self.path))?;
        let rows = statement
            .query_map(params, |row| {
                Ok(StoredAlert {
                    id: row.get(0)?,
                    source: row.get(1)?,
                    opened: timestamp(row.get(2)?),
                    since: timestamp(row.get(3)?),
                    summary: row.get(4)?,
                    evidence: row.get(5)?,
                    restored: row.get::<_, Option<i64>>(6)?.map(timestamp),
                })
            })
            .map_err(db(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db(&self.path))
    }

    /// Alert number `id`, if it exists.
    pub fn alert(&self, id: i64) -> Result<Option<StoredAlert>> {
        Ok(self.alerts()?.into_iter().find(|alert| alert.id == id))
    }
}

/// A console account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleUser {
    /// The login.
    pub name: String,
    /// `admin`, `practitioner`, `secretary` or `auditor`.
    pub role: String,
    /// The Argon2id hash of the password (PHC string).
    pub password_hash: String,
    /// The TOTP secret (base32).
    pub totp_secret: String,
    /// The last TOTP time step accepted: a code is never accepted twice.
    pub last_totp_step: i64,
    /// Failed logins since the last success.
    pub failures: i64,
    /// Logins are refused until then, after too many failures.
    pub locked_until: Option<Timestamp>,
}

/// A console session as stored (the token itself is never stored, only its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleSession {
    /// Whose.
    pub user: String,
    /// When it ends.
    pub expires: Timestamp,
}

impl State {
    /// Adds or replaces a console account (failures and lock cleared, its sessions ended).
    pub fn put_console_user(
        &self,
        name: &str,
        role: &str,
        password_hash: &str,
        totp_secret: &str,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO console_users (name, role, password_hash, totp_secret, created_us)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role,
                 password_hash = excluded.password_hash, totp_secret = excluded.totp_secret,
                 last_totp_step = 0, failures = 0, locked_until_us = NULL",
                rusqlite::params![
                    name,
                    role,
                    password_hash,
                    totp_secret,
                    Timestamp::now().as_microsecond()
                ],
            )
            .map_err(db(&self.path))?;
        // A reset account (a password thought stolen) is signed out everywhere.
        self.conn
            .execute("DELETE FROM console_sessions WHERE user = ?1", [name])
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Removes console account `name` and ends its sessions; whether it existed.
    pub fn delete_console_user(&self, name: &str) -> Result<bool> {
        self.conn
            .execute("DELETE FROM console_sessions WHERE user = ?1", [name])
            .map_err(db(&self.path))?;
        let removed = self
            .conn
            .execute("DELETE FROM console_users WHERE name = ?1", [name])
            .map_err(db(&self.path))?;
        Ok(removed == 1)
    }

    /// Console account `name`, if it exists.
    pub fn console_user(&self, name: &str) -> Result<Option<ConsoleUser>> {
        // Asked at every request of the console: the statement is kept prepared.
        self.conn
            .prepare_cached(
                "SELECT name, role, password_hash, totp_secret, last_totp_step, failures,
                 locked_until_us FROM console_users WHERE name = ?1",
            )
            .map_err(db(&self.path))?
            .query_row([name], |row| {
                Ok(ConsoleUser {
                    name: row.get(0)?,
                    role: row.get(1)?,
                    password_hash: row.get(2)?,
                    totp_secret: row.get(3)?,
                    last_totp_step: row.get(4)?,
                    failures: row.get(5)?,
                    locked_until: row.get::<_, Option<i64>>(6)?.map(timestamp),
                })
            })
            .optional()
            .map_err(db(&self.path))
    }

    /// Every console account's name and role.
    pub fn console_users(&self) -> Result<Vec<(String, String)>> {
        let mut statement = self
            .conn
            .prepare("SELECT name, role FROM console_users ORDER BY name")
            .map_err(db(&self.path))?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(db(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db(&self.path))
    }

    /// Records a failed login, and locks the account until `lock_until` when the failures
    /// reach `lock_at` (counted in the database, so two attempts at once count twice); returns
    /// the failures so far.
    pub fn console_failure(&self, name: &str, lock_at: i64, lock_until: Timestamp) -> Result<i64> {
        self.conn
            .query_row(
                "UPDATE console_users SET failures = failures + 1,
                 locked_until_us = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE locked_until_us END
                 WHERE name = ?1 RETURNING failures",
                rusqlite::params![name, lock_at, lock_until.as_microsecond()],
                |row| row.get(0),
            )
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(db(&self.path))
    }

    /// Records a successful login with TOTP step `totp_step`: failures cleared. False when that
    /// step (or a later one) was already used — two sign-ins at once with one code, the second
    /// is refused.
    pub fn console_success(&self, name: &str, totp_step: i64) -> Result<bool> {
        let changed = self
            .conn
            .execute(
                "UPDATE console_users SET failures = 0, locked_until_us = NULL,
                 last_totp_step = ?2 WHERE name = ?1 AND last_totp_step < ?2",
                rusqlite::params![name, totp_step],
            )
            .map_err(db(&self.path))?;
        Ok(changed == 1)
    }

    /// Keeps a new session under the hash of its token.
    pub fn create_console_session(
        &self,
        token_hash: &str,
        user: &str,
        expires: Timestamp,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO console_sessions (token_hash, user, created_us, expires_us)
                 VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![
                    token_hash,
                    user,
                    Timestamp::now().as_microsecond(),
                    expires.as_microsecond()
                ],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// The session with this token hash, if it exists and has not expired.
    pub fn console_session(&self, token_hash: &str) -> Result<Option<ConsoleSession>> {
        self.conn
            .prepare_cached(
                "SELECT user, expires_us FROM console_sessions WHERE token_hash = ?1 AND expires_us > ?2",
            )
            .map_err(db(&self.path))?
            .query_row(
                rusqlite::params![token_hash, Timestamp::now().as_microsecond()],
                |row| {
                    Ok(ConsoleSession {
                        user: row.get(0)?,
                        expires: timestamp(row.get(1)?),
                    })
                },
            )
            .optional()
            .map_err(db(&self.path))
    }

    /// Ends a session (logout); expired sessions are swept at the same time.
    pub fn delete_console_session(&self, token_hash: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM console_sessions WHERE token_hash = ?1 OR expires_us <= ?2",
                rusqlite::params![token_hash, Timestamp::now().as_microsecond()],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// Records that `user` acknowledged alert `id` (the first acknowledgement stays).
    pub fn acknowledge_alert(&self, id: i64, user: &str) -> Result<bool> {
        let changed = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO alert_acknowledgements (alert_id, by_user, at_us)
                 SELECT id, ?2, ?3 FROM alerts WHERE id = ?1",
                rusqlite::params![id, user, Timestamp::now().as_microsecond()],
            )
            .map_err(db(&self.path))?;
        Ok(changed == 1)
    }

    /// Alerts neither repaired nor acknowledged, counted in one query (the dashboard asks at
    /// every request).
    pub fn unattended_alerts(&self) -> Result<usize> {
        self.conn
            .prepare_cached(
                "SELECT COUNT(*) FROM alerts a WHERE a.restored_us IS NULL AND NOT EXISTS
                 (SELECT 1 FROM alert_acknowledgements k WHERE k.alert_id = a.id)",
            )
            .map_err(db(&self.path))?
            .query_row([], |row| row.get::<_, i64>(0))
            .map(|count| usize::try_from(count).unwrap_or(0))
            .map_err(db(&self.path))
    }

    /// Every acknowledgement, by alert: who and when.
    pub fn acknowledgements(&self) -> Result<std::collections::HashMap<i64, (String, Timestamp)>> {
        let mut statement = self
            .conn
            .prepare("SELECT alert_id, by_user, at_us FROM alert_acknowledgements")
            .map_err(db(&self.path))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get(0)?, (row.get(1)?, timestamp(row.get(2)?))))
            })
            .map_err(db(&self.path))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(db(&self.path))
    }

    /// Who acknowledged alert `id`, and when.
    pub fn acknowledgement(&self, id: i64) -> Result<Option<(String, Timestamp)>> {
        self.conn
            .query_row(
                "SELECT by_user, at_us FROM alert_acknowledgements WHERE alert_id = ?1",
                [id],
                |row| Ok((row.get(0)?, timestamp(row.get(1)?))),
            )
            .optional()
            .map_err(db(&self.path))
    }
}

/// A compliance record as stored: its number, its JSON body and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Its number within its kind.
    pub id: i64,
    /// The record, as JSON.
    pub body: String,
    /// When it was last written.
    pub updated: Timestamp,
}

impl State {
    /// Writes compliance record `id` of `kind` (`breach`, `request`, `answers`…), replacing
    /// the previous version in one transaction.
    pub fn put_record(&self, kind: &str, id: i64, body: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO comply_records (kind, id, body, updated_us) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body,
                 updated_us = excluded.updated_us",
                rusqlite::params![kind, id, body, Timestamp::now().as_microsecond()],
            )
            .map_err(db(&self.path))?;
        Ok(())
    }

    /// The next free number of `kind` (1 for the first).
    pub fn next_record_id(&self, kind: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM comply_records WHERE kind = ?1",
                [kind],
                |row| row.get(0),
            )
            .map_err(db(&self.path))
    }

    /// Record `id` of `kind`, if it exists.
    pub fn record(&self, kind: &str, id: i64) -> Result<Option<Record>> {
        Ok(self.records(kind)?.into_iter().find(|r| r.id == id))
    }

    /// Every record of `kind`, by number.
    pub fn records(&self, kind: &str) -> Result<Vec<Record>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, body, updated_us FROM comply_records WHERE kind = ?1 ORDER BY id")
            .map_err(db(&self.path))?;
        let rows = statement
            .query_map([kind], |row| {
                Ok(Record {
                    id: row.get(0)?,
                    body: row.get(1)?,
                    updated: timestamp(row.get(2)?),
                })
            })
            .map_err(db(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db(&self.path))
    }
}

fn timestamp(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn db(path: &Path) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |source| Error::Database {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn practice_and_heartbeats_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let practice = Practice {
            name: "Cabinet Dupont".into(),
            created: Timestamp::now(),
        };
        let created = State::create(&path, &practice).unwrap();
        drop(created);
        assert!(matches!(
            State::create(&path, &practice),
            Err(Error::AlreadyExists(_))
        ));
        let state = State::open(&path).unwrap();
        assert_eq!(state.practice().unwrap().name, "Cabinet Dupont");
        assert_eq!(state.heartbeat("guardian").unwrap(), None);
        state.started("guardian", 42).unwrap();
        state.beat("guardian").unwrap();
        let beat = state.heartbeat("guardian").unwrap().unwrap();
        assert!(beat.is_alive(Timestamp::now(), Duration::from_secs(60)));
        state.stopped("guardian").unwrap();
        let beat = state.heartbeat("guardian").unwrap().unwrap();
        assert!(!beat.is_alive(Timestamp::now(), Duration::from_secs(60)));
    }

    #[test]
    fn the_first_freeze_stays_until_lifted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let state = State::create(
            &path,
            &Practice {
                name: "C".into(),
                created: Timestamp::now(),
            },
        )
        .unwrap();
        assert_eq!(state.frozen().unwrap(), None);
        let first = state.freeze("alerte 12", Some("abcd")).unwrap();
        let again = state.freeze("alerte 13", None).unwrap();
        assert_eq!(first, again);
        assert_eq!(again.pinned.as_deref(), Some("abcd"));
        assert_eq!(state.unfreeze().unwrap(), Some(first));
        assert_eq!(state.frozen().unwrap(), None);
    }

    #[test]
    fn alerts_are_kept_updated_and_marked_restored() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::create(
            &dir.path().join("state.sqlite"),
            &Practice {
                name: "C".into(),
                created: Timestamp::now(),
            },
        )
        .unwrap();
        let since = Timestamp::now();
        let id = state
            .add_alert("sentinel", since, "3 fichiers", "{}")
            .unwrap();
        state.update_alert(id, "5 fichiers", "{\"n\":5}").unwrap();
        let alert = state.alert(id).unwrap().unwrap();
        assert_eq!(alert.summary, "5 fichiers");
        assert_eq!(alert.since.as_microsecond(), since.as_microsecond());
        assert_eq!(alert.restored, None);
        state.alert_restored(id).unwrap();
        assert!(state.alert(id).unwrap().unwrap().restored.is_some());
        assert_eq!(state.alert(id + 1).unwrap(), None);
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(matches!(
            State::open(&path),
            Err(Error::Incompatible { .. })
        ));
        assert!(matches!(
            State::open(&dir.path().join("missing")),
            Err(Error::NotFound(_))
        ));
    }
}
