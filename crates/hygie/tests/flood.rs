//! The sentinel when the kernel drops notifications: a flood of changes must hide none of them.
//!
//! The sentinel is frozen while more files are written than the kernel keeps notifications
//! of (its limit, `fs.inotify.max_queued_events`, is read, never changed), then files are
//! encrypted: their notifications are surely dropped.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use hygie_simulator::{Behaviour, Corpus};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The kernel's limit of notifications an inotify watcher may have waiting.
const QUEUE_LIMIT: &str = "/proc/sys/fs/inotify/max_queued_events";

/// Above this limit, the flood would take too long for a test.
const LARGEST_LIMIT: u64 = 200_000;

/// A child ended when dropped, a failed assertion included.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn hygie(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hygie"));
    command
        .env_remove("HYGIE_HOME")
        .env_remove("HYGIE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "fr_FR.UTF-8")
        .arg("--home")
        .arg(home)
        .stdin(Stdio::null());
    command
}

fn succeeded(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Every line `reader` gives, sent on as it comes.
fn lines_of(reader: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits for a line holding `needle`; every line seen goes to `seen`.
fn wait_for(lines: &Receiver<String>, needle: &str, seen: &mut Vec<String>) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let line = lines.recv_timeout(left).ok()?;
        seen.push(line.clone());
        if line.contains(needle) {
            return Some(line);
        }
    }
    None
}

#[test]
fn files_encrypted_while_notifications_are_lost_are_still_found_and_judged() {
    let limit: u64 = std::fs::read_to_string(QUEUE_LIMIT)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    if limit > LARGEST_LIMIT {
        eprintln!("skipped: the kernel keeps {limit} notifications, too many to flood in a test");
        return;
    }
    // Each new file is two notifications (created, closed): half of them fit in the queue.
    let flood = limit + 1_000;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dossiers");
    let corpus = Corpus::create(&root, 4).unwrap();
    let home = dir.path().join("hygie");
    succeeded(
        hygie(&home)
            .args(["init", "--practice", "Cabinet des Tilleuls", "--protect"])
            .arg(&root)
            .output()
            .unwrap(),
    );
    // Alerts only: the writer here is this test (as an ancestor of the sentinel, it would be
    // spared anyway).
    let config = home.join("hygie.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("contain = \"kill\""));
    std::fs::write(
        &config,
        text.replace("contain = \"kill\"", "contain = \"off\""),
    )
    .unwrap();

    let mut sentinel = Running(
        hygie(&home)
            .args(["sentinel", "watch", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let said = lines_of(sentinel.0.stderr.take().unwrap());
    let alerts = lines_of(sentinel.0.stdout.take().unwrap());
    let mut told = Vec::new();
    assert!(
        wait_for(&said, "Surveillance de", &mut told).is_some(),
        "{told:?}"
    );

    // While it cannot read, a flood of new files fills its queue, and files are encrypted
    // after it: the kernel drops their notifications.
    let pid = Pid::from_raw(i32::try_from(sentinel.0.id()).unwrap());
    kill(pid, Signal::SIGSTOP).unwrap();
    // (In a folder already watched: a new one would be watched only once it is read.)
    let encrypted: Vec<PathBuf> = corpus.files().unwrap().into_iter().take(12).collect();
    for i in 0..flood {
        std::fs::write(root.join(format!("note-{i}.txt")), format!("note {i}\n")).unwrap();
    }
    for path in &encrypted {
        Behaviour::InPlace.apply(&corpus, path, 0xF100D).unwrap();
    }
    kill(pid, Signal::SIGCONT).unwrap();

    let alert = wait_for(&alerts, "{", &mut Vec::new());
    assert!(
        wait_for(&said, "Hygie a relu les dossiers protégés", &mut told).is_some(),
        "{told:?}"
    );
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
    assert!(
        sentinel.0.try_wait().unwrap().is_none(),
        "the sentinel died"
    );
    drop(sentinel);

    // The loss is evidence: the journal keeps it, with what the walk found.
    let journal = succeeded(
        hygie(&home)
            .args(["journal", "show", "--json"])
            .output()
            .unwrap(),
    );
    let lost = journal
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|event| event["action"] == "sentinel.notifications_lost")
        .expect("the lost notifications are not in the journal");
    // All of them but those whose notifications fitted in the queue.
    let found = lost["details"]["files_found"].as_u64().unwrap();
    assert!(found + limit / 2 >= flood, "{lost}");
}
