//! The sentences of compliance documents, from Fluent files compiled in (French first), and the
//! bilingual texts of the data files.

pub use hygie_texts::Arg;
use hygie_texts::Bundle;
use serde::{Deserialize, Serialize};

const FRENCH: &str = include_str!("../locales/fr/comply.ftl");
const ENGLISH: &str = include_str!("../locales/en/comply.ftl");

/// A language documents are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

/// A text given in both languages, as the data files hold them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    /// The French text.
    pub fr: String,
    /// The English text.
    pub en: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The messages of one language.
pub struct Texts {
    lang: Lang,
    bundle: Bundle,
    time_zone: jiff::tz::TimeZone,
}

impl Texts {
    /// Loads the messages of `lang`.
    pub fn new(lang: Lang) -> Texts {
        let (tag, source) = match lang {
            Lang::Fr => ("fr", FRENCH),
            Lang::En => ("en", ENGLISH),
        };
        let bundle = hygie_texts::bundle(tag, source);
        Texts {
            lang,
            bundle,
            time_zone: jiff::tz::TimeZone::UTC,
        }
    }

    /// The same messages, with times shown in `time_zone` (UTC by default).
    pub fn with_time_zone(mut self, time_zone: jiff::tz::TimeZone) -> Texts {
        self.time_zone = time_zone;
        self
    }

    /// `at` as a day, in the time zone of these texts.
    pub fn day(&self, at: jiff::Timestamp) -> String {
        at.to_zoned_datetime(self.time_zone.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    }

    /// `at` to the minute, with the time zone's abbreviation.
    pub fn minute(&self, at: jiff::Timestamp) -> String {
        at.to_zoned_datetime(self.time_zone.clone())
            .strftime("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// The language of these messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Message `id` with `args`; the id itself if the message does not exist.
    pub fn get(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        hygie_texts::format(&self.bundle, id, args)
    }

    /// Whether message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }
}

/// `tr!(texts, ID, name = value, …)`: message `ID` (a literal) of `texts` with named arguments.
#[macro_export]
macro_rules! tr {
    ($texts:expr, $id:literal) => {
        $texts.get($id, &[])
    };
    ($texts:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $texts.get($id, &[$((stringify!($name), $crate::text::Arg::from($value))),+])
    };
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
        let texts = [Texts::new(Lang::Fr), Texts::new(Lang::En)];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                // The `tr!` macro and `msg` calls name messages; the rest is code.
                for marker in ["tr!(", "msg(\""] {
                    for (at, _) in source.match_indices(marker) {
                        let before = source[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &source[at..];
                        let Some(start) = rest.find('"') else {
                            continue;
                        };
                        // A `tr!` call may be split over lines by rustfmt; anything but
                        // the texts argument before the quote means this is not a lookup.
                        let before = rest.get(marker.len()..start).unwrap_or("").trim();
                        if !(before.is_empty() || before.ends_with(',')) || before.len() > 24 {
                            continue;
                        }
                        let id = rest[start + 1..].split('"').next().unwrap_or("");
                        if id.is_empty() || id.contains(' ') {
                            continue;
                        }
                        if texts.iter().any(|t| !t.has(id)) {
                            missing.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
