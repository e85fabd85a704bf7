//! Compliance for a medical practice: the GDPR duties and the security self-assessment,
//! produced from facts rather than typed from memory.
//!
//! This crate is an engine: it reads tables and facts it is given (spreadsheet exports, the
//! evidence the binary gathers from the vault, the sentinel and the mail guard) and returns
//! findings, documents and reports. It never opens a file, a database or a socket itself, and
//! it depends on no other engine. Questions, rules and registers are data files compiled in
//! (`data/`); every sentence comes from `locales/`, French first.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access_audit;
pub mod access_review;
pub mod assessment;
pub mod breach;
pub mod documents;
pub mod pdf;
pub mod register;
pub mod report;
pub mod requests;
pub mod retention;
pub mod roles;
pub mod table;
pub mod text;
mod widths;

pub use text::{Lang, Localized, Texts};
