//! Every sentence Hygie shows a person comes from a Fluent message file, French first.
//!
//! `locales/fr/hygie.ftl` and `locales/en/hygie.ftl` are compiled in; a tidy test checks that
//! both define the same messages and that every message the code asks for exists. The language
//! is chosen once per process: `--lang`, then `HYGIE_LANG`, then the locale variables
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`); French unless one of them asks for English.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

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

    fn tag(self) -> unic_langid::LanguageIdentifier {
        match self {
            Lang::Fr => "fr".parse().unwrap_or_default(),
            Lang::En => "en".parse().unwrap_or_default(),
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
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    /// Loads the messages of `lang`.
    pub fn new(lang: Lang) -> Messages {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.tag()]);
        // Terminals and log files do not want Unicode isolation marks around values.
        bundle.set_use_isolating(false);
        // The files are compiled in and checked by tests; a syntax error there keeps the
        // messages that did parse rather than stopping Hygie.
        let resource = match FluentResource::try_new(lang.source().to_owned()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        let _ = bundle.add_resource(resource);
        Messages { bundle }
    }

    /// The message `id` with `args` filled in; the id itself if there is no such message.
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Whether message `id` exists.
    #[cfg(test)]
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }
}

/// A value to put in a message.
#[derive(Clone, Debug)]
pub enum Arg {
    /// Text, shown as is.
    Text(String),
    /// A number, shown with the language's conventions for plurals.
    Number(f64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Arg {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Arg {
        Arg::Text(value)
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Arg {
        Arg::Text(value.clone())
    }
}

impl From<&std::path::Path> for Arg {
    fn from(value: &std::path::Path) -> Arg {
        Arg::Text(value.display().to_string())
    }
}

impl From<std::path::PathBuf> for Arg {
    fn from(value: std::path::PathBuf) -> Arg {
        Arg::Text(value.display().to_string())
    }
}

impl From<&std::path::PathBuf> for Arg {
    fn from(value: &std::path::PathBuf) -> Arg {
        Arg::Text(value.display().to_string())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                // Counts shown to people are far below 2^53; the conversion is exact for them.
                #[allow(clippy::cast_precision_loss)]
                Arg::Number(value as f64)
            }
        }
    )*};
}
number_arg!(u64, usize, i64, u32);

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

    fn ids(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_parse_and_define_the_same_messages() {
        for source in [FRENCH, ENGLISH] {
            assert!(FluentResource::try_new(source.to_owned()).is_ok());
        }
        let french = ids(FRENCH);
        let english = ids(ENGLISH);
        let only_french: Vec<_> = french.difference(&english).collect();
        let only_english: Vec<_> = english.difference(&french).collect();
        assert!(
            only_french.is_empty(),
            "missing in English: {only_french:?}"
        );
        assert!(
            only_english.is_empty(),
            "missing in French: {only_english:?}"
        );
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
