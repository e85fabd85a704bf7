//! The console's sentences, from Fluent files compiled in, French first; the language follows
//! the browser's `Accept-Language`.

pub use hygie_texts::Arg;
use hygie_texts::Bundle;

const FRENCH: &str = include_str!("../locales/fr/console.ftl");
const ENGLISH: &str = include_str!("../locales/en/console.ftl");

/// A language of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// English when the browser prefers it, French otherwise.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let first = header
            .and_then(|h| h.split(',').next())
            .map(|tag| tag.trim().to_ascii_lowercase());
        match first {
            Some(tag) if tag.starts_with("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// The HTML `lang` code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// The messages of both languages.
pub struct Texts {
    french: Bundle,
    english: Bundle,
}

impl Default for Texts {
    fn default() -> Texts {
        Texts {
            french: hygie_texts::bundle("fr", FRENCH),
            english: hygie_texts::bundle("en", ENGLISH),
        }
    }
}

impl Texts {
    /// Message `id` in `lang` with `args`; the id itself when it does not exist.
    pub fn get(&self, lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let bundle = match lang {
            Lang::Fr => &self.french,
            Lang::En => &self.english,
        };
        hygie_texts::format(bundle, id, args)
    }

    /// Whether message `id` exists in both languages.
    pub fn has(&self, id: &str) -> bool {
        self.french.has_message(id) && self.english.has_message(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_parse_and_define_the_same_messages() {
        let problems = hygie_texts::disagreements(FRENCH, ENGLISH);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn every_message_the_code_uses_exists() {
        let texts = Texts::default();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut folders = vec![src];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 8, "{files:?}");
        let mut missing = Vec::new();
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            for (at, _) in source.match_indices("msg(") {
                let rest = &source[at + 4..];
                let Some(start) = rest.find('"') else {
                    continue;
                };
                if !rest[..start]
                    .trim()
                    .trim_end_matches(',')
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_.&: ,".contains(c))
                {
                    continue;
                }
                let id = rest[start + 1..].split('"').next().unwrap_or("");
                if !id.is_empty() && !id.contains(' ') && !texts.has(id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn the_browser_chooses_the_language() {
        assert_eq!(Lang::from_accept_language(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(
            Lang::from_accept_language(Some("fr-FR,fr;q=0.9,en;q=0.8")),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language(None), Lang::Fr);
    }
}
