//! Where messages to scan come from: `.eml` files, folders of them (Maildir folders included:
//! their `new/` and `cur/`), and mbox files, read one message at a time.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use mail_parser::mailbox::mbox::MessageIterator;

/// One message, or why it could not be read.
pub struct Source {
    /// Where it is: a file, or `file#N` for the N-th message of an mbox.
    pub name: String,
    /// Its bytes.
    pub bytes: Result<Vec<u8>, String>,
}

/// Calls `visit` for every message under `paths`, in a stable order. A path that does not
/// exist is an error; an unreadable file is reported as that message's error.
pub fn each(paths: &[PathBuf], visit: &mut dyn FnMut(Source)) -> Result<(), String> {
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if metadata.is_dir() {
            walk(path, visit);
        } else {
            read_file(path, visit);
        }
    }
    Ok(())
}

fn walk(dir: &Path, visit: &mut dyn FnMut(Source)) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
        Err(error) => {
            visit(Source {
                name: dir.display().to_string(),
                bytes: Err(error.to_string()),
            });
            return;
        }
    };
    entries.sort();
    let maildir = dir.join("cur").is_dir() && dir.join("new").is_dir();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Hidden files, and a Maildir's messages still being delivered.
        if name.starts_with('.') || (maildir && name == "tmp") {
            continue;
        }
        // Symbolic links are not followed: a loop must not keep the scan going forever.
        let Ok(kind) = std::fs::symlink_metadata(&path).map(|m| m.file_type()) else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, visit);
        } else if kind.is_file() {
            read_file(&path, visit);
        }
    }
}

fn read_file(path: &Path, visit: &mut dyn FnMut(Source)) {
    let name = path.display().to_string();
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            visit(Source {
                name,
                bytes: Err(error.to_string()),
            });
            return;
        }
    };
    let mut start = [0u8; 5];
    let is_mbox = file.read_exact(&mut start).is_ok() && &start == b"From ";
    if is_mbox {
        let Ok(file) = File::open(path) else { return };
        for (index, message) in MessageIterator::new(BufReader::new(file)).enumerate() {
            visit(Source {
                name: format!("{name}#{}", index + 1),
                bytes: message
                    .map(|m| m.unwrap_contents())
                    .map_err(|error| format!("unreadable mbox entry: {error}")),
            });
        }
        return;
    }
    let limit = hygie_mailguard::MAX_MESSAGE_BYTES as u64;
    let bytes = match std::fs::metadata(path) {
        Ok(metadata) if metadata.len() > limit => {
            Err(hygie_mailguard::AnalyseError::TooLarge(metadata.len() as usize).to_string())
        }
        _ => std::fs::read(path).map_err(|e| e.to_string()),
    };
    visit(Source { name, bytes });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        let mut found = Vec::new();
        each(paths, &mut |source| found.push(source.name)).unwrap();
        found
    }

    #[test]
    fn files_folders_maildirs_and_mboxes_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.eml"), "Subject: a\n\nx").unwrap();
        std::fs::create_dir_all(root.join("box/cur")).unwrap();
        std::fs::create_dir_all(root.join("box/new")).unwrap();
        std::fs::create_dir_all(root.join("box/tmp")).unwrap();
        std::fs::write(root.join("box/new/1"), "Subject: b\n\nx").unwrap();
        std::fs::write(root.join("box/tmp/2"), "Subject: partial").unwrap();
        std::fs::write(
            root.join("inbox.mbox"),
            "From a@b Mon Jan  1 00:00:00 2024\nSubject: c\n\nx\n\nFrom a@b Mon Jan  1 00:00:00 2024\nSubject: d\n\ny\n",
        )
        .unwrap();
        let found = names(&[root.to_path_buf()]);
        let short: Vec<String> = found
            .iter()
            .map(|name| {
                name.trim_start_matches(&format!("{}/", root.display()))
                    .to_owned()
            })
            .collect();
        assert_eq!(
            short,
            vec!["a.eml", "box/new/1", "inbox.mbox#1", "inbox.mbox#2"]
        );
        assert!(each(&[root.join("missing")], &mut |_| {}).is_err());
    }
}
