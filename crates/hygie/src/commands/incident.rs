//! `hygie alerts` and `hygie incident restore`: what the detectors saw, and putting back what an
//! attack damaged.
//!
//! A restore takes every damaged file of an alert from the sentinel's newest shadow copy taken
//! before the incident began, else from the newest snapshot finished before it; writes it beside
//! the damaged one and renames it into place (so a crash leaves one or the other, never half of
//! each), keeping what it replaces in the quarantine; checks every byte; puts the attacker's
//! files (unreadable copies, ransom notes) aside in the quarantine; leaves every other file
//! alone; and journals what was and was not put back. Nothing is written or moved through a
//! link ([`in_place`]).

mod in_place;
pub mod quarantine;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hygie_journal::{Event, Kind, Outcome as EventOutcome};
use hygie_vault::restored_path;
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::t;
use in_place::{PutBack, put_back, set_aside};

/// Shadow copies taken this close to the incident's start are not used.
const SHADOW_MARGIN: jiff::SignedDuration = jiff::SignedDuration::from_secs(1);

/// The part of a sentinel alert's evidence recovery needs.
#[derive(Deserialize)]
struct Evidence {
    damaged: Vec<PathBuf>,
    #[serde(default)]
    planted: Vec<PathBuf>,
    #[serde(default)]
    touched: Vec<PathBuf>,
    #[serde(default)]
    created: Vec<PathBuf>,
    #[serde(default)]
    scope: Option<ScopeTag>,
    /// The incident's start on the sentinel's clock (milliseconds): the origin of the times
    /// in `damaged_since`.
    #[serde(default)]
    since: Option<u64>,
    /// In the site's alert, when each damaged file's own damage began, on the same clock.
    #[serde(default)]
    damaged_since: BTreeMap<PathBuf, u64>,
}

/// Where the alert's indicators added up.
#[derive(Deserialize)]
struct ScopeTag {
    scope: String,
}

impl Evidence {
    /// Whether `touched` holds only the attacker's own changes: a process tree's or a Samba
    /// session's. The whole site's (or an unknown author's) also holds everybody else's.
    fn touched_by_attacker_only(&self) -> bool {
        self.scope
            .as_ref()
            .is_some_and(|tag| tag.scope == "process_tree" || tag.scope == "smb")
    }

    /// When the damage of `path` began, for an incident that began at `incident`: a file is put
    /// back as it was before. A process tree's or a Samba session's incident began with the
    /// attacker's first change, before all of its files; the whole site's with its first
    /// indicator, maybe anybody's and hours before the attack, so each file damaged there has
    /// its own start — what was saved between stays in place.
    fn damage_began(&self, path: &Path, incident: jiff::Timestamp) -> jiff::Timestamp {
        if self.touched_by_attacker_only() {
            return incident;
        }
        let (Some(origin), Some(&began)) = (self.since, self.damaged_since.get(path)) else {
            return incident;
        };
        // Never before the incident's start: the writer a change is credited to may be wrong
        // (a copy written more than a minute before it was renamed over a file is credited to
        // the file's last writer), and the file would go back to before that writer's work —
        // or, with no copy that old, not at all.
        // An attacker's first change that showed nothing, before the first indicator, is
        // then put back with the file.
        let offset = i64::try_from(began.saturating_sub(origin)).unwrap_or(0);
        incident
            .checked_add(jiff::SignedDuration::from_millis(offset))
            .unwrap_or(incident)
    }

    /// The files to put aside: those that look planted (unreadable copies, ransom notes) and,
    /// when `created` holds only the attacker's own, every file it created.
    fn attacker_files(&self) -> Vec<PathBuf> {
        let mut files = self.planted.clone();
        if self.touched_by_attacker_only() {
            files.extend(
                self.created
                    .iter()
                    .filter(|p| !self.planted.contains(p))
                    .cloned(),
            );
        }
        files
    }

    /// The files to put back beside the damaged ones: those the attacker touched that existed
    /// before (all of them when `touched` is the attacker's own; otherwise only those now
    /// missing, which nobody's ordinary work explains better than the attack).
    fn also_touched(&self) -> Vec<PathBuf> {
        let attacker_only = self.touched_by_attacker_only();
        self.touched
            .iter()
            .filter(|p| !self.damaged.contains(p))
            .filter(|p| !self.created.contains(p) && !self.planted.contains(p))
            .filter(|p| attacker_only || !p.exists())
            .cloned()
            .collect()
    }
}

fn local(instant: jiff::Timestamp) -> String {
    instant
        .to_zoned_datetime(TimeZone::system())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

/// What an alert's evidence says, one sentence each, for a person: who acted, since when,
/// which files (the first ten), for a message who sent it and why it is dangerous.
pub fn evidence_sentences(alert: &hygie_state::StoredAlert) -> Vec<String> {
    const LISTED: usize = 10;
    let evidence: serde_json::Value = serde_json::from_str(&alert.evidence).unwrap_or_default();
    let text = |key: &str| evidence[key].as_str().unwrap_or("").to_owned();
    let list = |key: &str| -> Vec<String> {
        evidence[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut sentences = Vec::new();
    if alert.source == "mail" {
        sentences.push(t!("evidence-mail-from", sender = text("sender")));
        sentences.push(t!("evidence-mail-subject", subject = text("subject")));
        sentences.extend(list("reasons"));
        let action = match text("action").as_str() {
            "tagged" | "tag" => t!("evidence-mail-tagged"),
            "quarantined" | "quarantine" => t!("evidence-mail-quarantined"),
            "none" => t!("evidence-mail-left"),
            other => other.to_owned(),
        };
        sentences.push(t!("evidence-mail-action", action = action));
        return sentences;
    }
    sentences.push(t!("evidence-since", when = local(alert.since)));
    for actor in evidence["actors"].as_array().into_iter().flatten() {
        let field = |key: &str| actor[key].as_str().unwrap_or("?").to_owned();
        sentences.push(match actor["kind"].as_str() {
            Some("process") => t!(
                "evidence-process",
                exe = field("exe"),
                pid = actor["pid"].as_u64().unwrap_or(0)
            ),
            Some("smb_session") => {
                t!(
                    "evidence-smb",
                    user = field("user"),
                    client = field("client")
                )
            }
            _ => t!("evidence-unknown-actor"),
        });
    }
    let damaged = list("damaged");
    sentences.push(t!("evidence-damaged", count = damaged.len()));
    sentences.extend(damaged.iter().take(LISTED).map(|path| format!("  {path}")));
    if damaged.len() > LISTED {
        sentences.push(t!("evidence-more", count = damaged.len() - LISTED));
    }
    let planted = list("planted");
    if !planted.is_empty() {
        sentences.push(t!("evidence-planted", count = planted.len()));
        sentences.extend(planted.iter().take(LISTED).map(|path| format!("  {path}")));
    }
    sentences
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
        match (alert.source.as_str(), alert.restored) {
            ("mail", _) => println!("    {}", t!("alerts-mail-next", id = alert.id)),
            (_, Some(at)) => println!("    {}", t!("alerts-restored", when = local(at))),
            (_, None) => println!("    {}", t!("alerts-to-restore", id = alert.id)),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What putting an incident's files back did, in sentences for a person.
pub struct Repair {
    /// What was done, in order; the files not restored last.
    pub sentences: Vec<String>,
    /// Files that could not be put back, or only from older bytes than the newest copy.
    pub not_restored: usize,
    /// Everything put back from the newest bytes known: the alert is marked restored.
    pub complete: bool,
}

/// `hygie incident restore ALERT`.
pub fn restore(context: &Context, id: i64) -> Outcome {
    let repair = repair(context, id, current_person())?;
    for sentence in &repair.sentences {
        println!("{sentence}");
    }
    if repair.complete {
        Ok(ExitCode::SUCCESS)
    } else if repair.not_restored == 0 {
        Err(Failure::failed(t!("incident-index-unreadable")))
    } else {
        Err(Failure::failed(t!(
            "incident-incomplete",
            count = repair.not_restored
        )))
    }
}

/// A file's shadow copy taken out of its pack for a restore.
struct TakenOut {
    copy: PathBuf,
    /// When the copy was taken.
    taken: jiff::Timestamp,
    /// The owner and group the file had when the copy was taken, if known.
    owner: Option<(u32, u32)>,
}

/// The shadow copies from before an incident that the sentinel's store dropped for lack of
/// room (journaled by the sentinel as it dropped them).
#[derive(Debug, Default)]
struct DroppedCopies {
    /// Each file named (as displayed, by the name it had when copied), with the times of its
    /// copies dropped.
    files: std::collections::HashMap<String, Vec<jiff::Timestamp>>,
    /// Files whose copies were dropped without being named.
    not_listed: u64,
    /// Packs of copies dropped whose list could not be read.
    unreadable: u64,
}

impl DroppedCopies {
    /// The newest copy dropped of a file known by `names`, taken after `used` (the version
    /// put back, if any) and before `before`.
    fn newer_than_used(
        &self,
        names: &[PathBuf],
        used: Option<jiff::Timestamp>,
        before: jiff::Timestamp,
    ) -> Option<jiff::Timestamp> {
        names
            .iter()
            .filter_map(|name| self.files.get(&name.display().to_string()))
            .flatten()
            .copied()
            .filter(|&taken| taken < before && used.is_none_or(|used| used < taken))
            .max()
    }
}

/// What the journal says was dropped since `since` ([`crate::shadow::DROPPED_HELD_ACTION`]).
fn dropped_copies(
    journal: &hygie_journal::Journal,
    since: jiff::Timestamp,
) -> Result<DroppedCopies, Failure> {
    let entries = journal.entries(&hygie_journal::Filter {
        since: Some(since),
        kind: Some(Kind::Incident),
        containing: Some(crate::shadow::DROPPED_HELD_ACTION.to_owned()),
        ..hygie_journal::Filter::default()
    })?;
    let mut dropped = DroppedCopies::default();
    for entry in entries
        .iter()
        .filter(|e| e.event.action == crate::shadow::DROPPED_HELD_ACTION)
    {
        let details = &entry.event.details;
        let count = |key: &str| {
            details
                .get(key)
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0)
        };
        dropped.not_listed += count("files_not_listed");
        dropped.unreadable += count("packs_unreadable");
        let files = details.get("files").and_then(serde_json::Value::as_array);
        for file in files.into_iter().flatten() {
            let Some(path) = file.get("path").and_then(serde_json::Value::as_str) else {
                continue;
            };
            let taken = file.get("taken").and_then(serde_json::Value::as_array);
            let times = taken
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .filter_map(|t| t.parse::<jiff::Timestamp>().ok());
            dropped
                .files
                .entry(path.to_owned())
                .or_default()
                .extend(times);
        }
    }
    Ok(dropped)
}

/// Puts back every file the attacker of alert `id` touched, for `person` (the CLI's user, or
/// someone signed in to the console); journaled.
pub fn repair(context: &Context, id: i64, person: hygie_journal::Actor) -> Result<Repair, Failure> {
    let state = context.state()?;
    let alert = state
        .alert(id)?
        .ok_or_else(|| Failure::setup(t!("incident-no-alert", id = id)))?;
    if alert.source != "sentinel" {
        return Err(Failure::setup(t!("incident-nothing-to-restore", id = id)));
    }
    let evidence: Evidence = serde_json::from_str(&alert.evidence).map_err(|e| {
        Failure::failed(t!("incident-bad-evidence", id = id, cause = e.to_string()))
    })?;
    let journal = context.journal(true)?;
    // The newest snapshot finished before the incident began. Without one (none yet, or the
    // vault out of reach), the shadow copies alone are used, and that is said.
    let vault = context.vault();
    let (snapshot, no_snapshot) =
        match vault
            .as_ref()
            .map_err(ToString::to_string)
            .and_then(|vault| {
                vault
                    .latest_before(alert.since)
                    .map_err(|e| Failure::from(e).to_string())
            }) {
            Ok(Some(snapshot)) => (Some(snapshot), None),
            Ok(None) => (
                None,
                Some(t!("incident-no-snapshot", when = local(alert.since))),
            ),
            Err(cause) => (
                None,
                Some(t!("incident-vault-unreachable", cause = cause.as_str())),
            ),
        };
    let protected = &context.config.protect.paths;
    // The protected folder holding `path` (the innermost one): everything written or moved is
    // reached from it without following a link.
    let root_of = |path: &Path| -> std::io::Result<&Path> {
        protected
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count())
            .map(PathBuf::as_path)
            .ok_or_else(|| std::io::Error::other("outside the protected folders"))
    };
    let inside = |path: &Path| root_of(path).is_ok();

    // The shadow store's index, read before anything is written (what cannot be read makes
    // the restore incomplete, and is said).
    let catalogue = crate::shadow::Catalogue::read(&context.home.shadows());
    let staging = context.home.root().join(format!("incident-{id}"));
    let _ = std::fs::remove_dir_all(&staging);
    let damaged: Vec<PathBuf> = evidence
        .damaged
        .iter()
        .filter(|p| inside(p))
        .cloned()
        .collect();
    let touched: Vec<PathBuf> = evidence
        .also_touched()
        .into_iter()
        .filter(|p| inside(p))
        .collect();
    let candidates: Vec<PathBuf> = evidence
        .attacker_files()
        .into_iter()
        .filter(|p| inside(p) && !damaged.contains(p))
        .collect();
    // The source of each file: the newest shadow copy taken after the snapshot and before the
    // incident began (it holds the changes the snapshot missed), else the snapshot. The
    // incident's start is known to the millisecond, from when the change was noticed: copies
    // (and renames) from the last second before it are not trusted.
    let trusted_before = alert
        .since
        .checked_sub(SHADOW_MARGIN)
        .unwrap_or(alert.since);
    // A file renamed since the snapshot (or in a folder renamed since) is in it under one of
    // its former names, which the sentinel recorded: each name is asked for, and the newest
    // one the snapshot holds is used.
    let names_in_snapshot = |path: &Path| -> Vec<PathBuf> {
        snapshot.as_ref().map_or_else(
            || vec![path.to_path_buf()],
            |s| catalogue.names_since(path, s.time, trusted_before),
        )
    };
    let in_snapshot = |path: &Path| -> PathBuf {
        names_in_snapshot(path)
            .iter()
            .map(|name| restored_path(&staging, name))
            .find(|restored| restored.is_file())
            .unwrap_or_else(|| restored_path(&staging, path))
    };
    if let (Some(snapshot), Ok(vault)) = (&snapshot, &vault) {
        let mut asked = std::collections::HashSet::new();
        let wanted: Vec<PathBuf> = damaged
            .iter()
            .chain(&touched)
            .chain(&candidates)
            .flat_map(|path| names_in_snapshot(path))
            .filter(|name| asked.insert(name.clone()))
            .collect();
        vault.restore(&snapshot.id, &staging, &wanted)?;
    }
    // A file "created" by the attacker under a name the snapshot or a copy from before the
    // incident holds replaced an original (a copy renamed over it): it is put back, never put
    // aside.
    let (replaced, aside): (Vec<PathBuf>, Vec<PathBuf>) = candidates.into_iter().partition(|p| {
        in_snapshot(p).is_file()
            || !catalogue
                .versions_before(p, trusted_before, trusted_before)
                .is_empty()
    });
    let mut touched = touched;
    for path in replaced {
        if !touched.contains(&path) {
            touched.push(path);
        }
    }
    // Said and journaled, but not counted as files left unrestored.
    let mut warnings: Vec<String> = no_snapshot
        .into_iter()
        .chain(
            catalogue
                .unreadable
                .iter()
                .map(|problem| t!("incident-shadows-unreadable", cause = problem.as_str())),
        )
        .collect();
    // Every shadow version needed is taken out of its pack before the first file is put back:
    // each file put back is a change the running sentinel keeps, which may evict old packs.
    let extracted = context.home.root().join(format!("incident-{id}-shadows"));
    let _ = std::fs::remove_dir_all(&extracted);
    let mut shadow_copies: std::collections::HashMap<&Path, TakenOut> =
        std::collections::HashMap::new();
    // Files whose newest copy could not be taken out for a reason of the home's (full, not
    // writable): put back from older bytes, they make the restore incomplete.
    let mut shadow_failures: std::collections::HashMap<&Path, String> =
        std::collections::HashMap::new();
    let renames_before = trusted_before;
    for (n, path) in damaged.iter().chain(&touched).enumerate() {
        let copy = extracted.join(n.to_string());
        let began = evidence.damage_began(path, alert.since);
        let trusted_before = began.checked_sub(SHADOW_MARGIN).unwrap_or(began);
        // Newest first; a damaged one (a power cut took its bytes) gives way to the one
        // before it, which still holds more than the snapshot, and is said. Renames are
        // followed only from before the incident: the attacker's are not.
        let versions = catalogue
            .versions_before(path, trusted_before, renames_before)
            .into_iter()
            .filter(|version| snapshot.as_ref().is_none_or(|s| version.taken > s.time));
        for version in versions {
            match crate::shadow::make_private_folder(&extracted)
                .and_then(|()| version.extract(&copy))
            {
                Ok(()) => {
                    shadow_copies.insert(
                        path.as_path(),
                        TakenOut {
                            copy,
                            taken: version.taken,
                            owner: version.owner,
                        },
                    );
                    break;
                }
                Err(e) => {
                    warnings.push(t!(
                        "incident-shadow-copy-unreadable",
                        path = path.as_path(),
                        cause = e.to_string()
                    ));
                    // Only a damaged or vanished copy gives way to an older one: a problem of
                    // the home (full, not writable) would fail them all alike.
                    let damaged = matches!(
                        e.kind(),
                        std::io::ErrorKind::InvalidData
                            | std::io::ErrorKind::UnexpectedEof
                            | std::io::ErrorKind::NotFound
                    );
                    if !damaged {
                        shadow_failures.insert(path.as_path(), e.to_string());
                        break;
                    }
                }
            }
        }
    }
    let quarantine = quarantine::set_aside_folder(context.home.root(), id);
    // What the restore replaces is kept, in case it held work done since (and to leave the
    // attacker's encrypted versions to whoever investigates).
    let replaced_kept_in = quarantine::replaced_folder(context.home.root(), id);
    let dropped = dropped_copies(&journal, alert.since)?;
    if dropped.not_listed > 0 {
        warnings.push(t!(
            "incident-held-copies-unlisted",
            count = dropped.not_listed
        ));
    }
    if dropped.unreadable > 0 {
        warnings.push(t!("incident-held-copies-unknown"));
    }
    let mut restored = Vec::new();
    let mut from_shadows = 0usize;
    let mut missing = Vec::new();
    let mut failed = Vec::new();
    let mut older_only = Vec::new();
    let mut replaced_kept = Vec::new();
    for (path, known_damaged) in damaged
        .iter()
        .map(|p| (p, true))
        .chain(touched.iter().map(|p| (p, false)))
    {
        let shadow = shadow_copies.get(path.as_path());
        let source = shadow.map_or_else(|| in_snapshot(path), |taken| taken.copy.clone());
        if !source.is_file() {
            if let Some(cause) = shadow_failures.get(path.as_path()) {
                // A copy exists that could not be taken out: not new since, not lost either.
                failed.push(format!("{}: {cause}", path.display()));
            } else if known_damaged || (snapshot.is_none() && path.symlink_metadata().is_err()) {
                // Damaged but in no copy: lost. Touched but in no copy: new since the
                // snapshot, left alone — unless there is no snapshot to say so and it is gone.
                missing.push(path.display().to_string());
            }
            continue;
        }
        // A file comes back with the owner it had when its copy was taken (the attacker may
        // have put its own copy, of its own owner, in place): the shadow copy's, else the
        // snapshot's.
        let recorded = match shadow {
            Some(taken) => taken.owner,
            None => source
                .symlink_metadata()
                .ok()
                .as_ref()
                .and_then(crate::shadow::owner_of),
        };
        let put = root_of(path)
            .and_then(|root| put_back(&source, recorded, path, root, &replaced_kept_in));
        match put {
            // Touched, and as it was: left alone.
            Ok(PutBack::AlreadyThere) if !known_damaged => continue,
            Ok(PutBack::AlreadyThere) => {}
            Ok(PutBack::Done { kept }) => replaced_kept.extend(kept),
            Err(e) => {
                failed.push(format!("{}: {e}", path.display()));
                continue;
            }
        }
        restored.push(path.display().to_string());
        from_shadows += usize::from(shadow.is_some());
        // A newer copy from before the incident was dropped for lack of room (under this
        // name or a former one): put back older.
        if !dropped.files.is_empty() {
            let used = shadow
                .map(|taken| taken.taken)
                .or(snapshot.as_ref().map(|s| s.time));
            let began = evidence.damage_began(path, alert.since);
            let trusted_before = began.checked_sub(SHADOW_MARGIN).unwrap_or(began);
            let names = catalogue.names_since(path, jiff::Timestamp::MIN, renames_before);
            if let Some(lost) = dropped.newer_than_used(&names, used, trusted_before) {
                warnings.push(t!(
                    "incident-held-copy-dropped",
                    file = path.as_path(),
                    when = local(lost)
                ));
            }
        }
        if let Some(cause) = shadow_failures.get(path.as_path()) {
            older_only.push(t!(
                "incident-older-only",
                file = path.as_path(),
                cause = cause.as_str()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_dir_all(&extracted);

    let mut set_aside_files = Vec::new();
    for path in &aside {
        match root_of(path).and_then(|root| set_aside(path, root, &quarantine)) {
            Ok(_) => set_aside_files.push(path.display().to_string()),
            // Gone already.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }

    // An unreadable index may hide newer copies than those used: not complete either.
    let complete = missing.is_empty()
        && failed.is_empty()
        && older_only.is_empty()
        && catalogue.unreadable.is_empty();
    let not_restored = missing.len() + failed.len() + older_only.len();
    let summary = t!(
        "event-incident-restored",
        id = id,
        restored = restored.len(),
        aside = set_aside_files.len(),
        missing = not_restored
    );
    journal.append(
        Event::new(Kind::Restore, "incident.restored", person, summary.as_str())
            .subject(format!("alert-{id}"))
            .outcome(if complete {
                EventOutcome::Success
            } else {
                EventOutcome::Failure
            })
            .detail(
                "snapshot",
                snapshot.as_ref().map(|s| s.id.clone()).unwrap_or_default(),
            )
            .detail("from_shadow_copies", from_shadows)
            .detail("restored", restored.clone())
            .detail("set_aside", set_aside_files.clone())
            .detail("not_in_snapshot", missing.clone())
            .detail("failed", failed.clone())
            .detail("from_older_copies_only", older_only.clone())
            .detail(
                "replaced_kept",
                replaced_kept
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>(),
            )
            .detail("warnings", warnings.clone()),
    )?;
    let mut sentences = vec![summary];
    sentences.extend(
        warnings
            .iter()
            .map(|warning| format!("  {}", t!("incident-warning", text = warning.as_str()))),
    );
    if let Some(snapshot) = snapshot.as_ref().filter(|_| restored.len() > from_shadows) {
        sentences.push(t!(
            "incident-from-snapshot",
            id = snapshot.short_id(),
            when = local(snapshot.time)
        ));
    }
    if from_shadows > 0 {
        sentences.push(t!("incident-from-shadows", count = from_shadows));
    }
    if !set_aside_files.is_empty() {
        sentences.push(t!("incident-quarantine", path = quarantine.as_path()));
    }
    if !replaced_kept.is_empty() {
        sentences.push(t!(
            "incident-replaced-kept",
            count = replaced_kept.len(),
            path = replaced_kept_in.as_path()
        ));
    }
    if complete {
        state.alert_restored(id)?;
        sentences.push(t!("incident-next"));
    }
    for line in missing.iter().chain(&failed) {
        sentences.push(format!(
            "  {}",
            t!("incident-not-restored", file = line.as_str())
        ));
    }
    sentences.extend(older_only.iter().map(|line| format!("  {line}")));
    if !complete && not_restored == 0 {
        // Every file put back, but part of the copies' index could not be read (said above).
        sentences.push(t!("incident-index-unreadable"));
    }
    Ok(Repair {
        sentences,
        not_restored,
        complete,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(source: &str, evidence: serde_json::Value) -> hygie_state::StoredAlert {
        hygie_state::StoredAlert {
            id: 3,
            source: source.into(),
            opened: jiff::Timestamp::UNIX_EPOCH,
            since: jiff::Timestamp::UNIX_EPOCH,
            summary: String::new(),
            evidence: evidence.to_string(),
            restored: None,
        }
    }

    #[test]
    fn in_the_sites_alert_each_damaged_file_is_dated_from_its_own_damage() {
        let incident: jiff::Timestamp = "2026-11-30T08:00:00Z".parse().unwrap();
        let evidence = |scope: &str| -> Evidence {
            serde_json::from_value(serde_json::json!({
                "scope": {"scope": scope},
                "since": 1_000,
                "damaged": ["/srv/d/a.pdf", "/srv/d/b.pdf"],
                "damaged_since": {"/srv/d/a.pdf": 18_001_000u64, "/srv/d/c.pdf": 400},
            }))
            .unwrap()
        };
        let site = evidence("site");
        // Five hours after the site's first indicator, not before it.
        assert_eq!(
            site.damage_began(Path::new("/srv/d/a.pdf"), incident),
            "2026-11-30T13:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        // A file without a date of its own, and any file of an attacker's own scope, are put
        // back as they were before the incident began.
        assert_eq!(
            site.damage_began(Path::new("/srv/d/b.pdf"), incident),
            incident
        );
        // Never before the site's first indicator.
        assert_eq!(
            site.damage_began(Path::new("/srv/d/c.pdf"), incident),
            incident
        );
        let tree = evidence("process_tree");
        assert_eq!(
            tree.damage_began(Path::new("/srv/d/a.pdf"), incident),
            incident
        );
        // Evidence kept before these dates existed reads as before.
        let old: Evidence = serde_json::from_value(serde_json::json!({"damaged": []})).unwrap();
        assert_eq!(
            old.damage_began(Path::new("/srv/d/a.pdf"), incident),
            incident
        );
    }

    #[test]
    fn a_sentinel_alert_says_who_acted_and_lists_the_first_files() {
        let damaged: Vec<String> = (0..12).map(|n| format!("/srv/d/{n}.pdf")).collect();
        let sentences = evidence_sentences(&alert(
            "sentinel",
            serde_json::json!({
                "actors": [
                    {"kind": "process", "pid": 4242, "tree": 4240, "exe": "/tmp/chiffreur"},
                    {"kind": "smb_session", "user": "accueil", "client": "192.168.1.31"},
                ],
                "damaged": damaged,
                "planted": ["/srv/d/LISEZ-MOI.txt"],
            }),
        ));
        let text = sentences.join("\n");
        assert!(text.contains("/tmp/chiffreur (processus 4242)"), "{text}");
        assert!(
            text.contains("compte accueil, depuis le poste 192.168.1.31"),
            "{text}"
        );
        assert!(text.contains("12 fichiers abîmés") && text.contains("  /srv/d/9.pdf"));
        assert!(!text.contains("/srv/d/10.pdf") && text.contains("… et 2 autres."));
        assert!(text.contains("  /srv/d/LISEZ-MOI.txt"));
        // Evidence that is not JSON still gives sentences, never a panic.
        let broken = alert("sentinel", serde_json::Value::Null);
        assert!(!evidence_sentences(&broken).is_empty());
    }
}
