//! Helpers shared by the integration tests: where the third-party corpus is, and its manifest.
#![allow(dead_code)]

use std::path::PathBuf;

/// One row of `MANIFEST.tsv`: `id, file, kind, expected, evidence, source_repo, commit,
/// path_in_repo, license, sha256, bytes`.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub file: String,
    pub kind: String,
    pub expected: String,
    pub sha256: String,
    pub bytes: u64,
}

/// The corpus directory: `$VANBAN_CORPUS`, else `../shared/corpus` beside the checkout.
/// A missing corpus fails the test, loudly, unless `VANBAN_SKIP_CORPUS=1` says to do without it.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("VANBAN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var("VANBAN_SKIP_CORPUS").as_deref() == Ok("1") {
        eprintln!(
            "corpus tier SKIPPED by VANBAN_SKIP_CORPUS=1 ({} missing)",
            dir.display()
        );
        return None;
    }
    panic!(
        "the corpus tier needs the third-party corpus at {} (set VANBAN_CORPUS, or \
         VANBAN_SKIP_CORPUS=1 to run without it outside CI)",
        dir.display()
    );
}

/// Every row of the manifest.
pub fn manifest(dir: &std::path::Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("manifest header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("manifest has no '{name}' column"))
    };
    let (id, file, kind, expected, sha256, bytes) = (
        col("id"),
        col("file"),
        col("kind"),
        col("expected"),
        col("sha256"),
        col("bytes"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |i: usize| f.get(i).copied().unwrap_or("").to_owned();
            Row {
                id: get(id),
                file: get(file),
                kind: get(kind),
                expected: get(expected),
                sha256: get(sha256),
                bytes: get(bytes)
                    .parse()
                    .unwrap_or_else(|_| panic!("bad bytes in {line}")),
            }
        })
        .collect()
}

/// A known-gaps table (`file<TAB>check<TAB>reason`, `#` comments): (file, check) → reason. Every
/// row must give a reason.
pub fn known_gaps(tsv: &str) -> std::collections::HashMap<(String, String), String> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let file = f.next().unwrap_or_default().to_owned();
            let check = f.next().unwrap_or_default().to_owned();
            let reason = f.next().unwrap_or_default().to_owned();
            assert!(!reason.trim().is_empty(), "known gap without a reason: {l}");
            ((file, check), reason)
        })
        .collect()
}
