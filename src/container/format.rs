//! The format of a document, detected from its bytes (never from a file name): what the
//! readers above (`extract`, `verify`) dispatch on.

use crate::limits::Limits;

/// Formats a document can be read from, detected by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// A WordprocessingML package.
    Docx,
    /// A PDF file.
    Pdf,
    /// A CMS signed message (`.p7s`, `.p7m`): DER `ContentInfo` of type signedData. It wins
    /// over `%PDF-` in its first KiB (an enveloping `.p7m` of a PDF holds the PDF near its start).
    Cms,
}

/// Detects the format from the bytes, never from a file name: a ZIP whose entries include
/// `word/` parts and `[Content_Types].xml` is DOCX; `%PDF-` in the first KiB is PDF.
pub fn detect(data: &[u8]) -> Option<Format> {
    if looks_like_cms(data) {
        return Some(Format::Cms);
    }
    if looks_like_pdf(data) {
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

/// `SEQUENCE { OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (signedData), ...`: the start of a CMS
/// `ContentInfo`, with a definite (short or long form) or indefinite length.
pub fn looks_like_cms(data: &[u8]) -> bool {
    const SIGNED_DATA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    let header = match data.get(1) {
        Some(&b) if data.first() == Some(&0x30) && b <= 0x80 => 2,
        Some(&b) if data.first() == Some(&0x30) && (0x81..=0x84).contains(&b) => {
            2 + usize::from(b & 0x7f)
        }
        _ => return false,
    };
    data.get(header..)
        .is_some_and(|rest| rest.starts_with(SIGNED_DATA))
}

/// `%PDF-` in the first KiB (where readers look for the header).
pub fn looks_like_pdf(data: &[u8]) -> bool {
    data.get(..1024.min(data.len()))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"))
}
