//! The repository server's own journal: every refusal, alarm and witnessed checkpoint, kept
//! tamper-evident on the server's machine, where the practice's PC cannot reach it.
//!
//! ```text
//! DATA/.hygie-server/
//!   journal.sqlite   the server's journal
//!   journal.key      its signing key (mode 0600)
//!   journal.pub      its public key, to give to auditors
//!   witness/<repo>/  checkpoints of each practice's journal (see the server crate)
//! ```
//!
//! `hygie vault events --data DATA` verifies it and shows it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread::JoinHandle;

use hygie_journal::{
    Actor, Event, Filter, Journal, Kind, Outcome as EventOutcome, SecretKeyText, SigningKey,
};
use hygie_repo_server::{Fact, Recorder, SERVER_DIR};
use tracing::error;

use crate::context::read_verifier;
use crate::failure::{Failure, Outcome};
use crate::secrets;
use crate::t;

fn dir(data: &Path) -> PathBuf {
    data.join(SERVER_DIR)
}

fn journal_path(data: &Path) -> PathBuf {
    dir(data).join("journal.sqlite")
}

fn key_path(data: &Path) -> PathBuf {
    dir(data).join("journal.key")
}

fn public_key_path(data: &Path) -> PathBuf {
    dir(data).join("journal.pub")
}

/// Opens the server's journal for writing, creating it (and its keys) the first time.
pub fn open_or_create(data: &Path) -> Result<Journal, Failure> {
    let path = journal_path(data);
    if !path.exists() {
        std::fs::create_dir_all(dir(data)).map_err(|e| {
            Failure::failed(t!(
                "init-create-failed",
                path = dir(data).as_path(),
                cause = e.to_string()
            ))
        })?;
        let origin = super::init::origin_for("serveur");
        let (secret, public) = hygie_journal::generate_keys(&origin)?;
        secrets::write_private(&key_path(data), format!("{}\n", secret.expose()).as_bytes())
            .map_err(Failure::failed)?;
        std::fs::write(public_key_path(data), format!("{public}\n")).map_err(|e| {
            Failure::failed(t!(
                "init-create-failed",
                path = public_key_path(data).as_path(),
                cause = e.to_string()
            ))
        })?;
        let signer = SigningKey::parse(&secret)?;
        let verifier = hygie_journal::VerifierKey::parse(&public)?;
        return Ok(Journal::create(&path, signer, verifier)?);
    }
    let verifier = read_verifier(&public_key_path(data))?;
    let text = secrets::read_private(&key_path(data)).map_err(Failure::setup)?;
    let signer = SigningKey::parse(&SecretKeyText::new(text.trim().to_owned()))
        .map_err(|_| Failure::setup(t!("key-invalid", path = key_path(data).as_path())))?;
    Ok(Journal::open(&path, verifier, Some(signer))?)
}

/// Facts waiting for the journal at most: a client flooding the server with refused requests
/// fills this queue, not the memory; what does not fit is counted and journaled as a number.
const QUEUE: usize = 10_000;
/// Characters kept of a text a client chose (a path, a name).
const MAX_TEXT: usize = 300;

/// Hands facts to a thread that appends them to the server's journal, so a request never waits
/// for a disk flush.
pub struct JournalRecorder {
    sender: mpsc::SyncSender<Option<Fact>>,
    dropped: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Recorder for JournalRecorder {
    fn record(&self, fact: Fact) {
        if self.sender.try_send(Some(fact)).is_err() {
            self.dropped
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

fn clip(text: String) -> String {
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    let mut clipped: String = text.chars().take(MAX_TEXT).collect();
    clipped.push('…');
    clipped
}

/// The thread behind a [`JournalRecorder`].
pub struct RecorderThread {
    sender: mpsc::SyncSender<Option<Fact>>,
    handle: JoinHandle<()>,
}

impl RecorderThread {
    /// Journals every fact recorded so far, then stops the thread.
    pub fn finish(self) {
        let _ = self.sender.send(None);
        let _ = self.handle.join();
    }
}

/// Starts the thread that journals facts.
pub fn recorder(journal: Journal) -> (JournalRecorder, RecorderThread) {
    let (sender, receiver) = mpsc::sync_channel::<Option<Fact>>(QUEUE);
    let dropped = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counted = dropped.clone();
    let handle = std::thread::spawn(move || {
        while let Ok(Some(fact)) = receiver.recv() {
            let mut events = vec![event_for(fact)];
            let lost = counted.swap(0, std::sync::atomic::Ordering::Relaxed);
            if lost > 0 {
                events.push(
                    Event::new(
                        Kind::Alert,
                        "server.facts_dropped",
                        Actor::program("hygie-vault-serve"),
                        t!("event-server-dropped", count = lost),
                    )
                    .outcome(EventOutcome::Failure)
                    .detail("count", lost),
                );
            }
            if let Err(e) = journal.append_all(events) {
                error!("{}", t!("server-journal-failed", cause = e.to_string()));
            }
        }
    });
    (
        JournalRecorder {
            sender: sender.clone(),
            dropped,
        },
        RecorderThread { sender, handle },
    )
}

/// The journal event for a fact, worded for a person.
fn event_for(fact: Fact) -> Event {
    match fact {
        Fact::Refused {
            caller,
            method,
            what,
            status,
            reason,
        } => {
            let who = clip(caller.unwrap_or_else(|| "?".to_owned()));
            let what = clip(what);
            let reason = clip(reason);
            Event::new(
                Kind::Access,
                "server.refused",
                Actor::remote(who.clone()),
                t!(
                    "event-server-refused",
                    who = who,
                    method = method.as_str(),
                    what = what.as_str(),
                    status = u64::from(status)
                ),
            )
            .subject(what)
            .outcome(EventOutcome::Failure)
            .detail("method", method)
            .detail("status", status)
            .detail("reason", reason)
        }
        Fact::ExfiltrationAlarm {
            caller,
            repository,
            bytes_read,
            repository_bytes,
        } => Event::new(
            Kind::Alert,
            "server.exfiltration_suspected",
            Actor::remote(caller.clone()),
            t!(
                "event-server-exfiltration",
                who = caller.as_str(),
                read = bytes_read,
                stored = repository_bytes
            ),
        )
        .subject(repository)
        .outcome(EventOutcome::Failure)
        .detail("bytes_read", bytes_read)
        .detail("repository_bytes", repository_bytes),
        Fact::CheckpointAccepted {
            caller,
            repository,
            size,
        } => Event::new(
            Kind::System,
            "witness.accepted",
            Actor::remote(caller),
            t!(
                "event-witness-accepted",
                repository = repository.as_str(),
                size = size
            ),
        )
        .subject(repository)
        .outcome(EventOutcome::Success)
        .detail("size", size),
        Fact::CheckpointRefused {
            caller,
            repository,
            reason,
        } => Event::new(
            Kind::Alert,
            "witness.refused",
            Actor::remote(caller),
            t!(
                "event-witness-refused",
                repository = repository.as_str(),
                reason = reason.as_str()
            ),
        )
        .subject(repository)
        .outcome(EventOutcome::Failure)
        .detail("reason", reason),
    }
}

/// `hygie vault events`: verifies the server's journal, then shows its last entries.
pub fn events(data: &Path, last: Option<usize>, json: bool) -> Outcome {
    let path = journal_path(data);
    if !path.exists() {
        return Err(Failure::setup(t!(
            "server-journal-missing",
            path = path.as_path()
        )));
    }
    let verifier = read_verifier(&public_key_path(data))?;
    let journal = Journal::open(&path, verifier, None)?;
    let report = journal.verify(None)?;
    let entries = journal.entries(&Filter {
        last,
        ..Filter::default()
    })?;
    if json {
        for entry in &entries {
            super::journal::print_json(entry)?;
        }
    } else {
        let zone = jiff::tz::TimeZone::system();
        for entry in &entries {
            println!("{}", super::journal::render_entry(entry, &zone));
        }
    }
    if report.is_intact() {
        eprintln!("{}", t!("server-journal-intact", count = report.entries));
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::failed(t!(
            "server-journal-damaged",
            path = path.as_path(),
            count = report.findings.len()
        )))
    }
}
