//! The sentinel's event source: the operating system's change notifications (inotify on Linux,
//! [`inotify`]; the `notify` crate elsewhere, [`portable`]), turned into the engine's
//! [`FileEvent`]s, with the writing process of each change when fanotify can tell it
//! ([`crate::writers`], Linux as root).
//!
//! Without fanotify (another system, no root) every change is [`Actor::Unknown`]: detection
//! works on the whole site, but no program can be stopped. A file's content before a change is
//! known from the profile kept of every watched file (taken at start, then after each change).
//! A lost notification (the kernel's queue overflowed) is reported, since flooding the queue is
//! itself a way to hide, and what it hid is found again: the watched folders are walked, and
//! every file whose metadata changed since it was read is read again.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hygie_sentinel::content::{HEAD, Profile, REGION, REGIONS, TAIL, sample_offsets};
use hygie_sentinel::{Actor, Change, Engine, FileEvent};

#[cfg(target_os = "linux")]
mod inotify;
// On Linux, built for the tests, which keep it honest there.
#[cfg_attr(all(target_os = "linux", not(test)), allow(dead_code))]
mod portable;

/// A change as the system reports it, before the files are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reported {
    /// A file was written and closed.
    Written(PathBuf),
    /// A file or folder was renamed within the watched folders.
    Renamed {
        /// Its old name.
        from: PathBuf,
        /// Its new name.
        to: PathBuf,
    },
    /// A file or folder was removed, or moved out of the watched folders.
    Gone(PathBuf),
    /// An empty folder was removed (its files were reported one by one before).
    FolderRemoved(PathBuf),
    /// A file or folder was moved in from outside, or a folder was created.
    Arrived(PathBuf),
    /// The system dropped notifications.
    Overflow,
    /// A path could not be watched, with the reason.
    Failed(PathBuf, String),
}

/// Where changes come from.
enum Changes {
    #[cfg(target_os = "linux")]
    Kernel(inotify::Kernel),
    #[cfg_attr(all(target_os = "linux", not(test)), allow(dead_code))]
    Portable(portable::Portable),
}

impl Changes {
    /// The platform's watcher over `roots`.
    fn start(roots: &[PathBuf]) -> Result<Changes, String> {
        #[cfg(target_os = "linux")]
        return inotify::Kernel::start(roots).map(Changes::Kernel);
        #[cfg(not(target_os = "linux"))]
        return portable::Portable::start(roots).map(Changes::Portable);
    }

    /// Every change reported within `timeout` (none when nothing came); `None` when the
    /// watcher is gone.
    fn wait(&mut self, timeout: Option<Duration>) -> Option<Vec<Reported>> {
        match self {
            #[cfg(target_os = "linux")]
            Changes::Kernel(kernel) => kernel.wait(timeout),
            Changes::Portable(portable) => portable.wait(timeout),
        }
    }
}

/// Files up to this size are read whole, front to back, rather than seek by seek region by
/// region: the regions sampled cover them anyway.
const READ_WHOLE: u64 = (REGIONS * REGION) as u64;

/// Bytes of whole files a batch of notifications keeps for the shadow store (beyond, the store
/// reads the files again); each file counts [`KEPT_OVERHEAD`] more, so that empty files are
/// bounded too.
const KEPT_PER_BATCH: usize = 64 << 20;
/// What each file kept for the shadow store counts besides its bytes.
const KEPT_OVERHEAD: usize = 256;

/// What a file's metadata says of its content: when none of it changed, the content did not
/// either (a write moves the modification and status change times, a file replaced has
/// another inode). One limit: a rewrite of the same size within the clock tick of the look
/// (a few milliseconds) keeps the times on systems before Linux 6.13, whose ext4, XFS, Btrfs
/// and tmpfs since give a change after a look a later time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
    /// The status change time, in nanoseconds: moved also by a write whose modification time
    /// was set back.
    #[cfg(unix)]
    changed: i128,
}

impl Stamp {
    /// Whether only the status change time differs from `other`: the file was renamed, its
    /// permissions or owner changed — or its content was, and its modification time put back.
    fn only_status_changed(&self, other: &Stamp) -> bool {
        #[cfg(unix)]
        return self.changed != other.changed
            && Stamp {
                changed: self.changed,
                ..*other
            } == *self;
        #[cfg(not(unix))]
        {
            let _ = other;
            false
        }
    }

    /// The stamp of a file whose metadata is `metadata`.
    pub fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            size: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            inode: metadata.ino(),
            #[cfg(unix)]
            changed: i128::from(metadata.ctime()) * 1_000_000_000
                + i128::from(metadata.ctime_nsec()),
        }
    }
}

/// What reading a file found.
pub struct Content {
    /// The regions the engine samples.
    pub profile: Profile,
    /// The file's metadata when it was opened.
    pub stamp: Stamp,
    /// The whole file, when it is small enough to be read whole ([`READ_WHOLE`]).
    pub whole: Option<WholeFile>,
}

/// A file read whole, as it was at one moment.
pub struct WholeFile {
    /// Its content.
    pub bytes: Vec<u8>,
    /// Its metadata, taken when it was opened (its permissions are what the store keeps).
    pub metadata: std::fs::Metadata,
}

/// Reads the regions of `path` the engine samples.
#[cfg(test)]
pub fn read_profile(path: &Path) -> std::io::Result<Profile> {
    read_content(path).map(|content| content.profile)
}

/// Reads the regions of `path` the engine samples, and the whole file when it is small enough
/// to be read whole ([`READ_WHOLE`]).
pub fn read_content(path: &Path) -> std::io::Result<Content> {
    read_file(path).map(FileRead::into_content)
}

/// What was read of a file, not yet measured.
pub struct FileRead {
    /// The file's metadata when it was opened.
    pub stamp: Stamp,
    size: u64,
    bytes: BytesRead,
}

/// The bytes read of a file.
enum BytesRead {
    /// All of them, for a file of [`READ_WHOLE`] bytes at most.
    Whole(WholeFile),
    /// Its first bytes, its last bytes and the regions at [`sample_offsets`].
    Sampled {
        head: Vec<u8>,
        tail: Vec<u8>,
        regions: Vec<(u64, Vec<u8>)>,
    },
}

impl FileRead {
    /// The profile of what was read.
    pub fn profile(&self) -> Profile {
        match &self.bytes {
            BytesRead::Whole(whole) => Profile::of_bytes(&whole.bytes),
            BytesRead::Sampled {
                head,
                tail,
                regions,
            } => {
                let borrowed: Vec<(u64, &[u8])> = regions
                    .iter()
                    .map(|(offset, bytes)| (*offset, bytes.as_slice()))
                    .collect();
                Profile::from_regions(self.size, head, tail, &borrowed)
            }
        }
    }

    /// The whole file, when it was read whole.
    pub fn into_whole(self) -> Option<WholeFile> {
        match self.bytes {
            BytesRead::Whole(whole) => Some(whole),
            BytesRead::Sampled { .. } => None,
        }
    }

    /// What was read, measured.
    pub fn into_content(self) -> Content {
        let profile = self.profile();
        Content {
            profile,
            stamp: self.stamp,
            whole: self.into_whole(),
        }
    }
}

/// Reads the regions of `path` the engine samples, or the whole file when it is small enough
/// to be read whole ([`READ_WHOLE`]); measures nothing.
pub fn read_file(path: &Path) -> std::io::Result<FileRead> {
    let (mut file, metadata) = crate::regular_file::open(path)?;
    read_open(&mut file, metadata)
}

/// [`read_file`] of a file already open (at its start), with its handle's `metadata`; leaves
/// the handle wherever the last read ended.
pub fn read_open(
    file: &mut std::fs::File,
    metadata: std::fs::Metadata,
) -> std::io::Result<FileRead> {
    let size = metadata.len();
    let stamp = Stamp::of(&metadata);
    if size <= READ_WHOLE {
        // A file that grew meanwhile is read as far as the size seen, one that shrank as far as
        // it goes: a profile of one moment, read in one call rather than in growing pieces.
        let mut bytes = vec![0; usize::try_from(size).unwrap_or(0)];
        let mut filled = 0;
        while filled < bytes.len() {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(filled);
        return Ok(FileRead {
            stamp,
            size,
            bytes: BytesRead::Whole(WholeFile { bytes, metadata }),
        });
    }
    let mut read_at = |offset: u64, len: usize| -> std::io::Result<Vec<u8>> {
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::with_capacity(len);
        (&mut *file).take(len as u64).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let head = read_at(0, HEAD)?;
    let tail = read_at(size.saturating_sub(TAIL as u64), TAIL)?;
    let regions = sample_offsets(size)
        .into_iter()
        .map(|offset| read_at(offset, REGION).map(|bytes| (offset, bytes)))
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(FileRead {
        stamp,
        size,
        bytes: BytesRead::Sampled {
            head,
            tail,
            regions,
        },
    })
}

/// The clock engine times are read on: time since boot, the machine's sleep included on Linux
/// (`CLOCK_BOOTTIME`), so that an engine time stays as far from now as it really is, whatever
/// the machine slept through meanwhile ([`Source::wall_clock`]); elsewhere, a monotonic clock
/// that may not count sleep.
struct Clock;

impl Clock {
    #[cfg(target_os = "linux")]
    fn now() -> Duration {
        use nix::time::{ClockId, clock_gettime};
        // Chosen once: readings from two clocks would not compare.
        static BOOTTIME: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *BOOTTIME.get_or_init(|| clock_gettime(ClockId::CLOCK_BOOTTIME).is_ok())
            && let Ok(time) = clock_gettime(ClockId::CLOCK_BOOTTIME)
        {
            return Duration::from(time);
        }
        Clock::monotonic()
    }

    #[cfg(not(target_os = "linux"))]
    fn now() -> Duration {
        Clock::monotonic()
    }

    /// Time since the first reading in this process.
    fn monotonic() -> Duration {
        static FIRST: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        FIRST.get_or_init(Instant::now).elapsed()
    }
}

/// What the source tells its caller besides events.
pub enum Notice {
    /// Changes may have been missed: the kernel dropped notifications (the watched folders
    /// are walked next, [`Notice::Recovered`]).
    Overflow,
    /// The kernel dropped notifications naming the programs that write: changes are all seen,
    /// but some cannot be credited to their writer.
    WritersOverflow,
    /// After notifications were lost, the watched folders were read again: this many files
    /// were found changed, new or gone since they were last read, and are judged now.
    Recovered(usize),
    /// A watched path could not be read.
    Unreadable(PathBuf, String),
    /// Writers can no longer be told apart (fanotify failed): the reason.
    WritersLost(String),
    /// The writers in a folder cannot be told apart (it could not be marked): its changes are
    /// watched, the programs behind them not named. With the reason.
    Unmarked(PathBuf, String),
}

/// What the source can tell about a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Which program wrote each file (fanotify): alerts name it and it can be stopped.
    Writers,
    /// Changes only (inotify or the platform's equivalent), with the reason fanotify is not used.
    Portable(String),
}

/// Watches folders and feeds an engine.
pub struct Source {
    profiles: HashMap<PathBuf, Profile>,
    /// The metadata of each profiled file when it was read: after lost notifications, only
    /// the files whose metadata changed since are read again.
    stamps: HashMap<PathBuf, Stamp>,
    /// Notifications were lost: the watched folders are walked at the next call, once the
    /// batch that said so has reached the engine (an alert in it is not held up by the walk).
    walk_due: bool,
    /// Files written in the current batch, read whole to profile them, under their current
    /// name (the last read of each): the shadow store keeps these very bytes rather than read
    /// the files again.
    contents: HashMap<PathBuf, WholeFile>,
    /// What `contents` counts against [`KEPT_PER_BATCH`].
    contents_bytes: usize,
    /// Files of the current batch that were written but gone when read: renamed since, with
    /// their folder perhaps, their new name is read when the rename comes.
    missed: HashSet<PathBuf>,
    /// When the source started, on [`Clock`].
    started: Duration,
    changes: Changes,
    #[cfg(target_os = "linux")]
    writers: Option<crate::writers::Writers>,
    /// The folders whose writers cannot be heard, with the reason: told by the first call to
    /// [`Source::next`].
    #[cfg(target_os = "linux")]
    unmarked: Vec<(PathBuf, String)>,
    /// The folders whose writers could not be heard, told once each.
    #[cfg(target_os = "linux")]
    told_unmarked: HashSet<PathBuf>,
    /// The watched roots.
    roots: Vec<PathBuf>,
    mode: Mode,
}

impl Source {
    /// Profiles every file under `roots` (the site's baseline, taught to `engine`), then starts
    /// watching them.
    pub fn start(roots: &[PathBuf], engine: &mut Engine) -> Result<Source, String> {
        let changes = Changes::start(roots)?;
        Source::with_changes(roots, engine, changes)
    }

    /// [`Source::start`] with the given watcher.
    fn with_changes(
        roots: &[PathBuf],
        engine: &mut Engine,
        changes: Changes,
    ) -> Result<Source, String> {
        #[cfg(target_os = "linux")]
        let (writers, unmarked, mode) = match start_writers(roots) {
            Ok((writers, unmarked)) => (Some(writers), unmarked, Mode::Writers),
            Err(reason) => (None, Vec::new(), Mode::Portable(reason)),
        };
        #[cfg(not(target_os = "linux"))]
        let mode = Mode::Portable(String::from("fanotify exists only on Linux"));
        let mut profiles = HashMap::new();
        let mut stamps = HashMap::new();
        for root in roots {
            for path in files_under(root) {
                engine.learn(&path);
                if let Ok(content) = read_content(&path) {
                    stamps.insert(path.clone(), content.stamp);
                    profiles.insert(path, content.profile);
                }
            }
        }
        Ok(Source {
            profiles,
            stamps,
            walk_due: false,
            contents: HashMap::new(),
            contents_bytes: 0,
            missed: HashSet::new(),
            started: Clock::now(),
            changes,
            #[cfg(target_os = "linux")]
            writers,
            #[cfg(target_os = "linux")]
            told_unmarked: unmarked.iter().map(|(folder, _)| folder.clone()).collect(),
            #[cfg(target_os = "linux")]
            unmarked,
            roots: roots.to_vec(),
            mode,
        })
    }

    /// The files of the last batch's writes that were read whole, under their current names,
    /// with the last content read of each: what the engine judged last, to be kept as it is
    /// (the file may have changed since).
    pub fn take_contents(&mut self) -> HashMap<PathBuf, WholeFile> {
        self.contents_bytes = 0;
        std::mem::take(&mut self.contents)
    }

    /// The stamp `path` had when it was last read.
    pub fn stamp(&self, path: &Path) -> Option<Stamp> {
        self.stamps.get(path).copied()
    }

    /// What the source can tell.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// How many files the baseline holds.
    pub fn files(&self) -> usize {
        self.profiles.len()
    }

    /// Waits for the next notifications (at most `timeout`, when given: no events after it)
    /// and turns them into events; `notices` gets what is not an event. Returns `None` when
    /// the watcher is gone.
    pub fn next(
        &mut self,
        timeout: Option<Duration>,
        notices: &mut Vec<Notice>,
    ) -> Option<Vec<FileEvent>> {
        #[cfg(target_os = "linux")]
        if !self.unmarked.is_empty() {
            // Told at once, before any wait: the folders are watched, their writers not named.
            for (folder, cause) in self.unmarked.drain(..) {
                notices.push(Notice::Unmarked(folder, cause));
            }
            return Some(Vec::new());
        }
        // What the caller did not take of the last batch is out of date.
        self.contents.clear();
        self.contents_bytes = 0;
        self.missed.clear();
        if self.walk_due {
            self.walk_due = false;
            #[cfg(target_os = "linux")]
            if let Some(writers) = &self.writers {
                writers.settle();
            }
            let mut events = Vec::new();
            let found = self.recover_lost(&mut events, notices);
            notices.push(Notice::Recovered(found));
            return Some(events);
        }
        let batch = self.changes.wait(timeout)?;
        let mut events = Vec::new();
        #[cfg(target_os = "linux")]
        if let Some(writers) = &self.writers {
            writers.settle();
            if writers.take_overflow() {
                notices.push(Notice::WritersOverflow);
            }
            if let Some(reason) = writers.take_failure() {
                self.mode = Mode::Portable(reason.clone());
                notices.push(Notice::WritersLost(reason));
                self.writers = None;
            }
        }
        let flooded = batch
            .iter()
            .any(|change| matches!(change, Reported::Overflow));
        for change in batch {
            self.apply(change, &mut events, notices);
        }
        if flooded {
            // Folders made or renamed during the flood: every folder is marked again, under
            // its current path (once a batch, however many overflows it holds).
            for root in self.roots.clone() {
                self.folder_appeared(&root, notices);
            }
            self.walk_due = true;
        }
        Some(events)
    }

    /// The wall-clock time of an engine time (milliseconds since the source started), counted
    /// back from now: the wall clock may have been set since the start, so an offset from the
    /// start would drift; the engine's clock counts the machine's sleep ([`Clock`]), so the
    /// distance back is right across a night asleep.
    pub fn wall_clock(&self, at: u64) -> jiff::Timestamp {
        let ago = self.now().saturating_sub(at);
        let ago = jiff::SignedDuration::from_millis(i64::try_from(ago).unwrap_or(i64::MAX));
        let now = jiff::Timestamp::now();
        now.checked_sub(ago).unwrap_or(now)
    }

    fn now(&self) -> u64 {
        let elapsed = Clock::now().saturating_sub(self.started);
        u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
    }

    fn event(&self, path: &Path, change: Change) -> FileEvent {
        self.event_by(self.actor(path, &change), path, change)
    }

    /// An event whose author is known already.
    fn event_by(&self, actor: Actor, path: &Path, change: Change) -> FileEvent {
        FileEvent {
            at: self.now(),
            actor,
            path: path.to_path_buf(),
            change,
        }
    }

    /// Who made `change` to `path`: the file's writer for new content; for a removal, the
    /// folder's latest writer (fanotify does not name who removes); for a rename, the file's
    /// writer if it wrote it just now, else the folder's.
    #[cfg(target_os = "linux")]
    fn actor(&self, path: &Path, change: &Change) -> Actor {
        let Some(writers) = &self.writers else {
            return Actor::Unknown;
        };
        let found = match change {
            Change::Created { .. } | Change::Modified { .. } => writers
                .writer_of(path)
                .or_else(|| {
                    // The kernel queues a close for inotify and fanotify in one call, but not
                    // at once: a file closed without a write before (an empty one) may be
                    // reported here a moment before its writer can be read.
                    writers.look_again();
                    writers.writer_of(path)
                })
                .or_else(|| writers.folder_writer(path)),
            Change::Renamed { to } => writers
                .writer_of(path)
                .or_else(|| writers.writer_of(to))
                .or_else(|| writers.folder_writer(path)),
            Change::Removed => writers.folder_writer(path),
        };
        found.unwrap_or(Actor::Unknown)
    }

    #[cfg(not(target_os = "linux"))]
    fn actor(&self, _path: &Path, _change: &Change) -> Actor {
        Actor::Unknown
    }

    /// A folder appeared (created, or moved in): its writes must be heard too.
    fn folder_appeared(&mut self, folder: &Path, notices: &mut Vec<Notice>) {
        #[cfg(target_os = "linux")]
        if let Some(writers) = &self.writers {
            for inner in folders_under(folder) {
                if let Err(cause) = writers.watch_folder(&inner)
                    && self.told_unmarked.insert(inner.clone())
                {
                    notices.push(Notice::Unmarked(inner, cause));
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (folder, notices);
    }

    /// After notifications were lost, walks the watched folders: every file new or whose
    /// metadata changed since it was last read is read again, every known file no longer
    /// there is removed (not those under a folder that cannot be listed: said, and unknown),
    /// so that flooding the kernel's queue hides no change. A file whose status change time
    /// alone moved (renamed, its permissions changed) and whose profile is the same is no
    /// change. Returns how many files it found changed, new or gone.
    fn recover_lost(&mut self, events: &mut Vec<FileEvent>, notices: &mut Vec<Notice>) -> usize {
        let mut found = 0;
        let mut present = HashSet::new();
        let mut unseen = Vec::new();
        for root in self.roots.clone() {
            let walked = walk(&root);
            for (path, cause) in walked.unseen {
                unseen.push(path.clone());
                notices.push(Notice::Unreadable(path, cause));
            }
            for (path, metadata) in walked.found {
                let now = Stamp::of(&metadata);
                let known = self.stamps.get(&path).copied();
                if known != Some(now) {
                    let read = read_content(&path);
                    let same_content = known.is_some_and(|known| known.only_status_changed(&now))
                        && read.as_ref().is_ok_and(|content| {
                            self.profiles.get(&path) == Some(&content.profile)
                        });
                    match read {
                        Ok(content) if same_content => {
                            self.stamps.insert(path.clone(), content.stamp);
                        }
                        read => {
                            found += 1;
                            self.judge(&path, read, events, notices);
                        }
                    }
                }
                present.insert(path);
            }
        }
        let gone: Vec<PathBuf> = self
            .profiles
            .keys()
            .filter(|known| {
                !present.contains(*known) && !unseen.iter().any(|folder| known.starts_with(folder))
            })
            .cloned()
            .collect();
        found += gone.len();
        for path in gone {
            self.removed(&path, events);
        }
        found
    }

    /// The known files at `path`: the file itself, or every file below a folder. Only a folder
    /// costs a walk over the profiles.
    fn known_under(&self, path: &Path) -> Vec<PathBuf> {
        if self.profiles.contains_key(path) {
            return vec![path.to_path_buf()];
        }
        self.profiles
            .keys()
            .filter(|known| known.starts_with(path))
            .cloned()
            .collect()
    }

    /// A watched file or folder is gone (deleted, or moved out of the watched folders): every
    /// file it held is removed.
    fn removed(&mut self, path: &Path, events: &mut Vec<FileEvent>) {
        for known in self.known_under(path) {
            self.profiles.remove(&known);
            self.stamps.remove(&known);
            self.forget_content(&known);
            events.push(self.event(&known, Change::Removed));
        }
    }

    /// `from` was renamed to `to`. A folder carries its files' profiles along. A file renamed
    /// over another replaces that file's content: the change is described as a modification of
    /// `to`, which is how "write a copy, then rename it over the original" shows.
    fn renamed(
        &mut self,
        from: &Path,
        to: &Path,
        events: &mut Vec<FileEvent>,
        notices: &mut Vec<Notice>,
    ) {
        let moved = self.known_under(from);
        let single = moved.len() == 1 && moved[0] == from;
        if moved.is_empty() {
            // Renamed before its content could be read (written and renamed at once): read it
            // under its new name, against what that name held. A folder made and renamed at
            // once is new here.
            if to.is_dir() {
                self.folder_appeared(to, notices);
            }
            for path in files_under(to) {
                self.written(&path, events, notices);
            }
            return;
        }
        for old in moved {
            let Some(new) = moved_path(&old, from, to) else {
                continue;
            };
            let Some(mut profile) = self.profiles.remove(&old) else {
                continue;
            };
            // Renaming moves the status change time: a walk after lost notifications reads
            // the file again, finds the same profile, and says nothing.
            if let Some(stamp) = self.stamps.remove(&old) {
                self.stamps.insert(new.clone(), stamp);
            }
            // What was read under the old name is the new name's content now.
            if let Some(whole) = self.contents.remove(&old) {
                self.forget_content(&new);
                self.contents.insert(new.clone(), whole);
            }
            if single || self.missed.remove(&old) {
                // Written, then renamed at once (itself or its folder): the notification of
                // the write names a file already gone, so its new content is read here and
                // described as a change made under the old name (the file the snapshot holds).
                if let Ok(content) = read_content(&new) {
                    self.stamps.insert(new.clone(), content.stamp);
                    if content.profile != profile {
                        events.push(self.event(
                            &old,
                            Change::Modified {
                                before: Some(profile),
                                after: content.profile.clone(),
                            },
                        ));
                        profile = content.profile;
                    }
                }
            }
            let rename = self.event(&old, Change::Renamed { to: new.clone() });
            let renamer = rename.actor.clone();
            events.push(rename);
            match self.profiles.insert(new.clone(), profile.clone()) {
                // A file renamed over another changed that one's content: the renamer's change
                // (the name's last writer is whoever saved the file replaced — a secretary,
                // when an attacker renames its copy over her letter).
                Some(replaced) if replaced != profile => events.push(self.event_by(
                    renamer,
                    &new,
                    Change::Modified {
                        before: Some(replaced),
                        after: profile,
                    },
                )),
                _ => {}
            }
        }
        // Files written in a folder just renamed, new there (no profile to carry): read under
        // their new names.
        let written_before: Vec<PathBuf> = self
            .missed
            .iter()
            .filter(|missed| missed.starts_with(from))
            .cloned()
            .collect();
        for old in written_before {
            self.missed.remove(&old);
            if let Ok(suffix) = old.strip_prefix(from)
                && !suffix.as_os_str().is_empty()
            {
                self.written(&to.join(suffix), events, notices);
            }
        }
    }

    /// Drops what the batch read of `path`.
    fn forget_content(&mut self, path: &Path) {
        if let Some(whole) = self.contents.remove(path) {
            self.contents_bytes -= whole.bytes.len() + KEPT_OVERHEAD;
        }
    }

    /// A file was written and closed, or moved in: its new content.
    fn written(&mut self, path: &Path, events: &mut Vec<FileEvent>, notices: &mut Vec<Notice>) {
        self.judge(path, read_content(path), events, notices);
    }

    /// What reading `path` gave, turned into its change (or a notice).
    fn judge(
        &mut self,
        path: &Path,
        read: std::io::Result<Content>,
        events: &mut Vec<FileEvent>,
        notices: &mut Vec<Notice>,
    ) {
        let after = match read {
            Ok(Content {
                profile,
                stamp,
                whole,
            }) => {
                self.forget_content(path);
                self.stamps.insert(path.to_path_buf(), stamp);
                if let Some(whole) = whole
                    && self.contents_bytes + whole.bytes.len() + KEPT_OVERHEAD <= KEPT_PER_BATCH
                {
                    self.contents_bytes += whole.bytes.len() + KEPT_OVERHEAD;
                    self.contents.insert(path.to_path_buf(), whole);
                }
                profile
            }
            // Deleted or renamed since (itself or a folder above): the next notification says
            // so.
            Err(e) if crate::regular_file::is_gone(&e) => {
                self.missed.insert(path.to_path_buf());
                return;
            }
            // No longer a file (a folder, a link, a pipe now has the name): nothing to judge.
            Err(e) if crate::regular_file::is_not_a_file(&e) => return,
            Err(e) => {
                notices.push(Notice::Unreadable(path.to_path_buf(), e.to_string()));
                return;
            }
        };
        let change = match self.profiles.insert(path.to_path_buf(), after.clone()) {
            Some(before) => Change::Modified {
                before: Some(before),
                after,
            },
            None => Change::Created { profile: after },
        };
        events.push(self.event(path, change));
    }

    /// Turns a reported change into events, reading what was written.
    fn apply(&mut self, change: Reported, events: &mut Vec<FileEvent>, notices: &mut Vec<Notice>) {
        match change {
            Reported::Written(path) => self.written(&path, events, notices),
            Reported::Renamed { from, to } => {
                #[cfg(target_os = "linux")]
                if let Some(writers) = &self.writers {
                    writers.moved(&from, &to);
                }
                self.renamed(&from, &to, events, notices);
            }
            Reported::Gone(path) => {
                #[cfg(target_os = "linux")]
                if let Some(writers) = &self.writers {
                    writers.gone(&path);
                }
                self.removed(&path, events);
            }
            Reported::Arrived(path) => {
                // Moved in from outside (a file, or a whole folder), or a folder created: its
                // files are new here.
                if path.is_dir() {
                    self.folder_appeared(&path, notices);
                }
                for file in files_under(&path) {
                    self.written(&file, events, notices);
                }
            }
            Reported::FolderRemoved(folder) => {
                #[cfg(target_os = "linux")]
                if let Some(writers) = &self.writers {
                    writers.gone(&folder);
                }
                #[cfg(not(target_os = "linux"))]
                let _ = folder;
            }
            Reported::Overflow => notices.push(Notice::Overflow),
            Reported::Failed(path, cause) => notices.push(Notice::Unreadable(path, cause)),
        }
    }
}

/// Starts fanotify and marks every folder under `roots`. Fails when a root cannot be marked;
/// returns the folders below that could not be (gone meanwhile, or on another filesystem),
/// with the reason.
#[cfg(target_os = "linux")]
fn start_writers(
    roots: &[PathBuf],
) -> Result<(crate::writers::Writers, Vec<(PathBuf, String)>), String> {
    let writers = crate::writers::Writers::start()?;
    let mut unmarked = Vec::new();
    for root in roots {
        writers
            .watch_folder(root)
            .map_err(|cause| format!("{}: {cause}", root.display()))?;
        for folder in folders_under(root) {
            if folder == *root {
                continue;
            }
            if let Err(cause) = writers.watch_folder(&folder) {
                unmarked.push((folder, cause));
            }
        }
    }
    Ok((writers, unmarked))
}

/// Where `path`, at or under `from`, is once `from` moved to `to`; `None` when it is not
/// under `from`.
pub fn moved_path(path: &Path, from: &Path, to: &Path) -> Option<PathBuf> {
    let suffix = path.strip_prefix(from).ok()?;
    Some(if suffix.as_os_str().is_empty() {
        to.to_path_buf()
    } else {
        to.join(suffix)
    })
}

/// `root` and every folder under it (symbolic links are not followed).
pub fn folders_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|entry| entry.path()));
            }
            found.push(path);
        }
    }
    found
}

/// Every regular file under `root` (symbolic links are not followed, so loops cannot trap the
/// walk); `root` itself when it is a file.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    walk(root).found.into_iter().map(|(path, _)| path).collect()
}

/// What a walk of a folder found.
struct Walk {
    /// The regular files, each with its metadata.
    found: Vec<(PathBuf, std::fs::Metadata)>,
    /// The paths that are there but could not be looked at or listed (not readable), with
    /// the reason: what is under them is unknown, not gone.
    unseen: Vec<(PathBuf, String)>,
}

/// Walks `root` (symbolic links are not followed).
fn walk(root: &Path) -> Walk {
    let mut walked = Walk {
        found: Vec::new(),
        unseen: Vec::new(),
    };
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if crate::regular_file::is_gone(&e) => continue,
            Err(e) => {
                walked.unseen.push((path, e.to_string()));
                continue;
            }
        };
        if metadata.is_file() {
            walked.found.push((path, metadata));
        } else if metadata.is_dir() {
            match std::fs::read_dir(&path) {
                Ok(entries) => stack.extend(entries.flatten().map(|entry| entry.path())),
                Err(e) if crate::regular_file::is_gone(&e) => {}
                Err(e) => walked.unseen.push((path, e.to_string())),
            }
        }
    }
    walked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Linux's own watcher over `roots`.
    #[cfg(target_os = "linux")]
    fn kernel(roots: &[PathBuf]) -> Result<Changes, String> {
        inotify::Kernel::start(roots).map(Changes::Kernel)
    }

    /// The portable watcher over `roots`.
    fn portable(roots: &[PathBuf]) -> Result<Changes, String> {
        portable::Portable::start(roots).map(Changes::Portable)
    }

    /// Every change reported until the watcher has been quiet a moment.
    fn settle(changes: &mut Changes) -> Vec<Reported> {
        let mut seen = Vec::new();
        let mut wait = Duration::from_secs(2);
        loop {
            let started = Instant::now();
            match changes.wait(Some(wait)) {
                Some(batch) if !batch.is_empty() => {
                    seen.extend(batch);
                    wait = Duration::from_millis(200);
                }
                // Notifications with nothing to report (a watch the kernel dropped): go on.
                Some(_) if started.elapsed() < wait => {}
                _ => return seen,
            }
        }
    }

    fn expect(changes: &mut Changes, wanted: &Reported) {
        let seen = settle(changes);
        assert!(seen.contains(wanted), "{wanted:?} not in {seen:?}");
    }

    /// Both watchers report the same changes for the same work, names kept up to date across
    /// renamed folders.
    fn reports_what_the_sentinel_reads(start: fn(&[PathBuf]) -> Result<Changes, String>) {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("root"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(root.join("a/old.txt"), b"old").unwrap();
        let mut changes = start(std::slice::from_ref(&root)).unwrap();

        std::fs::write(root.join("a/new.txt"), b"new").unwrap();
        expect(&mut changes, &Reported::Written(root.join("a/new.txt")));

        std::fs::rename(root.join("a/new.txt"), root.join("a/renamed.txt")).unwrap();
        let renamed = Reported::Renamed {
            from: root.join("a/new.txt"),
            to: root.join("a/renamed.txt"),
        };
        expect(&mut changes, &renamed);

        std::fs::rename(root.join("a"), root.join("b")).unwrap();
        let folder_renamed = Reported::Renamed {
            from: root.join("a"),
            to: root.join("b"),
        };
        expect(&mut changes, &folder_renamed);
        // The folder's watch follows its new name.
        std::fs::write(root.join("b/late.txt"), b"late").unwrap();
        expect(&mut changes, &Reported::Written(root.join("b/late.txt")));

        std::fs::create_dir(root.join("c")).unwrap();
        expect(&mut changes, &Reported::Arrived(root.join("c")));
        std::fs::write(root.join("c/inner.txt"), b"inner").unwrap();
        expect(&mut changes, &Reported::Written(root.join("c/inner.txt")));

        std::fs::rename(root.join("b/renamed.txt"), outside.join("away.txt")).unwrap();
        expect(&mut changes, &Reported::Gone(root.join("b/renamed.txt")));
        std::fs::rename(outside.join("away.txt"), root.join("b/back.txt")).unwrap();
        expect(&mut changes, &Reported::Arrived(root.join("b/back.txt")));
        std::fs::remove_file(root.join("b/old.txt")).unwrap();
        expect(&mut changes, &Reported::Gone(root.join("b/old.txt")));

        std::fs::rename(root.join("c"), outside.join("c")).unwrap();
        expect(&mut changes, &Reported::Gone(root.join("c")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_reports_what_the_sentinel_reads() {
        reports_what_the_sentinel_reads(kernel);
    }

    #[test]
    fn the_portable_watcher_reports_what_the_sentinel_reads() {
        reports_what_the_sentinel_reads(portable);
    }

    /// Folders made and renamed at once, and renamed with their subfolders, are still heard.
    fn follows_folders_renamed_at_once(start: fn(&[PathBuf]) -> Result<Changes, String>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a/sub")).unwrap();
        let mut changes = start(std::slice::from_ref(&root)).unwrap();
        std::fs::create_dir(root.join("tmp")).unwrap();
        std::fs::rename(root.join("tmp"), root.join("final")).unwrap();
        settle(&mut changes);
        std::fs::write(root.join("final/x.txt"), b"x").unwrap();
        expect(&mut changes, &Reported::Written(root.join("final/x.txt")));
        std::fs::rename(root.join("a"), root.join("b")).unwrap();
        settle(&mut changes);
        std::fs::write(root.join("b/sub/y.txt"), b"y").unwrap();
        expect(&mut changes, &Reported::Written(root.join("b/sub/y.txt")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_follows_folders_renamed_at_once() {
        follows_folders_renamed_at_once(kernel);
    }

    #[test]
    fn the_portable_watcher_follows_folders_renamed_at_once() {
        follows_folders_renamed_at_once(portable);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_keeps_watching_a_folder_made_where_one_was_moved_out() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("root"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("d")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let mut changes = kernel(std::slice::from_ref(&root)).unwrap();
        // Both in one batch: the watcher reads only when asked.
        std::fs::rename(root.join("d"), outside.join("d")).unwrap();
        std::fs::create_dir(root.join("d")).unwrap();
        let seen = settle(&mut changes);
        assert!(seen.contains(&Reported::Gone(root.join("d"))), "{seen:?}");
        assert!(
            seen.contains(&Reported::Arrived(root.join("d"))),
            "{seen:?}"
        );
        std::fs::write(root.join("d/new.txt"), b"new").unwrap();
        std::fs::write(outside.join("d/away.txt"), b"away").unwrap();
        assert_eq!(
            settle(&mut changes),
            vec![Reported::Written(root.join("d/new.txt"))]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_reports_files_and_folders_deleted_apart_and_a_root_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("t/u")).unwrap();
        std::fs::write(root.join("t/u/z.txt"), b"z").unwrap();
        let mut changes = kernel(std::slice::from_ref(&root)).unwrap();
        std::fs::remove_dir_all(root.join("t")).unwrap();
        assert_eq!(
            settle(&mut changes),
            vec![
                Reported::Gone(root.join("t/u/z.txt")),
                Reported::FolderRemoved(root.join("t/u")),
                Reported::FolderRemoved(root.join("t")),
            ]
        );
        std::fs::remove_dir(&root).unwrap();
        let seen = settle(&mut changes);
        assert!(
            seen.iter()
                .any(|change| matches!(change, Reported::Failed(path, _) if *path == root)),
            "{seen:?}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_watches_a_root_again_once_a_folder_is_back_under_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let (root, away) = (dir.path().join("root"), dir.path().join("away"));
        std::fs::create_dir_all(root.join("s")).unwrap();
        let mut changes = kernel(std::slice::from_ref(&root)).unwrap();
        std::fs::rename(&root, &away).unwrap();
        let seen = settle(&mut changes);
        assert!(seen.contains(&Reported::Gone(root.clone())), "{seen:?}");
        // What happens in the folder moved away is not reported under the protected names.
        std::fs::write(away.join("s/elsewhere.txt"), b"x").unwrap();
        assert_eq!(settle(&mut changes), vec![]);
        // Put back: watched again, reported as arrived, and heard from then on (subfolders
        // included).
        std::fs::rename(&away, &root).unwrap();
        let seen = settle(&mut changes);
        assert_eq!(seen, vec![Reported::Arrived(root.clone())]);
        std::fs::write(root.join("s/back.txt"), b"back").unwrap();
        assert_eq!(
            settle(&mut changes),
            vec![Reported::Written(root.join("s/back.txt"))]
        );
        // Deleted, then made again: the same.
        std::fs::remove_dir_all(&root).unwrap();
        settle(&mut changes);
        std::fs::create_dir(&root).unwrap();
        assert_eq!(settle(&mut changes), vec![Reported::Arrived(root.clone())]);
    }

    /// A file written, then its folder renamed, before the source reads: the file is read
    /// under its new name (new files and changed ones alike).
    #[cfg(target_os = "linux")]
    #[test]
    fn writes_before_their_folder_is_renamed_are_read_under_the_new_name() {
        use hygie_sentinel::Config;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/known.txt"), b"before, ".repeat(100)).unwrap();
        let mut engine = Engine::new(Config::default());
        let changes = kernel(std::slice::from_ref(&root)).unwrap();
        let mut source =
            Source::with_changes(std::slice::from_ref(&root), &mut engine, changes).unwrap();
        std::fs::write(root.join("a/known.txt"), vec![0xA5; 4000]).unwrap();
        std::fs::write(root.join("a/new.txt"), b"new").unwrap();
        std::fs::rename(root.join("a"), root.join("b")).unwrap();
        let mut notices = Vec::new();
        let events = source
            .next(Some(Duration::from_secs(2)), &mut notices)
            .unwrap();
        let now = read_profile(&root.join("b/known.txt")).unwrap();
        let changed = events.iter().any(|event| {
            event.path == root.join("a/known.txt")
                && matches!(&event.change, Change::Modified { after, .. } if *after == now)
        });
        assert!(changed, "{events:#?}");
        let created = events.iter().any(|event| {
            event.path == root.join("b/new.txt") && matches!(event.change, Change::Created { .. })
        });
        assert!(created, "{events:#?}");
    }

    /// What the shadow copies rely on to copy a version without measuring it again: a file
    /// read twice keeps its stamp, and a rewrite of the same size moves it (here its
    /// modification time, set back an hour before: within one tick of the clock, a kernel
    /// before 6.13 may give the rewrite the same times, [`Stamp`]). The profile of what was read
    /// is the one `read_content` gives, sampled or whole.
    #[test]
    fn a_file_keeps_its_stamp_until_it_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("cr.txt");
        std::fs::write(&small, b"Compte rendu, version 1.\n".repeat(100)).unwrap();
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&small)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
        let first = read_file(&small).unwrap();
        let again = read_file(&small).unwrap();
        assert_eq!(first.stamp, again.stamp);
        assert_eq!(first.profile(), read_content(&small).unwrap().profile);
        std::fs::write(&small, b"Compte rendu, version 2.\n".repeat(100)).unwrap();
        let rewritten = read_file(&small).unwrap();
        assert_ne!(rewritten.stamp, first.stamp);
        // One digit for another: the profiles, which count how often values occur and not
        // which values, cannot tell the versions apart; the stamps can.
        assert_eq!(rewritten.profile(), first.profile());
        assert!(rewritten.into_whole().is_some());

        let large = dir.path().join("scan.bin");
        let bytes: Vec<u8> = (0..READ_WHOLE * 3).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&large, &bytes).unwrap();
        let sampled = read_file(&large).unwrap();
        assert_eq!(sampled.profile(), Profile::of_bytes(&bytes));
        assert!(sampled.into_whole().is_none());
    }

    /// After lost notifications, the walk finds every file changed, new, replaced or gone
    /// since it was last read, and reads no other.
    #[test]
    fn the_walk_after_lost_notifications_finds_every_change_and_only_those() {
        use hygie_sentinel::Config;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let folder = root.join("a");
        std::fs::create_dir_all(&folder).unwrap();
        let prose = b"compte rendu de consultation, ".repeat(40);
        let names = [
            "kept.txt",
            "changed.txt",
            "deleted.txt",
            "replaced.txt",
            "permissions.txt",
            "backdated.txt",
        ];
        // Written an hour ago: a rewrite now moves the times even where they follow a coarse
        // clock (before Linux 6.13, a rewrite in the same tick keeps them).
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for name in names {
            let file = std::fs::File::create(folder.join(name)).unwrap();
            std::io::Write::write_all(&mut &file, &prose).unwrap();
            file.set_modified(an_hour_ago).unwrap();
        }
        let mut engine = Engine::new(Config::default());
        let changes = portable(std::slice::from_ref(&root)).unwrap();
        let mut source =
            Source::with_changes(std::slice::from_ref(&root), &mut engine, changes).unwrap();
        // Past the clock tick of the files' making: before Linux 6.13, the status change time
        // follows a clock of 1 to 10 ms ticks, and only it tells the backdated file.
        std::thread::sleep(Duration::from_millis(25));
        // Changes whose notifications are never read, as when the kernel drops them.
        std::fs::write(folder.join("changed.txt"), vec![0xA5; prose.len()]).unwrap();
        std::fs::remove_file(folder.join("deleted.txt")).unwrap();
        std::fs::write(folder.join("replacement.tmp"), &prose).unwrap();
        std::fs::rename(folder.join("replacement.tmp"), folder.join("replaced.txt")).unwrap();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::write(root.join("b/new.txt"), b"new").unwrap();
        // Only the status change time moves: permissions changed…
        let file = std::fs::File::open(folder.join("permissions.txt")).unwrap();
        let mut permissions = file.metadata().unwrap().permissions();
        permissions.set_readonly(true);
        file.set_permissions(permissions).unwrap();
        // …and content changed with its modification time put back.
        let file = std::fs::File::create(folder.join("backdated.txt")).unwrap();
        std::io::Write::write_all(&mut &file, &vec![0x5A; prose.len()]).unwrap();
        file.set_modified(an_hour_ago).unwrap();
        drop(file);

        let (mut events, mut notices) = (Vec::new(), Vec::new());
        assert_eq!(source.recover_lost(&mut events, &mut notices), 5);
        assert!(notices.is_empty());
        let mut seen: Vec<(PathBuf, &'static str)> = events
            .iter()
            .map(|event| {
                let change = match &event.change {
                    Change::Created { .. } => "created",
                    Change::Modified { .. } => "modified",
                    Change::Removed => "removed",
                    Change::Renamed { .. } => "renamed",
                };
                (event.path.clone(), change)
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                (folder.join("backdated.txt"), "modified"),
                (folder.join("changed.txt"), "modified"),
                (folder.join("deleted.txt"), "removed"),
                (folder.join("replaced.txt"), "modified"),
                (root.join("b/new.txt"), "created"),
            ]
        );
        let encrypted = read_profile(&folder.join("changed.txt")).unwrap();
        assert!(events.iter().any(|event| matches!(
            &event.change,
            Change::Modified { after, .. } if *after == encrypted
        )));
        // What it read is known now: a second walk finds nothing.
        assert_eq!(source.recover_lost(&mut events, &mut notices), 0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inotify_forgets_a_folder_moved_out_and_hears_nothing_of_the_sentinels_reads() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("root"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("gone/deeper")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(root.join("kept.txt"), b"kept").unwrap();
        let mut changes = kernel(std::slice::from_ref(&root)).unwrap();
        std::fs::rename(root.join("gone"), outside.join("gone")).unwrap();
        expect(&mut changes, &Reported::Gone(root.join("gone")));
        std::fs::write(outside.join("gone/deeper/x.txt"), b"x").unwrap();
        let _ = read_profile(&root.join("kept.txt")).unwrap();
        let _ = std::fs::metadata(root.join("kept.txt")).unwrap();
        assert_eq!(settle(&mut changes), Vec::new());
    }
}
