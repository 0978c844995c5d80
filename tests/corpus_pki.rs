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

use vanban::pki::cert::Certificate;
use vanban::pki::path::{validate, PathError, PathOptions, Purpose, TrustStore};
use vanban::pki::revocation::RevocationData;

/// 2020-11-01T00:00:00Z, the validation time of pyHanko's tests.
const PYHANKO_TIME: i64 = 1_604_188_800;

fn load(dir: &std::path::Path, file: &str) -> Certificate {
    Certificate::parse_many(&std::fs::read(dir.join(file)).unwrap())
        .unwrap()
        .remove(0)
}

#[test]
fn pyhanko_test_pki_validates_to_its_root() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let ca = dir.join("pyhanko/crypto/testing-ca");
    let root = std::fs::read(ca.join("root/root.cert.pem")).unwrap();
    let interm = load(&ca, "root/interm.cert.pem");
    let mut store = TrustStore::empty();
    store.add(&root).unwrap();
    let options = |at, purpose| PathOptions {
        at,
        purpose,
        max_len: 10,
    };
    for signer in ["interm/signer1.cert.pem", "interm/signer2.cert.pem"] {
        let leaf = load(&ca, signer);
        let path = validate(
            &leaf,
            std::slice::from_ref(&interm),
            &store,
            &options(PYHANKO_TIME, Purpose::DocumentSigning),
        )
        .unwrap_or_else(|e| panic!("{signer}: {e:?}"));
        let subjects: Vec<String> = path.certificates.iter().map(Certificate::subject).collect();
        assert_eq!(subjects.len(), 3, "{subjects:?}");
        assert_eq!(
            path.certificates[2].der(),
            Certificate::parse_many(&root).unwrap()[0].der()
        );
        // Not valid in 2040: out of bounds, not failed.
        assert!(matches!(
            validate(
                &leaf,
                std::slice::from_ref(&interm),
                &store,
                &options(2_208_988_800, Purpose::DocumentSigning)
            ),
            Err(PathError::OutOfBounds(_))
        ));
        // Without the intermediate, or without the anchor: no chain.
        assert!(matches!(
            validate(
                &leaf,
                &[],
                &store,
                &options(PYHANKO_TIME, Purpose::DocumentSigning)
            ),
            Err(PathError::NoChain(_))
        ));
        assert!(matches!(
            validate(
                &leaf,
                std::slice::from_ref(&interm),
                &TrustStore::empty(),
                &options(PYHANKO_TIME, Purpose::DocumentSigning)
            ),
            Err(PathError::NoChain(_))
        ));
        // A signer's certificate is not a time-stamping authority.
        assert!(matches!(
            validate(
                &leaf,
                std::slice::from_ref(&interm),
                &store,
                &options(PYHANKO_TIME, Purpose::TimeStamping)
            ),
            Err(PathError::Invalid(_))
        ));
    }
    // The TSA of the same PKI is one (issued by the root directly).
    let tsa = load(&ca, "root/tsa.cert.pem");
    let path = validate(
        &tsa,
        &[],
        &store,
        &options(PYHANKO_TIME, Purpose::TimeStamping),
    )
    .unwrap_or_else(|e| panic!("tsa: {e:?}"));
    assert_eq!(path.certificates.len(), 2);
}

#[test]
fn vietnamese_anchors_are_the_manifest_files() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows = common::manifest(&dir);
    let store = TrustStore::vietnam();
    // Each embedded anchor is the certificate of a manifest file (its SHA-256 of DER matches
    // the DER file's hash, or the certificate inside the PEM file).
    for name in ["rootcag2", "cpcag2", "vnrca256", "vnpt-ca-sha2"] {
        let row = rows
            .iter()
            .find(|r| r.file == format!("vn/certs/roots/{name}.crt"))
            .unwrap();
        let bytes = std::fs::read(dir.join(&row.file)).unwrap();
        let cert = Certificate::parse_many(&bytes).unwrap().remove(0);
        assert!(store.anchors().contains(&cert), "{name}");
    }
    // VIETNAM.md §4: fingerprint prefixes.
    let prefixes: Vec<String> = store
        .anchors()
        .iter()
        .map(|c| c.sha256()[..4].iter().map(|b| format!("{b:02X}")).collect())
        .collect();
    for p in ["F04BA4B4", "D8CAB7A4", "BAC8BF60", "7D6BA524"] {
        assert!(prefixes.contains(&p.to_owned()), "{p} in {prefixes:?}");
    }
    // VNPT-CA SHA2 chains to the national root; the government subordinate to its root.
    let national = std::fs::read(dir.join("vn/certs/roots/vnrca256.crt")).unwrap();
    let mut only_national = TrustStore::empty();
    only_national.add(&national).unwrap();
    let vnpt = load(&dir, "vn/certs/roots/vnpt-ca-sha2.crt");
    let at = 1_764_028_800; // 2025-11-25
    let options = PathOptions {
        at,
        purpose: Purpose::CertificateSigning,
        max_len: 10,
    };
    let path = validate(&vnpt, &[], &only_national, &options).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(path.certificates.len(), 2);
    let gov_root = std::fs::read(dir.join("vn/certs/roots/rootcag2.crt")).unwrap();
    let mut only_gov = TrustStore::empty();
    only_gov.add(&gov_root).unwrap();
    let sub = load(&dir, "vn/certs/roots/cpcag2.crt");
    assert_eq!(
        validate(&sub, &[], &only_gov, &options)
            .unwrap()
            .certificates
            .len(),
        2
    );
}

use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::cms::{verify_cms, CmsOptions};
use vanban::verify::report::TimestampKind;

#[derive(Debug, Clone, Copy)]
enum Expect {
    Valid,
    SignatureNotIntact,
    DigestMismatch,
    NotValid,
}

/// What a DSS test passes as the detached content of a signature in code.
enum InCode {
    /// The content itself.
    Bytes(&'static [u8]),
    /// Only its SHA-256 (DSS's `DigestDocument`), hex.
    Sha256(&'static str),
}

/// Detached DSS signatures whose content the test gives in its Java source rather than as a file
/// (read in esig/dss; each checked against the signature's messageDigest):
/// CAdESBESDetachedSignedDataContentTypeTest, CAdESWithDoubleSigningCertificateValidationTest,
/// CAdESWithInvalidOCSPResponsesEncodingTest, CAdESLevelERSDetachedRenewedHashtree(Invalid)Test,
/// DoubleCAdESLevelERSDetachedHashtreeRenewalTest.
const DSS_DETACHED_IN_CODE: [(&str, InCode); 6] = [
    (
        "validation/cades-bes-signeddata-detached.p7s",
        InCode::Bytes(b"Hello World"),
    ),
    (
        "validation/cades-double-signing-certificate.p7m",
        InCode::Sha256("08fa763b05b379983f280a3840542ec2d62db671ff1e5376c42c602e4ae7ffb8"),
    ),
    (
        "validation/cades-invalid-ocsp-responses-encoding.p7s",
        InCode::Sha256("c2268ee6c0dff8f2e5af50389acc36674ca2144fb90c83db31d1a9c01deb94da"),
    ),
    (
        "evidence-record/C-E-ERS-detached_renewed_hashtree.p7s",
        InCode::Bytes(b"Hello World!"),
    ),
    (
        "evidence-record/C-E-ERS-detached_renewed_hashtree_invalid.p7s",
        InCode::Bytes(b"Hello World!"),
    ),
    (
        "evidence-record/Double-C-E-ERS-detached_hashtree_renewal.p7m",
        InCode::Bytes(b"Hello World !!!"),
    ),
];

/// DSS's CAdES validation files: the crypto verdict (intact and valid, or not) of every row
/// with a plain expectation agrees; rows whose expectation depends on the test setup
/// ("CONTEXT-DEPENDENT") are counted apart. Detached content comes from the row's "uses:".
#[test]
fn dss_cades_crypto_verdicts() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| {
            r.file.starts_with("dss/dss-cades/")
                && (r.kind == "p7s" || r.kind.starts_with("cms-enveloping"))
        })
        .collect();
    assert!(rows.len() > 30, "{}", rows.len());
    let store = TrustStore::empty();
    let policy = AlgorithmPolicy::default();
    let limits = vanban::Limits::default();
    let gaps = common::known_gaps(include_str!("known_gaps_pki.tsv"));
    let (mut agree, mut gap, mut context, mut disagree) = (0, 0, 0, Vec::new());
    let mut gaps_seen = 0;
    let (mut ts_agree, mut ts_gap, mut ts_scored, mut ts_gaps_seen) = (0, 0, 0, 0);
    for row in &rows {
        if row.expected.starts_with("CONTEXT-DEPENDENT") {
            context += 1;
            continue;
        }
        let expected = if row.expected.contains("crypto=VALID") {
            Expect::Valid
        } else if row
            .expected
            .contains("crypto=INVALID(reference/message digest mismatch)")
        {
            Expect::DigestMismatch
        } else if row
            .expected
            .contains("crypto=INVALID(signature value not intact)")
        {
            Expect::SignatureNotIntact
        } else if row.expected.contains("crypto=INVALID") {
            Expect::NotValid
        } else {
            panic!("{}: no crypto verdict in {:?}", row.file, row.expected);
        };
        // "uses:" names the test's other inputs: detached content, a certificate the message
        // lacks, or a policy or evidence-record file (not inputs of a crypto check).
        let (mut detached, mut extra) = (None, Vec::new());
        if let Some(uses) = row.expected.split("uses: ").nth(1) {
            for file in uses.split([';', ' ']).next().unwrap().split(',') {
                let path = dir.join("dss/dss-cades").join(file);
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                match file.rsplit('.').next().unwrap() {
                    "cer" | "crt" => extra.extend(Certificate::parse_many(&bytes).unwrap()),
                    "xml" | "ers" | "pdf" => {}
                    _ => detached = Some(bytes),
                }
            }
        }
        // Detached rows whose content DSS's test gives in code (the manifest does not name it).
        let mut digests = Vec::new();
        if let Some((_, given)) = DSS_DETACHED_IN_CODE
            .iter()
            .find(|(file, _)| row.file.ends_with(file))
        {
            match given {
                InCode::Bytes(b) => detached = Some(b.to_vec()),
                InCode::Sha256(hex_digest) => {
                    digests.push((DigestAlgorithm::Sha256, hex(hex_digest)))
                }
            }
        }
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let options = CmsOptions {
            detached_content: detached.as_deref(),
            detached_digests: &digests,
            certificates: &extra,
            trust: &store,
            at: PYHANKO_TIME,
            policy: &policy,
            limits: &limits,
            revocation: &RevocationData::default(),
            path_budget: None,
        };
        let reports = match verify_cms(&data, &options) {
            Ok(reports) if !reports.is_empty() => reports,
            Ok(_) => {
                disagree.push(format!("{} ({}): no signature found", row.id, row.file));
                continue;
            }
            Err(e) => {
                disagree.push(format!("{} ({}): error {e}", row.id, row.file));
                continue;
            }
        };
        // Timestamps, as DSS's checkTimestamps: how many, and whether the evaluated ones are
        // intact (imprint and token) and signed by the TSA.
        let found: Vec<_> = reports.iter().flat_map(|r| r.timestamps.iter()).collect();
        let expectation = row.expected.split("; ").nth(1).unwrap_or("");
        let ts_ok = if let Some(n) = expectation.strip_prefix("timestamps=") {
            n.parse::<usize>().ok() == Some(found.len())
                && found.iter().all(|t| t.signature_valid == Some(true))
        } else if expectation.starts_with("timestamps(if any) intact") {
            found.iter().all(|t| {
                t.signature_valid == Some(true)
                    && (t.kind == TimestampKind::Archive || t.intact == Some(true))
            })
        } else if expectation.starts_with("some timestamp NOT intact") {
            found.iter().any(|t| t.intact != Some(true))
        } else {
            true
        };
        let ts_key = (row.id.clone(), format!("{} (timestamps)", row.file));
        ts_scored += 1;
        ts_gaps_seen += usize::from(gaps.contains_key(&ts_key));
        match (ts_ok, gaps.contains_key(&ts_key)) {
            (true, false) => ts_agree += 1,
            (false, true) => ts_gap += 1,
            (true, true) => disagree.push(format!(
                "{} ({}): timestamps listed as a known gap but agree",
                row.id, row.file
            )),
            (false, false) => disagree.push(format!(
                "{} ({}): timestamps expected \"{expectation}\", found {:?}",
                row.id,
                row.file,
                found
                    .iter()
                    .map(|t| (t.kind, t.intact, t.signature_valid))
                    .collect::<Vec<_>>()
            )),
        }
        // As DSS's checkBLevelValid: the signature value verifies and the signed data was found
        // and hashes to the signed digest, for every signer.
        let valid = reports
            .iter()
            .all(|r| r.signature_valid == Some(true) && r.intact == Some(true));
        let ok = valid == matches!(expected, Expect::Valid);
        gaps_seen += usize::from(gaps.contains_key(&(row.id.clone(), row.file.clone())));
        let key = format!("{}\t{}", row.id, row.file);
        if !ok && gaps.contains_key(&(row.id.clone(), row.file.clone())) {
            gap += 1;
            continue;
        }
        if ok && gaps.contains_key(&(row.id.clone(), row.file.clone())) {
            disagree.push(format!("{key}: listed as a known gap but agrees"));
            continue;
        }
        if ok {
            agree += 1;
        } else {
            let checks: Vec<String> = reports
                .iter()
                .flat_map(|r| {
                    r.checks
                        .iter()
                        .map(|c| format!("{}: {:?} {}", c.id, c.result, c.detail))
                })
                .collect();
            disagree.push(format!(
                "{} ({}): expected {expected:?}\n  {}",
                row.id,
                row.file,
                checks.join("\n  ")
            ));
        }
    }
    println!(
        "DSS CAdES crypto verdicts: {agree} agree, {gap} known gaps (tests/known_gaps_pki.tsv), {} disagree, \
         {context} context-dependent rows not scored",
        disagree.len()
    );
    println!("DSS CAdES timestamps: {ts_agree} of {ts_scored} rows agree, {ts_gap} known gaps");
    assert_eq!(
        gaps_seen + ts_gaps_seen,
        gaps.len(),
        "tests/known_gaps_pki.tsv lists rows not scored"
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}

/// Every CMS file of the corpus, truncated at many points and with flipped bytes, ends in a
/// report or a typed error: never a panic.
#[test]
fn damaged_cms_never_panics() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let store = TrustStore::vietnam();
    let policy = AlgorithmPolicy::default();
    let limits = vanban::Limits::default();
    let options = CmsOptions {
        detached_content: Some(b"content"),
        detached_digests: &[],
        certificates: &[],
        trust: &store,
        at: PYHANKO_TIME,
        policy: &policy,
        limits: &limits,
        revocation: &RevocationData::default(),
        path_budget: None,
    };
    let mut runs = 0;
    for row in common::manifest(&dir)
        .into_iter()
        .filter(|r| r.kind == "p7s" || r.kind.starts_with("cms-enveloping"))
    {
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let n = data.len();
        for cut in [1, 2, 3, 10, n / 7, n / 3, n / 2, n - 1] {
            let _ = verify_cms(&data[..cut.min(n)], &options);
            runs += 1;
        }
        for at in [4, n / 5, n / 2, n * 4 / 5] {
            let mut bad = data.clone();
            if let Some(b) = bad.get_mut(at) {
                *b ^= 0x5a;
            }
            let _ = verify_cms(&bad, &options);
            runs += 1;
        }
    }
    assert!(runs > 500, "{runs}");
}
