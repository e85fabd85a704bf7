//! The shadow store: copies of protected files as they were after their latest changes, kept in
//! the home (outside the watched folders), so that a file changed since the last snapshot can
//! still be put back as it was just before an attack.
//!
//! Each time the sentinel sees a protected file written and closed, it copies the new content
//! here as a new **version**, stamped with the time it was taken. Versions are never replaced:
//! an attacker's writes become later versions, and recovery takes the newest version from before
//! the incident began. The store is bounded in size (the oldest versions go first) and in age.
//!
//! Layout: `shadows/<sha256 of the path>/path` holds the original path; each version is
//! `shadows/<same>/<unix microseconds>.copy`, written as `.part` then renamed, so a crash never
//! leaves half a version under a version's name.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use sha2::{Digest, Sha256};

/// One kept version of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The protected file it is a copy of.
    pub original: PathBuf,
    /// The copy.
    pub copy: PathBuf,
    /// When it was taken.
    pub taken: Timestamp,
    /// Its size in bytes.
    pub size: u64,
}

/// The store.
pub struct Shadows {
    root: PathBuf,
    limit: u64,
    max_age: Duration,
    /// Every version, oldest first.
    versions: BTreeMap<(Timestamp, PathBuf), Version>,
    used: u64,
}

fn folder_of(root: &Path, original: &Path) -> PathBuf {
    let digest = Sha256::digest(original.as_os_str().as_encoded_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    root.join(name)
}

impl Shadows {
    /// Opens (or creates) the store in `root`, holding at most `limit` bytes, for `max_age`.
    pub fn open(root: &Path, limit: u64, max_age: Duration) -> io::Result<Shadows> {
        std::fs::create_dir_all(root)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o700))?;
        }
        let mut shadows = Shadows {
            root: root.to_path_buf(),
            limit,
            max_age,
            versions: BTreeMap::new(),
            used: 0,
        };
        for version in read_versions(root)? {
            shadows.used += version.size;
            shadows
                .versions
                .insert((version.taken, version.copy.clone()), version);
        }
        shadows.evict(Timestamp::now());
        Ok(shadows)
    }

    /// Bytes the versions take.
    #[cfg(test)]
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Copies `original`'s current content as a new version taken `now`; then evicts what is too
    /// old or beyond the limit. A file larger than the whole limit is not kept.
    pub fn keep(&mut self, original: &Path, now: Timestamp) -> io::Result<()> {
        let size = std::fs::metadata(original)?.len();
        if size > self.limit {
            return Ok(());
        }
        let folder = folder_of(&self.root, original);
        std::fs::create_dir_all(&folder)?;
        let recorded = folder.join("path");
        if !recorded.exists() {
            std::fs::write(&recorded, original.as_os_str().as_encoded_bytes())?;
        }
        let mut micros = now.as_microsecond();
        let mut copy = folder.join(format!("{micros}.copy"));
        // Two versions in one microsecond: the later one a microsecond on.
        while copy.exists() {
            micros += 1;
            copy = folder.join(format!("{micros}.copy"));
        }
        let partial = copy.with_extension("part");
        let copied = std::fs::copy(original, &partial).and_then(|n| {
            std::fs::rename(&partial, &copy)?;
            Ok(n)
        });
        let copied = match copied {
            Ok(n) => n,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
        };
        let taken = Timestamp::from_microsecond(micros).unwrap_or(now);
        self.used += copied;
        self.versions.insert(
            (taken, copy.clone()),
            Version {
                original: original.to_path_buf(),
                copy,
                taken,
                size: copied,
            },
        );
        self.evict(now);
        Ok(())
    }

    /// Removes versions older than the age limit, then the oldest until the store fits.
    fn evict(&mut self, now: Timestamp) {
        let max_age = i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        while let Some(entry) = self.versions.first_entry() {
            let too_old = now.as_millisecond() - entry.get().taken.as_millisecond() > max_age;
            if !too_old && self.used <= self.limit {
                break;
            }
            let version = entry.remove();
            self.used = self.used.saturating_sub(version.size);
            let _ = std::fs::remove_file(&version.copy);
        }
    }
}

/// The newest version of `original` kept in `root` strictly before `before`, if any.
pub fn version_before(
    root: &Path,
    original: &Path,
    before: Timestamp,
) -> io::Result<Option<Version>> {
    let folder = folder_of(root, original);
    if !folder.is_dir() {
        return Ok(None);
    }
    Ok(versions_in(&folder, original)?
        .into_iter()
        .filter(|v| v.taken < before)
        .max_by_key(|v| v.taken))
}

fn versions_in(folder: &Path, original: &Path) -> io::Result<Vec<Version>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder)?.flatten() {
        let copy = entry.path();
        if copy.extension().is_some_and(|e| e == "part") {
            // A copy cut short by a crash.
            let _ = std::fs::remove_file(&copy);
            continue;
        }
        if copy.extension().is_none_or(|e| e != "copy") {
            continue;
        }
        let Some(micros) = copy
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse::<i64>().ok())
        else {
            continue;
        };
        let Ok(taken) = Timestamp::from_microsecond(micros) else {
            continue;
        };
        let size = entry.metadata()?.len();
        found.push(Version {
            original: original.to_path_buf(),
            copy,
            taken,
            size,
        });
    }
    Ok(found)
}

fn read_versions(root: &Path) -> io::Result<Vec<Version>> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(root)?.flatten() {
        let folder = entry.path();
        let Ok(recorded) = std::fs::read(folder.join("path")) else {
            continue;
        };
        let original = PathBuf::from(String::from_utf8_lossy(&recorded).into_owned());
        all.extend(versions_in(&folder, &original)?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> Timestamp {
        Timestamp::from_millisecond(millis).expect("a valid instant")
    }

    #[test]
    fn the_version_before_an_instant_is_the_newest_older_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("dossier.txt");
        let store = dir.path().join("shadows");
        let mut shadows =
            Shadows::open(&store, 1 << 20, Duration::from_secs(3600)).expect("a store");
        let now = Timestamp::now().as_millisecond();
        for (i, text) in ["v1", "v2", "chiffré"].iter().enumerate() {
            std::fs::write(&file, text).expect("written");
            shadows
                .keep(&file, at(now + 1000 * i as i64))
                .expect("kept");
        }
        let version = version_before(&store, &file, at(now + 1500))
            .expect("readable")
            .expect("a version");
        assert_eq!(std::fs::read(&version.copy).expect("the copy"), b"v2");
        assert!(
            version_before(&store, &file, at(now))
                .expect("readable")
                .is_none()
        );
        // Reopened, it knows its versions.
        let reopened = Shadows::open(&store, 1 << 20, Duration::from_secs(3600)).expect("a store");
        assert_eq!(reopened.used(), 2 + 2 + "chiffré".len() as u64);
    }

    #[test]
    fn a_full_store_drops_its_oldest_versions_and_never_a_new_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let mut shadows = Shadows::open(&store, 2500, Duration::from_secs(3600)).expect("a store");
        let now = Timestamp::now().as_millisecond();
        let mut files = Vec::new();
        for i in 0..5 {
            let file = dir.path().join(format!("f{i}"));
            std::fs::write(&file, vec![b'a' + i as u8; 1000]).expect("written");
            shadows.keep(&file, at(now + i64::from(i))).expect("kept");
            files.push(file);
        }
        assert!(shadows.used() <= 2500);
        assert!(
            version_before(&store, &files[0], at(now + 100))
                .expect("readable")
                .is_none()
        );
        assert!(
            version_before(&store, &files[4], at(now + 100))
                .expect("readable")
                .is_some()
        );
        // Larger than the whole store: not kept, and nothing else is lost for it.
        let big = dir.path().join("big");
        std::fs::write(&big, vec![0u8; 3000]).expect("written");
        shadows.keep(&big, at(now + 10)).expect("refused quietly");
        assert!(
            version_before(&store, &files[4], at(now + 100))
                .expect("readable")
                .is_some()
        );
    }

    #[test]
    fn old_versions_and_cut_copies_go() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = dir.path().join("shadows");
        let file = dir.path().join("a");
        std::fs::write(&file, b"old").expect("written");
        let mut shadows = Shadows::open(&store, 1 << 20, Duration::from_secs(60)).expect("a store");
        let long_ago = Timestamp::now().as_millisecond() - 3_600_000;
        shadows.keep(&file, at(long_ago)).expect("kept");
        let folder = folder_of(&store, &file);
        std::fs::write(folder.join("123.part"), b"half").expect("written");
        let reopened = Shadows::open(&store, 1 << 20, Duration::from_secs(60)).expect("a store");
        assert_eq!(reopened.used(), 0);
        assert!(!folder.join("123.part").exists());
    }
}
