//! What an HTML body shows, hides and links to.
//!
//! A WHATWG tokenizer (`html5ever`'s, which runs in a loop: no input can make it recurse)
//! reads the markup; a small stack of open elements tells whether text sits inside a link or
//! inside an element styled to be invisible.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

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
    /// Where the images come from (`<img src>`), the first [`MAX_IMAGES`].
    pub image_sources: Vec<String>,
}

/// Elements whose text nobody reads. (`noscript` is read: mail clients run no script, so
/// they show it.)
const SILENT: &[&str] = &["script", "style", "head", "title", "template"];
/// Elements that belong in `<head>`: any other start tag closes a `<head>` left open, as a
/// browser does.
const HEAD_CONTENT: &[&str] = &[
    "base", "link", "meta", "noscript", "script", "style", "template", "title",
];
/// Attributes read per tag: the tokenizer checks each attribute against the tag's others, so a
/// tag stuffed with them costs time in the square of their number.
const MAX_ATTRIBUTES: usize = 1_000;
/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Open elements kept track of; deeper nesting counts as the innermost.
const MAX_DEPTH: usize = 256;
/// Links kept; a page with more is judged on these.
const MAX_LINKS: usize = 500;
/// Image sources kept.
pub const MAX_IMAGES: usize = 100;

struct Open {
    name: String,
    hidden: bool,
    silent: bool,
    link: Option<usize>,
}

/// Reads an HTML document. Never fails: broken markup is read the way a browser would. Time
/// grows with the length of `html` (tags are cut after [`MAX_ATTRIBUTES`] attributes).
pub fn read(html: &str) -> HtmlView {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&with_bounded_tags(html)));
    let tokenizer = Tokenizer::new(Reader::default(), TokenizerOpts::default());
    // The reader never asks to pause for a script, so one call reads everything.
    let _ = tokenizer.feed(&input);
    debug_assert!(input.is_empty(), "the tokenizer stopped before the end");
    tokenizer.end();
    let mut reader = tokenizer.sink.state.into_inner();
    reader.flush_text();
    reader.view
}

/// `markup` with every start tag cut after its first [`MAX_ATTRIBUTES`] attributes, counted on
/// the raw text (a word after a blank inside `<name …>`, quoted values skipped). Markup with no
/// such tag comes back as it is.
fn with_bounded_tags(markup: &str) -> Cow<'_, str> {
    let bytes = markup.as_bytes();
    let mut bounded: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'<' || !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            at += 1;
            continue;
        }
        let (end, cut) = scan_tag(bytes, at + 1);
        if let Some(cut) = cut {
            // Both `cut` (a blank) and `end` (`>` or the end) are ASCII: character boundaries.
            let out = bounded.get_or_insert_with(|| String::with_capacity(markup.len()));
            out.push_str(&markup[copied..cut]);
            copied = end;
        }
        at = end.max(at + 1);
    }
    match bounded {
        Some(mut out) => {
            out.push_str(&markup[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(markup),
    }
}

/// Reads a start tag from just after its `<`: where it ends (its `>`, or the end of the
/// markup), and the blank before its attribute number [`MAX_ATTRIBUTES`] + 1, if it has more.
fn scan_tag(bytes: &[u8], mut at: usize) -> (usize, Option<usize>) {
    let mut attributes = 0;
    let mut after_blank = None;
    let mut cut = None;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'>' => break,
            b'"' | b'\'' => {
                let closing = bytes[at + 1..].iter().position(|&b| b == byte);
                at = closing.map_or(bytes.len(), |offset| at + 1 + offset + 1);
                after_blank = None;
                continue;
            }
            b'/' | b'=' => after_blank = None,
            _ if byte.is_ascii_whitespace() => after_blank = Some(at),
            _ => {
                if let Some(blank) = after_blank.take() {
                    attributes += 1;
                    if attributes > MAX_ATTRIBUTES && cut.is_none() {
                        cut = Some(blank);
                    }
                }
            }
        }
        at += 1;
    }
    (at, cut)
}

/// The tokenizer's sink: it sees the tokens one by one (the tokenizer lends it only `&self`).
#[derive(Default)]
struct Reader {
    state: RefCell<ReaderState>,
}

/// What the reader has gathered, and where it stands in the document.
#[derive(Default)]
struct ReaderState {
    view: HtmlView,
    /// The open elements, outermost first.
    stack: Vec<Open>,
    /// A `<body>` was opened: a later `<head>` is ignored, as a browser does.
    in_body: bool,
    /// Text since the last tag: the tokenizer hands it over in pieces (`AT&amp;T` is three).
    text: String,
}

impl TokenSink for Reader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) => state.text.push_str(&text),
            Token::TagToken(tag) => {
                state.flush_text();
                match tag.kind {
                    TagKind::StartTag => return state.start(&tag),
                    TagKind::EndTag => state.end(&tag.name),
                }
            }
            Token::EOFToken => state.flush_text(),
            // A comment changes nothing a reader sees: `ver<!---->ify` reads `verify`.
            Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::NullCharacterToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

impl ReaderState {
    /// A start tag: notes forms and links, opens the element, and tells the tokenizer whether
    /// what follows is text rather than markup.
    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if name == "head" && self.in_body {
            return TokenSinkResult::Continue;
        }
        if name == "body" || !HEAD_CONTENT.contains(&name) {
            self.in_body |= name == "body";
            self.end("head");
        }
        let attribute = |key: &str| {
            tag.attrs
                .iter()
                .find(|attribute| &*attribute.name.local == key)
                .map(|attribute| attribute.value.to_string())
        };
        match name {
            "form" => self.view.has_form = true,
            "input"
                if attribute("type").is_some_and(|kind| kind.eq_ignore_ascii_case("password")) =>
            {
                self.view.has_form = true;
                self.view.has_password_field = true;
            }
            "img" if self.view.image_sources.len() < MAX_IMAGES => {
                if let Some(source) = attribute("src") {
                    self.view.image_sources.push(source.trim().to_owned());
                }
            }
            _ => {}
        }
        let switch = text_state(name);
        // `<span style="display:none"/>` opens a span all the same: browsers ignore the slash
        // on elements that are not void.
        if VOID.contains(&name) {
            return switch;
        }
        let parent_hidden = self.stack.last().is_some_and(|open| open.hidden);
        let parent_silent = self.stack.last().is_some_and(|open| open.silent);
        let hides = attribute("hidden").is_some()
            || attribute("style").is_some_and(|style| style_hides(&style));
        let link = if name == "a" && self.view.links.len() < MAX_LINKS {
            attribute("href").map(|href| {
                self.view.links.push(HtmlLink {
                    href: href.trim().to_owned(),
                    text: String::new(),
                });
                self.view.links.len() - 1
            })
        } else {
            self.stack.last().and_then(|open| open.link)
        };
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(Open {
                silent: parent_silent || SILENT.contains(&name),
                hidden: parent_hidden || hides,
                name: name.to_owned(),
                link,
            });
        }
        switch
    }

    /// An end tag: closes the innermost element of that name and all inside it.
    fn end(&mut self, name: &str) {
        if let Some(position) = self.stack.iter().rposition(|open| open.name == name) {
            self.stack.truncate(position);
        }
    }

    /// Hands the text read since the last tag to the element it sits in.
    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let view = &mut self.view;
        let Some(open) = self.stack.last() else {
            push_text(&mut view.visible_text, &text);
            return;
        };
        if open.silent {
            return;
        }
        if open.hidden {
            view.hidden_chars += text.chars().filter(|c| !c.is_whitespace()).count();
            return;
        }
        if let Some(link) = open.link.and_then(|index| view.links.get_mut(index)) {
            // Inline markup inside a link renders without spaces: `www.<b>ameli</b>.fr`.
            link.text.push_str(&text);
        }
        push_text(&mut view.visible_text, &text);
    }
}

/// What a browser's tree builder tells the tokenizer after a start tag: these elements hold
/// text, not markup.
fn text_state(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "iframe" | "xmp" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
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
    fn evasions_through_comments_slashes_noscript_and_a_stray_head_are_read() {
        assert_eq!(read("<p>ver<!---->ify</p>").visible_text, "verify");
        let slash = read("<span style=\"display:none\"/>caché</span><p>vu</p>");
        assert_eq!((slash.visible_text.as_str(), slash.hidden_chars), ("vu", 5));
        assert_eq!(read("<noscript>lisible</noscript>").visible_text, "lisible");
        let stray = read("<body><head><p>toujours lu</p></head></body>");
        assert_eq!(stray.visible_text, "toujours lu");
        let unclosed = read("<head><title>t</title><p>lu aussi</p>");
        assert_eq!(unclosed.visible_text, "lu aussi");
    }

    #[test]
    fn tags_are_cut_after_their_thousandth_attribute_and_the_rest_is_read() {
        let stuffed: String = (0..3_000).map(|i| format!(" a{i}='x>y'")).collect();
        let markup = format!("<p{stuffed}>après</p><a href=\"https://x.example/\">lien</a>");
        let bounded = with_bounded_tags(&markup);
        assert!(bounded.len() < markup.len() / 2);
        let view = read(&markup);
        assert_eq!(view.visible_text, "après lien");
        assert_eq!(view.links[0].href, "https://x.example/");
        let plain = "<p class=a>é<b>ok</b>";
        assert!(matches!(with_bounded_tags(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn character_references_do_not_split_words() {
        assert_eq!(
            read("<p>AT&amp;T &eacute;t&eacute;</p>").visible_text,
            "AT&T été"
        );
    }

    #[test]
    fn a_tag_stuffed_with_attributes_is_read_without_overflowing_the_stack() {
        // html5gum, used before, recursed once per attribute: a few thousand overflowed a
        // test thread's stack. (The message reader bounds the markup: each attribute is
        // checked against the tag's others.)
        let attributes = (0..5_000)
            .map(|i| format!(" a{i}=\"\""))
            .collect::<String>();
        let view = read(&format!(
            "<a href=\"https://x.example/\"{attributes}>lien</a>"
        ));
        assert_eq!(view.links[0].text, "lien");
    }

    #[test]
    fn broken_and_deep_markup_is_read_without_failing() {
        let deep = "<div>".repeat(10_000) + "fond" + &"</div>".repeat(10_000);
        assert_eq!(read(&deep).visible_text, "fond");
        let broken = read("<a href='x'>sans fin <b>gras <a href=y>deux");
        assert_eq!(broken.links.len(), 2);
    }
}
