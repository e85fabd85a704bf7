//! Changes from Linux's inotify, asked for exactly what the sentinel reads: a file written and
//! closed, a name created, removed or moved. Nothing is asked about opens, reads or metadata,
//! so the sentinel's own reads of the files it judges never come back to it as events (the
//! `notify` crate's fixed mask asks for those too, and they cost more than the writes).
//!
//! inotify watches one folder at a time: every folder under the roots gets a watch (added
//! before the folder is listed, so that a subfolder made meanwhile is heard), a folder created
//! or moved in gets one as soon as it is reported (its files written before that are read by
//! the caller, which lists the folder), a folder renamed within the roots keeps its watch under
//! its new name (or gets one, if it was renamed before its creation was heard), and one moved
//! out loses it. A root moved or deleted is reported, since nothing under it is heard after,
//! and looked for every [`LOST_ROOT_LOOK`]: a folder back under its name (put back, or made
//! again) is watched again and reported as arrived, so that its files are read. The watcher
//! rests [`REST_AFTER_CHANGES`] after each batch before it looks again, so that a program
//! saving files one after the other does not wake it at each close.
//! The calls go through `nix`'s safe wrapper: no unsafe code here.

use std::collections::{HashMap, HashSet};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify, InotifyEvent, WatchDescriptor};

use super::Reported;

/// How long the second half of a rename is waited for when a read ends between its halves.
const RENAME_PAIRING: Duration = Duration::from_millis(5);
/// How long the watcher rests after a batch of changes (counted from when it was returned)
/// before it looks again: changes that come meanwhile wait in the queue and are read together,
/// rather than each waking the watcher, which costs the program that closes the file a few
/// microseconds (the kernel interrupts the other core). A change that comes after a quiet
/// moment (a person at work, an attack at up to a few hundred files a second) wakes it and is
/// read at once; one that comes within the rest waits for its end, 2 ms at most.
const REST_AFTER_CHANGES: Duration = Duration::from_millis(2);
/// How often a root moved or deleted is looked for under its name.
pub const LOST_ROOT_LOOK: Duration = Duration::from_secs(1);

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

/// What roots are watched for besides: their own move or deletion.
fn root_mask() -> AddWatchFlags {
    mask() | AddWatchFlags::IN_MOVE_SELF | AddWatchFlags::IN_DELETE_SELF
}

/// An inotify instance watching every folder under some roots.
pub struct Kernel {
    inotify: Inotify,
    /// Each watch's folder, under its current name.
    folders: HashMap<WatchDescriptor, PathBuf>,
    /// The roots' watches.
    roots: HashSet<WatchDescriptor>,
    /// The roots, as given.
    root_paths: Vec<PathBuf>,
    /// Roots moved away or deleted, not watched until a folder is back under their name.
    lost_roots: Vec<PathBuf>,
    /// Lost roots back under their name that could not be watched (said once).
    unwatchable_roots: HashSet<PathBuf>,
    /// When the last wait returned changes.
    last_batch: Option<Instant>,
}

impl Kernel {
    /// Watches every folder under `roots`.
    pub fn start(roots: &[PathBuf]) -> Result<Kernel, String> {
        let inotify = Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC)
            .map_err(|errno| errno.desc().to_string())?;
        let mut kernel = Kernel {
            inotify,
            folders: HashMap::new(),
            roots: HashSet::new(),
            root_paths: roots.to_vec(),
            lost_roots: Vec::new(),
            unwatchable_roots: HashSet::new(),
            last_batch: None,
        };
        for root in roots {
            let descriptor = kernel
                .watch(root, root_mask())
                .map_err(|cause| format!("{}: {cause}", root.display()))?;
            kernel.roots.insert(descriptor);
            let mut failed = Vec::new();
            kernel.watch_below(root, &mut failed);
            if let Some(Reported::Failed(folder, cause)) = failed.into_iter().next() {
                return Err(format!("{}: {cause}", folder.display()));
            }
        }
        Ok(kernel)
    }

    fn watch(&mut self, folder: &Path, mask: AddWatchFlags) -> Result<WatchDescriptor, String> {
        match self.inotify.add_watch(folder, mask) {
            Ok(descriptor) => {
                self.folders.insert(descriptor, folder.to_path_buf());
                Ok(descriptor)
            }
            Err(Errno::ENOSPC) => Err(String::from(
                "the system's limit of watched folders is reached \
                 (raise fs.inotify.max_user_watches)",
            )),
            Err(errno) => Err(errno.desc().to_string()),
        }
    }

    /// Watches `folder` and every folder under it, each before it is listed; says which could
    /// not be watched. A folder gone meanwhile is no failure: its removal is reported.
    fn watch_tree(&mut self, folder: &Path, reported: &mut Vec<Reported>) {
        // A root inside another root is watched as a root (a watch's mask is replaced), and
        // is no longer lost when it comes back with the other.
        let root = self.root_paths.iter().any(|root| root == folder);
        match self.watch(folder, if root { root_mask() } else { mask() }) {
            Ok(descriptor) => {
                if root {
                    self.roots.insert(descriptor);
                    self.lost_roots.retain(|lost| lost != folder);
                }
                self.watch_below(folder, reported);
            }
            Err(_) if std::fs::symlink_metadata(folder).map_or(true, |m| !m.is_dir()) => {}
            Err(cause) => reported.push(Reported::Failed(folder.to_path_buf(), cause)),
        }
    }

    /// Watches every folder under `folder` (symbolic links are not followed).
    fn watch_below(&mut self, folder: &Path, reported: &mut Vec<Reported>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                self.watch_tree(&entry.path(), reported);
            }
        }
    }

    /// Waits for changes (at most `timeout`, when given) and returns every change queued by
    /// then (none when nothing came in time); `None` when inotify failed.
    pub fn wait(&mut self, timeout: Option<Duration>) -> Option<Vec<Reported>> {
        let deadline = timeout.map(|limit| Instant::now() + limit);
        if let Some(returned) = self.last_batch {
            let rest = REST_AFTER_CHANGES.saturating_sub(returned.elapsed());
            std::thread::sleep(timeout.map_or(rest, |limit| limit.min(rest)));
        }
        loop {
            let left = deadline.map(|end| end.saturating_duration_since(Instant::now()));
            // While a root is lost, the wait is cut into looks for it.
            let slice = if self.lost_roots.is_empty() {
                left
            } else {
                Some(left.map_or(LOST_ROOT_LOOK, |left| left.min(LOST_ROOT_LOOK)))
            };
            let slice = match slice {
                // Rounded up: a wait shorter than a millisecond is not a look without waiting,
                // which would be repeated until the deadline.
                Some(limit) => PollTimeout::try_from(limit.as_micros().div_ceil(1000))
                    .unwrap_or(PollTimeout::MAX),
                None => PollTimeout::NONE,
            };
            let mut fds = [PollFd::new(self.inotify.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, slice) {
                Ok(0) => {
                    let back = self.look_for_lost_roots();
                    if !back.is_empty() {
                        return Some(back);
                    }
                    if deadline.is_some_and(|end| Instant::now() >= end) {
                        return Some(Vec::new());
                    }
                }
                Ok(_) => break,
                Err(Errno::EINTR) => {}
                Err(_) => return None,
            }
        }
        let mut events = Vec::new();
        self.read_queued(&mut events)?;
        // A read can end between the two halves of a rename (the kernel queues them one after
        // the other): the second half is waited for a moment, rather than taking a rename for
        // a removal and a creation.
        let mut paired = destinations(&events);
        if unpaired_move(&events, &paired) {
            let mut fds = [PollFd::new(self.inotify.as_fd(), PollFlags::POLLIN)];
            let pairing = PollTimeout::try_from(RENAME_PAIRING).unwrap_or(PollTimeout::ZERO);
            if poll(&mut fds, pairing).is_ok_and(|ready| ready > 0) {
                self.read_queued(&mut events)?;
                paired = destinations(&events);
            }
        }
        let mut reported = self.translate(events, &paired);
        reported.extend(self.look_for_lost_roots());
        if !reported.is_empty() {
            self.last_batch = Some(Instant::now());
        }
        Some(reported)
    }

    /// Watches again the lost roots that are back under their name (a folder, not a link to
    /// one), and reports them as arrived.
    fn look_for_lost_roots(&mut self) -> Vec<Reported> {
        let mut reported = Vec::new();
        let lost = std::mem::take(&mut self.lost_roots);
        for root in lost {
            if !std::fs::symlink_metadata(&root).is_ok_and(|m| m.is_dir()) {
                self.lost_roots.push(root);
                continue;
            }
            // A root inside another root is back with it, already watched and reported.
            if self.folders.values().any(|folder| *folder == root) {
                continue;
            }
            match self.watch(&root, root_mask()) {
                Ok(descriptor) => {
                    self.roots.insert(descriptor);
                    self.unwatchable_roots.remove(&root);
                    self.watch_below(&root, &mut reported);
                    reported.push(Reported::Arrived(root));
                }
                Err(cause) => {
                    // Looked for again at every look, and said once.
                    if self.unwatchable_roots.insert(root.clone()) {
                        reported.push(Reported::Failed(root.clone(), cause));
                    }
                    self.lost_roots.push(root);
                }
            }
        }
        reported
    }

    /// Reads every event queued; `None` when inotify failed before any was read.
    fn read_queued(&mut self, events: &mut Vec<InotifyEvent>) -> Option<()> {
        loop {
            match self.inotify.read_events() {
                Ok(read) => events.extend(read),
                Err(Errno::EINTR) => {}
                Err(Errno::EAGAIN) => return Some(()),
                Err(_) if !events.is_empty() => return Some(()),
                Err(_) => return None,
            }
        }
    }

    /// Turns a batch of kernel events into changes, in order, pairing the two halves of each
    /// rename; `destinations` holds the cookies of the renames whose second half is in the
    /// batch ([`destinations`]).
    fn translate(
        &mut self,
        events: Vec<InotifyEvent>,
        destinations: &HashSet<u32>,
    ) -> Vec<Reported> {
        let mut reported = Vec::new();
        // A name moved away whose destination is in the batch waits for it; one whose
        // destination is not went out of the watched folders, and is gone at once (a folder
        // of the same name may be made right after).
        let mut moved: HashMap<u32, PathBuf> = HashMap::new();
        for event in events {
            let mask = event.mask;
            if mask.contains(AddWatchFlags::IN_Q_OVERFLOW) {
                reported.push(Reported::Overflow);
                self.check_folders(&mut reported);
                // Folders made during the flood were not heard: watch them now.
                for root in self.root_paths.clone() {
                    if !self.lost_roots.contains(&root) {
                        self.watch_below(&root, &mut reported);
                    }
                }
                continue;
            }
            if mask.intersects(AddWatchFlags::IN_MOVE_SELF | AddWatchFlags::IN_DELETE_SELF)
                && self.roots.contains(&event.wd)
            {
                if let Some(root) = self.folders.get(&event.wd).cloned() {
                    self.lose_root(event.wd, root, &mut reported);
                }
                continue;
            }
            if mask.contains(AddWatchFlags::IN_IGNORED) {
                self.folders.remove(&event.wd);
                self.roots.remove(&event.wd);
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
                if destinations.contains(&event.cookie) {
                    moved.insert(event.cookie, path);
                } else {
                    if folder_event {
                        self.unwatch_tree(&path);
                    }
                    reported.push(Reported::Gone(path));
                }
            } else if mask.contains(AddWatchFlags::IN_MOVED_TO) {
                match moved.remove(&event.cookie) {
                    Some(from) => {
                        if folder_event {
                            let watched = self.folders.values().any(|known| *known == from);
                            self.rename_tree(&from, &path);
                            if !watched {
                                // Made and renamed before its creation was heard.
                                self.watch_tree(&path, &mut reported);
                            }
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
                if folder_event {
                    // A folder is empty when it is deleted: its files were reported one by one.
                    reported.push(Reported::FolderRemoved(path));
                } else {
                    reported.push(Reported::Gone(path));
                }
            }
        }
        reported
    }

    /// The folders at or under `from` are now at or under `to`.
    fn rename_tree(&mut self, from: &Path, to: &Path) {
        for folder in self.folders.values_mut() {
            if let Some(moved) = super::moved_path(folder, from, to) {
                *folder = moved;
            }
        }
    }

    /// The root watched as `descriptor` was moved or deleted: said, and looked for under its
    /// name from now on.
    fn lose_root(
        &mut self,
        descriptor: WatchDescriptor,
        root: PathBuf,
        reported: &mut Vec<Reported>,
    ) {
        let cause = "the protected folder was moved or deleted: it is watched again as soon as \
                     a folder is back under its name";
        reported.push(Reported::Failed(root.clone(), String::from(cause)));
        // Moved away, its watches would report what happens there under the protected names.
        self.unwatch_tree(&root);
        self.roots.remove(&descriptor);
        self.lost_roots.push(root.clone());
        reported.push(Reported::Gone(root));
    }

    /// After an overflow, checks that each watched name still holds the folder watched: a
    /// folder moved or deleted during the flood said so in a notification that was dropped.
    /// A root is then lost (looked for under its name), another folder's watch dropped — the
    /// folders now under the roots are watched afresh by the caller.
    fn check_folders(&mut self, reported: &mut Vec<Reported>) {
        let mut watched: Vec<(WatchDescriptor, PathBuf)> = self
            .folders
            .iter()
            .map(|(descriptor, folder)| (*descriptor, folder.clone()))
            .collect();
        // Roots first: losing one drops every watch under it.
        watched.sort_by_key(|(descriptor, _)| !self.roots.contains(descriptor));
        for (descriptor, folder) in watched {
            if self.folders.get(&descriptor) != Some(&folder) {
                continue;
            }
            let root = self.roots.contains(&descriptor);
            // The same folder gives the same watch back (its mask as it was); another folder
            // under the name, a new watch.
            let mask = if root { root_mask() } else { mask() };
            match self.inotify.add_watch(&folder, mask) {
                Ok(same) if same == descriptor => continue,
                Ok(other) => {
                    if !self.folders.contains_key(&other) {
                        let _ = self.inotify.rm_watch(other);
                    }
                }
                // Nothing, or no folder, under the name any more.
                Err(Errno::ENOENT | Errno::ENOTDIR) => {}
                // Still there as far as can be told (unreadable now, say): kept as it is, and
                // said.
                Err(errno) => {
                    reported.push(Reported::Failed(folder, errno.desc().to_string()));
                    continue;
                }
            }
            if root {
                self.lose_root(descriptor, folder, reported);
            } else {
                // With the folders recorded under it, whatever order they come in: one of them
                // may still be reached through a link now under the old name.
                self.unwatch_tree(&folder);
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

/// The cookies of the renames whose destination is in `events`.
fn destinations(events: &[InotifyEvent]) -> HashSet<u32> {
    events
        .iter()
        .filter(|event| event.mask.contains(AddWatchFlags::IN_MOVED_TO))
        .map(|event| event.cookie)
        .collect()
}

/// Whether a name moved away in `events` has no destination among them yet (`destinations`
/// are theirs).
fn unpaired_move(events: &[InotifyEvent], destinations: &HashSet<u32>) -> bool {
    events.iter().any(|event| {
        event.mask.contains(AddWatchFlags::IN_MOVED_FROM) && !destinations.contains(&event.cookie)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A root moved away and another folder made under its name while their notifications
    /// were dropped (a full queue): the check that follows an overflow finds it out, and the
    /// new folder is watched.
    #[test]
    fn a_root_replaced_while_notifications_were_lost_is_found_out() {
        let dir = tempfile::tempdir().unwrap();
        let (root, away) = (dir.path().join("root"), dir.path().join("away"));
        std::fs::create_dir_all(root.join("s")).unwrap();
        let mut kernel = Kernel::start(std::slice::from_ref(&root)).unwrap();
        let mut reported = Vec::new();
        kernel.check_folders(&mut reported);
        assert_eq!(reported, Vec::new());
        assert_eq!(kernel.folders.len(), 2);

        std::fs::rename(&root, &away).unwrap();
        std::fs::create_dir(&root).unwrap();
        kernel.check_folders(&mut reported);
        assert!(
            reported.contains(&Reported::Gone(root.clone())),
            "{reported:?}"
        );
        // What happens in the folder moved away is not reported under the protected names.
        assert!(
            kernel
                .folders
                .values()
                .all(|folder| !folder.starts_with(&root))
        );

        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        while !seen.contains(&Reported::Arrived(root.clone())) && Instant::now() < deadline {
            seen.extend(kernel.wait(Some(Duration::from_millis(200))).unwrap());
        }
        assert!(seen.contains(&Reported::Arrived(root.clone())), "{seen:?}");
        std::fs::write(root.join("new.txt"), b"new").unwrap();
        std::fs::write(away.join("s/elsewhere.txt"), b"x").unwrap();
        let mut heard = Vec::new();
        while heard.is_empty() && Instant::now() < deadline {
            heard.extend(kernel.wait(Some(Duration::from_millis(200))).unwrap());
        }
        assert_eq!(heard, vec![Reported::Written(root.join("new.txt"))]);
    }

    /// A folder moved out of the roots while its notification was dropped, a link to it made
    /// under its name: the check drops its watches and its subfolders', so what happens there
    /// is not reported under the protected names.
    #[test]
    fn a_folder_moved_out_while_notifications_were_lost_is_no_longer_heard() {
        let dir = tempfile::tempdir().unwrap();
        let (root, away) = (dir.path().join("root"), dir.path().join("away"));
        std::fs::create_dir_all(root.join("s/t")).unwrap();
        let mut kernel = Kernel::start(std::slice::from_ref(&root)).unwrap();
        std::fs::rename(root.join("s"), &away).unwrap();
        // A link in its place leads to the folder moved out: its subfolder is no longer
        // protected either.
        std::os::unix::fs::symlink(&away, root.join("s")).unwrap();
        let mut reported = Vec::new();
        kernel.check_folders(&mut reported);
        assert_eq!(reported, Vec::new());
        let watched: Vec<&PathBuf> = kernel.folders.values().collect();
        assert_eq!(watched, vec![&root]);
        // (Here the move's own notification was not dropped: it comes now.)
        let moved = kernel.wait(Some(Duration::from_secs(2))).unwrap();
        assert_eq!(moved, vec![Reported::Gone(root.join("s"))]);
        std::fs::write(away.join("elsewhere.txt"), b"x").unwrap();
        std::fs::write(away.join("t/elsewhere.txt"), b"x").unwrap();
        assert_eq!(
            kernel.wait(Some(Duration::from_millis(300))).unwrap(),
            Vec::new()
        );
    }
}
