//! Corpus tier, PDF text: pdf.js's text-content assertions (`_expect/pdfjs_text.json`, cited per
//! check from `test/unit/api_spec.js`), applied to our plain text of the page each one reads.
//!
//! pdf.js's `mergeText` joins text items, with a line break where an item ends a line. vanban
//! joins the lines of a paragraph into one line and ends paragraphs with line breaks, so a check
//! compares both sides after the same documented normalisation: runs of white space become one
//! space, a word broken by a hyphen at a line end in pdf.js's text is joined the way vanban joins
//! it ("neu-\ntral" → "neutral"), and the typographic ligatures U+FB00–U+FB06 are written out
//! ("ﬁ" → "fi", which is what vanban always gives an editor; pdf.js does the same when its
//! normalisation is on).
//!
//! Assertions about pdf.js API objects rather than text (marked-content ids, `hasEOL` flags, page
//! merging) are applied to the text they imply: the merged pages' texts are those of the source
//! pages. Checks on files the corpus does not carry are counted and named. A check that does not
//! hold must be listed with its reason in `tests/known_gaps_pdf.tsv`; a listed gap that starts to
//! hold fails the test, so the list stays true.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use vanban::extract::model::{Block, Document};
use vanban::extract::pdf::extract_pdf;
use vanban::Limits;

enum Check {
    Equals(&'static str),
    Contains(&'static str),
    Lacks(&'static str),
    StartsWith(&'static str),
}

/// (file, 1-based page, checks, evidence in pdf.js's api_spec.js).
fn pdfjs_checks() -> Vec<(&'static str, usize, Vec<Check>, &'static str)> {
    use Check::*;
    vec![
        ("issue13226.pdf", 1, vec![Equals("Mitarbeiterinnen und Mitarbeiter arbeiten in über 100 Ländern engagiert im Dienste")], "4226-4241"),
        ("issue16119.pdf", 1, vec![Contains("Engang var der i Samvirke en opskrift på en fiskelagkage, som jeg med")], "4242-4259"),
        ("issue13201.pdf", 1, vec![
            Contains("Abstract. A purely peer-to-peer version of electronic cash would allow online"),
            Contains("avoid mediating disputes. The cost of mediation increases transaction costs, limiting the"),
            Contains("system is secure as long as honest nodes collectively control more CPU power than any"),
        ], "4260-4287"),
        ("issue11913.pdf", 1, vec![
            Contains("1. The first of these cases arises from the tragic handicap which has blighted the life of the Plaintiff, and from the response of the"),
            Contains("argued in this Court the appeal raises narrower, but important, issues which may be summarised as follows:-"),
        ], "4288-4309"),
        ("issue10900.pdf", 1, vec![Contains("3 3 3 3\n851.5 854.9 839.3 837.5\n633.6 727.8 789.9 796.2\n1,485.1 1,582.7 1,629.2 1,633.7\n114.2 121.7 125.3 130.7\n13.0x 13.0x 13.0x 12.5x")], "4310-4330"),
        // The same text with pdf.js's normalisation off, then on; after our normalisation the two
        // differ only in pdf.js's own treatment of the ligature, so one check stands for both.
        ("issue10640.pdf", 1, vec![Contains("Open Sans is a humanist sans serif typeface designed by Steve Matteson.\nOpen Sans was designed with an upright stress, open forms and a neu-\ntral, yet friendly appearance. It was optimized for print, web, and mobile\ninterfaces, and has excellent legibility characteristics in its letterforms (see\n\u{fb01}gure \u{81} on the following page). This font is available from the Google Font\nDirectory [\u{81}] as TrueType \u{fb01}les licensed under the Apache License version \u{82}.\u{80}.\nThis package provides support for this font in LATEX. It includes Type \u{81}\nversions of the fonts, converted for this package using FontForge from its\nsources, for full support with Dvips.")], "4331-4368"),
        // The same text with the digits the old-style figure glyphs show (zero.os, one.os, two.os
        // in the font's /Differences at codes 128–130), where pdf.js keeps the raw codes.
        ("issue10640.pdf", 1, vec![Contains("Open Sans is a humanist sans serif typeface designed by Steve Matteson.\nOpen Sans was designed with an upright stress, open forms and a neu-\ntral, yet friendly appearance. It was optimized for print, web, and mobile\ninterfaces, and has excellent legibility characteristics in its letterforms (see\n\u{fb01}gure 1 on the following page). This font is available from the Google Font\nDirectory [1] as TrueType \u{fb01}les licensed under the Apache License version 2.0.\nThis package provides support for this font in LATEX. It includes Type 1\nversions of the fonts, converted for this package using FontForge from its\nsources, for full support with Dvips.")], "4331-4368"),
        ("bug931481.pdf", 1, vec![Contains("Kathrin Nachbaur\nDie promovierte Juristin ist 1979 in Graz geboren und aufgewachsen. Nach")], "4369-4394"),
        ("issue9186.pdf", 1, vec![Contains("This Agreement (“Agreement”) is made as of this 25th day of January, 2017, by and")], "4395-4415"),
        ("bug1627427_reduced.pdf", 1, vec![Equals("침하게 흐린 품이 눈이 올 듯하더니 눈은 아니 오고 얼다가 만 비가 추")], "4416-4433"),
        ("issue18099_reduced.pdf", 1, vec![Equals("Hello world!")], "4434-4448"),
        ("bug1755201.pdf", 6, vec![Lacks("win aisle")], "4449-4462"),
        // The marked-content items aside, the page's only text is the string.
        ("bug1898053_minimal.pdf", 1, vec![Equals("Hello, world!")], "4483-4511"),
        ("bug1823296.pdf", 1, vec![Contains("PDF/UA is not a separate file-format but simply a way to use the familiar PDF format invented by Adobe\nSystems and now standardized as ISO 32000.[5]")], "4512-4535"),
        ("issue16176.pdf", 1, vec![Equals("𠮷")], "4536-4554"),
        ("90ms_rksj_h_sample.pdf", 1, vec![Equals("Hello ASCII\n日本語テスト")], "4555-4573"),
        // Items "Hello " and "World".
        ("issue16221.pdf", 1, vec![Equals("Hello World")], "4574-4586"),
        ("text_rise_eol_bug.pdf", 1, vec![Equals("E = mc2 is the mass-energy equivalence.")], "4587-4607"),
        ("issue16316.pdf", 1, vec![Equals("Experimentation,")], "4608-4621"),
        ("issue20319_1.pdf", 1, vec![Equals("A A")], "4644-4659"),
        ("issue20319_2.pdf", 1, vec![Equals("AA A")], "4660-4674"),
        ("bug2013793.pdf", 1, vec![StartsWith("This is a great deal of nothing. The purpose is to help in identifying a bug when the PDF\nis read by Firefox.")], "4675-4697"),
        ("doc_1_3_pages.pdf", 1, vec![Equals("Document 1:Page 1")], "6298-6379"),
        ("tracemonkey.pdf", 6, vec![Contains("4. Nested Trace Tree Formation")], "7431-7466"),
        ("tracemonkey.pdf", 2, vec![Contains("2. Overview: Example Tracing Run")], "7431-7466"),
        ("tracemonkey.pdf", 4, vec![Contains("3. Trace Trees")], "7431-7466"),
        // Items "The ﬁrst paragraph." and "The second paragraph.", each in its marked content.
        ("two_paragraphs.pdf", 1, vec![Equals("The ﬁrst paragraph.\nThe second paragraph.")], "7185-7336"),
        // The merged file's pages 1 and 3 are this file's pages 1 and 2 (an image page between).
        ("three_pages_with_number.pdf", 1, vec![Equals("1")], "7891-7925"),
        ("three_pages_with_number.pdf", 2, vec![Equals("2")], "7891-7925"),
        ("page_with_number.pdf", 5, vec![Equals("5")], "9069-9109"),
    ]
}

/// The normalisation described at the top, for both sides of a check.
fn normalise(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek() == Some(&'\n') {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|n| n.is_lowercase()) {
                chars.next();
                continue;
            }
        }
        match c {
            '\u{fb00}' => joined.push_str("ff"),
            '\u{fb01}' => joined.push_str("fi"),
            '\u{fb02}' => joined.push_str("fl"),
            '\u{fb03}' => joined.push_str("ffi"),
            '\u{fb04}' => joined.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => joined.push_str("st"),
            c => joined.push(c),
        }
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each page's plain text.
fn pages(doc: &Document) -> Vec<String> {
    doc.body
        .split(|b| matches!(b, Block::PageBreak))
        .map(|blocks| {
            Document {
                body: blocks.to_vec(),
                sections: Vec::new(),
                notices: Vec::new(),
            }
            .to_text()
        })
        .collect()
}

fn describe(page: usize, check: &Check) -> String {
    match check {
        Check::Equals(s) => format!("page {page} equals {:?}", normalise(s)),
        Check::Contains(s) => format!("page {page} contains {:?}", normalise(s)),
        Check::Lacks(s) => format!("page {page} lacks {:?}", normalise(s)),
        Check::StartsWith(s) => format!("page {page} starts with {:?}", normalise(s)),
    }
}

#[test]
fn pdfjs_text_assertions() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let expect = std::fs::read_to_string(dir.join("_expect/pdfjs_text.json")).unwrap();
    let gaps = common::known_gaps(include_str!("known_gaps_pdf.tsv"));
    let mut used_gaps = 0;
    let (mut hold, mut gap, mut absent, mut bad) = (0, 0, Vec::new(), Vec::new());
    for (file, page, checks, evidence) in pdfjs_checks() {
        assert!(
            expect.contains(&format!("\"{file}\"")) && expect.contains(evidence),
            "{file}: not in _expect/pdfjs_text.json with evidence {evidence}"
        );
        let path = dir.join("pdfjs/test/pdfs").join(file);
        if !path.is_file() {
            absent.push(format!("{file} ({} checks)", checks.len()));
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let doc = extract_pdf(&data, &Limits::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let pages = pages(&doc);
        let text = pages
            .get(page - 1)
            .map(|t| normalise(t))
            .unwrap_or_default();
        for check in &checks {
            let ok = match check {
                Check::Equals(s) => text == normalise(s),
                Check::Contains(s) => text.contains(&normalise(s)),
                Check::Lacks(s) => !text.contains(&normalise(s)),
                Check::StartsWith(s) => text.starts_with(&normalise(s)),
            };
            let key = (file.to_owned(), describe(page, check));
            let listed = gaps.contains_key(&key);
            used_gaps += usize::from(listed);
            match (ok, listed) {
                (true, false) => hold += 1,
                (false, true) => gap += 1,
                (true, true) => bad.push(format!(
                    "{file}: listed as a known gap but holds: {}",
                    key.1
                )),
                (false, false) => bad.push(format!(
                    "{file}\t{}\n--- our text of page {page} ---\n{}",
                    key.1,
                    text.chars().take(800).collect::<String>()
                )),
            }
        }
    }
    println!(
        "pdf.js text assertions: {hold} hold, {gap} known gaps (tests/known_gaps_pdf.tsv), {} do not hold; \
         not in the corpus: {}",
        bad.len(),
        absent.join(", ")
    );
    assert_eq!(
        used_gaps,
        gaps.len(),
        "tests/known_gaps_pdf.tsv lists checks that no longer exist"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}
