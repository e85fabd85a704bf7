//! Opening a repository and the everyday operations on it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use jiff::Timestamp;
use rustic_core::{
    BackupOptions, CheckOptions, ConfigOptions, Credentials, KeyOptions, LocalDestination,
    LsOptions, OpenStatus, PathList, Progress, ProgressBars, ProgressType, Repository,
    RepositoryOptions, RestoreOptions, SnapshotOptions, repofile::SnapshotFile,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::place::Place;

/// How many bytes of file content one restore pass writes at most (see `Vault::restore`).
const RESTORE_BATCH: u64 = 96 << 20;

/// Generates a repository password: 32 random bytes, as 64 hexadecimal digits (easy to copy on
/// paper, no ambiguous characters).
pub fn generate_password() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom_bytes(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn getrandom_bytes(bytes: &mut [u8]) -> Result<()> {
    // `rustic_core` already depends on a CSPRNG; the master key it generates is random. Here we
    // read the system's generator directly, which every supported platform provides as a file.
    use std::io::Read;
    let path = Path::new("/dev/urandom");
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(bytes))
        .map_err(|cause| Error::Io {
            path: path.to_path_buf(),
            cause,
        })
}

/// A snapshot repository, unlocked.
pub struct Vault {
    place: Place,
    cache: Option<PathBuf>,
    progress: Option<Arc<dyn ProgressBars>>,
    /// The repository's master key, unlocked once: deriving the key from the password (scrypt)
    /// is the slow part of opening, and later openings use the key itself.
    key: rustic_core::repofile::MasterKey,
    /// Bytes of file content one restore pass writes at most.
    restore_batch: u64,
}

/// Progress bars shared by every repository a [`Vault`] opens.
#[derive(Debug)]
struct SharedProgress(Arc<dyn ProgressBars>);

impl ProgressBars for SharedProgress {
    fn progress(&self, progress_type: ProgressType, prefix: &str) -> Progress {
        self.0.progress(progress_type, prefix)
    }
}

/// What to back up.
#[derive(Clone, Debug, Default)]
pub struct BackupRequest {
    /// The folders or files to back up.
    pub paths: Vec<PathBuf>,
    /// Glob patterns of paths to leave out (`*.tmp`, `**/Cache/**`).
    pub excludes: Vec<String>,
    /// Labels stored with the snapshot.
    pub tags: Vec<String>,
}

/// What a backup did.
#[derive(Clone, Debug, Serialize)]
pub struct BackupReport {
    /// The new snapshot.
    pub snapshot: SnapshotInfo,
    /// Files new since the parent snapshot.
    pub files_new: u64,
    /// Files changed since the parent snapshot.
    pub files_changed: u64,
    /// Files unchanged since the parent snapshot.
    pub files_unmodified: u64,
    /// Bytes of data added to the repository, before compression.
    pub data_added: u64,
    /// Bytes added to the repository, as stored.
    pub data_added_packed: u64,
    /// How long it took, in seconds.
    pub seconds: f64,
}

/// One snapshot, as listed.
#[derive(Clone, Debug, Serialize)]
pub struct SnapshotInfo {
    /// Its full id.
    pub id: String,
    /// When it was taken (its backup started).
    pub time: Timestamp,
    /// When its backup ended (files read after `time` are in it too); `time` when the snapshot
    /// does not say.
    pub finished: Timestamp,
    /// The paths it holds.
    pub paths: Vec<String>,
    /// The machine it was taken on.
    pub hostname: String,
    /// Its labels.
    pub tags: Vec<String>,
    /// Files it holds.
    pub files: u64,
    /// Bytes of file content it holds.
    pub bytes: u64,
}

impl SnapshotInfo {
    pub(crate) fn from_file(snapshot: &SnapshotFile) -> SnapshotInfo {
        let summary = snapshot.summary.as_ref();
        // rustic_core uses its own jiff; instants cross over as nanoseconds.
        let time = Timestamp::from_nanosecond(snapshot.time.timestamp().as_nanosecond())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let finished = summary
            .and_then(|s| Timestamp::from_nanosecond(s.backup_end.timestamp().as_nanosecond()).ok())
            .map_or(time, |end| end.max(time));
        SnapshotInfo {
            // `Display` shows the short form; keep the full id.
            id: snapshot.id.into_inner().to_hex().as_str().to_owned(),
            time,
            finished,
            paths: snapshot.paths.iter().cloned().collect(),
            hostname: snapshot.hostname.clone(),
            tags: snapshot.tags.iter().cloned().collect(),
            files: summary.map_or(0, |s| s.total_files_processed),
            bytes: summary.map_or(0, |s| s.total_bytes_processed),
        }
    }

    /// The first eight hexadecimal digits of the id, as restic shows them.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }
}

/// What a restore did.
#[derive(Clone, Debug, Serialize)]
pub struct RestoreReport {
    /// The snapshot restored.
    pub snapshot: SnapshotInfo,
    /// Where it went.
    pub target: PathBuf,
    /// Files written or already identical.
    pub files: u64,
    /// Bytes of those files.
    pub bytes: u64,
    /// How long it took, in seconds.
    pub seconds: f64,
}

/// What a check found.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    /// Whether every pack's content was read and verified.
    pub read_data: bool,
    /// Errors: the repository is damaged.
    pub errors: Vec<String>,
    /// Warnings: something to tidy, nothing lost.
    pub warnings: Vec<String>,
    /// How long it took, in seconds.
    pub seconds: f64,
}

impl CheckReport {
    /// Whether the repository is sound.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Vault {
    /// Creates a new repository at `location` (a local folder), protected by `password`.
    /// `cache`, when given, is where repository metadata is cached between runs.
    pub fn create(location: &str, password: &str, cache: Option<&Path>) -> Result<Vault> {
        Vault::create_at(&Place::new(location), password, cache)
    }

    /// Creates a new repository at `place` (a local folder or a repository server).
    pub fn create_at(place: &Place, password: &str, cache: Option<&Path>) -> Result<Vault> {
        let location = place.shown();
        if place
            .local_folder()
            .is_some_and(|folder| folder.join("config").exists())
        {
            return Err(Error::AlreadyExists(location.to_owned()));
        }
        Repository::new(&options(cache), &place.backends()?)
            .map_err(Error::repository(location, "create"))?
            .init(
                &Credentials::password(password),
                &KeyOptions::default(),
                &ConfigOptions::default(),
            )
            .map_err(Error::repository(location, "create"))?;
        Vault::open_at(place, password, cache, None)
    }

    /// Opens an existing repository in a local folder, checking that the password opens it.
    pub fn open(location: &str, password: &str, cache: Option<&Path>) -> Result<Vault> {
        Vault::open_at(&Place::new(location), password, cache, None)
    }

    /// Opens an existing repository at `place`, checking that the password opens it, and
    /// reports the progress of long operations through `bars` (a terminal's progress bars) when
    /// given.
    ///
    /// Deriving the key from a password is slow and takes 128 MiB on purpose (scrypt, as
    /// `rustic_core` sets it); [`Vault::master_key`] and [`Vault::open_with_master_key`] let a
    /// caller that keeps secrets safely do it once.
    pub fn open_at(
        place: &Place,
        password: &str,
        cache: Option<&Path>,
        progress: Option<Arc<dyn ProgressBars>>,
    ) -> Result<Vault> {
        Vault::unlock(place, &Credentials::password(password), cache, progress)
    }

    /// Opens an existing repository with its unlocked master key, as [`Vault::master_key`]
    /// gave it. Fails, like a wrong password, when the key does not open this repository.
    pub fn open_with_master_key(
        place: &Place,
        master_key: &str,
        cache: Option<&Path>,
        progress: Option<Arc<dyn ProgressBars>>,
    ) -> Result<Vault> {
        let key: rustic_core::repofile::MasterKey =
            serde_json::from_str(master_key).map_err(|e| Error::Repository {
                location: place.shown().to_owned(),
                operation: "open",
                cause: format!("unusable master key: {e}"),
            })?;
        Vault::unlock(place, &Credentials::Masterkey(key), cache, progress)
    }

    /// The repository's unlocked master key, as JSON: as secret as the password, since either
    /// opens the repository.
    pub fn master_key(&self) -> Result<String> {
        serde_json::to_string(&self.key).map_err(|e| Error::Repository {
            location: self.location().to_owned(),
            operation: "open",
            cause: e.to_string(),
        })
    }

    fn unlock(
        place: &Place,
        credentials: &Credentials,
        cache: Option<&Path>,
        progress: Option<Arc<dyn ProgressBars>>,
    ) -> Result<Vault> {
        let location = place.shown();
        let backends = place.backends()?;
        let repository = match &progress {
            Some(bars) => Repository::new_with_progress(
                &options(cache),
                &backends,
                SharedProgress(bars.clone()),
            ),
            None => Repository::new(&options(cache), &backends),
        };
        let key = repository
            .map_err(Error::repository(location, "open"))?
            .open(credentials)
            .map_err(Error::repository(location, "open"))?
            .key();
        Ok(Vault {
            place: place.clone(),
            cache: cache.map(Path::to_path_buf),
            progress,
            key,
            restore_batch: RESTORE_BATCH,
        })
    }

    /// The same repository, read without the metadata cache.
    pub(crate) fn without_cache(&self) -> Result<Vault> {
        Ok(Vault {
            place: self.place.clone(),
            cache: None,
            progress: self.progress.clone(),
            key: self.key.clone(),
            restore_batch: self.restore_batch,
        })
    }

    /// Restores in passes of at most `bytes` of file content (96 MiB by default), which bounds
    /// the memory a restore takes.
    pub fn with_restore_batch(mut self, bytes: u64) -> Vault {
        self.restore_batch = bytes.max(1);
        self
    }

    /// Where the repository is.
    pub fn location(&self) -> &str {
        self.place.shown()
    }

    pub(crate) fn repository(&self, operation: &'static str) -> Result<Repository<OpenStatus>> {
        let backends = self.place.backends()?;
        let cache = self.cache.as_deref();
        let repository = match &self.progress {
            Some(bars) => Repository::new_with_progress(
                &options(cache),
                &backends,
                SharedProgress(bars.clone()),
            ),
            None => Repository::new(&options(cache), &backends),
        };
        repository
            .map_err(Error::repository(self.location(), operation))?
            .open(&Credentials::Masterkey(self.key.clone()))
            .map_err(Error::repository(self.location(), operation))
    }

    /// Takes a snapshot of `request.paths`.
    pub fn backup(&self, request: &BackupRequest) -> Result<BackupReport> {
        let started = Instant::now();
        if let Some(missing) = request.paths.iter().find(|p| !p.exists()) {
            return Err(Error::MissingSource(missing.clone()));
        }
        let location = self.location();
        let paths: Vec<String> = request
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let source =
            PathList::from_iter(paths.iter())
                .sanitize()
                .map_err(|e| Error::Repository {
                    location: location.to_owned(),
                    operation: "backup",
                    cause: e.to_string(),
                })?;
        let mut snapshot = SnapshotOptions::default();
        if !request.tags.is_empty() {
            snapshot = snapshot
                .add_tags(&request.tags.join(","))
                .map_err(Error::repository(location, "backup"))?;
        }
        let snapshot = snapshot
            .to_snapshot()
            .map_err(Error::repository(location, "backup"))?;
        let mut options = BackupOptions::default();
        // rustic reads globs as overrides: `!pattern` leaves matching paths out.
        options.excludes.globs = request
            .excludes
            .iter()
            .map(|glob| format!("!{glob}"))
            .collect();
        let snapshot = self
            .repository("backup")?
            .to_indexed_ids()
            .map_err(Error::repository(location, "backup"))?
            .backup(&options, &source, snapshot)
            .map_err(Error::repository(location, "backup"))?;
        let summary = snapshot.summary.clone().unwrap_or_default();
        Ok(BackupReport {
            snapshot: SnapshotInfo::from_file(&snapshot),
            files_new: summary.files_new,
            files_changed: summary.files_changed,
            files_unmodified: summary.files_unmodified,
            data_added: summary.data_added,
            data_added_packed: summary.data_added_packed,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        let mut snapshots = self
            .repository("list snapshots")?
            .get_all_snapshots()
            .map_err(Error::repository(self.location(), "list snapshots"))?;
        snapshots.sort_by(|a, b| a.time.cmp(&b.time));
        Ok(snapshots.iter().map(SnapshotInfo::from_file).collect())
    }

    /// Restores snapshot `id` (or `latest`) into `target`. With `include`, only those paths of
    /// the snapshot (and what is below them) are restored. Nothing is written outside `target`:
    /// a snapshot holding a path that would climb out of it is refused before anything is
    /// written.
    pub fn restore(&self, id: &str, target: &Path, include: &[PathBuf]) -> Result<RestoreReport> {
        let started = Instant::now();
        let location = self.location();
        if target.exists() && !target.is_dir() {
            return Err(Error::BadTarget {
                path: target.to_path_buf(),
                reason: "not a directory".into(),
            });
        }
        let repo = self
            .repository("restore")?
            .to_indexed()
            .map_err(Error::repository(location, "restore"))?;
        let snapshot = find_snapshot(&repo, id, location)?;
        let root = repo
            .node_from_snapshot_and_path(&snapshot, "")
            .map_err(Error::repository(location, "restore"))?;
        let listing = repo
            .ls(&root, &LsOptions::default())
            .map_err(Error::repository(location, "restore"))?;
        let include: Vec<PathBuf> = include.iter().map(|p| relative_to_root(p)).collect();
        let selected =
            move |item: &rustic_core::RusticResult<(PathBuf, rustic_core::repofile::Node)>| {
                match item {
                    Ok((path, _)) => {
                        include.is_empty()
                            || include
                                .iter()
                                .any(|wanted| path.starts_with(wanted) || wanted.starts_with(path))
                    }
                    Err(_) => true,
                }
            };
        let target_text = format!("{}/", target.display());
        let destination = LocalDestination::new(&target_text, true, false)
            .map_err(Error::repository(location, "restore"))?;
        let options = RestoreOptions::default();
        // One walk of the listing checks that every path stays inside the target (before
        // anything is written), counts what will be restored, and assigns files to passes.
        // rustic_core reads packs faster than it writes files and queues what it decrypted, so
        // its memory grows with what one call restores: files are restored in passes of about
        // `restore_batch` bytes; folders are part of every pass, so each pass finds its folders
        // and the last one leaves their metadata right.
        let mut files = 0u64;
        let mut bytes = 0u64;
        let mut batch_of: HashMap<PathBuf, usize> = HashMap::new();
        let (mut batch, mut filled) = (0usize, 0u64);
        for item in listing.clone().filter(&selected) {
            let (path, node) = item.map_err(Error::repository(location, "restore"))?;
            if !stays_inside(&path) {
                return Err(Error::BadTarget {
                    path: target.join(&path),
                    reason: "the snapshot holds a path that leaves the restore folder".into(),
                });
            }
            if node.is_file() {
                files += 1;
                bytes += node.meta.size;
                if filled > 0 && filled + node.meta.size > self.restore_batch {
                    batch += 1;
                    filled = 0;
                }
                filled += node.meta.size;
                batch_of.insert(path, batch);
            }
        }
        for current in 0..=batch {
            let in_batch =
                |item: &rustic_core::RusticResult<(PathBuf, rustic_core::repofile::Node)>| {
                    match item {
                        Ok((path, node)) => !node.is_file() || batch_of.get(path) == Some(&current),
                        Err(_) => true,
                    }
                };
            let plan = repo
                .prepare_restore(
                    &options,
                    listing.clone().filter(&selected).filter(&in_batch),
                    &destination,
                    false,
                )
                .map_err(Error::repository(location, "restore"))?;
            // rustic_core 0.13 panics in its worker threads when a pack fails to decrypt; the
            // panic reaches this thread and becomes an error that names the damage.
            let restored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                repo.restore(
                    plan,
                    &options,
                    listing.clone().filter(&selected).filter(&in_batch),
                    &destination,
                )
            }))
            .map_err(|panic| Error::Repository {
                location: location.to_owned(),
                operation: "restore",
                cause: format!("damaged repository data: {}", panic_text(&panic)),
            })?;
            restored.map_err(Error::repository(location, "restore"))?;
        }
        Ok(RestoreReport {
            snapshot: SnapshotInfo::from_file(&snapshot),
            target: target.to_path_buf(),
            files,
            bytes,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// The newest snapshot finished strictly before `instant`, if any, leaving out those tagged
    /// `suspect` (taken while the vault was frozen for an earlier incident): the last one known
    /// clean when an attack is dated (one still being taken when it began may hold files it
    /// had already damaged).
    pub fn latest_before(&self, instant: Timestamp) -> Result<Option<SnapshotInfo>> {
        Ok(self
            .snapshots()?
            .into_iter()
            .filter(|snapshot| snapshot.finished < instant)
            .filter(|snapshot| !snapshot.tags.iter().any(|tag| tag == "suspect"))
            .max_by_key(|snapshot| snapshot.time))
    }

    /// Restores exactly `paths` from the newest snapshot taken before `instant` into `target`.
    pub fn restore_before(
        &self,
        instant: Timestamp,
        paths: &[PathBuf],
        target: &Path,
    ) -> Result<RestoreReport> {
        let snapshot = self
            .latest_before(instant)?
            .ok_or_else(|| Error::NoSuchSnapshot(format!("before {instant}")))?;
        self.restore(&snapshot.id, target, paths)
    }

    /// Checks the repository's structure, and with `read_data` every byte of every pack.
    pub fn check(&self, read_data: bool) -> Result<CheckReport> {
        let started = Instant::now();
        let results = self
            .repository("check")?
            .check(CheckOptions::default().read_data(read_data))
            .map_err(Error::repository(self.location(), "check"))?;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for (level, finding) in results.0 {
            // rustic_core does not export the level's type; its two variants print as their names.
            if format!("{level:?}") == "Error" {
                errors.push(finding.to_string());
            } else {
                warnings.push(finding.to_string());
            }
        }
        Ok(CheckReport {
            read_data,
            errors,
            warnings,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}

fn options(cache: Option<&Path>) -> RepositoryOptions {
    let mut options = RepositoryOptions::default();
    match cache {
        Some(dir) => options.cache_dir = Some(dir.to_path_buf()),
        None => options.no_cache = true,
    }
    options
}

/// The snapshot named by `id`: a full or short id, or `latest`.
pub(crate) fn find_snapshot<S: rustic_core::Open>(
    repo: &Repository<S>,
    id: &str,
    location: &str,
) -> Result<SnapshotFile> {
    repo.get_snapshot_from_str(id, |_| true).map_err(|e| {
        let text = crate::error::concise(&e);
        if text.contains("No suitable id") || text.contains("No snapshots") {
            Error::NoSuchSnapshot(id.to_owned())
        } else {
            Error::Repository {
                location: location.to_owned(),
                operation: "find snapshot",
                cause: text,
            }
        }
    })
}

/// The message of a caught panic.
pub(crate) fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("internal error")
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

/// A path as snapshots store it: absolute paths lose their root (`/srv/a` is `srv/a`).
/// Where a restore into `target` puts the file that was at `original` when it was backed up.
pub fn restored_path(target: &Path, original: &Path) -> PathBuf {
    target.join(relative_to_root(original))
}

fn relative_to_root(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

/// Whether a path from a snapshot has only plain components (no root, no `..`).
pub(crate) fn stays_inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        assert!(stays_inside(Path::new("srv/dossiers/a.pdf")));
        assert!(!stays_inside(Path::new("../etc/passwd")));
        assert!(!stays_inside(Path::new("srv/../../etc")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
    }

    #[test]
    fn passwords_are_long_and_random() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(
            relative_to_root(Path::new("/srv/a")),
            PathBuf::from("srv/a")
        );
    }
}
