//! `hygie sentinel watch`: the sentinel in the foreground, for diagnosis. It watches folders,
//! prints each alert in plain words (or as JSON), and journals it when a home is set up.

use std::path::PathBuf;

use hygie_journal::{Actor as JournalActor, Event, Kind, Outcome as EventOutcome};
use hygie_sentinel::{Actor, Alert, Change, Config, Engine, FileEvent, Indicator};

use crate::context::Context;
use crate::failure::{Failure, Outcome};
use crate::mailer::Mailer;
use crate::process::{self, Containment};
use crate::shadow::Shadows;
use crate::shadow_pace::{Pacer, SHADOW_SPAN};
use crate::t;
use crate::watch::{Mode, Notice, Source, Stamp, WholeFile};

/// The component name in heartbeats.
const COMPONENT: &str = "sentinel";

/// The files named in the journal when held shadow copies are dropped, at most (a pack of
/// small files can hold tens of thousands).
const DROPPED_FILES_LISTED: usize = 5000;

/// Files named in an alert's e-mail at most.
const MAILED_FILES: usize = 30;

/// Files named in an alert's text at most; the JSON and the journal hold them all.
const NAMED_FILES: usize = 10;

/// How an alert is told to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Telling {
    /// Plain words on standard output.
    Text,
    /// One JSON object per alert on standard output.
    Json,
    /// The log (inside `hygie up`).
    Log,
}

/// `hygie sentinel watch PATH…`.
pub fn watch(context: Option<&Context>, paths: Vec<PathBuf>, json: bool) -> Outcome {
    let paths = if paths.is_empty() {
        context
            .map(|c| c.config.protect.paths.clone())
            .unwrap_or_default()
    } else {
        paths
    };
    if paths.is_empty() {
        return Err(Failure::setup(t!("sentinel-nothing")));
    }
    let telling = if json { Telling::Json } else { Telling::Text };
    let journal = context
        .map(|c| c.journal(true))
        .transpose()?
        .map(std::sync::Arc::new);
    run(context, journal, &paths, telling, &Stopping::default())
}

/// How often the sentinel looks whether it is asked to stop, while versions wait to be copied.
const STOP_LOOK: std::time::Duration = std::time::Duration::from_millis(500);

/// Versions whose span ended copied at most between two looks at the changes: when the spans
/// of many files end together (a folder saved at once 30 s earlier), the changes that come
/// meanwhile, an attack's first files among them, wait for these copies, not for thousands.
const COPIES_PER_LOOK: usize = 32;

/// How `hygie up` stops the sentinel without losing the versions that wait for the end of
/// their span: it asks, and waits for the sentinel to copy them only when some wait.
#[derive(Debug, Default)]
pub struct Stopping {
    requested: std::sync::atomic::AtomicBool,
    waiting: std::sync::atomic::AtomicBool,
}

impl Stopping {
    /// Asks the sentinel to copy what waits and stop (seen within [`STOP_LOOK`]).
    pub fn request(&self) {
        self.requested
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// Whether versions wait to be copied (the sentinel must then be waited for).
    pub fn anything_waiting(&self) -> bool {
        self.waiting.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// Watches `paths` until the watcher ends; each alert is journaled, kept in the state, freezes
/// the vault (when a home is loaded), then told.
pub fn run(
    context: Option<&Context>,
    journal: Option<std::sync::Arc<hygie_journal::Journal>>,
    paths: &[PathBuf],
    telling: Telling,
    stopping: &Stopping,
) -> Outcome {
    if let Some(missing) = paths.iter().find(|p| !p.is_dir()) {
        return Err(Failure::setup(t!(
            "sentinel-missing",
            path = missing.as_path()
        )));
    }
    // Folders given on the command line are checked as the configuration's are.
    if let Some((link, target)) = paths
        .iter()
        .find_map(|p| crate::config::real_folder_if_linked(p).map(|real| (p, real)))
    {
        return Err(Failure::setup(t!(
            "sentinel-protected-link",
            path = link.as_path(),
            target = target.as_path()
        )));
    }
    let mut responder = Responder::new(context, journal, telling)?;
    let mut engine = Engine::new(Config::default());
    let mut source = Source::start(paths, &mut engine)
        .map_err(|cause| Failure::setup(t!("sentinel-watch-failed", cause = cause)))?;
    let watching = t!(
        "sentinel-watching",
        count = source.files(),
        folders = paths.len()
    );
    let mode = mode_text(source.mode(), responder.containment);
    responder.started(source.mode());
    match telling {
        Telling::Log => tracing::info!("{watching} {mode}"),
        Telling::Text | Telling::Json => {
            eprintln!("{watching}");
            eprintln!("{mode}");
        }
    }
    // Opening the store may have had to drop held copies.
    responder.tell_dropped_held();
    let mut notices = Vec::new();
    // While versions wait, the wait is cut into looks at `stopping`.
    let timeout =
        |responder: &mut Responder| responder.next_copy_in().map(|due| due.min(STOP_LOOK));
    while let Some(events) = source.next(timeout(&mut responder), &mut notices) {
        for notice in notices.drain(..) {
            let text = match notice {
                Notice::Overflow => t!("sentinel-overflow"),
                Notice::WritersOverflow => t!("sentinel-writers-overflow"),
                Notice::Recovered(found) => {
                    responder.notifications_lost(found);
                    t!("sentinel-recovered", count = found)
                }
                Notice::Unreadable(path, cause) => {
                    t!("sentinel-unreadable", path = path.as_path(), cause = cause)
                }
                Notice::Unmarked(path, cause) => {
                    t!("sentinel-unmarked", path = path.as_path(), cause = cause)
                }
                Notice::WritersLost(cause) => {
                    responder.started(source.mode());
                    t!("sentinel-writers-lost", cause = cause)
                }
            };
            match telling {
                Telling::Log => tracing::warn!("{text}"),
                Telling::Text | Telling::Json => eprintln!("{text}"),
            }
        }
        let mut opened = Vec::new();
        for event in &events {
            opened.extend(engine.observe(event));
        }
        for alert in opened {
            // The programs first: every moment they run costs files. Then the evidence, on
            // disk before anyone is told.
            let contained = responder.contain(&alert);
            let number = responder.opened(&alert, source.wall_clock(alert.since), &contained);
            tell(&alert, number, telling)?;
            responder.tell_containment(&alert, &contained);
        }
        responder.refresh(engine.alerts());
        let contents = source.take_contents();
        responder.shadow(&events, engine.alerts(), contents, |path| {
            source.stamp(path)
        });
        // Asked to stop: everything waiting is copied, due or not.
        let stop = stopping
            .requested
            .load(std::sync::atomic::Ordering::Acquire);
        responder.copy_due(engine.alerts(), stop);
        responder.tell_dropped_held();
        if stop {
            stopping
                .waiting
                .store(false, std::sync::atomic::Ordering::Release);
            responder.stopped();
            return Ok(std::process::ExitCode::SUCCESS);
        }
        stopping.waiting.store(
            responder.pacer.has_waiting(),
            std::sync::atomic::Ordering::Release,
        );
    }
    // The system stopped telling changes: never a normal end. What waits is copied first.
    responder.copy_due(engine.alerts(), true);
    responder.tell_dropped_held();
    responder.stopped();
    Err(Failure::failed(t!("sentinel-watch-ended")))
}

/// The writers an open alert names: none of their versions is kept.
fn open_suspects(alerts: &[Alert]) -> std::collections::BTreeSet<&Actor> {
    alerts
        .iter()
        .filter(|alert| alert.closed.is_none())
        .flat_map(|alert| &alert.suspects)
        .collect()
}

/// Keeps a version of `path` stamped `now`: the bytes the engine judged (`whole`) when the
/// file was read whole, else the file as it is.
fn keep_version(
    shadows: &mut Shadows,
    path: &std::path::Path,
    whole: Option<WholeFile>,
    now: jiff::Timestamp,
) -> std::io::Result<()> {
    match whole {
        Some(whole) => shadows.keep_bytes(path, &whole.bytes, &whole.metadata, now),
        None => shadows.keep(path, now),
    }
}

/// Whether `error`, met while copying a file, says it is gone or no longer a regular file:
/// nothing to keep, and nothing wrong with the store.
fn is_gone(error: &std::io::Error) -> bool {
    crate::regular_file::is_gone(error) || crate::regular_file::is_not_a_file(error)
}

/// The configured span between two copies of a file ([`SHADOW_SPAN`] without a home).
fn shadow_span(context: Option<&Context>) -> Result<std::time::Duration, Failure> {
    let Some(context) = context else {
        return Ok(SHADOW_SPAN);
    };
    let span = &context.config.sentinel.shadow_span;
    crate::config::parse_interval(span)
        .ok_or_else(|| Failure::setup(t!("sentinel-bad-shadow-span", value = span.as_str())))
}

/// Opens the home's shadow store with the configured bounds.
/// When the latest sentinel alert not yet restored opened (every version an open incident
/// needs — the newest from before each file's damage, which began before its alert — is older
/// than that), while the vault is frozen
/// (every alert freezes it; lifting the freeze — after the restore, or a false alarm — lets
/// the shadow store evict as usual again).
fn latest_open_alert_opened(
    state: &hygie_state::State,
) -> Result<Option<jiff::Timestamp>, hygie_state::Error> {
    if state.frozen()?.is_none() {
        return Ok(None);
    }
    Ok(state
        .alerts()?
        .iter()
        .filter(|alert| alert.source == "sentinel" && alert.restored.is_none())
        .map(|alert| alert.opened)
        .max())
}

/// How often the incidents not yet restored are read again.
const HOLD_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens the home's shadow store, holding the copies taken before `held_before`.
fn open_shadows(
    context: &Context,
    held_before: Option<jiff::Timestamp>,
) -> Result<Shadows, Failure> {
    let section = &context.config.sentinel;
    let keep = crate::config::parse_interval(&section.shadow_keep).ok_or_else(|| {
        Failure::setup(t!(
            "sentinel-bad-shadow-keep",
            value = section.shadow_keep.as_str()
        ))
    })?;
    let limit = section.shadow_megabytes.saturating_mul(1 << 20);
    let folder = context.home.shadows();
    Shadows::open(&folder, limit, keep, held_before).map_err(|e| {
        let cause = if e.kind() == std::io::ErrorKind::WouldBlock {
            t!(
                "sentinel-shadow-busy",
                folder = folder.display().to_string()
            )
        } else {
            format!("{}: {e}", folder.display())
        };
        Failure::setup(t!("sentinel-shadow-failed", cause = cause))
    })
}

/// What containment did for `alert`, or why it could not act, in sentences.
fn containment_lines(
    alert: &Alert,
    report: &process::Report,
    containment: Containment,
) -> Vec<String> {
    let identified = alert
        .suspects
        .iter()
        .any(|s| matches!(s, Actor::Process { .. }));
    let mut lines = Vec::new();
    if !identified {
        lines.push(t!("sentinel-contain-unidentified"));
    } else if containment == Containment::Off {
        lines.push(t!("sentinel-contain-off"));
    } else if report.stopped.is_empty() && !report.spared.is_empty() {
        lines.push(t!("sentinel-contain-spared", count = report.spared.len()));
    }
    for stopped in &report.stopped {
        let program = stopped
            .exe
            .clone()
            .unwrap_or_else(|| t!("sentinel-unknown-program"));
        lines.push(if stopped.killed {
            t!(
                "sentinel-contain-killed",
                pid = stopped.pid,
                program = program
            )
        } else {
            t!(
                "sentinel-contain-stopped",
                pid = stopped.pid,
                program = program
            )
        });
    }
    lines
}

/// What the sentinel can do in this mode, in a sentence.
fn mode_text(mode: &Mode, containment: Containment) -> String {
    match (mode, containment) {
        (Mode::Portable(reason), _) => t!("sentinel-portable-limits", cause = reason.as_str()),
        (Mode::Writers, Containment::Kill) => t!("sentinel-mode-kill"),
        (Mode::Writers, Containment::Stop) => t!("sentinel-mode-stop"),
        (Mode::Writers, Containment::Off) => t!("sentinel-mode-off"),
    }
}

/// The heartbeat detail of a mode, as `hygie status` reads it.
fn mode_code(mode: &Mode) -> &'static str {
    match mode {
        Mode::Writers => "writers",
        Mode::Portable(_) => "portable",
    }
}

/// What the sentinel does with alerts besides telling them.
struct Responder<'a> {
    context: Option<&'a Context>,
    journal: Option<std::sync::Arc<hygie_journal::Journal>>,
    state: Option<hygie_state::State>,
    telling: Telling,
    containment: Containment,
    /// Engine alert number → state alert number, and the size of the evidence last kept.
    kept: std::collections::HashMap<u64, (i64, [usize; 5])>,
    /// Engine alert number → the suspects already contained.
    contained: std::collections::HashMap<u64, usize>,
    /// Every pid signalled so far.
    signalled: std::collections::BTreeSet<u32>,
    /// Versions of files as they change (with a home only).
    shadows: Option<Shadows>,
    /// Which versions are copied now, which at the end of their span.
    pacer: Pacer,
    /// Who is told by e-mail, when `[alerts]` says so.
    mailer: Option<std::sync::Arc<Mailer>>,
    /// When the incidents not yet restored were last read, to hold their shadow copies.
    hold_checked: std::time::Instant,
}

impl<'a> Responder<'a> {
    fn new(
        context: Option<&'a Context>,
        journal: Option<std::sync::Arc<hygie_journal::Journal>>,
        telling: Telling,
    ) -> Result<Responder<'a>, Failure> {
        let state = context.map(Context::state).transpose()?;
        // Alerts that cannot be read now: nothing held until the next reading.
        let held = state
            .as_ref()
            .and_then(|state| latest_open_alert_opened(state).ok().flatten());
        Ok(Responder {
            context,
            journal,
            state,
            telling,
            containment: context.map_or(Containment::default(), |c| c.config.sentinel.contain),
            kept: std::collections::HashMap::new(),
            contained: std::collections::HashMap::new(),
            signalled: std::collections::BTreeSet::new(),
            shadows: context.map(|c| open_shadows(c, held)).transpose()?,
            pacer: Pacer::new(shadow_span(context)?, std::time::Instant::now()),
            mailer: context
                .map(|c| Mailer::from_config(&c.config.alerts, &c.home.smtp_password()))
                .transpose()
                .map_err(|cause| Failure::setup(t!("mail-alert-config", cause = cause)))?
                .flatten()
                .map(std::sync::Arc::new),
            hold_checked: std::time::Instant::now(),
        })
    }

    /// Holds the shadow copies taken before the latest incident not yet restored (a restore
    /// run elsewhere, from the command line or the console, releases them within
    /// [`HOLD_CHECK_EVERY`]).
    fn hold_open_incidents(&mut self) {
        // Alerts that cannot be read now (the state busy): the hold stays as it was.
        if let (Some(state), Some(shadows)) = (&self.state, &mut self.shadows)
            && let Ok(opened) = latest_open_alert_opened(state)
        {
            shadows.hold_before(opened);
        }
        self.hold_checked = std::time::Instant::now();
    }

    /// Keeps a version of every file written by a program no open alert suspects, stamped now
    /// (after the batch: a later stamp never makes a version pass for older than it is), at
    /// once or at the end of its span ([`Pacer`]). A path's last event in the batch takes its
    /// content from `contents` (the bytes the engine read last) when the file was read whole;
    /// other events read the file again. A version that waits keeps the stamp `stamp` gives
    /// its file (the one of the engine's last read). A failure (a full disk) is said once per
    /// batch; watching goes on.
    fn shadow(
        &mut self,
        events: &[FileEvent],
        alerts: &[Alert],
        mut contents: std::collections::HashMap<std::path::PathBuf, WholeFile>,
        stamp: impl Fn(&std::path::Path) -> Option<Stamp>,
    ) {
        if self.hold_checked.elapsed() >= HOLD_CHECK_EVERY {
            self.hold_open_incidents();
        }
        let Some(shadows) = &mut self.shadows else {
            return;
        };
        let suspected = open_suspects(alerts);
        let mut failure = None;
        let last_event: std::collections::HashMap<&std::path::Path, usize> = events
            .iter()
            .enumerate()
            .map(|(index, event)| (event.path.as_path(), index))
            .collect();
        let instant = std::time::Instant::now();
        for (index, event) in events.iter().enumerate() {
            let written = match &event.change {
                Change::Created { profile } => profile,
                Change::Modified { after, .. } => after,
                Change::Renamed { to } => {
                    self.pacer.renamed(&event.path, to);
                    // The versions kept under the former name are found under the new one
                    // (a suspect's renames are not: they lead nowhere a restore should go).
                    if !suspected.contains(&event.actor)
                        && let Err(e) = shadows.moved(&event.path, to, jiff::Timestamp::now())
                    {
                        failure = Some(format!("{}: {e}", event.path.display()));
                    }
                    continue;
                }
                Change::Removed => {
                    self.pacer.removed(&event.path);
                    continue;
                }
            };
            if suspected.contains(&event.actor) {
                self.pacer.forget(&event.path);
                continue;
            }
            let stamp = stamp(&event.path);
            if !self
                .pacer
                .written(&event.path, &event.actor, written, stamp, instant)
            {
                continue;
            }
            let now = jiff::Timestamp::now();
            let read = if last_event.get(event.path.as_path()) == Some(&index) {
                contents.remove(&event.path)
            } else {
                None
            };
            let kept = keep_version(shadows, &event.path, read, now);
            match kept {
                Ok(()) => self.pacer.copied(&event.path, instant),
                // Gone or renamed since (its next name is seen with the next notification), or
                // no longer a file.
                Err(e) if is_gone(&e) => {}
                Err(e) => failure = Some(format!("{}: {e}", event.path.display())),
            }
        }
        self.say_shadow_failure(failure);
    }

    /// How long until a version waiting for the end of its span is due (none: nothing waits).
    fn next_copy_in(&mut self) -> Option<std::time::Duration> {
        self.shadows.as_ref()?;
        let due = self.pacer.next_due()?;
        Some(due.saturating_duration_since(std::time::Instant::now()))
    }

    /// Keeps the versions whose span has ended, [`COPIES_PER_LOOK`] at most (`all`: every
    /// version waiting), each only if the file still holds it (its stamp unchanged, else its
    /// profile) and no open alert names its writer.
    fn copy_due(&mut self, alerts: &[Alert], all: bool) {
        let Some(shadows) = &mut self.shadows else {
            return;
        };
        let instant = std::time::Instant::now();
        let due = if all {
            self.pacer.take_all()
        } else {
            self.pacer.take_due(instant, COPIES_PER_LOOK)
        };
        if due.is_empty() {
            return;
        }
        let suspected = open_suspects(alerts);
        let mut failure = None;
        for (path, waiting) in due {
            if suspected.contains(&waiting.actor) {
                continue;
            }
            let kept = crate::regular_file::open(&path).and_then(|(mut file, metadata)| {
                // The stamp tells without reading the content to measure it (a rename, a
                // change of owner or permissions move it: the profile tells then). Its limit
                // (a rewrite of the same size within the clock tick of the engine's read, on
                // kernels before 6.13) is a copy of that rewrite made before its notification
                // is read: moments before, within the margin before an incident's start whose
                // copies recovery does not use (a second), unless the sentinel lags that long.
                if waiting.stamp != Some(Stamp::of(&metadata)) {
                    let read = crate::watch::read_open(&mut file, metadata.clone())?;
                    if read.profile() != waiting.profile {
                        // Written again since: that version has its own notification.
                        return Ok(false);
                    }
                    if let Some(whole) = read.into_whole() {
                        return keep_version(shadows, &path, Some(whole), jiff::Timestamp::now())
                            .map(|()| true);
                    }
                    // Sampled: the whole file is copied from the handle that was measured.
                    std::io::Seek::rewind(&mut file)?;
                }
                shadows
                    .keep_open(&path, file, &metadata, jiff::Timestamp::now())
                    .map(|()| true)
            });
            match kept {
                Ok(true) => self.pacer.copied(&path, instant),
                Ok(false) => {}
                // Gone, or no longer a file: nothing to keep.
                Err(e) if is_gone(&e) => {}
                Err(e) => failure = Some(format!("{}: {e}", path.display())),
            }
        }
        self.say_shadow_failure(failure);
    }

    /// Says that the shadow store failed, with the last cause (once per batch).
    fn say_shadow_failure(&self, failure: Option<String>) {
        if let Some(cause) = failure {
            let text = t!("sentinel-shadow-failed", cause = cause);
            tracing::warn!("{text}");
            if self.telling != Telling::Log {
                eprintln!("{text}");
            }
        }
    }

    /// Tells, journals and counts as evidence of the incident the shadow copies from before it
    /// that the store dropped anyway (past twice its limit): each file named in the journal,
    /// with its newest copy dropped, so that its restore says it came back older.
    fn tell_dropped_held(&mut self) {
        let Some(dropped) = self.shadows.as_mut().and_then(Shadows::take_dropped_held) else {
            return;
        };
        let text = t!(
            "sentinel-held-dropped",
            versions = dropped.versions,
            files = dropped.files.len()
        );
        // On disk before anyone is told.
        if let Some(journal) = &self.journal {
            self.journal_dropped_held(journal, &dropped, text.as_str());
        }
        tracing::warn!("{text}");
        if self.telling != Telling::Log {
            eprintln!("{text}");
        }
    }

    /// Journals [`Responder::tell_dropped_held`]'s `dropped`, told by `text`.
    fn journal_dropped_held(
        &self,
        journal: &hygie_journal::Journal,
        dropped: &crate::shadow::DroppedHeld,
        text: &str,
    ) {
        let listed: Vec<serde_json::Value> = dropped
            .files
            .iter()
            .take(DROPPED_FILES_LISTED)
            .map(|(path, taken)| {
                let taken: Vec<String> = taken.iter().map(ToString::to_string).collect();
                serde_json::json!({ "path": path.display().to_string(), "taken": taken })
            })
            .collect();
        let event = Event::new(
            Kind::Incident,
            crate::shadow::DROPPED_HELD_ACTION,
            JournalActor::program(format!("hygie-sentinel[{}]", std::process::id())),
            text,
        )
        .outcome(EventOutcome::Failure)
        .detail("versions", dropped.versions)
        .detail("bytes", dropped.bytes)
        .detail("files", listed)
        .detail(
            "files_not_listed",
            dropped.files.len().saturating_sub(DROPPED_FILES_LISTED),
        )
        .detail("packs_unreadable", dropped.unreadable);
        if let Err(error) = journal.append(event) {
            Responder::complain(&error);
        }
    }

    /// Says in the state that the sentinel runs, and in which mode.
    fn started(&self, mode: &Mode) {
        if let Some(state) = &self.state
            && let Err(error) = state.started_with(COMPONENT, std::process::id(), mode_code(mode))
        {
            Responder::complain(&error);
        }
    }

    /// Journals that the kernel dropped notifications of changes, and how many files the walk
    /// that followed found changed: flooding the queue is a way to hide, so it is kept as
    /// evidence.
    fn notifications_lost(&self, found: usize) {
        let Some(journal) = &self.journal else {
            return;
        };
        let event = Event::new(
            Kind::Alert,
            "sentinel.notifications_lost",
            JournalActor::program(format!("hygie-sentinel[{}]", std::process::id())),
            t!("sentinel-recovered", count = found),
        )
        .outcome(EventOutcome::Failure)
        .detail("files_found", found);
        if let Err(error) = journal.append(event) {
            Responder::complain(&error);
        }
    }

    /// Says in the state that the sentinel stopped watching.
    fn stopped(&self) {
        if let Some(state) = &self.state
            && let Err(error) = state.stopped(COMPONENT)
        {
            Responder::complain(&error);
        }
    }

    /// Stops the programs behind `alert`, per the configuration.
    fn contain(&mut self, alert: &Alert) -> process::Report {
        self.contained.insert(alert.id, alert.suspects.len());
        let mut groups = std::collections::BTreeSet::new();
        let mut pids = std::collections::BTreeSet::new();
        for suspect in &alert.suspects {
            if let Actor::Process { pid, tree, .. } = suspect {
                groups.insert(*tree);
                pids.insert(*pid);
            }
        }
        if pids.is_empty() {
            return process::Report::default();
        }
        process::contain(&groups, &pids, self.containment, &mut self.signalled)
    }

    /// Says what containment did (or why it could not act).
    fn tell_containment(&self, alert: &Alert, report: &process::Report) {
        for line in containment_lines(alert, report, self.containment) {
            match self.telling {
                Telling::Log => tracing::warn!("{line}"),
                Telling::Text => println!("{line}"),
                Telling::Json => eprintln!("{line}"),
            }
        }
    }

    /// Tells the configured addresses by e-mail, from a thread of its own (a slow mail server
    /// must not delay watching), and journals whether it was sent.
    fn mail(&self, alert: &Alert, number: u64, report: &process::Report, since: jiff::Timestamp) {
        let Some(mailer) = self.mailer.clone() else {
            return;
        };
        let practice = self
            .context
            .map(|c| c.config.practice.name.clone())
            .unwrap_or_default();
        let subject = t!(
            "mail-alert-subject",
            id = number,
            practice = practice.as_str()
        );
        let mut body = vec![headline(alert, number), String::new()];
        body.push(t!("mail-alert-practice", practice = practice.as_str()));
        body.push(t!(
            "mail-alert-since",
            when = since
                .to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%d/%m/%Y %H:%M:%S")
                .to_string()
        ));
        body.push(t!("mail-alert-files", count = alert.damaged.len()));
        for path in alert.damaged.iter().take(MAILED_FILES) {
            body.push(format!("  - {}", path.display()));
        }
        if alert.damaged.len() > MAILED_FILES {
            body.push(format!(
                "  {}",
                t!(
                    "sentinel-more-files",
                    count = alert.damaged.len() - MAILED_FILES
                )
            ));
        }
        body.push(String::new());
        body.extend(containment_lines(alert, report, self.containment));
        body.push(String::new());
        body.push(t!("sentinel-what-to-do", id = number));
        let body = body.join("\n") + "\n";
        let journal = self.journal.clone();
        let spawned = std::thread::Builder::new()
            .name("alert-mail".into())
            .spawn(move || {
                let sent = mailer.send(&subject, body);
                if let Err(cause) = &sent {
                    let text = t!("mail-alert-failed", cause = cause.as_str());
                    tracing::error!("{text}");
                    eprintln!("{text}");
                }
                if let Some(journal) = journal {
                    let event = Event::new(
                        Kind::Alert,
                        "alert.mailed",
                        JournalActor::program(format!("hygie-sentinel[{}]", std::process::id())),
                        t!(
                            "mail-alert-journal",
                            id = number,
                            count = mailer.recipients()
                        ),
                    )
                    .outcome(if sent.is_ok() {
                        EventOutcome::Success
                    } else {
                        EventOutcome::Failure
                    })
                    .detail("alert", number)
                    .detail("error", sent.err().unwrap_or_default());
                    if let Err(error) = journal.append(event) {
                        Responder::complain(&error);
                    }
                }
            });
        if let Err(error) = spawned {
            Responder::complain(&error);
        }
    }

    /// A failure to keep evidence is said, and watching goes on: a full disk must not blind the
    /// sentinel.
    fn complain(error: &impl std::fmt::Display) {
        let text = t!("sentinel-journal-failed", cause = error.to_string());
        tracing::error!("{text}");
        eprintln!("{text}");
    }

    /// An alert's evidence as kept in the state: its JSON.
    fn evidence(alert: &Alert) -> String {
        serde_json::to_string(alert).unwrap_or_else(|error| {
            Responder::complain(&error);
            String::from("{}")
        })
    }

    /// Keeps `alert` (state, then journal, with what containment did), then freezes the vault.
    /// Returns the alert's number, as `hygie alerts` and `hygie incident restore` know it.
    fn opened(&mut self, alert: &Alert, since: jiff::Timestamp, report: &process::Report) -> u64 {
        let evidence = Responder::evidence(alert);
        let mut number = alert.id;
        if let Some(state) = &self.state {
            match state.add_alert("sentinel", since, &summary(alert), &evidence) {
                Ok(id) => {
                    self.kept.insert(alert.id, (id, evidence_size(alert)));
                    number = u64::try_from(id).unwrap_or(number);
                }
                Err(error) => Responder::complain(&error),
            }
        }
        if let Some(journal) = &self.journal {
            let mut events = vec![journal_event(alert, number)];
            if !report.stopped.is_empty() {
                events.push(containment_event(number, report));
            }
            for event in events {
                if let Err(error) = journal.append(event) {
                    Responder::complain(&error);
                }
            }
        }
        if let (Some(context), Some(journal)) = (self.context, &self.journal) {
            let reason = t!("sentinel-freeze-reason", id = number);
            if let Err(error) = super::vault::perform_freeze(context, journal, &reason, since) {
                Responder::complain(&error);
            }
        }
        // Frozen now: the copies from before it are held at once.
        self.hold_open_incidents();
        self.mail(alert, number, report, since);
        number
    }

    /// The number of an alert the state keeps (the engine's own number without a home).
    fn number(&self, alert: &Alert) -> u64 {
        self.kept
            .get(&alert.id)
            .and_then(|(id, _)| u64::try_from(*id).ok())
            .unwrap_or(alert.id)
    }

    /// Keeps up to date the alerts whose evidence grew; stops the suspects that joined an open
    /// alert.
    fn refresh(&mut self, alerts: &[Alert]) {
        for alert in alerts {
            let known = self.contained.get(&alert.id).copied();
            if alert.closed.is_none() && known.is_some_and(|n| n != alert.suspects.len()) {
                let report = self.contain(alert);
                if !report.stopped.is_empty()
                    && let Some(journal) = &self.journal
                    && let Err(error) =
                        journal.append(containment_event(self.number(alert), &report))
                {
                    Responder::complain(&error);
                }
                self.tell_containment(alert, &report);
            }
        }
        let Some(state) = &self.state else {
            return;
        };
        for alert in alerts {
            let Some((id, known)) = self.kept.get_mut(&alert.id) else {
                continue;
            };
            // Lists only grow while an alert is open: a change of size is a change.
            let size = evidence_size(alert);
            if size == *known {
                continue;
            }
            *known = size;
            let evidence = Responder::evidence(alert);
            if let Err(error) = state.update_alert(*id, &summary(alert), &evidence) {
                Responder::complain(&error);
            }
        }
    }
}

/// The sizes of the lists an alert's evidence holds.
fn evidence_size(alert: &Alert) -> [usize; 5] {
    [
        alert.damaged.len(),
        alert.touched.len(),
        alert.created.len(),
        alert.planted.len(),
        alert.suspects.len(),
    ]
}

fn indicator_label(indicator: Indicator) -> String {
    match indicator {
        Indicator::RandomnessRose => t!("indicator-randomness"),
        Indicator::BecameEncoded => t!("indicator-encoded"),
        Indicator::TypeLost => t!("indicator-type-lost"),
        Indicator::TrailerLost => t!("indicator-trailer-lost"),
        Indicator::OpaqueNewFile => t!("indicator-opaque"),
        Indicator::OriginalRemoved => t!("indicator-original-removed"),
        Indicator::UnknownExtension => t!("indicator-extension"),
        Indicator::DecoyTouched => t!("indicator-decoy"),
        Indicator::RansomNote => t!("indicator-note"),
        Indicator::MassRemoval => t!("indicator-mass-removal"),
        Indicator::Breadth => t!("indicator-breadth"),
    }
}

fn summary(alert: &Alert) -> String {
    let folders: std::collections::BTreeSet<_> =
        alert.damaged.iter().filter_map(|p| p.parent()).collect();
    let reasons: Vec<String> = alert
        .indicators
        .iter()
        .map(|i| indicator_label(*i))
        .collect();
    t!(
        "sentinel-alert-summary",
        files = alert.damaged.len(),
        folders = folders.len(),
        reasons = reasons.join(", ")
    )
}

fn headline(alert: &Alert, number: u64) -> String {
    t!("sentinel-alert", id = number, summary = summary(alert))
}

fn tell(alert: &Alert, number: u64, telling: Telling) -> Result<(), Failure> {
    if telling == Telling::Log {
        tracing::error!("{}", headline(alert, number));
        return Ok(());
    }
    if telling == Telling::Json {
        // The engine's fields, and the number the home knows the alert by.
        let mut value = serde_json::to_value(alert).unwrap_or_default();
        if let Some(object) = value.as_object_mut() {
            object.insert("number".into(), number.into());
        }
        return super::journal::print_json(&value);
    }
    println!("{}", headline(alert, number));
    for path in alert.damaged.iter().take(NAMED_FILES) {
        println!("  {}", path.display());
    }
    if alert.damaged.len() > NAMED_FILES {
        println!(
            "  {}",
            t!(
                "sentinel-more-files",
                count = alert.damaged.len() - NAMED_FILES
            )
        );
    }
    println!("{}", t!("sentinel-what-to-do", id = number));
    Ok(())
}

fn containment_event(number: u64, report: &process::Report) -> Event {
    Event::new(
        Kind::Incident,
        "sentinel.contained",
        JournalActor::program(format!("hygie-sentinel[{}]", std::process::id())),
        t!(
            "sentinel-contained-summary",
            id = number,
            count = report.stopped.len()
        ),
    )
    .outcome(EventOutcome::Success)
    .detail("alert", number)
    .detail(
        "stopped",
        serde_json::to_value(&report.stopped).unwrap_or_default(),
    )
    .detail(
        "spared",
        serde_json::to_value(&report.spared).unwrap_or_default(),
    )
}

fn journal_event(alert: &Alert, number: u64) -> Event {
    let damaged: Vec<String> = alert
        .damaged
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let indicators: Vec<serde_json::Value> = alert
        .indicators
        .iter()
        .filter_map(|i| serde_json::to_value(i).ok())
        .collect();
    Event::new(
        Kind::Alert,
        "sentinel.ransomware_suspected",
        JournalActor::program(format!("hygie-sentinel[{}]", std::process::id())),
        headline(alert, number),
    )
    .outcome(EventOutcome::Failure)
    .detail("alert", number)
    .detail("damaged", damaged)
    .detail(
        "suspects",
        serde_json::to_value(&alert.suspects).unwrap_or_default(),
    )
    .detail("indicators", indicators)
    .detail(
        "scope",
        serde_json::to_value(&alert.scope).unwrap_or_default(),
    )
}
