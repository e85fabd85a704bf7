//! What the server reports to whoever keeps its evidence.
//!
//! The server decides and logs; a [`Recorder`] given by its caller turns each [`Fact`] into a
//! durable record (the `hygie` binary appends them to the server's own tamper-evident journal,
//! worded in the operator's language). Recording never blocks a request for long and never
//! changes its answer.

use serde::Serialize;

/// Something the server did that an auditor will want to see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// A request was refused.
    Refused {
        /// The credential that asked, when it authenticated.
        caller: Option<String>,
        /// The HTTP method.
        method: String,
        /// What it was about: `repo/kind/name`, or the repository.
        what: String,
        /// The status answered.
        status: u16,
        /// Why, in English, for the log.
        reason: String,
    },
    /// A backup credential read far more pack data than backups need.
    ExfiltrationAlarm {
        /// The credential.
        caller: String,
        /// Its repository.
        repository: String,
        /// Pack bytes read within the window.
        bytes_read: u64,
        /// Bytes the repository holds.
        repository_bytes: u64,
    },
    /// The journal witness accepted a checkpoint.
    CheckpointAccepted {
        /// The credential that sent it.
        caller: String,
        /// The repository whose witness it is.
        repository: String,
        /// The tree size now held.
        size: u64,
    },
    /// The journal witness refused a checkpoint: the practice's journal was rewritten, rolled
    /// back, or signed with another key.
    CheckpointRefused {
        /// The credential that sent it.
        caller: String,
        /// The repository whose witness it is.
        repository: String,
        /// Why, in English.
        reason: String,
    },
}

/// Keeps the server's facts somewhere durable.
pub trait Recorder: Send + Sync {
    /// Records one fact. Must return quickly: it runs on the request's path.
    fn record(&self, fact: Fact);
}

/// A recorder that keeps nothing beyond the server's log.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogOnly;

impl Recorder for LogOnly {
    fn record(&self, _fact: Fact) {}
}
