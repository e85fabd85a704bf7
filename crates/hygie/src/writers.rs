//! Who writes in the protected folders: the process behind each write, from fanotify (Linux,
//! root).
//!
//! Change notifications (inotify) say what changed, not who changed it. A fanotify group with
//! a mark on each watched folder (`FAN_MODIFY`, `FAN_CLOSE_WRITE`, for the folder's files) adds
//! the pid of every writer. Marks are put on folders, not on the whole filesystem, so the
//! sentinel hears only the protected tree: its own writes elsewhere (logs, the journal, the
//! vault) never come back to it as events, and the rest of the machine pays nothing.
//!
//! The group reports each file by its folder's kernel handle and its name
//! (`FAN_REPORT_DFID_NAME`), not by an open descriptor: the kernel opens no file for an event
//! and the sentinel looks up no path, it finds the folder among those it marked
//! ([`crate::file_handle`]) and appends the name. The events of one file merge in the queue
//! while they wait. A folder keeps its handle when it moves: [`Writers::moved`] keeps the
//! folder's path up to date and notes what was seen there under the new path too, and after
//! an overflow of inotify's queue (renames may have gone unheard) the caller marks every
//! folder again, which also puts each handle back under its current path.
//!
//! A thread reads the group as soon as the kernel queues an event (or, while it hears only
//! programs it knows, after a rest of [`PACE`] that lets their events merge, and while events
//! keep coming, by looking after each rest rather than being woken: see [`LOOK_WHILE_BUSY`])
//! and looks a new writer up in `/proc` at once, while it is still writing: a program that
//! writes one file and exits is gone a moment later. Before the sentinel names the writers of
//! a batch of changes, it reads what the kernel still holds itself ([`Writers::settle`]):
//! reading events and noting them happen under one lock, so what was queued before the
//! changes were reported is noted when the names are asked, with no wait for the thread. The
//! kernel calls go through `nix`'s safe wrappers and the events are parsed from bytes
//! ([`records`]): no unsafe code here.
//!
//! The group asks for writes only, so it names the file written, not the file removed or
//! renamed; a removal or rename is credited to the program that wrote in the same folder within
//! [`FOLDER_MEMORY`], else to nobody.
//!
//! Marks by folder handle need Linux 5.9 and a filesystem that gives handles (ext4 and XFS do,
//! Btrfs subvolumes from Linux 6.8 on, tmpfs only on recent kernels; most FUSE and network
//! filesystems do not).

mod records;

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hygie_sentinel::Actor;
use nix::sys::fanotify::{EventFFlags, Fanotify, InitFlags, MarkFlags, MaskFlags};

use crate::file_handle::folder_identity;
use crate::process;
use crate::watch::moved_path;

/// How long a removal or rename in a folder is credited to the folder's last writer.
pub const FOLDER_MEMORY: Duration = Duration::from_secs(10);

/// How long a writer is remembered for a file.
const FILE_MEMORY: Duration = Duration::from_secs(60);

/// Files and folders remembered at most; the oldest half is forgotten beyond.
const MAX_REMEMBERED: usize = 200_000;

/// How many bytes one read of the group takes at most (a hundred events or more).
const READ_BUFFER: usize = 64 * 1024;

/// How long [`Writers::settle`] reads the kernel's queue at most (a program writing without
/// pause keeps filling it).
const SETTLE_LIMIT: Duration = Duration::from_millis(50);

/// How long the reader rests after a batch of events from programs it already knows, so that
/// their next events wait in the kernel's queue, where those of one program on one file merge:
/// a file written then closed becomes one event, a large file written block by block one per
/// rest, instead of an event (a wake-up, a read, a note) per write. No rest follows a batch
/// with a program not seen before; one that starts writing during a rest is looked up at most
/// this much later.
const PACE: Duration = Duration::from_millis(1);

/// How long the reader goes on looking at the queue every [`PACE`] after the last event heard
/// (by it or by [`Writers::settle`]), before it waits for the kernel to wake it. While programs
/// write, the kernel then has nobody to wake: a wake-up costs the writing program a few
/// microseconds in the call that queued the event (the other core is interrupted), once per
/// file saved when the sentinel keeps up. The price: while a program writes at least this often,
/// the reader wakes every [`PACE`] on its own, and one that starts writing meanwhile is looked
/// up at most [`PACE`] later, as during a rest. A window of 5 ms instead measured worse on the
/// benchmark's files saved again (+11.4 and +11.0 % against +7.4 %, the same hour).
const LOOK_WHILE_BUSY: Duration = Duration::from_millis(50);

/// How long the reader waits for the kernel at most before it looks whether the group was
/// dropped (and ends).
const STOP_LOOK: Duration = Duration::from_secs(1);

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

    /// The file `from` is `to` now: its writer, if newer than `to`'s, is `to`'s. (The map
    /// grows by one at most; [`Table::remember`] bounds it.)
    fn file_moved(&mut self, from: &Path, to: &Path) {
        let Some(seen) = self.files.get(from).cloned() else {
            return;
        };
        if self.files.get(to).is_none_or(|known| known.at < seen.at) {
            self.files.insert(to.to_path_buf(), seen);
        }
    }

    /// What was noted under `from` (a folder, and what it holds) is noted under `to` too: the
    /// changes reported before the move name the old paths, those after it the new ones. A
    /// newer note under the new path is kept.
    fn moved(&mut self, from: &Path, to: &Path) {
        for map in [&mut self.files, &mut self.folders] {
            let moved: Vec<(PathBuf, Seen)> = map
                .iter()
                .filter_map(|(path, seen)| Some((moved_path(path, from, to)?, seen.clone())))
                .collect();
            for (new, seen) in moved {
                match map.get(&new) {
                    Some(newer) if newer.at >= seen.at => {}
                    _ => {
                        map.insert(new, seen);
                    }
                }
            }
        }
    }
}

/// The marked folders, by the identity fanotify names them with and by path.
#[derive(Default)]
struct Folders {
    by_identity: HashMap<Box<[u8]>, PathBuf>,
    by_path: BTreeMap<PathBuf, Box<[u8]>>,
}

impl Folders {
    fn insert(&mut self, path: PathBuf, identity: Box<[u8]>) {
        if let Some(old) = self.by_identity.insert(identity.clone(), path.clone()) {
            self.by_path.remove(&old);
        }
        if let Some(old) = self.by_path.insert(path, identity) {
            self.by_identity.remove(&old);
        }
    }

    /// The marked folders at or under `path`: a folder's subfolders follow it in the order of
    /// paths, which compares component by component.
    fn under(&self, path: &Path) -> Vec<PathBuf> {
        self.by_path
            .range(path.to_path_buf()..)
            .map(|(folder, _)| folder)
            .take_while(|folder| folder.starts_with(path))
            .cloned()
            .collect()
    }

    /// Moves the marked folders at or under `from` to `to`; whether there were any.
    fn moved(&mut self, from: &Path, to: &Path) -> bool {
        let moved = self.under(from);
        let any = !moved.is_empty();
        for old in moved {
            let (Some(identity), Some(new)) =
                (self.by_path.remove(&old), moved_path(&old, from, to))
            else {
                continue;
            };
            self.insert(new, identity);
        }
        any
    }

    fn gone(&mut self, path: &Path) {
        for old in self.under(path) {
            if let Some(identity) = self.by_path.remove(&old) {
                self.by_identity.remove(&identity);
            }
        }
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
    /// The marked folders: an event names its file by its folder's identity and its name.
    folders: Folders,
    /// Where the kernel's events are read to.
    buffer: Vec<u8>,
    /// When the last events were read (here or in [`Writers::settle`]).
    last_heard: Instant,
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
    /// Creates the group and starts its reader. Fails without root (`CAP_SYS_ADMIN`) or on a
    /// kernel without fanotify's folder handles and names (before Linux 5.9); the caller then
    /// goes on with the portable watcher alone, and says why.
    pub fn start() -> Result<Writers, String> {
        let group = Fanotify::init(
            InitFlags::FAN_CLASS_NOTIF
                | InitFlags::FAN_CLOEXEC
                | InitFlags::FAN_NONBLOCK
                | InitFlags::from_bits_retain(libc::FAN_REPORT_DFID_NAME),
            EventFFlags::O_RDONLY | EventFFlags::O_LARGEFILE | EventFFlags::O_CLOEXEC,
        )
        .map_err(|errno| errno.desc().to_string())?;
        let group = Arc::new(group);
        let table = Arc::new(Mutex::new(Table::default()));
        let reader = Arc::new(Mutex::new(Reader {
            group: group.clone(),
            table: table.clone(),
            own: std::process::id(),
            known: HashMap::new(),
            folders: Folders::default(),
            buffer: vec![0; READ_BUFFER],
            last_heard: Instant::now(),
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
    /// Fails, with the kernel's reason, when the folder is gone, or on a filesystem that gives
    /// no file handles (or, before Linux 6.8, in a Btrfs subvolume).
    pub fn watch_folder(&self, folder: &Path) -> Result<(), String> {
        let identity = folder_identity(folder)?;
        lock(&self.reader)
            .folders
            .insert(folder.to_path_buf(), identity.into_boxed_slice());
        self.group
            .mark(
                MarkFlags::FAN_MARK_ADD | MarkFlags::FAN_MARK_ONLYDIR,
                MaskFlags::FAN_MODIFY | MaskFlags::FAN_CLOSE_WRITE | MaskFlags::FAN_EVENT_ON_CHILD,
                nix::fcntl::AT_FDCWD,
                Some(folder),
            )
            .map_err(|errno| errno.desc().to_string())
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

    /// `from` (a file or a folder) moved to `to`: the folders marked under it are under `to`
    /// now, and what was noted there is noted under both names.
    pub fn moved(&self, from: &Path, to: &Path) {
        let mut reader = lock(&self.reader);
        if !reader.folders.moved(from, to) {
            // A file: its writer wrote what the new name holds now (a copy renamed over
            // another file is the copy's writer's change, not the replaced file's last one's).
            self.table().file_moved(from, to);
            return;
        }
        // Under the reader's lock, so that no event is noted under the new path meanwhile.
        self.table().moved(from, to);
    }

    /// `path` (a file or a folder) is gone: the folders marked at or under it are forgotten.
    pub fn gone(&self, path: &Path) {
        lock(&self.reader).folders.gone(path);
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

impl Drop for Writers {
    /// The reader's thread ends at its next look ([`STOP_LOOK`] at most), and the group closes
    /// with it.
    fn drop(&mut self) {
        lock(&self.reader).stopped = true;
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
/// programs it knows (see [`PACE`]); while events keep coming, it looks at the queue after
/// each rest instead of waiting to be woken (see [`LOOK_WHILE_BUSY`]).
fn read_forever(shared: &Mutex<Reader>) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let group = lock(shared).group.clone();
    let mut looking = false;
    loop {
        let polled = if looking {
            Ok(0)
        } else {
            let mut fds = [PollFd::new(group.as_fd(), PollFlags::POLLIN)];
            let limit = PollTimeout::try_from(STOP_LOOK).unwrap_or(PollTimeout::MAX);
            poll(&mut fds, limit)
        };
        let mut reader = lock(shared);
        if reader.stopped {
            return;
        }
        let result = polled.and_then(|_| reader.read_once());
        let busy = reader.last_heard.elapsed() < LOOK_WHILE_BUSY;
        drop(reader);
        match result {
            Ok(read) if read.newcomer || read.overflowed => looking = false,
            Ok(_) if busy => {
                looking = true;
                std::thread::sleep(PACE);
            }
            Ok(_) | Err(nix::errno::Errno::EINTR) => looking = false,
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
        let length = match nix::unistd::read(self.group.as_fd(), &mut self.buffer) {
            Ok(length) => length,
            Err(nix::errno::Errno::EAGAIN) => return Ok(Read::default()),
            Err(errno) => return Err(errno),
        };
        let now = Instant::now();
        let mut read = Read {
            any: length > 0,
            ..Read::default()
        };
        if read.any {
            self.last_heard = now;
        }
        let mut learnt = Vec::new();
        for event in records::events(&self.buffer[..length]) {
            if event.mask & libc::FAN_Q_OVERFLOW != 0 {
                read.overflowed = true;
                continue;
            }
            let Ok(pid) = u32::try_from(event.pid) else {
                continue;
            };
            if pid == self.own {
                continue;
            }
            let Some((identity, name)) = event.place else {
                continue;
            };
            let Some(folder) = self.folders.by_identity.get(identity) else {
                continue; // a folder forgotten since (gone), its events are late
            };
            let path = folder.join(OsStr::from_bytes(name));
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
            learnt.push((path, actor));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `script` in `sh`, from `folder`, and returns the shell's pid once it ended.
    fn shell_in(folder: &Path, script: &str) -> u32 {
        let mut child = std::process::Command::new("sh")
            .args(["-c", script])
            .current_dir(folder)
            .spawn()
            .expect("sh runs");
        let pid = child.id();
        assert!(child.wait().expect("sh ends").success(), "{script}");
        pid
    }

    fn pid_of(actor: Option<Actor>) -> Option<u32> {
        match actor {
            Some(Actor::Process { pid, .. }) => Some(pid),
            _ => None,
        }
    }

    #[test]
    fn the_kernel_names_each_writer_and_its_file_and_a_moved_folder_keeps_its_writes() {
        let Ok(writers) = Writers::start() else {
            eprintln!("skipped: fanotify needs root");
            return;
        };
        let root = tempfile::tempdir().expect("a temporary folder");
        let folder = root.path().join("dossiers");
        let inner = folder.join("2026");
        std::fs::create_dir_all(&inner).expect("folders");
        writers.watch_folder(&folder).expect("a mark");
        writers.watch_folder(&inner).expect("a mark");
        let first = shell_in(&folder, "printf a > lettre.odt");
        let second = shell_in(&inner, "printf b > 'compte rendu.pdf'");
        writers.settle();
        assert_eq!(
            pid_of(writers.writer_of(&folder.join("lettre.odt"))),
            Some(first)
        );
        let report = inner.join("compte rendu.pdf");
        assert_eq!(pid_of(writers.writer_of(&report)), Some(second));
        assert_eq!(pid_of(writers.folder_writer(&report)), Some(second));
        // Nobody wrote in the root: its files are not heard.
        shell_in(root.path(), "printf c > ailleurs");
        writers.settle();
        assert_eq!(writers.writer_of(&root.path().join("ailleurs")), None);

        // The folder moves: what was noted there is noted under the new path too (the changes
        // reported before the move name the old one), and new writes there are named under
        // the new path only.
        let moved = root.path().join("archives");
        std::fs::rename(&folder, &moved).expect("a rename");
        writers.moved(&folder, &moved);
        let moved_report = moved.join("2026").join("compte rendu.pdf");
        assert_eq!(pid_of(writers.writer_of(&moved_report)), Some(second));
        assert_eq!(pid_of(writers.writer_of(&report)), Some(second));
        assert_eq!(pid_of(writers.folder_writer(&moved_report)), Some(second));
        let third = shell_in(&moved.join("2026"), "printf d >> 'compte rendu.pdf'");
        writers.settle();
        assert_eq!(pid_of(writers.writer_of(&moved_report)), Some(third));
        assert_eq!(pid_of(writers.writer_of(&report)), Some(second));
        // Moved back, the newer note wins over the one left under the old path.
        std::fs::rename(&moved, &folder).expect("a rename");
        writers.moved(&moved, &folder);
        assert_eq!(pid_of(writers.writer_of(&report)), Some(third));
        std::fs::rename(&folder, &moved).expect("a rename");
        writers.moved(&folder, &moved);

        // Once gone, a folder's late events name nothing.
        writers.gone(&moved);
        let fourth = shell_in(&moved, "printf e > nouveau");
        writers.settle();
        assert_eq!(writers.writer_of(&moved.join("nouveau")), None);
        assert_ne!(fourth, 0);
        assert!(!writers.take_overflow());
        assert_eq!(writers.take_failure(), None);
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
