//! Looking inside a snapshot one folder at a time, and putting one file or folder back beside
//! its original — what a person does from the console when a single document was lost or
//! spoiled.
//!
//! A copy put back never replaces anything: it gets a name of its own next to the original
//! ("bilan (restauré le …).pdf"). It is only ever written inside a folder the snapshot protects,
//! whatever path it is asked for: `..`, relative paths, the protected folder itself, and live
//! folders that are links leading elsewhere are all refused before anything is written. The
//! folder the copy goes to is held open once checked ([`PinnedFolder`]), so that a folder on the
//! way swapped for a link afterwards cannot send the copy elsewhere.

use std::path::{Component, Path, PathBuf};

use jiff::Timestamp;
use rustic_core::LsOptions;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::pinned::{PinnedFolder, Pinning};
use crate::repository::{SnapshotInfo, Vault, find_snapshot};

/// One entry of a folder inside a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SnapshotEntry {
    /// Its name within the folder.
    pub name: String,
    /// Its full path as it was backed up.
    pub path: String,
    /// A folder (else a file or a link).
    pub directory: bool,
    /// Size in bytes (0 for folders).
    pub size: u64,
    /// Last modification before the snapshot, when recorded.
    pub modified: Option<Timestamp>,
}

/// A file or folder put back beside its original.
#[derive(Clone, Debug, Serialize)]
pub struct RestoredCopy {
    /// The snapshot it came from.
    pub snapshot: SnapshotInfo,
    /// The path asked for, as it was backed up.
    pub original: PathBuf,
    /// Where the copy now is.
    pub copy: PathBuf,
    /// Files written.
    pub files: u64,
    /// Bytes of those files.
    pub bytes: u64,
}

/// Checks that `path` is absolute and plain (no `.` or `..`), and returns the folder that holds
/// it strictly inside, protected both by `snapshot` and by the practice now (`allowed`): a
/// snapshot of another machine, or of a folder no longer protected, sets no boundary.
fn protected_root<'a>(
    snapshot: &'a SnapshotInfo,
    allowed: &[PathBuf],
    path: &Path,
) -> Result<&'a str> {
    let mut components = path.components();
    let plain = components.next() == Some(Component::RootDir)
        && components.all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(Error::OutsideBackup(path.to_path_buf()));
    }
    snapshot
        .paths
        .iter()
        .map(String::as_str)
        .filter(|root| allowed.iter().any(|a| a == Path::new(root)))
        .find(|root| path.starts_with(root) && path != Path::new(root))
        .ok_or_else(|| Error::OutsideBackup(path.to_path_buf()))
}

/// The path a snapshot's tree uses for `path`: without its root.
fn tree_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The staging folder just made at `path`, held open without following a link, checked to be
/// the restorer's own (its owner the process's effective user, nobody else allowed to write
/// in it): a folder put in its place by someone else is refused.
fn held_staging(path: &Path) -> std::io::Result<PinnedFolder> {
    let held = PinnedFolder::open(path, false)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(&held.through)?;
        let ours = nix::unistd::geteuid().as_raw();
        if metadata.uid() != ours || metadata.mode() & 0o022 != 0 {
            return Err(std::io::Error::other(
                "the restore's temporary folder was replaced by someone else's",
            ));
        }
    }
    Ok(held)
}

/// The names a copy may take: `name (label).ext` for a file, `name (label)` for a folder; then
/// ` 2`, ` 3`…
fn copy_names(parent: &Path, original: &Path, directory: bool, label: &str) -> Vec<PathBuf> {
    let label: String = label
        .chars()
        .map(|c| if c == '/' || c.is_control() { '-' } else { c })
        .collect();
    let Some(name) = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !directory && !stem.is_empty() => (stem.to_owned(), format!(".{ext}")),
        _ => (name, String::new()),
    };
    (1..1000)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" {n}")
            };
            parent.join(format!("{stem} ({label}{suffix}){extension}"))
        })
        .collect()
}

/// Moves `staged` to the first of `names` nobody holds, without ever replacing anything, even
/// when two restores run at once: a file is linked under its new name (which fails if the
/// name exists), a folder takes the name by creating it empty first, then replaces that empty
/// folder of its own.
fn place_without_replacing(staged: &Path, directory: bool, names: &[PathBuf]) -> Result<PathBuf> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| Error::Io { path, cause }
    };
    for name in names {
        let taken = if directory {
            std::fs::create_dir(name)
        } else {
            std::fs::hard_link(staged, name)
        };
        match taken {
            Ok(()) if directory => {
                std::fs::rename(staged, name).map_err(io(name))?;
                return Ok(name.clone());
            }
            Ok(()) => return Ok(name.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(name)(e)),
        }
    }
    Err(Error::BadTarget {
        path: names.first().cloned().unwrap_or_default(),
        reason: "no free name for the restored copy".into(),
    })
}

impl Vault {
    /// The entries of folder `dir` in snapshot `id` (or `latest`): `/` lists the protected
    /// folders themselves. Folders first, then by name.
    pub fn list(&self, id: &str, dir: &Path) -> Result<Vec<SnapshotEntry>> {
        // A path that cannot be in any snapshot is refused before the index is read.
        if !dir.is_absolute() || dir.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(Error::NotInSnapshot(dir.to_path_buf()));
        }
        let location = self.location();
        let repo = self
            .repository("list a snapshot")?
            .to_indexed()
            .map_err(Error::repository(location, "list a snapshot"))?;
        let snapshot = find_snapshot(&repo, id, location)?;
        let node = repo
            .node_from_snapshot_and_path(&snapshot, &tree_path(dir))
            .map_err(|_| Error::NotInSnapshot(dir.to_path_buf()))?;
        if !node.is_dir() {
            return Err(Error::NotInSnapshot(dir.to_path_buf()));
        }
        let mut options = LsOptions::default();
        options.recursive = false;
        let mut entries = Vec::new();
        for item in repo
            .ls(&node, &options)
            .map_err(Error::repository(location, "list a snapshot"))?
        {
            let (path, node) = item.map_err(Error::repository(location, "list a snapshot"))?;
            let name = path.to_string_lossy().into_owned();
            entries.push(SnapshotEntry {
                path: dir.join(&name).to_string_lossy().into_owned(),
                name,
                directory: node.is_dir(),
                size: if node.is_file() { node.meta.size } else { 0 },
                modified: node
                    .meta
                    .mtime
                    .and_then(|t| Timestamp::from_nanosecond(t.as_nanosecond()).ok()),
            });
        }
        entries.sort_by(|a, b| b.directory.cmp(&a.directory).then(a.name.cmp(&b.name)));
        Ok(entries)
    }

    /// Puts the file or folder that was at `original` in snapshot `id` back beside it, under
    /// a new name carrying `label` ("restauré le 29-11-2026 10h15"). `original` must lie
    /// strictly inside a folder both the snapshot and `allowed` (the practice's protected
    /// folders now) protect, and so must the live folder the copy goes to, links resolved; the
    /// copy is assembled in a hidden folder there and moved into place without replacing
    /// anything, so a failure leaves no half-restored copy behind.
    pub fn restore_beside(
        &self,
        id: &str,
        original: &Path,
        label: &str,
        allowed: &[PathBuf],
    ) -> Result<RestoredCopy> {
        let snapshot = {
            let repo = self.repository("restore")?;
            SnapshotInfo::from_file(&find_snapshot(&repo, id, self.location())?)
        };
        let root = protected_root(&snapshot, allowed, original)?;
        let parent = original
            .parent()
            .ok_or_else(|| Error::OutsideBackup(original.to_path_buf()))?;
        let wanted = original
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let entry = self
            .list(&snapshot.id, parent)?
            .into_iter()
            .find(|e| Some(&e.name) == wanted.as_ref())
            .ok_or_else(|| Error::NotInSnapshot(original.to_path_buf()))?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |cause| Error::Io { path, cause }
        };
        // Held open, reached from the protected folder without following a link: from here
        // on, everything is written through the open folder (the missing folders, the staging
        // folder, the copy's name).
        let live_parent =
            PinnedFolder::below(Path::new(root), parent).map_err(|problem| match problem {
                Pinning::Outside => Error::OutsideBackup(original.to_path_buf()),
                Pinning::Io(path, cause) => Error::Io { path, cause },
            })?;
        let mut staging = tempfile::Builder::new();
        staging.prefix(".hygie-restauration-");
        // Only the restorer works in it.
        #[cfg(unix)]
        staging.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let staging = staging
            .tempdir_in(&live_parent.through)
            .map_err(io(&live_parent.real))?;
        // Written through the staging folder held open too: whoever may write in the protected
        // folder could rename it and put a link in its place before the restore writes there.
        let held = held_staging(staging.path()).map_err(io(&live_parent.real))?;
        let report = self.restore(&snapshot.id, &held.through, &[original.to_path_buf()])?;
        let restored = crate::repository::restored_path(&held.through, original);
        let names = copy_names(&live_parent.through, original, entry.directory, label);
        let placed = place_without_replacing(&restored, entry.directory, &names)?;
        drop(staging);
        let copy = match placed.file_name() {
            Some(name) => live_parent.real.join(name),
            None => placed,
        };
        Ok(RestoredCopy {
            snapshot: report.snapshot,
            original: original.to_path_buf(),
            copy,
            files: report.files,
            bytes: report.bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(paths: &[&str]) -> SnapshotInfo {
        SnapshotInfo {
            id: "0".repeat(64),
            time: Timestamp::UNIX_EPOCH,
            finished: Timestamp::UNIX_EPOCH,
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            hostname: String::new(),
            tags: Vec::new(),
            files: 0,
            bytes: 0,
        }
    }

    #[test]
    fn only_plain_paths_strictly_inside_a_protected_folder_are_accepted() {
        let s = snapshot(&["/srv/dossiers", "/srv/agenda", "/etc"]);
        let allowed = [PathBuf::from("/srv/dossiers"), PathBuf::from("/srv/agenda")];
        assert_eq!(
            protected_root(&s, &allowed, Path::new("/srv/dossiers/a/b.pdf")).ok(),
            Some("/srv/dossiers")
        );
        // A folder the snapshot holds but the practice does not protect sets no boundary.
        assert!(protected_root(&s, &allowed, Path::new("/etc/cron.d/x")).is_err());
        for refused in [
            "/srv/dossiers",
            "/srv",
            "/etc/passwd",
            "/srv/dossiers/../../etc/passwd",
            "srv/dossiers/a.pdf",
            "/srv/dossiers-bis/a.pdf",
            "",
        ] {
            assert!(
                protected_root(&s, &allowed, Path::new(refused)).is_err(),
                "{refused} accepted"
            );
        }
    }

    #[test]
    fn a_copy_never_replaces_a_file_or_folder_even_one_made_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("bilan.pdf");
        let names = copy_names(dir.path(), &original, false, "restauré le 29/11");
        assert_eq!(names[0], dir.path().join("bilan (restauré le 29-11).pdf"));
        assert_eq!(names[1], dir.path().join("bilan (restauré le 29-11 2).pdf"));
        // Someone took the first name after it was chosen: the copy takes the second.
        std::fs::write(&names[0], b"someone else's").unwrap();
        let staged = dir.path().join("staged.pdf");
        std::fs::write(&staged, b"restored").unwrap();
        let placed = place_without_replacing(&staged, false, &names).unwrap();
        assert_eq!(placed, names[1]);
        assert_eq!(std::fs::read(&names[0]).unwrap(), b"someone else's");
        assert_eq!(std::fs::read(&names[1]).unwrap(), b"restored");
        // Folders keep their dots, and a folder name already taken is skipped too.
        let folders = copy_names(dir.path(), &dir.path().join("2024.archives"), true, "r");
        assert_eq!(folders[0], dir.path().join("2024.archives (r)"));
        std::fs::create_dir(&folders[0]).unwrap();
        std::fs::write(folders[0].join("kept"), b"x").unwrap();
        let staged = dir.path().join("staged-folder");
        std::fs::create_dir(&staged).unwrap();
        let placed = place_without_replacing(&staged, true, &folders).unwrap();
        assert_eq!(placed, folders[1]);
        assert!(folders[0].join("kept").exists());
    }
}
