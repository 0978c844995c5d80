//! Mutants kept by the attacker suite (`tests/mutation/run.py --keep-attacks`): per operation
//! class, updates that poppler shows differently from what was signed (the manifest's oracle
//! verdict), and the ones that were wrong passes before a fix. The signature each mutates must
//! not pass with the change listed as not allowed, or — an annotation added where the signer
//! allows annotations — carry a warning that names it.

use std::path::PathBuf;

use vanban::hash::{digest, Algorithm};
use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::path::TrustStore;
use vanban::verify::report::{Indication, VerificationReport};
use vanban::verify::{parse_rfc3339, verify, VerifyOptions};
use vanban::Limits;

/// A fixture folder's manifest, and a verifier of its files against the manifest's anchor at
/// its time, each file checked against its pinned SHA-256 first.
fn folder(
    name: &str,
) -> (
    serde_json::Value,
    impl Fn(&serde_json::Value) -> VerificationReport,
) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut trust = TrustStore::empty();
    trust
        .add(&std::fs::read(dir.join(manifest["anchor"].as_str().unwrap())).unwrap())
        .unwrap();
    let at = parse_rfc3339(manifest["validAt"].as_str().unwrap()).unwrap();
    let check = move |row: &serde_json::Value| {
        let file = row["file"].as_str().unwrap();
        let data = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(
            digest(Algorithm::Sha256, &data).to_hex(),
            row["sha256"].as_str().unwrap(),
            "{file} changed"
        );
        let (policy, limits) = (AlgorithmPolicy::default(), Limits::default());
        verify(
            &data,
            file,
            &VerifyOptions::new(&trust, at, &policy, &limits),
        )
        .unwrap()
    };
    (manifest, check)
}

#[test]
fn every_kept_mutant_fails_its_signature() {
    let (manifest, check) = folder("mutants");
    let rows = manifest["mutants"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let file = row["file"].as_str().unwrap();
        assert!(row["displayedDiffers"].as_bool().unwrap(), "{file}");
        let report = check(row);
        let first = &report.signatures[0];
        let refused = first.indication().0 != Indication::TotalPassed
            && first.modifications.iter().any(|m| !m.allowed);
        let warned = first
            .warnings
            .iter()
            .any(|w| w.contains("added to page") && w.contains("after signing"));
        assert!(
            refused || warned,
            "{file}: {:?} {:?} {:?}",
            first.indication(),
            first.modifications,
            first.warnings
        );
    }
}

/// A detached subfilter whose CMS signs content of its own (tests/fixtures/spoof, made by
/// scripts/gen_pdf_spoof_fixtures.py): openssl says the CMS verifies over content that is not
/// the covered bytes, pyHanko refuses it; the manifest states the verdict it was built for.
#[test]
fn a_cms_that_signs_other_content_fails() {
    let (manifest, check) = folder("spoof");
    let rows = manifest["fixtures"].as_array().unwrap();
    assert!(rows.len() >= 2);
    for row in rows {
        let file = row["file"].as_str().unwrap();
        assert_eq!(row["openssl"]["signsTheCoveredBytes"], false, "{file}");
        let report = check(row);
        let (indication, sub) = report.signatures[0].indication();
        assert_eq!(
            indication.name(),
            row["indication"].as_str().unwrap(),
            "{file}"
        );
        assert_eq!(
            sub.map(|s| s.name()),
            row["subIndication"].as_str(),
            "{file}"
        );
    }
}
