//! What a failed command tells the person who ran it: one translated line and an exit code.
//!
//! Exit codes: 0 success; 1 the command ran and found something wrong (a damaged journal, a
//! refused proof) or an operation failed; 2 Hygie is misconfigured or was called wrongly (no
//! home, a bad configuration, an unreadable key), so nothing was done.

use std::fmt;
use std::process::ExitCode;

use hygie_journal::witness::Refusal;

use crate::t;

/// A failure, already in the person's language.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// Hygie cannot run as configured or called: exit code 2.
    pub fn setup(message: String) -> Failure {
        Failure { message, code: 2 }
    }

    /// The operation failed: exit code 1.
    pub fn failed(message: String) -> Failure {
        Failure { message, code: 1 }
    }

    /// Whether Hygie was called or set up wrongly (rather than an operation failing).
    pub fn is_setup(&self) -> bool {
        self.code == 2
    }

    /// The exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.replace('\n', " "))
    }
}

impl std::error::Error for Failure {}

/// The outcome of a command.
pub type Outcome = Result<ExitCode, Failure>;

impl From<hygie_journal::Error> for Failure {
    fn from(error: hygie_journal::Error) -> Failure {
        use hygie_journal::Error as E;
        let message = match &error {
            E::Database { path, source } => t!(
                "journal-error-database",
                path = path.as_path(),
                cause = source.to_string()
            ),
            E::Io { path, source } => t!(
                "journal-error-io",
                path = path.as_path(),
                cause = source.to_string()
            ),
            E::NotFound(path) => t!("journal-error-not-found", path = path.as_path()),
            E::AlreadyExists(path) => t!("journal-error-exists", path = path.as_path()),
            E::Tampered(detail) => t!("journal-error-tampered", detail = detail),
            E::NoSigningKey => t!("journal-error-no-key"),
            E::InvalidKey(detail) => t!("journal-error-invalid-key", detail = detail),
            E::EventTooLarge { len, max, .. } => {
                t!("journal-error-too-large", len = *len, max = *max)
            }
            E::NoSuchEntry { seq, size } => {
                t!("journal-error-no-entry", seq = *seq, size = *size)
            }
            E::WitnessRefused(refusal) => refusal_message(refusal),
            other => t!("journal-error-other", detail = other.to_string()),
        };
        match error {
            E::Tampered(_) | E::WitnessRefused(_) | E::NoSuchEntry { .. } => {
                Failure::failed(message)
            }
            E::Database { .. } | E::Io { .. } | E::Poisoned | E::Checkpoint(_) => {
                Failure::failed(message)
            }
            _ => Failure::setup(message),
        }
    }
}

/// Why a witness refused, for a person.
pub fn refusal_message(refusal: &Refusal) -> String {
    match refusal {
        Refusal::KeyMismatch { .. } => t!("witness-refused-key"),
        Refusal::BadSignature { detail } => t!("witness-refused-signature", detail = detail),
        Refusal::Rollback { held, offered } => {
            t!("witness-refused-rollback", held = *held, offered = *offered)
        }
        Refusal::Inconsistent { held, offered } => {
            t!("witness-refused-rewrite", held = *held, offered = *offered)
        }
    }
}

impl From<hygie_state::Error> for Failure {
    fn from(error: hygie_state::Error) -> Failure {
        let message = match &error {
            hygie_state::Error::NotFound(path) => {
                t!("state-error-not-found", path = path.as_path())
            }
            other => t!("state-error", detail = other.to_string()),
        };
        Failure::failed(message)
    }
}

impl From<hygie_vault::Error> for Failure {
    fn from(error: hygie_vault::Error) -> Failure {
        use hygie_vault::Error as E;
        match &error {
            E::WrongPassword { location } => {
                Failure::setup(t!("vault-error-password", location = location.as_str()))
            }
            E::AlreadyExists(location) => {
                Failure::setup(t!("vault-error-exists", location = location.as_str()))
            }
            E::NoSuchSnapshot(id) => {
                Failure::failed(t!("vault-error-no-snapshot", id = id.as_str()))
            }
            E::MissingSource(path) => {
                Failure::setup(t!("vault-error-missing-source", path = path.as_path()))
            }
            E::BadTarget { path, reason } => Failure::setup(t!(
                "vault-error-target",
                path = path.as_path(),
                reason = reason.as_str()
            )),
            E::Repository {
                location,
                operation,
                cause,
            } => Failure::failed(t!(
                "vault-error-repository",
                location = location.as_str(),
                operation = *operation,
                cause = cause.as_str()
            )),
            E::NotInSnapshot(path) => {
                Failure::setup(t!("vault-error-not-in-snapshot", path = path.as_path()))
            }
            E::OutsideBackup(path) => {
                Failure::setup(t!("vault-error-outside", path = path.as_path()))
            }
            other => Failure::failed(t!("vault-error-other", detail = other.to_string())),
        }
    }
}
