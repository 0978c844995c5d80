use super::*;

/// A one-page PDF with the given content stream and font resources (object bodies keyed by
/// font resource name, plus extra objects).
fn build(content: &str, fonts: &[(&str, u32)], extra: &[(u32, String)]) -> Vec<u8> {
    let font_dict: String = fonts
        .iter()
        .map(|(n, r)| format!("/{n} {r} 0 R "))
        .collect();
    let mut objects: Vec<(u32, String)> = vec![
        (1, "<< /Type /Catalog /Pages 2 0 R >>".into()),
        (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".into()),
        (3, format!("<< /Type /Page /Parent 2 0 R /Resources << /Font << {font_dict}>> >> /Contents 4 0 R >>")),
        (4, format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len())),
    ];
    objects.extend(extra.iter().cloned());
    let borrowed: Vec<(u32, &str)> = objects.iter().map(|(n, b)| (*n, b.as_str())).collect();
    crate::container::pdf::tests::classic(&borrowed, 1)
}

fn helvetica() -> (u32, String) {
    (
        5,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    )
}

fn text(pdf: &[u8]) -> String {
    extract_pdf(pdf, &Limits::default()).unwrap().to_text()
}

#[test]
fn lines_spaces_and_paragraphs_in_a_standard_font() {
    // Two lines of one paragraph (14 pt apart at 12 pt), words placed by TJ gaps and by Td, then
    // a paragraph further down.
    let content = "BT /F1 12 Tf 72 760 Td [(Hello)-300(world)] TJ 0 -14 Td (second line) Tj 0 -40 Td (Next) Tj 30 0 Td (para) Tj ET";
    let pdf = build(content, &[("F1", 5)], &[helvetica()]);
    assert_eq!(text(&pdf), "Hello world second line\nNext para\n");
}

#[test]
fn headings_by_size_and_hyphenation_at_line_ends() {
    let content = "BT /F1 24 Tf 72 780 Td (Title) Tj ET BT /F1 12 Tf 72 740 Td (A long sen-) Tj 0 -14 Td (tence ends.) Tj 0 -14 Td (Body again.) Tj ET";
    let pdf = build(content, &[("F1", 5)], &[helvetica()]);
    let doc = extract_pdf(&pdf, &Limits::default()).unwrap();
    assert!(
        matches!(&doc.body[0], Block::Heading { level: 1, .. }),
        "{:?}",
        doc.body
    );
    assert_eq!(doc.to_text(), "Title\nA long sentence ends. Body again.\n");
}

#[test]
fn fake_bold_is_drawn_once() {
    let content = "BT /F1 12 Tf 72 700 Td (Bold) Tj ET BT /F1 12 Tf 72.3 700 Td (Bold) Tj ET";
    let pdf = build(content, &[("F1", 5)], &[helvetica()]);
    assert_eq!(text(&pdf), "Bold\n");
}

#[test]
fn type0_font_with_tounicode_gives_vietnamese() {
    // Identity-H codes 1..=5 map to "Việt " … through the ToUnicode CMap.
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n6 beginbfchar\n<0001> <0056>\n<0002> <0069>\n<0003> <1EC7>\n<0004> <0074>\n<0005> <0020>\n<0006> <004E>\nendbfchar\nendcmap end end";
    let extra = [
        (5, "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>".to_string()),
        (6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial /DW 500 /W [1 [600 250 500 300] 5 5 250] >>".to_string()),
        (7, format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len())),
    ];
    let pdf = build(
        "BT /F1 10 Tf 50 800 Td <000100020003000400050006> Tj ET",
        &[("F1", 5)],
        &extra,
    );
    assert_eq!(text(&pdf), "Việt N\n");
}

#[test]
fn separately_drawn_marks_join_their_letters() {
    // "e" then an acute accent drawn over it, then "t": Vietnamese PDFs made from legacy layouts
    // draw marks as glyphs of their own.
    let content = "BT /F1 12 Tf 72 700 Td (Vie) Tj ET BT /F1 12 Tf 86.4 703 Td (\\264) Tj ET BT /F1 12 Tf 90 700 Td (t) Tj ET";
    let pdf = build(content, &[("F1", 5)], &[helvetica()]);
    assert_eq!(text(&pdf), "Viét\n");
}

#[test]
fn legacy_tcvn3_font_without_tounicode() {
    let extra = [(5, "<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /FirstChar 32 /LastChar 255 /Widths [] >>".to_string())];
    // "Cộng hoà" in TCVN3 bytes: C E9 n g 20 h o B5.
    let pdf = build(
        "BT /F1 12 Tf 72 700 Td (C\\351ng ho\\265) Tj ET",
        &[("F1", 5)],
        &extra,
    );
    assert_eq!(text(&pdf), "Cộng hoà\n");
}

#[test]
fn differences_and_glyph_names() {
    let extra = [(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Foo /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /Ohorn /uni1EA1 /fi] >> >>".to_string())];
    let pdf = build("BT /F1 12 Tf 72 700 Td (ABC) Tj ET", &[("F1", 5)], &extra);
    assert_eq!(text(&pdf), "Ơạfi\n");
}

#[test]
fn form_xobjects_are_followed_once_and_pages_are_separated() {
    let form = "BT /F1 12 Tf 0 0 Td (in form) Tj ET /Fm1 Do";
    let extra = [
        helvetica(),
        (6, format!("<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [1 0 0 1 100 500] /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> /Length {} >>\nstream\n{form}\nendstream", form.len())),
    ];
    let mut pdf = build("q /Fm1 Do Q", &[("F1", 5)], &extra);
    // The page needs the XObject in its resources.
    let s = String::from_utf8_lossy(&pdf).replace(
        "/Font << /F1 5 0 R >> >> /Contents",
        "/Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> /Contents",
    );
    pdf = s.into_bytes();
    // Offsets moved: the reader repairs by scanning.
    assert_eq!(text(&pdf), "in form\n");
}

#[test]
fn encrypted_files_are_refused_with_their_own_code() {
    let mut pdf = build("BT ET", &[], &[]);
    let s = String::from_utf8_lossy(&pdf).replace(
        "/Root 1 0 R >>",
        "/Root 1 0 R /Encrypt << /Filter /Standard >> >>",
    );
    pdf = s.into_bytes();
    assert_eq!(
        extract_pdf(&pdf, &Limits::default()).unwrap_err().code(),
        "ERR_ENCRYPTED"
    );
}
