//! TLS for Hygie's HTTP servers — the repository server and the console — when they listen
//! beyond loopback: a rustls setup read from PEM files (TLS 1.3 and 1.2, rustls' safe
//! defaults, on the aws-lc-rs provider), a listener that runs handshakes in their own bounded
//! tasks so a silent client holds up no one, and a self-signed certificate generated once for a
//! machine that has none, with the fingerprint a person checks at the first connection.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod certificate;
mod listener;

pub use certificate::{Fingerprint, self_signed};
pub use listener::{TlsError, TlsListener, tls_config};
