//! Text for reuse: documents → [`model::Document`] → text, Markdown or JSON.

pub mod docx;
pub mod model;
pub(crate) use crate::text::nfc;
pub mod pdf;
pub mod vn;
mod vn_tables;

use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

pub use crate::container::format::{detect, Format};
use crate::container::format::{looks_like_cms, looks_like_pdf};

/// Extracts the text of a document, detecting its format from the bytes.
pub fn extract(data: &[u8], limits: &Limits) -> Result<model::Document> {
    extract_with(data, limits, &docx::DocxOptions::default())
}

/// Like [`extract`], with the options of DOCX extraction. The bytes are parsed once: a PDF
/// header leads to the PDF reader, a ZIP signature to the DOCX reader (which refuses packages
/// whose main part is not a WordprocessingML document with `UnsupportedFormat`).
pub fn extract_with(
    data: &[u8],
    limits: &Limits,
    options: &docx::DocxOptions,
) -> Result<model::Document> {
    if looks_like_cms(data) {
        // The text of a signed message is that of its content: the caller verifies it first.
        Err(Error::new(ErrorKind::UnsupportedFormat))
    } else if looks_like_pdf(data) {
        pdf::extract_pdf(data, limits)
    } else if data.starts_with(b"PK\x03\x04") {
        docx::extract_docx(data, limits, options)
    } else {
        Err(Error::new(ErrorKind::UnsupportedFormat))
    }
}
