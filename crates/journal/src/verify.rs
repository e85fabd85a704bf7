//! Full verification: recompute the tree from the stored records and compare it with everything
//! that was stored or signed about it.
//!
//! Each kind of damage leaves a different trace, and the report names it: an edited record no
//! longer hashes to its stored leaf hash; a swapped record carries another entry's number; a
//! deleted row leaves a gap; a truncated journal is shorter than what a signed head, a kept
//! checkpoint or the witness saw; a history rewritten together with its hashes no longer has the
//! root that was signed before, which narrows the change to the entries signed after the last
//! checkpoint that still matches.

use std::path::Path;

use serde::Serialize;
use tlog_tiles::Hash;

use crate::checkpoint::SignedCheckpoint;
use crate::error::{Error, Result};
use crate::keys::VerifierKey;
use crate::record;
use crate::tree::{MemoryHashes, hash_from_blob};
use crate::witness::Witness;
use rusqlite::Connection;

/// One discrepancy found by verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// SQLite's own integrity check failed: the file was damaged below the level of rows.
    DatabaseDamaged {
        /// What SQLite reported.
        detail: String,
    },
    /// Entries `from..=to` are missing from the middle of the journal (rows deleted).
    EntriesMissing {
        /// First missing entry.
        from: u64,
        /// Last missing entry.
        to: u64,
    },
    /// Entry `seq` holds the record that was written as entry `holds` (rows reordered or
    /// renumbered).
    EntryMoved {
        /// Where the record is stored.
        seq: u64,
        /// The number the record carries.
        holds: u64,
    },
    /// Entry `seq` is not a readable record any more.
    EntryUnreadable {
        /// The entry.
        seq: u64,
        /// Why it cannot be read.
        detail: String,
    },
    /// Entry `seq` was modified: its bytes no longer hash to the hash stored when it was written.
    EntryModified {
        /// The entry.
        seq: u64,
    },
    /// The query columns of entry `seq` disagree with its record.
    IndexAltered {
        /// The entry.
        seq: u64,
    },
    /// Stored interior hashes of the tree were altered, the first at stored index `index`.
    HashesAltered {
        /// Stored hash index of the first altered hash.
        index: u64,
    },
    /// The journal holds `size` entries but a signature (the head, a kept checkpoint or the
    /// witness) covers `signed` entries: the entries from `size` on were removed.
    Truncated {
        /// Entries stored.
        size: u64,
        /// Entries signed.
        signed: u64,
        /// Which signature: `head`, `checkpoint` or `witness`.
        by: &'static str,
    },
    /// A stored signature does not verify with the journal's key.
    BadSignature {
        /// `head` or `checkpoint`.
        by: &'static str,
        /// Tree size it claims, when readable.
        size: Option<u64>,
        /// Why it fails.
        detail: String,
    },
    /// A signed root does not match the tree recomputed from the records: some entry at or
    /// after `from` and before `size` was rewritten (with its hashes) after it was signed.
    RootMismatch {
        /// `head`, `checkpoint` or `witness`.
        by: &'static str,
        /// Tree size that was signed.
        size: u64,
        /// First entry that may have changed (the size of the last checkpoint that still
        /// matches, or 0).
        from: u64,
    },
    /// The witness could not be read or holds something unusable.
    WitnessUnreadable {
        /// Why.
        detail: String,
    },
}

impl Finding {
    /// The first entry this finding points at, when it points at one.
    pub fn entry(&self) -> Option<u64> {
        match self {
            Finding::EntriesMissing { from, .. } => Some(*from),
            Finding::EntryMoved { seq, .. }
            | Finding::EntryUnreadable { seq, .. }
            | Finding::EntryModified { seq }
            | Finding::IndexAltered { seq } => Some(*seq),
            Finding::Truncated { size, .. } => Some(*size),
            Finding::RootMismatch { from, .. } => Some(*from),
            _ => None,
        }
    }
}

/// The outcome of a full verification.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Entries found in the database.
    pub entries: u64,
    /// Size signed by the head, when its signature verified.
    pub signed_size: Option<u64>,
    /// Checkpoints whose signature and root were checked.
    pub checkpoints: usize,
    /// Whether a witness was consulted, and the size it holds.
    pub witness_size: Option<u64>,
    /// Everything that is wrong, in the order found.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.findings.is_empty()
    }

    /// The lowest entry number any finding points at.
    pub fn first_damaged_entry(&self) -> Option<u64> {
        self.findings.iter().filter_map(Finding::entry).min()
    }
}

/// The stored-hash position of entry `seq`'s leaf hash.
fn leaf_index(seq: u64) -> u64 {
    tlog_tiles::stored_hash_index(0, seq)
}

pub(crate) fn run(
    conn: &Connection,
    path: &Path,
    key: &VerifierKey,
    witness: Option<&dyn Witness>,
) -> Result<Report> {
    // One read transaction on `conn` fixes what is verified: rows that concurrent writers append
    // after it started are beyond the bounds read here and are left for the next verification.
    let snapshot = Snapshot::begin(conn, path)?;
    let result = verify_snapshot(conn, path, key, witness, snapshot.bounds);
    snapshot.end();
    result
}

/// The extent of the journal when verification started.
#[derive(Clone, Copy)]
struct Bounds {
    entries: i64,
    hashes: i64,
}

struct Snapshot<'a> {
    conn: &'a Connection,
    bounds: Bounds,
}

impl<'a> Snapshot<'a> {
    fn begin(conn: &'a Connection, path: &Path) -> Result<Snapshot<'a>> {
        conn.execute_batch("BEGIN").map_err(Error::db(path))?;
        let bound = |sql: &str| -> Result<i64> {
            conn.query_row(sql, [], |row| row.get(0))
                .map_err(Error::db(path))
        };
        let bounds = Bounds {
            entries: bound("SELECT COALESCE(MAX(seq) + 1, 0) FROM entries")?,
            hashes: bound("SELECT COALESCE(MAX(idx) + 1, 0) FROM hashes")?,
        };
        Ok(Snapshot { conn, bounds })
    }

    fn end(self) {
        // A read transaction has nothing to lose; failing to end it only delays the next one.
        let _ = self.conn.execute_batch("COMMIT");
    }
}

fn verify_snapshot(
    conn: &Connection,
    path: &Path,
    key: &VerifierKey,
    witness: Option<&dyn Witness>,
    bounds: Bounds,
) -> Result<Report> {
    let mut findings = Vec::new();

    // SQLite's own check, the stored hashes and the two halves of the records are read on their
    // own connections at once: they are independent until compared.
    let middle = bounds.entries / 2;
    let (check, stored, scanned) = std::thread::scope(|scope| {
        let check = scope.spawn(|| quick_check(path));
        let stored = scope.spawn(|| read_stored_hashes(path, bounds.hashes));
        let second_half = scope.spawn(|| {
            open_reader(path).and_then(|reader| scan_entries(&reader, path, middle..bounds.entries))
        });
        let first_half = scan_entries(conn, path, 0..middle);
        let scanned = first_half.and_then(|mut first| {
            first.extend(second_half.join().map_err(|_| Error::Poisoned)??);
            Ok(first)
        });
        (
            check.join().map_err(|_| Error::Poisoned).and_then(|r| r),
            stored.join().map_err(|_| Error::Poisoned).and_then(|r| r),
            scanned,
        )
    });
    let check = check?;
    if check != "ok" {
        findings.push(Finding::DatabaseDamaged { detail: check });
    }
    let stored = stored?;
    let recomputed = recompute(scanned?, &stored, &mut findings)?;
    let entries = recomputed.entries;
    let tree = recomputed.hashes;

    // Interior hashes: compare every stored hash that is not a leaf (leaves were compared entry
    // by entry, with a finding that names the entry).
    let mut next_leaf = 0u64;
    for (index, (stored_hash, recomputed_hash)) in (0u64..).zip(stored.iter().zip(tree.iter())) {
        if next_leaf < entries && index == leaf_index(next_leaf) {
            next_leaf += 1;
            continue;
        }
        if stored_hash.as_ref() != Some(recomputed_hash) {
            findings.push(Finding::HashesAltered { index });
            break;
        }
    }

    let root_at = |size: u64| -> Option<Hash> {
        if size > entries {
            return None;
        }
        tlog_tiles::tree_hash(size, &MemoryHashes(&tree)).ok()
    };

    // Signed statements about the tree, smallest first.
    let mut signed: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let mut statement = conn
        .prepare("SELECT note FROM checkpoints ORDER BY size")
        .map_err(Error::db(path))?;
    let rows = statement
        .query_map([], |row| row.get::<_, Vec<u8>>(0))
        .map_err(Error::db(path))?;
    for note in rows {
        signed.push(("checkpoint", note.map_err(Error::db(path))?));
    }
    let head: Option<Vec<u8>> = conn
        .query_row("SELECT note FROM head WHERE one = 1", [], |row| row.get(0))
        .ok();
    match head {
        Some(note) => signed.push(("head", note)),
        None => findings.push(Finding::BadSignature {
            by: "head",
            size: None,
            detail: "the signed head is missing".into(),
        }),
    }

    let mut signed_size = None;
    let mut checkpoints = 0;
    let mut last_good = 0u64;
    let mut opened = Vec::new();
    for (by, note) in signed {
        match SignedCheckpoint::open(&note, key) {
            Ok(checkpoint) => opened.push((by, checkpoint)),
            Err(detail) => findings.push(Finding::BadSignature {
                by,
                size: None,
                detail,
            }),
        }
    }
    let mut witness_size = None;
    if let Some(witness) = witness {
        match witness.latest(key) {
            Ok(Some(checkpoint)) => {
                witness_size = Some(checkpoint.size);
                opened.push(("witness", checkpoint));
            }
            Ok(None) => witness_size = Some(0),
            Err(e) => findings.push(Finding::WitnessUnreadable {
                detail: e.to_string(),
            }),
        }
    }
    opened.sort_by_key(|(_, checkpoint)| checkpoint.size);
    for (by, checkpoint) in opened {
        if by == "head" {
            signed_size = Some(checkpoint.size);
        }
        if by == "checkpoint" {
            checkpoints += 1;
        }
        match root_at(checkpoint.size) {
            None => findings.push(Finding::Truncated {
                size: entries,
                signed: checkpoint.size,
                by,
            }),
            Some(root) if root == checkpoint.root => last_good = last_good.max(checkpoint.size),
            Some(_) => findings.push(Finding::RootMismatch {
                by,
                size: checkpoint.size,
                from: last_good,
            }),
        }
    }

    Ok(Report {
        entries,
        signed_size,
        checkpoints,
        witness_size,
        findings,
    })
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(Error::db(path))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(Error::db(path))?;
    Ok(conn)
}

fn quick_check(path: &Path) -> Result<String> {
    let conn = open_reader(path)?;
    conn.query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(Error::db(path))
}

fn read_stored_hashes(path: &Path, bound: i64) -> Result<Vec<Option<Hash>>> {
    let conn = open_reader(path)?;
    let mut statement = conn
        .prepare("SELECT idx, hash FROM hashes WHERE idx < ?1 ORDER BY idx")
        .map_err(Error::db(path))?;
    let mut rows = statement.query([bound]).map_err(Error::db(path))?;
    let mut stored: Vec<Option<Hash>> =
        Vec::with_capacity(usize::try_from(bound).unwrap_or(0).min(1 << 26));
    while let Some(row) = rows.next().map_err(Error::db(path))? {
        let index: i64 = row.get(0).map_err(Error::db(path))?;
        let Ok(index) = usize::try_from(index) else {
            continue;
        };
        if index >= stored.len() {
            stored.resize(index + 1, None);
        }
        let blob = row.get_ref(1).map_err(Error::db(path))?;
        stored[index] = blob.as_blob().ok().and_then(hash_from_blob);
    }
    Ok(stored)
}

/// What reading one stored row tells, before it is compared with the stored hashes.
struct Scanned {
    seq: u64,
    leaf: Hash,
    problem: Option<Finding>,
}

/// Reads the records in `range`, hashes them and checks that each reads back as the entry it is
/// stored as.
fn scan_entries(
    conn: &Connection,
    path: &Path,
    range: std::ops::Range<i64>,
) -> Result<Vec<Scanned>> {
    let mut statement = conn
        .prepare(
            "SELECT seq, at_us, kind, record FROM entries WHERE seq >= ?1 AND seq < ?2 ORDER BY seq",
        )
        .map_err(Error::db(path))?;
    let mut rows = statement
        .query([range.start, range.end])
        .map_err(Error::db(path))?;
    let capacity = usize::try_from(range.end - range.start).unwrap_or(0);
    let mut scanned = Vec::with_capacity(capacity.min(1 << 26));
    while let Some(row) = rows.next().map_err(Error::db(path))? {
        let seq: i64 = row.get(0).map_err(Error::db(path))?;
        let Ok(seq) = u64::try_from(seq) else {
            continue;
        };
        let at_us: i64 = row.get(1).map_err(Error::db(path))?;
        let kind = row.get_ref(2).map_err(Error::db(path))?;
        let kind = kind.as_str().unwrap_or("");
        let bytes = row.get_ref(3).map_err(Error::db(path))?;
        let bytes = bytes.as_blob().unwrap_or(b"");
        scanned.push(Scanned {
            seq,
            leaf: tlog_tiles::record_hash(bytes),
            problem: check_row(seq, at_us, kind, bytes),
        });
    }
    Ok(scanned)
}

/// Whether a stored row reads back as entry `seq` with the query columns it has.
fn check_row(seq: u64, at_us: i64, kind: &str, bytes: &[u8]) -> Option<Finding> {
    let columns_agree = |at: Option<jiff::Timestamp>, record_kind: &str| {
        at.map(|at| at.as_microsecond()) == Some(at_us) && record_kind == kind
    };
    if let Some((record_seq, at, record_kind)) = record::prefix(bytes) {
        return if record_seq != seq {
            Some(Finding::EntryMoved {
                seq,
                holds: record_seq,
            })
        } else if !columns_agree(at.parse().ok(), record_kind) {
            Some(Finding::IndexAltered { seq })
        } else {
            None
        };
    }
    match record::probe(bytes) {
        Err(e) => Some(Finding::EntryUnreadable { seq, detail: e.0 }),
        Ok(probe) if probe.seq != seq => Some(Finding::EntryMoved {
            seq,
            holds: probe.seq,
        }),
        Ok(probe) if !columns_agree(Some(probe.at), probe.kind.code()) => {
            Some(Finding::IndexAltered { seq })
        }
        Ok(_) => None,
    }
}

struct Recomputed {
    entries: u64,
    hashes: Vec<Hash>,
}

/// Compares each scanned record with its stored leaf hash and rebuilds the stored-hash vector.
/// Where a row is missing, its stored leaf hash stands in for it (when there is one) so that
/// damage further on can still be located; an entry already named keeps its stored leaf hash,
/// so that the rest of the tree is checked on its own and one edit does not drown the report.
fn recompute(
    scanned: Vec<Scanned>,
    stored: &[Option<Hash>],
    findings: &mut Vec<Finding>,
) -> Result<Recomputed> {
    let stored_at = |index: u64| -> Option<Hash> {
        usize::try_from(index)
            .ok()
            .and_then(|i| stored.get(i).copied().flatten())
    };
    let mut tree: Vec<Hash> = Vec::with_capacity(stored.len());
    let mut expected = 0u64;
    for entry in scanned {
        let seq = entry.seq;
        if seq > expected {
            findings.push(Finding::EntriesMissing {
                from: expected,
                to: seq - 1,
            });
            for missing in expected..seq {
                let leaf = stored_at(leaf_index(missing)).unwrap_or(tlog_tiles::EMPTY_HASH);
                push_leaf(&mut tree, missing, leaf)?;
            }
        }
        let stored_leaf = stored_at(leaf_index(seq));
        // A moved or unreadable record is named as such; an edited one is told by its hash, and
        // outranks a mere disagreement of the query columns.
        let problem = match entry.problem {
            Some(Finding::IndexAltered { .. }) | None if stored_leaf != Some(entry.leaf) => {
                Some(Finding::EntryModified { seq })
            }
            problem => problem,
        };
        let leaf = match (&problem, stored_leaf) {
            (Some(_), Some(stored_leaf)) => stored_leaf,
            _ => entry.leaf,
        };
        findings.extend(problem);
        push_leaf(&mut tree, seq, leaf)?;
        expected = seq + 1;
    }
    Ok(Recomputed {
        entries: expected,
        hashes: tree,
    })
}

fn push_leaf(tree: &mut Vec<Hash>, seq: u64, leaf: Hash) -> Result<()> {
    let hashes = tlog_tiles::stored_hashes_for_record_hash(seq, leaf, &MemoryHashes(tree))
        .map_err(|e| Error::Tampered(format!("recomputing entry {seq}: {e}")))?;
    tree.extend(hashes);
    Ok(())
}
