//! The practice's web console and JSON API: three lights that say at a glance whether the
//! practice is protected, the alerts, and — as engines grow — the other pages.
//!
//! It is served by `hygie up` on loopback. Every person signs in with a password (CNIL entropy
//! rule, Argon2id) and a TOTP code; sessions are opaque random tokens kept only as hashes; what
//! each role may do is a Cedar policy (`policies/console.cedar`). It depends on the state
//! database and on facts the binary hands it ([`facts::Facts`]), never on an engine, and it
//! never serves a page or an API answer to someone who is not signed in.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
pub mod facts;
pub mod http;
pub mod lights;
pub mod policy;
pub mod text;

pub use http::{Console, app, openapi, serve};
