//! X.509 certificates (RFC 5280 §4): the facts path validation and reports need, read once.

use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, NameConstraints,
    SubjectAltName, SubjectKeyIdentifier,
};

use super::algorithm::{DigestAlgorithm, KeyError, PublicKey, SignatureAlgorithm};
use crate::error::{Error, ErrorKind, Result};

/// Extensions path validation understands; any other extension marked critical makes the
/// certificate unusable (RFC 5280 §4.2).
const KNOWN_EXTENSIONS: [&str; 13] = [
    "2.5.29.30",            // nameConstraints (evaluated in path.rs)
    "2.5.29.14",            // subjectKeyIdentifier
    "2.5.29.35",            // authorityKeyIdentifier
    "2.5.29.15",            // keyUsage
    "2.5.29.37",            // extKeyUsage
    "2.5.29.19",            // basicConstraints
    "2.5.29.17",            // subjectAltName
    "2.5.29.18",            // issuerAltName
    "2.5.29.31",            // cRLDistributionPoints
    "2.5.29.32",            // certificatePolicies (no policy constraints are enforced; see path.rs)
    "1.3.6.1.5.5.7.1.1",    // authorityInfoAccess
    "1.3.6.1.5.5.7.48.1.5", // id-pkix-ocsp-nocheck
    "2.5.29.46",            // freshestCRL
];

/// The key usages path validation and revocation checking read (RFC 5280 §4.2.1.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct KeyUsageBits {
    /// digitalSignature.
    pub digital_signature: bool,
    /// nonRepudiation (contentCommitment).
    pub non_repudiation: bool,
    /// keyCertSign.
    pub key_cert_sign: bool,
    /// cRLSign.
    pub crl_sign: bool,
}

/// A parsed certificate with its DER.
#[derive(Clone, Debug)]
pub struct Certificate {
    der: Vec<u8>,
    inner: x509_cert::Certificate,
    key: core::result::Result<PublicKey, KeyError>,
    sha256: Vec<u8>,
    // Read once: path building compares these for every candidate at every step.
    subject_der: Vec<u8>,
    issuer_der: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    authority_key_id: Option<Vec<u8>>,
}

fn malformed() -> Error {
    Error::new(ErrorKind::Malformed {
        what: "X.509 certificate",
    })
}

impl PartialEq for Certificate {
    /// The same certificate: the same SHA-256 of the DER (computed once, cheaper than the DER).
    fn eq(&self, other: &Self) -> bool {
        self.sha256 == other.sha256
    }
}

impl Certificate {
    /// Parses one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let inner = x509_cert::Certificate::from_der(der).map_err(|_| malformed())?;
        let spki = inner
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|_| malformed())?;
        let tbs = inner.tbs_certificate();
        let subject_der = tbs.subject().to_der().map_err(|_| malformed())?;
        let issuer_der = tbs.issuer().to_der().map_err(|_| malformed())?;
        let subject_key_id = tbs
            .get_extension::<SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .map(|(_, ski)| ski.0.as_bytes().to_vec());
        let authority_key_id = tbs
            .get_extension::<AuthorityKeyIdentifier>()
            .ok()
            .flatten()
            .and_then(|(_, aki)| aki.key_identifier.map(|k| k.as_bytes().to_vec()));
        Ok(Self {
            key: PublicKey::from_spki_der(&spki),
            sha256: DigestAlgorithm::Sha256.digest(der),
            der: der.to_vec(),
            subject_der,
            issuer_der,
            subject_key_id,
            authority_key_id,
            inner,
        })
    }

    /// Parses DER, or PEM holding one or more `CERTIFICATE` blocks.
    pub fn parse_many(bytes: &[u8]) -> Result<Vec<Self>> {
        if bytes.first() == Some(&0x30) {
            return Ok(vec![Self::from_der(bytes)?]);
        }
        let text = core::str::from_utf8(bytes).map_err(|_| malformed())?;
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
            let body = rest
                .get(start + "-----BEGIN CERTIFICATE-----".len()..)
                .ok_or_else(malformed)?;
            let end = body
                .find("-----END CERTIFICATE-----")
                .ok_or_else(malformed)?;
            let b64: String = body
                .get(..end)
                .ok_or_else(malformed)?
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let der = base64_decode(&b64).ok_or_else(malformed)?;
            out.push(Self::from_der(&der)?);
            rest = body.get(end..).unwrap_or("");
        }
        if out.is_empty() {
            return Err(malformed());
        }
        Ok(out)
    }

    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// SHA-256 of the DER, the certificate's fingerprint.
    pub fn sha256(&self) -> &[u8] {
        &self.sha256
    }

    /// The subject as text (RFC 4514 order), with every character that could make it display
    /// as another name escaped (see [`shown_name`]).
    pub fn subject(&self) -> String {
        shown_name(&self.inner.tbs_certificate().subject().to_string())
    }

    /// The issuer as text, escaped as [`Certificate::subject`].
    pub fn issuer(&self) -> String {
        shown_name(&self.inner.tbs_certificate().issuer().to_string())
    }

    /// Whether the subject holds characters [`shown_name`] escapes (a name that would display
    /// as something else).
    pub fn subject_has_hidden_characters(&self) -> bool {
        self.inner
            .tbs_certificate()
            .subject()
            .to_string()
            .chars()
            .any(hidden)
    }

    /// Whether the subject is not in Unicode NFC: it then looks like the composed name (`Nguyễn`
    /// typed as `Nguye` + combining marks) while its bytes differ, so that a reader cannot tell
    /// the two apart by looking.
    pub fn subject_is_not_nfc(&self) -> bool {
        let name = self.inner.tbs_certificate().subject().to_string();
        crate::text::nfc::nfc(&name) != name
    }

    /// The subject's DER, for exact name comparison.
    pub fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// The issuer's DER.
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// The serial number, hex.
    pub fn serial_hex(&self) -> String {
        crate::hash::to_hex(self.serial())
    }

    /// The serial number's bytes.
    pub fn serial(&self) -> &[u8] {
        self.inner.tbs_certificate().serial_number().as_bytes()
    }

    /// `notBefore` and `notAfter`, seconds since 1970.
    pub fn validity(&self) -> (i64, i64) {
        let v = self.inner.tbs_certificate().validity();
        let secs = |t: x509_cert::time::Time| {
            i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
        };
        (secs(v.not_before), secs(v.not_after))
    }

    /// Whether the subject and issuer names are the same.
    pub fn self_issued(&self) -> bool {
        self.subject_der() == self.issuer_der()
    }

    /// The public key, or why it cannot be used.
    pub fn public_key(&self) -> core::result::Result<&PublicKey, KeyError> {
        self.key.as_ref().map_err(|e| *e)
    }

    /// The algorithm of the certificate's own signature, if supported.
    pub fn signature_algorithm(&self) -> Option<SignatureAlgorithm> {
        let alg = self.inner.signature_algorithm();
        let params = alg.parameters.as_ref().and_then(|p| p.to_der().ok());
        SignatureAlgorithm::from_identifier(&alg.oid, params.as_deref(), None)
    }

    /// Whether `issuer_key` made this certificate's signature.
    pub fn is_signed_by(&self, issuer_key: &PublicKey) -> bool {
        // The signed bytes are the TBSCertificate exactly as it stands in the file.
        let tbs = tlv(&self.der)
            .and_then(|(h, _)| self.der.get(h..))
            .and_then(|inner| tlv(inner).and_then(|(h, n)| inner.get(..h + n)));
        let (Some(algorithm), Some(tbs), Some(signature)) = (
            self.signature_algorithm(),
            tbs,
            self.inner.signature().as_bytes(),
        ) else {
            return false;
        };
        issuer_key.verify(algorithm, tbs, signature)
    }

    /// subjectKeyIdentifier.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.subject_key_id.as_deref()
    }

    /// The keyIdentifier of authorityKeyIdentifier.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.authority_key_id.as_deref()
    }

    /// basicConstraints: (cA, pathLenConstraint); `None` when absent. A broken extension reads
    /// as "not a CA".
    pub fn basic_constraints(&self) -> Option<(bool, Option<u8>)> {
        match self
            .inner
            .tbs_certificate()
            .get_extension::<BasicConstraints>()
        {
            Ok(Some((_, bc))) => Some((bc.ca, bc.path_len_constraint)),
            Ok(None) => None,
            Err(_) => Some((false, None)),
        }
    }

    /// keyUsage, if present. A broken extension allows nothing.
    pub fn key_usage(&self) -> Option<KeyUsageBits> {
        match self.inner.tbs_certificate().get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => Some(KeyUsageBits {
                digital_signature: ku.digital_signature(),
                non_repudiation: ku.non_repudiation(),
                key_cert_sign: ku.key_cert_sign(),
                crl_sign: ku.crl_sign(),
            }),
            Ok(None) => None,
            Err(_) => Some(KeyUsageBits::default()),
        }
    }

    /// The subjectPublicKey bits (the BIT STRING's value), as OCSP's issuerKeyHash and
    /// responder key identifiers hash them.
    pub fn public_key_bits(&self) -> &[u8] {
        self.inner
            .tbs_certificate()
            .subject_public_key_info()
            .subject_public_key
            .raw_bytes()
    }

    /// The names of subjectAltName (empty when absent; a broken extension reads as none).
    pub fn subject_alt_names(&self) -> Vec<GeneralName> {
        self.inner
            .tbs_certificate()
            .get_extension::<SubjectAltName>()
            .ok()
            .flatten()
            .map(|(_, san)| san.0)
            .unwrap_or_default()
    }

    /// nameConstraints: `Ok(None)` when absent, `Err(())` when present but unreadable.
    #[allow(clippy::result_unit_err)]
    pub fn name_constraints(&self) -> core::result::Result<Option<NameConstraints>, ()> {
        match self
            .inner
            .tbs_certificate()
            .get_extension::<NameConstraints>()
        {
            Ok(found) => Ok(found.map(|(_, nc)| nc)),
            Err(_) => Err(()),
        }
    }

    /// The subject name (for name constraints).
    pub fn subject_name(&self) -> &x509_cert::name::Name {
        self.inner.tbs_certificate().subject()
    }

    /// The issuer name (for chaining).
    pub fn issuer_name(&self) -> &x509_cert::name::Name {
        self.inner.tbs_certificate().issuer()
    }

    /// Whether the certificate carries id-pkix-ocsp-nocheck (an OCSP responder whose own status
    /// is not to be checked, RFC 6960 §4.2.2.2.1).
    pub fn ocsp_nocheck(&self) -> bool {
        self.inner
            .tbs_certificate()
            .extensions()
            .is_some_and(|exts| {
                exts.iter()
                    .any(|e| e.extn_id.to_string() == "1.3.6.1.5.5.7.48.1.5")
            })
    }

    /// extKeyUsage purposes, if present (a broken extension allows none).
    pub fn extended_key_usage(&self) -> Option<Vec<ObjectIdentifier>> {
        match self
            .inner
            .tbs_certificate()
            .get_extension::<ExtendedKeyUsage>()
        {
            Ok(Some((_, eku))) => Some(eku.0),
            Ok(None) => None,
            Err(_) => Some(Vec::new()),
        }
    }

    /// Critical extensions path validation does not understand.
    pub fn unknown_critical_extensions(&self) -> Vec<String> {
        self.inner
            .tbs_certificate()
            .extensions()
            .map(|exts| {
                exts.iter()
                    .filter(|e| e.critical)
                    .map(|e| e.extn_id.to_string())
                    .filter(|id| !KNOWN_EXTENSIONS.contains(&id.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The header length and content length of the DER element at the start of `der` (definite
/// lengths only).
pub(crate) fn tlv(der: &[u8]) -> Option<(usize, usize)> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some((2, usize::from(first)));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for b in der.get(2..2 + n)? {
        len = len.checked_mul(256)?.checked_add(usize::from(*b))?;
    }
    Some((2 + n, len))
}

/// Standard base64 (RFC 4648 §4), padding optional; `None` on any other character.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// Characters that change how a name displays without showing themselves: controls (C0, DEL,
/// C1), bidirectional formatting (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069: U+202E then
/// "A naV neyugN" shows as "Nguyen Van A"), zero-width and invisible ones (U+00AD, U+200B–U+200D,
/// U+2060–U+2064, U+FEFF), line and paragraph separators, and the replacement character.
fn hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffd}')
}

/// A distinguished name as shown: each [`hidden`] character escaped as RFC 4514 §2.4 allows, a
/// backslash and the hex pairs of its UTF-8 (`\E2\80\AE` for U+202E), so that it cannot
/// reorder or hide what a reviewer reads, and the escape itself is visible.
pub fn shown_name(name: &str) -> String {
    if !name.chars().any(hidden) {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len() + 16);
    for c in name.chars() {
        if hidden(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}
