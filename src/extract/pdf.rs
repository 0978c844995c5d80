//! PDF → [`Document`]: text in reading order from the content streams (ISO 32000-1 §9).
//!
//! Fonts: simple (Type1, TrueType, MMType1), Type3 and Type0/CID; codes to Unicode through the
//! ToUnicode CMap, else the legacy Vietnamese tables for `.Vn…`/`VNI-…` fonts, else the
//! encoding (Standard, WinAnsi, MacRoman, PDFDoc, Symbol, ZapfDingbats, with `/Differences`
//! resolved through the glyph list). Widths from `/Widths`, `/W`, or the standard 14 metrics.
//! The interpreter places every glyph in user space (text state, text and graphics matrices,
//! form XObjects); the layout then groups glyphs into lines, inserts spaces where the gaps are,
//! drops double-drawn glyphs (fake bold), attaches separately drawn Vietnamese marks to their
//! letters, joins lines into paragraphs (undoing hyphenation), and takes large text as
//! headings. Everything is NFC.
//!
//! Not yet: rotated and vertical text as such (they are read in user-space order), columns,
//! tables, encrypted files (refused with `ERR_ENCRYPTED`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::model::{Block, Document, Inline};
use super::pdf_tables as tables;
use super::vn::{decode_legacy, legacy_encoding_of_font, nfc, LegacyEncoding};
use crate::container::pdf::cmap::ToUnicode;
use crate::container::pdf::content::{parse_content_lenient, Operation, Page};
use crate::container::pdf::{Dict, ObjRef, Object, Pdf};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

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
    let mut fonts = FontCache::default();
    for (i, page) in pages.iter().enumerate() {
        let glyphs = interpret_page(&mut pdf, page, &mut fonts)?;
        if i > 0 {
            body.push(Block::PageBreak);
        }
        body.extend(layout(glyphs));
    }
    Ok(Document {
        body,
        sections: Vec::new(),
    })
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
    /// Composite fonts: CID widths and the default.
    cid_widths: HashMap<u32, f64>,
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
            cid_widths: HashMap::new(),
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

    /// Splits a shown string into (text, width in text space units of 1 em, single-byte code 32).
    fn decode(&self, bytes: &[u8]) -> Vec<(String, f64, bool)> {
        let codes: Vec<(u32, usize)> = match (&self.to_unicode, self.two_byte) {
            (Some(m), true) => m
                .decode(bytes)
                .into_iter()
                .map(|(code, len, _)| (code, len))
                .collect(),
            (_, true) => bytes
                .chunks(2)
                .map(|p| {
                    (
                        u32::from(p.first().copied().unwrap_or(0)) << 8
                            | u32::from(p.get(1).copied().unwrap_or(0)),
                        2,
                    )
                })
                .collect(),
            (_, false) => bytes.iter().map(|b| (u32::from(*b), 1)).collect(),
        };
        // Legacy Vietnamese fonts decode whole strings (VNI letters take two codes).
        let legacy_text: Option<Vec<char>> = match (self.legacy, &self.to_unicode, self.two_byte) {
            (Some(enc), None, false) => {
                let latin1: String = bytes.iter().map(|b| char::from(*b)).collect();
                Some(decode_legacy(&latin1, enc).chars().collect())
            }
            _ => None,
        };
        let mut out = Vec::with_capacity(codes.len());
        for (i, (code, len)) in codes.iter().enumerate() {
            let text = if let Some(chars) = &legacy_text {
                // One output character per code when the counts agree; otherwise the whole
                // decoded string goes with the first code.
                if chars.len() == codes.len() {
                    chars.get(i).map(|c| c.to_string()).unwrap_or_default()
                } else if i == 0 {
                    chars.iter().collect()
                } else {
                    String::new()
                }
            } else if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.lookup(*code, *len)) {
                t.to_owned()
            } else if self.kind != Kind::Composite {
                usize::try_from(*code)
                    .ok()
                    .and_then(|c| self.encoding.get(c).cloned().flatten())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let width = self.width(*code, &text)
                * if self.kind == Kind::Type3 {
                    self.scale
                } else {
                    0.001
                };
            out.push((text, width, *len == 1 && *code == 32));
        }
        out
    }

    fn width(&self, code: u32, text: &str) -> f64 {
        match self.kind {
            Kind::Composite => self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width),
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
fn cid_widths(pdf: &mut Pdf<'_>, w: &Object) -> Result<HashMap<u32, f64>> {
    let mut out = HashMap::new();
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
                    out.insert(
                        start.saturating_add(u32::try_from(k).unwrap_or(u32::MAX)),
                        *wv,
                    );
                }
                i += 2;
            }
            Some(last) => {
                let end = to_u32(last.number().unwrap_or(first).max(first));
                let wv = items.get(i + 2).and_then(Object::number).unwrap_or(1000.0);
                for c in start..=end.min(start.saturating_add(65_535)) {
                    out.insert(c, wv);
                }
                i += 3;
            }
            None => break,
        }
        if out.len() > 1 << 17 {
            break;
        }
    }
    Ok(out)
}

// ---- the interpreter -------------------------------------------------------------------------

/// A positioned glyph in user space.
#[derive(Clone, Debug)]
struct Glyph {
    text: String,
    x: f64,
    y: f64,
    /// Advance along the baseline, in user space.
    width: f64,
    /// Effective font size in user space.
    size: f64,
    bold: bool,
    italic: bool,
}

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

struct Frame {
    ops: Rc<Vec<Operation>>,
    next: usize,
    resources: Rc<Dict>,
    saved: Option<State>,
    form: Option<ObjRef>,
}

fn interpret_page(pdf: &mut Pdf<'_>, page: &Page, fonts: &mut FontCache) -> Result<Vec<Glyph>> {
    let limits = pdf.limits().clone();
    // A page whose content cannot be decoded (an unknown filter, a bomb stopped at its cap)
    // has no text we can read; the other pages still do.
    let Ok(content) = pdf.page_content(page) else {
        return Ok(Vec::new());
    };
    let (ops, _damage) = parse_content_lenient(&content, &limits);
    let mut glyphs = Vec::new();
    let mut stack = vec![Frame {
        ops: Rc::new(ops),
        next: 0,
        resources: Rc::new(page.resources.clone()),
        saved: None,
        form: None,
    }];
    let mut state = State::default();
    let mut saved: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut forms_open: HashSet<ObjRef> = HashSet::new();
    while let Some(frame) = stack.last_mut() {
        let ops = Rc::clone(&frame.ops);
        let Some(op) = ops.get(frame.next) else {
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
        frame.next += 1;
        let resources = frame.resources.clone();
        let args = &op.operands;
        let num = |i: usize| args.get(i).and_then(Object::number).unwrap_or(0.0);
        match op.operator.as_slice() {
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
                if op.operator == b"TD" {
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
                if op.operator == b"'" || op.operator == b"\"" {
                    if op.operator == b"\"" {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &tlm);
                    tm = tlm;
                }
                let items: Vec<Object> = match (op.operator.as_slice(), args.last()) {
                    (b"TJ", Some(Object::Array(items))) => items.clone(),
                    (_, Some(s @ Object::String(_))) => vec![s.clone()],
                    _ => Vec::new(),
                };
                for item in items {
                    match item {
                        Object::String(bytes) => show(&bytes, &state, &mut tm, &mut glyphs),
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
                if s.dict.name(b"Subtype") != Some(b"Form") {
                    continue;
                }
                let Ok(data) = pdf.stream_data(&s) else {
                    continue;
                };
                let (ops, _damage) = parse_content_lenient(&data, &limits);
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
                    ops: Rc::new(ops),
                    next: 0,
                    resources: form_resources,
                    saved: Some(outer),
                    form: Some(r),
                });
            }
            _ => {}
        }
    }
    Ok(glyphs)
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
    let fonts = match fonts {
        Object::Ref(_) => pdf.resolve(fonts)?,
        other => other.clone(),
    };
    let Some(entry) = fonts.dict().and_then(|d| d.get(name)).cloned() else {
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

fn show(bytes: &[u8], state: &State, tm: &mut Matrix, glyphs: &mut Vec<Glyph>) {
    let Some(font) = &state.font else { return };
    for (text, w0, is_space) in font.decode(bytes) {
        let trm = mul(
            &[
                state.size * state.scale,
                0.0,
                0.0,
                state.size,
                0.0,
                state.rise,
            ],
            &mul(tm, &state.ctm),
        );
        let tx = (w0 * state.size
            + state.char_spacing
            + if is_space { state.word_spacing } else { 0.0 })
            * state.scale;
        let next = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        // The advance in user space: where the next glyph starts, seen through the CTM.
        let end = mul(&next, &state.ctm);
        let start = mul(tm, &state.ctm);
        let width = ((end[4] - start[4]).powi(2) + (end[5] - start[5]).powi(2)).sqrt();
        let size = (trm[2].powi(2) + trm[3].powi(2)).sqrt();
        if !text.is_empty() && size.is_finite() && width.is_finite() {
            let text = expand_ligatures(text);
            glyphs.push(Glyph {
                text,
                x: trm[4],
                y: trm[5],
                width,
                size,
                bold: state.font_flags.0,
                italic: state.font_flags.1,
            });
        }
        *tm = next;
    }
}

/// Typographic ligatures (U+FB00–U+FB06) as the letters an editor types.
fn expand_ligatures(text: String) -> String {
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
    out
}

// ---- layout ----------------------------------------------------------------------------------

/// Spacing accents drawn as glyphs of their own, and the combining marks they stand for.
fn combining_form(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '\u{0300}'..='\u{036f}' => c,
        '`' | '\u{02cb}' => '\u{0300}',
        '\u{00b4}' | '\u{02ca}' => '\u{0301}',
        '\u{02c6}' => '\u{0302}',
        '\u{02dc}' => '\u{0303}',
        '\u{02c0}' => '\u{0309}',
        '\u{02d9}' => '\u{0307}',
        '\u{02d8}' => '\u{0306}',
        _ => return None,
    })
}

struct Line {
    glyphs: Vec<Glyph>,
    y: f64,
    size: f64,
}

fn layout(mut glyphs: Vec<Glyph>) -> Vec<Block> {
    // Fake bold: the same glyph drawn again at (almost) the same place.
    let mut kept: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let duplicate = kept.iter().rev().take(8).any(|k| {
            k.text == g.text
                && (k.x - g.x).abs() < 0.15 * g.size.max(1.0)
                && (k.y - g.y).abs() < 0.15 * g.size.max(1.0)
        });
        if !duplicate {
            kept.push(g);
        }
    }
    // Lines: glyphs on the same baseline, in drawing order.
    let mut lines: Vec<Line> = Vec::new();
    for g in kept {
        let tolerance = 0.45 * g.size.max(1.0);
        match lines.iter_mut().rev().take(4).find(|l| {
            (l.y - g.y).abs() <= tolerance
                || combining_form(&g.text).is_some() && (l.y - g.y).abs() <= g.size
        }) {
            Some(line) => {
                line.size = line.size.max(g.size);
                line.glyphs.push(g);
            }
            None => lines.push(Line {
                y: g.y,
                size: g.size,
                glyphs: vec![g],
            }),
        }
    }
    lines.sort_by(|a, b| b.y.partial_cmp(&a.y).unwrap_or(core::cmp::Ordering::Equal));
    // Each line's text: glyphs left to right, spaces where the gaps are, marks on their letters.
    let mut texts: Vec<(String, f64, f64, bool, bool)> = Vec::new();
    for mut line in lines {
        line.glyphs
            .sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap_or(core::cmp::Ordering::Equal));
        let mut text = String::new();
        let mut end: Option<f64> = None;
        let mut prev_center = f64::NAN;
        let mut prev_half: f64 = 0.0;
        let (mut bold, mut italic, mut n) = (0usize, 0usize, 0usize);
        for g in &line.glyphs {
            if let Some(mark) = combining_form(&g.text) {
                let center = g.x + g.width / 2.0;
                if !text.is_empty()
                    && (center - prev_center).abs() <= prev_half.max(0.3 * g.size) + 0.1 * g.size
                {
                    text.push(mark);
                    continue;
                }
            }
            if let Some(e) = end {
                let gap = g.x - e;
                if gap > 0.18 * g.size && !text.ends_with(' ') && !g.text.starts_with(' ') {
                    text.push(' ');
                }
            }
            text.push_str(&g.text);
            end = Some(end.map_or(g.x + g.width, |e: f64| e.max(g.x + g.width)));
            prev_center = g.x + g.width / 2.0;
            prev_half = g.width / 2.0;
            n += 1;
            bold += usize::from(g.bold);
            italic += usize::from(g.italic);
        }
        let text = nfc(text.trim());
        if !text.is_empty() {
            texts.push((text, line.y, line.size, bold * 2 > n, italic * 2 > n));
        }
    }
    // Paragraphs: lines close together with the same size.
    let mut sizes: Vec<f64> = texts.iter().map(|t| t.2).collect();
    sizes.sort_by(|a, b| a.partial_cmp(b).unwrap_or(core::cmp::Ordering::Equal));
    let body_size = sizes.get(sizes.len() / 2).copied().unwrap_or(12.0);
    let mut blocks = Vec::new();
    let mut current: Option<(String, f64, f64, bool, bool)> = None;
    for (text, y, size, bold, italic) in texts {
        if let Some((para, last_y, psize, pbold, pitalic)) = current.as_mut() {
            let gap = *last_y - y;
            let same_size = (size - *psize).abs() <= 0.15 * psize.max(1.0);
            if same_size && gap > 0.0 && gap <= 1.6 * psize.max(1.0) {
                if para.ends_with('-') && text.chars().next().is_some_and(char::is_lowercase) {
                    para.pop();
                } else {
                    para.push(' ');
                }
                para.push_str(&text);
                *last_y = y;
                *pbold = *pbold && bold;
                *pitalic = *pitalic && italic;
                continue;
            }
            blocks.push(paragraph_block(
                std::mem::take(para),
                *psize,
                body_size,
                *pbold,
                *pitalic,
            ));
        }
        current = Some((text, y, size, bold, italic));
    }
    if let Some((para, _, size, bold, italic)) = current {
        blocks.push(paragraph_block(para, size, body_size, bold, italic));
    }
    blocks
}

fn paragraph_block(text: String, size: f64, body: f64, bold: bool, italic: bool) -> Block {
    let ratio = size / body.max(1.0);
    let content = vec![Inline {
        text,
        bold,
        italic,
        ..Inline::default()
    }];
    if ratio >= 1.25 {
        let level = if ratio >= 1.8 {
            1
        } else if ratio >= 1.5 {
            2
        } else {
            3
        };
        Block::Heading { level, content }
    } else {
        Block::Paragraph { content }
    }
}

#[cfg(test)]
mod tests;
