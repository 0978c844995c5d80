//! Mutants the attacker suite (`tests/mutation/run.py`) found passing before a fix: each
//! displays something other than what was signed (poppler's rendering, the manifest's oracle
//! verdict), so the signature it mutates must not pass and the change must be listed.

use std::path::PathBuf;

use vanban::hash::{digest, Algorithm};
use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::path::TrustStore;
use vanban::verify::report::Indication;
use vanban::verify::{parse_rfc3339, verify, VerifyOptions};
use vanban::Limits;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mutants")
}

#[test]
fn every_kept_mutant_fails_its_signature() {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir().join("manifest.json")).unwrap()).unwrap();
    let mut trust = TrustStore::empty();
    trust
        .add(&std::fs::read(dir().join(manifest["anchor"].as_str().unwrap())).unwrap())
        .unwrap();
    let at = parse_rfc3339(manifest["validAt"].as_str().unwrap()).unwrap();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let options = VerifyOptions::new(&trust, at, &policy, &limits);
    let rows = manifest["mutants"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let file = row["file"].as_str().unwrap();
        let data = std::fs::read(dir().join(file)).unwrap();
        let hex = digest(Algorithm::Sha256, &data).to_hex();
        assert_eq!(hex, row["sha256"].as_str().unwrap(), "{file} changed");
        assert!(row["displayedDiffers"].as_bool().unwrap(), "{file}");
        let report = verify(&data, file, &options).unwrap();
        let first = &report.signatures[0];
        assert_ne!(first.indication().0, Indication::TotalPassed, "{file}");
        assert!(
            first.modifications.iter().any(|m| !m.allowed),
            "{file}: {:?}",
            first.modifications
        );
    }
}
