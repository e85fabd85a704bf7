//! The mailbox guard behind `hygie mail watch` and `hygie up`: it reads each new message of an
//! IMAP folder over TLS (without marking it read), has the analyser judge it, journals the
//! verdict, and tags or quarantines what is suspicious — never deleting anything.
//!
//! It never analyses a message twice: the folder's `UIDVALIDITY` and the last UID analysed are
//! kept in the home (`mail-watch.json`), saved after each message, and the copies it tags carry
//! the home's secret token so they are recognised and skipped. A dropped connection is retried
//! with a growing pause (2 s to 2 min); the server's IDLE is used when offered, else the folder
//! is polled.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_imap::Session;
use futures_util::StreamExt;
use hygie_journal::Journal;
use hygie_mailguard::{Analysis, Context as MailContext, Verdict};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use zeroize::Zeroizing;

use crate::config::{MailAction, MailSection};
use crate::mail_tag;
use crate::t;

/// Where tagged messages' originals are kept.
pub const ORIGINALS_FOLDER: &str = "Hygie-Originaux";
/// Messages fetched in one round; the rest wait for the next.
const BATCH: usize = 200;
/// Longest IDLE before it is renewed (RFC 2177 asks for less than 29 minutes).
const IDLE_LIMIT: Duration = Duration::from_secs(25 * 60);
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LAST_RETRY: Duration = Duration::from_secs(120);
/// Network operations that take longer are failures (then retried).
const NETWORK_TIMEOUT: Duration = Duration::from_secs(60);
/// After the server refuses the password, the next try waits this long (a provider may lock an
/// account that keeps failing).
const LOGIN_RETRY: Duration = Duration::from_secs(15 * 60);
/// Senders remembered at most (a busy practice's correspondents fit many times over).
const KNOWN_SENDERS: usize = 20_000;
/// Attempts to read one message before it is passed over.
const FETCH_ATTEMPTS: u32 = 3;
/// On first contact with a folder, only messages of the last days are analysed: the guard is
/// for new mail, not for tagging years of archives.
const FIRST_LOOK_DAYS: i64 = 7;

type Imap = Session<TlsStream<TcpStream>>;

/// What the guard needs to know, checked.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Server name (for TLS) and port.
    pub host: String,
    /// Port (993 by default).
    pub port: u16,
    /// The account.
    pub user: String,
    /// The folder watched.
    pub mailbox: String,
    /// Tag or quarantine.
    pub action: MailAction,
    /// The quarantine folder.
    pub quarantine: String,
    /// Polling interval without IDLE.
    pub poll: Duration,
    /// An extra certificate authority.
    pub ca: Option<PathBuf>,
}

impl Settings {
    /// Reads `[mail]`; `None` when no mailbox is configured.
    pub fn from_config(section: &MailSection) -> Result<Option<Settings>, String> {
        let Some(address) = section.imap.as_deref() else {
            return Ok(None);
        };
        let rest = address
            .strip_prefix("imaps://")
            .ok_or_else(|| t!("mail-watch-not-tls", address = address))?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| t!("mail-watch-bad-address", address = address))?,
            ),
            None => (rest, 993),
        };
        if host.is_empty() {
            return Err(t!("mail-watch-bad-address", address = address));
        }
        let user = section
            .user
            .clone()
            .filter(|user| !user.trim().is_empty())
            .ok_or_else(|| t!("mail-watch-no-user"))?;
        Ok(Some(Settings {
            host: host.trim_matches(['[', ']']).to_owned(),
            port,
            user,
            mailbox: section.mailbox.clone(),
            action: section.action,
            quarantine: section.quarantine.clone(),
            poll: Duration::from_secs(section.poll_seconds.max(5)),
            ca: section.ca.clone(),
        }))
    }

    fn source(&self, uid: u32) -> String {
        format!(
            "imaps://{}@{}/{};UID={uid}",
            self.user, self.host, self.mailbox
        )
    }
}

/// What is remembered between runs, per account and folder.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Memory {
    /// The secret written into tagged copies.
    token: String,
    /// `user@host/folder` → where analysis stopped.
    folders: BTreeMap<String, Watermark>,
    /// Senders of mail judged clean: a sender not among them writes for the first time, a
    /// signal for the analyser once the guard has seen some mail.
    #[serde(default)]
    known_senders: std::collections::HashSet<String>,
    /// Failed fetches per message in this run: a message that cannot be read three times is
    /// passed over (and said so), rather than blocking the folder.
    #[serde(skip)]
    failures: BTreeMap<u32, u32>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
struct Watermark {
    uid_validity: u32,
    last_uid: u32,
}

impl Memory {
    fn load(path: &Path) -> Result<Memory, String> {
        let mut memory: Memory = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                t!(
                    "mail-watch-memory-corrupt",
                    path = path,
                    cause = e.to_string()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Memory::default(),
            Err(e) => {
                return Err(t!(
                    "mail-watch-memory-corrupt",
                    path = path,
                    cause = e.to_string()
                ));
            }
        };
        if memory.token.is_empty() {
            let mut bytes = [0u8; 16];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
            memory.token = hex::encode(bytes);
            memory.save(path)?;
        }
        Ok(memory)
    }

    /// Written beside, then renamed over: a crash leaves the old or the new file, never half.
    fn save(&self, path: &Path) -> Result<(), String> {
        let partial = path.with_extension("json.partial");
        let text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&partial, text)
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|e| {
                t!(
                    "mail-watch-memory-write",
                    path = path,
                    cause = e.to_string()
                )
            })
    }
}

/// How the guard reports what it does (a terminal in the foreground, the log in `hygie up`).
pub type Say = Arc<dyn Fn(String) + Send + Sync>;

/// The guard.
pub struct Guard {
    settings: Settings,
    password: Zeroizing<String>,
    journal: Option<Arc<Journal>>,
    /// The state database, where a dangerous message becomes an alert.
    state_path: Option<PathBuf>,
    memory_path: PathBuf,
    say: Say,
}

impl Guard {
    /// A guard for `settings`, remembering its progress in `memory_path`.
    pub fn new(
        settings: Settings,
        password: Zeroizing<String>,
        journal: Option<Arc<Journal>>,
        state_path: Option<PathBuf>,
        memory_path: PathBuf,
        say: Say,
    ) -> Guard {
        Guard {
            settings,
            password,
            journal,
            state_path,
            memory_path,
            say,
        }
    }

    /// Watches until the task is dropped; connection failures are told and retried. One guard
    /// per home at a time (`hygie up` or `hygie mail watch`): a second one is refused.
    pub async fn run(self) -> Result<(), String> {
        let lock_path = self.memory_path.with_extension("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| {
                t!(
                    "mail-watch-memory-write",
                    path = lock_path.as_path(),
                    cause = e.to_string()
                )
            })?;
        if lock.try_lock().is_err() {
            return Err(t!("mail-watch-already-running"));
        }
        let mut memory = Memory::load(&self.memory_path)?;
        let mut pause = FIRST_RETRY;
        loop {
            let mut connected = false;
            let failure = self.session(&mut memory, &mut connected).await;
            if connected {
                pause = FIRST_RETRY;
            }
            let wait = match failure {
                Failure::LoginRefused(cause) => {
                    (self.say)(t!(
                        "mail-watch-login-wait",
                        cause = cause,
                        minutes = LOGIN_RETRY.as_secs() / 60
                    ));
                    LOGIN_RETRY
                }
                Failure::Other(cause) => {
                    (self.say)(t!(
                        "mail-watch-retry",
                        cause = cause,
                        seconds = pause.as_secs()
                    ));
                    let wait = pause;
                    pause = (pause * 2).min(LAST_RETRY);
                    wait
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// One connection: analyse what is new, wait for more, again, until the connection fails.
    async fn session(&self, memory: &mut Memory, connected: &mut bool) -> Failure {
        match self.connected_session(memory, connected).await {
            Err(failure) => failure,
            Ok(never) => match never {},
        }
    }

    async fn connected_session(
        &self,
        memory: &mut Memory,
        connected: &mut bool,
    ) -> Result<std::convert::Infallible, Failure> {
        let mut imap = tokio::time::timeout(NETWORK_TIMEOUT, self.connect())
            .await
            .map_err(|_| {
                Failure::Other(t!(
                    "mail-watch-timeout",
                    seconds = NETWORK_TIMEOUT.as_secs()
                ))
            })??;
        *connected = true;
        let capabilities = timed(async { imap.capabilities().await.map_err(text) }).await?;
        let idle = capabilities.has_str("IDLE");
        let movable = capabilities.has_str("MOVE");
        (self.say)(t!(
            "mail-watch-connected",
            mailbox = self.settings.mailbox.as_str(),
            user = self.settings.user.as_str(),
            host = self.settings.host.as_str()
        ));
        loop {
            // Until a search finds nothing: mail that arrived during the last batch is seen now.
            while self.analyse_new(&mut imap, memory, movable).await? > 0 {}
            imap = if idle {
                let mut idling = imap.idle();
                timed(async { idling.init().await.map_err(text) }).await?;
                let (waiting, _interrupt) =
                    idling.wait_with_timeout(IDLE_LIMIT.min(self.settings.poll * 60));
                waiting.await.map_err(text)?;
                timed(async { idling.done().await.map_err(text) }).await?
            } else {
                tokio::time::sleep(self.settings.poll).await;
                timed(async { imap.noop().await.map_err(text) }).await?;
                imap
            };
        }
    }

    async fn connect(&self) -> Result<Imap, Failure> {
        let config = tls_config(self.settings.ca.as_deref())?;
        let tcp = TcpStream::connect((self.settings.host.as_str(), self.settings.port))
            .await
            .map_err(text)?;
        let name =
            rustls_pki_types::ServerName::try_from(self.settings.host.clone()).map_err(text)?;
        let tls = TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(text)?;
        let mut client = async_imap::Client::new(tls);
        client
            .read_response()
            .await
            .map_err(text)?
            .ok_or_else(|| "the server closed the connection".to_owned())?;
        client
            .login(&self.settings.user, self.password.as_str())
            .await
            .map_err(|(error, _)| match error {
                async_imap::error::Error::No(_) => Failure::LoginRefused(error.to_string()),
                error => Failure::Other(t!("mail-watch-login-refused", cause = error.to_string())),
            })
    }

    /// Analyses up to [`BATCH`] new messages; returns how many it looked at.
    async fn analyse_new(
        &self,
        imap: &mut Imap,
        memory: &mut Memory,
        movable: bool,
    ) -> Result<usize, Failure> {
        let selected =
            timed(async { imap.select(&self.settings.mailbox).await.map_err(text) }).await?;
        let key = format!(
            "{}@{}/{}",
            self.settings.user, self.settings.host, self.settings.mailbox
        );
        let validity = selected.uid_validity.unwrap_or(0);
        let mark = memory.folders.entry(key.clone()).or_default();
        let first_look = mark.uid_validity != validity;
        if first_look {
            // A new folder, or one the server renumbered.
            *mark = Watermark {
                uid_validity: validity,
                last_uid: 0,
            };
        }
        let Some(from) = mark.last_uid.checked_add(1) else {
            return Ok(0);
        };
        let query = if first_look {
            let since = jiff::Timestamp::now()
                .checked_sub(jiff::SignedDuration::from_hours(24 * FIRST_LOOK_DAYS))
                .map_err(text)?;
            format!("UID {from}:* SINCE {}", since.strftime("%d-%b-%Y"))
        } else {
            format!("UID {from}:*")
        };
        let found = timed(async { imap.uid_search(&query).await.map_err(text) }).await?;
        let mut uids: Vec<u32> = found.into_iter().filter(|uid| *uid >= from).collect();
        uids.sort_unstable();
        uids.truncate(BATCH);
        for &uid in &uids {
            let raw = match timed(fetch(imap, uid)).await {
                Ok(raw) => raw,
                Err(Failure::Other(cause)) => {
                    let attempts = memory.failures.entry(uid).or_insert(0);
                    *attempts += 1;
                    if *attempts < FETCH_ATTEMPTS {
                        return Err(Failure::Other(cause));
                    }
                    (self.say)(t!(
                        "mail-watch-unreadable",
                        source = self.settings.source(uid),
                        cause = cause
                    ));
                    None
                }
                Err(failure) => return Err(failure),
            };
            let mut outcome = Ok(());
            if let Some(raw) = raw
                && !mail_tag::tagged_by_us(&raw, &memory.token)
            {
                let token = memory.token.clone();
                outcome = self
                    .judge(imap, uid, &raw, &token, &mut memory.known_senders, movable)
                    .await;
            }
            // Recorded before a failed action is retried: a message is analysed, tagged and
            // journaled once, never again on the next connection.
            if let Some(mark) = memory.folders.get_mut(&key) {
                mark.last_uid = uid;
            }
            memory.save(&self.memory_path).map_err(Failure::Other)?;
            outcome?;
        }
        if first_look && uids.is_empty() {
            // Nothing recent: start after the newest message there is.
            if let Some(next) = selected.uid_next
                && let Some(mark) = memory.folders.get_mut(&key)
            {
                mark.last_uid = next.saturating_sub(1);
            }
            memory.save(&self.memory_path).map_err(Failure::Other)?;
        }
        Ok(uids.len())
    }

    async fn judge(
        &self,
        imap: &mut Imap,
        uid: u32,
        raw: &[u8],
        token: &str,
        known_senders: &mut std::collections::HashSet<String>,
        movable: bool,
    ) -> Result<(), Failure> {
        let source = self.settings.source(uid);
        let context = MailContext {
            known_senders: Some(known_senders),
        };
        let analysis = match hygie_mailguard::analyse(raw, &context) {
            Ok(analysis) => {
                // Only mail judged clean teaches who the practice's correspondents are.
                if analysis.verdict == Verdict::Clean
                    && known_senders.len() < KNOWN_SENDERS
                    && let Some(sender) = &analysis.sender
                {
                    known_senders.insert(sender.clone());
                }
                analysis
            }
            Err(error) => {
                (self.say)(t!(
                    "mail-scan-unreadable",
                    source = source.as_str(),
                    cause = error.to_string()
                ));
                return Ok(());
            }
        };
        let (action, acted) = if analysis.verdict == Verdict::Clean {
            ("none", Ok(()))
        } else {
            match self.settings.action {
                MailAction::Quarantine => {
                    ("quarantined", self.quarantine(imap, uid, movable).await)
                }
                MailAction::Tag => (
                    "tagged",
                    self.tag(imap, uid, raw, &analysis, token, movable).await,
                ),
            }
        };
        let action = match &acted {
            Ok(()) => action.to_owned(),
            Err(cause) => {
                (self.say)(t!(
                    "mail-watch-action-failed",
                    source = source.as_str(),
                    cause = cause.as_str()
                ));
                format!("failed: {cause}")
            }
        };
        (self.say)(t!(
            "mail-scan-line",
            source = source.as_str(),
            verdict = crate::commands::mail::verdict_text(analysis.verdict),
            score = format!("{:.2}", analysis.score),
            subject = mail_tag::printable(&analysis.subject, 200)
        ));
        if let Some(journal) = &self.journal {
            let event = crate::commands::mail::verdict_event(&source, &analysis)
                .detail("action", action.as_str());
            journal.append(event).map_err(text)?;
        }
        // A dangerous message that reached the mailbox is an alert: it is listed by
        // `hygie alerts`, and a breach can be opened from it if someone clicked.
        if analysis.verdict == Verdict::Malicious
            && let Some(path) = &self.state_path
        {
            let kept = hygie_state::State::open(path).and_then(|state| {
                state.add_alert(
                    "mail",
                    jiff::Timestamp::now(),
                    &crate::commands::mail::alert_summary(&analysis),
                    &crate::commands::mail::alert_evidence(&source, &analysis, &action),
                )
            });
            if let Err(error) = kept {
                (self.say)(t!("mail-alert-not-kept", cause = error.to_string()));
            }
        }
        Ok(())
    }

    async fn quarantine(&self, imap: &mut Imap, uid: u32, movable: bool) -> Result<(), String> {
        self.move_to(imap, uid, &self.settings.quarantine.clone(), movable)
            .await
    }

    async fn tag(
        &self,
        imap: &mut Imap,
        uid: u32,
        raw: &[u8],
        analysis: &Analysis,
        token: &str,
        movable: bool,
    ) -> Result<(), String> {
        let (prefix, verdict) = match analysis.verdict {
            Verdict::Malicious => (t!("mail-tag-prefix-malicious"), "malicious"),
            _ => (t!("mail-tag-prefix-suspicious"), "suspicious"),
        };
        let mut banner = t!(
            "mail-tag-banner",
            verdict = crate::commands::mail::verdict_text(analysis.verdict)
        );
        for reason in &analysis.reasons {
            banner.push_str("\n - ");
            banner.push_str(&crate::commands::mail::reason_text(reason));
        }
        banner.push_str("\n\n");
        banner.push_str(&t!("mail-what-to-do"));
        banner.push_str("\n--\n");
        let tagged = mail_tag::tag(raw, verdict, analysis.score, token, &prefix, &banner);
        let mailbox = self.settings.mailbox.clone();
        timed(async {
            imap.append(&mailbox, None, None, &tagged)
                .await
                .map_err(text)
        })
        .await
        .map_err(Failure::text)?;
        self.move_to(imap, uid, ORIGINALS_FOLDER, movable).await
    }

    /// Moves a message (RFC 6851 MOVE); without MOVE, copies it and marks the original with the
    /// `$Phishing` keyword, leaving it where it is: Hygie never deletes.
    async fn move_to(
        &self,
        imap: &mut Imap,
        uid: u32,
        folder: &str,
        movable: bool,
    ) -> Result<(), String> {
        // The folder may exist already: an error here is not one.
        let _ = timed(async { imap.create(folder).await.map_err(text) }).await;
        let set = uid.to_string();
        if movable {
            timed(async { imap.uid_mv(&set, folder).await.map_err(text) })
                .await
                .map_err(Failure::text)
        } else {
            timed(async { imap.uid_copy(&set, folder).await.map_err(text) })
                .await
                .map_err(Failure::text)?;
            timed(async {
                let updates = imap
                    .uid_store(&set, "+FLAGS ($Phishing)")
                    .await
                    .map_err(text)?;
                updates.collect::<Vec<_>>().await;
                Ok(())
            })
            .await
            .map_err(Failure::text)
        }
    }
}

async fn fetch(imap: &mut Imap, uid: u32) -> Result<Option<Vec<u8>>, String> {
    let mut messages = imap
        .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
        .await
        .map_err(text)?;
    let mut body = None;
    while let Some(message) = messages.next().await {
        let message = message.map_err(text)?;
        if message.uid == Some(uid)
            && let Some(bytes) = message.body()
        {
            body = Some(bytes.to_vec());
        }
    }
    Ok(body)
}

/// Why a connection ended.
enum Failure {
    /// The server refused the account's password.
    LoginRefused(String),
    /// Anything else: network, timeout, server error.
    Other(String),
}

impl Failure {
    fn text(self) -> String {
        match self {
            Failure::LoginRefused(cause) | Failure::Other(cause) => cause,
        }
    }
}

impl From<String> for Failure {
    fn from(cause: String) -> Failure {
        Failure::Other(cause)
    }
}

async fn timed<T>(
    work: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, Failure> {
    match tokio::time::timeout(NETWORK_TIMEOUT, work).await {
        Ok(result) => result.map_err(Failure::Other),
        Err(_) => Err(Failure::Other(t!(
            "mail-watch-timeout",
            seconds = NETWORK_TIMEOUT.as_secs()
        ))),
    }
}

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// The TLS settings: the system's authorities, plus `ca` when given.
fn tls_config(ca: Option<&Path>) -> Result<rustls::ClientConfig, String> {
    use rustls_pki_types::pem::PemObject;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut extra = Vec::new();
    if let Some(ca) = ca {
        let bad = |cause: String| t!("mail-watch-bad-ca", path = ca, cause = cause);
        for certificate in
            rustls_pki_types::CertificateDer::pem_file_iter(ca).map_err(|e| bad(e.to_string()))?
        {
            extra.push(certificate.map_err(|e| bad(e.to_string()))?);
        }
    }
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(text)?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(text)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(imap: &str) -> MailSection {
        MailSection {
            imap: Some(imap.to_owned()),
            user: Some("secretariat@cabinet.fr".to_owned()),
            ..MailSection::default()
        }
    }

    #[test]
    fn addresses_must_be_imaps() {
        let settings = Settings::from_config(&section("imaps://imap.cabinet.fr"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (settings.host.as_str(), settings.port),
            ("imap.cabinet.fr", 993)
        );
        let settings = Settings::from_config(&section("imaps://127.0.0.1:10993/"))
            .unwrap()
            .unwrap();
        assert_eq!(settings.port, 10993);
        assert!(Settings::from_config(&section("imap://imap.cabinet.fr")).is_err());
        assert!(Settings::from_config(&section("imaps://x:port")).is_err());
        assert!(
            Settings::from_config(&MailSection::default())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn the_memory_survives_a_restart_and_keeps_its_token() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail-watch.json");
        let mut memory = Memory::load(&path).unwrap();
        assert_eq!(memory.token.len(), 32);
        memory.folders.insert(
            "a".into(),
            Watermark {
                uid_validity: 7,
                last_uid: 42,
            },
        );
        memory.save(&path).unwrap();
        let again = Memory::load(&path).unwrap();
        assert_eq!(again.token, memory.token);
        assert_eq!(again.folders["a"].last_uid, 42);
        std::fs::write(&path, b"{not json").unwrap();
        assert!(Memory::load(&path).is_err());
    }
}
