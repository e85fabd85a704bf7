//! Where the Merkle tree's stored hashes are read from.
//!
//! The tree follows Go's `tlog` layout (RFC 6962 hashing, hashes stored in the order of
//! Crosby and Wallach's paper): each record adds its leaf hash and the hashes of the subtrees it
//! completes, so stored hash indexes grow contiguously and can live in one table or one vector.

use rusqlite::{Connection, OptionalExtension};
use tlog_tiles::{HASH_SIZE, Hash, HashReader};

/// Stored hashes held in memory, index `i` at position `i`.
pub(crate) struct MemoryHashes<'a>(pub(crate) &'a [Hash]);

impl HashReader for MemoryHashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|i| self.0.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

/// Stored hashes in the `hashes` table, plus the ones a transaction is about to add.
pub(crate) struct DatabaseHashes<'a> {
    pub(crate) conn: &'a Connection,
    /// Hashes not yet written, starting at stored index `pending_start`.
    pub(crate) pending: &'a [Hash],
    pub(crate) pending_start: u64,
}

impl HashReader for DatabaseHashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT hash FROM hashes WHERE idx = ?1")
            .map_err(|_| tlog_tiles::Error::IndexesNotInTree)?;
        indexes
            .iter()
            .map(|&index| {
                if index >= self.pending_start {
                    let offset = usize::try_from(index - self.pending_start)
                        .map_err(|_| tlog_tiles::Error::IndexesNotInTree)?;
                    return self
                        .pending
                        .get(offset)
                        .copied()
                        .ok_or(tlog_tiles::Error::IndexesNotInTree);
                }
                let index =
                    i64::try_from(index).map_err(|_| tlog_tiles::Error::IndexesNotInTree)?;
                let blob: Option<Vec<u8>> = statement
                    .query_row([index], |row| row.get(0))
                    .optional()
                    .map_err(|_| tlog_tiles::Error::IndexesNotInTree)?;
                let blob = blob.ok_or(tlog_tiles::Error::IndexesNotInTree)?;
                hash_from_blob(&blob).ok_or(tlog_tiles::Error::MalformedHash)
            })
            .collect()
    }
}

/// A hash from a stored blob, if it has the right length.
pub(crate) fn hash_from_blob(blob: &[u8]) -> Option<Hash> {
    <[u8; HASH_SIZE]>::try_from(blob).ok().map(Hash)
}
