//! `hygie init`: set up a practice's home.
//!
//! Everything is built in a staging folder beside the home and moved into place at the end, so
//! a failure part-way leaves nothing behind and an existing home is never touched.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hygie_journal::{Event, Journal, Kind, Outcome as EventOutcome, SigningKey, VerifierKey};
use hygie_state::{Practice, State};
use jiff::Timestamp;
use rand_core::{OsRng, RngCore};

use crate::cli::InitArgs;
use crate::config::Template;
use crate::context::current_person;
use crate::failure::{Failure, Outcome};
use crate::home::Home;
use crate::i18n::Lang;
use crate::secrets;
use crate::t;

/// Runs `hygie init`.
pub fn run(home: Home, args: InitArgs, lang: Lang) -> Outcome {
    let practice = args.practice.trim().to_owned();
    if practice.is_empty() {
        return Err(Failure::setup(t!("init-empty-name")));
    }
    if home.config().exists() {
        return Err(Failure::setup(t!("init-already", path = home.root())));
    }
    if home.root().exists() && !is_empty_dir(home.root()) {
        return Err(Failure::setup(t!("init-not-empty", path = home.root())));
    }
    let protect = args
        .protect
        .iter()
        .map(|path| absolute_existing_dir(path))
        .collect::<Result<Vec<_>, _>>()?;
    let witness = args
        .witness
        .as_deref()
        .map(|witness| {
            if hygie_vault::Place::is_server(witness) {
                Ok(witness.to_owned())
            } else {
                absolute(Path::new(witness)).map(|dir| dir.display().to_string())
            }
        })
        .transpose()?;
    let server_ca = args.server_ca.as_deref().map(absolute).transpose()?;
    let server_password = server_password_for(args.repo.as_deref(), witness.as_deref())?;
    let passphrase = if args.passphrase {
        Some(ask_new_passphrase()?)
    } else {
        None
    };

    let parent = absolute(home.root())?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| Failure::setup(t!("init-no-parent", path = home.root())))?;
    std::fs::create_dir_all(&parent).map_err(|e| {
        Failure::setup(t!(
            "init-create-failed",
            path = parent.as_path(),
            cause = e.to_string()
        ))
    })?;
    let final_root = absolute(home.root())?;
    let staging = parent.join(format!(".hygie-init-{}", std::process::id()));
    let staged = Home::at(staging.clone());
    let plan = Plan {
        final_root: &final_root,
        practice: &practice,
        protect: &protect,
        repository: args.repo.as_deref(),
        server_ca: server_ca.as_deref(),
        server_password: server_password.as_deref().map(String::as_str),
        witness: witness.as_deref(),
        passphrase: passphrase.as_deref().map(String::as_str),
        lang,
    };
    let result = build(&staged, &plan);
    let origin = match result {
        Ok(origin) => origin,
        Err(failure) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(failure);
        }
    };
    if final_root.exists() {
        // An empty folder the person made beforehand: replaced by the staged one.
        let _ = std::fs::remove_dir(&final_root);
    }
    if let Err(e) = std::fs::rename(&staging, &final_root) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Failure::failed(t!(
            "init-create-failed",
            path = final_root.as_path(),
            cause = e.to_string()
        )));
    }
    let home = Home::at(final_root);
    if let Some(location) = args.repo.as_deref() {
        let created = crate::context::Context::load(Home::at(home.root().to_path_buf()))
            .and_then(|context| super::vault::create_repository(&home, &context.vault_place()?));
        match created {
            Ok(_) => {}
            Err(failure) => println!(
                "{}",
                t!(
                    "init-repository-failed",
                    location = location,
                    cause = failure.to_string()
                )
            ),
        }
    }
    publish_first_checkpoint(&home, passphrase.as_deref().map(String::as_str));

    println!(
        "{}",
        t!(
            "init-done",
            practice = practice.as_str(),
            path = home.root()
        )
    );
    println!("{}", t!("init-origin", origin = origin));
    println!(
        "{}",
        t!("init-public-key", path = home.journal_public_key())
    );
    if protect.is_empty() {
        println!("{}", t!("init-nothing-protected"));
    }
    if witness.is_none() {
        println!("{}", t!("init-no-witness"));
    }
    println!("{}", t!("init-next"));
    Ok(ExitCode::SUCCESS)
}

/// What `init` was asked to set up, checked.
struct Plan<'a> {
    /// Where the home will be once built.
    final_root: &'a Path,
    practice: &'a str,
    protect: &'a [PathBuf],
    repository: Option<&'a str>,
    server_ca: Option<&'a Path>,
    server_password: Option<&'a str>,
    witness: Option<&'a str>,
    passphrase: Option<&'a str>,
    lang: Lang,
}

/// Creates every file of the home in `staged`. Paths written into the configuration are those
/// of the final home.
fn build(staged: &Home, plan: &Plan<'_>) -> Result<String, Failure> {
    let Plan {
        final_root,
        practice,
        protect,
        repository,
        server_ca,
        server_password,
        witness,
        passphrase,
        lang,
    } = *plan;
    let create_failed = |path: &Path, e: std::io::Error| {
        Failure::failed(t!("init-create-failed", path = path, cause = e.to_string()))
    };
    create_private_dir(staged.root()).map_err(|e| create_failed(staged.root(), e))?;
    create_private_dir(&staged.keys()).map_err(|e| create_failed(&staged.keys(), e))?;

    let origin = origin_for(practice);
    let (secret, public) = hygie_journal::generate_keys(&origin)?;
    let key_text = match passphrase {
        Some(passphrase) => secrets::seal(secret.expose(), passphrase).map_err(Failure::failed)?,
        None => format!("{}\n", secret.expose()),
    };
    secrets::write_private(&staged.journal_key(), key_text.as_bytes()).map_err(Failure::failed)?;
    std::fs::write(staged.journal_public_key(), format!("{public}\n"))
        .map_err(|e| create_failed(&staged.journal_public_key(), e))?;

    // The default repository is created inside the staged home and moves with it; one the
    // person named elsewhere is created once the home is in place.
    let repository = match repository {
        Some(location) => location.to_owned(),
        None => {
            let staged_location = staged.default_repository().display().to_string();
            super::vault::create_repository(staged, &hygie_vault::Place::new(&staged_location))?;
            Home::at(final_root.to_path_buf())
                .default_repository()
                .display()
                .to_string()
        }
    };
    if let Some(password) = server_password {
        secrets::write_private(
            &staged.server_password(),
            format!("{password}\n").as_bytes(),
        )
        .map_err(Failure::failed)?;
    }
    let config = Template {
        practice,
        protect,
        repository: &repository,
        server_ca,
        witness,
    }
    .render(lang);
    std::fs::write(staged.config(), config).map_err(|e| create_failed(&staged.config(), e))?;

    State::create(
        &staged.state(),
        &Practice {
            name: practice.to_owned(),
            created: Timestamp::now(),
        },
    )?;

    let signer = SigningKey::parse(&secret)?;
    let verifier = VerifierKey::parse(&public)?;
    let journal = Journal::create(&staged.journal(), signer, verifier)?;
    let person = current_person();
    let protected: Vec<String> = protect.iter().map(|p| p.display().to_string()).collect();
    journal.append_all(vec![
        Event::new(
            Kind::System,
            "hygie.initialised",
            person.clone(),
            t!("event-initialised", practice = practice),
        )
        .subject(final_root.display().to_string())
        .outcome(EventOutcome::Success)
        .detail("practice", practice)
        .detail("origin", origin.as_str())
        .detail("version", env!("CARGO_PKG_VERSION")),
        Event::new(
            Kind::ConfigChange,
            "protect.set",
            person,
            t!("event-protect-set", count = protect.len()),
        )
        .outcome(EventOutcome::Success)
        .detail("paths", protected)
        .detail("repository", repository),
    ])?;
    journal.checkpoint()?;
    Ok(origin)
}

/// The repository server credential's password, from `HYGIE_SERVER_PASSWORD`, when the
/// repository or the witness is on a server.
fn server_password_for(
    repository: Option<&str>,
    witness: Option<&str>,
) -> Result<Option<zeroize::Zeroizing<String>>, Failure> {
    let on_server = [repository, witness]
        .into_iter()
        .flatten()
        .any(hygie_vault::Place::is_server);
    if !on_server {
        return Ok(None);
    }
    match std::env::var("HYGIE_SERVER_PASSWORD") {
        Ok(password) if !password.trim().is_empty() => {
            Ok(Some(zeroize::Zeroizing::new(password.trim().to_owned())))
        }
        _ => Err(Failure::setup(t!("init-server-password-missing"))),
    }
}

/// Sends the first checkpoint to the witness, if one is configured. A witness that is not
/// reachable yet does not undo the setup; `hygie status` will say so.
fn publish_first_checkpoint(home: &Home, passphrase: Option<&str>) {
    let publish = || -> Result<Option<String>, Failure> {
        let context = crate::context::Context::load(Home::at(home.root().to_path_buf()))?;
        let Some(witness) = context.witness()? else {
            return Ok(None);
        };
        let verifier = crate::context::read_verifier(&home.journal_public_key())?;
        let text = secrets::read_private(&home.journal_key()).map_err(Failure::setup)?;
        let text = match passphrase {
            Some(passphrase) => {
                secrets::unseal(&text, passphrase, &home.journal_key()).map_err(Failure::setup)?
            }
            None => text,
        };
        let signer = SigningKey::parse(&hygie_journal::SecretKeyText::new(text.trim().to_owned()))?;
        let journal = Journal::open(&home.journal(), verifier, Some(signer))?;
        journal.publish(witness.as_ref())?;
        Ok(Some(witness.location()))
    };
    match publish() {
        Ok(None) => {}
        Ok(Some(location)) => println!("{}", t!("init-witness-ok", path = location)),
        Err(failure) => println!("{}", t!("init-witness-failed", cause = failure.to_string())),
    }
}

/// The journal's origin: `hygie/<slug of the practice>-<8 random hex digits>`, a valid C2SP key
/// name that stays unique if two practices share a name.
pub(crate) fn origin_for(practice: &str) -> String {
    let mut slug = String::new();
    for c in practice.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    let slug = if slug.is_empty() {
        "cabinet".to_owned()
    } else {
        slug
    };
    format!("hygie/{slug}-{:08x}", OsRng.next_u32())
}

fn fold_accent(c: char) -> Vec<char> {
    let folded = match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'Î' | 'Ï' => "i",
        'ô' | 'ö' | 'Ô' | 'Ö' => "o",
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => "u",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        _ => return vec![c],
    };
    folded.chars().collect()
}

fn ask_new_passphrase() -> Result<zeroize::Zeroizing<String>, Failure> {
    let first = secrets::passphrase(&t!("passphrase-new")).map_err(Failure::setup)?;
    if std::env::var(secrets::PASSPHRASE_VAR).is_err() {
        let second = secrets::passphrase(&t!("passphrase-again")).map_err(Failure::setup)?;
        if *first != *second {
            return Err(Failure::setup(t!("passphrase-mismatch")));
        }
    }
    if first.chars().count() < 12 {
        return Err(Failure::setup(t!("passphrase-too-short")));
    }
    Ok(first)
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

fn absolute(path: &Path) -> Result<PathBuf, Failure> {
    std::path::absolute(path)
        .map_err(|e| Failure::setup(t!("init-bad-path", path = path, cause = e.to_string())))
}

fn absolute_existing_dir(path: &Path) -> Result<PathBuf, Failure> {
    if !path.is_dir() {
        return Err(Failure::setup(t!("init-protect-missing", path = path)));
    }
    path.canonicalize()
        .map_err(|e| Failure::setup(t!("init-bad-path", path = path, cause = e.to_string())))
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_valid_key_names() {
        let origin = origin_for("Cabinet médical des Tilleuls + Dr Œdipe");
        assert!(origin.starts_with("hygie/cabinet-medical-des-tilleuls-dr-oedipe-"));
        assert!(hygie_journal::generate_keys(&origin).is_ok());
        assert!(origin_for("  ").starts_with("hygie/cabinet-"));
    }
}
