//! A folder held open inside a protected folder, so that writing there cannot be sent
//! elsewhere by a link: what putting a file back (beside its original, or in its place after an
//! attack) writes through. Whoever may write in the protected folders — an attacker among them —
//! may put a link where a folder was; the restorer runs as root.

use std::path::{Component, Path, PathBuf};

/// A folder held open. On Linux, paths through [`PinnedFolder::through`] reach this very
/// folder whatever is renamed or replaced by a link on the way to it after it was opened (the
/// kernel resolves `/proc/self/fd/N` to the open folder, not to a path), and its real place is
/// read from the open folder itself, so checking it leaves no gap between check and use.
/// Elsewhere, the folder's canonical path at opening stands for both.
pub struct PinnedFolder {
    /// Keeps the folder open, and with it the path through it.
    handle: std::fs::File,
    /// A path leading to the open folder.
    pub through: PathBuf,
    /// Where the folder was when it was opened, links resolved.
    pub real: PathBuf,
}

impl PinnedFolder {
    /// `folder` — `root` itself or a folder under it, made if missing — held open, `root` being
    /// a protected folder. `root` is opened first (links above it are the configuration's and
    /// are followed; a link in its own place is refused), then every folder below it through
    /// the one before, never through a link, whether it was there or is made: a link where a
    /// folder was, even to another protected folder, is [`Pinning::Outside`]. A folder made
    /// belongs to the owner of the folder it is made in (not to root, who restores).
    pub fn below(root: &Path, folder: &Path) -> Result<PinnedFolder, Pinning> {
        let relative = folder.strip_prefix(root).map_err(|_| Pinning::Outside)?;
        // Refused as a link whatever the system answers (ELOOP, or ENOTDIR before it).
        let refused = |opened: &Path, shown: PathBuf, e: std::io::Error| {
            let link = std::fs::symlink_metadata(opened).is_ok_and(|m| m.file_type().is_symlink());
            if link {
                Pinning::Outside
            } else {
                Pinning::Io(shown, e)
            }
        };
        let mut pinned =
            PinnedFolder::open(root, false).map_err(|e| refused(root, root.to_path_buf(), e))?;
        for component in relative.components() {
            let Component::Normal(name) = component else {
                return Err(Pinning::Outside);
            };
            let next = pinned.through.join(name);
            let shown = pinned.real.join(name);
            let made = match std::fs::create_dir(&next) {
                Ok(()) => true,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(Pinning::Io(shown, e)),
            };
            let above = pinned;
            pinned =
                PinnedFolder::open(&next, false).map_err(|e| refused(&next, shown.clone(), e))?;
            if made {
                above
                    .give_its_owner_to(&pinned.handle)
                    .map_err(|e| Pinning::Io(shown, e))?;
            }
        }
        Ok(pinned)
    }

    /// Gives `made` (a file or folder just made in this folder) this folder's owner and group.
    pub fn give_its_owner_to(&self, made: &std::fs::File) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = self.handle.metadata()?;
            give_owner(made, metadata.uid(), metadata.gid())?;
        }
        #[cfg(not(unix))]
        let _ = made;
        Ok(())
    }

    /// Syncs the folder, so that names just given or changed in it survive a crash.
    pub fn sync(&self) -> std::io::Result<()> {
        self.handle.sync_all()
    }

    /// Opens `folder`, a folder only (a pipe or a device put in its place is refused without
    /// being opened), following links on the way, and a last link when `follow_last`.
    pub(crate) fn open(folder: &Path, follow_last: bool) -> std::io::Result<PinnedFolder> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(
            &mut options,
            libc::O_DIRECTORY | if follow_last { 0 } else { libc::O_NOFOLLOW },
        );
        #[cfg(not(unix))]
        let _ = follow_last;
        let handle = options.open(folder)?;
        if !handle.metadata()?.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a folder",
            ));
        }
        #[cfg(target_os = "linux")]
        let (through, real) = {
            let raw = std::os::fd::AsRawFd::as_raw_fd(&handle);
            let through = PathBuf::from(format!("/proc/self/fd/{raw}"));
            let real = std::fs::read_link(&through)?;
            (through, real)
        };
        #[cfg(not(target_os = "linux"))]
        let (through, real) = {
            let real = folder.canonicalize()?;
            (real.clone(), real)
        };
        Ok(PinnedFolder {
            handle,
            through,
            real,
        })
    }
}

/// Gives `made` (just made by this process) the owner `uid` and group `gid`, as root can; a
/// restorer that is not root keeps what it made (the system refuses to give it away, as it
/// always did before the restore gave owners).
#[cfg(unix)]
pub fn give_owner(made: &std::fs::File, uid: u32, gid: u32) -> std::io::Result<()> {
    match std::os::unix::fs::fchown(made, Some(uid), Some(gid)) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Ok(()),
        result => result,
    }
}

/// Why a folder could not be held open inside the protected folder.
#[derive(Debug)]
pub enum Pinning {
    /// It is, or leads, elsewhere.
    Outside,
    /// It could not be made or opened.
    Io(PathBuf, std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_pinned_folder_keeps_writes_there_when_its_path_is_swapped_for_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let (folder, elsewhere) = (dir.path().join("dossiers"), dir.path().join("etc"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        let pinned = PinnedFolder::open(&folder, true).unwrap();
        assert_eq!(pinned.real, folder.canonicalize().unwrap());
        // Swapped after the check: the folder moved away, a link put in its place.
        std::fs::rename(&folder, dir.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &folder).unwrap();
        std::fs::write(pinned.through.join("copy.pdf"), b"restored").unwrap();
        #[cfg(target_os = "linux")]
        {
            assert!(dir.path().join("moved/copy.pdf").exists());
            assert!(!elsewhere.join("copy.pdf").exists());
        }
        assert!(PinnedFolder::open(&dir.path().join("moved/copy.pdf"), true).is_err());
        // A link is followed only where asked.
        assert!(PinnedFolder::open(&folder, false).is_err());
        assert!(PinnedFolder::open(&folder, true).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn missing_folders_are_made_below_and_a_link_on_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossiers");
        std::fs::create_dir_all(root.join("Martin")).unwrap();
        let live_root = root.canonicalize().unwrap();
        let made = PinnedFolder::below(&root, &root.join("2024/mars")).unwrap();
        assert_eq!(made.real, live_root.join("2024/mars"));
        assert_eq!(PinnedFolder::below(&root, &root).unwrap().real, live_root);
        // A pipe where a folder is expected is not opened (opening it would wait forever).
        make_fifo(&root.join("tube"));
        assert!(matches!(
            PinnedFolder::below(&root, &root.join("tube")),
            Err(Pinning::Io(..))
        ));
        // A link on the way, to elsewhere or to another patient's folder: refused, and nothing
        // made beyond it.
        let elsewhere = dir.path().join("etc");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("lien")).unwrap();
        std::os::unix::fs::symlink(root.join("Martin"), root.join("Dupont")).unwrap();
        for through_a_link in ["lien/cron.d", "Dupont", "Dupont/2024"] {
            assert!(
                matches!(
                    PinnedFolder::below(&root, &root.join(through_a_link)),
                    Err(Pinning::Outside)
                ),
                "{through_a_link}"
            );
        }
        assert!(!elsewhere.join("cron.d").exists());
        assert!(!root.join("Martin/2024").exists());
        // The protected folder itself a link now, or a folder outside it asked for: refused.
        let moved = dir.path().join("deplace");
        std::fs::rename(&root, &moved).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &root).unwrap();
        assert!(matches!(
            PinnedFolder::below(&root, &root.join("cron.d")),
            Err(Pinning::Outside)
        ));
        assert!(matches!(
            PinnedFolder::below(&moved, &elsewhere),
            Err(Pinning::Outside)
        ));
    }

    /// Makes a named pipe at `path` with the system's `mkfifo`.
    #[cfg(unix)]
    fn make_fifo(path: &Path) {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    }
}
