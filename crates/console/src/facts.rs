//! What the console shows but does not own: facts the binary gathers from the engines, and the
//! journal it writes to. The console never depends on an engine; the binary implements
//! [`Facts`] over them.

use jiff::Timestamp;
use serde::Serialize;

use crate::text::Lang;

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

/// One snapshot, as the Sauvegardes page lists it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SnapshotFact {
    /// Its full id.
    pub id: String,
    /// When it was taken.
    #[schema(value_type = String, format = DateTime)]
    pub time: Timestamp,
    /// The folders it protects.
    pub paths: Vec<String>,
    /// Files it holds.
    pub files: u64,
    /// Bytes of file content it holds.
    pub bytes: u64,
}

/// One entry of a folder inside a snapshot.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EntryFact {
    /// Its name.
    pub name: String,
    /// Its full path as it was backed up.
    pub path: String,
    /// A folder.
    pub directory: bool,
    /// Size in bytes (0 for folders).
    pub size: u64,
    /// Last modification before the snapshot.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub modified: Option<Timestamp>,
}

/// A file or folder put back beside its original.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RestoredFact {
    /// The snapshot it came from.
    pub snapshot: String,
    /// The path asked for.
    pub original: String,
    /// Where the copy is.
    pub copy: String,
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// One entry of the journal, as the Journal page shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct JournalLine {
    /// Its number in the journal (the first is 0).
    pub seq: u64,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// What kind of event, in the practice's language.
    pub kind: String,
    /// Who or what did it.
    pub actor: String,
    /// Whether it succeeded; none when it only records a fact.
    pub success: Option<bool>,
    /// One sentence.
    pub summary: String,
}

/// A page of the journal, newest first, and where its protection stands.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct JournalPage {
    /// The entries, newest first.
    pub lines: Vec<JournalLine>,
    /// Entries in the whole journal.
    pub size: u64,
    /// The size the last kept checkpoint signs.
    pub checkpoint_size: Option<u64>,
    /// When that checkpoint was kept.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub checkpoint_at: Option<Timestamp>,
    /// Where checkpoints are witnessed, if anywhere.
    pub witness: Option<String>,
}

/// The journal verified from its first entry, in sentences for a person.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct JournalCheck {
    /// Nothing was found wrong.
    pub intact: bool,
    /// What was checked and found, in the practice's language.
    pub sentences: Vec<String>,
}

/// The compliance summary the Conformité page shows, in the reader's language.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ComplianceFacts {
    /// Whether a person has answered the self-assessment (else only Hygie's evidence counts).
    pub assessed: bool,
    /// The overall score, 0 to 100.
    pub score: u8,
    /// Each domain's score now and once the plan is carried out.
    pub domains: Vec<DomainFact>,
    /// The action plan, most useful first.
    pub plan: Vec<PlanFact>,
    /// Breaches not closed, with their two 72-hour clocks.
    pub breaches: Vec<BreachFact>,
    /// Patients' requests not answered yet.
    pub requests: Vec<RequestFact>,
}

/// One domain of the self-assessment.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DomainFact {
    /// Its title.
    pub title: String,
    /// 0 to 100; none when nothing applies.
    pub score: Option<u8>,
    /// The score once the actions due within three months are done.
    pub after_plan: Option<u8>,
}

/// One action of the plan.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PlanFact {
    /// What to do.
    pub action: String,
    /// Who.
    pub owner: String,
    /// By when (a day, `YYYY-MM-DD`).
    pub due: String,
    /// `todo`, `doing` or `done`.
    pub status: String,
}

/// A breach not closed.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BreachFact {
    /// Its number.
    pub id: i64,
    /// What happened.
    pub title: String,
    /// The CNIL clock and the complaint clock.
    pub clocks: Vec<ClockFact>,
    /// Whether the patients must be told (art. 34) and have not been yet.
    pub tell_patients: bool,
}

/// One of a breach's 72-hour clocks.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ClockFact {
    /// Which clock.
    pub label: String,
    /// Where it stands, in a sentence.
    pub value: String,
}

/// A patient's request not answered yet.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RequestFact {
    /// Its number.
    pub id: i64,
    /// The patient.
    pub patient: String,
    /// Where it stands, in a sentence.
    pub state: String,
}

/// A compliance document, ready to send to the browser.
#[derive(Clone, Debug)]
pub struct ReportFact {
    /// The name to save it under.
    pub file_name: String,
    /// `text/html; charset=utf-8` or `application/pdf`.
    pub content_type: &'static str,
    /// The document.
    pub bytes: Vec<u8>,
}

/// One section of the practice's configuration file.
#[derive(Clone, Debug, Serialize)]
pub struct SettingsGroup {
    /// The section's name (`vault`, `console`…).
    pub title: String,
    /// Its keys and values, as written in the file.
    pub items: Vec<SettingItem>,
}

/// One setting.
#[derive(Clone, Debug, Serialize)]
pub struct SettingItem {
    /// The key.
    pub label: String,
    /// Its value, as written in the file.
    pub value: String,
}

/// Why the binary could not give a fact or do an action. The text is for a person, in the
/// practice's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FactsError {
    /// What was asked for does not exist (a snapshot, a path in it).
    #[error("{0}")]
    NotFound(String),
    /// The request is refused as it stands (a path outside the protected folders…).
    #[error("{0}")]
    Refused(String),
    /// Something failed on the practice's side (repository unreachable…).
    #[error("{0}")]
    Failed(String),
}

/// What the binary provides.
pub trait Facts: Send + Sync + 'static {
    /// The protection's state now (may read the vault: the console calls it off the request
    /// threads).
    fn status(&self) -> StatusFacts;
    /// The protection's state as last gathered, without waiting; `None` when nothing was
    /// gathered yet. The dashboard asks at every request.
    fn cached_status(&self) -> Option<StatusFacts> {
        None
    }
    /// Keeps `event` in the journal; a failure is the binary's to log.
    fn record(&self, event: ConsoleEvent);
    /// Every snapshot, newest first.
    fn snapshots(&self) -> Result<Vec<SnapshotFact>, FactsError>;
    /// The entries of folder `dir` in snapshot `snapshot`.
    fn browse(&self, snapshot: &str, dir: &str) -> Result<Vec<EntryFact>, FactsError>;
    /// Puts `path` from `snapshot` back beside its original, on behalf of `user`, and journals
    /// it.
    fn restore(&self, user: &str, snapshot: &str, path: &str) -> Result<RestoredFact, FactsError>;
    /// At most `limit` entries numbered below `before` that contain `containing`, newest
    /// first.
    fn journal(
        &self,
        containing: Option<&str>,
        before: Option<u64>,
        limit: usize,
    ) -> Result<JournalPage, FactsError>;
    /// Verifies the whole journal (and its witness) for `user`, and journals that it did.
    fn verify_journal(&self, user: &str) -> Result<JournalCheck, FactsError>;
    /// What alert `alert`'s evidence says, one sentence each, in the practice's language.
    fn alert_evidence(&self, alert: i64) -> Result<Vec<String>, FactsError>;
    /// Puts back every file the attack of sentinel alert `alert` touched, for `user`;
    /// journaled. What was done, in sentences, and whether every file came back.
    fn repair_incident(&self, user: &str, alert: i64) -> Result<(Vec<String>, bool), FactsError>;
    /// Opens a data breach from alert `alert`, for `user`, with its two 72-hour clocks
    /// started at the alert; journaled. The breach's number.
    fn open_breach(&self, user: &str, alert: i64) -> Result<i64, FactsError>;
    /// The practice's settings, section by section, as its configuration file holds them.
    fn settings(&self) -> Result<Vec<SettingsGroup>, FactsError>;
    /// Where the practice stands on its duties, in `lang`.
    fn compliance(&self, lang: Lang) -> Result<ComplianceFacts, FactsError>;
    /// Compliance document `kind` (`assessment`, `register`, `breach-log`,
    /// `cnil-notification`, `patient-letter`, `requests`, `continuity`; the two about a breach
    /// need `breach`) in `lang`, as HTML or PDF, for `user`; journaled.
    fn report(
        &self,
        user: &str,
        lang: Lang,
        kind: &str,
        breach: Option<i64>,
        pdf: bool,
    ) -> Result<ReportFact, FactsError>;
}
