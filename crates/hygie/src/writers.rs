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
//! exits is gone a moment later. Before the sentinel names the writers of a batch of changes,
//! it reads what the kernel still holds itself ([`Writers::settle`]): reading events and noting
//! them happen under one lock, so what was queued before the changes were reported is noted
//! when the names are asked, with no wait for the thread. The kernel calls go through `nix`'s
//! safe wrapper, so there is no unsafe code here.
//!
//! fanotify in this mode names the file written, not the file removed or renamed; a removal or
//! rename is credited to the program that wrote in the same folder within
//! [`FOLDER_MEMORY`], else to nobody.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
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

/// How long [`Writers::settle`] reads the kernel's queue at most (a program writing without
/// pause keeps filling it).
const SETTLE_LIMIT: Duration = Duration::from_millis(50);

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

/// What reads the group: held while events are read and noted, so that whoever takes it next
/// finds everything read so far in the table.
struct Reader {
    group: Arc<Fanotify>,
    table: Arc<Mutex<Table>>,
    /// The sentinel's own pid: its writes are not events.
    own: u32,
    /// Writers looked up recently: a program writing many blocks is read from /proc once.
    known: HashMap<u32, (Actor, Instant)>,
    /// The sentinel's `/proc/self/fd`, opened once: each event's file is named by reading its
    /// descriptor's link there, with no walk from `/proc` per event.
    fds: std::fs::File,
    /// The name of an event's descriptor in [`Reader::fds`], rebuilt for each event.
    fd_name: String,
    /// Reading failed (here or in [`Writers::settle`]): the thread ends, and the group closes
    /// with the last handle.
    stopped: bool,
}

/// What one read of the group brought.
#[derive(Default)]
struct Read {
    /// Events were read (possibly none of interest).
    any: bool,
    /// A writer was looked up for the first time.
    newcomer: bool,
    /// The kernel dropped events.
    overflowed: bool,
}

/// The fanotify group and what its reader learnt.
pub struct Writers {
    group: Arc<Fanotify>,
    table: Arc<Mutex<Table>>,
    reader: Arc<Mutex<Reader>>,
}

impl Writers {
    /// Creates the group and starts its reader. Fails without root (`CAP_SYS_ADMIN`), on a
    /// kernel without fanotify, or without `/proc/self/fd` to name the files written; the
    /// caller then goes on with the portable watcher alone, and says why.
    pub fn start() -> Result<Writers, String> {
        let group = Fanotify::init(
            InitFlags::FAN_CLASS_NOTIF | InitFlags::FAN_CLOEXEC | InitFlags::FAN_NONBLOCK,
            EventFFlags::O_RDONLY | EventFFlags::O_LARGEFILE | EventFFlags::O_CLOEXEC,
        )
        .map_err(|errno| errno.desc().to_string())?;
        let fds =
            std::fs::File::open("/proc/self/fd").map_err(|e| format!("/proc/self/fd: {e}"))?;
        let group = Arc::new(group);
        let table = Arc::new(Mutex::new(Table::default()));
        let reader = Arc::new(Mutex::new(Reader {
            group: group.clone(),
            table: table.clone(),
            own: std::process::id(),
            known: HashMap::new(),
            fds,
            fd_name: String::new(),
            stopped: false,
        }));
        let shared = reader.clone();
        std::thread::Builder::new()
            .name("sentinel-writers".into())
            .spawn(move || read_forever(&shared))
            .map_err(|e| e.to_string())?;
        Ok(Writers {
            group,
            table,
            reader,
        })
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

    /// Notes every event the kernel queued so far (reading them here, or waiting for the
    /// thread to note those it is reading), so that the writes behind the notifications in
    /// hand are known. Reads for [`SETTLE_LIMIT`] at most (once at least).
    pub fn settle(&self) {
        self.settle_within(SETTLE_LIMIT);
    }

    /// Reads the kernel's queue once more (one buffer at most), for a write whose writer is not
    /// noted yet: it may have been queued a moment after the change was reported.
    pub fn look_again(&self) {
        self.settle_within(Duration::ZERO);
    }

    /// [`Writers::settle`] for `limit` at most.
    fn settle_within(&self, limit: Duration) {
        let mut reader = lock(&self.reader);
        if reader.stopped {
            return;
        }
        let deadline = Instant::now() + limit;
        loop {
            match reader.read_once() {
                Ok(read) if !read.any => return,
                Ok(_) | Err(nix::errno::Errno::EINTR) => {}
                Err(errno) => {
                    reader.fail(errno);
                    return;
                }
            }
            if Instant::now() >= deadline {
                return;
            }
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
        lock(&self.table)
    }
}

/// Takes `mutex`; one whose holder panicked is usable still: what it holds is plain data.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn recent(seen: Option<&Seen>, memory: Duration) -> Option<Actor> {
    seen.filter(|seen| seen.at.elapsed() <= memory)
        .map(|seen| seen.actor.clone())
}

/// The reader's thread: waits for events, reads and notes them, and rests after a batch from
/// programs it knows (see [`PACE`]).
fn read_forever(shared: &Mutex<Reader>) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let group = lock(shared).group.clone();
    loop {
        let mut fds = [PollFd::new(
            std::os::fd::AsFd::as_fd(group.as_ref()),
            PollFlags::POLLIN,
        )];
        let polled = poll(&mut fds, PollTimeout::NONE);
        let mut reader = lock(shared);
        if reader.stopped {
            return;
        }
        let result = polled.and_then(|_| reader.read_once());
        drop(reader);
        match result {
            Ok(read) if read.any && !read.newcomer && !read.overflowed => {
                std::thread::sleep(PACE);
            }
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(errno) => {
                lock(shared).fail(errno);
                return;
            }
        }
    }
}

impl Reader {
    /// Reading failed: the thread stops at its next look, and the sentinel is told why.
    fn fail(&mut self, errno: nix::errno::Errno) {
        self.stopped = true;
        lock(&self.table).failed = Some(errno.desc().to_string());
    }

    /// Reads what the kernel queued (one buffer's worth; nothing when the queue is empty) and
    /// notes who wrote where.
    fn read_once(&mut self) -> nix::Result<Read> {
        let events = match self.group.read_events() {
            Ok(events) => events,
            Err(nix::errno::Errno::EAGAIN) => return Ok(Read::default()),
            Err(errno) => return Err(errno),
        };
        let now = Instant::now();
        let mut read = Read {
            any: !events.is_empty(),
            ..Read::default()
        };
        let mut learnt = Vec::with_capacity(events.len());
        for event in &events {
            if event.mask().contains(MaskFlags::FAN_Q_OVERFLOW) {
                read.overflowed = true;
                continue;
            }
            let Some(fd) = event.fd() else {
                continue;
            };
            let Ok(pid) = u32::try_from(event.pid()) else {
                continue;
            };
            if pid == self.own {
                continue;
            }
            let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
            self.fd_name.clear();
            let _ = write!(self.fd_name, "{raw}");
            let Ok(path) = nix::fcntl::readlinkat(&self.fds, self.fd_name.as_str()) else {
                continue;
            };
            let path = PathBuf::from(path);
            let actor = match self.known.get(&pid) {
                Some((actor, at)) if now.duration_since(*at) < Duration::from_secs(1) => {
                    actor.clone()
                }
                _ => {
                    read.newcomer = true;
                    let actor = describe(pid);
                    if self.known.len() > 4096 {
                        self.known.clear();
                    }
                    self.known.insert(pid, (actor.clone(), now));
                    actor
                }
            };
            learnt.push((strip_deleted(path), actor));
        }
        drop(events);
        let mut table = lock(&self.table);
        table.overflowed |= read.overflowed;
        for (path, actor) in learnt {
            table.remember(path, actor, now);
        }
        Ok(read)
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
