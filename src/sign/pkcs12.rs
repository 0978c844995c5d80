//! Reading a signing key and its certificates from a PKCS#12 file (RFC 7292), for back-office
//! signing from the command line. Supported: the encryption OpenSSL 3 and current tools write —
//! PBES2 (RFC 8018) with PBKDF2-HMAC-SHA-256/SHA-1 and AES-128/256-CBC — for the key bag and for
//! encrypted certificate bags; unencrypted bags. The legacy PKCS#12 PBE schemes (3DES, RC2) are
//! refused with a clear error (re-export the file with `openssl pkcs12 -export` from OpenSSL 3).
//! The file's MAC is not checked: a wrong password shows as a key that does not decrypt.

use crate::error::{Error, ErrorKind, Result};
use crate::pki::ber::{element, octets, Element};
use crate::pki::cert::Certificate;

const ID_DATA: &str = "1.2.840.113549.1.7.1";
const ID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const X509_CERTIFICATE: &str = "1.2.840.113549.1.9.22.1";
const PBES2: &str = "1.2.840.113549.1.5.13";
const PBKDF2: &str = "1.2.840.113549.1.5.12";
const HMAC_SHA1: &str = "1.2.840.113549.2.7";
const HMAC_SHA256: &str = "1.2.840.113549.2.9";
const AES128_CBC: &str = "2.16.840.1.101.3.4.1.2";
const AES256_CBC: &str = "2.16.840.1.101.3.4.1.42";

/// A PKCS#12 file's content: the private key (PKCS#8 DER) and the certificates, the one that
/// matches the key first.
pub struct KeyStore {
    /// The private key, PKCS#8 `PrivateKeyInfo` DER.
    pub private_key: Vec<u8>,
    /// The certificates in the file.
    pub certificates: Vec<Certificate>,
}

fn malformed() -> Error {
    Error::new(ErrorKind::Malformed {
        what: "PKCS#12 file",
    })
}

fn wrong_password() -> Error {
    Error::new(ErrorKind::InvalidArgument {
        what: "the password does not open the PKCS#12 file",
    })
}

const DEPTH: usize = 32;

fn children<'a>(e: &Element<'a>) -> Result<Vec<Element<'a>>> {
    crate::pki::ber::children(e.body, DEPTH).map_err(|_| malformed())
}

fn parse(der: &[u8]) -> Result<Element<'_>> {
    element(der, DEPTH)
}

fn oid_of(e: &Element<'_>) -> Option<String> {
    crate::pki::cms::oid_of(e).map(|o| o.to_string())
}

impl KeyStore {
    /// Signs `digest` (of data hashed with `alg`) with the private key: RSA PKCS#1 v1.5 or PSS,
    /// ECDSA (DER). What a token does with a digest, done in software.
    pub fn sign_digest(
        &self,
        scheme: crate::sign::cms::Scheme,
        alg: crate::pki::algorithm::DigestAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>> {
        sign_digest(&self.private_key, scheme, alg, digest)
    }
}

/// Signs a digest with a PKCS#8 private key (see [`KeyStore::sign_digest`]).
pub fn sign_digest(
    pkcs8: &[u8],
    scheme: crate::sign::cms::Scheme,
    alg: crate::pki::algorithm::DigestAlgorithm,
    digest: &[u8],
) -> Result<Vec<u8>> {
    use crate::pki::algorithm::DigestAlgorithm as D;
    use crate::sign::cms::Scheme;
    use rsa::pkcs8::DecodePrivateKey;
    use signature::hazmat::PrehashSigner;
    use signature::SignatureEncoding;
    let failed = || {
        Error::new(ErrorKind::InvalidArgument {
            what: "the key cannot sign with that scheme and digest",
        })
    };
    if digest.len() != alg.output_len() {
        return Err(failed());
    }
    match scheme {
        Scheme::RsaPkcs1 => {
            let key = rsa::PrivateKey::from_pkcs8_der(pkcs8).map_err(|_| failed())?;
            let sig = match alg {
                D::Sha256 => {
                    rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key).sign_prehash(digest)
                }
                D::Sha384 => {
                    rsa::pkcs1v15::SigningKey::<sha2::Sha384>::new(key).sign_prehash(digest)
                }
                D::Sha512 => {
                    rsa::pkcs1v15::SigningKey::<sha2::Sha512>::new(key).sign_prehash(digest)
                }
                _ => return Err(failed()),
            };
            Ok(sig.map_err(|_| failed())?.to_vec())
        }
        Scheme::RsaPss => Err(Error::new(ErrorKind::Unsupported {
            what: "RSA-PSS with a PKCS#12 key (it needs randomness; use PKCS#1 v1.5)",
        })),
        Scheme::Ecdsa => {
            if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8) {
                let sig: p256::ecdsa::Signature = k.sign_prehash(digest).map_err(|_| failed())?;
                Ok(sig.to_der().as_bytes().to_vec())
            } else if let Ok(k) = p384::ecdsa::SigningKey::from_pkcs8_der(pkcs8) {
                let sig: p384::ecdsa::Signature = k.sign_prehash(digest).map_err(|_| failed())?;
                Ok(sig.to_der().as_bytes().to_vec())
            } else {
                Err(failed())
            }
        }
    }
}

/// Reads `pfx` with `password`.
pub fn read(pfx: &[u8], password: &str) -> Result<KeyStore> {
    let top = parse(pfx).map_err(|_| malformed())?;
    let parts = children(&top)?;
    let auth_safe = parts.get(1).ok_or_else(malformed)?;
    let safe_contents = data_content(auth_safe)?;
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut certs: Vec<Certificate> = Vec::new();
    for info in children(&parse(&safe_contents).map_err(|_| malformed())?)? {
        let ci = children(&info)?;
        let kind = ci.first().and_then(oid_of).ok_or_else(malformed)?;
        let bags = match kind.as_str() {
            ID_DATA => data_content(&info)?,
            ID_ENCRYPTED_DATA => {
                // [0] EXPLICIT EncryptedData { version, EncryptedContentInfo }
                let wrapped = ci.get(1).ok_or_else(malformed)?;
                let ed = children(wrapped)?;
                let ed = children(ed.first().ok_or_else(malformed)?)?;
                let eci = children(ed.get(1).ok_or_else(malformed)?)?;
                let alg = eci.get(1).ok_or_else(malformed)?;
                let content = eci.get(2).ok_or_else(malformed)?;
                decrypt(alg, &primitive_body(content)?, password)?
            }
            _ => continue,
        };
        for bag in children(&parse(&bags).map_err(|_| malformed())?)? {
            let b = children(&bag)?;
            let id = b.first().and_then(oid_of).ok_or_else(malformed)?;
            let value = b
                .get(1)
                .map(children)
                .transpose()?
                .and_then(|v| v.into_iter().next())
                .ok_or_else(malformed)?;
            match id.as_str() {
                KEY_BAG => keys.push(value.raw.to_vec()),
                SHROUDED_KEY_BAG => {
                    let epki = children(&value)?;
                    let alg = epki.first().ok_or_else(malformed)?;
                    let data = epki
                        .get(1)
                        .filter(|e| e.tag == 0x04)
                        .ok_or_else(malformed)?;
                    keys.push(decrypt(alg, data.body, password)?);
                }
                CERT_BAG => {
                    let cb = children(&value)?;
                    if cb.first().and_then(oid_of).as_deref() == Some(X509_CERTIFICATE) {
                        let inner = cb
                            .get(1)
                            .map(children)
                            .transpose()?
                            .and_then(|v| v.into_iter().next())
                            .filter(|e| e.tag == 0x04)
                            .ok_or_else(malformed)?;
                        certs.push(Certificate::from_der(inner.body)?);
                    }
                }
                _ => {}
            }
        }
    }
    let private_key = keys
        .into_iter()
        .next()
        .ok_or(Error::new(ErrorKind::InvalidArgument {
            what: "the PKCS#12 file holds no private key",
        }))?;
    // The certificate whose public key matches the private key first.
    let public = public_key_of(&private_key)?;
    let matching = certs
        .iter()
        .position(|c| c.public_key_bits() == public.as_slice())
        .ok_or(Error::new(ErrorKind::InvalidArgument {
            what: "the PKCS#12 file holds no certificate for its private key",
        }))?;
    let signer = certs.remove(matching);
    certs.insert(0, signer);
    Ok(KeyStore {
        private_key,
        certificates: certs,
    })
}

/// The subjectPublicKey bits of a PKCS#8 private key (RSA: the PKCS#1 RSAPublicKey; EC P-256 /
/// P-384: the uncompressed point).
fn public_key_of(pkcs8: &[u8]) -> Result<Vec<u8>> {
    use p256::elliptic_curve::sec1::ToSec1Point;
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::pkcs8::DecodePrivateKey;
    let unsupported = || {
        Error::new(ErrorKind::Unsupported {
            what: "the PKCS#12 key type (RSA, ECDSA P-256 and P-384 are supported)",
        })
    };
    if let Ok(k) = rsa::PrivateKey::from_pkcs8_der(pkcs8) {
        let der = rsa::PublicKey::from(&k)
            .to_pkcs1_der()
            .map_err(|_| unsupported())?;
        Ok(der.as_bytes().to_vec())
    } else if let Ok(k) = p256::SecretKey::from_pkcs8_der(pkcs8) {
        Ok(k.public_key().to_sec1_point(false).as_bytes().to_vec())
    } else if let Ok(k) = p384::SecretKey::from_pkcs8_der(pkcs8) {
        Ok(k.public_key().to_sec1_point(false).as_bytes().to_vec())
    } else {
        Err(unsupported())
    }
}

/// The OCTET STRING under `[0] EXPLICIT` of a ContentInfo of type data.
fn data_content(info: &Element<'_>) -> Result<Vec<u8>> {
    let ci = children(info)?;
    let wrapped = ci.get(1).ok_or_else(malformed)?;
    let inner = children(wrapped)?
        .into_iter()
        .next()
        .ok_or_else(malformed)?;
    primitive_body(&inner)
}

/// The bytes of an OCTET STRING, primitive or constructed (BER), or of an `[0] IMPLICIT` one.
fn primitive_body(e: &Element<'_>) -> Result<Vec<u8>> {
    octets(e, DEPTH).map_err(|_| malformed())
}

/// Decrypts PBES2 (PBKDF2 + AES-CBC) content.
fn decrypt(alg: &Element<'_>, data: &[u8], password: &str) -> Result<Vec<u8>> {
    let a = children(alg)?;
    match a.first().and_then(oid_of).as_deref() {
        Some(PBES2) => {}
        _ => {
            return Err(Error::new(ErrorKind::Unsupported {
                what:
                    "the PKCS#12 file's encryption (only PBES2 with AES, as OpenSSL 3 writes it; \
                       re-export the file)",
            }))
        }
    }
    let params = children(a.get(1).ok_or_else(malformed)?)?;
    let kdf = children(params.first().ok_or_else(malformed)?)?;
    if kdf.first().and_then(oid_of).as_deref() != Some(PBKDF2) {
        return Err(Error::new(ErrorKind::Unsupported {
            what: "the PKCS#12 key derivation (PBKDF2 only)",
        }));
    }
    let kp = children(kdf.get(1).ok_or_else(malformed)?)?;
    let salt = kp
        .first()
        .filter(|e| e.tag == 0x04)
        .ok_or_else(malformed)?
        .body;
    let iterations = kp
        .get(1)
        .filter(|e| e.tag == 0x02 && e.body.len() <= 4)
        .map(|e| e.body.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)))
        .filter(|n| (1..=10_000_000).contains(n))
        .ok_or_else(malformed)?;
    let prf = kp
        .iter()
        .skip(2)
        .find(|e| e.tag == 0x30)
        .map(children)
        .transpose()?
        .and_then(|p| p.first().and_then(oid_of));
    let scheme = children(params.get(1).ok_or_else(malformed)?)?;
    let key_len = match scheme.first().and_then(oid_of).as_deref() {
        Some(AES256_CBC) => 32,
        Some(AES128_CBC) => 16,
        _ => {
            return Err(Error::new(ErrorKind::Unsupported {
                what: "the PKCS#12 cipher (AES-128-CBC and AES-256-CBC only)",
            }))
        }
    };
    let iv = scheme
        .get(1)
        .filter(|e| e.tag == 0x04 && e.body.len() == 16)
        .ok_or_else(malformed)?
        .body;
    let key = match prf.as_deref() {
        None | Some(HMAC_SHA1) => {
            pbkdf2::<sha1::Sha1>(password.as_bytes(), salt, iterations, key_len)
        }
        Some(HMAC_SHA256) => pbkdf2::<sha2::Sha256>(password.as_bytes(), salt, iterations, key_len),
        Some(_) => {
            return Err(Error::new(ErrorKind::Unsupported {
                what: "the PKCS#12 PBKDF2 hash (HMAC-SHA-1 and HMAC-SHA-256 only)",
            }))
        }
    };
    crate::container::pdf::crypt::aes_cbc_decrypt_strict(&key, iv, data).ok_or_else(wrong_password)
}

/// HMAC (RFC 2104) over a block-based digest.
fn hmac<D: digest::Digest + digest::block_api::BlockSizeUser>(
    key: &[u8],
    parts: &[&[u8]],
) -> Vec<u8> {
    let block = D::block_size();
    let mut k = if key.len() > block {
        D::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(block, 0);
    let mut inner = D::new();
    inner.update(k.iter().map(|b| b ^ 0x36).collect::<Vec<_>>());
    for p in parts {
        inner.update(p);
    }
    let mut outer = D::new();
    outer.update(k.iter().map(|b| b ^ 0x5c).collect::<Vec<_>>());
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// PBKDF2 (RFC 8018 §5.2) with HMAC over `D`.
fn pbkdf2<D: digest::Digest + digest::block_api::BlockSizeUser>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    len: usize,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut block = 1u32;
    while out.len() < len {
        let mut u = hmac::<D>(password, &[salt, &block.to_be_bytes()]);
        let mut t = u.clone();
        for _ in 1..iterations {
            u = hmac::<D>(password, &[&u]);
            t.iter_mut().zip(&u).for_each(|(a, b)| *a ^= b);
        }
        out.extend_from_slice(&t);
        block += 1;
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6070 test vector 2 (PBKDF2-HMAC-SHA1, 2 iterations).
    #[test]
    fn pbkdf2_vectors() {
        assert_eq!(
            crate::hash::to_hex(&pbkdf2::<sha1::Sha1>(b"password", b"salt", 2, 20)),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
    }
}
