//! Where a link really leads, and the address a text shows.

use std::net::IpAddr;

/// The destination of a web link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The host as the URL names it (ASCII, punycode for international names).
    pub host: String,
    /// The host as a person reads it (international names decoded).
    pub readable_host: String,
    /// The registrable domain (`ameli.fr` for `www.ameli.fr`), when the host is a name.
    pub registrable: Option<String>,
    /// The host is an IP address.
    pub ip: bool,
    /// The URL carries `user@` before the host (`https://www.ameli.fr@evil.example/`).
    pub userinfo: bool,
    /// The path and query, lower case, cut at 256 bytes.
    pub path: String,
}

impl Target {
    /// The registrable domain, or the host itself for addresses and odd names.
    pub fn site(&self) -> &str {
        self.registrable.as_deref().unwrap_or(&self.host)
    }

    /// The registrable domain as a person reads it.
    pub fn readable_site(&self) -> String {
        match &self.registrable {
            Some(domain) => readable(domain),
            None => self.readable_host.clone(),
        }
    }
}

/// Reads a web link; `None` for anything that is not `http`, `https` or `www.`.
pub fn target(href: &str) -> Option<Target> {
    let href = href.trim();
    let starts = |prefix: &str| {
        href.as_bytes()
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let parsed = if starts("http://") || starts("https://") {
        url::Url::parse(href).ok()?
    } else if starts("www.") {
        url::Url::parse(&format!("http://{href}")).ok()?
    } else {
        return None;
    };
    let userinfo = !parsed.username().is_empty() || parsed.password().is_some();
    let (host, ip) = match parsed.host()? {
        url::Host::Domain(name) => (name.trim_end_matches('.').to_owned(), false),
        url::Host::Ipv4(address) => (address.to_string(), true),
        url::Host::Ipv6(address) => (address.to_string(), true),
    };
    if host.is_empty() {
        return None;
    }
    let registrable = if ip { None } else { registrable_domain(&host) };
    let mut path = parsed.path().to_ascii_lowercase();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(&query.to_ascii_lowercase());
    }
    path.truncate(path.floor_char_boundary(256));
    Some(Target {
        readable_host: readable(&host),
        host,
        registrable,
        ip,
        userinfo,
        path,
    })
}

/// The registrable part of a host name under a known public suffix.
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let suffix = psl::suffix(host.as_bytes())?;
    if !suffix.is_known() {
        return None;
    }
    match psl::domain_str(&host) {
        Some(domain) => Some(domain.to_owned()),
        // A name of the suffix list's private section is a site of its own (`iki.fi` hands
        // out addresses under itself), where an ICANN suffix (`co.uk`) is nobody's.
        None if suffix.typ() == Some(psl::Type::Private)
            && suffix.as_bytes() == host.as_bytes() =>
        {
            Some(host)
        }
        None => None,
    }
}

/// A host name as a person reads it: `xn--amli-mpa.fr` becomes `amëli.fr`.
pub fn readable(host: &str) -> String {
    let (decoded, result) = idna::domain_to_unicode(host);
    if result.is_ok() {
        decoded
    } else {
        host.to_owned()
    }
}

/// The site a piece of text shows as an address (`https://www.ameli.fr`, `ameli.fr`), if it
/// shows one.
pub fn shown_target(text: &str) -> Option<Target> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')' | '[' | ']'))
        .map(|word| {
            word.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\''))
        })
        .find_map(|word| {
            if word.contains("://") || word.to_ascii_lowercase().starts_with("www.") {
                return target(word);
            }
            let looks_like_a_name = word.contains('.')
                && !word.contains('@')
                && word
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/'));
            if !looks_like_a_name {
                return None;
            }
            let host = word.split('/').next()?;
            registrable_domain(host)?;
            target(&format!("http://{word}"))
        })
}

/// Web links written out in plain text. One pass: each prefix's next occurrence is searched
/// again only once the scan has gone past it.
pub fn in_plain_text(text: &str, limit: usize) -> Vec<String> {
    const PREFIXES: [&str; 3] = ["http://", "https://", "www."];
    let mut links = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut next: [Option<usize>; 3] = PREFIXES.map(|prefix| lower.find(prefix));
    let mut position = 0;
    while links.len() < limit {
        for (slot, prefix) in next.iter_mut().zip(PREFIXES) {
            if slot.is_some_and(|found| found < position) {
                *slot = lower[position..]
                    .find(prefix)
                    .map(|offset| position + offset);
            }
        }
        let Some(start) = next.iter().flatten().copied().min() else {
            break;
        };
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']'))
            .map_or(text.len(), |length| start + length);
        let link = text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        // `www.` inside a longer word (`awww.x`) is not a link.
        let standalone = start == 0
            || !text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '/');
        if standalone && link.len() > 4 {
            links.push(link.to_owned());
        }
        position = text.ceil_char_boundary(end.max(start + 1));
    }
    links
}

/// Whether a link goes through a well-known site's open redirect (Google's `/url` and AMP
/// pages, Bing's click tracker…) — a way to show a trusted name in the address bar first.
pub fn is_redirector(target: &Target) -> bool {
    let site = target.site();
    let google = site.starts_with("google.") || site == "googleadservices.com";
    (google && (target.path.starts_with("/url") || target.path.starts_with("/amp/")))
        || (site == "googleadservices.com" && target.path.starts_with("/pagead/aclk"))
        || (site == "bing.com" && target.path.starts_with("/ck/"))
        || (site == "youtube.com" && target.path.starts_with("/redirect"))
        || (target.host == "l.facebook.com" && target.path.starts_with("/l.php"))
        || (site == "linkedin.com" && target.path.starts_with("/slink"))
        || (site == "doubleclick.net" && target.path.contains("adurl=http"))
}

/// Whether a host string is an IP address.
pub fn is_ip(host: &str) -> bool {
    host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_reduced_to_its_registrable_site() {
        let found = target("https://remboursement.ameli.fr.secure-dossier.top/login?x=1").unwrap();
        assert_eq!(found.site(), "secure-dossier.top");
        assert!(!found.ip && !found.userinfo);
        assert_eq!(target("https://www.ameli.fr/").unwrap().site(), "ameli.fr");
        assert_eq!(target("www.doctolib.fr/rdv").unwrap().site(), "doctolib.fr");
        assert!(target("mailto:a@b.fr").is_none());
        assert!(target("javascript:alert(1)").is_none());
    }

    #[test]
    fn open_redirects_of_known_sites_are_seen() {
        let bounce = target("https://www.google.com/amp/s/evil.example/x").unwrap();
        assert!(is_redirector(&bounce));
        assert!(is_redirector(
            &target("https://www.google.fr/url?q=https://x.example").unwrap()
        ));
        assert!(!is_redirector(
            &target("https://www.google.com/search?q=ameli").unwrap()
        ));
    }

    #[test]
    fn address_and_userinfo_tricks_are_seen() {
        let trick = target("https://www.ameli.fr@evil.example.com/x").unwrap();
        assert!(trick.userinfo);
        assert_eq!(trick.site(), "example.com");
        let ip = target("http://0x7f000001/login").unwrap();
        assert!(ip.ip);
        assert_eq!(ip.host, "127.0.0.1");
        assert!(is_ip("[::1]"));
    }

    #[test]
    fn international_names_are_shown_decoded() {
        let found = target("https://xn--amli-mpa.fr/").unwrap();
        assert_eq!(found.readable_site(), "amëli.fr");
    }

    #[test]
    fn shown_addresses_are_recognised_and_words_are_not() {
        assert_eq!(
            shown_target("Accédez à www.ameli.fr.").unwrap().site(),
            "ameli.fr"
        );
        assert_eq!(shown_target("ameli.fr/compte").unwrap().site(), "ameli.fr");
        assert!(shown_target("Cliquez ici").is_none());
        assert!(shown_target("version 2.0 du fichier.txt").is_none());
    }

    #[test]
    fn a_text_made_of_link_beginnings_is_read_in_one_pass() {
        let hostile = "awww. ".repeat(200_000);
        let started = std::time::Instant::now();
        assert!(in_plain_text(&hostile, 500).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(target("http://ёvil.fr/x").is_some());
    }

    #[test]
    fn links_are_found_in_plain_text() {
        let links = in_plain_text("Voir https://a.fr/x, puis www.b.fr. Fin (http://c.fr)", 10);
        assert_eq!(links, vec!["https://a.fr/x", "www.b.fr", "http://c.fr"]);
        assert_eq!(in_plain_text("http://a.fr http://b.fr", 1).len(), 1);
    }
}
