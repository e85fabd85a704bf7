//! Opening a protected file to read it, as the sentinel and its shadow store do: a regular
//! file only, never what a link points to, a pipe or a device, and without touching its access
//! time where the system allows it.
//!
//! The name is looked at first, so a pipe is never opened (which would release a program
//! waiting to write into it) nor a device; the open then refuses a link put in its place
//! meanwhile, and the handle is checked again. A file under a lease is opened as usual: the
//! kernel asks its holder to let go, and the open waits for that.

use std::fs::File;
use std::io;
use std::path::Path;

/// The error for a name that holds no regular file: nothing to read there.
pub fn not_a_file() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// Whether `error` says the name holds no regular file ([`not_a_file`]).
pub fn is_not_a_file(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::InvalidInput
}

/// Opens the regular file at `path` for reading; anything else is [`not_a_file`].
pub fn open(path: &Path) -> io::Result<File> {
    if !std::fs::symlink_metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = open_without_following(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_a_file());
    }
    Ok(file)
}

/// Opens `path`, refusing a link, and (where the system allows it: the file's owner, or root)
/// without changing its access time: a read after each write would otherwise dirty the file's
/// inode again, a disk write for every file judged.
#[cfg(target_os = "linux")]
fn open_without_following(path: &Path) -> io::Result<File> {
    use nix::fcntl::OFlag;
    use std::os::unix::fs::OpenOptionsExt;
    let open = |flags: OFlag| {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags((flags | OFlag::O_NOFOLLOW).bits())
            .open(path)
    };
    let opened = match open(OFlag::O_NOATIME) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => open(OFlag::empty()),
        opened => opened,
    };
    match opened {
        Err(e) if e.raw_os_error() == Some(nix::errno::Errno::ELOOP as i32) => Err(not_a_file()),
        opened => opened,
    }
}

/// Elsewhere, a plain open (the name was looked at just before).
#[cfg(not(target_os = "linux"))]
fn open_without_following(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("note.txt");
        std::fs::write(&file, b"note").unwrap();
        assert!(open(&file).is_ok());
        assert!(is_not_a_file(&open(dir.path()).unwrap_err()));
        assert_eq!(
            open(&dir.path().join("absent")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(is_not_a_file(&open(&link).unwrap_err()));
            let pipe = dir.path().join("pipe");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            if made.is_ok_and(|status| status.success()) {
                // Refused at once, not waited on.
                assert!(is_not_a_file(&open(&pipe).unwrap_err()));
            }
        }
    }
}
