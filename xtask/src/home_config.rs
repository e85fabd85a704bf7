//! Changing a benchmark home's configuration: `hygie init` writes `hygie.toml` with every key at
//! its default, and a benchmark replaces the lines it needs otherwise.

use std::path::Path;

/// Replaces `from`, a line `hygie init` writes, by `to` in the configuration of `home`; fails
/// when `from` is not there (the default changed), rather than measure with the default.
pub fn replace(home: &Path, from: &str, to: &str) -> Result<(), String> {
    let config = home.join("hygie.toml");
    let text =
        std::fs::read_to_string(&config).map_err(|e| format!("{}: {e}", config.display()))?;
    if !text.contains(from) {
        return Err(format!("{}: no {from} to replace", config.display()));
    }
    std::fs::write(&config, text.replace(from, to))
        .map_err(|e| format!("{}: {e}", config.display()))
}
