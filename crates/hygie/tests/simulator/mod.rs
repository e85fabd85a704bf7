//! A safe ransomware simulator for tests: it encrypts (with a reversible keyed cipher) only
//! files of a corpus it generated itself, in a folder that carries its marker file and lies under
//! the system's temporary folder. Anything else is refused before a byte is written.

use std::path::{Path, PathBuf};

/// The marker a corpus folder carries.
pub const MARKER: &str = ".hygie-simulation";

/// A generated practice-like corpus.
pub struct Corpus {
    root: PathBuf,
}

fn keystream(len: usize, key: u64) -> Vec<u8> {
    let mut x = key | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[3]
        })
        .collect()
}

fn prose(len: usize, seed: u64) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "patient",
        "douleur",
        "ordonnance",
        "tension",
        "consultation",
        "allergie",
        "examen",
        "dossier",
        "traitement",
        "posologie",
        "vaccin",
        "suivi",
    ];
    let picks = keystream(len / 4 + 1, seed);
    let mut text = Vec::with_capacity(len + 16);
    for pick in picks {
        if text.len() >= len {
            break;
        }
        text.extend_from_slice(WORDS[usize::from(pick) % WORDS.len()].as_bytes());
        text.push(if pick % 11 == 0 { b'\n' } else { b' ' });
    }
    text.truncate(len);
    text
}

impl Corpus {
    /// Generates a corpus in `root` (which must be under the temporary folder): `folders`
    /// patient folders, each with a PDF report, a letter, a scan and notes.
    pub fn create(root: &Path, folders: usize) -> Corpus {
        assert!(
            root.starts_with(std::env::temp_dir()),
            "the simulator works only under the temporary folder"
        );
        std::fs::create_dir_all(root).unwrap();
        std::fs::write(root.join(MARKER), b"simulation\n").unwrap();
        for f in 0..folders {
            let dir = root.join(format!("patient-{f:02}"));
            std::fs::create_dir_all(&dir).unwrap();
            let seed = f as u64 * 7 + 1;
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(prose(50_000, seed));
            pdf.extend(b"\n%%EOF\n");
            std::fs::write(dir.join("compte-rendu.pdf"), pdf).unwrap();
            std::fs::write(dir.join("notes.txt"), prose(12_000, seed + 1)).unwrap();
            let mut scan = vec![0xFF, 0xD8, 0xFF, 0xE0];
            scan.extend(keystream(80_000, seed + 2));
            scan.extend([0xFF, 0xD9]);
            std::fs::write(dir.join("scan.jpg"), scan).unwrap();
            std::fs::write(dir.join("courrier.rtf"), {
                let mut rtf = b"{\\rtf1\\ansi ".to_vec();
                rtf.extend(prose(20_000, seed + 3));
                rtf.push(b'}');
                rtf
            })
            .unwrap();
        }
        Corpus {
            root: root.to_path_buf(),
        }
    }

    /// The corpus in `root`, if `root` carries the marker and lies under the temporary folder.
    pub fn open(root: &Path) -> Result<Corpus, String> {
        if !root.starts_with(std::env::temp_dir()) {
            return Err(format!(
                "{} is not under the temporary folder",
                root.display()
            ));
        }
        if !root.join(MARKER).is_file() {
            return Err(format!("{} carries no {MARKER} marker", root.display()));
        }
        Ok(Corpus {
            root: root.to_path_buf(),
        })
    }

    /// The corpus's files (not the marker), in a stable order.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut stack = vec![self.root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                // Links are not followed: the corpus may hold a loop, and its files are its own.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() && path.file_name().is_some_and(|n| n != MARKER) {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    fn guard(&self, path: &Path) {
        assert!(
            path.starts_with(&self.root) && self.root.join(MARKER).is_file(),
            "refused: {} is outside the marked corpus",
            path.display()
        );
    }

    /// B1: encrypts `path` in place (the cipher is its own inverse: run it again to decrypt).
    pub fn encrypt_in_place(&self, path: &Path, key: u64) {
        self.guard(path);
        let content = std::fs::read(path).unwrap();
        let stream = keystream(content.len(), key);
        let encrypted: Vec<u8> = content.iter().zip(stream).map(|(b, k)| b ^ k).collect();
        std::fs::write(path, encrypted).unwrap();
    }

    /// Encrypts `path` into a new file, then renames it over the original (a single rename
    /// event: the original's content is replaced without ever being written in place).
    pub fn encrypt_by_rename_over(&self, path: &Path, key: u64) {
        self.guard(path);
        let content = std::fs::read(path).unwrap();
        let stream = keystream(content.len(), key);
        let encrypted: Vec<u8> = content.iter().zip(stream).map(|(b, k)| b ^ k).collect();
        let temp = path.with_extension("part");
        self.guard(&temp);
        std::fs::write(&temp, encrypted).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }

    /// B12: leaves a ransom note in `folder`; returns its path.
    pub fn leave_note(&self, folder: &Path) -> PathBuf {
        let note = folder.join("LISEZ-MOI.txt");
        self.guard(&note);
        std::fs::write(
            &note,
            "Vos fichiers sont chiffres. Pour les recuperer, payez 2 BTC. (simulation Hygie)\n",
        )
        .unwrap();
        note
    }

    /// A benign office save: the new version goes to a temporary file renamed over the original.
    pub fn office_save(&self, path: &Path, addition: &[u8]) {
        self.guard(path);
        let mut content = std::fs::read(path).unwrap();
        content.extend_from_slice(addition);
        let temp = path.with_extension("tmp");
        std::fs::write(&temp, content).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }
}
