//! Errors of the vault.
//!
//! Every variant says which operation failed on which repository or path; the text of
//! `rustic_core`'s error is kept as the cause. None is worth retrying blindly except
//! [`Error::Repository`] when the repository was locked or briefly unreachable.

use std::path::PathBuf;

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the vault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The repository could not be opened, read or written.
    #[error("repository {location}: {operation}: {cause}")]
    Repository {
        /// Where the repository is.
        location: String,
        /// What was being done.
        operation: &'static str,
        /// What `rustic_core` said.
        cause: String,
    },
    /// The password does not open the repository.
    #[error("repository {location}: the password does not open it")]
    WrongPassword {
        /// Where the repository is.
        location: String,
    },
    /// A repository already exists where one was to be created.
    #[error("a repository already exists at {0}")]
    AlreadyExists(String),
    /// No snapshot matches what was asked for.
    #[error("no snapshot {0:?} in the repository")]
    NoSuchSnapshot(String),
    /// A path to back up does not exist.
    #[error("{0} does not exist")]
    MissingSource(PathBuf),
    /// A restore target is not usable (not a directory, not empty when it must be…).
    #[error("restore target {path}: {reason}")]
    BadTarget {
        /// The target.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// A path asked for is not in the snapshot.
    #[error("{0} is not in this snapshot")]
    NotInSnapshot(PathBuf),
    /// A path asked for is not strictly inside a folder the snapshot protects.
    #[error("{0} is not inside a folder this snapshot protects")]
    OutsideBackup(PathBuf),
    /// A local file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
}

impl Error {
    pub(crate) fn repository<'a>(
        location: &'a str,
        operation: &'static str,
    ) -> impl FnOnce(Box<rustic_core::RusticError>) -> Error + 'a {
        move |cause| {
            if cause.is_incorrect_password() {
                Error::WrongPassword {
                    location: location.to_owned(),
                }
            } else {
                Error::Repository {
                    location: location.to_owned(),
                    operation,
                    cause: concise(&cause),
                }
            }
        }
    }
}

/// `rustic_core`'s one-line account of an error, without the "Error: " prefix or a backtrace.
pub(crate) fn concise(error: &rustic_core::RusticError) -> String {
    let text = error.display_log();
    text.strip_prefix("Error: ").unwrap_or(&text).to_owned()
}
