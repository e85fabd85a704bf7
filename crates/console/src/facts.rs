//! What the console shows but does not own: facts the binary gathers from the engines, and the
//! journal it writes to. The console never depends on an engine; the binary implements
//! [`Facts`] over them.

use jiff::Timestamp;
use serde::Serialize;

/// The state of the practice's protection, as the binary reads it at a request.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StatusFacts {
    /// The practice's name.
    pub practice: String,
    /// The newest snapshot.
    pub last_backup: Option<Timestamp>,
    /// The last restore drill and whether it passed.
    pub last_drill: Option<(Timestamp, bool)>,
    /// The vault is frozen by an incident.
    pub vault_frozen: bool,
    /// The sentinel watches the protected folders.
    pub sentinel_watching: bool,
    /// A mailbox is guarded against phishing.
    pub mail_guarded: bool,
    /// The self-assessment's score, if it was taken.
    pub compliance_score: Option<u8>,
    /// Patients' requests overdue or due within two days.
    pub requests_due: usize,
    /// Breach clocks running or overdue.
    pub breach_clocks: usize,
}

/// Something to keep in the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleEvent {
    /// A stable dotted code: `console.login`, `console.refused`…
    pub action: &'static str,
    /// Who (the login typed, for failures).
    pub user: String,
    /// Whether it succeeded.
    pub success: bool,
    /// One sentence for a person.
    pub summary: String,
    /// What it was about (an alert, a path), if anything.
    pub subject: Option<String>,
}

/// What the binary provides.
pub trait Facts: Send + Sync + 'static {
    /// The protection's state now.
    fn status(&self) -> StatusFacts;
    /// Keeps `event` in the journal; a failure is the binary's to log.
    fn record(&self, event: ConsoleEvent);
}
