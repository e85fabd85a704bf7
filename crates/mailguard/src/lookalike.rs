//! Domains that imitate a brand's: look-alike letters, a typo, or the brand's name inside a
//! domain that is not the brand's.

use std::sync::LazyLock;

use unicode_security::confusable_detection::skeleton;

use crate::brands::{BRANDS, Brand, belongs};

/// How a domain imitates a brand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imitation {
    /// Letters that look alike (`аmeli` with a Cyrillic `а`, `rn` for `m`).
    LookalikeLetters,
    /// One or two letters off (`amelli`, `doctollib`).
    Typo,
    /// The brand's name inside another domain (`ameli-remboursement.top`, `ameli.fr.x.xyz`).
    NameInside,
}

/// A domain imitating a brand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookalike {
    /// The brand imitated.
    pub brand: &'static Brand,
    /// How.
    pub how: Imitation,
}

/// Words too common to be searched for inside other names or compared for typos.
const COMMON_WORDS: &[&str] = &[
    "office", "outlook", "orange", "chase", "apple", "google", "amazon", "adobe", "teams",
    "caisse", "impots", "medecin", "sante", "banque", "france",
];

/// Words that name a host's job, one letter away from a brand's name (`mail` from `gmail`,
/// `finance` from `finances`): never typos.
const HOST_WORDS: &[&str] = &[
    "mail", "email", "webmail", "finance", "anti", "news", "post", "poste", "info", "online",
    "secure", "support", "service", "services", "shop", "store", "cloud", "media", "portal",
];

struct Mark {
    brand: &'static Brand,
    word: String,
    skeleton: String,
    distinctive: bool,
}

static MARKS: LazyLock<Vec<Mark>> = LazyLock::new(|| {
    let mut marks = Vec::new();
    for brand in BRANDS {
        for domain in brand.domains {
            let Some(word) = domain.split('.').next() else {
                continue;
            };
            if word.len() < 3 || marks.iter().any(|mark: &Mark| mark.word == word) {
                continue;
            }
            marks.push(Mark {
                brand,
                word: word.to_owned(),
                skeleton: skeleton(word).collect(),
                distinctive: word.len() >= 5 && !COMMON_WORDS.contains(&word),
            });
        }
    }
    marks
});

/// Whether `host` (readable form, lower case) under the registrable domain `registrable`
/// imitates a brand. A domain that belongs to a brand imitates none.
pub fn imitation(host: &str, registrable: &str) -> Option<Lookalike> {
    if BRANDS.iter().any(|brand| belongs(registrable, brand)) {
        return None;
    }
    let suffix_length = psl::suffix_str(registrable).map_or(0, str::len);
    let named_part = host
        .get(..host.len().saturating_sub(suffix_length))
        .unwrap_or(host)
        .trim_end_matches('.');
    let labels: Vec<&str> = named_part
        .split('.')
        .filter(|label| !label.is_empty())
        .collect();
    for label in &labels {
        let label_skeleton: String = skeleton(label).collect();
        for mark in MARKS.iter() {
            if let Some(how) = compare(label, &label_skeleton, mark) {
                return Some(Lookalike {
                    brand: mark.brand,
                    how,
                });
            }
        }
    }
    None
}

fn compare(label: &str, label_skeleton: &str, mark: &Mark) -> Option<Imitation> {
    let words = || label.split(['-', '_']);
    if words().any(|word| word == mark.word) {
        return Some(Imitation::NameInside);
    }
    if !mark.distinctive {
        return None;
    }
    if label != mark.word && label_skeleton == mark.skeleton {
        return Some(Imitation::LookalikeLetters);
    }
    if mark.word.len() >= 6 && (label.starts_with(&mark.word) || label.ends_with(&mark.word)) {
        return Some(Imitation::NameInside);
    }
    let allowed = if mark.word.len() >= 9 { 2 } else { 1 };
    let close = |candidate: &str| {
        candidate.len().abs_diff(mark.word.len()) <= allowed
            && candidate != mark.word
            && !HOST_WORDS.contains(&candidate)
            && strsim::damerau_levenshtein(candidate, &mark.word) <= allowed
    };
    if close(label) || words().any(close) {
        return Some(Imitation::Typo);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn how(host: &str) -> Option<Imitation> {
        let registrable = crate::links::registrable_domain(host).unwrap();
        let readable = crate::links::readable(host);
        let readable_registrable = crate::links::readable(&registrable);
        imitation(&readable, &readable_registrable).map(|found| found.how)
    }

    #[test]
    fn imitations_are_recognised() {
        assert_eq!(how("ameli-remboursement.top"), Some(Imitation::NameInside));
        assert_eq!(
            how("ameli.fr.dossier-secure.xyz"),
            Some(Imitation::NameInside)
        );
        assert_eq!(how("doctollib.com"), Some(Imitation::Typo));
        assert_eq!(how("amelli.fr"), Some(Imitation::Typo));
        assert_eq!(how("paypalsecure-login.com"), Some(Imitation::NameInside));
        // A Cyrillic « а » in place of the Latin one.
        assert_eq!(how("xn--meli-43d.fr"), Some(Imitation::LookalikeLetters));
        assert_eq!(how("arneli.fr"), Some(Imitation::LookalikeLetters));
    }

    #[test]
    fn the_brands_own_domains_and_plain_ones_are_left_alone() {
        assert_eq!(how("www.ameli.fr"), None);
        assert_eq!(how("info.doctolib.fr"), None);
        assert_eq!(how("login.microsoftonline.com"), None);
        assert_eq!(how("cabinet-dupont.fr"), None);
        assert_eq!(how("lists.sourceforge.net"), None);
        assert_eq!(how("labo-biologie-lyon.fr"), None);
    }
}
