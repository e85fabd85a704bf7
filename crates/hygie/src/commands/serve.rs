//! `hygie vault serve` and `hygie vault add-credential`: the append-only repository server, run on
//! another machine than the practice's PC. It needs no practice home: it keeps its own journal
//! in its data folder (see `server_journal`).

use std::path::PathBuf;
use std::process::ExitCode;

use hygie_journal::{Actor, Event, Kind, Outcome as EventOutcome};
use hygie_repo_server::{Credentials, Role, ServerConfig};
use tracing::info;

use crate::cli::{AddCredentialArgs, ServeArgs, ServerRole};
use crate::failure::{Failure, Outcome};
use crate::t;

fn credentials_path(data: &std::path::Path, explicit: Option<PathBuf>) -> PathBuf {
    explicit.unwrap_or_else(|| data.join("credentials.toml"))
}

/// Parses `500G`, `2T`, `750M` or a number of bytes.
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (number, factor) = match text.char_indices().last()? {
        (i, 'K' | 'k') => (&text[..i], 1u64 << 10),
        (i, 'M' | 'm') => (&text[..i], 1 << 20),
        (i, 'G' | 'g') => (&text[..i], 1 << 30),
        (i, 'T' | 't') => (&text[..i], 1 << 40),
        _ => (text, 1),
    };
    number.trim().parse::<u64>().ok()?.checked_mul(factor)
}

/// `hygie vault serve`.
pub fn serve(args: ServeArgs) -> Outcome {
    crate::commands::up::init_logging();
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(certificate), Some(key)) => Some(
            hygie_repo_server::tls_config(certificate, key)
                .map_err(|e| Failure::setup(t!("serve-bad-tls", cause = e.to_string())))?,
        ),
        _ => None,
    };
    if tls.is_none() && !args.listen.ip().is_loopback() {
        return Err(Failure::setup(t!(
            "serve-needs-tls",
            address = args.listen.to_string()
        )));
    }
    if !args.data.is_dir() {
        return Err(Failure::setup(t!(
            "serve-no-data",
            path = args.data.as_path()
        )));
    }
    let quota = args
        .quota
        .as_deref()
        .map(|text| {
            parse_size(text).ok_or_else(|| Failure::setup(t!("serve-bad-quota", value = text)))
        })
        .transpose()?;
    let path = credentials_path(&args.data, args.credentials);
    let credentials = Credentials::load(&path).map_err(|e| {
        Failure::setup(t!(
            "serve-bad-credentials",
            path = path.as_path(),
            cause = e.to_string()
        ))
    })?;
    let journal = super::server_journal::open_or_create(&args.data)?;
    journal.append(
        Event::new(
            Kind::System,
            "server.started",
            Actor::program(format!("hygie-vault-serve[{}]", std::process::id())),
            t!("event-server-started", address = args.listen.to_string()),
        )
        .outcome(EventOutcome::Success)
        .detail("tls", tls.is_some())
        .detail("version", env!("CARGO_PKG_VERSION")),
    )?;
    let (recorder, recorder_thread) = super::server_journal::recorder(journal);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(t!("up-runtime-failed", cause = e.to_string())))?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| {
                Failure::setup(t!(
                    "serve-bind-failed",
                    address = args.listen.to_string(),
                    cause = e.to_string()
                ))
            })?;
        let config = ServerConfig {
            data: args.data.clone(),
            credentials,
            quota,
            recorder: std::sync::Arc::new(recorder),
        };
        info!(
            "{}",
            t!(
                "serve-started",
                address = args.listen.to_string(),
                path = args.data.as_path()
            )
        );
        hygie_repo_server::serve(listener, config, tls, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Failure::failed(t!("serve-failed", cause = e.to_string())))?;
        info!("{}", t!("up-stopped"));
        Ok(ExitCode::SUCCESS)
    });
    drop(runtime);
    recorder_thread.finish();
    served
}

/// `hygie vault add-credential`: the password comes from `HYGIE_SERVER_PASSWORD`, else is
/// generated and printed once.
pub fn add_credential(args: AddCredentialArgs) -> Outcome {
    if !args.data.is_dir() {
        return Err(Failure::setup(t!(
            "serve-no-data",
            path = args.data.as_path()
        )));
    }
    let path = credentials_path(&args.data, args.credentials);
    let (password, generated) = match std::env::var("HYGIE_SERVER_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (hygie_vault::generate_password()?, true),
    };
    let role = match args.role {
        ServerRole::Backup => Role::Backup,
        ServerRole::Admin => Role::Admin,
    };
    Credentials::add(&path, &args.name, role, &password).map_err(|e| {
        Failure::setup(t!(
            "serve-bad-credentials",
            path = path.as_path(),
            cause = e.to_string()
        ))
    })?;
    println!(
        "{}",
        t!(
            "credential-added",
            name = args.name.as_str(),
            path = path.as_path()
        )
    );
    if generated {
        println!("{password}");
        eprintln!(
            "{}",
            t!("credential-password-hint", name = args.name.as_str())
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_read_binary_units() {
        assert_eq!(parse_size("500G"), Some(500 << 30));
        assert_eq!(parse_size("750m"), Some(750 << 20));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("beaucoup"), None);
        assert_eq!(parse_size("99999999999T"), None);
    }
}
