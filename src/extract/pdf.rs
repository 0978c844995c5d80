//! PDF → [`Document`]: text in reading order from the content streams (ISO 32000-1 §9).
//!
//! Fonts: simple (Type1, TrueType, MMType1), Type3 and Type0/CID; codes to Unicode through the
//! ToUnicode CMap, else the legacy Vietnamese tables for `.Vn…`/`VNI-…` fonts, else the
//! encoding (Standard, WinAnsi, MacRoman, PDFDoc, Symbol, ZapfDingbats, with `/Differences`
//! resolved through the glyph list). Widths from `/Widths`, `/W`, or the standard 14 metrics.
//! The interpreter places every glyph in user space (text state, text and graphics matrices,
//! form XObjects, `/ActualText` spans); glyphs outside the crop box are not on the page. The
//! layout (`layout.rs`) turns glyphs into lines, columns, tables and paragraphs in reading order,
//! with rotated text in its own direction. Everything is NFC. A page with no text is reported as
//! a [`Notice::NoTextLayer`] (with whether it draws images, as a scan does).
//!
//! Encrypted files that open with the empty user password are decrypted by the reader
//! (`container::pdf::crypt`); those that need a password are refused with `ERR_ENCRYPTED`.
//! Not yet: predefined CJK CMaps without ToUnicode (no text rather than wrong text).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::model::{plain, Block, Document, Notice};
use super::vn::{decode_legacy, legacy_encoding_of_font, LegacyEncoding};
use crate::container::pdf::cmap::ToUnicode;
use crate::container::pdf::content::{next_operation, Page};
use crate::container::pdf::tables;
use crate::container::pdf::text_string;
use crate::container::pdf::{Dict, ObjRef, Object, Pdf};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use layout::{layout, Glyph, GlyphText};

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;

/// Extracts the text of a PDF.
pub fn extract_pdf(data: &[u8], limits: &Limits) -> Result<Document> {
    let mut pdf = Pdf::parse(data, limits)?;
    if pdf.encrypted() {
        return Err(Error::new(ErrorKind::Encrypted));
    }
    let pages = pdf.pages()?;
    let mut body = Vec::new();
    let mut notices = Vec::new();
    let mut fonts = FontCache::default();
    for (i, page) in pages.iter().enumerate() {
        let (mut glyphs, images) = interpret_page(&mut pdf, page, &mut fonts)?;
        // What a viewer shows: text outside the crop box is not on the page.
        let [x0, y0, x1, y1] = page.crop_box;
        glyphs.retain(|g| {
            let (x, y) = g.center();
            (x0 - 1.0..=x1 + 1.0).contains(&x) && (y0 - 1.0..=y1 + 1.0).contains(&y)
        });
        if i > 0 {
            body.push(Block::PageBreak);
        }
        let blocks = mark_signature_stamps(layout(glyphs));
        if blocks.is_empty() {
            notices.push(Notice::NoTextLayer {
                page: u32::try_from(i + 1).unwrap_or(u32::MAX),
                images: images > 0,
            });
        }
        body.extend(blocks);
    }
    Ok(Document {
        body,
        sections: Vec::new(),
        notices,
    })
}

/// The labels of the text block Vietnamese signing tools stamp on a signed PDF
/// (`../shared/docs/VIETNAM.md` §3, §5), after the first, "Ký bởi".
const STAMP_LABELS: [&str; 4] = ["Email:", "Cơ quan:", "Thời gian ký:", "Người ký:"];

/// Paragraphs that form a signature stamp — one starting "Ký bởi", then within five more one
/// holding "Thời gian ký" — become one [`Block::SignatureStamp`], a line per label.
fn mark_signature_stamps(blocks: Vec<Block>) -> Vec<Block> {
    let text_of = |b: &Block| match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => Some(plain(content)),
        _ => None,
    };
    let mut stamps: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut i = 0;
    while let Some(block) = blocks.get(i) {
        let Some(first) = text_of(block).filter(|t| t.trim_start().starts_with("Ký bởi")) else {
            i += 1;
            continue;
        };
        let mut texts = vec![first];
        let mut end = None;
        for k in i..=i + 5 {
            if k > i {
                match blocks.get(k).and_then(text_of) {
                    Some(t) => texts.push(t),
                    None => break,
                }
            }
            if texts.last().is_some_and(|t| t.contains("Thời gian ký")) {
                end = Some(k);
                break;
            }
        }
        match end {
            Some(e) => {
                stamps.push((i, e, stamp_lines(&texts.join("\n"))));
                i = e + 1;
            }
            None => i += 1,
        }
    }
    if stamps.is_empty() {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut next = stamps.into_iter().peekable();
    for (i, block) in blocks.into_iter().enumerate() {
        match next.peek() {
            Some((start, end, _)) if i >= *start && i <= *end => {
                if i == *end {
                    if let Some((_, _, lines)) = next.next() {
                        out.push(Block::SignatureStamp { lines });
                    }
                }
            }
            _ => out.push(block),
        }
    }
    out
}

/// A stamp's text, a line per label.
fn stamp_lines(text: &str) -> Vec<String> {
    let mut broken = text.to_owned();
    for label in STAMP_LABELS {
        broken = broken.replace(&format!(" {label}"), &format!("\n{label}"));
    }
    broken
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---- fonts ------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Type3,
    Composite,
}

struct Font {
    kind: Kind,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: code → text.
    encoding: Vec<Option<String>>,
    legacy: Option<LegacyEncoding>,
    /// Simple fonts: widths from `/FirstChar`.
    first_char: u32,
    widths: Vec<f64>,
    missing_width: f64,
    /// Composite fonts: CID widths sorted by CID (binary search), and the default.
    cid_widths: Vec<(u32, f64)>,
    default_width: f64,
    two_byte: bool,
    /// Standard 14 metrics when the font has no widths of its own.
    standard: Option<&'static str>,
    /// Type 3: glyph space to text space scale (FontMatrix a).
    scale: f64,
}

#[derive(Default)]
struct FontCache {
    by_ref: HashMap<ObjRef, LoadedFont>,
    /// Indirect `/Font` resource dictionaries, resolved once.
    font_dicts: HashMap<ObjRef, Rc<Dict>>,
}

fn numbers(o: &Object) -> Vec<f64> {
    match o {
        Object::Array(items) => items.iter().filter_map(Object::number).collect(),
        _ => Vec::new(),
    }
}

fn glyph_name_to_text(name: &[u8]) -> Option<String> {
    let name = core::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by(|(n, _)| n.cmp(&base)) {
        return tables::GLYPH_NAMES
            .get(i)
            .and_then(|(_, u)| char::from_u32(*u))
            .map(String::from);
    }
    // uniXXXX[XXXX…] and uXXXX[XX].
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 {
            let mut out = String::new();
            for chunk in hex.as_bytes().chunks(4) {
                let v = u32::from_str_radix(core::str::from_utf8(chunk).ok()?, 16).ok()?;
                out.push(char::from_u32(v)?);
            }
            return Some(out);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            return char::from_u32(u32::from_str_radix(hex, 16).ok()?).map(String::from);
        }
    }
    None
}

fn base_table(name: &[u8]) -> Option<&'static [u16; 256]> {
    Some(match name {
        b"StandardEncoding" => &tables::STANDARD,
        b"WinAnsiEncoding" => &tables::WINANSI,
        b"MacRomanEncoding" => &tables::MACROMAN,
        b"PDFDocEncoding" => &tables::PDFDOC,
        _ => return None,
    })
}

/// The standard 14 font a BaseFont names (subset prefix and style suffixes tolerated).
fn standard_font(base: &str) -> Option<&'static str> {
    let b = base.to_ascii_lowercase().replace(['-', ',', ' '], "");
    let bold = b.contains("bold");
    let italic = b.contains("italic") || b.contains("oblique");
    Some(if b.starts_with("courier") {
        "Courier"
    } else if b.starts_with("helvetica") || b.starts_with("arial") {
        if bold {
            "Helvetica-Bold"
        } else {
            "Helvetica"
        }
    } else if b.starts_with("times") {
        match (bold, italic) {
            (true, true) => "Times-BoldItalic",
            (true, false) => "Times-Bold",
            (false, true) => "Times-Italic",
            _ => "Times-Roman",
        }
    } else if b.starts_with("symbol") {
        "Symbol"
    } else if b.starts_with("zapfdingbats") {
        "ZapfDingbats"
    } else {
        return None;
    })
}

fn standard_width(font: &str, code: u8, text: &str) -> Option<f64> {
    if font == "Courier" {
        return Some(600.0);
    }
    let table: &[(u16, u16)] = match font {
        "Helvetica" => &tables::HELVETICA_WIDTHS,
        "Helvetica-Bold" => &tables::HELVETICA_BOLD_WIDTHS,
        "Times-Roman" => &tables::TIMES_ROMAN_WIDTHS,
        "Times-Bold" => &tables::TIMES_BOLD_WIDTHS,
        "Times-Italic" => &tables::TIMES_ITALIC_WIDTHS,
        "Times-BoldItalic" => &tables::TIMES_BOLDITALIC_WIDTHS,
        "Symbol" => {
            return tables::SYMBOL_WIDTHS
                .get(usize::from(code))
                .map(|w| f64::from(*w))
        }
        "ZapfDingbats" => {
            return tables::ZAPFDINGBATS_WIDTHS
                .get(usize::from(code))
                .map(|w| f64::from(*w))
        }
        _ => return None,
    };
    let c = u16::try_from(u32::from(text.chars().next()?)).ok()?;
    table
        .binary_search_by_key(&c, |e| e.0)
        .ok()
        .and_then(|i| table.get(i))
        .map(|e| f64::from(e.1))
}

impl Font {
    fn load(pdf: &mut Pdf<'_>, dict: &Dict) -> Result<Self> {
        let subtype = dict.name(b"Subtype").unwrap_or_default().to_vec();
        let base_font = dict
            .name(b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        // "ABCDEF+Times" → "Times".
        let base_name = match base_font.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
                rest.to_owned()
            }
            _ => base_font.clone(),
        };
        let to_unicode = match dict.get(b"ToUnicode") {
            Some(r) => match pdf.resolve(r)? {
                Object::Stream(s) => pdf
                    .stream_data(&s)
                    .ok()
                    .and_then(|d| ToUnicode::parse(&d).ok()),
                _ => None,
            },
            None => None,
        };
        let kind = match subtype.as_slice() {
            b"Type0" => Kind::Composite,
            b"Type3" => Kind::Type3,
            _ => Kind::Simple,
        };
        let mut font = Font {
            kind,
            to_unicode,
            encoding: vec![None; 256],
            legacy: legacy_encoding_of_font(&base_name),
            first_char: 0,
            widths: Vec::new(),
            missing_width: 0.0,
            cid_widths: Vec::new(),
            default_width: 1000.0,
            two_byte: false,
            standard: None,
            scale: 0.001,
        };
        if kind == Kind::Composite {
            font.two_byte = true;
            let descendant = match dict.get(b"DescendantFonts") {
                Some(d) => match pdf.resolve(d)? {
                    Object::Array(items) => match items.first() {
                        Some(first) => pdf.resolve(first)?.dict().cloned(),
                        None => None,
                    },
                    other => other.dict().cloned(),
                },
                None => None,
            };
            if let Some(d) = descendant {
                font.default_width = d.get(b"DW").and_then(Object::number).unwrap_or(1000.0);
                if let Some(w) = d.get(b"W") {
                    let w = pdf.resolve(w)?;
                    font.cid_widths = cid_widths(pdf, &w)?;
                }
            }
            return Ok(font);
        }
        if kind == Kind::Type3 {
            if let Some(m) = dict.get(b"FontMatrix") {
                if let Some(a) = numbers(&pdf.resolve(m)?).first() {
                    font.scale = *a;
                }
            }
        }
        // The encoding of a simple font: its base (or the font's built-in one), then Differences.
        let standard = standard_font(&base_name);
        let builtin: &[u16; 256] = match standard {
            Some("Symbol") => &tables::SYMBOL,
            Some("ZapfDingbats") => &tables::ZAPFDINGBATS,
            _ => &tables::STANDARD,
        };
        let mut table = builtin;
        let mut differences = Vec::new();
        match dict.get(b"Encoding").map(|e| pdf.resolve(e)).transpose()? {
            Some(Object::Name(n)) => table = base_table(&n).unwrap_or(builtin),
            Some(Object::Dict(d)) => {
                if let Some(base) = d.name(b"BaseEncoding").and_then(base_table) {
                    table = base;
                }
                if let Some(Object::Array(items)) = d.get(b"Differences") {
                    differences = items.clone();
                }
            }
            _ => {
                if subtype == b"TrueType" {
                    table = &tables::WINANSI;
                }
            }
        }
        for (slot, u) in font.encoding.iter_mut().zip(table.iter()) {
            *slot = char::from_u32(u32::from(*u))
                .filter(|c| *c != '\0')
                .map(String::from);
        }
        let mut code = 0usize;
        for item in differences {
            match item {
                Object::Int(c) => code = usize::try_from(c).unwrap_or(usize::MAX),
                Object::Name(name) => {
                    if let Some(slot) = font.encoding.get_mut(code) {
                        *slot = glyph_name_to_text(&name);
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
        font.first_char =
            u32::try_from(dict.int(b"FirstChar").unwrap_or(0).clamp(0, 255)).unwrap_or(0);
        if let Some(w) = dict.get(b"Widths") {
            font.widths = numbers(&pdf.resolve(w)?);
        }
        if let Some(fd) = dict.get(b"FontDescriptor") {
            if let Some(d) = pdf.resolve(fd)?.dict() {
                font.missing_width = d
                    .get(b"MissingWidth")
                    .and_then(Object::number)
                    .unwrap_or(0.0);
            }
        }
        if font.widths.is_empty() {
            font.standard = standard;
        }
        Ok(font)
    }

    /// Splits a shown string into codes and calls `each(text, width in text space units of
    /// 1 em, single-byte code 32)` for each, without allocating per code.
    fn decode(&self, bytes: &[u8], mut each: impl FnMut(&str, f64, bool)) {
        let unit = if self.kind == Kind::Type3 {
            self.scale
        } else {
            0.001
        };
        let mut emit = |code: u32, len: usize, text: &str| {
            let width = self.width(code, text) * unit;
            each(text, width, len == 1 && code == 32);
        };
        // Legacy Vietnamese fonts decode whole strings (VNI letters take two codes).
        if let (Some(enc), None, false) = (self.legacy, &self.to_unicode, self.two_byte) {
            let latin1: String = bytes.iter().map(|b| char::from(*b)).collect();
            let chars: Vec<char> = decode_legacy(&latin1, enc).chars().collect();
            // One output character per code when the counts agree; otherwise the whole
            // decoded string goes with the first code.
            let whole: String = chars.iter().collect();
            for (i, b) in bytes.iter().enumerate() {
                let mut buf = [0u8; 4];
                let text: &str = if chars.len() == bytes.len() {
                    chars.get(i).map_or("", |c| &*c.encode_utf8(&mut buf))
                } else if i == 0 {
                    &whole
                } else {
                    ""
                };
                emit(u32::from(*b), 1, text);
            }
            return;
        }
        let simple_text = |code: u32| -> &str {
            if self.kind == Kind::Composite {
                return "";
            }
            usize::try_from(code)
                .ok()
                .and_then(|c| self.encoding.get(c))
                .and_then(|t| t.as_deref())
                .unwrap_or("")
        };
        match (&self.to_unicode, self.two_byte) {
            (Some(m), true) => m.for_each_code(bytes, |code, len, text| {
                emit(code, len, text.unwrap_or(""));
            }),
            (m, true) => {
                for p in bytes.chunks(2) {
                    let code = u32::from(p.first().copied().unwrap_or(0)) << 8
                        | u32::from(p.get(1).copied().unwrap_or(0));
                    let text = m.as_ref().and_then(|m| m.lookup(code, 2)).unwrap_or("");
                    emit(code, 2, text);
                }
            }
            (m, false) => {
                for b in bytes {
                    let code = u32::from(*b);
                    let text = m
                        .as_ref()
                        .and_then(|m| m.lookup(code, 1))
                        .unwrap_or_else(|| simple_text(code));
                    emit(code, 1, text);
                }
            }
        }
    }

    fn width(&self, code: u32, text: &str) -> f64 {
        match self.kind {
            Kind::Composite => self
                .cid_widths
                .binary_search_by_key(&code, |e| e.0)
                .ok()
                .and_then(|i| self.cid_widths.get(i))
                .map_or(self.default_width, |e| e.1),
            _ => {
                let own = code
                    .checked_sub(self.first_char)
                    .and_then(|i| self.widths.get(usize::try_from(i).ok()?))
                    .copied();
                own.or_else(|| {
                    self.standard
                        .and_then(|s| standard_width(s, u8::try_from(code).unwrap_or(0), text))
                })
                .unwrap_or(if self.missing_width > 0.0 {
                    self.missing_width
                } else {
                    500.0
                })
            }
        }
    }
}

/// A non-negative number as u32 (saturating; NaN is 0).
fn to_u32(v: f64) -> u32 {
    // The clamp makes the conversion exact for every value it lets through.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = v.clamp(0.0, f64::from(u32::MAX)) as u32;
    n
}

/// `/W` of a CIDFont: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(pdf: &mut Pdf<'_>, w: &Object) -> Result<Vec<(u32, f64)>> {
    let mut out = Vec::new();
    let Object::Array(items) = w else {
        return Ok(out);
    };
    let mut i = 0;
    while let Some(first) = items.get(i).and_then(Object::number) {
        let start = to_u32(first);
        match items.get(i + 1) {
            Some(arr @ (Object::Array(_) | Object::Ref(_))) => {
                let ws = numbers(&pdf.resolve(arr)?);
                for (k, wv) in ws.iter().enumerate().take(65_536) {
                    out.push((
                        start.saturating_add(u32::try_from(k).unwrap_or(u32::MAX)),
                        *wv,
                    ));
                }
                i += 2;
            }
            Some(last) => {
                let end = to_u32(last.number().unwrap_or(first).max(first));
                let wv = items.get(i + 2).and_then(Object::number).unwrap_or(1000.0);
                for c in start..=end.min(start.saturating_add(65_535)) {
                    out.push((c, wv));
                }
                i += 3;
            }
            None => break,
        }
        if out.len() > 1 << 17 {
            break;
        }
    }
    // Sorted stably by CID, the last width given for a CID kept.
    out.sort_by_key(|e| e.0);
    let mut unique: Vec<(u32, f64)> = Vec::with_capacity(out.len());
    for (cid, w) in out {
        match unique.last_mut() {
            Some(last) if last.0 == cid => last.1 = w,
            _ => unique.push((cid, w)),
        }
    }
    Ok(unique)
}

// ---- the interpreter -------------------------------------------------------------------------

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn matrix_of(operands: &[Object]) -> Option<Matrix> {
    let v: Vec<f64> = operands.iter().filter_map(Object::number).collect();
    <[f64; 6]>::try_from(v)
        .ok()
        .filter(|m| m.iter().all(|x| x.is_finite()))
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_flags: (bool, bool),
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            ctm: IDENTITY,
            font: None,
            font_flags: (false, false),
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// A content stream being interpreted: its bytes and where the next operation starts (streams
/// are read one operation at a time, never held as a list of operations).
struct Frame {
    data: Rc<Vec<u8>>,
    pos: usize,
    resources: Rc<Dict>,
    saved: Option<State>,
    form: Option<ObjRef>,
}

/// A page's glyphs, and how many images it draws.
fn interpret_page(
    pdf: &mut Pdf<'_>,
    page: &Page,
    fonts: &mut FontCache,
) -> Result<(Vec<Glyph>, usize)> {
    let limits = pdf.limits().clone();
    // A page whose content cannot be decoded (an unknown filter, a bomb stopped at its cap)
    // has no text we can read; the other pages still do.
    let Ok(content) = pdf.page_content(page) else {
        return Ok((Vec::new(), 0));
    };
    let mut images = 0usize;
    let mut glyphs = Vec::new();
    let mut stack = vec![Frame {
        data: Rc::new(content),
        pos: 0,
        resources: Rc::new(page.resources.clone()),
        saved: None,
        form: None,
    }];
    let mut state = State::default();
    let mut saved: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut forms_open: HashSet<ObjRef> = HashSet::new();
    // Open marked-content sequences: the /ActualText of each and the first glyph drawn in it.
    let mut marked: Vec<Option<(String, usize)>> = Vec::new();
    let mut operands: Vec<Object> = Vec::new();
    // Operations interpreted on this page, forms included (a form drawn many times counts each
    // time).
    let mut interpreted = 0usize;
    while let Some(frame) = stack.last_mut() {
        let data = Rc::clone(&frame.data);
        // A damaged stream ends where the damage starts, as in viewers.
        let next = next_operation(&data, &mut frame.pos, &limits, &mut operands)
            .ok()
            .flatten();
        let Some(operator) = next else {
            let done = stack.pop();
            if let Some(Frame {
                saved: Some(s),
                form,
                ..
            }) = done
            {
                state = s;
                if let Some(f) = form {
                    forms_open.remove(&f);
                }
            }
            continue;
        };
        interpreted += 1;
        if interpreted > limits.max_objects as usize {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_objects",
            }));
        }
        let resources = frame.resources.clone();
        let args = &operands;
        let num = |i: usize| args.get(i).and_then(Object::number).unwrap_or(0.0);
        match operator {
            b"q" if saved.len() < limits.max_depth as usize => saved.push(state.clone()),
            b"Q" => {
                if let Some(s) = saved.pop() {
                    state = s;
                }
            }
            b"cm" => {
                if let Some(m) = matrix_of(args) {
                    state.ctm = mul(&m, &state.ctm);
                }
            }
            b"BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            b"Tf" => {
                state.size = num(1);
                state.font = None;
                if let Some(Object::Name(name)) = args.first() {
                    if let Some((font, flags)) = load_font(pdf, &resources, name, fonts)? {
                        state.font = Some(font);
                        state.font_flags = flags;
                    }
                }
            }
            b"Tc" => state.char_spacing = num(0),
            b"Tw" => state.word_spacing = num(0),
            b"Tz" => state.scale = num(0) / 100.0,
            b"TL" => state.leading = num(0),
            b"Ts" => state.rise = num(0),
            b"Td" | b"TD" => {
                if operator == b"TD" {
                    state.leading = -num(1);
                }
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &tlm);
                tm = tlm;
            }
            b"Tm" => {
                if let Some(m) = matrix_of(args) {
                    tlm = m;
                    tm = m;
                }
            }
            b"T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                tm = tlm;
            }
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if operator == b"'" || operator == b"\"" {
                    if operator == b"\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                let items: &[Object] = match (operator, args.last()) {
                    (b"TJ", Some(Object::Array(items))) => items,
                    (_, Some(s @ Object::String(_))) => core::slice::from_ref(s),
                    _ => &[],
                };
                for item in items {
                    match item {
                        Object::String(bytes) => show(bytes, &state, &mut tm, &mut glyphs),
                        other => {
                            if let Some(n) = other.number() {
                                tm = mul(
                                    &[
                                        1.0,
                                        0.0,
                                        0.0,
                                        1.0,
                                        -n / 1000.0 * state.size * state.scale,
                                        0.0,
                                    ],
                                    &tm,
                                );
                            }
                        }
                    }
                }
                if glyphs.len() > limits.max_objects as usize {
                    return Err(Error::new(ErrorKind::LimitExceeded {
                        what: "max_objects",
                    }));
                }
            }
            b"BI" => images += 1,
            b"BMC" if marked.len() < limits.max_depth as usize => marked.push(None),
            b"BDC" => {
                let props = match args.get(1) {
                    Some(Object::Dict(d)) => Some(d.clone()),
                    Some(Object::Name(n)) => resources
                        .get(b"Properties")
                        .map(|p| pdf.resolve(p))
                        .transpose()?
                        .and_then(|p| p.dict().and_then(|d| d.get(n)).cloned())
                        .map(|p| pdf.resolve(&p))
                        .transpose()?
                        .and_then(|p| p.dict().cloned()),
                    _ => None,
                };
                let actual = props.and_then(|d| match d.get(b"ActualText") {
                    Some(Object::String(t)) => Some(text_string(t)),
                    _ => None,
                });
                if marked.len() < limits.max_depth as usize {
                    marked.push(actual.map(|t| (t, glyphs.len())));
                }
            }
            b"EMC" => {
                if let Some(Some((text, from))) = marked.pop() {
                    replace_with_actual_text(&mut glyphs, from, text);
                }
            }
            b"Do" => {
                let Some(Object::Name(name)) = args.first() else {
                    continue;
                };
                let Some(Object::Ref(r)) = resources
                    .get(b"XObject")
                    .map(|x| pdf.resolve(x))
                    .transpose()?
                    .and_then(|x| x.dict().and_then(|d| d.get(name)).cloned())
                else {
                    continue;
                };
                if stack.len() > MAX_FORM_DEPTH || forms_open.contains(&r) {
                    continue;
                }
                let Object::Stream(s) = pdf.get(r)? else {
                    continue;
                };
                if s.dict.name(b"Subtype") == Some(b"Image") {
                    images += 1;
                }
                if s.dict.name(b"Subtype") != Some(b"Form") {
                    continue;
                }
                let Ok(data) = pdf.stream_data(&s) else {
                    continue;
                };
                let form_resources = match s.dict.get(b"Resources") {
                    Some(res) => pdf
                        .resolve(res)?
                        .dict()
                        .cloned()
                        .map_or_else(|| Rc::clone(&resources), Rc::new),
                    None => Rc::clone(&resources),
                };
                let outer = state.clone();
                if let Some(m) = s
                    .dict
                    .get(b"Matrix")
                    .map(numbers)
                    .and_then(|v| <[f64; 6]>::try_from(v).ok())
                {
                    state.ctm = mul(&m, &state.ctm);
                }
                forms_open.insert(r);
                stack.push(Frame {
                    data: Rc::new(data),
                    pos: 0,
                    resources: form_resources,
                    saved: Some(outer),
                    form: Some(r),
                });
            }
            _ => {}
        }
    }
    Ok((glyphs, images))
}

/// The glyphs drawn inside a marked-content sequence with `/ActualText`, replaced by that text,
/// placed where they were.
fn replace_with_actual_text(glyphs: &mut Vec<Glyph>, from: usize, text: String) {
    let Some(first) = glyphs.get(from).cloned() else {
        return;
    };
    let (s, c) = f64::from(first.angle).to_radians().sin_cos();
    let along = |g: &Glyph| (g.x - first.x) * c + (g.y - first.y) * s;
    let end = glyphs
        .get(from..)
        .unwrap_or_default()
        .iter()
        .map(|g| along(g) + g.width)
        .fold(first.width, f64::max);
    glyphs.truncate(from);
    glyphs.push(Glyph {
        text: expand_ligatures(GlyphText::new(&text)),
        width: end,
        ..first
    });
}

/// A loaded font and whether its name says bold, italic.
type LoadedFont = (Rc<Font>, (bool, bool));

fn load_font(
    pdf: &mut Pdf<'_>,
    resources: &Dict,
    name: &[u8],
    cache: &mut FontCache,
) -> Result<Option<LoadedFont>> {
    let Some(fonts) = resources.get(b"Font") else {
        return Ok(None);
    };
    let resolved;
    let fonts: &Dict = match fonts {
        Object::Ref(r) => {
            if !cache.font_dicts.contains_key(r) {
                let d = pdf.get(*r)?.dict().cloned().unwrap_or_default();
                cache.font_dicts.insert(*r, Rc::new(d));
            }
            resolved = cache.font_dicts.get(r).cloned().unwrap_or_default();
            &resolved
        }
        Object::Dict(d) => d,
        _ => return Ok(None),
    };
    let Some(entry) = fonts.get(name).cloned() else {
        return Ok(None);
    };
    let key = match entry {
        Object::Ref(r) => Some(r),
        _ => None,
    };
    if let Some(found) = key.and_then(|k| cache.by_ref.get(&k)) {
        return Ok(Some(found.clone()));
    }
    let dict = match pdf.resolve(&entry)? {
        Object::Dict(d) => d,
        _ => return Ok(None),
    };
    let base = dict
        .name(b"BaseFont")
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .unwrap_or_default();
    let flags = (
        base.contains("bold"),
        base.contains("italic") || base.contains("oblique"),
    );
    let loaded = (Rc::new(Font::load(pdf, &dict)?), flags);
    if let Some(k) = key {
        cache.by_ref.insert(k, loaded.clone());
    }
    Ok(Some(loaded))
}

/// Shows a string: its glyphs become runs (one [`Glyph`] per stretch of touching glyphs, so the
/// layout handles words, not letters). A run ends where a gap opens inside the string — word
/// spacing after a space code, which pdf.js issue 20319 draws with a font whose space code is a
/// letter. A spacing accent drawn over the glyph before it becomes that glyph's combining mark.
fn show(bytes: &[u8], state: &State, tm: &mut Matrix, glyphs: &mut Vec<Glyph>) {
    let Some(font) = &state.font else { return };
    let em = state.size.abs() * state.scale.abs();
    // Text space x along this string, from where it starts (every glyph of a string lies on the
    // x axis of the text matrix it starts with).
    let origin = *tm;
    let mut x = 0.0;
    let mut run = String::new();
    let (mut run_start, mut run_end) = (0.0, 0.0);
    // The last glyph with text: where it starts and ends.
    let mut last: Option<(f64, f64)> = None;
    font.decode(bytes, |text, w0, is_space| {
        let extent = (w0 * state.size + state.char_spacing) * state.scale;
        let advance = extent
            + if is_space {
                state.word_spacing * state.scale
            } else {
                0.0
            };
        if !text.is_empty() {
            let mark = last.and_then(|(s, e)| {
                let center = x + extent / 2.0;
                let on_previous = center >= s - 0.1 * em && center <= e + 0.1 * em;
                layout::combining_form(text).filter(|_| on_previous)
            });
            if let Some(m) = mark {
                run.push(m);
            } else {
                let gap = last.map_or(0.0, |(_, e)| x - e);
                // Glyphs that step backwards (a negative character spacing larger than the
                // glyphs, pdf.js issue 20930) are runs of their own, placed by the layout.
                let backwards = extent < 0.0 || last.is_some_and(|(s, _)| x < s);
                if !run.is_empty() && (gap > layout::SPACE_GAP * em || backwards) {
                    push_run(&run, run_start, run_end, &origin, state, glyphs);
                    run.clear();
                }
                if run.is_empty() {
                    run_start = x;
                }
                run.push_str(text);
                // A backwards glyph still covers its own width.
                let end = x + extent.max(w0 * state.size * state.scale);
                run_end = end;
                last = Some((x, end));
            }
        }
        x += advance;
    });
    if !run.is_empty() {
        push_run(&run, run_start, run_end, &origin, state, glyphs);
    }
    *tm = mul(&[1.0, 0.0, 0.0, 1.0, x, 0.0], &origin);
}

/// One run of a shown string, from text space x `start` to `end` along `tm`'s x axis.
fn push_run(text: &str, start: f64, end: f64, tm: &Matrix, state: &State, glyphs: &mut Vec<Glyph>) {
    let at = mul(&[1.0, 0.0, 0.0, 1.0, start, 0.0], tm);
    let trm = mul(
        &[
            state.size * state.scale,
            0.0,
            0.0,
            state.size,
            0.0,
            state.rise,
        ],
        &mul(&at, &state.ctm),
    );
    let p0 = mul(&at, &state.ctm);
    let p1 = mul(
        &mul(&[1.0, 0.0, 0.0, 1.0, end - start, 0.0], &at),
        &state.ctm,
    );
    let (dx, dy) = (p1[4] - p0[4], p1[5] - p0[5]);
    let width = (dx * dx + dy * dy).sqrt();
    let size = (trm[2].powi(2) + trm[3].powi(2)).sqrt();
    // The baseline direction: that of the text space x axis.
    let angle = if trm[1] == 0.0 && trm[0] > 0.0 {
        0
    } else {
        degrees(trm[1].atan2(trm[0]))
    };
    if size.is_finite() && width.is_finite() && trm[4].is_finite() && trm[5].is_finite() {
        glyphs.push(Glyph {
            text: expand_ligatures(GlyphText::new(text)),
            x: trm[4],
            y: trm[5],
            width,
            size,
            bold: state.font_flags.0,
            italic: state.font_flags.1,
            angle,
        });
    }
}

/// An angle in radians as whole degrees in -180..=180 (0 when not finite).
fn degrees(radians: f64) -> i16 {
    let d = radians.to_degrees().round();
    if !d.is_finite() {
        return 0;
    }
    // |d| ≤ 180 after the clamp, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    let d = d.clamp(-180.0, 180.0) as i16;
    if d == -180 {
        180
    } else {
        d
    }
}

/// Typographic ligatures (U+FB00–U+FB06) as the letters an editor types.
fn expand_ligatures(text: GlyphText) -> GlyphText {
    if !text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    GlyphText::new(&out)
}

mod layout;
#[cfg(test)]
mod tests;
