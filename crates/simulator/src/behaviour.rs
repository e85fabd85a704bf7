//! The reference behaviours, each applied to one file of the corpus.

use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::{Corpus, keystream};

/// The extension encrypted copies get.
const LOCKED: &str = "verrou";

/// One way ransomware treats a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// B1: overwrite the file in place with its encryption.
    InPlace,
    /// B1, by replacement: write the encryption to a new file renamed over the original (the
    /// original's content is replaced without ever being written in place).
    RenameOver,
    /// B2: write an encrypted copy, then delete the original.
    CopyThenDelete,
    /// B3: encrypt in place, then rename to a new extension.
    RenameToNewExtension,
    /// B4: move the file out of the watched folders, write its encryption back, delete the
    /// moved original.
    MoveOutThenWriteBack,
    /// B6: encrypt the first 4 KiB only.
    HeaderOnly,
    /// B6: encrypt every 4th block of 4 KiB.
    EveryNthBlock,
    /// B6: encrypt 4% of the file, in 16 spread regions.
    FewPercent,
    /// B7: replace the file with the base64 text of its encryption.
    Base64,
    /// B8: keep the first 16 bytes (the type's magic), encrypt the rest.
    HeaderKept,
    /// B12: B2, plus a ransom note in every folder it visits.
    NotesAndDeletes,
}

impl Behaviour {
    /// Every behaviour, in the reference's order.
    pub const ALL: [Behaviour; 11] = [
        Behaviour::InPlace,
        Behaviour::RenameOver,
        Behaviour::CopyThenDelete,
        Behaviour::RenameToNewExtension,
        Behaviour::MoveOutThenWriteBack,
        Behaviour::HeaderOnly,
        Behaviour::EveryNthBlock,
        Behaviour::FewPercent,
        Behaviour::Base64,
        Behaviour::HeaderKept,
        Behaviour::NotesAndDeletes,
    ];

    /// Its short name, as the command line takes it.
    pub fn name(self) -> &'static str {
        match self {
            Behaviour::InPlace => "b1-in-place",
            Behaviour::RenameOver => "b1-rename-over",
            Behaviour::CopyThenDelete => "b2-copy-then-delete",
            Behaviour::RenameToNewExtension => "b3-rename",
            Behaviour::MoveOutThenWriteBack => "b4-move-out",
            Behaviour::HeaderOnly => "b6-header-only",
            Behaviour::EveryNthBlock => "b6-every-4th-block",
            Behaviour::FewPercent => "b6-4-percent",
            Behaviour::Base64 => "b7-base64",
            Behaviour::HeaderKept => "b8-header-kept",
            Behaviour::NotesAndDeletes => "b12-notes-and-deletes",
        }
    }

    /// The behaviour named `name`.
    pub fn from_name(name: &str) -> Option<Behaviour> {
        Behaviour::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Plays the behaviour on `path`, a file of `corpus`.
    pub fn apply(self, corpus: &Corpus, path: &Path, key: u64) -> io::Result<()> {
        corpus.guard(path)?;
        let content = std::fs::read(path)?;
        let stream = keystream(content.len(), key);
        let cipher = |range: std::ops::Range<usize>, bytes: &mut Vec<u8>| {
            for i in range {
                bytes[i] ^= stream[i];
            }
        };
        let mut bytes = content.clone();
        match self {
            Behaviour::InPlace => {
                cipher(0..bytes.len(), &mut bytes);
                std::fs::write(path, bytes)
            }
            Behaviour::RenameOver => {
                cipher(0..bytes.len(), &mut bytes);
                let temp = path.with_extension("part");
                corpus.guard(&temp)?;
                std::fs::write(&temp, bytes)?;
                std::fs::rename(&temp, path)
            }
            Behaviour::CopyThenDelete | Behaviour::NotesAndDeletes => {
                if self == Behaviour::NotesAndDeletes
                    && let Some(folder) = path.parent()
                    && !folder.join("LISEZ-MOI.txt").exists()
                {
                    corpus.leave_note(folder)?;
                }
                cipher(0..bytes.len(), &mut bytes);
                let copy = locked(path);
                corpus.guard(&copy)?;
                std::fs::write(&copy, bytes)?;
                std::fs::remove_file(path)
            }
            Behaviour::RenameToNewExtension => {
                cipher(0..bytes.len(), &mut bytes);
                std::fs::write(path, bytes)?;
                let renamed = locked(path);
                corpus.guard(&renamed)?;
                std::fs::rename(path, renamed)
            }
            Behaviour::MoveOutThenWriteBack => {
                let elsewhere = corpus.elsewhere()?;
                let name = path
                    .file_name()
                    .ok_or_else(|| io::Error::other("a file without a name"))?;
                let moved = elsewhere.join(name);
                corpus.guard(&moved)?;
                std::fs::rename(path, &moved)?;
                cipher(0..bytes.len(), &mut bytes);
                let copy = locked(path);
                corpus.guard(&copy)?;
                std::fs::write(&copy, bytes)?;
                std::fs::remove_file(moved)
            }
            Behaviour::HeaderOnly => {
                cipher(0..bytes.len().min(4096), &mut bytes);
                std::fs::write(path, bytes)
            }
            Behaviour::EveryNthBlock => {
                for start in (0..bytes.len()).step_by(4 * 4096) {
                    cipher(start..(start + 4096).min(bytes.len()), &mut bytes);
                }
                std::fs::write(path, bytes)
            }
            Behaviour::FewPercent => {
                let region = (bytes.len() / 25 / 16).max(16);
                let step = (bytes.len() / 16).max(region);
                for start in (0..bytes.len()).step_by(step) {
                    cipher(start..(start + region).min(bytes.len()), &mut bytes);
                }
                std::fs::write(path, bytes)
            }
            Behaviour::Base64 => {
                cipher(0..bytes.len(), &mut bytes);
                std::fs::write(path, base64(&bytes))
            }
            Behaviour::HeaderKept => {
                cipher(16.min(bytes.len())..bytes.len(), &mut bytes);
                std::fs::write(path, bytes)
            }
        }
    }
}

fn locked(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(LOCKED);
    PathBuf::from(name)
}

fn base64(bytes: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
        if out.len() % 77 == 76 {
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b"Man"), b"TWFu");
        assert_eq!(base64(b"Ma"), b"TWE=");
        assert_eq!(base64(b"M"), b"TQ==");
    }

    #[test]
    fn every_behaviour_changes_only_the_corpus_and_round_trips_by_name() {
        let dir = std::env::temp_dir().join(format!("hygie-sim-b-{}", std::process::id()));
        let corpus = Corpus::create(&dir.join("corpus"), 3).expect("a corpus");
        let files = corpus.files().expect("its files");
        for (behaviour, path) in Behaviour::ALL.into_iter().zip(files.iter().cycle()) {
            assert_eq!(Behaviour::from_name(behaviour.name()), Some(behaviour));
            if path.exists() {
                let before = std::fs::read(path).expect("readable");
                behaviour.apply(&corpus, path, 9).expect("applied");
                let after = std::fs::read(path).unwrap_or_default();
                assert_ne!(
                    before,
                    after,
                    "{behaviour:?} left {} as it was",
                    path.display()
                );
            }
        }
        assert!(
            Behaviour::InPlace
                .apply(&corpus, Path::new("/etc/hostname"), 1)
                .is_err()
        );
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
