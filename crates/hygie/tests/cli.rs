//! End-to-end tests of the `hygie` command, run as a person would run it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod console;
mod simulator;

struct Practice {
    dir: tempfile::TempDir,
}

impl Practice {
    fn new() -> Practice {
        Practice {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("hygie")
    }

    fn folder(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hygie"));
        command
            .env_remove("HYGIE_HOME")
            .env_remove("HYGIE_LANG")
            .env_remove("HYGIE_KEY_PASSPHRASE")
            .env("LANG", "fr_FR.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("USER", "secretariat")
            .arg("--home")
            .arg(self.home())
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Replaces `from` (which `hygie init`'s configuration must hold) by `to` in the home's
    /// configuration.
    fn edit_config(&self, from: &str, to: &str) {
        let config = self.home().join("hygie.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains(from), "{from:?} is not in the configuration");
        std::fs::write(&config, text.replace(from, to)).unwrap();
    }

    fn init(&self) -> Output {
        let dossiers = self.folder("dossiers");
        let output = self
            .command()
            .args(["init", "--practice", "Cabinet des Tilleuls", "--protect"])
            .arg(&dossiers)
            .output()
            .unwrap();
        assert_success(&output);
        output
    }

    /// A simulator corpus of `folders` patient folders in `dossiers/`, the folder `init`
    /// protects.
    fn corpus(&self, folders: usize) -> (PathBuf, simulator::Corpus) {
        let root = self.dir.path().join("dossiers");
        let corpus = simulator::Corpus::create(&root, folders);
        (root, corpus)
    }

    fn sql(&self, statement: &str) {
        let conn = rusqlite::Connection::open(self.home().join("journal.sqlite")).unwrap();
        conn.execute_batch(statement).unwrap();
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

/// A refusal: exit code 2, exactly one line on standard error (plus the help hint for usage
/// errors), nothing on standard output.
fn assert_refused(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    let err = stderr(output);
    let first = err.lines().next().unwrap_or("");
    assert!(first.starts_with("erreur : "), "{err}");
    assert!(first.contains(expected), "{first:?} lacks {expected:?}");
    assert!(stdout(output).is_empty(), "{}", stdout(output));
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(files_under(&path));
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn init_creates_a_complete_home_with_private_keys() {
    let practice = Practice::new();
    let output = practice.init();
    assert!(stdout(&output).contains("Hygie est prêt pour « Cabinet des Tilleuls »"));
    let home = practice.home();
    for file in [
        "hygie.toml",
        "state.sqlite",
        "journal.sqlite",
        "keys/journal.key",
        "keys/journal.pub",
    ] {
        assert!(home.join(file).is_file(), "{file} missing");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| {
            std::fs::metadata(home.join(p))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("keys/journal.key"), 0o600);
        assert_eq!(mode("keys/vault.password"), 0o600);
        assert_eq!(mode("keys"), 0o700);
        assert_eq!(mode(""), 0o700);
    }
    let key = std::fs::read_to_string(home.join("keys/journal.key")).unwrap();
    assert!(key.starts_with("PRIVATE+KEY+hygie/cabinet-des-tilleuls-"));
    let config = std::fs::read_to_string(home.join("hygie.toml")).unwrap();
    assert!(config.contains("name = \"Cabinet des Tilleuls\""));
    assert!(config.contains(&home.join("repository").display().to_string()));
    // No staging folder is left beside the home.
    let siblings: Vec<_> = std::fs::read_dir(practice.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        siblings.iter().all(|name| !name.starts_with(".hygie-init")),
        "{siblings:?}"
    );

    let shown = practice.run(&["journal", "show", "--json"]);
    assert_success(&shown);
    let lines: Vec<serde_json::Value> = stdout(&shown)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["action"], "hygie.initialised");
    assert_eq!(lines[0]["actor"]["id"], "secretariat");
    assert_eq!(lines[1]["kind"], "config_change");
}

#[test]
fn init_never_touches_an_existing_home() {
    let practice = Practice::new();
    practice.init();
    let before: Vec<_> = files_under(&practice.home())
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).ok()))
        .collect();
    let output = practice.run(&["init", "--practice", "Autre cabinet"]);
    assert_refused(&output, "déjà un dossier Hygie");
    let after: Vec<_> = files_under(&practice.home())
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).ok()))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn init_with_a_missing_folder_writes_nothing() {
    let practice = Practice::new();
    let output = practice
        .command()
        .args(["init", "--practice", "Cabinet", "--protect"])
        .arg(practice.dir.path().join("absent"))
        .output()
        .unwrap();
    assert_refused(&output, "n'existe pas");
    assert_eq!(files_under(practice.dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn commands_on_a_missing_home_say_so_in_one_line_and_write_nothing() {
    for args in [
        &["status"][..],
        &["up"],
        &["journal", "note", "x"],
        &["journal", "verify"],
    ] {
        let practice = Practice::new();
        let output = practice.run(args);
        assert_refused(&output, "n'existe pas");
        assert_eq!(stderr(&output).lines().count(), 1, "{args:?}");
        assert_eq!(
            files_under(practice.dir.path()),
            Vec::<PathBuf>::new(),
            "{args:?}"
        );
    }
}

#[test]
fn a_config_with_an_unknown_key_or_a_wrong_type_is_refused_with_its_line() {
    let practice = Practice::new();
    practice.init();
    let config_path = practice.home().join("hygie.toml");
    let original = std::fs::read_to_string(&config_path).unwrap();

    std::fs::write(
        &config_path,
        original.replace("[vault]", "[vault]\ncouleur = \"bleu\""),
    )
    .unwrap();
    let output = practice.run(&["status"]);
    assert_refused(&output, "clé inconnue « couleur »");
    assert!(stderr(&output).contains("ligne"));

    std::fs::write(
        &config_path,
        original.replace("checkpoint_every = \"1h\"", "checkpoint_every = 3600"),
    )
    .unwrap();
    assert_refused(&practice.run(&["up"]), "mauvais type");

    std::fs::write(
        &config_path,
        original.replace(
            "checkpoint_every = \"1h\"",
            "checkpoint_every = \"bientôt\"",
        ),
    )
    .unwrap();
    assert_refused(&practice.run(&["up"]), "bientôt");

    // Nothing was written to the journal by the refused commands.
    std::fs::write(&config_path, &original).unwrap();
    let shown = practice.run(&["journal", "show", "--json"]);
    assert_eq!(stdout(&shown).lines().count(), 2);
}

#[test]
fn an_unusable_key_file_is_refused_in_one_line() {
    let practice = Practice::new();
    practice.init();
    let key = practice.home().join("keys/journal.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_refused(&practice.run(&["journal", "note", "x"]), "chmod 600");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let original = std::fs::read(&key).unwrap();
    std::fs::write(&key, b"PRIVATE+KEY+garbage").unwrap();
    assert_refused(&practice.run(&["journal", "note", "x"]), "abîmé");
    std::fs::remove_file(&key).unwrap();
    std::fs::create_dir(&key).unwrap();
    assert_refused(&practice.run(&["up"]), "n'est pas un fichier");
    std::fs::remove_dir(&key).unwrap();
    std::fs::write(&key, original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert_success(&practice.run(&["journal", "note", "clé restaurée"]));
}

#[test]
fn notes_are_journaled_shown_and_verified() {
    let practice = Practice::new();
    practice.init();
    let output = practice.run(&[
        "journal",
        "note",
        "Affiche d'information RGPD posée en salle d'attente",
        "--subject",
        "salle d'attente",
    ]);
    assert_success(&output);
    assert!(stdout(&output).contains("entrée n° 2"));
    let shown = practice.run(&["journal", "show", "--kind", "note"]);
    assert!(stdout(&shown).contains("Affiche d'information RGPD"));
    assert_eq!(stdout(&shown).lines().count(), 1);
    let recent = practice.run(&["journal", "show", "--since", "1h", "--last", "2"]);
    assert_eq!(stdout(&recent).lines().count(), 2);
    assert_refused(
        &practice.run(&["journal", "show", "--since", "hier"]),
        "hier",
    );
    assert_refused(
        &practice.run(&["journal", "show", "--kind", "rumeur"]),
        "rumeur",
    );
    assert_refused(&practice.run(&["journal", "note", "   "]), "vide");

    let verified = practice.run(&["journal", "verify"]);
    assert_success(&verified);
    assert!(stdout(&verified).contains("Journal intact : 3 entrées recalculées"));
}

#[test]
fn verify_names_the_changed_entry_and_fails() {
    let practice = Practice::new();
    practice.init();
    for i in 0..5 {
        assert_success(&practice.run(&["journal", "note", &format!("note {i}")]));
    }
    practice.sql("UPDATE entries SET record = CAST(replace(CAST(record AS TEXT), 'note 3', 'note 8') AS BLOB) WHERE seq = 5");
    let output = practice.run(&["journal", "verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("la première entrée touchée est la n° 5"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("l'entrée n° 5 a été modifiée"));

    let json = practice.run(&["journal", "verify", "--json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["findings"][0]["finding"], "entry_modified");
    assert_eq!(report["findings"][0]["seq"], 5);
}

#[test]
fn a_tampered_journal_is_never_signed_again() {
    let practice = Practice::new();
    practice.init();
    assert_success(&practice.run(&["journal", "note", "a"]));
    practice.sql("DELETE FROM entries WHERE seq = 2");
    let output = practice.run(&["journal", "note", "b"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("modifié en dehors de Hygie"));
    let verified = practice.run(&["journal", "verify"]);
    assert!(
        stdout(&verified).contains("retirées"),
        "{}",
        stdout(&verified)
    );
}

#[test]
fn proofs_are_written_checked_and_forgeries_refused() {
    let practice = Practice::new();
    practice.init();
    for i in 0..20 {
        assert_success(&practice.run(&["journal", "note", &format!("note {i}")]));
    }
    let proof = practice.dir.path().join("preuve.json");
    let output = practice
        .command()
        .args(["journal", "prove", "7", "--out"])
        .arg(&proof)
        .output()
        .unwrap();
    assert_success(&output);
    assert!(stdout(&output).contains("L'entrée n° 7 figure dans le journal signé de 22 entrées"));

    // An auditor checks it with the public key alone, without a Hygie folder.
    let key = practice.home().join("keys/journal.pub");
    let check = |file: &Path| {
        Command::new(env!("CARGO_BIN_EXE_hygie"))
            .env("LANG", "fr_FR.UTF-8")
            .env_remove("HYGIE_HOME")
            .args(["journal", "check-proof"])
            .arg(file)
            .arg("--key")
            .arg(&key)
            .output()
            .unwrap()
    };
    let checked = check(&proof);
    assert_success(&checked);
    assert!(stdout(&checked).contains("Preuve valide"));

    let forged = practice.dir.path().join("faux.json");
    let text = std::fs::read_to_string(&proof).unwrap();
    std::fs::write(&forged, text.replace("note 5", "note 6")).unwrap();
    let refused = check(&forged);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("PREUVE REFUSÉE"));

    assert_eq!(
        practice.run(&["journal", "prove", "99"]).status.code(),
        Some(1)
    );
}

#[test]
fn checkpoints_go_to_the_witness_and_status_says_so() {
    let practice = Practice::new();
    let witness = practice.dir.path().join("temoin");
    let dossiers = practice.folder("dossiers");
    let output = practice
        .command()
        .args(["init", "--practice", "Cabinet", "--protect"])
        .arg(&dossiers)
        .arg("--witness")
        .arg(&witness)
        .output()
        .unwrap();
    assert_success(&output);
    assert!(stdout(&output).contains("Premier point de contrôle envoyé au témoin"));
    assert!(witness.join("checkpoint").is_file());

    assert_success(&practice.run(&["journal", "note", "x"]));
    let status = practice.run(&["status"]);
    assert!(
        stdout(&status).contains("n'a reçu que 2 entrées sur 3"),
        "{}",
        stdout(&status)
    );
    let checkpoint = practice.run(&["journal", "checkpoint"]);
    assert_success(&checkpoint);
    assert!(stdout(&checkpoint).contains("Copie acceptée par le témoin"));
    let status = practice.run(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(json["witness"]["state"], "ok");
    assert_eq!(json["witness"]["size"], 3);
    let verified = practice.run(&["journal", "verify"]);
    assert!(stdout(&verified).contains("Le témoin confirme les 3 premières entrées"));
}

#[test]
fn a_passphrase_protects_the_key() {
    let practice = Practice::new();
    let output = practice
        .command()
        .env("HYGIE_KEY_PASSPHRASE", "une phrase assez longue")
        .args(["init", "--practice", "Cabinet", "--passphrase"])
        .output()
        .unwrap();
    assert_success(&output);
    let key = std::fs::read_to_string(practice.home().join("keys/journal.key")).unwrap();
    assert!(key.starts_with("hygie-sealed/1"));
    assert!(!key.contains("PRIVATE"));

    let note = practice
        .command()
        .env("HYGIE_KEY_PASSPHRASE", "une phrase assez longue")
        .args(["journal", "note", "ok"])
        .output()
        .unwrap();
    assert_success(&note);
    assert_refused(
        &practice.run(&["journal", "note", "sans phrase"]),
        "HYGIE_KEY_PASSPHRASE",
    );
    let wrong = practice
        .command()
        .env("HYGIE_KEY_PASSPHRASE", "pas la bonne phrase")
        .args(["journal", "note", "x"])
        .output()
        .unwrap();
    assert_refused(&wrong, "phrase secrète incorrecte");
    // Reading needs no passphrase.
    assert_success(&practice.run(&["journal", "verify"]));
}

#[test]
fn english_is_available_by_flag_and_by_locale() {
    let practice = Practice::new();
    practice.init();
    let by_flag = practice.run(&["--lang", "en", "status"]);
    assert!(stdout(&by_flag).contains("What is protected:"));
    let by_locale = practice
        .command()
        .env("LANG", "en_GB.UTF-8")
        .arg("status")
        .output()
        .unwrap();
    assert!(stdout(&by_locale).contains("What is protected:"));
    let help = practice.run(&["--lang", "en", "--help"]);
    assert!(stdout(&help).contains("Usage:"));
    let aide = practice.run(&["--help"]);
    assert!(stdout(&aide).contains("Utilisation :"));
    let wrong = practice.run(&["journal", "efface"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("commande inconnue « efface »"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn status_says_what_is_not_protected() {
    let practice = Practice::new();
    practice.init();
    let output = practice.run(&["status"]);
    assert_success(&output);
    let text = stdout(&output);
    assert!(text.contains("Le gardien n'a jamais tourné"));
    assert!(text.contains("aucun instantané pour l'instant"));
    assert!(text.contains("Aucun exercice de restauration"));
    assert!(text.contains("Aucun témoin"));
    std::fs::remove_dir(practice.dir.path().join("dossiers")).unwrap();
    let output = practice.run(&["status"]);
    assert!(stdout(&output).contains("est introuvable"));
}

/// Starts `hygie up`, waits until it says it started, and returns it with its log reader.
fn start_guardian(practice: &Practice) -> (Running, BufReader<std::process::ChildStderr>) {
    let mut child = Running(
        practice
            .command()
            .arg("up")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut log = BufReader::new(child.stderr.take().unwrap());
    wait_for_log(&mut log, "gardien démarré", Duration::from_secs(30));
    (child, log)
}

/// A long-running process a test started (the guardian, a sentinel, a repository server, the
/// mail watcher, the SMTP server, the simulated attacker): killed when the test lets go of it
/// still running, a failed assertion included, so that no process outlives its test and weighs
/// on the next ones (or on a benchmark run afterwards). Only the process itself is killed: the
/// simulated attacker's workers, in its process group, run to the end of their corpus.
struct Running(std::process::Child);

impl std::ops::Deref for Running {
    type Target = std::process::Child;

    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Reads the guardian's log until a line contains `needle`.
fn wait_for_log(log: &mut BufReader<std::process::ChildStderr>, needle: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            log.read_line(&mut line).unwrap() > 0,
            "hygie up ended before saying {needle:?}"
        );
        if line.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "hygie up did not say {needle:?} in time"
        );
    }
}

#[cfg(unix)]
fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn up_runs_until_sigterm_and_stops_cleanly() {
    let practice = Practice::new();
    practice.init();
    let (mut child, mut log) = start_guardian(&practice);

    let status = practice.run(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(json["guardian"]["state"], "running");
    let second = practice.run(&["up"]);
    assert_refused(&second, "tourne déjà");
    // Notes can be written while the guardian runs.
    assert_success(&practice.run(&["journal", "note", "pendant le service"]));

    signal(&child, "TERM");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut log, &mut rest).unwrap();
    assert!(rest.contains("SIGTERM"), "{rest}");
    assert!(rest.contains("gardien arrêté proprement"), "{rest}");

    let shown = practice.run(&["journal", "show", "--json"]);
    let actions: Vec<String> = stdout(&shown)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["action"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    // The guardian took its first scheduled backup at start, and finished it before stopping.
    let position = |action: &str| actions.iter().position(|a| a == action);
    let stopped = position("guardian.stopped").expect("guardian.stopped");
    assert_eq!(stopped, actions.len() - 1, "{actions:?}");
    assert!(position("backup.finished").expect("a scheduled backup") < stopped);
    let others: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("backup.") && !a.starts_with("drill."))
        .collect();
    assert_eq!(
        others,
        [
            "hygie.initialised",
            "protect.set",
            "guardian.started",
            "note.added",
            "guardian.stopped"
        ]
    );
    let status = practice.run(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(json["guardian"]["state"], "stopped");
    assert_success(&practice.run(&["journal", "verify"]));
}

/// A file saved twice in a row has its second version waiting for the end of its span (30 s):
/// stopping the guardian copies it into the shadow store first, rather than losing it — a
/// small file read whole, and a large one the engine only samples, whose permissions change
/// meanwhile (its stamp moves: its sampled content is measured again, then copied whole).
#[cfg(unix)]
#[test]
fn up_copies_the_versions_waiting_for_their_span_before_it_stops() {
    let practice = Practice::new();
    practice.init();
    let small = practice.folder("dossiers").join("ordonnance.txt");
    let large = practice.folder("dossiers").join("compte-rendu.txt");
    let (mut child, _log) = start_guardian(&practice);
    // The sentinel has read the (empty) folder.
    std::thread::sleep(Duration::from_secs(2));
    std::fs::write(&small, "Ordonnance, première version.\n".repeat(40)).unwrap();
    std::fs::write(&large, "Compte rendu, première version.\n".repeat(8000)).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let second = "Ordonnance, seconde version, à garder.\n".repeat(40);
    let second_large = "Compte rendu, seconde version, à garder.\n".repeat(8000);
    std::fs::write(&small, &second).unwrap();
    std::fs::write(&large, &second_large).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&large, std::fs::Permissions::from_mode(0o600)).unwrap();
    signal(&child, "TERM");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let packs: Vec<Vec<u8>> = files_under(&practice.home().join("shadows"))
        .into_iter()
        .filter(|path| path.is_file())
        .map(|path| std::fs::read(&path).unwrap_or_default())
        .collect();
    for version in [&second, &second_large] {
        let kept = packs.iter().any(|bytes| {
            bytes
                .windows(version.len())
                .any(|window| window == version.as_bytes())
        });
        assert!(kept, "a second version is not in the shadow store");
    }
}

#[cfg(unix)]
#[test]
fn up_stops_cleanly_on_sigint_too() {
    let practice = Practice::new();
    practice.init();
    let (mut child, _log) = start_guardian(&practice);
    signal(&child, "INT");
    assert!(child.wait().unwrap().success());
}

#[cfg(unix)]
#[test]
fn up_killed_with_sigkill_leaves_a_valid_journal_and_status_notices() {
    let practice = Practice::new();
    practice.init();
    let (mut child, _log) = start_guardian(&practice);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_success(&practice.run(&["journal", "verify"]));
    // The lock died with the process: a new guardian starts.
    let (mut again, _log) = start_guardian(&practice);
    signal(&again, "TERM");
    assert!(again.wait().unwrap().success());
}

fn restic(practice: &Practice, args: &[&str]) -> Output {
    let password = std::fs::read_to_string(practice.home().join("keys/vault.password")).unwrap();
    Command::new("restic")
        .args(["--no-cache", "-r"])
        .arg(practice.home().join("repository"))
        .args(args)
        .env("RESTIC_PASSWORD", password.trim())
        .output()
        .expect("restic is installed (Debian package restic; .ci/run installs it)")
}

fn actions(practice: &Practice) -> Vec<(String, String)> {
    let shown = practice.run(&["journal", "show", "--json"]);
    stdout(&shown)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["action"].as_str().unwrap().to_owned(),
                v["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_missing_or_foreign_master_key_is_derived_again_from_the_password() {
    let practice = Practice::new();
    practice.init();
    let key = practice.home().join("keys/vault.masterkey");
    let original = std::fs::read_to_string(&key).unwrap();
    assert_success(&practice.run(&["snapshots"]));

    // A key that opens nothing (another repository's): replaced, and the command works.
    let foreign = original.replace(|c: char| c.is_ascii_digit(), "7");
    std::fs::write(&key, &foreign).unwrap();
    assert_success(&practice.run(&["backup"]));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), original);
    // No key at all: derived from the password, and kept private.
    std::fs::remove_file(&key).unwrap();
    assert_success(&practice.run(&["snapshots"]));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), original);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn backups_restore_drill_and_restic_reads_them_with_the_printed_password() {
    let practice = Practice::new();
    practice.init();
    let dossiers = practice.dir.path().join("dossiers");
    std::fs::create_dir_all(dossiers.join("Martin Zoé")).unwrap();
    std::fs::write(
        dossiers.join("Martin Zoé/ordonnance.pdf"),
        vec![7u8; 300_000],
    )
    .unwrap();
    std::fs::write(dossiers.join("agenda.ics"), b"BEGIN:VCALENDAR\n").unwrap();
    std::fs::write(dossiers.join("brouillon.tmp"), b"x").unwrap();

    let backup = practice.run(&["backup", "--exclude", "*.tmp"]);
    assert_success(&backup);
    assert!(
        stdout(&backup).contains("2 fichiers"),
        "{}",
        stdout(&backup)
    );

    let listed = practice.run(&["snapshots", "--json"]);
    let snapshots: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert_eq!(snapshots.as_array().unwrap().len(), 1);
    let id = snapshots[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 64);

    let drill = practice.run(&["drill"]);
    assert_success(&drill);
    assert!(
        stdout(&drill).contains("Exercice réussi"),
        "{}",
        stdout(&drill)
    );

    let target = practice.dir.path().join("restauré");
    let restore = practice
        .command()
        .args(["restore", &id[..8], "--target"])
        .arg(&target)
        .arg("--include")
        .arg(dossiers.join("Martin Zoé"))
        .output()
        .unwrap();
    assert_success(&restore);
    let restored = target.join(dossiers.strip_prefix("/").unwrap());
    assert_eq!(
        std::fs::read(restored.join("Martin Zoé/ordonnance.pdf")).unwrap(),
        vec![7u8; 300_000]
    );
    assert!(!restored.join("agenda.ics").exists());

    // The printed password opens the repository with restic itself.
    let password = practice.run(&["vault", "password"]);
    assert_success(&password);
    assert_eq!(stdout(&password).trim().len(), 64);
    let check = restic(&practice, &["check", "--read-data"]);
    assert!(check.status.success(), "{}", stderr(&check));

    let journaled = actions(&practice);
    for action in [
        "backup.finished",
        "drill.passed",
        "restore.finished",
        "vault.password_shown",
    ] {
        assert!(
            journaled.iter().any(|(a, o)| a == action && o != "failure"),
            "{action} missing from {journaled:?}"
        );
    }
    let status = practice.run(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(json["backups"]["snapshots"], 1);
    assert_eq!(json["backups"]["last_drill_passed"], true);
}

#[test]
fn a_damaged_repository_is_reported_and_failures_are_journaled() {
    let practice = Practice::new();
    practice.init();
    // Incompressible, so the data pack is the largest file of the repository.
    let mut scan = Vec::with_capacity(400_000);
    let mut x: u32 = 0x1234_5678;
    while scan.len() < 400_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        scan.extend_from_slice(&x.to_le_bytes());
    }
    std::fs::write(practice.dir.path().join("dossiers/scan.jpg"), scan).unwrap();
    assert_success(&practice.run(&["backup"]));

    let missing = practice.run(&["backup", "/nulle/part"]);
    assert_refused(&missing, "n'existe pas");

    // Flip one byte of the largest pack.
    let mut packs = Vec::new();
    for path in files_under(&practice.home().join("repository/data")) {
        if path.is_file() {
            packs.push(path);
        }
    }
    packs.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let pack = packs.last().unwrap();
    let mut bytes = std::fs::read(pack).unwrap();
    bytes[200] ^= 0x01;
    std::fs::write(pack, bytes).unwrap();

    let check = practice.run(&["check", "--read-data"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stdout(&check).contains("DÉPÔT ENDOMMAGÉ"),
        "{}",
        stdout(&check)
    );
    let name = pack.file_name().unwrap().to_string_lossy().into_owned();
    assert!(stdout(&check).contains(&name[..8]), "{}", stdout(&check));

    let drill = practice.run(&["drill"]);
    assert_eq!(drill.status.code(), Some(1), "{}", stdout(&drill));

    let journaled = actions(&practice);
    assert!(journaled.contains(&("backup.failed".into(), "failure".into())));
    assert!(journaled.contains(&("repository.checked".into(), "failure".into())));
    assert!(
        journaled
            .iter()
            .any(|(a, o)| a.starts_with("drill.") && o == "failure")
    );
}

#[cfg(unix)]
#[test]
fn up_backs_up_then_drills_on_schedule() {
    let practice = Practice::new();
    practice.init();
    std::fs::write(
        practice.dir.path().join("dossiers/lettre.txt"),
        b"Cher confrere",
    )
    .unwrap();
    let (mut child, mut log) = start_guardian(&practice);
    wait_for_log(
        &mut log,
        "exercice de restauration réussi",
        Duration::from_secs(120),
    );
    signal(&child, "TERM");
    assert!(child.wait().unwrap().success());
    let journaled = actions(&practice);
    let position = |action: &str| journaled.iter().position(|(a, _)| a == action);
    let backup = position("backup.finished").expect("a scheduled backup");
    let drill = position("drill.passed").expect("a scheduled drill");
    assert!(backup < drill);
    let shown = practice.run(&["journal", "show", "--kind", "backup", "--json"]);
    assert!(stdout(&shown).contains("lettre") || stdout(&shown).contains("dossiers"));
}

#[test]
fn forget_keeps_by_age_and_a_freeze_stops_it_and_marks_new_snapshots() {
    let practice = Practice::new();
    practice.init();
    assert_success(&practice.run(&["backup"]));
    // Every snapshot is younger than 30 days: nothing is forgotten.
    let forget = practice.run(&["forget", "--dry-run", "--json"]);
    assert_success(&forget);
    let report: serde_json::Value = serde_json::from_str(&stdout(&forget)).unwrap();
    assert_eq!(report["forgotten"].as_array().unwrap().len(), 0);
    assert_eq!(report["kept"].as_array().unwrap().len(), 1);

    let freeze = practice.run(&["vault", "freeze", "--reason", "chiffrement suspect"]);
    assert_success(&freeze);
    assert!(stdout(&freeze).contains("épinglé"), "{}", stdout(&freeze));
    let refused = practice.run(&["forget"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("gelé"));
    assert_eq!(practice.run(&["prune"]).status.code(), Some(1));

    let suspect = practice.run(&["backup", "--json"]);
    assert_success(&suspect);
    let report: serde_json::Value = serde_json::from_str(&stdout(&suspect)).unwrap();
    let tags: Vec<&str> = report["snapshot"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"suspect"), "{tags:?}");
    let status = practice.run(&["status"]);
    assert!(stdout(&status).contains("GELÉ"));

    assert_success(&practice.run(&["vault", "unfreeze"]));
    assert_success(&practice.run(&["forget", "--prune"]));
    let journaled = actions(&practice);
    for action in [
        "vault.frozen",
        "vault.unfrozen",
        "snapshots.forgotten",
        "repository.pruned",
    ] {
        assert!(
            journaled.iter().any(|(a, _)| a == action),
            "{action} missing"
        );
    }
}

#[test]
fn restore_before_an_instant_takes_the_last_clean_snapshot() {
    let practice = Practice::new();
    practice.init();
    let letter = practice.dir.path().join("dossiers/lettre.txt");
    std::fs::write(&letter, b"version saine").unwrap();
    assert_success(&practice.run(&["backup"]));
    std::thread::sleep(Duration::from_millis(1100));
    let attack = jiff::Timestamp::now();
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&letter, b"CHIFFRE PAR UN RANCONGICIEL").unwrap();
    assert_success(&practice.run(&["backup"]));

    let target = practice.dir.path().join("sauvetage");
    let output = practice
        .command()
        .args([
            "restore",
            "latest",
            "--before",
            &attack.to_string(),
            "--target",
        ])
        .arg(&target)
        .arg("--include")
        .arg(&letter)
        .output()
        .unwrap();
    assert_success(&output);
    let restored = target.join(letter.strip_prefix("/").unwrap());
    assert_eq!(std::fs::read(restored).unwrap(), b"version saine");
}

#[cfg(unix)]
#[test]
fn a_backup_killed_at_any_point_leaves_a_repository_restic_accepts() {
    let practice = Practice::new();
    practice.init();
    // Enough incompressible data for a backup to take a while.
    let mut x: u64 = 0x0123_4567_89AB_CDEF;
    for file in 0..12 {
        let mut bytes = Vec::with_capacity(4 << 20);
        while bytes.len() < 4 << 20 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        std::fs::write(
            practice
                .dir
                .path()
                .join(format!("dossiers/scan-{file}.jpg")),
            bytes,
        )
        .unwrap();
    }
    for delay_ms in [30, 120, 250, 400, 700] {
        let mut child = practice
            .command()
            .arg("backup")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL; it may already have finished
        child.wait().unwrap();
        let check = restic(&practice, &["check"]);
        assert!(
            check.status.success(),
            "after a kill at {delay_ms} ms: {}",
            stderr(&check)
        );
        assert_success(&practice.run(&["journal", "verify"]));
    }
    assert_success(&practice.run(&["backup"]));
    let check = restic(&practice, &["check", "--read-data"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert_success(&practice.run(&["drill"]));
}

/// Starts `hygie vault serve` on a free loopback port; returns it and the port.
#[cfg(unix)]
fn start_server(data: &Path) -> (Running, u16) {
    start_server_with(data, &[])
}

/// Starts `hygie vault serve` with `extra` arguments on a free loopback port.
#[cfg(unix)]
fn start_server_with(data: &Path, extra: &[&str]) -> (Running, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Running(
        Command::new(env!("CARGO_BIN_EXE_hygie"))
            .env("LANG", "fr_FR.UTF-8")
            .args(["vault", "serve", "--data"])
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

#[cfg(unix)]
#[test]
fn a_server_killed_during_uploads_leaves_no_partial_file_and_the_next_backup_completes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("depots");
    std::fs::create_dir_all(&data).unwrap();
    let added = Command::new(env!("CARGO_BIN_EXE_hygie"))
        .env("LANG", "fr_FR.UTF-8")
        .env("HYGIE_SERVER_PASSWORD", "secret-du-cabinet")
        .args([
            "vault",
            "add-credential",
            "cabinet",
            "--role",
            "backup",
            "--data",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert_success(&added);
    let source = dir.path().join("dossiers");
    std::fs::create_dir_all(&source).unwrap();
    let mut x: u64 = 99;
    for file in 0..10 {
        let mut bytes = Vec::with_capacity(4 << 20);
        while bytes.len() < 4 << 20 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        std::fs::write(source.join(format!("scan-{file}.jpg")), bytes).unwrap();
    }
    let restic = |port: u16, args: &[&str]| {
        Command::new("restic")
            .args([
                "--no-cache",
                "-r",
                &format!("rest:http://cabinet:secret-du-cabinet@127.0.0.1:{port}/cabinet/"),
            ])
            .args(args)
            .env("RESTIC_PASSWORD", "phrase-du-depot")
            .output()
            .unwrap()
    };
    let (mut server, port) = start_server(&data);
    assert!(restic(port, &["init"]).status.success());
    // Kill the server while restic uploads.
    let mut backup = Command::new("restic")
        .args([
            "--no-cache",
            "-r",
            &format!("rest:http://cabinet:secret-du-cabinet@127.0.0.1:{port}/cabinet/"),
            "backup",
        ])
        .arg(&source)
        .env("RESTIC_PASSWORD", "phrase-du-depot")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = backup.kill();
    backup.wait().unwrap();

    // Every file the repository shows hashes to its name: no partial upload became visible.
    for path in files_under(&data.join("cabinet/data")) {
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let digest: String = sha256(&std::fs::read(&path).unwrap());
            assert_eq!(digest, name, "{} is a partial file", path.display());
        }
    }
    let (mut server, port) = start_server(&data);
    let unlock = restic(port, &["unlock"]);
    assert!(unlock.status.success(), "{}", stderr(&unlock));
    let again = restic(port, &["backup", source.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let check = restic(port, &["check", "--read-data"]);
    assert!(check.status.success(), "{}", stderr(&check));
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn the_server_refuses_to_listen_beyond_loopback_without_tls() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_hygie"))
        .env("LANG", "fr_FR.UTF-8")
        .args(["vault", "serve", "--data"])
        .arg(dir.path())
        .args(["--listen", "0.0.0.0:8000"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("TLS"), "{}", stderr(&output));
}

/// Adds a credential to the server's data folder.
fn add_credential(data: &Path, name: &str, role: &str, password: &str) {
    let added = Command::new(env!("CARGO_BIN_EXE_hygie"))
        .env("LANG", "fr_FR.UTF-8")
        .env("HYGIE_SERVER_PASSWORD", password)
        .args(["vault", "add-credential", name, "--role", role, "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_success(&added);
}

/// A certificate authority and a certificate it signed for 127.0.0.1, made with `openssl`:
/// returns the CA's certificate, the server's certificate and its key.
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let openssl = |args: &[&str]| {
        let output = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Hygie test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// The server's journal, one JSON object per entry.
fn server_events(data: &Path) -> Vec<serde_json::Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_hygie"))
        .env("LANG", "fr_FR.UTF-8")
        .args(["vault", "events", "--json", "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert_success(&output);
    assert!(
        stderr(&output).contains("entrées intactes"),
        "{}",
        stderr(&output)
    );
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_practice_backs_up_over_tls_to_the_server_which_witnesses_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("depots");
    std::fs::create_dir_all(&data).unwrap();
    add_credential(&data, "cabinet", "backup", "secret-du-cabinet");
    let (ca, certificate, key) = certificates(dir.path());
    let (mut server, port) = start_server_with(
        &data,
        &[
            "--tls-cert",
            certificate.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let address = format!("rest:https://127.0.0.1:{port}/cabinet");

    let practice = Practice::new();
    let dossiers = practice.folder("dossiers");
    std::fs::write(dossiers.join("agenda.txt"), "lundi 9h : M. Durand\n").unwrap();
    let init = practice
        .command()
        .env("HYGIE_SERVER_PASSWORD", "secret-du-cabinet")
        .args(["init", "--practice", "Cabinet des Tilleuls", "--protect"])
        .arg(&dossiers)
        .args(["--repo", &address, "--witness", &address, "--server-ca"])
        .arg(&ca)
        .output()
        .unwrap();
    assert_success(&init);
    assert!(
        stdout(&init).contains("Premier point de contrôle envoyé au témoin"),
        "{}",
        stdout(&init)
    );
    let password_file = practice.home().join("keys/server.password");
    assert_eq!(
        std::fs::read_to_string(&password_file).unwrap().trim(),
        "secret-du-cabinet"
    );
    assert!(
        !std::fs::read_to_string(practice.home().join("hygie.toml"))
            .unwrap()
            .contains("secret-du-cabinet"),
        "the password stays out of the configuration"
    );

    // Backups, drills and restores go through the server.
    assert_success(&practice.run(&["backup"]));
    assert_success(&practice.run(&["drill"]));
    let target = practice.dir.path().join("restaure");
    assert_success(&practice.run(&["restore", "latest", "--target", target.to_str().unwrap()]));
    let restored = files_under(&target)
        .into_iter()
        .find(|p| p.ends_with("agenda.txt"))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(restored).unwrap(),
        "lundi 9h : M. Durand\n"
    );
    assert!(data.join("cabinet/config").is_file());

    // restic reads the same repository over TLS, trusting the same authority.
    let vault_password =
        std::fs::read_to_string(practice.home().join("keys/vault.password")).unwrap();
    let check = Command::new("restic")
        .args([
            "--no-cache",
            "--cacert",
            ca.to_str().unwrap(),
            "-r",
            &format!("rest:https://cabinet:secret-du-cabinet@127.0.0.1:{port}/cabinet/"),
            "check",
            "--read-data",
        ])
        .env("RESTIC_PASSWORD", vault_password.trim())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));

    // The practice's credential cannot delete a snapshot: refused, and journaled on the server.
    let snapshot = files_under(&data.join("cabinet/snapshots"))
        .into_iter()
        .find(|p| p.is_file())
        .unwrap();
    let client = reqwest::blocking::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&ca).unwrap()).unwrap())
        .build()
        .unwrap();
    let name = snapshot.file_name().unwrap().to_string_lossy().into_owned();
    let deleted = client
        .delete(format!("https://127.0.0.1:{port}/cabinet/snapshots/{name}"))
        .basic_auth("cabinet", Some("secret-du-cabinet"))
        .send()
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 403);
    assert!(snapshot.is_file());

    // Checkpoints go to the server, which says so.
    let checkpoint = practice.run(&["journal", "checkpoint"]);
    assert_success(&checkpoint);
    assert!(
        stdout(&checkpoint).contains(&address),
        "{}",
        stdout(&checkpoint)
    );
    let verified = practice.run(&["journal", "verify"]);
    assert_success(&verified);
    let status = practice.run(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(json["witness"]["state"], "ok", "{json}");

    // Another journal, with another key, claiming the same witness: refused.
    let impostor = Practice::new();
    let impostor_init = impostor
        .command()
        .env("HYGIE_SERVER_PASSWORD", "secret-du-cabinet")
        .args([
            "init",
            "--practice",
            "Imposteur",
            "--witness",
            &address,
            "--server-ca",
        ])
        .arg(&ca)
        .output()
        .unwrap();
    assert_success(&impostor_init);
    let refused = impostor.run(&["journal", "checkpoint"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("LE TÉMOIN A REFUSÉ"),
        "{}",
        stderr(&refused)
    );

    signal(&server, "INT");
    server.wait().unwrap();
    let events = server_events(&data);
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.first(), Some(&"server.started"), "{actions:?}");
    assert!(actions.contains(&"witness.accepted"), "{actions:?}");
    assert!(actions.contains(&"witness.refused"), "{actions:?}");
    let refusal = events
        .iter()
        .find(|e| e["action"] == "server.refused" && e["details"]["method"] == "DELETE")
        .expect("the refused delete is journaled");
    assert_eq!(refusal["details"]["status"], 403);
    assert_eq!(refusal["actor"]["id"], "cabinet");
    let _ = server.kill();
}

/// The server runs in its own mount namespace (`unshare`), on a 2 MiB tmpfs mounted over its
/// data folder there: a real full disk, without touching the machine's mounts.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_the_server_answers_507_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("depots");
    std::fs::create_dir_all(&data).unwrap();
    let credentials = dir.path().join("credentials.toml");
    let added = Command::new(env!("CARGO_BIN_EXE_hygie"))
        .env("HYGIE_SERVER_PASSWORD", "secret-du-cabinet")
        .args(["vault", "add-credential", "cabinet", "--data"])
        .arg(&data)
        .arg("--credentials")
        .arg(&credentials)
        .output()
        .unwrap();
    assert_success(&added);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    const SERVE_IN_A_SMALL_TMPFS: &str = r#"mount -t tmpfs -o size=2m tmpfs "$1" && exec "$2" vault serve --data "$1" --credentials "$3" --listen "$4""#;
    let mut server = Running(
        Command::new("unshare")
            .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
            .arg(SERVE_IN_A_SMALL_TMPFS)
            .arg("sh")
            .arg(&data)
            .arg(env!("CARGO_BIN_EXE_hygie"))
            .arg(&credentials)
            .arg(format!("127.0.0.1:{port}"))
            .env("LANG", "fr_FR.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server did not start in its own mount namespace (unshare)"
        );
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The server's view of its data folder: the tmpfs.
    let seen =
        PathBuf::from(format!("/proc/{}/root", server.id())).join(data.strip_prefix("/").unwrap());
    let client = reqwest::blocking::Client::new();
    let base = format!("http://127.0.0.1:{port}/cabinet");
    let send = |request: reqwest::blocking::RequestBuilder| {
        request
            .basic_auth("cabinet", Some("secret-du-cabinet"))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(send(client.post(format!("{base}/?create=true"))), 200);

    let mut x: u64 = 7;
    let mut noise = |len: usize| {
        let mut bytes = Vec::with_capacity(len + 8);
        while bytes.len() < len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        bytes
    };
    let too_big = noise(3 << 20);
    let name = sha256(&too_big);
    assert_eq!(
        send(client.post(format!("{base}/data/{name}")).body(too_big)),
        507,
        "a full disk is 507 Insufficient Storage"
    );
    assert!(
        !seen
            .join("cabinet/data")
            .join(&name[..2])
            .join(&name)
            .exists()
    );
    assert_eq!(
        std::fs::read_dir(seen.join("cabinet/.incoming"))
            .unwrap()
            .count(),
        0,
        "no partial upload is left behind"
    );
    // Once there is room, the server goes on as before.
    let small = noise(100_000);
    let name = sha256(&small);
    assert_eq!(
        send(
            client
                .post(format!("{base}/data/{name}"))
                .body(small.clone())
        ),
        200
    );
    assert_eq!(
        std::fs::read(seen.join("cabinet/data").join(&name[..2]).join(&name)).unwrap(),
        small
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Starts `hygie sentinel watch` (JSON alerts on stdout) and waits until it watches.
fn start_sentinel(
    practice: &Practice,
    paths: &[&Path],
) -> (Running, std::sync::mpsc::Receiver<String>) {
    let (child, alerts, _said) = start_sentinel_telling(practice, paths);
    (child, alerts)
}

/// [`start_sentinel`], with what it says on its standard error after it started (each line
/// as it comes).
fn start_sentinel_telling(
    practice: &Practice,
    paths: &[&Path],
) -> (
    Running,
    std::sync::mpsc::Receiver<String>,
    std::sync::mpsc::Receiver<String>,
) {
    let mut child = Running(
        practice
            .command()
            .args(["sentinel", "watch", "--json"])
            .args(paths)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut log = BufReader::new(child.stderr.take().unwrap());
    wait_for_log(&mut log, "Surveillance de", Duration::from_secs(30));
    // Keep reading what it says, listened to or not, so it never writes to a closed pipe.
    let (telling, said) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in log.lines().map_while(Result::ok) {
            let _ = telling.send(line);
        }
    });
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, receiver, said)
}

#[test]
fn the_simulator_refuses_a_folder_without_its_marker() {
    let dir = tempfile::tempdir().unwrap();
    assert!(simulator::Corpus::open(dir.path()).is_err());
    assert!(simulator::Corpus::open(Path::new("/etc")).is_err());
    simulator::Corpus::create(&dir.path().join("corpus"), 1);
    assert!(simulator::Corpus::open(&dir.path().join("corpus")).is_ok());
}

#[cfg(target_os = "linux")]
#[test]
fn the_sentinel_catches_in_place_encryption_within_a_few_files_and_journals_it() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(8);
    practice.init();
    assert!(simulator::Corpus::open(&root).is_ok());
    // No folder given: the protected folders.
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);

    // 10 files a second, in order, until the alert.
    let mut encrypted = Vec::new();
    let mut alert = None;
    for path in corpus.files() {
        corpus.encrypt_in_place(&path, 0xC0FFEE);
        encrypted.push(path);
        if let Ok(line) = alerts.recv_timeout(Duration::from_millis(100)) {
            alert = Some(line);
            break;
        }
    }
    let alert = alert
        .or_else(|| alerts.recv_timeout(Duration::from_secs(5)).ok())
        .expect("no alert");
    let alert: serde_json::Value = serde_json::from_str(&alert).unwrap();
    eprintln!("{} files encrypted when the alert came", encrypted.len());
    assert!(
        encrypted.len() <= 5,
        "{} files encrypted before the alert",
        encrypted.len()
    );
    let damaged: Vec<&str> = alert["damaged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(damaged.len() >= 3, "{alert}");
    for path in &damaged {
        assert!(
            encrypted.iter().any(|e| e.to_str() == Some(*path)),
            "{path} was not encrypted"
        );
    }
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    assert!(actions(&practice).iter().any(|(action, outcome)| action
        == "sentinel.ransomware_suspected"
        && outcome == "failure"));
}

/// Runs `attack` on the corpus's files at 10 files a second under a watching sentinel; returns
/// how many files it had attacked when the alert came, or `None` without an alert.
#[cfg(target_os = "linux")]
fn files_attacked_before_the_alert(
    prepare: impl FnOnce(&Path),
    attack: impl Fn(&simulator::Corpus, &Path),
) -> Option<usize> {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(8);
    let (mut sentinel, alerts) = start_sentinel(&practice, &[&root]);
    prepare(&root);
    let mut attacked = 0;
    let mut alerted = false;
    for path in corpus.files() {
        attack(&corpus, &path);
        attacked += 1;
        if alerts.recv_timeout(Duration::from_millis(100)).is_ok() {
            alerted = true;
            break;
        }
    }
    alerted |= alerts.recv_timeout(Duration::from_secs(3)).is_ok();
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    alerted.then_some(attacked)
}

#[cfg(target_os = "linux")]
#[test]
fn encryption_by_a_copy_renamed_over_the_original_is_caught() {
    let attacked = files_attacked_before_the_alert(
        |_| {},
        |corpus, path| corpus.encrypt_by_rename_over(path, 7),
    );
    assert!(attacked.is_some_and(|n| n <= 5), "{attacked:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn files_of_a_renamed_folder_keep_their_history() {
    // Every folder renamed before the attack: without the history, in-place encryption would
    // look like new files.
    let attacked = files_attacked_before_the_alert(
        |root| {
            for folder in std::fs::read_dir(root).unwrap().flatten() {
                let path = folder.path();
                if path.is_dir() {
                    std::fs::rename(&path, path.with_extension("ancien")).unwrap();
                }
            }
            std::thread::sleep(Duration::from_millis(300));
        },
        |corpus, path| corpus.encrypt_in_place(path, 9),
    );
    assert!(attacked.is_some_and(|n| n <= 5), "{attacked:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn ordinary_work_raises_no_alert() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(6);
    let (mut sentinel, alerts) = start_sentinel(&practice, &[&root]);
    for (i, path) in corpus.files().iter().enumerate() {
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => corpus.office_save(path, b"\nRevu le 28/11, RAS.\n"),
            Some("jpg") => {
                let copy = root.join(format!("patient-00/copie-{i}.jpg"));
                std::fs::copy(path, copy).unwrap();
            }
            _ => {}
        }
    }
    std::fs::remove_file(root.join("patient-01/notes.txt")).unwrap();
    std::fs::rename(
        root.join("patient-02/courrier.rtf"),
        root.join("patient-02/courrier-2025.rtf"),
    )
    .unwrap();
    std::fs::rename(root.join("patient-03"), root.join("patient-03-ancien")).unwrap();
    let quiet = alerts.recv_timeout(Duration::from_secs(3));
    assert!(
        sentinel.try_wait().unwrap().is_none(),
        "the sentinel stopped on its own"
    );
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    assert!(
        matches!(quiet, Err(std::sync::mpsc::RecvTimeoutError::Timeout)),
        "false alert: {quiet:?}"
    );
}

/// A GnuPG home for the tests, outside the watched folders.
fn gnupg_home() -> PathBuf {
    std::env::temp_dir().join(format!("hygie-test-gnupg-{}", std::process::id()))
}

/// Runs a real tool in `dir`; it must succeed.
fn tool(dir: &Path, program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GNUPGHOME", gnupg_home())
        .env("GIT_AUTHOR_NAME", "Secrétariat")
        .env("GIT_AUTHOR_EMAIL", "secretariat@cabinet.invalid")
        .env("GIT_COMMITTER_NAME", "Secrétariat")
        .env("GIT_COMMITTER_EMAIL", "secretariat@cabinet.invalid")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} (from Debian's packages) is needed: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The benign workloads that fooled published detectors, with the real tools, in the watched
/// folders: archives made and extracted (tar.gz, zip, 7z), a few files encrypted with gpg, a
/// git repository committed and checked out, SQLite writes, photo copies, office saves.
#[cfg(target_os = "linux")]
#[test]
fn real_tools_at_work_raise_no_alert() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(8);
    practice.init();
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    let work = root.join("travail");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(gnupg_home()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(gnupg_home(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    tool(
        &root,
        "tar",
        &["czf", "travail/archive.tar.gz", "patient-00", "patient-01"],
    );
    tool(&work, "tar", &["xzf", "archive.tar.gz"]);
    tool(&root, "zip", &["-qr", "travail/archive.zip", "patient-02"]);
    tool(&work, "unzip", &["-q", "archive.zip", "-d", "depuis-zip"]);
    tool(
        &root,
        "7z",
        &["a", "-bd", "travail/archive.7z", "patient-03"],
    );
    tool(&work, "7z", &["x", "-bd", "-odepuis-7z", "archive.7z"]);
    for name in ["patient-04/compte-rendu.pdf", "patient-04/courrier.rtf"] {
        tool(
            &root,
            "gpg",
            &[
                "--batch",
                "--yes",
                "--quiet",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "envoi-securise",
                "--symmetric",
                name,
            ],
        );
    }
    // gpg started its agent: stop it, and forget its home.
    tool(&root, "gpgconf", &["--kill", "gpg-agent"]);
    let _ = std::fs::remove_dir_all(gnupg_home());
    tool(&work, "git", &["init", "-q", "-b", "main", "depot"]);
    let repo = work.join("depot");
    for i in 0..20 {
        std::fs::write(repo.join(format!("note-{i}.txt")), format!("suivi {i}\n")).unwrap();
    }
    tool(&repo, "git", &["add", "."]);
    tool(&repo, "git", &["commit", "-qm", "notes"]);
    tool(&repo, "git", &["checkout", "-qb", "revision"]);
    for i in 0..20 {
        std::fs::write(
            repo.join(format!("note-{i}.txt")),
            format!("suivi {i} revu\n"),
        )
        .unwrap();
    }
    tool(&repo, "git", &["commit", "-qam", "revues"]);
    tool(&repo, "git", &["checkout", "-q", "main"]);
    tool(
        &work,
        "sqlite3",
        &[
            "agenda.sqlite",
            "CREATE TABLE rdv (id INTEGER PRIMARY KEY, patient TEXT, quand TEXT);",
        ],
    );
    for day in 0..10 {
        let inserts: String = (0..100)
            .map(|i| format!("INSERT INTO rdv (patient, quand) VALUES ('patient {i}', '2026-12-{:02} 09:00');", day + 1))
            .collect();
        tool(
            &work,
            "sqlite3",
            &["agenda.sqlite", &format!("BEGIN; {inserts} COMMIT;")],
        );
    }
    let photos = work.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for (i, path) in corpus.files().iter().enumerate() {
        if path.extension().is_some_and(|e| e == "jpg") {
            std::fs::copy(path, photos.join(format!("photo-{i}.jpg"))).unwrap();
        }
        if path.extension().is_some_and(|e| e == "txt") && path.starts_with(root.join("patient-05"))
        {
            corpus.office_save(path, b"\nRevu le 29/11.\n");
        }
    }
    let quiet = alerts.recv_timeout(Duration::from_secs(3));
    assert!(
        sentinel.try_wait().unwrap().is_none(),
        "the sentinel stopped on its own"
    );
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    assert!(
        matches!(quiet, Err(std::sync::mpsc::RecvTimeoutError::Timeout)),
        "false alert: {quiet:?}"
    );
    assert_eq!(stdout(&practice.run(&["alerts", "--json"])), "");
}

#[cfg(target_os = "linux")]
#[test]
fn an_attack_is_detected_the_vault_frozen_and_every_file_put_back_bit_for_bit() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(6);
    practice.init();
    // The files belong to a member of staff: put back, they still do.
    let staff = nix_is_root().then_some(1234);
    for path in corpus.files() {
        if let Some(uid) = staff {
            std::os::unix::fs::chown(&path, Some(uid), Some(uid)).unwrap();
        }
    }
    let originals: Vec<(PathBuf, Vec<u8>)> = corpus
        .files()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    assert_success(&practice.run(&["backup"]));
    std::thread::sleep(Duration::from_millis(1100));

    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    let mut notes = Vec::new();
    for folder in ["patient-00", "patient-01", "patient-02"] {
        notes.push(corpus.leave_note(&root.join(folder)));
    }
    let mut files = corpus
        .files()
        .into_iter()
        .filter(|p| !p.ends_with("LISEZ-MOI.txt"));
    for path in files.by_ref() {
        corpus.encrypt_in_place(&path, 0xBAD);
        if alerts.recv_timeout(Duration::from_millis(100)).is_ok() {
            break;
        }
    }
    // The attack goes on after the alert: the alert keeps up.
    for path in files.take(2) {
        corpus.encrypt_in_place(&path, 0xBAD);
    }
    std::thread::sleep(Duration::from_millis(1500));
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();

    let listed = practice.run(&["alerts", "--json"]);
    assert_success(&listed);
    let alert: serde_json::Value =
        serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
    assert_eq!(alert["id"], 1);
    assert!(alert["restored"].is_null());
    // The vault is frozen: nothing can be forgotten while the incident is open.
    let forget = practice.run(&["forget"]);
    assert!(!forget.status.success(), "{}", stdout(&forget));

    // Left by the attacker: links to a file outside the protected folders, one where an
    // encrypted file was, one under the name the restore writes another one under before
    // renaming it. The restore (as root) replaces the first and removes the second, never
    // writes through either.
    let encrypted: Vec<&PathBuf> = originals
        .iter()
        .filter(|(path, bytes)| std::fs::read(path).unwrap() != *bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(encrypted.len() >= 2, "{encrypted:?}");
    let outside = root.with_file_name("hors-protection.txt");
    std::fs::write(&outside, b"ne pas toucher").unwrap();
    std::fs::remove_file(encrypted[0]).unwrap();
    std::os::unix::fs::symlink(&outside, encrypted[0]).unwrap();
    let name = encrypted[1].file_name().unwrap().to_string_lossy();
    let temporary = encrypted[1].with_file_name(format!(".{name}.hygie-restore"));
    std::os::unix::fs::symlink(&outside, &temporary).unwrap();
    // What the restore replaces (the encrypted versions) is kept, not dropped.
    let replaced = encrypted.len() - 1;

    let restored = practice.run(&["incident", "restore", "1"]);
    assert_success(&restored);
    for (path, bytes) in &originals {
        assert!(
            path.symlink_metadata().unwrap().is_file(),
            "{}",
            path.display()
        );
        assert_eq!(
            &std::fs::read(path).unwrap(),
            bytes,
            "{} is not as before the attack",
            path.display()
        );
    }
    assert_eq!(std::fs::read(&outside).unwrap(), b"ne pas toucher");
    assert!(
        temporary.symlink_metadata().is_err(),
        "the planted link is left"
    );
    if let Some(uid) = staff {
        use std::os::unix::fs::MetadataExt;
        for (path, _) in &originals {
            let metadata = std::fs::metadata(path).unwrap();
            assert_eq!(
                (metadata.uid(), metadata.gid()),
                (uid, uid),
                "{}",
                path.display()
            );
        }
    }
    let kept = practice
        .home()
        .join("quarantine/alert-1-avant-restauration");
    assert_eq!(
        files_under(&kept).iter().filter(|p| p.is_file()).count(),
        replaced,
        "{}",
        stdout(&restored)
    );
    for note in &notes {
        assert!(!note.exists(), "{} is still there", note.display());
    }
    let quarantine = practice.home().join("quarantine/alert-1");
    assert_eq!(
        files_under(&quarantine)
            .iter()
            .filter(|p| p.is_file())
            .count(),
        notes.len()
    );
    assert!(
        actions(&practice)
            .iter()
            .any(|(action, outcome)| action == "incident.restored" && outcome == "success")
    );
    let listed = practice.run(&["alerts", "--json"]);
    let alert: serde_json::Value =
        serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
    assert!(!alert["restored"].is_null());
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_snapshot_an_incident_is_restored_from_the_shadow_copies_alone() {
    use std::os::unix::process::CommandExt;
    let practice = Practice::new();
    let (_root, corpus) = practice.corpus(6);
    practice.init();
    // The notes belong to a member of staff: put back, they still do.
    let staff = nix_is_root().then_some(1234);
    for path in corpus.files() {
        if let Some(uid) = staff {
            std::os::unix::fs::chown(&path, Some(uid), Some(uid)).unwrap();
        }
    }
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    // Notes completed during the day by another program (its own process group), and no
    // backup ever taken: only the sentinel's copies hold them.
    let mut edited = BTreeMap::new();
    for path in corpus
        .files()
        .into_iter()
        .filter(|p| p.ends_with("notes.txt"))
    {
        let appended = Command::new("sh")
            .args([
                "-c",
                "printf '\\nRevu le 30 novembre : tension normale.\\n' >> \"$0\"",
            ])
            .arg(&path)
            .process_group(0)
            .status()
            .unwrap();
        assert!(appended.success());
        edited.insert(path.clone(), std::fs::read(&path).unwrap());
    }
    // Past the margin within which copies are not trusted.
    std::thread::sleep(Duration::from_millis(1500));
    // The attacker's copies, its own (root's), are renamed over the notes: only the shadow
    // copies know whose the notes were.
    assert!(an_attack_is_caught_with(
        &corpus,
        &alerts,
        |path| !path.ends_with("notes.txt"),
        |path| corpus.encrypt_by_rename_over(path, 21),
    ));
    std::thread::sleep(Duration::from_millis(1500));
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    let encrypted: Vec<&PathBuf> = edited
        .iter()
        .filter(|(path, bytes)| std::fs::read(path).unwrap() != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(!encrypted.is_empty());

    // The copies renamed over the notes are this process's doing, not that of the notes'
    // last writer (the secretary's shell, whose group containment would stop).
    if nix_is_root() {
        let listed = practice.run(&["alerts", "--json"]);
        let alert: serde_json::Value =
            serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
        let suspects = alert["evidence"]["suspects"].as_array().unwrap();
        assert!(
            !suspects.is_empty()
                && suspects
                    .iter()
                    .all(|s| s["pid"] == serde_json::json!(std::process::id())),
            "{alert}"
        );
    }
    let restored = practice.run(&["incident", "restore", "1"]);
    assert_success(&restored);
    assert!(
        stdout(&restored).contains("aucun instantané n'a été terminé avant le début"),
        "{}",
        stdout(&restored)
    );
    for (path, bytes) in &edited {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            bytes,
            "{} is not as completed before the attack",
            path.display()
        );
        if let Some(uid) = staff {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).unwrap();
            assert_eq!(
                (metadata.uid(), metadata.gid()),
                (uid, uid),
                "{} no longer belongs to the member of staff",
                path.display()
            );
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_guardian_watches_the_protected_folders() {
    let practice = Practice::new();
    let (_, corpus) = practice.corpus(6);
    practice.init();
    let (mut guardian, mut log) = start_guardian(&practice);
    wait_for_log(&mut log, "Surveillance de", Duration::from_secs(30));
    let status = practice.run(&["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["sentinel"]["state"], "watching", "{status}");
    let mode = if nix_is_root() { "writers" } else { "portable" };
    assert_eq!(status["sentinel"]["mode"], mode, "{status}");
    assert!(stdout(&practice.run(&["status"])).contains("Rançongiciels : surveillance active"),);
    for path in corpus.files().into_iter().take(6) {
        corpus.encrypt_in_place(&path, 3);
        std::thread::sleep(Duration::from_millis(50));
    }
    wait_for_log(&mut log, "ALERTE RANÇONGICIEL", Duration::from_secs(10));
    signal(&guardian, "TERM");
    assert!(guardian.wait().unwrap().success());
    let status = practice.run(&["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["sentinel"]["state"], "not_running", "{status}");
    let actions = actions(&practice);
    assert!(
        actions
            .iter()
            .any(|(action, _)| action == "sentinel.ransomware_suspected"),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|(action, _)| action == "vault.frozen"),
        "{actions:?}"
    );
}

/// Encrypts the corpus's files (but those `spared`) one by one until the sentinel raises an
/// alert; whether it did. An alert about other files than those encrypted fails the test.
fn an_attack_is_caught(
    corpus: &simulator::Corpus,
    alerts: &std::sync::mpsc::Receiver<String>,
    spared: impl Fn(&Path) -> bool,
) -> bool {
    an_attack_is_caught_with(corpus, alerts, spared, |path| {
        corpus.encrypt_in_place(path, 21);
    })
}

/// [`an_attack_is_caught`], each file encrypted by `encrypt`.
fn an_attack_is_caught_with(
    corpus: &simulator::Corpus,
    alerts: &std::sync::mpsc::Receiver<String>,
    spared: impl Fn(&Path) -> bool,
    encrypt: impl Fn(&Path),
) -> bool {
    let mut encrypted = BTreeSet::new();
    let about_the_attack = |line: String, encrypted: &BTreeSet<PathBuf>| {
        let alert: serde_json::Value = serde_json::from_str(&line).unwrap();
        let damaged = alert["damaged"].as_array().unwrap();
        assert!(
            !damaged.is_empty()
                && damaged
                    .iter()
                    .all(|path| encrypted.contains(Path::new(path.as_str().unwrap()))),
            "an alert about other files than those encrypted: {line}"
        );
        true
    };
    for path in corpus.files() {
        if spared(&path) {
            continue;
        }
        encrypt(&path);
        encrypted.insert(path);
        if let Ok(line) = alerts.recv_timeout(Duration::from_millis(200)) {
            return about_the_attack(line, &encrypted);
        }
    }
    // A sentinel slow to judge (a debug build on a busy machine) says it later.
    alerts
        .recv_timeout(Duration::from_secs(60))
        .is_ok_and(|line| about_the_attack(line, &encrypted))
}

/// Waits until the process `pid` has used less than 30 ms of CPU in a second (two minutes at
/// most): a sentinel done with what it was given.
fn wait_until_idle(pid: u32) {
    let ticks = || -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // User and system time, the 14th and 15th fields, counted after the name.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut before = ticks().unwrap_or_else(|| panic!("process {pid} is gone"));
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(1));
        let now = ticks().unwrap_or_else(|| panic!("process {pid} ended"));
        if now.saturating_sub(before) < 3 {
            return;
        }
        before = now;
    }
    panic!("process {pid} still busy after two minutes");
}

#[cfg(target_os = "linux")]
#[test]
fn the_sentinel_survives_symlink_loops_vanishing_files_and_a_burst_of_files() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(6);
    std::os::unix::fs::symlink(&root, root.join("boucle")).unwrap();
    let (mut sentinel, alerts) = start_sentinel(&practice, &[&root]);
    // 100,000 files in a burst (empty: 400 MB of blocks otherwise), a few hundred written,
    // and files that vanish as soon as they are written.
    let burst = root.join("import");
    std::fs::create_dir(&burst).unwrap();
    for i in 0..100_000 {
        let path = burst.join(format!("note-{i}.txt"));
        if i % 250 == 0 {
            std::fs::write(path, format!("note {i}\n")).unwrap();
        } else {
            std::fs::File::create(path).unwrap();
        }
    }
    for i in 0..200 {
        let path = root.join(format!("patient-00/~tmp{i}.txt"));
        std::fs::write(&path, "brouillon").unwrap();
        std::fs::remove_file(&path).unwrap();
    }
    // All of it judged before the quiet is checked.
    wait_until_idle(sentinel.id());
    assert!(
        alerts.recv_timeout(Duration::from_secs(2)).is_err(),
        "ordinary bursts raised an alert"
    );
    // Still watching: an attack afterwards is caught.
    let caught = an_attack_is_caught(&corpus, &alerts, |path| path.starts_with(&burst));
    assert!(sentinel.try_wait().unwrap().is_none(), "the sentinel died");
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    assert!(caught, "no alert after the burst");
    // A protected folder given as a link is refused, saying which folder to give instead.
    let link = practice.dir.path().join("raccourci");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let refused = practice.run(&["sentinel", "watch", link.to_str().unwrap()]);
    assert_refused(&refused, "passe par un lien vers");
    assert!(stderr(&refused).contains(&root.canonicalize().unwrap().display().to_string()));
}

/// The sentinel when the kernel drops notifications: frozen while more files are written than
/// the kernel keeps notifications of (its limit, `fs.inotify.max_queued_events`, is read, never
/// changed), then files are encrypted, whose notifications are surely dropped. A flood must
/// hide none of them.
#[cfg(target_os = "linux")]
#[test]
fn files_encrypted_while_notifications_are_lost_are_still_found_and_judged() {
    let limit: u64 = std::fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    if limit > 200_000 {
        eprintln!("skipped: the kernel keeps {limit} notifications, too many to flood in a test");
        return;
    }
    // Each new file is two notifications (created, closed): half of them fit in the queue.
    let flood = limit + 1_000;
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(4);
    practice.init();
    // Alerts only: the writer here is this test (as an ancestor of the sentinel, it would be
    // spared anyway).
    practice.edit_config("contain = \"kill\"", "contain = \"off\"");
    let (mut sentinel, alerts, said) = start_sentinel_telling(&practice, &[]);

    // While it cannot read, a flood of new files fills its queue, and files are encrypted
    // after it: the kernel drops their notifications.
    signal(&sentinel, "STOP");
    // (In a folder already watched: a new one would be watched only once it is read.)
    let encrypted: Vec<PathBuf> = corpus.files().into_iter().take(12).collect();
    for i in 0..flood {
        std::fs::write(root.join(format!("note-{i}.txt")), format!("note {i}\n")).unwrap();
    }
    for path in &encrypted {
        corpus.encrypt_in_place(path, 0xF100D);
    }
    signal(&sentinel, "CONT");

    let alert = alerts.recv_timeout(Duration::from_secs(30));
    let mut told = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !told
        .iter()
        .any(|line: &String| line.contains("Hygie a relu les dossiers protégés"))
    {
        let left = deadline.saturating_duration_since(Instant::now());
        match said.recv_timeout(left) {
            Ok(line) => told.push(line),
            Err(_) => panic!("the walk after the loss was not said: {told:?}"),
        }
    }
    assert!(
        told.iter()
            .any(|line| line.contains("perdu des notifications")),
        "{told:?}"
    );
    let alert: serde_json::Value =
        serde_json::from_str(&alert.expect("no alert for the files encrypted during the flood"))
            .unwrap();
    let damaged: Vec<PathBuf> = alert["damaged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|path| PathBuf::from(path.as_str().unwrap()))
        .collect();
    assert!(
        !damaged.is_empty() && damaged.iter().all(|path| encrypted.contains(path)),
        "{damaged:?}"
    );
    assert!(sentinel.try_wait().unwrap().is_none(), "the sentinel died");
    drop(sentinel);

    // The loss is evidence: the journal keeps it, with what the walk found.
    let journal = practice.run(&["journal", "show", "--json"]);
    assert_success(&journal);
    let lost = stdout(&journal)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|event| event["action"] == "sentinel.notifications_lost")
        .expect("the lost notifications are not in the journal");
    // All of them but those whose notifications fitted in the queue.
    let found = lost["details"]["files_found"].as_u64().unwrap();
    assert!(found + limit / 2 >= flood, "{lost}");
}

/// The attacker of the containment tests: this test binary, started again in its own process
/// group with `HYGIE_TEST_ATTACK` naming a marked corpus and `HYGIE_TEST_BEHAVIOUR` a
/// simulator behaviour. It plays the behaviour on the corpus's files at 10 a second, saying
/// each one on standard output first, until it is stopped. Without the variables it does
/// nothing (it is ignored in ordinary runs).
#[test]
#[ignore = "run as a separate process by the containment tests"]
fn simulated_attacker_process() {
    let Some(root) = std::env::var_os("HYGIE_TEST_ATTACK") else {
        return;
    };
    let behaviour = std::env::var("HYGIE_TEST_BEHAVIOUR").unwrap();
    let behaviour = hygie_simulator::Behaviour::from_name(&behaviour).unwrap();
    let pause: u64 = std::env::var("HYGIE_TEST_PAUSE_MS").map_or(100, |v| v.parse().unwrap());
    // B10: the work split across cooperating processes, each a copy of this one.
    let workers: usize = std::env::var("HYGIE_TEST_WORKERS").map_or(1, |v| v.parse().unwrap());
    let worker: Option<usize> = std::env::var("HYGIE_TEST_WORKER")
        .ok()
        .map(|v| v.parse().unwrap());
    // With `HYGIE_TEST_APART`, each worker in a process group of its own (no process tree
    // adds up the work: only the whole site does); this one, which writes nothing, then
    // exits normally once every worker was killed (SIGKILL), and fails if one finished.
    let apart = std::env::var_os("HYGIE_TEST_APART").is_some();
    if workers > 1 && worker.is_none() {
        use std::os::unix::process::{CommandExt, ExitStatusExt};
        let children: Vec<_> = (0..workers)
            .map(|index| {
                let mut worker = Command::new(std::env::current_exe().unwrap());
                worker
                    .args(std::env::args().skip(1))
                    .env("HYGIE_TEST_WORKER", index.to_string());
                if apart {
                    worker.process_group(0);
                }
                worker.spawn().unwrap()
            })
            .collect();
        for mut child in children {
            let status = child.wait().unwrap();
            assert!(
                !apart || status.signal() == Some(9),
                "a worker was not ended by the sentinel: {status:?}"
            );
        }
        return;
    }
    let corpus = hygie_simulator::Corpus::open(Path::new(&root)).unwrap();
    let files = corpus.files().unwrap();
    // The workers take turns, as `hygie-simulate`'s do: together, one file every pause.
    std::thread::sleep(Duration::from_millis(pause * worker.unwrap_or(0) as u64));
    for path in files.iter().skip(worker.unwrap_or(0)).step_by(workers) {
        println!("{}", path.display());
        std::io::Write::flush(&mut std::io::stdout()).unwrap();
        behaviour.apply(&corpus, path, 0xE71).unwrap();
        std::thread::sleep(Duration::from_millis(pause * workers as u64));
    }
    // Not stopped: the test sees a normal exit and fails.
}

/// An attack split across processes of their own, each a few files: only the whole site's
/// indicators add up. Another program raised one of those seconds before, then the secretary
/// saved her work: the site's incident began with that program's indicator, and before this
/// each file was put back as it was before it — her work in the quarantine, not in place.
/// Each file now comes back as it was before its own damage.
#[cfg(target_os = "linux")]
#[test]
fn a_split_attack_after_another_programs_indicator_puts_back_the_work_saved_between() {
    use std::os::unix::process::CommandExt;
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    let split = Attack {
        workers: 4,
        apart: true,
        ..Attack::new(hygie_simulator::Behaviour::InPlace)
    };
    let contained = attack_under_the_sentinel_after(&split, |root| {
        // Another program cuts a report's end (its trailer gone: a save under way, say), from
        // a process group of its own: one indicator, no alert.
        let cut = Command::new("truncate")
            .args(["-s", "-7"])
            .arg(root.join("patient-07/compte-rendu.pdf"))
            .process_group(0)
            .status()
            .unwrap();
        assert!(cut.success());
        // Past the margin within which recovery does not trust a shadow copy.
        std::thread::sleep(Duration::from_millis(1300));
    });
    assert_eq!(
        contained.alert["scope"]["scope"], "site",
        "{}",
        contained.alert
    );
    // The secretary's file was among those struck.
    let edited = contained.root.join(SECRETARYS_FILE);
    assert!(
        contained
            .originals
            .iter()
            .any(|(path, bytes)| *path == edited && *bytes != std::fs::read(&edited).unwrap()),
        "the attack did not reach {}",
        edited.display()
    );
    recover_everything(&contained, "split attack after another program's indicator");
}

/// What one contained attack left.
struct Contained {
    practice: Practice,
    /// Files the attacker had started on when it was ended.
    touched: usize,
    attacker_pid: u32,
    alert: serde_json::Value,
    /// Every file of the corpus before the attack.
    originals: Vec<(PathBuf, Vec<u8>)>,
    root: PathBuf,
}

/// Backs up a corpus, starts the sentinel, lets `behaviour` loose on the corpus in a separate
/// process group, and checks it is ended (SIGKILL) soon after the alert.
#[cfg(target_os = "linux")]
fn attack_under_the_sentinel(behaviour: hygie_simulator::Behaviour) -> Contained {
    attack_under_the_sentinel_after(&Attack::new(behaviour), |_| {})
}

/// How the simulated attacker is let loose.
#[cfg(target_os = "linux")]
struct Attack {
    behaviour: hygie_simulator::Behaviour,
    /// Processes sharing the work.
    workers: usize,
    /// The pause between two files, in all.
    pause_ms: u64,
    /// Each worker in a process group of its own, not under the first one.
    apart: bool,
}

#[cfg(target_os = "linux")]
impl Attack {
    /// One process, ten files a second.
    fn new(behaviour: hygie_simulator::Behaviour) -> Attack {
        Attack {
            behaviour,
            workers: 1,
            pause_ms: 100,
            apart: false,
        }
    }
}

/// The file the secretary saves before the attacks of these tests, in their corpus: one the
/// attack reaches before it is stopped.
#[cfg(target_os = "linux")]
const SECRETARYS_FILE: &str = "patient-00/courrier.rtf";

/// [`attack_under_the_sentinel`] as `attack` says, with `first` done in the corpus's folder
/// once the sentinel watches, before the secretary's work. The attacker is checked to be
/// ended — when its workers are apart, each of them, and the first process, which writes
/// nothing, exits normally.
#[cfg(target_os = "linux")]
fn attack_under_the_sentinel_after(attack: &Attack, first: impl FnOnce(&Path)) -> Contained {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let Attack {
        behaviour,
        workers,
        pause_ms,
        apart,
    } = *attack;
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(8);
    practice.init();
    // One copy of a file per 2 s at most: a file saved twice in a row has its second version
    // copied when those 2 s are over.
    practice.edit_config("shadow_span = \"30s\"", "shadow_span = \"2s\"");
    assert_success(&practice.run(&["backup"]));
    std::thread::sleep(Duration::from_millis(1100));
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    first(&root);
    // The secretary's work since the snapshot, on a file the attack reaches before it is
    // stopped: only the sentinel's shadow copies hold it. Saved twice: the first version is
    // copied at once, the second one when the span ends (without it, the first comes back).
    let edited = root.join(SECRETARYS_FILE);
    corpus.office_save(&edited, b"\\par Revu le 29/11.");
    std::thread::sleep(Duration::from_millis(300));
    corpus.office_save(&edited, b"\\par Ordonnance remise.");
    // Past the span, then past the margin within which recovery does not trust a shadow copy.
    std::thread::sleep(Duration::from_millis(2000 + 1300));
    let originals: Vec<(PathBuf, Vec<u8>)> = corpus
        .files()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();

    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "simulated_attacker_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HYGIE_TEST_ATTACK", &root)
        .env("HYGIE_TEST_BEHAVIOUR", behaviour.name())
        .env("HYGIE_TEST_WORKERS", workers.to_string())
        .env("HYGIE_TEST_PAUSE_MS", pause_ms.to_string())
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if apart {
        command.env("HYGIE_TEST_APART", "1");
    }
    let mut attacker = Running(command.spawn().unwrap());
    let attacker_pid = attacker.id();
    let said = BufReader::new(attacker.stdout.take().unwrap());
    let touched = std::thread::spawn(move || {
        said.lines()
            .map_while(Result::ok)
            // The harness may print "test NAME ... " on the first path's line.
            .filter(|line| line.contains("/dossiers/"))
            .count()
    });
    let alert = alerts
        .recv_timeout(Duration::from_secs(20) + Duration::from_millis(pause_ms * 8))
        .unwrap_or_else(|_| panic!("{behaviour:?}: no alert"));
    let alert: serde_json::Value = serde_json::from_str(&alert).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = attacker.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{behaviour:?}: the attacker still runs after the alert"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    if apart {
        assert!(status.success(), "{behaviour:?}: a worker was not stopped");
    } else {
        assert_eq!(status.signal(), Some(9), "{behaviour:?}: {status:?}");
    }
    let touched = touched.join().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    Contained {
        practice,
        touched,
        attacker_pid,
        alert,
        originals,
        root,
    }
}

/// Runs `hygie incident restore` for every alert, then checks every original file is back bit
/// for bit and no attacker file is left in the corpus.
fn recover_everything(contained: &Contained, what: &str) {
    let practice = &contained.practice;
    let listed = practice.run(&["alerts", "--json"]);
    assert_success(&listed);
    let count = stdout(&listed).lines().count();
    assert!(count >= 1, "{what}: no alert kept");
    for number in 1..=count {
        let restored = practice.run(&["incident", "restore", &number.to_string()]);
        assert_success(&restored);
    }
    for (path, bytes) in &contained.originals {
        // Compared by digest: a failure names the file without printing it.
        assert_eq!(
            std::fs::read(path).ok().map(|now| sha256(&now)),
            Some(sha256(bytes)),
            "{what}: {} is not as before the attack; alerts: {}",
            path.display(),
            stdout(&listed)
        );
    }
    let left: Vec<PathBuf> = files_under(&contained.root)
        .into_iter()
        .filter(|p| p.is_file() && !p.ends_with(hygie_simulator::MARKER))
        .filter(|p| !contained.originals.iter().any(|(o, _)| o == p))
        .collect();
    assert!(
        left.is_empty(),
        "{what}: attacker files left: {left:?}; alerts: {}",
        stdout(&listed)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_program_encrypting_the_files_is_ended_and_every_file_put_back() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    let contained = attack_under_the_sentinel(hygie_simulator::Behaviour::InPlace);
    eprintln!(
        "{} files touched by the attacker before it was ended; alert: {}",
        contained.touched, contained.alert["damaged"]
    );
    assert!(
        contained.touched <= 4,
        "{} files touched",
        contained.touched
    );
    assert!(
        contained.alert["suspects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["tree"] == contained.attacker_pid),
        "{}",
        contained.alert
    );
    assert!(
        actions(&contained.practice)
            .iter()
            .any(|(action, outcome)| action == "sentinel.contained" && outcome == "success")
    );
    let practice = &contained.practice;
    // The quarantine is evidence: not purged before the incident is restored.
    let early = practice.run(&["incident", "purge", "1"]);
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains("n'est pas restauré"),
        "{}",
        stderr(&early)
    );
    recover_everything(&contained, "B1");

    // Restored: status says what the quarantine holds, until a person purges it.
    let quarantine = practice.home().join("quarantine");
    // Encrypted in place: the encrypted files, replaced by the restore, are kept.
    assert!(quarantine.join("alert-1-avant-restauration").is_dir());
    let status = stdout(&practice.run(&["status"]));
    let line = status
        .lines()
        .find(|line| line.contains("Quarantaine :"))
        .unwrap_or_else(|| panic!("{status}"));
    assert!(
        line.contains("l'alerte n° 1") && line.contains("incident purge"),
        "{line}"
    );
    let purged = practice.run(&["incident", "purge", "1"]);
    assert_success(&purged);
    assert!(stdout(&purged).contains("supprimée"), "{}", stdout(&purged));
    assert!(!quarantine.join("alert-1").exists());
    assert!(!quarantine.join("alert-1-avant-restauration").exists());
    assert!(
        actions(practice)
            .iter()
            .any(|(action, outcome)| action == "incident.quarantine_purged" && outcome == "success")
    );
    let status = stdout(&practice.run(&["status"]));
    assert!(!status.contains("Quarantaine :"), "{status}");
    let again = practice.run(&["incident", "purge", "1"]);
    assert_success(&again);
    assert!(
        stdout(&again).contains("Rien en quarantaine"),
        "{}",
        stdout(&again)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_renamed_since_the_snapshot_is_put_back_under_its_new_name() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    // A file edited since the snapshot (only the sentinel's copy holds the edit), then its
    // folder renamed to a name the attacker reaches first: the snapshot and the copy know its
    // files by their former names.
    let contained = attack_under_the_sentinel_after(
        &Attack::new(hygie_simulator::Behaviour::InPlace),
        |root| {
            let folder = root.join("patient-01");
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            files.sort();
            let mut edited = std::fs::read(&files[0]).unwrap();
            edited.extend_from_slice(b"\nRevu le 30/11.\n");
            std::fs::write(&files[0], edited).unwrap();
            std::thread::sleep(Duration::from_millis(500));
            std::fs::rename(&folder, root.join("dossier-a")).unwrap();
        },
    );
    let renamed = contained.root.join("dossier-a");
    let damaged = contained.alert["damaged"].as_array().unwrap();
    assert!(
        damaged
            .iter()
            .any(|path| Path::new(path.as_str().unwrap()).starts_with(&renamed)),
        "the attack did not reach the renamed folder: {}",
        contained.alert
    );
    recover_everything(&contained, "a renamed folder");
}

#[cfg(target_os = "linux")]
#[test]
fn shadow_copies_dropped_during_an_incident_are_journaled_and_named_by_its_restore() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    let contained = attack_under_the_sentinel(hygie_simulator::Behaviour::InPlace);
    let practice = &contained.practice;
    let damaged: Vec<PathBuf> = contained.alert["damaged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|path| PathBuf::from(path.as_str().unwrap()))
        .collect();
    let edited = contained.root.join(SECRETARYS_FILE);
    assert!(damaged.contains(&edited), "{damaged:?}");
    // The store shrunk to nothing while the incident is open: even the copies it holds for
    // the incident's restore must go, past twice that limit.
    practice.edit_config("shadow_megabytes = 2048", "shadow_megabytes = 0");
    let (sentinel, _alerts, said) = start_sentinel_telling(practice, &[]);
    let told = std::iter::from_fn(|| said.recv_timeout(Duration::from_secs(10)).ok())
        .find(|line| line.contains("deux fois sa taille"));
    drop(sentinel);
    assert!(told.is_some(), "the dropped copies were not said");
    let journal = practice.run(&["journal", "show", "--json"]);
    assert_success(&journal);
    let event = stdout(&journal)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|event| event["action"] == "incident.shadow_copies_dropped")
        .expect("the dropped copies are not in the journal");
    let named: Vec<&str> = event["details"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert!(named.contains(&edited.to_str().unwrap()), "{event}");
    // The secretary's work since the snapshot was only in those copies: her file comes back
    // as the snapshot has it, and the restore says so, naming it.
    let restored = practice.run(&["incident", "restore", "1"]);
    assert_success(&restored);
    let said = stdout(&restored);
    let warned = said
        .lines()
        .find(|line| line.contains("faute de place"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(warned.contains(SECRETARYS_FILE), "{said}");
    let original = contained
        .originals
        .iter()
        .find(|(path, _)| *path == edited)
        .map(|(_, bytes)| sha256(bytes));
    let now = std::fs::read(&edited).unwrap();
    assert_ne!(
        Some(sha256(&now)),
        original,
        "the secretary's version came back"
    );
    assert!(
        !now.windows(10).any(|w| w == b"Ordonnance"),
        "the secretary's edit came back"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn every_behaviour_is_detected_contained_and_fully_recovered() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    for behaviour in hygie_simulator::Behaviour::ALL {
        let contained = attack_under_the_sentinel(behaviour);
        eprintln!(
            "{}: {} files touched before the attacker was ended",
            behaviour.name(),
            contained.touched
        );
        assert!(
            contained.touched <= 5,
            "{}: {} files touched",
            behaviour.name(),
            contained.touched
        );
        recover_everything(&contained, behaviour.name());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn work_split_across_four_processes_is_stopped_as_one_program_and_recovered() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    let split = Attack {
        workers: 4,
        ..Attack::new(hygie_simulator::Behaviour::InPlace)
    };
    let contained = attack_under_the_sentinel_after(&split, |_| {});
    assert!(
        contained.touched <= 6,
        "B10: {} files touched",
        contained.touched
    );
    recover_everything(&contained, "B10 with 4 processes");
}

#[cfg(target_os = "linux")]
#[test]
fn a_slow_attack_is_stopped_and_recovered() {
    if !nix_is_root() {
        eprintln!("skipped: fanotify needs root");
        return;
    }
    // B9 in real time at one file every 4 s (the engine's own tests play one file an hour).
    let slow = Attack {
        pause_ms: 4000,
        ..Attack::new(hygie_simulator::Behaviour::InPlace)
    };
    let contained = attack_under_the_sentinel_after(&slow, |_| {});
    assert!(
        contained.touched <= 3,
        "B9: {} files touched",
        contained.touched
    );
    recover_everything(&contained, "B9");
}

#[cfg(target_os = "linux")]
#[test]
fn a_20_gb_file_and_a_full_shadow_store_leave_the_sentinel_watching() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(6);
    practice.init();
    practice.edit_config("shadow_megabytes = 2048", "shadow_megabytes = 1");
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    // A 20 GB file (sparse: it costs no disk), written in its middle.
    let huge = root.join("patient-00/imagerie.dcm");
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::File::create(&huge).unwrap();
        file.set_len(20 << 30).unwrap();
        file.seek(SeekFrom::Start(10 << 30)).unwrap();
        file.write_all(&vec![7u8; 1 << 20]).unwrap();
    }
    // 3 MB of ordinary writes into a 1 MB shadow store.
    for i in 0..300 {
        std::fs::write(
            root.join(format!("patient-01/lettre-{i}.txt")),
            format!("lettre {i}\n").repeat(1000),
        )
        .unwrap();
    }
    assert!(
        alerts.recv_timeout(Duration::from_secs(3)).is_err(),
        "ordinary writes raised an alert"
    );
    let kept: u64 = files_under(&practice.home().join("shadows"))
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    assert!(
        kept <= (1 << 20) + 64 * 1024,
        "{kept} bytes of shadow copies"
    );
    // Still watching: an attack afterwards is caught.
    let caught = an_attack_is_caught(&corpus, &alerts, |path| {
        path == huge || path.starts_with(root.join("patient-01"))
    });
    assert!(sentinel.try_wait().unwrap().is_none(), "the sentinel died");
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    assert!(caught, "no alert after the 20 GB file");
}

/// A real SMTP server on this machine: Python's `smtpd` (Debian's python3). It writes each
/// message it receives, decoded, as a JSON line into `spool`. Returns it and its port.
fn start_smtp_server(spool: &Path) -> (Running, u16) {
    const SERVER: &str = r#"
import asyncore, email, email.policy, json, smtpd, sys, warnings
warnings.simplefilter("ignore")
spool = sys.argv[1]
class Keep(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=email.policy.default)
        with open(spool, "a") as out:
            out.write(json.dumps({"from": mailfrom, "to": rcpttos,
                                  "subject": str(message["subject"]),
                                  "body": message.get_body().get_content()}) + "\n")
server = Keep(("127.0.0.1", 0), None, decode_data=False)
print(server.socket.getsockname()[1], flush=True)
asyncore.loop()
"#;
    let mut child = Running(
        Command::new("/usr/bin/python3")
            .args(["-W", "ignore", "-c", SERVER])
            .arg(spool)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("Debian's python3 runs the SMTP server"),
    );
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().expect("the server says its port");
    (child, port)
}

#[cfg(target_os = "linux")]
#[test]
fn an_alert_is_mailed_to_the_practice_and_its_it_provider() {
    let practice = Practice::new();
    let (_, corpus) = practice.corpus(6);
    practice.init();
    let spool = practice.dir.path().join("courriels.jsonl");
    let (mut smtp, port) = start_smtp_server(&spool);
    practice.edit_config(
        "email_to = []",
        &format!(
            "email_to = [\"secretariat@cabinet.invalid\", \"support@prestataire.invalid\"]\n\
             email_from = \"Hygie <hygie@cabinet.invalid>\"\nsmtp = \"smtp://127.0.0.1:{port}\""
        ),
    );
    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    for path in corpus.files() {
        corpus.encrypt_in_place(&path, 11);
        if alerts.recv_timeout(Duration::from_millis(100)).is_ok() {
            break;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    let mail = loop {
        if let Some(line) = std::fs::read_to_string(&spool)
            .ok()
            .and_then(|t| t.lines().next().map(str::to_owned))
        {
            break line;
        }
        assert!(Instant::now() < deadline, "no e-mail arrived");
        std::thread::sleep(Duration::from_millis(100));
    };
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    smtp.kill().unwrap();
    smtp.wait().unwrap();
    let mail: serde_json::Value = serde_json::from_str(&mail).unwrap();
    assert_eq!(mail["from"], "hygie@cabinet.invalid");
    assert_eq!(
        mail["to"],
        serde_json::json!(["secretariat@cabinet.invalid", "support@prestataire.invalid"])
    );
    let subject = mail["subject"].as_str().unwrap();
    assert!(subject.starts_with("ALERTE RANÇONGICIEL n° 1"), "{subject}");
    assert!(subject.contains("Cabinet des Tilleuls"), "{subject}");
    let body = mail["body"].as_str().unwrap();
    eprintln!("{subject}\n\n{body}");
    assert!(body.contains("hygie incident restore 1"), "{body}");
    assert!(body.contains("/dossiers/patient-00/"), "{body}");
    assert!(
        actions(&practice)
            .iter()
            .any(|(action, outcome)| action == "alert.mailed" && outcome == "success")
    );
}

/// Whether the tests run as root (fanotify, and so containment, needs it).
fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("Uid:"))
                .map(|line| line.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// The French healthcare set of the phishing analyser.
fn french_set(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../mailguard/tests/french")
        .join(kind)
        .join(name)
}

#[test]
fn mail_scan_reads_files_folders_maildirs_and_mboxes_and_says_why_in_json() {
    let practice = Practice::new();
    let mail = practice.folder("courrier");
    let lure = std::fs::read(french_set("phishing", "ameli-remboursement.eml")).unwrap();
    let genuine = std::fs::read(french_set(
        "legitimate",
        "doctolib-confirmation-rendez-vous.eml",
    ))
    .unwrap();
    std::fs::write(mail.join("ameli.eml"), &lure).unwrap();
    let maildir = practice.folder("courrier/Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    std::fs::write(maildir.join("new/1700000000.1.cabinet"), &genuine).unwrap();
    std::fs::write(maildir.join("cur/1700000001.2.cabinet:2,S"), &lure).unwrap();
    std::fs::write(maildir.join("tmp/en-cours"), b"From: x").unwrap();
    let mut mbox = Vec::new();
    for message in [&genuine, &lure] {
        mbox.extend_from_slice(b"From secretariat@cabinet.fr Mon Mar  2 09:00:00 2026\n");
        mbox.extend_from_slice(message);
        mbox.extend_from_slice(b"\n");
    }
    let mbox_path = practice.dir.path().join("archives.mbox");
    std::fs::write(&mbox_path, &mbox).unwrap();
    let empty = practice.dir.path().join("vide.eml");
    std::fs::write(&empty, b"").unwrap();

    let output = practice
        .command()
        .args(["mail", "scan", "--json"])
        .arg(&mail)
        .arg(&mbox_path)
        .arg(&empty)
        .output()
        .unwrap();
    assert_success(&output);
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let verdicts: Vec<(String, String)> = lines
        .iter()
        .map(|line| {
            let source = line["source"].as_str().unwrap();
            let short = source.rsplit('/').next().unwrap().to_owned();
            let verdict = line["verdict"]
                .as_str()
                .or(line["error"].as_str().map(|_| "error"));
            (short, verdict.unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            (
                "1700000001.2.cabinet:2,S".to_owned(),
                "malicious".to_owned()
            ),
            ("1700000000.1.cabinet".to_owned(), "clean".to_owned()),
            ("ameli.eml".to_owned(), "malicious".to_owned()),
            ("archives.mbox#1".to_owned(), "clean".to_owned()),
            ("archives.mbox#2".to_owned(), "malicious".to_owned()),
            ("vide.eml".to_owned(), "error".to_owned()),
        ]
    );
    let first = &lines[0];
    let score = first["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    let reasons = first["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|reason| {
        reason["code"] == "lookalike_domain"
            && reason["text"]
                .as_str()
                .unwrap()
                .contains("ameli-remboursement.top")
    }));
    assert!(
        lines[5]["error"]
            .as_str()
            .unwrap()
            .contains("not an e-mail")
    );
}

#[test]
fn mail_scan_explains_in_french_and_journals_dangerous_verdicts() {
    let practice = Practice::new();
    practice.init();
    let output = practice
        .command()
        .args(["mail", "scan"])
        .arg(french_set("phishing", "bec-changement-rib-fournisseur.eml"))
        .arg(french_set(
            "legitimate",
            "laboratoire-resultats-disponibles.eml",
        ))
        .output()
        .unwrap();
    assert_success(&output);
    let text = stdout(&output);
    assert!(text.contains("DANGEREUX"), "{text}");
    assert!(text.contains("coordonnées bancaires"), "{text}");
    assert!(text.contains("Que faire"), "{text}");
    assert!(text.contains("2 message(s) analysé(s) : 1 dangereux, 0 suspect(s), 1 sans danger"));

    let journal = practice.run(&["journal", "show", "--kind", "mail_verdict"]);
    assert_success(&journal);
    let shown = stdout(&journal);
    assert_eq!(shown.lines().count(), 1, "{shown}");
    assert!(shown.contains("Médi-Fournitures"), "{shown}");
    assert_success(&practice.run(&["journal", "verify"]));

    let english = practice
        .command()
        .args(["--lang", "en", "mail", "scan"])
        .arg(french_set("phishing", "bec-changement-rib-fournisseur.eml"))
        .output()
        .unwrap();
    assert!(stdout(&english).contains("DANGEROUS"));
    assert!(stdout(&english).contains("What to do"));

    let missing = practice.run(&["mail", "scan", "/nonexistent/boite"]);
    assert_refused(&missing, "/nonexistent/boite");
}

/// A private Dovecot IMAP server on loopback, over TLS with a certificate from a throwaway
/// authority (Debian's `dovecot-imapd`; `.ci/run` installs it). Dropping it stops it.
struct Dovecot {
    dir: tempfile::TempDir,
    port: u16,
    child: Option<std::process::Child>,
}

impl Dovecot {
    const USERS: &'static [&'static str] = &["accueil", "docteur"];
    const PASSWORD: &'static str = "mot-de-passe-imap";

    fn start() -> Dovecot {
        use std::os::unix::fs::PermissionsExt;
        // Short path: Dovecot's socket names must fit; readable by its `dovecot` user.
        let dir = tempfile::Builder::new()
            .prefix("hygie-dc-")
            .tempdir_in("/tmp")
            .unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let root = dir.path();
        // The same throwaway authority and 127.0.0.1 certificate as the repository server's.
        certificates(root);
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let passwd: String = Self::USERS
            .iter()
            .map(|user| format!("{user}:{{PLAIN}}{}\n", Self::PASSWORD))
            .collect();
        std::fs::write(root.join("passwd"), passwd).unwrap();
        let port = free_port();
        let r = root.display();
        std::fs::write(
            root.join("dovecot.conf"),
            format!(
                "instance_name = hygie-test-{port}\nbase_dir = {r}/run\nstate_dir = {r}/state\n\
                 log_path = /dev/stderr\ninfo_log_path = /dev/stderr\nprotocols = imap\n\
                 listen = 127.0.0.1\nssl = required\nssl_cert = <{r}/server.pem\n\
                 ssl_key = <{r}/server.key\nauth_mechanisms = plain login\n\
                 passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {r}/passwd\n}}\n\
                 userdb {{\n  driver = static\n  args = uid=nobody gid=nogroup home={r}/mail/%u\n}}\n\
                 mail_location = maildir:~/Maildir\nnamespace inbox {{\n  inbox = yes\n  separator = /\n}}\n\
                 service imap-login {{\n  inet_listener imap {{\n    port = 0\n  }}\n  \
                 inet_listener imaps {{\n    address = 127.0.0.1\n    port = {port}\n    ssl = yes\n  }}\n}}\n"
            ),
        )
        .unwrap();
        let mut dovecot = Dovecot {
            dir,
            port,
            child: None,
        };
        for user in Self::USERS {
            std::fs::create_dir_all(dovecot.maildir(user).join("tmp")).unwrap();
            std::fs::create_dir_all(dovecot.maildir(user).join("new")).unwrap();
            std::fs::create_dir_all(dovecot.maildir(user).join("cur")).unwrap();
        }
        dovecot.own_mail();
        dovecot.run();
        dovecot
    }

    fn run(&mut self) {
        use std::os::unix::process::CommandExt;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("dovecot.log"))
            .unwrap();
        let child = Command::new("dovecot")
            .args(["-F", "-c"])
            .arg(self.dir.path().join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("Debian's dovecot-imapd is needed (.ci/run installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "dovecot did not start: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // The port opens a moment before the login service is ready.
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Stops the whole server at once, as a crash would.
    fn crash(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = child.wait();
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    fn maildir(&self, user: &str) -> PathBuf {
        self.dir.path().join("mail").join(user).join("Maildir")
    }

    fn own_mail(&self) {
        let status = Command::new("chown")
            .args(["-R", "nobody:nogroup"])
            .arg(self.dir.path().join("mail"))
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Delivers a message as a mail server would: written in `tmp/`, renamed into `new/`.
    fn deliver(&self, user: &str, name: &str, message: &[u8]) {
        let maildir = self.maildir(user);
        let file = format!("{name}.hygie-test");
        std::fs::write(maildir.join("tmp").join(&file), message).unwrap();
        std::fs::rename(
            maildir.join("tmp").join(&file),
            maildir.join("new").join(&file),
        )
        .unwrap();
        self.own_mail();
    }

    /// The messages of a folder (`""` for the inbox), whatever their flags.
    fn folder(&self, user: &str, folder: &str) -> Vec<Vec<u8>> {
        let base = if folder.is_empty() {
            self.maildir(user)
        } else {
            self.maildir(user).join(format!(".{folder}"))
        };
        let mut messages = Vec::new();
        for sub in ["new", "cur"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(base.join(sub))
                .map(|entries| entries.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            messages.extend(files.iter().map(|path| std::fs::read(path).unwrap()));
        }
        messages
    }

    /// A home guarding `user`'s mailbox with `action`.
    fn practice_for(&self, user: &str, action: &str) -> Practice {
        let practice = Practice::new();
        practice.init();
        practice.edit_config(
            "# imap = \"imaps://imap.fournisseur.fr\"",
            &format!("imap = \"imaps://127.0.0.1:{}\"", self.port),
        );
        practice.edit_config(
            "# user = \"secretariat@cabinet.fr\"",
            &format!("user = \"{user}\""),
        );
        practice.edit_config(
            "action = \"tag\"",
            &format!(
                "action = \"{action}\"\nca = \"{}\"",
                self.dir.path().join("ca.pem").display()
            ),
        );
        let mut password = practice
            .command()
            .args(["mail", "password"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(password.stdin.take().unwrap(), "{}", Self::PASSWORD).unwrap();
        assert!(password.wait().unwrap().success());
        practice
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && child.try_wait().ok().flatten().is_none() {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `hygie mail watch`, its output going to a file read by [`wait_for_lines`].
fn start_mail_watch(practice: &Practice) -> (Running, PathBuf) {
    let output = practice
        .dir
        .path()
        .join(format!("watch-{}.log", Instant::now().elapsed().as_nanos()));
    let log = std::fs::File::create(&output).unwrap();
    let child = Running(
        practice
            .command()
            .args(["mail", "watch"])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    (child, output)
}

/// Waits until `log` holds `count` lines containing `needle`.
fn wait_for_lines(log: &Path, needle: &str, count: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.lines().filter(|line| line.contains(needle)).count() >= count {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "waited for {count} × {needle:?}:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn journaled_verdicts(practice: &Practice) -> usize {
    let shown = practice.run(&["journal", "show", "--kind", "mail_verdict"]);
    assert_success(&shown);
    stdout(&shown).lines().count()
}

#[test]
fn mail_watch_tags_phishing_in_a_real_imap_mailbox_once_and_survives_a_server_crash() {
    if !nix_is_root() {
        eprintln!("skipped: the private Dovecot server needs root (as in CI)");
        return;
    }
    let mut dovecot = Dovecot::start();
    let lure = std::fs::read(french_set("phishing", "ameli-remboursement.eml")).unwrap();
    let bec = std::fs::read(french_set("phishing", "bec-changement-rib-fournisseur.eml")).unwrap();
    let genuine = std::fs::read(french_set(
        "legitimate",
        "doctolib-confirmation-rendez-vous.eml",
    ))
    .unwrap();
    dovecot.deliver("accueil", "1700000001", &lure);
    dovecot.deliver("accueil", "1700000002", &genuine);
    dovecot.deliver("accueil", "1700000003", &bec);
    let practice = dovecot.practice_for("accueil", "tag");

    let (mut watch, log) = start_mail_watch(&practice);
    wait_for_lines(&log, "Surveillance de la boîte INBOX", 1);
    let text = wait_for_lines(&log, "UID=", 3);
    assert_eq!(text.matches("DANGEREUX").count(), 2, "{text}");
    // Each lure is replaced in the inbox by a tagged copy; its original is kept, unchanged.
    let deadline = Instant::now() + Duration::from_secs(30);
    while dovecot.folder("accueil", "Hygie-Originaux").len() < 2 {
        assert!(
            Instant::now() < deadline,
            "originals not moved:\n{}",
            dovecot.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let inbox = dovecot.folder("accueil", "");
    assert_eq!(inbox.len(), 3, "the genuine message and two tagged copies");
    assert!(
        inbox.contains(&genuine),
        "the genuine message is left alone"
    );
    let tagged: Vec<String> = inbox
        .iter()
        .filter(|m| **m != genuine)
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .collect();
    for copy in &tagged {
        assert!(copy.contains("X-Hygie-Verdict: malicious"), "{copy}");
        assert!(copy.contains("Subject: [DANGER Hygie]"), "{copy}");
        assert!(copy.contains("Que faire"), "{copy}");
    }
    let originals = dovecot.folder("accueil", "Hygie-Originaux");
    assert!(
        originals.contains(&lure) && originals.contains(&bec),
        "originals kept byte for byte"
    );
    assert_eq!(journaled_verdicts(&practice), 3);
    // The sender of the clean message is now a known correspondent; the crooks are not.
    let memory = std::fs::read_to_string(practice.home().join("mail-watch.json")).unwrap();
    assert!(memory.contains("no-reply@doctolib.fr"), "{memory}");
    assert!(!memory.contains("gmail.com"), "{memory}");
    assert!(!memory.contains("medifournitures"), "{memory}");

    // New mail is seen as it arrives (IDLE); the tagged copies are never analysed again.
    dovecot.deliver("accueil", "1700000004", &lure);
    wait_for_lines(&log, "UID=", 4);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(journaled_verdicts(&practice), 4);

    // The server crashes and comes back: the guard reconnects by itself.
    dovecot.crash();
    wait_for_lines(&log, "Boîte aux lettres injoignable", 1);
    dovecot.run();
    wait_for_lines(&log, "Surveillance de la boîte INBOX", 2);
    dovecot.deliver("accueil", "1700000005", &genuine);
    wait_for_lines(&log, "UID=", 5);
    signal(&watch, "INT");
    assert!(watch.wait().unwrap().success());

    // A restart analyses nothing twice.
    let (mut again, second_log) = start_mail_watch(&practice);
    wait_for_lines(&second_log, "Surveillance de la boîte INBOX", 1);
    std::thread::sleep(Duration::from_secs(2));
    signal(&again, "INT");
    assert!(again.wait().unwrap().success());
    let second = std::fs::read_to_string(&second_log).unwrap();
    assert!(
        !second.contains("UID="),
        "analysed again after a restart:\n{second}"
    );
    assert_eq!(journaled_verdicts(&practice), 5);
    assert_success(&practice.run(&["journal", "verify"]));
}

#[test]
fn mail_watch_quarantines_phishing_and_leaves_other_mail_alone() {
    if !nix_is_root() {
        eprintln!("skipped: the private Dovecot server needs root (as in CI)");
        return;
    }
    let dovecot = Dovecot::start();
    let lure = std::fs::read(french_set("phishing", "e-cps-pro-sante-connect-code.eml")).unwrap();
    let genuine = std::fs::read(french_set(
        "legitimate",
        "laboratoire-resultats-disponibles.eml",
    ))
    .unwrap();
    dovecot.deliver("docteur", "1700000001", &genuine);
    dovecot.deliver("docteur", "1700000002", &lure);
    let practice = dovecot.practice_for("docteur", "quarantine");
    let (mut watch, log) = start_mail_watch(&practice);
    wait_for_lines(&log, "UID=", 2);
    let deadline = Instant::now() + Duration::from_secs(30);
    while dovecot.folder("docteur", "Quarantaine").is_empty() {
        assert!(
            Instant::now() < deadline,
            "not quarantined:\n{}",
            dovecot.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    signal(&watch, "INT");
    assert!(watch.wait().unwrap().success());
    assert_eq!(dovecot.folder("docteur", "Quarantaine"), vec![lure]);
    assert_eq!(dovecot.folder("docteur", ""), vec![genuine]);

    // The dangerous message is an alert; nothing to restore, but a breach can be opened from
    // it if someone clicked.
    let listed = practice.run(&["alerts", "--json"]);
    let alert: serde_json::Value =
        serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
    assert_eq!(alert["source"], "mail");
    assert_eq!(alert["evidence"]["action"], "quarantined");
    assert_eq!(alert["evidence"]["verdict"], "malicious");
    assert_refused(
        &practice.run(&["incident", "restore", "1"]),
        "hygie comply breach open --alert 1",
    );
    assert_success(&practice.run(&["comply", "breach", "open", "--alert", "1"]));
    // One breach per alert: a second would restart the 72-hour clock.
    assert_refused(
        &practice.run(&["comply", "breach", "open", "--alert", "1"]),
        "hygie comply breach show 1",
    );
    let shown: serde_json::Value = serde_json::from_str(&stdout(
        &practice.run(&["comply", "breach", "show", "1", "--json"]),
    ))
    .unwrap();
    assert_eq!(shown["breach"]["confidentiality"], true);
    assert_eq!(shown["risk"]["tell_persons"], true, "{shown}");

    // A missing password is said plainly, with what to do.
    std::fs::remove_file(practice.home().join("keys/imap.password")).unwrap();
    let refused = practice.run(&["mail", "watch"]);
    assert_refused(&refused, "hygie mail password");
}

// ---- Compliance ------------------------------------------------------------------------

fn review_findings(output: &Output) -> BTreeMap<String, BTreeSet<String>> {
    let review: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
    review["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let logins = finding["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["login"].as_str().unwrap().to_owned())
                .collect();
            (finding["kind"].as_str().unwrap().to_owned(), logins)
        })
        .collect()
}

#[test]
fn the_access_review_finds_every_barreiro_fault_and_nothing_in_a_clean_practice() {
    let practice = Practice::new();
    let dir = practice.folder("exports");
    let review = |case: &hygie_simulator::staff::StaffCase, accounts: &[u8], staff: &[u8]| {
        std::fs::write(dir.join("accounts.csv"), accounts).unwrap();
        std::fs::write(dir.join("staff.csv"), staff).unwrap();
        let output = practice.run(&[
            "comply",
            "access-review",
            "--accounts",
            dir.join("accounts.csv").to_str().unwrap(),
            "--staff",
            dir.join("staff.csv").to_str().unwrap(),
            "--today",
            "2026-11-28",
            "--json",
        ]);
        let expected: BTreeMap<String, BTreeSet<String>> = case
            .expected
            .iter()
            .map(|(kind, logins)| ((*kind).to_owned(), logins.clone()))
            .collect();
        assert_eq!(review_findings(&output), expected, "{}", stderr(&output));
        output
    };
    let hospital = hygie_simulator::staff::barreiro_like();
    let output = review(
        &hospital,
        hospital.accounts.as_bytes(),
        hospital.staff.as_bytes(),
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "findings make the command fail"
    );
    for kind in [
        "profile_exceeds_staff",
        "clinical_profile_non_clinical_staff",
        "departed_staff_account",
        "dormant_account",
        "generic_or_test_account",
        "unapproved_account",
        "unlinked_account",
    ] {
        assert!(hospital.expected.contains_key(kind), "{kind} is exercised");
    }
    // The same files as French Excel writes them: « CSV UTF-8 » (BOM, `;`, CRLF) and the
    // older « CSV (séparateur : point-virgule) » in Windows-1252.
    let excel = |text: &str| {
        let text = text.replace(',', ";").replace('\n', "\r\n");
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    };
    let latin1 = |text: &str| {
        encoding_rs::WINDOWS_1252
            .encode(&text.replace(',', ";"))
            .0
            .into_owned()
    };
    review(
        &hospital,
        &latin1(&hospital.accounts),
        &excel(&hospital.staff),
    );

    let clean = hygie_simulator::staff::clean_practice();
    let output = review(&clean, clean.accounts.as_bytes(), clean.staff.as_bytes());
    assert_success(&output);

    // Broken exports are refused with the line and column, and nothing is produced.
    let broken = |accounts: &str, expected: &str| {
        std::fs::write(dir.join("bad.csv"), accounts).unwrap();
        let output = practice.run(&[
            "comply",
            "access-review",
            "--accounts",
            dir.join("bad.csv").to_str().unwrap(),
            "--staff",
            dir.join("staff.csv").to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(output.status.code(), Some(1));
        assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    };
    let header = "login,name,profile,staff_id,last_login,approved_by,enabled\n";
    broken(
        "login,name,profile\na,A,Médecin\n",
        "ligne 1 : colonnes manquantes : staff_id",
    );
    broken(
        &format!("{header}a,A,Médecin,S0001,2026-02-30,X,oui\n"),
        "ligne 2, colonne last_login",
    );
    broken(
        &format!(
            "{header}a,A,Médecin,S0001,2026-01-01,X,oui\nA,B,Médecin,S0002,2026-01-01,X,oui\n"
        ),
        "ligne 3, colonne login",
    );
    broken(
        &format!("{header}a,A,Médecin,S0001,2026-01-01,X,peut-être\n"),
        "ligne 2, colonne enabled",
    );
    broken(&format!("{header}a,A,Médecin\n"), "ligne 2");
    broken(
        &format!(
            "{header}a,\"A,Médecin,S0001,2026-01-01,X,oui\nb,B,Médecin,S0002,2026-01-01,X,oui\n"
        ),
        "ligne 2, colonne name : un guillemet s'ouvre ici",
    );

    // An export without the optional columns is reviewed, and says what it could not check.
    let minimal: String = clean
        .accounts
        .lines()
        .map(|line| line.split(',').take(4).collect::<Vec<_>>().join(",") + "\n")
        .collect();
    std::fs::write(dir.join("minimal.csv"), minimal).unwrap();
    let output = practice.run(&[
        "comply",
        "access-review",
        "--accounts",
        dir.join("minimal.csv").to_str().unwrap(),
        "--staff",
        dir.join("staff.csv").to_str().unwrap(),
        "--json",
    ]);
    let review: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        review["unchecked"],
        serde_json::json!(["dormant_account", "unapproved_account"])
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_breach_opened_from_an_alert_is_ready_to_notify_and_the_assessment_answers_from_evidence() {
    let practice = Practice::new();
    let (root, corpus) = practice.corpus(6);
    practice.init();
    practice.edit_config(
        "dormant_days = 90\n",
        "dormant_days = 90\naddress = \"3 place des Tilleuls, 69000 Lyon\"\ncontact_name = \"Dr Marie Martin\"\ncontact_phone = \"04 72 00 00 00\"\n",
    );
    assert_success(&practice.run(&["backup"]));
    assert_success(&practice.run(&["drill"]));
    std::thread::sleep(Duration::from_millis(1100));

    let (mut sentinel, alerts) = start_sentinel(&practice, &[]);
    // With the vault and the sentinel running, Hygie answers their questions itself.
    let assessed = practice.run(&["comply", "assess", "--json"]);
    assert_success(&assessed);
    let result: serde_json::Value = serde_json::from_str(&stdout(&assessed)).unwrap();
    let answer = |id: &str| {
        result["domains"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["questions"].as_array().unwrap().iter())
            .find(|q| q["id"] == id)
            .unwrap()["answer"]
            .clone()
    };
    for id in ["backups-recent", "backups-drill"] {
        assert_eq!(answer(id)["answer"], "yes", "{id}: {}", answer(id));
        assert_eq!(answer(id)["automatic"], true);
    }
    let guard = answer("workstations-ransomware-guard");
    assert_eq!(guard["automatic"], true);
    assert_ne!(guard["answer"], "no", "the sentinel runs: {guard}");
    assert_eq!(
        answer("backups-offsite")["answer"],
        "no",
        "a local repository is not off the PC"
    );
    assert!(
        answer("access-named-accounts").is_null(),
        "a person answers that one"
    );

    for path in corpus.files() {
        corpus.encrypt_in_place(&path, 0xBAD);
        if alerts.recv_timeout(Duration::from_millis(100)).is_ok() {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(1000));
    sentinel.kill().unwrap();
    sentinel.wait().unwrap();
    let _ = root;

    assert_success(&practice.run(&["comply", "breach", "open", "--alert", "1"]));
    let shown = practice.run(&["comply", "breach", "show", "1", "--json"]);
    assert_success(&shown);
    let breach: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(breach["breach"]["origin"]["alert"], 1);
    assert_eq!(breach["cnil_clock"]["state"], "running", "{breach}");
    assert_eq!(breach["complaint_clock"]["state"], "running");
    assert_eq!(breach["risk"]["notify_cnil"], true);
    assert_eq!(
        breach["missing_for_notification"],
        serde_json::json!([]),
        "{breach}"
    );

    let draft = practice.dir.path().join("notification.html");
    assert_success(&practice.run(&[
        "comply",
        "report",
        "cnil-notification",
        "--breach",
        "1",
        "--output",
        draft.to_str().unwrap(),
    ]));
    let html = std::fs::read_to_string(&draft).unwrap();
    for needle in [
        "1. Responsable du traitement",
        "Cabinet des Tilleuls",
        "3 place des Tilleuls",
        "Dr Marie Martin",
        "alerte n° 1 (sentinel)",
        "perte de disponibilité",
        "Nombre approximatif de personnes",
        "Nombre approximatif d&#39;enregistrements",
        "Mesures prises",
        "Notification à la CNIL (72 h)",
        "Plainte (72 h, exigée par l&#39;assureur)",
        "notification complète",
    ] {
        let needle = needle.replace("notification complète", "complète");
        assert!(html.contains(&needle), "{needle} missing from the draft");
    }
    assert!(!html.contains("à compléter"), "every field is filled");
    let pdf = practice.dir.path().join("notification.pdf");
    assert_success(&practice.run(&[
        "comply",
        "report",
        "cnil-notification",
        "--breach",
        "1",
        "--format",
        "pdf",
        "--output",
        pdf.to_str().unwrap(),
    ]));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("Projet de notification à la CNIL") && text.contains("Cabinet des Tilleuls"),
        "{text}"
    );

    // Steps are recorded, the log holds the breach, and status reminds the clocks until closed.
    let status = stdout(&practice.run(&["status"]));
    assert!(status.contains("Violation n° 1"), "{status}");
    assert_success(&practice.run(&["comply", "breach", "mark", "1", "complaint-filed"]));
    let shown: serde_json::Value = serde_json::from_str(&stdout(
        &practice.run(&["comply", "breach", "show", "1", "--json"]),
    ))
    .unwrap();
    assert_eq!(shown["complaint_clock"]["state"], "done");
    assert!(
        actions(&practice)
            .iter()
            .any(|(a, o)| a == "breach.opened" && o == "success")
    );
    assert!(
        actions(&practice)
            .iter()
            .any(|(a, _)| a == "comply.assessed")
    );
}

#[test]
fn compliance_records_are_edited_by_file_and_bad_edits_change_nothing() {
    let practice = Practice::new();
    practice.init();
    let dir = practice.folder("edits");

    // The register: pre-filled, exported, edited, imported; an incomplete one is refused.
    let exported = practice.run(&["comply", "register", "export"]);
    assert_success(&exported);
    let register = stdout(&exported);
    assert!(register.contains("Cabinet des Tilleuls") && register.contains("patient-records"));
    let edited = register.replace("Plateforme de prise de rendez-vous en ligne", "Doctolib");
    std::fs::write(dir.join("registre.toml"), &edited).unwrap();
    assert_success(&practice.run(&[
        "comply",
        "register",
        "import",
        dir.join("registre.toml").to_str().unwrap(),
    ]));
    std::fs::write(
        dir.join("vide.toml"),
        "controller = \"x\"\nactivities = 3\n",
    )
    .unwrap();
    let refused = practice.run(&[
        "comply",
        "register",
        "import",
        dir.join("vide.toml").to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let mut incomplete = toml::from_str::<toml::Table>(&edited).unwrap();
    incomplete["activities"].as_array_mut().unwrap()[1]["retention"]["fr"] = toml::Value::from("");
    incomplete["activities"].as_array_mut().unwrap()[1]["retention"]["en"] = toml::Value::from("");
    std::fs::write(dir.join("vide.toml"), toml::to_string(&incomplete).unwrap()).unwrap();
    let refused = practice.run(&[
        "comply",
        "register",
        "import",
        dir.join("vide.toml").to_str().unwrap(),
    ]);
    assert!(
        stderr(&refused).contains("patient-records.retention"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        stdout(&practice.run(&["comply", "register", "export"])),
        edited,
        "nothing changed"
    );

    // Scripted answers; a wrong answer or an unknown question is refused whole.
    std::fs::write(
        dir.join("reponses.toml"),
        "access-named-accounts = \"oui\"\naccess-second-factor = \"non\"\n",
    )
    .unwrap();
    let assessed = practice.run(&[
        "comply",
        "assess",
        "--answers",
        dir.join("reponses.toml").to_str().unwrap(),
        "--json",
    ]);
    assert_success(&assessed);
    let result: serde_json::Value = serde_json::from_str(&stdout(&assessed)).unwrap();
    let plan = result["plan"].as_array().unwrap();
    assert!(plan.iter().any(|a| a["question"] == "access-second-factor"));
    assert!(
        plan.iter()
            .all(|a| a["question"] != "access-named-accounts")
    );
    for bad in [
        "access-named-accounts = \"peut-être\"\n",
        "question-inconnue = \"oui\"\n",
    ] {
        std::fs::write(dir.join("mauvais.toml"), bad).unwrap();
        let refused = practice.run(&[
            "comply",
            "assess",
            "--answers",
            dir.join("mauvais.toml").to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(refused.status.code(), Some(1), "{bad}");
        assert!(stdout(&refused).is_empty());
    }

    // The plan: owners and dates set by file.
    let plan = stdout(&practice.run(&["comply", "plan", "export"]));
    let owned = plan.replacen("owner = \"", "owner = \"Dr Martin — ", 1);
    std::fs::write(dir.join("plan.toml"), owned).unwrap();
    assert_success(&practice.run(&[
        "comply",
        "plan",
        "import",
        dir.join("plan.toml").to_str().unwrap(),
    ]));
    let shown: serde_json::Value = serde_json::from_str(&stdout(
        &practice.run(&["comply", "plan", "show", "--json"]),
    ))
    .unwrap();
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["owner"].as_str().unwrap().starts_with("Dr Martin — "))
    );

    // An access request past its deadline is flagged, here and in the status.
    assert_success(&practice.run(&[
        "comply",
        "request",
        "add",
        "--patient",
        "Mme Durand",
        "--received",
        "2026-01-05 09:00",
    ]));
    let listed: serde_json::Value = serde_json::from_str(
        stdout(&practice.run(&["comply", "request", "list", "--json"]))
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(listed["state"], "overdue");
    assert_eq!(listed["free_copy"], true);
    assert!(stdout(&practice.run(&["status"])).contains("Demande d'accès n° 1"));
    assert_success(&practice.run(&["comply", "request", "done", "1"]));
    let listed: serde_json::Value = serde_json::from_str(
        stdout(&practice.run(&["comply", "request", "list", "--json"]))
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(listed["state"], "answered_late");

    // Retention from a French Excel export (`;`, Latin-1).
    let patients = b"patient_id;name;last_care;archived\r\nP1;H\xe9l\xe8ne;2004-02-01;oui\r\nP2;Zo\xe9;2019-05-01;non\r\nP3;L\xe9a;2025-10-01;non\r\n";
    std::fs::write(dir.join("patients.csv"), patients).unwrap();
    let due = practice.run(&[
        "comply",
        "retention",
        "--patients",
        dir.join("patients.csv").to_str().unwrap(),
        "--today",
        "2026-11-28",
        "--json",
    ]);
    assert_success(&due);
    let due: serde_json::Value = serde_json::from_str(&stdout(&due)).unwrap();
    let due: Vec<(&str, &str, &str)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["patient_id"].as_str().unwrap(),
                d["name"].as_str().unwrap(),
                d["due"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(due, [("P1", "Hélène", "delete"), ("P2", "Zoé", "archive")]);

    // The access-log audit puts the curious access first.
    std::fs::write(dir.join("acces.csv"), "time,login,user_name,patient_id,patient_name\n2026-11-20 10:00,drmartin,Paul Martin,P1,Jean Petit\n2026-11-21 12:00,drmartin,Paul Martin,P9,Claire Martin\n").unwrap();
    std::fs::write(
        dir.join("rdv.csv"),
        "patient_id,start,login\nP1,2026-11-20 10:00,drmartin\n",
    )
    .unwrap();
    let audit = practice.run(&[
        "comply",
        "access-audit",
        "--log",
        dir.join("acces.csv").to_str().unwrap(),
        "--appointments",
        dir.join("rdv.csv").to_str().unwrap(),
        "--json",
    ]);
    assert_success(&audit);
    let audit: serde_json::Value = serde_json::from_str(&stdout(&audit)).unwrap();
    assert_eq!(audit["explained"], 1);
    assert_eq!(audit["queue"][0]["patient_id"], "P9");

    // The access review as a PDF document, and a report that cannot be written leaves nothing.
    let case = hygie_simulator::staff::barreiro_like();
    std::fs::write(dir.join("comptes.csv"), &case.accounts).unwrap();
    std::fs::write(dir.join("personnel.csv"), &case.staff).unwrap();
    let pdf = dir.join("revue.pdf");
    let reviewed = practice.run(&[
        "comply",
        "access-review",
        "--accounts",
        dir.join("comptes.csv").to_str().unwrap(),
        "--staff",
        dir.join("personnel.csv").to_str().unwrap(),
        "--report",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(
        reviewed.status.code(),
        Some(1),
        "findings: {}",
        stderr(&reviewed)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("test_medecin"));
    let missing = dir.join("absent/kit.html");
    let failed = practice.run(&[
        "comply",
        "report",
        "continuity",
        "--output",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(!missing.exists());
    assert!(
        files_under(&dir)
            .iter()
            .all(|p| !p.to_string_lossy().contains(".hygie-report-"))
    );
    let kit = practice.run(&["comply", "report", "continuity"]);
    assert_success(&kit);
    assert!(stdout(&kit).contains("Aucune sauvegarde n&#39;existe"));

    let done: Vec<String> = actions(&practice)
        .into_iter()
        .map(|(action, _)| action)
        .collect();
    for action in [
        "comply.register_updated",
        "comply.assessed",
        "comply.plan_updated",
        "comply.request_added",
        "comply.request_answered",
        "comply.retention",
        "comply.access_audit",
        "comply.access_review",
        "comply.report",
    ] {
        assert!(done.iter().any(|a| a == action), "{action} not journaled");
    }
}

#[test]
fn the_guardian_reminds_overdue_requests_and_journals_the_reminder() {
    let practice = Practice::new();
    practice.init();
    assert_success(&practice.run(&[
        "comply",
        "request",
        "add",
        "--patient",
        "M. Petit",
        "--received",
        "2026-01-05 09:00",
    ]));
    let (mut child, mut log) = start_guardian(&practice);
    wait_for_log(
        &mut log,
        "Demande d'accès n° 1 : EN RETARD",
        Duration::from_secs(30),
    );
    signal(&child, "TERM");
    assert!(child.wait().unwrap().success());
    assert!(
        actions(&practice)
            .iter()
            .any(|(action, _)| action == "comply.reminder")
    );
}
