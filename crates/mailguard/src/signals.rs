//! Signals from links and from the sender.

use std::collections::BTreeSet;

use crate::brands::{
    self, BRANDS, Brand, FREE_HOSTING, FREE_IMAGE_HOSTS, FREEMAIL, RISKY_TLDS, SHORTENERS,
};
use crate::evidence::Evidence;
use crate::features::Feature;
use crate::links::{self, Target};
use crate::lookalike::{self, Imitation};
use crate::message::Gathered;
use crate::text::fold;

/// Words by which a sender's name speaks for an organisation rather than a person.
const INSTITUTIONAL_WORDS: &[&str] = &[
    "service",
    "services",
    "support",
    "securite",
    "administration",
    "direction",
    "equipe",
    "team",
    "security",
    "department",
    "account",
    "accounts",
    "compte",
    "helpdesk",
    "help desk",
    "service client",
    "customer",
    "billing",
    "facturation",
    "comptabilite",
    "notification",
    "notifications",
    "assistance",
    "webmaster",
    "admin",
    "it",
    "informatique",
    "kundenservice",
    "kundendienst",
    "kundensupport",
    "klantenservice",
    "klantendienst",
    "servicio",
    "soporte",
    "equipo",
    "servizio",
    "assistenza",
    "atendimento",
    "suporte",
    "verwaltung",
    "sicherheit",
    "beveiliging",
    "abteilung",
    "afdeling",
];

/// Reads the links.
pub fn links(gathered: &Gathered, evidence: &mut Evidence) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut hosts_compared = std::collections::HashSet::new();
    for link in &gathered.links {
        let Some(target) = links::target(&link.href) else {
            continue;
        };
        let shown = || vec![("target", target.readable_host.clone())];
        if target.ip {
            evidence.add(Feature::LinkToIpAddress, 1.0, shown());
        }
        if target.userinfo {
            evidence.add(Feature::LinkUserinfoTrick, 1.0, shown());
        }
        if brands::listed(&target.host, SHORTENERS) {
            evidence.add(Feature::LinkShortener, 1.0, shown());
        }
        if brands::listed(&target.host, FREE_HOSTING) {
            evidence.add(Feature::LinkFreeHosting, 1.0, shown());
        }
        if links::is_redirector(&target) {
            evidence.add(Feature::LinkRedirector, 1.0, shown());
        }
        if let Some(registrable) = &target.registrable {
            let top_level = registrable.rsplit('.').next().unwrap_or_default();
            if RISKY_TLDS.contains(&top_level) {
                evidence.add(Feature::RiskyTld, 1.0, shown());
            }
            if hosts_compared.insert(target.host.clone()) {
                imitation(&target.readable_host, &target.readable_site(), evidence);
            }
        }
        if let Some(displayed) = links::shown_target(&link.text)
            && displayed.site() != target.site()
        {
            evidence.add(
                Feature::LinkTextMismatch,
                1.0,
                vec![
                    ("shown", displayed.readable_site()),
                    ("target", target.readable_site()),
                ],
            );
        }
        targets.push(target);
    }
    targets
}

fn imitation(host: &str, registrable: &str, evidence: &mut Evidence) {
    if let Some(found) = lookalike::imitation(host, registrable) {
        let how = match found.how {
            Imitation::LookalikeLetters => "letters",
            Imitation::Typo => "typo",
            Imitation::NameInside => "name",
        };
        evidence.add(
            Feature::LookalikeDomain,
            1.0,
            vec![
                ("domain", host.to_owned()),
                ("brand", found.brand.name.to_owned()),
                ("how", how.to_owned()),
            ],
        );
    }
}

/// Reads the sender, the reply address, and the brands claimed against the links' sites.
pub fn sender(gathered: &Gathered, targets: &[Target], evidence: &mut Evidence) {
    let Some(from) = &gathered.from else {
        evidence.add(
            Feature::InvalidSender,
            1.0,
            vec![("address", String::new())],
        );
        return;
    };
    if gathered.malformed_sender {
        evidence.add(
            Feature::InvalidSender,
            1.0,
            vec![("address", from.address.clone())],
        );
    }
    let Some(from_site) = links::registrable_domain(from.domain()) else {
        evidence.add(
            Feature::InvalidSender,
            1.0,
            vec![("address", from.address.clone())],
        );
        return;
    };
    let top_level = from_site.rsplit('.').next().unwrap_or_default();
    if RISKY_TLDS.contains(&top_level) {
        evidence.add(
            Feature::RiskyTld,
            1.0,
            vec![("target", from.address.clone())],
        );
    }
    let readable_from_site = links::readable(&from_site);
    imitation(
        &links::readable(from.domain()),
        &readable_from_site,
        evidence,
    );

    let name = fold(&from.name);
    let claimed_by_name: Vec<&'static Brand> = brands::claimed_in(&name).collect();
    if let Some(brand) = claimed_by_name
        .iter()
        .find(|brand| !brands::belongs(&from_site, brand))
    {
        evidence.add(
            Feature::SenderImpersonation,
            1.0,
            vec![
                ("brand", brand.name.to_owned()),
                ("address", from.address.clone()),
            ],
        );
    }
    if let Some(shown) = address_in_name(&from.name)
        && shown.rsplit_once('@').is_some_and(|(_, domain)| {
            links::registrable_domain(domain).as_deref() != Some(from_site.as_str())
        })
    {
        evidence.add(
            Feature::SenderNameAddress,
            1.0,
            vec![("shown", shown), ("address", from.address.clone())],
        );
    }
    if let Some(reply_to) = &gathered.reply_to
        && !gathered.mailing_list
    {
        let reply_site = links::registrable_domain(reply_to.domain())
            .unwrap_or_else(|| reply_to.domain().to_owned());
        if !reply_site.is_empty() && reply_site != from_site {
            evidence.add(
                Feature::ReplyToElsewhere,
                1.0,
                vec![
                    ("reply_to", reply_to.address.clone()),
                    ("address", from.address.clone()),
                ],
            );
        }
    }
    if let Some(other) = gathered.extra_senders.first() {
        evidence.add(
            Feature::SenderNameAddress,
            1.0,
            vec![("shown", other.clone()), ("address", from.address.clone())],
        );
    }
    let speaks_for_an_organisation = INSTITUTIONAL_WORDS
        .iter()
        .any(|word| name.contains(&format!(" {word} ")));
    let institutional = !claimed_by_name.is_empty() || speaks_for_an_organisation;
    if speaks_for_an_organisation
        && claimed_by_name.is_empty()
        && !brands::listed(&from_site, FREEMAIL)
        && !name_matches_address(&name, &from.address)
    {
        evidence.add(
            Feature::SenderNameMismatch,
            1.0,
            vec![
                ("name", from.name.clone()),
                ("address", from.address.clone()),
            ],
        );
    }
    // Without its `+tag` (`kevin+dated+1031593647.e87527` is a person's tagged address), whole
    // and piece by piece: `jmwjtlwp`, `982pr3j3xihf` and `xq7k.zt9w.p2mv` are made by machines.
    let local_part = from.address.split('@').next().unwrap_or_default();
    let untagged = local_part.split('+').next().unwrap_or_default();
    if looks_random(untagged)
        || untagged.split(['.', '-', '_']).any(looks_random)
        || from_site.split('.').next().is_some_and(looks_random)
    {
        evidence.add(
            Feature::RandomSender,
            1.0,
            vec![("address", from.address.clone())],
        );
    }
    if brands::listed(&from_site, FREEMAIL) && institutional {
        evidence.add(
            Feature::FreemailInstitution,
            1.0,
            vec![
                ("name", from.name.clone()),
                ("address", from.address.clone()),
            ],
        );
    }

    let subject = fold(&gathered.subject);
    let claimed: BTreeSet<&'static str> = claimed_by_name
        .iter()
        .map(|brand| brand.name)
        .chain(brands::claimed_in(&subject).map(|brand| brand.name))
        .collect();
    let sites: Vec<&Target> = targets.iter().filter(|target| !target.ip).collect();
    for brand in BRANDS.iter().filter(|brand| claimed.contains(brand.name)) {
        let any_to_brand = sites
            .iter()
            .any(|target| brands::belongs(target.site(), brand));
        let elsewhere = targets
            .iter()
            .find(|target| !brands::belongs(target.site(), brand));
        if let (false, Some(elsewhere)) = (any_to_brand, elsewhere) {
            evidence.add(
                Feature::BrandLinksElsewhere,
                1.0,
                vec![
                    ("brand", brand.name.to_owned()),
                    ("target", elsewhere.readable_site()),
                ],
            );
            break;
        }
    }
}

/// Whether one of the name's own words (not the organisational ones) appears in the address.
fn name_matches_address(folded_name: &str, address: &str) -> bool {
    let address: String = address
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect();
    folded_name
        .split_whitespace()
        .filter(|word| word.len() >= 3 && !INSTITUTIONAL_WORDS.contains(word))
        .any(|word| address.contains(word))
}

/// Whether a name looks machine-made: long consonant runs, or letters and digits interleaved.
fn looks_random(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.len() < 8 {
        return false;
    }
    let mut longest_consonants = 0;
    let mut consonants = 0;
    let mut switches = 0;
    let mut digits = 0;
    let mut previous_digit = None;
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        }
        if c.is_ascii_alphabetic() && !"aeiouy".contains(c) {
            consonants += 1;
            longest_consonants = longest_consonants.max(consonants);
        } else {
            consonants = 0;
        }
        if c.is_ascii_alphanumeric() {
            let digit = c.is_ascii_digit();
            if previous_digit.is_some_and(|before| before != digit) {
                switches += 1;
            }
            previous_digit = Some(digit);
        }
    }
    let letters = name.chars().filter(char::is_ascii_alphabetic).count();
    let vowels = name.chars().filter(|c| "aeiouy".contains(*c)).count();
    // Five consonants in a row also occur in words run together (`mindspring`, `sbcglobal`):
    // those keep a vowel in five letters.
    longest_consonants >= 6
        || (longest_consonants >= 5 && vowels * 5 < letters)
        || (digits >= 2 && switches >= 4)
}

/// Starts of words that, just before an address, ask to write to it (matched at the start of
/// a folded word: `contactez`, `replying`, `écrivez`, `schreiben`). Labels (`Email :`,
/// `Courriel :`, `Contact :`) are not among them: a referral gives a patient's address so.
const CONTACT_VERBS: &[&str] = &[
    "contactez",
    "contacter",
    "contacte",
    "contactar",
    "contacta",
    "contactem",
    "kontaktier",
    "reply",
    "write",
    "writing",
    "respond",
    "answer",
    "reach",
    "ecrivez",
    "ecrire",
    "ecris",
    "repondez",
    "repondre",
    "reponds",
    "schreib",
    "antwort",
    "escreva",
    "escriba",
    "escribe",
    "scrivi",
    "scriva",
];
/// Requests made of a noun and a pronoun, folded, with their spaces.
const CONTACT_PHRASES: &[&str] = &[" contact me ", " contact us ", " email me ", " mail me "];
/// How far before an address (in bytes of text) a contact word counts.
const CONTACT_REACH: usize = 60;
/// Bytes read on each side of an address for its line.
const LINE_WINDOW: usize = 200;
/// Addresses looked at per message; a text with more is judged on these.
const MAX_ADDRESSES_READ: usize = 1_000;

/// Images served by a free image host or taken from another site's pages.
pub fn images(gathered: &Gathered, evidence: &mut Evidence) {
    for source in &gathered.image_sources {
        // `//i.imgur.com/x.png` takes the page's scheme.
        let source = match source.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => source.clone(),
        };
        if let Some(target) = links::target(&source)
            && brands::listed(&target.host, FREE_IMAGE_HOSTS)
        {
            evidence.add(
                Feature::FreeImageHost,
                1.0,
                vec![("host", target.readable_host)],
            );
            return;
        }
    }
}

/// The text asks to write to a free mail address that is not the sender's (`contact me at
/// x@gmail.com`): answers leave the sender's domain for an inbox anyone can open. The reader's
/// own address, the `Reply-To` (a signal of its own) and the address of a quotation's
/// attribution (`Le 3 mars, x@orange.fr a écrit :`) do not count.
pub fn contact_addresses(gathered: &Gathered, evidence: &mut Evidence) {
    let known: Vec<&str> = [&gathered.from, &gathered.reply_to, &gathered.to]
        .into_iter()
        .flatten()
        .map(|mailbox| mailbox.address.as_str())
        .collect();
    let text = &gathered.visible_text;
    let mut searched = 0;
    for _ in 0..MAX_ADDRESSES_READ {
        let Some(at) = text[searched..].find('@').map(|at| searched + at) else {
            return;
        };
        // An address's parts are short (64 bytes before `@`, a domain name 253 after).
        let reach_back = text.floor_char_boundary(at.saturating_sub(64));
        let start = text[reach_back..at]
            .rfind(|c: char| !is_address_char(c))
            .map_or(reach_back, |before| {
                let before = reach_back + before;
                before + text[before..].chars().next().map_or(1, char::len_utf8)
            });
        let reach_on = text.floor_char_boundary(at + 1 + 253);
        let end = text[at + 1..reach_on]
            .find(|c: char| !is_address_char(c))
            .map_or(reach_on, |after| at + 1 + after);
        // Candidates never overlap: the next one starts after this one.
        searched = end;
        let address = text[start..end].trim_end_matches('.').to_lowercase();
        let Some((user, domain)) = address.split_once('@') else {
            continue;
        };
        // Mailboxes are at the provider's own domain (`x@aol.com`; `listserv.aol.com` is a
        // server, not a mailbox anyone opens).
        if user.is_empty() || !FREEMAIL.contains(&domain) || known.contains(&address.as_str()) {
            continue;
        }
        // The address's line, within a window: an attribution is short.
        let window_start = text.floor_char_boundary(start.saturating_sub(LINE_WINDOW));
        let line_start = text[window_start..start]
            .rfind('\n')
            .map_or(window_start, |newline| window_start + newline + 1);
        let window_end = text.floor_char_boundary(end + LINE_WINDOW);
        let line_end = text[end..window_end]
            .find('\n')
            .map_or(window_end, |newline| end + newline);
        if crate::is_quote_attribution(&text[line_start..line_end].to_lowercase(), &address) {
            continue;
        }
        let before =
            fold(&text[text.floor_char_boundary(start.saturating_sub(CONTACT_REACH))..start]);
        let asks = before
            .split(' ')
            .any(|word| CONTACT_VERBS.iter().any(|verb| word.starts_with(verb)))
            || CONTACT_PHRASES.iter().any(|phrase| before.contains(phrase));
        if asks {
            evidence.add(Feature::FreemailContact, 1.0, vec![("address", address)]);
            return;
        }
    }
}

fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@')
}

/// An address written inside a display name (`support@paypal.com` in
/// `"support@paypal.com" <x@evil.example>`).
fn address_in_name(name: &str) -> Option<String> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\''))
        .find(|word| {
            word.split_once('@')
                .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
        })
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
}

/// What the receiving provider said about the sender's authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authentication {
    /// SPF, DKIM or DMARC failed.
    Failed,
    /// DMARC passed (the `From` domain is the real sender).
    Passed,
    /// Not checked, or nothing conclusive.
    Unknown,
}

/// Reads `Authentication-Results` headers (RFC 8601): the provider's SPF, DKIM and DMARC
/// verdicts.
pub fn authentication(headers: &[String]) -> (Authentication, Vec<(&'static str, String)>) {
    let mut failed = Vec::new();
    let mut dmarc_passed = false;
    for header in headers {
        for clause in header.split(';') {
            let clause = clause.trim().to_ascii_lowercase();
            for method in ["spf", "dkim", "dmarc"] {
                let Some(result) = clause
                    .strip_prefix(method)
                    .and_then(|rest| rest.trim_start().strip_prefix('='))
                else {
                    continue;
                };
                let result = result.split_whitespace().next().unwrap_or_default();
                match (method, result) {
                    (_, "fail" | "permerror") | ("spf", "softfail")
                        if !failed.contains(&method) =>
                    {
                        failed.push(method);
                    }
                    ("dmarc", "pass") => dmarc_passed = true,
                    _ => {}
                }
            }
        }
    }
    if !failed.is_empty() {
        (
            Authentication::Failed,
            vec![("checks", failed.join(", ").to_uppercase())],
        )
    } else if dmarc_passed {
        (Authentication::Passed, Vec::new())
    } else {
        (Authentication::Unknown, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentication_results_are_read() {
        let failed =
            vec!["mx.example; spf=softfail smtp.mailfrom=x; dkim=none; dmarc=fail".to_owned()];
        assert_eq!(authentication(&failed).0, Authentication::Failed);
        assert_eq!(authentication(&failed).1[0].1, "SPF, DMARC");
        let passed =
            vec!["mx.example; spf=pass; dkim=pass header.d=ameli.fr; dmarc=pass".to_owned()];
        assert_eq!(authentication(&passed).0, Authentication::Passed);
        assert_eq!(authentication(&[]).0, Authentication::Unknown);
    }

    #[test]
    fn machine_made_names_are_told_from_real_ones() {
        assert!(looks_random("j2vpogsbo7hiv0rpczp4"));
        assert!(looks_random("qxkzvbtwe"));
        assert!(looks_random("jmwjtlwp"));
        for real in [
            "newsletter",
            "ne-pas-repondre",
            "jean.dupont",
            "secretariat",
            "rendezvous2024",
            "mindspring",
            "sbcglobal",
        ] {
            assert!(!looks_random(real), "{real}");
        }
    }

    #[test]
    fn an_address_inside_a_name_is_found() {
        assert_eq!(
            address_in_name("\"support@paypal.com\" via"),
            Some("support@paypal.com".to_owned())
        );
        assert_eq!(address_in_name("Dr Martin"), None);
    }
}
