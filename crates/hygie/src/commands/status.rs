//! `hygie status`: what is protected and what is not, in plain words.
//!
//! Every line is a fact read from the home (configuration, journal, state, witness) at the time
//! of the call. Capabilities that do not exist yet in this version are listed as not protecting
//! anything, so nobody believes they are covered when they are not.

use std::process::ExitCode;
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use crate::context::Context;
use crate::failure::Outcome;
use crate::t;

/// How long after its last heartbeat the guardian still counts as running.
const GUARDIAN_TOLERANCE: Duration = Duration::from_secs(90);

/// The facts `hygie status` reports.
#[derive(Debug, Serialize)]
struct Status {
    practice: String,
    home: String,
    protected_paths: Vec<PathStatus>,
    /// Where snapshots will go.
    repository: String,
    journal: JournalStatus,
    witness: WitnessStatus,
    guardian: GuardianStatus,
    backups: BackupStatus,
    sentinel: SentinelStatus,
    /// What restores set aside or replaced, kept until a person purges it.
    quarantine: crate::commands::incident::quarantine::Contents,
    /// The mailbox guarded against phishing, if one is configured.
    mail: MailStatus,
    /// Compliance deadlines to act on: requests due or late, breach clocks running.
    compliance_reminders: Vec<String>,
    /// Where `hygie up` serves the web console, if it does.
    console: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum MailStatus {
    /// No `[mail]` mailbox: only `hygie mail scan` by hand.
    NotConfigured,
    /// `hygie up` guards this mailbox.
    Configured {
        mailbox: String,
        user: String,
        action: &'static str,
    },
}

#[derive(Debug, Serialize)]
struct PathStatus {
    path: String,
    exists: bool,
}

#[derive(Debug, Serialize)]
struct JournalStatus {
    ok: bool,
    entries: Option<u64>,
    last_checkpoint: Option<Timestamp>,
    problem: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum WitnessStatus {
    None,
    Ok {
        dir: String,
        size: u64,
    },
    Behind {
        dir: String,
        size: u64,
        journal: u64,
    },
    Unreachable {
        dir: String,
        problem: String,
    },
}

#[derive(Debug, Serialize)]
struct BackupStatus {
    /// Whether the repository opened.
    ok: bool,
    problem: Option<String>,
    snapshots: usize,
    last_snapshot: Option<Timestamp>,
    /// The last restore drill: when, and whether it passed.
    last_drill: Option<Timestamp>,
    last_drill_passed: Option<bool>,
    /// The repository is a folder on this machine.
    local: bool,
    /// The freeze in force: since when, and why.
    frozen_since: Option<Timestamp>,
    frozen_reason: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum GuardianStatus {
    NeverRan,
    Running {
        pid: u32,
        since: Timestamp,
        seen: Timestamp,
    },
    Stopped {
        at: Timestamp,
    },
    Silent {
        seen: Timestamp,
    },
}

/// Whether the sentinel watches, and how much it can tell.
#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum SentinelStatus {
    NotRunning,
    /// Watching; `mode` is `writers` (fanotify: the writing program is known and can be
    /// stopped) or `portable` (changes only).
    Watching {
        pid: u32,
        since: Timestamp,
        mode: String,
    },
}

/// Runs `hygie status`.
pub fn run(context: &Context, json: bool) -> Outcome {
    let status = gather(context);
    if json {
        let text = serde_json::to_string_pretty(&status).unwrap_or_default();
        println!("{text}");
    } else {
        print(&status);
    }
    Ok(ExitCode::SUCCESS)
}

fn gather(context: &Context) -> Status {
    let practice = context
        .state()
        .and_then(|state| Ok(state.practice()?.name))
        .unwrap_or_else(|_| context.config.practice.name.clone());
    let protected_paths = context
        .config
        .protect
        .paths
        .iter()
        .map(|path| PathStatus {
            path: path.display().to_string(),
            exists: path.is_dir(),
        })
        .collect();

    let journal = context.journal(false);
    let (journal_status, head_size) = match &journal {
        Ok(journal) => match journal.head() {
            Ok(head) => {
                let last = journal
                    .checkpoints()
                    .ok()
                    .and_then(|all| all.last().map(|c| c.created));
                (
                    JournalStatus {
                        ok: true,
                        entries: Some(head.size),
                        last_checkpoint: last,
                        problem: None,
                    },
                    Some(head.size),
                )
            }
            Err(error) => (
                JournalStatus {
                    ok: false,
                    entries: None,
                    last_checkpoint: None,
                    problem: Some(crate::failure::Failure::from(error).to_string()),
                },
                None,
            ),
        },
        Err(failure) => (
            JournalStatus {
                ok: false,
                entries: None,
                last_checkpoint: None,
                problem: Some(failure.to_string()),
            },
            None,
        ),
    };

    let witness = match (context.witness(), context.verifier()) {
        (Ok(None), _) => WitnessStatus::None,
        (Err(failure), _) => WitnessStatus::Unreachable {
            dir: context.config.journal.witness.clone().unwrap_or_default(),
            problem: failure.to_string(),
        },
        (Ok(Some(witness)), Ok(key)) => {
            let dir = witness.location();
            match witness.latest(&key) {
                Ok(Some(held)) if Some(held.size) == head_size => WitnessStatus::Ok {
                    dir,
                    size: held.size,
                },
                Ok(held) => WitnessStatus::Behind {
                    dir,
                    size: held.map_or(0, |h| h.size),
                    journal: head_size.unwrap_or(0),
                },
                Err(error) => WitnessStatus::Unreachable {
                    dir,
                    problem: crate::failure::Failure::from(error).to_string(),
                },
            }
        }
        (Ok(Some(witness)), Err(failure)) => WitnessStatus::Unreachable {
            dir: witness.location(),
            problem: failure.to_string(),
        },
    };

    let now = Timestamp::now();
    let guardian = match context.state().and_then(|s| Ok(s.heartbeat("guardian")?)) {
        Ok(Some(beat)) if beat.is_alive(now, GUARDIAN_TOLERANCE) => GuardianStatus::Running {
            pid: beat.pid,
            since: beat.started,
            seen: beat.seen,
        },
        Ok(Some(beat)) => match beat.stopped {
            Some(at) => GuardianStatus::Stopped { at },
            None => GuardianStatus::Silent { seen: beat.seen },
        },
        _ => GuardianStatus::NeverRan,
    };

    let backups = backup_status(context, journal.as_ref().ok());
    let sentinel = match context.state().and_then(|s| Ok(s.heartbeat("sentinel")?)) {
        // The sentinel beats with its process: it watches while that process lives.
        Ok(Some(beat))
            if beat.stopped.is_none()
                && std::path::Path::new(&format!("/proc/{}", beat.pid)).exists() =>
        {
            SentinelStatus::Watching {
                pid: beat.pid,
                since: beat.started,
                mode: beat.detail.unwrap_or_default(),
            }
        }
        _ => SentinelStatus::NotRunning,
    };

    Status {
        practice,
        home: context.home.root().display().to_string(),
        protected_paths,
        repository: context.config.vault.repository.clone(),
        journal: journal_status,
        witness,
        guardian,
        backups,
        sentinel,
        quarantine: crate::commands::incident::quarantine::survey(context.home.root()),
        mail: match (&context.config.mail.imap, &context.config.mail.user) {
            (Some(_), Some(user)) => MailStatus::Configured {
                mailbox: context.config.mail.mailbox.clone(),
                user: user.clone(),
                action: match context.config.mail.action {
                    crate::config::MailAction::Tag => "tag",
                    crate::config::MailAction::Quarantine => "quarantine",
                },
            },
            _ => MailStatus::NotConfigured,
        },
        compliance_reminders: crate::commands::comply::reminders(context)
            .into_iter()
            .map(|reminder| reminder.text)
            .collect(),
        console: crate::commands::console::address(context)
            .ok()
            .flatten()
            .map(|serving| serving.url()),
    }
}

/// The facts the self-assessment answers from, gathered as `hygie status` gathers them.
pub fn evidence(
    context: &Context,
    register_reviewed: Option<Timestamp>,
) -> hygie_comply::assessment::Evidence {
    use hygie_comply::assessment::{Evidence, SentinelFact, WitnessFact};
    let status = gather(context);
    Evidence {
        at: Timestamp::now(),
        last_backup: status.backups.last_snapshot,
        last_drill: status
            .backups
            .last_drill
            .zip(status.backups.last_drill_passed),
        repository_server: hygie_vault::Place::is_server(&context.config.vault.repository),
        sentinel: match &status.sentinel {
            SentinelStatus::Watching { mode, .. } if mode == "writers" => SentinelFact::Writers,
            SentinelStatus::Watching { .. } => SentinelFact::Portable,
            SentinelStatus::NotRunning => SentinelFact::NotRunning,
        },
        mail_configured: matches!(status.mail, MailStatus::Configured { .. }),
        guardian_running: matches!(status.guardian, GuardianStatus::Running { .. }),
        // The console does not exist yet: the person answers.
        console_mfa: None,
        witness: match &status.witness {
            WitnessStatus::None => WitnessFact::None,
            WitnessStatus::Ok { .. } => WitnessFact::UpToDate,
            WitnessStatus::Behind { .. } => WitnessFact::Behind,
            WitnessStatus::Unreachable { .. } => WitnessFact::Unreachable,
        },
        register_reviewed,
    }
}

fn backup_status(context: &Context, journal: Option<&hygie_journal::Journal>) -> BackupStatus {
    let location = &context.config.vault.repository;
    let local = !location.contains("://") && !hygie_vault::Place::is_server(location);
    let (last_drill, last_drill_passed) = journal
        .and_then(|journal| {
            journal
                .entries(&hygie_journal::Filter {
                    kind: Some(hygie_journal::Kind::Drill),
                    last: Some(1),
                    ..hygie_journal::Filter::default()
                })
                .ok()
        })
        .and_then(|entries| entries.into_iter().next())
        .map_or((None, None), |entry| {
            (
                Some(entry.at),
                Some(entry.event.outcome == hygie_journal::Outcome::Success),
            )
        });
    let freeze = context
        .state()
        .ok()
        .and_then(|state| state.frozen().ok().flatten());
    let frozen_since = freeze.as_ref().map(|f| f.since);
    let frozen_reason = freeze.map(|f| f.reason);
    match context.vault().and_then(|vault| Ok(vault.snapshots()?)) {
        Ok(snapshots) => BackupStatus {
            ok: true,
            problem: None,
            snapshots: snapshots.len(),
            last_snapshot: snapshots.last().map(|s| s.time),
            last_drill,
            last_drill_passed,
            local,
            frozen_since,
            frozen_reason,
        },
        Err(failure) => BackupStatus {
            ok: false,
            problem: Some(failure.to_string()),
            snapshots: 0,
            last_snapshot: None,
            last_drill,
            last_drill_passed,
            local,
            frozen_since,
            frozen_reason,
        },
    }
}

fn ago(then: Timestamp) -> String {
    let seconds = Timestamp::now().as_second() - then.as_second();
    match seconds {
        s if s < 90 => t!("ago-seconds", count = s.max(0)),
        s if s < 90 * 60 => t!("ago-minutes", count = s / 60),
        s if s < 36 * 3600 => t!("ago-hours", count = s / 3600),
        s => t!("ago-days", count = s / 86_400),
    }
}

fn print(status: &Status) {
    println!(
        "{}",
        t!(
            "status-title",
            practice = status.practice.as_str(),
            home = status.home.as_str()
        )
    );
    println!();
    let mut good = Vec::new();
    let mut bad = Vec::new();

    match &status.guardian {
        GuardianStatus::Running { pid, since, seen } => good.push(t!(
            "status-guardian-running",
            pid = *pid,
            since = ago(*since),
            seen = ago(*seen)
        )),
        GuardianStatus::NeverRan => bad.push(t!("status-guardian-never")),
        GuardianStatus::Stopped { at } => bad.push(t!("status-guardian-stopped", when = ago(*at))),
        GuardianStatus::Silent { seen } => {
            bad.push(t!("status-guardian-silent", when = ago(*seen)))
        }
    }

    if status.journal.ok {
        let entries = status.journal.entries.unwrap_or(0);
        let line = match status.journal.last_checkpoint {
            Some(at) => t!("status-journal-ok", count = entries, when = ago(at)),
            None => t!("status-journal-ok-no-checkpoint", count = entries),
        };
        good.push(line);
    } else {
        bad.push(t!(
            "status-journal-bad",
            problem = status.journal.problem.clone().unwrap_or_default()
        ));
    }

    match &status.witness {
        WitnessStatus::None => bad.push(t!("status-witness-none")),
        WitnessStatus::Ok { dir, size } => {
            good.push(t!("status-witness-ok", dir = dir.as_str(), count = *size))
        }
        WitnessStatus::Behind { dir, size, journal } => bad.push(t!(
            "status-witness-behind",
            dir = dir.as_str(),
            count = *size,
            journal = *journal
        )),
        WitnessStatus::Unreachable { dir, problem } => bad.push(t!(
            "status-witness-unreachable",
            dir = dir.as_str(),
            problem = problem.as_str()
        )),
    }

    if status.protected_paths.is_empty() {
        bad.push(t!("status-no-paths"));
    }
    for path in &status.protected_paths {
        if !path.exists {
            bad.push(t!("status-path-missing", path = path.path.as_str()));
        }
    }
    let backups = &status.backups;
    match (backups.ok, backups.last_snapshot) {
        (false, _) => bad.push(t!(
            "status-backups-broken",
            problem = backups.problem.clone().unwrap_or_default()
        )),
        (true, None) => bad.push(t!("status-backups-none")),
        (true, Some(at)) => good.push(t!(
            "status-backups-ok",
            count = backups.snapshots,
            when = ago(at)
        )),
    }
    match (backups.last_drill, backups.last_drill_passed) {
        (Some(at), Some(true)) => good.push(t!("status-drill-ok", when = ago(at))),
        (Some(at), _) => bad.push(t!("status-drill-failed", when = ago(at))),
        (None, _) => bad.push(t!("status-drill-none")),
    }
    if let Some(since) = backups.frozen_since {
        bad.push(t!(
            "status-frozen",
            when = ago(since),
            reason = backups.frozen_reason.clone().unwrap_or_default()
        ));
    }
    if backups.local {
        bad.push(t!(
            "status-backups-local",
            repository = status.repository.as_str()
        ));
    }
    match &status.sentinel {
        SentinelStatus::Watching { mode, since, .. } if mode == "writers" => {
            good.push(t!("status-sentinel-writers", when = ago(*since)));
        }
        SentinelStatus::Watching { since, .. } => {
            good.push(t!("status-sentinel-watching", when = ago(*since)));
            bad.push(t!("status-sentinel-portable"));
        }
        SentinelStatus::NotRunning => bad.push(t!("status-sentinel-off")),
    }
    let quarantine = &status.quarantine;
    if quarantine.files > 0 {
        let ids: Vec<String> = quarantine.alerts.iter().map(ToString::to_string).collect();
        bad.push(t!(
            "status-quarantine",
            files = quarantine.files,
            size = crate::commands::vault::size(quarantine.bytes),
            alerts = quarantine.alerts.len(),
            ids = ids.join(", "),
            folder = crate::commands::incident::quarantine::root(std::path::Path::new(
                status.home.as_str()
            ))
            .display()
            .to_string()
        ));
    }
    match &status.mail {
        MailStatus::Configured { mailbox, user, .. } => good.push(t!(
            "status-mail-guarded",
            mailbox = mailbox.as_str(),
            user = user.as_str()
        )),
        MailStatus::NotConfigured => bad.push(t!("status-mail-missing")),
    }
    bad.extend(status.compliance_reminders.iter().cloned());
    match &status.console {
        Some(address) => good.push(t!("status-console", address = address.as_str())),
        None => bad.push(t!("status-console-off")),
    }

    println!("{}", t!("status-protected"));
    for line in good {
        println!("  ✔ {line}");
    }
    println!();
    println!("{}", t!("status-not-protected"));
    for line in bad {
        println!("  ✘ {line}");
    }
}
