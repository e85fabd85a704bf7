//! `hygie sentinel watch`: the sentinel in the foreground, for diagnosis. It watches folders,
//! prints each alert in plain words (or as JSON), and journals it when a home is set up.

use std::path::PathBuf;
use std::process::ExitCode;

use hygie_journal::{Actor as JournalActor, Event, Kind, Outcome as EventOutcome};
use hygie_sentinel::{Alert, Config, Engine, Indicator};

use crate::context::Context;
use crate::failure::{Failure, Outcome};
use crate::t;
use crate::watch::{Notice, Source};

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
    run(context, journal, &paths, telling)
}

/// Watches `paths` until the watcher ends; each alert is journaled, kept in the state, freezes
/// the vault (when a home is loaded), then told.
pub fn run(
    context: Option<&Context>,
    journal: Option<std::sync::Arc<hygie_journal::Journal>>,
    paths: &[PathBuf],
    telling: Telling,
) -> Outcome {
    if let Some(missing) = paths.iter().find(|p| !p.is_dir()) {
        return Err(Failure::setup(t!(
            "sentinel-missing",
            path = missing.as_path()
        )));
    }
    let mut responder = Responder::new(context, journal)?;
    let mut engine = Engine::new(Config::default());
    let mut source = Source::start(paths, &mut engine)
        .map_err(|cause| Failure::setup(t!("sentinel-watch-failed", cause = cause)))?;
    let watching = t!(
        "sentinel-watching",
        count = source.files(),
        folders = paths.len()
    );
    match telling {
        Telling::Log => tracing::info!("{watching}"),
        Telling::Text | Telling::Json => {
            eprintln!("{watching}");
            eprintln!("{}", t!("sentinel-portable-limits"));
        }
    }
    let mut notices = Vec::new();
    while let Some(events) = source.next(&mut notices) {
        for notice in notices.drain(..) {
            let text = match notice {
                Notice::Overflow => t!("sentinel-overflow"),
                Notice::Unreadable(path, cause) => {
                    t!("sentinel-unreadable", path = path.as_path(), cause = cause)
                }
            };
            match telling {
                Telling::Log => tracing::warn!("{text}"),
                Telling::Text | Telling::Json => eprintln!("{text}"),
            }
        }
        let mut opened = Vec::new();
        for event in events {
            opened.extend(engine.observe(&event));
        }
        for alert in opened {
            // Evidence first: the alert is on disk before anyone is told.
            responder.opened(&alert, source.wall_clock(alert.since));
            tell(&alert, telling)?;
        }
        responder.refresh(engine.alerts());
    }
    Ok(ExitCode::SUCCESS)
}

/// What the sentinel does with alerts besides telling them.
struct Responder<'a> {
    context: Option<&'a Context>,
    journal: Option<std::sync::Arc<hygie_journal::Journal>>,
    state: Option<hygie_state::State>,
    /// Engine alert number → state alert number, and the number of damaged files last kept.
    kept: std::collections::HashMap<u64, (i64, usize)>,
}

impl<'a> Responder<'a> {
    fn new(
        context: Option<&'a Context>,
        journal: Option<std::sync::Arc<hygie_journal::Journal>>,
    ) -> Result<Responder<'a>, Failure> {
        Ok(Responder {
            context,
            journal,
            state: context.map(Context::state).transpose()?,
            kept: std::collections::HashMap::new(),
        })
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

    fn opened(&mut self, alert: &Alert, since: jiff::Timestamp) {
        if let Some(journal) = &self.journal
            && let Err(error) = journal.append(journal_event(alert))
        {
            Responder::complain(&error);
        }
        let evidence = Responder::evidence(alert);
        if let Some(state) = &self.state {
            match state.add_alert("sentinel", since, &summary(alert), &evidence) {
                Ok(id) => {
                    self.kept.insert(alert.id, (id, alert.damaged.len()));
                }
                Err(error) => Responder::complain(&error),
            }
        }
        if let (Some(context), Some(journal)) = (self.context, &self.journal) {
            let reason = t!("sentinel-freeze-reason", id = alert.id);
            if let Err(error) = super::vault::perform_freeze(context, journal, &reason, since) {
                Responder::complain(&error);
            }
        }
    }

    /// Keeps up to date the alerts whose evidence grew.
    fn refresh(&mut self, alerts: &[Alert]) {
        let Some(state) = &self.state else {
            return;
        };
        for alert in alerts {
            let Some((id, known)) = self.kept.get_mut(&alert.id) else {
                continue;
            };
            if alert.damaged.len() == *known {
                continue;
            }
            *known = alert.damaged.len();
            let evidence = Responder::evidence(alert);
            if let Err(error) = state.update_alert(*id, &summary(alert), &evidence) {
                Responder::complain(&error);
            }
        }
    }
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
        "sentinel-alert",
        id = alert.id,
        files = alert.damaged.len(),
        folders = folders.len(),
        reasons = reasons.join(", ")
    )
}

fn tell(alert: &Alert, telling: Telling) -> Result<(), Failure> {
    if telling == Telling::Log {
        tracing::error!("{}", summary(alert));
        return Ok(());
    }
    if telling == Telling::Json {
        return super::journal::print_json(alert);
    }
    println!("{}", summary(alert));
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
    println!("{}", t!("sentinel-what-to-do"));
    Ok(())
}

fn journal_event(alert: &Alert) -> Event {
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
        summary(alert),
    )
    .outcome(EventOutcome::Failure)
    .detail("alert", alert.id)
    .detail("damaged", damaged)
    .detail("indicators", indicators)
    .detail(
        "scope",
        serde_json::to_value(&alert.scope).unwrap_or_default(),
    )
}
