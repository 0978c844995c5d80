//! Positioned glyphs → blocks in reading order.
//!
//! 1. Double-drawn glyphs (fake bold) are dropped.
//! 2. Glyphs are grouped by baseline direction (rotated and vertical text keep their own order);
//!    each group is turned so that its baseline runs left to right.
//! 3. Lines: glyphs whose boxes overlap vertically by half the smaller height (superscripts and
//!    slightly raised words stay on their line). Separately drawn accents join the letter under
//!    them.
//! 4. Segments: a line split where the gap is wider than [`SEGMENT_GAP`] ems — columns and table
//!    cells. Smaller gaps become spaces.
//! 5. Blocks: segments stacked at line distance that overlap horizontally. Short segments that
//!    share their line with another short segment are table cells and stay blocks of their own.
//! 6. Reading order by recursive cuts along empty bands (an explicit stack, no recursion):
//!    side-by-side columns of running text are read one after the other; otherwise rows top to
//!    bottom, and in a row the cells left to right.
//! 7. Output: a block's lines become paragraphs (a line ending short or an indented first line
//!    starts a new one; a hyphen at a line end followed by a lower-case letter joins the word);
//!    consecutive rows of two or more cells become a table; large text a heading; a leading
//!    bullet or number a list item.

use core::cmp::Ordering;

use super::super::model::{Block, Cell, Inline, Row};
use super::super::vn::nfc;

/// A gap wider than this many ems splits a line into segments.
const SEGMENT_GAP: f64 = 1.5;
/// A gap wider than this many ems is a space.
pub(super) const SPACE_GAP: f64 = 0.18;
/// Most blocks one page is ordered with cuts; beyond, blocks are taken top to bottom.
const MAX_CUT_BLOCKS: usize = 4000;

/// A glyph's text: up to 23 bytes inline (the usual case is one character), longer text shared
/// on the heap; cheap to clone and compare.
pub(super) type GlyphText = smol_str::SmolStr;

/// A positioned glyph in user space.
#[derive(Clone, Debug)]
pub(super) struct Glyph {
    pub text: GlyphText,
    /// Origin on the baseline.
    pub x: f64,
    pub y: f64,
    /// Advance along the baseline, in user space.
    pub width: f64,
    /// Effective font size in user space.
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    /// Baseline direction in whole degrees, counter-clockwise, 0 = left to right.
    pub angle: i16,
}

impl Glyph {
    /// The middle of the glyph's box, in user space.
    pub fn center(&self) -> (f64, f64) {
        if self.angle == 0 {
            return (self.x + self.width / 2.0, self.y + 0.3 * self.size);
        }
        let (s, c) = f64::from(self.angle).to_radians().sin_cos();
        let (along, up) = (self.width / 2.0, 0.3 * self.size);
        (self.x + c * along - s * up, self.y + s * along + c * up)
    }
}

/// A glyph in its group's frame: `u` along the baseline, `v` up.
struct Placed {
    text: GlyphText,
    u: f64,
    v: f64,
    width: f64,
    size: f64,
    bold: bool,
    italic: bool,
}

impl Placed {
    fn bottom(&self) -> f64 {
        self.v - 0.25 * self.size
    }
    fn top(&self) -> f64 {
        self.v + 0.75 * self.size
    }
}

/// Spacing accents drawn as glyphs of their own, and the combining marks they stand for.
pub(super) fn combining_form(text: &str) -> Option<char> {
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

fn cmp(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// A piece of a line between wide gaps.
#[derive(Clone, Debug)]
struct Segment {
    text: String,
    u0: f64,
    u1: f64,
    /// Baseline.
    v: f64,
    size: f64,
    bold: bool,
    italic: bool,
    /// Another segment shares the line.
    shares_line: bool,
}

impl Segment {
    fn ems(&self) -> f64 {
        (self.u1 - self.u0) / self.size.max(1.0)
    }
}

/// Segments stacked into a block.
#[derive(Debug)]
struct TextBlock {
    lines: Vec<Segment>,
    u0: f64,
    u1: f64,
    bottom: f64,
    top: f64,
    /// A table cell: it takes no more lines.
    cell: bool,
}

impl TextBlock {
    fn new(s: Segment, cell: bool) -> Self {
        Self {
            u0: s.u0,
            u1: s.u1,
            bottom: s.v - 0.25 * s.size,
            top: s.v + 0.75 * s.size,
            lines: vec![s],
            cell,
        }
    }
    fn push(&mut self, s: Segment) {
        self.u0 = self.u0.min(s.u0);
        self.u1 = self.u1.max(s.u1);
        self.bottom = self.bottom.min(s.v - 0.25 * s.size);
        self.top = self.top.max(s.v + 0.75 * s.size);
        self.lines.push(s);
    }
}

/// What the reading order yields: a block, or a row of cells left to right.
enum Item {
    Block(usize),
    Row(Vec<Vec<usize>>),
}

/// Lays out one page's glyphs.
pub(super) fn layout(glyphs: Vec<Glyph>) -> Vec<Block> {
    // Fake bold: the same glyph drawn again at (almost) the same place.
    let mut kept: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let near = 0.15 * g.size.max(1.0);
        // Positions first: they differ for almost every pair, and are cheaper than the text.
        let duplicate = kept
            .iter()
            .rev()
            .take(8)
            .any(|k| (k.x - g.x).abs() < near && (k.y - g.y).abs() < near && k.text == g.text);
        if !duplicate {
            kept.push(g);
        }
    }
    // Direction groups, the largest first (the page's main text), then by angle.
    let mut groups: Vec<(i16, Vec<Glyph>)> = Vec::new();
    for g in kept {
        match groups.iter_mut().find(|(a, _)| *a == g.angle) {
            Some((_, list)) => list.push(g),
            None => groups.push((g.angle, vec![g])),
        }
    }
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let mut blocks = Vec::new();
    for (angle, group) in groups {
        let (s, c) = f64::from(angle).to_radians().sin_cos();
        let placed = group
            .into_iter()
            .map(|g| Placed {
                u: g.x * c + g.y * s,
                v: -g.x * s + g.y * c,
                text: g.text,
                width: g.width,
                size: g.size,
                bold: g.bold,
                italic: g.italic,
            })
            .collect();
        blocks.extend(layout_group(placed));
    }
    blocks
}

fn layout_group(glyphs: Vec<Placed>) -> Vec<Block> {
    let segments = segments(lines(glyphs));
    let text_blocks = stack_blocks(segments);
    let order = reading_order(&text_blocks);
    let mut sizes: Vec<f64> = text_blocks
        .iter()
        .flat_map(|b| b.lines.iter().map(|l| l.size))
        .collect();
    sizes.sort_by(|a, b| cmp(*a, *b));
    let body_size = sizes.get(sizes.len() / 2).copied().unwrap_or(12.0);
    emit(&text_blocks, order, body_size)
}

/// Glyphs into lines (each line's glyphs in drawing order).
fn lines(glyphs: Vec<Placed>) -> Vec<Vec<Placed>> {
    let mut lines: Vec<(f64, f64, Vec<Placed>)> = Vec::new();
    for g in glyphs {
        let (b, t) = (g.bottom(), g.top());
        let mark = combining_form(&g.text).is_some();
        let found = lines.iter_mut().rev().take(6).find(|(lb, lt, _)| {
            let overlap = t.min(*lt) - b.max(*lb);
            let smaller = (t - b).min(*lt - *lb);
            overlap >= 0.5 * smaller || mark && overlap > -0.5 * (t - b)
        });
        match found {
            Some((lb, lt, list)) => {
                if !mark {
                    *lb = lb.min(b);
                    *lt = lt.max(t);
                }
                list.push(g);
            }
            None => lines.push((b, t, vec![g])),
        }
    }
    lines.into_iter().map(|(_, _, l)| l).collect()
}

/// Lines into segments: glyphs left to right, spaces in small gaps, a new segment at wide ones.
fn segments(lines: Vec<Vec<Placed>>) -> Vec<Segment> {
    let mut out = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| cmp(a.u, b.u));
        // The baseline: the most common one (superscripts aside).
        let first = out.len();
        let mut current: Option<(Segment, usize, usize, usize)> = None;
        let mut end = f64::NAN;
        let mut prev_center = f64::NAN;
        let mut prev_half: f64 = 0.0;
        for g in &line {
            if let (Some(mark), Some((seg, ..))) = (combining_form(&g.text), current.as_mut()) {
                let center = g.u + g.width / 2.0;
                if (center - prev_center).abs() <= prev_half.max(0.3 * g.size) + 0.1 * g.size {
                    seg.text.push(mark);
                    continue;
                }
            }
            let gap = g.u - end;
            let split = match &current {
                Some((seg, ..)) => gap > SEGMENT_GAP * g.size.max(seg.size).max(1.0),
                None => true,
            };
            if split {
                if let Some(done) = current.take() {
                    out.push(finish(done));
                }
                current = Some((
                    Segment {
                        text: String::new(),
                        u0: g.u,
                        u1: g.u + g.width,
                        v: g.v,
                        size: g.size,
                        bold: false,
                        italic: false,
                        shares_line: false,
                    },
                    0,
                    0,
                    0,
                ));
            }
            let Some((seg, n, bold, italic)) = current.as_mut() else {
                continue;
            };
            // A gap is a space; so is a run drawn back over the one before it (two texts
            // printed over each other stay two words, not one).
            if !split
                && (gap > SPACE_GAP * g.size || gap < -g.size.max(1.0))
                && !seg.text.ends_with(' ')
                && !g.text.starts_with(' ')
            {
                seg.text.push(' ');
            }
            seg.text.push_str(&g.text);
            seg.u1 = seg.u1.max(g.u + g.width);
            // The segment's baseline and size are those of its largest glyph.
            if g.size > seg.size {
                seg.size = g.size;
                seg.v = g.v;
            }
            end = if split {
                g.u + g.width
            } else {
                end.max(g.u + g.width)
            };
            prev_center = g.u + g.width / 2.0;
            prev_half = g.width / 2.0;
            *n += 1;
            *bold += usize::from(g.bold);
            *italic += usize::from(g.italic);
        }
        if let Some(done) = current.take() {
            out.push(finish(done));
        }
        out.retain(|s: &Segment| !s.text.is_empty());
        let shared = out.len().saturating_sub(first) > 1;
        for s in out.iter_mut().skip(first) {
            s.shares_line = shared;
        }
    }
    out
}

fn finish((mut seg, n, bold, italic): (Segment, usize, usize, usize)) -> Segment {
    // Soft hyphens dropped, runs of spaces (a string's own space next to a gap) made one.
    let mut text = String::with_capacity(seg.text.len());
    for c in seg.text.trim().chars() {
        if c == '\u{ad}' || c == ' ' && text.ends_with(' ') {
            continue;
        }
        text.push(c);
    }
    seg.text = nfc(&text);
    seg.bold = bold * 2 > n;
    seg.italic = italic * 2 > n;
    seg
}

/// Segments into blocks, top to bottom.
fn stack_blocks(mut segments: Vec<Segment>) -> Vec<TextBlock> {
    segments.sort_by(|a, b| cmp(b.v, a.v).then(cmp(a.u0, b.u0)));
    let mut blocks: Vec<TextBlock> = Vec::new();
    for s in segments {
        let cell = s.shares_line && s.ems() < 12.0;
        let mut best: Option<(usize, f64)> = None;
        if !cell {
            for (i, b) in blocks.iter().enumerate().rev().take(64) {
                let Some(last) = b.lines.last() else { continue };
                if b.cell {
                    continue;
                }
                let gap = last.v - s.v;
                let same_size = (s.size - last.size).abs() <= 0.15 * last.size.max(1.0);
                let overlap = s.u1.min(b.u1) - s.u0.max(b.u0);
                if same_size
                    && gap > 0.0
                    && gap <= 1.9 * last.size.max(1.0)
                    && overlap > 0.0
                    && best.is_none_or(|(_, g)| gap < g)
                {
                    best = Some((i, gap));
                }
            }
        }
        match best.and_then(|(i, _)| blocks.get_mut(i)) {
            Some(b) => b.push(s),
            None => blocks.push(TextBlock::new(s, cell)),
        }
    }
    blocks
}

/// Empty bands across a set of blocks along one axis: the groups between them, in order
/// (top to bottom for `vertical == false`, left to right otherwise).
fn bands(blocks: &[TextBlock], set: &[usize], across: bool) -> Vec<Vec<usize>> {
    let span = |i: usize| {
        blocks.get(i).map_or((0.0, 0.0), |b| {
            if across {
                (b.u0, b.u1)
            } else {
                (-b.top, -b.bottom)
            }
        })
    };
    let mut sorted = set.to_vec();
    sorted.sort_by(|a, b| cmp(span(*a).0, span(*b).0));
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for i in sorted {
        let (start, end) = span(i);
        match out.last_mut() {
            Some(group) if start < reach => group.push(i),
            _ => out.push(vec![i]),
        }
        reach = reach.max(end);
    }
    out
}

/// Columns of running text in a set of blocks: the groups between vertical gutters at least an
/// em wide, and how many of them hold a block of two or more lines.
fn text_columns(blocks: &[TextBlock], set: &[usize]) -> (usize, usize) {
    let columns = bands(blocks, set, true);
    let em = set
        .iter()
        .filter_map(|i| blocks.get(*i)?.lines.first().map(|l| l.size))
        .fold(f64::INFINITY, f64::min);
    // Neighbouring groups closer than an em count as one column.
    let mut count = 0;
    let mut running = 0;
    let mut last_end = f64::NEG_INFINITY;
    let mut current_running = false;
    for c in &columns {
        let start = c
            .iter()
            .filter_map(|i| blocks.get(*i).map(|b| b.u0))
            .fold(f64::INFINITY, f64::min);
        let end = c
            .iter()
            .filter_map(|i| blocks.get(*i).map(|b| b.u1))
            .fold(f64::NEG_INFINITY, f64::max);
        let has_text = c
            .iter()
            .any(|i| blocks.get(*i).is_some_and(|b| b.lines.len() >= 2));
        if count == 0 || start - last_end >= em {
            running += usize::from(current_running);
            count += 1;
            current_running = has_text;
        } else {
            current_running |= has_text;
        }
        last_end = last_end.max(end);
    }
    running += usize::from(current_running);
    (count, running)
}

/// Joins neighbouring bands that continue the same columns of running text (two columns whose
/// paragraph breaks happen to line up), so the columns are read one after the other; a union
/// is only made when it will be cut into columns next, so the cutting always progresses.
fn merge_column_bands(blocks: &[TextBlock], rows: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(last) = out.last_mut() {
            let (own, _) = text_columns(blocks, &row);
            let (before, _) = text_columns(blocks, last);
            if own >= 2 && before >= 2 {
                let mut union = last.clone();
                union.extend(&row);
                let (columns, running) = text_columns(blocks, &union);
                if columns >= 2 && running >= 2 {
                    *last = union;
                    continue;
                }
            }
        }
        out.push(row);
    }
    out
}

/// Reading order by recursive cuts (explicit stack).
fn reading_order(blocks: &[TextBlock]) -> Vec<Item> {
    let all: Vec<usize> = (0..blocks.len()).collect();
    let top_down = |set: &mut Vec<usize>| {
        set.sort_by(|a, b| {
            let (a, b) = (blocks.get(*a), blocks.get(*b));
            cmp(b.map_or(0.0, |b| b.top), a.map_or(0.0, |a| a.top))
                .then(cmp(a.map_or(0.0, |a| a.u0), b.map_or(0.0, |b| b.u0)))
        });
    };
    if blocks.len() > MAX_CUT_BLOCKS {
        let mut all = all;
        top_down(&mut all);
        return all.into_iter().map(Item::Block).collect();
    }
    let mut out = Vec::new();
    let mut stack = vec![all];
    while let Some(mut set) = stack.pop() {
        if set.len() == 1 {
            out.extend(set.into_iter().map(Item::Block));
            continue;
        }
        let columns = bands(blocks, &set, true);
        let running_text = columns
            .iter()
            .filter(|c| {
                c.iter()
                    .any(|i| blocks.get(*i).is_some_and(|b| b.lines.len() >= 2))
            })
            .count();
        if columns.len() > 1 && running_text >= 2 {
            stack.extend(columns.into_iter().rev());
            continue;
        }
        let rows = bands(blocks, &set, false);
        if rows.len() > 1 {
            stack.extend(merge_column_bands(blocks, rows).into_iter().rev());
            continue;
        }
        if columns.len() > 1 {
            // One row of cells.
            let cells = columns
                .into_iter()
                .map(|mut c| {
                    top_down(&mut c);
                    c
                })
                .collect();
            out.push(Item::Row(cells));
            continue;
        }
        top_down(&mut set);
        out.extend(set.into_iter().map(Item::Block));
    }
    out
}

/// Join a line to the paragraph text, undoing a hyphenation at the line end.
fn join_line(para: &mut String, line: &str) {
    if para.is_empty() {
        para.push_str(line);
        return;
    }
    if para.ends_with('-')
        && !para.ends_with(" -")
        && line.chars().next().is_some_and(char::is_lowercase)
    {
        para.pop();
    } else {
        para.push(' ');
    }
    para.push_str(line);
}

/// A block's lines as paragraphs: (text, size, bold, italic).
fn paragraphs(block: &TextBlock) -> Vec<(String, f64, bool, bool)> {
    let mut out: Vec<(String, f64, bool, bool)> = Vec::new();
    let (left, right) = (block.u0, block.u1);
    let lines = &block.lines;
    // A few centred lines of different lengths (a letterhead, a title): each line stands alone.
    let center = (left + right) / 2.0;
    let centred = lines.len() >= 2
        && lines.len() <= 6
        && lines
            .iter()
            .all(|l| ((l.u0 + l.u1) / 2.0 - center).abs() < l.size.max(1.0))
        && lines.iter().any(|l| l.u0 > left + 2.0 * l.size.max(1.0));
    let mut current: Option<(String, f64, bool, bool)> = None;
    for (i, line) in lines.iter().enumerate() {
        let em = line.size.max(1.0);
        let starts_new = i > 0 && {
            let prev = lines.get(i - 1);
            let next = lines.get(i + 1);
            let prev_short = lines.len() >= 3
                && prev.is_some_and(|p| {
                    p.u1 < right - 3.0 * em && p.text.ends_with(['.', ':', '!', '?', ';'])
                });
            let indented = line.u0 > left + 1.0 * em
                && prev.is_some_and(|p| p.u0 <= left + 0.5 * em)
                && next.is_some_and(|n| n.u0 <= left + 0.5 * em);
            centred || prev_short || indented || list_marker(&line.text).is_some()
        };
        if starts_new {
            if let Some(p) = current.take() {
                out.push(p);
            }
        }
        match current.as_mut() {
            Some((text, size, bold, italic)) => {
                join_line(text, &line.text);
                *size = size.max(line.size);
                *bold = *bold && line.bold;
                *italic = *italic && line.italic;
            }
            None => current = Some((line.text.clone(), line.size, line.bold, line.italic)),
        }
    }
    out.extend(current);
    out
}

/// A bullet or number that starts a list item, and whether it is ordered.
fn list_marker(text: &str) -> Option<(String, bool)> {
    let (marker, rest) = text.split_once(' ')?;
    if rest.trim().is_empty() {
        return None;
    }
    let mut chars = marker.chars();
    let first = chars.next()?;
    if chars.as_str().is_empty()
        && matches!(
            first,
            '•' | '◦' | '▪' | '‣' | '●' | '○' | '■' | '–' | '-' | '*' | '+' | '\u{f0b7}'
        )
    {
        return Some((marker.to_owned(), false));
    }
    let body = marker.strip_suffix(['.', ')'])?;
    let numbered = !body.is_empty() && body.len() <= 3 && body.chars().all(|c| c.is_ascii_digit());
    let lettered = body.chars().count() == 1 && body.chars().all(|c| c.is_lowercase());
    (numbered || lettered && marker.ends_with(')')).then(|| (marker.to_owned(), true))
}

fn paragraph_block(text: String, size: f64, body: f64, bold: bool, italic: bool) -> Block {
    let ratio = size / body.max(1.0);
    let inline = |text: String| {
        vec![Inline {
            text,
            bold,
            italic,
            ..Inline::default()
        }]
    };
    if ratio >= 1.25 {
        let level = if ratio >= 1.8 {
            1
        } else if ratio >= 1.5 {
            2
        } else {
            3
        };
        return Block::Heading {
            level,
            content: inline(text),
        };
    }
    if let Some((marker, ordered)) = list_marker(&text) {
        let rest = text
            .get(marker.len()..)
            .unwrap_or("")
            .trim_start()
            .to_owned();
        return Block::ListItem {
            level: 0,
            ordered,
            marker,
            content: inline(rest),
        };
    }
    Block::Paragraph {
        content: inline(text),
    }
}

fn block_paragraphs(block: Option<&TextBlock>, body: f64, out: &mut Vec<Block>) {
    for (text, size, bold, italic) in block.map(paragraphs).unwrap_or_default() {
        if !text.is_empty() {
            out.push(paragraph_block(text, size, body, bold, italic));
        }
    }
}

/// Items in order → blocks; two or more consecutive rows of cells make a table.
fn emit(blocks: &[TextBlock], order: Vec<Item>, body: f64) -> Vec<Block> {
    let mut out = Vec::new();
    let mut rows: Vec<Vec<Vec<usize>>> = Vec::new();
    let flush = |rows: &mut Vec<Vec<Vec<usize>>>, out: &mut Vec<Block>| {
        if rows.len() >= 2 {
            let table_rows = rows
                .drain(..)
                .map(|cells| Row {
                    cells: cells
                        .into_iter()
                        .map(|cell| {
                            let mut content = Vec::new();
                            for i in cell {
                                block_paragraphs(blocks.get(i), body, &mut content);
                            }
                            Cell {
                                col_span: 1,
                                row_span: 1,
                                blocks: content,
                            }
                        })
                        .collect(),
                })
                .collect();
            out.push(Block::Table { rows: table_rows });
        } else {
            for cells in rows.drain(..) {
                for i in cells.into_iter().flatten() {
                    block_paragraphs(blocks.get(i), body, out);
                }
            }
        }
    };
    for item in order {
        match item {
            Item::Row(cells) => rows.push(cells),
            Item::Block(i) => {
                flush(&mut rows, &mut out);
                block_paragraphs(blocks.get(i), body, &mut out);
            }
        }
    }
    flush(&mut rows, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A line of text as glyphs of half an em each.
    fn line(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: GlyphText::new(c.encode_utf8(&mut [0; 4])),
                x: x + f64::from(u32::try_from(i).unwrap()) * size * 0.5,
                y,
                width: size * 0.5,
                size,
                bold: false,
                italic: false,
                angle: 0,
            })
            .collect()
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content } | Block::Heading { content, .. } => {
                    super::super::super::model::plain(content)
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn columns_with_aligned_paragraph_breaks_are_read_column_by_column() {
        // A title across the page, then two columns, 40 characters wide at 10 pt (200 pt) and
        // 48 pt apart, that break their paragraphs at the same height.
        let mut glyphs = line(
            "T title across both columns of the page, set wide enough to span the gutter between them",
            72.0,
            740.0,
            10.0,
        );
        for (x, tag) in [(72.0, "L"), (320.0, "R")] {
            for (i, y) in [700.0, 687.0, 674.0].into_iter().enumerate() {
                glyphs.extend(line(
                    &format!("{tag}1 line {i} of the first paragraph here"),
                    x,
                    y,
                    10.0,
                ));
            }
            for (i, y) in [640.0, 627.0].into_iter().enumerate() {
                glyphs.extend(line(
                    &format!("{tag}2 line {i} of the second paragraph"),
                    x,
                    y,
                    10.0,
                ));
            }
        }
        let order: Vec<String> = texts(&layout(glyphs))
            .into_iter()
            .map(|t| t.get(..2).unwrap().to_owned())
            .collect();
        assert_eq!(order, ["T ", "L1", "L2", "R1", "R2"]);
    }

    #[test]
    fn table_rows_stay_rows() {
        let mut glyphs = Vec::new();
        for (r, y) in [700.0, 680.0, 660.0].into_iter().enumerate() {
            for (c, x) in [72.0, 200.0, 330.0].into_iter().enumerate() {
                glyphs.extend(line(&format!("r{r}c{c}"), x, y, 10.0));
            }
        }
        let blocks = layout(glyphs);
        let [Block::Table { rows }] = blocks.as_slice() else {
            panic!("{blocks:?}");
        };
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| texts(&c.blocks).join(" ")).collect())
            .collect();
        assert_eq!(
            cells,
            [
                ["r0c0", "r0c1", "r0c2"],
                ["r1c0", "r1c1", "r1c2"],
                ["r2c0", "r2c1", "r2c2"]
            ]
        );
    }
}
