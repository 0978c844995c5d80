//! The document model every extractor produces, and its renderers: plain text, Markdown (GFM) and
//! JSON (its TypeScript type is `VanbanDocument` in `src/js/index.d.ts`).

use core::fmt::Write as _;

/// An extracted document: the body, then the parts Word shows apart from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The main text, in reading order.
    pub body: Vec<Block>,
    /// Headers, footers, footnotes, endnotes and comments, each its own section.
    pub sections: Vec<Section>,
    /// What the reader should know about the text: pages without a text layer.
    pub notices: Vec<Notice>,
}

/// Something about the extracted text the reader should know.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// A PDF page with no text to extract: a scan (it draws images) or a blank page. Its text
    /// needs character recognition (OCR); it is not an empty success.
    NoTextLayer {
        /// 1-based page number.
        page: u32,
        /// The page draws images (most likely a scan).
        images: bool,
    },
}

impl Notice {
    /// A one-line English description.
    pub fn describe(&self) -> String {
        match self {
            Self::NoTextLayer { page, images: true } => {
                format!("page {page} has no text layer, only images (a scan?): its text needs OCR")
            }
            Self::NoTextLayer {
                page,
                images: false,
            } => format!("page {page} has no text"),
        }
    }

    /// JSON, as the `Notice` TypeScript type.
    pub fn to_json(&self) -> String {
        match self {
            Self::NoTextLayer { page, images } => {
                format!("{{\"kind\":\"noTextLayer\",\"page\":{page},\"images\":{images}}}")
            }
        }
    }
}

/// A part of the document shown apart from the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// What kind of part.
    pub kind: SectionKind,
    /// Its blocks. Footnotes, endnotes and comments are [`Block::Note`]s.
    pub blocks: Vec<Block>,
}

/// Kinds of [`Section`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SectionKind {
    /// A page header.
    Header,
    /// A page footer.
    Footer,
    /// Footnotes.
    Footnotes,
    /// Endnotes.
    Endnotes,
    /// Reviewers' comments.
    Comments,
}

impl SectionKind {
    /// The JSON name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Footer => "footer",
            Self::Footnotes => "footnotes",
            Self::Endnotes => "endnotes",
            Self::Comments => "comments",
        }
    }

    const fn title(self) -> &'static str {
        match self {
            Self::Header => "Header",
            Self::Footer => "Footer",
            Self::Footnotes => "Footnotes",
            Self::Endnotes => "Endnotes",
            Self::Comments => "Comments",
        }
    }
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Block {
    /// A heading of level 1 (highest) to 9.
    Heading {
        /// 1–9.
        level: u8,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A list item with the marker the word processor shows ("1.", "a)", "I.", "–", "•").
    ListItem {
        /// Nesting level, 0 for the outermost.
        level: u8,
        /// Numbered (true) or bulleted.
        ordered: bool,
        /// The marker as shown.
        marker: String,
        /// Its text.
        content: Vec<Inline>,
    },
    /// A table; merged cells appear once, with their spans.
    Table {
        /// Rows, top to bottom.
        rows: Vec<Row>,
    },
    /// A note (footnote, endnote, comment) with the label its reference shows.
    Note {
        /// The label, e.g. "1" for footnote 1, or the author of a comment.
        label: String,
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// A hard page break.
    PageBreak,
    /// The text block a Vietnamese signing tool stamps on a signed PDF ("Ký bởi: … Cơ quan: …
    /// Thời gian ký: …"): part of the page, kept, but marked so an editor reusing the text can
    /// drop it ([`Document::without_signature_stamps`]).
    SignatureStamp {
        /// Its lines, as shown.
        lines: Vec<String>,
    },
}

/// A table row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Its cells, left to right; cells covered by a merge above are left out.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Columns covered (≥ 1).
    pub col_span: u32,
    /// Rows covered (≥ 1).
    pub row_span: u32,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A run of text with the same formatting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    /// The text (NFC).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Target of the hyperlink the text is in.
    pub link: Option<String>,
    /// The text is the label of a footnote or endnote reference (its note has the same label).
    pub note_ref: bool,
}

/// The text of inlines, concatenated; note references as `[label]`.
pub fn plain(content: &[Inline]) -> String {
    let mut out = String::new();
    for i in content {
        if i.note_ref {
            let _ = write!(out, "[{}]", i.text);
        } else {
            out.push_str(&i.text);
        }
    }
    out
}

impl Document {
    /// Plain text: one line per paragraph, list markers as shown, table cells separated by tabs
    /// and rows by newlines, then each section after a blank line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        text_blocks(&self.body, &mut out);
        for section in &self.sections {
            if !out.is_empty() {
                out.push('\n');
            }
            text_blocks(&section.blocks, &mut out);
        }
        out
    }

    /// The document without its signature stamps (the blocks a signing tool stamped on the
    /// pages), for an editor who reuses the text.
    pub fn without_signature_stamps(mut self) -> Self {
        self.body
            .retain(|b| !matches!(b, Block::SignatureStamp { .. }));
        self
    }

    /// GitHub-flavoured Markdown: headings, emphasis, links, lists, pipe tables; notes as
    /// `[^label]:` definitions.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for notice in &self.notices {
            let _ = write!(
                out,
                "<!-- {} -->\n\n",
                notice.describe().replace("--", "- -")
            );
        }
        md_blocks(&self.body, &mut out);
        for section in &self.sections {
            let _ = write!(out, "---\n\n*{}*\n\n", section.kind.title());
            md_blocks(&section.blocks, &mut out);
        }
        let end = out.trim_end().len();
        out.truncate(end);
        out.push('\n');
        out
    }

    /// JSON, as described by the `VanbanDocument` type in `src/js/index.d.ts`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"version\":1,\"body\":");
        json_blocks(&self.body, &mut out);
        out.push_str(",\"sections\":");
        json_array(&self.sections, &mut out, |s, out| {
            let _ = write!(out, "{{\"kind\":\"{}\",\"blocks\":", s.kind.name());
            json_blocks(&s.blocks, out);
            out.push('}');
        });
        out.push_str(",\"notices\":");
        json_array(&self.notices, &mut out, |n, out| out.push_str(&n.to_json()));
        out.push('}');
        out
    }
}

// ---- plain text -------------------------------------------------------------------------------

fn text_blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                out.push_str(&plain(content));
                out.push('\n');
            }
            Block::ListItem {
                level,
                marker,
                content,
                ..
            } => {
                for _ in 0..*level {
                    out.push_str("  ");
                }
                if !marker.is_empty() {
                    out.push_str(marker);
                    out.push(' ');
                }
                out.push_str(&plain(content));
                out.push('\n');
            }
            Block::Table { rows } => {
                for row in rows {
                    let cells: Vec<String> = row.cells.iter().map(cell_text).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
            Block::Note { label, blocks } => {
                let mut inner = String::new();
                text_blocks(blocks, &mut inner);
                let _ = writeln!(out, "[{label}] {}", inner.trim());
            }
            Block::PageBreak => out.push('\n'),
            Block::SignatureStamp { lines } => {
                for line in lines {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
}

/// A cell on one line: its paragraphs joined by spaces.
fn cell_text(cell: &Cell) -> String {
    let mut inner = String::new();
    text_blocks(&cell.blocks, &mut inner);
    inner
        .split(['\n', '\t'])
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- Markdown ---------------------------------------------------------------------------------

fn md_escape(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

fn md_inlines(content: &[Inline], out: &mut String) {
    let mut i = 0;
    while let Some(first) = content.get(i) {
        // Group neighbours with the same link so a link is written once.
        let mut j = i + 1;
        while content.get(j).is_some_and(|n| n.link == first.link) {
            j += 1;
        }
        let group = content.get(i..j).unwrap_or_default();
        if let Some(url) = &first.link {
            out.push('[');
            md_runs(group, out);
            let _ = write!(out, "]({})", url.replace(' ', "%20").replace(')', "%29"));
        } else {
            md_runs(group, out);
        }
        i = j;
    }
}

fn md_runs(runs: &[Inline], out: &mut String) {
    for run in runs {
        if run.note_ref {
            let _ = write!(out, "[^{}]", run.text.replace([' ', ']'], "_"));
            continue;
        }
        let text = run.text.as_str();
        let trimmed = text.trim();
        if trimmed.is_empty() || !(run.bold || run.italic) {
            md_escape(text, out);
            continue;
        }
        // Emphasis markers must touch the text: keep surrounding spaces outside.
        let lead = text
            .get(..text.len() - text.trim_start().len())
            .unwrap_or("");
        let trail = text.get(text.trim_end().len()..).unwrap_or("");
        let mark = match (run.bold, run.italic) {
            (true, true) => "***",
            (true, false) => "**",
            _ => "*",
        };
        out.push_str(lead);
        out.push_str(mark);
        md_escape(trimmed, out);
        out.push_str(mark);
        out.push_str(trail);
    }
}

fn md_line(content: &[Inline]) -> String {
    let mut s = String::new();
    md_inlines(content, &mut s);
    s.replace('\n', "  \n").replace('\t', " ")
}

fn md_blocks(blocks: &[Block], out: &mut String) {
    let mut in_list = false;
    for block in blocks {
        let is_list = matches!(block, Block::ListItem { .. });
        if in_list && !is_list {
            out.push('\n');
        }
        in_list = is_list;
        match block {
            Block::Heading { level, content } => {
                let _ = write!(
                    out,
                    "{} {}\n\n",
                    "#".repeat(usize::from((*level).clamp(1, 6))),
                    md_line(content)
                );
            }
            Block::Paragraph { content } => {
                let line = md_line(content);
                if !line.trim().is_empty() {
                    out.push_str(&line);
                    out.push_str("\n\n");
                }
            }
            Block::ListItem {
                level,
                ordered,
                marker,
                content,
            } => {
                out.push_str(&"   ".repeat(usize::from(*level)));
                let numeric = marker
                    .strip_suffix(['.', ')'])
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if *ordered && numeric {
                    out.push_str(marker);
                    out.push(' ');
                } else if *ordered && !marker.is_empty() {
                    out.push_str("- ");
                    md_escape(marker, out);
                    out.push(' ');
                } else {
                    out.push_str("- ");
                }
                out.push_str(&md_line(content));
                out.push('\n');
            }
            Block::Table { rows } => md_table(rows, out),
            Block::Note { label, blocks } => {
                let mut inner = String::new();
                md_blocks(blocks, &mut inner);
                let body = inner.trim().replace("\n\n", "\n\n    ");
                let _ = write!(out, "[^{}]: {}\n\n", label.replace([' ', ']'], "_"), body);
            }
            Block::PageBreak => out.push_str("<!-- page break -->\n\n"),
            Block::SignatureStamp { lines } => {
                out.push_str("<!-- signature stamp -->\n");
                for line in lines {
                    out.push_str("> ");
                    md_escape(line, out);
                    out.push_str("  \n");
                }
                out.push('\n');
            }
        }
    }
    if in_list {
        out.push('\n');
    }
}

fn md_cell(cell: &Cell) -> String {
    let mut parts = Vec::new();
    for b in &cell.blocks {
        let mut s = String::new();
        md_blocks(core::slice::from_ref(b), &mut s);
        let s = s.trim().replace('\n', " ");
        if !s.is_empty() {
            parts.push(s);
        }
    }
    parts.join("<br>")
}

fn md_table(rows: &[Row], out: &mut String) {
    let width = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.col_span.max(1) as usize)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let line = |row: &Row| {
        let mut cells: Vec<String> = Vec::with_capacity(width);
        for c in &row.cells {
            cells.push(md_cell(c));
            for _ in 1..c.col_span.max(1) {
                cells.push(String::new());
            }
        }
        cells.resize(width, String::new());
        format!("| {} |\n", cells.join(" | "))
    };
    let mut iter = rows.iter();
    match iter.next() {
        Some(first) => out.push_str(&line(first)),
        None => return,
    }
    out.push_str(&format!("|{}\n", " --- |".repeat(width)));
    for row in iter {
        out.push_str(&line(row));
    }
    out.push('\n');
}

// ---- JSON -------------------------------------------------------------------------------------

use crate::json::json_array;
pub use crate::json::json_string;

fn json_inlines(content: &[Inline], out: &mut String) {
    json_array(content, out, |run, out| {
        out.push_str("{\"text\":");
        json_string(&run.text, out);
        if run.bold {
            out.push_str(",\"bold\":true");
        }
        if run.italic {
            out.push_str(",\"italic\":true");
        }
        if let Some(link) = &run.link {
            out.push_str(",\"link\":");
            json_string(link, out);
        }
        if run.note_ref {
            out.push_str(",\"noteRef\":true");
        }
        out.push('}');
    });
}

fn json_blocks(blocks: &[Block], out: &mut String) {
    json_array(blocks, out, |block, out| {
        match block {
            Block::Heading { level, content } => {
                let _ = write!(out, "{{\"type\":\"heading\",\"level\":{level},\"content\":");
                json_inlines(content, out);
            }
            Block::Paragraph { content } => {
                out.push_str("{\"type\":\"paragraph\",\"content\":");
                json_inlines(content, out);
            }
            Block::ListItem {
                level,
                ordered,
                marker,
                content,
            } => {
                let _ = write!(
                    out,
                    "{{\"type\":\"listItem\",\"level\":{level},\"ordered\":{ordered},\"marker\":"
                );
                json_string(marker, out);
                out.push_str(",\"content\":");
                json_inlines(content, out);
            }
            Block::Table { rows } => {
                out.push_str("{\"type\":\"table\",\"rows\":");
                json_array(rows, out, |row, out| {
                    out.push_str("{\"cells\":");
                    json_array(&row.cells, out, |cell, out| {
                        let _ = write!(
                            out,
                            "{{\"colSpan\":{},\"rowSpan\":{},\"blocks\":",
                            cell.col_span, cell.row_span
                        );
                        json_blocks(&cell.blocks, out);
                        out.push('}');
                    });
                    out.push('}');
                });
            }
            Block::Note { label, blocks } => {
                out.push_str("{\"type\":\"note\",\"label\":");
                json_string(label, out);
                out.push_str(",\"blocks\":");
                json_blocks(blocks, out);
            }
            Block::PageBreak => out.push_str("{\"type\":\"pageBreak\""),
            Block::SignatureStamp { lines } => {
                out.push_str("{\"type\":\"signatureStamp\",\"lines\":");
                json_array(lines, out, |l, out| json_string(l, out));
            }
        }
        out.push('}');
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Inline {
        Inline {
            text: text.into(),
            ..Inline::default()
        }
    }

    fn sample() -> Document {
        Document {
            body: vec![
                Block::Heading {
                    level: 1,
                    content: vec![run("Quyết định")],
                },
                Block::Paragraph {
                    content: vec![
                        run("Căn cứ "),
                        Inline {
                            text: "Luật".into(),
                            bold: true,
                            ..Inline::default()
                        },
                        run(" số 1*2 "),
                        Inline {
                            text: "xem".into(),
                            link: Some("https://vbpl.vn/a b".into()),
                            ..Inline::default()
                        },
                    ],
                },
                Block::ListItem {
                    level: 0,
                    ordered: true,
                    marker: "1.".into(),
                    content: vec![run("Điều một")],
                },
                Block::ListItem {
                    level: 1,
                    ordered: true,
                    marker: "a)".into(),
                    content: vec![run("khoản a")],
                },
                Block::Table {
                    rows: vec![
                        Row {
                            cells: vec![Cell {
                                col_span: 2,
                                row_span: 1,
                                blocks: vec![Block::Paragraph {
                                    content: vec![run("Nơi nhận")],
                                }],
                            }],
                        },
                        Row {
                            cells: vec![
                                Cell {
                                    col_span: 1,
                                    row_span: 1,
                                    blocks: vec![Block::Paragraph {
                                        content: vec![run("A|B")],
                                    }],
                                },
                                Cell {
                                    col_span: 1,
                                    row_span: 1,
                                    blocks: vec![
                                        Block::Paragraph {
                                            content: vec![run("x")],
                                        },
                                        Block::Paragraph {
                                            content: vec![run("y")],
                                        },
                                    ],
                                },
                            ],
                        },
                    ],
                },
            ],
            sections: vec![Section {
                kind: SectionKind::Footnotes,
                blocks: vec![Block::Note {
                    label: "1".into(),
                    blocks: vec![Block::Paragraph {
                        content: vec![run("Chú thích \"một\"")],
                    }],
                }],
            }],
            notices: vec![Notice::NoTextLayer {
                page: 2,
                images: true,
            }],
        }
    }

    #[test]
    fn text_rendering() {
        assert_eq!(
            sample().to_text(),
            "Quyết định\nCăn cứ Luật số 1*2 xem\n1. Điều một\n  a) khoản a\nNơi nhận\nA|B\tx y\n\n[1] Chú thích \"một\"\n"
        );
    }

    #[test]
    fn markdown_rendering() {
        let md = sample().to_markdown();
        assert!(md.starts_with("<!-- page 2 has no text layer, only images (a scan?): its text needs OCR -->\n\n# Quyết định\n\nCăn cứ **Luật** số 1\\*2 [xem](https://vbpl.vn/a%20b)\n\n1. Điều một\n   - a) khoản a\n\n"), "{md}");
        assert!(
            md.contains("| Nơi nhận |  |\n| --- | --- |\n| A\\|B | x<br>y |\n"),
            "{md}"
        );
        assert!(
            md.ends_with("*Footnotes*\n\n[^1]: Chú thích \"một\"\n"),
            "{md}"
        );
    }

    #[test]
    fn json_rendering() {
        let json = sample().to_json();
        assert!(json.starts_with("{\"version\":1,\"body\":[{\"type\":\"heading\",\"level\":1,\"content\":[{\"text\":\"Quyết định\"}]}"), "{json}");
        assert!(json.contains("{\"text\":\"Luật\",\"bold\":true}"));
        assert!(
            json.contains("{\"type\":\"listItem\",\"level\":1,\"ordered\":true,\"marker\":\"a)\"")
        );
        assert!(json.contains("{\"colSpan\":2,\"rowSpan\":1,"));
        assert!(json.ends_with("\"sections\":[{\"kind\":\"footnotes\",\"blocks\":[{\"type\":\"note\",\"label\":\"1\",\"blocks\":[{\"type\":\"paragraph\",\"content\":[{\"text\":\"Chú thích \\\"một\\\"\"}]}]}]}],\"notices\":[{\"kind\":\"noTextLayer\",\"page\":2,\"images\":true}]}"), "{json}");
    }
}
