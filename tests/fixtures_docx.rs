//! The project's own DOCX files (made by scripts/gen_docx_fixtures.py, which also records the text
//! each must give): headings, lists, tables, notes, fields, tracked changes, text boxes, content
//! controls, and legacy Vietnamese fonts through run, style, theme and default fonts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use vanban::extract::docx::{extract_docx, DocxOptions};
use vanban::extract::model::Block;
use vanban::hash::{digest, Algorithm};
use vanban::Limits;

fn fixtures() -> Vec<(String, Vec<u8>, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    manifest
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let data = std::fs::read(dir.join(file)).unwrap();
            assert_eq!(
                digest(Algorithm::Sha256, &data).to_hex(),
                f["sha256"].as_str().unwrap(),
                "{file} changed: run scripts/gen_docx_fixtures.py"
            );
            (
                file.to_owned(),
                data,
                f["expectedText"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn generated_docx_files_give_their_recorded_text() {
    let all = fixtures();
    assert!(all.len() >= 4);
    for (file, data, expected) in all {
        let doc = extract_docx(&data, &Limits::default(), &DocxOptions::default()).unwrap();
        assert_eq!(doc.to_text(), expected, "{file}");
    }
}

#[test]
fn structure_blocks_and_markdown() {
    let (_, data, _) = fixtures()
        .into_iter()
        .find(|(f, _, _)| f == "structure.docx")
        .unwrap();
    let doc = extract_docx(&data, &Limits::default(), &DocxOptions::default()).unwrap();
    assert!(matches!(&doc.body[0], Block::Heading { level: 1, .. }));
    assert!(
        matches!(&doc.body[10], Block::Heading { level: 2, .. }),
        "a localized heading style name"
    );
    assert!(
        matches!(&doc.body[2], Block::ListItem { level: 1, ordered: true, marker, .. } if marker == "a)")
    );
    assert!(
        matches!(&doc.body[8], Block::ListItem { ordered: false, marker, .. } if marker == "•")
    );
    let table = doc
        .body
        .iter()
        .find_map(|b| match b {
            Block::Table { rows } => Some(rows),
            _ => None,
        })
        .unwrap();
    assert_eq!(table[0].cells[0].col_span, 2);
    assert_eq!(table[1].cells[0].row_span, 2);
    assert_eq!(
        table[2].cells.len(),
        2,
        "the continued merge is not repeated"
    );
    let md = doc.to_markdown();
    assert!(md.contains("# Điều 1. Phạm vi điều chỉnh\n"), "{md}");
    assert!(
        md.contains("[văn bản gốc](https://vanban.example/van-ban?so=30&nam=2020)"),
        "{md}"
    );
    assert!(md.contains("chú thích[^1]."), "{md}");
    assert!(md.contains("[^1]: Nghị định 30/2020/NĐ-CP."), "{md}");
    let json = doc.to_json();
    assert!(json.contains("\"link\":\"https://vanban.example/van-ban?so=30&nam=2020\""));
    assert!(json.contains("{\"text\":\"1\",\"noteRef\":true}"));
}

#[test]
fn deletions_can_be_shown() {
    let (_, data, _) = fixtures()
        .into_iter()
        .find(|(f, _, _)| f == "structure.docx")
        .unwrap();
    let mut options = DocxOptions::default();
    options.show_deletions = true;
    let text = extract_docx(&data, &Limits::default(), &options)
        .unwrap()
        .to_text();
    assert!(text.contains("Nội dung được thêmbị xóa xong."), "{text}");
}

#[test]
fn truncated_and_corrupted_docx_give_typed_errors() {
    let (_, data, _) = fixtures()
        .into_iter()
        .find(|(f, _, _)| f == "structure.docx")
        .unwrap();
    for cut in (0..data.len()).step_by(97) {
        let _ = extract_docx(&data[..cut], &Limits::default(), &DocxOptions::default());
    }
    let mut rng = 0x1234_5678_u32;
    for _ in 0..300 {
        let mut d = data.clone();
        for _ in 0..4 {
            rng ^= rng << 13;
            rng ^= rng >> 17;
            rng ^= rng << 5;
            let i = rng as usize % d.len();
            d[i] = (rng >> 8) as u8;
        }
        let _ = extract_docx(&d, &Limits::default(), &DocxOptions::default());
    }
}
