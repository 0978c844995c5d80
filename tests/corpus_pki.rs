//! Corpus tier, public-key algorithms: every Wycheproof vector of
//! `attacks/crypto-vectors/wycheproof` — each `invalid` signature rejected, each `valid` one
//! accepted (`acceptable` ones may go either way and are counted apart).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use vanban::pki::algorithm::{DigestAlgorithm, PublicKey, SignatureAlgorithm};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn digest(name: &str) -> DigestAlgorithm {
    match name {
        "SHA-1" => DigestAlgorithm::Sha1,
        "SHA-224" => DigestAlgorithm::Sha224,
        "SHA-256" => DigestAlgorithm::Sha256,
        "SHA-384" => DigestAlgorithm::Sha384,
        "SHA-512" => DigestAlgorithm::Sha512,
        other => panic!("digest {other}"),
    }
}

#[test]
fn wycheproof_vectors() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.file.starts_with("attacks/crypto-vectors/wycheproof/"))
        .collect();
    assert_eq!(rows.len(), 4, "the four Wycheproof files of the manifest");
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for row in rows {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(&row.file)).unwrap()).unwrap();
        let schema = json["schema"].as_str().unwrap();
        let (mut valid, mut invalid, mut acceptable) = (0, 0, 0);
        for group in json["testGroups"].as_array().unwrap() {
            let key = PublicKey::from_spki_der(&hex(group["publicKeyDer"].as_str().unwrap()));
            let algorithm = match schema {
                "ecdsa_verify_schema_v1.json" => {
                    SignatureAlgorithm::Ecdsa(digest(group["sha"].as_str().unwrap()))
                }
                "eddsa_verify_schema_v1.json" => SignatureAlgorithm::Ed25519,
                "rsassa_pss_verify_schema_v1.json" => {
                    assert_eq!(group["mgf"], "MGF1");
                    assert_eq!(group["mgfSha"], group["sha"]);
                    SignatureAlgorithm::RsaPss {
                        digest: digest(group["sha"].as_str().unwrap()),
                        salt_len: usize::try_from(group["sLen"].as_u64().unwrap()).unwrap(),
                    }
                }
                "rsassa_pkcs1_verify_schema_v1.json" => {
                    SignatureAlgorithm::RsaPkcs1v15(digest(group["sha"].as_str().unwrap()))
                }
                other => panic!("{}: schema {other}", row.file),
            };
            for t in group["tests"].as_array().unwrap() {
                let (msg, sig) = (
                    hex(t["msg"].as_str().unwrap()),
                    hex(t["sig"].as_str().unwrap()),
                );
                let accepted = key.as_ref().is_ok_and(|k| k.verify(algorithm, &msg, &sig));
                match (t["result"].as_str().unwrap(), accepted) {
                    ("valid", true) => valid += 1,
                    ("invalid", false) => invalid += 1,
                    ("acceptable", _) => acceptable += 1,
                    (expected, got) => failures.push(format!(
                        "{} tcId {} ({}; {:?}): expected {expected}, {}",
                        row.file,
                        t["tcId"],
                        t["comment"].as_str().unwrap_or(""),
                        t["flags"],
                        if got { "accepted" } else { "rejected" }
                    )),
                }
            }
        }
        summary.push(format!(
            "{}: {valid} valid accepted, {invalid} invalid rejected, {acceptable} acceptable",
            row.file.rsplit('/').next().unwrap()
        ));
    }
    println!("Wycheproof: {}", summary.join("; "));
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
