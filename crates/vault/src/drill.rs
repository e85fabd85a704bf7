//! Restore drills: prove that the latest snapshot comes back, byte for byte, and how long it
//! takes.
//!
//! A drill restores the snapshot into a fresh scratch folder with the same code path as a real
//! restore, then reads every restored file and compares it with the content the repository holds
//! for it (read through an independent path: the file's blobs, decrypted and concatenated). The
//! scratch folder is removed afterwards, whatever the outcome.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rustic_core::LsOptions;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::repository::{SnapshotInfo, Vault, find_snapshot};

/// The outcome of a drill.
#[derive(Clone, Debug, Serialize)]
pub struct DrillReport {
    /// The snapshot restored.
    pub snapshot: SnapshotInfo,
    /// Files restored and compared.
    pub files: u64,
    /// Bytes restored and compared.
    pub bytes: u64,
    /// Time to restore, in seconds.
    pub restore_seconds: f64,
    /// Time to compare every byte, in seconds.
    pub verify_seconds: f64,
    /// Files that did not come back identical.
    pub mismatches: Vec<Mismatch>,
}

impl DrillReport {
    /// Whether every file came back identical.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// A file that did not come back identical.
#[derive(Clone, Debug, Serialize)]
pub struct Mismatch {
    /// Its path in the snapshot.
    pub path: PathBuf,
    /// What differs.
    pub reason: String,
}

impl Vault {
    /// Runs a restore drill of snapshot `id` (usually `latest`) in a new folder under `scratch`.
    ///
    /// The drill reads the repository without the local metadata cache, as a restore on a new
    /// machine would: a damaged tree pack that the cache still hides makes the drill fail.
    pub fn drill(&self, id: &str, scratch: &Path) -> Result<DrillReport> {
        let uncached = self.without_cache()?;
        std::fs::create_dir_all(scratch).map_err(|cause| Error::Io {
            path: scratch.to_path_buf(),
            cause,
        })?;
        let folder = tempfile_dir(scratch)?;
        let outcome = uncached.drill_into(id, &folder);
        let _ = std::fs::remove_dir_all(&folder);
        outcome
    }

    fn drill_into(&self, id: &str, folder: &Path) -> Result<DrillReport> {
        let started = Instant::now();
        let restored = self.restore(id, folder, &[])?;
        let restore_seconds = started.elapsed().as_secs_f64();

        let started = Instant::now();
        let location = self.location();
        let repo = self
            .repository("drill")?
            .to_indexed()
            .map_err(Error::repository(location, "drill"))?;
        let snapshot = find_snapshot(&repo, &restored.snapshot.id, location)?;
        let root = repo
            .node_from_snapshot_and_path(&snapshot, "")
            .map_err(Error::repository(location, "drill"))?;
        let mut mismatches = Vec::new();
        let mut files = 0u64;
        let mut bytes = 0u64;
        for item in repo
            .ls(&root, &LsOptions::default())
            .map_err(Error::repository(location, "drill"))?
        {
            let (path, node) = item.map_err(Error::repository(location, "drill"))?;
            let on_disk = folder.join(&path);
            if node.is_dir() {
                if !on_disk.is_dir() {
                    mismatches.push(Mismatch {
                        path,
                        reason: "folder missing".into(),
                    });
                }
                continue;
            }
            if !node.is_file() {
                continue;
            }
            files += 1;
            let file = match File::open(&on_disk) {
                Ok(file) => file,
                Err(e) => {
                    mismatches.push(Mismatch {
                        path,
                        reason: format!("not restored: {e}"),
                    });
                    continue;
                }
            };
            let mut comparer = Comparer::new(file);
            let dumped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                repo.dump(&node, &mut comparer)
                    .map_err(|e| crate::error::concise(&e))
            }))
            .unwrap_or_else(|panic| Err(crate::repository::panic_text(&panic)));
            match (dumped, comparer.finish()) {
                (Ok(()), Ok(compared)) if compared == node.meta.size => bytes += compared,
                (Ok(()), Ok(compared)) => mismatches.push(Mismatch {
                    path,
                    reason: format!("{compared} bytes instead of {}", node.meta.size),
                }),
                (Ok(()), Err(difference)) | (Err(_), Err(difference)) => {
                    mismatches.push(Mismatch {
                        path,
                        reason: difference,
                    })
                }
                (Err(e), Ok(_)) => mismatches.push(Mismatch {
                    path,
                    reason: format!("cannot read it from the repository: {e}"),
                }),
            }
        }
        Ok(DrillReport {
            snapshot: restored.snapshot,
            files,
            bytes,
            restore_seconds,
            verify_seconds: started.elapsed().as_secs_f64(),
            mismatches,
        })
    }
}

/// A new, uniquely named folder under `parent`.
fn tempfile_dir(parent: &Path) -> Result<PathBuf> {
    for attempt in 0..100u32 {
        let name = format!(
            "drill-{}-{}-{attempt}",
            std::process::id(),
            jiff::Timestamp::now().as_millisecond()
        );
        let path = parent.join(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(cause) => return Err(Error::Io { path, cause }),
        }
    }
    Err(Error::Io {
        path: parent.to_path_buf(),
        cause: io::Error::other("no free name for a drill folder"),
    })
}

/// A writer that compares what is written with a file, chunk by chunk.
struct Comparer {
    file: File,
    offset: u64,
    difference: Option<String>,
    buffer: Vec<u8>,
}

impl Comparer {
    fn new(file: File) -> Comparer {
        Comparer {
            file,
            offset: 0,
            difference: None,
            buffer: Vec::new(),
        }
    }

    /// The number of bytes compared, or the first difference; a restored file longer than the
    /// snapshot's content is a difference too.
    fn finish(mut self) -> Result<u64, String> {
        if let Some(difference) = self.difference {
            return Err(difference);
        }
        let mut extra = [0u8; 1];
        match self.file.read(&mut extra) {
            Ok(0) => Ok(self.offset),
            Ok(_) => Err(format!(
                "restored file is longer than {} bytes",
                self.offset
            )),
            Err(e) => Err(format!("cannot read the restored file: {e}")),
        }
    }
}

impl Write for Comparer {
    fn write(&mut self, expected: &[u8]) -> io::Result<usize> {
        if self.difference.is_some() {
            return Ok(expected.len());
        }
        self.buffer.resize(expected.len(), 0);
        match self.file.read_exact(&mut self.buffer) {
            Ok(()) => {
                if let Some(at) = self.buffer.iter().zip(expected).position(|(a, b)| a != b) {
                    self.difference = Some(format!("differs at byte {}", self.offset + at as u64));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                self.difference = Some(format!(
                    "restored file is shorter than the snapshot's (stops before byte {})",
                    self.offset + expected.len() as u64
                ));
            }
            Err(e) => self.difference = Some(format!("cannot read the restored file: {e}")),
        }
        self.offset += expected.len() as u64;
        Ok(expected.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
