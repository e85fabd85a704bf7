//! When the sentinel copies a file into the shadow store: at once for a file not copied
//! within the last span (`[sentinel] shadow_span`, [`SHADOW_SPAN`] by default), else once that
//! span is over, if the file still holds what was written then.
//!
//! Each version of a file is copied as it is written, so that ransomware that overwrites it
//! later cannot take it away. A file saved again and again (a database, a document saved every
//! few seconds, a program rewriting its files) would then be copied at every save, doubling
//! every byte written. Paced, such a file costs one copy per span: the first version at once,
//! the latest one when the span ends. The price is bounded and said: recovery takes copies
//! made before an incident began, so a file the attack strikes may come back without the
//! changes saved in the span before that moment. `hygie up` copies what waits before it stops;
//! a sentinel killed outright (or a machine losing power) leaves its last span's changes to the
//! next backup.
//!
//! [`Pacer`] decides, and holds no file: the caller reads and copies.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hygie_sentinel::Actor;
use hygie_sentinel::content::Profile;

use crate::watch::Stamp;

/// At most one copy of a file per span, by default.
pub const SHADOW_SPAN: Duration = Duration::from_secs(30);

/// A version written within a span of the file's last copy, copied when the span ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    /// Who wrote it: not copied if an alert names them by then.
    pub actor: Actor,
    /// Its profile: not copied if the file holds something else by then.
    pub profile: Profile,
    /// Its file's stamp when it was read, if known: while the file has it, the file holds this
    /// version (within the limits of [`Stamp`]: on kernels before 6.13, a rewrite of the same
    /// size within the clock tick of the read may keep it), and nothing needs measuring to tell.
    pub stamp: Option<Stamp>,
}

/// Which versions are copied now and which later.
#[derive(Debug)]
pub struct Pacer {
    span: Duration,
    /// When each file was last copied, within the last span or so.
    copied: HashMap<PathBuf, Instant>,
    /// The latest version of each file that waits, and when it is due.
    waiting: HashMap<PathBuf, (Instant, Waiting)>,
    /// Due times, soonest first; an entry whose file no longer waits for that time is stale.
    due: BinaryHeap<Reverse<(Instant, PathBuf)>>,
    /// When `copied` was last cleared of what is older than a span.
    pruned: Instant,
}

impl Pacer {
    /// A pacer allowing one copy of a file per `span`.
    pub fn new(span: Duration, now: Instant) -> Pacer {
        Pacer {
            span,
            copied: HashMap::new(),
            waiting: HashMap::new(),
            due: BinaryHeap::new(),
            pruned: now,
        }
    }

    /// `path` was written (`actor`, `profile`, read with `stamp`) at `now`: whether to copy it
    /// now. When not, the version waits for the end of the span (replacing any version of the
    /// file waiting).
    pub fn written(
        &mut self,
        path: &Path,
        actor: &Actor,
        profile: &Profile,
        stamp: Option<Stamp>,
        now: Instant,
    ) -> bool {
        let due = match self.copied.get(path) {
            Some(&copied) if now.duration_since(copied) < self.span => copied + self.span,
            _ => {
                self.waiting.remove(path);
                return true;
            }
        };
        let waiting = Waiting {
            actor: actor.clone(),
            profile: profile.clone(),
            stamp,
        };
        if self
            .waiting
            .insert(path.to_path_buf(), (due, waiting))
            .is_none_or(|(was_due, _)| was_due != due)
        {
            self.due.push(Reverse((due, path.to_path_buf())));
        }
        false
    }

    /// `path` was copied at `now`.
    pub fn copied(&mut self, path: &Path, now: Instant) {
        self.copied.insert(path.to_path_buf(), now);
    }

    /// `path`'s content is no longer the one that waits (removed, or written by a program an
    /// alert names): nothing of it waits any more.
    pub fn forget(&mut self, path: &Path) {
        self.waiting.remove(path);
    }

    /// `from` is now `to`: its waiting version follows it (replacing `to`'s; when none waits,
    /// `to`'s stays: the copy checks the file still holds it). Its copies stay under the old
    /// name, which the store keeps them by: they do not pace `to`. A document saved by writing
    /// a new file renamed over it stays paced by its own copies.
    pub fn renamed(&mut self, from: &Path, to: &Path) {
        self.copied.remove(from);
        if let Some((due, waiting)) = self.waiting.remove(from) {
            self.waiting.insert(to.to_path_buf(), (due, waiting));
            self.due.push(Reverse((due, to.to_path_buf())));
        }
    }

    /// `path` was removed: nothing of it waits, and a file made again under its name is
    /// copied at once, as a new file.
    pub fn removed(&mut self, path: &Path) {
        self.waiting.remove(path);
        self.copied.remove(path);
    }

    /// Whether any version waits.
    pub fn has_waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// When the next waiting version is due, if any.
    pub fn next_due(&mut self) -> Option<Instant> {
        while let Some(Reverse((due, path))) = self.due.peek() {
            if self.is_current(path, *due) {
                return Some(*due);
            }
            self.due.pop();
        }
        None
    }

    /// Every waiting version, due or not, taken out (the watch ended).
    pub fn take_all(&mut self) -> Vec<(PathBuf, Waiting)> {
        self.due.clear();
        self.waiting
            .drain()
            .map(|(path, (_, waiting))| (path, waiting))
            .collect()
    }

    /// The waiting versions due by `now`, taken out, `at_most` of them (the earliest due):
    /// the rest stay due.
    pub fn take_due(&mut self, now: Instant, at_most: usize) -> Vec<(PathBuf, Waiting)> {
        let mut taken = Vec::new();
        while let Some(Reverse((due, _))) = self.due.peek() {
            if *due > now || taken.len() >= at_most {
                break;
            }
            let Some(Reverse((due, path))) = self.due.pop() else {
                break;
            };
            if self.is_current(&path, due)
                && let Some((_, waiting)) = self.waiting.remove(&path)
            {
                taken.push((path, waiting));
            }
        }
        if now.duration_since(self.pruned) >= self.span {
            let span = self.span;
            self.copied
                .retain(|_, copied| now.duration_since(*copied) < span);
            self.pruned = now;
        }
        taken
    }

    fn is_current(&self, path: &Path, due: Instant) -> bool {
        self.waiting
            .get(path)
            .is_some_and(|(waiting_due, _)| *waiting_due == due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(text: &str) -> Profile {
        Profile::of_bytes(text.as_bytes())
    }

    const WRITER: Actor = Actor::Unknown;

    #[test]
    fn a_file_saved_again_and_again_is_copied_once_per_span() {
        let start = Instant::now();
        let span = Duration::from_secs(30);
        let mut pacer = Pacer::new(span, start);
        let file = Path::new("/srv/cr.txt");
        assert!(pacer.written(file, &WRITER, &profile("v1"), None, start));
        pacer.copied(file, start);
        let later = |secs| start + Duration::from_secs(secs);
        assert!(!pacer.written(file, &WRITER, &profile("v2"), None, later(5)));
        assert!(!pacer.written(file, &WRITER, &profile("v3"), None, later(10)));
        assert_eq!(pacer.next_due(), Some(later(30)));
        assert!(pacer.take_due(later(29), usize::MAX).is_empty());
        // The latest version is the one taken when the span ends.
        let due = pacer.take_due(later(30), usize::MAX);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, file);
        assert_eq!(due[0].1.profile, profile("v3"));
        assert_eq!(pacer.next_due(), None);
        pacer.copied(file, later(30));
        assert!(!pacer.written(file, &WRITER, &profile("v4"), None, later(45)));
        // Once a span has passed without a copy, a version is copied at once.
        assert!(pacer.written(file, &WRITER, &profile("v5"), None, later(100)));
        assert_eq!(pacer.next_due(), None, "v4 no longer waits");
    }

    #[test]
    fn versions_due_together_are_taken_a_few_at_a_time() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Duration::from_secs(30), start);
        let files: Vec<PathBuf> = (0..5).map(|i| PathBuf::from(format!("/srv/{i}"))).collect();
        for file in &files {
            pacer.copied(file, start);
            assert!(!pacer.written(file, &WRITER, &profile("v2"), None, start));
        }
        let end = start + Duration::from_secs(30);
        assert_eq!(pacer.take_due(end, 2).len(), 2);
        assert_eq!(pacer.next_due(), Some(end), "the rest is due still");
        assert_eq!(pacer.take_due(end, 2).len(), 2);
        assert_eq!(pacer.take_due(end, 2).len(), 1);
        assert_eq!(pacer.next_due(), None);
    }

    #[test]
    fn other_files_are_copied_at_once() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Duration::from_secs(30), start);
        assert!(pacer.written(Path::new("/srv/a"), &WRITER, &profile("a"), None, start));
        pacer.copied(Path::new("/srv/a"), start);
        assert!(pacer.written(Path::new("/srv/b"), &WRITER, &profile("b"), None, start));
    }

    #[test]
    fn what_waits_follows_a_rename_and_goes_with_a_removal() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Duration::from_secs(30), start);
        let (old, new) = (Path::new("/srv/old"), Path::new("/srv/new"));
        pacer.copied(old, start);
        assert!(!pacer.written(old, &WRITER, &profile("x"), None, start));
        pacer.renamed(old, new);
        let due = pacer.take_due(start + Duration::from_secs(30), usize::MAX);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, new);
        assert_eq!(due[0].1.profile, profile("x"));
        // The copies under the old name do not pace the new one.
        let at = |secs| start + Duration::from_secs(secs);
        assert!(pacer.written(new, &WRITER, &profile("y"), None, at(31)));
        pacer.copied(new, at(31));
        assert!(!pacer.written(new, &WRITER, &profile("z"), None, at(32)));
        pacer.forget(new);
        assert_eq!(pacer.next_due(), None);
        assert!(pacer.take_due(at(90), usize::MAX).is_empty());
    }

    #[test]
    fn a_document_saved_through_a_file_renamed_over_it_stays_paced() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Duration::from_secs(30), start);
        let (temp, document) = (Path::new("/srv/lettre.tmp"), Path::new("/srv/lettre.rtf"));
        // First save: the temporary file, then the document, each copied at once.
        for (path, text) in [(temp, "v1"), (document, "v1")] {
            assert!(pacer.written(path, &WRITER, &profile(text), None, start));
            pacer.copied(path, start);
        }
        pacer.renamed(temp, document);
        // Second save, a moment later: a new temporary file, renamed over the document.
        let later = start + Duration::from_secs(1);
        assert!(pacer.written(temp, &WRITER, &profile("v2"), None, later));
        pacer.copied(temp, later);
        pacer.renamed(temp, document);
        assert!(!pacer.written(document, &WRITER, &profile("v2"), None, later));
        let due = pacer.take_due(start + Duration::from_secs(30), usize::MAX);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].0, document);
        assert_eq!(due[0].1.profile, profile("v2"));
    }
}
