//! Text for reuse: documents → [`model::Document`] → text, Markdown or JSON.

pub mod docx;
pub mod model;
mod nfc;
mod nfc_tables;
pub mod pdf;
mod pdf_tables;
pub mod vn;
mod vn_tables;

use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// Formats a document can be read from, detected by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// A WordprocessingML package.
    Docx,
    /// A PDF file.
    Pdf,
}

/// Detects the format from the bytes, never from a file name: a ZIP whose entries include
/// `word/` parts and `[Content_Types].xml` is DOCX; `%PDF-` in the first KiB is PDF.
pub fn detect(data: &[u8]) -> Option<Format> {
    if data
        .get(..1024.min(data.len()))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
    {
        return Some(Format::Pdf);
    }
    if data.starts_with(b"PK\x03\x04") {
        let limits = Limits::default();
        let archive = crate::container::zip::Archive::parse(data, &limits).ok()?;
        if archive.find("[Content_Types].xml").is_some()
            && archive
                .entries()
                .iter()
                .any(|e| e.name.to_ascii_lowercase().starts_with("word/"))
        {
            return Some(Format::Docx);
        }
    }
    None
}

/// Extracts the text of a document, detecting its format.
pub fn extract(data: &[u8], limits: &Limits) -> Result<model::Document> {
    match detect(data) {
        Some(Format::Docx) => docx::extract_docx(data, limits, &docx::DocxOptions::default()),
        Some(Format::Pdf) => pdf::extract_pdf(data, limits),
        None => Err(Error::new(ErrorKind::UnsupportedFormat)),
    }
}
