//! Attachments that run code, open a web page, hide their type, carry macros, or cannot be
//! checked. Archives are read from their table of contents only, never unpacked, so a zip
//! bomb costs nothing.

use std::io::Cursor;

use memchr::memmem;

use crate::evidence::Evidence;
use crate::features::Feature;

/// Entries of an archive looked at; an archive with more is judged on these.
const MAX_ARCHIVE_ENTRIES: usize = 10_000;
/// Links taken from a PDF or a calendar invitation.
const MAX_EMBEDDED_LINKS: usize = 50;

/// Extensions of files that run code or open something that does when double-clicked.
const DANGEROUS: &[&str] = &[
    // programs and installers
    "exe",
    "com",
    "scr",
    "pif",
    "msi",
    "msix",
    "msp",
    "dll",
    "cpl",
    "jar",
    "appx",
    "application",
    "appref-ms",
    "gadget",
    "reg",
    "inf",
    "sys",
    "bin",
    "elf",
    "apk",
    "dmg",
    "pkg",
    "app",
    "run",
    // scripts
    "js",
    "jse",
    "vbs",
    "vbe",
    "wsf",
    "wsh",
    "wsc",
    "hta",
    "ps1",
    "psm1",
    "bat",
    "cmd",
    "sh",
    "py",
    "pl",
    "vb",
    "sct",
    "xll",
    "iqy",
    "slk",
    "chm",
    // shortcuts and links
    "lnk",
    "url",
    "website",
    "scf",
    "settingcontent-ms",
    "library-ms",
    "search-ms",
    // disk images, which carry programs past the mark of the web
    "iso",
    "img",
    "vhd",
    "vhdx",
    "udf",
    // web pages and vector images that run scripts or post forms
    "html",
    "htm",
    "shtml",
    "xhtml",
    "mht",
    "mhtml",
    "svg",
    "svgz",
    // device profiles and notebooks used to deliver malware
    "mobileconfig",
    "one",
    "onepkg",
];
/// Office formats that carry macros.
const MACRO_FORMATS: &[&str] = &[
    "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm",
];
/// Office formats that are zip archives inside.
const OFFICE_OPEN_XML: &[&str] = &[
    "docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "xlam", "xlsb", "pptx", "pptm",
    "potx", "potm", "ppsx", "ppsm", "ppam", "sldx", "sldm", "odt", "ods", "odp",
];
/// Archive formats.
const ARCHIVES: &[&str] = &[
    "zip", "rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "cab", "ace", "arj", "lzh", "lha", "z",
    "r00", "r01", "zipx", "iso", "img", "uue", "xxe",
];
/// What a real document's name ends with before a hidden second extension.
const DOCUMENT_LOOKS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "jpg", "jpeg", "png", "gif",
    "odt", "csv", "zip", "mp3", "mp4", "wav", "eml", "msg",
];

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// An attachment: its name as given, its declared type, its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Attachment<'a> {
    /// The file name the sender gave (may be empty).
    pub name: &'a str,
    /// `type/subtype`, lower case.
    pub content_type: &'a str,
    /// The decoded content.
    pub bytes: &'a [u8],
}

/// What an attachment adds to the rest of the message: web pages to read and links to check.
#[derive(Clone, Debug, Default)]
pub struct Carried {
    /// HTML documents attached (read like the body: forms, links, hidden text).
    pub html: Vec<String>,
    /// Links found inside PDFs and invitations.
    pub links: Vec<String>,
}

/// Looks at one attachment.
pub fn inspect(attachment: Attachment<'_>, evidence: &mut Evidence, carried: &mut Carried) {
    let name = attachment.name.trim().trim_end_matches('.');
    let lower_name = name.to_lowercase();
    let extensions: Vec<&str> = lower_name.rsplit('.').take(3).collect();
    let extension = if lower_name.contains('.') {
        extensions.first().copied().unwrap_or("")
    } else {
        ""
    };
    let shown_name = || vec![("name", name.to_owned())];
    let bytes = attachment.bytes;

    if DANGEROUS.contains(&extension) || bytes.starts_with(b"MZ") {
        evidence.add(Feature::DangerousAttachment, 1.0, shown_name());
    }
    if let [last, previous, ..] = extensions.as_slice()
        && DANGEROUS.contains(last)
        && (DOCUMENT_LOOKS.contains(previous) || name.contains("  "))
    {
        evidence.add(Feature::DoubleExtension, 1.0, shown_name());
    }
    if MACRO_FORMATS.contains(&extension) {
        evidence.add(Feature::OfficeMacros, 1.0, shown_name());
    }
    if bytes.starts_with(OLE_MAGIC) && ole_has_macros(bytes) {
        evidence.add(Feature::OfficeMacros, 1.0, shown_name());
    }
    if bytes.starts_with(ZIP_MAGIC) {
        read_zip(name, OFFICE_OPEN_XML.contains(&extension), bytes, evidence);
    } else if is_unreadable_archive(bytes, extension) {
        evidence.add(Feature::EncryptedArchive, 0.5, shown_name());
    }
    if attachment.content_type == "text/html"
        || matches!(extension, "html" | "htm" | "shtml" | "xhtml")
    {
        carried
            .html
            .push(String::from_utf8_lossy(&bytes[..bytes.len().min(2 << 20)]).into_owned());
    }
    if bytes.starts_with(b"%PDF")
        || memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
    {
        read_pdf(name, bytes, evidence, carried);
    }
    if attachment.content_type == "text/calendar" || extension == "ics" {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]);
        let links = crate::links::in_plain_text(&text, MAX_EMBEDDED_LINKS);
        if !links.is_empty() {
            evidence.add(Feature::CalendarLinks, 1.0, shown_name());
            carried.links.extend(links);
        }
    }
}

fn ole_has_macros(bytes: &[u8]) -> bool {
    // Stream names in a compound file's directory are UTF-16.
    let utf16: Vec<u8> = "_VBA_PROJECT"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    memmem::find(bytes, &utf16).is_some() || memmem::find(bytes, b"Attribute VB_").is_some()
}

fn read_zip(name: &str, office: bool, bytes: &[u8], evidence: &mut Evidence) {
    let shown = |inner: &str| vec![("name", format!("{name} → {inner}"))];
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // A zip whose table of contents cannot be read cannot be checked either.
        evidence.add(
            Feature::EncryptedArchive,
            0.5,
            vec![("name", name.to_owned())],
        );
        return;
    };
    for index in 0..archive.len().min(MAX_ARCHIVE_ENTRIES) {
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        let inner = entry
            .name()
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let lower = inner.to_lowercase();
        let inner_extension = lower
            .rsplit_once('.')
            .map_or("", |(_, extension)| extension);
        if lower.ends_with("vbaproject.bin") {
            evidence.add(Feature::OfficeMacros, 1.0, shown(&inner));
        }
        if office {
            continue;
        }
        if entry.encrypted() {
            evidence.add(Feature::EncryptedArchive, 1.0, shown(&inner));
        }
        if ARCHIVES.contains(&inner_extension) {
            evidence.add(Feature::NestedArchive, 1.0, shown(&inner));
        }
        if DANGEROUS.contains(&inner_extension) {
            evidence.add(Feature::DangerousAttachment, 1.0, shown(&inner));
        }
        if MACRO_FORMATS.contains(&inner_extension) {
            evidence.add(Feature::OfficeMacros, 1.0, shown(&inner));
        }
    }
}

/// Archives in formats this analyser cannot list (RAR, 7-Zip, CAB, ACE…).
fn is_unreadable_archive(bytes: &[u8], extension: &str) -> bool {
    const MAGICS: &[&[u8]] = &[b"Rar!\x1a\x07", b"7z\xBC\xAF\x27\x1C", b"MSCF", b"**ACE**"];
    MAGICS.iter().any(|magic| bytes.starts_with(magic))
        || (ARCHIVES.contains(&extension) && !matches!(extension, "zip" | "iso" | "img"))
}

fn read_pdf(name: &str, bytes: &[u8], evidence: &mut Evidence, carried: &mut Carried) {
    let shown = || vec![("name", name.to_owned())];
    let active = [
        &b"/AcroForm"[..],
        b"/JavaScript",
        b"/JS",
        b"/Launch",
        b"/EmbeddedFile",
    ];
    if active
        .iter()
        .any(|token| memmem::find(bytes, token).is_some())
    {
        evidence.add(Feature::PdfActiveContent, 1.0, shown());
    }
    let mut links = Vec::new();
    // A PDF of nothing but `/URI` tokens must not cost more than a few of them.
    for start in memmem::find_iter(bytes, b"/URI").take(10 * MAX_EMBEDDED_LINKS) {
        if links.len() >= MAX_EMBEDDED_LINKS {
            break;
        }
        let rest = &bytes[start + 4..bytes.len().min(start + 2048)];
        let Some(open) = memchr::memchr(b'(', rest) else {
            continue;
        };
        let Some(length) = memchr::memchr(b')', &rest[open + 1..]) else {
            continue;
        };
        let uri = String::from_utf8_lossy(&rest[open + 1..open + 1 + length]).into_owned();
        if !links.contains(&uri) {
            links.push(uri);
        }
    }
    if memmem::find(bytes, b"/URI").is_some() {
        evidence.add(Feature::PdfLinks, 1.0, shown());
    }
    carried.links.extend(links);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(name: &str, content_type: &str, bytes: &[u8]) -> (Evidence, Carried) {
        let mut evidence = Evidence::default();
        let mut carried = Carried::default();
        let attachment = Attachment {
            name,
            content_type,
            bytes,
        };
        inspect(attachment, &mut evidence, &mut carried);
        (evidence, carried)
    }

    fn zip_of(entries: &[(&str, bool)]) -> Vec<u8> {
        // A stored (uncompressed) zip written by hand: local headers, then the directory.
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for (name, encrypted) in entries {
            let offset = out.len() as u32;
            let flags: u16 = if *encrypted { 1 } else { 0 };
            let header = |signature: &[u8], central: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(signature);
                if central {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                h.extend_from_slice(&20u16.to_le_bytes());
                h.extend_from_slice(&flags.to_le_bytes());
                h.extend_from_slice(&[0; 2 + 2 + 2 + 4 + 4 + 4]);
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central {
                    h.extend_from_slice(&[0; 2 + 2 + 2 + 4]);
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(b"PK\x03\x04", false));
            directory.extend(header(b"PK\x01\x02", true));
        }
        let start = out.len() as u32;
        let count = entries.len() as u16;
        out.extend_from_slice(&directory);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn programs_scripts_and_disguised_names_are_dangerous() {
        let (evidence, _) = look(
            "Facture_2025.pdf.exe",
            "application/octet-stream",
            b"MZ\x90",
        );
        assert!(evidence.fired(Feature::DangerousAttachment));
        assert!(evidence.fired(Feature::DoubleExtension));
        let (evidence, _) = look("scan.pdf", "application/pdf", b"MZ this is a program");
        assert!(evidence.fired(Feature::DangerousAttachment));
        let (evidence, _) = look("compte-rendu.pdf", "application/pdf", b"%PDF-1.7\n%%EOF");
        assert!(evidence.reasons.is_empty());
    }

    #[test]
    fn archives_are_judged_by_their_contents_list() {
        let (evidence, _) = look(
            "docs.zip",
            "application/zip",
            &zip_of(&[("facture.js", false)]),
        );
        assert!(evidence.fired(Feature::DangerousAttachment));
        let (evidence, _) = look("docs.zip", "application/zip", &zip_of(&[("a.pdf", true)]));
        assert!(evidence.fired(Feature::EncryptedArchive));
        let (evidence, _) = look("docs.zip", "application/zip", &zip_of(&[("b.rar", false)]));
        assert!(evidence.fired(Feature::NestedArchive));
        let (evidence, _) = look(
            "photos.zip",
            "application/zip",
            &zip_of(&[("a.jpg", false)]),
        );
        assert!(evidence.reasons.is_empty());
        let (evidence, _) = look("truncated.zip", "application/zip", b"PK\x03\x04 cut short");
        assert!(evidence.fired(Feature::EncryptedArchive));
    }

    #[test]
    fn office_macros_are_found_by_name_and_content() {
        let (evidence, _) = look("rib.docm", "application/octet-stream", b"");
        assert!(evidence.fired(Feature::OfficeMacros));
        let ooxml = zip_of(&[("word/document.xml", false), ("word/vbaProject.bin", false)]);
        let (evidence, _) = look("rib.docx", "application/octet-stream", &ooxml);
        assert!(evidence.fired(Feature::OfficeMacros));
        assert!(!evidence.fired(Feature::NestedArchive));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend("_VBA_PROJECT".encode_utf16().flat_map(u16::to_le_bytes));
        let (evidence, _) = look("vieux.doc", "application/msword", &ole);
        assert!(evidence.fired(Feature::OfficeMacros));
    }

    #[test]
    fn pdfs_and_invitations_give_their_links() {
        let pdf = b"%PDF-1.4 << /A << /S /URI /URI (https://evil.example/x) >> >> /AcroForm";
        let (evidence, carried) = look("f.pdf", "application/pdf", pdf);
        assert!(evidence.fired(Feature::PdfLinks) && evidence.fired(Feature::PdfActiveContent));
        assert_eq!(carried.links, vec!["https://evil.example/x"]);
        let ics = b"BEGIN:VCALENDAR\nDESCRIPTION:Voir https://evil.example/rdv\nEND:VCALENDAR";
        let (evidence, carried) = look("invite.ics", "text/calendar", ics);
        assert!(evidence.fired(Feature::CalendarLinks));
        assert_eq!(carried.links.len(), 1);
    }

    #[test]
    fn attached_web_pages_are_read_like_the_body() {
        let (evidence, carried) = look("facture.html", "text/html", b"<form></form>");
        assert!(evidence.fired(Feature::DangerousAttachment));
        assert_eq!(carried.html.len(), 1);
    }
}
