//! The corpus: generated files in a marked folder, and the guard every change goes through.

use std::io;
use std::path::{Path, PathBuf};

/// The marker a corpus folder carries.
pub const MARKER: &str = ".hygie-simulation";

/// A generated practice-like corpus.
pub struct Corpus {
    root: PathBuf,
}

/// `len` bytes of a keyed xorshift stream: the cipher is "xor with the stream", its own inverse.
pub fn keystream(len: usize, key: u64) -> Vec<u8> {
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

/// `len` bytes of French-looking medical prose, the same for the same `seed`.
pub fn prose(len: usize, seed: u64) -> Vec<u8> {
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

fn refused(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, message)
}

impl Corpus {
    /// Generates a corpus in `root` (which must be under the temporary folder): `folders`
    /// patient folders, each with a PDF report, a letter, a scan and notes.
    pub fn create(root: &Path, folders: usize) -> io::Result<Corpus> {
        if !root.starts_with(std::env::temp_dir()) {
            return Err(refused(format!(
                "{}: the simulator works only under the temporary folder",
                root.display()
            )));
        }
        std::fs::create_dir_all(root)?;
        std::fs::write(root.join(MARKER), b"simulation\n")?;
        for f in 0..folders {
            let dir = root.join(format!("patient-{f:02}"));
            std::fs::create_dir_all(&dir)?;
            let seed = f as u64 * 7 + 1;
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(prose(50_000, seed));
            pdf.extend(b"\n%%EOF\n");
            std::fs::write(dir.join("compte-rendu.pdf"), pdf)?;
            std::fs::write(dir.join("notes.txt"), prose(12_000, seed + 1))?;
            let mut scan = vec![0xFF, 0xD8, 0xFF, 0xE0];
            scan.extend(keystream(80_000, seed + 2));
            scan.extend([0xFF, 0xD9]);
            std::fs::write(dir.join("scan.jpg"), scan)?;
            let mut rtf = b"{\\rtf1\\ansi ".to_vec();
            rtf.extend(prose(20_000, seed + 3));
            rtf.push(b'}');
            std::fs::write(dir.join("courrier.rtf"), rtf)?;
        }
        Ok(Corpus {
            root: root.to_path_buf(),
        })
    }

    /// The corpus in `root`, if `root` carries the marker and lies under the temporary folder.
    pub fn open(root: &Path) -> io::Result<Corpus> {
        if !root.starts_with(std::env::temp_dir()) {
            return Err(refused(format!(
                "{} is not under the temporary folder",
                root.display()
            )));
        }
        if !root.join(MARKER).is_file() {
            return Err(refused(format!(
                "{} carries no {MARKER} marker",
                root.display()
            )));
        }
        Ok(Corpus {
            root: root.to_path_buf(),
        })
    }

    /// Where the corpus lives.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The corpus's files (not the marker), in a stable order. Links are not followed: the
    /// corpus may hold a loop, and its files are its own.
    pub fn files(&self) -> io::Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        let mut stack = vec![self.root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir)?.flatten() {
                let path = entry.path();
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
        Ok(files)
    }

    /// A marked folder beside the corpus, outside the watched tree, for behaviours that move
    /// files "elsewhere".
    pub fn elsewhere(&self) -> io::Result<PathBuf> {
        let name = self
            .root
            .file_name()
            .map(|n| format!("{}-ailleurs", n.to_string_lossy()))
            .ok_or_else(|| refused(String::from("the corpus has no name")))?;
        let dir = self.root.with_file_name(name);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER), b"simulation\n")?;
        Ok(dir)
    }

    /// Refuses any path outside the marked corpus and its marked "elsewhere" folder.
    pub(crate) fn guard(&self, path: &Path) -> io::Result<()> {
        let inside = |root: &Path| path.starts_with(root) && root.join(MARKER).is_file();
        let elsewhere = self.root.file_name().map(|n| {
            self.root
                .with_file_name(format!("{}-ailleurs", n.to_string_lossy()))
        });
        if inside(&self.root) || elsewhere.as_deref().is_some_and(inside) {
            Ok(())
        } else {
            Err(refused(format!(
                "refused: {} is outside the marked corpus",
                path.display()
            )))
        }
    }

    /// B12's note: leaves a ransom note in `folder`; returns its path.
    pub fn leave_note(&self, folder: &Path) -> io::Result<PathBuf> {
        let note = folder.join("LISEZ-MOI.txt");
        self.guard(&note)?;
        std::fs::write(
            &note,
            "Vos fichiers sont chiffres. Pour les recuperer, payez 2 BTC. (simulation Hygie)\n",
        )?;
        Ok(note)
    }

    /// A benign office save: the new version goes to a temporary file renamed over the original.
    pub fn office_save(&self, path: &Path, addition: &[u8]) -> io::Result<()> {
        self.guard(path)?;
        let mut content = std::fs::read(path)?;
        content.extend_from_slice(addition);
        let temp = path.with_extension("tmp");
        self.guard(&temp)?;
        std::fs::write(&temp, content)?;
        std::fs::rename(&temp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_the_marker_or_outside_the_temporary_folder_is_refused() {
        let dir = std::env::temp_dir().join(format!("hygie-sim-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        assert!(Corpus::open(&dir).is_err());
        assert!(Corpus::open(Path::new("/etc")).is_err());
        assert!(Corpus::create(Path::new("/etc/hygie-sim"), 1).is_err());
        let corpus = Corpus::create(&dir.join("corpus"), 1).expect("a corpus");
        assert!(corpus.guard(Path::new("/etc/passwd")).is_err());
        assert!(corpus.guard(&dir.join("unmarked")).is_err());
        assert!(Corpus::open(&dir.join("corpus")).is_ok());
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
