//! Hashes that outlive the process: a page's text hash in `hashes.json` (a newer binary
//! compares it to say what a reindex changed), the keys inside custom ids (a button is
//! clicked after a restart, or on another process), the index folders named by a path and
//! the vocabulary's part of the fingerprint. SHA-256 cut to 64 bits, the same on every build
//! and Rust release, which `std`'s `DefaultHasher` does not promise. Pure.

use sha2::{Digest, Sha256};

/// The first 64 bits of the SHA-256 of `bytes`, big-endian.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let digest = Sha256::digest(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinned: a change here reports every page of every index as changed and loses every
    /// stored key, so it must never change by accident.
    #[test]
    fn the_hash_of_a_known_text_never_changes() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de …
        assert_eq!(stable_hash(b"abc"), 0xba78_16bf_8f01_cfea);
        assert_eq!(stable_hash(b""), 0xe3b0_c442_98fc_1c14);
    }
}
