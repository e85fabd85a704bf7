//! Integration tests of the vault, with Debian's `restic` as the independent reader.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

use hygie_vault::{BackupRequest, Error, Vault};

const PASSWORD: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A small practice: documents, an incompressible scan, text notes, an empty file, a
    /// sparse-looking zero file, accented names, nested folders.
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("cabinet");
        let write = |relative: &str, bytes: &[u8]| {
            let path = data.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        };
        let mut noise = Vec::with_capacity(3 << 20);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        while noise.len() < 3 << 20 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            noise.extend_from_slice(&x.to_le_bytes());
        }
        write("dossiers/Dupont Jean/scan ordonnance.jpg", &noise);
        write(
            "dossiers/Dupont Jean/compte-rendu.txt",
            "Patient vu le 3 novembre.\n".repeat(500).as_bytes(),
        );
        write("dossiers/Lefèvre Zoé/résultats été.pdf", &noise[..200_000]);
        write("agenda/semaine-48.ics", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n");
        write("agenda/vide.txt", b"");
        write("base/cabinet.db", &vec![0u8; 1 << 20]);
        write("tmp/brouillon.tmp", b"not to be kept");
        Site { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("cabinet")
    }

    fn repo(&self) -> String {
        self.dir.path().join("repository").display().to_string()
    }

    fn vault(&self) -> Vault {
        match Vault::open(&self.repo(), PASSWORD, None) {
            Ok(vault) => vault,
            Err(_) => Vault::create(&self.repo(), PASSWORD, None).unwrap(),
        }
    }

    fn backup(&self) -> hygie_vault::BackupReport {
        self.vault()
            .backup(&BackupRequest {
                paths: vec![self.data()],
                ..BackupRequest::default()
            })
            .unwrap()
    }

    fn restic(&self, args: &[&str]) -> std::process::Output {
        Command::new("restic")
            .args(["--no-cache", "-r", &self.repo()])
            .args(args)
            .env("RESTIC_PASSWORD", PASSWORD)
            .output()
            .expect("restic is installed (Debian package restic; .ci/run installs it)")
    }
}

/// Every file below `a` has an identical twin below `b`, and the other way round.
fn assert_same_tree(a: &Path, b: &Path) {
    let list = |root: &Path| {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path.clone());
                }
                files.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
        files.sort();
        files
    };
    let (left, right) = (list(a), list(b));
    assert_eq!(left, right);
    for relative in left {
        let (x, y) = (a.join(&relative), b.join(&relative));
        if x.is_file() {
            assert!(
                std::fs::read(&x).unwrap() == std::fs::read(&y).unwrap(),
                "{} differs",
                relative.display()
            );
        }
    }
}

/// Where a snapshot of `data` lands inside a restore target.
fn inside(target: &Path, data: &Path) -> PathBuf {
    target.join(data.strip_prefix("/").unwrap())
}

#[test]
fn a_backup_restores_byte_identical() {
    let site = Site::new();
    let report = site.backup();
    assert_eq!(report.files_new, 7);
    let target = site.dir.path().join("restored");
    let restored = site.vault().restore("latest", &target, &[]).unwrap();
    assert_eq!(restored.files, 7);
    assert_same_tree(&site.data(), &inside(&target, &site.data()));
}

#[test]
fn the_snapshot_before_an_instant_is_one_finished_before_it() {
    let site = Site::new();
    site.backup();
    site.backup();
    let snapshots = site.vault().snapshots().unwrap();
    let (first, second) = (&snapshots[0], &snapshots[1]);
    assert!(second.finished > second.time, "{second:?}");
    // An attack that began while the second backup was running: that one may hold its damage.
    let during = second
        .time
        .checked_add(second.finished.duration_since(second.time) / 2)
        .unwrap();
    let clean = site.vault().latest_before(during).unwrap().unwrap();
    assert_eq!(clean.id, first.id);
    let after = second
        .finished
        .checked_add(jiff::SignedDuration::from_nanos(1))
        .unwrap();
    let clean = site.vault().latest_before(after).unwrap().unwrap();
    assert_eq!(clean.id, second.id);
}

#[test]
fn an_unchanged_second_backup_adds_nothing() {
    let site = Site::new();
    site.backup();
    std::fs::write(
        site.data().join("agenda/semaine-49.ics"),
        b"BEGIN:VCALENDAR\n",
    )
    .unwrap();
    let second = site.backup();
    assert_eq!(second.files_new, 1);
    assert_eq!(second.files_unmodified, 7);
    let third = site.backup();
    assert_eq!(third.data_added, 0);
    assert_eq!(site.vault().snapshots().unwrap().len(), 3);
}

#[test]
fn restic_checks_every_byte_and_restores_what_hygie_wrote() {
    let site = Site::new();
    site.backup();
    let check = site.restic(&["check", "--read-data"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let target = site.dir.path().join("by-restic");
    let restore = site.restic(&["restore", "latest", "--target", target.to_str().unwrap()]);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert_same_tree(&site.data(), &inside(&target, &site.data()));
}

#[test]
fn hygie_restores_what_restic_wrote_into_its_repository() {
    let site = Site::new();
    site.vault();
    let backup = site.restic(&[
        "backup",
        "--host",
        "poste-accueil",
        site.data().to_str().unwrap(),
    ]);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let snapshots = site.vault().snapshots().unwrap();
    assert_eq!(snapshots.len(), 1);
    assert_eq!(snapshots[0].hostname, "poste-accueil");
    let target = site.dir.path().join("restored");
    site.vault()
        .restore(&snapshots[0].id[..8], &target, &[])
        .unwrap();
    assert_same_tree(&site.data(), &inside(&target, &site.data()));
}

#[test]
fn a_drill_compares_every_byte_and_cleans_up() {
    let site = Site::new();
    site.backup();
    let scratch = site.dir.path().join("scratch");
    let report = site.vault().drill("latest", &scratch).unwrap();
    assert!(report.passed(), "{:?}", report.mismatches);
    assert_eq!(report.files, 7);
    assert_eq!(
        report.bytes,
        (3 << 20) + 13_000 + 200_000 + 30 + (1 << 20) + 14
    );
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);
}

#[test]
fn a_flipped_byte_in_a_pack_is_found_by_check_read_data() {
    let site = Site::new();
    site.backup();
    assert!(site.vault().check(true).unwrap().is_ok());
    // The largest pack holds the scan.
    let mut packs: Vec<PathBuf> = Vec::new();
    let mut stack = vec![Path::new(&site.repo()).join("data")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                packs.push(path);
            }
        }
    }
    packs.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let pack = packs.last().unwrap();
    let mut bytes = std::fs::read(pack).unwrap();
    bytes[1000] ^= 0x01;
    std::fs::write(pack, bytes).unwrap();
    let pack_id = pack.file_name().unwrap().to_string_lossy().into_owned();

    let structural = site.vault().check(false).unwrap();
    assert!(structural.is_ok(), "{:?}", structural.errors);
    let full = site.vault().check(true).unwrap();
    assert!(!full.is_ok());
    assert!(
        full.errors.iter().any(|e| e.contains(&pack_id[..8])),
        "{:?} does not name {pack_id}",
        full.errors
    );
    let scratch = site.dir.path().join("scratch");
    let drill = site.vault().drill("latest", &scratch);
    assert!(drill.is_err() || !drill.unwrap().passed());
}

#[test]
fn include_restores_only_the_named_folder() {
    let site = Site::new();
    site.backup();
    let target = site.dir.path().join("partial");
    let wanted = site.data().join("dossiers/Lefèvre Zoé");
    let report = site
        .vault()
        .restore("latest", &target, std::slice::from_ref(&wanted))
        .unwrap();
    assert_eq!(report.files, 1);
    assert!(inside(&target, &wanted).join("résultats été.pdf").is_file());
    assert!(!inside(&target, &site.data()).join("agenda").exists());
}

#[test]
fn excluded_paths_are_left_out() {
    let site = Site::new();
    let vault = site.vault();
    let report = vault
        .backup(&BackupRequest {
            paths: vec![site.data()],
            excludes: vec!["*.tmp".into()],
            tags: vec!["essai".into()],
        })
        .unwrap();
    assert_eq!(report.files_new, 6);
    assert_eq!(report.snapshot.tags, ["essai"]);
}

#[test]
fn wrong_password_missing_paths_and_unknown_snapshots_are_clear_errors() {
    let site = Site::new();
    site.backup();
    assert!(matches!(
        Vault::open(&site.repo(), "not the password", None),
        Err(Error::WrongPassword { .. })
    ));
    assert!(matches!(
        Vault::create(&site.repo(), PASSWORD, None),
        Err(Error::AlreadyExists(_))
    ));
    let missing = site.dir.path().join("absent");
    assert!(matches!(
        site.vault().backup(&BackupRequest {
            paths: vec![missing],
            ..BackupRequest::default()
        }),
        Err(Error::MissingSource(_))
    ));
    let target = site.dir.path().join("t");
    let error = site.vault().restore("deadbeef", &target, &[]).unwrap_err();
    assert!(matches!(error, Error::NoSuchSnapshot(_)), "{error:?}");
    let file = site.dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(
        site.vault().restore("latest", &file, &[]),
        Err(Error::BadTarget { .. })
    ));
}

#[test]
fn a_drill_does_not_trust_the_local_cache() {
    // Highly compressible content: the largest pack holds trees, which the cache also keeps.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for i in 0..40 {
        let folder = data.join(format!("patient-{i:02}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("note.txt"), vec![b'a'; 10]).unwrap();
    }
    let repo = dir.path().join("repo").display().to_string();
    let cache = dir.path().join("cache");
    let vault = Vault::create(&repo, PASSWORD, Some(&cache)).unwrap();
    vault
        .backup(&BackupRequest {
            paths: vec![data.clone()],
            ..BackupRequest::default()
        })
        .unwrap();
    assert!(
        vault
            .drill("latest", &dir.path().join("scratch"))
            .unwrap()
            .passed()
    );
    let mut packs: Vec<PathBuf> = std::fs::read_dir(Path::new(&repo).join("data"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    packs.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let pack = packs.last().unwrap();
    let mut bytes = std::fs::read(pack).unwrap();
    bytes[100] ^= 0x01;
    std::fs::write(pack, bytes).unwrap();
    let drill = vault.drill("latest", &dir.path().join("scratch"));
    assert!(
        drill.as_ref().is_err() || !drill.as_ref().unwrap().passed(),
        "the drill passed on a damaged repository: {drill:?}"
    );
    assert!(!vault.check(true).unwrap().is_ok());
}

#[test]
fn a_restore_in_many_small_passes_is_still_byte_identical() {
    let site = Site::new();
    site.backup();
    let target = site.dir.path().join("restored");
    let vault = site.vault().with_restore_batch(100_000);
    let report = vault.restore("latest", &target, &[]).unwrap();
    assert_eq!(report.files, 7);
    assert_same_tree(&site.data(), &inside(&target, &site.data()));
}

#[test]
fn a_snapshot_is_browsed_one_folder_at_a_time() {
    let site = Site::new();
    let id = site.backup().snapshot.id;
    let vault = site.vault();
    let dossiers = site.data().join("dossiers");
    let entries = vault.list(&id, &dossiers).unwrap();
    let names: Vec<(&str, bool)> = entries
        .iter()
        .map(|e| (e.name.as_str(), e.directory))
        .collect();
    assert_eq!(names, [("Dupont Jean", true), ("Lefèvre Zoé", true)]);
    let files = vault.list("latest", &dossiers.join("Dupont Jean")).unwrap();
    assert_eq!(files[0].name, "compte-rendu.txt");
    assert_eq!(files[0].size, 13_000);
    assert!(files[0].modified.is_some());
    assert_eq!(
        files[1].path,
        dossiers
            .join("Dupont Jean/scan ordonnance.jpg")
            .display()
            .to_string()
    );
    for missing in [
        dossiers.join("Martin"),
        dossiers.join("Dupont Jean/compte-rendu.txt"),
        PathBuf::from("dossiers"),
        dossiers.join("../../.."),
    ] {
        assert!(
            matches!(vault.list(&id, &missing), Err(Error::NotInSnapshot(_))),
            "{missing:?}"
        );
    }
}

#[test]
fn a_file_or_folder_comes_back_beside_its_original_and_replaces_nothing() {
    let site = Site::new();
    let id = site.backup().snapshot.id;
    let vault = site.vault();
    let report = site.data().join("dossiers/Dupont Jean/compte-rendu.txt");
    let before = std::fs::read(&report).unwrap();
    std::fs::write(&report, b"chiffre par un rancongiciel").unwrap();
    let copy = vault
        .restore_beside(&id, &report, "restauré le 29-11-2026 10h15", &[site.data()])
        .unwrap();
    assert_eq!(
        copy.copy,
        site.data()
            .join("dossiers/Dupont Jean/compte-rendu (restauré le 29-11-2026 10h15).txt")
            .canonicalize()
            .unwrap()
    );
    assert_eq!(std::fs::read(&copy.copy).unwrap(), before);
    assert_eq!(
        std::fs::read(&report).unwrap(),
        b"chiffre par un rancongiciel"
    );
    assert_eq!(copy.files, 1);
    // Asked again, a second name; no staging folder is left behind.
    let again = vault
        .restore_beside(&id, &report, "restauré", &[site.data()])
        .unwrap();
    assert_ne!(again.copy, copy.copy);
    let leftovers: Vec<_> = std::fs::read_dir(site.data().join("dossiers/Dupont Jean"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".hygie"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A deleted folder comes back whole, even when its parent is gone too.
    let folder = site.data().join("dossiers/Lefèvre Zoé");
    std::fs::remove_dir_all(&folder).unwrap();
    let copy = vault
        .restore_beside(&id, &folder, "restauré", &[site.data()])
        .unwrap();
    assert!(copy.copy.ends_with("dossiers/Lefèvre Zoé (restauré)"));
    assert_eq!(
        std::fs::read(copy.copy.join("résultats été.pdf"))
            .unwrap()
            .len(),
        200_000
    );
}

#[test]
fn a_restore_beside_never_writes_outside_the_protected_folders() {
    let site = Site::new();
    let id = site.backup().snapshot.id;
    let vault = site.vault();
    let data = site.data();
    let outside = site.dir.path().join("ailleurs");
    std::fs::create_dir(&outside).unwrap();
    let escape = format!("{}/../ailleurs/x.txt", data.display());
    for path in [
        PathBuf::from(&escape),
        data.clone(),
        PathBuf::from("/etc/passwd"),
        PathBuf::from("dossiers/Dupont Jean/compte-rendu.txt"),
        data.join("dossiers/../../ailleurs/compte-rendu.txt"),
    ] {
        assert!(
            matches!(
                vault.restore_beside(&id, &path, "r", &[site.data()]),
                Err(Error::OutsideBackup(_))
            ),
            "{path:?}"
        );
    }
    // A folder the snapshot holds but the practice no longer protects sets no boundary.
    assert!(matches!(
        vault.restore_beside(
            &id,
            &data.join("dossiers/Dupont Jean/compte-rendu.txt"),
            "r",
            std::slice::from_ref(&outside)
        ),
        Err(Error::OutsideBackup(_))
    ));
    assert!(matches!(
        vault.restore_beside(
            &id,
            &data.join("dossiers/inconnu.pdf"),
            "r",
            std::slice::from_ref(&data)
        ),
        Err(Error::NotInSnapshot(_))
    ));
    // A live folder replaced by a link that leads elsewhere is not followed.
    let agenda = data.join("agenda");
    std::fs::remove_dir_all(&agenda).unwrap();
    std::os::unix::fs::symlink(&outside, &agenda).unwrap();
    assert!(matches!(
        vault.restore_beside(
            &id,
            &agenda.join("semaine-48.ics"),
            "r",
            std::slice::from_ref(&data)
        ),
        Err(Error::OutsideBackup(_))
    ));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}
