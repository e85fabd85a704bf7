//! Putting a file back where an attack damaged it, and setting an attacker's file aside, without
//! following a link anywhere: the restore runs as root, and whoever wrote in the protected
//! folders — the attacker among them — may have left a link where a folder or a file was. Every
//! change goes through the file's folder held open, reached from its protected folder without
//! following a link ([`PinnedFolder::below`]), and nothing holding bytes is dropped: what a file
//! put back replaces is kept first (a second name for it, else a copy), synced before it is
//! replaced.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use hygie_vault::{PinnedFolder, Pinning, restored_path};

/// What putting one file back did.
#[derive(Debug, PartialEq, Eq)]
pub enum PutBack {
    /// The file already held exactly these bytes: nothing was written.
    AlreadyThere,
    /// The file was put back and read again; what it replaced, if anything, was kept there.
    Done {
        /// Where the replaced file's bytes were kept.
        kept: Option<PathBuf>,
    },
}

/// The folder holding `path`, under the protected folder `root`, held open; made if missing
/// when `make` is set.
fn folder_of(path: &Path, root: &Path, make: bool) -> std::io::Result<(PinnedFolder, PathBuf)> {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(std::io::Error::other("not a file's path"));
    };
    if !make {
        parent.symlink_metadata()?;
    }
    let folder = PinnedFolder::below(root, parent).map_err(|problem| match problem {
        Pinning::Outside => std::io::Error::other(
            "a link stands where a folder on its way was: nothing is written through it",
        ),
        Pinning::Io(_, cause) => cause,
    })?;
    let in_place = folder.through.join(name);
    Ok((folder, in_place))
}

/// Whether `a` and `b` hold the same bytes; a link, a pipe or anything but a regular file at
/// `b` is not opened (and is not the same).
fn same_content(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, a_metadata) = crate::regular_file::open(a)?;
    let (mut b, b_metadata) = match crate::regular_file::open(b) {
        Ok(opened) => opened,
        Err(e) if crate::regular_file::is_not_a_file(&e) => return Ok(false),
        Err(e) => return Err(e),
    };
    if a_metadata.len() != b_metadata.len() {
        return Ok(false);
    }
    let (mut left, mut right) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut left)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut right[..n])?;
        if left[..n] != right[..n] {
            return Ok(false);
        }
    }
}

/// Who a copy put back belongs to.
enum Owner<'a> {
    /// The restorer (a copy kept in the home).
    Restorer,
    /// This owner and group (numeric).
    Ids(u32, u32),
    /// The owner and group of the folder it goes to.
    Folder(&'a PinnedFolder),
}

/// Copies the regular file `from` (never a link's target, never a pipe) to `to`, a name that
/// must be new; synced. Its permissions come along without setuid, setgid or sticky bits (the
/// restore runs as root: a copy of a user's setuid file must not become root's); it belongs to
/// `owner`, set on the open copy (never by a name someone could swap).
fn copy_new(from: &Path, to: &Path, owner: Owner<'_>) -> std::io::Result<()> {
    let (mut source, metadata) = crate::regular_file::open(from)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut copy = options.open(to)?;
    let copied = std::io::copy(&mut source, &mut copy).and_then(|_| {
        match owner {
            Owner::Restorer => {}
            #[cfg(unix)]
            Owner::Ids(uid, gid) => hygie_vault::give_owner(&copy, uid, gid)?,
            #[cfg(not(unix))]
            Owner::Ids(..) => {}
            Owner::Folder(folder) => folder.give_its_owner_to(&copy)?,
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = metadata.permissions().mode() & 0o777;
            copy.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        copy.set_permissions(metadata.permissions())?;
        copy.sync_all()
    });
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// Where `path`'s bytes go under `keep_in`, laid out as a restore would (`keep_in/srv/…`): its
/// folder there, made if missing and held open without following a link (a link set aside
/// there by an earlier restore is never followed), and the names it may take, numbered when
/// taken.
fn keeping_place(keep_in: &Path, path: &Path) -> std::io::Result<(PinnedFolder, Vec<OsString>)> {
    let laid_out = restored_path(keep_in, path);
    let (Some(parent), Some(name)) = (laid_out.parent(), laid_out.file_name()) else {
        return Err(std::io::Error::other("not a file's path"));
    };
    // The home's own folder.
    std::fs::create_dir_all(keep_in)?;
    let folder = PinnedFolder::below(keep_in, parent).map_err(|problem| match problem {
        Pinning::Outside => std::io::Error::other("a link in the quarantine's way"),
        Pinning::Io(_, cause) => cause,
    })?;
    let names = (1..1000)
        .map(|n| {
            let mut numbered = name.to_os_string();
            if n > 1 {
                numbered.push(format!(".{n}"));
            }
            numbered
        })
        .collect();
    Ok((folder, names))
}

/// Gives the file at `in_place` (reached through its held folder; shown as `shown`) a second
/// name under `keep_in`, or copies it there on another file system; a link is not followed.
/// The name is synced before this returns; it is returned as a person would look for it.
fn keep(in_place: &Path, shown: &Path, keep_in: &Path) -> std::io::Result<PathBuf> {
    let (folder, names) = keeping_place(keep_in, shown)?;
    for name in names {
        let kept_at = folder.through.join(&name);
        let kept = match std::fs::hard_link(in_place, &kept_at) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => copy_new(in_place, &kept_at, Owner::Restorer),
        };
        match kept {
            Ok(()) => {
                folder.sync()?;
                return Ok(folder.real.join(name));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free name to keep it under"))
}

/// The name a file put back is written under before it is renamed into place, beside it:
/// `.NAME.hygie-restore`, or a shorter one of the same kind when that would be too long.
fn temporary_name(name: &std::ffi::OsStr) -> OsString {
    const LONGEST: usize = 255;
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(".hygie-restore");
    if temporary.len() <= LONGEST {
        return temporary;
    }
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    OsString::from(format!(".{:016x}.hygie-restore", hasher.finish()))
}

/// Which file a name holds (device and inode where the system says), to tell the copy from
/// a file saved meanwhile under the same name.
fn identity(path: &Path) -> std::io::Result<(u64, u64)> {
    let metadata = path.symlink_metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    Ok((metadata.len(), 0))
}

/// What moving the copy into place did.
enum Swapped {
    /// Nothing was in place: the copy took the name.
    Placed,
    /// The copy and what was in place traded names, in one step: what was there is now under
    /// the temporary name.
    Exchanged,
}

/// Moves `temporary` to `in_place`. Where the system can, what is in place trades names with
/// it in one step, so that whatever a program saved there until that very moment is what is
/// kept; elsewhere, what is in place is kept first, then replaced.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn swap_in(
    temporary: &Path,
    in_place: &Path,
    keep_first: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<Swapped> {
    use nix::errno::Errno;
    use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
    let rename = |flags| renameat2(AT_FDCWD, temporary, AT_FDCWD, in_place, flags);
    loop {
        match rename(RenameFlags::RENAME_EXCHANGE) {
            Ok(()) => return Ok(Swapped::Exchanged),
            Err(Errno::ENOENT) => {}
            // A file system that cannot trade names (NFS, SMB, FAT, most FUSE ones): what is
            // in place is kept first, then replaced.
            Err(Errno::EINVAL | Errno::ENOSYS | Errno::EOPNOTSUPP) => {
                keep_first()?;
                std::fs::rename(temporary, in_place)?;
                return Ok(Swapped::Placed);
            }
            Err(e) => return Err(e.into()),
        }
        match rename(RenameFlags::RENAME_NOREPLACE) {
            Ok(()) => return Ok(Swapped::Placed),
            // Something came in place meanwhile: trade names with it.
            Err(Errno::EEXIST) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// See the Linux version: here what is in place is kept first, then replaced.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn swap_in(
    temporary: &Path,
    in_place: &Path,
    keep_first: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<Swapped> {
    keep_first()?;
    std::fs::rename(temporary, in_place)?;
    Ok(Swapped::Placed)
}

/// Puts `source`'s bytes at `target`, under the protected folder `root`: written beside it
/// under a name of its own, with the owner and group `recorded` for it (by the snapshot or
/// the shadow copy), else those of what it replaces, else those of its folder; synced,
/// moved into place (a crash leaves one version or the other), then read again. What was in
/// place is kept under `keep_in` (a file), or dropped (a link: it holds no bytes, and is never
/// followed); a folder in the way is an error.
pub fn put_back(
    source: &Path,
    recorded: Option<(u32, u32)>,
    target: &Path,
    root: &Path,
    keep_in: &Path,
) -> std::io::Result<PutBack> {
    let (folder, in_place) = folder_of(target, root, true)?;
    let current = match in_place.symlink_metadata() {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if current.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(std::io::Error::other(
            "a folder is in its place: left as it is",
        ));
    }
    let name = in_place
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    let temporary = folder.through.join(temporary_name(name));
    let temporary_shown = target.with_file_name(temporary_name(name));
    // A leftover of an interrupted restore, or anything put under this name: ours to replace,
    // a regular file kept first all the same.
    match temporary.symlink_metadata() {
        Ok(metadata) => {
            if metadata.is_file() {
                keep(&temporary, &temporary_shown, keep_in)?;
            }
            std::fs::remove_file(&temporary)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if current.as_ref().is_some_and(std::fs::Metadata::is_file) && same_content(source, &in_place)?
    {
        return Ok(PutBack::AlreadyThere);
    }
    let replaced = current
        .as_ref()
        .filter(|m| m.is_file())
        .and_then(crate::shadow::owner_of);
    let owner = match recorded.or(replaced) {
        Some((uid, gid)) => Owner::Ids(uid, gid),
        None => Owner::Folder(&folder),
    };
    copy_new(source, &temporary, owner)?;
    let ours = identity(&temporary)?;
    let could_not_keep = |e: std::io::Error| {
        std::io::Error::other(format!(
            "what is there now could not be kept, so it was left in place: {e}"
        ))
    };
    let mut kept = None;
    let swapped = swap_in(&temporary, &in_place, || {
        if current.as_ref().is_some_and(std::fs::Metadata::is_file) {
            kept = Some(keep(&in_place, target, keep_in)?);
        }
        Ok(())
    });
    match swapped {
        Ok(Swapped::Placed) => {}
        Ok(Swapped::Exchanged) => {
            // What was in place is under the temporary name now.
            let was = temporary.symlink_metadata()?;
            let result = if was.is_file() {
                keep(&temporary, target, keep_in).map(|name| kept = Some(name))
            } else if was.is_dir() {
                Err(std::io::Error::other("a folder was in its place"))
            } else {
                Ok(())
            };
            if let Err(e) = result {
                // Trade back: everything as it was, the copy dropped — only if the copy is what
                // came back under the temporary name (a program may have saved in place since).
                swap_in(&temporary, &in_place, || Ok(()))?;
                if identity(&temporary).ok() == Some(ours) {
                    let _ = std::fs::remove_file(&temporary);
                    return Err(could_not_keep(e));
                }
                return Err(std::io::Error::other(format!(
                    "what is there now could not be kept ({e}), and a file saved meanwhile is \
                     left under {}",
                    temporary_shown.display()
                )));
            }
            std::fs::remove_file(&temporary)?;
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            return Err(could_not_keep(e));
        }
    }
    folder.sync()?;
    if same_content(source, &in_place)? {
        Ok(PutBack::Done { kept })
    } else {
        Err(std::io::Error::other("the restored bytes differ"))
    }
}

/// Moves the file at `path`, under the protected folder `root`, into `keep_in` with its path
/// below it; a link is moved, never followed. `NotFound` when no file is there any more.
pub fn set_aside(path: &Path, root: &Path, keep_in: &Path) -> std::io::Result<PathBuf> {
    let (_folder, in_place) = folder_of(path, root, false)?;
    let metadata = in_place.symlink_metadata()?;
    if metadata.is_dir() {
        return Err(std::io::Error::other("a folder, not a file: left in place"));
    }
    let (aside, names) = keeping_place(keep_in, path)?;
    for name in names {
        let moved_to = aside.through.join(&name);
        if moved_to.symlink_metadata().is_ok() {
            continue;
        }
        if std::fs::rename(&in_place, &moved_to).is_err() {
            // Another file system: copied (a link as the link), synced, then removed.
            if metadata.is_file() {
                copy_new(&in_place, &moved_to, Owner::Restorer)?;
            } else {
                #[cfg(unix)]
                std::os::unix::fs::symlink(std::fs::read_link(&in_place)?, &moved_to)?;
            }
            aside.sync()?;
            std::fs::remove_file(&in_place)?;
        }
        aside.sync()?;
        return Ok(aside.real.join(name));
    }
    Err(std::io::Error::other("no free name to keep it under"))
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;

    struct Site {
        _dir: tempfile::TempDir,
        root: PathBuf,
        elsewhere: PathBuf,
        keep_in: PathBuf,
        source: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossiers");
        let elsewhere = dir.path().join("etc");
        let keep_in = dir.path().join("quarantaine");
        for folder in [&root, &elsewhere] {
            std::fs::create_dir_all(folder).unwrap();
        }
        let source = dir.path().join("version-saine");
        std::fs::write(&source, b"compte rendu d'origine").unwrap();
        Site {
            root: root.canonicalize().unwrap(),
            elsewhere,
            keep_in,
            source,
            _dir: dir,
        }
    }

    #[test]
    fn a_file_put_back_keeps_what_it_replaces() {
        let site = site();
        let target = site.root.join("Dupont/cr.txt");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, b"travail refait apres l'alerte").unwrap();
        let done = put_back(&site.source, None, &target, &site.root, &site.keep_in).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"compte rendu d'origine");
        let PutBack::Done { kept: Some(kept) } = done else {
            panic!("{done:?}");
        };
        assert!(kept.starts_with(&site.keep_in));
        assert_eq!(
            std::fs::read(kept).unwrap(),
            b"travail refait apres l'alerte"
        );
        // Again: already there, nothing written, nothing kept twice.
        let again = put_back(&site.source, None, &target, &site.root, &site.keep_in).unwrap();
        assert_eq!(again, PutBack::AlreadyThere);
        // A missing folder is made; no temporary file is left behind.
        let deep = site.root.join("Martin/2024/bilan.txt");
        put_back(&site.source, None, &deep, &site.root, &site.keep_in).unwrap();
        let names: Vec<_> = std::fs::read_dir(deep.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["bilan.txt"]);
    }

    #[test]
    fn a_long_name_is_put_back_and_a_file_under_the_temporary_name_is_kept() {
        let site = site();
        let long = site.root.join(format!("{}.txt", "é".repeat(124)));
        std::fs::write(&long, b"chiffre").unwrap();
        put_back(&site.source, None, &long, &site.root, &site.keep_in).unwrap();
        assert_eq!(std::fs::read(&long).unwrap(), b"compte rendu d'origine");
        let target = site.root.join("cr.txt");
        let stray = site.root.join(".cr.txt.hygie-restore");
        std::fs::write(&stray, b"brouillon").unwrap();
        put_back(&site.source, None, &target, &site.root, &site.keep_in).unwrap();
        assert!(!stray.exists());
        let kept = restored_path(&site.keep_in, &stray);
        assert_eq!(std::fs::read(kept).unwrap(), b"brouillon");
    }

    #[test]
    fn a_file_put_back_is_never_setuid_and_keeps_its_owner() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let site = site();
        std::fs::set_permissions(&site.source, std::fs::Permissions::from_mode(0o4755)).unwrap();
        let target = site.root.join("outil");
        std::fs::write(&target, b"chiffre").unwrap();
        let root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
        if root {
            std::os::unix::fs::chown(&target, Some(1234), Some(1234)).unwrap();
        }
        put_back(&site.source, None, &target, &site.root, &site.keep_in).unwrap();
        let metadata = std::fs::metadata(&target).unwrap();
        assert_eq!(metadata.mode() & 0o7777, 0o755);
        if root {
            assert_eq!((metadata.uid(), metadata.gid()), (1234, 1234));
        }
        // A folder made on the way belongs to the owner of the folder it is made in.
        if root {
            std::os::unix::fs::chown(&site.root, Some(4321), Some(4321)).unwrap();
        }
        let deep = site.root.join("Martin/2024/bilan.txt");
        put_back(&site.source, None, &deep, &site.root, &site.keep_in).unwrap();
        for made in ["Martin", "Martin/2024", "Martin/2024/bilan.txt"] {
            let made = std::fs::metadata(site.root.join(made)).unwrap();
            let above = std::fs::metadata(&site.root).unwrap();
            assert_eq!((made.uid(), made.gid()), (above.uid(), above.gid()));
        }
    }

    #[test]
    fn a_link_set_aside_earlier_is_not_followed_by_the_next_one() {
        let site = site();
        let planted = site.root.join("profil");
        std::os::unix::fs::symlink(&site.elsewhere, &planted).unwrap();
        set_aside(&planted, &site.root, &site.keep_in).unwrap();
        // The attacker puts a real folder there now, with a file in it.
        std::fs::create_dir(&planted).unwrap();
        std::fs::write(planted.join("x"), b"charge").unwrap();
        assert!(set_aside(&planted.join("x"), &site.root, &site.keep_in).is_err());
        assert!(!site.elsewhere.join("x").exists());
        assert!(planted.join("x").exists());
    }

    #[test]
    fn links_left_by_an_attacker_are_never_followed() {
        let site = site();
        let victim = site.elsewhere.join("cron");
        std::fs::write(&victim, b"systeme").unwrap();
        // A link where the file was: replaced by the file, the file it led to untouched.
        let target = site.root.join("cr.txt");
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        let done = put_back(&site.source, None, &target, &site.root, &site.keep_in).unwrap();
        assert_eq!(done, PutBack::Done { kept: None });
        assert!(target.symlink_metadata().unwrap().is_file());
        assert_eq!(std::fs::read(&victim).unwrap(), b"systeme");
        // A link under the temporary name: removed, not written through.
        let other = site.root.join("bilan.txt");
        std::os::unix::fs::symlink(&victim, site.root.join(".bilan.txt.hygie-restore")).unwrap();
        put_back(&site.source, None, &other, &site.root, &site.keep_in).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"systeme");
        // A folder replaced by a link to elsewhere: nothing is written there, nothing moved.
        std::os::unix::fs::symlink(&site.elsewhere, site.root.join("Dupont")).unwrap();
        let through = site.root.join("Dupont/cron");
        assert!(put_back(&site.source, None, &through, &site.root, &site.keep_in).is_err());
        assert!(set_aside(&through, &site.root, &site.keep_in).is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"systeme");
        assert!(!site.keep_in.join("etc").exists());
        // A folder replaced by a link to another patient's folder: refused too.
        std::fs::create_dir_all(site.root.join("Martin")).unwrap();
        std::fs::write(site.root.join("Martin/cr.txt"), b"Martin").unwrap();
        std::os::unix::fs::symlink(site.root.join("Martin"), site.root.join("Durand")).unwrap();
        let crossed = site.root.join("Durand/cr.txt");
        assert!(put_back(&site.source, None, &crossed, &site.root, &site.keep_in).is_err());
        assert!(set_aside(&crossed, &site.root, &site.keep_in).is_err());
        assert_eq!(
            std::fs::read(site.root.join("Martin/cr.txt")).unwrap(),
            b"Martin"
        );
    }

    #[test]
    fn an_attackers_file_is_set_aside_with_its_path_and_a_link_as_a_link() {
        let site = site();
        let note = site.root.join("Dupont/LISEZ-MOI.txt");
        std::fs::create_dir_all(note.parent().unwrap()).unwrap();
        std::fs::write(&note, b"payez").unwrap();
        let aside = set_aside(&note, &site.root, &site.keep_in).unwrap();
        assert_eq!(aside, restored_path(&site.keep_in, &note));
        assert_eq!(std::fs::read(&aside).unwrap(), b"payez");
        assert!(!note.exists());
        // The same name again: numbered, not overwritten.
        std::fs::write(&note, b"payez encore").unwrap();
        let second = set_aside(&note, &site.root, &site.keep_in).unwrap();
        assert_ne!(second, aside);
        assert_eq!(std::fs::read(&aside).unwrap(), b"payez");
        let link = site.root.join("lien.txt");
        std::os::unix::fs::symlink(site.elsewhere.join("cron"), &link).unwrap();
        let moved = set_aside(&link, &site.root, &site.keep_in).unwrap();
        assert!(moved.symlink_metadata().unwrap().file_type().is_symlink());
        let gone = set_aside(&link, &site.root, &site.keep_in).unwrap_err();
        assert_eq!(gone.kind(), std::io::ErrorKind::NotFound);
    }
}
