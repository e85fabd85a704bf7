//! `hygie mail scan`: the phishing analyser over files, folders, Maildirs and mbox files.

use std::path::PathBuf;
use std::process::ExitCode;

use hygie_journal::{Event, Kind, Outcome as EventOutcome};
use hygie_mailguard::{Analysis, Context as MailContext, Reason, Verdict};

use crate::context::{Context, current_person};
use crate::failure::{Failure, Outcome};
use crate::i18n::Arg;
use crate::mail_sources::{self, Source};
use crate::t;

/// Counts for the closing line and the journal.
#[derive(Default)]
struct Tally {
    malicious: usize,
    suspicious: usize,
    clean: usize,
    unreadable: usize,
}

/// Analyses every message under `paths` and prints one verdict per message (one JSON object
/// per line with `json`). With a home, dangerous and suspicious verdicts are journaled.
pub fn scan(context: Option<&Context>, paths: &[PathBuf], json: bool) -> Outcome {
    if paths.is_empty() {
        return Err(Failure::setup(t!("mail-scan-nothing")));
    }
    let journal = context.map(|c| c.journal(true)).transpose()?;
    let mut tally = Tally::default();
    let mut journal_error = None;
    let mut visit = |source: Source| {
        let result = source.bytes.and_then(|bytes| {
            hygie_mailguard::analyse(&bytes, &MailContext::default()).map_err(|e| e.to_string())
        });
        match &result {
            Ok(analysis) => match analysis.verdict {
                Verdict::Malicious => tally.malicious += 1,
                Verdict::Suspicious => tally.suspicious += 1,
                Verdict::Clean => tally.clean += 1,
            },
            Err(_) => tally.unreadable += 1,
        }
        if json {
            println!("{}", json_line(&source.name, &result));
        } else {
            print_verdict(&source.name, &result);
        }
        if let (Some(journal), Ok(analysis)) = (&journal, &result)
            && analysis.verdict != Verdict::Clean
            && journal_error.is_none()
            && let Err(error) = journal.append(verdict_event(&source.name, analysis))
        {
            journal_error = Some(error);
        }
    };
    mail_sources::each(paths, &mut visit)
        .map_err(|cause| Failure::setup(t!("mail-scan-missing", cause = cause)))?;
    if !json {
        println!(
            "{}",
            t!(
                "mail-scan-summary",
                total = tally.malicious + tally.suspicious + tally.clean + tally.unreadable,
                malicious = tally.malicious,
                suspicious = tally.suspicious,
                clean = tally.clean,
                unreadable = tally.unreadable
            )
        );
    }
    if let Some(error) = journal_error {
        return Err(error.into());
    }
    Ok(ExitCode::SUCCESS)
}

/// `hygie mail watch`: guards the configured mailbox until Ctrl+C.
pub fn watch(context: &Context) -> Outcome {
    let journal = std::sync::Arc::new(context.journal(true)?);
    let guard = guard(
        context,
        journal,
        std::sync::Arc::new(|line: String| println!("{line}")),
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(e.to_string()))?;
    runtime.block_on(async {
        tokio::select! {
            result = guard.run() => result.map_err(Failure::failed),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The mailbox guard of a home, ready to run; a setup failure when `[mail]` is incomplete.
pub fn guard(
    context: &Context,
    journal: std::sync::Arc<hygie_journal::Journal>,
    say: crate::imap_watch::Say,
) -> Result<crate::imap_watch::Guard, Failure> {
    let settings = crate::imap_watch::Settings::from_config(&context.config.mail)
        .map_err(Failure::setup)?
        .ok_or_else(|| {
            Failure::setup(t!("mail-watch-unconfigured", path = context.home.config()))
        })?;
    let password_path = context.home.imap_password();
    if !password_path.exists() {
        return Err(Failure::setup(t!(
            "mail-watch-no-password",
            path = password_path.as_path()
        )));
    }
    let password = crate::secrets::read_private(&password_path).map_err(Failure::setup)?;
    let password = zeroize::Zeroizing::new(password.trim_end_matches(['\r', '\n']).to_owned());
    Ok(crate::imap_watch::Guard::new(
        settings,
        password,
        Some(journal),
        Some(context.home.state()),
        context.home.mail_watch_state(),
        say,
    ))
}

/// `hygie mail password`: stores the mailbox account's password in the home (0600).
pub fn password(context: &Context) -> Outcome {
    let password = crate::secrets::read_password(&t!("mail-password-prompt"), None)
        .map_err(Failure::failed)?;
    if password.is_empty() {
        return Err(Failure::setup(t!("mail-password-empty")));
    }
    let path = context.home.imap_password();
    let _ = std::fs::remove_file(&path);
    crate::secrets::write_private(&path, password.as_bytes()).map_err(Failure::failed)?;
    println!("{}", t!("mail-password-saved", path = path.as_path()));
    Ok(ExitCode::SUCCESS)
}

/// The verdict as a sentence.
pub fn verdict_text(verdict: Verdict) -> String {
    match verdict {
        Verdict::Malicious => t!("mail-verdict-malicious"),
        Verdict::Suspicious => t!("mail-verdict-suspicious"),
        Verdict::Clean => t!("mail-verdict-clean"),
    }
}

/// One reason as a sentence, from the message file (`mail-reason-<code>`).
pub fn reason_text(reason: &Reason) -> String {
    let args: Vec<(&str, Arg)> = reason
        .facts
        .iter()
        .map(|(name, value)| (*name, Arg::text(crate::mail_tag::printable(value, 120))))
        .collect();
    crate::i18n::messages().format(
        &format!("mail-reason-{}", reason.code.replace('_', "-")),
        &args,
    )
}

fn print_verdict(name: &str, result: &Result<Analysis, String>) {
    let analysis = match result {
        Ok(analysis) => analysis,
        Err(cause) => {
            println!(
                "{}",
                t!(
                    "mail-scan-unreadable",
                    source = name,
                    cause = cause.as_str()
                )
            );
            return;
        }
    };
    println!(
        "{}",
        t!(
            "mail-scan-line",
            source = name,
            verdict = verdict_text(analysis.verdict),
            score = format!("{:.2}", analysis.score),
            subject = crate::mail_tag::printable(&analysis.subject, 200)
        )
    );
    if analysis.verdict == Verdict::Clean {
        return;
    }
    for reason in &analysis.reasons {
        println!("    - {}", reason_text(reason));
    }
    println!("    {}", t!("mail-what-to-do"));
}

fn json_line(name: &str, result: &Result<Analysis, String>) -> serde_json::Value {
    match result {
        Ok(analysis) => serde_json::json!({
            "source": name,
            "verdict": analysis.verdict.code(),
            "score": (analysis.score * 10_000.0).round() / 10_000.0,
            "reasons": analysis.reasons.iter().map(|reason| serde_json::json!({
                "code": reason.code,
                "text": reason_text(reason),
                "weight": (reason.weight * 1_000.0).round() / 1_000.0,
            })).collect::<Vec<_>>(),
            "sender": analysis.sender,
            "subject": analysis.subject,
        }),
        Err(cause) => serde_json::json!({ "source": name, "error": cause }),
    }
}

/// The journal's record of a verdict.
pub fn verdict_event(source: &str, analysis: &Analysis) -> Event {
    let reasons: Vec<String> = analysis.reasons.iter().map(reason_text).collect();
    let codes: Vec<String> = analysis.reasons.iter().map(|r| r.code.to_owned()).collect();
    Event::new(
        Kind::MailVerdict,
        "mail.verdict",
        current_person(),
        t!(
            "mail-journal-verdict",
            verdict = verdict_text(analysis.verdict),
            subject = crate::mail_tag::printable(&analysis.subject, 200),
            sender = analysis.sender.clone().unwrap_or_default()
        )
        .as_str(),
    )
    .subject(source.to_owned())
    .outcome(EventOutcome::Success)
    .detail("verdict", analysis.verdict.code())
    .detail("score", format!("{:.4}", analysis.score))
    .detail("sender", analysis.sender.clone().unwrap_or_default())
    .detail("reasons", reasons)
    .detail("codes", codes)
}

/// What a mail alert says in `hygie alerts`.
pub fn alert_summary(analysis: &Analysis) -> String {
    t!(
        "mail-alert-summary",
        sender = analysis.sender.clone().unwrap_or_default(),
        subject = crate::mail_tag::printable(&analysis.subject, 120)
    )
}

/// The evidence kept with a mail alert: the message, the verdict, its reasons, what was done.
pub fn alert_evidence(source: &str, analysis: &Analysis, action: &str) -> String {
    serde_json::json!({
        "message": source,
        "sender": analysis.sender,
        "subject": analysis.subject,
        "verdict": analysis.verdict.code(),
        "score": analysis.score,
        "reasons": analysis.reasons.iter().map(reason_text).collect::<Vec<_>>(),
        "codes": analysis.reasons.iter().map(|r| r.code).collect::<Vec<_>>(),
        "action": action,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Messages};

    #[test]
    fn every_reason_has_a_sentence_in_both_languages() {
        let mut codes: Vec<&str> = hygie_mailguard::Feature::ALL
            .iter()
            .map(|feature| feature.code())
            .collect();
        codes.extend(["auth_failed", "first_time_sender"]);
        for lang in [Lang::Fr, Lang::En] {
            let messages = Messages::new(lang);
            for code in &codes {
                let id = format!("mail-reason-{}", code.replace('_', "-"));
                assert!(messages.has(&id), "{id} is missing in {lang:?}");
            }
        }
    }
}
