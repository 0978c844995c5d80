//! DOCX (WordprocessingML, ECMA-376 Part 1 §17) → [`Document`], as Word shows the text.
//!
//! The body in order; headings from outline levels and heading styles; list markers computed
//! from the numbering definitions; tables with merged cells; headers, footers, footnotes,
//! endnotes and comments as sections; text boxes, content controls, field results, hyperlinks,
//! symbols; tracked insertions kept and deletions dropped (unless asked for); runs in legacy
//! Vietnamese fonts converted to Unicode. Every part is read through the hardened OPC/XML
//! readers, and the walk keeps explicit stacks (no recursion over the XML).

use std::collections::{HashMap, HashSet};

use super::model::{Block, Cell, Document, Inline, Row, Section, SectionKind};
use super::vn::{decode_legacy, legacy_encoding_of_font, nfc};
use crate::container::opc::{Package, Relationship};
use crate::container::xml::{self, Element, XmlEvent, XmlReader};
use crate::error::Result;
use crate::limits::Limits;

/// Options of [`extract_docx`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocxOptions {
    /// Keep text of tracked deletions too (by default only what Word shows with changes
    /// accepted: insertions kept, deletions dropped).
    pub show_deletions: bool,
}

/// Extracts the text of a DOCX package.
pub fn extract_docx(data: &[u8], limits: &Limits, options: &DocxOptions) -> Result<Document> {
    let mut package = Package::open(data, limits)?;
    let main = package.main_document()?;
    // Spreadsheets and presentations are OPC packages too: only a WordprocessingML main part is
    // a DOCX.
    if !package
        .content_type(&main)
        .is_some_and(|ct| ct.contains("wordprocessingml"))
    {
        return Err(crate::Error::new(crate::ErrorKind::UnsupportedFormat));
    }
    let rels = package.relationships(&main)?;
    let part_of = |suffix: &str| -> Vec<&Relationship> {
        rels.iter()
            .filter(|r| !r.external && r.rel_type.ends_with(suffix))
            .collect()
    };

    let mut styles = Styles::default();
    if let Some(r) = part_of("/styles").first() {
        if let Some(bytes) = package.read_part(&r.target)? {
            styles = Styles::parse(&xml::decode(&bytes)?, limits)?;
        }
    }
    if let Some(r) = part_of("/theme").first() {
        if let Some(bytes) = package.read_part(&r.target)? {
            styles.theme = ThemeFonts::parse(&xml::decode(&bytes)?, limits)?;
        }
    }
    let mut numbering = Numbering::default();
    if let Some(r) = part_of("/numbering").first() {
        if let Some(bytes) = package.read_part(&r.target)? {
            numbering = Numbering::parse(&xml::decode(&bytes)?, limits)?;
        }
    }
    let links: HashMap<String, String> = rels
        .iter()
        .filter(|r| r.external)
        .map(|r| (r.id.clone(), r.target.clone()))
        .collect();

    let mut ctx = Context {
        styles,
        numbering,
        options: options.clone(),
        footnote_labels: HashMap::new(),
        endnote_labels: HashMap::new(),
    };
    let body_bytes =
        package
            .read_part(&main)?
            .ok_or(crate::Error::new(crate::ErrorKind::Malformed {
                what: "DOCX main document part missing",
            }))?;
    let body = walk(
        &xml::decode(&body_bytes)?,
        limits,
        &mut ctx,
        &links,
        PartKind::Body,
    )?;

    let mut sections = Vec::new();
    for (suffix, kind) in [
        ("/header", SectionKind::Header),
        ("/footer", SectionKind::Footer),
    ] {
        for r in part_of(suffix) {
            let Some(bytes) = package.read_part(&r.target)? else {
                continue;
            };
            let part_links = external_links(&mut package, &r.target)?;
            let blocks = walk(
                &xml::decode(&bytes)?,
                limits,
                &mut ctx,
                &part_links,
                PartKind::Body,
            )?;
            if blocks.iter().any(has_text) {
                sections.push(Section { kind, blocks });
            }
        }
    }
    for (suffix, kind, part) in [
        ("/footnotes", SectionKind::Footnotes, PartKind::Footnotes),
        ("/endnotes", SectionKind::Endnotes, PartKind::Endnotes),
        ("/comments", SectionKind::Comments, PartKind::Comments),
    ] {
        let Some(r) = part_of(suffix).first().copied() else {
            continue;
        };
        let Some(bytes) = package.read_part(&r.target)? else {
            continue;
        };
        let part_links = external_links(&mut package, &r.target)?;
        let mut blocks = walk(&xml::decode(&bytes)?, limits, &mut ctx, &part_links, part)?;
        if part != PartKind::Comments {
            // Notes in the order of their numbers.
            blocks.sort_by_key(|b| match b {
                Block::Note { label, .. } => label.parse::<u64>().unwrap_or(u64::MAX),
                _ => u64::MAX,
            });
        }
        if !blocks.is_empty() {
            sections.push(Section { kind, blocks });
        }
    }
    Ok(Document {
        body,
        sections,
        notices: Vec::new(),
    })
}

fn external_links(package: &mut Package<'_>, part: &str) -> Result<HashMap<String, String>> {
    Ok(package
        .relationships(part)?
        .into_iter()
        .filter(|r| r.external)
        .map(|r| (r.id, r.target))
        .collect())
}

fn has_text(block: &Block) -> bool {
    match block {
        Block::Heading { content, .. }
        | Block::Paragraph { content }
        | Block::ListItem { content, .. } => content.iter().any(|i| !i.text.trim().is_empty()),
        Block::Table { rows } => rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.blocks.iter().any(has_text))),
        Block::Note { blocks, .. } => blocks.iter().any(has_text),
        Block::PageBreak => false,
        Block::SignatureStamp { lines } => lines.iter().any(|l| !l.trim().is_empty()),
    }
}

/// `w:val`-style on/off properties: absent value, "1", "true", "on" mean on.
fn on(el: &Element<'_>) -> bool {
    el.attr("val")
        .is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off" | "none"))
}

// ---- styles and theme -------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct Fonts {
    ascii: Option<String>,
    ascii_theme: Option<String>,
}

impl Fonts {
    fn from_element(el: &Element<'_>) -> Self {
        Self {
            ascii: el.attr("ascii").or_else(|| el.attr("hAnsi")),
            ascii_theme: el.attr("asciiTheme").or_else(|| el.attr("hAnsiTheme")),
        }
    }
    fn is_set(&self) -> bool {
        self.ascii.is_some() || self.ascii_theme.is_some()
    }
}

#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    fonts: Fonts,
    caps: Option<bool>,
}

#[derive(Clone, Debug, Default)]
struct ThemeFonts {
    major: Option<String>,
    minor: Option<String>,
}

impl ThemeFonts {
    fn parse(text: &str, limits: &Limits) -> Result<Self> {
        let mut out = Self::default();
        let mut r = XmlReader::new(text, limits);
        let mut which: Option<bool> = None; // Some(true) = major
        while let Some(e) = r.next_event()? {
            match e {
                XmlEvent::Start(el) => match el.local() {
                    "majorFont" => which = Some(true),
                    "minorFont" => which = Some(false),
                    "latin" => match which {
                        Some(true) if out.major.is_none() => out.major = el.attr("typeface"),
                        Some(false) if out.minor.is_none() => out.minor = el.attr("typeface"),
                        _ => {}
                    },
                    _ => {}
                },
                XmlEvent::End(name) if name == "majorFont" || name == "minorFont" => which = None,
                _ => {}
            }
        }
        Ok(out)
    }
}

#[derive(Clone, Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_fonts: Fonts,
    theme: ThemeFonts,
}

impl Styles {
    fn parse(text: &str, limits: &Limits) -> Result<Self> {
        let mut out = Self::default();
        let mut r = XmlReader::new(text, limits);
        let mut current: Option<(String, Style)> = None;
        let mut in_defaults = false;
        while let Some(e) = r.next_event()? {
            match e {
                XmlEvent::Start(el) => match el.local() {
                    "rPrDefault" => in_defaults = true,
                    "rFonts" if in_defaults => out.default_fonts = Fonts::from_element(&el),
                    "style" => {
                        let id = el.attr("styleId").unwrap_or_default();
                        if el.attr("type").as_deref() == Some("paragraph")
                            && el.attr("default").is_some_and(|d| d == "1" || d == "true")
                        {
                            out.default_paragraph = Some(id.clone());
                        }
                        current = Some((id, Style::default()));
                    }
                    "pPrChange" | "rPrChange" => r.skip_element()?,
                    local => {
                        if let Some((_, s)) = current.as_mut() {
                            match local {
                                "name" => s.name = el.attr("val").unwrap_or_default(),
                                "basedOn" => s.based_on = el.attr("val"),
                                "outlineLvl" => {
                                    s.outline_level = el.attr("val").and_then(|v| v.parse().ok())
                                }
                                "numId" => s.num_id = el.attr("val"),
                                "ilvl" => s.ilvl = el.attr("val").and_then(|v| v.parse().ok()),
                                "rFonts" => s.fonts = Fonts::from_element(&el),
                                "caps" => s.caps = Some(on(&el)),
                                _ => {}
                            }
                        }
                    }
                },
                XmlEvent::End(name) => match name.as_str() {
                    "rPrDefault" => in_defaults = false,
                    "style" => {
                        if let Some((id, s)) = current.take() {
                            out.by_id.insert(id, s);
                        }
                    }
                    _ => {}
                },
                XmlEvent::Text(_) => {}
            }
        }
        Ok(out)
    }

    /// The style and its ancestors (`basedOn`), nearest first, loops and depth bounded.
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut next = id.map(str::to_owned);
        while let Some(id) = next {
            if out.len() >= 32 || !seen.insert(id.clone()) {
                break;
            }
            let Some(style) = self.by_id.get(&id) else {
                break;
            };
            out.push(style);
            next = style.based_on.clone();
        }
        out
    }

    fn resolve_theme(&self, theme: &str) -> Option<String> {
        if theme.starts_with("major") {
            self.theme.major.clone()
        } else {
            self.theme.minor.clone()
        }
    }

    fn font_name(&self, fonts: &Fonts) -> Option<String> {
        fonts.ascii.clone().or_else(|| {
            fonts
                .ascii_theme
                .as_deref()
                .and_then(|t| self.resolve_theme(t))
        })
    }

    /// The effective font of a run: run, character style, paragraph style, document defaults.
    fn effective_font(
        &self,
        run: &Fonts,
        run_style: Option<&str>,
        para_style: Option<&str>,
    ) -> Option<String> {
        if run.is_set() {
            return self.font_name(run);
        }
        let para_style = para_style.or(self.default_paragraph.as_deref());
        self.chain(run_style)
            .into_iter()
            .chain(self.chain(para_style))
            .find(|s| s.fonts.is_set())
            .and_then(|s| self.font_name(&s.fonts))
            .or_else(|| self.font_name(&self.default_fonts))
    }
}

/// Heading level from a style name, for documents whose heading styles carry no outline level:
/// "heading 2", "Heading2", and common localized names ("Tiêu đề 2", "Đề mục 2", "Titre 2" …).
fn heading_level_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if lower == "title" || lower == "tiêu đề" {
        return Some(1);
    }
    const PREFIXES: [&str; 9] = [
        "heading",
        "tiêu đề",
        "đề mục",
        "đầu đề",
        "überschrift",
        "titre",
        "título",
        "titolo",
        "заголовок",
    ];
    let rest = PREFIXES.iter().find_map(|p| lower.strip_prefix(p))?;
    let digits = rest.trim();
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

// ---- numbering --------------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    legal: bool,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, u32>,
    level_overrides: HashMap<u8, Level>,
}

#[derive(Clone, Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; 9]>,
    used_nums: HashSet<String>,
}

impl Numbering {
    fn parse(text: &str, limits: &Limits) -> Result<Self> {
        let mut out = Self::default();
        let mut r = XmlReader::new(text, limits);
        let mut abstract_id: Option<String> = None;
        let mut num: Option<(String, Num)> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut override_level: Option<u8> = None;
        while let Some(e) = r.next_event()? {
            match e {
                XmlEvent::Start(el) => match el.local() {
                    "abstractNum" => abstract_id = el.attr("abstractNumId"),
                    "num" => num = el.attr("numId").map(|id| (id, Num::default())),
                    "abstractNumId" => {
                        if let (Some((_, n)), Some(v)) = (num.as_mut(), el.attr("val")) {
                            n.abstract_id = v;
                        }
                    }
                    "lvlOverride" => override_level = el.attr("ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some((_, n)), Some(l), Some(v)) = (
                            num.as_mut(),
                            override_level,
                            el.attr("val").and_then(|v| v.parse().ok()),
                        ) {
                            n.start_overrides.insert(l, v);
                        }
                    }
                    "lvl" => {
                        let ilvl = el.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                format: "decimal".into(),
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let (Some((_, l)), Some(v)) =
                            (level.as_mut(), el.attr("val").and_then(|v| v.parse().ok()))
                        {
                            l.start = v;
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), el.attr("val")) {
                            l.format = v;
                        }
                    }
                    "lvlText" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), el.attr("val")) {
                            l.text = v;
                        }
                    }
                    "isLgl" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.legal = on(&el);
                        }
                    }
                    "pPr" | "rPr" => r.skip_element()?,
                    _ => {}
                },
                XmlEvent::End(name) => match name.as_str() {
                    "lvl" => {
                        if let Some((ilvl, l)) = level.take() {
                            if let (Some((_, n)), Some(ol)) = (num.as_mut(), override_level) {
                                n.level_overrides.insert(ol, l);
                            } else if let Some(id) = &abstract_id {
                                out.abstracts.entry(id.clone()).or_default().insert(ilvl, l);
                            }
                        }
                    }
                    "lvlOverride" => override_level = None,
                    "abstractNum" => abstract_id = None,
                    "num" => {
                        if let Some((id, n)) = num.take() {
                            out.nums.insert(id, n);
                        }
                    }
                    _ => {}
                },
                XmlEvent::Text(_) => {}
            }
        }
        Ok(out)
    }

    fn level<'a>(&'a self, num: &'a Num, ilvl: u8) -> Option<&'a Level> {
        num.level_overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
    }

    /// Advances the counter of (`num_id`, `ilvl`) and returns the marker Word shows and whether
    /// the list is numbered. `None` when the numbering does not exist or shows nothing.
    fn next_marker(&mut self, num_id: &str, ilvl: u8) -> Option<(String, bool)> {
        let ilvl = ilvl.min(8);
        let num = self.nums.get(num_id)?.clone();
        let level = self.level(&num, ilvl)?.clone();
        let counters = self
            .counters
            .entry(num.abstract_id.clone())
            .or_insert([None; 9]);
        if self.used_nums.insert(num_id.to_owned()) {
            for (l, start) in &num.start_overrides {
                if let Some(slot) = counters.get_mut(usize::from(*l)) {
                    *slot = Some(start.saturating_sub(1));
                }
            }
        }
        let idx = usize::from(ilvl);
        if let Some(slot) = counters.get_mut(idx) {
            *slot = Some(slot.map_or(level.start, |v| v.saturating_add(1)));
        }
        for deeper in counters.iter_mut().skip(idx + 1) {
            *deeper = None;
        }
        let counters = *counters;
        if level.format == "none" {
            return Some((String::new(), true));
        }
        if level.format == "bullet" {
            return Some((bullet(&level.text), false));
        }
        let mut marker = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = u8::try_from(d.saturating_sub(1)).unwrap_or(0);
                    let lvl = self.level(&num, l).cloned().unwrap_or_default();
                    let value = counters
                        .get(usize::from(l))
                        .copied()
                        .flatten()
                        .unwrap_or(lvl.start);
                    let format = if level.legal {
                        "decimal"
                    } else {
                        lvl.format.as_str()
                    };
                    marker.push_str(&format_number(value, format));
                    continue;
                }
            }
            marker.push(c);
        }
        Some((marker, true))
    }
}

/// Bullet characters from symbol fonts (private-use code points) as the Unicode they look like.
fn bullet(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match u32::from(c) {
            0xf0b7 | 0xb7 => '•',
            0xf0a7 | 0xa7 => '▪',
            0xf0d8 => '➢',
            0xf076 => '❖',
            0xf0fc => '✓',
            0xf06e | 0xf0a8 => '■',
            0xf0e0 => '→',
            0xf000..=0xf0ff => '•',
            _ if c == 'o' => '◦',
            _ => c,
        })
        .collect();
    if mapped.trim().is_empty() {
        "•".into()
    } else {
        mapped
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// a, b, … z, aa, bb, … (Word repeats the letter).
fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(base + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(64) as usize;
    letter.to_string().repeat(times)
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

// ---- the walk ---------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Body,
    Footnotes,
    Endnotes,
    Comments,
}

struct Context {
    styles: Styles,
    numbering: Numbering,
    options: DocxOptions,
    footnote_labels: HashMap<String, String>,
    endnote_labels: HashMap<String, String>,
}

#[derive(Default)]
struct RunB {
    text: String,
    bold: bool,
    italic: bool,
    caps: Option<bool>,
    hidden: bool,
    style: Option<String>,
    fonts: Fonts,
    note_ref: bool,
}

#[derive(Default)]
struct ParaB {
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline_level: Option<u8>,
    inlines: Vec<Inline>,
    run: Option<RunB>,
    break_before: bool,
    break_after: bool,
    /// The paragraph mark is a tracked deletion: with changes accepted, an empty paragraph
    /// disappears.
    mark_deleted: bool,
    trailing: Vec<Block>,
}

#[derive(Default)]
struct CellB {
    col_span: u32,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues one.
    v_merge: Option<bool>,
    blocks: Vec<Block>,
}

#[derive(Default)]
struct TableB {
    rows: Vec<Vec<CellB>>,
}

struct Field {
    in_result: bool,
    checkbox: Option<bool>,
}

/// What an open element means for the walk, popped at its end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Other,
    Paragraph,
    ParagraphProps,
    MarkProps,
    Run,
    RunProps,
    Text,
    DeletedText,
    Table,
    Row,
    Cell,
    CellProps,
    Hyperlink,
    TextBox,
    Note,
    FieldCheckBox,
    RubyText,
    Ruby,
}

struct Walker<'c> {
    ctx: &'c mut Context,
    links: &'c HashMap<String, String>,
    part: PartKind,
    open: Vec<Open>,
    root: Vec<Block>,
    /// Where finished blocks go while a cell, text box or note is open.
    sinks: Vec<Vec<Block>>,
    paras: Vec<ParaB>,
    tables: Vec<TableB>,
    link_stack: Vec<Option<String>>,
    fields: Vec<Field>,
    note_label: Option<String>,
    /// Ruby (phonetic guide) text being read; shown after its base in parentheses.
    ruby: Option<String>,
    in_ruby_text: bool,
}

fn walk(
    text: &str,
    limits: &Limits,
    ctx: &mut Context,
    links: &HashMap<String, String>,
    part: PartKind,
) -> Result<Vec<Block>> {
    let mut w = Walker {
        ctx,
        links,
        part,
        open: Vec::new(),
        root: Vec::new(),
        sinks: Vec::new(),
        paras: Vec::new(),
        tables: Vec::new(),
        link_stack: Vec::new(),
        fields: Vec::new(),
        note_label: None,
        ruby: None,
        in_ruby_text: false,
    };
    let mut r = XmlReader::new(text, limits);
    while let Some(event) = r.next_event()? {
        match event {
            XmlEvent::Start(el) => {
                if w.skips(&el) {
                    r.skip_element()?;
                } else {
                    let open = w.start(&el);
                    w.open.push(open);
                }
            }
            XmlEvent::End(_) => {
                if let Some(open) = w.open.pop() {
                    w.end(open);
                }
            }
            XmlEvent::Text(t) => w.text(&t),
        }
    }
    Ok(w.root)
}

impl Walker<'_> {
    fn in_instruction(&self) -> bool {
        self.fields.iter().any(|f| !f.in_result)
    }

    fn sink(&mut self) -> &mut Vec<Block> {
        self.sinks.last_mut().unwrap_or(&mut self.root)
    }

    fn para(&mut self) -> Option<&mut ParaB> {
        self.paras.last_mut()
    }

    fn run(&mut self) -> Option<&mut RunB> {
        self.paras.last_mut()?.run.as_mut()
    }

    fn top(&self) -> Open {
        self.open.last().copied().unwrap_or(Open::Other)
    }

    /// Elements whose whole content is left out.
    fn skips(&self, el: &Element<'_>) -> bool {
        match el.local() {
            "pPrChange" | "rPrChange" | "sectPrChange" | "tblPrChange" | "trPrChange"
            | "tcPrChange" | "numberingChange" | "Fallback" | "instrText" | "delInstrText"
            | "tblGrid" | "sectPr" | "sdtPr" | "sdtEndPr" | "footnoteRef" | "endnoteRef"
            | "annotationRef" => true,
            // A deleted paragraph mark is noted in `start`.
            "del" if self.top() == Open::MarkProps => false,
            "del" | "moveFrom" => !self.ctx.options.show_deletions,
            "footnote" | "endnote" => el.attr("type").is_some_and(|t| t != "normal"),
            _ => false,
        }
    }

    fn start(&mut self, el: &Element<'_>) -> Open {
        match el.local() {
            "p" => {
                self.paras.push(ParaB::default());
                Open::Paragraph
            }
            "pPr" if self.top() == Open::Paragraph => Open::ParagraphProps,
            // The paragraph mark's own run properties.
            "rPr" if self.top() == Open::ParagraphProps => Open::MarkProps,
            "del" if self.top() == Open::MarkProps => {
                if let Some(p) = self.para() {
                    p.mark_deleted = true;
                }
                Open::Other
            }
            "pStyle" => {
                let v = el.attr("val");
                if let Some(p) = self.para() {
                    p.style = v;
                }
                Open::Other
            }
            "numId" => {
                let v = el.attr("val");
                if let Some(p) = self.para() {
                    p.num_id = v;
                }
                Open::Other
            }
            "ilvl" => {
                let v = el.attr("val").and_then(|v| v.parse().ok());
                if let Some(p) = self.para() {
                    p.ilvl = v;
                }
                Open::Other
            }
            "outlineLvl" if self.top() == Open::ParagraphProps => {
                let v = el.attr("val").and_then(|v| v.parse().ok());
                if let Some(p) = self.para() {
                    p.outline_level = v;
                }
                Open::Other
            }
            "pageBreakBefore" if self.top() == Open::ParagraphProps && on(el) => {
                if let Some(p) = self.para() {
                    p.break_before = true;
                }
                Open::Other
            }
            "r" if !self.paras.is_empty() => {
                if let Some(p) = self.para() {
                    p.run = Some(RunB::default());
                }
                Open::Run
            }
            "rPr" if self.top() == Open::Run => Open::RunProps,
            "b" if self.top() == Open::RunProps => {
                let v = on(el);
                if let Some(r) = self.run() {
                    r.bold = v;
                }
                Open::Other
            }
            "i" if self.top() == Open::RunProps => {
                let v = on(el);
                if let Some(r) = self.run() {
                    r.italic = v;
                }
                Open::Other
            }
            "caps" if self.top() == Open::RunProps => {
                let v = on(el);
                if let Some(r) = self.run() {
                    r.caps = Some(v);
                }
                Open::Other
            }
            "vanish" if self.top() == Open::RunProps => {
                let v = on(el);
                if let Some(r) = self.run() {
                    r.hidden = v;
                }
                Open::Other
            }
            "rStyle" if self.top() == Open::RunProps => {
                let v = el.attr("val");
                if let Some(r) = self.run() {
                    r.style = v;
                }
                Open::Other
            }
            "rFonts" if self.top() == Open::RunProps => {
                let f = Fonts::from_element(el);
                if let Some(r) = self.run() {
                    r.fonts = f;
                }
                Open::Other
            }
            "t" if self.top() == Open::Run => Open::Text,
            "delText" if self.top() == Open::Run => Open::DeletedText,
            "tab" if self.top() == Open::Run => {
                self.push_text("\t");
                Open::Other
            }
            "br" | "cr" if self.top() == Open::Run => {
                if el.attr("type").as_deref() == Some("page") {
                    if let Some(p) = self.para() {
                        if p.inlines.is_empty() && p.run.as_ref().is_none_or(|r| r.text.is_empty())
                        {
                            p.break_before = true;
                        } else {
                            p.break_after = true;
                        }
                    }
                } else {
                    self.push_text("\n");
                }
                Open::Other
            }
            "noBreakHyphen" if self.top() == Open::Run => {
                self.push_text("-");
                Open::Other
            }
            "sym" if self.top() == Open::Run => {
                let c = el
                    .attr("char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(symbol_char);
                if let Some(c) = c {
                    self.push_text(&c.to_string());
                }
                Open::Other
            }
            "fldChar" => {
                match el.attr("fldCharType").as_deref() {
                    Some("begin") => self.fields.push(Field {
                        in_result: false,
                        checkbox: None,
                    }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        if let Some(f) = self.fields.pop() {
                            if let Some(checked) = f.checkbox {
                                if !self.in_instruction() {
                                    self.push_text(if checked { "☒" } else { "☐" });
                                }
                            }
                        }
                    }
                    _ => {}
                }
                Open::Other
            }
            "checkBox" if !self.fields.is_empty() => {
                if let Some(f) = self.fields.last_mut() {
                    f.checkbox = Some(false);
                }
                Open::FieldCheckBox
            }
            "default" | "checked" if self.top() == Open::FieldCheckBox => {
                let v = on(el);
                if let Some(f) = self.fields.last_mut() {
                    f.checkbox = Some(v);
                }
                Open::Other
            }
            "footnoteReference" | "endnoteReference" => {
                let footnote = el.local() == "footnoteReference";
                if let Some(id) = el.attr("id") {
                    let labels = if footnote {
                        &mut self.ctx.footnote_labels
                    } else {
                        &mut self.ctx.endnote_labels
                    };
                    let next = labels.len() + 1;
                    let label = labels
                        .entry(id)
                        .or_insert_with(|| {
                            if footnote {
                                next.to_string()
                            } else {
                                roman(u32::try_from(next).unwrap_or(u32::MAX)).to_lowercase()
                            }
                        })
                        .clone();
                    if let Some(r) = self.run() {
                        r.text.push_str(&label);
                        r.note_ref = true;
                    }
                }
                Open::Other
            }
            "hyperlink" => {
                let target = el
                    .attr("id")
                    .and_then(|id| self.links.get(&id).cloned())
                    .or_else(|| el.attr("anchor").map(|a| format!("#{a}")));
                self.link_stack.push(target);
                Open::Hyperlink
            }
            "tbl" => {
                self.tables.push(TableB::default());
                Open::Table
            }
            "tr" if self.top() == Open::Table => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
                Open::Row
            }
            "tc" if self.top() == Open::Row => {
                self.sinks.push(Vec::new());
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(CellB {
                        col_span: 1,
                        ..CellB::default()
                    });
                }
                Open::Cell
            }
            "tcPr" if self.top() == Open::Cell => Open::CellProps,
            "gridSpan" if self.top() == Open::CellProps => {
                let span = el
                    .attr("val")
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                if let Some(cell) = self.current_cell() {
                    cell.col_span = span;
                }
                Open::Other
            }
            "vMerge" if self.top() == Open::CellProps => {
                let restart = el.attr("val").as_deref() == Some("restart");
                if let Some(cell) = self.current_cell() {
                    cell.v_merge = Some(restart);
                }
                Open::Other
            }
            "ruby" => {
                self.ruby = Some(String::new());
                Open::Ruby
            }
            "rt" if self.top() == Open::Ruby => {
                self.in_ruby_text = true;
                Open::RubyText
            }
            "txbxContent" => {
                self.sinks.push(Vec::new());
                Open::TextBox
            }
            "footnote" | "endnote" | "comment"
                if matches!(
                    self.part,
                    PartKind::Footnotes | PartKind::Endnotes | PartKind::Comments
                ) =>
            {
                let id = el.attr("id").unwrap_or_default();
                self.note_label = Some(match (self.part, el.local()) {
                    (PartKind::Footnotes, _) => {
                        self.ctx.footnote_labels.get(&id).cloned().unwrap_or(id)
                    }
                    (PartKind::Endnotes, _) => {
                        self.ctx.endnote_labels.get(&id).cloned().unwrap_or(id)
                    }
                    _ => el
                        .attr("author")
                        .filter(|a| !a.trim().is_empty())
                        .unwrap_or(id),
                });
                self.sinks.push(Vec::new());
                Open::Note
            }
            _ => Open::Other,
        }
    }

    fn current_cell(&mut self) -> Option<&mut CellB> {
        self.tables.last_mut()?.rows.last_mut()?.last_mut()
    }

    fn push_text(&mut self, text: &str) {
        if self.in_instruction() {
            return;
        }
        if let Some(r) = self.run() {
            r.text.push_str(text);
        }
    }

    fn text(&mut self, text: &str) {
        match self.top() {
            Open::Text => self.push_text(text),
            Open::DeletedText if self.ctx.options.show_deletions => self.push_text(text),
            _ => {}
        }
    }

    fn end(&mut self, open: Open) {
        match open {
            Open::Run => self.end_run(),
            Open::Paragraph => self.end_paragraph(),
            Open::Hyperlink => {
                self.link_stack.pop();
            }
            Open::Cell => {
                let blocks = self.sinks.pop().unwrap_or_default();
                if let Some(cell) = self.current_cell() {
                    cell.blocks = blocks;
                }
            }
            Open::Table => {
                if let Some(t) = self.tables.pop() {
                    let block = finish_table(t);
                    self.emit(block);
                }
            }
            Open::RubyText => self.in_ruby_text = false,
            Open::Ruby => {
                if let Some(rt) = self.ruby.take().filter(|t| !t.trim().is_empty()) {
                    if let Some(p) = self.paras.last_mut() {
                        p.inlines.push(Inline {
                            text: format!(" ({rt})"),
                            ..Inline::default()
                        });
                    }
                }
            }
            Open::TextBox => {
                let blocks = self.sinks.pop().unwrap_or_default();
                match self.paras.last_mut() {
                    Some(p) => p.trailing.extend(blocks),
                    None => self.sink().extend(blocks),
                }
            }
            Open::Note => {
                let blocks = self.sinks.pop().unwrap_or_default();
                let label = self.note_label.take().unwrap_or_default();
                self.sink().push(Block::Note { label, blocks });
            }
            _ => {}
        }
    }

    fn emit(&mut self, block: Block) {
        self.sink().push(block);
    }

    fn end_run(&mut self) {
        let link = self.link_stack.last().cloned().flatten();
        let para_style = self.paras.last().and_then(|p| p.style.clone());
        let Some(run) = self.paras.last_mut().and_then(|p| p.run.take()) else {
            return;
        };
        if run.hidden || run.text.is_empty() {
            return;
        }
        let styles = &self.ctx.styles;
        let font = styles.effective_font(&run.fonts, run.style.as_deref(), para_style.as_deref());
        let mut text = match font.as_deref().and_then(legacy_encoding_of_font) {
            Some(enc) => decode_legacy(&run.text, enc),
            None => nfc(&run.text),
        };
        let caps = run.caps.or_else(|| {
            styles
                .chain(run.style.as_deref())
                .iter()
                .find_map(|s| s.caps)
        });
        if caps == Some(true) {
            text = text.to_uppercase();
        }
        if self.in_ruby_text {
            if let Some(rt) = self.ruby.as_mut() {
                rt.push_str(&text);
            }
            return;
        }
        let inline = Inline {
            text,
            bold: run.bold,
            italic: run.italic,
            link,
            note_ref: run.note_ref,
        };
        if let Some(p) = self.paras.last_mut() {
            match p.inlines.last_mut() {
                Some(last)
                    if !last.note_ref
                        && !inline.note_ref
                        && last.bold == inline.bold
                        && last.italic == inline.italic
                        && last.link == inline.link =>
                {
                    last.text.push_str(&inline.text);
                }
                _ => p.inlines.push(inline),
            }
        }
    }

    fn end_paragraph(&mut self) {
        let Some(mut p) = self.paras.pop() else {
            return;
        };
        if p.run.is_some() {
            // An unclosed run cannot happen in well-formed XML; keep its text anyway.
            self.paras.push(p);
            self.end_run();
            let Some(q) = self.paras.pop() else { return };
            p = q;
        }
        let styles = &self.ctx.styles;
        let style_id = p.style.clone().or_else(|| styles.default_paragraph.clone());
        let chain = styles.chain(style_id.as_deref());
        let num_id = p
            .num_id
            .clone()
            .or_else(|| chain.iter().find_map(|s| s.num_id.clone()));
        let ilvl = p
            .ilvl
            .or_else(|| chain.iter().find_map(|s| s.ilvl))
            .unwrap_or(0);
        let outline = p
            .outline_level
            .or_else(|| chain.iter().find_map(|s| s.outline_level))
            .filter(|l| *l < 9);
        let heading = outline
            .map(|l| l + 1)
            .or_else(|| chain.iter().find_map(|s| heading_level_from_name(&s.name)));
        let content = std::mem::take(&mut p.inlines);
        if p.mark_deleted
            && !self.ctx.options.show_deletions
            && content.iter().all(|i| i.text.is_empty())
        {
            for b in std::mem::take(&mut p.trailing) {
                self.emit(b);
            }
            return;
        }
        let list = num_id
            .filter(|id| id != "0")
            .and_then(|id| self.ctx.numbering.next_marker(&id, ilvl));
        let block = match (list, heading) {
            // A numbered heading: Word shows its number as part of the heading.
            (Some((marker, _)), Some(level)) => {
                let mut content = content;
                if !marker.is_empty() {
                    content.insert(
                        0,
                        Inline {
                            text: format!("{marker} "),
                            ..Inline::default()
                        },
                    );
                }
                Block::Heading { level, content }
            }
            (Some((marker, ordered)), None) => Block::ListItem {
                level: ilvl.min(8),
                ordered,
                marker,
                content,
            },
            (None, Some(level)) => Block::Heading { level, content },
            (None, None) => Block::Paragraph { content },
        };
        let trailing = std::mem::take(&mut p.trailing);
        if p.break_before {
            self.emit(Block::PageBreak);
        }
        self.emit(block);
        for b in trailing {
            self.emit(b);
        }
        if p.break_after {
            self.emit(Block::PageBreak);
        }
    }
}

/// Symbol-font characters (`w:sym`) as Unicode: the common bullets and boxes, else the character
/// itself when it is not in the private-use area.
fn symbol_char(code: u32) -> Option<char> {
    let low = if (0xf000..=0xf0ff).contains(&code) {
        code - 0xf000
    } else {
        code
    };
    match low {
        0xb7 => Some('•'),
        0xa7 => Some('▪'),
        0xfc => Some('✓'),
        0xfb => Some('✗'),
        0xa8 | 0x6f => Some('☐'),
        0xfe | 0x78 => Some('☒'),
        0xe0 => Some('→'),
        0xd8 => Some('➢'),
        _ if code < 0xe000 => char::from_u32(code),
        _ => None,
    }
}

/// Builds the table: vertical merges become row spans of the cell that starts them.
fn finish_table(table: TableB) -> Block {
    let mut rows: Vec<Row> = Vec::with_capacity(table.rows.len());
    // Grid column → (row, cell) of the cell that started a vertical merge there.
    let mut origins: HashMap<u32, (usize, usize)> = HashMap::new();
    for cells in table.rows {
        let row_index = rows.len();
        let mut row = Row::default();
        let mut col = 0u32;
        for cell in cells {
            let span = cell.col_span.max(1);
            match cell.v_merge {
                Some(false) => {
                    if let Some(&(r, c)) = origins.get(&col) {
                        if let Some(origin) = rows.get_mut(r).and_then(|row| row.cells.get_mut(c)) {
                            origin.row_span += 1;
                        }
                    }
                }
                v => {
                    if v == Some(true) {
                        origins.insert(col, (row_index, row.cells.len()));
                    } else {
                        origins.remove(&col);
                    }
                    row.cells.push(Cell {
                        col_span: span,
                        row_span: 1,
                        blocks: cell.blocks,
                    });
                }
            }
            col = col.saturating_add(span);
        }
        rows.push(row);
    }
    Block::Table { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_formatted_as_word_shows_them() {
        assert_eq!(format_number(4, "lowerLetter"), "d");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(9, "lowerRoman"), "ix");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(bullet("\u{f0b7}"), "•");
        assert_eq!(bullet("o"), "◦");
        assert_eq!(bullet("–"), "–");
    }

    #[test]
    fn a_spreadsheet_package_is_not_a_docx() {
        let ct = br#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        let rels = br#"<Relationships><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let zip = crate::container::zip::tests::build_zip(&[
            ("[Content_Types].xml", ct, false),
            ("_rels/.rels", rels, false),
            ("xl/workbook.xml", b"<workbook/>", false),
        ]);
        let e = extract_docx(&zip, &Limits::default(), &DocxOptions::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_UNSUPPORTED_FORMAT");
        assert_eq!(
            crate::extract::extract(&zip, &Limits::default())
                .unwrap_err()
                .code(),
            "ERR_UNSUPPORTED_FORMAT"
        );
    }

    #[test]
    fn heading_names_in_several_languages() {
        assert_eq!(heading_level_from_name("heading 2"), Some(2));
        assert_eq!(heading_level_from_name("Heading3"), Some(3));
        assert_eq!(heading_level_from_name("Tiêu đề 1"), Some(1));
        assert_eq!(heading_level_from_name("Normal"), None);
        assert_eq!(heading_level_from_name("heading 12"), None);
    }
}
