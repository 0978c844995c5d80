//! Signature verification: the report model every verifier fills ([`report`]) and the entry
//! point that detects the format and dispatches. So far detached and enveloping CMS
//! (`.p7s`, `.p7m`); PDF, OOXML and edXML signatures come next.

pub mod pdf;
pub mod report;

use crate::error::Result;
use crate::limits::Limits;
use crate::pki::algorithm::AlgorithmPolicy;
use crate::pki::cms::{verify_cms, CmsOptions};
use crate::pki::path::TrustStore;
use report::{FileInfo, VerificationReport};

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
    if crate::extract::detect(data) == Some(crate::extract::Format::Pdf) {
        return Ok(VerificationReport {
            file: FileInfo {
                name: name.to_owned(),
                size: data.len() as u64,
                format: "pdf".to_owned(),
                sha256,
            },
            signatures: pdf::verify_pdf(data, options, marks)?,
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
    })
}

/// An RFC 3339 date-time (`2020-11-01T00:00:00Z`, `…+07:00`, fractions ignored) → seconds since
/// 1970; `None` when it is not one.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (y, mo, d, h, mi, se) = (
        num(0, 4)?,
        num(5, 2)?,
        num(8, 2)?,
        num(11, 2)?,
        num(14, 2)?,
        num(17, 2)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + se - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2020-11-01T00:00:00Z"), Some(1_604_188_800));
        assert_eq!(
            parse_rfc3339("2020-11-01T07:00:00.123+07:00"),
            Some(1_604_188_800)
        );
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "2020-13-01T00:00:00Z",
            "2020-11-01",
            "yesterday",
            "2020-11-01T00:00:00+7",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
