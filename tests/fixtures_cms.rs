//! The project's own CMS fixture (scripts/gen_cms_fixtures.py): the demo's detached signature
//! verifies against the test anchor — intact, valid, a path to the anchor — and the revocation
//! check stays undecided (not evaluated yet), so the verdict is INDETERMINATE / TRY_LATER, never
//! TOTAL_PASSED. With other content it is TOTAL_FAILED / HASH_FAILURE.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use vanban::hash::{digest, Algorithm};
use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::path::TrustStore;
use vanban::verify::report::{Indication, SubIndication};
use vanban::verify::{parse_rfc3339, verify, VerifyOptions};
use vanban::Limits;

#[test]
fn the_demo_signature_verifies_against_the_test_anchor() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cms");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    for (file, sha) in meta["sha256"].as_object().unwrap() {
        let data = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(
            digest(Algorithm::Sha256, &data).to_hex(),
            sha.as_str().unwrap(),
            "{file} changed: run scripts/gen_cms_fixtures.py"
        );
    }
    let mut store = TrustStore::empty();
    store
        .add(&std::fs::read(dir.join(meta["anchor"].as_str().unwrap())).unwrap())
        .unwrap();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    for s in meta["signatures"].as_array().unwrap() {
        let sig = std::fs::read(dir.join(s["file"].as_str().unwrap())).unwrap();
        let content = std::fs::read(dir.join(s["content"].as_str().unwrap())).unwrap();
        let at = parse_rfc3339(s["validAt"].as_str().unwrap()).unwrap();
        let options = VerifyOptions {
            detached_content: Some(&content),
            trust: &store,
            at,
            policy: &policy,
            limits: &limits,
        };
        let report = verify(&sig, "sample.p7s", &options).unwrap();
        let r = &report.signatures[0];
        assert_eq!((r.intact, r.signature_valid), (Some(true), Some(true)));
        assert_eq!(r.chain.len(), 2);
        assert!(r
            .signer
            .as_ref()
            .unwrap()
            .subject
            .contains(s["signer"].as_str().unwrap()));
        assert_eq!(
            r.indication(),
            (Indication::Indeterminate, Some(SubIndication::TryLater))
        );
        let mut changed = content.clone();
        changed.push(b'!');
        let tampered = VerifyOptions {
            detached_content: Some(&changed),
            ..options.clone()
        };
        let report = verify(&sig, "sample.p7s", &tampered).unwrap();
        assert_eq!(
            report.signatures[0].indication(),
            (Indication::TotalFailed, Some(SubIndication::HashFailure))
        );
        // Without the anchor: no chain.
        let empty = TrustStore::empty();
        let untrusted = VerifyOptions {
            trust: &empty,
            ..options.clone()
        };
        let report = verify(&sig, "sample.p7s", &untrusted).unwrap();
        assert_eq!(
            report.signatures[0].indication(),
            (
                Indication::Indeterminate,
                Some(SubIndication::NoCertificateChainFound)
            )
        );
    }
}
