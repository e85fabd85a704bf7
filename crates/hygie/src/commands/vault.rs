//! The vault's commands: `backup`, `snapshots`, `restore`, `check`, `drill`, `vault password`
//! and `vault init`. Each journals what it did, success or failure.

use std::path::Path;
use std::process::ExitCode;

use hygie_journal::{Event, Journal, Kind, Outcome as EventOutcome};
use hygie_vault::{BackupRequest, Vault};
use jiff::tz::TimeZone;

use crate::cli::{BackupArgs, CheckArgs, RestoreArgs};
use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::home::Home;
use crate::secrets;
use crate::t;

/// Creates the repository and its password for `home`, whose configuration names `location`.
/// Used by `hygie init` and `hygie vault init`. Returns whether anything was created.
pub fn create_repository(home: &Home, location: &str) -> Result<bool, Failure> {
    let password_path = home.vault_password();
    let password = if password_path.exists() {
        secrets::read_private(&password_path).map_err(Failure::setup)?
    } else {
        let password = hygie_vault::generate_password()?;
        secrets::write_private(&password_path, format!("{password}\n").as_bytes())
            .map_err(Failure::failed)?;
        zeroize::Zeroizing::new(password)
    };
    let local = Path::new(location);
    if local.join("config").exists() {
        // The repository exists: the password must open it.
        Vault::open(location, password.trim(), Some(&home.cache()))?;
        return Ok(false);
    }
    Vault::create(location, password.trim(), Some(&home.cache()))?;
    Ok(true)
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
fn size(bytes: u64) -> String {
    // Display only; the precision lost above 2^53 bytes does not matter here.
    #[allow(clippy::cast_precision_loss)]
    let value = bytes as f64;
    let (value, unit) = match value {
        v if v >= 1e9 => (v / 1e9, t!("unit-gb")),
        v if v >= 1e6 => (v / 1e6, t!("unit-mb")),
        v if v >= 1e3 => (v / 1e3, t!("unit-kb")),
        v => (v, t!("unit-bytes")),
    };
    if bytes < 1000 {
        return format!("{bytes} {unit}");
    }
    let text = format!("{value:.1}");
    let text = if t!("decimal-comma") == "yes" {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {unit}")
}

fn seconds(value: f64) -> String {
    let text = format!("{value:.1}");
    if t!("decimal-comma") == "yes" {
        text.replace('.', ",")
    } else {
        text
    }
}

/// `hygie backup`.
pub fn backup(context: &Context, args: BackupArgs) -> Outcome {
    let journal = journal(context)?;
    let paths = if args.paths.is_empty() {
        context.config.protect.paths.clone()
    } else {
        args.paths
    };
    if paths.is_empty() {
        return Err(Failure::setup(t!("backup-nothing")));
    }
    let request = BackupRequest {
        paths,
        excludes: args.exclude,
        tags: vec!["hygie".to_owned()],
    };
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.backup(&request)?))
        .map_err(|failure| journal_failure(&journal, Kind::Backup, "backup.failed", failure))?;
    let paths: Vec<String> = request
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let event = Event::new(
        Kind::Backup,
        "backup.finished",
        current_person(),
        t!(
            "event-backup",
            id = report.snapshot.short_id(),
            files = report.snapshot.files,
            size = size(report.snapshot.bytes)
        ),
    )
    .subject(report.snapshot.id.clone())
    .outcome(EventOutcome::Success)
    .detail("paths", paths)
    .detail("files", report.snapshot.files)
    .detail("bytes", report.snapshot.bytes)
    .detail("files_new", report.files_new)
    .detail("files_changed", report.files_changed)
    .detail("data_added", report.data_added)
    .detail("seconds", report.seconds);
    journal.append(event)?;
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
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.restore(&args.snapshot, &args.target, &args.include)?))
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

/// `hygie drill`.
pub fn drill(context: &Context, json: bool) -> Outcome {
    let journal = journal(context)?;
    let report = context
        .vault()
        .and_then(|vault| Ok(vault.drill("latest", &context.home.drills())?))
        .map_err(|failure| journal_failure(&journal, Kind::Drill, "drill.failed", failure))?;
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
    .detail("mismatches", mismatches.clone());
    let seq = journal.append(event)?;
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
        for mismatch in mismatches {
            println!("  - {mismatch}");
        }
        println!("{}", t!("check-what-next"));
    }
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
    let created = create_repository(&context.home, location)?;
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
