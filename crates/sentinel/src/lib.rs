//! The sentinel: ransomware detection on the machine that holds the practice's files.
//!
//! This crate is the **pure engine**: a stream of [`FileEvent`]s in, [`Alert`]s out, with no
//! I/O of its own, so the same engine serves `hygie up`, a diagnosis command and the tests. Event
//! sources (fanotify on Linux, a portable watcher elsewhere) read the few regions of a file the
//! engine needs ([`content::sample_offsets`]) and describe each change with
//! [`content::Profile`]s; the binary turns alerts into containment, journal entries and
//! recovery.
//!
//! Signals are combined, never used alone: the entropy of sampled regions and how it changed,
//! magic bytes and trailers that no longer match the file's former type or its extension,
//! base64/hex text of random bytes, renames to extensions the site never uses, unreadable copies
//! whose originals are then removed, decoy files, ransom-note-like files in many folders, mass
//! removals, and the breadth of the damage. Suspicion adds up per process tree, per Samba
//! session, and for the whole site, so that splitting the work across processes does not hide
//! it.
//!
//! It must never read, write or delete a file itself, and never raise an alert on one signal.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod content;
mod engine;
mod event;

pub use engine::{Alert, Config, Engine, Indicator};
pub use event::{Actor, Change, FileEvent, Scope};
