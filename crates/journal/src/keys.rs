//! Ed25519 keys in the C2SP signed-note text encoding.
//!
//! A signer key reads `PRIVATE+KEY+<name>+<id>+<base64>` and a verifier key
//! `<name>+<id>+<base64>`, exactly as Go's `golang.org/x/mod/sumdb/note` and every C2SP-aware
//! tool expect. The name of the key is the journal's origin.

use std::fmt;

use signed_note::{StandardSigner, StandardVerifier};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The text of a signer key. It is wiped from memory when dropped and never printed by `Debug`.
pub struct SecretKeyText(Zeroizing<String>);

impl SecretKeyText {
    /// Wraps key text read from a file or a prompt.
    pub fn new(text: String) -> SecretKeyText {
        SecretKeyText(Zeroizing::new(text))
    }

    /// The key text, to be written to a protected file.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKeyText(…)")
    }
}

/// Generates a new key pair named after the journal's `origin`: the secret signer key text and
/// the public verifier key text.
pub fn generate_keys(origin: &str) -> Result<(SecretKeyText, String)> {
    if !signed_note::is_key_name_valid(origin) {
        return Err(Error::InvalidOrigin(origin.to_owned()));
    }
    let (skey, vkey) = signed_note::generate_key(&mut rand_core::OsRng, origin);
    Ok((SecretKeyText::new(skey), vkey))
}

/// A key that signs checkpoints.
pub struct SigningKey {
    signer: StandardSigner,
    name: String,
}

impl SigningKey {
    /// Parses signer key text.
    pub fn parse(text: &SecretKeyText) -> Result<SigningKey> {
        let signer = StandardSigner::new(text.expose().trim())
            .map_err(|e| Error::InvalidKey(format!("signer key: {e}")))?;
        let name = signed_note::Signer::name(&signer).to_owned();
        Ok(SigningKey { signer, name })
    }

    /// The key's name, which is the journal's origin.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn signer(&self) -> &StandardSigner {
        &self.signer
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.name)
    }
}

/// A key that checks checkpoint signatures.
pub struct VerifierKey {
    verifier: StandardVerifier,
    text: String,
}

impl VerifierKey {
    /// Parses verifier key text.
    pub fn parse(text: &str) -> Result<VerifierKey> {
        let text = text.trim();
        let verifier = StandardVerifier::new(text)
            .map_err(|e| Error::InvalidKey(format!("verifier key: {e}")))?;
        Ok(VerifierKey {
            verifier,
            text: text.to_owned(),
        })
    }

    /// The key's name, which is the journal's origin.
    pub fn name(&self) -> &str {
        signed_note::Verifier::name(&self.verifier)
    }

    /// The key text, as published.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn verifier(&self) -> &StandardVerifier {
        &self.verifier
    }
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({})", self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_match() {
        let (secret, public) = generate_keys("hygie/cabinet-test").unwrap();
        let signer = SigningKey::parse(&secret).unwrap();
        let verifier = VerifierKey::parse(&public).unwrap();
        assert_eq!(signer.name(), "hygie/cabinet-test");
        assert_eq!(verifier.name(), "hygie/cabinet-test");
        assert!(format!("{secret:?}").contains('…'));
        assert!(!format!("{signer:?}").contains("PRIVATE"));
    }

    #[test]
    fn names_with_spaces_are_refused() {
        assert!(matches!(
            generate_keys("cabinet dupont"),
            Err(Error::InvalidOrigin(_))
        ));
    }

    #[test]
    fn malformed_keys_are_refused() {
        assert!(
            SigningKey::parse(&SecretKeyText::new("PRIVATE+KEY+x+00000000+AAAA".into())).is_err()
        );
        assert!(VerifierKey::parse("x+00000000+AAAA").is_err());
        assert!(VerifierKey::parse("").is_err());
    }
}
