//! Digest and signature algorithms (RFC 5754, RFC 8017, RFC 5758, RFC 8410) and the algorithm
//! policy that decides what "weak" means.
//!
//! Verification is done by the RustCrypto implementations: RSA PKCS#1 v1.5 (`rsa`) recomputes
//! the whole expected encoding `00 01 FF… 00 DigestInfo` and compares it with the recovered one
//! — it never parses the padding leniently, which is what Bleichenbacher-style forgeries need —
//! RSA-PSS (`rsa`), ECDSA over P-256 and P-384 (`p256`, `p384`; DER signatures decoded strictly)
//! and Ed25519 (`ed25519-dalek`, strict verification). The Wycheproof vectors of the corpus
//! check each of them (`tests/corpus_pki.rs`).

use const_oid::ObjectIdentifier;
use der::Decode;
use signature::hazmat::PrehashVerifier;
use spki::{DecodePublicKey, SubjectPublicKeyInfoRef};

/// A digest algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-1 (weak for signatures: collisions are practical).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA3-224.
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
}

/// OIDs of the digest algorithms (RFC 3370, RFC 5754).
mod oid {
    use const_oid::ObjectIdentifier as O;
    pub const SHA1: O = O::new_unwrap("1.3.14.3.2.26");
    pub const SHA224: O = O::new_unwrap("2.16.840.1.101.3.4.2.4");
    pub const SHA256: O = O::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: O = O::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: O = O::new_unwrap("2.16.840.1.101.3.4.2.3");
    pub const SHA3_224: O = O::new_unwrap("2.16.840.1.101.3.4.2.7");
    pub const SHA3_256: O = O::new_unwrap("2.16.840.1.101.3.4.2.8");
    pub const SHA3_384: O = O::new_unwrap("2.16.840.1.101.3.4.2.9");
    pub const SHA3_512: O = O::new_unwrap("2.16.840.1.101.3.4.2.10");
    pub const RSA_SHA3_224: O = O::new_unwrap("2.16.840.1.101.3.4.3.13");
    pub const RSA_SHA3_256: O = O::new_unwrap("2.16.840.1.101.3.4.3.14");
    pub const RSA_SHA3_384: O = O::new_unwrap("2.16.840.1.101.3.4.3.15");
    pub const RSA_SHA3_512: O = O::new_unwrap("2.16.840.1.101.3.4.3.16");
    pub const ECDSA_SHA3_256: O = O::new_unwrap("2.16.840.1.101.3.4.3.10");
    pub const ECDSA_SHA3_384: O = O::new_unwrap("2.16.840.1.101.3.4.3.11");
    pub const ECDSA_SHA3_512: O = O::new_unwrap("2.16.840.1.101.3.4.3.12");
    pub const RSA: O = O::new_unwrap("1.2.840.113549.1.1.1");
    pub const RSA_SHA1: O = O::new_unwrap("1.2.840.113549.1.1.5");
    pub const RSA_SHA224: O = O::new_unwrap("1.2.840.113549.1.1.14");
    pub const RSA_SHA256: O = O::new_unwrap("1.2.840.113549.1.1.11");
    pub const RSA_SHA384: O = O::new_unwrap("1.2.840.113549.1.1.12");
    pub const RSA_SHA512: O = O::new_unwrap("1.2.840.113549.1.1.13");
    pub const RSA_PSS: O = O::new_unwrap("1.2.840.113549.1.1.10");
    pub const MGF1: O = O::new_unwrap("1.2.840.113549.1.1.8");
    pub const EC_PUBLIC_KEY: O = O::new_unwrap("1.2.840.10045.2.1");
    pub const ECDSA_SHA1: O = O::new_unwrap("1.2.840.10045.4.1");
    pub const ECDSA_SHA224: O = O::new_unwrap("1.2.840.10045.4.3.1");
    pub const ECDSA_SHA256: O = O::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_SHA384: O = O::new_unwrap("1.2.840.10045.4.3.3");
    pub const ECDSA_SHA512: O = O::new_unwrap("1.2.840.10045.4.3.4");
    pub const ED25519: O = O::new_unwrap("1.3.101.112");
    pub const P256: O = O::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: O = O::new_unwrap("1.3.132.0.34");
}

impl DigestAlgorithm {
    /// The algorithm an OID names, if supported.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Some(match *oid {
            oid::SHA1 => Self::Sha1,
            oid::SHA224 => Self::Sha224,
            oid::SHA256 => Self::Sha256,
            oid::SHA384 => Self::Sha384,
            oid::SHA512 => Self::Sha512,
            oid::SHA3_224 => Self::Sha3_224,
            oid::SHA3_256 => Self::Sha3_256,
            oid::SHA3_384 => Self::Sha3_384,
            oid::SHA3_512 => Self::Sha3_512,
            _ => return None,
        })
    }

    /// The algorithm of a name as [`DigestAlgorithm::name`] writes it (WebCrypto's names).
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Sha1,
            Self::Sha224,
            Self::Sha256,
            Self::Sha384,
            Self::Sha512,
            Self::Sha3_224,
            Self::Sha3_256,
            Self::Sha3_384,
            Self::Sha3_512,
        ]
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// Its name as reports show it (WebCrypto's for the SHA-2 family).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha3_224 => "SHA3-224",
            Self::Sha3_256 => "SHA3-256",
            Self::Sha3_384 => "SHA3-384",
            Self::Sha3_512 => "SHA3-512",
        }
    }

    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 | Self::Sha3_224 => 28,
            Self::Sha256 | Self::Sha3_256 => 32,
            Self::Sha384 | Self::Sha3_384 => 48,
            Self::Sha512 | Self::Sha3_512 => 64,
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        self.digest_parts(&[data])
    }

    /// The digest of the concatenation of `parts` (a PDF's byte ranges, for instance).
    pub fn digest_parts(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            h.finalize().to_vec()
        }
        match self {
            Self::Sha1 => run::<sha1::Sha1>(parts),
            Self::Sha224 => run::<sha2::Sha224>(parts),
            Self::Sha256 => run::<sha2::Sha256>(parts),
            Self::Sha384 => run::<sha2::Sha384>(parts),
            Self::Sha512 => run::<sha2::Sha512>(parts),
            Self::Sha3_224 => run::<sha3::Sha3_224>(parts),
            Self::Sha3_256 => run::<sha3::Sha3_256>(parts),
            Self::Sha3_384 => run::<sha3::Sha3_384>(parts),
            Self::Sha3_512 => run::<sha3::Sha3_512>(parts),
        }
    }
}

/// A signature algorithm with its digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1v15(DigestAlgorithm),
    /// RSASSA-PSS with MGF1 over the same digest and a salt of `salt_len` bytes.
    RsaPss {
        /// Message digest (and MGF1 digest).
        digest: DigestAlgorithm,
        /// Salt length in bytes.
        salt_len: usize,
    },
    /// ECDSA.
    Ecdsa(DigestAlgorithm),
    /// Ed25519 (pure: over the message, no separate digest).
    Ed25519,
}

impl SignatureAlgorithm {
    /// The algorithm of an `AlgorithmIdentifier` used for a signature (`signatureAlgorithm` of a
    /// certificate or SignerInfo). `digest` is the SignerInfo's digest algorithm, for
    /// identifiers that name only the key type (`rsaEncryption`, `id-ecPublicKey`). `None` when
    /// unsupported (INDETERMINATE for the caller, never valid).
    pub fn from_identifier(
        oid: &ObjectIdentifier,
        parameters: Option<&[u8]>,
        digest: Option<DigestAlgorithm>,
    ) -> Option<Self> {
        use DigestAlgorithm as D;
        Some(match *oid {
            oid::RSA => Self::RsaPkcs1v15(digest?),
            oid::RSA_SHA1 => Self::RsaPkcs1v15(D::Sha1),
            oid::RSA_SHA224 => Self::RsaPkcs1v15(D::Sha224),
            oid::RSA_SHA256 => Self::RsaPkcs1v15(D::Sha256),
            oid::RSA_SHA384 => Self::RsaPkcs1v15(D::Sha384),
            oid::RSA_SHA512 => Self::RsaPkcs1v15(D::Sha512),
            oid::RSA_SHA3_224 => Self::RsaPkcs1v15(D::Sha3_224),
            oid::RSA_SHA3_256 => Self::RsaPkcs1v15(D::Sha3_256),
            oid::RSA_SHA3_384 => Self::RsaPkcs1v15(D::Sha3_384),
            oid::RSA_SHA3_512 => Self::RsaPkcs1v15(D::Sha3_512),
            oid::ECDSA_SHA3_256 => Self::Ecdsa(D::Sha3_256),
            oid::ECDSA_SHA3_384 => Self::Ecdsa(D::Sha3_384),
            oid::ECDSA_SHA3_512 => Self::Ecdsa(D::Sha3_512),
            oid::RSA_PSS => pss_parameters(parameters?)?,
            oid::EC_PUBLIC_KEY => Self::Ecdsa(digest?),
            oid::ECDSA_SHA1 => Self::Ecdsa(D::Sha1),
            oid::ECDSA_SHA224 => Self::Ecdsa(D::Sha224),
            oid::ECDSA_SHA256 => Self::Ecdsa(D::Sha256),
            oid::ECDSA_SHA384 => Self::Ecdsa(D::Sha384),
            oid::ECDSA_SHA512 => Self::Ecdsa(D::Sha512),
            oid::ED25519 => Self::Ed25519,
            _ => return None,
        })
    }

    /// The digest the signature is computed over (`None` for Ed25519).
    pub const fn digest(self) -> Option<DigestAlgorithm> {
        match self {
            Self::RsaPkcs1v15(d) | Self::Ecdsa(d) | Self::RsaPss { digest: d, .. } => Some(d),
            Self::Ed25519 => None,
        }
    }

    /// Its name as reports show it, e.g. "RSA PKCS#1 v1.5 with SHA-256".
    pub fn name(self) -> String {
        match self {
            Self::RsaPkcs1v15(d) => format!("RSA PKCS#1 v1.5 with {}", d.name()),
            Self::RsaPss { digest, salt_len } => {
                format!("RSA-PSS with {} (salt {salt_len})", digest.name())
            }
            Self::Ecdsa(d) => format!("ECDSA with {}", d.name()),
            Self::Ed25519 => "Ed25519".to_owned(),
        }
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1) → the algorithm, when MGF1 uses the message digest and
/// the trailer field is 1 (the only combination the `rsa` crate verifies).
fn pss_parameters(der: &[u8]) -> Option<SignatureAlgorithm> {
    let params: pkcs1::RsaPssParams<der::Any> = Decode::from_der(der).ok()?;
    let digest = DigestAlgorithm::from_oid(&params.hash.oid)?;
    if params.mask_gen.oid != oid::MGF1 {
        return None;
    }
    let mgf_digest = DigestAlgorithm::from_oid(&params.mask_gen.parameters.as_ref()?.oid)?;
    if mgf_digest != digest || params.trailer_field != pkcs1::TrailerField::BC {
        return None;
    }
    Some(SignatureAlgorithm::RsaPss {
        digest,
        salt_len: usize::from(params.salt_len),
    })
}

/// A public key of a supported type.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum PublicKey {
    /// RSA.
    Rsa(rsa::PublicKey),
    /// ECDSA over NIST P-256.
    P256(p256::ecdsa::VerifyingKey),
    /// ECDSA over NIST P-384.
    P384(p384::ecdsa::VerifyingKey),
    /// Ed25519.
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// Why a public key could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// The key type or curve is not one vanban verifies.
    Unsupported,
    /// The encoding is broken.
    Malformed,
}

impl PublicKey {
    /// Decodes a DER SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let info = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyError::Malformed)?;
        match info.algorithm.oid {
            oid::RSA => rsa::PublicKey::from_public_key_der(der)
                .map(Self::Rsa)
                .map_err(|_| KeyError::Malformed),
            oid::EC_PUBLIC_KEY => {
                let curve = info
                    .algorithm
                    .parameters
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                    .ok_or(KeyError::Malformed)?;
                match curve {
                    oid::P256 => p256::ecdsa::VerifyingKey::from_public_key_der(der)
                        .map(Self::P256)
                        .map_err(|_| KeyError::Malformed),
                    oid::P384 => p384::ecdsa::VerifyingKey::from_public_key_der(der)
                        .map(Self::P384)
                        .map_err(|_| KeyError::Malformed),
                    _ => Err(KeyError::Unsupported),
                }
            }
            oid::ED25519 => {
                let bytes: [u8; 32] = info
                    .subject_public_key
                    .as_bytes()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(KeyError::Malformed)?;
                ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .map(Self::Ed25519)
                    .map_err(|_| KeyError::Malformed)
            }
            _ => Err(KeyError::Unsupported),
        }
    }

    /// The key size in bits (RSA modulus, curve order).
    pub fn bits(&self) -> usize {
        match self {
            Self::Rsa(k) => rsa::traits::PublicKeyParts::size(k) * 8,
            Self::P256(_) | Self::Ed25519(_) => 256,
            Self::P384(_) => 384,
        }
    }

    /// The key's type as reports show it, e.g. "RSA 2048".
    pub fn describe(&self) -> String {
        match self {
            Self::Rsa(_) => format!("RSA {}", self.bits()),
            Self::P256(_) => "ECDSA P-256".to_owned(),
            Self::P384(_) => "ECDSA P-384".to_owned(),
            Self::Ed25519(_) => "Ed25519".to_owned(),
        }
    }

    /// Whether `signature` is a valid `algorithm` signature over `message` by this key. `false`
    /// also when the algorithm does not fit the key.
    pub fn verify(&self, algorithm: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, algorithm.digest()) {
            (Self::Ed25519(k), None) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_strict(message, &s).is_ok()),
            (_, Some(d)) => self.verify_digest(algorithm, &d.digest(message), signature),
            _ => false,
        }
    }

    /// Like [`Self::verify`], with the message's digest already computed (by the algorithm's
    /// digest). Ed25519 signs messages, not digests: always `false`.
    pub fn verify_digest(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        use DigestAlgorithm as D;
        if algorithm.digest().map(DigestAlgorithm::output_len) != Some(digest.len()) {
            return false;
        }
        match (self, algorithm) {
            (Self::Rsa(k), SignatureAlgorithm::RsaPkcs1v15(d)) => {
                let scheme = match d {
                    D::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                    D::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
                    D::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    D::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                    D::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                    D::Sha3_224 => rsa::Pkcs1v15Sign::new::<sha3::Sha3_224>(),
                    D::Sha3_256 => rsa::Pkcs1v15Sign::new::<sha3::Sha3_256>(),
                    D::Sha3_384 => rsa::Pkcs1v15Sign::new::<sha3::Sha3_384>(),
                    D::Sha3_512 => rsa::Pkcs1v15Sign::new::<sha3::Sha3_512>(),
                };
                k.verify(scheme, digest, signature).is_ok()
            }
            (
                Self::Rsa(k),
                SignatureAlgorithm::RsaPss {
                    digest: d,
                    salt_len,
                },
            ) => {
                fn pss<H: sha2::Digest + digest::FixedOutputReset + Send + Sync + 'static>(
                    k: &rsa::PublicKey,
                    salt_len: usize,
                    digest: &[u8],
                    signature: &[u8],
                ) -> bool {
                    k.verify(rsa::Pss::<H>::new_with_salt(salt_len), digest, signature)
                        .is_ok()
                }
                match d {
                    D::Sha1 => pss::<sha1::Sha1>(k, salt_len, digest, signature),
                    D::Sha224 => pss::<sha2::Sha224>(k, salt_len, digest, signature),
                    D::Sha256 => pss::<sha2::Sha256>(k, salt_len, digest, signature),
                    D::Sha384 => pss::<sha2::Sha384>(k, salt_len, digest, signature),
                    D::Sha512 => pss::<sha2::Sha512>(k, salt_len, digest, signature),
                    D::Sha3_224 => pss::<sha3::Sha3_224>(k, salt_len, digest, signature),
                    D::Sha3_256 => pss::<sha3::Sha3_256>(k, salt_len, digest, signature),
                    D::Sha3_384 => pss::<sha3::Sha3_384>(k, salt_len, digest, signature),
                    D::Sha3_512 => pss::<sha3::Sha3_512>(k, salt_len, digest, signature),
                }
            }
            (Self::P256(k), SignatureAlgorithm::Ecdsa(_)) => {
                p256::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
            (Self::P384(k), SignatureAlgorithm::Ecdsa(_)) => {
                p384::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
            _ => false,
        }
    }
}

/// What the policy does with a weak algorithm or key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeakOutcome {
    /// The signature keeps its verdict, with a visible warning.
    Warning,
    /// The signature is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE.
    Indeterminate,
}

/// Which algorithms and key sizes are weak, and what weak means.
///
/// Defaults: SHA-1 is weak; RSA keys under 2048 bits are weak; weak is a **warning**. The
/// default is chosen for the documents vanban's users hold: Vietnamese government signatures
/// made from 2013 to 2019 (and many since) use SHA-1 with RSA, and a reviewer must see that such a
/// document is intact and was signed by that key — a verdict of INDETERMINATE would hide a
/// true fact behind a policy. The warning says plainly that SHA-1 no longer protects against a
/// forger who prepared a colliding document in advance. A portal that must refuse weak
/// signatures sets [`WeakOutcome::Indeterminate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlgorithmPolicy {
    /// SHA-1 counts as weak.
    pub sha1_is_weak: bool,
    /// RSA keys shorter than this are weak.
    pub min_rsa_bits: usize,
    /// What a weakness does to the verdict.
    pub weak: WeakOutcome,
}

impl Default for AlgorithmPolicy {
    fn default() -> Self {
        Self {
            sha1_is_weak: true,
            min_rsa_bits: 2048,
            weak: WeakOutcome::Warning,
        }
    }
}

impl AlgorithmPolicy {
    /// The weaknesses of a signature made with `algorithm` by `key`, as report sentences.
    pub fn weaknesses(&self, algorithm: SignatureAlgorithm, key: &PublicKey) -> Vec<String> {
        let mut out = Vec::new();
        if self.sha1_is_weak && algorithm.digest() == Some(DigestAlgorithm::Sha1) {
            out.push(
                "SHA-1 is a weak digest: collisions are practical, so the signature does not \
                 exclude a document prepared in advance to collide"
                    .to_owned(),
            );
        }
        if let PublicKey::Rsa(_) = key {
            if key.bits() < self.min_rsa_bits {
                out.push(format!(
                    "the RSA key has {} bits, fewer than the {} the policy asks",
                    key.bits(),
                    self.min_rsa_bits
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    use crate::hash::to_hex as hex;

    #[test]
    fn digests_of_abc() {
        // FIPS 180-4 examples.
        let cases = [
            (DigestAlgorithm::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (DigestAlgorithm::Sha224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
            (DigestAlgorithm::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (DigestAlgorithm::Sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
            (DigestAlgorithm::Sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        ];
        for (alg, expected) in cases {
            assert_eq!(hex(&alg.digest(b"abc")), expected, "{}", alg.name());
            assert_eq!(hex(&alg.digest_parts(&[b"a", b"", b"bc"])), expected);
            assert_eq!(alg.digest(b"").len(), alg.output_len());
        }
    }

    #[test]
    fn identifiers() {
        let oid = |s: &str| ObjectIdentifier::new(s).unwrap();
        assert_eq!(
            SignatureAlgorithm::from_identifier(&oid("1.2.840.113549.1.1.5"), None, None),
            Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha1))
        );
        // rsaEncryption names the key only: the digest comes from the SignerInfo.
        assert_eq!(
            SignatureAlgorithm::from_identifier(&oid("1.2.840.113549.1.1.1"), None, None),
            None
        );
        assert_eq!(
            SignatureAlgorithm::from_identifier(
                &oid("1.2.840.113549.1.1.1"),
                None,
                Some(DigestAlgorithm::Sha256)
            ),
            Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256))
        );
        // DSA with SHA-1: not supported, so never valid.
        assert_eq!(
            SignatureAlgorithm::from_identifier(&oid("1.2.840.10040.4.3"), None, None),
            None
        );
        // RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 parameters, DER).
        let pss = [
            0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
            0x04, 0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48,
            0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
        ];
        assert_eq!(
            SignatureAlgorithm::from_identifier(&oid("1.2.840.113549.1.1.10"), Some(&pss), None),
            Some(SignatureAlgorithm::RsaPss {
                digest: DigestAlgorithm::Sha256,
                salt_len: 32
            })
        );
    }

    #[test]
    fn keys_that_cannot_be_used_are_typed() {
        assert_eq!(
            PublicKey::from_spki_der(b"\x30\x03\x02\x01\x00").unwrap_err(),
            KeyError::Malformed
        );
        // A DSA key (1.2.840.10040.4.1) with an empty key: not a type vanban verifies.
        let dsa = [
            0x30, 0x0e, 0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01, 0x03,
            0x01, 0x00,
        ];
        assert_eq!(
            PublicKey::from_spki_der(&dsa).unwrap_err(),
            KeyError::Unsupported
        );
    }
}
