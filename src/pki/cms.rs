//! CMS SignedData (RFC 5652) verification: enveloping (`.p7m`) and detached (`.p7s`) messages.
//!
//! For each SignerInfo: the digest of the content (the encapsulated content, or the detached
//! content the caller gives) is compared with the signed `messageDigest`; the signature is
//! verified over the DER encoding of the signed attributes, re-tagged as the `SET OF` they are
//! (their bytes as they stand when those are DER; their re-encoding, with a warning, when not —
//! as DSS does), or over the content itself when there are none; the signer's certificate is
//! found by issuer and serial number or by subject key identifier among the message's
//! certificates; the algorithm policy is applied; a certification path to the trust store is
//! sought at the validation time.
//! Outer layers may use BER (indefinite lengths, chunked content).
//!
//!
//! The signed `signingCertificate` / `signingCertificateV2` attribute, when present, binds the
//! signer's certificate: the certificate used must be the one it names (by hash, and by issuer
//! and serial when given), else INDETERMINATE / NO_SIGNING_CERTIFICATE_FOUND.
//!
//! RFC 3161 timestamps (see [`super::tsp`]) in the unsigned attributes are verified as CMS
//! messages of their own: the imprint against the signature value, the TSA's signature, its
//! path with id-kp-timeStamping, its status at genTime. A verified signature timestamp is proof
//! that the signature existed at genTime: a signer certificate expired since is then validated
//! at that time, and revocation is asked for that time. A timestamp that does not verify is a
//! warning and proves nothing; content timestamps are checked against the content; archive
//! timestamps are listed, not evaluated.
//!
//! Revocation ([`super::revocation`]) is evaluated for every certificate of the path but the
//! anchor, from the data the message carries (`crls`, OCSP responses, Adobe's
//! revocationInfoArchival, CAdES revocationValues) and the caller's. Without data that speaks
//! for the time in question it is INDETERMINATE / TRY_LATER, never passed.
//!
//! Counter-signatures are verified over the signature value they countersign and reported
//! after it (`counter_signature_of`).
//!
//! Not evaluated: archive-timestamp imprints, signature policies.

use std::collections::HashSet;

use const_oid::ObjectIdentifier;
use der::Decode;

use super::algorithm::{
    AlgorithmPolicy, DigestAlgorithm, PublicKey, SignatureAlgorithm, WeakOutcome,
};
use super::ber::{children, definite_throughout, element, is_der, octets, time, Element};
use super::cert::{base64_decode, Certificate};
use super::path::{validate_within, PathError, PathOptions, Purpose, TrustStore};
use super::revocation::{self, reason_name, RevocationData, Status};
use super::tsp;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;
use crate::report::{
    CertificateInfo, CheckResult, Coverage, Indication, SignatureReport, SubIndication,
    TimestampKind,
};
use crate::time::when;

const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
const SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const COUNTER_SIGNATURE: &str = "1.2.840.113549.1.9.6";
const CMS_ALGORITHM_PROTECTION: &str = "1.2.840.113549.1.9.52";
const ADBE_REVOCATION_INFO: &str = "1.2.840.113583.1.1.8";
const CONTENT_TIMESTAMP: &str = "1.2.840.113549.1.9.16.2.20";
const SIGNATURE_TIMESTAMP: &str = "1.2.840.113549.1.9.16.2.14";
const CERTIFICATE_VALUES: &str = "1.2.840.113549.1.9.16.2.23";
const REVOCATION_VALUES: &str = "1.2.840.113549.1.9.16.2.24";
/// escTimeStamp, certCRLTimestamp, archiveTimestamp (v1, v2) and archiveTimestampV3.
const ARCHIVE_TIMESTAMPS: [&str; 5] = [
    "1.2.840.113549.1.9.16.2.25",
    "1.2.840.113549.1.9.16.2.26",
    "1.2.840.113549.1.9.16.2.27",
    "1.2.840.113549.1.9.16.2.48",
    "0.4.0.1733.2.4",
];
const ID_RI_OCSP_RESPONSE: &str = "1.3.6.1.5.5.7.16.2";

/// How to verify.
#[derive(Clone, Debug)]
pub struct CmsOptions<'a> {
    /// The content of a detached signature.
    pub detached_content: Option<&'a [u8]>,
    /// Instead of the content: its digests, computed by the caller (a browser's native
    /// WebCrypto is several times faster than hashing in wasm). Enough for signers with signed
    /// attributes; a signer without them signs the content itself and needs the bytes. See
    /// [`detached_digests_needed`].
    pub detached_digests: &'a [(DigestAlgorithm, Vec<u8>)],
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
    /// Revocation data the caller adds (a PDF's DSS, data fetched by the portal).
    pub revocation: &'a RevocationData,
    /// The path-search work the whole verification may spend (shared by a PDF's signatures);
    /// `None`: a budget of its own for this message.
    pub path_budget: Option<&'a core::cell::Cell<usize>>,
}

/// The path-search work (steps and issuer signatures verified) one verification may spend.
pub const PATH_SEARCH_BUDGET: usize = 5_000;

fn malformed(what: &'static str) -> Error {
    Error::new(ErrorKind::Malformed { what })
}

pub(crate) fn oid_of(e: &Element<'_>) -> Option<ObjectIdentifier> {
    (e.tag == 0x06)
        .then(|| ObjectIdentifier::from_der(e.raw).ok())
        .flatten()
}

/// An AlgorithmIdentifier: its OID and the DER of its parameters.
pub(crate) fn algorithm_identifier<'a>(
    e: &Element<'a>,
    depth: usize,
) -> Option<(ObjectIdentifier, Option<&'a [u8]>)> {
    let kids = children(e.body, depth).ok()?;
    let oid = oid_of(kids.first()?)?;
    let params = kids.get(1).map(|p| p.raw).filter(|p| *p != [0x05, 0x00]);
    Some((oid, params))
}

/// Records what the algorithm policy found weak: each a warning and an `algorithmPolicy` check,
/// a warning or INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE as the policy says.
fn policy_checks(r: &mut SignatureReport, weaknesses: &[String], policy: &AlgorithmPolicy) {
    for w in weaknesses {
        r.warnings.push(w.clone());
        r.check(
            "algorithmPolicy",
            match policy.weak {
                WeakOutcome::Warning => CheckResult::Warning,
                WeakOutcome::Indeterminate => {
                    CheckResult::Indeterminate(SubIndication::CryptoConstraintsFailure)
                }
            },
            "algorithmPolicy.weak",
            &[],
            w.clone(),
        );
    }
}

/// What the policy finds weak in a path (signer first, anchor last) beyond the signer's own
/// signature: a certificate signed with a weak digest (the anchor's self-signature aside) and a
/// CA key (the anchor's included) below the policy's size.
fn path_weaknesses(path: &[Certificate], policy: &AlgorithmPolicy) -> Vec<String> {
    let mut out = Vec::new();
    for (k, cert) in path.iter().enumerate() {
        let anchor = k + 1 == path.len();
        if !anchor
            && policy.sha1_is_weak
            && cert.signature_algorithm().and_then(|a| a.digest()) == Some(DigestAlgorithm::Sha1)
        {
            out.push(format!(
                "the certificate \"{}\" is signed with SHA-1: collisions are practical, so a \
                 certificate of another key could carry the same signature",
                cert.subject()
            ));
        }
        if k > 0 {
            if let Ok(key @ PublicKey::Rsa(_)) = cert.public_key() {
                if key.bits() < policy.min_rsa_bits {
                    out.push(format!(
                        "the CA key of \"{}\" has {} bits, fewer than the {} the policy asks",
                        cert.subject(),
                        key.bits(),
                        policy.min_rsa_bits
                    ));
                }
            }
        }
    }
    out
}

/// The fingerprints of `certs`, to add others without a quadratic search.
pub(crate) fn fingerprints(certs: &[Certificate]) -> HashSet<Vec<u8>> {
    certs.iter().map(|c| c.sha256().to_vec()).collect()
}

/// Adds `cert` to `list` unless one with its fingerprint is there (`seen`: the fingerprints of
/// `list`): linear in the number of certificates, where a search of the list was quadratic.
pub(crate) fn add_unique(
    list: &mut Vec<Certificate>,
    seen: &mut HashSet<Vec<u8>>,
    cert: Certificate,
) {
    if seen.insert(cert.sha256().to_vec()) {
        list.push(cert);
    }
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

/// What a signature or a timestamp covers: the bytes, or only their digests.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Covered<'a> {
    /// The bytes.
    Bytes(&'a [u8]),
    /// Digests of the bytes, by algorithm.
    Digests(&'a [(DigestAlgorithm, Vec<u8>)]),
}

impl<'a> Covered<'a> {
    /// The digest with `alg`, if it can be had.
    pub fn digest(&self, alg: DigestAlgorithm) -> Option<Vec<u8>> {
        match self {
            Self::Bytes(b) => Some(alg.digest(b)),
            Self::Digests(d) => d.iter().find(|(a, _)| *a == alg).map(|(_, v)| v.clone()),
        }
    }

    /// The bytes, when given.
    pub fn bytes(self) -> Option<&'a [u8]> {
        match self {
            Self::Bytes(b) => Some(b),
            Self::Digests(_) => None,
        }
    }
}

/// The digest algorithms of a detached message's signers, when their digests are enough to
/// verify it (every signer has signed attributes; content timestamps add theirs); `None` when
/// the content itself is needed or the message is not a detached SignedData.
pub fn detached_digests_needed(data: &[u8], limits: &Limits) -> Option<Vec<DigestAlgorithm>> {
    let depth = limits.max_depth as usize;
    let bytes = message_bytes(data).ok()?;
    let sd = signed_data(&bytes, limits).ok()?;
    if sd.econtent.is_some() {
        return None;
    }
    let mut out = Vec::new();
    for si in &sd.signer_infos {
        let parts = signer_parts(si, depth).ok()?;
        let attrs = parts.signed_attrs?;
        let alg = algorithm_identifier(&parts.digest_alg, depth)
            .and_then(|(o, _)| DigestAlgorithm::from_oid(&o))?;
        out.push(alg);
        for (id, values) in attributes(&attrs, depth) {
            if id == CONTENT_TIMESTAMP {
                for v in values {
                    out.extend(tsp::imprint_algorithm(v.raw, limits));
                }
            }
        }
    }
    out.sort_by_key(|a| a.name());
    out.dedup();
    Some(out)
}

/// What a detached signature's signers claim its content hashes to: each signer's
/// messageDigest with its digest algorithm, and a content timestamp's imprint — one value per
/// algorithm (the first found). `None` when the message is not a detached SignedData whose
/// signers all have signed attributes. Only a guess to verify ahead with (see
/// `verify::pdf::plan`): it proves nothing until the content's real digest equals it.
pub(crate) fn claimed_digests(
    data: &[u8],
    limits: &Limits,
) -> Option<Vec<(DigestAlgorithm, Vec<u8>)>> {
    let depth = limits.max_depth as usize;
    let bytes = message_bytes(data).ok()?;
    let sd = signed_data(&bytes, limits).ok()?;
    if sd.econtent.is_some() {
        return None;
    }
    let mut out: Vec<(DigestAlgorithm, Vec<u8>)> = Vec::new();
    let mut add = |alg: DigestAlgorithm, value: Vec<u8>| {
        if !out.iter().any(|(a, _)| *a == alg) {
            out.push((alg, value));
        }
    };
    for si in &sd.signer_infos {
        let parts = signer_parts(si, depth).ok()?;
        let attrs = parts.signed_attrs?;
        let alg = algorithm_identifier(&parts.digest_alg, depth)
            .and_then(|(o, _)| DigestAlgorithm::from_oid(&o))?;
        for (id, values) in attributes(&attrs, depth) {
            if id == MESSAGE_DIGEST {
                if let Some(v) = values.first() {
                    add(alg, v.body.to_vec());
                }
            } else if id == CONTENT_TIMESTAMP {
                for v in values {
                    if let Some((alg, hashed, _)) = tsp::imprint(v.raw, limits) {
                        add(alg, hashed);
                    }
                }
            }
        }
    }
    Some(out)
}

/// A SignedData message, read.
pub(crate) struct SignedData<'a> {
    /// eContentType.
    pub econtent_type: Option<ObjectIdentifier>,
    /// The encapsulated content, if any.
    pub econtent: Option<Vec<u8>>,
    /// The message's certificates.
    pub certificates: Vec<Certificate>,
    /// CRLs and OCSP responses of the message's `crls`.
    pub revocation: RevocationData,
    /// The SignerInfos.
    pub signer_infos: Vec<Element<'a>>,
}

/// Reads a ContentInfo holding SignedData.
pub(crate) fn signed_data<'a>(bytes: &'a [u8], limits: &Limits) -> Result<SignedData<'a>> {
    let depth = limits.max_depth as usize;
    let ci = element(bytes, depth)?;
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
    let mut certificates = Vec::new();
    let mut seen = HashSet::new();
    let mut revocation = RevocationData::default();
    let mut signer_infos = None;
    for part in parts.iter().skip(3) {
        match part.tag {
            0xa0 => {
                let listed = children(part.body, depth)?;
                if listed.len() > limits.max_certificates as usize {
                    return Err(Error::new(ErrorKind::LimitExceeded {
                        what: "max_certificates",
                    }));
                }
                for c in listed {
                    if c.tag == 0x30 && definite_throughout(&c, depth) {
                        if let Ok(cert) = Certificate::from_der(c.raw) {
                            add_unique(&mut certificates, &mut seen, cert);
                        }
                    }
                }
            }
            0xa1 => {
                // RevocationInfoChoices: CertificateList, or other [1] { format, info }.
                for r in children(part.body, depth)? {
                    match r.tag {
                        0x30 => revocation.crls.push(r.raw.to_vec()),
                        0xa1 => {
                            let kids = children(r.body, depth).unwrap_or_default();
                            if kids
                                .first()
                                .and_then(oid_of)
                                .map(|o| o.to_string())
                                .as_deref()
                                == Some(ID_RI_OCSP_RESPONSE)
                            {
                                if let Some(resp) = kids.get(1) {
                                    revocation.ocsp.push(resp.raw.to_vec());
                                }
                            }
                        }
                        _ => {}
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
    if infos.len() > limits.max_signatures as usize {
        return Err(Error::new(ErrorKind::LimitExceeded {
            what: "max_signatures",
        }));
    }
    Ok(SignedData {
        econtent_type,
        econtent,
        certificates,
        revocation,
        signer_infos: infos,
    })
}

/// Verifies every signer of a CMS SignedData message. `Err` only when the bytes are not a
/// SignedData message at all (or pass the input limit); everything about a signature goes into
/// its report.
pub fn verify_cms(data: &[u8], options: &CmsOptions<'_>) -> Result<Vec<SignatureReport>> {
    verify_cms_as(data, options, Purpose::DocumentSigning)
}

/// The encapsulated content of a SignedData message, if it has one.
pub(crate) fn encapsulated_content(data: &[u8], limits: &Limits) -> Option<Vec<u8>> {
    let bytes = message_bytes(data).ok()?;
    signed_data(&bytes, limits).ok()?.econtent
}

/// As [`verify_cms`], the signers' certificates checked for `purpose` (a PDF document
/// timestamp is signed by a TSA).
pub(crate) fn verify_cms_as(
    data: &[u8],
    options: &CmsOptions<'_>,
    purpose: Purpose,
) -> Result<Vec<SignatureReport>> {
    options.limits.check_input_len(data.len() as u64)?;
    let own_budget = core::cell::Cell::new(PATH_SEARCH_BUDGET);
    let with_budget;
    let options = if options.path_budget.is_some() {
        options
    } else {
        with_budget = CmsOptions {
            path_budget: Some(&own_budget),
            ..options.clone()
        };
        &with_budget
    };
    let bytes = message_bytes(data)?;
    let sd = signed_data(&bytes, options.limits)?;
    let mut certificates = sd.certificates.clone();
    let mut seen = fingerprints(&certificates);
    for c in options.certificates {
        add_unique(&mut certificates, &mut seen, c.clone());
    }
    let mut revocation = sd.revocation.clone();
    revocation.extend(options.revocation);
    let (content, coverage) = match (&sd.econtent, options.detached_content) {
        (Some(c), _) => (Some(Covered::Bytes(c)), Coverage::EntireFile),
        (None, Some(d)) => (Some(Covered::Bytes(d)), Coverage::EntireFile),
        (None, None) if !options.detached_digests.is_empty() => (
            Some(Covered::Digests(options.detached_digests)),
            Coverage::EntireFile,
        ),
        (None, None) => (None, Coverage::Partial),
    };
    let ctx = Signer {
        content,
        coverage,
        econtent_type: sd.econtent_type.as_ref(),
        certificates: &certificates,
        revocation: &revocation,
        purpose,
        reference_time: None,
        nested: false,
        counter: false,
    };
    let depth = options.limits.max_depth as usize;
    let mut reports = Vec::new();
    for si in &sd.signer_infos {
        reports.push(verify_signer(si, &ctx, options));
        // Counter-signatures (RFC 5652 §11.4), each over the signature value it countersigns,
        // reported after their signature; nested ones followed to a fixed depth, without
        // recursion.
        let mut pending = vec![(*si, reports.len() - 1, 1usize)];
        while let Some((parent, index, level)) = pending.pop() {
            let Ok(parts) = signer_parts(&parent, depth) else {
                continue;
            };
            for counter in counter_signer_infos(&parts, depth) {
                if reports.len() >= options.limits.max_signatures as usize {
                    return Err(Error::new(ErrorKind::LimitExceeded {
                        what: "max_signatures",
                    }));
                }
                let counter_ctx = Signer {
                    content: Some(Covered::Bytes(&parts.signature)),
                    coverage: Coverage::EntireFile,
                    econtent_type: None,
                    counter: true,
                    ..ctx
                };
                let mut report = verify_signer(&counter, &counter_ctx, options);
                report.counter_signature_of = Some(index);
                reports.push(report);
                if level < MAX_COUNTER_SIGNATURE_DEPTH {
                    pending.push((counter, reports.len() - 1, level + 1));
                }
            }
        }
    }
    Ok(reports)
}

/// Counter-signatures of counter-signatures followed this deep.
const MAX_COUNTER_SIGNATURE_DEPTH: usize = 4;

/// The SignerInfos of a SignerInfo's countersignature attributes.
fn counter_signer_infos<'a>(parts: &Parts<'a>, depth: usize) -> Vec<Element<'a>> {
    parts
        .unsigned_attrs
        .map(|u| attributes(&u, depth))
        .unwrap_or_default()
        .into_iter()
        .filter(|(id, _)| id == COUNTER_SIGNATURE)
        .flat_map(|(_, values)| values)
        .filter(|v| v.tag == 0x30)
        .collect()
}

/// What a SignerInfo is verified against.
pub(crate) struct Signer<'a> {
    /// The signed content (encapsulated or detached), or its digests.
    pub content: Option<Covered<'a>>,
    /// What the content is of the file.
    pub coverage: Coverage,
    /// The encapsulated content's type.
    pub econtent_type: Option<&'a ObjectIdentifier>,
    /// Certificates at hand.
    pub certificates: &'a [Certificate],
    /// Revocation data at hand.
    pub revocation: &'a RevocationData,
    /// What the signer's certificate must be good for.
    pub purpose: Purpose,
    /// The time the signer's status is asked for, when not the validation time (a timestamp
    /// token: its genTime).
    pub reference_time: Option<i64>,
    /// A timestamp token's signer: timestamps inside it are not followed.
    pub nested: bool,
    /// A counter-signature: it signs another SignerInfo's signature value.
    pub counter: bool,
}

/// The parts of a SignerInfo.
struct Parts<'a> {
    sid: Element<'a>,
    digest_alg: Element<'a>,
    signed_attrs: Option<Element<'a>>,
    sig_alg: Element<'a>,
    signature: Vec<u8>,
    unsigned_attrs: Option<Element<'a>>,
}

fn signer_parts<'a>(
    si: &Element<'a>,
    depth: usize,
) -> core::result::Result<Parts<'a>, &'static str> {
    let kids = children(si.body, depth).map_err(|_| "the SignerInfo cannot be read")?;
    let mut it = kids.iter().skip(1); // version
    let (Some(sid), Some(digest_alg)) = (it.next(), it.next()) else {
        return Err("the SignerInfo is incomplete");
    };
    let mut next = it.next();
    let signed_attrs = next.filter(|e| e.tag == 0xa0).copied();
    if signed_attrs.is_some() {
        next = it.next();
    }
    let (Some(sig_alg), Some(signature)) = (next, it.next()) else {
        return Err("the SignerInfo has no signature algorithm or value");
    };
    let signature = octets(signature, depth).map_err(|_| "the signature value cannot be read")?;
    let unsigned_attrs = it.next().filter(|e| e.tag == 0xa1).copied();
    Ok(Parts {
        sid: *sid,
        digest_alg: *digest_alg,
        signed_attrs,
        sig_alg: *sig_alg,
        signature,
        unsigned_attrs,
    })
}

/// Attributes as (type, values).
fn attributes<'a>(set: &Element<'a>, depth: usize) -> Vec<(String, Vec<Element<'a>>)> {
    children(set.body, depth)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| {
            let parts = children(a.body, depth).ok()?;
            let id = parts.first().and_then(oid_of)?.to_string();
            let values = children(parts.get(1)?.body, depth).unwrap_or_default();
            Some((id, values))
        })
        .collect()
}

/// One reference of a signingCertificate(V2) attribute.
struct CertRef<'a> {
    digest: DigestAlgorithm,
    hash: &'a [u8],
    issuer_serial: Option<(Option<&'a [u8]>, &'a [u8])>,
}

impl CertRef<'_> {
    fn matches(&self, c: &Certificate) -> bool {
        self.hash == self.digest.digest(c.der())
            && self.issuer_serial.is_none_or(|(issuer, serial)| {
                serial == c.serial()
                    && issuer.is_none_or(|i| {
                        // The same name, whatever string types encode it.
                        i == c.issuer_der()
                            || x509_cert::name::Name::from_der(i)
                                .is_ok_and(|n| n.to_string().eq_ignore_ascii_case(&c.issuer()))
                    })
            })
    }
}

/// The first ESSCertID(v2) of a signingCertificate(V2) value: `SEQUENCE { certs SEQUENCE OF
/// ESSCertID, policies … }`.
fn first_cert_ref<'a>(value: &Element<'a>, v2: bool, depth: usize) -> Option<CertRef<'a>> {
    let certs = children(value.body, depth).ok()?.into_iter().next()?;
    let first = children(certs.body, depth).ok()?.into_iter().next()?;
    let kids = children(first.body, depth).ok()?;
    let mut it = kids.iter().peekable();
    let digest = if v2 && it.peek().is_some_and(|e| e.tag == 0x30) {
        let (oid, _) = algorithm_identifier(it.next()?, depth)?;
        DigestAlgorithm::from_oid(&oid)?
    } else if v2 {
        DigestAlgorithm::Sha256
    } else {
        DigestAlgorithm::Sha1
    };
    let hash = it.next().filter(|e| e.tag == 0x04)?.body;
    let issuer_serial = it.next().and_then(|is| {
        let kids = children(is.body, depth).ok()?;
        let serial = kids.get(1).filter(|e| e.tag == 0x02)?.body;
        // GeneralNames: the directoryName [4] EXPLICIT Name, if that is what is given.
        let issuer = children(kids.first()?.body, depth)
            .ok()?
            .into_iter()
            .find(|g| g.tag == 0xa4)
            .and_then(|g| children(g.body, depth).ok()?.into_iter().next())
            .map(|n| n.raw);
        Some((issuer, serial))
    });
    Some(CertRef {
        digest,
        hash,
        issuer_serial,
    })
}

/// What the signed attributes say.
#[derive(Default)]
struct Signed<'a> {
    message_digests: Vec<&'a [u8]>,
    content_types: Vec<ObjectIdentifier>,
    signing_time: Option<i64>,
    cert_ref: Option<(CertRef<'a>, &'static str)>,
    cert_ref_unreadable: bool,
    content_timestamps: Vec<Element<'a>>,
    /// cmsAlgorithmProtection (RFC 6211): the digest and signature algorithm identifiers.
    algorithm_protection: Option<(Option<Element<'a>>, Option<Element<'a>>)>,
}

/// Two AlgorithmIdentifiers are the same: the same OID and the same parameters, absent and NULL
/// parameters counted as one (both encodings are common for the SHA family).
fn same_algorithm(a: &Element<'_>, b: &Element<'_>, depth: usize) -> bool {
    let (Some((oa, pa)), Some((ob, pb))) = (
        algorithm_identifier(a, depth),
        algorithm_identifier(b, depth),
    ) else {
        return false;
    };
    oa == ob && pa == pb
}

#[allow(clippy::too_many_lines)]
pub(crate) fn verify_signer(
    si: &Element<'_>,
    ctx: &Signer<'_>,
    options: &CmsOptions<'_>,
) -> SignatureReport {
    let depth = options.limits.max_depth as usize;
    let mut r = SignatureReport::default();
    // What any signer needs checked before it can pass; messageDigest too when it has signed
    // attributes (without them the signature value covers the content itself).
    r.require(&["signatureValue", "certificatePath", "revocation"]);
    let parts = match signer_parts(si, depth) {
        Ok(p) => p,
        Err(detail) => {
            r.check(
                "format",
                CheckResult::Failed(SubIndication::FormatFailure),
                "format.unreadable",
                &[],
                detail,
            );
            return r;
        }
    };
    // Candidates for the signer's certificate.
    let candidates: Vec<&Certificate> = match parts.sid.tag {
        0x30 => children(parts.sid.body, depth)
            .ok()
            .map(|k| {
                let (issuer, serial) = (k.first().map(|e| e.raw), k.get(1).map(|e| e.body));
                ctx.certificates
                    .iter()
                    .filter(|c| Some(c.issuer_der()) == issuer && Some(c.serial()) == serial)
                    .collect()
            })
            .unwrap_or_default(),
        0x80 => ctx
            .certificates
            .iter()
            .filter(|c| c.subject_key_id() == Some(parts.sid.body))
            .collect(),
        _ => Vec::new(),
    };
    // Algorithms.
    let digest = algorithm_identifier(&parts.digest_alg, depth)
        .and_then(|(o, _)| DigestAlgorithm::from_oid(&o));
    let Some(digest) = digest else {
        r.check(
            "digestAlgorithm",
            CheckResult::Indeterminate(SubIndication::Unsupported),
            "digestAlgorithm.unsupported",
            &[],
            "the digest algorithm is not one vanban supports",
        );
        return r;
    };
    let algorithm = algorithm_identifier(&parts.sig_alg, depth)
        .and_then(|(o, p)| SignatureAlgorithm::from_identifier(&o, p, Some(digest)));
    let Some(algorithm) = algorithm else {
        r.check(
            "signatureAlgorithm",
            CheckResult::Indeterminate(SubIndication::Unsupported),
            "signatureAlgorithm.unsupported",
            &[],
            "the signature algorithm is not one vanban supports",
        );
        return r;
    };
    // Revocation data and certificates the signature carries in its attributes.
    // Borrowed unless the signature's own attributes add to them.
    let mut revocation = std::borrow::Cow::Borrowed(ctx.revocation);
    let mut certificates = std::borrow::Cow::Borrowed(ctx.certificates);
    // Signed attributes: what is signed, the message digest, the signer's certificate.
    let mut signed = Signed::default();
    // Signed attributes not stored as DER: their bytes as stored, and their DER encoding.
    let mut non_der: Option<(Vec<u8>, Vec<u8>)> = None;
    let signed_bytes: Option<Vec<u8>> = match parts.signed_attrs {
        Some(attrs) => {
            r.require(&["messageDigest"]);
            // RFC 5652 §5.4: the signature is over the DER encoding of the signed attributes.
            // Some signers store them otherwise (a SET out of order, long or indefinite
            // lengths) while signing their DER form. Like DSS (BouncyCastle re-encodes them to
            // DER before verifying), the signature is verified over the DER encoding: such a
            // file passes with a warning, and one signed over non-DER bytes fails — DSS's
            // verdict on its own test files (Signature-C-DE_CRY-4.p7m: not intact).
            let mut as_set = attrs;
            as_set.tag = 0x31;
            if !is_der(&as_set, depth) {
                let Some(der) = crate::pki::ber::to_der(&as_set, depth) else {
                    r.check(
                        "signedAttributes",
                        CheckResult::Indeterminate(SubIndication::FormatFailure),
                        "signedAttributes.notDer",
                        &[],
                        "the signed attributes are not DER-encoded and cannot be brought to the \
                         DER encoding their signature must cover (RFC 5652 §5.4)",
                    );
                    return r;
                };
                let why = "the signed attributes are not stored DER-encoded as RFC 5652 §5.4 \
                           asks; the signature is verified over their DER encoding, as DSS does";
                r.warnings.push(why.to_owned());
                r.check(
                    "signedAttributes",
                    CheckResult::Warning,
                    "signedAttributes.reencoded",
                    &[],
                    why,
                );
                non_der = Some((as_set.raw.to_vec(), der));
            }
            for (id, values) in attributes(&attrs, depth) {
                match id.as_str() {
                    MESSAGE_DIGEST => signed.message_digests.extend(values.iter().map(|v| v.body)),
                    CONTENT_TYPE => signed
                        .content_types
                        .extend(values.iter().filter_map(oid_of)),
                    SIGNING_TIME => signed.signing_time = values.first().and_then(time),
                    SIGNING_CERTIFICATE | SIGNING_CERTIFICATE_V2 => {
                        let v2 = id == SIGNING_CERTIFICATE_V2;
                        // V2 wins when both are present.
                        if signed.cert_ref.is_none() || v2 {
                            match values.first().and_then(|v| first_cert_ref(v, v2, depth)) {
                                Some(c) => {
                                    signed.cert_ref = Some((
                                        c,
                                        if v2 {
                                            "signingCertificateV2"
                                        } else {
                                            "signingCertificate"
                                        },
                                    ));
                                }
                                None => signed.cert_ref_unreadable = true,
                            }
                        }
                    }
                    ADBE_REVOCATION_INFO => {
                        if let Some(v) = values.first() {
                            revocation.to_mut().add_archival(v, depth);
                        }
                    }
                    CONTENT_TIMESTAMP => signed.content_timestamps.extend(values),
                    CMS_ALGORITHM_PROTECTION => {
                        let fields = values
                            .first()
                            .and_then(|v| children(v.body, depth).ok())
                            .unwrap_or_default();
                        let digest_alg = fields.iter().find(|f| f.tag == 0x30).copied();
                        let sig_alg = fields
                            .iter()
                            .find(|f| f.tag == 0xa1)
                            .map(|f| Element { tag: 0x30, ..*f });
                        signed.algorithm_protection = Some((digest_alg, sig_alg));
                    }
                    _ => {}
                }
            }
            r.claimed_signing_time = signed.signing_time.map(when);
            // A counter-signature has no contentType (RFC 5652 §11.4); others exactly one.
            let content_types = usize::from(!ctx.counter);
            if signed.message_digests.len() != 1 || signed.content_types.len() != content_types {
                r.check(
                    "signedAttributes",
                    CheckResult::Failed(SubIndication::FormatFailure),
                    "signedAttributes.malformed",
                    &[
                        ("messageDigests", &signed.message_digests.len()),
                        ("contentTypes", &signed.content_types.len()),
                    ],
                    format!(
                        "the signed attributes must hold exactly one messageDigest and {} \
                         contentType (found {} and {})",
                        if ctx.counter { "no" } else { "one" },
                        signed.message_digests.len(),
                        signed.content_types.len()
                    ),
                );
                return r;
            }
            if ctx
                .econtent_type
                .is_some_and(|t| Some(t) != signed.content_types.first())
            {
                r.check(
                    "contentType",
                    CheckResult::Failed(SubIndication::FormatFailure),
                    "contentType.mismatch",
                    &[],
                    "the signed contentType differs from the encapsulated content's type",
                );
                return r;
            }
            match ctx.content.map(|c| c.digest(digest)) {
                Some(Some(computed)) => {
                    let ok = signed
                        .message_digests
                        .first()
                        .is_some_and(|d| *d == computed);
                    r.intact = Some(ok);
                    r.coverage = Some(ctx.coverage);
                    r.check(
                        "messageDigest",
                        if ok {
                            CheckResult::Passed
                        } else {
                            CheckResult::Failed(SubIndication::HashFailure)
                        },
                        if ok {
                            "messageDigest.match"
                        } else {
                            "messageDigest.mismatch"
                        },
                        &[
                            ("algorithm", &digest.name()),
                            (
                                "of",
                                &if ctx.counter {
                                    "signatureValue"
                                } else {
                                    "content"
                                },
                            ),
                        ],
                        format!(
                            "the {}'s {} {} the signed messageDigest",
                            if ctx.counter {
                                "countersigned signature value"
                            } else {
                                "content"
                            },
                            digest.name(),
                            if ok { "equals" } else { "differs from" }
                        ),
                    );
                }
                Some(None) => r.check(
                    "messageDigest",
                    CheckResult::Indeterminate(SubIndication::SignedDataNotFound),
                    "messageDigest.notGiven",
                    &[("algorithm", &digest.name())],
                    format!(
                        "the content's {} was not given (only other digests)",
                        digest.name()
                    ),
                ),
                None => r.check(
                    "messageDigest",
                    CheckResult::Indeterminate(SubIndication::SignedDataNotFound),
                    "messageDigest.contentMissing",
                    &[],
                    "the signature is detached and its content was not given",
                ),
            }
            match &non_der {
                Some((_, der)) => Some(der.clone()),
                None => {
                    let mut set = attrs.raw.to_vec();
                    if let Some(first) = set.first_mut() {
                        *first = 0x31;
                    }
                    Some(set)
                }
            }
        }
        None => ctx.content.and_then(|c| c.bytes()).map(<[u8]>::to_vec),
    };
    // Unsigned attributes: timestamps, validation data.
    let mut signature_timestamps = Vec::new();
    let mut archive_timestamps = Vec::new();
    if let Some(unsigned) = parts.unsigned_attrs {
        for (id, values) in attributes(&unsigned, depth) {
            match id.as_str() {
                SIGNATURE_TIMESTAMP => signature_timestamps.extend(values),
                CERTIFICATE_VALUES => {
                    let mut seen = fingerprints(&certificates);
                    for v in &values {
                        for c in children(v.body, depth).unwrap_or_default() {
                            if let Ok(cert) = Certificate::from_der(c.raw) {
                                if seen.insert(cert.sha256().to_vec()) {
                                    certificates.to_mut().push(cert);
                                }
                            }
                        }
                    }
                }
                REVOCATION_VALUES => {
                    for v in &values {
                        revocation.to_mut().add_archival(v, depth);
                    }
                }
                a if ARCHIVE_TIMESTAMPS.contains(&a) => archive_timestamps.extend(values),
                _ => {}
            }
        }
    }
    // The signer's certificate, bound by signingCertificate(V2) when present.
    if signed.cert_ref_unreadable && signed.cert_ref.is_none() {
        r.check(
            "signingCertificate",
            CheckResult::Failed(SubIndication::FormatFailure),
            "signingCertificate.unreadable",
            &[],
            "the signed signingCertificate attribute cannot be read",
        );
        return r;
    }
    let signer = match &signed.cert_ref {
        Some((reference, name)) => {
            let bound = candidates.iter().copied().find(|c| reference.matches(c));
            match (bound, candidates.first()) {
                (Some(c), _) => {
                    r.check(
                        "signingCertificate",
                        CheckResult::Passed,
                        "signingCertificate.bound",
                        &[
                            ("attribute", &name),
                            ("algorithm", &reference.digest.name()),
                        ],
                        format!(
                            "the signer's certificate is the one the signed {name} attribute \
                             names ({} of the certificate{})",
                            reference.digest.name(),
                            if reference.issuer_serial.is_some() {
                                ", issuer and serial number"
                            } else {
                                ""
                            }
                        ),
                    );
                    Some(c)
                }
                (None, Some(c)) => {
                    // Reported, and the rest still checked with the certificate the SignerInfo
                    // identifies: the facts stay useful, the verdict cannot pass.
                    r.check(
                        "signingCertificate",
                        CheckResult::Indeterminate(SubIndication::NoSigningCertificateFound),
                        "signingCertificate.other",
                        &[("subject", &c.subject()), ("attribute", &name)],
                        format!(
                            "the certificate the SignerInfo identifies (\"{}\") is not the one \
                             the signed {name} attribute names",
                            c.subject()
                        ),
                    );
                    Some(*c)
                }
                (None, None) => None,
            }
        }
        None => candidates.first().copied(),
    };
    let Some(signer) = signer else {
        r.check(
            "signerCertificate",
            CheckResult::Indeterminate(SubIndication::NoSigningCertificateFound),
            "signerCertificate.missing",
            &[],
            "the signer's certificate is not in the message",
        );
        return r;
    };
    r.signer = Some(cert_info(signer));
    let key = match signer.public_key() {
        Ok(k) => k,
        Err(_) => {
            r.check(
                "signerCertificate",
                CheckResult::Indeterminate(SubIndication::Unsupported),
                "signerCertificate.unsupportedKey",
                &[],
                "the signer's key is of a type vanban does not support",
            );
            return r;
        }
    };
    r.check(
        "signerCertificate",
        CheckResult::Passed,
        "signerCertificate.found",
        &[("subject", &signer.subject()), ("key", &key.describe())],
        format!("found: \"{}\" ({})", signer.subject(), key.describe()),
    );
    if signer.subject_has_hidden_characters() {
        r.warnings.push(format!(
            "the signer's name holds invisible, control or reordering characters that can make \
             it display as another name; they are shown escaped: \"{}\"",
            signer.subject()
        ));
    }
    if signer.subject_is_not_nfc() {
        r.warnings.push(format!(
            "the signer's name is not in Unicode NFC (letters written as a base letter and \
             combining marks): it looks like the composed name but is another string of \
             characters: \"{}\"",
            signer.subject()
        ));
    }
    match signed_bytes {
        Some(bytes) => {
            let ok = key.verify(algorithm, &bytes, &parts.signature);
            r.signature_valid = Some(ok);
            if parts.signed_attrs.is_none() {
                // Without signed attributes the signature covers the content itself.
                r.intact = Some(ok);
                r.coverage = Some(ctx.coverage);
            }
            r.check(
                "signatureValue",
                if ok {
                    CheckResult::Passed
                } else {
                    CheckResult::Failed(SubIndication::SigCryptoFailure)
                },
                if ok {
                    "signatureValue.verifies"
                } else {
                    "signatureValue.fails"
                },
                &[("algorithm", &algorithm.name())],
                match &non_der {
                    Some((stored, _)) if !ok => {
                        let mut stored = stored.clone();
                        if let Some(first) = stored.first_mut() {
                            *first = 0x31;
                        }
                        format!(
                            "{} does not verify with the signer's key over the DER encoding of \
                             the signed attributes{}",
                            algorithm.name(),
                            if key.verify(algorithm, &stored, &parts.signature) {
                                " (it verifies only over their non-DER bytes as stored, which is \
                                 not what RFC 5652 §5.4 has signed; DSS judges such a signature \
                                 not intact)"
                            } else {
                                ""
                            }
                        )
                    }
                    _ => format!(
                        "{} {} with the signer's key",
                        algorithm.name(),
                        if ok { "verifies" } else { "does not verify" }
                    ),
                },
            );
        }
        None => r.check(
            "signatureValue",
            CheckResult::Indeterminate(SubIndication::SignedDataNotFound),
            "signatureValue.contentMissing",
            &[],
            "the signature is detached and its content was not given",
        ),
    }
    if let Some((digest_alg, sig_alg)) = signed.algorithm_protection {
        // RFC 6211: the signed copy of the algorithm identifiers must match those the
        // SignerInfo states, or the signature fails (an algorithm substitution).
        let digest_ok = digest_alg.is_some_and(|d| same_algorithm(&d, &parts.digest_alg, depth));
        let sig_ok = sig_alg.is_some_and(|a| same_algorithm(&a, &parts.sig_alg, depth));
        if digest_ok && sig_ok {
            r.check(
                "algorithmProtection",
                CheckResult::Passed,
                "algorithmProtection.match",
                &[],
                "the signed cmsAlgorithmProtection attribute names the digest and signature \
                 algorithms the SignerInfo states",
            );
        } else {
            r.signature_valid = Some(false);
            r.check(
                "algorithmProtection",
                CheckResult::Failed(SubIndication::SigCryptoFailure),
                "algorithmProtection.mismatch",
                &[(
                    "which",
                    &if digest_ok {
                        "signatureAlgorithm"
                    } else {
                        "digestAlgorithm"
                    },
                )],
                format!(
                    "the signed cmsAlgorithmProtection attribute names another {} than the \
                     SignerInfo states (RFC 6211: the signature fails)",
                    if digest_ok {
                        "signature algorithm (or encodes its parameters differently)"
                    } else {
                        "digest algorithm"
                    }
                ),
            );
        }
    }
    let mut weaknesses = options.policy.weaknesses(algorithm, key);
    // The content's digest (messageDigest) is what the signature really rests on: a SHA-1
    // digest under sha256WithRSA is as weak as SHA-1 itself.
    if options.policy.sha1_is_weak
        && digest == DigestAlgorithm::Sha1
        && algorithm.digest() != Some(DigestAlgorithm::Sha1)
    {
        weaknesses.push(format!(
            "the signed content's digest is SHA-1 (under {}): collisions are practical, so the \
             signature does not exclude a document prepared in advance to collide",
            algorithm.name()
        ));
    }
    policy_checks(&mut r, &weaknesses, options.policy);
    if weaknesses.is_empty() {
        r.check(
            "algorithmPolicy",
            CheckResult::Passed,
            "algorithmPolicy.meets",
            &[("algorithm", &algorithm.name()), ("key", &key.describe())],
            format!(
                "{} with {} meets the policy",
                algorithm.name(),
                key.describe()
            ),
        );
    }
    // Timestamps (not inside a timestamp token).
    let mut proof: Option<i64> = None;
    if !ctx.nested {
        let outer = tsp::Outer {
            certificates: &certificates,
            revocation: &revocation,
        };
        for (kind, tokens, covered) in [
            (
                TimestampKind::Signature,
                &signature_timestamps,
                Some(Covered::Bytes(parts.signature.as_slice())),
            ),
            (
                TimestampKind::Content,
                &signed.content_timestamps,
                ctx.content,
            ),
            (TimestampKind::Archive, &archive_timestamps, None),
        ] {
            for token in tokens.iter() {
                let (info, detail) = tsp::verify_token(token.raw, kind, covered, &outer, options);
                let label = match kind {
                    TimestampKind::Signature => "the signature timestamp",
                    TimestampKind::Content => "the content timestamp",
                    TimestampKind::Archive => "the archive timestamp",
                };
                for w in &info.warnings {
                    let w = format!("{label}: {w}");
                    if !r.warnings.contains(&w) {
                        r.warnings.push(w);
                    }
                }
                let verified = info.indication == Indication::TotalPassed;
                let id = match kind {
                    TimestampKind::Signature => "signatureTimestamp",
                    TimestampKind::Content => "contentTimestamp",
                    TimestampKind::Archive => "archiveTimestamp",
                };
                let result = if verified {
                    CheckResult::Passed
                } else {
                    CheckResult::Warning
                };
                if !verified {
                    r.warnings.push(detail.clone());
                }
                let code = match (kind, verified) {
                    (TimestampKind::Signature, true) => "signatureTimestamp.verified",
                    (TimestampKind::Signature, false) => "signatureTimestamp.notVerified",
                    (TimestampKind::Content, true) => "contentTimestamp.verified",
                    (TimestampKind::Content, false) => "contentTimestamp.notVerified",
                    (TimestampKind::Archive, true) => "archiveTimestamp.verified",
                    (TimestampKind::Archive, false) => "archiveTimestamp.notVerified",
                };
                r.check(id, result, code, &[("time", &info.time)], detail);
                if verified && kind == TimestampKind::Signature {
                    if let Some(t) = crate::time::parse_rfc3339(&info.time) {
                        if t > options.at {
                            // A time after the validation time cannot be proven at it.
                            r.warnings.push(format!(
                                "the signature timestamp's time {} is after the validation time \
                                 {}: it proves nothing at the validation time",
                                info.time,
                                when(options.at)
                            ));
                        } else if proof.is_none_or(|p| t < p) {
                            proof = Some(t);
                            r.timestamp = Some(info.clone());
                        }
                    }
                }
                // A token whose TSTInfo cannot be read states no time: it is warned about
                // above, not listed as a timestamp (DSS lists none either).
                if !info.time.is_empty() {
                    r.timestamps.push(info);
                }
            }
        }
    }
    // The path, at the validation time; at the proven time when the signer's certificate has
    // expired since (or is not yet valid).
    let path_options = PathOptions {
        at: options.at,
        purpose: ctx.purpose,
        max_len: options.limits.max_chain_length as usize,
    };
    let mut validated_at = options.at;
    let own_budget = core::cell::Cell::new(PATH_SEARCH_BUDGET);
    let budget = options.path_budget.unwrap_or(&own_budget);
    let mut result = validate_within(signer, &certificates, options.trust, &path_options, budget);
    if let (Err(PathError::OutOfBounds(_)), Some(t)) = (&result, proof) {
        let again = validate_within(
            signer,
            &certificates,
            options.trust,
            &PathOptions {
                at: t,
                ..path_options.clone()
            },
            budget,
        );
        if again.is_ok() {
            validated_at = t;
            result = again;
        }
    }
    let path = match result {
        Ok(path) => {
            r.chain = path.certificates.iter().map(cert_info).collect();
            r.trust_anchor = path.certificates.last().map(Certificate::subject);
            let weak = path_weaknesses(&path.certificates, options.policy);
            policy_checks(&mut r, &weak, options.policy);
            r.check(
                "certificatePath",
                CheckResult::Passed,
                if validated_at == options.at {
                    "certificatePath.found"
                } else {
                    "certificatePath.foundAtTimestamp"
                },
                &[
                    ("length", &path.certificates.len()),
                    ("anchor", &r.trust_anchor.clone().unwrap_or_default()),
                    ("at", &when(validated_at)),
                ],
                format!(
                    "a path of {} certificate(s) to the trusted \"{}\", valid at {}{}",
                    path.certificates.len(),
                    r.trust_anchor.clone().unwrap_or_default(),
                    when(validated_at),
                    if validated_at == options.at {
                        ""
                    } else {
                        " (the time the timestamp proves; not valid at the validation time)"
                    }
                ),
            );
            path
        }
        Err(e) => {
            let (result, code, detail) = match e {
                PathError::NoChain(d) => (
                    CheckResult::Indeterminate(SubIndication::NoCertificateChainFound),
                    "certificatePath.noChain",
                    d,
                ),
                PathError::OutOfBounds(d) => (
                    CheckResult::Indeterminate(SubIndication::OutOfBoundsNoPoe),
                    "certificatePath.outOfBounds",
                    d,
                ),
                PathError::Invalid(d) => (
                    CheckResult::Failed(SubIndication::ChainConstraintsFailure),
                    "certificatePath.invalid",
                    d,
                ),
                PathError::Unsupported(d) => (
                    CheckResult::Indeterminate(SubIndication::Unsupported),
                    "certificatePath.unsupported",
                    d,
                ),
            };
            r.check(
                "certificatePath",
                result,
                code,
                &[("at", &when(options.at))],
                detail,
            );
            r.check(
                "revocation",
                CheckResult::Indeterminate(SubIndication::TryLater),
                "revocation.notEvaluated",
                &[],
                "not evaluated: there is no valid certificate path",
            );
            return r;
        }
    };
    // Revocation of every certificate on the path but the anchor.
    let reference = ctx.reference_time.or(proof).unwrap_or(validated_at);
    let claimed = signed.signing_time;
    let (result, detail) = path_status(
        &path.certificates,
        (reference, options.at),
        proof.is_some() || ctx.reference_time.is_some(),
        claimed,
        &revocation,
        &certificates,
        depth,
    );
    if result == CheckResult::Warning {
        r.warnings.push(detail.clone());
    }
    let code = match result {
        CheckResult::Passed | CheckResult::Warning => "revocation.good",
        CheckResult::Failed(_) => "revocation.revoked",
        CheckResult::Indeterminate(_) => "revocation.undecided",
    };
    r.check(
        "revocation",
        result,
        code,
        &[("at", &when(reference))],
        detail,
    );
    r
}

/// The revocation verdict on a path (leaf first, anchor last) at `reference`, from data known
/// at the validation time `now`.
fn path_status(
    path: &[Certificate],
    (reference, now): (i64, i64),
    proven: bool,
    claimed: Option<i64>,
    data: &RevocationData,
    pool: &[Certificate],
    depth: usize,
) -> (CheckResult, String) {
    let time_said = format!(
        "at {} ({})",
        when(reference),
        if proven {
            "the time a timestamp proves"
        } else {
            "the validation time"
        }
    );
    if path.len() < 2 {
        return (
            CheckResult::Passed,
            "the signer's certificate is itself a trust anchor".to_owned(),
        );
    }
    let mut said = Vec::new();
    let mut warning = false;
    for (k, pair) in path.windows(2).enumerate() {
        let [cert, issuer] = pair else { continue };
        let who = if k == 0 {
            format!("the signer's certificate \"{}\"", cert.subject())
        } else {
            format!("the CA certificate \"{}\"", cert.subject())
        };
        match revocation::status(cert, issuer, (reference, now), data, pool, depth) {
            Status::Good(source) => said.push(format!("{who}: not revoked per {source}")),
            Status::Revoked {
                time,
                reason,
                source,
            } => {
                let reason = reason.map_or("no reason given", reason_name);
                if time > reference {
                    warning = true;
                    said.push(format!(
                        "{who}: revoked at {} ({reason}) per {source}, after the time in question",
                        when(time)
                    ));
                    continue;
                }
                let text = format!(
                    "{who} was revoked at {} ({reason}) per {source}, before the time in question \
                     ({})",
                    when(time),
                    when(reference)
                );
                if k == 0 && claimed.is_some_and(|c| c >= time) {
                    return (
                        CheckResult::Failed(SubIndication::Revoked),
                        format!("{text}; the signer's own signing time is after the revocation"),
                    );
                }
                let sub = if k == 0 {
                    SubIndication::RevokedNoPoe
                } else {
                    SubIndication::RevokedCaNoPoe
                };
                return (
                    CheckResult::Indeterminate(sub),
                    format!("{text}; nothing proves the signature existed before"),
                );
            }
            Status::Unknown(why) => {
                return (
                    CheckResult::Indeterminate(SubIndication::TryLater),
                    format!("the status of {who} {time_said} is not established: {why}"),
                )
            }
        }
    }
    (
        if warning {
            CheckResult::Warning
        } else {
            CheckResult::Passed
        },
        format!("{time_said}: {}", said.join("; ")),
    )
}
