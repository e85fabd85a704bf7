//! The practice's Hygie folder ("home") and where each file lives in it.
//!
//! ```text
//! HOME/
//!   hygie.toml          configuration (documented, every key commented)
//!   state.sqlite        the practice's records
//!   journal.sqlite      the tamper-evident journal
//!   keys/journal.key    the journal's signing key (mode 0600, optionally passphrase-protected)
//!   keys/journal.pub    the journal's public key, to give to auditors and witnesses
//!   keys/vault.password the snapshot repository's password (mode 0600; keep a paper copy)
//!   keys/server.password the repository server credential's password, when snapshots go to one
//!   keys/vault.masterkey the repository's unlocked key (mode 0600), derived from the password
//!                       once so that commands skip the deliberately slow derivation; may be
//!                       deleted at any time
//!   cache/              repository metadata cache
//!   drills/             scratch space of restore drills, emptied after each
//!   repository/         snapshots, unless the configuration names another place
//!   up.lock             held while `hygie up` runs
//! ```

use std::path::{Path, PathBuf};

/// A practice's Hygie folder.
#[derive(Clone, Debug)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// The home named by `--home` or `HYGIE_HOME` (clap reads both), else the platform's
    /// place for application data (`~/.local/share/hygie` on Linux, `%APPDATA%\Hygie` on
    /// Windows, `~/Library/Application Support/fr.Hygie.hygie` on macOS).
    pub fn resolve(explicit: Option<PathBuf>) -> Option<Home> {
        let root = match explicit {
            Some(root) => root,
            None => directories::ProjectDirs::from("fr", "Hygie", "hygie")?
                .data_dir()
                .to_path_buf(),
        };
        // An absolute path, so that messages and the configuration name the same folder
        // whatever directory a later command runs from.
        let root = std::path::absolute(&root).unwrap_or(root);
        Some(Home { root })
    }

    /// A home at `root`.
    pub fn at(root: PathBuf) -> Home {
        Home { root }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration file.
    pub fn config(&self) -> PathBuf {
        self.root.join("hygie.toml")
    }

    /// The state database.
    pub fn state(&self) -> PathBuf {
        self.root.join("state.sqlite")
    }

    /// The journal database.
    pub fn journal(&self) -> PathBuf {
        self.root.join("journal.sqlite")
    }

    /// The folder of keys.
    pub fn keys(&self) -> PathBuf {
        self.root.join("keys")
    }

    /// The journal's signing key.
    pub fn journal_key(&self) -> PathBuf {
        self.keys().join("journal.key")
    }

    /// The journal's public key.
    pub fn journal_public_key(&self) -> PathBuf {
        self.keys().join("journal.pub")
    }

    /// The console's certificate, generated when it listens beyond loopback.
    pub fn console_certificate(&self) -> PathBuf {
        self.keys().join("console-certificate.pem")
    }

    /// The console certificate's private key (0600).
    pub fn console_key(&self) -> PathBuf {
        self.keys().join("console-key.pem")
    }

    /// The snapshot repository's password (mode 0600).
    pub fn vault_password(&self) -> PathBuf {
        self.keys().join("vault.password")
    }

    /// The repository server credential's password (mode 0600), when the repository is on a
    /// server.
    pub fn server_password(&self) -> PathBuf {
        self.keys().join("server.password")
    }

    /// The repository's unlocked master key (mode 0600): as secret as the password, and
    /// derived from it again when missing.
    pub fn vault_master_key(&self) -> PathBuf {
        self.keys().join("vault.masterkey")
    }

    /// Where repository metadata is cached between runs.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// Where restore drills restore, then delete.
    pub fn drills(&self) -> PathBuf {
        self.root.join("drills")
    }

    /// The default snapshot repository.
    pub fn default_repository(&self) -> PathBuf {
        self.root.join("repository")
    }

    /// The IMAP account's password (0600).
    pub fn imap_password(&self) -> PathBuf {
        self.keys().join("imap.password")
    }

    /// Where `hygie mail watch` remembers the last message it analysed in each mailbox.
    pub fn mail_watch_state(&self) -> PathBuf {
        self.root().join("mail-watch.json")
    }

    /// The password of the mail account alerts are sent from.
    pub fn smtp_password(&self) -> PathBuf {
        self.keys().join("smtp.password")
    }

    /// The sentinel's shadow store: versions of protected files taken as they change.
    pub fn shadows(&self) -> PathBuf {
        self.root.join("shadows")
    }

    /// The lock held by `hygie up`.
    pub fn up_lock(&self) -> PathBuf {
        self.root.join("up.lock")
    }
}
