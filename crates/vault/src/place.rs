//! Where a repository is: a local folder, or a repository server reached with a credential.
//!
//! A [`Place`] keeps apart what may be shown to a person (the folder, or the server's address
//! without its password) and what the backend needs (the address with the credential, the
//! certificate authority to trust). Errors and reports only ever see the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rustic_backend::BackendOptions;
use rustic_core::RepositoryBackends;

use crate::error::{Error, Result};

/// A repository's location.
#[derive(Clone, PartialEq, Eq)]
pub struct Place {
    shown: String,
    backend: String,
    options: BTreeMap<String, String>,
    /// The credential's password, raw and as written in `backend`, to scrub from error texts.
    secrets: Vec<String>,
    /// For a repository server: its URL (`https://host:port/name`, no trailing slash) and the
    /// credential's name.
    server: Option<(String, String)>,
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Place").field(&self.shown).finish()
    }
}

/// The prefix of a repository server's address, as restic writes it.
const REST_PREFIX: &str = "rest:";

impl Place {
    /// A local folder, or any location `restic` understands that needs no credential.
    pub fn new(location: &str) -> Place {
        Place {
            shown: location.to_owned(),
            backend: location.to_owned(),
            options: BTreeMap::new(),
            secrets: Vec::new(),
            server: None,
        }
    }

    /// A repository on a repository server: `address` is `rest:https://host:port/name` (or
    /// `http://` on loopback only: a password never crosses a network in clear), where `name` is
    /// also the credential's name; `password` is the
    /// credential's password; `ca_certificate` is a PEM file to trust besides the system's
    /// authorities (a server with its own certificate).
    pub fn server(address: &str, password: &str, ca_certificate: Option<&Path>) -> Result<Place> {
        let url = address.strip_prefix(REST_PREFIX).unwrap_or(address);
        let invalid = |why: &str| Error::Repository {
            location: address.to_owned(),
            operation: "open",
            cause: why.to_owned(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| invalid("expected rest:https://HOST:PORT/NAME"))?;
        if scheme != "https" && scheme != "http" {
            return Err(invalid(
                "the address must start with rest:https:// or rest:http://",
            ));
        }
        if rest.contains('@') {
            return Err(invalid(
                "the address must not hold a name or password: the password is kept apart",
            ));
        }
        if scheme == "http" && !is_loopback(rest) {
            return Err(invalid(
                "rest:http:// is accepted on this machine only (127.0.0.1, ::1, localhost): use rest:https://",
            ));
        }
        let name = rest
            .trim_end_matches('/')
            .rsplit_once('/')
            .map(|(_, name)| name)
            .filter(|name| !name.is_empty())
            .ok_or_else(|| invalid("the address must end with the repository's name"))?;
        let mut options = BTreeMap::new();
        if let Some(ca) = ca_certificate {
            options.insert("cacert".to_owned(), ca.display().to_string());
        }
        Ok(Place {
            shown: format!("{REST_PREFIX}{url}"),
            backend: format!(
                "{REST_PREFIX}{scheme}://{}:{}@{rest}",
                percent_encode(name),
                percent_encode(password)
            ),
            options,
            secrets: vec![password.to_owned(), percent_encode(password)],
            server: Some((
                format!("{scheme}://{}", rest.trim_end_matches('/')),
                name.to_owned(),
            )),
        })
    }

    /// Whether this is a repository server's address.
    pub fn is_server(text: &str) -> bool {
        text.starts_with(REST_PREFIX)
    }

    /// What may be shown to a person.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The repository server's URL (`https://host:port/name`), when the repository is on one.
    pub fn server_url(&self) -> Option<&str> {
        self.server.as_ref().map(|(url, _)| url.as_str())
    }

    /// The name of the credential that reaches the repository server (also the repository's).
    pub fn credential_name(&self) -> Option<&str> {
        self.server.as_ref().map(|(_, name)| name.as_str())
    }

    /// The local folder, when the repository is one.
    pub fn local_folder(&self) -> Option<PathBuf> {
        // Any other backend has a `scheme:` prefix (`rest:`, `opendal:`…).
        (!self.backend.contains(':')).then(|| PathBuf::from(&self.backend))
    }

    pub(crate) fn backends(&self) -> Result<RepositoryBackends> {
        let mut options = BackendOptions::default().repository(&self.backend);
        options.options = self.options.clone();
        // The backend's own errors quote the address it was given, password included.
        options
            .to_backends()
            .map_err(|e| match Error::repository(&self.shown, "open")(e) {
                Error::Repository {
                    location,
                    operation,
                    cause,
                } => Error::Repository {
                    location,
                    operation,
                    cause: self.scrub(&cause),
                },
                other => other,
            })
    }

    /// `text` without the credential's password.
    fn scrub(&self, text: &str) -> String {
        self.secrets
            .iter()
            .filter(|secret| !secret.is_empty())
            .fold(text.to_owned(), |text, secret| {
                text.replace(secret.as_str(), "***")
            })
    }
}

/// Whether the host of `rest` (`host:port/path`) is this machine.
fn is_loopback(rest: &str) -> bool {
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What stays as it is in a URL's user name or password: RFC 3986's unreserved characters.
const USERINFO: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a URL's user or password part: everything but unreserved characters.
fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, USERINFO).to_string()
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn the_password_is_never_shown() {
        let place = Place::server("rest:https://nas.local:8000/cabinet", "s3cr:t@", None).unwrap();
        assert_eq!(place.shown(), "rest:https://nas.local:8000/cabinet");
        assert_eq!(place.server_url(), Some("https://nas.local:8000/cabinet"));
        assert_eq!(place.credential_name(), Some("cabinet"));
        assert!(!format!("{place:?}").contains("s3cr"));
        assert_eq!(
            place.backend,
            "rest:https://cabinet:s3cr%3At%40@nas.local:8000/cabinet"
        );
    }

    #[test]
    fn server_addresses_are_checked() {
        for bad in [
            "rest:ftp://nas/cabinet",
            "rest:https://user:pw@nas/cabinet",
            "rest:https://nas:8000/",
            "nas/cabinet",
        ] {
            assert!(Place::server(bad, "pw", None).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_http_only_on_this_machine() {
        for local in [
            "rest:http://127.0.0.1:8000/x",
            "rest:http://[::1]:8000/x",
            "rest:http://localhost:8000/x",
        ] {
            assert!(Place::server(local, "pw", None).is_ok(), "{local}");
        }
        assert!(Place::server("rest:http://nas.cabinet:8000/x", "pw", None).is_err());
        assert!(Place::server("rest:http://192.168.1.10:8000/x", "pw", None).is_err());
        assert!(Place::server("rest:https://nas.cabinet:8000/x", "pw", None).is_ok());
    }

    #[test]
    fn a_backend_error_never_carries_the_password() {
        let missing = std::env::temp_dir().join("hygie-no-such-ca.pem");
        let place = Place::server(
            "rest:https://nas.cabinet:8000/x",
            "s3cr:t pw",
            Some(&missing),
        )
        .unwrap();
        let Err(error) = place.backends() else {
            panic!("a missing CA file is an error");
        };
        let text = error.to_string();
        assert!(!text.contains("s3cr") && !text.contains("%3At"), "{text}");
    }

    #[test]
    fn local_folders_are_recognised() {
        assert!(Place::new("/srv/coffre").local_folder().is_some());
        assert!(
            Place::new("rest:http://127.0.0.1:8000/x")
                .local_folder()
                .is_none()
        );
    }
}
