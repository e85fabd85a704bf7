//! Who writes in the protected folders: the process behind each write, from fanotify (Linux,
//! root).
//!
//! Change notifications (inotify) say what changed, not who changed it. A fanotify group with
//! a mark on each watched folder (`FAN_MODIFY`, `FAN_CLOSE_WRITE`, for the folder's files) adds
//! the pid of every writer. Marks are put on folders, not on the whole filesystem, so the
//! sentinel hears only the protected tree: its own writes elsewhere (logs, the journal, the
//! vault) never come back to it as events, and the rest of the machine pays nothing.
//!
//! A thread reads the group as soon as the kernel queues an event (or, while it hears only
//! programs it knows, after a rest of [`PACE`] that lets their events merge) and looks a new
//! writer up in `/proc` at once, while it is still writing: a program that writes one file and
//! exits is gone a moment later. The kernel calls go through `nix`'s safe wrapper, so there is
//! no unsafe code here.
//!
//! fanotify in this mode names the file written, not the file removed or renamed; a removal or
//! rename is credited to the program that wrote in the same folder within
//! [`FOLDER_MEMORY`], else to nobody.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hygie_sentinel::Actor;
use nix::sys::fanotify::{EventFFlags, Fanotify, InitFlags, MarkFlags, MaskFlags};

use crate::process;

/// How long a removal or rename in a folder is credited to the folder's last writer.
pub const FOLDER_MEMORY: Duration = Duration::from_secs(10);

/// How long a writer is remembered for a file.
const FILE_MEMORY: Duration = Duration::from_secs(60);

/// Files and folders remembered at most; the oldest half is forgotten beyond.
const MAX_REMEMBERED: usize = 200_000;

/// How long [`Writers::settle`] waits for the reader to catch up with the kernel's queue.
const SETTLE_LIMIT: Duration = Duration::from_millis(50);

/// How long [`Writers::settle_again`] waits at most, its first moment included.
const SETTLE_AGAIN_LIMIT: Duration = Duration::from_millis(2);

/// How long the reader rests after a batch of events from programs it already knows, so that
/// their next events wait in the kernel's queue, where those of one program on one file merge:
/// a file written then closed becomes one event, a large file written block by block one per
/// rest, instead of an event (a file opened by the kernel, a wake-up, a name looked up) per
/// write. No rest follows a batch with a program not seen before; one that starts writing
/// during a rest is looked up at most this much later.
const PACE: Duration = Duration::from_millis(1);

#[derive(Clone, Debug)]
struct Seen {
    actor: Actor,
    at: Instant,
}

#[derive(Default)]
struct Table {
    files: HashMap<PathBuf, Seen>,
    folders: HashMap<PathBuf, Seen>,
    /// The kernel dropped events since the last look.
    overflowed: bool,
    /// The reader stopped, with the reason.
    failed: Option<String>,
}

impl Table {
    fn remember(&mut self, path: PathBuf, actor: Actor, at: Instant) {
        for map in [&mut self.files, &mut self.folders] {
            if map.len() >= MAX_REMEMBERED {
                let mut ages: Vec<Instant> = map.values().map(|seen| seen.at).collect();
                ages.sort_unstable();
                let cut = ages[ages.len() / 2];
                map.retain(|_, seen| seen.at > cut);
            }
        }
        if let Some(folder) = path.parent() {
            self.folders.insert(
                folder.to_path_buf(),
                Seen {
                    actor: actor.clone(),
                    at,
                },
            );
        }
        self.files.insert(path, Seen { actor, at });
    }
}

/// The fanotify group and what its reader learnt.
pub struct Writers {
    group: Arc<Fanotify>,
    table: Arc<Mutex<Table>>,
    busy: Arc<AtomicBool>,
}

impl Writers {
    /// Creates the group and starts its reader. Fails without root (`CAP_SYS_ADMIN`) or on a
    /// kernel without fanotify; the caller then goes on with the portable watcher alone.
    pub fn start() -> Result<Writers, String> {
        let group = Fanotify::init(
            InitFlags::FAN_CLASS_NOTIF | InitFlags::FAN_CLOEXEC,
            EventFFlags::O_RDONLY | EventFFlags::O_LARGEFILE | EventFFlags::O_CLOEXEC,
        )
        .map_err(|errno| errno.desc().to_string())?;
        let writers = Writers {
            group: Arc::new(group),
            table: Arc::new(Mutex::new(Table::default())),
            busy: Arc::new(AtomicBool::new(false)),
        };
        let (group, table, busy) = (
            writers.group.clone(),
            writers.table.clone(),
            writers.busy.clone(),
        );
        std::thread::Builder::new()
            .name("sentinel-writers".into())
            .spawn(move || read_forever(&group, &table, &busy))
            .map_err(|e| e.to_string())?;
        Ok(writers)
    }

    /// Hears the writes to the files of `folder` (not of its subfolders: each has its own mark).
    pub fn watch_folder(&self, folder: &Path) -> Result<(), String> {
        self.group
            .mark(
                MarkFlags::FAN_MARK_ADD | MarkFlags::FAN_MARK_ONLYDIR,
                MaskFlags::FAN_MODIFY | MaskFlags::FAN_CLOSE_WRITE | MaskFlags::FAN_EVENT_ON_CHILD,
                nix::fcntl::AT_FDCWD,
                Some(folder),
            )
            .map_err(|errno| format!("{}: {}", folder.display(), errno.desc()))
    }

    /// Waits (briefly) until the reader has taken every event the kernel queued, so that the
    /// writes behind the notifications in hand are known.
    pub fn settle(&self) {
        self.settle_within(SETTLE_LIMIT);
    }

    /// [`Writers::settle`] after a moment, for [`SETTLE_AGAIN_LIMIT`] at most: for a write
    /// whose writer is not known yet, which the reader may be noting right now.
    pub fn settle_again(&self) {
        std::thread::sleep(Duration::from_micros(500));
        self.settle_within(SETTLE_AGAIN_LIMIT);
    }

    /// [`Writers::settle`], waiting at most `limit`.
    fn settle_within(&self, limit: Duration) {
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            let mut fds = [PollFd::new(
                std::os::fd::AsFd::as_fd(self.group.as_ref()),
                PollFlags::POLLIN,
            )];
            let pending = poll(&mut fds, PollTimeout::ZERO).unwrap_or(0) > 0;
            if !pending && !self.busy.load(Ordering::Acquire) {
                return;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// The program that last wrote `path`, if it was seen recently.
    pub fn writer_of(&self, path: &Path) -> Option<Actor> {
        let table = self.table();
        recent(table.files.get(path), FILE_MEMORY)
    }

    /// The program that last wrote in the folder of `path`, if it did within [`FOLDER_MEMORY`].
    pub fn folder_writer(&self, path: &Path) -> Option<Actor> {
        let table = self.table();
        recent(table.folders.get(path.parent()?), FOLDER_MEMORY)
    }

    /// Whether the kernel dropped events since the last call.
    pub fn take_overflow(&self) -> bool {
        std::mem::take(&mut self.table().overflowed)
    }

    /// Why the reader stopped, once.
    pub fn take_failure(&self) -> Option<String> {
        self.table().failed.take()
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        // A reader that panicked leaves a usable table: what it holds is plain data.
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn recent(seen: Option<&Seen>, memory: Duration) -> Option<Actor> {
    seen.filter(|seen| seen.at.elapsed() <= memory)
        .map(|seen| seen.actor.clone())
}

/// The reader: takes events as the kernel queues them and notes who wrote where.
fn read_forever(group: &Fanotify, table: &Mutex<Table>, busy: &AtomicBool) {
    let own = std::process::id();
    // Writers looked up recently: a program writing many blocks is read from /proc once.
    let mut known: HashMap<u32, (Actor, Instant)> = HashMap::new();
    let mut fd_link = String::new();
    loop {
        let events = match group.read_events() {
            Ok(events) => events,
            Err(nix::errno::Errno::EINTR) => continue,
            Err(errno) => {
                let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
                table.failed = Some(errno.desc().to_string());
                return;
            }
        };
        busy.store(true, Ordering::Release);
        let now = Instant::now();
        let mut learnt = Vec::with_capacity(events.len());
        let mut overflowed = false;
        let mut newcomer = false;
        for event in &events {
            if event.mask().contains(MaskFlags::FAN_Q_OVERFLOW) {
                overflowed = true;
                continue;
            }
            let Some(fd) = event.fd() else {
                continue;
            };
            let Ok(pid) = u32::try_from(event.pid()) else {
                continue;
            };
            if pid == own {
                continue;
            }
            let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
            fd_link.clear();
            let _ = write!(fd_link, "/proc/self/fd/{raw}");
            let Ok(path) = std::fs::read_link(&fd_link) else {
                continue;
            };
            let actor = match known.get(&pid) {
                Some((actor, at)) if now.duration_since(*at) < Duration::from_secs(1) => {
                    actor.clone()
                }
                _ => {
                    newcomer = true;
                    let actor = describe(pid);
                    if known.len() > 4096 {
                        known.clear();
                    }
                    known.insert(pid, (actor.clone(), now));
                    actor
                }
            };
            learnt.push((strip_deleted(path), actor));
        }
        drop(events);
        {
            let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
            table.overflowed |= overflowed;
            for (path, actor) in learnt {
                table.remember(path, actor, now);
            }
        }
        busy.store(false, Ordering::Release);
        if !newcomer && !overflowed {
            std::thread::sleep(PACE);
        }
    }
}

/// The engine's actor for a writer: its pid, its process group as its tree, its executable.
/// A writer already gone is its own tree.
fn describe(pid: u32) -> Actor {
    match process::info(pid) {
        // Samba serves each client from its own `smbd` process, in the group of the main one:
        // a client is that process alone, so stopping it closes that client's session and no
        // other.
        Some(info)
            if info
                .exe
                .as_deref()
                .is_some_and(|exe| exe.ends_with("/smbd")) =>
        {
            Actor::Process {
                pid,
                tree: pid,
                exe: info.exe,
            }
        }
        Some(info) => Actor::Process {
            pid,
            tree: info.group,
            exe: info.exe,
        },
        None => Actor::Process {
            pid,
            tree: pid,
            exe: None,
        },
    }
}

/// The path of a file deleted while its event waited: the kernel appends ` (deleted)`.
fn strip_deleted(path: PathBuf) -> PathBuf {
    match path
        .to_str()
        .and_then(|text| text.strip_suffix(" (deleted)"))
    {
        Some(stripped) => PathBuf::from(stripped),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_paths_lose_the_kernels_suffix() {
        assert_eq!(
            strip_deleted(PathBuf::from("/srv/a.pdf (deleted)")),
            PathBuf::from("/srv/a.pdf")
        );
        assert_eq!(
            strip_deleted(PathBuf::from("/srv/a.pdf")),
            PathBuf::from("/srv/a.pdf")
        );
    }

    #[test]
    fn removals_are_credited_to_a_recent_writer_of_the_folder_only() {
        let mut table = Table::default();
        let actor = Actor::Process {
            pid: 7,
            tree: 7,
            exe: None,
        };
        let Some(long_ago) = Instant::now().checked_sub(FOLDER_MEMORY * 2) else {
            return; // the machine booted moments ago
        };
        table.remember(PathBuf::from("/srv/old/a"), actor.clone(), long_ago);
        table.remember(PathBuf::from("/srv/new/b"), actor.clone(), Instant::now());
        assert_eq!(
            recent(table.folders.get(Path::new("/srv/new")), FOLDER_MEMORY),
            Some(actor)
        );
        assert_eq!(
            recent(table.folders.get(Path::new("/srv/old")), FOLDER_MEMORY),
            None
        );
    }
}
