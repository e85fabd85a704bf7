//! Opening a protected file to read it, as the sentinel and its shadow store do: a regular
//! file only, never what a link points to, and without touching its access time where the
//! system allows it.
//!
//! The name is looked at first, so a pipe or a device in place is not opened. One renamed over
//! the name between that look and the open is opened without waiting (a pipe does not hold
//! the open until a writer comes) and refused by the check of the handle. A file under a lease
//! (its owner asked to be told before anyone opens it) is opened the ordinary way once the
//! non-waiting open says so: the kernel asks the holder to let go, and the sentinel waits for
//! that, as any reader would.

use std::fs::File;
use std::io;
use std::path::Path;

/// What a name holds when it is no regular file.
#[derive(Debug)]
struct NotAFile;

impl std::fmt::Display for NotAFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a regular file")
    }
}

impl std::error::Error for NotAFile {}

/// The error for a name that holds no regular file: nothing to read there.
pub fn not_a_file() -> io::Error {
    io::Error::other(NotAFile)
}

/// Whether `error` says the name holds no regular file ([`not_a_file`]).
pub fn is_not_a_file(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|inner| inner.is::<NotAFile>())
}

/// Whether `error` says the name leads nowhere any more: the file, or a folder above it, was
/// deleted or renamed.
pub fn is_gone(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Opens the regular file at `path` for reading, with the handle's metadata (taken to check
/// it, so the caller need not ask again); anything else is [`not_a_file`].
pub fn open(path: &Path) -> io::Result<(File, std::fs::Metadata)> {
    if !std::fs::symlink_metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = open_without_following(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_a_file());
    }
    Ok((file, metadata))
}

/// Opens `path`, refusing a link and without waiting on a pipe, and (where the system allows
/// it: the file's owner, or root) without changing its access time: a read after each write
/// would otherwise dirty the file's inode again, a disk write for every file judged.
#[cfg(target_os = "linux")]
fn open_without_following(path: &Path) -> io::Result<File> {
    use nix::errno::Errno;
    use nix::fcntl::OFlag;
    use std::os::unix::fs::OpenOptionsExt;
    let open = |flags: OFlag| {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags((flags | OFlag::O_NOFOLLOW).bits())
            .open(path)
    };
    let mut flags = OFlag::O_NOATIME | OFlag::O_NONBLOCK;
    loop {
        match open(flags) {
            Err(e)
                if e.kind() == io::ErrorKind::PermissionDenied
                    && flags.contains(OFlag::O_NOATIME) =>
            {
                flags.remove(OFlag::O_NOATIME);
            }
            // A lease: the ordinary open breaks it.
            Err(e)
                if e.raw_os_error() == Some(Errno::EWOULDBLOCK as i32)
                    && flags.contains(OFlag::O_NONBLOCK) =>
            {
                flags.remove(OFlag::O_NONBLOCK);
            }
            Err(e) if e.raw_os_error() == Some(Errno::ELOOP as i32) => return Err(not_a_file()),
            opened => return opened,
        }
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
        let absent = open(&dir.path().join("absent")).unwrap_err();
        assert_eq!(absent.kind(), io::ErrorKind::NotFound);
        assert!(!is_not_a_file(&absent));
        assert!(!is_not_a_file(&io::Error::from(
            io::ErrorKind::InvalidInput
        )));
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

    /// A pipe renamed over the name after the look is opened without waiting, then refused.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_met_by_the_open_itself_is_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            return;
        }
        let opened = open_without_following(&pipe).unwrap();
        assert!(!opened.metadata().unwrap().is_file());
    }
}
