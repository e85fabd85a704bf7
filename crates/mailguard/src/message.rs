//! A parsed message reduced to what the signals read: who sent it, what it says, what it
//! links to and what it carries.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use crate::attachments::{self, Attachment, Carried};
use crate::evidence::Evidence;
use crate::html::{self, HtmlLink};

/// Parts looked at in one message (nested messages included); a message with thousands of
/// parts is judged on the first ones.
const MAX_PARTS: usize = 1_000;
/// Messages forwarded as attachments are opened this deep.
const MAX_NESTING: usize = 3;
/// Text read per body, in bytes.
const MAX_TEXT: usize = 1 << 20;
/// Markup read per message, over all its HTML bodies (each read up to [`MAX_TEXT`]), in bytes.
const MAX_HTML_TOTAL: usize = 4 << 20;
/// Characters of the subject read.
const MAX_SUBJECT_CHARS: usize = 2_000;
/// Links followed per message.
pub const MAX_LINKS: usize = 500;

/// A mailbox: a display name and an address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// The name shown (`Assurance Maladie`).
    pub name: String,
    /// The address (`noreply@example.com`), lower case.
    pub address: String,
}

impl Mailbox {
    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map_or("", |(_, domain)| domain)
    }
}

/// What the signals read.
#[derive(Debug, Default)]
pub struct Gathered {
    /// `From`.
    pub from: Option<Mailbox>,
    /// Other addresses in `From` (a message has one sender).
    pub extra_senders: Vec<String>,
    /// `From` holds an entry without an address (an unquoted comma in the name…).
    pub malformed_sender: bool,
    /// `Reply-To`.
    pub reply_to: Option<Mailbox>,
    /// The first recipient.
    pub to: Option<Mailbox>,
    /// `Subject`.
    pub subject: String,
    /// The message comes through a mailing list (which rewrites `Reply-To`).
    pub mailing_list: bool,
    /// Every `Authentication-Results` header, raw.
    pub authentication_results: Vec<String>,
    /// The text a reader sees, all bodies together.
    pub visible_text: String,
    /// Links with the text they show (HTML), or with none (plain text, PDFs, invitations).
    pub links: Vec<HtmlLink>,
    /// Where the images of the HTML bodies come from (`<img src>`), the first
    /// [`html::MAX_IMAGES`].
    pub image_sources: Vec<String>,
    /// A form in a body or an attached web page.
    pub has_form: bool,
    /// Characters of text hidden by styling.
    pub hidden_chars: usize,
    /// Invisible characters inside words (zero-width spaces, soft hyphens).
    pub invisible_chars: usize,
    /// Attachments looked at.
    pub attachments: usize,
    /// HTML read so far, in bytes (bounded by the message reader).
    pub(crate) html_read: usize,
}

/// The header block (ending with its last line's end of line) and the body of a raw message,
/// split at the first empty line, whether lines end in LF or CRLF.
pub fn split_head(raw: &[u8]) -> (&[u8], &[u8]) {
    for (index, window) in raw.windows(2).enumerate() {
        if window == b"\n\n" {
            return (&raw[..=index], &raw[index + 2..]);
        }
        if raw[index..].starts_with(b"\n\r\n") {
            return (&raw[..=index], &raw[index + 3..]);
        }
    }
    (raw, &[])
}

/// The fields of a header block, folded lines joined: each field's name (trimmed; empty for a
/// line that is no header) and its raw bytes, line ends included.
pub fn header_fields(head: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut fields: Vec<(String, Vec<u8>)> = Vec::new();
    for line in head.split_inclusive(|&b| b == b'\n') {
        let continuation = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        match fields.last_mut() {
            Some((_, field)) if continuation => field.extend_from_slice(line),
            _ => {
                let name = line
                    .iter()
                    .position(|&b| b == b':')
                    .map(|end| String::from_utf8_lossy(&line[..end]).trim().to_owned())
                    .unwrap_or_default();
                fields.push((name, line.to_vec()));
            }
        }
    }
    fields
}

/// Parses raw bytes; `None` when they hold no header at all.
pub fn parse(raw: &[u8]) -> Option<Message<'_>> {
    MessageParser::default().parse(raw)
}

/// Reads a parsed message; attachment signals go straight into `evidence`.
pub fn gather(message: &Message<'_>, evidence: &mut Evidence) -> Gathered {
    let senders: Vec<Option<Mailbox>> = message
        .from()
        .map(|from| from.iter().map(mailbox).collect())
        .unwrap_or_default();
    let mut named = senders.iter().flatten();
    let mut gathered = Gathered {
        from: named.next().cloned(),
        extra_senders: named.map(|mailbox| mailbox.address.clone()).collect(),
        malformed_sender: senders.iter().any(Option::is_none),
        reply_to: message.reply_to().and_then(|to| mailbox(to.first()?)),
        to: message.to().and_then(|to| mailbox(to.first()?)),
        subject: message
            .subject()
            .unwrap_or_default()
            .chars()
            .take(MAX_SUBJECT_CHARS)
            .collect(),
        mailing_list: message.header_raw("List-Id").is_some()
            || message.header_raw("List-Post").is_some()
            || message.header_raw("Mailing-List").is_some()
            || message
                .header_raw("Precedence")
                .is_some_and(|value| value.trim().eq_ignore_ascii_case("list")),
        authentication_results: message
            .headers_raw()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
            .map(|(_, value)| value.to_owned())
            .collect(),
        ..Gathered::default()
    };
    gathered.invisible_chars += gathered
        .subject
        .chars()
        .filter(|&c| crate::text::is_invisible(c))
        .count();
    let mut budget = MAX_PARTS;
    read_bodies(message, &mut gathered, evidence, &mut budget, MAX_NESTING);
    gathered
}

fn mailbox(addr: &mail_parser::Addr<'_>) -> Option<Mailbox> {
    let address = addr.address()?.trim().to_lowercase();
    if address.is_empty() {
        return None;
    }
    Some(Mailbox {
        name: addr.name().unwrap_or_default().trim().to_owned(),
        address,
    })
}

fn read_bodies(
    message: &Message<'_>,
    gathered: &mut Gathered,
    evidence: &mut Evidence,
    budget: &mut usize,
    depth: usize,
) {
    let mut bodies: Vec<u32> = message.text_body.clone();
    for id in &message.html_body {
        if !bodies.contains(id) {
            bodies.push(*id);
        }
    }
    for id in bodies {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        match &part.body {
            PartType::Html(markup) => read_html(markup, gathered),
            PartType::Text(text) => read_text(truncate(text, MAX_TEXT), gathered),
            _ => {}
        }
    }
    let mut carried = Carried::default();
    for part in message.attachments() {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        if let PartType::Message(nested) = &part.body {
            if depth > 0 {
                read_bodies(nested, gathered, evidence, budget, depth - 1);
            }
            continue;
        }
        gathered.attachments += 1;
        let content_type = part
            .content_type()
            .map(|kind| match kind.subtype() {
                Some(subtype) => format!("{}/{}", kind.ctype(), subtype).to_lowercase(),
                None => kind.ctype().to_lowercase(),
            })
            .unwrap_or_default();
        let attachment = Attachment {
            name: part.attachment_name().unwrap_or_default(),
            content_type: &content_type,
            bytes: part.contents(),
        };
        attachments::inspect(attachment, evidence, &mut carried);
    }
    for markup in &carried.html {
        read_html(markup, gathered);
    }
    for link in carried.links {
        push_link(
            gathered,
            HtmlLink {
                href: link,
                text: String::new(),
            },
        );
    }
}

/// The first `limit` bytes of `text`, cut at a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    &text[..text.floor_char_boundary(limit)]
}

fn read_html(markup: &str, gathered: &mut Gathered) {
    let markup = truncate(
        markup,
        MAX_TEXT.min(MAX_HTML_TOTAL.saturating_sub(gathered.html_read)),
    );
    if markup.is_empty() {
        return;
    }
    gathered.html_read += markup.len();
    let view = html::read(markup);
    gathered.has_form |= view.has_form;
    gathered.hidden_chars += view.hidden_chars;
    let room = html::MAX_IMAGES.saturating_sub(gathered.image_sources.len());
    gathered
        .image_sources
        .extend(view.image_sources.into_iter().take(room));
    read_text(&view.visible_text, gathered);
    for link in view.links {
        push_link(gathered, link);
    }
}

fn read_text(text: &str, gathered: &mut Gathered) {
    gathered.invisible_chars += text
        .chars()
        .filter(|&c| crate::text::is_invisible(c))
        .count();
    for link in crate::links::in_plain_text(text, MAX_LINKS) {
        push_link(
            gathered,
            HtmlLink {
                href: link,
                text: String::new(),
            },
        );
    }
    if gathered.visible_text.len() < MAX_TEXT {
        gathered.visible_text.push_str(text);
        gathered.visible_text.push('\n');
    }
}

fn push_link(gathered: &mut Gathered, link: HtmlLink) {
    if gathered.links.len() >= MAX_LINKS {
        return;
    }
    if let Some(known) = gathered
        .links
        .iter_mut()
        .find(|known| known.href == link.href)
    {
        if known.text.is_empty() {
            known.text = link.text;
        }
        return;
    }
    gathered.links.push(link);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_split_at_the_first_empty_line_and_fields_unfold() {
        let crlf = b"Subject: a\r\n b\r\nFrom x\r\n\r\nbody\r\n\r\nmore";
        let (head, body) = split_head(crlf);
        assert_eq!(body, b"body\r\n\r\nmore");
        let fields = header_fields(head);
        assert_eq!(fields.len(), 2);
        assert_eq!(
            fields[0],
            ("Subject".to_owned(), b"Subject: a\r\n b\r\n".to_vec())
        );
        assert_eq!(fields[1].0, "");
        assert_eq!(split_head(b"To: x\n\nhi"), (&b"To: x\n"[..], &b"hi"[..]));
        assert_eq!(split_head(b"To: x"), (&b"To: x"[..], &b""[..]));
    }
}
