//! The repositories on disk, and the rules no request can bend.
//!
//! Layout, as restic's REST server and local backend use it: `DATA/<repo>/config`,
//! `DATA/<repo>/{keys,locks,snapshots,index}/<id>` and `DATA/<repo>/data/<id[..2]>/<id>`.
//! Every path is built from validated parts (a repository name of `a-z 0-9 - _`, a known file
//! type, a 64-digit lowercase hexadecimal id), so no request names a path outside the data folder.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::credentials::valid_name;

/// Why a storage operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A repository name, file type or file name is not valid.
    #[error("invalid path: {0}")]
    InvalidPath(String),
    /// The file or repository does not exist.
    #[error("not found")]
    NotFound,
    /// The file exists already and files are never overwritten.
    #[error("{0} exists already: files are never overwritten")]
    Exists(String),
    /// The upload does not hash to its name.
    #[error("the upload's SHA-256 is {actual}, not its name {expected}")]
    HashMismatch {
        /// The name.
        expected: String,
        /// What the body hashed to.
        actual: String,
    },
    /// The repository would grow past its quota.
    #[error("quota of {quota} bytes reached ({used} used, {incoming} more offered)")]
    Quota {
        /// The quota.
        quota: u64,
        /// Bytes already stored.
        used: u64,
        /// Bytes offered.
        incoming: u64,
    },
    /// The disk or file system failed (full disk, permissions…).
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
}

/// The server's own folder under the data folder (its journal, the witnesses). Repository names
/// cannot start with a dot, so no request reaches it.
pub const SERVER_DIR: &str = ".hygie-server";

/// The kinds of files a repository holds besides `config`.
pub const TYPES: &[&str] = &["data", "keys", "locks", "snapshots", "index"];

/// The repositories under one data folder.
#[derive(Debug)]
pub struct Storage {
    root: PathBuf,
    quota: Option<u64>,
    /// Bytes stored per repository, counted once at start then kept up to date.
    usage: Mutex<HashMap<String, u64>>,
}

/// What an upload names: a repository's `config`, or a typed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `config`.
    Config,
    /// A file of `kind` named by its hash.
    File {
        /// One of [`TYPES`].
        kind: String,
        /// 64 lowercase hexadecimal digits.
        name: String,
    },
}

fn is_id(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Storage {
    /// The repositories under `root`, each limited to `quota` bytes when given.
    pub fn new(root: PathBuf, quota: Option<u64>) -> Storage {
        Storage {
            root,
            quota,
            usage: Mutex::new(HashMap::new()),
        }
    }

    fn repo_dir(&self, repo: &str) -> Result<PathBuf, StorageError> {
        if !valid_name(repo) {
            return Err(StorageError::InvalidPath(format!("repository {repo:?}")));
        }
        Ok(self.root.join(repo))
    }

    /// Where the journal witness of `repo` keeps its checkpoints: beside the repositories, in a
    /// folder no repository name can reach.
    pub fn witness_dir(&self, repo: &str) -> Result<PathBuf, StorageError> {
        self.repo_dir(repo)?;
        Ok(self.root.join(SERVER_DIR).join("witness").join(repo))
    }

    /// Whether the repository exists.
    pub fn exists(&self, repo: &str) -> Result<bool, StorageError> {
        Ok(self.repo_dir(repo)?.join("keys").is_dir())
    }

    /// Creates a repository's folders (idempotent).
    pub fn create(&self, repo: &str) -> Result<(), StorageError> {
        let dir = self.repo_dir(repo)?;
        for kind in TYPES {
            std::fs::create_dir_all(dir.join(kind))?;
        }
        std::fs::create_dir_all(dir.join(".incoming"))?;
        for prefix in 0..=255u8 {
            std::fs::create_dir_all(dir.join("data").join(format!("{prefix:02x}")))?;
        }
        Ok(())
    }

    /// The path of `target` in `repo`, checked.
    pub fn path(&self, repo: &str, target: &Target) -> Result<PathBuf, StorageError> {
        let dir = self.repo_dir(repo)?;
        match target {
            Target::Config => Ok(dir.join("config")),
            Target::File { kind, name } => {
                if !TYPES.contains(&kind.as_str()) {
                    return Err(StorageError::InvalidPath(format!("type {kind:?}")));
                }
                if !is_id(name) {
                    return Err(StorageError::InvalidPath(format!("name {name:?}")));
                }
                Ok(if kind == "data" {
                    dir.join("data").join(&name[..2]).join(name)
                } else {
                    dir.join(kind).join(name)
                })
            }
        }
    }

    /// The files of `kind` in `repo`, with their sizes.
    pub fn list(&self, repo: &str, kind: &str) -> Result<Vec<(String, u64)>, StorageError> {
        if !TYPES.contains(&kind) {
            return Err(StorageError::InvalidPath(format!("type {kind:?}")));
        }
        let dir = self.repo_dir(repo)?.join(kind);
        if !dir.is_dir() {
            return Err(StorageError::NotFound);
        }
        let mut folders = vec![dir];
        let mut found = Vec::new();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let entry = entry?;
                let file_type = entry.file_type()?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if file_type.is_dir() && kind == "data" && name.len() == 2 {
                    folders.push(entry.path());
                } else if file_type.is_file() && is_id(&name) {
                    found.push((name, entry.metadata()?.len()));
                }
            }
        }
        found.sort();
        Ok(found)
    }

    /// Bytes stored in `repo`.
    pub fn usage(&self, repo: &str) -> Result<u64, StorageError> {
        self.used(repo)
    }

    /// Where alarms about `repo` are recorded.
    pub fn alarm_file(&self, repo: &str) -> Result<PathBuf, StorageError> {
        Ok(self.repo_dir(repo)?.join("alarms.jsonl"))
    }

    fn used(&self, repo: &str) -> Result<u64, StorageError> {
        let mut usage = self
            .usage
            .lock()
            .map_err(|_| StorageError::Io(std::io::Error::other("usage lock poisoned")))?;
        if let Some(used) = usage.get(repo) {
            return Ok(*used);
        }
        let mut total = 0;
        for kind in TYPES {
            if let Ok(files) = self.list(repo, kind) {
                total += files.iter().map(|(_, size)| size).sum::<u64>();
            }
        }
        usage.insert(repo.to_owned(), total);
        Ok(total)
    }

    fn add_usage(&self, repo: &str, delta: i64) {
        if let Ok(mut usage) = self.usage.lock()
            && let Some(used) = usage.get_mut(repo)
        {
            *used = used.saturating_add_signed(delta);
        }
    }

    /// Checks, before receiving a body of `incoming` bytes, that it may be stored.
    pub fn admit(
        &self,
        repo: &str,
        target: &Target,
        incoming: u64,
    ) -> Result<PathBuf, StorageError> {
        let path = self.path(repo, target)?;
        if path.exists() {
            return Err(StorageError::Exists(path_name(&path)));
        }
        if let Some(quota) = self.quota {
            let used = self.used(repo)?;
            if used.saturating_add(incoming) > quota {
                return Err(StorageError::Quota {
                    quota,
                    used,
                    incoming,
                });
            }
        }
        Ok(path)
    }

    /// A temporary file for an upload to `repo`.
    pub fn incoming(&self, repo: &str) -> Result<(PathBuf, std::fs::File), StorageError> {
        let dir = self.repo_dir(repo)?.join(".incoming");
        std::fs::create_dir_all(&dir)?;
        for attempt in 0..1000u32 {
            let mut random = [0u8; 8];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut random);
            let path = dir.join(format!("{}-{attempt}", hex::encode(random)));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => return Ok((path, file)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(StorageError::Io(std::io::Error::other(
            "no free temporary name",
        )))
    }

    /// Puts a fully received upload in place: checks its hash and the quota, `fsync`s it, and
    /// links it under its final name, which fails if that name exists — so a file is never
    /// overwritten, even by two uploads racing. The temporary file is removed in every case.
    pub fn commit(
        &self,
        repo: &str,
        target: &Target,
        temporary: &Path,
        mut file: std::fs::File,
        digest: [u8; 32],
        size: u64,
    ) -> Result<(), StorageError> {
        let result = (|| {
            if let Target::File { name, .. } = target {
                let actual = hex::encode(digest);
                if &actual != name {
                    return Err(StorageError::HashMismatch {
                        expected: name.clone(),
                        actual,
                    });
                }
            }
            let path = self.admit(repo, target, size)?;
            file.flush()?;
            file.sync_all()?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::hard_link(temporary, &path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    StorageError::Exists(path_name(&path))
                } else {
                    StorageError::Io(e)
                }
            })?;
            if let Some(parent) = path.parent() {
                std::fs::File::open(parent)?.sync_all()?;
            }
            self.add_usage(repo, i64::try_from(size).unwrap_or(i64::MAX));
            Ok(())
        })();
        let _ = std::fs::remove_file(temporary);
        result
    }

    /// Removes a file.
    pub fn delete(&self, repo: &str, target: &Target) -> Result<(), StorageError> {
        let path = self.path(repo, target)?;
        let size = std::fs::metadata(&path)
            .map_err(|_| StorageError::NotFound)?
            .len();
        std::fs::remove_file(&path)?;
        self.add_usage(repo, -i64::try_from(size).unwrap_or(i64::MAX));
        Ok(())
    }
}

fn path_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A SHA-256 being computed over an upload.
pub(crate) struct Hashing(Sha256);

impl Hashing {
    pub(crate) fn new() -> Hashing {
        Hashing(Sha256::new())
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}
