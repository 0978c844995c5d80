//! Corpus tier, PDF structure: every PDF of the corpus (messy real-world files, malformed ones,
//! signed ones, attack and denial-of-service files) is read — cross-reference data, every
//! object, every stream decoded — and ends in ≤ 2 s with a result or a typed error, never a
//! panic. The gzipped Flate bombs are unpacked here, under a cap, before reading.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::{Duration, Instant};

use vanban::container::pdf::cmap::ToUnicode;
use vanban::container::pdf::content::parse_content;
use vanban::container::pdf::{ObjRef, Object, Pdf};
use vanban::Limits;

/// gzip (RFC 1952) → bytes; `None` when the output would pass `cap` bytes.
fn gunzip(data: &[u8], cap: usize) -> Option<Vec<u8>> {
    assert!(
        data.len() > 18 && data[0] == 0x1f && data[1] == 0x8b && data[2] == 8,
        "not gzip"
    );
    let flags = data[3];
    let mut pos = 10;
    if flags & 4 != 0 {
        pos += 2 + usize::from(u16::from_le_bytes([data[pos], data[pos + 1]]));
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            pos += data[pos..].iter().position(|b| *b == 0).unwrap() + 1;
        }
    }
    if flags & 2 != 0 {
        pos += 2;
    }
    miniz_oxide::inflate::decompress_to_vec_with_limit(&data[pos..], cap).ok()
}

thread_local! {
    /// CMaps found, parsed, and codes they map.
    static CMAPS: std::cell::RefCell<(usize, usize, usize)> = const { std::cell::RefCell::new((0, 0, 0)) };
}

/// Every PDF row of the manifest with its bytes (gzipped bombs unpacked under the input limit;
/// `None` when the unpacked file would pass it, which the reader refuses for its size).
fn corpus_pdfs(dir: &std::path::Path) -> impl Iterator<Item = (common::Row, Option<Vec<u8>>)> + '_ {
    let limit = Limits::default().max_input_bytes as usize;
    let rows: Vec<_> = common::manifest(dir)
        .into_iter()
        .filter(|r| r.file.ends_with(".pdf") || r.file.ends_with(".pdf.gz"))
        .collect();
    assert!(
        rows.len() > 200,
        "expected the corpus PDFs, found {}",
        rows.len()
    );
    rows.into_iter().map(move |row| {
        let raw = std::fs::read(dir.join(&row.file)).unwrap();
        let data = if row.file.ends_with(".gz") {
            gunzip(&raw, limit + 1)
        } else {
            Some(raw)
        };
        (row, data)
    })
}

/// Pages found and content operations parsed, or content streams that failed.
#[derive(Default)]
struct PageStats {
    pages: usize,
    operations: usize,
    content_errors: usize,
}

/// Walks the page tree and parses every page's content.
fn read_pages(data: &[u8], stats: &mut PageStats) -> Result<(), vanban::Error> {
    let mut pdf = Pdf::parse(data, &Limits::default())?;
    for page in pdf.pages()? {
        stats.pages += 1;
        match pdf
            .page_content(&page)
            .and_then(|c| parse_content(&c, &Limits::default()))
        {
            Ok(ops) => stats.operations += ops.len(),
            Err(_) => stats.content_errors += 1,
        }
    }
    Ok(())
}

/// Reads everything reachable through the cross-reference table.
fn read_all(data: &[u8]) -> Result<(usize, usize, usize), vanban::Error> {
    let mut pdf = Pdf::parse(data, &Limits::default())?;
    let (mut objects, mut streams, mut stream_errors) = (0, 0, 0);
    let max = u32::try_from(pdf.object_count() * 2 + 16)
        .unwrap_or(u32::MAX)
        .min(2_000_000);
    for num in 0..max {
        if pdf.xref_entry(num).is_none() {
            continue;
        }
        match pdf.get(ObjRef { num, gen: 0 }) {
            Ok(Object::Stream(s)) => {
                objects += 1;
                streams += 1;
                match pdf.stream_data(&s) {
                    Ok(d) if d.windows(9).any(|w| w == b"begincmap") => {
                        let parsed = ToUnicode::parse(&d);
                        CMAPS.with(|c| {
                            let mut c = c.borrow_mut();
                            c.0 += 1;
                            if let Ok(m) = parsed {
                                c.1 += 1;
                                c.2 += m.len();
                            }
                        });
                    }
                    Ok(_) => {}
                    Err(_) => stream_errors += 1,
                }
            }
            Ok(_) => objects += 1,
            Err(_) => {}
        }
    }
    Ok((objects, streams, stream_errors))
}

#[test]
fn every_corpus_pdf_reads_or_fails_typed_within_2s() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let (mut files, mut ok, mut errors, mut slow, mut objects, mut streams, mut stream_errors) =
        (0, 0, Vec::new(), Vec::new(), 0, 0, 0);
    let mut page_stats = PageStats::default();
    let mut page_errors: Vec<String> = Vec::new();
    for (row, data) in corpus_pdfs(&dir) {
        files += 1;
        // A bomb whose PDF is larger than the input limit is refused for its size before any
        // parsing: that is the typed error the reader gives for it.
        let Some(data) = data else {
            errors.push(format!(
                "{} ERR_LIMIT_EXCEEDED (input over max_input_bytes)",
                row.id
            ));
            continue;
        };
        let started = Instant::now();
        if let Err(e) = read_pages(&data, &mut page_stats) {
            page_errors.push(format!("{} {}", row.id, e.code()));
        }
        match read_all(&data) {
            Ok((o, s, se)) => {
                ok += 1;
                objects += o;
                streams += s;
                stream_errors += se;
            }
            Err(e) => errors.push(format!("{} {}", row.id, e.code())),
        }
        let took = started.elapsed();
        if took > Duration::from_secs(2) {
            slow.push(format!("{} {:?} {}", row.id, took, row.file));
        }
    }
    println!(
        "corpus PDFs: {files} files, {ok} read ({objects} objects, {streams} streams, {stream_errors} streams refused or broken), {} typed errors: {}",
        errors.len(),
        errors.join(", ")
    );
    println!(
        "corpus PDF pages: {} pages, {} content operations, {} page contents refused or broken; page tree errors in {} files: {}",
        page_stats.pages,
        page_stats.operations,
        page_stats.content_errors,
        page_errors.len(),
        page_errors.join(", ")
    );
    let (cmaps, parsed, codes) = CMAPS.with(|c| *c.borrow());
    println!(
        "corpus CMaps: {cmaps} found, {parsed} parsed ({codes} codes mapped), {} refused",
        cmaps - parsed
    );
    assert!(slow.is_empty(), "slower than 2 s: {slow:?}");
}

/// Text extraction over every corpus PDF: text or a typed error, never a panic, ≤ 2 s each.
#[test]
fn every_corpus_pdf_gives_text_or_a_typed_error_within_2s() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let (mut files, mut with_text, mut empty, mut errors, mut slow, mut chars) =
        (0, 0, 0, Vec::new(), Vec::new(), 0usize);
    let limits = Limits::default();
    for (row, data) in corpus_pdfs(&dir) {
        files += 1;
        let Some(data) = data else { continue };
        let started = Instant::now();
        match vanban::extract::pdf::extract_pdf(&data, &limits) {
            Ok(doc) => {
                let n = doc.to_text().chars().filter(|c| !c.is_whitespace()).count();
                chars += n;
                if n > 0 {
                    with_text += 1;
                } else {
                    empty += 1;
                }
            }
            Err(e) => errors.push(format!("{} {}", row.id, e.code())),
        }
        let took = started.elapsed();
        if took > Duration::from_secs(2) {
            slow.push(format!("{} {:?} {}", row.id, took, row.file));
        }
    }
    println!(
        "corpus PDF text: {files} files, {with_text} with text ({chars} characters), {empty} without text, {} typed errors: {}",
        errors.len(),
        errors.join(", ")
    );
    assert!(slow.is_empty(), "slower than 2 s: {slow:?}");
}
