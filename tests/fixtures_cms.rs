//! The project's own CMS fixtures (scripts/gen_cms_fixtures.py): a test PKI and detached
//! signatures over the demo's text sample, each built to exercise one rule (timestamps,
//! CRLs, OCSP, signingCertificateV2, name constraints, an expired signer proven by a timestamp)
//! with the verdict the generator states in the manifest. The demo's sample must also turn
//! TOTAL_FAILED / HASH_FAILURE when its content changes, and lose its chain without the anchor.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use vanban::hash::{digest, Algorithm};
use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::path::TrustStore;
use vanban::verify::report::{
    CheckResult, Indication, ModificationLevel, SubIndication, TimestampKind,
};
use vanban::verify::{parse_rfc3339, verify, VerifyOptions};
use vanban::Limits;

/// The options every fixture is verified with: a content (or none), the anchors, the time.
fn fixture_options<'a>(
    content: Option<&'a [u8]>,
    trust: &'a TrustStore,
    at: i64,
    policy: &'a AlgorithmPolicy,
    limits: &'a Limits,
) -> VerifyOptions<'a> {
    VerifyOptions {
        detached_content: content,
        ..VerifyOptions::new(trust, at, policy, limits)
    }
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cms")
}

/// A fixture's bytes; large ones are stored zlib-compressed (`.zlib`).
fn read_fixture(file: &str) -> Vec<u8> {
    let stored = std::fs::read(dir().join(file)).unwrap();
    if file.ends_with(".zlib") {
        miniz_oxide::inflate::decompress_to_vec_zlib(&stored).unwrap()
    } else {
        stored
    }
}

fn manifest() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir().join("manifest.json")).unwrap()).unwrap()
}

fn store(meta: &serde_json::Value) -> TrustStore {
    let mut store = TrustStore::empty();
    store
        .add(&std::fs::read(dir().join(meta["anchor"].as_str().unwrap())).unwrap())
        .unwrap();
    store
}

#[test]
fn every_fixture_has_the_verdict_it_was_built_for() {
    let meta = manifest();
    for (file, sha) in meta["sha256"].as_object().unwrap() {
        let data = std::fs::read(dir().join(file)).unwrap();
        assert_eq!(
            digest(Algorithm::Sha256, &data).to_hex(),
            sha.as_str().unwrap(),
            "{file} changed: run scripts/gen_cms_fixtures.py"
        );
    }
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let at = parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap();
    let options = VerifyOptions {
        detached_content: Some(&content),
        detached_digests: &[],
        range_digests: &[],
        file_sha256: None,
        trust: &store,
        at,
        policy: &policy,
        limits: &limits,
        path_budget: None,
    };
    let signatures = meta["signatures"].as_array().unwrap();
    assert!(signatures.len() >= 10);
    let mut failures = Vec::new();
    for s in signatures {
        let file = s["file"].as_str().unwrap();
        let sig = read_fixture(file);
        let generated = s["generatedContent"]
            .as_u64()
            .map(|n| generated_content(n as usize));
        let options = VerifyOptions {
            detached_content: Some(generated.as_deref().unwrap_or(&content)),
            ..options.clone()
        };
        let report = verify(&sig, file, &options).unwrap();
        assert_eq!(report.signatures.len(), 1, "{file}");
        let r = &report.signatures[0];
        let (indication, sub) = r.indication();
        let want = (
            s["indication"].as_str().unwrap(),
            s["subIndication"].as_str(),
        );
        if (indication.name(), sub.map(SubIndication::name)) != want {
            failures.push(format!(
                "{file} ({}): expected {want:?}, got {:?} {:?}\n  {}",
                s["shows"],
                indication.name(),
                sub.map(SubIndication::name),
                r.checks
                    .iter()
                    .map(|c| format!("{}: {:?} {}", c.id, c.result, c.detail))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
        // The intact and valid facts hold for every one of them but the signature value made
        // over other bytes: only the trust checks differ.
        let valid = want.1 != Some("SIG_CRYPTO_FAILURE");
        assert_eq!(
            (r.intact, r.signature_valid),
            (Some(true), Some(valid)),
            "{file}"
        );
        println!(
            "{file}: {} {:?}",
            indication.name(),
            sub.map(SubIndication::name)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The content of `large-content.p7s`, by the generator's rule.
/// What the fixtures are verified with: the manifest's anchor, the content its detached
/// signatures sign, and its validation time.
fn setting() -> (TrustStore, Vec<u8>, i64) {
    let meta = manifest();
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let at = parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap();
    (store(&meta), content, at)
}

fn generated_content(size: usize) -> Vec<u8> {
    (0..size)
        .map(|i| ((i * 7 + (i >> 8)) % 251) as u8)
        .collect()
}

fn verify_fixture(file: &str) -> vanban::verify::report::SignatureReport {
    let meta = manifest();
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let options = fixture_options(
        Some(&content),
        &store,
        parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap(),
        &policy,
        &limits,
    );
    let sig = read_fixture(file);
    verify(&sig, file, &options).unwrap().signatures.remove(0)
}

#[test]
fn timestamps_are_proof_only_when_they_verify() {
    // The demo sample: one verified signature timestamp, the proven time in the report.
    let r = verify_fixture("../../../www/samples/thong-bao-mau.txt.p7s");
    assert_eq!(r.timestamps.len(), 1);
    let ts = r.timestamp.as_ref().expect("a verified timestamp");
    assert_eq!(ts.time, "2025-06-15T03:00:00Z");
    assert!(ts.tsa.contains("vanban Test TSA"), "{}", ts.tsa);
    assert_eq!(ts.kind, TimestampKind::Signature);
    assert_eq!(r.chain.len(), 2);
    // A timestamp over other bytes: listed, not intact, no proof, a warning.
    let r = verify_fixture("copied-timestamp.p7s");
    assert!(r.timestamp.is_none());
    assert_eq!(r.timestamps[0].intact, Some(false));
    assert_eq!(r.timestamps[0].indication, Indication::TotalFailed);
    assert!(r
        .checks
        .iter()
        .any(|c| c.id == "signatureTimestamp" && c.result == CheckResult::Warning));
    assert!(r.warnings.iter().any(|w| w.contains("imprint differs")));
    // An expired signer: the path holds at the proven time.
    let r = verify_fixture("expired-timestamped.p7s");
    let path = r.checks.iter().find(|c| c.id == "certificatePath").unwrap();
    assert!(
        path.detail.contains("2020-06-01T01:00:00Z"),
        "{}",
        path.detail
    );
    // Validated at a time before its timestamp (2020, the signer's certificate not yet valid):
    // the timestamp's later time proves nothing then, so the path is not judged at it.
    let meta = manifest();
    let store = store(&meta);
    let (policy, limits) = (AlgorithmPolicy::default(), Limits::default());
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let options = fixture_options(
        Some(&content),
        &store,
        parse_rfc3339("2020-09-13T00:00:00Z").unwrap(),
        &policy,
        &limits,
    );
    let sig = std::fs::read(dir().join("../../../www/samples/thong-bao-mau.txt.p7s")).unwrap();
    let r = verify(&sig, "s.p7s", &options)
        .unwrap()
        .signatures
        .remove(0);
    assert_ne!(r.indication().0, Indication::TotalPassed);
    assert!(r.timestamp.is_none());
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("after the validation time")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn the_demo_sample_fails_when_its_content_changes_and_lacks_a_chain_without_its_anchor() {
    let meta = manifest();
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let mut changed = content.clone();
    changed.push(b'!');
    let sig = std::fs::read(dir().join("../../../www/samples/thong-bao-mau.txt.p7s")).unwrap();
    let options = fixture_options(
        Some(&changed),
        &store,
        parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap(),
        &policy,
        &limits,
    );
    let report = verify(&sig, "sample.p7s", &options).unwrap();
    assert_eq!(
        report.signatures[0].indication(),
        (Indication::TotalFailed, Some(SubIndication::HashFailure))
    );
    let empty = TrustStore::empty();
    let untrusted = VerifyOptions {
        detached_content: Some(&content),
        detached_digests: &[],
        range_digests: &[],
        file_sha256: None,
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

/// Every fixture, truncated and with bytes flipped throughout: a report or a typed error, never
/// a panic (the timestamp tokens, CRLs and OCSP responses inside are parsed too).
#[test]
fn damaged_fixtures_never_panic() {
    let meta = manifest();
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let content = std::fs::read(dir().join(meta["content"].as_str().unwrap())).unwrap();
    let options = fixture_options(
        Some(&content),
        &store,
        parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap(),
        &policy,
        &limits,
    );
    let mut runs = 0;
    for s in meta["signatures"].as_array().unwrap() {
        let sig = std::fs::read(dir().join(s["file"].as_str().unwrap())).unwrap();
        let step = (sig.len() / 97).max(1);
        for at in (0..sig.len()).step_by(step) {
            let _ = verify(&sig[..at], "cut.p7s", &options);
            let mut flipped = sig.clone();
            flipped[at] ^= 0x5a;
            if let Ok(report) = verify(&flipped, "flip.p7s", &options) {
                for r in &report.signatures {
                    // A flipped byte never makes a TOTAL_PASSED out of nothing checked.
                    if r.indication().0 == Indication::TotalPassed {
                        assert_eq!((r.intact, r.signature_valid), (Some(true), Some(true)));
                    }
                }
            }
            runs += 2;
        }
    }
    assert!(runs > 1000, "{runs}");
}

/// The signed PDF fixtures (the demo's PDF signed in an incremental update; the same with a later
/// update rewriting its page content): the verdict each was built for.
#[test]
fn signed_pdf_fixtures() {
    let meta = manifest();
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let options = fixture_options(
        None,
        &store,
        parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap(),
        &policy,
        &limits,
    );
    let pdfs = meta["pdf"].as_array().unwrap();
    assert!(pdfs.len() >= 8);
    for s in pdfs {
        let file = s["file"].as_str().unwrap();
        let data = std::fs::read(dir().join(file)).unwrap();
        let report = verify(&data, file, &options).unwrap();
        assert_eq!(report.file.format, "pdf");
        let want = s["signatures"].as_array().unwrap();
        assert_eq!(report.signatures.len(), want.len(), "{file}");
        for (r, w) in report.signatures.iter().zip(want) {
            let (indication, sub) = r.indication();
            assert_eq!(
                (indication.name(), sub.map(SubIndication::name)),
                (
                    w["indication"].as_str().unwrap(),
                    w["subIndication"].as_str()
                ),
                "{file}: {:#?}",
                r.checks
            );
            if let Some(level) = w["modificationLevel"].as_str() {
                assert_eq!(
                    r.modification_level.map(ModificationLevel::name),
                    Some(level),
                    "{file}: {:#?}",
                    r.modifications
                );
            }
            assert_eq!(
                (r.intact, r.signature_valid),
                (Some(true), Some(true)),
                "{file}"
            );
            assert!(r
                .claims
                .iter()
                .any(|(k, v)| k == "reason" && v == "Phe duyet"));
            // TOTAL_PASSED only with every check a PDF signature needs, each passed.
            if indication == Indication::TotalPassed {
                for id in [
                    "byteRange",
                    "messageDigest",
                    "signatureValue",
                    "certificatePath",
                    "revocation",
                    "modifications",
                ] {
                    assert!(
                        r.checks.iter().any(|c| c.id == id
                            && matches!(c.result, CheckResult::Passed | CheckResult::Warning)),
                        "{file}: {id}"
                    );
                }
            }
        }
        // The document summary: what is displayed against the last signed revision.
        let doc = report.document.as_ref().unwrap();
        let last = doc.last_signature.unwrap();
        let last_report = &report.signatures[last];
        assert_eq!(doc.last_signed_length, last_report.signed_length());
        assert!(doc.revisions >= 2, "{file}");
        let changed_after = last_report
            .modifications
            .iter()
            .any(|m| m.level > ModificationLevel::LtaUpdates);
        assert_eq!(
            doc.displayed_is_signed,
            Some(doc.last_signed_length == Some(data.len()) || !changed_after),
            "{file}: {doc:?}"
        );
        assert_eq!(
            doc.displayed_is_signed == Some(false),
            !doc.warnings.is_empty(),
            "{file}: {doc:?}"
        );
        // The signed revision is the file's first bytes: read alone, it is signed whole.
        let revision = &data[..doc.last_signed_length.unwrap()];
        let alone = verify(revision, file, &options).unwrap();
        assert_eq!(
            alone.document.as_ref().unwrap().displayed_is_signed,
            Some(true),
            "{file}"
        );
    }
    // Any single byte changed inside the signed ranges breaks the signature.
    let signed = std::fs::read(dir().join(pdfs[0]["file"].as_str().unwrap())).unwrap();
    let mut flipped = signed.clone();
    let at = flipped.len() / 3; // inside the original document, before the signature
    flipped[at] ^= 0x01;
    let report = verify(&flipped, "flipped.pdf", &options).unwrap();
    assert!(report
        .signatures
        .iter()
        .all(|r| r.indication().0 != Indication::TotalPassed));
}

/// The plan a caller hashes natively (wasm `PdfVerifier`): the ranges and digests the core
/// names give the same report as the core hashing itself, and a wrong digest is not trusted
/// blindly into a pass (it makes the signature not intact).
#[test]
fn pdf_range_digests_from_the_caller() {
    use vanban::verify::pdf::{digests_needed, RangeDigest};
    let meta = manifest();
    let store = store(&meta);
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let data = std::fs::read(dir().join("../../../www/samples/thong-bao-mau-da-ky.pdf")).unwrap();
    let plan = digests_needed(&data, &limits);
    assert_eq!(plan.len(), 1);
    let ((a, b, end), algs) = &plan[0];
    assert_eq!(algs, &[vanban::pki::algorithm::DigestAlgorithm::Sha256]);
    let given: Vec<RangeDigest> = algs
        .iter()
        .map(|alg| RangeDigest {
            range: (*a, *b, *end),
            algorithm: *alg,
            digest: alg.digest_parts(&[&data[..*a], &data[*b..*end]]),
        })
        .collect();
    let options = fixture_options(
        None,
        &store,
        parse_rfc3339(meta["validAt"].as_str().unwrap()).unwrap(),
        &policy,
        &limits,
    );
    let itself = verify(&data, "s.pdf", &options).unwrap();
    let with = verify(
        &data,
        "s.pdf",
        &VerifyOptions {
            range_digests: &given,
            file_sha256: None,
            ..options.clone()
        },
    )
    .unwrap();
    assert_eq!(itself, with);
    let mut wrong = given.clone();
    wrong[0].digest[0] ^= 1;
    let bad = verify(
        &data,
        "s.pdf",
        &VerifyOptions {
            range_digests: &wrong,
            file_sha256: None,
            ..options.clone()
        },
    )
    .unwrap();
    assert_eq!(bad.signatures[0].intact, Some(false));
}

#[test]
fn signed_attributes_not_stored_as_der_are_verified_over_their_der_encoding() {
    // Signed over the DER encoding (what RFC 5652 §5.4 signs), stored out of order: passes with
    // the warning that says so.
    let r = verify_fixture("signed-attributes-not-der.p7s");
    let check = r
        .checks
        .iter()
        .find(|c| c.id == "signedAttributes")
        .unwrap();
    assert_eq!(check.result, CheckResult::Warning, "{check:?}");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("not stored DER-encoded")));
    assert_eq!(r.signature_valid, Some(true));
    // Signed over the bytes as stored: the signature does not cover the DER encoding, and the
    // check says it verifies only over the stored bytes.
    let r = verify_fixture("signed-attributes-signed-as-stored.p7s");
    let value = r.checks.iter().find(|c| c.id == "signatureValue").unwrap();
    assert!(
        matches!(
            value.result,
            CheckResult::Failed(SubIndication::SigCryptoFailure)
        ) && value.detail.contains("only over their non-DER bytes"),
        "{value:?}"
    );
}

#[test]
fn an_enveloping_cms_holding_a_pdf_is_read_as_cms() {
    // %PDF- lies within its first KiB; its DER ContentInfo wins.
    let data = std::fs::read(dir().join("enveloping-pdf.p7m")).unwrap();
    assert!(data.get(..1024).unwrap().windows(5).any(|w| w == b"%PDF-"));
    assert_eq!(
        vanban::extract::detect(&data),
        Some(vanban::extract::Format::Cms)
    );
    let (store, _, at) = setting();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let options = fixture_options(None, &store, at, &policy, &limits);
    let report = verify(&data, "enveloping-pdf.p7m", &options).unwrap();
    assert_eq!(report.file.format, "cms");
    assert!(report.document.is_none());
    let sig = report.signatures.first().unwrap();
    assert_eq!(sig.indication(), (Indication::TotalPassed, None), "{sig:?}");
    assert!(matches!(
        vanban::extract::extract(&data, &limits),
        Err(e) if e.kind() == vanban::error::ErrorKind::UnsupportedFormat
    ));
}

#[test]
fn more_signatures_than_the_limit_is_an_error_not_a_shorter_report() {
    let (store, _, at) = setting();
    let policy = AlgorithmPolicy::default();
    let data = std::fs::read(dir().join("certified-p2-then-signed.pdf")).unwrap();
    let mut limits = Limits::default();
    let options = fixture_options(None, &store, at, &policy, &limits);
    assert_eq!(
        verify(&data, "two.pdf", &options).unwrap().signatures.len(),
        2
    );
    limits.max_signatures = 1;
    let options = fixture_options(None, &store, at, &policy, &limits);
    let err = verify(&data, "two.pdf", &options).unwrap_err();
    assert_eq!(
        err.kind(),
        vanban::error::ErrorKind::LimitExceeded {
            what: "max_signatures"
        }
    );
}

/// The core's step-by-step verification (the wasm `PdfVerifier` converts it): the result made
/// ahead with the claimed digests is the one a verification with the real digests gives, and is
/// not reused for other digests or other arguments.
#[test]
fn a_session_verifies_ahead_only_for_the_same_digests_and_arguments() {
    use vanban::verify::pdf::{RangeDigest, Session};
    let (store, _, at) = setting();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let options = fixture_options(None, &store, at, &policy, &limits);
    let data = std::fs::read(dir().join("certified-p2-then-signed.pdf")).unwrap();
    let plain = verify(&data, "s.pdf", &options).unwrap();
    let real = |data: &[u8], session: &mut Session| -> Vec<RangeDigest> {
        let plan = session.plan(&limits).clone();
        plan.needed
            .iter()
            .flat_map(|((a, b, end), algs)| {
                algs.iter().map(move |alg| RangeDigest {
                    range: (*a, *b, *end),
                    algorithm: *alg,
                    digest: alg.digest_parts(&[&data[..*a], &data[*b..*end]]),
                })
            })
            .collect()
    };
    // In pieces, ahead, then confirmed.
    let mut s = Session::with_capacity(data.len(), &limits);
    for piece in data.chunks(4096) {
        s.push(piece);
    }
    let ranges = real(&data, &mut s);
    assert_eq!(ranges.len(), 2);
    assert!(s.speculate("s.pdf", "anchors A", &options).unwrap());
    let ahead = s
        .verify("s.pdf", "anchors A", &ranges, None, &options)
        .unwrap();
    assert_eq!(ahead, plain);
    // A wrong digest is not answered from the speculation: verified anew, not intact.
    let mut wrong = ranges.clone();
    wrong[1].digest[0] ^= 1;
    let mut s = Session::new(data.clone());
    real(&data, &mut s);
    assert!(s.speculate("s.pdf", "anchors A", &options).unwrap());
    let fresh = s
        .verify("s.pdf", "anchors A", &wrong, None, &options)
        .unwrap();
    assert_eq!(fresh.signatures[1].intact, Some(false));
    // Other arguments: verified anew with the options given (here: no anchor, no path).
    let empty = TrustStore::empty();
    let other = fixture_options(None, &empty, at, &policy, &limits);
    let mut s = Session::new(data.clone());
    let ranges = real(&data, &mut s);
    assert!(s.speculate("s.pdf", "anchors A", &options).unwrap());
    let anew = s
        .verify("s.pdf", "no anchors", &ranges, None, &other)
        .unwrap();
    assert_eq!(anew, verify(&data, "s.pdf", &other).unwrap());
    assert_ne!(anew, plain);
}

#[test]
fn a_name_that_would_display_as_another_is_shown_escaped_with_a_warning() {
    // CN = U+202E "A naV neyugN", which a bidi-aware display shows as "Nguyen Van A".
    let r = verify_fixture("bidi-override-name.p7s");
    assert_eq!(r.indication(), (Indication::TotalPassed, None));
    let subject = &r.signer.as_ref().unwrap().subject;
    assert!(!subject.contains('\u{202e}'), "{subject}");
    assert!(subject.contains("\\E2\\80\\AEA naV neyugN"), "{subject}");
    assert!(r.checks.iter().all(|c| !c.detail.contains('\u{202e}')));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("reordering characters") && !w.contains('\u{202e}')));
}

#[test]
fn a_name_not_in_nfc_is_marked() {
    // CN = "Nguyễn Văn Tách" decomposed (NFD): it looks like the composed name.
    let r = verify_fixture("nfd-name.p7s");
    assert_eq!(r.indication(), (Indication::TotalPassed, None));
    assert!(
        r.warnings.iter().any(|w| w.contains("not in Unicode NFC")),
        "{:?}",
        r.warnings
    );
    // The composed neighbour gets no such warning.
    let plain = verify_fixture("bidi-override-name.p7s");
    assert!(plain.warnings.iter().all(|w| !w.contains("NFC")));
}

#[test]
fn an_issuer_name_spaced_otherwise_is_the_same_name() {
    // The certificate names its issuer "VANBAN  Test Root CA " where the CA's subject says
    // "vanban Test Root CA": chaining and the CRL lookup compare prepared names (RFC 5280
    // §7.1), as OpenSSL does; before, no path was found.
    let r = verify_fixture("issuer-name-spaced.p7s");
    assert_eq!(
        r.indication(),
        (Indication::TotalPassed, None),
        "{:?}",
        r.checks
    );
    assert!(r
        .checks
        .iter()
        .any(|c| c.id == "revocation" && c.result == CheckResult::Passed));
}

/// A DER element at the start of `d`: (tag, header length, content length).
fn tlv_at(d: &[u8]) -> (u8, usize, usize) {
    let first = d[1] as usize;
    if first < 0x80 {
        return (d[0], 2, first);
    }
    let n = first & 0x7f;
    let len = d[2..2 + n]
        .iter()
        .fold(0usize, |a, b| a * 256 + *b as usize);
    (d[0], 2 + n, len)
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if content.len() < 0x80 {
        out.push(content.len() as u8);
    } else {
        let bytes = content.len().to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// `data` (a CMS fixture) with `extra` distinct certificates added (the signer's, each with
/// other last signature bytes).
fn with_extra_certificates(data: &[u8], extra: u32) -> Vec<u8> {
    // ContentInfo { oid, [0] { SignedData { version, digests, encap, [0] certs, ... } } }
    let (_, h0, _) = tlv_at(data);
    let inner = &data[h0..];
    let (_, h_oid, l_oid) = tlv_at(inner);
    let wrapper = &inner[h_oid + l_oid..];
    let (_, h1, _) = tlv_at(wrapper);
    let sd = &wrapper[h1..];
    let (_, h2, l2) = tlv_at(sd);
    let mut fields = Vec::new();
    let mut rest = &sd[h2..h2 + l2];
    while !rest.is_empty() {
        let (tag, h, l) = tlv_at(rest);
        fields.push((tag, rest[..h + l].to_vec(), rest[h..h + l].to_vec()));
        rest = &rest[h + l..];
    }
    let certs = fields.iter_mut().find(|f| f.0 == 0xa0).unwrap();
    let (_, hc, lc) = tlv_at(&certs.2);
    let first_cert = certs.2[..hc + lc].to_vec();
    let mut body = certs.2.clone();
    for i in 0..extra {
        let mut copy = first_cert.clone();
        let n = copy.len();
        copy[n - 1] = i as u8;
        copy[n - 2] = (i >> 8) as u8 ^ 0x5a;
        body.extend_from_slice(&copy);
    }
    certs.1 = tlv(0xa0, &body);
    let sd_body: Vec<u8> = fields.iter().flat_map(|f| f.1.clone()).collect();
    tlv(
        0x30,
        &[&inner[..h_oid + l_oid], &tlv(0xa0, &tlv(0x30, &sd_body))].concat(),
    )
}

/// Hostile input (issue 14, class 9): certificates by the thousand in one CMS. Up to
/// `max_certificates` (5 000) they are de-duplicated by fingerprint (a search of the list
/// before: quadratic) and the verdict is kept; more is a typed error, never a shorter list.
/// 99 000 of them took 53 s and 1.5 GiB in the release CLI before the limit, 0.15 s after
/// (measured once; no time is asserted).
#[test]
fn many_certificates_in_one_cms_keep_the_verdict_or_reach_the_limit() {
    let data = read_fixture("../../../www/samples/thong-bao-mau.txt.p7s");
    let (store, content, at) = setting();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let options = fixture_options(Some(&content), &store, at, &policy, &limits);
    let plain = verify(&data, "s.p7s", &options).unwrap();
    assert_eq!(
        plain.signatures[0].indication(),
        (Indication::TotalPassed, None)
    );
    let many = with_extra_certificates(&data, 4_000);
    let report = verify(&many, "s.p7s", &options).unwrap();
    assert_eq!(
        report.signatures[0].indication(),
        plain.signatures[0].indication()
    );
    let too_many = with_extra_certificates(&data, limits.max_certificates);
    assert_eq!(
        verify(&too_many, "s.p7s", &options).unwrap_err().kind(),
        vanban::error::ErrorKind::LimitExceeded {
            what: "max_certificates"
        }
    );
}

/// Every algorithm a verdict rests on goes through the policy (issue 14, class 8): a SHA-1
/// content digest under sha256WithRSA, a CA certified with SHA-1, a 1024-bit CA key — each a
/// warning by default and INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE when weakness is to count.
#[test]
fn weak_algorithms_anywhere_in_the_verdict_go_through_the_policy() {
    let (store, content, at) = setting();
    let limits = Limits::default();
    let default = AlgorithmPolicy::default();
    let strict = AlgorithmPolicy {
        weak: vanban::pki::algorithm::WeakOutcome::Indeterminate,
        ..AlgorithmPolicy::default()
    };
    let signature = |file: &str, policy: &AlgorithmPolicy| {
        let options = fixture_options(Some(&content), &store, at, policy, &limits);
        verify(&read_fixture(file), file, &options)
            .unwrap()
            .signatures
            .remove(0)
    };
    for (file, says) in [
        ("weak-sha1-content-digest.p7s", "content's digest is SHA-1"),
        ("weak-sha1-signed-ca.p7s", "is signed with SHA-1"),
        ("weak-1024-bit-ca.p7s", "has 1024 bits"),
    ] {
        let r = signature(file, &default);
        assert_eq!(r.indication(), (Indication::TotalPassed, None), "{file}");
        assert!(
            r.warnings.iter().any(|w| w.contains(says)),
            "{file}: {:?}",
            r.warnings
        );
        assert_eq!(
            signature(file, &strict).indication(),
            (
                Indication::Indeterminate,
                Some(SubIndication::CryptoConstraintsFailure)
            ),
            "{file}"
        );
    }
    // A timestamp's weak algorithms: a warning that reaches the signature; with the strict
    // policy the timestamp proves nothing, so the expired signer has no proof of time.
    for (file, says) in [
        (
            "weak-timestamp-sha1-imprint.p7s",
            "imprint is a SHA-1 digest",
        ),
        ("weak-timestamp-sha1-tsa.p7s", "SHA-1 is a weak digest"),
    ] {
        let r = signature(file, &default);
        assert_eq!(r.indication(), (Indication::TotalPassed, None), "{file}");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.starts_with("the signature timestamp: ") && w.contains(says)),
            "{file}: {:?}",
            r.warnings
        );
        let r = signature(file, &strict);
        assert!(r.timestamp.is_none(), "{file}");
        assert_eq!(
            r.indication(),
            (
                Indication::Indeterminate,
                Some(SubIndication::OutOfBoundsNoPoe)
            ),
            "{file}"
        );
    }
    // The same signer with strong algorithms throughout is not touched by the strict policy.
    assert_eq!(
        signature("../../../www/samples/thong-bao-mau.txt.p7s", &strict).indication(),
        (Indication::TotalPassed, None)
    );
}

/// Hostile input (issue 14, class 9): 100 SignerInfos of a signer under 30 CA certificates of
/// one name and one key that all sign each other, none anchored. Each signature is
/// INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND; the path search no longer walks every ordering
/// of the 30 (61 s before, 0.3 s after in the release CLI, measured once; no time asserted).
#[test]
fn mutually_signing_cas_of_one_name_do_not_multiply_the_path_search() {
    let (store, content, at) = setting();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    // The same with 20 CA keys of one name each certified by every other (380 certificates,
    // distinct paths): one budget of path-search work per message bounds it (1.3 s in the
    // release CLI; measured once, no time asserted).
    for file in [
        "hostile-100-signers-30-loop-cas.p7s",
        "hostile-100-signers-380-web-cas.p7s",
    ] {
        let sig = read_fixture(file);
        let report = verify(
            &sig,
            file,
            &fixture_options(Some(&content), &store, at, &policy, &limits),
        )
        .unwrap();
        assert_eq!(report.signatures.len(), 100);
        for r in &report.signatures {
            assert_eq!(r.intact, Some(true));
            assert_eq!(
                r.indication(),
                (
                    Indication::Indeterminate,
                    Some(SubIndication::NoCertificateChainFound)
                ),
                "{file}"
            );
        }
    }
}
