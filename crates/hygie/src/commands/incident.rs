//! `hygie alerts` and `hygie incident restore`: what the detectors saw, and putting back what an
//! attack damaged.
//!
//! A restore takes every damaged file of an alert from the newest snapshot taken before the
//! incident began, writes it beside the damaged one and renames it into place (so a crash leaves
//! one or the other, never half of each), checks every byte, puts the attacker's files (unreadable
//! copies, ransom notes) aside in the home's quarantine, leaves every other file alone, and
//! journals what was and was not put back.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hygie_journal::{Event, Kind, Outcome as EventOutcome};
use hygie_vault::restored_path;
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::t;

/// The part of a sentinel alert's evidence recovery needs.
#[derive(Deserialize)]
struct Evidence {
    damaged: Vec<PathBuf>,
    #[serde(default)]
    planted: Vec<PathBuf>,
}

fn local(instant: jiff::Timestamp) -> String {
    instant
        .to_zoned_datetime(TimeZone::system())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

/// `hygie alerts`.
pub fn alerts(context: &Context, json: bool) -> Outcome {
    let alerts = context.state()?.alerts()?;
    if json {
        for alert in &alerts {
            let evidence: serde_json::Value =
                serde_json::from_str(&alert.evidence).unwrap_or_default();
            let line = serde_json::json!({
                "id": alert.id,
                "source": alert.source,
                "opened": alert.opened.to_string(),
                "since": alert.since.to_string(),
                "summary": alert.summary,
                "restored": alert.restored.map(|r| r.to_string()),
                "evidence": evidence,
            });
            println!("{line}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if alerts.is_empty() {
        println!("{}", t!("alerts-none"));
        return Ok(ExitCode::SUCCESS);
    }
    for alert in &alerts {
        println!(
            "{}",
            t!(
                "alerts-line",
                id = alert.id,
                when = local(alert.opened),
                summary = alert.summary.as_str()
            )
        );
        match alert.restored {
            Some(at) => println!("    {}", t!("alerts-restored", when = local(at))),
            None => println!("    {}", t!("alerts-to-restore", id = alert.id)),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether two files hold the same bytes.
fn same_content(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut left, mut right) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut left)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut right[..n])?;
        if left[..n] != right[..n] {
            return Ok(false);
        }
    }
}

/// Copies `staged` beside `target` then renames it over `target`; checks the result.
fn put_back(staged: &Path, target: &Path) -> std::io::Result<()> {
    let name = target
        .file_name()
        .map(|n| format!(".{}.hygie-restore", n.to_string_lossy()))
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    let temporary = target.with_file_name(name);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(staged, &temporary)?;
    std::fs::File::open(&temporary)?.sync_all()?;
    std::fs::rename(&temporary, target)?;
    if same_content(staged, target)? {
        Ok(())
    } else {
        Err(std::io::Error::other("the restored bytes differ"))
    }
}

/// Moves `path` into `quarantine`, keeping its path below it, as a restore would lay it out.
fn set_aside(path: &Path, quarantine: &Path) -> std::io::Result<PathBuf> {
    let destination = restored_path(quarantine, path);
    if let Some(parent) = destination.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::rename(path, &destination).is_err() {
        // Another file system: copy, then remove.
        std::fs::copy(path, &destination)?;
        std::fs::remove_file(path)?;
    }
    Ok(destination)
}

/// `hygie incident restore ALERT`.
pub fn restore(context: &Context, id: i64) -> Outcome {
    let state = context.state()?;
    let alert = state
        .alert(id)?
        .ok_or_else(|| Failure::setup(t!("incident-no-alert", id = id)))?;
    let evidence: Evidence = serde_json::from_str(&alert.evidence).map_err(|e| {
        Failure::failed(t!("incident-bad-evidence", id = id, cause = e.to_string()))
    })?;
    let journal = context.journal(true)?;
    let vault = context.vault()?;
    let snapshot = vault
        .latest_before(alert.since)?
        .ok_or_else(|| Failure::failed(t!("incident-no-snapshot", when = local(alert.since))))?;
    let protected = &context.config.protect.paths;
    let inside = |path: &Path| protected.iter().any(|root| path.starts_with(root));

    let staging = context.home.root().join(format!("incident-{id}"));
    let _ = std::fs::remove_dir_all(&staging);
    let damaged: Vec<PathBuf> = evidence
        .damaged
        .iter()
        .filter(|p| inside(p))
        .cloned()
        .collect();
    vault.restore(&snapshot.id, &staging, &damaged)?;

    let mut restored = Vec::new();
    let mut missing = Vec::new();
    let mut failed = Vec::new();
    for path in &damaged {
        let staged = restored_path(&staging, path);
        if !staged.is_file() {
            missing.push(path.display().to_string());
            continue;
        }
        match put_back(&staged, path) {
            Ok(()) => restored.push(path.display().to_string()),
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }
    let _ = std::fs::remove_dir_all(&staging);

    let quarantine = context
        .home
        .root()
        .join("quarantine")
        .join(format!("alert-{id}"));
    let mut set_aside_files = Vec::new();
    for path in evidence.planted.iter().filter(|p| inside(p) && p.is_file()) {
        match set_aside(path, &quarantine) {
            Ok(_) => set_aside_files.push(path.display().to_string()),
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }

    let complete = missing.is_empty() && failed.is_empty();
    let summary = t!(
        "event-incident-restored",
        id = id,
        restored = restored.len(),
        aside = set_aside_files.len(),
        missing = missing.len() + failed.len()
    );
    journal.append(
        Event::new(
            Kind::Restore,
            "incident.restored",
            current_person(),
            summary.as_str(),
        )
        .subject(format!("alert-{id}"))
        .outcome(if complete {
            EventOutcome::Success
        } else {
            EventOutcome::Failure
        })
        .detail("snapshot", snapshot.id.clone())
        .detail("restored", restored.clone())
        .detail("set_aside", set_aside_files.clone())
        .detail("not_in_snapshot", missing.clone())
        .detail("failed", failed.clone()),
    )?;
    println!("{summary}");
    println!(
        "{}",
        t!(
            "incident-from-snapshot",
            id = snapshot.short_id(),
            when = local(snapshot.time)
        )
    );
    if !set_aside_files.is_empty() {
        println!("{}", t!("incident-quarantine", path = quarantine.as_path()));
    }
    if complete {
        state.alert_restored(id)?;
        println!("{}", t!("incident-next"));
        return Ok(ExitCode::SUCCESS);
    }
    for line in missing.iter().chain(&failed) {
        println!("  {}", t!("incident-not-restored", file = line.as_str()));
    }
    Err(Failure::failed(t!(
        "incident-incomplete",
        count = missing.len() + failed.len()
    )))
}
