//! CMS SignedData (RFC 5652) verification: enveloping (`.p7m`) and detached (`.p7s`) messages.
//!
//! For each SignerInfo: the digest of the content (the encapsulated content, or the detached
//! content the caller gives) is compared with the signed `messageDigest`; the signature is
//! verified over the signed attributes exactly as they stand in the message, re-tagged as the
//! DER `SET OF` they must be (a BER-encoded set of signed attributes is a format failure), or
//! over the content itself when there are none; the signer's certificate is found by issuer and
//! serial number or by subject key identifier among the message's certificates; the algorithm
//! policy is applied; a certification path to the trust store is sought at the validation time.
//! Outer layers may use BER (indefinite lengths, chunked content).
//!
//! Not yet: timestamps (RFC 3161), revocation data (embedded CRLs and OCSP responses: every
//! signature says so and stays INDETERMINATE / TRY_LATER), signingCertificate(V2) matching,
//! counter-signatures.

use const_oid::ObjectIdentifier;
use der::Decode;

use super::algorithm::{AlgorithmPolicy, DigestAlgorithm, SignatureAlgorithm, WeakOutcome};
use super::ber::{children, definite_throughout, element, is_der, octets, Element};
use super::cert::{base64_decode, Certificate};
use super::path::{validate, when, PathError, PathOptions, Purpose, TrustStore};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use crate::verify::report::{
    CertificateInfo, CheckResult, Coverage, SignatureReport, SubIndication,
};

const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// How to verify.
#[derive(Clone, Debug)]
pub struct CmsOptions<'a> {
    /// The content of a detached signature.
    pub detached_content: Option<&'a [u8]>,
    /// Certificates the caller adds to those of the message (a signer's certificate the
    /// message lacks, intermediates).
    pub certificates: &'a [Certificate],
    /// The anchors.
    pub trust: &'a TrustStore,
    /// The validation time, seconds since 1970 (the core reads no clock).
    pub at: i64,
    /// The algorithm policy.
    pub policy: &'a AlgorithmPolicy,
    /// Limits (depth, signatures, chain length).
    pub limits: &'a Limits,
}

fn malformed(what: &'static str) -> Error {
    Error::new(ErrorKind::Malformed { what })
}

fn oid_of(e: &Element<'_>) -> Option<ObjectIdentifier> {
    (e.tag == 0x06)
        .then(|| ObjectIdentifier::from_der(e.raw).ok())
        .flatten()
}

/// An AlgorithmIdentifier: its OID and the DER of its parameters.
fn algorithm_identifier<'a>(
    e: &Element<'a>,
    depth: usize,
) -> Option<(ObjectIdentifier, Option<&'a [u8]>)> {
    let kids = children(e.body, depth).ok()?;
    let oid = oid_of(kids.first()?)?;
    let params = kids.get(1).map(|p| p.raw).filter(|p| *p != [0x05, 0x00]);
    Some((oid, params))
}

pub(crate) fn cert_info(c: &Certificate) -> CertificateInfo {
    let (from, to) = c.validity();
    CertificateInfo {
        subject: c.subject(),
        issuer: c.issuer(),
        serial: c.serial_hex(),
        sha256: crate::hash::to_hex(c.sha256()),
        not_before: when(from),
        not_after: when(to),
    }
}

/// The message's DER/BER, from DER/BER bytes or PEM (`PKCS7`, `CMS`).
fn message_bytes(data: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>> {
    if data.first() == Some(&0x30) {
        return Ok(std::borrow::Cow::Borrowed(data));
    }
    let text = core::str::from_utf8(data).map_err(|_| Error::new(ErrorKind::UnsupportedFormat))?;
    let start = text
        .find("-----BEGIN")
        .and_then(|s| text.get(s..)?.find('\n').map(|n| s + n))
        .ok_or(Error::new(ErrorKind::UnsupportedFormat))?;
    let end = text
        .get(start..)
        .and_then(|t| t.find("-----END"))
        .ok_or_else(|| malformed("PEM"))?;
    let b64: String = text
        .get(start..start + end)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64_decode(&b64)
        .map(std::borrow::Cow::Owned)
        .ok_or_else(|| malformed("PEM base64"))
}

/// Verifies every signer of a CMS SignedData message. `Err` only when the bytes are not a
/// SignedData message at all (or pass the input limit); everything about a signature goes into
/// its report.
pub fn verify_cms(data: &[u8], options: &CmsOptions<'_>) -> Result<Vec<SignatureReport>> {
    options.limits.check_input_len(data.len() as u64)?;
    let depth = options.limits.max_depth as usize;
    let bytes = message_bytes(data)?;
    let ci = element(&bytes, depth)?;
    let ci_kids = children(ci.body, depth)?;
    match ci_kids.first().and_then(oid_of) {
        Some(o) if o.to_string() == SIGNED_DATA => {}
        _ => return Err(Error::new(ErrorKind::UnsupportedFormat)),
    }
    let content = ci_kids
        .get(1)
        .filter(|e| e.tag == 0xa0)
        .ok_or_else(|| malformed("CMS ContentInfo without content"))?;
    let sd = children(content.body, depth)?
        .into_iter()
        .next()
        .ok_or_else(|| malformed("CMS SignedData"))?;
    let parts = children(sd.body, depth)?;
    let encap = parts
        .get(2)
        .filter(|e| e.tag == 0x30)
        .ok_or_else(|| malformed("CMS EncapsulatedContentInfo"))?;
    let encap_kids = children(encap.body, depth)?;
    let econtent_type = encap_kids.first().and_then(oid_of);
    let econtent = match encap_kids.get(1).filter(|e| e.tag == 0xa0) {
        Some(wrapper) => match children(wrapper.body, depth)?.first() {
            Some(os) => Some(octets(os, depth)?),
            None => None,
        },
        None => None,
    };
    let mut certificates = options.certificates.to_vec();
    let mut signer_infos = None;
    for part in parts.iter().skip(3) {
        match part.tag {
            0xa0 => {
                for c in children(part.body, depth)? {
                    if c.tag == 0x30 && definite_throughout(&c, depth) {
                        if let Ok(cert) = Certificate::from_der(c.raw) {
                            certificates.push(cert);
                        }
                    }
                }
            }
            0x31 => signer_infos = Some(*part),
            _ => {}
        }
    }
    let signer_infos =
        signer_infos.ok_or_else(|| malformed("CMS SignedData without signerInfos"))?;
    let infos = children(signer_infos.body, depth)?;
    if infos.len() > options.limits.max_signatures as usize {
        return Err(Error::new(ErrorKind::LimitExceeded {
            what: "max_signatures",
        }));
    }
    let (content, coverage) = match (&econtent, options.detached_content) {
        (Some(c), _) => (Some(c.as_slice()), Coverage::EntireFile),
        (None, Some(d)) => (Some(d), Coverage::EntireFile),
        (None, None) => (None, Coverage::Partial),
    };
    Ok(infos
        .iter()
        .map(|si| {
            verify_signer(
                si,
                &certificates,
                content,
                coverage,
                econtent_type.as_ref(),
                options,
            )
        })
        .collect())
}

#[allow(clippy::too_many_lines)]
fn verify_signer(
    si: &Element<'_>,
    certificates: &[Certificate],
    content: Option<&[u8]>,
    coverage: Coverage,
    econtent_type: Option<&ObjectIdentifier>,
    options: &CmsOptions<'_>,
) -> SignatureReport {
    let depth = options.limits.max_depth as usize;
    let mut r = SignatureReport::default();
    let format = |r: &mut SignatureReport, detail: &str| {
        r.check(
            "format",
            CheckResult::Failed(SubIndication::FormatFailure),
            detail.to_owned(),
        );
    };
    let Ok(kids) = children(si.body, depth) else {
        format(&mut r, "the SignerInfo cannot be read");
        return r;
    };
    let mut it = kids.iter().skip(1); // version
    let (Some(sid), Some(digest_alg)) = (it.next(), it.next()) else {
        format(&mut r, "the SignerInfo is incomplete");
        return r;
    };
    let mut next = it.next();
    let signed_attrs = next.filter(|e| e.tag == 0xa0).copied();
    if signed_attrs.is_some() {
        next = it.next();
    }
    let (Some(sig_alg), Some(signature)) = (next, it.next()) else {
        format(&mut r, "the SignerInfo has no signature algorithm or value");
        return r;
    };
    let Ok(signature) = octets(signature, depth) else {
        format(&mut r, "the signature value cannot be read");
        return r;
    };
    // The signer's certificate.
    let signer = match sid.tag {
        0x30 => children(sid.body, depth).ok().and_then(|k| {
            let (issuer, serial) = (k.first()?, k.get(1)?);
            certificates
                .iter()
                .find(|c| c.issuer_der() == issuer.raw && c.serial() == serial.body)
        }),
        0x80 => certificates
            .iter()
            .find(|c| c.subject_key_id() == Some(sid.body)),
        _ => None,
    };
    if let Some(c) = signer {
        r.signer = Some(cert_info(c));
    }
    // Algorithms.
    let digest =
        algorithm_identifier(digest_alg, depth).and_then(|(o, _)| DigestAlgorithm::from_oid(&o));
    let Some(digest) = digest else {
        r.check(
            "digestAlgorithm",
            CheckResult::Indeterminate(SubIndication::Unsupported),
            "the digest algorithm is not one vanban supports",
        );
        return r;
    };
    let algorithm = algorithm_identifier(sig_alg, depth)
        .and_then(|(o, p)| SignatureAlgorithm::from_identifier(&o, p, Some(digest)));
    let Some(algorithm) = algorithm else {
        r.check(
            "signatureAlgorithm",
            CheckResult::Indeterminate(SubIndication::Unsupported),
            "the signature algorithm is not one vanban supports",
        );
        return r;
    };
    // Signed attributes: what is signed, and the message digest.
    let signed_bytes: Option<Vec<u8>> = match signed_attrs {
        Some(attrs) => {
            // Signed attributes must be DER as they stand: the signature is over their DER
            // encoding, and a verifier that re-encoded them would check other bytes.
            let mut as_set = attrs;
            as_set.tag = 0x31;
            if !is_der(&as_set, depth) {
                r.intact = Some(false);
                r.check(
                    "signedAttributes",
                    CheckResult::Failed(SubIndication::FormatFailure),
                    "the signed attributes are not DER-encoded (RFC 5652 §5.3 asks DER; their \
                     signature does not stand for a DER encoding)",
                );
                return r;
            }
            let mut attr_digest = Vec::new();
            let mut content_types = Vec::new();
            for a in children(attrs.body, depth).unwrap_or_default() {
                let parts = children(a.body, depth).unwrap_or_default();
                let (Some(id), Some(values)) = (parts.first().and_then(oid_of), parts.get(1))
                else {
                    continue;
                };
                let values = children(values.body, depth).unwrap_or_default();
                match id.to_string().as_str() {
                    MESSAGE_DIGEST => attr_digest.extend(values.iter().map(|v| v.body.to_vec())),
                    CONTENT_TYPE => content_types.extend(values.iter().filter_map(oid_of)),
                    SIGNING_TIME => {
                        if let Some(v) = values.first() {
                            r.claimed_signing_time = parse_time(v);
                        }
                    }
                    _ => {}
                }
            }
            if attr_digest.len() != 1 || content_types.len() != 1 {
                r.check(
                    "signedAttributes",
                    CheckResult::Failed(SubIndication::FormatFailure),
                    format!(
                        "the signed attributes must hold exactly one messageDigest and one \
                         contentType (found {} and {})",
                        attr_digest.len(),
                        content_types.len()
                    ),
                );
                return r;
            }
            if econtent_type.is_some_and(|t| Some(t) != content_types.first()) {
                r.check(
                    "contentType",
                    CheckResult::Failed(SubIndication::FormatFailure),
                    "the signed contentType differs from the encapsulated content's type",
                );
                return r;
            }
            match content {
                Some(c) => {
                    let ok = attr_digest.first().is_some_and(|d| *d == digest.digest(c));
                    r.intact = Some(ok);
                    r.coverage = Some(coverage);
                    r.check(
                        "messageDigest",
                        if ok {
                            CheckResult::Passed
                        } else {
                            CheckResult::Failed(SubIndication::HashFailure)
                        },
                        format!(
                            "the content's {} {} the signed messageDigest",
                            digest.name(),
                            if ok { "equals" } else { "differs from" }
                        ),
                    );
                }
                None => r.check(
                    "messageDigest",
                    CheckResult::Indeterminate(SubIndication::SignedDataNotFound),
                    "the signature is detached and its content was not given",
                ),
            }
            let mut set = attrs.raw.to_vec();
            if let Some(first) = set.first_mut() {
                *first = 0x31;
            }
            Some(set)
        }
        None => content.map(<[u8]>::to_vec),
    };
    let Some(signer) = signer else {
        r.check(
            "signerCertificate",
            CheckResult::Indeterminate(SubIndication::NoSigningCertificateFound),
            "the signer's certificate is not in the message",
        );
        return r;
    };
    let key = match signer.public_key() {
        Ok(k) => k,
        Err(_) => {
            r.check(
                "signerCertificate",
                CheckResult::Indeterminate(SubIndication::Unsupported),
                "the signer's key is of a type vanban does not support",
            );
            return r;
        }
    };
    r.check(
        "signerCertificate",
        CheckResult::Passed,
        format!("found: \"{}\" ({})", signer.subject(), key.describe()),
    );
    match signed_bytes {
        Some(bytes) => {
            let ok = key.verify(algorithm, &bytes, &signature);
            r.signature_valid = Some(ok);
            if signed_attrs.is_none() {
                // Without signed attributes the signature covers the content itself.
                r.intact = Some(ok);
                r.coverage = Some(coverage);
            }
            r.check(
                "signatureValue",
                if ok {
                    CheckResult::Passed
                } else {
                    CheckResult::Failed(SubIndication::SigCryptoFailure)
                },
                format!(
                    "{} {} with the signer's key",
                    algorithm.name(),
                    if ok { "verifies" } else { "does not verify" }
                ),
            );
        }
        None => r.check(
            "signatureValue",
            CheckResult::Indeterminate(SubIndication::SignedDataNotFound),
            "the signature is detached and its content was not given",
        ),
    }
    let weaknesses = options.policy.weaknesses(algorithm, key);
    for w in &weaknesses {
        r.warnings.push(w.clone());
        r.check(
            "algorithmPolicy",
            match options.policy.weak {
                WeakOutcome::Warning => CheckResult::Warning,
                WeakOutcome::Indeterminate => {
                    CheckResult::Indeterminate(SubIndication::CryptoConstraintsFailure)
                }
            },
            w.clone(),
        );
    }
    if weaknesses.is_empty() {
        r.check(
            "algorithmPolicy",
            CheckResult::Passed,
            format!(
                "{} with {} meets the policy",
                algorithm.name(),
                key.describe()
            ),
        );
    }
    let path_options = PathOptions {
        at: options.at,
        purpose: Purpose::DocumentSigning,
        max_len: options.limits.max_chain_length as usize,
    };
    match validate(signer, certificates, options.trust, &path_options) {
        Ok(path) => {
            r.chain = path.certificates.iter().map(cert_info).collect();
            r.trust_anchor = path.certificates.last().map(Certificate::subject);
            r.check(
                "certificatePath",
                CheckResult::Passed,
                format!(
                    "a path of {} certificate(s) to the trusted \"{}\", valid at {}",
                    path.certificates.len(),
                    r.trust_anchor.clone().unwrap_or_default(),
                    when(options.at)
                ),
            );
        }
        Err(e) => {
            let (result, detail) = match e {
                PathError::NoChain(d) => (
                    CheckResult::Indeterminate(SubIndication::NoCertificateChainFound),
                    d,
                ),
                PathError::OutOfBounds(d) => (
                    CheckResult::Indeterminate(SubIndication::OutOfBoundsNoPoe),
                    d,
                ),
                PathError::Invalid(d) => (
                    CheckResult::Failed(SubIndication::ChainConstraintsFailure),
                    d,
                ),
                PathError::Unsupported(d) => {
                    (CheckResult::Indeterminate(SubIndication::Unsupported), d)
                }
            };
            r.check("certificatePath", result, detail);
        }
    }
    r.check(
        "revocation",
        CheckResult::Indeterminate(SubIndication::TryLater),
        "revocation status not established: vanban does not evaluate CRLs and OCSP responses yet",
    );
    r
}

/// UTCTime or GeneralizedTime → RFC 3339.
fn parse_time(e: &Element<'_>) -> Option<String> {
    let s = core::str::from_utf8(e.body).ok()?;
    let digits = s.strip_suffix('Z')?;
    let (year, rest) = match e.tag {
        0x17 => {
            let yy: u32 = digits.get(..2)?.parse().ok()?;
            (
                if yy >= 50 { 1900 + yy } else { 2000 + yy },
                digits.get(2..)?,
            )
        }
        0x18 => (digits.get(..4)?.parse().ok()?, digits.get(4..)?),
        _ => return None,
    };
    let field = |i: usize| rest.get(i..i + 2);
    Some(format!(
        "{year:04}-{}-{}T{}:{}:{}Z",
        field(0)?,
        field(2)?,
        field(4)?,
        field(6)?,
        field(8).unwrap_or("00")
    ))
}
