//! The mail corpora of `../shared/data/mail`, seen the way its README prescribes: the
//! "content view" (no trace headers, one neutral recipient, no date), split deterministically
//! into training and development sides with each campaign on one side only.

use std::fs;
use std::path::{Path, PathBuf};

use hygie_mailguard::message;
use sha2::{Digest, Sha256};

/// The neutral address every recipient becomes.
pub const NEUTRAL_RECIPIENT: &str = "recipient@example.org";

/// One message of the corpus.
pub struct Sample {
    /// Where it came from.
    pub path: PathBuf,
    /// Phishing (true) or legitimate (false).
    pub phishing: bool,
    /// The content view.
    pub view: Vec<u8>,
    /// Its theme, for per-theme recall (phishing only).
    pub theme: &'static str,
    /// Its fold (of [`FOLDS`]) for cross-validation within its side, by campaign too.
    pub fold: usize,
}

/// Folds of the cross-validation within a side.
pub const FOLDS: usize = 5;

/// Which side of the split a sample is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Used to learn the weights.
    Train,
    /// Used only to measure.
    Dev,
}

/// The corpus folder: `HYGIE_MAIL_CORPUS`, else `../shared/data/mail` beside the workspace.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("HYGIE_MAIL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/data/mail"))
}

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Every sample of one side, phishing and ham, in a stable order.
pub fn load(side: Side) -> Result<Vec<Sample>, String> {
    let root = corpus_dir();
    if !root.join("README.md").exists() {
        return Err(format!(
            "no mail corpus at {} (set HYGIE_MAIL_CORPUS to the folder holding phishing/ and ham/)",
            root.display()
        ));
    }
    let mut samples = Vec::new();
    for (folder, phishing) in [("phishing", true), ("ham", false)] {
        let mut files = Vec::new();
        collect(&root.join(folder), &mut files)?;
        files.sort();
        for path in files {
            let raw =
                fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // Keyed on the path within the corpus, so that the split does not depend on
            // where the corpus lies.
            let digest = campaign_digest(&raw, path.strip_prefix(&root).unwrap_or(&path));
            if side_from(&digest) != side {
                continue;
            }
            let view = content_view(&raw);
            let theme = if phishing { theme_of(&view) } else { "ham" };
            samples.push(Sample {
                path,
                phishing,
                view,
                theme,
                fold: usize::from(digest[1]) % FOLDS,
            });
        }
    }
    Ok(samples)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.file_name().is_some_and(|name| name != "cmds") {
            files.push(path);
        }
    }
    Ok(())
}

/// Headers that trace a message's path or its era rather than its content; dropped from both
/// classes alike.
fn is_trace_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "received"
            | "received-spf"
            | "authentication-results"
            | "dkim-signature"
            | "return-path"
            | "delivered-to"
            | "message-id"
            | "status"
            | "date"
    ) || name.starts_with("arc-")
        || name.starts_with("x-")
}

fn is_recipient_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "to" | "cc" | "bcc" | "delivered-to" | "x-original-to" | "envelope-to"
    )
}

/// The content view of a raw message: trace headers and the mbox envelope line dropped, every
/// recipient replaced by one neutral address (in the headers and wherever the address recurs),
/// no `Date:`.
pub fn content_view(raw: &[u8]) -> Vec<u8> {
    let (head, body) = message::split_head(raw);
    let fields = message::header_fields(head);
    let mut recipients: Vec<Vec<u8>> = vec![b"phishing@pot".to_vec()];
    for (name, field) in &fields {
        if is_recipient_header(name) {
            recipients.extend(addresses_in(field));
        }
    }
    let mut view = Vec::with_capacity(raw.len());
    let mut wrote_recipient = false;
    for (name, field) in &fields {
        if is_recipient_header(name) {
            if !wrote_recipient && name.eq_ignore_ascii_case("to") {
                view.extend_from_slice(format!("To: {NEUTRAL_RECIPIENT}\n").as_bytes());
                wrote_recipient = true;
            }
            continue;
        }
        // Not a header: the mbox envelope line (`From sender date`), which only the old
        // corpus carries, and stray lines.
        let not_a_header = name.is_empty() || name.contains(char::is_whitespace);
        if not_a_header || is_trace_header(name) {
            continue;
        }
        view.extend_from_slice(&replace_all(field, &recipients));
    }
    if !wrote_recipient {
        view.extend_from_slice(format!("To: {NEUTRAL_RECIPIENT}\n").as_bytes());
    }
    view.extend_from_slice(b"\n");
    view.extend_from_slice(&replace_all(body, &recipients));
    view
}

fn addresses_in(field: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(field);
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ',' | '"' | ';' | ':'))
        .filter(|word| {
            word.split_once('@')
                .is_some_and(|(user, domain)| !user.is_empty() && !domain.is_empty())
        })
        .map(|word| word.as_bytes().to_vec())
        .collect()
}

fn replace_all(bytes: &[u8], needles: &[Vec<u8>]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for needle in needles {
        if needle.len() < 3 {
            continue;
        }
        let mut replaced = Vec::with_capacity(out.len());
        let mut index = 0;
        while index < out.len() {
            if out[index..].len() >= needle.len()
                && out[index..index + needle.len()].eq_ignore_ascii_case(needle)
            {
                replaced.extend_from_slice(NEUTRAL_RECIPIENT.as_bytes());
                index += needle.len();
            } else {
                replaced.push(out[index]);
                index += 1;
            }
        }
        out = replaced;
    }
    out
}

/// The side of the split, from the campaign's digest ([`campaign_digest`]), so that a
/// campaign's variants and a thread's replies stay together.
fn side_from(digest: &[u8]) -> Side {
    if digest[0] % 10 < 7 {
        Side::Train
    } else {
        Side::Dev
    }
}

/// A hash of the message's campaign (the subject with digits and reply prefixes removed): its
/// first byte gives the side, its second the fold.
fn campaign_digest(raw: &[u8], path: &Path) -> Vec<u8> {
    let key = hygie_mailguard::message::parse(raw)
        .and_then(|message| message.subject().map(campaign_key))
        .filter(|key| !key.is_empty())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    Sha256::digest(key.as_bytes()).to_vec()
}

fn campaign_key(subject: &str) -> String {
    let mut key = hygie_mailguard::text::fold(subject);
    loop {
        let trimmed = key.trim_start();
        let stripped = ["re ", "fw ", "fwd ", "tr "]
            .iter()
            .find_map(|prefix| trimmed.strip_prefix(prefix));
        match stripped {
            Some(rest) => key = rest.to_owned(),
            None => break,
        }
    }
    let mut digits_replaced = String::with_capacity(key.len());
    for c in key.chars() {
        if !c.is_ascii_digit() {
            digits_replaced.push(c);
        } else if !digits_replaced.ends_with('#') {
            digits_replaced.push('#');
        }
    }
    digits_replaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A phishing message's theme, from its words (for per-theme recall).
fn theme_of(view: &[u8]) -> &'static str {
    let Some(message) = hygie_mailguard::message::parse(view) else {
        return "other";
    };
    let mut text = message.subject().unwrap_or_default().to_owned();
    if let Some(body) = message.body_text(0) {
        text.push(' ');
        text.push_str(&body);
    }
    let folded = hygie_mailguard::text::fold(&text);
    let has = |words: &[&str]| hygie_mailguard::text::count_phrases(&folded, words) > 0;
    if has(&[
        "password",
        "mot de passe",
        "sign in",
        "log in",
        "login",
        "verify your account",
        "mailbox",
        "email account",
        "confirm your identity",
        "passwort",
        "senha",
        "identifiant",
    ]) {
        "credentials"
    } else if has(&[
        "package",
        "parcel",
        "delivery",
        "shipment",
        "colis",
        "livraison",
        "tracking",
    ]) {
        "parcel"
    } else if has(&[
        "invoice",
        "payment",
        "facture",
        "paiement",
        "receipt",
        "order",
        "subscription",
        "renewal",
    ]) {
        "invoice or payment"
    } else if has(&[
        "won",
        "winner",
        "prize",
        "reward",
        "gift",
        "survey",
        "congratulations",
        "bonus",
        "free",
    ]) {
        "prize or survey"
    } else if has(&[
        "bitcoin",
        "crypto",
        "investment",
        "loan",
        "inheritance",
        "million",
        "fund",
        "beneficiary",
    ]) {
        "money scam"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_view_drops_traces_and_recipients() {
        let raw = b"From a@b.fr  Thu Aug 22 12:36:23 2002\nReceived: from x\n\tby y\nDate: Mon, 1 Jan 2024\nFrom: A <a@b.fr>\nTo: phishing@pot\nX-MS-Has-Attach: yes\nSubject: Hello\nMessage-ID: <1@b>\n\nDear phishing@pot, hi";
        let view = String::from_utf8(content_view(raw)).unwrap();
        assert_eq!(
            view,
            "From: A <a@b.fr>\nTo: recipient@example.org\nSubject: Hello\n\nDear recipient@example.org, hi"
        );
    }

    #[test]
    fn campaigns_share_a_side() {
        assert_eq!(
            campaign_key("RE: Fwd: Votre colis n°12345"),
            campaign_key("Votre colis n°99")
        );
        // One digest, hence one side and one fold.
        let a = campaign_digest(b"Subject: Invoice 1234\n\nx", Path::new("a"));
        let b = campaign_digest(b"Subject: Re: invoice 9\n\ny", Path::new("b"));
        assert_eq!(a, b);
    }
}
