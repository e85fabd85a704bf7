//! The event schema, designed once for every engine of Hygie.
//!
//! An event says *who* ([`Actor`]) did *what* ([`Kind`] and a dotted `action` code), *to what*
//! (`subject`), *how it ended* ([`Outcome`]), in one human sentence (`summary`) and with
//! structured `details` for machines. The journal adds *when* and the entry number.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The family an event belongs to. The set is closed so that reports and the compliance module
/// can rely on it; the finer meaning goes in [`Event::action`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A snapshot was taken, or failed.
    Backup,
    /// Files were restored from a snapshot or a shadow copy.
    Restore,
    /// A restore drill proved (or failed to prove) that backups can be restored.
    Drill,
    /// A detector raised an alert (ransomware, exfiltration, overdue backup…).
    Alert,
    /// An incident was opened, updated or closed (containment, breach handling).
    Incident,
    /// The mail analyser gave a verdict on a message.
    MailVerdict,
    /// Someone signed in, was refused, or accessed protected data.
    Access,
    /// The configuration, the protected folders or the users changed.
    ConfigChange,
    /// A compliance duty was performed (register updated, access request answered…).
    ComplianceAction,
    /// A person wrote a note by hand, as evidence.
    Note,
    /// Hygie itself started, stopped, or signed a checkpoint.
    System,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 11] = [
        Kind::Backup,
        Kind::Restore,
        Kind::Drill,
        Kind::Alert,
        Kind::Incident,
        Kind::MailVerdict,
        Kind::Access,
        Kind::ConfigChange,
        Kind::ComplianceAction,
        Kind::Note,
        Kind::System,
    ];

    /// The stable code of this kind, as stored (`mail_verdict`, `note`…).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Backup => "backup",
            Kind::Restore => "restore",
            Kind::Drill => "drill",
            Kind::Alert => "alert",
            Kind::Incident => "incident",
            Kind::MailVerdict => "mail_verdict",
            Kind::Access => "access",
            Kind::ConfigChange => "config_change",
            Kind::ComplianceAction => "compliance_action",
            Kind::Note => "note",
            Kind::System => "system",
        }
    }

    /// The kind with this code, if any.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// What sort of actor caused an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A person, named by their local account or login.
    Person,
    /// A program on this machine: Hygie itself, or a process it observed.
    Program,
    /// Something seen over the network: an SMB session, a mail sender, a client address.
    Remote,
}

/// Who caused an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// What sort of actor.
    pub kind: ActorKind,
    /// Its identifier: a login, a program name with its pid, an address.
    pub id: String,
}

impl Actor {
    /// A person, by login.
    pub fn person(id: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Person,
            id: id.into(),
        }
    }

    /// A program, by name.
    pub fn program(id: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Program,
            id: id.into(),
        }
    }

    /// A remote party, by address or session.
    pub fn remote(id: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Remote,
            id: id.into(),
        }
    }
}

/// How the action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It worked.
    Success,
    /// It failed or was refused.
    Failure,
    /// Nothing to succeed or fail: a fact was recorded.
    Info,
}

/// One security-relevant event, as an engine hands it to the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The family of the event.
    pub kind: Kind,
    /// A stable dotted code for the precise action, such as `note.added` or `backup.finished`.
    pub action: String,
    /// Who caused it.
    pub actor: Actor,
    /// What it was about (a path, a snapshot id, a message id), when there is one.
    pub subject: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// One sentence for a person, in the practice's language.
    pub summary: String,
    /// Structured facts for machines and reports.
    pub details: Map<String, Value>,
}

impl Event {
    /// An event with the given kind, action code, actor and summary; outcome `info`, no subject,
    /// no details.
    pub fn new(
        kind: Kind,
        action: impl Into<String>,
        actor: Actor,
        summary: impl Into<String>,
    ) -> Event {
        Event {
            kind,
            action: action.into(),
            actor,
            subject: None,
            outcome: Outcome::Info,
            summary: summary.into(),
            details: Map::new(),
        }
    }

    /// Sets what the event is about.
    pub fn subject(mut self, subject: impl Into<String>) -> Event {
        self.subject = Some(subject.into());
        self
    }

    /// Sets how the action ended.
    pub fn outcome(mut self, outcome: Outcome) -> Event {
        self.outcome = outcome;
        self
    }

    /// Adds one structured detail.
    pub fn detail(mut self, key: impl Into<String>, value: impl Into<Value>) -> Event {
        self.details.insert(key.into(), value.into());
        self
    }
}

/// An event as stored: numbered and dated by the journal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// The entry's number, which is also its leaf index in the Merkle tree (the first is 0).
    pub seq: u64,
    /// When the journal recorded it (UTC).
    pub at: Timestamp,
    /// The event itself.
    #[serde(flatten)]
    pub event: Event,
}
