//! Corpus tier, DOCX text: Apache POI's text assertions, the Decree 30/2020 files against their
//! reference text, and every ZIP/XML/DOCX bomb of the attack corpus.
//!
//! The POI checks below are the assertions of POI's tests (cited per file from
//! `_expect/poi_docx_text.json`), applied to our plain-text output. Where a check tests a POI
//! convention rather than the document's text, it is listed with the reason in
//! `tests/known_gaps.tsv`; a listed gap that starts to pass fails the test, so the list stays true.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use vanban::container::xml::{XmlEvent, XmlReader};
use vanban::extract::docx::{extract_docx, DocxOptions};
use vanban::extract::model::Block;
use vanban::Limits;

enum Check {
    Contains(&'static str),
    StartsWith(&'static str),
    EndsWith(&'static str),
    Equals(&'static str),
    EqualsTrimmed(&'static str),
    /// POI's `numberOfParagraphs`: paragraphs of the body (table cells not counted).
    Paragraphs(usize),
}

const EURO: &str = "\u{20ac}";

fn poi_checks() -> Vec<(&'static str, Vec<Check>)> {
    use Check::*;
    vec![
        // TestXWPFWordExtractor.java:60-82
        ("sample.docx", vec![
            StartsWith("Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Nunc at risus vel erat tempus posuere. Aenean non ante. Suspendisse vehicula dolor sit amet odio."),
            EndsWith("Phasellus ultricies mi nec leo. Sed tempus. In sit amet lorem at velit faucibus vestibulum.\n"),
            Paragraphs(3),
        ]),
        // :188-196
        ("footnotes.docx", vec![Contains("snoska"), Contains("Eto ochen prostoy[footnoteRef:1] text so snoskoy")]),
        // :219-226
        ("endnotes.docx", vec![Contains("XXX"), Contains("tilaka [endnoteRef:2]or 'tika'")]),
        // :229-236
        ("delins.docx", vec![Contains("pendant worn"), Contains("extremely well")]),
        ("Headers.docx", vec![Contains("Section 1"), Contains("Section 2"), Contains("Section 3")]),
        ("WithTabs.docx", vec![Contains("a"), Contains("\t"), Contains("b"), Contains("a\tb\n")]),
        ("FldSimple.docx", vec![Contains("FldSimple.docx")]),
        ("checkboxes.docx", vec![Equals(
            "This is a small test for checkboxes \nunchecked: |_| \nOr checked: |X|\n\n\n\n\nTest a checkbox within a textbox: |_| -> |X|\n\n\nIn Table:\n|_|\t|X|\n\n\nIn Sequence:\n|X||_||X|\n",
        )]),
        ("MultipleBodyBug.docx", vec![StartsWith(
            "START BODY 1 The quick, brown fox jumps over a lazy dog. END BODY 1.\nSTART BODY 2 The quick, brown fox jumps over a lazy dog. END BODY 2.\nSTART BODY 3 The quick, brown fox jumps over a lazy dog. END BODY 3.\n",
        )]),
        // Two assertions for two extractor settings: phonetic (ruby) runs shown, then hidden.
        ("61470.docx", vec![
            EqualsTrimmed("\u{6771}\u{4EAC} (\u{3068}\u{3046}\u{304D}\u{3087}\u{3046})"),
            EqualsTrimmed("\u{6771}\u{4EAC}"),
        ]),
        ("61991.docx", vec![Contains("Sequencing data")]),
        ("capitalized.docx", vec![EqualsTrimmed("The following word is: CAPITALIZED.")]),
        ("tika-3816.docx", vec![Contains("Note\tDetails")]),
        ("IllustrativeCases.docx", vec![
            StartsWith("  \n(V) ILLUSTRATIVE CASES\n\n"),
            Contains("As well as gaining €90 from child benefit increases, he will also receive the early childhood supplement of €250 per quarter for Vincent for the full four quarters of the year.\n\n\n\n"),
            EndsWith("11.4%\t\t90\t\t\t\t\t250\t\t1,310\t\n\n \n\n\n"),
            Paragraphs(134),
        ]),
        // Two assertions for two extractor settings: hyperlink targets hidden, then shown.
        ("TestDocument.docx", vec![
            StartsWith("This is a test document.\nThis bit is in bold and italic\nBack to normal\nThis contains BOLD, ITALIC and BOTH, as well as RED and YELLOW text.\nWe have a hyperlink here, and another.\n"),
            StartsWith("This is a test document.\nThis bit is in bold and italic\nBack to normal\nThis contains BOLD, ITALIC and BOTH, as well as RED and YELLOW text.\nWe have a hyperlink <http://poi.apache.org/> here, and another.\n"),
        ]),
    ]
}

/// Paragraph-like blocks of the body (POI's `getParagraphs()` leaves out tables and their cells).
fn body_paragraphs(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| {
            matches!(
                b,
                Block::Paragraph { .. } | Block::Heading { .. } | Block::ListItem { .. }
            )
        })
        .count()
}

fn describe(check: &Check) -> String {
    match check {
        Check::Contains(s) => format!("contains {s:?}"),
        Check::StartsWith(s) => format!("starts with {s:?}"),
        Check::EndsWith(s) => format!("ends with {s:?}"),
        Check::Equals(s) => format!("equals {s:?}"),
        Check::EqualsTrimmed(s) => format!("trimmed equals {s:?}"),
        Check::Paragraphs(n) => format!("{n} paragraphs"),
    }
}

#[test]
fn poi_docx_text_assertions() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let gaps = common::known_gaps(include_str!("known_gaps.tsv"));
    let (mut agree, mut gap, mut disagree) = (0, 0, Vec::new());
    for (file, checks) in poi_checks() {
        let data = std::fs::read(dir.join("poi/document").join(file)).unwrap();
        // POI's extractor keeps the text of tracked deletions; its delins.docx assertions look for
        // deleted words, so that file is read with the option that shows deletions too.
        let mut options = DocxOptions::default();
        options.show_deletions = file == "delins.docx";
        let doc = extract_docx(&data, &Limits::default(), &options)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = doc.to_text();
        for check in &checks {
            let ok = match check {
                Check::Contains(s) => text.contains(s),
                Check::StartsWith(s) => text.starts_with(s),
                Check::EndsWith(s) => text.ends_with(s),
                Check::Equals(s) => text == *s,
                Check::EqualsTrimmed(s) => text.trim() == *s,
                Check::Paragraphs(n) => body_paragraphs(&doc.body) == *n,
            };
            let key = (file.to_owned(), describe(check).replace(EURO, "€"));
            match (ok, gaps.contains_key(&key)) {
                (true, false) => agree += 1,
                (false, true) => gap += 1,
                (true, true) => disagree.push(format!(
                    "{file}: listed as a known gap but now holds: {}",
                    key.1
                )),
                (false, false) => disagree.push(format!(
                    "{file}: {}\n--- our text ---\n{}",
                    key.1,
                    text.chars().take(600).collect::<String>()
                )),
            }
        }
    }
    println!(
        "POI DOCX assertions: {agree} agree, {gap} known gaps (tests/known_gaps.tsv), {} disagree",
        disagree.len()
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n\n"));
}

/// The reference was made with python-docx, which yields a horizontally merged cell once for each
/// grid column it covers, so its Markdown tables repeat that cell's text; count it once, as the
/// document holds it once.
fn merged_cells_once(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            if !line.starts_with('|') {
                return line.to_owned();
            }
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            let mut kept: Vec<&str> = Vec::new();
            for c in cells {
                if kept.last() != Some(&c) {
                    kept.push(c);
                }
            }
            kept.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn words(text: &str) -> Vec<String> {
    vanban::extract::vn::nfc(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn decree_30_docx_word_recall() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.kind == "docx-text(vi)")
        .collect();
    assert_eq!(rows.len(), 5, "the manifest lists five Decree 30 files");
    let mut failures = Vec::new();
    for row in rows {
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let reference = merged_cells_once(
            &std::fs::read_to_string(dir.join(row.file.replace(".docx", ".md"))).unwrap(),
        );
        let doc = extract_docx(&data, &Limits::default(), &DocxOptions::default()).unwrap();
        let mut ours: HashMap<String, usize> = HashMap::new();
        for w in words(&doc.to_text()) {
            *ours.entry(w).or_default() += 1;
        }
        let reference = words(&reference);
        let mut found = 0usize;
        for w in &reference {
            if let Some(n) = ours.get_mut(w).filter(|n| **n > 0) {
                *n -= 1;
                found += 1;
            }
        }
        let recall = found as f64 / reference.len().max(1) as f64;
        println!(
            "{}: word recall {:.4} ({found}/{})",
            row.file,
            recall,
            reference.len()
        );
        if recall < 0.99 {
            failures.push(format!("{}: recall {recall:.4}", row.file));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

/// A bomb must end in a typed error, quickly, whatever it targets.
#[test]
fn zip_xml_and_docx_bombs_end_in_typed_errors_within_2s() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let bombs: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.file.starts_with("attacks/"))
        .filter(|r| {
            let k = r.kind.to_lowercase();
            let ext = r.file.rsplit('.').next().unwrap_or("");
            matches!(ext, "docx" | "zip" | "xml")
                && [
                    "billion laughs",
                    "bomb",
                    "blowup",
                    "xxe",
                    "eocd",
                    "parser differential",
                    "deflate ratio",
                ]
                .iter()
                .any(|w| k.contains(w))
        })
        .collect();
    assert!(
        bombs.len() >= 8,
        "expected the ZIP/XML/DOCX bombs of the manifest, found {}",
        bombs.len()
    );
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for row in &bombs {
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let started = Instant::now();
        let result: Result<(), vanban::Error> = if row.file.ends_with(".xml") {
            (|| {
                let text = vanban::container::xml::decode(&data)?;
                let mut r = XmlReader::new(&text, &Limits::default());
                while let Some(e) = r.next_event()? {
                    if let XmlEvent::Text(_) = e {}
                }
                Ok(())
            })()
        } else {
            extract_docx(&data, &Limits::default(), &DocxOptions::default()).map(|_| ())
        };
        let took = started.elapsed();
        let outcome = match &result {
            Ok(()) => "accepted".to_owned(),
            Err(e) => format!("{} ({e})", e.code()),
        };
        report.push(format!(
            "  {} {:>6.0} ms  {}",
            row.id,
            took.as_secs_f64() * 1000.0,
            outcome
        ));
        if result.is_ok() {
            failures.push(format!("{}: {} was accepted", row.id, row.file));
        }
        if took > Duration::from_secs(2) {
            failures.push(format!("{}: took {took:?}", row.id));
        }
    }
    println!(
        "ZIP/XML/DOCX bombs: {} files\n{}",
        bombs.len(),
        report.join("\n")
    );
    assert!(failures.is_empty(), "{failures:?}");
}

/// Every DOCX of the corpus (signed, attack, text files alike) gives text or a typed error,
/// without a panic and within 2 s.
#[test]
fn every_corpus_docx_extracts_or_fails_typed() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.file.ends_with(".docx"))
        .collect();
    let (mut ok, mut errors, mut slow) = (0, Vec::new(), Vec::new());
    for row in &rows {
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let started = Instant::now();
        match extract_docx(&data, &Limits::default(), &DocxOptions::default()) {
            Ok(_) => ok += 1,
            Err(e) => errors.push(format!("{} {}", row.id, e.code())),
        }
        if started.elapsed() > Duration::from_secs(2) {
            slow.push(row.id.clone());
        }
    }
    println!(
        "corpus DOCX files: {} read, {ok} extracted, {} typed errors: {}",
        rows.len(),
        errors.len(),
        errors.join(", ")
    );
    assert!(slow.is_empty(), "slower than 2 s: {slow:?}");
}
