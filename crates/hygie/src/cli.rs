//! The command line: its shape (clap derive) and its words (Fluent messages).
//!
//! The structs below say which commands and arguments exist; [`command`] then gives every
//! command and argument its help text from the message files, under the ids
//! `cmd-<path>` and `arg-<path>-<argument>` (`arg-<argument>` for global ones), so the help is
//! French or English and no sentence is buried in code. A tidy test walks the tree and checks
//! that every id exists.

use std::path::PathBuf;

use clap::builder::{Command, StyledStr};
use clap::{Arg, ArgAction, CommandFactory, Parser, Subcommand};

use crate::i18n::Lang;
use crate::t;

/// Hygie.
#[derive(Debug, Parser)]
#[command(name = "hygie", version)]
pub struct Cli {
    /// The practice's Hygie folder.
    #[arg(
        long,
        global = true,
        env = "HYGIE_HOME",
        hide_env = true,
        value_name = "DIR"
    )]
    pub home: Option<PathBuf>,
    /// The language of messages.
    #[arg(
        long,
        global = true,
        value_enum,
        hide_possible_values = true,
        value_name = "LANG"
    )]
    pub lang: Option<Lang>,
    /// What to do.
    #[command(subcommand)]
    pub command: Commands,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Set up Hygie for a practice.
    Init(InitArgs),
    /// Run the guardian in the foreground.
    Up,
    /// Say what is protected and what is not.
    Status(JsonFlag),
    /// The tamper-evident journal.
    #[command(subcommand)]
    Journal(JournalCommands),
    /// Take a snapshot of the protected folders.
    Backup(BackupArgs),
    /// List snapshots.
    Snapshots(JsonFlag),
    /// Restore a snapshot.
    Restore(RestoreArgs),
    /// Check the snapshot repository.
    Check(CheckArgs),
    /// Prove that the latest snapshot restores, byte for byte.
    Drill(JsonFlag),
    /// Forget the snapshots the retention policy no longer keeps.
    Forget(ForgetArgs),
    /// Remove data no snapshot refers to.
    Prune,
    /// The snapshot repository itself.
    #[command(subcommand)]
    Vault(VaultCommands),
    /// The ransomware sentinel.
    #[command(subcommand)]
    Sentinel(SentinelCommands),
    /// List the alerts and what became of them.
    Alerts(JsonFlag),
    /// Respond to an incident.
    #[command(subcommand)]
    Incident(IncidentCommands),
    /// The phishing analyser.
    #[command(subcommand)]
    Mail(MailCommands),
    /// GDPR duties and the security self-assessment.
    #[command(subcommand)]
    Comply(ComplyCommands),
    /// The web console's accounts.
    #[command(subcommand)]
    Console(ConsoleCommands),
}

/// `hygie console …`.
#[derive(Debug, Subcommand)]
pub enum ConsoleCommands {
    /// Create or reset an account: password (asked, or read from standard input) and a new
    /// second factor.
    AddUser {
        /// The login.
        #[arg(value_name = "NAME")]
        name: String,
        /// admin, practitioner, secretary or auditor.
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
    /// List the accounts and their roles.
    Users,
}

/// `hygie comply …`.
#[derive(Debug, Subcommand)]
pub enum ComplyCommands {
    /// Answer the security self-assessment (Hygie answers what it can prove).
    Assess {
        /// Answers file (TOML: `question-id = "oui"`), instead of asking on the terminal.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// The action plan: show it, or export and import it to set owners, dates and progress.
    #[command(subcommand)]
    Plan(PlanCommands),
    /// The register of processing activities (GDPR article 30).
    #[command(subcommand)]
    Register(RegisterCommands),
    /// Personal-data breaches: open, follow the two 72-hour clocks, notify.
    #[command(subcommand)]
    Breach(BreachCommands),
    /// Patients' requests for their records, with the legal deadlines.
    #[command(subcommand)]
    Request(RequestCommands),
    /// Review the software's accounts against the staff register.
    AccessReview {
        /// Accounts export (CSV: login,name,profile,staff_id,last_login,approved_by,enabled).
        #[arg(long, value_name = "FILE")]
        accounts: PathBuf,
        /// Staff register (CSV: staff_id,name,job,left_on).
        #[arg(long, value_name = "FILE")]
        staff: PathBuf,
        /// Review as of this day (default: today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Also write the review as a document (`.html`, `.pdf` or `.json`, by extension).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Find accesses to patients' records that nothing explains.
    AccessAudit {
        /// Access log (CSV: time,login,patient_id[,user_name,patient_name,break_glass,reason]).
        #[arg(long, value_name = "FILE")]
        log: PathBuf,
        /// Appointments (CSV: patient_id,start[,login]).
        #[arg(long, value_name = "FILE")]
        appointments: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// List the records due for archiving or deletion.
    Retention {
        /// Patients (CSV: patient_id,last_care[,name,born_on,died_on,archived]).
        #[arg(long, value_name = "FILE")]
        patients: PathBuf,
        /// As of this day (default: today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Produce a document: HTML to print, PDF, or JSON.
    Report {
        /// Which document.
        #[arg(value_enum, value_name = "DOCUMENT")]
        document: ReportKind,
        /// The breach, for the CNIL notification and the letter to patients.
        #[arg(long, value_name = "N")]
        breach: Option<i64>,
        /// The format (default: from the output file's extension, else HTML).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Where to write it (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// A compliance document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// The self-assessment with its scores, risk map and action plan.
    Assessment,
    /// The register of processing activities.
    Register,
    /// The internal breach log.
    BreachLog,
    /// The draft CNIL notification of a breach.
    CnilNotification,
    /// The letter to the patients of a breach.
    PatientLetter,
    /// The register of access requests.
    Requests,
    /// The continuity kit to keep by the phone.
    Continuity,
}

/// A document format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A page to open in a browser and print.
    Html,
    /// A PDF file.
    Pdf,
    /// JSON for machines.
    Json,
}

/// `hygie comply plan …`.
#[derive(Debug, Subcommand)]
pub enum PlanCommands {
    /// Show the action plan.
    Show {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Print the plan as an editable file (owner, due date, status, note per action).
    Export,
    /// Read back an edited plan file.
    Import {
        /// The edited file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// `hygie comply register …`.
#[derive(Debug, Subcommand)]
pub enum RegisterCommands {
    /// Print the register as an editable file (pre-filled the first time).
    Export,
    /// Read back an edited register: every article 30 field must be filled.
    Import {
        /// The edited file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// `hygie comply breach …`.
#[derive(Debug, Subcommand)]
pub enum BreachCommands {
    /// Open a breach from an alert, or by hand with a title.
    Open {
        /// The alert it comes from (see `hygie alerts`).
        #[arg(long, value_name = "N", conflicts_with = "title")]
        alert: Option<i64>,
        /// A title, for a breach opened by hand.
        #[arg(long, value_name = "TEXT", required_unless_present = "alert")]
        title: Option<String>,
        /// When the practice became aware of it (default: now).
        #[arg(long, value_name = "WHEN")]
        discovered: Option<String>,
    },
    /// List every breach: the internal breach log.
    List {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Show a breach: its clocks, its risk, what the notification still needs.
    Show {
        /// The breach.
        #[arg(value_name = "N")]
        id: i64,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Print a breach as an editable file.
    Export {
        /// The breach.
        #[arg(value_name = "N")]
        id: i64,
    },
    /// Read back an edited breach file.
    Import {
        /// The breach.
        #[arg(value_name = "N")]
        id: i64,
        /// The edited file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Record a step: CNIL notified, complaint filed, patients informed, closed.
    Mark {
        /// The breach.
        #[arg(value_name = "N")]
        id: i64,
        /// The step.
        #[arg(value_enum, value_name = "STEP")]
        step: BreachStep,
        /// When (default: now).
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
    /// Add a line to a breach's timeline.
    Note {
        /// The breach.
        #[arg(value_name = "N")]
        id: i64,
        /// What happened.
        #[arg(value_name = "TEXT")]
        text: String,
    },
}

/// A step of a breach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BreachStep {
    /// The CNIL was notified.
    CnilNotified,
    /// The complaint was filed.
    ComplaintFiled,
    /// The patients were told.
    PatientsInformed,
    /// The breach is closed.
    Closed,
}

/// `hygie comply request …`.
#[derive(Debug, Subcommand)]
pub enum RequestCommands {
    /// Log a patient's request for their record.
    Add {
        /// Who asked.
        #[arg(long, value_name = "NAME")]
        patient: String,
        /// When it arrived (default: now).
        #[arg(long, value_name = "WHEN")]
        received: Option<String>,
        /// The record's latest information is more than 5 years old (2 months to answer).
        #[arg(long)]
        old_record: bool,
        /// Copies already given to this patient (the first is free).
        #[arg(long, value_name = "N", default_value = "0")]
        earlier_copies: u32,
    },
    /// List the requests and their deadlines.
    List {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Record that a request was answered.
    Done {
        /// The request.
        #[arg(value_name = "N")]
        id: i64,
        /// When (default: now).
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
}

/// `hygie mail …`.
#[derive(Debug, Subcommand)]
pub enum MailCommands {
    /// Analyse messages and say which are phishing.
    Scan {
        /// `.eml` files, folders of them, Maildir folders or mbox files.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// Machine-readable output (one JSON object per message).
        #[arg(long)]
        json: bool,
    },
    /// Guard the configured mailbox in the foreground: tag or quarantine phishing as it arrives.
    Watch,
    /// Store the mailbox account's password (asked on the terminal, or read from standard input).
    Password,
}

/// `hygie incident …`.
#[derive(Debug, Subcommand)]
pub enum IncidentCommands {
    /// Put back every file an alert's attack damaged, from the last snapshot before it.
    Restore {
        /// The alert's number (see `hygie alerts`).
        #[arg(value_name = "ALERT")]
        alert: i64,
    },
    /// Delete what an alert's restore put in the quarantine, once the investigation is over.
    Purge {
        /// The alert's number (see `hygie alerts`).
        #[arg(value_name = "ALERT")]
        alert: i64,
        /// Even though the incident is not restored (it never will be entirely).
        #[arg(long)]
        unrestored: bool,
    },
}

/// `hygie sentinel …`.
#[derive(Debug, Subcommand)]
pub enum SentinelCommands {
    /// Watch folders in the foreground and print alerts.
    Watch {
        /// The folders (default: the protected folders).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Machine-readable output (one JSON object per alert).
        #[arg(long)]
        json: bool,
    },
}

/// `hygie backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Paths to back up (default: the protected folders).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A glob pattern to leave out (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `hygie restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The snapshot id, or `latest`.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshot: String,
    /// Where to restore.
    #[arg(long, value_name = "DIR")]
    pub target: PathBuf,
    /// Only this path of the snapshot (repeatable).
    #[arg(long, value_name = "PATH")]
    pub include: Vec<PathBuf>,
    /// Use the newest snapshot taken before this date, time or duration ago.
    #[arg(long, value_name = "WHEN")]
    pub before: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `hygie check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Read and verify every byte of every pack.
    #[arg(long)]
    pub read_data: bool,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `hygie forget`.
#[derive(Debug, clap::Args)]
pub struct ForgetArgs {
    /// Only say what would be forgotten.
    #[arg(long)]
    pub dry_run: bool,
    /// Then remove the data no snapshot refers to.
    #[arg(long)]
    pub prune: bool,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `hygie vault …`.
#[derive(Debug, Subcommand)]
pub enum VaultCommands {
    /// Print the repository password, to keep on paper.
    Password,
    /// Create the repository and its password if this home has none.
    Init,
    /// Freeze the vault: nothing forgotten, last clean snapshot pinned, new ones suspect.
    Freeze {
        /// Why.
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Lift the freeze.
    Unfreeze,
    /// Run the append-only repository server (on another machine than the practice's PC).
    Serve(ServeArgs),
    /// Add a credential to the repository server.
    AddCredential(AddCredentialArgs),
    /// Verify and show the repository server's own journal.
    Events {
        /// The folder holding the repositories.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Only the last N entries.
        #[arg(long, value_name = "N")]
        last: Option<usize>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

/// `hygie vault serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The folder holding the repositories.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The address to listen on.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:8000")]
    pub listen: std::net::SocketAddr,
    /// The credentials file (default: DATA/credentials.toml).
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// The most one repository may hold, e.g. 500G.
    #[arg(long, value_name = "SIZE")]
    pub quota: Option<String>,
    /// The server's certificate chain (PEM), for TLS.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// `hygie vault add-credential`.
#[derive(Debug, clap::Args)]
pub struct AddCredentialArgs {
    /// The credential's name, which is also its repository's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// What it may do.
    #[arg(long, value_enum, default_value = "backup")]
    pub role: ServerRole,
    /// The folder holding the repositories.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The credentials file (default: DATA/credentials.toml).
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
}

/// A repository server credential's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ServerRole {
    /// Append only, to its own repository.
    Backup,
    /// Everything, on every repository.
    Admin,
}

/// `hygie init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The practice's name.
    #[arg(long, value_name = "NAME")]
    pub practice: String,
    /// A folder to protect (repeatable).
    #[arg(long, value_name = "PATH")]
    pub protect: Vec<PathBuf>,
    /// Where snapshots go.
    #[arg(long, value_name = "LOCATION")]
    pub repo: Option<String>,
    /// The journal's witness: a folder, or the repository server's address.
    #[arg(long, value_name = "DIR|ADDRESS")]
    pub witness: Option<String>,
    /// A certificate authority (PEM) to trust for the repository server.
    #[arg(long, value_name = "FILE")]
    pub server_ca: Option<PathBuf>,
    /// Protect the signing key with a passphrase.
    #[arg(long)]
    pub passphrase: bool,
}

/// `--json`.
#[derive(Debug, clap::Args)]
pub struct JsonFlag {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `hygie journal …`.
#[derive(Debug, Subcommand)]
pub enum JournalCommands {
    /// Record a note by hand.
    Note {
        /// The note.
        text: String,
        /// What it is about.
        #[arg(long, value_name = "SUBJECT")]
        subject: Option<String>,
    },
    /// Show entries.
    Show {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Only entries since this date, time or duration ago.
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// Only entries of this kind.
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Only the last N entries.
        #[arg(long, value_name = "N")]
        last: Option<usize>,
    },
    /// Recompute and check everything.
    Verify {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Keep a signed checkpoint and send it to the witness.
    Checkpoint {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Prove that entry N is in the journal.
    Prove {
        /// The entry number.
        n: u64,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
        /// Write the proof to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a proof file.
    CheckProof {
        /// The proof file.
        file: PathBuf,
        /// The journal's public key file (default: this home's).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
}

/// The full command tree, in the process's language.
pub fn command() -> Command {
    localize(Cli::command(), "")
}

fn localize(mut cmd: Command, path: &str) -> Command {
    let messages = crate::i18n::messages();
    let id = if path.is_empty() {
        "cmd-hygie".to_owned()
    } else {
        format!("cmd-{path}")
    };
    cmd = cmd
        .about(messages.format(&id, &[]))
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template(StyledStr::from(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t!("help-usage")
        )))
        .subcommand_help_heading(t!("help-commands"))
        .subcommand_value_name(t!("help-command-value"))
        .next_help_heading(t!("help-options"));
    if path.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(t!("arg-version")),
            )
            .after_help(t!("help-after"));
    }
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(t!("arg-help")),
    );
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for arg_id in ids {
        let global = arg_id == "home" || arg_id == "lang";
        let name = arg_id.replace('_', "-");
        let message = if global || path.is_empty() {
            format!("arg-{name}")
        } else {
            format!("arg-{path}-{name}")
        };
        let help = messages.format(&message, &[]);
        let heading = t!("help-options");
        cmd = cmd.mut_arg(arg_id, |arg| arg.help(help).help_heading(heading));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}-{name}")
        };
        cmd = cmd.mut_subcommand(name, |sub| localize(sub, &sub_path));
    }
    cmd
}

/// The message ids the command tree needs, for the tidy test.
#[cfg(test)]
pub fn message_ids() -> Vec<String> {
    fn walk(cmd: &Command, path: &str, ids: &mut Vec<String>) {
        ids.push(if path.is_empty() {
            "cmd-hygie".into()
        } else {
            format!("cmd-{path}")
        });
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let global = id == "home" || id == "lang";
            let name = id.replace('_', "-");
            ids.push(if global || path.is_empty() {
                format!("arg-{name}")
            } else {
                format!("arg-{path}-{name}")
            });
        }
        for sub in cmd.get_subcommands() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path}-{}", sub.get_name())
            };
            walk(sub, &sub_path, ids);
        }
    }
    let mut ids = Vec::new();
    walk(&Cli::command(), "", &mut ids);
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Messages;

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let french = Messages::new(Lang::Fr);
        let english = Messages::new(Lang::En);
        let missing: Vec<_> = message_ids()
            .into_iter()
            .filter(|id| !french.has(id) || !english.has(id))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn the_command_tree_is_consistent() {
        command().debug_assert();
    }
}
