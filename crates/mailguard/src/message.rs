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
    /// A form in a body or an attached web page.
    pub has_form: bool,
    /// Characters of text hidden by styling.
    pub hidden_chars: usize,
    /// Invisible characters inside words (zero-width spaces, soft hyphens).
    pub invisible_chars: usize,
    /// Attachments looked at.
    pub attachments: usize,
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
            || message.header_raw("List-Post").is_some(),
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
            PartType::Html(markup) => read_html(truncate(markup), gathered),
            PartType::Text(text) => read_text(truncate(text), gathered),
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
        read_html(truncate(markup), gathered);
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

fn truncate(text: &str) -> &str {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn read_html(markup: &str, gathered: &mut Gathered) {
    let view = html::read(markup);
    gathered.has_form |= view.has_form;
    gathered.hidden_chars += view.hidden_chars;
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
