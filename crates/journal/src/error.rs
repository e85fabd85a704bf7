//! Errors of the journal.
//!
//! Rules: every variant carries what a caller needs to tell a person *where* the problem is (a
//! path, an entry number). Sources are shared behind `Arc` so that one failed group commit can
//! be reported to every writer that was waiting on it. None of these errors is worth retrying
//! blindly except [`Error::Database`] when SQLite reports a busy database.

use std::path::PathBuf;
use std::sync::Arc;

use crate::witness::Refusal;

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while using a journal.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed on the journal database.
    #[error("journal database {path}: {source}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: Arc<rusqlite::Error>,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// `create` was asked to create a journal where one already exists.
    #[error("a journal already exists at {0}")]
    AlreadyExists(PathBuf),
    /// `open` was asked to open a journal that does not exist.
    #[error("no journal at {0}")]
    NotFound(PathBuf),
    /// The stored journal does not match its own signed head: someone changed it outside Hygie.
    /// Nothing more is appended until `verify` has been run and the damage understood.
    #[error("the journal was changed outside Hygie: {0}")]
    Tampered(String),
    /// An append was attempted on a journal opened without its signing key.
    #[error("the journal's signing key is not loaded")]
    NoSigningKey,
    /// A key file's text is not a valid C2SP signed-note key.
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// The origin (log name) is not usable as a C2SP key name.
    #[error("invalid journal origin {0:?}: it must be non-empty, without spaces or '+'")]
    InvalidOrigin(String),
    /// An event is larger than the journal accepts.
    #[error("event too large: {what} has {len} bytes, at most {max} are accepted")]
    EventTooLarge {
        /// Which part of the event.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The entry asked for does not exist.
    #[error("entry {seq} does not exist: the journal holds {size} entries")]
    NoSuchEntry {
        /// The number asked for.
        seq: u64,
        /// How many entries the journal holds.
        size: u64,
    },
    /// A tree size asked for is larger than the journal.
    #[error("tree size {asked} is larger than the journal ({size} entries)")]
    NoSuchSize {
        /// The size asked for.
        asked: u64,
        /// How many entries the journal holds.
        size: u64,
    },
    /// A witness refused a checkpoint.
    #[error("the witness refused the checkpoint: {0}")]
    WitnessRefused(Refusal),
    /// A witness reached over the network could not be reached or answered nonsense.
    #[error("the witness could not be reached: {0}")]
    WitnessUnreachable(String),
    /// A signed checkpoint could not be produced or read.
    #[error("checkpoint: {0}")]
    Checkpoint(String),
    /// A lock was poisoned by a panicking writer; the process should restart.
    #[error("a journal writer panicked; restart the process")]
    Poisoned,
}

impl Error {
    pub(crate) fn db(path: &std::path::Path) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
        move |source| Error::Database {
            path: path.to_path_buf(),
            source: Arc::new(source),
        }
    }

    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io {
            path: path.to_path_buf(),
            source: Arc::new(source),
        }
    }
}
