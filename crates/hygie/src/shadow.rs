//! The shadow store: copies of protected files as they were after their latest changes, kept in
//! the home (outside the watched folders), so that a file changed since the last snapshot can
//! still be put back as it was just before an attack.
//!
//! Each time the sentinel sees a protected file written and closed, it copies the new content
//! here as a new **version**, stamped with the time it was taken. Versions are never replaced:
//! an attacker's writes become later versions, and recovery takes the newest version from before
//! the incident began. The store is bounded in size (the oldest versions go first) and in age.
//!
//! Layout: versions are appended back to back to **packs**, `shadows/<microseconds>-<pid>.pack`,
//! each with its index beside it, `….index`, one line per version: `<unix microseconds of the
//! version> <offset> <length> <original path in hex> <permissions in octal> <CRC-32 of the
//! content> <owner>:<group>` (numeric; lines of older stores end before the CRC or the owner).
//! A file or folder renamed by a program no alert suspects adds a line `<unix microseconds>
//! moved <former path in hex> <new path in hex>` (which older readers skip): the versions kept
//! under the former name are found under the new one ([`Catalogue::versions_before`]).
//! A version costs one copy into the open pack and one line: no file is created, renamed or
//! deleted per version (on a busy disk those cost more than the bytes). The content
//! is written before its line, and a failed write is cut back, so a process killed or a disk
//! full leaves at worst bytes that no whole line names; a line cut short, or one that points
//! past the end of its pack, is ignored, and a version whose bytes no longer match their CRC
//! (a power cut that kept the line but not the bytes) is refused when taken out. A thread of
//! the store syncs the open pack, then its index, then the folder, at most a second after a
//! version was kept ([`SYNC_EVERY`]), or as soon as a megabyte waits ([`SYNC_BYTES`]): a power cut loses at most the last second's versions,
//! never the sentinel's time (it does not wait for the disk). A pack is written by one process only (its name carries the pid), grows to
//! [`PACK_BYTES`] (or an eighth of the store's limit) for an eighth of the age limit at most,
//! and goes whole when its newest version is too old, or the oldest first when the store is over
//! its limit — except, while an incident is open (an alert not yet restored), the packs holding
//! versions from before its alert: those are what its restore takes ([`Shadows::hold_before`]).
//! Held packs go too once the store holds [`HELD_CEILING`] times its limit, the oldest first, and
//! what they held is told ([`Shadows::take_dropped_held`]): never lost in silence.
//! One sentinel per store: the first one to open it holds a lock on `shadows/.lock`
//! (released when its process ends, however it ends); a second one is refused, since it would
//! count the first one's packs and could evict them.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use jiff::Timestamp;

/// How many times its limit the store may hold while packs are held for an open incident.
const HELD_CEILING: u64 = 2;

/// Bytes a pack grows to before the next version starts a new one.
const PACK_BYTES: u64 = 64 << 20;
/// The file locked by the process that has the store open.
const LOCK_NAME: &str = ".lock";
/// How long a version kept may wait to be synced to the disk.
const SYNC_EVERY: Duration = Duration::from_secs(1);
/// Bytes kept since the last sync that have the pack synced at once rather than at the end of
/// [`SYNC_EVERY`]: the disk gets the copies a few at a time, and a program that syncs its own
/// files meanwhile (each sync waits for the data the filesystem's journal orders before it)
/// never waits behind a second's worth of them. A megabyte rather than four cut by about two
/// thirds what the copies add to the p99 of a new file's synced save in `cargo xtask
/// bench-sentinel` (BENCHMARKS.md).
const SYNC_BYTES: u64 = 1 << 20;

/// One kept version of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The protected file it is a copy of.
    pub original: PathBuf,
    /// When it was taken.
    pub taken: Timestamp,
    /// Its size in bytes.
    pub size: u64,
    /// The file's permission bits when it was taken (Unix), if known.
    pub mode: Option<u32>,
    /// The file's owner and group when it was taken (Unix), if known: a restore gives them
    /// back, rather than those of whatever took its place.
    pub owner: Option<(u32, u32)>,
    /// The file that holds it (a pack), and where.
    pack: PathBuf,
    offset: u64,
    /// The CRC-32 of its content (absent from the lines of stores written before it was kept).
    checksum: Option<u32>,
}

impl Version {
    /// Writes the version's content to `to`, a new file only the owner can read until it is
    /// whole; then gives it the permissions the original had.
    pub fn extract(&self, to: &Path) -> io::Result<()> {
        let mut out = private_file(to)?;
        let extracted = self.extract_into(&mut out);
        if extracted.is_err() {
            // Nothing half-written is left under the name asked for (made here).
            drop(out);
            let _ = std::fs::remove_file(to);
        }
        extracted
    }

    fn extract_into(&self, out: &mut File) -> io::Result<()> {
        let mut pack = File::open(&self.pack)?;
        pack.seek(SeekFrom::Start(self.offset))?;
        let (copied, checksum) = copy_checksummed(&mut pack.take(self.size), out)?;
        if copied != self.size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{}: the version is cut short", self.pack.display()),
            ));
        }
        if self.checksum.is_some_and(|expected| expected != checksum) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the version is damaged (its bytes no longer match their checksum)",
                    self.pack.display()
                ),
            ));
        }
        #[cfg(unix)]
        if let Some(mode) = self.mode {
            use std::os::unix::fs::PermissionsExt;
            out.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }
}

/// A file or folder of the protected folders renamed, as the store recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: PathBuf,
    pub to: PathBuf,
    /// When the sentinel saw it (just after it happened).
    pub at: Timestamp,
}

/// How many renames [`Catalogue::versions_before`] follows back from one path at most.
const MOVES_FOLLOWED: usize = 64;

/// Every version in a store, by original path.
pub struct Catalogue {
    versions: HashMap<PathBuf, Vec<Version>>,
    /// Every rename recorded, oldest first.
    moves: Vec<Move>,
    /// The renames onto each name, and away from each name: indexes into `moves`, oldest
    /// first.
    moves_onto: HashMap<PathBuf, Vec<usize>>,
    moves_away: HashMap<PathBuf, Vec<usize>>,
    /// What could not be read, one sentence each.
    pub unreadable: Vec<String>,
}

impl Catalogue {
    /// Reads the indexes of the store in `root` (an absent store holds nothing). What cannot
    /// be read is said in [`Catalogue::unreadable`]; the rest is read.
    pub fn read(root: &Path) -> Catalogue {
        let mut versions: HashMap<PathBuf, Vec<Version>> = HashMap::new();
        let mut moves = Vec::new();
        let (packs, unreadable) = if root.is_dir() {
            read_packs(root, false)
                .unwrap_or_else(|e| (Vec::new(), vec![format!("{}: {e}", root.display())]))
        } else {
            (Vec::new(), Vec::new())
        };
        // Versions a sentinel could not move yet out of the former layout count too.
        let former = former_layout(root)
            .into_iter()
            .flat_map(|(_, versions)| versions);
        let mut all = Vec::new();
        for pack in packs {
            all.extend(pack.lines.versions);
            moves.extend(pack.lines.moves);
        }
        for version in all.into_iter().chain(former) {
            versions
                .entry(version.original.clone())
                .or_default()
                .push(version);
        }
        moves.sort_by_key(|m: &Move| m.at);
        let mut moves_onto: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        let mut moves_away: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (index, rename) in moves.iter().enumerate() {
            moves_onto.entry(rename.to.clone()).or_default().push(index);
            moves_away
                .entry(rename.from.clone())
                .or_default()
                .push(index);
        }
        Catalogue {
            versions,
            moves,
            moves_onto,
            moves_away,
            unreadable,
        }
    }

    /// The newest version of `original` taken strictly before `before`, if any.
    #[cfg(test)]
    pub fn version_before(&self, original: &Path, before: Timestamp) -> Option<&Version> {
        self.versions_before(original, before, before)
            .into_iter()
            .next()
    }

    /// The versions of the file now at `original` taken strictly before `before`, newest
    /// first: when the newest is damaged, the one before it still holds more than the
    /// snapshot. A file renamed before `renames_before` (or in a folder renamed then) has its
    /// versions from before the rename under its former name: they count too, back through
    /// [`MOVES_FOLLOWED`] renames at most. Versions kept under a name before a rename took
    /// what was there away are another file's, and do not count. Renames from `renames_before`
    /// on are not followed (an attacker's, before it was suspected).
    pub fn versions_before(
        &self,
        original: &Path,
        before: Timestamp,
        renames_before: Timestamp,
    ) -> Vec<&Version> {
        let mut found: Vec<&Version> = Vec::new();
        let mut path = original.to_path_buf();
        let mut before = before;
        let mut renames_before = renames_before.min(before);
        for _ in 0..=MOVES_FOLLOWED {
            let arrived = self
                .latest_rename(&self.moves_away, &path, renames_before)
                .map(|m| m.at);
            if let Some(versions) = self.versions.get(&path) {
                found.extend(
                    versions
                        .iter()
                        .filter(|v| v.taken < before && arrived.is_none_or(|at| v.taken > at)),
                );
            }
            // What was at `path` just before then came there by the latest rename onto it (or
            // onto a folder above it), from that rename's former name.
            let Some(latest) = self.latest_rename(&self.moves_onto, &path, renames_before) else {
                break;
            };
            path = former_path(&path, latest);
            before = latest.at;
            renames_before = latest.at;
        }
        found.sort_by_key(|v| std::cmp::Reverse(v.taken));
        found.dedup_by(|a, b| std::ptr::eq(*a, *b));
        found
    }

    /// The names the file now at `path` had since `when`, back through the renames recorded
    /// from then until `renames_before`, newest first, `path` itself first: a snapshot taken at
    /// `when` knows it by one of them. A name a rename took the file away from within that
    /// time (another file was there at `when`) is left out.
    pub fn names_since(
        &self,
        path: &Path,
        when: Timestamp,
        renames_before: Timestamp,
    ) -> Vec<PathBuf> {
        let mut names = Vec::new();
        let mut path = path.to_path_buf();
        let mut before = renames_before;
        for _ in 0..=MOVES_FOLLOWED {
            let taken_away = self
                .latest_rename(&self.moves_away, &path, before)
                .is_some_and(|m| m.at > when);
            if !taken_away && !names.contains(&path) {
                names.push(path.clone());
            }
            let Some(latest) = self
                .latest_rename(&self.moves_onto, &path, before)
                .filter(|m| m.at > when)
            else {
                break;
            };
            path = former_path(&path, latest);
            before = latest.at;
        }
        names
    }

    /// The latest rename before `before` that `index` files under `path` or a folder above it.
    fn latest_rename(
        &self,
        index: &HashMap<PathBuf, Vec<usize>>,
        path: &Path,
        before: Timestamp,
    ) -> Option<&Move> {
        path.ancestors()
            .filter_map(|name| index.get(name))
            .filter_map(|renames| {
                let earlier = renames.partition_point(|&i| self.moves[i].at < before);
                earlier
                    .checked_sub(1)
                    .map(|last| &self.moves[renames[last]])
            })
            .max_by_key(|rename| rename.at)
    }
}

/// `path`, below `rename`'s new name, under its former name.
fn former_path(path: &Path, rename: &Move) -> PathBuf {
    match path.strip_prefix(&rename.to) {
        Ok(rest) if rest.as_os_str().is_empty() => rename.from.clone(),
        Ok(rest) => rename.from.join(rest),
        Err(_) => path.to_path_buf(),
    }
}

/// A pack as the store accounts for it.
struct PackInfo {
    data: PathBuf,
    index: PathBuf,
    /// Bytes on disk, pack and index (versions, lines, and anything a crash left).
    bytes: u64,
    /// When its newest version was taken.
    newest: Option<Timestamp>,
    /// When its oldest version was taken.
    oldest: Option<Timestamp>,
}

/// The pack this process appends to.
struct Writer {
    name: String,
    data: File,
    index: File,
    /// Where the next version and the next line go.
    data_end: u64,
    index_end: u64,
    opened: Timestamp,
}

/// Copies `from` to its end into `to`; returns the bytes copied and their CRC-32. Large
/// reads: files over 64 KiB come here (and versions taken out), and a checksum rules out the
/// kernel's own copy.
fn copy_checksummed(from: &mut impl Read, to: &mut impl Write) -> io::Result<(u64, u32)> {
    let mut buffer = vec![0; 256 << 10];
    let mut hasher = crc32fast::Hasher::new();
    let mut copied = 0u64;
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) => return Ok((copied, hasher.finalize())),
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..read]);
        to.write_all(&buffer[..read])?;
        copied += read as u64;
    }
}

/// Lets the system drop from its memory the pages of `pack` already on disk: versions are read
/// back only in an incident, and kept in the page cache they would push out what the practice's
/// programs read, and make every version after them cost fresh memory.
fn forget_cached(pack: &File) {
    #[cfg(target_os = "linux")]
    {
        use nix::fcntl::{PosixFadviseAdvice, posix_fadvise};
        let _ = posix_fadvise(pack, 0, 0, PosixFadviseAdvice::POSIX_FADV_DONTNEED);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = pack;
}

/// Syncs the open pack away from the sentinel's loop: at most [`SYNC_EVERY`] after a version
/// was kept (sooner when [`SYNC_BYTES`] wait), the pack's bytes, then its index (and the store's folder after a new pack, which
/// names it). A pack replaced by a new one is synced once more as it goes. The thread sleeps
/// while nothing waits to be synced.
struct Syncer {
    /// Set by each version kept, cleared by the thread when it syncs.
    dirty: Arc<AtomicBool>,
    /// Bytes kept since the thread last started a sync.
    unsynced: Arc<std::sync::atomic::AtomicU64>,
    /// Syncs done, for the tests.
    #[cfg(test)]
    synced: Arc<std::sync::atomic::AtomicU64>,
    /// Syncs done because [`SYNC_BYTES`] waited, for the tests.
    #[cfg(test)]
    full_syncs: Arc<std::sync::atomic::AtomicU64>,
    to_thread: mpsc::Sender<ToSyncer>,
}

/// What the sentinel's loop tells the sync thread.
enum ToSyncer {
    /// The pack now written to (duplicated handles of its data and index).
    Pack(File, File),
    /// A version was kept while nothing waited to be synced.
    Dirty,
    /// [`SYNC_BYTES`] were kept since the last sync.
    Full,
    /// No pack is written to any more (its handles go, and the space of an evicted one with
    /// them).
    Release,
}

impl Syncer {
    fn start(root: &Path) -> io::Result<Syncer> {
        let dirty = Arc::new(AtomicBool::new(false));
        let unsynced = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let synced = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (to_thread, receiver) = mpsc::channel::<ToSyncer>();
        let (flag, count, folder) = (dirty.clone(), synced.clone(), root.to_path_buf());
        let bytes = unsynced.clone();
        let full_syncs = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let fulls = full_syncs.clone();
        std::thread::Builder::new()
            .name("shadow-sync".into())
            .spawn(move || {
                // The bytes before the lines that name them; errors show when a version is
                // taken out.
                let sync = |(data, index): &(File, File), new_names: bool| {
                    bytes.store(0, Ordering::Release);
                    if data.sync_data().is_ok() {
                        forget_cached(data);
                    }
                    let _ = index.sync_data();
                    if new_names {
                        let _ = File::open(&folder).and_then(|f| f.sync_all());
                    }
                    count.fetch_add(1, Ordering::AcqRel);
                };
                let mut current: Option<(File, File)> = None;
                let mut named = false;
                let mut waiting = false;
                loop {
                    let message = if waiting {
                        receiver.recv_timeout(SYNC_EVERY)
                    } else {
                        receiver
                            .recv()
                            .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
                    };
                    match message {
                        Ok(ToSyncer::Pack(data, index)) => {
                            if let Some(previous) = current.replace((data, index)) {
                                sync(&previous, named);
                            }
                            named = true;
                            waiting = true;
                        }
                        Ok(ToSyncer::Dirty) => waiting = true,
                        Ok(ToSyncer::Full) => {
                            // What is kept during the sync sets the flag again.
                            flag.store(false, Ordering::Release);
                            if let Some(open) = &current {
                                sync(open, named);
                                fulls.fetch_add(1, Ordering::AcqRel);
                            }
                            named = false;
                        }
                        Ok(ToSyncer::Release) => {
                            if let Some(previous) = current.take() {
                                sync(&previous, named);
                            }
                            named = false;
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            if flag.swap(false, Ordering::AcqRel) || named {
                                if let Some(open) = &current {
                                    sync(open, named);
                                }
                                named = false;
                            }
                            waiting = false;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => {
                            if let Some(last) = &current {
                                sync(last, named);
                            }
                            return;
                        }
                    }
                }
            })?;
        Ok(Syncer {
            dirty,
            unsynced,
            #[cfg(test)]
            synced,
            #[cfg(test)]
            full_syncs,
            to_thread,
        })
    }

    /// A version of `bytes` was kept: it is synced within [`SYNC_EVERY`], or at once when
    /// [`SYNC_BYTES`] wait.
    fn kept(&self, bytes: u64) {
        if !self.dirty.swap(true, Ordering::AcqRel) {
            let _ = self.to_thread.send(ToSyncer::Dirty);
        }
        let before = self.unsynced.fetch_add(bytes, Ordering::AcqRel);
        if before < SYNC_BYTES && before.saturating_add(bytes) >= SYNC_BYTES {
            let _ = self.to_thread.send(ToSyncer::Full);
        }
    }

    /// `data` and `index` are the pack written to from now on; when their handles cannot be
    /// duplicated, they are synced here and now instead, once.
    fn new_pack(&self, data: &File, index: &File) {
        match (data.try_clone(), index.try_clone()) {
            (Ok(data), Ok(index)) => {
                let _ = self.to_thread.send(ToSyncer::Pack(data, index));
            }
            _ => {
                let _ = self.to_thread.send(ToSyncer::Release);
                let _ = data.sync_data();
                let _ = index.sync_data();
            }
        }
    }

    /// No pack is written to any more.
    fn release(&self) {
        let _ = self.to_thread.send(ToSyncer::Release);
    }
}

/// Whose owner a version records.
#[derive(Clone, Copy)]
enum Owner {
    /// That of the file it was read from.
    OfTheFile,
    /// None: it was read from a copy (the former layout's), whose owner is the sentinel.
    Unknown,
}

/// The owner and group written for a version whose owner is not known.
const NO_OWNER: (u32, u32) = (u32::MAX, u32::MAX);

/// Where a version's bytes come from.
enum Content<'a> {
    /// An open file, copied from where it stands to its end.
    File(&'a mut File),
    /// Bytes already read.
    Bytes(&'a [u8]),
}

/// The store.
pub struct Shadows {
    /// `.lock`, locked while the store is open.
    _lock: File,
    root: PathBuf,
    limit: u64,
    max_age: Duration,
    /// Every pack by name.
    packs: BTreeMap<String, PackInfo>,
    writer: Option<Writer>,
    used: u64,
    /// The last version's time, in microseconds: each version is a microsecond after it at
    /// least, so "the newest version before" is never a tie.
    last_taken: i64,
    /// When the latest alert not yet restored opened: packs with versions from before it are
    /// not evicted.
    held_before: Option<Timestamp>,
    /// Versions from before that alert dropped anyway, not yet told.
    dropped_held: DroppedHeld,
    syncer: Syncer,
}

/// The journal's action for [`DroppedHeld`] (its details: `files`, each `path` as displayed
/// with the times `taken` of its versions dropped, `files_not_listed`, `packs_unreadable`).
pub const DROPPED_HELD_ACTION: &str = "incident.shadow_copies_dropped";

/// Versions from before an open incident that the store dropped anyway, once it held
/// [`HELD_CEILING`] times its limit: a restore cannot take them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DroppedHeld {
    /// How many versions.
    pub versions: usize,
    /// The bytes their packs took.
    pub bytes: u64,
    /// Each file they were copies of (by the name it had then), with the time of each of its
    /// versions dropped.
    pub files: BTreeMap<PathBuf, Vec<Timestamp>>,
    /// Held packs dropped whose index could not be read: what they held is not known.
    pub unreadable: usize,
}

impl Shadows {
    /// Opens (or creates) the store in `root`, holding at most `limit` bytes, for `max_age`.
    /// Versions kept in the store's former layout (a folder per file, a file per version) are
    /// moved into a pack first.
    ///
    /// Fails with [`io::ErrorKind::WouldBlock`] when another process has the store open.
    /// `held_before` is [`Shadows::hold_before`]'s, from the first eviction on.
    pub fn open(
        root: &Path,
        limit: u64,
        max_age: Duration,
        held_before: Option<Timestamp>,
    ) -> io::Result<Shadows> {
        make_private_folder(root)?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(LOCK_NAME))?;
        lock.try_lock().map_err(|e| match e {
            std::fs::TryLockError::WouldBlock => io::Error::new(
                io::ErrorKind::WouldBlock,
                "another sentinel has this shadow store open",
            ),
            std::fs::TryLockError::Error(e) => e,
        })?;
        let mut shadows = Shadows {
            _lock: lock,
            root: root.to_path_buf(),
            limit,
            max_age,
            packs: BTreeMap::new(),
            writer: None,
            used: 0,
            last_taken: i64::MIN,
            held_before,
            dropped_held: DroppedHeld::default(),
            syncer: Syncer::start(root)?,
        };
        let (packs, _unreadable) = read_packs(root, true)?;
        for pack in packs {
            shadows.used += pack.info.bytes;
            if let Some(newest) = pack.info.newest {
                shadows.last_taken = shadows.last_taken.max(newest.as_microsecond());
            }
            shadows.packs.insert(pack.name, pack.info);
        }
        shadows.move_former_layout();
        shadows.evict(Timestamp::now());
        Ok(shadows)
    }

    /// Bytes the packs take.
    #[cfg(test)]
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Copies `original`'s current content as a new version taken `now`; then evicts what is too
    /// old or beyond the limit. A file larger than the whole limit is not kept.
    pub fn keep(&mut self, original: &Path, now: Timestamp) -> io::Result<()> {
        let (file, metadata) = crate::regular_file::open(original)?;
        self.keep_open(original, file, &metadata, now)
    }

    /// Copies the content of `file`, open at its start (with its handle's `metadata`), as a
    /// new version of `original` taken `now`; then evicts as [`Shadows::keep`] does.
    pub fn keep_open(
        &mut self,
        original: &Path,
        mut file: File,
        metadata: &std::fs::Metadata,
        now: Timestamp,
    ) -> io::Result<()> {
        self.keep_content(original, Content::File(&mut file), metadata, now)
    }

    /// Appends the content of the file `source` (with its permissions) as a version of
    /// `original` taken at `micros`.
    fn append_file(
        &mut self,
        source: &Path,
        original: &Path,
        micros: i64,
        owner: Owner,
    ) -> io::Result<()> {
        let (mut file, metadata) = crate::regular_file::open(source)?;
        self.append(Content::File(&mut file), &metadata, original, micros, owner)
    }

    /// Keeps `bytes`, read from `original` (with the permissions of `metadata`), as a version
    /// taken `now` (or a microsecond after the last version): what was judged is what is kept,
    /// with no second read. `now` must not come before the read.
    pub fn keep_bytes(
        &mut self,
        original: &Path,
        bytes: &[u8],
        metadata: &std::fs::Metadata,
        now: Timestamp,
    ) -> io::Result<()> {
        self.keep_content(original, Content::Bytes(bytes), metadata, now)
    }

    /// Keeps `content` of `original` (with `metadata`'s permissions and owner) as a version
    /// taken `now`, or a microsecond after the last version; then evicts.
    fn keep_content(
        &mut self,
        original: &Path,
        content: Content<'_>,
        metadata: &std::fs::Metadata,
        now: Timestamp,
    ) -> io::Result<()> {
        let micros = now.as_microsecond().max(self.last_taken.saturating_add(1));
        self.append(content, metadata, original, micros, Owner::OfTheFile)?;
        self.evict(now);
        Ok(())
    }

    /// Appends `content` (with `metadata`'s permissions) as a version of `original` taken at
    /// `micros`. On a failure (a full disk), the pack and its index are cut back to where they
    /// ended.
    fn append(
        &mut self,
        content: Content<'_>,
        metadata: &std::fs::Metadata,
        original: &Path,
        micros: i64,
        owner: Owner,
    ) -> io::Result<()> {
        let size = match &content {
            Content::File(_) => metadata.len(),
            Content::Bytes(bytes) => bytes.len() as u64,
        };
        if size > self.limit {
            return Ok(());
        }
        let mode = mode_of(metadata);
        let (uid, gid) = match owner {
            Owner::OfTheFile => owner_of(metadata),
            Owner::Unknown => None,
        }
        .unwrap_or(NO_OWNER);
        let pack_bytes = PACK_BYTES.min((self.limit / 8).max(1));
        let writer = self.writer_for(size, pack_bytes)?;
        let (data_end, index_end) = (writer.data_end, writer.index_end);
        let copied = match content {
            Content::File(file) => copy_checksummed(file, &mut writer.data),
            Content::Bytes(bytes) => writer
                .data
                .write_all(bytes)
                .map(|()| (bytes.len() as u64, crc32fast::hash(bytes))),
        };
        let appended = copied.and_then(|(copied, checksum)| {
            let line = format!(
                "{micros} {data_end} {copied} {} {mode:o} {checksum:08x} {uid}:{gid}\n",
                hex::encode(original.as_os_str().as_encoded_bytes())
            );
            writer.index.write_all(line.as_bytes())?;
            Ok((copied, line.len() as u64))
        });
        let (copied, line) = match appended {
            Ok(written) => written,
            Err(error) => {
                let undone = cut_back(&mut writer.data, data_end)
                    .and_then(|()| cut_back(&mut writer.index, index_end));
                if undone.is_err() {
                    // Half a version or half a line stays: nothing more goes to this pack.
                    self.writer = None;
                    self.syncer.release();
                }
                return Err(error);
            }
        };
        writer.data_end += copied;
        writer.index_end += line;
        let name = writer.name.clone();
        self.syncer.kept(copied + line);
        self.last_taken = self.last_taken.max(micros);
        self.used += copied + line;
        if let Some(info) = self.packs.get_mut(&name) {
            info.bytes += copied + line;
            if let Ok(taken) = Timestamp::from_microsecond(micros) {
                info.newest = Some(info.newest.map_or(taken, |t| t.max(taken)));
                info.oldest = Some(info.oldest.map_or(taken, |t| t.min(taken)));
            }
        }
        Ok(())
    }

    /// Records that `from` (a file or a folder) was renamed `to`, seen `now`: its versions
    /// kept so far are found under its new name too; then evicts as [`Shadows::keep`] does.
    /// On a failure (a full disk), the index is cut back to where it ended.
    pub fn moved(&mut self, from: &Path, to: &Path, now: Timestamp) -> io::Result<()> {
        let micros = now.as_microsecond().max(self.last_taken.saturating_add(1));
        let pack_bytes = PACK_BYTES.min((self.limit / 8).max(1));
        let writer = self.writer_for(0, pack_bytes)?;
        let line = format!(
            "{micros} {MOVED} {} {}\n",
            hex::encode(from.as_os_str().as_encoded_bytes()),
            hex::encode(to.as_os_str().as_encoded_bytes())
        );
        let index_end = writer.index_end;
        if let Err(error) = writer.index.write_all(line.as_bytes()) {
            if cut_back(&mut writer.index, index_end).is_err() {
                self.writer = None;
                self.syncer.release();
            }
            return Err(error);
        }
        let line = line.len() as u64;
        writer.index_end += line;
        let name = writer.name.clone();
        self.syncer.kept(line);
        self.last_taken = micros;
        self.used += line;
        if let Some(info) = self.packs.get_mut(&name)
            && let Ok(at) = Timestamp::from_microsecond(micros)
        {
            info.bytes += line;
            info.newest = Some(info.newest.map_or(at, |t| t.max(at)));
            info.oldest = Some(info.oldest.map_or(at, |t| t.min(at)));
        }
        self.evict(now);
        Ok(())
    }

    /// The pack to append `size` bytes to: the open one while it has room (or is empty), is
    /// young enough to go whole when its time comes, and is still on disk; else a new one.
    fn writer_for(&mut self, size: u64, pack_bytes: u64) -> io::Result<&mut Writer> {
        let young = |writer: &Writer| {
            let age = Timestamp::now().as_millisecond() - writer.opened.as_millisecond();
            u128::try_from(age).unwrap_or(0) <= self.max_age.as_millis() / 8
        };
        let usable = match &self.writer {
            Some(writer) => {
                (writer.data_end == 0 || writer.data_end.saturating_add(size) <= pack_bytes)
                    && young(writer)
                    && still_on_disk(&writer.data)?
                    && still_on_disk(&writer.index)?
            }
            None => false,
        };
        if !usable {
            let writer = self.new_pack()?;
            self.writer = Some(writer);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| io::Error::other("no pack to write to"))
    }

    fn new_pack(&mut self) -> io::Result<Writer> {
        // The store's folder itself may have been removed behind its back.
        make_private_folder(&self.root)?;
        let opened = Timestamp::now();
        let pid = std::process::id();
        let mut micros = opened.as_microsecond().max(self.last_taken);
        // A name already taken (the clock went back): the next microsecond.
        let (name, data_path, data) = loop {
            let name = format!("{micros:020}-{pid}");
            let path = self.root.join(format!("{name}.pack"));
            match private_file(&path) {
                Ok(file) => break (name, path, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => micros += 1,
                Err(e) => return Err(e),
            }
        };
        let index_path = self.root.join(format!("{name}.index"));
        let index = private_file(&index_path).inspect_err(|_| {
            let _ = std::fs::remove_file(&data_path);
        })?;
        // The thread syncs this pack from now on (and the one it replaces, once more).
        self.syncer.new_pack(&data, &index);
        self.packs.insert(
            name.clone(),
            PackInfo {
                data: data_path,
                index: index_path,
                bytes: 0,
                newest: None,
                oldest: None,
            },
        );
        Ok(Writer {
            name,
            data,
            index,
            data_end: 0,
            index_end: 0,
            opened,
        })
    }

    /// Holds the packs with versions taken before `opened` (when the latest alert not yet
    /// restored opened), or none: the store may grow past its limit by the versions kept
    /// since, rather than drop what a restore needs.
    pub fn hold_before(&mut self, opened: Option<Timestamp>) {
        self.held_before = opened;
    }

    /// The versions from before the open incident dropped since the last call, if any.
    pub fn take_dropped_held(&mut self) -> Option<DroppedHeld> {
        let dropped = std::mem::take(&mut self.dropped_held);
        (dropped.versions > 0 || dropped.unreadable > 0).then_some(dropped)
    }

    /// Removes the packs whose newest version is too old (and empty ones), then the packs with
    /// the oldest newest versions until the store fits; never the open pack, nor a held one.
    fn evict(&mut self, now: Timestamp) {
        let max_age = i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        let open = self.writer.as_ref().map(|w| w.name.clone());
        let held = self.held_before;
        let evictable = |name: &String, pack: &PackInfo| {
            Some(name) != open.as_ref()
                && held.is_none_or(|since| pack.oldest.is_none_or(|oldest| oldest >= since))
        };
        let expired: Vec<String> = self
            .packs
            .iter()
            .filter(|(name, pack)| {
                evictable(name, pack)
                    && pack.newest.is_none_or(|newest| {
                        now.as_millisecond() - newest.as_millisecond() > max_age
                    })
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in expired {
            self.remove_pack(&name);
        }
        for name in self.oldest_beyond(self.limit, evictable) {
            self.remove_pack(&name);
        }
        // Held or not, never past [`HELD_CEILING`] times the limit: incidents left open for
        // weeks must not fill the disk (the oldest go first). What a restore loses is told.
        let ceiling = self.limit.saturating_mul(HELD_CEILING);
        for name in self.oldest_beyond(ceiling, |name, _| Some(name) != open.as_ref()) {
            if let Some(since) = held {
                self.note_dropped(&name, since);
            }
            self.remove_pack(&name);
        }
    }

    /// The packs `may_go` allows that must go for the store to hold at most `bound` bytes,
    /// those with the oldest newest versions first.
    fn oldest_beyond(
        &self,
        bound: u64,
        may_go: impl Fn(&String, &PackInfo) -> bool,
    ) -> Vec<String> {
        let mut candidates: Vec<(&String, &PackInfo)> = self
            .packs
            .iter()
            .filter(|(name, pack)| may_go(name, pack))
            .collect();
        candidates.sort_by_key(|(_, pack)| pack.newest);
        let mut used = self.used;
        let mut going = Vec::new();
        for (name, pack) in candidates {
            if used <= bound {
                break;
            }
            used = used.saturating_sub(pack.bytes);
            going.push(name.clone());
        }
        going
    }

    /// Counts in [`Shadows::take_dropped_held`] the versions from before `since` of the pack
    /// `name`, about to go. An index that cannot be read counts its bytes only.
    fn note_dropped(&mut self, name: &str, since: Timestamp) {
        let Some(pack) = self.packs.get(name) else {
            return;
        };
        if pack.oldest.is_none_or(|oldest| oldest >= since) {
            return;
        }
        let bytes = pack.bytes;
        let read = std::fs::metadata(&pack.data)
            .and_then(|data| read_index(&pack.index, &pack.data, data.len()));
        let Ok(lines) = read else {
            self.dropped_held.unreadable += 1;
            self.dropped_held.bytes += bytes;
            return;
        };
        let mut any = false;
        for version in lines.versions.into_iter().filter(|v| v.taken < since) {
            any = true;
            self.dropped_held.versions += 1;
            self.dropped_held
                .files
                .entry(version.original)
                .or_default()
                .push(version.taken);
        }
        // A pack whose only lines from before are renames held no copy a restore takes.
        if any {
            self.dropped_held.bytes += bytes;
        }
    }

    fn remove_pack(&mut self, name: &str) {
        if let Some(pack) = self.packs.remove(name) {
            self.used = self.used.saturating_sub(pack.bytes);
            let _ = std::fs::remove_file(&pack.index);
            let _ = std::fs::remove_file(&pack.data);
        }
    }

    /// Moves the versions kept in the former layout (`<folder>/path` naming the file,
    /// `<folder>/<microseconds>.copy` each version) into packs of their own, each copy removed
    /// once its version is in a pack, then the emptied folder. Versions already too old go. A
    /// copy that cannot be moved (a full disk) stays for the next start, and is read meanwhile
    /// by [`Catalogue::read`].
    fn move_former_layout(&mut self) {
        let max_age = i64::try_from(self.max_age.as_micros()).unwrap_or(i64::MAX);
        let oldest_kept = Timestamp::now().as_microsecond().saturating_sub(max_age);
        let mut moved_any = false;
        for (folder, versions) in former_layout(&self.root) {
            for version in versions {
                let micros = version.taken.as_microsecond();
                let gone = micros < oldest_kept
                    || self
                        .append_file(&version.pack, &version.original, micros, Owner::Unknown)
                        .is_ok();
                if gone {
                    let _ = std::fs::remove_file(&version.pack);
                    moved_any = true;
                }
            }
            // The folder goes once no copy is left in it (a `.part` was cut short by a crash).
            let copies_left = std::fs::read_dir(&folder).map_or(true, |entries| {
                entries
                    .flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "copy"))
            });
            if !copies_left {
                let _ = std::fs::remove_dir_all(&folder);
            }
        }
        if moved_any {
            // Versions of the past in packs of their own, which expire by their own age.
            self.writer = None;
            self.syncer.release();
        }
    }
}

/// The folders of the store's former layout, each with the versions it holds (each version's
/// "pack" is its own copy file).
fn former_layout(root: &Path) -> Vec<(PathBuf, Vec<Version>)> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for folder in entries.flatten().map(|e| e.path()) {
        let Ok(recorded) = std::fs::read(folder.join("path")) else {
            continue;
        };
        let original = path_from_bytes(recorded);
        let Ok(copies) = std::fs::read_dir(&folder) else {
            continue;
        };
        let versions = copies
            .flatten()
            .filter_map(|entry| {
                let copy = entry.path();
                if copy.extension().is_none_or(|e| e != "copy") {
                    return None;
                }
                let micros = copy.file_stem()?.to_str()?.parse::<i64>().ok()?;
                let metadata = entry.metadata().ok()?;
                Some(Version {
                    original: original.clone(),
                    taken: Timestamp::from_microsecond(micros).ok()?,
                    size: metadata.len(),
                    mode: Some(mode_of(&metadata)).filter(|m| *m != 0),
                    // The copy is the sentinel's: the file's owner was not kept.
                    owner: None,
                    pack: copy,
                    offset: 0,
                    checksum: None,
                })
            })
            .collect();
        found.push((folder, versions));
    }
    found
}

/// The owner and group of a file (Unix).
pub fn owner_of(metadata: &std::fs::Metadata) -> Option<(u32, u32)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.uid(), metadata.gid()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// The permission bits of a file (0 where there are none to keep).
fn mode_of(metadata: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        0
    }
}

/// Truncates `file` to `end` and puts its position there.
fn cut_back(file: &mut File, end: u64) -> io::Result<()> {
    file.set_len(end)?;
    file.seek(SeekFrom::Start(end)).map(drop)
}

/// The newest version of `original` kept in `root` strictly before `before`, if any. Reads
/// every index: to look up many files, read a [`Catalogue`] once.
#[cfg(test)]
pub fn version_before(
    root: &Path,
    original: &Path,
    before: Timestamp,
) -> io::Result<Option<Version>> {
    let catalogue = Catalogue::read(root);
    match catalogue.unreadable.first() {
        Some(problem) => Err(io::Error::other(problem.clone())),
        None => Ok(catalogue.version_before(original, before).cloned()),
    }
}

/// Whether `file` still has a name (its folder was not removed under it).
fn still_on_disk(file: &File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(file.metadata()?.nlink() > 0)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(true)
    }
}

/// Makes `folder` (and its missing parents) readable by the owner only.
pub fn make_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A new file only the owner can read, for appending.
fn private_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A pack read from disk.
struct ReadPack {
    name: String,
    info: PackInfo,
    lines: IndexLines,
}

/// What an index names.
#[derive(Default)]
struct IndexLines {
    versions: Vec<Version>,
    moves: Vec<Move>,
}

/// Every pack of the store in `root`, with the versions its index names, and what could not
/// be read (a pack that vanished meanwhile, evicted by the writer, is simply gone). A pack
/// without its index (or an index without its pack) is what a crash left between the two:
/// removed when `tidy` (by the store's writer only: a reader could catch a pack being made).
fn read_packs(root: &Path, tidy: bool) -> io::Result<(Vec<ReadPack>, Vec<String>)> {
    let mut packs = Vec::new();
    let mut unreadable = Vec::new();
    for entry in std::fs::read_dir(root)?.flatten() {
        let path = entry.path();
        let (Some(stem), Some(extension)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|e| e.to_str()),
        ) else {
            continue;
        };
        let (data, index) = (
            root.join(format!("{stem}.pack")),
            root.join(format!("{stem}.index")),
        );
        match extension {
            "index" if !data.is_file() => {
                if tidy {
                    let _ = std::fs::remove_file(&index);
                }
                continue;
            }
            "pack" if !index.is_file() => {
                if tidy {
                    let _ = std::fs::remove_file(&data);
                }
                continue;
            }
            "pack" => {}
            _ => continue,
        }
        let read = entry.metadata().and_then(|metadata| {
            let bytes = metadata.len();
            let index_bytes = std::fs::metadata(&index)?.len();
            Ok((bytes, index_bytes, read_index(&index, &data, bytes)?))
        });
        let (bytes, index_bytes, lines) = match read {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                unreadable.push(format!("{}: {e}", index.display()));
                continue;
            }
        };
        packs.push(ReadPack {
            name: stem.to_owned(),
            info: PackInfo {
                data,
                index,
                bytes: bytes + index_bytes,
                newest: lines.times().max(),
                oldest: lines.times().min(),
            },
            lines,
        });
    }
    Ok((packs, unreadable))
}

impl IndexLines {
    /// When each version was taken and each rename seen.
    fn times(&self) -> impl Iterator<Item = Timestamp> + '_ {
        let versions = self.versions.iter().map(|v| v.taken);
        versions.chain(self.moves.iter().map(|m| m.at))
    }
}

/// The versions `index` names in `data` (of `bytes` bytes), and the renames. Only whole lines
/// count (a line cut short could still parse, naming a shorter path), and only versions within
/// the pack.
fn read_index(index: &Path, data: &Path, bytes: u64) -> io::Result<IndexLines> {
    let mut lines = IndexLines::default();
    let mut reader = io::BufReader::new(File::open(index)?);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let Some(whole) = line.strip_suffix(b"\n") else {
            break;
        };
        if let Some(rename) = parse_move(whole) {
            lines.moves.push(rename);
            continue;
        }
        let Some(version) = parse_line(whole, data) else {
            continue;
        };
        if version
            .offset
            .checked_add(version.size)
            .is_some_and(|end| end <= bytes)
        {
            lines.versions.push(version);
        }
    }
    Ok(lines)
}

/// The word that tells a rename's line from a version's (whose second field is a number).
const MOVED: &str = "moved";

/// A line `<microseconds> moved <from in hex> <to in hex>`.
fn parse_move(line: &[u8]) -> Option<Move> {
    let line = std::str::from_utf8(line).ok()?;
    let mut fields = line.split(' ');
    let micros = fields.next()?.parse::<i64>().ok()?;
    if fields.next()? != MOVED {
        return None;
    }
    let from = hex::decode(fields.next()?).ok()?;
    let to = hex::decode(fields.next()?).ok()?;
    if fields.next().is_some() || from.is_empty() || to.is_empty() {
        return None;
    }
    Some(Move {
        from: path_from_bytes(from),
        to: path_from_bytes(to),
        at: Timestamp::from_microsecond(micros).ok()?,
    })
}

fn parse_line(line: &[u8], data: &Path) -> Option<Version> {
    let line = std::str::from_utf8(line).ok()?;
    let mut fields = line.split(' ');
    let micros = fields.next()?.parse::<i64>().ok()?;
    let offset = fields.next()?.parse::<u64>().ok()?;
    let size = fields.next()?.parse::<u64>().ok()?;
    let path = hex::decode(fields.next()?).ok()?;
    let mode = u32::from_str_radix(fields.next()?, 8).ok()?;
    let checksum = match fields.next() {
        Some(field) if field.len() == 8 => Some(u32::from_str_radix(field, 16).ok()?),
        Some(_) => return None,
        None => None,
    };
    let owner = match fields.next() {
        Some(field) => {
            let (uid, gid) = field.split_once(':')?;
            let ids = (uid.parse::<u32>().ok()?, gid.parse::<u32>().ok()?);
            // Where the file system had none to give (the store written elsewhere than Unix).
            (ids != NO_OWNER).then_some(ids)
        }
        None => None,
    };
    if fields.next().is_some() || path.is_empty() {
        return None;
    }
    Some(Version {
        original: path_from_bytes(path),
        taken: Timestamp::from_microsecond(micros).ok()?,
        size,
        mode: (mode != 0).then_some(mode),
        owner,
        pack: data.to_path_buf(),
        offset,
        checksum,
    })
}

/// The path whose bytes (as `as_encoded_bytes` gave them) are `bytes`.
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> Timestamp {
        Timestamp::from_millisecond(millis).expect("a valid instant")
    }

    /// Bytes the files of `store` take.
    fn on_disk(store: &Path) -> u64 {
        std::fs::read_dir(store)
            .expect("listed")
            .flatten()
            .map(|e| e.metadata().expect("sized").len())
            .sum()
    }

    #[test]
    fn versions_kept_in_the_former_layout_are_moved_into_a_pack() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("courrier.rtf");
        let folder = store.join("3f2a");
        std::fs::create_dir_all(&folder).expect("made");
        std::fs::write(folder.join("path"), file.as_os_str().as_encoded_bytes()).expect("written");
        let now = Timestamp::now().as_microsecond();
        std::fs::write(folder.join(format!("{}.copy", now - 2_000_000)), b"v1").expect("written");
        std::fs::write(folder.join(format!("{}.copy", now - 1_000_000)), b"v2").expect("written");
        let shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        assert!(!folder.exists());
        let catalogue = Catalogue::read(&store);
        let before = |micros: i64| Timestamp::from_microsecond(micros).expect("an instant");
        let newest = catalogue.version_before(&file, before(now)).expect("moved");
        assert_eq!(content(newest), b"v2");
        let older = catalogue
            .version_before(&file, before(now - 1_000_000))
            .expect("moved");
        assert_eq!(content(older), b"v1");
        assert_eq!(shadows.used(), on_disk(&store));
    }

    fn content(version: &Version) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        version.extract(&out).expect("extracted");
        std::fs::read(out).expect("read")
    }

    #[test]
    fn bytes_already_read_are_kept_as_read() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("ordonnance.txt");
        std::fs::write(&file, b"as judged").expect("written");
        let metadata = std::fs::metadata(&file).expect("metadata");
        let now = at(Timestamp::now().as_millisecond() - 5_000);
        // Overwritten between the read and the copy: what was read is what is kept.
        std::fs::write(&file, b"changed since").expect("rewritten");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        shadows
            .keep_bytes(&file, b"as judged", &metadata, now)
            .expect("kept");
        let version = version_before(&store, &file, Timestamp::MAX)
            .expect("readable")
            .expect("a version");
        assert_eq!(content(&version), b"as judged");
        assert_eq!(version.taken, now);
        assert!(
            version_before(&store, &file, now)
                .expect("readable")
                .is_none()
        );
    }

    #[test]
    fn a_file_already_open_is_kept_from_its_handle() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("ordonnance.txt");
        let written: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &written).expect("written");
        let (open, metadata) = crate::regular_file::open(&file).expect("opened");
        // Renamed away once open: the handle, not the name, is what is copied.
        std::fs::rename(&file, dir.path().join("ailleurs.txt")).expect("renamed");
        let now = at(Timestamp::now().as_millisecond() - 5_000);
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        shadows
            .keep_open(&file, open, &metadata, now)
            .expect("kept");
        let version = version_before(&store, &file, Timestamp::MAX)
            .expect("readable")
            .expect("a version");
        assert_eq!(version.size, 300_000);
        assert_eq!(content(&version), written);
        assert_eq!(version.taken, now);
    }

    #[test]
    fn a_second_sentinel_cannot_open_a_store_in_use() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let first = Shadows::open(&store, 1 << 20, Duration::from_secs(60), None).expect("a store");
        let refused = Shadows::open(&store, 1 << 20, Duration::from_secs(60), None)
            .err()
            .expect("refused while the first is open");
        assert_eq!(refused.kind(), io::ErrorKind::WouldBlock);
        drop(first);
        Shadows::open(&store, 1 << 20, Duration::from_secs(60), None).expect("free again");
    }

    #[test]
    fn the_version_before_an_instant_is_the_newest_older_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("dossier.txt");
        let store = dir.path().join("shadows");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        let now = Timestamp::now().as_millisecond();
        for (i, text) in ["v1", "v2", "chiffré"].iter().enumerate() {
            std::fs::write(&file, text).expect("written");
            shadows
                .keep(&file, at(now + 1000 * i as i64))
                .expect("kept");
        }
        let version = version_before(&store, &file, at(now + 1500))
            .expect("readable")
            .expect("a version");
        assert_eq!(content(&version), b"v2");
        assert!(
            version_before(&store, &file, at(now))
                .expect("readable")
                .is_none()
        );
        // Reopened, it knows its versions: their bytes and their lines.
        drop(shadows);
        let reopened =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        assert_eq!(reopened.used(), on_disk(&store));
        assert!(reopened.used() > 2 + 2 + "chiffré".len() as u64);
    }

    #[test]
    fn versions_in_one_instant_and_a_store_removed_behind_its_back_are_all_kept() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("ordonnance.txt");
        let store = dir.path().join("shadows");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        let now = Timestamp::now();
        std::fs::write(&file, "v1").expect("written");
        shadows.keep(&file, now).expect("kept");
        std::fs::write(&file, "v2").expect("written");
        shadows.keep(&file, now).expect("kept in the same instant");
        // The second version is stamped a microsecond after the first, which can be the next
        // millisecond: "later" leaves room for it.
        let later = at(now.as_millisecond() + 2);
        let newest = version_before(&store, &file, later).expect("readable");
        assert_eq!(content(&newest.expect("a version")), b"v2");
        std::fs::remove_dir_all(&store).expect("removed");
        std::fs::write(&file, "v3").expect("written");
        shadows.keep(&file, later).expect("kept again");
        let newest = version_before(&store, &file, at(later.as_millisecond() + 1))
            .expect("readable")
            .expect("a version");
        assert_eq!(content(&newest), b"v3");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&store)
                .expect("made again")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_full_store_drops_its_oldest_versions_and_never_a_new_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let mut shadows =
            Shadows::open(&store, 2500, Duration::from_secs(3600), None).expect("a store");
        let now = Timestamp::now().as_millisecond();
        let mut files = Vec::new();
        for i in 0..5 {
            let file = dir.path().join(format!("f{i}"));
            std::fs::write(&file, vec![b'a' + i as u8; 1000]).expect("written");
            shadows.keep(&file, at(now + i64::from(i))).expect("kept");
            files.push(file);
        }
        assert!(shadows.used() <= 2500);
        assert!(
            version_before(&store, &files[0], at(now + 100))
                .expect("readable")
                .is_none()
        );
        let newest = version_before(&store, &files[4], at(now + 100))
            .expect("readable")
            .expect("the newest is kept");
        assert_eq!(content(&newest), vec![b'e'; 1000]);
        // Larger than the whole store: not kept, and nothing else is lost for it.
        let big = dir.path().join("big");
        std::fs::write(&big, vec![0u8; 3000]).expect("written");
        shadows.keep(&big, at(now + 10)).expect("refused quietly");
        assert!(
            version_before(&store, &files[4], at(now + 100))
                .expect("readable")
                .is_some()
        );
    }

    #[test]
    fn versions_from_before_an_open_incident_are_held_past_the_limit() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let now = Timestamp::now().as_millisecond();
        let file = |i: u8| {
            let file = dir.path().join(format!("f{i}"));
            std::fs::write(&file, vec![b'a' + i; 1000]).expect("written");
            file
        };
        let mut shadows =
            Shadows::open(&store, 2500, Duration::from_secs(3600), None).expect("a store");
        let before: Vec<PathBuf> = (0..2)
            .map(|i| {
                let kept = file(i);
                shadows.keep(&kept, at(now + i64::from(i))).expect("kept");
                kept
            })
            .collect();
        drop(shadows);
        // Reopened while an incident that began after them is open: whatever comes next, they
        // stay, even past the limit.
        let incident = at(now + 5);
        let mut shadows = Shadows::open(&store, 2500, Duration::from_secs(3600), Some(incident))
            .expect("a store");
        for i in 2..8 {
            shadows
                .keep(&file(i), at(now + 10 + i64::from(i)))
                .expect("kept");
        }
        for kept in &before {
            let version = version_before(&store, kept, incident).expect("readable");
            assert!(version.is_some(), "{} evicted", kept.display());
        }
        assert!(shadows.used() > 2500);
        // Restored: nothing held, and the next version makes the store fit again.
        shadows.hold_before(None);
        shadows.keep(&file(8), at(now + 30)).expect("kept");
        assert!(shadows.used() <= 2500);
        let first = version_before(&store, &before[0], incident).expect("readable");
        assert!(first.is_none());
        assert_eq!(
            shadows.take_dropped_held(),
            None,
            "nothing held was dropped"
        );
        // Past twice its limit, even held versions go, the oldest first, and are told.
        drop(shadows);
        let mut shadows =
            Shadows::open(&store, 1000, Duration::from_secs(3600), Some(at(now + 40)))
                .expect("a store");
        assert!(shadows.used() <= 2000, "{}", shadows.used());
        let dropped = shadows.take_dropped_held().expect("told");
        assert_eq!(dropped.versions, 1);
        assert!(dropped.bytes > 1000, "{}", dropped.bytes);
        let files: Vec<(PathBuf, Vec<Timestamp>)> = dropped.files.into_iter().collect();
        assert_eq!(files, [(dir.path().join("f7"), vec![at(now + 17)])]);
        assert_eq!(dropped.unreadable, 0);
        assert_eq!(shadows.take_dropped_held(), None, "told once");
    }

    #[test]
    fn versions_kept_before_a_rename_are_found_under_the_new_name() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let (old_folder, new_folder) = (dir.path().join("2025"), dir.path().join("archives"));
        std::fs::create_dir(&old_folder).expect("a folder");
        let file = old_folder.join("courrier.rtf");
        std::fs::write(&file, b"revu le 29/11").expect("written");
        let now = Timestamp::now().as_millisecond();
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        shadows.keep(&file, at(now)).expect("kept");
        // The folder renamed, then the file in it.
        let renamed = new_folder.join("courrier.rtf");
        let final_name = new_folder.join("courrier-final.rtf");
        shadows
            .moved(&old_folder, &new_folder, at(now + 10))
            .expect("recorded");
        shadows
            .moved(&renamed, &final_name, at(now + 20))
            .expect("recorded");
        let used = shadows.used();
        drop(shadows);
        assert_eq!(on_disk(&store), used, "the renames' lines are counted");

        let catalogue = Catalogue::read(&store);
        assert!(
            catalogue.unreadable.is_empty(),
            "{:?}",
            catalogue.unreadable
        );
        let found = |path: &Path, before: i64, renames_before: i64| {
            catalogue
                .versions_before(path, at(before), at(renames_before))
                .iter()
                .map(|v| v.original.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found(&final_name, now + 30, now + 30),
            std::slice::from_ref(&file)
        );
        assert_eq!(
            found(&renamed, now + 15, now + 15),
            std::slice::from_ref(&file)
        );
        // Before the folder was renamed, nothing was there under the new names.
        assert!(found(&renamed, now + 5, now + 5).is_empty());
        assert!(found(&final_name, now + 15, now + 15).is_empty());
        // Renames from the incident's start on (an attacker's) are not followed.
        assert!(found(&final_name, now + 30, now + 15).is_empty());
        // The names a snapshot taken before both renames may know it by, newest first.
        assert_eq!(
            catalogue.names_since(&final_name, at(now - 5), at(now + 30)),
            [final_name.clone(), renamed.clone(), file.clone()]
        );
        assert_eq!(
            catalogue.names_since(&final_name, at(now + 15), at(now + 30)),
            [final_name.clone(), renamed.clone()]
        );
        assert_eq!(
            catalogue.names_since(&final_name, at(now - 5), at(now + 15)),
            [final_name.clone(), old_folder.join("courrier-final.rtf")]
        );
        // A rename's line is no version for a reader that does not know it.
        let index = std::fs::read_dir(&store)
            .expect("the store")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "index"))
            .expect("an index");
        let text = std::fs::read(&index).expect("readable");
        let moves: Vec<&[u8]> = text
            .split(|&b| b == b'\n')
            .filter(|line| line.windows(7).any(|w| w == b" moved "))
            .collect();
        assert_eq!(moves.len(), 2);
        assert!(moves.iter().all(|line| parse_line(line, &index).is_none()));
    }

    #[test]
    fn a_name_a_rename_took_a_file_away_from_is_another_files_afterwards() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let (a, b, c) = (
            dir.path().join("a.odt"),
            dir.path().join("b.odt"),
            dir.path().join("~tmp.odt"),
        );
        let now = Timestamp::now().as_millisecond();
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        std::fs::write(&a, b"premier").expect("written");
        shadows.keep(&a, at(now)).expect("kept");
        // a.odt renamed b.odt; then a save by rename-over: a temporary file renamed a.odt.
        shadows.moved(&a, &b, at(now + 10)).expect("recorded");
        std::fs::write(&c, b"second").expect("written");
        shadows.keep(&c, at(now + 20)).expect("kept");
        shadows.moved(&c, &a, at(now + 30)).expect("recorded");
        // The temporary name used again for another file, saved as b.odt over the first.
        std::fs::write(&c, b"troisieme").expect("written");
        shadows.keep(&c, at(now + 40)).expect("kept");
        shadows.moved(&c, &b, at(now + 50)).expect("recorded");
        drop(shadows);

        let catalogue = Catalogue::read(&store);
        let contents = |path: &Path, before: i64| {
            catalogue
                .versions_before(path, at(before), at(before))
                .iter()
                .map(|v| content(v))
                .collect::<Vec<_>>()
        };
        // a.odt now: the second document only, not the first (now b.odt's past).
        assert_eq!(contents(&a, now + 35), [b"second".to_vec()]);
        // b.odt: the third document, saved over the first one (b.odt's content before then);
        // never the second one, the temporary name's earlier file.
        assert_eq!(contents(&b, now + 55), [b"troisieme".to_vec()]);
        assert_eq!(contents(&b, now + 45), [b"premier".to_vec()]);
        // A snapshot from before it all knows b.odt's content by b.odt (saved over), not by
        // the temporary name (the file there then went away to a.odt); a.odt's by the
        // temporary name, not by a.odt (the file there then went away to b.odt).
        assert_eq!(
            catalogue.names_since(&b, at(now - 5), at(now + 55)),
            std::slice::from_ref(&b)
        );
        assert_eq!(
            catalogue.names_since(&a, at(now - 5), at(now + 35)),
            std::slice::from_ref(&c)
        );
    }

    #[test]
    fn old_packs_go_and_what_a_crash_cut_short_is_ignored() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("a");
        std::fs::write(&file, b"old").expect("written");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(60), None).expect("a store");
        let long_ago = Timestamp::now().as_millisecond() - 3_600_000;
        shadows.keep(&file, at(long_ago)).expect("kept");
        drop(shadows);
        let reopened =
            Shadows::open(&store, 1 << 20, Duration::from_secs(60), None).expect("a store");
        assert_eq!(reopened.used(), 0);
        let left = std::fs::read_dir(&store)
            .expect("listed")
            .flatten()
            .filter(|e| e.file_name() != LOCK_NAME)
            .count();
        assert_eq!(left, 0);

        // A crash between the content and its line, in the middle of a line, or between a
        // pack and its index.
        let mut shadows = reopened;
        std::fs::write(&file, b"kept").expect("written");
        shadows.keep(&file, Timestamp::now()).expect("kept");
        let index = std::fs::read_dir(&store)
            .expect("listed")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "index"))
            .expect("an index");
        let mut cut = std::fs::OpenOptions::new()
            .append(true)
            .open(&index)
            .expect("opened");
        cut.write_all(b"1 4 999 61\n17000000000000000 0 4 6")
            .expect("written");
        std::fs::write(store.join("00000000000000000001-1.pack"), b"orphan").expect("written");
        drop(shadows);
        let catalogue = Catalogue::read(&store);
        assert!(
            catalogue.unreadable.is_empty(),
            "{:?}",
            catalogue.unreadable
        );
        let version = catalogue
            .version_before(&file, Timestamp::MAX)
            .expect("the whole version");
        assert_eq!(content(version), b"kept");
        assert_eq!(catalogue.versions.values().map(Vec::len).sum::<usize>(), 1);
        let reopened =
            Shadows::open(&store, 1 << 20, Duration::from_secs(60), None).expect("a store");
        assert_eq!(reopened.used(), on_disk(&store));
        assert!(!store.join("00000000000000000001-1.pack").exists());
    }

    /// The version of `file` a new store in `dir` keeps, found by its name.
    fn kept_once(dir: &Path, file: &Path) -> Version {
        let store = dir.join("shadows");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        shadows.keep(file, Timestamp::now()).expect("kept");
        version_before(&store, file, Timestamp::MAX)
            .expect("readable")
            .expect("found by its own name")
    }

    #[test]
    fn a_version_whose_bytes_were_damaged_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("ordonnance.txt");
        std::fs::write(&file, b"paracetamol 1 g x 3").expect("written");
        let version = kept_once(dir.path(), &file);
        let out = dir.path().join("out");
        version.extract(&out).expect("whole, it comes out");
        assert_eq!(std::fs::read(&out).expect("there"), b"paracetamol 1 g x 3");
        // A power cut kept the line but not the bytes: zeros where the content was.
        let mut pack = std::fs::read(&version.pack).expect("the pack");
        let at = usize::try_from(version.offset).expect("small");
        pack[at..at + 4].fill(0);
        std::fs::write(&version.pack, pack).expect("damaged");
        let again = dir.path().join("again");
        let error = version.extract(&again).expect_err("damaged, refused");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(!again.exists());
    }

    #[test]
    fn versions_before_an_instant_come_newest_first() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("agenda.txt");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600), None).expect("a store");
        for (millis, content) in [(1_000, "lundi"), (2_000, "mardi"), (3_000, "mercredi")] {
            std::fs::write(&file, content).expect("written");
            let now = Timestamp::now().as_millisecond() + millis;
            shadows.keep(&file, at(now)).expect("kept");
        }
        let catalogue = Catalogue::read(&store);
        let later = at(Timestamp::now().as_millisecond() + 10_000);
        let versions = catalogue.versions_before(&file, later, later);
        let contents: Vec<Vec<u8>> = versions
            .iter()
            .enumerate()
            .map(|(n, version)| {
                let out = dir.path().join(format!("out-{n}"));
                version.extract(&out).expect("extracted");
                std::fs::read(out).expect("read")
            })
            .collect();
        assert_eq!(contents, [&b"mercredi"[..], b"mardi", b"lundi"]);
    }

    #[test]
    fn lines_written_before_checksums_are_still_read() {
        let data = Path::new("/store/1-1.pack");
        let line = format!("1000 0 5 {} 644", hex::encode("/srv/a.txt"));
        let version = parse_line(line.as_bytes(), data).expect("read");
        assert_eq!(version.checksum, None);
        let line = format!("1000 0 5 {} 644 0000abcd", hex::encode("/srv/a.txt"));
        assert_eq!(
            parse_line(line.as_bytes(), data).expect("read").checksum,
            Some(0xabcd)
        );
        let line = format!("1000 0 5 {} 644 abc", hex::encode("/srv/a.txt"));
        assert!(parse_line(line.as_bytes(), data).is_none());
    }

    #[test]
    fn a_version_keeps_its_files_owner_and_lines_without_one_are_still_read() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, b"tension 12/8").expect("written");
        let metadata = std::fs::metadata(&file).expect("there");
        assert_eq!(kept_once(dir.path(), &file).owner, owner_of(&metadata));
        let data = Path::new("/store/1-1.pack");
        let line =
            |tail: &str| format!("1000 0 5 {} 644 0000abcd{tail}", hex::encode("/srv/a.txt"));
        let owner = |tail: &str| parse_line(line(tail).as_bytes(), data).map(|v| v.owner);
        assert_eq!(owner(" 1234:1001"), Some(Some((1234, 1001))));
        // Written by a store that kept none, or before owners were kept.
        assert_eq!(owner(" 4294967295:4294967295"), Some(None));
        assert_eq!(owner(""), Some(None));
        // A field that is not an owner makes the line unreadable, as any other.
        assert_eq!(owner(" 1234"), None);
        assert_eq!(owner(" x:1"), None);
        assert_eq!(owner(" 1:2 3"), None);
    }

    #[test]
    fn versions_kept_are_synced_within_moments() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("agenda.txt");
        std::fs::write(&file, b"lundi 9h").expect("written");
        let mut shadows = Shadows::open(
            &dir.path().join("shadows"),
            1 << 20,
            Duration::from_secs(60),
            None,
        )
        .expect("a store");
        let counter = shadows.syncer.synced.clone();
        let synced = || counter.load(Ordering::Acquire);
        let before = synced();
        shadows.keep(&file, Timestamp::now()).expect("kept");
        let deadline = std::time::Instant::now() + SYNC_EVERY * 5;
        while synced() == before {
            assert!(std::time::Instant::now() < deadline, "never synced");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[test]
    fn a_megabyte_kept_is_synced_without_waiting_for_the_second() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("scan.pdf");
        std::fs::write(&file, vec![7u8; 256 << 10]).expect("written");
        let mut shadows = Shadows::open(
            &dir.path().join("shadows"),
            256 << 20,
            Duration::from_secs(60),
            None,
        )
        .expect("a store");
        let fulls = shadows.syncer.full_syncs.clone();
        let versions = SYNC_BYTES.div_ceil(256 << 10);
        assert!(versions > 1, "a bound below one version would test nothing");
        for _ in 0..versions - 1 {
            shadows.keep(&file, Timestamp::now()).expect("kept");
        }
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(fulls.load(Ordering::Acquire), 0, "synced early");
        shadows.keep(&file, Timestamp::now()).expect("kept");
        let deadline = std::time::Instant::now() + SYNC_EVERY * 10;
        while fulls.load(Ordering::Acquire) == 0 {
            assert!(std::time::Instant::now() < deadline, "never synced");
            std::thread::sleep(Duration::from_millis(20));
            // On a slow machine the sync of the second may have come first and counted the
            // bytes from zero again: more versions bring them back over the bound.
            shadows.keep(&file, Timestamp::now()).expect("kept");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_version_comes_back_with_the_permissions_its_file_had() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("dossier.txt");
        std::fs::write(&file, b"confidentiel").expect("written");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("set");
        let version = kept_once(dir.path(), &file);
        let out = dir.path().join("out");
        version.extract(&out).expect("extracted");
        let mode = std::fs::metadata(&out).expect("there").permissions().mode();
        assert_eq!(mode & 0o7777, 0o640);
    }

    #[test]
    fn a_path_that_is_not_unicode_comes_back_as_it_was() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        #[cfg(unix)]
        let name = {
            use std::os::unix::ffi::OsStrExt;
            std::ffi::OsStr::from_bytes(b"r\xe9sultat.txt").to_owned()
        };
        #[cfg(not(unix))]
        let name = std::ffi::OsString::from("résultat.txt");
        let file = dir.path().join(name);
        std::fs::write(&file, b"glyc\xe9mie").expect("written");
        let version = kept_once(dir.path(), &file);
        assert_eq!(version.original, file);
        assert_eq!(content(&version), b"glyc\xe9mie");
    }
}
