//! Everything a command needs from the home: the configuration, the keys, the databases.
//! Loading checks each piece and fails with one line that says which and what to do.

use std::path::Path;
use std::sync::Arc;

use hygie_journal::witness::{DirectoryWitness, Witness};
use hygie_journal::{Actor, Journal, SecretKeyText, SigningKey, VerifierKey};
use hygie_state::State;

use crate::config::Config;
use crate::failure::Failure;
use crate::home::Home;
use crate::secrets;
use crate::t;

/// A loaded home.
pub struct Context {
    /// Where it is.
    pub home: Home,
    /// Its configuration.
    pub config: Config,
    /// Whether long operations may draw progress bars (on a terminal; never in `hygie up`).
    pub progress: bool,
}

impl Context {
    /// Loads the home's configuration; the home must have been set up by `hygie init`.
    pub fn load(home: Home) -> Result<Context, Failure> {
        if !home.root().is_dir() {
            return Err(Failure::setup(t!("home-missing", path = home.root())));
        }
        if !home.config().is_file() {
            return Err(Failure::setup(t!(
                "home-not-initialised",
                path = home.root()
            )));
        }
        let config = Config::load(&home.config()).map_err(Failure::setup)?;
        Ok(Context {
            home,
            config,
            progress: true,
        })
    }

    /// The vault's schedule and retention, checked.
    pub fn vault_policy(&self) -> Result<crate::config::VaultPolicy, Failure> {
        self.config.vault_policy().map_err(|(key, value)| {
            Failure::setup(t!(
                "config-bad-duration",
                path = self.home.config(),
                key = key,
                value = value
            ))
        })
    }

    /// The journal's public key.
    pub fn verifier(&self) -> Result<VerifierKey, Failure> {
        read_verifier(&self.home.journal_public_key())
    }

    /// The journal's signing key, unsealed with the passphrase if it has one.
    pub fn signer(&self) -> Result<SigningKey, Failure> {
        let path = self.home.journal_key();
        let text = secrets::read_private(&path).map_err(Failure::setup)?;
        let text = if secrets::is_sealed(&text) {
            let passphrase =
                secrets::passphrase(&t!("passphrase-prompt")).map_err(Failure::setup)?;
            secrets::unseal(&text, &passphrase, &path).map_err(Failure::setup)?
        } else {
            text
        };
        SigningKey::parse(&SecretKeyText::new(text.trim().to_owned()))
            .map_err(|_| Failure::setup(t!("key-invalid", path = path.as_path())))
    }

    /// The journal, with its signing key when `sign` is true.
    pub fn journal(&self, sign: bool) -> Result<Journal, Failure> {
        let verifier = self.verifier()?;
        let signer = if sign { Some(self.signer()?) } else { None };
        Ok(Journal::open(&self.home.journal(), verifier, signer)?)
    }

    /// The practice's state database.
    pub fn state(&self) -> Result<State, Failure> {
        Ok(State::open(&self.home.state())?)
    }

    /// The snapshot repository, opened with the master key kept in the home, else with the
    /// home's password (which then leaves the master key in the home for next time).
    pub fn vault(&self) -> Result<hygie_vault::Vault, Failure> {
        let place = self.vault_place()?;
        let cache = self.home.cache();
        let bars = self.progress.then(crate::progress::for_terminal).flatten();
        let key_path = self.home.vault_master_key();
        let kept = secrets::read_private(&key_path).ok();
        if let Some(key) = &kept
            && let Ok(vault) = hygie_vault::Vault::open_with_master_key(
                &place,
                key.trim(),
                Some(&cache),
                bars.clone(),
            )
        {
            return Ok(vault);
        }
        let path = self.home.vault_password();
        if !path.exists() {
            return Err(Failure::setup(t!(
                "vault-no-password",
                path = path.as_path()
            )));
        }
        let password = secrets::read_private(&path).map_err(Failure::setup)?;
        // When the password does not open the repository either (server unreachable…), the
        // kept key stays as it is.
        let vault = hygie_vault::Vault::open_at(&place, password.trim(), Some(&cache), bars)?;
        // A key from another repository (the configuration changed), or none: kept anew. Only a
        // shortcut: without it, the next command derives the key again.
        if let Ok(key) = vault.master_key().map(zeroize::Zeroizing::new)
            && kept.as_deref().map(|k| k.trim()) != Some(key.as_str())
        {
            let _ = std::fs::remove_file(&key_path);
            let _ = secrets::write_private(&key_path, key.as_bytes());
        }
        Ok(vault)
    }

    /// Where the repository is, with the repository server's credential when it is on one.
    pub fn vault_place(&self) -> Result<hygie_vault::Place, Failure> {
        vault_place(&self.home, &self.config.vault)
    }

    /// The configured witness, if any: a folder, or the repository server.
    pub fn witness(&self) -> Result<Option<Arc<dyn Witness + Send + Sync>>, Failure> {
        let Some(location) = self.config.journal.witness.as_deref() else {
            return Ok(None);
        };
        if !hygie_vault::Place::is_server(location) {
            return Ok(Some(Arc::new(DirectoryWitness::new(location))));
        }
        let password = server_password(&self.home)?;
        let witness = crate::server_witness::ServerWitness::new(
            location,
            password.trim(),
            self.config.vault.server_ca.as_deref(),
        )
        .map_err(|cause| {
            Failure::setup(t!(
                "witness-server-invalid",
                location = location,
                cause = cause
            ))
        })?;
        Ok(Some(Arc::new(witness)))
    }
}

/// Where the repository named by `vault` is; a repository server's address is completed with
/// the credential password kept in the home.
pub fn vault_place(
    home: &Home,
    vault: &crate::config::VaultSection,
) -> Result<hygie_vault::Place, Failure> {
    let location = vault.repository.as_str();
    if !hygie_vault::Place::is_server(location) {
        return Ok(hygie_vault::Place::new(location));
    }
    let password = server_password(home)?;
    Ok(hygie_vault::Place::server(
        location,
        password.trim(),
        vault.server_ca.as_deref(),
    )?)
}

/// The repository server credential's password, kept in the home.
fn server_password(home: &Home) -> Result<zeroize::Zeroizing<String>, Failure> {
    let path = home.server_password();
    if !path.exists() {
        return Err(Failure::setup(t!(
            "server-no-password",
            path = path.as_path()
        )));
    }
    secrets::read_private(&path).map_err(Failure::setup)
}

/// Reads a public key file.
pub fn read_verifier(path: &Path) -> Result<VerifierKey, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::setup(t!("key-unreadable", path = path, cause = e.to_string())))?;
    VerifierKey::parse(&text).map_err(|_| Failure::setup(t!("key-invalid", path = path)))
}

/// The person running this command, as the operating system knows them: the login from the
/// environment, else the account that owns this process, else its numeric id.
pub fn current_person() -> Actor {
    let name = ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .or_else(account_name)
        .unwrap_or_else(|| "?".to_owned());
    Actor::person(name)
}

#[cfg(unix)]
fn account_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let name = passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid).then(|| name.to_owned())
    });
    Some(name.unwrap_or_else(|| format!("uid:{uid}")))
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}
