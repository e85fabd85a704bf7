//! Secret files in the home: written with mode 0600, refused when others can read them, and
//! optionally sealed with a passphrase.
//!
//! A sealed file reads `hygie-sealed/1 argon2id-xchacha20poly1305` on its first line and the
//! base64 of `salt (16) | nonce (24) | ciphertext` on the second. The key is derived with
//! Argon2id (64 MiB, 3 passes, 1 lane — the second recommended setting of RFC 9106), and
//! XChaCha20-Poly1305 authenticates the content, so a wrong passphrase or a changed byte is told
//! apart from a valid file.

use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use crate::t;

const SEALED_HEADER: &str = "hygie-sealed/1 argon2id-xchacha20poly1305";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
/// The environment variable that can hold the passphrase for services.
pub const PASSPHRASE_VAR: &str = "HYGIE_KEY_PASSPHRASE";

/// Writes `content` to a new file readable by its owner only. Fails if the file exists.
pub fn write_private(path: &Path, content: &[u8]) -> Result<(), String> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| t!("secret-write-failed", path = path, cause = e.to_string()))?;
    file.write_all(content)
        .and_then(|()| file.sync_all())
        .map_err(|e| t!("secret-write-failed", path = path, cause = e.to_string()))
}

/// Reads a secret file, refusing one that others may read.
pub fn read_private(path: &Path) -> Result<Zeroizing<String>, String> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| t!("secret-unreadable", path = path, cause = e.to_string()))?;
    if !metadata.is_file() {
        return Err(t!("secret-not-a-file", path = path));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(t!(
                "secret-too-open",
                path = path,
                mode = format!("{:o}", mode & 0o777)
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    let text = std::fs::read_to_string(path)
        .map_err(|e| t!("secret-unreadable", path = path, cause = e.to_string()))?;
    Ok(Zeroizing::new(text))
}

/// Whether a secret file's text is sealed with a passphrase.
pub fn is_sealed(text: &str) -> bool {
    text.starts_with(SEALED_HEADER)
}

/// Seals `secret` with `passphrase`.
pub fn seal(secret: &str, passphrase: &str) -> Result<String, String> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let key = derive(passphrase, &salt)?;
    let cipher = XChaCha20Poly1305::new((&*key).into());
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), secret.as_bytes())
        .map_err(|_| t!("secret-seal-failed"))?;
    let mut blob = Vec::with_capacity(SALT_LEN + NONCE_LEN + ciphertext.len());
    blob.extend_from_slice(&salt);
    blob.extend_from_slice(&nonce);
    blob.extend_from_slice(&ciphertext);
    Ok(format!("{SEALED_HEADER}\n{}\n", STANDARD.encode(blob)))
}

/// Opens text made by [`seal`].
pub fn unseal(text: &str, passphrase: &str, path: &Path) -> Result<Zeroizing<String>, String> {
    let body = text
        .strip_prefix(SEALED_HEADER)
        .map(str::trim)
        .ok_or_else(|| t!("secret-malformed", path = path))?;
    let blob = STANDARD
        .decode(body)
        .map_err(|_| t!("secret-malformed", path = path))?;
    if blob.len() < SALT_LEN + NONCE_LEN + 16 {
        return Err(t!("secret-malformed", path = path));
    }
    let (salt, rest) = blob.split_at(SALT_LEN);
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let key = derive(passphrase, salt)?;
    let cipher = XChaCha20Poly1305::new((&*key).into());
    let plain = cipher
        .decrypt(XNonce::from_slice(nonce), ciphertext)
        .map_err(|_| t!("secret-wrong-passphrase", path = path))?;
    String::from_utf8(plain)
        .map(Zeroizing::new)
        .map_err(|_| t!("secret-malformed", path = path))
}

fn derive(passphrase: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, String> {
    let params =
        argon2::Params::new(64 * 1024, 3, 1, Some(32)).map_err(|_| t!("secret-seal-failed"))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut *key)
        .map_err(|_| t!("secret-seal-failed"))?;
    Ok(key)
}

/// The passphrase: from `HYGIE_KEY_PASSPHRASE`, else asked on the terminal.
pub fn passphrase(prompt: &str) -> Result<Zeroizing<String>, String> {
    if let Ok(value) = std::env::var(PASSPHRASE_VAR) {
        return Ok(Zeroizing::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(t!("secret-passphrase-needed", var = PASSPHRASE_VAR));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| t!("secret-prompt-failed", cause = e.to_string()))
}

/// A password a person types: asked on the terminal (twice when `confirm` names the second
/// prompt), or read as the first line of standard input for scripts.
pub fn read_password(prompt: &str, confirm: Option<&str>) -> Result<Zeroizing<String>, String> {
    use std::io::BufRead;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| t!("secret-prompt-failed", cause = e.to_string()))?;
        if let Some(again) = confirm {
            let second = rpassword::prompt_password(again)
                .map(Zeroizing::new)
                .map_err(|e| t!("secret-prompt-failed", cause = e.to_string()))?;
            if first != second {
                return Err(t!("secret-passwords-differ"));
            }
        }
        return Ok(first);
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| t!("secret-prompt-failed", cause = e.to_string()))?;
    Ok(Zeroizing::new(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_passphrase() {
        let sealed = seal("PRIVATE+KEY+x", "correct horse").unwrap();
        assert!(is_sealed(&sealed));
        let path = Path::new("journal.key");
        assert_eq!(
            unseal(&sealed, "correct horse", path).unwrap().as_str(),
            "PRIVATE+KEY+x"
        );
        assert!(unseal(&sealed, "wrong", path).is_err());
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(unseal(&String::from_utf8(tampered).unwrap(), "correct horse", path).is_err());
        assert!(unseal(&format!("{SEALED_HEADER}\n!!"), "x", path).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_and_open_ones_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        write_private(&path, b"s").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(write_private(&path, b"again").is_err());
        assert_eq!(read_private(&path).unwrap().as_str(), "s");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read_private(&path).is_err());
    }
}
