//! The vault's repository server: restic's REST protocol (v1 and v2), append-only for backup
//! credentials.
//!
//! It is meant to run on another machine than the practice's PC (a NAS, a box at the IT
//! provider's), so that ransomware holding the PC's backup credential can add snapshots but never
//! delete or overwrite one. `hygie`, `restic` and `rustic` clients all speak to it.
//!
//! Rules it enforces for a backup credential: one private repository (named like the
//! credential); no overwrite of any existing file (403); no delete except lock files (403); an
//! upload's body must hash (SHA-256) to its name (400); files appear atomically (temporary
//! file, `fsync`, link into place) or not at all; a quota per repository (507). An administrator
//! credential, which the PC never holds, may delete (for pruning) and reach every repository.
//!
//! It is also the witness of the practice's journal (`/{repo}/witness`), and hands every refusal,
//! alarm and witnessed checkpoint to a [`Recorder`].
//! Credentials are stored as Argon2id hashes. It must never serve a path outside its data folder.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod credentials;
mod http;
mod record;
mod storage;
mod witness;

pub use credentials::{CredentialError, Credentials, Role, hash_password};
pub use http::{ServerConfig, router, serve};
pub use hygie_tls::{TlsError, tls_config};
pub use record::{Fact, LogOnly, Recorder};
pub use storage::{SERVER_DIR, Storage, StorageError};
