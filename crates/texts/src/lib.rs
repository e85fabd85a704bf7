//! The small things every Hygie crate that speaks to people shares: loading a Fluent message
//! file into a bundle, formatting a message with its arguments ([`Arg`]), checking that two languages define the same
//! messages, escaping text for HTML, and writing a size in bytes for a person.
//!
//! It holds no message itself (each crate keeps its own `locales/`) and depends on no other
//! Hygie crate.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A bundle of messages, shareable between threads.
pub type Bundle = FluentBundle<FluentResource>;

/// A bundle for language `tag` (`fr`, `en`) holding the messages of `source`. Values are not
/// wrapped in Unicode isolation marks (terminals and files do not want them). The files are
/// compiled in and checked by tests; a syntax error keeps the messages that did parse rather
/// than stopping the program.
pub fn bundle(tag: &str, source: &str) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().unwrap_or_default()]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// A value to put in a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    /// Text, shown as is.
    Text(Cow<'a, str>),
    /// A number, shown with the language's conventions for plurals.
    Number(f64),
}

impl<'a> Arg<'a> {
    /// Text, borrowed or owned.
    pub fn text(value: impl Into<Cow<'a, str>>) -> Arg<'a> {
        Arg::Text(value.into())
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Arg<'a> {
        Arg::Text(Cow::Borrowed(value))
    }
}

impl From<String> for Arg<'_> {
    fn from(value: String) -> Self {
        Arg::Text(Cow::Owned(value))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Arg<'a> {
        Arg::Text(Cow::Borrowed(value))
    }
}

impl From<&Path> for Arg<'_> {
    fn from(value: &Path) -> Self {
        Arg::Text(Cow::Owned(value.display().to_string()))
    }
}

impl From<PathBuf> for Arg<'_> {
    fn from(value: PathBuf) -> Self {
        Arg::Text(Cow::Owned(value.display().to_string()))
    }
}

impl From<&PathBuf> for Arg<'_> {
    fn from(value: &PathBuf) -> Self {
        Arg::Text(Cow::Owned(value.display().to_string()))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(value: $t) -> Self {
                // Counts shown to people are far below 2^53; the conversion is exact for them.
                #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
                Arg::Number(value as f64)
            }
        }
    )*};
}
number_arg!(u64, usize, i64, u32, i32, f64);

/// Message `id` of `bundle` with named `args`; the id itself when there is no such message.
pub fn format(bundle: &Bundle, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// The ids a Fluent source defines.
pub fn message_ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

/// What is wrong between two translations of the same messages: a source that does not parse,
/// or ids defined in one only. Empty when they agree.
pub fn disagreements(first: &str, second: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for source in [first, second] {
        if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
            problems.push(format!("does not parse: {errors:?}"));
        }
    }
    let (a, b) = (message_ids(first), message_ids(second));
    problems.extend(
        a.symmetric_difference(&b)
            .map(|id| format!("defined in one language only: {id}")),
    );
    problems
}

/// `bytes` for a person, in the largest of `units` (bytes, kilo-, mega-, giga-, terabytes, by
/// powers of 1000) that keeps the number at 1 or more: whole bytes, else one decimal, with a
/// decimal comma when `decimal_comma` ("2,5 Mo").
pub fn byte_size(bytes: u64, units: &[impl AsRef<str>; 5], decimal_comma: bool) -> String {
    // Display only: a tenth of a unit is enough.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < 4 {
        value /= 1000.0;
        unit += 1;
    }
    let number = if unit == 0 {
        bytes.to_string()
    } else if decimal_comma {
        format!("{value:.1}").replace('.', ",")
    } else {
        format!("{value:.1}")
    };
    format!("{number} {}", units[unit].as_ref())
}

/// `text` safe inside HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_largest_unit_that_keeps_a_whole_number() {
        let units = ["o", "ko", "Mo", "Go", "To"];
        assert_eq!(byte_size(0, &units, true), "0 o");
        assert_eq!(byte_size(999, &units, true), "999 o");
        assert_eq!(byte_size(2_500_000, &units, true), "2,5 Mo");
        assert_eq!(
            byte_size(2_500_000, &["B", "kB", "MB", "GB", "TB"], false),
            "2.5 MB"
        );
        assert_eq!(byte_size(u64::MAX, &units, true), "18446744,1 To");
    }

    #[test]
    fn messages_format_with_plurals_and_missing_ones_show_their_id() {
        let bundle = bundle(
            "fr",
            "files = { $count ->\n    [one] un fichier\n   *[other] { $count } fichiers\n}\n",
        );
        let args = [("count", Arg::from(3u32))];
        assert_eq!(format(&bundle, "files", &args), "3 fichiers");
        assert_eq!(format(&bundle, "absent", &args), "absent");
        let named = [
            ("name", Arg::from("Jean")),
            ("owned", Arg::from(String::from("x"))),
        ];
        let bundle = self::bundle("fr", "hello = { $name } { $owned }\n");
        assert_eq!(format(&bundle, "hello", &named), "Jean x");
    }

    #[test]
    fn translations_that_differ_are_named() {
        assert!(disagreements("a = A\nb = B\n", "a = A\nb = Bee\n").is_empty());
        assert_eq!(disagreements("a = A\n", "b = B\n").len(), 2);
        assert_eq!(disagreements("a = { \n", "a = A\n").len(), 1);
    }

    #[test]
    fn markup_cannot_escape() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
