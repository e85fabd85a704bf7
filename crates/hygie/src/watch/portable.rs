//! Changes through the `notify` crate: the watcher of Windows and macOS workstations (on Linux,
//! [`super::inotify`] is narrower and cheaper; this one is kept compiled and tested there too).
//!
//! `notify` reports a rename inside the watched folders three times (the old name, the new
//! name, then both): the first two are held by their tracker until the third names both.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher};

use super::Reported;

/// A `notify` watcher over some folders, and the channel it reports to.
pub struct Portable {
    receiver: mpsc::Receiver<notify::Result<notify::Event>>,
    _watcher: notify::RecommendedWatcher,
    /// Files moved away, by tracker, until their destination is known.
    moved: HashMap<usize, PathBuf>,
}

impl Portable {
    /// Watches every folder under `roots`.
    pub fn start(roots: &[PathBuf]) -> Result<Portable, String> {
        let (sender, receiver) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(|e| e.to_string())?;
        for root in roots {
            watcher
                .watch(root, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", root.display()))?;
        }
        Ok(Portable {
            receiver,
            _watcher: watcher,
            moved: HashMap::new(),
        })
    }

    /// Waits for changes (at most `timeout`, when given) and returns every change reported by
    /// then (none when nothing came in time); `None` when the watcher is gone.
    pub fn wait(&mut self, timeout: Option<Duration>) -> Option<Vec<Reported>> {
        let first = match timeout {
            Some(timeout) => match self.receiver.recv_timeout(timeout) {
                Ok(first) => first,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return Some(Vec::new()),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
            },
            None => self.receiver.recv().ok()?,
        };
        let batch: Vec<_> = std::iter::once(first)
            .chain(self.receiver.try_iter())
            .collect();
        let mut reported = Vec::new();
        for notification in batch {
            match notification {
                Ok(event) => {
                    if event.need_rescan() {
                        reported.push(Reported::Overflow);
                    }
                    self.translate(&event, &mut reported);
                }
                Err(error) => reported.push(Reported::Failed(
                    error.paths.first().cloned().unwrap_or_default(),
                    error.to_string(),
                )),
            }
        }
        // Moved away with no destination in the watched folders: gone from here.
        reported.extend(
            std::mem::take(&mut self.moved)
                .into_values()
                .map(Reported::Gone),
        );
        Some(reported)
    }

    fn translate(&mut self, event: &notify::Event, reported: &mut Vec<Reported>) {
        let tracker = event.attrs.tracker();
        match (&event.kind, event.paths.as_slice()) {
            (EventKind::Access(AccessKind::Close(AccessMode::Write)), [path]) => {
                reported.push(Reported::Written(path.clone()));
            }
            (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) => {
                if let Some(tracker) = tracker {
                    self.moved.remove(&tracker);
                }
                reported.push(Reported::Renamed {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
            (EventKind::Modify(ModifyKind::Name(RenameMode::From)), [from]) => match tracker {
                Some(tracker) => {
                    self.moved.insert(tracker, from.clone());
                }
                None => reported.push(Reported::Gone(from.clone())),
            },
            (EventKind::Remove(RemoveKind::File | RemoveKind::Any), [from]) => {
                reported.push(Reported::Gone(from.clone()));
            }
            // The second half of a rename inside the watched folders: `Both` follows.
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), [_])
                if tracker.is_some_and(|tracker| self.moved.contains_key(&tracker)) => {}
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), [to])
            | (EventKind::Create(CreateKind::Folder), [to]) => {
                reported.push(Reported::Arrived(to.clone()));
            }
            _ => {}
        }
    }
}
