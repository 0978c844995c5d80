//! Building a detached CMS SignedData (RFC 5652) for a signature whose private-key operation
//! happens elsewhere (a token bridge, WebCrypto, a PKCS#12 key): first the signed attributes —
//! the bytes the key signs — then, with the signature value, the whole message.
//!
//! The signed attributes follow PAdES baseline B-B / CAdES-BES (ETSI EN 319 122-1 §5.2, EN 319
//! 142-1 §6.3): content-type, message-digest, signing-certificate-v2 (the signer's certificate
//! by SHA-256, with issuer and serial) and CMS algorithm protection (RFC 6211); a signing-time
//! attribute only where the container has no time of its own (a PDF carries /M instead).

use super::der::{algorithm, explicit, null, octets, oid, seq, set_of, small_int, tlv, unsigned};
use crate::error::{Error, ErrorKind, Result};
use crate::pki::algorithm::{DigestAlgorithm, PublicKey};
use crate::pki::cert::Certificate;

const ID_DATA: &str = "1.2.840.113549.1.7.1";
const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const CMS_ALGORITHM_PROTECTION: &str = "1.2.840.113549.1.9.52";
const SIGNATURE_TIMESTAMP: &str = "1.2.840.113549.1.9.16.2.14";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";
const MGF1: &str = "1.2.840.113549.1.1.8";

/// How the key signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// RSA PKCS#1 v1.5.
    RsaPkcs1,
    /// RSASSA-PSS, MGF1 with the same digest, salt as long as the digest.
    RsaPss,
    /// ECDSA (the signature value DER-encoded, `Ecdsa-Sig-Value`).
    Ecdsa,
}

impl Scheme {
    /// The scheme a certificate's key signs with by default (RSA: PKCS#1 v1.5, the one every
    /// Vietnamese token and verifier supports).
    pub fn for_key(certificate: &Certificate) -> Result<Self> {
        match certificate.public_key() {
            Ok(PublicKey::Rsa(_)) => Ok(Self::RsaPkcs1),
            Ok(PublicKey::P256(_) | PublicKey::P384(_)) => Ok(Self::Ecdsa),
            _ => Err(Error::new(ErrorKind::Unsupported {
                what: "the signer's key type (RSA, ECDSA P-256 and P-384 can sign)",
            })),
        }
    }

    /// The name a bridge is told: `RSASSA-PKCS1-v1_5`, `RSA-PSS`, `ECDSA`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::RsaPkcs1 => "RSASSA-PKCS1-v1_5",
            Self::RsaPss => "RSA-PSS",
            Self::Ecdsa => "ECDSA",
        }
    }

    /// The SignerInfo's signatureAlgorithm.
    fn algorithm(self, digest: DigestAlgorithm) -> Result<Vec<u8>> {
        Ok(match self {
            Self::RsaPkcs1 => algorithm(RSA_ENCRYPTION, Some(&null())),
            Self::RsaPss => {
                let hash = digest_algorithm(digest)?;
                let salt = u32::try_from(digest.output_len()).unwrap_or(32);
                let params = seq(&[
                    &explicit(0, &hash),
                    &explicit(1, &algorithm(MGF1, Some(&hash))),
                    &explicit(2, &small_int(salt)),
                ]);
                algorithm(RSA_PSS, Some(&params))
            }
            Self::Ecdsa => algorithm(
                match digest {
                    DigestAlgorithm::Sha256 => "1.2.840.10045.4.3.2",
                    DigestAlgorithm::Sha384 => "1.2.840.10045.4.3.3",
                    DigestAlgorithm::Sha512 => "1.2.840.10045.4.3.4",
                    _ => return Err(unsupported_digest()),
                },
                None,
            ),
        })
    }
}

fn unsupported_digest() -> Error {
    Error::new(ErrorKind::Unsupported {
        what: "the digest algorithm for signing (SHA-256, SHA-384 or SHA-512)",
    })
}

/// The AlgorithmIdentifier of a digest (parameters absent, RFC 5754 §2).
fn digest_algorithm(digest: DigestAlgorithm) -> Result<Vec<u8>> {
    let dotted = match digest {
        DigestAlgorithm::Sha256 => "2.16.840.1.101.3.4.2.1",
        DigestAlgorithm::Sha384 => "2.16.840.1.101.3.4.2.2",
        DigestAlgorithm::Sha512 => "2.16.840.1.101.3.4.2.3",
        _ => return Err(unsupported_digest()),
    };
    Ok(algorithm(dotted, None))
}

fn attribute(id: &str, value: &[u8]) -> Vec<u8> {
    seq(&[&oid(id), &set_of(vec![value.to_vec()])])
}

/// The signed attributes (DER, as the SET OF the key signs): over content whose `digest`
/// (by `alg`) is given, for `signer`.
pub fn signed_attributes(
    content_digest: &[u8],
    signer: &Certificate,
    alg: DigestAlgorithm,
    scheme: Scheme,
    signing_time: Option<i64>,
) -> Result<Vec<u8>> {
    if content_digest.len() != alg.output_len() {
        return Err(Error::new(ErrorKind::InvalidArgument {
            what: "the content digest's length does not match its algorithm",
        }));
    }
    let hash = digest_algorithm(alg)?;
    // ESSCertIDv2 with the default hash (SHA-256, so left out) and IssuerSerial.
    let issuer_serial = seq(&[
        &seq(&[&explicit(4, signer.issuer_der())]),
        &unsigned(signer.serial()),
    ]);
    let cert_hash = DigestAlgorithm::Sha256.digest(signer.der());
    let ess = seq(&[&seq(&[&seq(&[&octets(&cert_hash), &issuer_serial])])]);
    let protection = seq(&[&hash, &{
        // signatureAlgorithm [1] IMPLICIT: the AlgorithmIdentifier's contents under tag A1.
        let a = scheme.algorithm(alg)?;
        let (start, _) = crate::pki::cert::tlv(&a).unwrap_or((2, 0));
        tlv(0xa1, a.get(start..).unwrap_or_default())
    }]);
    let mut attributes = vec![
        attribute(CONTENT_TYPE, &oid(ID_DATA)),
        attribute(MESSAGE_DIGEST, &octets(content_digest)),
        attribute(SIGNING_CERTIFICATE_V2, &ess),
        attribute(CMS_ALGORITHM_PROTECTION, &protection),
    ];
    if let Some(t) = signing_time {
        attributes.push(attribute(SIGNING_TIME, &super::der::time(t)));
    }
    Ok(set_of(attributes))
}

/// What a signature may carry besides its value (all optional).
#[derive(Clone, Copy, Debug, Default)]
pub struct Extras<'a> {
    /// An RFC 3161 timestamp token over the signature value (PAdES B-T), as an unsigned
    /// attribute.
    pub timestamp_token: Option<&'a [u8]>,
    /// CRLs (DER) for the message's `crls`, so that a verifier can decide revocation.
    pub crls: &'a [Vec<u8>],
    /// OCSP responses (DER `OCSPResponse`), in `crls` as `id-ri-ocsp-response` (RFC 5940).
    pub ocsp_responses: &'a [Vec<u8>],
}

const ID_RI_OCSP_RESPONSE: &str = "1.3.6.1.5.5.7.16.2";

/// The signed message (ContentInfo, DER): `signed_attributes` as returned above, the signature
/// value over them, the signer's certificate and chain (signer first), and the extras.
pub fn signed_data(
    signed_attributes: &[u8],
    signature: &[u8],
    chain: &[Certificate],
    alg: DigestAlgorithm,
    scheme: Scheme,
    extras: &Extras<'_>,
) -> Result<Vec<u8>> {
    let signer = chain.first().ok_or(Error::new(ErrorKind::InvalidArgument {
        what: "the certificate chain is empty",
    }))?;
    let hash = digest_algorithm(alg)?;
    let sid = seq(&[signer.issuer_der(), &unsigned(signer.serial())]);
    // [0] IMPLICIT SET OF: the same contents under tag A0.
    let attrs = match signed_attributes.first() {
        Some(0x31) => {
            let mut a = signed_attributes.to_vec();
            if let Some(tag) = a.first_mut() {
                *tag = 0xa0;
            }
            a
        }
        _ => {
            return Err(Error::new(ErrorKind::InvalidArgument {
                what: "the signed attributes are not a DER SET",
            }))
        }
    };
    let mut parts: Vec<Vec<u8>> = vec![
        small_int(1),
        sid,
        hash.clone(),
        attrs,
        scheme.algorithm(alg)?,
        octets(signature),
    ];
    if let Some(token) = extras.timestamp_token {
        let unsigned_attrs = set_of(vec![attribute(SIGNATURE_TIMESTAMP, token)]);
        let mut u = unsigned_attrs;
        if let Some(tag) = u.first_mut() {
            *tag = 0xa1;
        }
        parts.push(u);
    }
    let signer_info = tlv(0x30, &parts.concat());
    let certificates: Vec<u8> = chain.iter().flat_map(|c| c.der().to_vec()).collect();
    // RevocationInfoChoices, [1] IMPLICIT SET OF: CRLs as they are, OCSP responses wrapped in
    // OtherRevocationInfoFormat ([1] IMPLICIT).
    let mut revocation: Vec<Vec<u8>> = extras.crls.to_vec();
    for r in extras.ocsp_responses {
        revocation.push(tlv(0xa1, &[oid(ID_RI_OCSP_RESPONSE), r.clone()].concat()));
    }
    let mut sd_parts = vec![
        small_int(1),
        set_of(vec![hash]),
        seq(&[&oid(ID_DATA)]),
        tlv(0xa0, &certificates),
    ];
    if !revocation.is_empty() {
        let mut set = set_of(revocation);
        if let Some(tag) = set.first_mut() {
            *tag = 0xa1;
        }
        sd_parts.push(set);
    }
    sd_parts.push(set_of(vec![signer_info]));
    let sd = tlv(0x30, &sd_parts.concat());
    Ok(seq(&[&oid(ID_SIGNED_DATA), &explicit(0, &sd)]))
}
