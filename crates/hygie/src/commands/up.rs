//! `hygie up`: the guardian, run in the foreground as a service manager expects.
//!
//! It logs to standard error through `tracing` (systemd's journal picks that up), stops
//! cleanly on SIGINT or SIGTERM, and refuses to start — with one line and exit code 2 — when the
//! home is missing or misconfigured, or when another guardian already runs for it. Today it
//! keeps the journal's signed checkpoints on schedule and sends them to the witness; the backup
//! scheduler, the sentinel and the console join it as they are built.

use std::fs::OpenOptions;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use hygie_journal::witness::DirectoryWitness;
use hygie_journal::{Actor, Event, Journal, Kind, Outcome as EventOutcome};
use hygie_state::State;
use tokio::time::{MissedTickBehavior, interval};
use tracing::{error, info, warn};

use crate::context::Context;
use crate::failure::{Failure, Outcome, refusal_message};
use crate::t;

/// How often the guardian tells the state database it is alive.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// The component name in heartbeats.
const COMPONENT: &str = "guardian";

/// Runs `hygie up` until a signal asks it to stop.
pub fn run(context: Context) -> Outcome {
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
    let journal = Arc::new(context.journal(true)?);
    let state = context.state()?;
    let witness = context.witness();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(t!("up-runtime-failed", cause = e.to_string())))?;
    let result = runtime.block_on(guard(journal, state, witness, interval_length));
    drop(lock);
    result
}

fn init_logging() {
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
    journal: Arc<Journal>,
    state: State,
    witness: Option<DirectoryWitness>,
    every: Duration,
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

    let reason = loop {
        tokio::select! {
            reason = stop.next() => break reason,
            _ = checkpoints.tick() => keep_checkpoint(&journal, witness.as_ref()).await,
            _ = heartbeats.tick() => {
                if let Err(e) = state.beat(COMPONENT) {
                    warn!("{}", t!("up-heartbeat-failed", cause = e.to_string()));
                }
            }
        }
    };
    info!("{}", t!("up-stopping", signal = reason));
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
async fn keep_checkpoint(journal: &Arc<Journal>, witness: Option<&DirectoryWitness>) {
    let task_journal = journal.clone();
    let task_witness = witness.cloned();
    let result = tokio::task::spawn_blocking(move || match &task_witness {
        Some(witness) => task_journal.publish(witness),
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
