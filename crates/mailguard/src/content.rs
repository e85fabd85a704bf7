//! What the words of a message ask for: credentials, payment, haste; what they threaten and
//! promise. French and English phrases, folded (see [`crate::text::fold`]).

use crate::evidence::Evidence;
use crate::features::{Feature, saturating};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::text::count_phrases;

/// A family of phrases and the signal it feeds.
struct Family {
    feature: Feature,
    phrases: &'static [&'static str],
    /// How many distinct phrases make the signal full.
    saturation: usize,
}

const FAMILIES: &[Family] = &[
    Family {
        feature: Feature::CredentialRequest,
        saturation: 2,
        phrases: &[
            "mot de passe",
            "mots de passe",
            "vos identifiants",
            "votre identifiant",
            "identifiant et mot de passe",
            "code de confirmation",
            "code de verification",
            "code secret",
            "code pin",
            "code sms",
            "code recu par sms",
            "saisissez votre",
            "saisissez vos",
            "saisir vos",
            "renseignez vos",
            "confirmez vos informations",
            "confirmer vos informations",
            "confirmer votre identite",
            "verifier votre identite",
            "verifiez votre identite",
            "mettre a jour vos informations",
            "mettez a jour vos",
            "verifier votre compte",
            "verifiez votre compte",
            "reactiver votre compte",
            "reactivez votre compte",
            "valider votre compte",
            "validez votre compte",
            "numero de carte",
            "carte bancaire",
            "cryptogramme",
            "date d expiration",
            "connectez vous des maintenant",
            "authentifiez vous",
            "re authentifier",
            "password",
            "passcode",
            "verification code",
            "one time code",
            "login details",
            "login credentials",
            "sign in to your account",
            "log in to your account",
            "verify your account",
            "verify your identity",
            "confirm your identity",
            "confirm your account",
            "update your account",
            "update your information",
            "update your payment",
            "validate your account",
            "reactivate your account",
            "unlock your account",
            "card number",
            "card details",
            "security question",
            "social security number",
            "your credentials",
            "enter your email",
            "recovery phrase",
            "seed phrase",
            "secret phrase",
            "phrase de recuperation",
            "connect your wallet",
            "verify your wallet",
            "validate your wallet",
            "sync your wallet",
            // de, nl, es, it, pt
            "passwort",
            "kennwort",
            "zugangsdaten",
            "anmeldedaten",
            "konto bestatigen",
            "bestatigen sie ihr konto",
            "verifizieren sie",
            "wachtwoord",
            "inloggegevens",
            "bevestig uw",
            "verifieer uw",
            "contrasena",
            "verifique su cuenta",
            "confirme su cuenta",
            "credenziali",
            "verifica il tuo account",
            "senha",
            "confirme sua conta",
            "verifique sua conta",
        ],
    },
    Family {
        feature: Feature::PaymentChange,
        saturation: 2,
        phrases: &[
            "iban",
            "rib",
            "releve d identite bancaire",
            "coordonnees bancaires",
            "nouvelles coordonnees bancaires",
            "nouveau compte bancaire",
            "changement de banque",
            "changement de rib",
            "changement de coordonnees",
            "effectuer un virement",
            "proceder au virement",
            "virement urgent",
            "regler la somme",
            "regler le montant",
            "paiement immediat",
            "frais de",
            "payer les frais",
            "reglement en attente",
            "bank details",
            "banking details",
            "new bank account",
            "change of bank",
            "wire transfer",
            "bank transfer",
            "payment details",
            "remit payment",
            "outstanding payment",
            "pay the fee",
            "processing fee",
            "gift cards",
            "bankverbindung",
            "zahlung",
            "uberweisung",
            "betaling",
            "bankgegevens",
            "pago",
            "transferencia",
            "pagamento",
            "bonifico",
        ],
    },
    Family {
        feature: Feature::Urgency,
        saturation: 2,
        phrases: &[
            "urgent",
            "urgence",
            "immediatement",
            "sans delai",
            "des que possible",
            "sous 24 heures",
            "sous 24h",
            "sous 48 heures",
            "sous 48h",
            "dans les 24 heures",
            "dans les 24h",
            "dans les 48 heures",
            "dans les 48h",
            "avant le",
            "dernier delai",
            "dernier rappel",
            "derniere relance",
            "derniere chance",
            "action requise",
            "action immediate",
            "expire aujourd hui",
            "expire bientot",
            "rapidement",
            "urgently",
            "act immediately",
            "respond immediately",
            "immediately to avoid",
            "verify immediately",
            "update immediately",
            "right away",
            "as soon as possible",
            "within 24 hours",
            "within 48 hours",
            "within 12 hours",
            "act now",
            "action required",
            "immediate action",
            "final notice",
            "final reminder",
            "last chance",
            "expires today",
            "expire today",
            "limited time",
            "don t delay",
            "asap",
            "sofort",
            "expirar",
            "prestes a expirar",
            "expiram",
            "vencimento",
            "cancelamento",
            "ultimo aviso",
            "ablauf",
            "abgelaufen",
            "laatste mededeling",
            "verloopt",
            "vence hoy",
            "umgehend",
            "nur heute",
            "letzte chance",
            "onmiddellijk",
            "per direct",
            "dringend",
            "vandaag nog",
            "laatste kans",
            "inmediatamente",
            "urgente",
            "ultima oportunidad",
            "immediatamente",
            "subito",
            "imediatamente",
        ],
    },
    Family {
        feature: Feature::Threat,
        saturation: 2,
        phrases: &[
            "sera suspendu",
            "sera suspendue",
            "sera bloque",
            "sera bloquee",
            "sera desactive",
            "sera desactivee",
            "sera supprime",
            "sera supprimee",
            "sera ferme",
            "sera cloture",
            "seront supprimes",
            "seront perdus",
            "suspension de votre",
            "blocage de votre",
            "cloture de votre",
            "desactivation de votre",
            "poursuites",
            "penalites",
            "majoration",
            "majorations",
            "amende",
            "huissier",
            "recouvrement force",
            "mise en demeure",
            "acces restreint",
            "compte restreint",
            "will be suspended",
            "will be closed",
            "will be deleted",
            "will be terminated",
            "will be locked",
            "will be disabled",
            "will be blocked",
            "permanently deleted",
            "permanently closed",
            "account suspended",
            "account locked",
            "account limited",
            "legal action",
            "unusual activity",
            "suspicious activity",
            "unauthorized access",
            "activite inhabituelle",
            "activite suspecte",
            "connexion inhabituelle",
            "tentative de connexion",
            "unusual sign in",
            "unusual signin",
            "sign in activity",
            "multa",
            "bloqueio",
            "suspensao",
            "pendente",
            "regularize",
            "gesperrt",
            "gesperrt werden",
            "sperrung",
            "eingeschrankt",
            "geblokkeerd",
            "opgeschort",
            "verwijderd",
            "bloqueada",
            "suspendida",
            "bloccato",
            "sospeso",
            "bloqueada",
            "suspensa",
        ],
    },
    Family {
        feature: Feature::PrizeLure,
        saturation: 2,
        phrases: &[
            "felicitations",
            "vous avez gagne",
            "vous avez ete selectionne",
            "gagnant",
            "tirage au sort",
            "loterie",
            "cadeau",
            "carte cadeau",
            "recompense",
            "lot a retirer",
            "congratulations",
            "you have won",
            "you ve won",
            "you are a winner",
            "winner",
            "you have been selected",
            "you ve been selected",
            "gift card",
            "reward",
            "prize",
            "claim your",
            "free gift",
            "lottery",
            "jackpot",
            "inheritance",
            "beneficiary",
            "next of kin",
            "has donated",
            "charity project",
            "fundo de donativos",
            "bitcoin",
            "airdrop",
            "free crypto",
            "crypto giveaway",
            "crypto reward",
            "investment opportunity",
            "million dollars",
            "casino",
            "bonus",
            "gewonnen",
            "gewinner",
            "gewinnspiel",
            "belohnung",
            "geschenk",
            "gratis",
            "kostenlos",
            "pramie",
            "beloning",
            "cadeau",
            "prijs",
            "winnaar",
            "premio",
            "ganador",
            "regalo",
            "vincitore",
            "omaggio",
            "ganhou",
            "premio",
            "brinde",
            "mystery box",
            "pontos",
            "resgate",
            "resgatar",
            "sorteio",
            "premiado",
            "surpresa",
            "uberraschung",
            "verrassing",
            "sorpresa",
            "gutschein",
            "einkaufsgutschein",
            "cupom",
            "freispiele",
            "free spins",
            "cashback",
            "you are now rich",
            "part time job",
            "job offer",
            "offre d emploi",
            "exclusive offer",
            "offre exclusive",
        ],
    },
    Family {
        feature: Feature::SpamOffer,
        saturation: 2,
        phrases: &[
            "viagra",
            "cialis",
            "levitra",
            "pharmacy",
            "pharmacie en ligne",
            "sans ordonnance",
            "without prescription",
            "weight loss",
            "perte de poids",
            "maigrir",
            "keto",
            "diet pills",
            "erection",
            "erectile",
            "libido",
            "sexy",
            "singles",
            "rencontres",
            "adult",
            "hot girls",
            "loan approved",
            "pret accorde",
            "credit approuve",
            "debt relief",
            "rachat de credit",
            "casino en ligne",
            "online casino",
            "work from home",
            "travail a domicile",
            "gagner de l argent",
            "earn money",
            "miracle",
            "anti aging",
            "cbd",
            "abnehmen",
            "loan",
            "loans",
            "emprestimo",
            "credito pre aprovado",
            "kredit",
            "lening",
            "beautiful women",
            "single women",
            "volwassen",
            "hair loss",
            "sell your house",
            "cash offer",
            "solar panels",
            "zonnepanelen",
            "energierekening",
            "panneaux solaires",
            "afvallen",
            "adelgazar",
            "dimagrire",
            "lover",
            "sexdate",
            "dating site",
            "hot singles",
            "russian women",
            "ukrainian women",
            "oekraiense",
            "meisjes",
            "russische",
            "frauen kennenlernen",
            "joint pain",
            "back pain",
            "blood sugar",
            "belly fat",
            "voetpijn",
            "rugpijn",
            "gelenke",
            "ruckenschmerzen",
            "rabatt",
            "korting",
            "desconto",
        ],
    },
    Family {
        feature: Feature::MoneyLure,
        saturation: 2,
        phrases: &[
            "remboursement",
            "rembourse",
            "trop percu",
            "vous etes eligible",
            "montant de",
            "facture impayee",
            "factures impayees",
            "avis d imposition",
            "frais de livraison",
            "frais de douane",
            "frais de port",
            "colis en attente",
            "votre colis",
            "livraison en attente",
            "echec de livraison",
            "renouvellement",
            "refund",
            "you are eligible",
            "unpaid invoice",
            "overdue invoice",
            "outstanding invoice",
            "shipping fee",
            "customs fee",
            "delivery fee",
            "your package",
            "your parcel",
            "your delivery",
            "your shipment",
            "delivery notification",
            "delivery attempt",
            "failed delivery",
            "tax refund",
            "subscription has expired",
            "renewal",
            "paket",
            "lieferung",
            "zustellung",
            "sendung",
            "rechnung",
            "ruckerstattung",
            "erstattung",
            "pakket",
            "bezorging",
            "zending",
            "factuur",
            "terugbetaling",
            "paquete",
            "entrega",
            "factura",
            "reembolso",
            "pacco",
            "consegna",
            "fattura",
            "rimborso",
            "encomenda",
            "reembolso",
        ],
    },
];

/// Every phrase of every family in one automaton, each pattern padded with spaces so that it
/// matches whole words of the folded text; one pass over the text finds them all.
struct Matcher {
    automaton: AhoCorasick,
    /// For each pattern: its family and the phrase.
    owners: Vec<(usize, &'static str)>,
}

static MATCHER: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    for (index, family) in FAMILIES.iter().enumerate() {
        for phrase in family.phrases {
            patterns.push(format!(" {phrase} "));
            owners.push((index, *phrase));
        }
    }
    let automaton = AhoCorasick::new(&patterns).ok()?;
    Some(Matcher { automaton, owners })
});

/// Measures every phrase family in the folded text.
pub fn read(folded: &str, evidence: &mut Evidence) {
    let mut found: Vec<Vec<&'static str>> = vec![Vec::new(); FAMILIES.len()];
    match MATCHER.as_ref() {
        Some(matcher) => {
            for hit in matcher.automaton.find_overlapping_iter(folded) {
                if let Some(&(family, phrase)) = matcher.owners.get(hit.pattern().as_usize())
                    && !found[family].contains(&phrase)
                {
                    found[family].push(phrase);
                }
            }
        }
        // Not expected (the patterns are fixed), but the slow path gives the same answer.
        None => {
            for (index, family) in FAMILIES.iter().enumerate() {
                found[index] = family
                    .phrases
                    .iter()
                    .copied()
                    .filter(|phrase| count_phrases(folded, &[phrase]) > 0)
                    .collect();
            }
        }
    }
    for (family, phrases) in FAMILIES.iter().zip(found) {
        if phrases.is_empty() {
            continue;
        }
        let shown: Vec<&str> = phrases.iter().copied().take(3).collect();
        evidence.add(
            family.feature,
            saturating(phrases.len(), family.saturation),
            vec![("words", shown.join(", "))],
        );
    }
}

/// Strings of random characters in the text, the kind added to a message to fool filters
/// (`GxBYrvZ.36346.669.TXL`). Signed blocks (PGP) are skipped.
pub fn junk_tokens(text: &str) -> usize {
    // A signature block is a few dozen lines; a `BEGIN` without `END` must not hide the rest.
    const SIGNATURE_LINES: usize = 60;
    let mut junk = 0;
    let mut signature_lines_left = 0;
    for line in text.lines() {
        if line.contains("-----BEGIN PGP") {
            signature_lines_left = SIGNATURE_LINES;
        }
        if line.contains("-----END PGP") {
            signature_lines_left = 0;
            continue;
        }
        if signature_lines_left > 0 {
            signature_lines_left -= 1;
            continue;
        }
        junk += line
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|word| is_junk(word))
            .count();
    }
    junk
}

fn is_junk(word: &str) -> bool {
    if word.len() < 7 || word.len() > 60 {
        return false;
    }
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let lower = word.chars().filter(char::is_ascii_lowercase).count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    // Case changes in the middle of a word, several times, and no vowel pattern: not a name
    // like « McDonald » or a code like « ABC123 ».
    let case_switches = word
        .as_bytes()
        .windows(2)
        .filter(|pair| pair[0].is_ascii_uppercase() != pair[1].is_ascii_uppercase())
        .count();
    upper >= 2 && lower >= 2 && case_switches >= 4
        || (digits >= 3 && upper + lower >= 3 && case_switches >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn families(text: &str) -> Vec<&'static str> {
        let mut evidence = Evidence::default();
        read(&fold(text), &mut evidence);
        evidence.reasons.iter().map(|reason| reason.code).collect()
    }

    #[test]
    fn french_lures_are_read() {
        let found = families(
            "Votre compte sera suspendu sous 24 heures : saisissez vos identifiants \
             et le code reçu par SMS pour obtenir votre remboursement.",
        );
        assert_eq!(
            found,
            vec!["credential_request", "urgency", "threat", "money_lure"]
        );
        assert_eq!(
            families("Merci de noter notre nouveau RIB pour le virement urgent."),
            vec!["payment_change", "urgency"]
        );
    }

    #[test]
    fn junk_strings_are_counted_and_signatures_skipped() {
        assert_eq!(
            junk_tokens("GxBYrvZ.36346.669.TXLGxBYrvZ hello McDonald ABC123"),
            2
        );
        let signed =
            "-----BEGIN PGP SIGNATURE-----\niD8DBQE9xYzAbCdEfGh\n-----END PGP SIGNATURE-----";
        assert_eq!(junk_tokens(signed), 0);
    }

    #[test]
    fn ordinary_mail_reads_as_nothing() {
        assert!(
            families("Bonjour, je vous confirme le rendez-vous de mardi à 14 h. Bien à vous.")
                .is_empty()
        );
    }
}
