//! The journal on disk: an SQLite database written by group commit.
//!
//! Tables: `entries` (one row per record, with the record bytes that the tree hashes and two
//! index columns for queries), `hashes` (the tree's stored hashes), `head` (the signed checkpoint
//! of the whole tree, replaced by every commit) and `checkpoints` (the heads kept for good and
//! sent to witnesses). Writers from any thread queue their events; whichever writer finds no
//! commit in progress becomes the leader, commits everything queued in one transaction (one
//! `fsync` in WAL mode with `synchronous=FULL`) and wakes the others. Writers in other processes
//! are serialised by SQLite's own lock.

use std::collections::HashMap;
use std::mem;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use tlog_tiles::Hash;

use crate::checkpoint::SignedCheckpoint;
use crate::error::{Error, Result};
use crate::event::{Entry, Event, Kind};
use crate::keys::{SigningKey, VerifierKey};
use crate::proof::{ConsistencyProof, INCLUSION_FORMAT, InclusionProof};
use crate::record;
use crate::tree::DatabaseHashes;
use crate::verify::{self, Report};
use crate::witness::Witness;

/// `PRAGMA application_id` of a Hygie journal ("HYGJ").
const APPLICATION_ID: i32 = 0x4859_474A;
/// `PRAGMA user_version` of the schema this build writes.
const SCHEMA_VERSION: i32 = 1;
/// How many times a new leader yields to let woken writers join its batch.
const LINGER_TURNS: usize = 16;
/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    at_us INTEGER NOT NULL,
    kind TEXT NOT NULL,
    record BLOB NOT NULL
) STRICT;
CREATE INDEX entries_by_time ON entries (at_us);
CREATE INDEX entries_by_kind ON entries (kind, seq);
CREATE TABLE hashes (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL) STRICT;
CREATE TABLE head (one INTEGER PRIMARY KEY CHECK (one = 1), size INTEGER NOT NULL, note BLOB NOT NULL) STRICT;
CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, created_us INTEGER NOT NULL, note BLOB NOT NULL) STRICT;
";

/// What `journal show` asks for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only entries recorded at or after this instant.
    pub since: Option<Timestamp>,
    /// Only entries of this kind.
    pub kind: Option<Kind>,
    /// Only the last `n` matching entries.
    pub last: Option<usize>,
    /// Only entries numbered below this one (the next page back).
    pub before: Option<u64>,
    /// Only entries whose summary, action, actor or subject contains this text (ASCII letters
    /// in any case).
    pub containing: Option<String>,
}

/// `text` as a `LIKE … ESCAPE '\'` pattern that matches it anywhere.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A checkpoint kept for good.
#[derive(Clone, Debug, Serialize)]
pub struct StoredCheckpoint {
    /// When it was kept.
    pub created: Timestamp,
    /// The tree size it signs.
    pub size: u64,
    /// The signed note.
    pub note: String,
}

/// A tamper-evident journal stored in one SQLite file.
pub struct Journal {
    path: PathBuf,
    origin: String,
    verifier: VerifierKey,
    signer: Option<SigningKey>,
    conn: Mutex<Connection>,
    queue: Mutex<Queue>,
    committed: Condvar,
}

#[derive(Default)]
struct Queue {
    next_ticket: u64,
    pending: Vec<(u64, Vec<Event>)>,
    leader_active: bool,
    /// How many writers the previous commit served.
    last_batch: usize,
    done: HashMap<u64, Result<Range<u64>>>,
}

impl Journal {
    /// Creates a new, empty journal at `path`, signed by `signer`. Fails if the file exists.
    pub fn create(path: &Path, signer: SigningKey, verifier: VerifierKey) -> Result<Journal> {
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        if signer.name() != verifier.name() {
            return Err(Error::InvalidKey(format!(
                "the signer is named {:?} but the verifier {:?}",
                signer.name(),
                verifier.name()
            )));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let mut conn = Connection::open_with_flags(path, flags).map_err(Error::db(path))?;
        configure(&conn).map_err(Error::db(path))?;
        let tx = conn.transaction().map_err(Error::db(path))?;
        tx.execute_batch(SCHEMA).map_err(Error::db(path))?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(Error::db(path))?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(Error::db(path))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('origin', ?1), ('verifier_key', ?2)",
            [signer.name(), verifier.text()],
        )
        .map_err(Error::db(path))?;
        let head = SignedCheckpoint::sign(&signer, 0, tlog_tiles::EMPTY_HASH)?;
        tx.execute(
            "INSERT INTO head (one, size, note) VALUES (1, 0, ?1)",
            [&head.note],
        )
        .map_err(Error::db(path))?;
        tx.commit().map_err(Error::db(path))?;
        Ok(Journal::assemble(path, conn, verifier, Some(signer)))
    }

    /// Opens an existing journal. Without a signer it can be read, verified and proved, but not
    /// appended to.
    pub fn open(path: &Path, verifier: VerifierKey, signer: Option<SigningKey>) -> Result<Journal> {
        if !path.is_file() {
            return Err(Error::NotFound(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(Error::db(path))?;
        configure(&conn).map_err(Error::db(path))?;
        let application_id: i32 = conn
            .pragma_query_value(None, "application_id", |row| row.get(0))
            .map_err(Error::db(path))?;
        let version: i32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(Error::db(path))?;
        if application_id != APPLICATION_ID || version != SCHEMA_VERSION {
            return Err(Error::Tampered(format!(
                "{} is not a Hygie journal of schema {SCHEMA_VERSION} (application id {application_id:#x}, version {version})",
                path.display()
            )));
        }
        if let Some(signer) = &signer
            && signer.name() != verifier.name()
        {
            return Err(Error::InvalidKey(format!(
                "the signer is named {:?} but the verifier {:?}",
                signer.name(),
                verifier.name()
            )));
        }
        Ok(Journal::assemble(path, conn, verifier, signer))
    }

    fn assemble(
        path: &Path,
        conn: Connection,
        verifier: VerifierKey,
        signer: Option<SigningKey>,
    ) -> Journal {
        Journal {
            path: path.to_path_buf(),
            origin: verifier.name().to_owned(),
            verifier,
            signer,
            conn: Mutex::new(conn),
            queue: Mutex::new(Queue::default()),
            committed: Condvar::new(),
        }
    }

    /// The journal's origin: the name in its checkpoints and keys.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The public key that checks this journal's checkpoints.
    pub fn verifier(&self) -> &VerifierKey {
        &self.verifier
    }

    /// Appends one event and returns its entry number once it is on disk.
    pub fn append(&self, event: Event) -> Result<u64> {
        self.append_all(vec![event]).map(|range| range.start)
    }

    /// Appends events in order and returns their entry numbers once they are on disk. Events
    /// appended concurrently from other threads share the same commit.
    pub fn append_all(&self, events: Vec<Event>) -> Result<Range<u64>> {
        if self.signer.is_none() {
            return Err(Error::NoSigningKey);
        }
        if events.is_empty() {
            let size = self.head()?.size;
            return Ok(size..size);
        }
        let mut queue = self.lock_queue()?;
        let ticket = queue.next_ticket;
        queue.next_ticket += 1;
        queue.pending.push((ticket, events));
        loop {
            if let Some(result) = queue.done.remove(&ticket) {
                return result;
            }
            if queue.leader_active {
                queue = self
                    .committed
                    .wait(queue)
                    .map_err(|_: PoisonError<_>| Error::Poisoned)?;
                continue;
            }
            queue.leader_active = true;
            // Writers woken by the last commit are still on their way back; give them a few
            // scheduler turns to join this batch, as long as fewer have than joined the last one.
            // A lone writer never waits.
            for _ in 0..LINGER_TURNS {
                if queue.pending.len() >= queue.last_batch {
                    break;
                }
                drop(queue);
                std::thread::yield_now();
                queue = self.lock_queue()?;
            }
            let batch = mem::take(&mut queue.pending);
            queue.last_batch = batch.len();
            drop(queue);
            // A panic inside a commit must not leave every other writer waiting for a leader
            // that will never come back.
            let results = panic::catch_unwind(AssertUnwindSafe(|| self.commit_batch(&batch)))
                .unwrap_or_else(|_| {
                    batch
                        .iter()
                        .map(|(ticket, _)| (*ticket, Err(Error::Poisoned)))
                        .collect()
                });
            queue = self.lock_queue()?;
            queue.leader_active = false;
            queue.done.extend(results);
            self.committed.notify_all();
        }
    }

    fn lock_queue(&self) -> Result<MutexGuard<'_, Queue>> {
        self.queue.lock().map_err(|_| Error::Poisoned)
    }

    fn lock_conn(&self) -> Result<MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| Error::Poisoned)
    }

    /// Commits every queued event in one transaction; each ticket gets its own range, or the
    /// batch's error.
    fn commit_batch(&self, batch: &[(u64, Vec<Event>)]) -> Vec<(u64, Result<Range<u64>>)> {
        match self.write_batch(batch) {
            Ok(ranges) => batch
                .iter()
                .map(|(ticket, _)| *ticket)
                .zip(ranges.into_iter().map(Ok))
                .collect(),
            Err(error) => batch
                .iter()
                .map(|(ticket, _)| (*ticket, Err(error.clone())))
                .collect(),
        }
    }

    fn write_batch(&self, batch: &[(u64, Vec<Event>)]) -> Result<Vec<Range<u64>>> {
        let signer = self.signer.as_ref().ok_or(Error::NoSigningKey)?;
        let path = self.path.as_path();
        let mut conn = self.lock_conn()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::db(path))?;
        let head = self.checked_head(&tx)?;
        let first_hash_index = tlog_tiles::stored_hash_count(head.size);
        let mut new_hashes: Vec<Hash> = Vec::new();
        let mut ranges = Vec::with_capacity(batch.len());
        let mut size = head.size;
        {
            let mut insert_entry = tx
                .prepare_cached(
                    "INSERT INTO entries (seq, at_us, kind, record) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(Error::db(path))?;
            for (_, events) in batch {
                let start = size;
                for event in events {
                    let at = Timestamp::now();
                    let bytes = record::encode(size, at, event)?;
                    let reader = DatabaseHashes {
                        conn: &tx,
                        pending: &new_hashes,
                        pending_start: first_hash_index,
                    };
                    let hashes = tlog_tiles::stored_hashes(size, &bytes, &reader)
                        .map_err(|e| Error::Tampered(format!("stored hashes unreadable: {e}")))?;
                    new_hashes.extend(hashes);
                    insert_entry
                        .execute(rusqlite::params![
                            to_sql_int(size)?,
                            at.as_microsecond(),
                            event.kind.code(),
                            bytes
                        ])
                        .map_err(Error::db(path))?;
                    size += 1;
                }
                ranges.push(start..size);
            }
            let mut insert_hash = tx
                .prepare_cached("INSERT INTO hashes (idx, hash) VALUES (?1, ?2)")
                .map_err(Error::db(path))?;
            for (offset, hash) in (first_hash_index..).zip(&new_hashes) {
                insert_hash
                    .execute(rusqlite::params![to_sql_int(offset)?, &hash.0[..]])
                    .map_err(Error::db(path))?;
            }
        }
        let root = tlog_tiles::tree_hash(
            size,
            &DatabaseHashes {
                conn: &tx,
                pending: &[],
                pending_start: u64::MAX,
            },
        )
        .map_err(|e| Error::Tampered(format!("tree hash: {e}")))?;
        let checkpoint = SignedCheckpoint::sign(signer, size, root)?;
        tx.execute(
            "UPDATE head SET size = ?1, note = ?2 WHERE one = 1",
            rusqlite::params![to_sql_int(size)?, checkpoint.note],
        )
        .map_err(Error::db(path))?;
        tx.commit().map_err(Error::db(path))?;
        Ok(ranges)
    }

    /// Reads the signed head and checks, cheaply, that the stored tree still matches it: the
    /// same number of entries and stored hashes, and the same root. A journal that fails this is
    /// never appended to, so that a new signature can never cover a tampered history.
    fn checked_head(&self, conn: &Connection) -> Result<SignedCheckpoint> {
        let path = self.path.as_path();
        let note: Vec<u8> = conn
            .query_row("SELECT note FROM head WHERE one = 1", [], |row| row.get(0))
            .optional()
            .map_err(Error::db(path))?
            .ok_or_else(|| Error::Tampered("the signed head is missing".into()))?;
        let head = SignedCheckpoint::open(&note, &self.verifier)
            .map_err(|e| Error::Tampered(format!("signed head: {e}")))?;
        let entries = count(conn, "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries")
            .map_err(Error::db(path))?;
        let hashes =
            count(conn, "SELECT COALESCE(MAX(idx) + 1, 0) FROM hashes").map_err(Error::db(path))?;
        if entries != head.size || hashes != tlog_tiles::stored_hash_count(head.size) {
            return Err(Error::Tampered(format!(
                "the signed head covers {} entries but {entries} are stored",
                head.size
            )));
        }
        let reader = DatabaseHashes {
            conn,
            pending: &[],
            pending_start: u64::MAX,
        };
        let root = tlog_tiles::tree_hash(head.size, &reader)
            .map_err(|e| Error::Tampered(format!("tree hash: {e}")))?;
        if root != head.root {
            return Err(Error::Tampered(
                "the stored tree does not match the signed head".into(),
            ));
        }
        Ok(head)
    }

    /// The signed head: the checkpoint of the whole journal as of the last commit.
    pub fn head(&self) -> Result<SignedCheckpoint> {
        let conn = self.lock_conn()?;
        self.checked_head(&conn)
    }

    /// Keeps the current head as a checkpoint for good and returns it. Idempotent: keeping the
    /// same size twice returns the first one.
    pub fn checkpoint(&self) -> Result<StoredCheckpoint> {
        let head = self.head()?;
        let conn = self.lock_conn()?;
        let path = self.path.as_path();
        conn.execute(
            "INSERT OR IGNORE INTO checkpoints (size, created_us, note) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                to_sql_int(head.size)?,
                Timestamp::now().as_microsecond(),
                head.note
            ],
        )
        .map_err(Error::db(path))?;
        let stored = conn
            .query_row(
                "SELECT size, created_us, note FROM checkpoints WHERE size = ?1",
                [to_sql_int(head.size)?],
                stored_checkpoint,
            )
            .map_err(Error::db(path))?;
        Ok(stored)
    }

    /// Every checkpoint kept, oldest first.
    pub fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>> {
        let conn = self.lock_conn()?;
        let path = self.path.as_path();
        let mut statement = conn
            .prepare("SELECT size, created_us, note FROM checkpoints ORDER BY size")
            .map_err(Error::db(path))?;
        let rows = statement
            .query_map([], stored_checkpoint)
            .map_err(Error::db(path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::db(path))
    }

    /// Sends the current head to a witness, with the consistency proof from the last checkpoint
    /// the witness holds, and keeps it as a checkpoint.
    pub fn publish(&self, witness: &dyn Witness) -> Result<StoredCheckpoint> {
        let stored = self.checkpoint()?;
        // A witness that pinned another key gets the offer anyway, so that it refuses it and
        // keeps a trace of the attempt.
        let held = match witness.pinned_key()? {
            Some(pinned) if pinned.text() == self.verifier.text() => {
                witness.latest(&self.verifier)?
            }
            _ => None,
        };
        let proof = match held {
            Some(held) if held.size > 0 && held.size < stored.size => {
                self.prove_consistency(held.size, stored.size)?.hashes
            }
            _ => Vec::new(),
        };
        witness.submit(&self.verifier, stored.note.as_bytes(), &proof)?;
        Ok(stored)
    }

    /// The entries that match `filter`, oldest first.
    pub fn entries(&self, filter: &Filter) -> Result<Vec<Entry>> {
        let conn = self.lock_conn()?;
        let path = self.path.as_path();
        let since = filter.since.map_or(i64::MIN, |t| t.as_microsecond());
        let kind = filter.kind.map(Kind::code);
        let last = filter
            .last
            .map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let before = filter
            .before
            .map(|seq| i64::try_from(seq).unwrap_or(i64::MAX));
        let containing = filter.containing.as_deref().map(like_pattern);
        let mut statement = conn
            .prepare(
                "SELECT seq, record FROM (
                     SELECT seq, record FROM entries
                     WHERE at_us >= ?1 AND (?2 IS NULL OR kind = ?2)
                       AND (?4 IS NULL OR seq < ?4)
                       AND (?5 IS NULL OR EXISTS (
                           SELECT 1 FROM json_each(json_array(
                               json_extract(CAST(record AS TEXT), '$.summary'),
                               json_extract(CAST(record AS TEXT), '$.action'),
                               json_extract(CAST(record AS TEXT), '$.actor.id'),
                               json_extract(CAST(record AS TEXT), '$.subject')))
                           WHERE value LIKE ?5 ESCAPE '\\'))
                     ORDER BY seq DESC LIMIT ?3
                 ) ORDER BY seq",
            )
            .map_err(Error::db(path))?;
        let rows = statement
            .query_map(
                rusqlite::params![since, kind, last, before, containing],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?)),
            )
            .map_err(Error::db(path))?;
        let mut entries = Vec::new();
        for row in rows {
            let (seq, bytes) = row.map_err(Error::db(path))?;
            let seq = u64::try_from(seq)
                .map_err(|_| Error::Tampered(format!("negative entry number {seq}")))?;
            entries.push(decode_stored(seq, &bytes)?);
        }
        Ok(entries)
    }

    /// One entry and its stored record bytes.
    pub fn entry(&self, seq: u64) -> Result<(Entry, Vec<u8>)> {
        let conn = self.lock_conn()?;
        let bytes = self.record_bytes(&conn, seq)?;
        Ok((decode_stored(seq, &bytes)?, bytes))
    }

    fn record_bytes(&self, conn: &Connection, seq: u64) -> Result<Vec<u8>> {
        let path = self.path.as_path();
        let bytes: Option<Vec<u8>> = conn
            .query_row(
                "SELECT record FROM entries WHERE seq = ?1",
                [to_sql_int(seq)?],
                |row| row.get(0),
            )
            .optional()
            .map_err(Error::db(path))?;
        match bytes {
            Some(bytes) => Ok(bytes),
            None => Err(Error::NoSuchEntry {
                seq,
                size: self.checked_head(conn)?.size,
            }),
        }
    }

    /// Proves that entry `seq` is in the tree signed by the current head.
    pub fn prove_inclusion(&self, seq: u64) -> Result<InclusionProof> {
        let conn = self.lock_conn()?;
        let head = self.checked_head(&conn)?;
        if seq >= head.size {
            return Err(Error::NoSuchEntry {
                seq,
                size: head.size,
            });
        }
        let bytes = self.record_bytes(&conn, seq)?;
        let record = String::from_utf8(bytes)
            .map_err(|_| Error::Tampered(format!("entry {seq} is not UTF-8")))?;
        let reader = DatabaseHashes {
            conn: &conn,
            pending: &[],
            pending_start: u64::MAX,
        };
        let hashes = tlog_tiles::prove_record(head.size, seq, &reader)
            .map_err(|e| Error::Tampered(format!("audit path: {e}")))?;
        Ok(InclusionProof {
            format: INCLUSION_FORMAT.to_owned(),
            index: seq,
            record,
            tree_size: head.size,
            hashes,
            checkpoint: head.note_text(),
        })
    }

    /// Proves that the tree of `old_size` entries is a prefix of the tree of `new_size`.
    pub fn prove_consistency(&self, old_size: u64, new_size: u64) -> Result<ConsistencyProof> {
        let conn = self.lock_conn()?;
        let head = self.checked_head(&conn)?;
        if new_size > head.size || old_size > new_size {
            return Err(Error::NoSuchSize {
                asked: new_size.max(old_size),
                size: head.size,
            });
        }
        let hashes = if old_size == 0 || old_size == new_size {
            Vec::new()
        } else {
            let reader = DatabaseHashes {
                conn: &conn,
                pending: &[],
                pending_start: u64::MAX,
            };
            tlog_tiles::prove_tree(new_size, old_size, &reader)
                .map_err(|e| Error::Tampered(format!("consistency path: {e}")))?
        };
        Ok(ConsistencyProof {
            old_size,
            new_size,
            hashes,
        })
    }

    /// Recomputes everything from the stored records and reports every discrepancy, including
    /// against the witness when one is given.
    pub fn verify(&self, witness: Option<&dyn Witness>) -> Result<Report> {
        let conn = self.lock_conn()?;
        verify::run(&conn, &self.path, &self.verifier, witness)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Freed space is zeroed, so no stale copy of a record lingers in the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

fn stored_checkpoint(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredCheckpoint> {
    let size = u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0);
    let created_us: i64 = row.get(1)?;
    let note: Vec<u8> = row.get(2)?;
    Ok(StoredCheckpoint {
        created: Timestamp::from_microsecond(created_us).unwrap_or(Timestamp::UNIX_EPOCH),
        size,
        note: String::from_utf8_lossy(&note).into_owned(),
    })
}

fn decode_stored(seq: u64, bytes: &[u8]) -> Result<Entry> {
    let entry = record::decode(bytes)
        .map_err(|e| Error::Tampered(format!("entry {seq} is unreadable: {}", e.0)))?;
    if entry.seq != seq {
        return Err(Error::Tampered(format!(
            "entry {seq} holds the record of entry {}",
            entry.seq
        )));
    }
    Ok(entry)
}

/// Runs a query that returns one non-negative integer.
fn count(conn: &Connection, sql: &str) -> rusqlite::Result<u64> {
    let value: i64 = conn.query_row(sql, [], |row| row.get(0))?;
    Ok(u64::try_from(value).unwrap_or(0))
}

fn to_sql_int(value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::Tampered(format!("number {value} out of range")))
}
