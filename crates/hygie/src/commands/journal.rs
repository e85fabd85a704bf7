//! `hygie journal …`: write a note, read, verify, checkpoint and prove.

use std::path::Path;
use std::process::ExitCode;

use hygie_journal::{
    ActorKind, Entry, Event, Filter, Finding, InclusionProof, Kind, Outcome as EventOutcome, Report,
};
use jiff::{Timestamp, tz::TimeZone};

use crate::cli::JournalCommands;
use crate::context::{Context, current_person, read_verifier};
use crate::failure::{Failure, Outcome, refusal_message};
use crate::t;

/// The longest note accepted, in characters.
const MAX_NOTE_CHARS: usize = 2_000;

/// Runs one `hygie journal` command.
pub fn run(context: &Context, command: JournalCommands) -> Outcome {
    match command {
        JournalCommands::Note { text, subject } => note(context, &text, subject),
        JournalCommands::Show {
            json,
            since,
            kind,
            last,
        } => show(context, json, since.as_deref(), kind.as_deref(), last),
        JournalCommands::Verify { json } => verify(context, json),
        JournalCommands::Checkpoint { json } => checkpoint(context, json),
        JournalCommands::Prove { n, json, out } => prove(context, n, json, out.as_deref()),
        JournalCommands::CheckProof { file, key } => {
            let key = key.unwrap_or_else(|| context.home.journal_public_key());
            check_proof(&file, &key)
        }
    }
}

fn note(context: &Context, text: &str, subject: Option<String>) -> Outcome {
    let text = text.trim();
    if text.is_empty() {
        return Err(Failure::setup(t!("note-empty")));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(Failure::setup(t!("note-too-long", max = MAX_NOTE_CHARS)));
    }
    let journal = context.journal(true)?;
    let mut event =
        Event::new(Kind::Note, "note.added", current_person(), text).outcome(EventOutcome::Info);
    if let Some(subject) = subject {
        event = event.subject(subject);
    }
    let seq = journal.append(event)?;
    println!("{}", t!("note-saved", seq = seq));
    Ok(ExitCode::SUCCESS)
}

fn show(
    context: &Context,
    json: bool,
    since: Option<&str>,
    kind: Option<&str>,
    last: Option<usize>,
) -> Outcome {
    let since = since
        .map(|text| {
            parse_since(text).ok_or_else(|| Failure::setup(t!("show-bad-since", value = text)))
        })
        .transpose()?;
    let kind = kind
        .map(|code| {
            Kind::from_code(code).ok_or_else(|| {
                let codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
                Failure::setup(t!("show-bad-kind", value = code, kinds = codes.join(", ")))
            })
        })
        .transpose()?;
    let journal = context.journal(false)?;
    let entries = journal.entries(&Filter {
        since,
        kind,
        last,
        ..Filter::default()
    })?;
    if json {
        for entry in &entries {
            print_json(entry)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        println!("{}", t!("show-none"));
        return Ok(ExitCode::SUCCESS);
    }
    let zone = TimeZone::system();
    for entry in &entries {
        println!("{}", render_entry(entry, &zone));
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per entry: number, local time, kind, who, and the summary.
pub(crate) fn render_entry(entry: &Entry, zone: &TimeZone) -> String {
    let when = entry
        .at
        .to_zoned_datetime(zone.clone())
        .strftime("%d/%m/%Y %H:%M:%S");
    let who = match entry.event.actor.kind {
        ActorKind::Person => entry.event.actor.id.clone(),
        ActorKind::Program | ActorKind::Remote => format!("[{}]", entry.event.actor.id),
    };
    let subject = entry
        .event
        .subject
        .as_ref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    format!(
        "{:>6}  {when}  {:<17}  {who:<14}  {}{subject}",
        entry.seq,
        kind_label(entry.event.kind),
        entry.event.summary
    )
}

/// A kind of event in the practice's language.
pub(crate) fn kind_label(kind: Kind) -> String {
    match kind {
        Kind::Backup => t!("kind-backup"),
        Kind::Restore => t!("kind-restore"),
        Kind::Drill => t!("kind-drill"),
        Kind::Alert => t!("kind-alert"),
        Kind::Incident => t!("kind-incident"),
        Kind::MailVerdict => t!("kind-mail-verdict"),
        Kind::Access => t!("kind-access"),
        Kind::ConfigChange => t!("kind-config-change"),
        Kind::ComplianceAction => t!("kind-compliance-action"),
        Kind::Note => t!("kind-note"),
        Kind::System => t!("kind-system"),
    }
}

/// `--since`: an RFC 3339 instant, a local date or date and time, or a duration ago (`7d`).
pub fn parse_since(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Some(instant);
    }
    let zone = TimeZone::system();
    if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        return datetime.to_zoned_datetime(zone).ok().map(|z| z.timestamp());
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return date.to_zoned_datetime(zone).ok().map(|z| z.timestamp());
    }
    let ago = crate::config::parse_interval(text)?;
    let ago = jiff::SignedDuration::try_from(ago).ok()?;
    Timestamp::now().checked_sub(ago).ok()
}

/// Prints `value` as one line of JSON.
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string(value)
        .map_err(|e| Failure::failed(t!("json-failed", cause = e.to_string())))?;
    println!("{text}");
    Ok(())
}

fn verify(context: &Context, json: bool) -> Outcome {
    let journal = context.journal(false)?;
    let witness = context.witness()?;
    let report = journal.verify(
        witness
            .as_deref()
            .map(|w| w as &dyn hygie_journal::witness::Witness),
    )?;
    if json {
        print_json(&report)?;
    } else {
        print_report(&report, witness.is_some());
    }
    Ok(if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_report(report: &Report, witnessed: bool) {
    let sentences = report_sentences(report, witnessed);
    let findings = if report.is_intact() {
        0
    } else {
        report.findings.len()
    };
    for (n, sentence) in sentences.iter().enumerate() {
        // The findings sit between the first and the last sentence of a damaged report.
        if n > 0 && n <= findings {
            println!("  - {sentence}");
        } else {
            println!("{sentence}");
        }
    }
}

/// What a verification found, one sentence each: for an intact journal what was checked; for
/// a damaged one where, each finding, and what to do.
pub(crate) fn report_sentences(report: &Report, witnessed: bool) -> Vec<String> {
    let mut sentences = Vec::new();
    if report.is_intact() {
        sentences.push(t!("verify-intact", count = report.entries));
        sentences.push(t!("verify-checkpoints", count = report.checkpoints));
        match report.witness_size {
            Some(size) => sentences.push(t!("verify-witness-ok", count = size)),
            None if !witnessed => sentences.push(t!("verify-no-witness")),
            None => {}
        }
        return sentences;
    }
    sentences.push(match report.first_damaged_entry() {
        Some(seq) => t!("verify-damaged-at", seq = seq),
        None => t!("verify-damaged"),
    });
    sentences.extend(report.findings.iter().map(describe_finding));
    sentences.push(t!("verify-what-next"));
    sentences
}

/// One sentence per finding.
pub fn describe_finding(finding: &Finding) -> String {
    match finding {
        Finding::DatabaseDamaged { detail } => t!("finding-database", detail = detail),
        Finding::EntriesMissing { from, to } if from == to => {
            t!("finding-missing-one", seq = *from)
        }
        Finding::EntriesMissing { from, to } => {
            t!("finding-missing", from = *from, to = *to)
        }
        Finding::EntryMoved { seq, holds } => t!("finding-moved", seq = *seq, holds = *holds),
        Finding::EntryUnreadable { seq, .. } => t!("finding-unreadable", seq = *seq),
        Finding::EntryModified { seq } => t!("finding-modified", seq = *seq),
        Finding::IndexAltered { seq } => t!("finding-index", seq = *seq),
        Finding::HashesAltered { index } => t!("finding-hashes", index = *index),
        Finding::Truncated { size, signed, by } => t!(
            "finding-truncated",
            size = *size,
            signed = *signed,
            by = signer_label(by)
        ),
        Finding::BadSignature { by, detail, .. } => {
            t!("finding-signature", by = signer_label(by), detail = detail)
        }
        Finding::RootMismatch { by, size, from } => t!(
            "finding-root",
            by = signer_label(by),
            size = *size,
            from = *from
        ),
        Finding::WitnessUnreadable { detail } => t!("finding-witness", detail = detail),
    }
}

fn signer_label(by: &str) -> String {
    match by {
        "head" => t!("signer-head"),
        "checkpoint" => t!("signer-checkpoint"),
        "witness" => t!("signer-witness"),
        other => other.to_owned(),
    }
}

fn checkpoint(context: &Context, json: bool) -> Outcome {
    let journal = context.journal(false)?;
    let witness = context.witness()?;
    let stored = match &witness {
        Some(witness) => journal
            .publish(witness.as_ref())
            .map_err(|error| match error {
                hygie_journal::Error::WitnessRefused(refusal) => {
                    Failure::failed(refusal_message(&refusal))
                }
                other => Failure::from(other),
            })?,
        None => journal.checkpoint()?,
    };
    if json {
        print_json(&stored)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", t!("checkpoint-kept", count = stored.size));
    if let Some(witness) = &witness {
        println!("{}", t!("checkpoint-witnessed", path = witness.location()));
    }
    println!();
    print!("{}", stored.note);
    Ok(ExitCode::SUCCESS)
}

fn prove(context: &Context, seq: u64, json: bool, out: Option<&Path>) -> Outcome {
    let journal = context.journal(false)?;
    let proof = journal.prove_inclusion(seq)?;
    let text = serde_json::to_string_pretty(&proof)
        .map_err(|e| Failure::failed(t!("json-failed", cause = e.to_string())))?;
    if let Some(out) = out {
        std::fs::write(out, format!("{text}\n")).map_err(|e| {
            Failure::failed(t!("prove-write-failed", path = out, cause = e.to_string()))
        })?;
    }
    if json {
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        t!(
            "prove-done",
            seq = seq,
            size = proof.tree_size,
            hashes = proof.hashes.len(),
            bytes = proof.path_bytes()
        )
    );
    match out {
        Some(out) => println!("{}", t!("prove-written", path = out)),
        None => println!("{}", t!("prove-hint")),
    }
    Ok(ExitCode::SUCCESS)
}

/// `hygie journal check-proof`: needs no home when the key file is given, so an auditor can run
/// it on any machine.
pub fn check_proof(file: &Path, key: &Path) -> Outcome {
    let verifier = read_verifier(key)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::setup(t!("proof-unreadable", path = file, cause = e.to_string())))?;
    let proof: InclusionProof = serde_json::from_str(&text)
        .map_err(|e| Failure::failed(t!("proof-malformed", path = file, cause = e.to_string())))?;
    match proof.check(&verifier) {
        Ok(checkpoint) => {
            println!(
                "{}",
                t!(
                    "proof-valid",
                    seq = proof.index,
                    size = checkpoint.size,
                    origin = checkpoint.origin
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => Err(Failure::failed(t!(
            "proof-invalid",
            path = file,
            cause = error.to_string()
        ))),
    }
}
