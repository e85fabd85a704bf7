//! Signed checkpoints: a C2SP `tlog-checkpoint` body wrapped in a C2SP `signed-note`.
//!
//! The body is three lines — origin, tree size, base64 root hash — and the note adds one
//! Ed25519 signature line per signer. Any C2SP-aware verifier (Go's `sumdb/note`, the
//! transparency-dev tools) can check a checkpoint written here with the journal's public key.

use signed_note::{Note, VerifierList};
use tlog_tiles::{Checkpoint, Hash};

use crate::error::{Error, Result};
use crate::keys::{SigningKey, VerifierKey};

/// A checkpoint whose signature has been checked, or which this process just signed.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedCheckpoint {
    /// The log's name.
    pub origin: String,
    /// How many entries the tree holds.
    pub size: u64,
    /// The RFC 6962 root hash of the tree.
    pub root: Hash,
    /// The complete signed note, as written to files and sent to witnesses.
    pub note: Vec<u8>,
}

impl SignedCheckpoint {
    /// Signs a checkpoint for a tree of `size` entries with root `root`.
    pub(crate) fn sign(key: &SigningKey, size: u64, root: Hash) -> Result<SignedCheckpoint> {
        let body = Checkpoint::new(key.name(), size, root, "")
            .map_err(|_| Error::InvalidOrigin(key.name().to_owned()))?
            .to_bytes();
        let mut note =
            Note::new(&body, &[]).map_err(|e| Error::Checkpoint(format!("note: {e}")))?;
        note.add_sigs(&[key.signer()])
            .map_err(|e| Error::Checkpoint(format!("signature: {e}")))?;
        Ok(SignedCheckpoint {
            origin: key.name().to_owned(),
            size,
            root,
            note: note.to_bytes(),
        })
    }

    /// Parses a signed note and checks that `key` signed it.
    pub fn open(note_bytes: &[u8], key: &VerifierKey) -> Result<SignedCheckpoint, String> {
        let note = Note::from_bytes(note_bytes).map_err(|e| format!("malformed note: {e}"))?;
        let verifiers = VerifierList::new(vec![Box::new(key.verifier().clone())]);
        note.verify(&verifiers)
            .map_err(|e| format!("signature not valid for {}: {e}", key.name()))?;
        let checkpoint = Checkpoint::from_bytes(note.text())
            .map_err(|e| format!("malformed checkpoint: {e}"))?;
        if checkpoint.origin() != key.name() {
            return Err(format!(
                "checkpoint origin {:?} is not the key's name {:?}",
                checkpoint.origin(),
                key.name()
            ));
        }
        Ok(SignedCheckpoint {
            origin: checkpoint.origin().to_owned(),
            size: checkpoint.size(),
            root: *checkpoint.hash(),
            note: note_bytes.to_vec(),
        })
    }

    /// The note as text (it is always UTF-8).
    pub fn note_text(&self) -> String {
        String::from_utf8_lossy(&self.note).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate_keys;

    fn keys(name: &str) -> (SigningKey, VerifierKey) {
        let (secret, public) = generate_keys(name).unwrap();
        (
            SigningKey::parse(&secret).unwrap(),
            VerifierKey::parse(&public).unwrap(),
        )
    }

    #[test]
    fn signed_checkpoint_has_the_c2sp_shape_and_opens() {
        let (signer, verifier) = keys("hygie/test");
        let cp = SignedCheckpoint::sign(&signer, 3, tlog_tiles::EMPTY_HASH).unwrap();
        let text = cp.note_text();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("hygie/test"));
        assert_eq!(lines.next(), Some("3"));
        assert_eq!(
            lines.next(),
            Some("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        );
        assert_eq!(lines.next(), Some(""));
        assert!(lines.next().unwrap().starts_with("— hygie/test "));
        assert_eq!(SignedCheckpoint::open(&cp.note, &verifier).unwrap(), cp);
    }

    #[test]
    fn any_changed_byte_breaks_the_signature() {
        let (signer, verifier) = keys("hygie/test");
        let cp = SignedCheckpoint::sign(&signer, 12, tlog_tiles::EMPTY_HASH).unwrap();
        let body_len = cp.note.iter().position(|&b| b == b'\n').unwrap() + 5;
        for i in 0..body_len {
            let mut bad = cp.note.clone();
            bad[i] ^= 0x01;
            assert!(SignedCheckpoint::open(&bad, &verifier).is_err(), "byte {i}");
        }
    }

    #[test]
    fn another_key_is_refused() {
        let (signer, _) = keys("hygie/test");
        let (_, other) = keys("hygie/test");
        let cp = SignedCheckpoint::sign(&signer, 1, tlog_tiles::EMPTY_HASH).unwrap();
        assert!(SignedCheckpoint::open(&cp.note, &other).is_err());
    }
}

/// Known-answer vectors from a deployed C2SP log, to prove that our reader agrees with the
/// reference implementation (Go's `sumdb/note`).
#[cfg(test)]
mod interop {
    use super::*;

    /// The public key of the Go checksum database, as shipped in the Go toolchain.
    const GO_SUMDB_KEY: &str =
        "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
    /// A checkpoint that `sum.golang.org` served and signed.
    const GO_SUMDB_CHECKPOINT: &str = "go.sum database tree\n15368405\n/g9am3I6YWNKaZX/jkne1fqd9zEyjss+JXyPXG0WfkY=\n\n— sum.golang.org Az3grqJGUaSGukG9p8nI2vKgiFn7qGHxn0W+mrwyI6Gz3F0t1J3LzmWk/p96Ybf295EjwdSwlzgijq5WA9d1Ded7owM=\n";

    #[test]
    fn a_checkpoint_signed_by_the_go_checksum_database_verifies() {
        let key = VerifierKey::parse(GO_SUMDB_KEY).unwrap();
        // Its origin line differs from its key name, which our own journals never allow; the
        // signature itself must still verify through the same note code.
        let note = Note::from_bytes(GO_SUMDB_CHECKPOINT.as_bytes()).unwrap();
        let verifiers = VerifierList::new(vec![Box::new(key.verifier().clone())]);
        assert!(note.verify(&verifiers).is_ok());
        let checkpoint = Checkpoint::from_bytes(note.text()).unwrap();
        assert_eq!(checkpoint.size(), 15_368_405);
        assert!(SignedCheckpoint::open(GO_SUMDB_CHECKPOINT.as_bytes(), &key).is_err());

        let tampered = GO_SUMDB_CHECKPOINT.replace("15368405", "15368406");
        let note = Note::from_bytes(tampered.as_bytes()).unwrap();
        assert!(note.verify(&verifiers).is_err());
    }
}
