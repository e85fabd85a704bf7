//! Inclusion and consistency proofs, in a self-contained form an auditor can check offline.
//!
//! An inclusion proof carries the record exactly as it was hashed, the RFC 6962 audit path and
//! the signed checkpoint it leads to; checking it needs only the journal's public key.

use serde::{Deserialize, Serialize};
use tlog_tiles::Hash;

use crate::checkpoint::SignedCheckpoint;
use crate::keys::VerifierKey;

/// The format tag written into every inclusion proof.
pub const INCLUSION_FORMAT: &str = "hygie-inclusion-proof/1";

/// Proof that entry `index` is part of the signed tree of `tree_size` entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionProof {
    /// Always [`INCLUSION_FORMAT`].
    pub format: String,
    /// The entry's number (its leaf index).
    pub index: u64,
    /// The stored record, byte for byte (records are UTF-8 JSON).
    pub record: String,
    /// The size of the tree the proof leads to.
    pub tree_size: u64,
    /// The audit path, leaf to root (base64 in JSON).
    #[serde(with = "base64_hashes")]
    pub hashes: Vec<Hash>,
    /// The signed checkpoint (C2SP signed note) for `tree_size`.
    pub checkpoint: String,
}

/// Proof that the tree of `old_size` entries is a prefix of the tree of `new_size` entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    /// The older, smaller tree.
    pub old_size: u64,
    /// The newer tree.
    pub new_size: u64,
    /// The RFC 6962 consistency path (base64 in JSON).
    #[serde(with = "base64_hashes")]
    pub hashes: Vec<Hash>,
}

/// Why a proof does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The proof is not in a format this build reads.
    #[error("unknown proof format {0:?}")]
    Format(String),
    /// The checkpoint's signature does not verify.
    #[error("checkpoint: {0}")]
    Checkpoint(String),
    /// The proof speaks of another tree size than its checkpoint.
    #[error("the proof is for {proof} entries but the checkpoint signs {checkpoint}")]
    SizeMismatch {
        /// Size named by the proof.
        proof: u64,
        /// Size signed by the checkpoint.
        checkpoint: u64,
    },
    /// The hashes do not lead from the record to the signed root.
    #[error("the audit path does not lead to the signed root")]
    Invalid,
}

impl InclusionProof {
    /// Checks the signature on the checkpoint, then the audit path from the record to its root.
    pub fn check(&self, key: &VerifierKey) -> Result<SignedCheckpoint, ProofError> {
        if self.format != INCLUSION_FORMAT {
            return Err(ProofError::Format(self.format.clone()));
        }
        let checkpoint = SignedCheckpoint::open(self.checkpoint.as_bytes(), key)
            .map_err(ProofError::Checkpoint)?;
        if checkpoint.size != self.tree_size {
            return Err(ProofError::SizeMismatch {
                proof: self.tree_size,
                checkpoint: checkpoint.size,
            });
        }
        let leaf = tlog_tiles::record_hash(self.record.as_bytes());
        tlog_tiles::check_record(
            &self.hashes,
            self.tree_size,
            checkpoint.root,
            self.index,
            leaf,
        )
        .map_err(|_| ProofError::Invalid)?;
        Ok(checkpoint)
    }

    /// Size of the audit path in bytes (32 per hash).
    pub fn path_bytes(&self) -> usize {
        self.hashes.len() * tlog_tiles::HASH_SIZE
    }
}

impl ConsistencyProof {
    /// Checks that the tree `old_root` of `old_size` entries is a prefix of `new_root`.
    pub fn check(&self, old_root: Hash, new_root: Hash) -> Result<(), ProofError> {
        if self.old_size == self.new_size {
            return if old_root == new_root {
                Ok(())
            } else {
                Err(ProofError::Invalid)
            };
        }
        if self.old_size == 0 {
            return Ok(());
        }
        tlog_tiles::check_tree(
            &self.hashes,
            self.new_size,
            new_root,
            self.old_size,
            old_root,
        )
        .map_err(|_| ProofError::Invalid)
    }
}

/// Hashes as a list of standard base64 strings, the encoding C2SP texts use.
mod base64_hashes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de, ser::SerializeSeq};
    use tlog_tiles::{HASH_SIZE, Hash};

    pub(super) fn serialize<S: Serializer>(
        hashes: &[Hash],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(hashes.len()))?;
        for hash in hashes {
            seq.serialize_element(&STANDARD.encode(hash.0))?;
        }
        seq.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Hash>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        texts
            .iter()
            .map(|text| {
                let bytes = STANDARD.decode(text).map_err(de::Error::custom)?;
                <[u8; HASH_SIZE]>::try_from(bytes.as_slice())
                    .map(Hash)
                    .map_err(|_| de::Error::custom("a hash has 32 bytes"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so failures reproduce.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 11
        }
        fn hash(&mut self) -> Hash {
            let mut bytes = [0u8; 32];
            for chunk in bytes.chunks_mut(8) {
                chunk.copy_from_slice(&self.next().to_le_bytes());
            }
            Hash(bytes)
        }
    }

    /// Proof files come from outside: whatever their numbers and hashes, checking one returns an
    /// answer and never panics.
    #[test]
    fn hostile_proofs_are_refused_without_panicking() {
        let (_, public) = crate::keys::generate_keys("hygie/test").unwrap();
        let key = VerifierKey::parse(&public).unwrap();
        let mut rng = Lcg(7);
        let sizes = [0, 1, 2, 3, 7, 8, 1 << 20, u64::MAX / 2, u64::MAX];
        for round in 0..20_000 {
            let pick = |rng: &mut Lcg| sizes[(rng.next() % sizes.len() as u64) as usize];
            let old_size = if round % 2 == 0 {
                pick(&mut rng)
            } else {
                rng.next() % 64
            };
            let new_size = if round % 3 == 0 {
                pick(&mut rng)
            } else {
                rng.next() % 64
            };
            let hashes: Vec<Hash> = (0..rng.next() % 70).map(|_| rng.hash()).collect();
            let consistency = ConsistencyProof {
                old_size,
                new_size,
                hashes: hashes.clone(),
            };
            let result = std::panic::catch_unwind(|| {
                let _ = consistency.check(Hash([1; 32]), Hash([2; 32]));
                let _ = tlog_tiles::check_record(
                    &hashes,
                    new_size,
                    Hash([3; 32]),
                    old_size,
                    Hash([4; 32]),
                );
            });
            assert!(
                result.is_ok(),
                "panicked on sizes {old_size} → {new_size}, {} hashes",
                hashes.len()
            );
        }
        let proof = InclusionProof {
            format: INCLUSION_FORMAT.into(),
            index: 5,
            record: "{}".into(),
            tree_size: 3,
            hashes: vec![],
            checkpoint: "not a note".into(),
        };
        assert!(matches!(proof.check(&key), Err(ProofError::Checkpoint(_))));
    }
}
