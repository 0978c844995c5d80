//! Signature verification: the report model every verifier fills ([`report`]) and the entry
//! point that detects the format and dispatches. So far detached and enveloping CMS
//! (`.p7s`, `.p7m`); PDF, OOXML and edXML signatures come next.

pub mod pdf;
pub use crate::report;

use crate::error::Result;
use crate::limits::Limits;
use crate::pki::algorithm::AlgorithmPolicy;
use crate::pki::cms::{verify_cms, CmsOptions};
use crate::pki::path::TrustStore;
use crate::report::{FileInfo, VerificationReport};

/// How to verify.
#[derive(Clone, Debug)]
pub struct VerifyOptions<'a> {
    /// The content a detached signature signs.
    pub detached_content: Option<&'a [u8]>,
    /// Or, instead of the content, its digests (see [`crate::pki::cms::detached_digests_needed`]).
    pub detached_digests: &'a [(crate::pki::algorithm::DigestAlgorithm, Vec<u8>)],
    /// Digests of the bytes PDF signatures cover, computed by the caller (see
    /// [`pdf::digests_needed`]); those not given are computed by the core.
    pub range_digests: &'a [pdf::RangeDigest],
    /// The file's SHA-256 (hex) for the report, when the caller computed it natively; computed
    /// here otherwise.
    pub file_sha256: Option<&'a str>,
    /// The anchors (the Vietnamese ones by default: [`TrustStore::vietnam`]).
    pub trust: &'a TrustStore,
    /// The validation time, seconds since 1970 (the core reads no clock: the caller passes
    /// "now" or the time to validate at).
    pub at: i64,
    /// The algorithm policy.
    pub policy: &'a AlgorithmPolicy,
    /// Limits.
    pub limits: &'a Limits,
    /// The path-search work left for this verification (steps and issuer signatures checked,
    /// see [`crate::pki::cms::PATH_SEARCH_BUDGET`]), shared by every signature and timestamp
    /// of one file; `None`: a budget of its own.
    pub path_budget: Option<&'a core::cell::Cell<usize>>,
}

impl<'a> VerifyOptions<'a> {
    /// Options with the anchors, time, policy and limits, and no content, digests or file hash
    /// given (set those fields when there are).
    pub fn new(
        trust: &'a TrustStore,
        at: i64,
        policy: &'a AlgorithmPolicy,
        limits: &'a Limits,
    ) -> Self {
        Self {
            detached_content: None,
            detached_digests: &[],
            range_digests: &[],
            file_sha256: None,
            trust,
            at,
            policy,
            limits,
            path_budget: None,
        }
    }
}

/// Verifies the signatures of `data` (named `name`, as the caller knows it). `Err` only when
/// the input cannot be read as a supported signed format; a bad signature is a report.
pub fn verify(data: &[u8], name: &str, options: &VerifyOptions<'_>) -> Result<VerificationReport> {
    verify_marked(data, name, options, None)
}

/// [`verify`] of a PDF read before (for [`pdf::digests_needed_marked`]): its marks spare the
/// second scan of the file.
pub fn verify_marked(
    data: &[u8],
    name: &str,
    options: &VerifyOptions<'_>,
    marks: Option<crate::container::pdf::Marks>,
) -> Result<VerificationReport> {
    options.limits.check_input_len(data.len() as u64)?;
    let sha256 = match options.file_sha256 {
        Some(hex) if hex.len() == 64 && hex.bytes().all(|c| c.is_ascii_hexdigit()) => {
            hex.to_ascii_lowercase()
        }
        _ => crate::hash::digest(crate::hash::Algorithm::Sha256, data).to_hex(),
    };
    if crate::container::format::detect(data) == Some(crate::container::format::Format::Pdf) {
        let (signatures, summary) = pdf::verify_pdf(data, options, marks)?;
        return Ok(VerificationReport {
            file: FileInfo {
                name: name.to_owned(),
                size: data.len() as u64,
                format: "pdf".to_owned(),
                sha256,
            },
            signatures,
            document: Some(summary),
        });
    }
    let signatures = verify_cms(
        data,
        &CmsOptions {
            detached_content: options.detached_content,
            detached_digests: options.detached_digests,
            certificates: &[],
            trust: options.trust,
            at: options.at,
            policy: options.policy,
            limits: options.limits,
            revocation: &crate::pki::revocation::RevocationData::default(),
            path_budget: options.path_budget,
        },
    )?;
    Ok(VerificationReport {
        file: FileInfo {
            name: name.to_owned(),
            size: data.len() as u64,
            format: "cms".to_owned(),
            sha256,
        },
        signatures,
        document: None,
    })
}

pub use crate::time::parse_rfc3339;
