//! Changes from Linux's inotify, asked for exactly what the sentinel reads: a file written and
//! closed, a name created, removed or moved. Nothing is asked about opens, reads or metadata,
//! so the sentinel's own reads of the files it judges never come back to it as events (the
//! `notify` crate's fixed mask asks for those too, and they cost more than the writes).
//!
//! inotify watches one folder at a time: every folder under the roots gets a watch, a folder
//! created or moved in gets one as soon as it is reported (its files written before that are
//! read by the caller, which lists the folder), a folder renamed within the roots keeps its
//! watch under its new name, and one moved out loses it. The calls go through `nix`'s safe
//! wrapper: no unsafe code here.

use std::collections::HashMap;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify, InotifyEvent, WatchDescriptor};

use super::{Reported, folders_under};

/// What each folder is watched for.
fn mask() -> AddWatchFlags {
    AddWatchFlags::IN_CLOSE_WRITE
        | AddWatchFlags::IN_CREATE
        | AddWatchFlags::IN_DELETE
        | AddWatchFlags::IN_MOVED_FROM
        | AddWatchFlags::IN_MOVED_TO
        | AddWatchFlags::IN_ONLYDIR
        | AddWatchFlags::IN_DONT_FOLLOW
}

/// An inotify instance watching every folder under some roots.
pub struct Kernel {
    inotify: Inotify,
    /// Each watch's folder, under its current name.
    folders: HashMap<WatchDescriptor, PathBuf>,
}

impl Kernel {
    /// Watches every folder under `roots`.
    pub fn start(roots: &[PathBuf]) -> Result<Kernel, String> {
        let inotify = Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC)
            .map_err(|errno| errno.desc().to_string())?;
        let mut kernel = Kernel {
            inotify,
            folders: HashMap::new(),
        };
        for root in roots {
            for folder in folders_under(root) {
                kernel
                    .watch(&folder)
                    .map_err(|cause| format!("{}: {cause}", folder.display()))?;
            }
        }
        Ok(kernel)
    }

    fn watch(&mut self, folder: &Path) -> Result<(), String> {
        match self.inotify.add_watch(folder, mask()) {
            Ok(descriptor) => {
                self.folders.insert(descriptor, folder.to_path_buf());
                Ok(())
            }
            Err(Errno::ENOSPC) => Err(String::from(
                "the system's limit of watched folders is reached \
                 (raise fs.inotify.max_user_watches)",
            )),
            Err(errno) => Err(errno.desc().to_string()),
        }
    }

    /// Watches `folder` and every folder under it; says which could not be watched.
    fn watch_tree(&mut self, folder: &Path, reported: &mut Vec<Reported>) {
        for inner in folders_under(folder) {
            if let Err(cause) = self.watch(&inner) {
                reported.push(Reported::Failed(inner, cause));
            }
        }
    }

    /// Waits for changes (at most `timeout`, when given) and returns every change queued by
    /// then; `None` when inotify failed, or nothing came in time.
    pub fn wait(&mut self, timeout: Option<Duration>) -> Option<Vec<Reported>> {
        let timeout = match timeout {
            Some(limit) => PollTimeout::try_from(limit).unwrap_or(PollTimeout::MAX),
            None => PollTimeout::NONE,
        };
        loop {
            let mut fds = [PollFd::new(self.inotify.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, timeout) {
                Ok(0) => return None,
                Ok(_) => break,
                Err(Errno::EINTR) => {}
                Err(_) => return None,
            }
        }
        let mut events = Vec::new();
        loop {
            match self.inotify.read_events() {
                Ok(read) => events.extend(read),
                Err(Errno::EINTR) => {}
                Err(Errno::EAGAIN) => break,
                Err(_) if !events.is_empty() => break,
                Err(_) => return None,
            }
        }
        Some(self.translate(events))
    }

    /// Turns a batch of kernel events into changes, pairing the two halves of each rename.
    fn translate(&mut self, events: Vec<InotifyEvent>) -> Vec<Reported> {
        let mut reported = Vec::new();
        // Names moved away, by cookie, until their destination shows (in the same batch: the
        // kernel queues both halves at once).
        let mut moved: Vec<(u32, PathBuf, bool)> = Vec::new();
        for event in events {
            let mask = event.mask;
            if mask.contains(AddWatchFlags::IN_Q_OVERFLOW) {
                reported.push(Reported::Overflow);
                continue;
            }
            if mask.contains(AddWatchFlags::IN_IGNORED) {
                self.folders.remove(&event.wd);
                continue;
            }
            let (Some(folder), Some(name)) = (self.folders.get(&event.wd), &event.name) else {
                continue;
            };
            let path = folder.join(name);
            let folder_event = mask.contains(AddWatchFlags::IN_ISDIR);
            if mask.contains(AddWatchFlags::IN_CLOSE_WRITE) {
                reported.push(Reported::Written(path));
            } else if mask.contains(AddWatchFlags::IN_MOVED_FROM) {
                moved.push((event.cookie, path, folder_event));
            } else if mask.contains(AddWatchFlags::IN_MOVED_TO) {
                match moved
                    .iter()
                    .position(|(cookie, ..)| *cookie == event.cookie)
                {
                    Some(index) => {
                        let (_, from, _) = moved.swap_remove(index);
                        if folder_event {
                            self.rename_tree(&from, &path);
                        }
                        reported.push(Reported::Renamed { from, to: path });
                    }
                    None => {
                        if folder_event {
                            self.watch_tree(&path, &mut reported);
                        }
                        reported.push(Reported::Arrived(path));
                    }
                }
            } else if mask.contains(AddWatchFlags::IN_CREATE) {
                if folder_event {
                    self.watch_tree(&path, &mut reported);
                    reported.push(Reported::Arrived(path));
                }
            } else if mask.contains(AddWatchFlags::IN_DELETE) {
                reported.push(Reported::Gone(path));
            }
        }
        // Moved away with no destination in the watched folders: gone from here, and a folder
        // no longer watched (the kernel would go on reporting it from wherever it went).
        for (_, from, folder_event) in moved {
            if folder_event {
                self.unwatch_tree(&from);
            }
            reported.push(Reported::Gone(from));
        }
        reported
    }

    /// The folders at or under `from` are now at or under `to`.
    fn rename_tree(&mut self, from: &Path, to: &Path) {
        for folder in self.folders.values_mut() {
            if let Ok(suffix) = folder.strip_prefix(from) {
                *folder = if suffix.as_os_str().is_empty() {
                    to.to_path_buf()
                } else {
                    to.join(suffix)
                };
            }
        }
    }

    /// Stops watching the folders at or under `folder`.
    fn unwatch_tree(&mut self, folder: &Path) {
        let gone: Vec<WatchDescriptor> = self
            .folders
            .iter()
            .filter(|(_, path)| path.starts_with(folder))
            .map(|(descriptor, _)| *descriptor)
            .collect();
        for descriptor in gone {
            self.folders.remove(&descriptor);
            // Already gone if the folder was deleted meanwhile: nothing left to stop.
            let _ = self.inotify.rm_watch(descriptor);
        }
    }
}
