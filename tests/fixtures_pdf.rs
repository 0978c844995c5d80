//! The project's own PDFs (scripts/gen_pdf_fixtures.py records the paragraphs it drew): word
//! recall and precision ≥ 99 %, every Vietnamese letter recovered, headings found.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::path::PathBuf;

use vanban::extract::model::Block;
use vanban::extract::pdf::extract_pdf;
use vanban::hash::{digest, Algorithm};
use vanban::Limits;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn overlap(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in b {
        *counts.entry(w).or_default() += 1;
    }
    a.iter()
        .filter(|w| match counts.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

const VIETNAMESE: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";

#[test]
fn generated_pdfs_give_back_their_text() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    for f in manifest.as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        let data = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(
            digest(Algorithm::Sha256, &data).to_hex(),
            f["sha256"].as_str().unwrap(),
            "{file} changed: run scripts/gen_pdf_fixtures.py"
        );
        let doc = extract_pdf(&data, &Limits::default()).unwrap();
        let ours = doc.to_text();
        let paragraphs = f["paragraphs"].as_array().unwrap();
        let truth: String = paragraphs
            .iter()
            .map(|p| p["text"].as_str().unwrap().to_owned() + "\n")
            .collect();
        let (t, o) = (words(&truth), words(&ours));
        let found = overlap(&t, &o);
        let recall = found as f64 / t.len() as f64;
        let precision = found as f64 / o.len().max(1) as f64;
        let letters = |s: &str| -> HashMap<char, usize> {
            let mut m = HashMap::new();
            for c in s.to_lowercase().chars().filter(|c| VIETNAMESE.contains(*c)) {
                *m.entry(c).or_default() += 1;
            }
            m
        };
        let (lt, lo) = (letters(&truth), letters(&ours));
        println!("{file}: word recall {recall:.4}, precision {precision:.4}, Vietnamese letters {} kinds / {} in truth", lo.len(), lt.len());
        assert!(
            recall >= 0.99 && precision >= 0.99,
            "{file}: recall {recall}, precision {precision}\n{ours}"
        );
        assert_eq!(lo, lt, "{file}: every Vietnamese letter, as often as drawn");
        // Paragraph structure: as many blocks (without page breaks) as paragraphs drawn, headings
        // where the generator drew them.
        let blocks: Vec<&Block> = doc
            .body
            .iter()
            .filter(|b| !matches!(b, Block::PageBreak))
            .collect();
        assert_eq!(blocks.len(), paragraphs.len(), "{file}\n{ours}");
        for (b, p) in blocks.iter().zip(paragraphs) {
            assert_eq!(
                matches!(b, Block::Heading { .. }),
                p["heading"].as_bool().unwrap(),
                "{file}: {b:?}"
            );
        }
    }
}

/// The layout fixture (scripts/gen_pdf_layout.py): a signing tool's stamp, a two-block
/// letterhead, two columns of body text, a superscript, a ruled table, a rotated margin note, and an image-only page. Every text
/// comes out in the order the generator recorded, the table as a table with its cells, and the
/// image-only page as a notice rather than an empty success.
#[test]
fn generated_layout_reads_in_order() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("layout.json")).unwrap()).unwrap();
    let file = meta["file"].as_str().unwrap();
    let data = std::fs::read(dir.join(file)).unwrap();
    assert_eq!(
        digest(Algorithm::Sha256, &data).to_hex(),
        meta["sha256"].as_str().unwrap(),
        "{file} changed: run scripts/gen_pdf_layout.py"
    );
    let doc = extract_pdf(&data, &Limits::default()).unwrap();
    let text = doc.to_text();
    // In order: each text is found after the previous one.
    let mut at = 0;
    for expected in meta["sequence"].as_array().unwrap() {
        let expected = expected.as_str().unwrap();
        match text[at..].find(expected) {
            Some(i) => at += i + expected.len(),
            None => panic!(
                "{file}: {expected:?} not found after byte {at} (out of order or missing)\n{text}"
            ),
        }
    }
    let tables: Vec<Vec<Vec<String>>> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Table { rows } => Some(
                rows.iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|c| {
                                vanban::extract::model::Document {
                                    body: c.blocks.clone(),
                                    ..Default::default()
                                }
                                .to_text()
                                .trim()
                                .to_owned()
                            })
                            .collect()
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    let expected_table: Vec<Vec<String>> = serde_json::from_value(meta["table"].clone()).unwrap();
    assert_eq!(
        tables,
        vec![expected_table],
        "{file}: the table, cell by cell"
    );
    // The signing tool's stamp is one marked block, a line per label, which an editor can drop.
    let expected_stamp: Vec<String> = serde_json::from_value(meta["stamp"].clone()).unwrap();
    let stamps: Vec<&Vec<String>> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::SignatureStamp { lines } => Some(lines),
            _ => None,
        })
        .collect();
    assert_eq!(stamps, vec![&expected_stamp], "{file}: the signature stamp");
    let without = doc.clone().without_signature_stamps().to_text();
    assert!(
        !without.contains("Ký bởi") && without.starts_with(meta["sequence"][4].as_str().unwrap())
    );
    let notices: Vec<String> = doc.notices.iter().map(|n| n.to_json()).collect();
    let expected: Vec<String> = meta["noTextLayer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{{\"kind\":\"noTextLayer\",\"page\":{},\"images\":{}}}",
                n["page"], n["images"]
            )
        })
        .collect();
    assert_eq!(notices, expected, "{file}: pages without a text layer");
}

/// Encrypted copies of vn-generated.pdf (scripts/gen_pdf_encrypted.py, qpdf's standard security
/// handler): those with an empty user password give the same text as the original; the one that
/// needs a password is refused with ERR_ENCRYPTED.
#[test]
fn encrypted_pdfs_open_with_the_empty_user_password_only() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("encrypted.json")).unwrap())
            .unwrap();
    let original = extract_pdf(
        &std::fs::read(dir.join("vn-generated.pdf")).unwrap(),
        &Limits::default(),
    )
    .unwrap()
    .to_text();
    let files = meta.as_array().unwrap();
    assert_eq!(files.len(), 5);
    for f in files {
        let file = f["file"].as_str().unwrap();
        let data = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(
            digest(Algorithm::Sha256, &data).to_hex(),
            f["sha256"].as_str().unwrap(),
            "{file} changed: run scripts/gen_pdf_encrypted.py"
        );
        assert!(
            data.windows(8).any(|w| w == b"/Encrypt"),
            "{file} is not encrypted"
        );
        let result = extract_pdf(&data, &Limits::default());
        if f["opensWithoutPassword"].as_bool().unwrap() {
            let text = result
                .unwrap_or_else(|e| panic!("{file} ({}): {e}", f["handler"]))
                .to_text();
            assert_eq!(text, original, "{file} ({})", f["handler"]);
        } else {
            assert_eq!(result.unwrap_err().code(), "ERR_ENCRYPTED", "{file}");
        }
    }
}
