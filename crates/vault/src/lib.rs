//! The vault: snapshots of the practice's folders in the restic repository format.
//!
//! Repositories are written through `rustic_core`, so the `restic` program itself can check and
//! restore them: that is the practice's exit door if Hygie ever disappears, and an independent
//! verifier. This crate backs up, lists, restores, checks, and runs restore drills that prove,
//! byte for byte, that a snapshot can be brought back. It returns reports; what to journal and
//! what to tell a person is the binary's business.
//!
//! It must never write outside the target a restore was given, never delete a snapshot on its
//! own, and never keep the repository password anywhere but where its caller put it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod browse;
mod drill;
mod error;
mod pinned;
mod place;
mod repository;
mod retention;

pub use browse::{RestoredCopy, SnapshotEntry};
pub use drill::{DrillReport, Mismatch};
pub use error::{Error, Result};
#[cfg(unix)]
pub use pinned::give_owner;
pub use pinned::{PinnedFolder, Pinning};
pub use place::Place;
pub use repository::{
    BackupReport, BackupRequest, CheckReport, RestoreReport, SnapshotInfo, Vault,
    generate_password, restored_path,
};
pub use retention::{ForgetReport, PruneReport, Retention};
/// The progress interface a caller implements to show progress bars.
pub use rustic_core::{Progress, ProgressBars, ProgressType, RusticProgress};
