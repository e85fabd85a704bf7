//! What an HTML body shows, hides and links to.
//!
//! A WHATWG tokenizer (`html5gum`) reads the markup; a small stack of open elements tells
//! whether text sits inside a link or inside an element styled to be invisible.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// An `<a href>` and the text it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlLink {
    /// Where it leads.
    pub href: String,
    /// What the reader sees.
    pub text: String,
}

/// The parts of an HTML body the analyser reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlView {
    /// The text a reader sees.
    pub visible_text: String,
    /// How many characters of text are hidden by styling.
    pub hidden_chars: usize,
    /// Every link.
    pub links: Vec<HtmlLink>,
    /// A `<form>` element.
    pub has_form: bool,
    /// An `<input type="password">`.
    pub has_password_field: bool,
}

/// Elements whose text nobody reads.
const SILENT: &[&[u8]] = &[
    b"script",
    b"style",
    b"head",
    b"title",
    b"template",
    b"noscript",
];
/// Elements that never have an end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr",
];
/// Open elements kept track of; deeper nesting counts as the innermost.
const MAX_DEPTH: usize = 256;
/// Links kept; a page with more is judged on these.
const MAX_LINKS: usize = 500;

struct Open {
    name: Vec<u8>,
    hidden: bool,
    silent: bool,
    link: Option<usize>,
}

/// Reads an HTML document. Never fails: broken markup is read the way a browser would.
pub fn read(html: &str) -> HtmlView {
    let mut emitter = DefaultEmitter::<()>::default();
    emitter.naively_switch_states(true);
    let mut view = HtmlView::default();
    let mut stack: Vec<Open> = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.0.to_ascii_lowercase();
                let attribute = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|value| String::from_utf8_lossy(&value.value.0).into_owned())
                };
                match name.as_slice() {
                    b"form" => view.has_form = true,
                    b"input"
                        if attribute("type")
                            .is_some_and(|kind| kind.eq_ignore_ascii_case("password")) =>
                    {
                        view.has_form = true;
                        view.has_password_field = true;
                    }
                    _ => {}
                }
                if VOID.contains(&name.as_slice()) || tag.self_closing {
                    continue;
                }
                let parent_hidden = stack.last().is_some_and(|open| open.hidden);
                let parent_silent = stack.last().is_some_and(|open| open.silent);
                let hides = attribute("hidden").is_some()
                    || attribute("style").is_some_and(|style| style_hides(&style));
                let link = if name == b"a" && view.links.len() < MAX_LINKS {
                    attribute("href").map(|href| {
                        view.links.push(HtmlLink {
                            href: href.trim().to_owned(),
                            text: String::new(),
                        });
                        view.links.len() - 1
                    })
                } else {
                    stack.last().and_then(|open| open.link)
                };
                if stack.len() < MAX_DEPTH {
                    stack.push(Open {
                        silent: parent_silent || SILENT.contains(&name.as_slice()),
                        hidden: parent_hidden || hides,
                        name,
                        link,
                    });
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.0.to_ascii_lowercase();
                if let Some(position) = stack.iter().rposition(|open| open.name == name) {
                    stack.truncate(position);
                }
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text.value.0);
                let Some(open) = stack.last() else {
                    push_text(&mut view.visible_text, &text);
                    continue;
                };
                if open.silent {
                    continue;
                }
                if open.hidden {
                    view.hidden_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                    continue;
                }
                if let Some(link) = open.link.and_then(|index| view.links.get_mut(index)) {
                    // Inline markup inside a link renders without spaces: `www.<b>ameli</b>.fr`.
                    link.text.push_str(&text);
                }
                push_text(&mut view.visible_text, &text);
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    view
}

fn push_text(into: &mut String, text: &str) {
    if !into.is_empty() && !into.ends_with(char::is_whitespace) {
        into.push(' ');
    }
    into.push_str(text.trim());
}

/// Whether an inline style makes its element invisible.
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.split(';').any(|declaration| {
        let declaration = declaration.trim_end_matches("!important");
        matches!(
            declaration,
            "display:none"
                | "visibility:hidden"
                | "font-size:0"
                | "font-size:0px"
                | "font-size:1px"
                | "opacity:0"
                | "max-height:0"
                | "max-height:0px"
                | "height:0"
                | "height:0px"
                | "width:0"
                | "width:0px"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_text_they_show() {
        let view = read(
            r#"<p>Bonjour,</p><a href=" https://evil.example/x ">https://www.<b>ameli</b>.fr</a>"#,
        );
        assert_eq!(
            view.links,
            vec![HtmlLink {
                href: "https://evil.example/x".into(),
                text: "https://www.ameli.fr".into()
            }]
        );
        assert!(view.visible_text.starts_with("Bonjour,"));
    }

    #[test]
    fn hidden_text_scripts_and_styles_are_not_visible() {
        let view = read(
            "<style>p{color:red}</style><div style='DISPLAY: none'>salade de mots</div>\
             <span style=\"font-size:0px\">xx</span><script>var a=1;</script><p>vu</p>",
        );
        assert_eq!(view.visible_text, "vu");
        assert_eq!(view.hidden_chars, "saladedemots".len() + 2);
    }

    #[test]
    fn forms_and_password_fields_are_noticed() {
        let view = read("<form action=x><input type=text><input type=PASSWORD></form>");
        assert!(view.has_form && view.has_password_field);
        assert!(!read("<p>rien</p>").has_form);
    }

    #[test]
    fn broken_and_deep_markup_is_read_without_failing() {
        let deep = "<div>".repeat(10_000) + "fond" + &"</div>".repeat(10_000);
        assert_eq!(read(&deep).visible_text, "fond");
        let broken = read("<a href='x'>sans fin <b>gras <a href=y>deux");
        assert_eq!(broken.links.len(), 2);
    }
}
