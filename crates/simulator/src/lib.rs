//! A safe ransomware simulator for Hygie's tests and benchmarks.
//!
//! It generates a practice-like corpus in a folder under the system's temporary folder, marks
//! it with [`MARKER`], and plays the reference behaviours (B1–B12 of the sentinel's evaluation
//! protocol) on that corpus only, with a reversible keyed cipher. Every path it would write,
//! rename or remove is checked first: under the marked corpus (or its marked "elsewhere"
//! folder), or refused before a byte is written.
//!
//! It also generates the account exports and staff registers the access review is tested on
//! ([`staff`]).
#![forbid(unsafe_code)]

mod behaviour;
mod corpus;
pub mod staff;

pub use behaviour::Behaviour;
pub use corpus::{Corpus, MARKER, keystream, prose};
