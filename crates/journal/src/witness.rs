//! Witnesses: places outside the journal's control that remember the last checkpoint they saw
//! and refuse any checkpoint that does not extend it.
//!
//! [`decide`] is the whole rule, pure, so that the directory witness here and the repository
//! server of the vault apply exactly the same one. A witness pins the journal's public key the
//! first time it accepts a checkpoint; after that it accepts only checkpoints signed by that key,
//! for a tree at least as large, with a consistency proof from the tree it holds. An
//! administrator who rewrites history and re-signs it with the journal's key cannot produce that
//! proof; one who makes a new key is refused for the key.
//!
//! On disk a directory witness holds `key` (the pinned verifier key), `checkpoint` (the latest
//! accepted signed note, byte for byte, readable by any C2SP tool) and `history/` (every accepted
//! checkpoint, by size).

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use tlog_tiles::Hash;

use crate::checkpoint::SignedCheckpoint;
use crate::error::{Error, Result};
use crate::keys::VerifierKey;
use crate::proof::ConsistencyProof;

/// Why a witness refused a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// The checkpoint is signed by another key than the one the witness pinned.
    KeyMismatch {
        /// The key the witness holds.
        pinned: String,
    },
    /// The signature does not verify.
    BadSignature {
        /// Why.
        detail: String,
    },
    /// The checkpoint is for a smaller tree than the one the witness holds.
    Rollback {
        /// Size held.
        held: u64,
        /// Size offered.
        offered: u64,
    },
    /// The consistency proof does not lead from the held tree to the offered one: the history
    /// was rewritten.
    Inconsistent {
        /// Size held.
        held: u64,
        /// Size offered.
        offered: u64,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::KeyMismatch { pinned } => {
                write!(f, "signed by another key than the pinned {pinned}")
            }
            Refusal::BadSignature { detail } => write!(f, "bad signature: {detail}"),
            Refusal::Rollback { held, offered } => {
                write!(
                    f,
                    "tree of {offered} entries is smaller than the {held} held"
                )
            }
            Refusal::Inconsistent { held, offered } => write!(
                f,
                "tree of {offered} entries does not extend the {held} held: history was rewritten"
            ),
        }
    }
}

/// The witness rule. `held` is the last accepted checkpoint and `pinned` its key, if any.
/// Returns the checkpoint to hold from now on.
pub fn decide(
    pinned: Option<&VerifierKey>,
    held: Option<&SignedCheckpoint>,
    offered_key: &VerifierKey,
    note: &[u8],
    proof: &[Hash],
) -> Result<SignedCheckpoint, Refusal> {
    if let Some(pinned) = pinned
        && pinned.text() != offered_key.text()
    {
        return Err(Refusal::KeyMismatch {
            pinned: pinned.text().to_owned(),
        });
    }
    let offered = SignedCheckpoint::open(note, offered_key)
        .map_err(|detail| Refusal::BadSignature { detail })?;
    let Some(held) = held else {
        return Ok(offered);
    };
    if offered.size < held.size {
        return Err(Refusal::Rollback {
            held: held.size,
            offered: offered.size,
        });
    }
    let consistency = ConsistencyProof {
        old_size: held.size,
        new_size: offered.size,
        hashes: proof.to_vec(),
    };
    consistency
        .check(held.root, offered.root)
        .map_err(|_| Refusal::Inconsistent {
            held: held.size,
            offered: offered.size,
        })?;
    Ok(offered)
}

/// Somewhere outside the journal's control that remembers the last checkpoint it accepted: a
/// [`DirectoryWitness`], or a repository server reached over the network. Every implementation
/// applies [`decide`].
pub trait Witness {
    /// Where the witness is, for a person: a folder, or a server's address.
    fn location(&self) -> String;

    /// The verifier key the witness pinned, if any.
    fn pinned_key(&self) -> Result<Option<VerifierKey>>;

    /// The latest checkpoint the witness accepted, checked against `key`. `None` when it holds
    /// none yet.
    fn latest(&self, key: &VerifierKey) -> Result<Option<SignedCheckpoint>>;

    /// Offers a checkpoint with the consistency proof from the one the witness holds; returns
    /// what the witness holds afterwards.
    fn submit(&self, key: &VerifierKey, note: &[u8], proof: &[Hash]) -> Result<SignedCheckpoint>;
}

/// A witness kept in a directory (a removable disk, a network share, another account's folder).
#[derive(Clone, Debug)]
pub struct DirectoryWitness {
    dir: PathBuf,
}

const KEY_FILE: &str = "key";
const CHECKPOINT_FILE: &str = "checkpoint";
const HISTORY_DIR: &str = "history";
const LOCK_FILE: &str = ".lock";

impl DirectoryWitness {
    /// A witness in `dir`, which is created on first use.
    pub fn new(dir: impl Into<PathBuf>) -> DirectoryWitness {
        DirectoryWitness { dir: dir.into() }
    }

    /// The witness directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Witness for DirectoryWitness {
    fn location(&self) -> String {
        self.dir.display().to_string()
    }

    fn latest(&self, key: &VerifierKey) -> Result<Option<SignedCheckpoint>> {
        let path = self.dir.join(CHECKPOINT_FILE);
        let note = match read_bounded(&path) {
            Ok(note) => note,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path)(e)),
        };
        SignedCheckpoint::open(&note, key)
            .map(Some)
            .map_err(|detail| Error::Checkpoint(format!("{}: {detail}", path.display())))
    }

    fn pinned_key(&self) -> Result<Option<VerifierKey>> {
        let path = self.dir.join(KEY_FILE);
        match read_bounded(&path) {
            Ok(bytes) => VerifierKey::parse(&String::from_utf8_lossy(&bytes)).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path)(e)),
        }
    }

    fn submit(&self, key: &VerifierKey, note: &[u8], proof: &[Hash]) -> Result<SignedCheckpoint> {
        fs::create_dir_all(self.dir.join(HISTORY_DIR)).map_err(Error::io(&self.dir))?;
        let lock_path = self.dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(Error::io(&lock_path))?;
        lock.lock().map_err(Error::io(&lock_path))?;

        let pinned = self.pinned_key()?;
        let held = match &pinned {
            Some(pinned) => self.latest(pinned)?,
            None => None,
        };
        let accepted = decide(pinned.as_ref(), held.as_ref(), key, note, proof)
            .map_err(Error::WitnessRefused)?;
        if held.as_ref() == Some(&accepted) {
            return Ok(accepted);
        }
        if pinned.is_none() {
            write_atomically(&self.dir, KEY_FILE, format!("{}\n", key.text()).as_bytes())?;
        }
        write_atomically(
            &self.dir.join(HISTORY_DIR),
            &format!("{:020}", accepted.size),
            &accepted.note,
        )?;
        write_atomically(&self.dir, CHECKPOINT_FILE, &accepted.note)?;
        Ok(accepted)
    }
}

/// What a witness reached over the network holds, as the JSON it answers a `GET` with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// The pinned verifier key, as text.
    pub key: String,
    /// The latest accepted signed note, as text.
    pub checkpoint: String,
}

/// A checkpoint offered to a witness over the network, as the JSON body of a `POST`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The journal's verifier key, as text.
    pub key: String,
    /// The signed note, as text.
    pub checkpoint: String,
    /// The consistency proof from the checkpoint the witness holds, each hash in base64.
    pub proof: Vec<String>,
}

impl Offer {
    /// The offer of `note`, signed by `key`, with `proof`.
    pub fn new(key: &VerifierKey, note: &[u8], proof: &[Hash]) -> Offer {
        Offer {
            key: key.text().to_owned(),
            checkpoint: String::from_utf8_lossy(note).into_owned(),
            proof: proof
                .iter()
                .map(|hash| base64::engine::general_purpose::STANDARD.encode(hash.0))
                .collect(),
        }
    }

    /// The proof's hashes; an error names the first that is not 32 bytes of base64.
    pub fn proof_hashes(&self) -> std::result::Result<Vec<Hash>, String> {
        self.proof
            .iter()
            .enumerate()
            .map(|(i, text)| {
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .ok()
                    .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                    .map(Hash)
                    .ok_or_else(|| format!("proof hash {i} is not 32 bytes of base64"))
            })
            .collect()
    }
}

/// The largest witness file read: a checkpoint is a few hundred bytes, and the folder may be on
/// a share someone else can write to.
const MAX_WITNESS_FILE: u64 = 64 * 1024;

/// Reads a witness file, refusing one larger than [`MAX_WITNESS_FILE`].
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX_WITNESS_FILE + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_WITNESS_FILE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {MAX_WITNESS_FILE} bytes: not a checkpoint"),
        ));
    }
    Ok(bytes)
}

/// Writes `name` in `dir` through a temporary file, `fsync` and rename, so a crash leaves
/// either the old file or the new one.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let target = dir.join(name);
    let temporary = dir.join(format!(".{name}.tmp"));
    let mut file = File::create(&temporary).map_err(Error::io(&temporary))?;
    file.write_all(bytes).map_err(Error::io(&temporary))?;
    file.sync_all().map_err(Error::io(&temporary))?;
    fs::rename(&temporary, &target).map_err(Error::io(&target))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io(dir))?;
    Ok(())
}
