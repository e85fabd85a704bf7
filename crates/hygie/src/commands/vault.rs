//! The vault's commands: `backup`, `snapshots`, `restore`, `check`, `drill`, `vault password`
//! and `vault init`. Each journals what it did, success or failure.

use std::process::ExitCode;

use hygie_journal::{Event, Journal, Kind, Outcome as EventOutcome};
use hygie_vault::{BackupRequest, Place, Vault};
use jiff::tz::TimeZone;

use crate::cli::{BackupArgs, CheckArgs, ForgetArgs, RestoreArgs};
use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::home::Home;
use crate::secrets;
use crate::t;

/// Creates the repository and its password for `home`, whose configuration names `place`.
/// Used by `hygie init` and `hygie vault init`. Returns whether anything was created.
pub fn create_repository(home: &Home, place: &Place) -> Result<bool, Failure> {
    let password_path = home.vault_password();
    let password = if password_path.exists() {
        secrets::read_private(&password_path).map_err(Failure::setup)?
    } else {
        let password = hygie_vault::generate_password()?;
        secrets::write_private(&password_path, format!("{password}\n").as_bytes())
            .map_err(Failure::failed)?;
        zeroize::Zeroizing::new(password)
    };
    let cache = home.cache();
    let (vault, created) = match place.local_folder() {
        Some(folder) if folder.join("config").exists() => {
            // The repository exists: the password must open it.
            (
                Vault::open_at(place, password.trim(), Some(&cache), None)?,
                false,
            )
        }
        Some(_) => (
            Vault::create_at(place, password.trim(), Some(&cache))?,
            true,
        ),
        // On a server, a repository that exists opens; one that does not is created. When
        // neither works, the reason it does not open is the one worth telling.
        None => match Vault::open_at(place, password.trim(), Some(&cache), None) {
            Ok(vault) => (vault, false),
            Err(not_opened) => match Vault::create_at(place, password.trim(), Some(&cache)) {
                Ok(vault) => (vault, true),
                Err(_) => return Err(not_opened.into()),
            },
        },
    };
    let key_path = home.vault_master_key();
    let _ = std::fs::remove_file(&key_path);
    let key = zeroize::Zeroizing::new(vault.master_key()?);
    secrets::write_private(&key_path, key.as_bytes()).map_err(Failure::failed)?;
    Ok(created)
}

fn journal(context: &Context) -> Result<Journal, Failure> {
    context.journal(true)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::failed(t!("json-failed", cause = e.to_string())))?;
    println!("{text}");
    Ok(())
}

/// Journals a failure of `action`, then returns it.
fn journal_failure(journal: &Journal, kind: Kind, action: &str, failure: Failure) -> Failure {
    let event = Event::new(kind, action, current_person(), failure.to_string())
        .outcome(EventOutcome::Failure);
    if let Err(error) = journal.append(event) {
        return Failure::from(error);
    }
    failure
}

/// Sizes for people: "12,3 Mo" / "12.3 MB".
pub fn size(bytes: u64) -> String {
    let units = [
        t!("unit-bytes"),
        t!("unit-kb"),
        t!("unit-mb"),
        t!("unit-gb"),
        t!("unit-tb"),
    ];
    hygie_texts::byte_size(bytes, &units, t!("decimal-comma") == "yes")
}

fn seconds(value: f64) -> String {
    one_decimal(value)
}

/// `value` with one decimal, in the language's notation ("2,5" in French).
fn one_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    if t!("decimal-comma") == "yes" {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Takes a snapshot of `paths` (the protected folders when empty) and journals it, success or
/// failure. While the vault is frozen, the snapshot is tagged `suspect`.
pub fn perform_backup(
    context: &Context,
    journal: &Journal,
    paths: Vec<std::path::PathBuf>,
    excludes: Vec<String>,
) -> Result<hygie_vault::BackupReport, Failure> {
    let paths = if paths.is_empty() {
        context.config.protect.paths.clone()
    } else {
        paths
    };
    if paths.is_empty() {
        return Err(Failure::setup(t!("backup-nothing")));
    }
    let frozen = context.state()?.frozen()?;
    let mut tags = vec!["hygie".to_owned()];
    if frozen.is_some() {
        tags.push("suspect".to_owned());
    }
    let request = BackupRequest {
        paths,
        excludes,
        tags,
    };
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.backup(&request)?))
        .map_err(|failure| journal_failure(journal, Kind::Backup, "backup.failed", failure))?;
    let paths: Vec<String> = request
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut summary = t!(
        "event-backup",
        id = report.snapshot.short_id(),
        files = report.snapshot.files,
        size = size(report.snapshot.bytes)
    );
    if frozen.is_some() {
        summary = format!("{summary} {}", t!("event-backup-suspect"));
    }
    let event = Event::new(Kind::Backup, "backup.finished", current_person(), summary)
        .subject(report.snapshot.id.clone())
        .outcome(EventOutcome::Success)
        .detail("paths", paths)
        .detail("files", report.snapshot.files)
        .detail("bytes", report.snapshot.bytes)
        .detail("files_new", report.files_new)
        .detail("files_changed", report.files_changed)
        .detail("data_added", report.data_added)
        .detail("suspect", frozen.is_some())
        .detail("seconds", report.seconds);
    journal.append(event)?;
    Ok(report)
}

/// `hygie backup`.
pub fn backup(context: &Context, args: BackupArgs) -> Outcome {
    let journal = journal(context)?;
    let report = perform_backup(context, &journal, args.paths, args.exclude)?;
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        t!(
            "backup-done",
            id = report.snapshot.short_id(),
            files = report.snapshot.files,
            size = size(report.snapshot.bytes),
            seconds = seconds(report.seconds)
        )
    );
    println!(
        "{}",
        t!(
            "backup-changes",
            new = report.files_new,
            changed = report.files_changed,
            unchanged = report.files_unmodified,
            added = size(report.data_added_packed)
        )
    );
    if report.snapshot.tags.iter().any(|t| t == "suspect") {
        println!("{}", t!("backup-suspect"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `hygie snapshots`.
pub fn snapshots(context: &Context, json: bool) -> Outcome {
    let snapshots = context.vault()?.snapshots()?;
    if json {
        print_json(&snapshots)?;
        return Ok(ExitCode::SUCCESS);
    }
    if snapshots.is_empty() {
        println!("{}", t!("snapshots-none"));
        return Ok(ExitCode::SUCCESS);
    }
    let zone = TimeZone::system();
    for snapshot in &snapshots {
        let when = snapshot
            .time
            .to_zoned_datetime(zone.clone())
            .strftime("%d/%m/%Y %H:%M");
        println!(
            "{}  {when}  {:>8} {}  {:>10}  {}",
            snapshot.short_id(),
            snapshot.files,
            t!("snapshots-files"),
            size(snapshot.bytes),
            snapshot.paths.join(", ")
        );
    }
    println!("{}", t!("snapshots-count", count = snapshots.len()));
    Ok(ExitCode::SUCCESS)
}

/// `hygie restore`.
pub fn restore(context: &Context, args: RestoreArgs) -> Outcome {
    let journal = journal(context)?;
    let before = args
        .before
        .as_deref()
        .map(|text| {
            super::journal::parse_since(text)
                .ok_or_else(|| Failure::setup(t!("show-bad-since", value = text)))
        })
        .transpose()?;
    let report = context
        .vault()
        .and_then(|vault| {
            Ok(match before {
                Some(instant) => vault.restore_before(instant, &args.include, &args.target)?,
                None => vault.restore(&args.snapshot, &args.target, &args.include)?,
            })
        })
        .map_err(|failure| journal_failure(&journal, Kind::Restore, "restore.failed", failure))?;
    let includes: Vec<String> = args
        .include
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let event = Event::new(
        Kind::Restore,
        "restore.finished",
        current_person(),
        t!(
            "event-restore",
            id = report.snapshot.short_id(),
            files = report.files,
            target = report.target.as_path()
        ),
    )
    .subject(report.snapshot.id.clone())
    .outcome(EventOutcome::Success)
    .detail("target", report.target.display().to_string())
    .detail("include", includes)
    .detail("files", report.files)
    .detail("bytes", report.bytes)
    .detail("seconds", report.seconds);
    journal.append(event)?;
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        t!(
            "restore-done",
            id = report.snapshot.short_id(),
            files = report.files,
            size = size(report.bytes),
            target = report.target.as_path(),
            seconds = seconds(report.seconds)
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `hygie check`.
pub fn check(context: &Context, args: CheckArgs) -> Outcome {
    let journal = journal(context)?;
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.check(args.read_data)?))
        .map_err(|failure| {
            journal_failure(&journal, Kind::Backup, "repository.check_failed", failure)
        })?;
    let outcome = if report.is_ok() {
        EventOutcome::Success
    } else {
        EventOutcome::Failure
    };
    let summary = if report.is_ok() {
        t!(
            "event-check-ok",
            read_data = if args.read_data { "yes" } else { "no" }
        )
    } else {
        t!("event-check-damaged", count = report.errors.len())
    };
    let event = Event::new(
        Kind::Backup,
        "repository.checked",
        current_person(),
        summary,
    )
    .subject(context.config.vault.repository.clone())
    .outcome(outcome)
    .detail("read_data", args.read_data)
    .detail("errors", report.errors.clone())
    .detail("warnings", report.warnings.len());
    journal.append(event)?;
    if args.json {
        print_json(&report)?;
    } else if report.is_ok() {
        let message = if args.read_data {
            t!("check-ok-data", seconds = seconds(report.seconds))
        } else {
            t!("check-ok", seconds = seconds(report.seconds))
        };
        println!("{message}");
        for warning in &report.warnings {
            println!("  - {warning}");
        }
    } else {
        println!("{}", t!("check-damaged", count = report.errors.len()));
        for error in &report.errors {
            println!("  - {error}");
        }
        println!("{}", t!("check-what-next"));
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs a restore drill of the latest snapshot and journals its result; returns the report and
/// the journal entry that proves it.
pub fn perform_drill(
    context: &Context,
    journal: &Journal,
) -> Result<(hygie_vault::DrillReport, u64), Failure> {
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.drill("latest", &context.home.drills())?))
        .map_err(|failure| journal_failure(journal, Kind::Drill, "drill.failed", failure))?;
    let passed = report.passed();
    let mismatches: Vec<String> = report
        .mismatches
        .iter()
        .map(|m| format!("{}: {}", m.path.display(), m.reason))
        .collect();
    let summary = if passed {
        t!(
            "event-drill-passed",
            id = report.snapshot.short_id(),
            files = report.files,
            seconds = seconds(report.restore_seconds)
        )
    } else {
        t!("event-drill-failed", count = report.mismatches.len())
    };
    let event = Event::new(
        Kind::Drill,
        if passed {
            "drill.passed"
        } else {
            "drill.failed"
        },
        current_person(),
        summary,
    )
    .subject(report.snapshot.id.clone())
    .outcome(if passed {
        EventOutcome::Success
    } else {
        EventOutcome::Failure
    })
    .detail("files", report.files)
    .detail("bytes", report.bytes)
    .detail("restore_seconds", report.restore_seconds)
    .detail("verify_seconds", report.verify_seconds)
    .detail("mismatches", mismatches);
    let seq = journal.append(event)?;
    Ok((report, seq))
}

/// `hygie drill`.
pub fn drill(context: &Context, json: bool) -> Outcome {
    let journal = journal(context)?;
    let (report, seq) = perform_drill(context, &journal)?;
    let passed = report.passed();
    if json {
        print_json(&report)?;
    } else if passed {
        println!(
            "{}",
            t!(
                "drill-passed",
                id = report.snapshot.short_id(),
                files = report.files,
                size = size(report.bytes),
                restore = seconds(report.restore_seconds),
                verify = seconds(report.verify_seconds)
            )
        );
        println!("{}", t!("drill-journaled", seq = seq));
    } else {
        println!("{}", t!("drill-failed", count = report.mismatches.len()));
        for mismatch in &report.mismatches {
            println!("  - {}: {}", mismatch.path.display(), mismatch.reason);
        }
        println!("{}", t!("check-what-next"));
    }
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `hygie forget`: time-based retention, refused while the vault is frozen.
pub fn forget(context: &Context, args: ForgetArgs) -> Outcome {
    if let Some(freeze) = context.state()?.frozen()? {
        return Err(Failure::failed(t!(
            "vault-frozen-refuses",
            reason = freeze.reason
        )));
    }
    let policy = context.vault_policy()?;
    let journal = journal(context)?;
    let vault = context
        .vault()
        .map_err(|failure| journal_failure(&journal, Kind::Backup, "forget.failed", failure))?;
    let report = vault
        .forget(&policy.retention, &[], args.dry_run)
        .map_err(|error| journal_failure(&journal, Kind::Backup, "forget.failed", error.into()))?;
    if !args.dry_run {
        let ids: Vec<String> = report.forgotten.iter().map(|s| s.id.clone()).collect();
        journal.append(
            Event::new(
                Kind::Backup,
                "snapshots.forgotten",
                current_person(),
                t!(
                    "event-forgotten",
                    count = report.forgotten.len(),
                    kept = report.kept.len()
                ),
            )
            .outcome(EventOutcome::Success)
            .detail("forgotten", ids),
        )?;
    }
    if args.prune && !args.dry_run {
        perform_prune(Ok(vault), &journal)?;
    }
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let message = if args.dry_run {
        t!(
            "forget-dry-run",
            count = report.forgotten.len(),
            kept = report.kept.len()
        )
    } else {
        t!(
            "forget-done",
            count = report.forgotten.len(),
            kept = report.kept.len()
        )
    };
    println!("{message}");
    for snapshot in &report.forgotten {
        println!("  - {} ({})", snapshot.short_id(), snapshot.time);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prunes the repository `vault` (already opened, or why it could not be) and journals it.
fn perform_prune(vault: Result<Vault, Failure>, journal: &Journal) -> Result<(), Failure> {
    let report = vault
        .and_then(|vault| Ok(vault.prune()?))
        .map_err(|failure| journal_failure(journal, Kind::Backup, "prune.failed", failure))?;
    journal.append(
        Event::new(
            Kind::Backup,
            "repository.pruned",
            current_person(),
            t!("event-pruned"),
        )
        .outcome(EventOutcome::Success)
        .detail("seconds", report.seconds),
    )?;
    println!("{}", t!("prune-done", seconds = seconds(report.seconds)));
    Ok(())
}

/// `hygie prune`, refused while the vault is frozen.
pub fn prune(context: &Context) -> Outcome {
    if let Some(freeze) = context.state()?.frozen()? {
        return Err(Failure::failed(t!(
            "vault-frozen-refuses",
            reason = freeze.reason
        )));
    }
    let journal = journal(context)?;
    perform_prune(context.vault(), &journal)?;
    Ok(ExitCode::SUCCESS)
}

/// Freezes the vault (for a person's command or a sentinel alert), pinning the newest snapshot
/// taken before `clean_before`, and journals it.
pub fn perform_freeze(
    context: &Context,
    journal: &Journal,
    reason: &str,
    clean_before: jiff::Timestamp,
) -> Result<hygie_state::Freeze, Failure> {
    let pinned = context
        .vault()
        .and_then(|vault| Ok(vault.latest_before(clean_before)?))
        .ok()
        .flatten()
        .map(|snapshot| snapshot.id);
    let freeze = context.state()?.freeze(reason, pinned.as_deref())?;
    journal.append(
        Event::new(
            Kind::Incident,
            "vault.frozen",
            current_person(),
            t!("event-frozen", reason = freeze.reason.as_str()),
        )
        .outcome(EventOutcome::Success)
        .detail("pinned", freeze.pinned.clone().unwrap_or_default()),
    )?;
    Ok(freeze)
}

/// `hygie vault freeze`.
pub fn freeze(context: &Context, reason: &str) -> Outcome {
    let journal = journal(context)?;
    let freeze = perform_freeze(context, &journal, reason, jiff::Timestamp::now())?;
    match &freeze.pinned {
        Some(id) => println!("{}", t!("frozen-pinned", id = id.get(..8).unwrap_or(id))),
        None => println!("{}", t!("frozen-nothing-pinned")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `hygie vault unfreeze`.
pub fn unfreeze(context: &Context) -> Outcome {
    let journal = journal(context)?;
    match context.state()?.unfreeze()? {
        Some(freeze) => {
            journal.append(
                Event::new(
                    Kind::Incident,
                    "vault.unfrozen",
                    current_person(),
                    t!("event-unfrozen", reason = freeze.reason.as_str()),
                )
                .outcome(EventOutcome::Success),
            )?;
            println!("{}", t!("unfrozen"));
        }
        None => println!("{}", t!("not-frozen")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `hygie vault password`: printing the secret is journaled, so it is known who saw it.
pub fn password(context: &Context) -> Outcome {
    let path = context.home.vault_password();
    if !path.exists() {
        return Err(Failure::setup(t!(
            "vault-no-password",
            path = path.as_path()
        )));
    }
    let password = secrets::read_private(&path).map_err(Failure::setup)?;
    let journal = journal(context)?;
    journal.append(
        Event::new(
            Kind::Access,
            "vault.password_shown",
            current_person(),
            t!("event-password-shown"),
        )
        .outcome(EventOutcome::Info),
    )?;
    println!("{}", password.trim());
    eprintln!(
        "{}",
        t!(
            "password-hint",
            repository = context.config.vault.repository.as_str()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `hygie vault init`.
pub fn init(context: &Context) -> Outcome {
    let location = &context.config.vault.repository;
    let password_path = context.home.server_password();
    if Place::is_server(location)
        && !password_path.exists()
        && let Ok(password) = std::env::var("HYGIE_SERVER_PASSWORD")
        && !password.trim().is_empty()
    {
        secrets::write_private(&password_path, format!("{}\n", password.trim()).as_bytes())
            .map_err(Failure::failed)?;
    }
    let created = create_repository(&context.home, &context.vault_place()?)?;
    if created {
        journal(context)?.append(
            Event::new(
                Kind::ConfigChange,
                "vault.created",
                current_person(),
                t!("event-vault-created", location = location.as_str()),
            )
            .subject(location.clone())
            .outcome(EventOutcome::Success),
        )?;
        println!("{}", t!("vault-created", location = location.as_str()));
    } else {
        println!("{}", t!("vault-exists", location = location.as_str()));
    }
    Ok(ExitCode::SUCCESS)
}
