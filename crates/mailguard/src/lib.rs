//! Phishing analysis for Hygie: raw message bytes in, a verdict with its reasons out.
//!
//! The analyser is pure: it reads the bytes it is given and nothing else (no network, no
//! files). [`analyse`] parses the message (`mail-parser`), measures a set of transparent
//! signals ([`Feature`]) — links whose text lies about their target, look-alike domains,
//! senders speaking for a brand from another domain, dangerous attachments, words that ask for
//! credentials or a change of bank details — and combines them with a logistic model whose
//! weights `cargo xtask train-mailguard` learns from a training corpus (`weights.rs`). Every
//! signal that raised the score comes back as a [`Reason`] with its facts, for the program to
//! put into a sentence.
//!
//! Hostile input is expected: sizes, part counts, nesting, links and text are bounded, and
//! archives are read from their table of contents only, never unpacked.
#![forbid(unsafe_code)]

pub mod attachments;
pub mod brands;
pub mod content;
pub mod evidence;
pub mod features;
pub mod html;
pub mod links;
pub mod lookalike;
pub mod message;
pub mod model;
pub mod signals;
pub mod text;
mod weights;

use std::collections::HashSet;

pub use evidence::{Evidence, Reason};
pub use features::{Feature, Values};
pub use model::Verdict;

use crate::features::saturating;
use crate::signals::Authentication;

/// Messages above this size are refused rather than analysed.
pub const MAX_MESSAGE_BYTES: usize = 100 << 20;
/// Hidden characters that make hidden text a signal (a newsletter's hidden preview line is
/// shorter).
const HIDDEN_TEXT_FLOOR: usize = 200;

/// Letters in disguise that make a signal (a stray mathematical symbol is not one).
const STYLED_LETTERS_FLOOR: usize = 4;

/// Words mixing alphabets that make a signal (one could be a slip of the keyboard).
const MIXED_SCRIPTS_FLOOR: usize = 2;

/// What the analyser knows beyond the message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// Addresses that have written before (lower case). `None` when no history is kept.
    pub known_senders: Option<&'a HashSet<String>>,
}

/// The analyser's answer for one message.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Analysis {
    /// Malicious, suspicious or clean.
    pub verdict: Verdict,
    /// The probability that the message is malicious, in `[0, 1]`.
    pub score: f64,
    /// The signals that raised the score, strongest first.
    pub reasons: Vec<Reason>,
    /// The sender's address, if any.
    pub sender: Option<String>,
    /// The subject.
    pub subject: String,
}

/// Why a message could not be analysed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnalyseError {
    /// The bytes hold no mail header.
    #[error("not an e-mail message: no header found")]
    NotAMessage,
    /// The message is larger than [`MAX_MESSAGE_BYTES`].
    #[error("message of {0} bytes is larger than the {MAX_MESSAGE_BYTES} bytes analysed")]
    TooLarge(usize),
}

/// Analyses one message.
pub fn analyse(raw: &[u8], context: &Context<'_>) -> Result<Analysis, AnalyseError> {
    let (mut evidence, gathered) = measure(raw)?;
    let mut extra = 0.0;
    let (authentication, facts) = signals::authentication(&gathered.authentication_results);
    if authentication == Authentication::Failed {
        extra += model::AUTHENTICATION_FAILED;
        evidence.reasons.push(Reason {
            code: "auth_failed",
            facts,
            weight: model::AUTHENTICATION_FAILED,
        });
    }
    if let (Some(known), Some(from)) = (context.known_senders, &gathered.from)
        && !known.is_empty()
        && !known.contains(&from.address)
    {
        extra += model::FIRST_TIME_SENDER;
        evidence.reasons.push(Reason {
            code: "first_time_sender",
            facts: vec![("address", from.address.clone())],
            weight: model::FIRST_TIME_SENDER,
        });
    }
    let score = model::score(&mut evidence, extra);
    Ok(Analysis {
        verdict: model::verdict(score),
        score,
        reasons: model::telling(evidence.reasons),
        sender: gathered.from.map(|from| from.address),
        subject: gathered.subject,
    })
}

/// The learned signals of one message, as the model and its training see them.
pub fn features(raw: &[u8]) -> Result<Values, AnalyseError> {
    measure(raw).map(|(evidence, _)| evidence.values)
}

/// Lines read for a greeting: a body may open with a forwarded header block or a banner.
const GREETING_LINES: usize = 25;
/// Words that open a greeting line, lower case.
const GREETING_WORDS: &[&str] = &[
    "dear",
    "hello",
    "hi",
    "hey",
    "greetings",
    "bonjour",
    "cher",
    "chère",
    "salut",
    "olá",
    "ola",
    "hola",
    "hallo",
    "ciao",
    "beste",
    "caro",
    "cara",
    "prezado",
    "prezada",
    "estimado",
    "estimada",
    "sehr geehrte",
    "liebe",
    "lieber",
];

/// Words read after a greeting word for the address (`Dear valued customer x@y.fr`).
const GREETING_REACH: usize = 3;

/// Whether one of the first lines of the text greets the reader by address (`Dear
/// jean@cabinet.fr,`), where a sender who knows the reader would use a name. Reading stops at
/// the first quoted line: what follows was written to someone else.
fn greeted_by_address(text: &str, address: &str) -> bool {
    text.lines()
        .map(|line| line.trim().to_lowercase())
        .filter(|line| !line.is_empty())
        .take(GREETING_LINES)
        .take_while(|line| !line.starts_with('>') && !is_quote_attribution(line, address))
        .any(|line| {
            let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
            GREETING_WORDS.iter().any(|word| {
                line.strip_prefix(word)
                    .filter(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
                    .is_some_and(|rest| ends_greeting_with(rest, address))
            })
        })
}

/// Whether `rest` (what follows a greeting word) names the reader by `address` and ends the
/// greeting with it: within [`GREETING_REACH`] words, followed by a punctuation mark or the end
/// of the line (`, jean@cabinet.fr,`, `valued customer jean@cabinet.fr!`), not by more words
/// (`, jean@cabinet.fr est bien inscrite` speaks of the mailbox).
fn ends_greeting_with(rest: &str, address: &str) -> bool {
    let words: Vec<&str> = rest.split_whitespace().collect();
    words
        .iter()
        .take(GREETING_REACH)
        .enumerate()
        .any(|(index, word)| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
            let punctuated = word.ends_with([',', '!', ':', '.', ';']);
            bare == address && (punctuated || index + 1 == words.len())
        })
}

/// Whether the first line of a body introduces a quotation rather than greets:
/// `Jean <x@y.fr> a écrit :`, `>>>>> "J" == … <x@y.fr> writes:`. Replies start with one, and
/// the address in it is the person answered, not the reader. The line must carry a quoting
/// word followed by a colon after the address (a greeting has none), or open like an
/// attribution and end with the address (the quoting word wrapped to the next line).
pub(crate) fn is_quote_attribution(line: &str, address: &str) -> bool {
    const MARKERS: &[&str] = &[
        "wrote",
        "writes",
        "said",
        "says",
        "écrit",
        "schrieb",
        "escribió",
        "scrisse",
        "schreef",
        "escreveu",
    ];
    if line.starts_with('>') || line.starts_with("quoting ") {
        return true;
    }
    let Some((_, after)) = line.split_once(address) else {
        return false;
    };
    // `On Sat, 24 Aug 2002, Jean <x@y.fr>` with `wrote:` on the next line.
    let opens_one = ["on ", "le ", "in a message"]
        .iter()
        .any(|start| line.starts_with(start));
    if opens_one
        && after
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
    {
        return true;
    }
    let after: String = after.chars().take(100).collect();
    MARKERS.iter().any(|marker| {
        after.match_indices(marker).any(|(at, _)| {
            after[at + marker.len()..]
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with(':')
        })
    })
}

fn measure(raw: &[u8]) -> Result<(Evidence, message::Gathered), AnalyseError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(AnalyseError::TooLarge(raw.len()));
    }
    let parsed = message::parse(raw).ok_or(AnalyseError::NotAMessage)?;
    if parsed
        .parts
        .first()
        .is_none_or(|root| root.headers.is_empty())
    {
        return Err(AnalyseError::NotAMessage);
    }
    let mut evidence = Evidence::default();
    let gathered = message::gather(&parsed, &mut evidence);
    let targets = signals::links(&gathered, &mut evidence);
    signals::sender(&gathered, &targets, &mut evidence);
    signals::images(&gathered, &mut evidence);
    signals::contact_addresses(&gathered, &mut evidence);
    let mut words = String::with_capacity(gathered.subject.len() + gathered.visible_text.len() + 1);
    words.push_str(&gathered.subject);
    words.push('\n');
    words.push_str(&gathered.visible_text);
    content::read(&text::fold(&words), &mut evidence);
    if let Some(to) = &gathered.to
        && to.address.contains('@')
    {
        // The subject, or the greeting line (not a quoted « x@y wrote: » further down).
        let greeting = gathered
            .visible_text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or_default()
            .to_lowercase();
        let greets_by_address = gathered.subject.to_lowercase().contains(&to.address)
            || (greeting.contains(&to.address) && !is_quote_attribution(&greeting, &to.address))
            || greeted_by_address(&gathered.visible_text, &to.address);
        if greets_by_address {
            evidence.add(
                Feature::RecipientAddressGreeting,
                1.0,
                vec![("address", to.address.clone())],
            );
        }
    }
    let styled = gathered
        .subject
        .chars()
        .chain(gathered.visible_text.chars())
        .filter(|&c| text::is_styled_letter(c))
        .count();
    if styled >= STYLED_LETTERS_FLOOR {
        evidence.add(
            Feature::StyledLetters,
            1.0,
            vec![("count", styled.to_string())],
        );
    }
    if let Some(from) = &gathered.from {
        words.push('\n');
        words.push_str(&from.name);
    }
    if let (count @ MIXED_SCRIPTS_FLOOR.., Some(word)) = text::mixed_script_words(&words) {
        evidence.add(
            Feature::MixedScripts,
            1.0,
            vec![("word", word), ("count", count.to_string())],
        );
    }
    let junk = content::junk_tokens(&gathered.visible_text);
    if junk >= 3 {
        evidence.add(
            Feature::JunkText,
            saturating(junk, 10),
            vec![("count", junk.to_string())],
        );
    }
    if gathered.has_form {
        evidence.add(Feature::HtmlForm, 1.0, Vec::new());
    }
    if gathered.hidden_chars >= HIDDEN_TEXT_FLOOR || gathered.invisible_chars >= 10 {
        let count = gathered.hidden_chars + gathered.invisible_chars;
        evidence.add(
            Feature::HiddenText,
            saturating(count, 4 * HIDDEN_TEXT_FLOOR).max(0.5),
            vec![("count", count.to_string())],
        );
    }
    Ok((evidence, gathered))
}

#[cfg(test)]
mod tests {
    use super::{Feature, features, is_quote_attribution};

    fn fired(head: &str, body: &str) -> Vec<Feature> {
        let raw = format!("From: {head}\r\nTo: a@cabinet.fr\r\nSubject: Bonjour\r\n{body}");
        let values = features(raw.as_bytes()).expect("a message");
        Feature::ALL
            .iter()
            .copied()
            .filter(|feature| values.get(*feature) > 0.0)
            .collect()
    }

    const HTML: &str = "Content-Type: text/html; charset=utf-8\r\n\r\n";
    const TEXT: &str = "Content-Type: text/plain; charset=utf-8\r\n\r\n";

    #[test]
    fn images_from_free_hosts_are_a_signal_and_the_senders_own_are_not() {
        for image in ["https://i.imgur.com/4ol0QdT.png", "//i.ibb.co/x/logo.png"] {
            let hosted = format!("{HTML}<p>Votre compte</p><img src=\"{image}\">");
            assert!(
                fired("Banque <info@banque.fr>", &hosted).contains(&Feature::FreeImageHost),
                "{image}"
            );
        }
        // The sender's own image, a link (not an image) to a host, a picture pasted along with
        // a passage of Wikipedia.
        let own = format!(
            "{HTML}<p>Votre rendez-vous</p><img src=\"https://www.doctolib.fr/logo.png\">\
             <a href=\"https://imgur.com/a/x\">vacances</a>\
             <img src=\"https://upload.wikimedia.org/wikipedia/commons/a/a0/Hippocrate.jpg\">"
        );
        assert!(!fired("Doctolib <no-reply@doctolib.fr>", &own).contains(&Feature::FreeImageHost));
    }

    #[test]
    fn a_request_to_write_to_another_free_mail_address_is_a_signal() {
        for body in [
            "Please reply to my private email: mr.tjia@outlook.com for details.",
            "Pour la suite, écrivez-moi à l'adresse <jean.notaire@gmail.com>.",
        ] {
            let raw = format!("{TEXT}{body}");
            assert!(
                fired("Admin <administrator@hotel.it>", &raw).contains(&Feature::FreemailContact),
                "{body}"
            );
        }
        for body in [
            // The sender's own address, an address of a company, a quotation's attribution,
            // a signature.
            "Contact me at jean.martin@gmail.com any time.",
            "Contact us at contact@cabinet-medical.fr.",
            "Répondez-moi vite.\nLe 3 mars, paul.durand@yahoo.fr a écrit :",
            "Dr Marie Dupont, responsable du centre, marie.dupont@orange.fr",
            "Nouvelle patiente : Mme Durand, email : m.durand@gmail.com",
            "Courriel : dr.x@orange.fr",
            "Vous avez reçu ce message de jean@gmail.com.",
        ] {
            let raw = format!("{TEXT}{body}");
            assert!(
                !fired("Jean <jean.martin@gmail.com>", &raw).contains(&Feature::FreemailContact),
                "{body}"
            );
        }
    }

    #[test]
    fn a_greeting_by_address_further_down_is_a_signal_and_a_mention_is_not() {
        let greeted = format!(
            "{TEXT}Subject: Upcoming renewal\r\nPayPal, Inc.\r\n\r\nDear a@cabinet.fr,\r\nYour \
             subscription renews today."
        );
        assert!(
            fired("PayPal <x@renew.example>", &greeted)
                .contains(&Feature::RecipientAddressGreeting)
        );
        let mentioned = format!(
            "{TEXT}Bonjour Anne,\r\nLe compte a@cabinet.fr est bien créé.\r\nHiver : a@cabinet.fr \
             reçoit les plannings.\r\nBonjour, envoyez vos résultats à a@cabinet.fr.\r\n\
             Bonjour, a@cabinet.fr est bien inscrite."
        );
        assert!(
            !fired("Jean <jean@cabinet.fr>", &mentioned)
                .contains(&Feature::RecipientAddressGreeting)
        );
    }

    #[test]
    fn words_mixing_alphabets_are_a_signal_from_two_on() {
        // `Lооking fоr Lоvе?` with Cyrillic о and е, in the sender's name and the body.
        let disguised = format!("{TEXT}Rеviеw yоur matches");
        assert!(
            fired("L\u{43e}\u{43e}king <x@datex.com>", &disguised).contains(&Feature::MixedScripts)
        );
        let one = format!("{TEXT}Une faute de frappe : bonjоur.");
        assert!(!fired("Jean <jean@cabinet.fr>", &one).contains(&Feature::MixedScripts));
    }

    #[test]
    fn quote_attributions_are_told_from_greetings_by_address() {
        let address = "jean@cabinet.fr";
        for attribution in [
            ">>>>> \"j\" == jean <jean@cabinet.fr> writes:",
            "jean@cabinet.fr (jean) writes:",
            "in a message dated 9/23/2002, jean@cabinet.fr writes:",
            "le 3 mars, jean <jean@cabinet.fr> a écrit :",
            "on sat, 24 aug 2002, \"jean\" <jean@cabinet.fr>",
            "quoting jean (jean@cabinet.fr):",
        ] {
            assert!(is_quote_attribution(attribution, address), "{attribution}");
        }
        for greeting in [
            "bonjour jean@cabinet.fr,",
            "le compte jean@cabinet.fr sera suspendu",
            "on 12/05 your mailbox jean@cabinet.fr will be closed",
            "jean@cabinet.fr says hello: your parcel is waiting",
            "cher jean@cabinet.fr, confirmez par écrit votre identité",
        ] {
            assert!(!is_quote_attribution(greeting, address), "{greeting}");
        }
    }
}
