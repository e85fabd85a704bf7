//! Looking inside a snapshot one folder at a time, and putting one file or folder back beside
//! its original — what a person does from the console when a single document was lost or
//! spoiled.
//!
//! A copy put back never replaces anything: it gets a name of its own next to the original
//! ("bilan (restauré le …).pdf"). It is only ever written inside a folder the snapshot protects,
//! whatever path it is asked for: `..`, relative paths, the protected folder itself, and live
//! folders that are links leading elsewhere are all refused before anything is written.

use std::path::{Component, Path, PathBuf};

use jiff::Timestamp;
use rustic_core::LsOptions;
use serde::Serialize;

use crate::error::{Error, Result};
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

/// Checks that `path` is absolute and plain (no `.` or `..`), and returns the protected folder
/// of `snapshot` that holds it strictly inside.
fn protected_root<'a>(snapshot: &'a SnapshotInfo, path: &Path) -> Result<&'a str> {
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

/// `name (label).ext` for a file, `name (label)` for a folder; then ` 2`, ` 3`… until free.
fn free_name(parent: &Path, original: &Path, directory: bool, label: &str) -> Option<PathBuf> {
    let label: String = label
        .chars()
        .map(|c| if c == '/' || c.is_control() { '-' } else { c })
        .collect();
    let name = original.file_name()?.to_string_lossy().into_owned();
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !directory && !stem.is_empty() => (stem.to_owned(), format!(".{ext}")),
        _ => (name, String::new()),
    };
    (1..1000).find_map(|n| {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" {n}")
        };
        let candidate = parent.join(format!("{stem} ({label}{suffix}){extension}"));
        (!candidate.exists() && candidate.symlink_metadata().is_err()).then_some(candidate)
    })
}

impl Vault {
    /// The entries of folder `dir` in snapshot `id` (or `latest`): `/` lists the protected
    /// folders themselves. Folders first, then by name.
    pub fn list(&self, id: &str, dir: &Path) -> Result<Vec<SnapshotEntry>> {
        let location = self.location();
        let repo = self
            .repository("list a snapshot")?
            .to_indexed()
            .map_err(Error::repository(location, "list a snapshot"))?;
        let snapshot = find_snapshot(&repo, id, location)?;
        if !dir.is_absolute() || dir.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(Error::NotInSnapshot(dir.to_path_buf()));
        }
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
    /// strictly inside a folder the snapshot protects, and so must the live folder the copy
    /// goes to, links resolved; the copy is assembled in a hidden folder there and renamed
    /// into place, so a failure leaves no half-restored copy behind.
    pub fn restore_beside(&self, id: &str, original: &Path, label: &str) -> Result<RestoredCopy> {
        let snapshot = {
            let repo = self.repository("restore")?;
            SnapshotInfo::from_file(&find_snapshot(&repo, id, self.location())?)
        };
        let root = protected_root(&snapshot, original)?;
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
        // The folder the copy goes to, or its nearest existing ancestor, must resolve inside
        // the protected folder before anything is created.
        let live_root = Path::new(root)
            .canonicalize()
            .map_err(io(Path::new(root)))?;
        let existing = parent
            .ancestors()
            .find(|a| a.symlink_metadata().is_ok())
            .unwrap_or(Path::new("/"));
        let inside = |path: &Path| path.canonicalize().is_ok_and(|p| p.starts_with(&live_root));
        if !inside(existing) {
            return Err(Error::OutsideBackup(original.to_path_buf()));
        }
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let live_parent = parent.canonicalize().map_err(io(parent))?;
        if !live_parent.starts_with(&live_root) {
            return Err(Error::OutsideBackup(original.to_path_buf()));
        }
        let staging = tempfile::Builder::new()
            .prefix(".hygie-restauration-")
            .tempdir_in(&live_parent)
            .map_err(io(&live_parent))?;
        let report = self.restore(&snapshot.id, staging.path(), &[original.to_path_buf()])?;
        let restored = crate::repository::restored_path(staging.path(), original);
        let copy = free_name(&live_parent, original, entry.directory, label).ok_or_else(|| {
            Error::BadTarget {
                path: live_parent.clone(),
                reason: "no free name for the restored copy".into(),
            }
        })?;
        std::fs::rename(&restored, &copy).map_err(io(&copy))?;
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
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            hostname: String::new(),
            tags: Vec::new(),
            files: 0,
            bytes: 0,
        }
    }

    #[test]
    fn only_plain_paths_strictly_inside_a_protected_folder_are_accepted() {
        let s = snapshot(&["/srv/dossiers", "/srv/agenda"]);
        assert_eq!(
            protected_root(&s, Path::new("/srv/dossiers/a/b.pdf")).ok(),
            Some("/srv/dossiers")
        );
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
                protected_root(&s, Path::new(refused)).is_err(),
                "{refused} accepted"
            );
        }
    }

    #[test]
    fn a_copy_gets_a_free_name_beside_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("bilan.pdf");
        let first = free_name(dir.path(), &original, false, "restauré le 29/11").unwrap();
        assert_eq!(first, dir.path().join("bilan (restauré le 29-11).pdf"));
        std::fs::write(&first, b"x").unwrap();
        let second = free_name(dir.path(), &original, false, "restauré le 29/11").unwrap();
        assert_eq!(second, dir.path().join("bilan (restauré le 29-11 2).pdf"));
        let folder = free_name(dir.path(), &dir.path().join("2024.archives"), true, "r").unwrap();
        assert_eq!(folder, dir.path().join("2024.archives (r)"));
    }
}
