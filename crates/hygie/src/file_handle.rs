//! A folder's kernel identity, as fanotify names folders when it reports file handles: the
//! filesystem's id followed by the folder's file handle.
//!
//! This is the one module of the crate with unsafe code, and it holds two calls:
//! `name_to_handle_at(2)`, which neither `nix` nor `rustix` wraps, and reading the filesystem
//! id that `statfs(2)` returns, which `libc` keeps opaque. Each `unsafe` block says why it is
//! sound. Everything else about fanotify goes through `nix`'s safe wrappers, and the events
//! themselves are parsed from plain bytes (`writers::records`).

#![allow(unsafe_code)]

use std::os::fd::AsRawFd;
use std::path::Path;

use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

/// The largest handle the kernel encodes (`MAX_HANDLE_SZ` in `linux/exportfs.h`).
const MAX_HANDLE_BYTES: usize = 128;

/// `struct file_handle` with room for the largest handle: `libc::file_handle` ends in a
/// zero-length array, so the kernel's bytes need a buffer of this shape behind it.
#[repr(C)]
struct HandleBuffer {
    handle_bytes: libc::c_uint,
    handle_type: libc::c_int,
    f_handle: [u8; MAX_HANDLE_BYTES],
}

/// The bytes fanotify puts between an event's record header and the file's name for
/// `folder`: the filesystem id (8 bytes), the handle's length and type (4 bytes each, in the
/// machine's byte order), then the handle itself. Comparing an event's bytes with these says
/// whether the event happened in `folder`.
///
/// Fails when `folder` cannot be opened, or when its filesystem gives no handles (some
/// network and virtual filesystems): fanotify cannot name files there either.
pub fn folder_identity(folder: &Path) -> Result<Vec<u8>, String> {
    let fail = |errno: nix::errno::Errno| errno.desc().to_string();
    let handle = open(
        folder,
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(fail)?;
    let fsid = nix::sys::statfs::fstatfs(&handle)
        .map_err(fail)?
        .filesystem_id();
    // SAFETY: `fsid_t` is two `c_int`s (`__kernel_fsid_t`), plain data with no padding and no
    // invalid bit pattern; its fields are private in `libc` only because their meaning is up
    // to each filesystem. fanotify reports the same eight bytes.
    let filesystem_id = unsafe { std::mem::transmute::<libc::fsid_t, [u8; 8]>(fsid) };
    let mut buffer = HandleBuffer {
        handle_bytes: MAX_HANDLE_BYTES as libc::c_uint,
        handle_type: 0,
        f_handle: [0; MAX_HANDLE_BYTES],
    };
    let mut mount_id: libc::c_int = 0;
    // fanotify encodes handles as `AT_HANDLE_FID` asks (Linux 6.5); on an older kernel the
    // flag is refused, and the plain encoding is the one fanotify used then.
    let mut flags = libc::AT_EMPTY_PATH | libc::AT_HANDLE_FID;
    loop {
        // SAFETY: `handle` is an open descriptor and the path is an empty C string, which
        // `AT_EMPTY_PATH` makes name the descriptor itself. `buffer` is laid out as
        // `struct file_handle` followed by `handle_bytes` (= MAX_HANDLE_BYTES) writable bytes,
        // the most the kernel writes; `mount_id` is a valid `int`. Both outlive the call.
        let result = unsafe {
            libc::name_to_handle_at(
                handle.as_raw_fd(),
                c"".as_ptr(),
                (&raw mut buffer).cast::<libc::file_handle>(),
                &raw mut mount_id,
                flags,
            )
        };
        if result == 0 {
            break;
        }
        let errno = nix::errno::Errno::last();
        if errno == nix::errno::Errno::EINVAL && flags & libc::AT_HANDLE_FID != 0 {
            flags &= !libc::AT_HANDLE_FID;
            continue;
        }
        return Err(fail(errno));
    }
    let length = usize::try_from(buffer.handle_bytes)
        .ok()
        .filter(|length| *length <= MAX_HANDLE_BYTES)
        .ok_or_else(|| String::from("the kernel's file handle is too long"))?;
    let mut identity = Vec::with_capacity(16 + length);
    identity.extend_from_slice(&filesystem_id);
    identity.extend_from_slice(&buffer.handle_bytes.to_ne_bytes());
    identity.extend_from_slice(&buffer.handle_type.to_ne_bytes());
    identity.extend_from_slice(&buffer.f_handle[..length]);
    Ok(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_keeps_its_identity_and_another_folder_has_its_own() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let first = root.path().join("a");
        let second = root.path().join("b");
        std::fs::create_dir(&first).expect("a folder");
        std::fs::create_dir(&second).expect("a folder");
        let identity = folder_identity(&first).expect("an identity");
        assert!(identity.len() > 16, "{identity:?}");
        assert_eq!(folder_identity(&first), Ok(identity.clone()));
        assert_ne!(folder_identity(&second), Ok(identity.clone()));
        let renamed = root.path().join("c");
        std::fs::rename(&first, &renamed).expect("a rename");
        assert_eq!(
            folder_identity(&renamed),
            Ok(identity),
            "a folder keeps it when renamed"
        );
    }

    #[test]
    fn a_missing_folder_or_a_file_has_none() {
        let root = tempfile::tempdir().expect("a temporary folder");
        assert!(folder_identity(&root.path().join("missing")).is_err());
        let file = root.path().join("f");
        std::fs::write(&file, b"x").expect("a file");
        assert!(folder_identity(&file).is_err());
    }
}
