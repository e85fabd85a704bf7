//! The detection engine: file events in, alerts out.
//!
//! Each event is turned into [`Indicator`]s about one file. Indicators add up in the actor's
//! [`Scope`] (its process tree, or its Samba user and client) and in the whole [`Scope::Site`],
//! over a sliding window long enough for slow encryption (a day by default). An alert opens when
//! the indicators of a scope **combine** — never one alone:
//!
//! - at least [`Config::files`] files damaged (their content changed nature, or they were
//!   removed after an unreadable copy appeared) with at least two kinds of indicator — the
//!   spread of the damage over several folders counts as one;
//! - or a decoy file touched, with any other indicator;
//! - or ransom-note-like files (one name in several folders) with any damage or mass removal.
//!
//! Once open, an alert keeps collecting what its scope touches, so that recovery knows every
//! file to put back and every file the attacker left behind.

use std::cell::LazyCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use indexmap::IndexSet;

use serde::Serialize;

use crate::content::{self, FileType, Profile};
use crate::event::{Actor, Change, FileEvent, Scope};

/// One reason for suspicion about one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// A sampled region that was structured became random.
    RandomnessRose,
    /// A region became base64/hex text of random bytes.
    BecameEncoded,
    /// The content no longer matches its former type, or the type its extension promises.
    TypeLost,
    /// The type's trailer disappeared (end of a PDF, a ZIP's central directory…).
    TrailerLost,
    /// A new file nobody can read: random content, no known type.
    OpaqueNewFile,
    /// A file was removed by the actor that had just made an unreadable copy of it.
    OriginalRemoved,
    /// A file was renamed or created with an extension this site never uses.
    UnknownExtension,
    /// A decoy file (one no person opens) was changed, renamed or removed.
    DecoyTouched,
    /// Files with one name appeared in several folders: ransom notes.
    RansomNote,
    /// Many files were removed.
    MassRemoval,
    /// Damage spread over several folders.
    Breadth,
}

impl Indicator {
    /// Whether the indicator is about a file the attacker made.
    fn plants(self) -> bool {
        matches!(
            self,
            Indicator::OpaqueNewFile | Indicator::UnknownExtension | Indicator::RansomNote
        )
    }

    /// Whether the indicator means the file's content is lost unless a copy exists. A lost
    /// trailer alone is not: a truncated or partly rewritten file loses it too.
    fn damages(self) -> bool {
        matches!(
            self,
            Indicator::RandomnessRose
                | Indicator::BecameEncoded
                | Indicator::TypeLost
                | Indicator::OriginalRemoved
                | Indicator::DecoyTouched
        )
    }
}

/// Thresholds and windows.
#[derive(Clone, Debug)]
pub struct Config {
    /// Damaged files that, with a second kind of indicator, open an alert.
    pub files: usize,
    /// How long indicators count, in milliseconds.
    pub window_ms: u64,
    /// How long after an unreadable copy appears the removal of its original is linked to it.
    pub pairing_ms: u64,
    /// Folders one file name must appear in to look like a ransom note.
    pub note_folders: usize,
    /// Removals that make a mass removal.
    pub mass_removal: usize,
    /// Indicators kept per scope at most (the oldest go first).
    pub max_hits: usize,
    /// An open alert whose scope raised no indicator for this long is closed, so the next
    /// attack opens a new one.
    pub quiet_ms: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            files: 3,
            window_ms: 24 * 3600 * 1000,
            pairing_ms: 10 * 60 * 1000,
            note_folders: 3,
            mass_removal: 20,
            max_hits: 20_000,
            quiet_ms: 3600 * 1000,
        }
    }
}

/// An alert: a scope whose indicators combined.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// Its number, from 1.
    pub id: u64,
    /// Where the indicators added up.
    pub scope: Scope,
    /// Who acted in the scope since the window began.
    pub actors: Vec<Actor>,
    /// The actors whose own changes raised indicators: the ones to stop. In a process tree's
    /// alert they are the tree's writers; in the site's, only those among all the site's
    /// actors that did damage, never a bystander that merely saved a file.
    pub suspects: Vec<Actor>,
    /// The first indicator of the window that led to it, in milliseconds.
    pub since: u64,
    /// When it opened.
    pub opened: u64,
    /// The kinds of indicator seen.
    pub indicators: Vec<Indicator>,
    /// Files damaged so far (to put back).
    pub damaged: Vec<PathBuf>,
    /// In the site's alert only: when the change that damaged each file began, in
    /// milliseconds — the first of the changes its damaging writer made to it in a row, none
    /// more than [`Config::pairing_ms`] after the one before. The site's `since` is the first
    /// indicator of its window, which may be anybody's, hours before the attack: each file is
    /// put back as it was before its own damage, not before that. A process tree's or a Samba
    /// session's `since` is the attacker's own first change, and covers its files.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub damaged_since: BTreeMap<PathBuf, u64>,
    /// Every file the scope touched since `since` (to check, restore, or remove if the attacker
    /// created it).
    pub touched: Vec<PathBuf>,
    /// Files the scope created since `since` (candidates for removal: encrypted copies, notes).
    /// Both lists are in the order the scope first touched the files.
    pub created: Vec<PathBuf>,
    /// Files that look planted by the attacker: unreadable new files, files renamed to unknown
    /// extensions, ransom notes. Recovery puts them aside; other new files are left alone.
    pub planted: Vec<PathBuf>,
    /// When it closed, after its scope stayed quiet for [`Config::quiet_ms`].
    pub closed: Option<u64>,
}

#[derive(Clone, Debug)]
struct Hit {
    at: u64,
    /// When the change behind it began: in the site's scope, the start of its writer's
    /// [`Run`] on the file; elsewhere, or without one, `at`.
    from: u64,
    /// In the site's scope, whose change it was.
    by: Option<Scope>,
    path: PathBuf,
    indicator: Indicator,
}

/// Changes one scope made to one file in a row, none more than [`Config::pairing_ms`] after
/// the one before (kept in the site's scope, where the writers of a file take turns).
#[derive(Clone, Debug)]
struct Run {
    by: Scope,
    first: u64,
    last: u64,
}

impl Run {
    /// A run begun by `by`'s change at `at`.
    fn new(by: &Scope, at: u64) -> Run {
        Run {
            by: by.clone(),
            first: at,
            last: at,
        }
    }

    /// Notes `by`'s change at `at`: this run goes on, or a new one begins. A change whose
    /// author is unknown begins one of its own: taken for the writer before it, it would date
    /// an attack from that writer's work (a secretary's, put back without it).
    fn note(&mut self, by: &Scope, at: u64, pairing_ms: u64) {
        if self.by == *by && at.saturating_sub(self.last) <= pairing_ms {
            self.last = at;
        } else {
            *self = Run::new(by, at);
        }
    }
}

#[derive(Debug, Default)]
struct ScopeState {
    hits: VecDeque<Hit>,
    actors: BTreeSet<Actor>,
    suspects: BTreeSet<Actor>,
    /// Unreadable files the scope created recently: (when, path).
    opaque: VecDeque<(u64, PathBuf)>,
    /// Files the scope removed recently: (when, path).
    removed: VecDeque<(u64, PathBuf)>,
    /// Names of small text files created recently, with their folder, when, and the
    /// fingerprint of their content.
    names: BTreeMap<String, Vec<(u64, PathBuf, u64)>>,
    /// When the scope last raised an indicator.
    last_hit: u64,
    /// Files the scope touched, and those it created, in the order it did (an open alert
    /// lists the same, and catches up by taking what came after its own lists).
    touched: IndexSet<PathBuf>,
    created: IndexSet<PathBuf>,
    /// In the site's scope, each file's latest [`Run`].
    runs: HashMap<PathBuf, Run>,
    /// In the site's scope, when its latest burst of indicators began (none more than
    /// [`Config::pairing_ms`] after the one before): its suspects and the files it counts as
    /// planted are that burst's.
    burst_start: u64,
    first_touch: Option<u64>,
    alert: Option<u64>,
}

/// The engine. Feed it events in time order with [`Engine::observe`].
#[derive(Debug)]
pub struct Engine {
    config: Config,
    scopes: BTreeMap<Scope, ScopeState>,
    alerts: Vec<Alert>,
    decoys: HashSet<PathBuf>,
    extensions: HashSet<String>,
    /// Files already counted in an open alert, so the site scope does not repeat it.
    covered: HashSet<PathBuf>,
}

/// Scopes remembered before the idle ones are forgotten.
const MAX_SCOPES: usize = 10_000;

/// Files an alert lists as touched or created at most.
const MAX_TOUCHED: usize = 200_000;

/// Extensions every site uses, besides those it learns.
const KNOWN_EXTENSIONS: &[&str] = &[
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "rtf",
    "txt",
    "csv",
    "md",
    "html",
    "htm",
    "xml",
    "json",
    "ics",
    "vcf",
    "eml",
    "msg",
    "hl7",
    "log",
    "ini",
    "cfg",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "tif",
    "tiff",
    "bmp",
    "heic",
    "dcm",
    "mp4",
    "mov",
    "mp3",
    "wav",
    "zip",
    "7z",
    "gz",
    "tgz",
    "tar",
    "bz2",
    "xz",
    "zst",
    "rar",
    "gpg",
    "pgp",
    "age",
    "asc",
    "sqlite",
    "sqlite3",
    "db",
    "db-journal",
    "db-wal",
    "db-shm",
    "wal",
    "shm",
    "bak",
    "tmp",
    "temp",
    "swp",
    "part",
    "crdownload",
    "lock",
    "wbk",
    "asd",
    "old",
    "orig",
    "rs",
    "c",
    "h",
    "o",
    "a",
    "so",
    "d",
    "rlib",
    "rmeta",
    "py",
    "sh",
    "toml",
    "yaml",
    "yml",
    "pack",
    "idx",
    "rev",
];

/// Extensions of text formats: random content in them means they no longer hold their text.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "csv", "md", "html", "htm", "xml", "json", "ics", "vcf", "eml", "hl7", "log", "ini",
    "cfg", "rtf", "toml", "yaml", "yml",
];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The name of `path` up to its first dot: `rapport` for `rapport.pdf.locked`.
fn stem(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.split('.').next().unwrap_or(name);
    (!stem.is_empty()).then(|| stem.to_owned())
}

impl Engine {
    /// An engine with `config` and the built-in extensions.
    pub fn new(config: Config) -> Engine {
        Engine {
            config,
            scopes: BTreeMap::new(),
            alerts: Vec::new(),
            decoys: HashSet::new(),
            extensions: KNOWN_EXTENSIONS.iter().map(|e| (*e).to_owned()).collect(),
            covered: HashSet::new(),
        }
    }

    /// Learns the site's habits from a file that exists when watching starts: its extension is
    /// ordinary here.
    pub fn learn(&mut self, path: &Path) {
        if let Some(extension) = extension(path) {
            self.extensions.insert(extension);
        }
    }

    /// Declares a decoy: a file planted where no person works, that only a program sweeping the
    /// tree would touch.
    pub fn add_decoy(&mut self, path: PathBuf) {
        self.decoys.insert(path);
    }

    /// The alerts opened so far, as they stand now.
    pub fn alerts(&self) -> &[Alert] {
        &self.alerts
    }

    /// Reads one event; returns the alerts it opened.
    pub fn observe(&mut self, event: &FileEvent) -> Vec<Alert> {
        let hits = self.indicators(event);
        let writer = event.actor.scope();
        let mut opened = Vec::new();
        for scope in [writer.clone(), Scope::Site] {
            self.record(&scope, &writer, event, &hits);
            if let Some(alert) = self.evaluate(&scope, event.at) {
                opened.push(alert);
            }
        }
        opened
    }

    /// The indicators `event` raises by itself, with the file each is about.
    fn indicators(&mut self, event: &FileEvent) -> Vec<(PathBuf, Indicator)> {
        let path = &event.path;
        let mut found = Vec::new();
        if self.decoys.contains(path) {
            found.push((path.clone(), Indicator::DecoyTouched));
        }
        let window = self.config.pairing_ms;
        // A file moved away, then written back unreadable under the same name in the same
        // folder: the writer moved it, whoever the removal was credited to (a removal's author
        // is often unknown, or guessed from the folder's latest writer).
        let removed_by_another = match &event.change {
            Change::Created { profile } if profile.is_opaque() => {
                let stem = stem(path);
                let own = event.actor.scope();
                self.scopes
                    .iter()
                    .filter(|(scope, _)| **scope != own && **scope != Scope::Site)
                    .flat_map(|(_, other)| other.removed.iter())
                    .filter(|(at, p)| {
                        event.at.saturating_sub(*at) <= window
                            && stem.is_some()
                            && stem == self::stem(p)
                            && p.parent() == path.parent()
                    })
                    .max_by_key(|(at, _)| *at)
                    .map(|(_, p)| p.clone())
            }
            _ => None,
        };
        let site_created = matches!(event.change, Change::Removed)
            && self
                .scopes
                .get(&Scope::Site)
                .is_some_and(|site| site.created.contains(path));
        let state = self.scopes.entry(event.actor.scope()).or_default();
        match &event.change {
            Change::Modified { before, after } => {
                let change = before
                    .as_ref()
                    .map(|before| content::Change::between(before, after))
                    .unwrap_or_default();
                let pairs = [
                    (change.randomness_rose, Indicator::RandomnessRose),
                    (change.became_encoded, Indicator::BecameEncoded),
                    (
                        change.type_lost
                            || (promised_type_broken(path, after)
                                && !before
                                    .as_ref()
                                    .is_some_and(|b| promised_type_broken(path, b))),
                        Indicator::TypeLost,
                    ),
                    (change.trailer_lost, Indicator::TrailerLost),
                ];
                found.extend(
                    pairs
                        .into_iter()
                        .filter(|(raised, _)| *raised)
                        .map(|(_, indicator)| (path.clone(), indicator)),
                );
            }
            Change::Created { profile } => {
                if profile.is_opaque() {
                    found.push((path.clone(), Indicator::OpaqueNewFile));
                    // A removal that came first (moved out, then written back encrypted).
                    let stem = stem(path);
                    if let Some((_, original)) = state.removed.iter().rev().find(|(at, p)| {
                        event.at.saturating_sub(*at) <= window
                            && stem.is_some()
                            && stem == self::stem(p)
                    }) {
                        found.push((original.clone(), Indicator::OriginalRemoved));
                    } else if let Some(original) = removed_by_another {
                        found.push((original, Indicator::OriginalRemoved));
                    }
                    state.opaque.push_back((event.at, path.clone()));
                }
                if looks_like_a_note(profile)
                    && let (Some(name), Some(folder)) = (path.file_name(), path.parent())
                {
                    let horizon = event.at.saturating_sub(self.config.window_ms);
                    let fingerprint = profile.fingerprint();
                    let seen = state
                        .names
                        .entry(name.to_string_lossy().into_owned())
                        .or_default();
                    seen.retain(|(at, _, _)| *at >= horizon);
                    if seen.len() < self.config.max_hits {
                        seen.push((event.at, folder.to_path_buf(), fingerprint));
                    }
                    // One note, copied: the same name *and* the same content in several
                    // folders (a folder of patients copied elsewhere has one `notes.txt` per
                    // patient, each its own).
                    let folders: BTreeSet<&PathBuf> = seen
                        .iter()
                        .filter(|(_, _, f)| *f == fingerprint)
                        .map(|(_, folder, _)| folder)
                        .collect();
                    if folders.len() >= self.config.note_folders {
                        // Every copy of the note, not only the one that tipped the count.
                        found.extend(
                            folders
                                .into_iter()
                                .map(|folder| (folder.join(name), Indicator::RansomNote)),
                        );
                    }
                }
                if let Some(ext) = extension(path)
                    && !self.extensions.contains(&ext)
                {
                    found.push((path.clone(), Indicator::UnknownExtension));
                }
            }
            Change::Renamed { to } => {
                if let Some(ext) = extension(to)
                    && !self.extensions.contains(&ext)
                    && extension(path).as_deref() != Some(ext.as_str())
                {
                    found.push((to.clone(), Indicator::UnknownExtension));
                }
                if self.decoys.contains(to) {
                    found.push((to.clone(), Indicator::DecoyTouched));
                }
            }
            Change::Removed => {
                let stem = stem(path);
                let paired = state.opaque.iter().rev().any(|(at, copy)| {
                    event.at.saturating_sub(*at) <= window
                        && copy != path
                        && stem.is_some()
                        && stem == self::stem(copy)
                });
                if paired {
                    found.push((path.clone(), Indicator::OriginalRemoved));
                }
                // A file made within the window and removed again is housekeeping (a lock, a
                // temporary file, a journal), not destruction: it counts for no mass removal.
                let housekeeping = state.created.contains(path) || site_created;
                if !housekeeping {
                    state.removed.push_back((event.at, path.clone()));
                    // The queue holds the window's removals (pruned as events are recorded).
                    if state.removed.len() >= self.config.mass_removal {
                        found.push((path.clone(), Indicator::MassRemoval));
                    }
                }
            }
        }
        found
    }

    /// Notes `event`, by a writer of scope `writer`, and the `hits` it raised, in `scope`.
    fn record(
        &mut self,
        scope: &Scope,
        writer: &Scope,
        event: &FileEvent,
        hits: &[(PathBuf, Indicator)],
    ) {
        self.close_if_quiet(scope, event.at);
        if self.scopes.len() > MAX_SCOPES && !self.scopes.contains_key(scope) {
            // Process trees come and go: forget those with nothing against them.
            self.scopes
                .retain(|_, state| state.alert.is_some() || !state.hits.is_empty());
        }
        let config = &self.config;
        let state = self.scopes.entry(scope.clone()).or_default();
        // Bounded memory while nothing is going on: what a scope touched is forgotten once it
        // raised nothing for a pairing window, so that an attack's first, quiet steps (a ransom
        // note, a first copy) are still known when its indicators come.
        if state.alert.is_none()
            && state.hits.is_empty()
            && state
                .first_touch
                .is_some_and(|first| event.at.saturating_sub(first) > config.pairing_ms)
        {
            state.touched.clear();
            state.created.clear();
            state.runs.clear();
            state.suspects.clear();
            state.first_touch = None;
            if state.names.len() > 10_000 {
                state.names.clear();
            }
        }
        let site = *scope == Scope::Site;
        if !hits.is_empty() {
            // The site's suspects are those of its latest burst of indicators: a program that
            // raised one hours before an attack split across processes is not stopped with it.
            if site
                && state.alert.is_none()
                && event.at.saturating_sub(state.last_hit) > config.pairing_ms
            {
                state.suspects.clear();
                state.burst_start = event.at;
            }
            state.last_hit = event.at;
            state.suspects.insert(event.actor.clone());
        }
        state.actors.insert(event.actor.clone());
        state.first_touch.get_or_insert(event.at);
        // Beyond this many files, an incident is described by its damaged files only.
        if state.touched.len() < MAX_TOUCHED {
            state.touched.insert(event.path.clone());
            match &event.change {
                Change::Created { .. } => {
                    state.created.insert(event.path.clone());
                }
                Change::Renamed { to } => {
                    state.touched.insert(to.clone());
                    state.created.insert(to.clone());
                }
                Change::Modified { .. } | Change::Removed => {}
            }
            if site {
                match state.runs.get_mut(&event.path) {
                    Some(run) => run.note(writer, event.at, config.pairing_ms),
                    None => {
                        state
                            .runs
                            .insert(event.path.clone(), Run::new(writer, event.at));
                    }
                }
            }
        }
        for (path, indicator) in hits {
            // A file's damage began with its writer's first change of it in a row (the run of
            // the event's own file was just extended by it, below the cap of files followed).
            // A file whose run is another writer's (a copy renamed over it), or stale, or
            // which has none (beyond the cap), was damaged by this very change: dated earlier,
            // it would be put back without the work done before.
            let from = match state.runs.get(path) {
                Some(run)
                    if site
                        && run.by == *writer
                        && event.at.saturating_sub(run.last) <= config.pairing_ms =>
                {
                    run.first.min(event.at)
                }
                _ => event.at,
            };
            state.hits.push_back(Hit {
                at: event.at,
                from,
                by: site.then(|| writer.clone()),
                path: path.clone(),
                indicator: *indicator,
            });
        }
        let horizon = event.at.saturating_sub(config.window_ms);
        while state
            .hits
            .front()
            .is_some_and(|hit| hit.at < horizon || state.hits.len() > config.max_hits)
        {
            state.hits.pop_front();
        }
        for queue in [&mut state.opaque, &mut state.removed] {
            while queue
                .front()
                .is_some_and(|(at, _)| *at < horizon || queue.len() > config.max_hits)
            {
                queue.pop_front();
            }
        }
    }

    /// Closes the open alert of `scope` if it raised nothing for [`Config::quiet_ms`]: what it
    /// collected stays in the alert; the scope starts afresh.
    fn close_if_quiet(&mut self, scope: &Scope, now: u64) {
        let Some(state) = self.scopes.get_mut(scope) else {
            return;
        };
        let Some(id) = state.alert else {
            return;
        };
        if now.saturating_sub(state.last_hit) < self.config.quiet_ms {
            return;
        }
        *state = ScopeState::default();
        // Its files stay covered: the site scope must not raise them again as new damage.
        if let Some(alert) = self.alerts.iter_mut().find(|a| a.id == id) {
            alert.closed = Some(now);
        }
    }

    /// Opens an alert for `scope` if its indicators now combine; updates an open one.
    fn evaluate(&mut self, scope: &Scope, now: u64) -> Option<Alert> {
        let config = &self.config;
        let state = self.scopes.get(scope)?;
        let site = *scope == Scope::Site;
        let mut kinds: BTreeSet<Indicator> = BTreeSet::new();
        // Each damaged file, with when its damage began.
        let mut damaged: BTreeMap<PathBuf, u64> = BTreeMap::new();
        let mut planted: BTreeSet<PathBuf> = BTreeSet::new();
        // In the site's scope, the writers that damaged files in the window: what they planted
        // before its latest burst is theirs too (a slow attack split across processes).
        // A writer nobody could name is not one writer: its files are not all set aside.
        // Counted only if an earlier burst planted something: a second pass over the window.
        let damagers: LazyCell<HashSet<&Scope>, _> = LazyCell::new(|| {
            state
                .hits
                .iter()
                .filter(|hit| hit.indicator.damages())
                .filter_map(|hit| hit.by.as_ref())
                .filter(|by| **by != Scope::Unknown)
                .collect()
        });
        for hit in &state.hits {
            if site && self.covered.contains(&hit.path) {
                continue;
            }
            kinds.insert(hit.indicator);
            if hit.indicator.damages() {
                keep_earliest(&mut damaged, &hit.path, hit.from);
            }
            // The site's other bursts may be anybody's ordinary work (an export with a new
            // extension, hours before): what they made is left alone, unless its writer
            // damaged files.
            let planter_damaged = || hit.by.as_ref().is_some_and(|by| damagers.contains(by));
            if hit.indicator.plants() && (!site || hit.at >= state.burst_start || planter_damaged())
            {
                planted.insert(hit.path.clone());
            }
        }
        // A damaged file is put back, not put aside.
        planted.retain(|path| !damaged.contains_key(path));
        let folders: BTreeSet<&Path> = damaged.keys().filter_map(|p| p.parent()).collect();
        if folders.len() >= 2 {
            kinds.insert(Indicator::Breadth);
        }
        let combined = (damaged.len() >= config.files && kinds.len() >= 2)
            || (kinds.contains(&Indicator::DecoyTouched) && kinds.len() >= 2)
            || (kinds.contains(&Indicator::RansomNote)
                && (!damaged.is_empty() || kinds.contains(&Indicator::MassRemoval)));

        if let Some(id) = state.alert {
            // Keep the open alert up to date; the lists are copied only when they grew.
            if let Some(alert) = self.alerts.iter_mut().find(|a| a.id == id) {
                if damaged.len() > alert.damaged.len()
                    || damaged
                        .keys()
                        .any(|p| alert.damaged.binary_search(p).is_err())
                {
                    alert.damaged.extend(damaged.keys().cloned());
                    alert.damaged.sort();
                    alert.damaged.dedup();
                    if site {
                        for (path, from) in &damaged {
                            keep_earliest(&mut alert.damaged_since, path, *from);
                        }
                    }
                }
                alert.indicators = kinds.into_iter().collect();
                if planted.len() != alert.planted.len() {
                    alert.planted = planted.into_iter().collect();
                }
                catch_up(&mut alert.touched, &state.touched);
                catch_up(&mut alert.created, &state.created);
                if state.actors.len() != alert.actors.len() {
                    alert.actors = state.actors.iter().cloned().collect();
                }
                if state.suspects.len() != alert.suspects.len() {
                    alert.suspects = state.suspects.iter().cloned().collect();
                }
            }
            self.covered.extend(damaged.into_keys());
            return None;
        }
        if !combined {
            return None;
        }
        // A scope's incident begins with its first change (an attacker's first file may raise
        // nothing); the site's first change is anybody's, so the site's begins with its first
        // indicator.
        let first_hit = state.hits.front().map_or(now, |hit| hit.at);
        let since = if site {
            first_hit
        } else {
            first_hit.min(state.first_touch.unwrap_or(now))
        };
        let alert = Alert {
            id: self.alerts.len() as u64 + 1,
            scope: scope.clone(),
            actors: state.actors.iter().cloned().collect(),
            suspects: state.suspects.iter().cloned().collect(),
            since,
            opened: now,
            indicators: kinds.into_iter().collect(),
            damaged: damaged.keys().cloned().collect(),
            damaged_since: if site {
                damaged.clone()
            } else {
                BTreeMap::new()
            },
            touched: state.touched.iter().cloned().collect(),
            created: state.created.iter().cloned().collect(),
            planted: planted.into_iter().collect(),
            closed: None,
        };
        self.covered.extend(damaged.into_keys());
        if let Some(state) = self.scopes.get_mut(scope) {
            state.alert = Some(alert.id);
        }
        self.alerts.push(alert.clone());
        Some(alert)
    }
}

/// Notes `at` for `path` in `times`, unless an earlier time is noted there.
fn keep_earliest(times: &mut BTreeMap<PathBuf, u64>, path: &Path, at: u64) {
    match times.get_mut(path) {
        Some(known) => *known = (*known).min(at),
        None => {
            times.insert(path.to_path_buf(), at);
        }
    }
}

/// Brings an open alert's list up to date with its scope's: the scope only adds to its list
/// while the alert is open, so what the alert lacks is what came after.
fn catch_up(listed: &mut Vec<PathBuf>, scope: &IndexSet<PathBuf>) {
    if listed.len() > scope.len() {
        *listed = scope.iter().cloned().collect();
    } else {
        listed.extend(scope.iter().skip(listed.len()).cloned());
    }
}

/// Whether a new file could be a ransom note: small, readable text (or HTML), no known type.
fn looks_like_a_note(profile: &Profile) -> bool {
    profile.size <= 64 * 1024
        && profile.file_type.is_none()
        && profile
            .regions
            .iter()
            .all(|r| r.entropy < content::STRUCTURED_ENTROPY && !r.encoded)
}

/// Whether `after` breaks the promise of `path`'s extension: a text file that holds random
/// bytes, or a typed file whose magic bytes are gone.
fn promised_type_broken(path: &Path, after: &Profile) -> bool {
    let Some(ext) = extension(path) else {
        return false;
    };
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return after
            .regions
            .iter()
            .any(|r| r.entropy >= content::RANDOM_ENTROPY);
    }
    match FileType::expected_from_extension(&ext) {
        Some(expected) => after.size > 0 && after.file_type != Some(expected),
        None => false,
    }
}
