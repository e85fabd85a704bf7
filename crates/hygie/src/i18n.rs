//! Every sentence Hygie shows a person comes from a Fluent message file, French first.
//!
//! `locales/fr/hygie.ftl` and `locales/en/hygie.ftl` are compiled in; a tidy test checks that
//! both define the same messages and that every message the code asks for exists. The language
//! is chosen once per process: `--lang`, then `HYGIE_LANG`, then the locale variables
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`); French unless one of them asks for English.

use std::sync::OnceLock;

pub use hygie_texts::Arg;

/// The French messages.
pub const FRENCH: &str = include_str!("../locales/fr/hygie.ftl");
/// The English messages.
pub const ENGLISH: &str = include_str!("../locales/en/hygie.ftl");

/// A language Hygie speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from the command line and the environment.
    pub fn detect(args: &[std::ffi::OsString]) -> Lang {
        if let Some(lang) = lang_argument(args) {
            return lang;
        }
        let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(value) = from_env("HYGIE_LANG") {
            return Lang::parse(&value).unwrap_or(Lang::Fr);
        }
        let locale = from_env("LC_ALL")
            .or_else(|| from_env("LC_MESSAGES"))
            .or_else(|| from_env("LANG"));
        match locale {
            Some(locale) if locale.starts_with("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    fn parse(value: &str) -> Option<Lang> {
        match value.get(..2) {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Fr => FRENCH,
            Lang::En => ENGLISH,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// `--lang X` or `--lang=X` anywhere on the command line, read before clap builds its help in
/// that language.
fn lang_argument(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            return words.next().and_then(Lang::parse);
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return Lang::parse(value);
        }
    }
    None
}

/// The messages of one language.
pub struct Messages {
    bundle: hygie_texts::Bundle,
}

impl Messages {
    /// Loads the messages of `lang`.
    pub fn new(lang: Lang) -> Messages {
        Messages {
            bundle: hygie_texts::bundle(lang.tag(), lang.source()),
        }
    }

    /// The message `id` with `args` filled in; the id itself if there is no such message.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        hygie_texts::format(&self.bundle, id, args)
    }

    /// Whether message `id` exists.
    #[cfg(test)]
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }
}

static MESSAGES: OnceLock<Messages> = OnceLock::new();
static CURRENT: OnceLock<Lang> = OnceLock::new();

/// The language of this process (French if [`init`] was not called).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::Fr)
}

/// Chooses the language of this process. Later calls are ignored.
pub fn init(lang: Lang) {
    let _ = CURRENT.set(lang);
    let _ = MESSAGES.set(Messages::new(lang));
}

/// The messages of this process (French if [`init`] was not called).
pub fn messages() -> &'static Messages {
    MESSAGES.get_or_init(|| Messages::new(Lang::Fr))
}

/// The message `id` in the process's language, with named arguments:
/// `t!("note-saved", seq = 12)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::messages().format($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::messages().format(
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
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
        let french = Messages::new(Lang::Fr);
        let english = Messages::new(Lang::En);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for path in rust_files(&dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            let uses = text.match_indices("t!(\"").filter(|(at, _)| {
                // `format!("` ends the same way; a message lookup starts a word.
                !text[..*at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            for (at, _) in uses {
                let rest = &text[at + 4..];
                let id = rest.split('"').next().unwrap_or("");
                if !french.has(id) || !english.has(id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn the_language_is_taken_from_the_command_line_first() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_argument(&args(&["hygie", "--lang", "en", "status"])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_argument(&args(&["hygie", "--lang=fr"])),
            Some(Lang::Fr)
        );
        assert_eq!(
            lang_argument(&args(&["hygie", "journal", "note", "--", "--lang", "en"])),
            None
        );
    }

    #[test]
    fn plurals_follow_the_language() {
        let french = Messages::new(Lang::Fr);
        assert_eq!(
            french.format("count-entries", &[("count", Arg::from(1u64))]),
            "1 entrée"
        );
        assert_eq!(
            french.format("count-entries", &[("count", Arg::from(3u64))]),
            "3 entrées"
        );
    }
}
