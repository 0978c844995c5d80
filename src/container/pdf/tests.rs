use super::*;

/// Writes a PDF with a classic cross-reference table from `objects` (number, body). Also used
/// by the text extraction tests.
pub(crate) fn classic(objects: &[(u32, &str)], root: u32) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (num, body) in objects {
        offsets.push((*num, out.len()));
        out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref = out.len();
    let size = objects.iter().map(|o| o.0).max().unwrap_or(0) + 1;
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.iter().find(|o| o.0 == n) {
            Some((_, off)) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

/// Appends an incremental update redefining `objects`.
fn update(
    mut base: Vec<u8>,
    objects: &[(u32, &str)],
    prev: usize,
    size: u32,
    root: u32,
) -> Vec<u8> {
    let mut offsets = Vec::new();
    for (num, body) in objects {
        offsets.push((*num, base.len()));
        base.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref = base.len();
    base.extend_from_slice(b"xref\n");
    for (num, off) in &offsets {
        base.extend_from_slice(format!("{num} 1\n{off:010} 00000 n \n").as_bytes());
    }
    base.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root {root} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    base
}

fn startxref_of(pdf: &[u8]) -> usize {
    let s = String::from_utf8_lossy(pdf);
    let at = s.rfind("startxref").unwrap();
    s[at + 9..].trim().lines().next().unwrap().parse().unwrap()
}

const OBJS: [(u32, &str); 4] = [
    (1, "<< /Type /Catalog /Pages 2 0 R >>"),
    (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    (3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
    (
        4,
        "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Xin chao) Tj ET\nendstream",
    ),
];

#[test]
fn reads_a_classic_file() {
    let data = classic(&OBJS, 1);
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    assert!(!pdf.repaired());
    assert_eq!(pdf.object_count(), 5);
    let root = pdf.trailer().get(b"Root").cloned().unwrap();
    let catalog = pdf.resolve(&root).unwrap();
    assert_eq!(catalog.dict().unwrap().name(b"Type"), Some(&b"Catalog"[..]));
    let Object::Stream(s) = pdf.get(ObjRef { num: 4, gen: 0 }).unwrap() else {
        panic!()
    };
    assert_eq!(
        pdf.stream_data(&s).unwrap(),
        b"BT /F1 12 Tf 72 712 Td (Xin chao) Tj ET"
    );
    assert_eq!(pdf.revisions().len(), 1);
    assert_eq!(pdf.revisions()[0].end, data.len());
    assert_eq!(pdf.get(ObjRef { num: 99, gen: 0 }).unwrap(), Object::Null);
}

#[test]
fn incremental_updates_are_separate_revisions_and_the_newest_wins() {
    let base = classic(&OBJS, 1);
    let first_end = base.len();
    let prev = startxref_of(&base);
    let data = update(
        base,
        &[(4, "<< /Length 8 >>\nstream\nchanged!\nendstream")],
        prev,
        5,
        1,
    );
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    let revs = pdf.revisions().to_vec();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].end, first_end);
    assert_eq!(revs[1].objects.len(), 1);
    assert_eq!(revs[1].objects[0].0, 4);
    let Object::Stream(s) = pdf.get(ObjRef { num: 4, gen: 0 }).unwrap() else {
        panic!()
    };
    assert_eq!(pdf.stream_data(&s).unwrap(), b"changed!");
    // The first revision parsed alone still has the original.
    let mut old = Pdf::parse(&data[..first_end], &Limits::default()).unwrap();
    let Object::Stream(s) = old.get(ObjRef { num: 4, gen: 0 }).unwrap() else {
        panic!()
    };
    assert!(old.stream_data(&s).unwrap().starts_with(b"BT"));
}

#[test]
fn a_prev_loop_ends() {
    let base = classic(&OBJS, 1);
    let own = base.len();
    // The update's /Prev points at itself.
    let mut data = base.clone();
    data.extend_from_slice(format!("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev {own} >>\nstartxref\n{own}\n%%EOF\n").as_bytes());
    let pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    assert!(pdf.trailer().get(b"Root").is_some());
}

#[test]
fn a_broken_xref_is_repaired_by_scanning() {
    let mut data = classic(&OBJS, 1);
    let s = String::from_utf8_lossy(&data).into_owned();
    let at = s.rfind("startxref").unwrap();
    data.truncate(at);
    data.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    assert!(pdf.repaired());
    let Object::Stream(s) = pdf.get(ObjRef { num: 4, gen: 0 }).unwrap() else {
        panic!()
    };
    assert!(pdf.stream_data(&s).unwrap().ends_with(b"ET"));
}

#[test]
fn xref_streams_and_object_streams() {
    // Object 5 is an object stream holding objects 1 and 2; object 6 the cross-reference stream.
    let objstm_body =
        b"1 0 2 34 << /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [] /Count 0 >>";
    let z = miniz_oxide::deflate::compress_to_vec_zlib(objstm_body, 6);
    let mut data = b"%PDF-1.7\n".to_vec();
    let objstm_at = data.len();
    data.extend_from_slice(
        format!(
            "5 0 obj\n<< /Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length {} >>\nstream\n",
            z.len()
        )
        .as_bytes(),
    );
    data.extend_from_slice(&z);
    data.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = data.len();
    // Rows: type(1) field2(2) field3(1); objects 0..7.
    let mut rows = Vec::new();
    rows.extend_from_slice(&[0, 0, 0, 255]); // 0 free
    rows.extend_from_slice(&[2, 0, 5, 0]); // 1 in objstm 5, index 0
    rows.extend_from_slice(&[2, 0, 5, 1]); // 2 in objstm 5, index 1
    rows.extend_from_slice(&[0, 0, 0, 0]);
    rows.extend_from_slice(&[0, 0, 0, 0]);
    rows.extend_from_slice(&[1, (objstm_at >> 8) as u8, objstm_at as u8, 0]); // 5
    rows.extend_from_slice(&[1, (xref_at >> 8) as u8, xref_at as u8, 0]); // 6
    let zx = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 6);
    data.extend_from_slice(format!("6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n", zx.len()).as_bytes());
    data.extend_from_slice(&zx);
    data.extend_from_slice(
        format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    assert!(!pdf.repaired());
    assert_eq!(
        pdf.xref_entry(1),
        Some(XrefEntry::Compressed {
            stream: 5,
            index: 0
        })
    );
    let catalog = pdf.get(ObjRef { num: 1, gen: 0 }).unwrap();
    assert_eq!(catalog.dict().unwrap().name(b"Type"), Some(&b"Catalog"[..]));
    let pages = pdf.get(ObjRef { num: 2, gen: 0 }).unwrap();
    assert_eq!(pages.dict().unwrap().int(b"Count"), Some(0));
    assert_eq!(pdf.revisions().len(), 1);
}

#[test]
fn not_a_pdf_and_hostile_input() {
    assert_eq!(
        Pdf::parse(b"hello", &Limits::default())
            .err()
            .map(|e| e.code()),
        Some("ERR_UNSUPPORTED_FORMAT")
    );
    let data = classic(&OBJS, 1);
    for cut in (0..data.len()).step_by(7) {
        let _ = Pdf::parse(&data[..cut], &Limits::default())
            .map(|mut p| p.get(ObjRef { num: 4, gen: 0 }));
    }
    let mut x = 77u32;
    for _ in 0..500 {
        let mut d = data.clone();
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let i = x as usize % d.len();
            d[i] = (x >> 9) as u8;
        }
        if let Ok(mut p) = Pdf::parse(&d, &Limits::default()) {
            for num in 0..6 {
                if let Ok(Object::Stream(s)) = p.get(ObjRef { num, gen: 0 }) {
                    let _ = p.stream_data(&s);
                }
            }
        }
    }
}

#[test]
fn an_entry_pointing_at_another_object_gives_null() {
    let data = classic(&OBJS, 1);
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    let Some(XrefEntry::Offset(off3, _)) = pdf.xref_entry(3) else {
        panic!()
    };
    pdf.xref.insert(2, XrefEntry::Offset(off3, 0));
    assert_eq!(pdf.get(ObjRef { num: 2, gen: 0 }).unwrap(), Object::Null);
}

#[test]
fn pages_inherit_from_the_tree_and_loops_are_skipped() {
    let objs = [
        (1, "<< /Type /Catalog /Pages 2 0 R >>"),
        (2, "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> >>"),
        (3, "<< /Type /Pages /Kids [4 0 R 2 0 R] /Count 1 /Rotate 450 >>"),
        (4, "<< /Type /Page /Parent 3 0 R /Contents [5 0 R 5 0 R] >>"),
        (5, "<< /Length 9 >>\nstream\nBT (a) Tj\nendstream"),
        (6, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 200] /Resources << >> >>"),
        (7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ];
    let data = classic(&objs, 1);
    let mut pdf = Pdf::parse(&data, &Limits::default()).unwrap();
    let pages = pdf.pages().unwrap();
    assert_eq!(pages.len(), 2, "the loop back to the root is not followed");
    assert_eq!(pages[0].reference, Some(ObjRef { num: 4, gen: 0 }));
    assert_eq!(pages[0].media_box, [0.0, 0.0, 595.0, 842.0]);
    assert_eq!(pages[0].rotate, 90);
    assert!(pages[0].resources.get(b"Font").is_some());
    assert_eq!(pages[1].media_box, [0.0, 0.0, 100.0, 200.0]);
    assert!(pages[1].resources.get(b"Font").is_none());
    let content = pdf.page_content(&pages[0]).unwrap();
    assert_eq!(content, b"BT (a) Tj\nBT (a) Tj\n");
    let ops = content::parse_content(&content, &Limits::default()).unwrap();
    assert_eq!(ops.iter().filter(|o| o.operator == b"Tj").count(), 2);
}

/// The block scan of [`Marks::scan`] finds exactly what a byte-by-byte search finds, on data
/// with the needles at every alignment, at the edges and overlapping.
#[test]
fn marks_scan_equals_a_plain_search() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let needles: [&[u8]; 7] = [
        b"%%EOF",
        b"/ByteRange",
        b"/Sig",
        b"/DocTimeStamp",
        b"%%%EOF",
        b"/B",
        b"%%",
    ];
    for round in 0..300 {
        let len = (next() % 300) as usize;
        let mut data: Vec<u8> = (0..len)
            .map(|_| b"%/BSDEOFa "[(next() % 10) as usize])
            .collect();
        for _ in 0..(next() % 6) {
            let n = needles[(next() % needles.len() as u64) as usize];
            let at = (next() as usize) % (data.len() + 1);
            data.splice(at..at, n.iter().copied());
        }
        for names in [false, true] {
            let m = Marks::scan(&data, names);
            let eofs: Vec<usize> = (0..data.len())
                .filter(|&i| data[i..].starts_with(b"%%EOF"))
                .collect();
            assert_eq!(m.eofs, eofs, "round {round}");
            let want: Option<Vec<(usize, bool)>> = names.then(|| {
                (0..data.len())
                    .filter(|&i| {
                        [&b"/ByteRange"[..], b"/Sig", b"/DocTimeStamp"]
                            .iter()
                            .any(|n| data[i..].starts_with(n))
                    })
                    .map(|i| (i, data[i..].starts_with(b"/ByteRange")))
                    .collect()
            });
            assert_eq!(m.signature_names, want, "round {round}");
        }
    }
}
