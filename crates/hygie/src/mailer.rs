//! Alerts by e-mail: the practice and its IT provider are told at once, through the practice's
//! own mail server (SMTP through `lettre`, TLS through rustls).
//!
//! The server is given as an address: `smtps://HOST[:PORT]` (TLS from the start, port 465 by
//! default), `smtp+starttls://HOST[:PORT]` (upgraded, 587), or `smtp://HOST[:PORT]` — plain,
//! accepted only for this machine (a local relay), since a password or an alert must not cross a
//! network in clear. The account's password lives in `keys/smtp.password` (0600), never in
//! `hygie.toml`.

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::config::AlertsSection;

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// How to reach the mail server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// How the connection is protected.
    pub security: Security,
    /// Its host name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
}

/// How the connection to the mail server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte.
    Tls,
    /// Plain, then upgraded with STARTTLS (refused if the server cannot).
    StartTls,
    /// Plain: this machine only.
    Plain,
}

impl Server {
    /// Reads `smtps://…`, `smtp+starttls://…` or `smtp://…`.
    pub fn parse(address: &str) -> Result<Server, String> {
        let (scheme, rest) = address
            .split_once("://")
            .ok_or_else(|| format!("{address}: smtps://, smtp+starttls:// or smtp:// expected"))?;
        let (security, default_port) = match scheme {
            "smtps" => (Security::Tls, 465),
            "smtp+starttls" => (Security::StartTls, 587),
            "smtp" => (Security::Plain, 25),
            _ => return Err(format!("{address}: unknown scheme {scheme}")),
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| format!("{address}: unclosed ["))?;
            (host, after.strip_prefix(':'))
        } else {
            match rest.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            }
        };
        if host.is_empty() || host.contains(['/', '@', ' ']) {
            return Err(format!("{address}: no valid host"));
        }
        let port = match port {
            Some(port) => port
                .parse::<u16>()
                .map_err(|_| format!("{address}: {port} is not a port"))?,
            None => default_port,
        };
        let server = Server {
            security,
            host: host.to_owned(),
            port,
        };
        if security == Security::Plain && !server.is_loopback() {
            return Err(format!(
                "{address}: plain SMTP only to this machine; use smtps:// or smtp+starttls://"
            ));
        }
        Ok(server)
    }

    fn is_loopback(&self) -> bool {
        self.host == "localhost" || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// A configured way to send alerts.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    to: Vec<Mailbox>,
}

impl Mailer {
    /// The mailer `[alerts]` describes, or `None` when it names no recipient.
    pub fn from_config(section: &AlertsSection, password: &Path) -> Result<Option<Mailer>, String> {
        if section.email_to.is_empty() {
            return Ok(None);
        }
        let address = section
            .smtp
            .as_deref()
            .ok_or("[alerts] email_to is set but smtp, the mail server, is not")?;
        let server = Server::parse(address)?;
        let from: Mailbox = section
            .email_from
            .as_deref()
            .ok_or("[alerts] email_from, the sender address, is missing")?
            .parse()
            .map_err(|e| format!("[alerts] email_from: {e}"))?;
        let to = section
            .email_to
            .iter()
            .map(|a| {
                a.parse::<Mailbox>()
                    .map_err(|e| format!("[alerts] {a}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let builder = match server.security {
            Security::Tls => SmtpTransport::relay(&server.host),
            Security::StartTls => SmtpTransport::starttls_relay(&server.host),
            Security::Plain => Ok(SmtpTransport::builder_dangerous(&server.host)),
        }
        .map_err(|e| format!("{address}: {e}"))?;
        let mut builder = builder.port(server.port).timeout(Some(TIMEOUT));
        if let Some(user) = &section.smtp_user {
            let secret = std::fs::read_to_string(password).map_err(|e| {
                format!(
                    "[alerts] smtp_user is set: its password is read from {}: {e}",
                    password.display()
                )
            })?;
            builder = builder.credentials(Credentials::new(
                user.clone(),
                secret.trim_end_matches(['\n', '\r']).to_owned(),
            ));
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            to,
        }))
    }

    /// How many addresses are told.
    pub fn recipients(&self) -> usize {
        self.to.len()
    }

    /// Sends `body` under `subject` to every recipient.
    pub fn send(&self, subject: &str, body: String) -> Result<(), String> {
        let mut message = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        for to in &self.to {
            message = message.to(to.clone());
        }
        let message = message.body(body).map_err(|e| e.to_string())?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_with_their_default_ports() {
        assert_eq!(
            Server::parse("smtps://smtp.cabinet.fr").unwrap(),
            Server {
                security: Security::Tls,
                host: "smtp.cabinet.fr".into(),
                port: 465
            }
        );
        assert_eq!(
            Server::parse("smtp+starttls://smtp.cabinet.fr:2587/").unwrap(),
            Server {
                security: Security::StartTls,
                host: "smtp.cabinet.fr".into(),
                port: 2587
            }
        );
        assert_eq!(Server::parse("smtp://[::1]:2525").unwrap().port, 2525);
        assert_eq!(Server::parse("smtp://localhost").unwrap().port, 25);
    }

    #[test]
    fn plain_smtp_beyond_this_machine_and_nonsense_are_refused() {
        for bad in [
            "smtp://smtp.cabinet.fr",
            "smtp://192.168.1.10:25",
            "http://smtp.cabinet.fr",
            "smtps://",
            "smtps://user@host",
            "smtps://host:99999",
            "smtp.cabinet.fr",
        ] {
            assert!(Server::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_recipient_means_no_mailer_and_a_half_configuration_is_refused() {
        let none = AlertsSection::default();
        assert!(
            Mailer::from_config(&none, Path::new("/nonexistent"))
                .unwrap()
                .is_none()
        );
        let half = AlertsSection {
            email_to: vec!["secretariat@cabinet.invalid".into()],
            ..AlertsSection::default()
        };
        assert!(Mailer::from_config(&half, Path::new("/nonexistent")).is_err());
        let no_password = AlertsSection {
            email_to: vec!["secretariat@cabinet.invalid".into()],
            email_from: Some("hygie@cabinet.invalid".into()),
            smtp: Some("smtps://smtp.cabinet.invalid".into()),
            smtp_user: Some("hygie".into()),
        };
        let refused = Mailer::from_config(&no_password, Path::new("/nonexistent/smtp.password"));
        assert!(refused.is_err_and(|e| e.contains("smtp.password")));
    }
}
