//! `hygie`: the one program a medical practice runs to recover from ransomware, detect attacks
//! and prove what happened.
//!
//! This crate is the composition root: it parses the command line, loads the practice's home
//! and wires the engines together. It holds no security logic of its own beyond key files; the
//! engines live in `crates/` and never depend on one another.

// Unsafe code is denied everywhere but in `file_handle`, which calls the kernel where no
// safe wrapper exists and says why each call is sound (the tidy checks keep it that way).
#![deny(unsafe_code)]
#![deny(missing_docs)]

mod cli;
mod commands;
mod config;
mod context;
mod failure;
#[cfg(target_os = "linux")]
mod file_handle;
mod home;
mod i18n;
mod imap_watch;
mod mail_sources;
mod mail_tag;
mod mailer;
mod process;
mod progress;
mod regular_file;
mod secrets;
mod server_witness;
mod shadow;
mod shadow_pace;
mod watch;
#[cfg(target_os = "linux")]
mod writers;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::cli::{
    Cli, Commands, ConsoleCommands, IncidentCommands, JournalCommands, MailCommands,
    SentinelCommands, VaultCommands,
};
use crate::context::Context;
use crate::failure::{Failure, Outcome};
use crate::home::Home;
use crate::i18n::Lang;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = Lang::detect(&args);
    i18n::init(lang);
    let matches = match cli::command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    match run(cli, lang) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{}", t!("error-prefix", message = failure.to_string()));
            failure.exit_code()
        }
    }
}

fn run(cli: Cli, lang: Lang) -> Outcome {
    let home = Home::resolve(cli.home).ok_or_else(|| Failure::setup(t!("home-unknown")))?;
    match cli.command {
        Commands::Init(args) => commands::init::run(home, args, lang),
        Commands::Journal(JournalCommands::CheckProof {
            file,
            key: Some(key),
        }) => commands::journal::check_proof(&file, &key),
        Commands::Up => commands::up::run(Context::load(home)?),
        Commands::Alerts(flag) => commands::incident::alerts(&Context::load(home)?, flag.json),
        Commands::Incident(IncidentCommands::Restore { alert }) => {
            commands::incident::restore(&Context::load(home)?, alert)
        }
        Commands::Incident(IncidentCommands::Purge { alert, unrestored }) => {
            commands::incident::quarantine::purge(&Context::load(home)?, alert, unrestored)
        }
        Commands::Sentinel(SentinelCommands::Watch { paths, json }) => {
            // Explicit folders need no home; with one, alerts are journaled too.
            let context = if home.config().is_file() {
                Some(Context::load(home)?)
            } else {
                None
            };
            commands::sentinel::watch(context.as_ref(), paths, json)
        }
        Commands::Mail(MailCommands::Scan { paths, json }) => {
            // Files need no home; with one, verdicts are journaled too.
            let context = if home.config().is_file() {
                Some(Context::load(home)?)
            } else {
                None
            };
            commands::mail::scan(context.as_ref(), &paths, json)
        }
        Commands::Comply(command) => {
            // Reviews of exported files need no home; with one, they are journaled too.
            let context = if home.config().is_file() {
                Some(Context::load(home)?)
            } else {
                None
            };
            commands::comply::run_on_files(context.as_ref(), command, lang)
        }
        Commands::Console(ConsoleCommands::AddUser { name, role }) => {
            commands::console::add_user(&Context::load(home)?, &name, &role)
        }
        Commands::Console(ConsoleCommands::Users) => {
            commands::console::users(&Context::load(home)?)
        }
        Commands::Mail(MailCommands::Watch) => commands::mail::watch(&Context::load(home)?),
        Commands::Mail(MailCommands::Password) => commands::mail::password(&Context::load(home)?),
        Commands::Status(flag) => {
            // A status is read at a glance: no progress bars.
            let mut context = Context::load(home)?;
            context.progress = false;
            commands::status::run(&context, flag.json)
        }
        Commands::Journal(command) => commands::journal::run(&Context::load(home)?, command),
        Commands::Backup(args) => commands::vault::backup(&Context::load(home)?, args),
        Commands::Snapshots(flag) => commands::vault::snapshots(&Context::load(home)?, flag.json),
        Commands::Restore(args) => commands::vault::restore(&Context::load(home)?, args),
        Commands::Check(args) => commands::vault::check(&Context::load(home)?, args),
        Commands::Drill(flag) => commands::vault::drill(&Context::load(home)?, flag.json),
        Commands::Vault(VaultCommands::Password) => {
            commands::vault::password(&Context::load(home)?)
        }
        Commands::Vault(VaultCommands::Init) => commands::vault::init(&Context::load(home)?),
        Commands::Vault(VaultCommands::Freeze { reason }) => {
            commands::vault::freeze(&Context::load(home)?, &reason)
        }
        Commands::Vault(VaultCommands::Serve(args)) => commands::serve::serve(args),
        Commands::Vault(VaultCommands::Events { data, last, json }) => {
            commands::server_journal::events(&data, last, json)
        }
        Commands::Vault(VaultCommands::AddCredential(args)) => {
            commands::serve::add_credential(args)
        }
        Commands::Vault(VaultCommands::Unfreeze) => {
            commands::vault::unfreeze(&Context::load(home)?)
        }
        Commands::Forget(args) => commands::vault::forget(&Context::load(home)?, args),
        Commands::Prune => commands::vault::prune(&Context::load(home)?),
    }
}

/// Help and version go to standard output with exit code 0; a wrong call prints one line and
/// the way to get help, with exit code 2.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let context = |kind: ContextKind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let message = match error.kind() {
        ErrorKind::UnknownArgument => t!(
            "usage-unknown-argument",
            arg = context(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidSubcommand => {
            t!(
                "usage-unknown-command",
                arg = context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => {
            t!("usage-missing", arg = context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t!(
            "usage-invalid-value",
            arg = context(ContextKind::InvalidArg),
            value = context(ContextKind::InvalidValue)
        ),
        _ => error
            .kind()
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| error.to_string()),
    };
    eprintln!("{}", t!("error-prefix", message = message));
    eprintln!("{}", t!("usage-hint"));
    ExitCode::from(2)
}
