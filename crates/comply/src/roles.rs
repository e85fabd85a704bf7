//! Which profiles and jobs give or need access to clinical records, from word lists the
//! practice can change in its configuration.

use serde::{Deserialize, Serialize};

use crate::table::fold;

/// Whether a profile or a job is clinical.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Cares for patients: sees clinical records.
    Clinical,
    /// Works beside the care: appointments, billing, equipment.
    NonClinical,
    /// Matches neither list.
    Unknown,
}

/// The word lists that classify profiles (of the practice software's accounts) and jobs (of
/// the staff register), and the idle time after which an account counts as dormant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Words of clinical profiles; `*` at the end matches any ending (`infirmi*`).
    pub clinical_profiles: Vec<String>,
    /// Words of non-clinical profiles.
    pub non_clinical_profiles: Vec<String>,
    /// Words of clinical jobs.
    pub clinical_jobs: Vec<String>,
    /// Words of non-clinical jobs.
    pub non_clinical_jobs: Vec<String>,
    /// Days without a login after which an enabled account is dormant.
    pub dormant_days: u32,
    /// Words that make a login generic, shared or for testing.
    pub generic_logins: Vec<String>,
}

const CLINICAL: &[&str] = &[
    "medecin*",
    "docteur*",
    "dr",
    "praticien*",
    "generaliste*",
    "specialiste*",
    "chirurgien*",
    "infirmi*",
    "ide",
    "ibode",
    "iade",
    "puericult*",
    "kine*",
    "masseur*",
    "sage-femme*",
    "sages-femmes",
    "maieuti*",
    "pharmacien*",
    "dentiste*",
    "orthodontiste*",
    "radiologue*",
    "cardiolog*",
    "pediatre*",
    "psychiatre*",
    "gyneco*",
    "dermato*",
    "ophtalmo*",
    "anesthesi*",
    "interne*",
    "orthophon*",
    "orthopt*",
    "podolog*",
    "psychologue*",
    "aide-soignant*",
    "manipulateur*",
    "biologiste*",
    "physician*",
    "doctor*",
    "nurse*",
    "midwi*",
    "physiotherap*",
    "clinician*",
    "surgeon*",
];

const NON_CLINICAL: &[&str] = &[
    "secretaire*",
    "secretariat*",
    "accueil",
    "agent*",
    "assistant*",
    "comptab*",
    "technicien*",
    "informaticien*",
    "administrat*",
    "admin",
    "stagiaire*",
    "directeur*",
    "directrice*",
    "direction",
    "gestionnaire*",
    "facturation",
    "menage",
    "entretien",
    "standardiste*",
    "receptionist*",
    "accountant*",
    "technician*",
    "secretary*",
    "clerk*",
    "trainee*",
    "manager*",
    "it",
];

const GENERIC: &[&str] = &[
    "test",
    "tests",
    "testing",
    "tst",
    "essai",
    "demo",
    "admin",
    "administrateur",
    "administrator",
    "root",
    "guest",
    "invite*",
    "temp",
    "tmp",
    "generi*",
    "commun*",
    "partage*",
    "shared",
    "formation",
    "training",
    "stagiaire",
    "accueil",
    "secretariat",
    "standard",
    "support",
    "service",
    "user",
    "utilisateur",
    "medecin",
    "docteur",
    "infirmier",
    "infirmiere",
    "remplacant*",
    "interim*",
    "externe",
    "poste*",
    "compte",
];

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            clinical_profiles: words(CLINICAL),
            non_clinical_profiles: words(NON_CLINICAL),
            clinical_jobs: words(CLINICAL),
            non_clinical_jobs: words(NON_CLINICAL),
            dormant_days: 90,
            generic_logins: words(GENERIC),
        }
    }
}

impl Policy {
    /// What a profile of the practice software gives access to.
    pub fn profile(&self, profile: &str) -> Role {
        classify(
            profile,
            &self.clinical_profiles,
            &self.non_clinical_profiles,
        )
    }

    /// What a job of the staff register needs.
    pub fn job(&self, job: &str) -> Role {
        classify(job, &self.clinical_jobs, &self.non_clinical_jobs)
    }

    /// Whether a login (or an account's name) reads as generic, shared or for testing.
    pub fn is_generic(&self, login: &str) -> bool {
        let tokens = tokens(login);
        tokens
            .iter()
            .any(|token| self.generic_logins.iter().any(|w| matches_word(w, token)))
    }
}

/// The word that comes first decides, as French job titles put the main noun first:
/// « secrétaire du Dr Martin » is not clinical, « médecin stagiaire » is.
fn classify(text: &str, clinical: &[String], non_clinical: &[String]) -> Role {
    let text = words_of(text);
    let first = |phrases: &[String]| {
        phrases
            .iter()
            .filter_map(|phrase| phrase_position(&text, phrase))
            .min()
    };
    match (first(clinical), first(non_clinical)) {
        (Some(c), Some(n)) if n < c => Role::NonClinical,
        (Some(_), _) => Role::Clinical,
        (None, Some(_)) => Role::NonClinical,
        (None, None) => Role::Unknown,
    }
}

fn words_of(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Where the words of `phrase` first appear in a row in `text`; the phrase's last word may end
/// with `*`.
fn phrase_position(text: &[String], phrase: &str) -> Option<usize> {
    let phrase = fold(phrase);
    let wild = phrase.ends_with('*');
    let wanted: Vec<&str> = phrase
        .trim_end_matches('*')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if wanted.is_empty() || wanted.len() > text.len() {
        return None;
    }
    text.windows(wanted.len()).position(|window| {
        window
            .iter()
            .zip(&wanted)
            .enumerate()
            .all(|(i, (word, want))| {
                if wild && i + 1 == wanted.len() {
                    word.starts_with(want)
                } else {
                    word == want
                }
            })
    })
}

fn matches_word(pattern: &str, token: &str) -> bool {
    let pattern = fold(pattern);
    match pattern.strip_suffix('*') {
        Some(prefix) => token.starts_with(prefix),
        None => token == pattern,
    }
}

/// A login split into words at punctuation and between letters and digits:
/// `test_medecin2` → `test`, `medecin`, `2`.
fn tokens(login: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut digits = false;
    for c in fold(login).chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() && c.is_ascii_digit() != digits {
            tokens.push(std::mem::take(&mut current));
        }
        digits = c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_profiles_and_jobs_are_classified() {
        let policy = Policy::default();
        for clinical in [
            "Médecin",
            "Infirmière DE",
            "Masseur-kinésithérapeute",
            "Sage-femme",
            "Médecin stagiaire",
            "Dr",
            "Interne en médecine",
        ] {
            assert_eq!(policy.job(clinical), Role::Clinical, "{clinical}");
        }
        for other in [
            "Secrétaire médicale",
            "Comptable",
            "Technicien de radiologie",
            "Stagiaire",
            "Agent d'accueil",
            "DRH",
        ] {
            assert_ne!(policy.job(other), Role::Clinical, "{other}");
        }
        assert_eq!(policy.job("Jardinier"), Role::Unknown);
    }

    #[test]
    fn generic_logins_are_recognised_but_names_are_not() {
        let policy = Policy::default();
        for generic in [
            "test",
            "test_medecin",
            "medecin2",
            "ACCUEIL",
            "admin",
            "remplacant.01",
        ] {
            assert!(policy.is_generic(generic), "{generic}");
        }
        for named in ["mdupont", "j.martin", "contesti", "testard"] {
            assert!(!policy.is_generic(named), "{named}");
        }
    }
}
