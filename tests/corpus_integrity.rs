//! Corpus tier, hashing: every file of the third-party corpus hashes, through the streaming
//! multi-digest fed in uneven chunks, to the SHA-256 and size its manifest records.
//! The expected values come from the manifest, never from our output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Read;

use vanban::hash::{Algorithm, MultiHasher};

#[test]
fn every_corpus_file_matches_its_manifest_digest() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows = common::manifest(&dir);
    assert!(
        rows.len() > 1000,
        "manifest looks truncated: {} rows",
        rows.len()
    );
    let mut disagree = Vec::new();
    let mut buf = vec![0u8; 3 * 65_537];
    for row in &rows {
        let mut file = std::fs::File::open(dir.join(&row.file))
            .unwrap_or_else(|e| panic!("{}: {} ({e})", row.id, row.file));
        let mut hasher = MultiHasher::new(&[Algorithm::Sha256, Algorithm::Sha1]).unwrap();
        loop {
            let n = file.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        let size = hasher.bytes_hashed();
        let digests = hasher.finalize();
        if digests[0].to_hex() != row.sha256 || size != row.bytes {
            disagree.push(format!(
                "{} {}: manifest {} / {} bytes, got {} / {} bytes",
                row.id,
                row.file,
                row.sha256,
                row.bytes,
                digests[0].to_hex(),
                size
            ));
        }
    }
    println!(
        "corpus integrity: {} files, {} agree, {} disagree",
        rows.len(),
        rows.len() - disagree.len(),
        disagree.len()
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
