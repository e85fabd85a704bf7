//! The configuration file, `hygie.toml`.
//!
//! It is written once by `hygie init` from a commented template in the practice's language and
//! then edited by hand. Reading it is strict: an unknown key or a wrong type is an error that
//! names the file, the line and the key, because a silently ignored typo in a security setting
//! is worse than a refusal to start.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::t;

/// The whole configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who the practice is.
    pub practice: PracticeSection,
    /// What Hygie guards.
    pub protect: ProtectSection,
    /// Where snapshots go.
    pub vault: VaultSection,
    /// The journal's settings.
    pub journal: JournalSection,
    /// What the sentinel does when it raises an alert.
    #[serde(default)]
    pub sentinel: SentinelSection,
    /// Who is told of an alert by e-mail.
    #[serde(default)]
    pub alerts: AlertsSection,
    /// The mailbox the phishing analyser guards.
    #[serde(default)]
    pub mail: MailSection,
    /// Who the practice calls, and how the access review reads profiles and jobs.
    #[serde(default)]
    pub comply: ComplySection,
    /// The web console.
    #[serde(default)]
    pub console: ConsoleSection,
}

/// `[console]`: where `hygie up` serves the web console.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleSection {
    /// `ADDRESS:PORT`, or `off`.
    #[serde(default = "defaults::console_listen")]
    pub listen: String,
    /// `auto` (TLS when listening beyond loopback) or `on` (always).
    #[serde(default = "defaults::console_tls")]
    pub tls: String,
}

impl Default for ConsoleSection {
    fn default() -> ConsoleSection {
        ConsoleSection {
            listen: defaults::console_listen(),
            tls: defaults::console_tls(),
        }
    }
}

/// `[comply]`: the practice's contacts for compliance documents, and the access review's
/// word lists (French defaults when absent).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ComplySection {
    /// `practice` (cabinet) or `hospital` (établissement): retention rules and who to call.
    pub establishment: Option<hygie_comply::retention::Establishment>,
    /// Days without login after which an account is dormant (90).
    pub dormant_days: Option<u32>,
    /// Words of clinical profiles (replace the defaults).
    pub clinical_profiles: Option<Vec<String>>,
    /// Words of non-clinical profiles.
    pub non_clinical_profiles: Option<Vec<String>>,
    /// Words of clinical jobs.
    pub clinical_jobs: Option<Vec<String>>,
    /// Words of non-clinical jobs.
    pub non_clinical_jobs: Option<Vec<String>>,
    /// Words of generic or test logins.
    pub generic_logins: Option<Vec<String>>,
    /// The practice's address.
    pub address: String,
    /// The security and data-protection contact.
    pub contact_name: String,
    /// Their phone.
    pub contact_phone: String,
    /// Their e-mail.
    pub contact_email: String,
    /// The data protection officer.
    pub dpo: String,
    /// The IT provider.
    pub it_provider: String,
    /// Its phone.
    pub it_provider_phone: String,
    /// The cyber insurer.
    pub insurer: String,
    /// Its claims phone.
    pub insurer_phone: String,
    /// The policy number.
    pub insurer_policy: String,
    /// The regional health agency's phone.
    pub ars_phone: String,
}

impl ComplySection {
    /// The contacts, as compliance documents use them.
    pub fn contacts(&self) -> hygie_comply::documents::Contacts {
        hygie_comply::documents::Contacts {
            address: self.address.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            contact_email: self.contact_email.clone(),
            dpo: self.dpo.clone(),
            it_provider: self.it_provider.clone(),
            it_provider_phone: self.it_provider_phone.clone(),
            insurer: self.insurer.clone(),
            insurer_phone: self.insurer_phone.clone(),
            insurer_policy: self.insurer_policy.clone(),
            ars_phone: self.ars_phone.clone(),
        }
    }

    /// The access review's policy: the defaults, with what the configuration replaces.
    pub fn policy(&self) -> hygie_comply::roles::Policy {
        let mut policy = hygie_comply::roles::Policy::default();
        let replace = |target: &mut Vec<String>, value: &Option<Vec<String>>| {
            if let Some(value) = value {
                target.clone_from(value);
            }
        };
        replace(&mut policy.clinical_profiles, &self.clinical_profiles);
        replace(
            &mut policy.non_clinical_profiles,
            &self.non_clinical_profiles,
        );
        replace(&mut policy.clinical_jobs, &self.clinical_jobs);
        replace(&mut policy.non_clinical_jobs, &self.non_clinical_jobs);
        replace(&mut policy.generic_logins, &self.generic_logins);
        if let Some(days) = self.dormant_days {
            policy.dormant_days = days;
        }
        policy
    }
}

/// What `hygie mail watch` does with a suspicious or dangerous message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailAction {
    /// A copy with a warning banner and header takes its place; the original is moved to the
    /// `Hygie-Originaux` folder.
    #[default]
    Tag,
    /// The message is moved to the quarantine folder.
    Quarantine,
}

/// `[mail]`: the mailbox guarded by `hygie mail watch` and `hygie up`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSection {
    /// The IMAP server, over TLS: `imaps://HOST[:PORT]`. None: no mailbox is watched.
    #[serde(default)]
    pub imap: Option<String>,
    /// The account; its password is in `keys/imap.password`.
    #[serde(default)]
    pub user: Option<String>,
    /// The folder watched.
    #[serde(default = "defaults::mailbox")]
    pub mailbox: String,
    /// `"tag"` or `"quarantine"`.
    #[serde(default)]
    pub action: MailAction,
    /// The quarantine folder.
    #[serde(default = "defaults::quarantine")]
    pub quarantine: String,
    /// How often the mailbox is looked at when the server cannot announce new mail (IDLE).
    #[serde(default = "defaults::poll_seconds")]
    pub poll_seconds: u64,
    /// A certificate authority (PEM) to trust for the IMAP server, besides the system's.
    #[serde(default)]
    pub ca: Option<PathBuf>,
}

impl Default for MailSection {
    fn default() -> MailSection {
        MailSection {
            imap: None,
            user: None,
            mailbox: defaults::mailbox(),
            action: MailAction::default(),
            quarantine: defaults::quarantine(),
            poll_seconds: defaults::poll_seconds(),
            ca: None,
        }
    }
}

/// `[alerts]`: the addresses told of every alert by e-mail, and the mail server.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsSection {
    /// The addresses to tell (the practice, its IT provider). None: no e-mail.
    #[serde(default)]
    pub email_to: Vec<String>,
    /// The sender address.
    #[serde(default)]
    pub email_from: Option<String>,
    /// The mail server: `smtps://HOST[:PORT]`, `smtp+starttls://HOST[:PORT]`, or
    /// `smtp://127.0.0.1[:PORT]` (plain, this machine only).
    #[serde(default)]
    pub smtp: Option<String>,
    /// The account to sign in with; its password is in `keys/smtp.password`.
    #[serde(default)]
    pub smtp_user: Option<String>,
}

/// `[sentinel]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentinelSection {
    /// What happens to the programs behind an alert: `"kill"` (frozen, then ended), `"stop"`
    /// (frozen, left for examination) or `"off"`.
    #[serde(default)]
    pub contain: crate::process::Containment,
    /// The shadow store's size limit, in megabytes (copies of files as they change, so that
    /// changes made since the last snapshot can be put back after an attack).
    #[serde(default = "defaults::shadow_megabytes")]
    pub shadow_megabytes: u64,
    /// How long a shadow copy is kept at least, as a duration (`"7d"`); copies go a pack at a
    /// time, so one may stay up to an eighth longer.
    #[serde(default = "defaults::shadow_keep")]
    pub shadow_keep: String,
    /// At most one shadow copy of a file per this duration (`"30s"`; `"0s"`: every version):
    /// a file saved again within it is copied when it ends, as it is then.
    #[serde(default = "defaults::shadow_span")]
    pub shadow_span: String,
}

impl Default for SentinelSection {
    fn default() -> SentinelSection {
        SentinelSection {
            contain: crate::process::Containment::default(),
            shadow_megabytes: defaults::shadow_megabytes(),
            shadow_keep: defaults::shadow_keep(),
            shadow_span: defaults::shadow_span(),
        }
    }
}

/// `[practice]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeSection {
    /// The practice's name.
    pub name: String,
}

/// `[protect]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectSection {
    /// The folders Hygie guards.
    pub paths: Vec<PathBuf>,
}

/// `[vault]`. Durations are text (`"1h"`, `"30d"`); the schedule keys accept `"off"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSection {
    /// Where snapshots go: a folder, or a repository server's address (`rest:https://…/NAME`).
    pub repository: String,
    /// A certificate authority (PEM) to trust for the repository server, besides the system's.
    #[serde(default)]
    pub server_ca: Option<PathBuf>,
    /// How often `hygie up` backs up.
    #[serde(default = "defaults::backup_every")]
    pub backup_every: String,
    /// How old the last successful backup may be before an alert.
    #[serde(default = "defaults::backup_deadline")]
    pub backup_deadline: String,
    /// How often `hygie up` runs a restore drill.
    #[serde(default = "defaults::drill_every")]
    pub drill_every: String,
    /// Every snapshot younger than this is kept.
    #[serde(default = "defaults::keep_all_within")]
    pub keep_all_within: String,
    /// One snapshot a day is kept while younger than this.
    #[serde(default = "defaults::keep_daily_within")]
    pub keep_daily_within: String,
    /// One snapshot a week is kept while younger than this.
    #[serde(default = "defaults::keep_weekly_within")]
    pub keep_weekly_within: String,
    /// One snapshot a month is kept while younger than this.
    #[serde(default = "defaults::keep_monthly_within")]
    pub keep_monthly_within: String,
}

/// Defaults of the keys added after the first version, so older files still load.
mod defaults {
    pub fn console_listen() -> String {
        "127.0.0.1:8470".to_owned()
    }
    pub fn console_tls() -> String {
        "auto".to_owned()
    }
    pub fn mailbox() -> String {
        "INBOX".to_owned()
    }
    pub fn quarantine() -> String {
        "Quarantaine".to_owned()
    }
    pub fn poll_seconds() -> u64 {
        60
    }
    pub fn shadow_megabytes() -> u64 {
        2048
    }
    pub fn shadow_keep() -> String {
        "7d".to_owned()
    }
    pub fn shadow_span() -> String {
        "30s".to_owned()
    }
    pub fn backup_every() -> String {
        "1h".into()
    }
    pub fn backup_deadline() -> String {
        "26h".into()
    }
    pub fn drill_every() -> String {
        "30d".into()
    }
    pub fn keep_all_within() -> String {
        "30d".into()
    }
    pub fn keep_daily_within() -> String {
        "90d".into()
    }
    pub fn keep_weekly_within() -> String {
        "365d".into()
    }
    pub fn keep_monthly_within() -> String {
        "1825d".into()
    }
}

/// The vault's schedule and retention, parsed.
#[derive(Clone, Debug)]
pub struct VaultPolicy {
    /// Backup interval, `None` when off.
    pub backup_every: Option<Duration>,
    /// Alert when the last successful backup is older than this.
    pub backup_deadline: Duration,
    /// Drill interval, `None` when off.
    pub drill_every: Option<Duration>,
    /// Retention.
    pub retention: hygie_vault::Retention,
}

/// `[journal]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalSection {
    /// How often `hygie up` keeps a signed checkpoint, as text (`"1h"`, `"15m"`).
    pub checkpoint_every: String,
    /// The witness: a folder, or the repository server's address.
    #[serde(default)]
    pub witness: Option<String>,
}

/// The shortest checkpoint interval accepted.
const MIN_CHECKPOINT_INTERVAL: Duration = Duration::from_secs(60);

impl Config {
    /// Reads and checks the configuration file. Errors are one translated line.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| t!("config-unreadable", path = path, cause = e.to_string()))?;
        let config: Config = toml::from_str(&text).map_err(|e| describe(path, &text, &e))?;
        config.check(path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<(), String> {
        self.checkpoint_interval()
            .map_err(|value| t!("config-bad-interval", path = path, value = value))?;
        self.vault_policy().map_err(|(key, value)| {
            t!("config-bad-duration", path = path, key = key, value = value)
        })?;
        if let Some(relative) = self.protect.paths.iter().find(|p| !p.is_absolute()) {
            return Err(t!("config-relative-path", path = path, value = relative));
        }
        if let Some((link, real)) = self
            .protect
            .paths
            .iter()
            .find_map(|p| real_folder_if_linked(p).map(|real| (p, real)))
        {
            return Err(t!(
                "config-protected-link",
                path = path,
                value = link,
                target = real.as_path()
            ));
        }
        if self.practice.name.trim().is_empty() {
            return Err(t!("config-empty-name", path = path));
        }
        Ok(())
    }

    /// The vault's schedule and retention, or the key and text that are not a valid duration.
    pub fn vault_policy(&self) -> Result<VaultPolicy, (&'static str, String)> {
        let vault = &self.vault;
        let duration = |key: &'static str, text: &String| {
            parse_interval(text)
                .filter(|d| *d >= MIN_CHECKPOINT_INTERVAL)
                .ok_or((key, text.clone()))
        };
        let optional = |key: &'static str, text: &String| {
            if text.trim().eq_ignore_ascii_case("off") {
                Ok(None)
            } else {
                duration(key, text).map(Some)
            }
        };
        Ok(VaultPolicy {
            backup_every: optional("backup_every", &vault.backup_every)?,
            backup_deadline: duration("backup_deadline", &vault.backup_deadline)?,
            drill_every: optional("drill_every", &vault.drill_every)?,
            retention: hygie_vault::Retention {
                all: duration("keep_all_within", &vault.keep_all_within)?,
                daily: duration("keep_daily_within", &vault.keep_daily_within)?,
                weekly: duration("keep_weekly_within", &vault.keep_weekly_within)?,
                monthly: duration("keep_monthly_within", &vault.keep_monthly_within)?,
            },
        })
    }

    /// The checkpoint interval, or the text that is not a valid one.
    pub fn checkpoint_interval(&self) -> Result<Duration, String> {
        parse_interval(&self.journal.checkpoint_every)
            .filter(|d| *d >= MIN_CHECKPOINT_INTERVAL)
            .ok_or_else(|| self.journal.checkpoint_every.clone())
    }
}

/// The real place of `path` when it passes through a link (or `.`/`..`), else `None`; a path
/// that does not exist for now (a disk not mounted) is not judged. Hygie follows no link to a
/// protected folder: nothing under it would be watched, nor found again when files are put back.
pub fn real_folder_if_linked(path: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    (std::path::absolute(path).ok()? != real).then_some(real)
}

/// Parses `"90s"`, `"15m"`, `"1h"`, `"1d"`, `"2h 30m"` or any friendly duration jiff reads; a
/// day counts 24 hours. Negative durations are refused.
pub fn parse_interval(text: &str) -> Option<Duration> {
    let span: jiff::Span = text.trim().parse().ok()?;
    let duration = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .ok()?;
    duration.try_into().ok()
}

/// One line that says where the file is wrong and how.
fn describe(path: &Path, text: &str, error: &toml::de::Error) -> String {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].lines().count().max(1))
        .unwrap_or(0);
    let message = error.message();
    let detail = if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        t!("config-unknown-key", key = key)
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        t!("config-missing-key", key = key)
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        t!("config-wrong-type", detail = rest)
    } else {
        message.replace('\n', " ")
    };
    t!("config-invalid", path = path, line = line, detail = detail)
}

/// What `hygie init` writes.
pub struct Template<'a> {
    /// The practice's name.
    pub practice: &'a str,
    /// The folders to protect.
    pub protect: &'a [PathBuf],
    /// Where snapshots go.
    pub repository: &'a str,
    /// A certificate authority to trust for the repository server, if any.
    pub server_ca: Option<&'a Path>,
    /// The witness (a folder or the repository server's address), if any.
    pub witness: Option<&'a str>,
}

impl Template<'_> {
    /// The configuration file's text, commented in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let paths: String = self
            .protect
            .iter()
            .map(|p| format!("  {},\n", quote(&p.display().to_string())))
            .collect();
        let witness = match self.witness {
            Some(witness) => format!("witness = {}\n", quote(witness)),
            None => match lang {
                Lang::Fr => "# witness = \"/mnt/nas/hygie-temoin\"\n".to_owned(),
                Lang::En => "# witness = \"/mnt/nas/hygie-witness\"\n".to_owned(),
            },
        };
        let server_ca = match self.server_ca {
            Some(file) => format!("server_ca = {}\n", quote(&file.display().to_string())),
            None => "# server_ca = \"/etc/hygie/ca.pem\"\n".to_owned(),
        };
        let text = match lang {
            Lang::Fr => FRENCH_TEMPLATE,
            Lang::En => ENGLISH_TEMPLATE,
        };
        text.replace("{practice_comment}", &self.practice.replace('\n', " "))
            .replace("{practice}", &quote(self.practice))
            .replace("{paths}", &paths)
            .replace("{repository}", &quote(self.repository))
            .replace("{server_ca}", &server_ca)
            .replace("{witness}", &witness)
    }
}

const FRENCH_TEMPLATE: &str = r#"# Configuration de Hygie pour « {practice_comment} ».
# Chaque réglage est expliqué au-dessus de sa ligne. Après une modification,
# relancez « hygie up » (ou le service) pour qu'elle soit prise en compte.

[practice]
# Nom du cabinet, tel qu'il apparaît dans les rapports et le journal.
name = {practice}

[protect]
# Dossiers que Hygie protège : ils seront sauvegardés et surveillés.
# Un chemin complet par ligne, entre guillemets, suivi d'une virgule.
paths = [
{paths}]

[vault]
# Où Hygie range les instantanés de sauvegarde : un dossier de ce PC (par défaut,
# dans le dossier Hygie), un disque externe, ou l'adresse d'un serveur de dépôt
# (« rest:https://nas.cabinet:8000/NOM », dont le mot de passe est dans keys/server.password).
repository = {repository}
# Autorité de certification (fichier PEM) du serveur de dépôt, s'il a son propre certificat.
{server_ca}# Fréquence des sauvegardes lancées par « hygie up » (« 1h », « 4h », « 1d »), ou « off ».
backup_every = "1h"
# Si la dernière sauvegarde réussie est plus ancienne que cela, Hygie donne l'alerte.
backup_deadline = "26h"
# Fréquence des exercices de restauration lancés par « hygie up » (« 30d » : chaque mois), ou « off ».
drill_every = "30d"
# Conservation, uniquement par âge (jamais « les N derniers ») : tous les instantanés de
# moins de keep_all_within sont gardés ;
keep_all_within = "30d"
# puis un par jour jusqu'à cet âge ;
keep_daily_within = "90d"
# puis un par semaine jusqu'à cet âge ;
keep_weekly_within = "365d"
# puis un par mois jusqu'à cet âge (« hygie forget » oublie les plus anciens).
keep_monthly_within = "1825d"

[journal]
# Fréquence des points de contrôle signés du journal : « 15m », « 1h », « 1d »…
# (une minute au moins).
checkpoint_every = "1h"
# Témoin : il garde une copie de chaque point de contrôle et refuse un historique
# réécrit. Un dossier hors de ce PC (disque externe, partage réseau) ou l'adresse du
# serveur de dépôt (la même que repository). En commentaire s'il n'y en a pas encore.
{witness}
[sentinel]
# Ce que fait Hygie des programmes qui chiffrent les fichiers : « kill » (gelés à
# l'instant, puis arrêtés), « stop » (gelés et laissés tels quels pour examen par
# votre prestataire) ou « off » (alerte seulement).
contain = "kill"
# Copies des fichiers à chaque modification, gardées dans le dossier Hygie pour remettre
# en place aussi ce qui a changé depuis la dernière sauvegarde : taille maximale (Mo) ;
shadow_megabytes = 2048
# et durée de conservation de chaque copie (les copies partent par lots : une copie peut
# rester jusqu'à un huitième de cette durée de plus).
shadow_keep = "7d"
# Un fichier enregistré de nouveau moins de tant après sa dernière copie (une base de
# données, un document enregistré toutes les quelques secondes) n'est copié qu'à la fin de
# ce délai, dans sa dernière version : une copie au plus par fichier et par délai. Un
# fichier touché par une attaque peut revenir sans les modifications enregistrées dans ce
# délai avant qu'elle commence ; « 0s » : chaque version est copiée, au prix de deux fois
# plus d'écritures sur le disque.
shadow_span = "30s"

[alerts]
# Adresses prévenues par courriel de chaque alerte (le cabinet, son prestataire), par
# exemple ["secretariat@cabinet.fr", "support@prestataire.fr"]. Vide : pas de courriel.
email_to = []
# Expéditeur des courriels d'alerte, serveur d'envoi (« smtps://smtp.fournisseur.fr » ou
# « smtp+starttls://smtp.fournisseur.fr:587 ») et compte ; le mot de passe du compte va
# dans keys/smtp.password.
# email_from = "hygie@cabinet.fr"
# smtp = "smtps://smtp.fournisseur.fr"
# smtp_user = "hygie@cabinet.fr"

[mail]
# La boîte aux lettres que Hygie surveille contre l'hameçonnage (serveur IMAP, en TLS) et
# son compte ; le mot de passe va dans keys/imap.password (« hygie mail password »).
# imap = "imaps://imap.fournisseur.fr"
# user = "secretariat@cabinet.fr"
# Dossier surveillé ;
mailbox = "INBOX"
# ce que devient un message suspect : « tag » (un bandeau d'avertissement en tête,
# l'original rangé dans le dossier Hygie-Originaux) ou « quarantine » (déplacé dans le
# dossier ci-dessous). Hygie ne supprime jamais un message.
action = "tag"
# Dossier de quarantaine (créé au besoin).
quarantine = "Quarantaine"
# Intervalle entre deux coups d'œil quand le serveur ne prévient pas des nouveaux messages.
poll_seconds = 60

[comply]
# « practice » pour un cabinet, « hospital » pour un établissement de santé (durées de
# conservation, agence régionale de santé).
establishment = "practice"
# Nombre de jours sans connexion après lequel un compte est dit dormant.
dormant_days = 90
# Coordonnées reprises dans la notification à la CNIL, la lettre aux patients et la fiche
# de continuité : adresse du cabinet, référent sécurité et données personnelles,
# address = "1 rue de la Paix, 69000 Lyon"
# contact_name = "Dr Marie Martin"
# contact_phone = "04 00 00 00 00"
# contact_email = "contact@cabinet.fr"
# prestataire informatique, assureur cyber (et numéro de contrat).
# it_provider = "Informatique Services"
# it_provider_phone = "04 00 00 00 01"
# insurer = "Assureur"
# insurer_phone = "09 00 00 00 00"
# insurer_policy = "CYB-000000"

[console]
# Adresse de la console web servie par « hygie up », ou « off ». 127.0.0.1 : cette machine
# seulement ; pour les postes du cabinet, l'adresse de cette machine sur le réseau (par exemple
# "192.168.1.20:8470"), servie alors en HTTPS. Les comptes se créent avec
# « hygie console add-user NOM --role ROLE ».
listen = "127.0.0.1:8470"
# HTTPS : « auto » (dès que la console écoute au-delà de cette machine) ou « on » (toujours).
# Sans certificat fourni, Hygie en crée un (keys/console-certificate.pem) et affiche son
# empreinte, à comparer avec celle que montre le navigateur à la première connexion.
tls = "auto"
"#;

const ENGLISH_TEMPLATE: &str = r#"# Hygie configuration for "{practice_comment}".
# Each setting is explained above its line. After a change, restart
# "hygie up" (or the service) for it to take effect.

[practice]
# The practice's name, as shown in reports and in the journal.
name = {practice}

[protect]
# Folders Hygie protects: they will be backed up and watched.
# One full path per line, in quotes, followed by a comma.
paths = [
{paths}]

[vault]
# Where Hygie keeps backup snapshots: a folder on this PC (by default inside the
# Hygie folder), an external disk, or a repository server's address
# ("rest:https://nas.practice:8000/NAME", whose password is in keys/server.password).
repository = {repository}
# Certificate authority (PEM file) of the repository server, if it has its own certificate.
{server_ca}# How often "hygie up" backs up ("1h", "4h", "1d"), or "off".
backup_every = "1h"
# If the last successful backup is older than this, Hygie raises an alert.
backup_deadline = "26h"
# How often "hygie up" runs a restore drill ("30d": monthly), or "off".
drill_every = "30d"
# Retention, by age only (never "the last N"): every snapshot younger than
# keep_all_within is kept;
keep_all_within = "30d"
# then one a day up to this age;
keep_daily_within = "90d"
# then one a week up to this age;
keep_weekly_within = "365d"
# then one a month up to this age ("hygie forget" forgets older ones).
keep_monthly_within = "1825d"

[journal]
# How often the journal keeps a signed checkpoint: "15m", "1h", "1d"…
# (one minute at least).
checkpoint_every = "1h"
# Witness: it keeps a copy of every checkpoint and refuses a rewritten history. A
# folder off this PC (external disk, network share) or the repository server's
# address (the same as repository). Commented out if there is none yet.
{witness}
[sentinel]
# What Hygie does to programs that encrypt the files: "kill" (frozen at once,
# then ended), "stop" (frozen and left as they are for your IT provider to
# examine) or "off" (alert only).
contain = "kill"
# Copies of files taken at each change, kept in the Hygie folder so that changes made
# since the last backup can be put back too: maximum size (MB);
shadow_megabytes = 2048
# and how long each copy is kept.
shadow_keep = "7d"
# A file saved again less than this after its last copy (a database, a document saved
# every few seconds) is copied only when this time is over, as it is then: one copy per
# file and per span at most. A file an attack strikes may come back without the changes
# saved in that span before the attack began; "0s": every version is copied, at the price
# of twice the writes to the disk.
shadow_span = "30s"

[alerts]
# Addresses told of every alert by e-mail (the practice, its IT provider), for
# example ["office@practice.example", "support@provider.example"]. Empty: no e-mail.
email_to = []
# Sender of alert e-mails, outgoing server ("smtps://smtp.provider.example" or
# "smtp+starttls://smtp.provider.example:587") and account; the account's password
# goes in keys/smtp.password.
# email_from = "hygie@practice.example"
# smtp = "smtps://smtp.provider.example"
# smtp_user = "hygie@practice.example"

[mail]
# The mailbox Hygie guards against phishing (IMAP server, over TLS) and its account; the
# password goes in keys/imap.password ("hygie mail password").
# imap = "imaps://imap.provider.example"
# user = "reception@practice.example"
# Folder watched;
mailbox = "INBOX"
# what becomes of a suspicious message: "tag" (a warning banner on top, the original kept
# in the Hygie-Originaux folder) or "quarantine" (moved to the folder below). Hygie never
# deletes a message.
action = "tag"
# The quarantine folder (created when needed).
quarantine = "Quarantaine"
# Time between two looks when the server does not announce new messages.
poll_seconds = 60

[comply]
# "practice" for a private practice, "hospital" for a health establishment (retention
# periods, regional health agency).
establishment = "practice"
# Days without login after which an account counts as dormant.
dormant_days = 90
# Contacts used in the CNIL notification, the letter to patients and the continuity kit:
# the practice's address, its security and data-protection contact,
# address = "1 Main Street, Lyon"
# contact_name = "Dr Marie Martin"
# contact_phone = "+33 4 00 00 00 00"
# contact_email = "contact@practice.example"
# the IT provider, the cyber insurer (and policy number).
# it_provider = "IT Services"
# it_provider_phone = "+33 4 00 00 00 01"
# insurer = "Insurer"
# insurer_phone = "+33 9 00 00 00 00"
# insurer_policy = "CYB-000000"

[console]
# Address of the web console served by "hygie up", or "off". 127.0.0.1: this machine only; for
# the practice's workstations, this machine's address on the network (for example
# "192.168.1.20:8470"), then served over HTTPS. Accounts are created with
# "hygie console add-user NAME --role ROLE".
listen = "127.0.0.1:8470"
# HTTPS: "auto" (as soon as the console listens beyond this machine) or "on" (always). Hygie
# creates a certificate (keys/console-certificate.pem) and shows its fingerprint, to compare
# with the one the browser shows at the first connection.
tls = "auto"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn template(lang: Lang) -> String {
        Template {
            practice: "Cabinet \"Les Tilleuls\"",
            protect: &[PathBuf::from("/srv/dossiers"), PathBuf::from("/srv/agenda")],
            repository: "/var/lib/hygie/repository",
            server_ca: None,
            witness: None,
        }
        .render(lang)
    }

    #[test]
    fn the_template_parses_in_both_languages_with_every_key_commented() {
        for lang in [Lang::Fr, Lang::En] {
            let text = template(lang);
            let config: Config = toml::from_str(&text).unwrap();
            config.check(Path::new("hygie.toml")).unwrap();
            assert_eq!(config.practice.name, "Cabinet \"Les Tilleuls\"");
            assert_eq!(config.protect.paths.len(), 2);
            assert_eq!(
                config.checkpoint_interval().unwrap(),
                Duration::from_secs(3600)
            );
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let is_key = line.contains(" = ") && !line.starts_with('#');
                if is_key {
                    assert!(
                        lines[i - 1].starts_with('#'),
                        "{lang:?}: {line} has no comment"
                    );
                }
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_protected_folder_through_a_link_is_refused_naming_the_real_one() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dossiers");
        std::fs::create_dir(&real).unwrap();
        let real = real.canonicalize().unwrap();
        let link = dir.path().join("raccourci");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut config: Config = toml::from_str(&template(Lang::Fr)).unwrap();
        config.protect.paths = vec![link, dir.path().join("absent")];
        let error = config.check(Path::new("hygie.toml")).unwrap_err();
        assert!(error.contains("passe par un lien"), "{error}");
        assert!(error.contains(&real.display().to_string()), "{error}");
        // The real folder, and one absent for now, are accepted.
        config.protect.paths[0] = real;
        config.check(Path::new("hygie.toml")).unwrap();
    }

    #[test]
    fn intervals_read_friendly_text() {
        assert_eq!(parse_interval("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_interval("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_interval("2h 30m"), Some(Duration::from_secs(9_000)));
        assert_eq!(parse_interval("soon"), None);
        assert_eq!(parse_interval("-1h"), None);
    }

    #[test]
    fn errors_name_the_line_and_the_key() {
        let text = template(Lang::Fr).replace("[vault]", "[vault]\ncolour = \"blue\"");
        let error = toml::from_str::<Config>(&text).unwrap_err();
        let line = describe(Path::new("hygie.toml"), &text, &error);
        assert!(line.contains("colour"), "{line}");
        assert!(line.contains("ligne"), "{line}");
        assert!(!line.contains('\n'));
    }
}
