//! The repository server as the journal's witness, reached over HTTP(S).
//!
//! `GET /{name}/witness` answers what the server holds; `POST /{name}/witness` offers a
//! checkpoint with its consistency proof. The server applies the same rule as a folder witness,
//! so a refusal (409) carries the same [`Refusal`] and is handled the same way.

use std::path::Path;
use std::time::Duration;

use hygie_journal::witness::{Held, Offer, Refusal, Witness};
use hygie_journal::{Error, Hash, Result, SignedCheckpoint, VerifierKey};
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use zeroize::Zeroizing;

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A repository server's witness endpoint, with the credential that reaches it.
pub struct ServerWitness {
    /// The address shown to people: `rest:https://host:port/name`.
    shown: String,
    /// `https://host:port/name/witness`.
    endpoint: String,
    name: String,
    password: Zeroizing<String>,
    client: Client,
}

impl ServerWitness {
    /// The witness of the repository at `address` (`rest:https://host:port/name`), reached with
    /// the credential `name`/`password`, trusting `ca_certificate` besides the system's
    /// authorities when given.
    pub fn new(
        address: &str,
        password: &str,
        ca_certificate: Option<&Path>,
    ) -> std::result::Result<ServerWitness, String> {
        // The same address as the repository's, read by the same rules: https (plain http on
        // this machine only), no credential in it, a name at its end.
        let place = hygie_vault::Place::server(address, password, ca_certificate)
            .map_err(|e| e.to_string())?;
        let (Some(base), Some(name)) = (place.server_url(), place.credential_name()) else {
            return Err(format!("{address}: expected rest:https://HOST:PORT/NAME"));
        };
        let mut builder = Client::builder().timeout(TIMEOUT);
        if let Some(path) = ca_certificate {
            let pem = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let certificate = reqwest::Certificate::from_pem(&pem)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            builder = builder.add_root_certificate(certificate);
        }
        let client = builder.build().map_err(|e| e.to_string())?;
        Ok(ServerWitness {
            shown: format!("rest:{base}"),
            endpoint: format!("{base}/witness"),
            name: name.to_owned(),
            password: Zeroizing::new(password.to_owned()),
            client,
        })
    }

    fn unreachable(&self, cause: impl std::fmt::Display) -> Error {
        Error::WitnessUnreachable(format!("{}: {cause}", self.shown))
    }

    /// What the server holds, or `None` when it holds nothing yet.
    fn held(&self) -> Result<Option<Held>> {
        let response = self
            .client
            .get(&self.endpoint)
            .basic_auth(&self.name, Some(self.password.as_str()))
            .send()
            .map_err(|e| self.unreachable(e))?;
        match response.status() {
            StatusCode::NOT_FOUND => Ok(None),
            StatusCode::OK => response
                .json::<Held>()
                .map(Some)
                .map_err(|e| self.unreachable(e)),
            _ => Err(self.unexpected(response)),
        }
    }

    fn unexpected(&self, response: Response) -> Error {
        let status = response.status();
        let text = response.text().unwrap_or_default();
        self.unreachable(format!("{status}: {}", text.trim()))
    }
}

impl Witness for ServerWitness {
    fn location(&self) -> String {
        self.shown.clone()
    }

    fn pinned_key(&self) -> Result<Option<VerifierKey>> {
        self.held()?
            .map(|held| VerifierKey::parse(&held.key))
            .transpose()
    }

    fn latest(&self, key: &VerifierKey) -> Result<Option<SignedCheckpoint>> {
        self.held()?
            .map(|held| {
                SignedCheckpoint::open(held.checkpoint.as_bytes(), key)
                    .map_err(|detail| Error::Checkpoint(format!("{}: {detail}", self.shown)))
            })
            .transpose()
    }

    fn submit(&self, key: &VerifierKey, note: &[u8], proof: &[Hash]) -> Result<SignedCheckpoint> {
        let response = self
            .client
            .post(&self.endpoint)
            .basic_auth(&self.name, Some(self.password.as_str()))
            .json(&Offer::new(key, note, proof))
            .send()
            .map_err(|e| self.unreachable(e))?;
        match response.status() {
            StatusCode::OK => SignedCheckpoint::open(note, key).map_err(Error::Checkpoint),
            StatusCode::CONFLICT => match response.json::<Refusal>() {
                Ok(refusal) => Err(Error::WitnessRefused(refusal)),
                Err(e) => Err(self.unreachable(e)),
            },
            _ => Err(self.unexpected(response)),
        }
    }
}
