//! `hygie up`: the guardian, run in the foreground as a service manager expects.
//!
//! It logs to standard error through `tracing` (systemd's journal picks that up), stops
//! cleanly on SIGINT or SIGTERM, and refuses to start — with one line and exit code 2 — when the
//! home is missing or misconfigured, or when another guardian already runs for it. Today it
//! keeps the journal's signed checkpoints on schedule and sends them to the witness, backs up
//! and drills on schedule, runs the sentinel over the protected folders and, when `[mail]` is
//! configured, guards the mailbox against phishing; the console joins it when it is built.

use std::fs::OpenOptions;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use hygie_journal::witness::Witness;
use hygie_journal::{Actor, Event, Filter, Journal, Kind, Outcome as EventOutcome};
use hygie_state::State;
use jiff::Timestamp;
use tokio::time::{MissedTickBehavior, interval};
use tracing::{error, info, warn};

use crate::config::VaultPolicy;
use crate::context::Context;
use crate::failure::{Failure, Outcome, refusal_message};
use crate::t;

/// How often the guardian looks whether a backup or a drill is due.
const SCHEDULER_TICK: Duration = Duration::from_secs(60);
/// How often the guardian tells the state database it is alive.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// The component name in heartbeats.
const COMPONENT: &str = "guardian";
/// How often compliance deadlines (requests, breach clocks) are looked at.
const REMINDER_TICK: Duration = Duration::from_secs(3600);

/// Runs `hygie up` until a signal asks it to stop.
pub fn run(mut context: Context) -> Outcome {
    // A service logs; it does not draw progress bars.
    context.progress = false;
    init_logging();
    let lock_path = context.home.up_lock();
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| {
            Failure::setup(t!(
                "up-lock-failed",
                path = lock_path.as_path(),
                cause = e.to_string()
            ))
        })?;
    if lock.try_lock().is_err() {
        return Err(Failure::setup(t!(
            "up-already-running",
            path = context.home.root()
        )));
    }
    let interval_length = context.config.checkpoint_interval().map_err(|value| {
        Failure::setup(t!(
            "config-bad-interval",
            path = context.home.config(),
            value = value
        ))
    })?;
    let policy = context.vault_policy()?;
    let journal = Arc::new(context.journal(true)?);
    let state = context.state()?;
    let witness = context.witness()?;
    let has_paths = !context.config.protect.paths.is_empty();
    if !has_paths && policy.backup_every.is_some() {
        warn!("{}", t!("up-no-paths"));
    }
    let schedule = Schedule::from_journal(&journal, policy, has_paths);
    let context = Arc::new(context);
    let sentinel = if has_paths {
        start_sentinel(context.clone(), journal.clone())
    } else {
        None
    };
    if context.config.mail.imap.is_some() {
        start_mail_guard(&context, journal.clone());
    }
    if let Some(address) = super::console::address(&context)? {
        super::console::start(context.clone(), journal.clone(), address);
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(t!("up-runtime-failed", cause = e.to_string())))?;
    let result = runtime.block_on(guard(
        context,
        journal,
        state,
        witness,
        interval_length,
        schedule,
    ));
    if let Some((thread, stopping)) = sentinel {
        stop_sentinel(&thread, &stopping);
    }
    drop(lock);
    result
}

/// How long the guardian waits at most for the sentinel to copy the versions that wait.
const SENTINEL_STOP_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Asks the sentinel to stop, and waits for it while versions of files wait to be copied
/// into the shadow store (they would be lost with the process).
fn stop_sentinel(thread: &std::thread::JoinHandle<()>, stopping: &super::sentinel::Stopping) {
    stopping.request();
    let deadline = std::time::Instant::now() + SENTINEL_STOP_LIMIT;
    while stopping.anything_waiting()
        && !thread.is_finished()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Watches the protected folders in a thread of its own for as long as the guardian runs;
/// returns the thread and what stops it.
fn start_sentinel(
    context: Arc<Context>,
    journal: Arc<Journal>,
) -> Option<(std::thread::JoinHandle<()>, Arc<super::sentinel::Stopping>)> {
    let paths = context.config.protect.paths.clone();
    let stopping = Arc::new(super::sentinel::Stopping::default());
    let asked = stopping.clone();
    let started = std::thread::Builder::new()
        .name("sentinel".into())
        .spawn(move || {
            let telling = super::sentinel::Telling::Log;
            if let Err(failure) =
                super::sentinel::run(Some(&context), Some(journal), &paths, telling, &asked)
            {
                error!("{}", t!("up-sentinel-stopped", cause = failure.to_string()));
            }
        });
    match started {
        Ok(thread) => Some((thread, stopping)),
        Err(e) => {
            error!("{}", t!("up-sentinel-stopped", cause = e.to_string()));
            None
        }
    }
}

/// Guards the configured mailbox in its own thread; a configuration problem is logged and the
/// rest of the guardian goes on.
fn start_mail_guard(context: &Context, journal: Arc<Journal>) {
    let guard = match super::mail::guard(context, journal, Arc::new(|line: String| info!("{line}")))
    {
        Ok(guard) => guard,
        Err(failure) => {
            error!("{}", t!("up-mail-stopped", cause = failure.to_string()));
            return;
        }
    };
    let started = std::thread::Builder::new()
        .name("mail-guard".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    error!("{}", t!("up-mail-stopped", cause = e.to_string()));
                    return;
                }
            };
            if let Err(cause) = runtime.block_on(guard.run()) {
                error!("{}", t!("up-mail-stopped", cause = cause));
            }
        });
    if let Err(e) = started {
        error!("{}", t!("up-mail-stopped", cause = e.to_string()));
    }
}

/// Logs to standard error through `tracing` (`HYGIE_LOG` sets the level).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HYGIE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

fn guardian() -> Actor {
    Actor::program(format!("hygie-up[{}]", std::process::id()))
}

async fn guard(
    context: Arc<Context>,
    journal: Arc<Journal>,
    state: State,
    witness: Option<Arc<dyn Witness + Send + Sync>>,
    every: Duration,
    mut schedule: Schedule,
) -> Outcome {
    let mut stop = StopSignals::install()?;
    state.started(COMPONENT, std::process::id())?;
    let started = Event::new(
        Kind::System,
        "guardian.started",
        guardian(),
        t!("event-guardian-started"),
    )
    .outcome(EventOutcome::Success)
    .detail("version", env!("CARGO_PKG_VERSION"))
    .detail("checkpoint_every_s", every.as_secs());
    append(&journal, started).await?;
    info!("{}", t!("up-started", seconds = every.as_secs()));

    let mut checkpoints = interval(every);
    checkpoints.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut heartbeats = interval(HEARTBEAT);
    heartbeats.set_missed_tick_behavior(MissedTickBehavior::Delay);
    heartbeats.tick().await;
    let mut scheduler = interval(SCHEDULER_TICK);
    scheduler.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The one vault job (backup or drill) in progress, if any.
    let mut job: Option<tokio::task::JoinHandle<JobOutcome>> = None;
    let mut reminders = interval(REMINDER_TICK);
    reminders.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut reminded = Reminded::default();

    let reason = loop {
        tokio::select! {
            reason = stop.next() => break reason,
            _ = checkpoints.tick() => keep_checkpoint(&journal, witness.as_ref()).await,
            _ = heartbeats.tick() => {
                if let Err(e) = state.beat(COMPONENT) {
                    warn!("{}", t!("up-heartbeat-failed", cause = e.to_string()));
                }
            }
            _ = reminders.tick() => reminded.check(&context, &journal).await,
            _ = scheduler.tick(), if job.is_none() => {
                schedule.check_overdue(&journal).await;
                if let Some(kind) = schedule.due(Timestamp::now()) {
                    job = Some(start_job(kind, context.clone(), journal.clone()));
                }
            }
            finished = async {
                match job.as_mut() {
                    Some(handle) => handle.await,
                    None => std::future::pending().await,
                }
            }, if job.is_some() => {
                job = None;
                schedule.record(finished);
                // Whatever else is due (a drill after a backup) starts right away.
                scheduler.reset_immediately();
            }
        }
    };
    info!("{}", t!("up-stopping", signal = reason));
    if let Some(handle) = job.take() {
        // A backup or drill in progress is finished, not cut: the repository stays consistent.
        info!("{}", t!("up-waiting-for-job"));
        if let Ok(outcome) = handle.await {
            schedule.record(Ok(outcome));
        }
    }
    let stopped = Event::new(
        Kind::System,
        "guardian.stopped",
        guardian(),
        t!("event-guardian-stopped"),
    )
    .outcome(EventOutcome::Success)
    .detail("signal", reason);
    append(&journal, stopped).await?;
    keep_checkpoint(&journal, witness.as_ref()).await;
    state.stopped(COMPONENT)?;
    info!("{}", t!("up-stopped"));
    Ok(ExitCode::SUCCESS)
}

/// The compliance reminders last sent, so that the same deadlines in the same state are
/// repeated once a day, not every hour.
#[derive(Default)]
struct Reminded {
    keys: Vec<String>,
    at: Option<Timestamp>,
}

impl Reminded {
    /// Logs, journals and e-mails (to `[alerts] email_to`) the access requests due or late and
    /// the breach clocks running or overdue, when one appears or changes state, or a day after
    /// the last reminder.
    async fn check(&mut self, context: &Arc<Context>, journal: &Arc<Journal>) {
        let task_context = context.clone();
        let Ok(reminders) =
            tokio::task::spawn_blocking(move || crate::commands::comply::reminders(&task_context))
                .await
        else {
            return;
        };
        let now = Timestamp::now();
        let keys: Vec<String> = reminders.iter().map(|r| r.key.clone()).collect();
        let day_old = self
            .at
            .is_none_or(|at| now.duration_since(at).as_secs() >= 86_400);
        if keys.is_empty() || (keys == self.keys && !day_old) {
            self.keys = keys;
            return;
        }
        let lines: Vec<String> = reminders.into_iter().map(|r| r.text).collect();
        for line in &lines {
            warn!("{line}");
        }
        let event = Event::new(
            Kind::ComplianceAction,
            "comply.reminder",
            guardian(),
            t!("up-reminder", count = lines.len()),
        )
        .outcome(EventOutcome::Info)
        .detail("reminders", lines.clone());
        if let Err(e) = append(journal, event).await {
            error!("{e}");
        }
        let mail_context = context.clone();
        let body = lines.join("\n");
        let sent = tokio::task::spawn_blocking(move || {
            let mailer = crate::mailer::Mailer::from_config(
                &mail_context.config.alerts,
                &mail_context.home.smtp_password(),
            )?;
            match mailer {
                Some(mailer) => mailer.send(&t!("up-reminder-subject"), body),
                None => Ok(()),
            }
        })
        .await;
        if let Ok(Err(cause)) = sent {
            warn!("{}", t!("up-reminder-mail-failed", cause = cause));
        }
        self.keys = keys;
        self.at = Some(now);
    }
}

/// The signals that stop the guardian. Handlers are installed before the guardian says it
/// started, so a signal that arrives right after is handled, not fatal.
#[cfg(unix)]
struct StopSignals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn install() -> Result<StopSignals, Failure> {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind| {
            signal(kind).map_err(|e| Failure::failed(t!("up-signal-failed", cause = e.to_string())))
        };
        Ok(StopSignals {
            terminate: listen(SignalKind::terminate())?,
            interrupt: listen(SignalKind::interrupt())?,
        })
    }

    /// Waits for the next stop signal and names it.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.interrupt.recv() => "SIGINT",
        }
    }
}

/// On systems without Unix signals, Ctrl+C (or the service manager's equivalent) stops it.
#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn install() -> Result<StopSignals, Failure> {
        Ok(StopSignals)
    }

    async fn next(&mut self) -> &'static str {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl+C"
    }
}

async fn append(journal: &Arc<Journal>, event: Event) -> Result<u64, Failure> {
    let journal = journal.clone();
    tokio::task::spawn_blocking(move || journal.append(event))
        .await
        .map_err(|e| Failure::failed(t!("up-task-failed", cause = e.to_string())))?
        .map_err(Failure::from)
}

/// Keeps a signed checkpoint and sends it to the witness. A witness that refuses is an alarm:
/// the refusal is journaled as an alert and logged as an error; the guardian goes on.
async fn keep_checkpoint(journal: &Arc<Journal>, witness: Option<&Arc<dyn Witness + Send + Sync>>) {
    let task_journal = journal.clone();
    let task_witness = witness.cloned();
    let result = tokio::task::spawn_blocking(move || match &task_witness {
        Some(witness) => task_journal.publish(witness.as_ref()),
        None => task_journal.checkpoint(),
    })
    .await;
    match result {
        Ok(Ok(stored)) => info!("{}", t!("up-checkpoint", count = stored.size)),
        Ok(Err(hygie_journal::Error::WitnessRefused(refusal))) => {
            let message = refusal_message(&refusal);
            error!("{message}");
            let alert = Event::new(Kind::Alert, "journal.witness_refused", guardian(), message)
                .outcome(EventOutcome::Failure)
                .detail("refusal", refusal.to_string());
            if let Err(e) = append(journal, alert).await {
                error!("{e}");
            }
        }
        Ok(Err(other)) => warn!("{}", Failure::from(other)),
        Err(e) => warn!("{}", t!("up-task-failed", cause = e.to_string())),
    }
}

/// A scheduled vault job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JobKind {
    Backup,
    Drill,
}

/// How a scheduled job ended. Failures were journaled by the job itself.
struct JobOutcome {
    kind: JobKind,
    started: Timestamp,
    succeeded: bool,
}

fn start_job(
    kind: JobKind,
    context: Arc<Context>,
    journal: Arc<Journal>,
) -> tokio::task::JoinHandle<JobOutcome> {
    let started = Timestamp::now();
    match kind {
        JobKind::Backup => info!("{}", t!("up-backup-starting")),
        JobKind::Drill => info!("{}", t!("up-drill-starting")),
    }
    tokio::task::spawn_blocking(move || {
        let succeeded = match kind {
            JobKind::Backup => {
                match super::vault::perform_backup(&context, &journal, Vec::new(), Vec::new()) {
                    Ok(report) => {
                        info!(
                            "{}",
                            t!(
                                "up-backup-done",
                                id = report.snapshot.short_id(),
                                files = report.snapshot.files
                            )
                        );
                        true
                    }
                    Err(failure) => {
                        error!("{}", t!("up-backup-failed", cause = failure.to_string()));
                        false
                    }
                }
            }
            JobKind::Drill => match super::vault::perform_drill(&context, &journal) {
                Ok((report, _)) if report.passed() => {
                    info!("{}", t!("up-drill-passed", files = report.files));
                    true
                }
                Ok((report, _)) => {
                    error!("{}", t!("up-drill-failed", count = report.mismatches.len()));
                    false
                }
                Err(failure) => {
                    error!("{}", t!("up-drill-error", cause = failure.to_string()));
                    false
                }
            },
        };
        JobOutcome {
            kind,
            started,
            succeeded,
        }
    })
}

/// When backups and drills are due, and whether the missing-backup alert was raised.
struct Schedule {
    policy: VaultPolicy,
    /// Whether there is anything to back up: without protected folders nothing is scheduled
    /// and no backup is missed.
    has_paths: bool,
    /// When the guardian started: the deadline counts from here until a backup succeeds.
    since: Timestamp,
    last_backup_attempt: Option<Timestamp>,
    last_backup_success: Option<Timestamp>,
    last_drill: Option<Timestamp>,
    overdue_alerted: bool,
    /// Set when a backup succeeded at least once, so a drill has something to restore.
    has_snapshot: bool,
}

impl Schedule {
    /// Reads from the journal when the last backup and the last drill happened.
    fn from_journal(journal: &Journal, policy: VaultPolicy, has_paths: bool) -> Schedule {
        let last = |kind: Kind, action: Option<&str>| -> Option<Timestamp> {
            journal
                .entries(&Filter {
                    kind: Some(kind),
                    ..Filter::default()
                })
                .ok()?
                .into_iter()
                .rev()
                .find(|entry| action.is_none_or(|a| entry.event.action == a))
                .map(|entry| entry.at)
        };
        let last_backup_success = last(Kind::Backup, Some("backup.finished"));
        Schedule {
            policy,
            has_paths,
            since: Timestamp::now(),
            last_backup_attempt: last_backup_success,
            last_backup_success,
            last_drill: last(Kind::Drill, None),
            overdue_alerted: false,
            has_snapshot: last_backup_success.is_some(),
        }
    }

    /// The job due now, backups first.
    fn due(&self, now: Timestamp) -> Option<JobKind> {
        let elapsed = |since: Option<Timestamp>, every: Duration| match since {
            None => true,
            Some(then) => now.duration_since(then).unsigned_abs() >= every,
        };
        if let Some(every) = self.policy.backup_every
            && self.has_paths
            && elapsed(self.last_backup_attempt, every)
        {
            return Some(JobKind::Backup);
        }
        if let Some(every) = self.policy.drill_every
            && self.has_snapshot
            && elapsed(self.last_drill, every)
        {
            return Some(JobKind::Drill);
        }
        None
    }

    fn record(&mut self, finished: Result<JobOutcome, tokio::task::JoinError>) {
        let outcome = match finished {
            Ok(outcome) => outcome,
            Err(e) => {
                warn!("{}", t!("up-task-failed", cause = e.to_string()));
                return;
            }
        };
        match outcome.kind {
            JobKind::Backup => {
                self.last_backup_attempt = Some(outcome.started);
                if outcome.succeeded {
                    self.last_backup_success = Some(outcome.started);
                    self.overdue_alerted = false;
                    self.has_snapshot = true;
                }
            }
            JobKind::Drill => self.last_drill = Some(outcome.started),
        }
    }

    /// The alert to raise now, if the last successful backup (or, without one, the guardian's
    /// start) is older than the deadline and the alert was not raised yet.
    fn overdue(&self, now: Timestamp) -> Option<(String, u64)> {
        if self.overdue_alerted || !self.has_paths {
            return None;
        }
        let reference = self.last_backup_success.unwrap_or(self.since);
        let age = now.duration_since(reference).unsigned_abs();
        if age < self.policy.backup_deadline {
            return None;
        }
        let hours = age.as_secs() / 3600;
        let message = match self.last_backup_success {
            Some(_) => t!("alert-backup-overdue", hours = hours),
            None => t!("alert-backup-never", hours = hours),
        };
        Some((message, hours))
    }

    /// Raises the alert once when the last successful backup is older than the deadline.
    async fn check_overdue(&mut self, journal: &Arc<Journal>) {
        let Some((message, hours)) = self.overdue(Timestamp::now()) else {
            return;
        };
        self.overdue_alerted = true;
        error!("{message}");
        let alert = Event::new(Kind::Alert, "backup.overdue", guardian(), message)
            .outcome(EventOutcome::Failure)
            .detail("hours_since_last_success", hours);
        if let Err(e) = append(journal, alert).await {
            error!("{e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(backup: Option<u64>, drill: Option<u64>) -> VaultPolicy {
        let day = Duration::from_secs(86_400);
        VaultPolicy {
            backup_every: backup.map(Duration::from_secs),
            backup_deadline: day,
            drill_every: drill.map(Duration::from_secs),
            retention: hygie_vault::Retention {
                all: day,
                daily: day,
                weekly: day,
                monthly: day,
            },
        }
    }

    fn schedule(
        policy: VaultPolicy,
        last_backup: Option<Timestamp>,
        last_drill: Option<Timestamp>,
    ) -> Schedule {
        Schedule {
            policy,
            has_paths: true,
            since: Timestamp::now(),
            last_backup_attempt: last_backup,
            last_backup_success: last_backup,
            last_drill,
            overdue_alerted: false,
            has_snapshot: last_backup.is_some(),
        }
    }

    #[test]
    fn a_backup_is_due_at_once_when_none_was_ever_taken_and_then_every_interval() {
        let now = Timestamp::now();
        let hour_ago = now
            .checked_sub(jiff::SignedDuration::from_secs(3_600))
            .unwrap();
        let minute_ago = now
            .checked_sub(jiff::SignedDuration::from_secs(60))
            .unwrap();
        assert_eq!(
            schedule(policy(Some(3_600), None), None, None).due(now),
            Some(JobKind::Backup)
        );
        assert_eq!(
            schedule(policy(Some(3_600), None), Some(minute_ago), None).due(now),
            None
        );
        assert_eq!(
            schedule(policy(Some(3_600), None), Some(hour_ago), None).due(now),
            Some(JobKind::Backup)
        );
        assert_eq!(schedule(policy(None, None), None, None).due(now), None);
    }

    #[test]
    fn the_overdue_alert_is_raised_once_past_the_deadline() {
        let now = Timestamp::now();
        let two_days_ago = now
            .checked_sub(jiff::SignedDuration::from_hours(48))
            .unwrap();
        let hour_ago = now
            .checked_sub(jiff::SignedDuration::from_hours(1))
            .unwrap();
        assert!(
            schedule(policy(Some(3_600), None), Some(hour_ago), None)
                .overdue(now)
                .is_none()
        );
        let mut late = schedule(policy(Some(3_600), None), Some(two_days_ago), None);
        let (message, hours) = late.overdue(now).unwrap();
        assert_eq!(hours, 48);
        assert!(message.contains("48"), "{message}");
        late.overdue_alerted = true;
        assert!(late.overdue(now).is_none());
        // A backup that succeeds re-arms it.
        late.record(Ok(JobOutcome {
            kind: JobKind::Backup,
            started: now,
            succeeded: true,
        }));
        assert!(!late.overdue_alerted);
        assert!(late.overdue(now).is_none());
    }

    #[test]
    fn without_protected_folders_nothing_is_scheduled_or_missed() {
        let now = Timestamp::now();
        let long_ago = now
            .checked_sub(jiff::SignedDuration::from_hours(100))
            .unwrap();
        let mut idle = schedule(policy(Some(3_600), Some(3_600)), None, None);
        idle.has_paths = false;
        idle.since = long_ago;
        assert_eq!(idle.due(now), None);
        assert!(idle.overdue(now).is_none());
    }

    #[test]
    fn a_drill_waits_for_a_snapshot_and_its_interval() {
        let now = Timestamp::now();
        let minute_ago = now
            .checked_sub(jiff::SignedDuration::from_secs(60))
            .unwrap();
        let month_ago = now
            .checked_sub(jiff::SignedDuration::from_hours(31 * 24))
            .unwrap();
        let monthly = Some(30 * 86_400);
        assert_eq!(schedule(policy(None, monthly), None, None).due(now), None);
        assert_eq!(
            schedule(policy(Some(3_600), monthly), Some(minute_ago), None).due(now),
            Some(JobKind::Drill)
        );
        assert_eq!(
            schedule(
                policy(Some(3_600), monthly),
                Some(minute_ago),
                Some(minute_ago)
            )
            .due(now),
            None
        );
        assert_eq!(
            schedule(
                policy(Some(3_600), monthly),
                Some(minute_ago),
                Some(month_ago)
            )
            .due(now),
            Some(JobKind::Drill)
        );
    }
}
