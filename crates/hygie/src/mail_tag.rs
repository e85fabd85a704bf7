//! The warning put on a suspicious message in the mailbox: a header for filters and programs,
//! a prefix on the subject, and a plain-French banner shown above the original content, which
//! is kept byte for byte as the second part of the message.

use hmac::{Hmac, Mac};
use hygie_mailguard::message::{header_fields, split_head};
use sha2::Sha256;

/// The header Hygie adds. Its `seal` is an HMAC of the tagged copy's body under the home's
/// secret token: a crook who forges the header, or reuses one from a copy forwarded elsewhere,
/// cannot make the guard skip a message of their own.
pub const HEADER: &str = "X-Hygie-Verdict";

/// The seal of a body: line endings do not count (servers store and serve them differently).
fn seal(body: &[u8], token: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(token.as_bytes()) else {
        return String::new();
    };
    for chunk in body.split(|&b| b == b'\r') {
        mac.update(chunk);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `raw` is a copy Hygie tagged with `token`.
pub fn tagged_by_us(raw: &[u8], token: &str) -> bool {
    let (head, body) = split_head(raw);
    let expected = format!("seal={}", seal(body, token));
    String::from_utf8_lossy(head)
        .lines()
        .any(|line| line.starts_with(HEADER) && line.trim_end().ends_with(&expected))
}

/// Text from a message made safe to print or to put in the banner: control characters (terminal
/// escapes, forged line breaks) become spaces, and it is cut at `limit` characters.
pub fn printable(text: &str, limit: usize) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(limit)
        .collect();
    if text.chars().count() > limit {
        out.push('…');
    }
    out
}

/// Headers that describe the body: they move to the original's part.
fn describes_body(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("content-") || name == "mime-version"
}

/// The tagged copy of `raw`: `verdict` (`suspicious`, `malicious`) and `score` in the header,
/// `prefix` before the subject, `banner` (plain text, UTF-8) above the content.
pub fn tag(
    raw: &[u8],
    verdict: &str,
    score: f64,
    token: &str,
    prefix: &str,
    banner: &str,
) -> Vec<u8> {
    let (head, body) = split_head(raw);
    let newline: &[u8] = if head.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    let fields: Vec<(String, Vec<u8>)> = header_fields(head)
        .into_iter()
        .filter(|(_, field)| !field.iter().all(u8::is_ascii_whitespace))
        .collect();
    let boundary = boundary_for(raw);
    let mut out = Vec::with_capacity(raw.len() + banner.len() + 512);
    let mut body_fields = Vec::new();
    let mut has_subject = false;
    for (name, field) in &fields {
        if name.eq_ignore_ascii_case(HEADER) {
            continue;
        }
        if describes_body(name) {
            body_fields.push((name, field));
            continue;
        }
        if name.eq_ignore_ascii_case("subject") {
            has_subject = true;
            let colon = field.iter().position(|&b| b == b':').map_or(0, |c| c + 1);
            let value = &field[colon..];
            out.extend_from_slice(b"Subject: ");
            out.extend_from_slice(prefix.as_bytes());
            out.push(b' ');
            out.extend_from_slice(trim_start(value));
            continue;
        }
        out.extend_from_slice(field);
    }
    let line = |out: &mut Vec<u8>, text: &str| {
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(newline);
    };
    if !has_subject {
        line(&mut out, &format!("Subject: {prefix}"));
    }
    line(&mut out, "MIME-Version: 1.0");
    line(
        &mut out,
        &format!("Content-Type: multipart/mixed; boundary=\"{boundary}\""),
    );
    let mut tagged_head = out;
    let mut out = Vec::with_capacity(raw.len() + banner.len() + 512);
    line(&mut out, &format!("--{boundary}"));
    line(&mut out, "Content-Type: text/plain; charset=utf-8");
    line(&mut out, "Content-Transfer-Encoding: 8bit");
    line(&mut out, "");
    for text in banner.lines() {
        line(&mut out, text);
    }
    line(&mut out, &format!("--{boundary}"));
    if body_fields
        .iter()
        .all(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
    {
        line(&mut out, "Content-Type: text/plain; charset=us-ascii");
    }
    for (_, field) in body_fields
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("mime-version"))
    {
        out.extend_from_slice(field);
    }
    out.extend_from_slice(newline);
    out.extend_from_slice(body);
    if !body.ends_with(b"\n") {
        out.extend_from_slice(newline);
    }
    line(&mut out, &format!("--{boundary}--"));
    let header = format!(
        "{HEADER}: {verdict}; score={score:.3}; seal={}",
        seal(&out, token)
    );
    line(&mut tagged_head, &header);
    line(&mut tagged_head, "");
    tagged_head.extend_from_slice(&out);
    tagged_head
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| *b != b' ' && *b != b'\t')
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// A boundary that occurs nowhere in the message.
fn boundary_for(raw: &[u8]) -> String {
    let mut attempt: u64 = raw.len() as u64;
    loop {
        let candidate = format!("hygie-{attempt:016x}");
        if !raw
            .windows(candidate.len())
            .any(|w| w == candidate.as_bytes())
        {
            return candidate;
        }
        attempt = attempt
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &[u8] = b"From: Ameli <x@evil.example>\r\nSubject: =?UTF-8?Q?Remboursement?=\r\n \
        en attente\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\
        Content-Transfer-Encoding: quoted-printable\r\nX-Hygie-Verdict: clean; token=forged\r\n\r\n<p>Cliquez=\r\n ici</p>\r\n";

    #[test]
    fn the_copy_keeps_the_original_and_adds_a_banner_header_and_prefix() {
        let tagged = tag(
            ORIGINAL,
            "suspicious",
            0.93,
            "t0k3n",
            "[SUSPECT]",
            "Attention :\nne cliquez pas.",
        );
        let text = String::from_utf8(tagged.clone()).unwrap();
        assert!(text.contains("Subject: [SUSPECT] =?UTF-8?Q?Remboursement?=\r\n en attente\r\n"));
        assert!(text.contains("X-Hygie-Verdict: suspicious; score=0.930; seal="));
        assert!(!text.contains("forged"));
        assert!(text.contains("Attention :\r\nne cliquez pas.\r\n"));
        assert!(text.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Cliquez=\r\n ici</p>\r\n"));
        assert!(tagged_by_us(&tagged, "t0k3n"));
        assert!(!tagged_by_us(ORIGINAL, "forged-or-not"));
        assert!(!tagged_by_us(&tagged, "another"));
        // Served with other line endings, still ours; with one byte changed, not ours.
        let served = String::from_utf8(tagged.clone())
            .unwrap()
            .replace("\r\n", "\n");
        assert!(tagged_by_us(served.as_bytes(), "t0k3n"));
        let forged = served.replace("ne cliquez pas", "cliquez vite");
        assert!(!tagged_by_us(forged.as_bytes(), "t0k3n"));
        assert_eq!(printable("a\x1b[2Jb\nc", 100), "a [2Jb c");

        let parsed = mail_parser::MessageParser::default()
            .parse(&tagged)
            .unwrap();
        assert_eq!(parsed.subject(), Some("[SUSPECT] Remboursement en attente"));
        assert_eq!(
            parsed.body_text(0).unwrap().replace('\r', "").trim(),
            "Attention :\nne cliquez pas."
        );
        assert!(parsed.body_html(1).unwrap().contains("Cliquez ici"));
    }

    #[test]
    fn a_message_without_mime_headers_or_subject_is_tagged_too() {
        let tagged = tag(
            b"From: a@b.fr\n\nbonjour",
            "malicious",
            1.0,
            "k",
            "[DANGER]",
            "Danger.",
        );
        let parsed = mail_parser::MessageParser::default()
            .parse(&tagged)
            .unwrap();
        assert_eq!(parsed.subject(), Some("[DANGER]"));
        assert_eq!(parsed.body_text(1).unwrap().trim(), "bonjour");
    }
}
