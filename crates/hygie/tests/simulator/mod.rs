//! The simulator crate (`hygie-simulator`) with the calls tests want: a failure is a panic.

use std::path::{Path, PathBuf};

use hygie_simulator::Behaviour;

/// A generated practice-like corpus, in a marked folder under the temporary folder.
pub struct Corpus(hygie_simulator::Corpus);

impl Corpus {
    /// Generates a corpus of `folders` patient folders in `root`.
    pub fn create(root: &Path, folders: usize) -> Corpus {
        Corpus(hygie_simulator::Corpus::create(root, folders).unwrap())
    }

    /// The corpus in `root`, if it is one.
    pub fn open(root: &Path) -> Result<Corpus, String> {
        hygie_simulator::Corpus::open(root)
            .map(Corpus)
            .map_err(|e| e.to_string())
    }

    /// Its files, in a stable order.
    pub fn files(&self) -> Vec<PathBuf> {
        self.0.files().unwrap()
    }

    /// B1: encrypts `path` in place.
    pub fn encrypt_in_place(&self, path: &Path, key: u64) {
        Behaviour::InPlace.apply(&self.0, path, key).unwrap();
    }

    /// B1 by replacement: a new encrypted file renamed over the original.
    pub fn encrypt_by_rename_over(&self, path: &Path, key: u64) {
        Behaviour::RenameOver.apply(&self.0, path, key).unwrap();
    }

    /// Leaves a ransom note in `folder`.
    pub fn leave_note(&self, folder: &Path) -> PathBuf {
        self.0.leave_note(folder).unwrap()
    }

    /// A benign office save.
    pub fn office_save(&self, path: &Path, addition: &[u8]) {
        self.0.office_save(path, addition).unwrap();
    }
}
