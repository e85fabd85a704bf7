//! The analyser from outside: our French healthcare set, and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod french_set;
mod hostile;
