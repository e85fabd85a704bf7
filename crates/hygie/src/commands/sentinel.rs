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
    if let Some(missing) = paths.iter().find(|p| !p.is_dir()) {
        return Err(Failure::setup(t!(
            "sentinel-missing",
            path = missing.as_path()
        )));
    }
    let journal = context.map(|c| c.journal(true)).transpose()?;
    let mut engine = Engine::new(Config::default());
    let mut source = Source::start(&paths, &mut engine)
        .map_err(|cause| Failure::setup(t!("sentinel-watch-failed", cause = cause)))?;
    eprintln!(
        "{}",
        t!(
            "sentinel-watching",
            count = source.files(),
            folders = paths.len()
        )
    );
    eprintln!("{}", t!("sentinel-portable-limits"));
    let mut notices = Vec::new();
    while let Some(events) = source.next(&mut notices) {
        for notice in notices.drain(..) {
            match notice {
                Notice::Overflow => eprintln!("{}", t!("sentinel-overflow")),
                Notice::Unreadable(path, cause) => eprintln!(
                    "{}",
                    t!("sentinel-unreadable", path = path.as_path(), cause = cause)
                ),
            }
        }
        for event in events {
            for alert in engine.observe(&event) {
                // Evidence first: the alert is on disk before anyone is told.
                if let Some(journal) = &journal
                    && let Err(error) = journal.append(journal_event(&alert))
                {
                    // Watching goes on: a full disk must not blind the sentinel.
                    eprintln!(
                        "{}",
                        t!("sentinel-journal-failed", cause = error.to_string())
                    );
                }
                report(&alert, json)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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

fn report(alert: &Alert, json: bool) -> Result<(), Failure> {
    if json {
        let text = serde_json::to_string(alert)
            .map_err(|e| Failure::failed(t!("json-failed", cause = e.to_string())))?;
        println!("{text}");
        return Ok(());
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
