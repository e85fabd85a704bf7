//! The quarantine: what a restore set aside (the attacker's files, ransom notes) and what it
//! replaced (kept in case it held work done since), one pair of folders per alert in the home's
//! `quarantine` folder. It is evidence and stays until a person purges it
//! (`hygie incident purge ALERT`, journaled); `hygie status` says how much it holds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hygie_journal::{Event, Kind, Outcome as EventOutcome};
use serde::Serialize;

use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::t;

/// The home's quarantine folder.
pub fn root(home: &Path) -> PathBuf {
    home.join("quarantine")
}

/// Where alert `id`'s attacker files are set aside.
pub fn set_aside_folder(home: &Path, id: i64) -> PathBuf {
    root(home).join(format!("alert-{id}"))
}

/// Where what alert `id`'s restore replaced is kept.
pub fn replaced_folder(home: &Path, id: i64) -> PathBuf {
    root(home).join(format!("alert-{id}-avant-restauration"))
}

/// What the quarantine holds.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contents {
    /// The alerts it holds files of, in increasing order.
    pub alerts: Vec<i64>,
    /// Files (and links) in it.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// What the quarantine of the home `home` holds (nothing when it does not exist).
pub fn survey(home: &Path) -> Contents {
    let mut contents = Contents::default();
    let Ok(entries) = std::fs::read_dir(root(home)) else {
        return contents;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(id) = name
            .to_str()
            .and_then(|n| n.strip_prefix("alert-"))
            .map(|n| n.trim_end_matches("-avant-restauration"))
            .and_then(|n| n.parse::<i64>().ok())
        else {
            continue;
        };
        let (files, bytes) = count(&entry.path());
        if files > 0 && !contents.alerts.contains(&id) {
            contents.alerts.push(id);
        }
        contents.files += files;
        contents.bytes += bytes;
    }
    contents.alerts.sort_unstable();
    contents
}

/// Files and bytes below `folder`, links not followed (`folder` itself a link: nothing).
fn count(folder: &Path) -> (u64, u64) {
    let mut found = (0, 0);
    if !folder.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return found;
    }
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(metadata) if metadata.is_dir() => folders.push(entry.path()),
                Ok(metadata) => {
                    found.0 += 1;
                    found.1 += metadata.len();
                }
                Err(_) => {}
            }
        }
    }
    found
}

/// `hygie incident purge ALERT [--unrestored]`: deletes alert `id`'s quarantine, once its
/// incident is restored (or when told it never will be); journaled, with what was deleted.
pub fn purge(context: &Context, id: i64, unrestored: bool) -> Outcome {
    let state = context.state()?;
    let alert = state
        .alert(id)?
        .ok_or_else(|| Failure::setup(t!("incident-no-alert", id = id)))?;
    if alert.restored.is_none() && !unrestored {
        return Err(Failure::setup(t!("incident-purge-not-restored", id = id)));
    }
    let home = context.home.root();
    let folders = [set_aside_folder(home, id), replaced_folder(home, id)];
    let (files, bytes) = folders
        .iter()
        .map(|f| count(f))
        .fold((0, 0), |(f, b), (files, bytes)| (f + files, b + bytes));
    if folders.iter().all(|f| f.symlink_metadata().is_err()) {
        println!("{}", t!("incident-purge-nothing", id = id));
        return Ok(ExitCode::SUCCESS);
    }
    // The journal first: evidence is never deleted without a record.
    let journal = context.journal(true)?;
    // A link in a folder's place goes, what it names stays.
    let failures: Vec<String> = folders
        .iter()
        .filter_map(|folder| match std::fs::remove_dir_all(folder) {
            Ok(()) => None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(format!("{}: {e}", folder.display())),
        })
        .collect();
    let summary = if failures.is_empty() {
        t!(
            "incident-purged",
            id = id,
            files = files,
            size = crate::commands::vault::size(bytes)
        )
    } else {
        t!(
            "incident-purge-failed",
            id = id,
            cause = failures.join(" ; ")
        )
    };
    journal.append(
        Event::new(
            Kind::Incident,
            "incident.quarantine_purged",
            current_person(),
            summary.as_str(),
        )
        .subject(format!("alert-{id}"))
        .outcome(if failures.is_empty() {
            EventOutcome::Success
        } else {
            EventOutcome::Failure
        })
        .detail("files", files)
        .detail("bytes", bytes)
        .detail("restored", alert.restored.is_some())
        .detail("failed", failures.clone()),
    )?;
    if failures.is_empty() {
        println!("{summary}");
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::failed(summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_survey_counts_each_alerts_files_without_following_links() {
        let home = tempfile::tempdir().expect("a temporary folder");
        assert_eq!(survey(home.path()), Contents::default());
        let aside = set_aside_folder(home.path(), 3);
        std::fs::create_dir_all(aside.join("dossiers/patient-00")).expect("folders");
        std::fs::write(aside.join("dossiers/patient-00/a.locked"), [0u8; 100]).expect("written");
        std::fs::write(aside.join("LISEZ-MOI.txt"), [0u8; 20]).expect("written");
        let replaced = replaced_folder(home.path(), 12);
        std::fs::create_dir_all(&replaced).expect("a folder");
        std::fs::write(replaced.join("courrier.rtf"), [0u8; 7]).expect("written");
        // A link to a big folder counts as one entry of its own size, not as what it names;
        // a link in an alert folder's place counts for nothing.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/usr", replaced.join("lien")).expect("a link");
            std::os::unix::fs::symlink("/usr", set_aside_folder(home.path(), 9)).expect("a link");
        }
        // An empty folder of an alert, and something else, count for nothing.
        std::fs::create_dir_all(set_aside_folder(home.path(), 5)).expect("a folder");
        std::fs::create_dir_all(root(home.path()).join("autre")).expect("a folder");

        let contents = survey(home.path());
        assert_eq!(contents.alerts, [3, 12]);
        #[cfg(unix)]
        {
            assert_eq!(contents.files, 4);
            assert_eq!(contents.bytes, 127 + 4);
        }
    }
}
