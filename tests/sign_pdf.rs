//! Signing PDFs (src/sign/): prepare → the private-key operation (the test signer's PKCS#12
//! key, in software) → finish, then the result checked by our verifier against the test anchor
//! and by an independent one (poppler's `pdfsig`), sequential signatures, every corpus PDF that
//! can be signed, and damaged inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::PathBuf;

use vanban::pki::algorithm::{AlgorithmPolicy, DigestAlgorithm};
use vanban::pki::path::TrustStore;
use vanban::sign::appearance::Appearance;
use vanban::sign::cms::Extras;
use vanban::sign::pdf::{finish, prepare, Options};
use vanban::sign::pkcs12::{self, KeyStore};
use vanban::verify::report::{CheckResult, Indication, ModificationLevel, SubIndication};
use vanban::verify::{parse_rfc3339, verify, VerifyOptions};
use vanban::Limits;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn key_store() -> KeyStore {
    let p12 = std::fs::read(root().join("tests/fixtures/pki/signer.p12")).unwrap();
    pkcs12::read(&p12, "vanban-test").unwrap()
}

fn crl() -> Vec<u8> {
    std::fs::read(root().join("www/samples/vanban-test-ca.crl")).unwrap()
}

fn anchor() -> TrustStore {
    let mut store = TrustStore::empty();
    store
        .add(&std::fs::read(root().join("www/samples/vanban-test-ca.pem")).unwrap())
        .unwrap();
    store
}

const SIGNED_AT: &str = "2026-01-01T08:00:00Z";

/// Numbers the temporary files of this test binary (its tests run in parallel).
static TEMP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The test signer's options: SHA-256, the key's scheme, `revocation_room` bytes of CRLs to come,
/// the appearance given, no texts but the reason.
fn options<'a>(
    store: &'a KeyStore,
    reason: Option<&'a str>,
    revocation_room: usize,
    appearance: Appearance,
) -> Options<'a> {
    Options {
        chain: &store.certificates,
        signing_time: parse_rfc3339(SIGNED_AT).unwrap(),
        reason,
        location: None,
        contact_info: None,
        name: None,
        field_name: None,
        digest: DigestAlgorithm::Sha256,
        scheme: None,
        timestamp_room: false,
        revocation_room,
        appearance,
    }
}

/// Signs `pdf` with the test signer (the root's CRL embedded), as the CLI and the browser do.
fn sign(pdf: &[u8], store: &KeyStore, reason: &str) -> vanban::error::Result<Vec<u8>> {
    let crls = [crl()];
    let options = Options {
        location: Some("Hà Nội"),
        ..options(store, Some(reason), crls[0].len(), Appearance::Invisible)
    };
    sign_with(pdf, store, &options, &crls)
}

/// prepare → the key signs the digest → finish with `crls` embedded.
fn sign_with(
    pdf: &[u8],
    store: &KeyStore,
    options: &Options<'_>,
    crls: &[Vec<u8>],
) -> vanban::error::Result<Vec<u8>> {
    let prepared = prepare(pdf, options, &Limits::default())?;
    assert_eq!(
        prepared.digest,
        DigestAlgorithm::Sha256.digest(&prepared.data_to_sign)
    );
    let signature =
        store.sign_digest(prepared.scheme, prepared.digest_algorithm, &prepared.digest)?;
    finish(
        &prepared.state,
        &signature,
        &Extras {
            crls,
            ..Extras::default()
        },
    )
}

fn report(pdf: &[u8], store: &TrustStore) -> vanban::verify::report::VerificationReport {
    let (policy, limits) = (AlgorithmPolicy::default(), Limits::default());
    let at = parse_rfc3339("2026-01-02T00:00:00Z").unwrap();
    verify(
        pdf,
        "signed.pdf",
        &VerifyOptions::new(store, at, &policy, &limits),
    )
    .unwrap()
}

#[test]
fn the_signed_sample_passes_our_verifier_and_pdfsig() {
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let signed = sign(&pdf, &key_store(), "Phê duyệt").unwrap();
    assert_eq!(
        &signed[..pdf.len()],
        &pdf[..],
        "the original bytes are kept as they were"
    );
    let r = report(&signed, &anchor());
    assert_eq!(r.signatures.len(), 1);
    let s = &r.signatures[0];
    assert_eq!(
        s.indication(),
        (Indication::TotalPassed, None),
        "{:#?}",
        s.checks
    );
    assert_eq!(s.modification_level, Some(ModificationLevel::None));
    assert!(s
        .claims
        .iter()
        .any(|(k, v)| k == "reason" && v == "Phê duyệt"));
    assert!(s
        .claims
        .iter()
        .any(|(k, v)| k == "time" && v == "2026-01-01T08:00:00+00:00"));
    pdfsig_accepts(&signed, 1);
}

/// poppler's `pdfsig` (an independent verifier, Debian's poppler-utils) finds every signature
/// valid and the last one covering the whole document. Under CI it must be installed.
fn pdfsig_accepts(pdf: &[u8], signatures: usize) {
    let exe = "/usr/bin/pdfsig";
    if !std::path::Path::new(exe).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdfsig (poppler-utils) is missing: make test installs it"
        );
        eprintln!("pdfsig not installed: the independent check is skipped outside CI");
        return;
    }
    let n = TEMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!("vanban-sign-{}-{n}.pdf", std::process::id()));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new(exe).arg(&file).output().unwrap();
    std::fs::remove_file(&file).ok();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("Signature Validation: Signature is Valid.")
            .count(),
        signatures,
        "{text}"
    );
    assert!(text.contains("Total document signed"), "{text}");
}

#[test]
fn a_second_signature_keeps_the_first_valid() {
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let store = key_store();
    let once = sign(&pdf, &store, "Phê duyệt").unwrap();
    let twice = sign(&once, &store, "Bản sao điện tử").unwrap();
    let r = report(&twice, &anchor());
    assert_eq!(r.signatures.len(), 2);
    for s in &r.signatures {
        assert_eq!(
            s.indication(),
            (Indication::TotalPassed, None),
            "{:#?}",
            s.checks
        );
    }
    assert_eq!(
        r.signatures[0].modification_level,
        Some(ModificationLevel::FormFilling)
    );
    assert!(r.signatures[0].modifications.iter().all(|m| m.allowed));
    pdfsig_accepts(&twice, 2);
}

/// Every corpus PDF that can be signed (not encrypted, not damaged, with pages) signs, the new
/// signature is intact and valid, and no earlier signature gains a disallowed change from it.
#[test]
fn corpus_pdfs_sign_without_harming_earlier_signatures() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let store = key_store();
    let trust = TrustStore::empty();
    let (mut signed, mut refused, mut earlier) = (0, 0, 0);
    let disallowed = |s: &vanban::verify::report::SignatureReport| {
        s.checks
            .iter()
            .any(|c| c.result == CheckResult::Failed(SubIndication::DisallowedModification))
    };
    for row in common::manifest(&dir)
        .iter()
        .filter(|r| r.file.ends_with(".pdf") && r.bytes < 4 << 20)
    {
        let pdf = std::fs::read(dir.join(&row.file)).unwrap();
        let out = match sign(&pdf, &store, "thử") {
            Ok(out) => out,
            Err(e) => {
                // Refused with a typed error (encrypted, damaged, no pages, DocMDP P = 1…).
                assert!(!e.code().is_empty(), "{}", row.file);
                if std::env::var_os("VANBAN_DEBUG_SIGN").is_some() {
                    println!("refused {}: {e}", row.file);
                }
                refused += 1;
                continue;
            }
        };
        signed += 1;
        let before = vanban::verify::verify(
            &pdf,
            "before.pdf",
            &VerifyOptions::new(
                &trust,
                1_767_225_600,
                &AlgorithmPolicy::default(),
                &Limits::default(),
            ),
        )
        .map(|r| r.signatures)
        .unwrap_or_default();
        let after = report(&out, &trust).signatures;
        let new = after.last().unwrap();
        assert_eq!(
            (new.intact, new.signature_valid),
            (Some(true), Some(true)),
            "{}: {:#?}",
            row.file,
            new.checks
        );
        assert_eq!(after.len(), before.len() + 1, "{}", row.file);
        for (b, a) in before.iter().zip(&after) {
            earlier += 1;
            assert!(
                disallowed(b) || !disallowed(a),
                "{}: signing made an earlier signature's changes disallowed: {:#?}",
                row.file,
                a.modifications
            );
        }
    }
    println!("corpus PDFs: {signed} signed, {refused} refused with a typed error; {earlier} earlier signatures kept");
    assert!(signed > 250, "{signed}");
}

#[test]
fn bad_states_signatures_and_passwords_are_typed_errors() {
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let store = key_store();
    let options = options(&store, None, 0, Appearance::Invisible);
    let prepared = prepare(&pdf, &options, &Limits::default()).unwrap();
    let signature = store
        .sign_digest(prepared.scheme, prepared.digest_algorithm, &prepared.digest)
        .unwrap();
    // Another value than the key's: refused before anything is embedded.
    let mut wrong = signature.clone();
    wrong[10] ^= 1;
    let e = finish(&prepared.state, &wrong, &Extras::default()).unwrap_err();
    assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{e}");
    // Every truncation and many flipped bytes of the state: an error or a PDF, never a panic.
    for cut in (0..prepared.state.len()).step_by(97) {
        assert!(finish(&prepared.state[..cut], &signature, &Extras::default()).is_err());
    }
    for at in (0..prepared.state.len()).step_by(211) {
        let mut s = prepared.state.clone();
        s[at] ^= 0x20;
        let _ = finish(&s, &signature, &Extras::default());
    }
    // A timestamp token that is not over this signature.
    let token = std::fs::read(root().join("www/samples/thong-bao-mau.txt.p7s")).unwrap();
    assert!(finish(
        &prepared.state,
        &signature,
        &Extras {
            timestamp_token: Some(&token),
            ..Extras::default()
        }
    )
    .is_err());
    // More revocation data than the room prepared for it.
    let big = vec![vec![0x30; 64 << 10]];
    let e = finish(
        &prepared.state,
        &signature,
        &Extras {
            crls: &big,
            ..Extras::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "ERR_LIMIT_EXCEEDED", "{e}");
    // A wrong PKCS#12 password.
    let p12 = std::fs::read(root().join("tests/fixtures/pki/signer.p12")).unwrap();
    let e = pkcs12::read(&p12, "sai mật khẩu").err().unwrap();
    assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{e}");
    // The right one: the signer's certificate first, with the chain after.
    assert!(store.certificates[0].subject().contains("Nguyễn Văn Thử"));
    assert!(store.certificates.len() >= 2);
}

/// A visible text appearance (the default lines at the top right of page 1): the signature
/// verifies, pdfsig agrees, poppler draws dark pixels where the block is and nowhere else new.
#[test]
fn a_visible_appearance_is_drawn_at_the_top_right() {
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let store = key_store();
    let crls = [crl()];
    let options = options(
        &store,
        Some("Phê duyệt"),
        crls[0].len(),
        Appearance::Text {
            page: 0,
            rect: None,
            lines: Vec::new(),
            font_size: 10.0,
        },
    );
    let signed = sign_with(&pdf, &store, &options, &crls).unwrap();
    let r = report(&signed, &anchor());
    assert_eq!(
        r.signatures[0].indication(),
        (Indication::TotalPassed, None)
    );
    pdfsig_accepts(&signed, 1);
    // The text is in the appearance stream, through its ToUnicode map: "Ký bởi" and the time.
    let text = String::from_utf8_lossy(&signed);
    assert!(text.contains("/ToUnicode") && text.contains("/FontFile2"));
    let Some((before, after)) = render(&pdf).zip(render(&signed)) else {
        return;
    };
    let (w, h, a) = before;
    let (_, _, b) = after;
    // Pixels that got darker: inside the top-right quarter only, and some.
    let mut changed_inside = 0;
    let mut changed_outside = 0;
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            if u16::from(b[i]) + 60 < u16::from(a[i]) {
                if x > w / 2 && y < h / 5 {
                    changed_inside += 1;
                } else {
                    changed_outside += 1;
                }
            }
        }
    }
    assert!(changed_inside > 200, "{changed_inside}");
    assert_eq!(changed_outside, 0);
    // A second visible signature below the first (its font and form are new objects brought by
    // the later signature): both pass.
    let second = Options {
        appearance: Appearance::Text {
            page: 0,
            rect: Some([360.0, 600.0, 560.0, 640.0]),
            lines: vec![
                "Bản sao điện tử".to_owned(),
                "Văn thư UBND xã Mẫu".to_owned(),
            ],
            font_size: 10.0,
        },
        ..options.clone()
    };
    let twice = sign_with(&signed, &store, &second, &crls).unwrap();
    let r = report(&twice, &anchor());
    for s in &r.signatures {
        assert_eq!(
            s.indication(),
            (Indication::TotalPassed, None),
            "{:#?}",
            s.modifications
        );
    }
    assert_eq!(
        r.signatures[0].modification_level,
        Some(ModificationLevel::FormFilling)
    );
    pdfsig_accepts(&twice, 2);
}

/// Page 1 rendered by poppler's pdftoppm as 8-bit grey (width, height, pixels); `None` without
/// poppler outside CI.
fn render(pdf: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    let exe = "/usr/bin/pdftoppm";
    if !std::path::Path::new(exe).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftoppm (poppler-utils) is missing"
        );
        return None;
    }
    // A name of its own: tests render in parallel, some the same document.
    let file = std::env::temp_dir().join(format!(
        "vanban-render-{}-{}.pdf",
        std::process::id(),
        TEMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new(exe)
        .args(["-r", "50", "-f", "1", "-l", "1", "-gray"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_file(&file).ok();
    // PGM: "P5\n<w> <h>\n255\n" then the pixels.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Some((w, h, data[at + 1..at + 1 + w * h].to_vec()))
}

/// PAdES B-T: a timestamp token over the signature value from an independent TSA (`openssl ts
/// -reply` with the test TSA's key) is embedded; our verifier proves the signing time with it.
#[test]
fn a_timestamp_token_over_the_value_makes_b_t() {
    let dir = std::env::temp_dir().join(format!("vanban-tsa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ts.cnf"),
        "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = ./serial\nsigner_digest = sha256\n\
         default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n",
    )
    .unwrap();
    std::fs::write(dir.join("serial"), "01\n").unwrap();
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let store = key_store();
    let crls = [crl()];
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let options = Options {
        signing_time: now,
        timestamp_room: true,
        ..options(&store, None, crls[0].len(), Appearance::Invisible)
    };
    let prepared = prepare(&pdf, &options, &Limits::default()).unwrap();
    let signature = store
        .sign_digest(prepared.scheme, prepared.digest_algorithm, &prepared.digest)
        .unwrap();
    // The portal's TSA: a request over the value's SHA-256, answered by openssl.
    std::fs::write(dir.join("value.bin"), &signature).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "ts",
        "-query",
        "-data",
        "value.bin",
        "-sha256",
        "-cert",
        "-out",
        "q.tsq",
    ]);
    let pki = root().join("tests/fixtures/pki");
    run(&[
        "ts",
        "-reply",
        "-config",
        "ts.cnf",
        "-queryfile",
        "q.tsq",
        "-signer",
        pki.join("tsa.pem").to_str().unwrap(),
        "-inkey",
        pki.join("tsa.key.pem").to_str().unwrap(),
        "-token_out",
        "-out",
        "token.der",
    ]);
    let token = std::fs::read(dir.join("token.der")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let signed = finish(
        &prepared.state,
        &signature,
        &Extras {
            timestamp_token: Some(&token),
            crls: &crls,
            ..Extras::default()
        },
    )
    .unwrap();
    let policy = AlgorithmPolicy::default();
    let limits = Limits::default();
    let trust = anchor();
    let r = verify(
        &signed,
        "b-t.pdf",
        &VerifyOptions::new(&trust, now + 3600, &policy, &limits),
    )
    .unwrap();
    let s = &r.signatures[0];
    assert_eq!(
        s.indication(),
        (Indication::TotalPassed, None),
        "{:#?}",
        s.checks
    );
    let ts = s
        .timestamp
        .as_ref()
        .expect("a verified signature timestamp");
    assert!(ts.tsa.contains("vanban Test TSA"), "{}", ts.tsa);
    assert!(s
        .checks
        .iter()
        .any(|c| c.id == "signatureTimestamp" && c.result == CheckResult::Passed));
    pdfsig_accepts(&signed, 1);
}

/// A PNG made here: `width` × `height`, colour type 6 (RGBA) or 0 (grey), rows unfiltered.
fn png(width: u32, height: u32, rgba: bool, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let body = [kind, data].concat();
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
        out
    };
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0);
        for x in 0..width {
            let p = pixel(x, y);
            if rgba {
                raw.extend_from_slice(&p);
            } else {
                raw.push(p[0]);
            }
        }
    }
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, if rgba { 6 } else { 0 }, 0, 0, 0]);
    [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        chunk(b"IHDR", &ihdr),
        chunk(
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
        ),
        chunk(b"IEND", &[]),
    ]
    .concat()
}

/// An image appearance (a signature image, transparent around its stroke; a grey seal): drawn
/// inside its rectangle and nowhere else, the signature TOTAL_PASSED; a non-PNG is a typed error.
#[test]
fn an_image_appearance_is_drawn_in_its_rectangle() {
    let pdf = std::fs::read(root().join("www/samples/thong-bao-mau.pdf")).unwrap();
    let store = key_store();
    let crls = [crl()];
    let stroke = png(160, 60, true, |x, y| {
        let curve = 30.0 + 18.0 * (f64::from(x) / 12.0).sin();
        if (f64::from(y) - curve).abs() < 3.0 {
            [20, 40, 160, 255]
        } else {
            [255, 255, 255, 0]
        }
    });
    let grey = png(40, 40, false, |x, y| {
        [if (x + y) % 2 == 0 { 30 } else { 200 }; 4]
    });
    let rect = [380.0, 640.0, 560.0, 700.0];
    for image in [stroke, grey] {
        let options = options(
            &store,
            None,
            crls[0].len(),
            Appearance::Image {
                page: 0,
                rect,
                png: image,
            },
        );
        let signed = sign_with(&pdf, &store, &options, &crls).unwrap();
        let r = report(&signed, &anchor());
        assert_eq!(
            r.signatures[0].indication(),
            (Indication::TotalPassed, None)
        );
        let Some(((w, h, a), (_, _, b))) = render(&pdf).zip(render(&signed)) else {
            continue;
        };
        // 50 dpi: a point is 50/72 pixels; the page is 842 pt high.
        let px = |pt: f64| (pt * 50.0 / 72.0) as usize;
        let (x1, x2) = (px(rect[0]) - 1, px(rect[2]) + 1);
        let (y1, y2) = (h - px(rect[3]) - 1, h - px(rect[1]) + 1);
        let (mut inside, mut outside) = (0, 0);
        for y in 0..h {
            for x in 0..w {
                let i = y * w + x;
                if u16::from(b[i]) + 40 < u16::from(a[i]) {
                    if (x1..=x2).contains(&x) && (y1..=y2).contains(&y) {
                        inside += 1;
                    } else {
                        outside += 1;
                    }
                }
            }
        }
        assert!(inside > 100, "{inside}");
        assert_eq!(outside, 0);
    }
    let options = options(
        &store,
        None,
        0,
        Appearance::Image {
            page: 0,
            rect,
            png: b"GIF89a".to_vec(),
        },
    );
    let e = prepare(&pdf, &options, &Limits::default()).unwrap_err();
    assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{e}");
}
