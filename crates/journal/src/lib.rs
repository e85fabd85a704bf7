//! The tamper-evident journal of a Hygie practice.
//!
//! Every security-relevant event (a backup, an alert, a mail verdict, a manual note…) is appended
//! as one record to an append-only Merkle log that follows RFC 6962/9162. The log lives in an
//! embedded SQLite database; appends are group-committed, so many writers share one `fsync`.
//! After every commit the tree head is signed with Ed25519 as a C2SP `tlog-checkpoint` wrapped in
//! a `signed-note`, and checkpoints can be sent to a [`witness`] that refuses any history that is
//! not an extension of what it saw before.
//!
//! The crate never decides what an event *means*: it stores, proves and verifies. It must never
//! rewrite or delete a stored entry, and never sign a tree head it has not recomputed from stored
//! hashes.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod checkpoint;
mod error;
mod event;
mod keys;
mod proof;
mod record;
mod store;
mod tree;
mod verify;
pub mod witness;

pub use checkpoint::SignedCheckpoint;
pub use error::{Error, Result};
pub use event::{Actor, ActorKind, Entry, Event, Kind, Outcome};
pub use keys::{SecretKeyText, SigningKey, VerifierKey, generate_keys};
pub use proof::{ConsistencyProof, InclusionProof, ProofError};
pub use store::{Filter, Journal, StoredCheckpoint};
pub use tlog_tiles::Hash;
pub use verify::{Finding, Report};
