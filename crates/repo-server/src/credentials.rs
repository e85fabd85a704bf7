//! Who may use the server: a TOML file of credentials, passwords stored as Argon2id hashes.
//!
//! ```toml
//! [[credential]]
//! name = "cabinet-dupont"      # also the name of its private repository
//! role = "backup"              # or "admin"
//! hash = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! ```

use std::collections::HashMap;
use std::path::Path;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

/// What a credential may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Add to its own repository; delete only lock files.
    Backup,
    /// Everything, on every repository (pruning, deleting).
    Admin,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    role: Role,
    hash: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    credential: Vec<Entry>,
}

/// Why the credentials cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// The file cannot be read or written.
    #[error("{0}")]
    Io(String),
    /// The file is not valid.
    #[error("{0}")]
    Invalid(String),
}

/// The credentials the server accepts.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    entries: HashMap<String, Entry>,
}

/// An Argon2id hash of `password`, in the PHC string format.
pub fn hash_password(password: &str) -> Result<String, CredentialError> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| CredentialError::Invalid(e.to_string()))
}

/// Whether `name` can be a credential and repository name: 1–64 of `a-z 0-9 - _`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Credentials {
    /// Reads a credentials file; a missing file is an empty set.
    pub fn load(path: &Path) -> Result<Credentials, CredentialError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(CredentialError::Io(format!("{}: {e}", path.display()))),
        };
        let file: File = toml::from_str(&text).map_err(|e| {
            CredentialError::Invalid(format!("{}: {}", path.display(), e.message()))
        })?;
        let mut entries = HashMap::new();
        for entry in file.credential {
            if !valid_name(&entry.name) {
                return Err(CredentialError::Invalid(format!(
                    "{}: invalid credential name {:?}",
                    path.display(),
                    entry.name
                )));
            }
            PasswordHash::new(&entry.hash).map_err(|e| {
                CredentialError::Invalid(format!("{}: {}: {e}", path.display(), entry.name))
            })?;
            entries.insert(entry.name.clone(), entry);
        }
        Ok(Credentials { entries })
    }

    /// Adds (or replaces) a credential and writes the file.
    pub fn add(path: &Path, name: &str, role: Role, password: &str) -> Result<(), CredentialError> {
        if !valid_name(name) {
            return Err(CredentialError::Invalid(format!(
                "invalid credential name {name:?}"
            )));
        }
        let mut current = Credentials::load(path)?;
        current.entries.insert(
            name.to_owned(),
            Entry {
                name: name.to_owned(),
                role,
                hash: hash_password(password)?,
            },
        );
        let mut entries: Vec<Entry> = current.entries.into_values().collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let text = toml::to_string(&File {
            credential: entries,
        })
        .map_err(|e| CredentialError::Invalid(e.to_string()))?;
        std::fs::write(path, text)
            .map_err(|e| CredentialError::Io(format!("{}: {e}", path.display())))?;
        // Hashes only, but nobody else needs to read them.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| CredentialError::Io(format!("{}: {e}", path.display())))?;
        }
        Ok(())
    }

    /// The role of `name` if `password` is its password. Runs the same Argon2id work for
    /// unknown names, so timing does not tell which names exist.
    pub fn check(&self, name: &str, password: &str) -> Option<Role> {
        const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0v3x3RQ1oI8l1mFzYn7mJ0W6aN5Qx9gq3v3x3RQ1oI8";
        let (entry, hash) = match self.entries.get(name) {
            Some(entry) => (Some(entry), entry.hash.as_str()),
            None => (None, DECOY),
        };
        let parsed = PasswordHash::new(hash).ok()?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        match entry {
            Some(entry) if ok => Some(entry.role),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_checked_against_argon2id_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        Credentials::add(&path, "cabinet", Role::Backup, "sauvegarde-secrete").unwrap();
        Credentials::add(&path, "prestataire", Role::Admin, "administration").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("$argon2id$"));
        assert!(!text.contains("sauvegarde-secrete"));
        let credentials = Credentials::load(&path).unwrap();
        assert_eq!(
            credentials.check("cabinet", "sauvegarde-secrete"),
            Some(Role::Backup)
        );
        assert_eq!(
            credentials.check("prestataire", "administration"),
            Some(Role::Admin)
        );
        assert_eq!(credentials.check("cabinet", "administration"), None);
        assert_eq!(credentials.check("inconnu", "x"), None);
        assert!(Credentials::add(&path, "../etc", Role::Admin, "x").is_err());
    }
}
