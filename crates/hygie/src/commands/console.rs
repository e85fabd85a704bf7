//! `hygie console …` and the console served by `hygie up`: accounts (password checked against
//! the CNIL's rule, TOTP second factor), and the facts the console shows, read from the home.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use hygie_console::auth;
use hygie_console::facts::{
    BreachFact, ClockFact, ComplianceFacts, ConsoleEvent, DomainFact, EntryFact, Facts, FactsError,
    JournalCheck, JournalLine, JournalPage, PlanFact, ReportFact, RequestFact, RestoredFact,
    SettingItem, SettingsGroup, SnapshotFact, StatusFacts,
};
use hygie_console::policy::Role;
use hygie_console::text::Lang as ConsoleLang;
use hygie_journal::{Actor, Event, Filter, Journal, Kind, Outcome as EventOutcome};
use tracing::{error, info};

use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::t;

/// `hygie console add-user NAME --role ROLE`: creates (or resets) an account and prints the
/// second factor's secret for the person's authenticator app.
pub fn add_user(context: &Context, name: &str, role: &str) -> Outcome {
    if !auth::valid_login(name) {
        return Err(Failure::setup(t!("console-bad-name", name = name)));
    }
    let role =
        Role::from_code(role).ok_or_else(|| Failure::setup(t!("console-bad-role", role = role)))?;
    let password = crate::secrets::read_password(
        &t!("console-password-prompt"),
        Some(&t!("console-password-again")),
    )
    .map_err(Failure::setup)?;
    auth::check_strength(name, &password)
        .map_err(|weak| Failure::setup(t!("console-weak-password", problem = weak.to_string())))?;
    let hash = auth::hash_password(&password).map_err(Failure::failed)?;
    let secret = auth::new_totp_secret();
    context
        .state()?
        .put_console_user(name, role.code(), &hash, &secret)?;
    context.journal(true)?.append(
        Event::new(
            Kind::ConfigChange,
            "console.user_set",
            current_person(),
            t!("console-journal-user", name = name, role = role.code()),
        )
        .subject(format!("console-user/{name}"))
        .outcome(EventOutcome::Success),
    )?;
    println!("{}", t!("console-user-added", name = name));
    println!("{}", t!("console-totp-secret", secret = secret.as_str()));
    println!("{}", auth::otpauth_url(name, &secret));
    Ok(ExitCode::SUCCESS)
}

/// `hygie console users`.
pub fn users(context: &Context) -> Outcome {
    for (name, role) in context.state()?.console_users()? {
        println!("{name}\t{role}");
    }
    Ok(ExitCode::SUCCESS)
}

/// How often the dashboard's facts are gathered again; requests read the last gathering, so
/// none of them waits for the vault.
const STATUS_REFRESH: Duration = Duration::from_secs(30);

/// The facts the console shows, read from the home.
struct HomeFacts {
    context: Arc<Context>,
    journal: Arc<Journal>,
    status: RwLock<Option<StatusFacts>>,
    /// Alerts whose files are being put back now.
    repairing: std::sync::Mutex<std::collections::HashSet<i64>>,
}

impl HomeFacts {
    /// Puts back the files of alert `alert` for `user` (the caller holds the alert's claim).
    fn repair_now(&self, user: &str, alert: i64) -> Result<(Vec<String>, bool), FactsError> {
        let repair = super::incident::repair(&self.context, alert, Actor::person(user.to_owned()))
            .map_err(refusal_or_failure)?;
        Ok((repair.sentences, repair.complete))
    }

    /// Gathers the dashboard's facts again.
    fn refresh(&self) -> StatusFacts {
        let fresh = self.gather();
        *self
            .status
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fresh.clone());
        fresh
    }

    /// The vault, its opening failure as the console reports it.
    fn vault(&self) -> Result<hygie_vault::Vault, FactsError> {
        self.context
            .vault()
            .map_err(|f| FactsError::Failed(f.to_string()))
    }

    fn gather(&self) -> StatusFacts {
        use hygie_comply::assessment::SentinelFact;
        let evidence = crate::commands::status::evidence(&self.context, None);
        let reminders = crate::commands::comply::reminders(&self.context);
        let compliance_score = self
            .journal
            .entries(&Filter {
                kind: Some(Kind::ComplianceAction),
                ..Filter::default()
            })
            .ok()
            .and_then(|entries| {
                entries
                    .into_iter()
                    .rev()
                    .find(|e| e.event.action == "comply.assessed")
            })
            .and_then(|entry| {
                entry
                    .event
                    .details
                    .get("score")
                    .and_then(serde_json::Value::as_u64)
            })
            .and_then(|score| u8::try_from(score).ok());
        StatusFacts {
            practice: self.context.config.practice.name.clone(),
            last_backup: evidence.last_backup,
            last_drill: evidence.last_drill,
            vault_frozen: self
                .context
                .state()
                .ok()
                .and_then(|s| s.frozen().ok().flatten())
                .is_some(),
            sentinel_watching: evidence.sentinel != SentinelFact::NotRunning,
            mail_guarded: evidence.mail_configured && evidence.guardian_running,
            compliance_score,
            requests_due: reminders
                .iter()
                .filter(|r| r.key.starts_with("request/"))
                .count(),
            breach_clocks: reminders
                .iter()
                .filter(|r| r.key.starts_with("breach/"))
                .count(),
        }
    }
}

/// A command's failure as the console reports it: a request Hygie refuses as it stands (400),
/// or something that failed on the practice's side (500).
fn refusal_or_failure(failure: Failure) -> FactsError {
    if failure.is_setup() {
        FactsError::Refused(failure.to_string())
    } else {
        FactsError::Failed(failure.to_string())
    }
}

/// The console reader's language, as the binary's documents know it.
fn binary_lang(lang: ConsoleLang) -> crate::i18n::Lang {
    match lang {
        ConsoleLang::Fr => crate::i18n::Lang::Fr,
        ConsoleLang::En => crate::i18n::Lang::En,
    }
}

/// The vault's refusal as the console reports it, in the practice's language.
fn facts_error(error: hygie_vault::Error) -> FactsError {
    use hygie_vault::Error as E;
    let not_found = matches!(error, E::NoSuchSnapshot(_) | E::NotInSnapshot(_));
    let refused = matches!(error, E::OutsideBackup(_) | E::BadTarget { .. });
    let text = Failure::from(error).to_string();
    if not_found {
        FactsError::NotFound(text)
    } else if refused {
        FactsError::Refused(text)
    } else {
        FactsError::Failed(text)
    }
}

impl Facts for HomeFacts {
    fn status(&self) -> StatusFacts {
        self.cached_status().unwrap_or_else(|| self.refresh())
    }

    fn cached_status(&self) -> Option<StatusFacts> {
        self.status
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn snapshots(&self) -> Result<Vec<SnapshotFact>, FactsError> {
        let vault = self.vault()?;
        let mut snapshots: Vec<SnapshotFact> = vault
            .snapshots()
            .map_err(facts_error)?
            .into_iter()
            .map(|s| SnapshotFact {
                id: s.id,
                time: s.time,
                paths: s.paths,
                files: s.files,
                bytes: s.bytes,
            })
            .collect();
        snapshots.reverse();
        Ok(snapshots)
    }

    fn browse(&self, snapshot: &str, dir: &str) -> Result<Vec<EntryFact>, FactsError> {
        let vault = self.vault()?;
        Ok(vault
            .list(snapshot, Path::new(dir))
            .map_err(facts_error)?
            .into_iter()
            .map(|e| EntryFact {
                name: e.name,
                path: e.path,
                directory: e.directory,
                size: e.size,
                modified: e.modified,
            })
            .collect())
    }

    fn restore(&self, user: &str, snapshot: &str, path: &str) -> Result<RestoredFact, FactsError> {
        let vault = self.vault()?;
        let now = jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%d-%m-%Y %Hh%M")
            .to_string();
        let label = t!("console-restore-label", when = now.as_str());
        let restored = vault
            .restore_beside(
                snapshot,
                Path::new(path),
                &label,
                &self.context.config.protect.paths,
            )
            .map_err(facts_error)?;
        let event = Event::new(
            Kind::Restore,
            "restore.beside",
            Actor::person(user.to_owned()),
            t!(
                "console-journal-restore",
                user = user,
                original = restored.original.as_path(),
                copy = restored.copy.as_path(),
                id = restored.snapshot.short_id()
            ),
        )
        .subject(restored.snapshot.id.clone())
        .outcome(EventOutcome::Success)
        .detail("original", restored.original.display().to_string())
        .detail("copy", restored.copy.display().to_string())
        .detail("files", restored.files)
        .detail("bytes", restored.bytes);
        if let Err(e) = self.journal.append(event) {
            error!("{e}");
        }
        Ok(RestoredFact {
            snapshot: restored.snapshot.id,
            original: restored.original.display().to_string(),
            copy: restored.copy.display().to_string(),
            files: restored.files,
            bytes: restored.bytes,
        })
    }

    fn journal(
        &self,
        containing: Option<&str>,
        before: Option<u64>,
        limit: usize,
    ) -> Result<JournalPage, FactsError> {
        let failed = |e: hygie_journal::Error| FactsError::Failed(Failure::from(e).to_string());
        let mut entries = self
            .journal
            .entries(&Filter {
                last: Some(limit),
                before,
                containing: containing.map(str::to_owned),
                ..Filter::default()
            })
            .map_err(failed)?;
        entries.reverse();
        let checkpoint = self.journal.checkpoints().map_err(failed)?.pop();
        Ok(JournalPage {
            lines: entries
                .into_iter()
                .map(|entry| JournalLine {
                    seq: entry.seq,
                    at: entry.at,
                    kind: super::journal::kind_label(entry.event.kind),
                    actor: entry.event.actor.id,
                    success: match entry.event.outcome {
                        EventOutcome::Success => Some(true),
                        EventOutcome::Failure => Some(false),
                        EventOutcome::Info => None,
                    },
                    summary: entry.event.summary,
                })
                .collect(),
            size: self.journal.head().map_err(failed)?.size,
            checkpoint_size: checkpoint.as_ref().map(|c| c.size),
            checkpoint_at: checkpoint.as_ref().map(|c| c.created),
            witness: self.context.config.journal.witness.clone(),
        })
    }

    fn verify_journal(&self, user: &str) -> Result<JournalCheck, FactsError> {
        let failed = |f: Failure| FactsError::Failed(f.to_string());
        let witness = self.context.witness().map_err(failed)?;
        let report = self
            .journal
            .verify(
                witness
                    .as_deref()
                    .map(|w| w as &dyn hygie_journal::witness::Witness),
            )
            .map_err(|e| failed(Failure::from(e)))?;
        let sentences = super::journal::report_sentences(&report, witness.is_some());
        let event = Event::new(
            Kind::Access,
            "journal.verified",
            Actor::person(user.to_owned()),
            t!(
                "console-journal-verified",
                user = user,
                count = report.entries,
                findings = report.findings.len()
            ),
        )
        .outcome(if report.is_intact() {
            EventOutcome::Success
        } else {
            EventOutcome::Failure
        });
        if let Err(e) = self.journal.append(event) {
            error!("{e}");
        }
        Ok(JournalCheck {
            intact: report.is_intact(),
            sentences,
        })
    }

    fn alert_evidence(&self, alert: i64) -> Result<Vec<String>, FactsError> {
        let state = self
            .context
            .state()
            .map_err(|f| FactsError::Failed(f.to_string()))?;
        let stored = state
            .alert(alert)
            .map_err(|e| FactsError::Failed(e.to_string()))?
            .ok_or_else(|| FactsError::NotFound(t!("incident-no-alert", id = alert)))?;
        Ok(super::incident::evidence_sentences(&stored))
    }

    fn repair_incident(&self, user: &str, alert: i64) -> Result<(Vec<String>, bool), FactsError> {
        let failed = |f: Failure| FactsError::Failed(f.to_string());
        let stored = self
            .context
            .state()
            .map_err(failed)?
            .alert(alert)
            .map_err(|e| failed(e.into()))?
            .ok_or_else(|| FactsError::NotFound(t!("incident-no-alert", id = alert)))?;
        if stored.restored.is_some() {
            return Err(FactsError::Refused(t!(
                "console-already-repaired",
                id = alert
            )));
        }
        // One repair of an alert at a time: two would share its staging folder.
        let claimed = self
            .repairing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(alert);
        if !claimed {
            return Err(FactsError::Refused(t!(
                "console-repair-running",
                id = alert
            )));
        }
        let outcome = self.repair_now(user, alert);
        self.repairing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&alert);
        outcome
    }

    fn open_breach(&self, user: &str, alert: i64) -> Result<i64, FactsError> {
        let failed = |f: Failure| FactsError::Failed(f.to_string());
        let state = self.context.state().map_err(failed)?;
        if state.alert(alert).map_err(|e| failed(e.into()))?.is_none() {
            return Err(FactsError::NotFound(t!("incident-no-alert", id = alert)));
        }
        if let Some(open) =
            super::comply::open_breach_of_alert(&self.context, alert).map_err(failed)?
        {
            return Err(FactsError::Refused(t!(
                "console-breach-exists",
                alert = alert,
                id = open
            )));
        }
        super::comply::open_breach(
            &self.context,
            Some(alert),
            None,
            None,
            Actor::person(user.to_owned()),
        )
        .map(|breach| breach.id)
        .map_err(|f| FactsError::Failed(f.to_string()))
    }

    fn settings(&self) -> Result<Vec<SettingsGroup>, FactsError> {
        let path = self.context.home.config();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| FactsError::Failed(format!("{}: {e}", path.display())))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| FactsError::Failed(e.to_string()))?;
        Ok(table
            .into_iter()
            .filter_map(|(section, value)| {
                let toml::Value::Table(items) = value else {
                    return None;
                };
                Some(SettingsGroup {
                    title: section,
                    items: items
                        .into_iter()
                        .map(|(label, value)| SettingItem {
                            label,
                            value: match value {
                                toml::Value::String(text) => text,
                                other => other.to_string(),
                            },
                        })
                        .collect(),
                })
            })
            .collect())
    }

    fn compliance(&self, lang: ConsoleLang) -> Result<ComplianceFacts, FactsError> {
        use hygie_comply::assessment::ActionStatus;
        let summary = super::comply::summary(&self.context, binary_lang(lang))
            .map_err(|f| FactsError::Failed(f.to_string()))?;
        let assessment = summary.assessment;
        Ok(ComplianceFacts {
            assessed: summary.assessed,
            score: assessment.score,
            domains: assessment
                .domains
                .into_iter()
                .map(|d| DomainFact {
                    title: d.title,
                    score: d.score,
                    after_plan: d.score_after_plan,
                })
                .collect(),
            plan: assessment
                .plan
                .into_iter()
                .map(|a| PlanFact {
                    action: a.action,
                    owner: a.owner,
                    due: a.due.to_string(),
                    status: match a.status {
                        ActionStatus::Todo => "todo",
                        ActionStatus::Doing => "doing",
                        ActionStatus::Done => "done",
                    }
                    .to_owned(),
                })
                .collect(),
            breaches: summary
                .breaches
                .into_iter()
                .map(|open| BreachFact {
                    id: open.breach.id,
                    title: open.breach.title,
                    clocks: open
                        .clocks
                        .into_iter()
                        .map(|(label, value)| ClockFact { label, value })
                        .collect(),
                    tell_patients: open.tell_patients,
                })
                .collect(),
            requests: summary
                .requests
                .into_iter()
                .map(|(request, state)| RequestFact {
                    id: request.id,
                    patient: request.patient,
                    state,
                })
                .collect(),
        })
    }

    fn report(
        &self,
        user: &str,
        lang: ConsoleLang,
        kind: &str,
        breach: Option<i64>,
        pdf: bool,
    ) -> Result<ReportFact, FactsError> {
        use clap::ValueEnum;
        let kind = crate::cli::ReportKind::from_str(kind, false)
            .map_err(|_| FactsError::NotFound(t!("console-no-such-report", kind = kind)))?;
        let (file_name, bytes) = super::comply::report_for(
            &self.context,
            Actor::person(user.to_owned()),
            binary_lang(lang),
            kind,
            breach,
            pdf,
        )
        .map_err(refusal_or_failure)?;
        Ok(ReportFact {
            file_name,
            content_type: if pdf {
                "application/pdf"
            } else {
                "text/html; charset=utf-8"
            },
            bytes,
        })
    }

    fn record(&self, event: ConsoleEvent) {
        let mut entry = Event::new(
            Kind::Access,
            event.action,
            Actor::person(event.user),
            event.summary,
        )
        .outcome(if event.success {
            EventOutcome::Success
        } else {
            EventOutcome::Failure
        });
        if let Some(subject) = event.subject {
            entry = entry.subject(subject);
        }
        if let Err(e) = self.journal.append(entry) {
            error!("{e}");
        }
    }
}

/// Where and how `hygie up` serves the console.
#[derive(Clone, Copy, Debug)]
pub struct Serving {
    /// The address it listens on.
    pub address: SocketAddr,
    /// Over TLS (always beyond loopback).
    pub tls: bool,
}

impl Serving {
    /// The address to type in a browser.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}/", self.address)
    }
}

/// Where the console listens (`[console] listen`) and whether over TLS (`[console] tls`:
/// `auto` is TLS beyond loopback, `on` always); `None` when it is off.
pub fn address(context: &Context) -> Result<Option<Serving>, Failure> {
    let listen = context.config.console.listen.trim();
    if listen.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let address: SocketAddr = listen
        .parse()
        .map_err(|_| Failure::setup(t!("console-bad-listen", value = listen)))?;
    let tls = match context.config.console.tls.trim() {
        "auto" => !address.ip().is_loopback(),
        "on" => true,
        other => return Err(Failure::setup(t!("console-bad-tls", value = other))),
    };
    Ok(Some(Serving { address, tls }))
}

/// The names a generated certificate covers: this machine's, loopback, and the address
/// listened on.
fn certificate_names(address: SocketAddr) -> Vec<String> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        if !host.is_empty() {
            names.push(host.to_owned());
        }
    }
    if !address.ip().is_unspecified() && !address.ip().is_loopback() {
        names.push(address.ip().to_string());
    }
    names
}

/// The console's TLS setup: the home's certificate, generated the first time.
fn tls_setup(context: &Context, address: SocketAddr) -> Result<Arc<rustls::ServerConfig>, String> {
    let (certificate, key) = (
        context.home.console_certificate(),
        context.home.console_key(),
    );
    let fingerprint = hygie_tls::self_signed(&certificate, &key, &certificate_names(address))
        .map_err(|e| e.to_string())?;
    info!(
        "{}",
        t!(
            "console-certificate",
            path = certificate.as_path(),
            fingerprint = fingerprint.to_string()
        )
    );
    hygie_tls::tls_config(&certificate, &key).map_err(|e| e.to_string())
}

/// Serves the console from a thread of its own for as long as `hygie up` runs.
pub fn start(context: Arc<Context>, journal: Arc<Journal>, serving: Serving) {
    let started = std::thread::Builder::new()
        .name("console".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => return error!("{}", t!("console-stopped", cause = e.to_string())),
            };
            runtime.block_on(async move {
                let tls = if serving.tls {
                    match tls_setup(&context, serving.address) {
                        Ok(setup) => Some(setup),
                        Err(e) => return error!("{}", t!("console-stopped", cause = e)),
                    }
                } else {
                    None
                };
                let store = match context.state() {
                    Ok(store) => store,
                    Err(e) => return error!("{}", t!("console-stopped", cause = e.to_string())),
                };
                let facts = Arc::new(HomeFacts {
                    context,
                    journal,
                    status: RwLock::new(None),
                    repairing: std::sync::Mutex::default(),
                });
                let refreshed = Arc::clone(&facts);
                // A thread of its own: gathering reads the vault and the journal.
                let _ = std::thread::Builder::new()
                    .name("console-facts".into())
                    .spawn(move || {
                        loop {
                            refreshed.refresh();
                            std::thread::sleep(STATUS_REFRESH);
                        }
                    });
                let console = match hygie_console::Console::new(store, facts, serving.tls) {
                    Ok(console) => console,
                    Err(e) => return error!("{}", t!("console-stopped", cause = e.to_string())),
                };
                let listener = match tokio::net::TcpListener::bind(serving.address).await {
                    Ok(listener) => listener,
                    Err(e) => return error!("{}", t!("console-stopped", cause = e.to_string())),
                };
                info!("{}", t!("console-listening", url = serving.url()));
                if let Err(e) = hygie_console::serve(listener, Arc::new(console), tls).await {
                    error!("{}", t!("console-stopped", cause = e.to_string()));
                }
            });
        });
    if let Err(e) = started {
        error!("{}", t!("console-stopped", cause = e.to_string()));
    }
}
