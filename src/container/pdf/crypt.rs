//! The standard security handler with the empty user password (ISO 32000-1 §7.6.3; ISO 32000-2
//! §7.6.4.3.4 for revision 6): files that open without a password in any viewer — "protected"
//! against printing or copying only — are read. A file that needs a password stays refused with
//! `ERR_ENCRYPTED`; vanban never asks for or guesses one.
//!
//! RC4 (40–128-bit keys, revisions 2–4), AES-128 (`AESV2`) and AES-256 (`AESV3`, revisions 5
//! and 6). Keys and per-object keys follow the standard's algorithms 1, 2, 2.A and 2.B; the
//! empty password is checked against `/U` before anything is decrypted.

use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use aes::{Aes128, Aes256};
use md5::{Digest as _, Md5};
use sha2::{Sha256, Sha384, Sha512};

use super::object::{Dict, Object};
use crate::error::{Error, ErrorKind, Result};

/// Padding string of algorithm 2 (the empty password, padded).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How strings or streams are encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Identity,
    Rc4,
    Aes128,
    Aes256,
}

/// An opened standard security handler.
#[derive(Clone, Debug)]
pub struct Security {
    key: Vec<u8>,
    strings: Method,
    streams: Method,
    /// `/EncryptMetadata false`: the metadata stream is in the clear.
    pub encrypt_metadata: bool,
}

fn encrypted() -> Error {
    Error::new(ErrorKind::Encrypted)
}

fn bytes<'a>(d: &'a Dict, key: &[u8]) -> &'a [u8] {
    match d.get(key) {
        Some(Object::String(s)) => s,
        _ => &[],
    }
}

impl Security {
    /// Opens the handler of an `/Encrypt` dictionary with the empty user password; `id0` is the
    /// first string of the trailer's `/ID`. `ERR_ENCRYPTED` when a password is needed or the
    /// handler is not the standard one.
    pub fn open(encrypt: &Dict, id0: &[u8]) -> Result<Self> {
        if encrypt.name(b"Filter") != Some(b"Standard") {
            return Err(encrypted());
        }
        let v = encrypt.int(b"V").unwrap_or(0);
        let r = encrypt.int(b"R").unwrap_or(0);
        let encrypt_metadata =
            !matches!(encrypt.get(b"EncryptMetadata"), Some(Object::Bool(false)));
        let (strings, streams) = match v {
            1 | 2 => (Method::Rc4, Method::Rc4),
            4 | 5 => (
                crypt_filter(encrypt, b"StrF")?,
                crypt_filter(encrypt, b"StmF")?,
            ),
            _ => return Err(encrypted()),
        };
        let (o, u) = (bytes(encrypt, b"O"), bytes(encrypt, b"U"));
        let key = match r {
            2..=4 => {
                let length = if r == 2 {
                    40
                } else {
                    encrypt.int(b"Length").unwrap_or(40)
                };
                let n = usize::try_from(length / 8).unwrap_or(5).clamp(5, 16);
                // /P as its low 32 bits (writers store it signed or unsigned).
                let p = u32::try_from(encrypt.int(b"P").unwrap_or(0) & 0xffff_ffff).unwrap_or(0);
                let key = rc4_file_key(o, p, id0, r, n, encrypt_metadata);
                if !empty_user_password_rc4(&key, u, id0, r) {
                    return Err(encrypted());
                }
                key
            }
            5 | 6 => {
                let ue = bytes(encrypt, b"UE");
                let (Some(hash), Some(validation), Some(key_salt)) =
                    (u.get(..32), u.get(32..40), u.get(40..48))
                else {
                    return Err(encrypted());
                };
                if hash_r56(r, validation) != hash {
                    return Err(encrypted());
                }
                let mut key = ue.get(..32).ok_or_else(encrypted)?.to_vec();
                let cipher =
                    Aes256::new_from_slice(&hash_r56(r, key_salt)).map_err(|_| encrypted())?;
                // AES-256 CBC with a zero IV, no padding.
                let mut prev = [0u8; 16];
                for chunk in key.chunks_mut(16) {
                    let mut block = aes::Block::default();
                    block.copy_from_slice(chunk);
                    let cipher_text: [u8; 16] = block.into();
                    cipher.decrypt_block(&mut block);
                    for (b, (d, p)) in chunk.iter_mut().zip(block.iter().zip(prev.iter())) {
                        *b = d ^ p;
                    }
                    prev = cipher_text;
                }
                key
            }
            _ => return Err(encrypted()),
        };
        Ok(Self {
            key,
            strings,
            streams,
            encrypt_metadata,
        })
    }

    /// Decrypts a string of object `num gen`.
    pub fn decrypt_string(&self, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        self.decrypt(self.strings, num, gen, data)
    }

    /// Decrypts the raw data of a stream of object `num gen`.
    pub fn decrypt_stream(&self, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        self.decrypt(self.streams, num, gen, data)
    }

    fn decrypt(&self, method: Method, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        match method {
            Method::Identity => data.to_vec(),
            Method::Aes256 => aes_cbc_decrypt(&self.key, data),
            Method::Rc4 | Method::Aes128 => {
                // Algorithm 1: the object key.
                let mut h = Md5::new();
                h.update(&self.key);
                h.update(&num.to_le_bytes()[..3]);
                h.update(gen.to_le_bytes());
                if method == Method::Aes128 {
                    h.update(b"sAlT");
                }
                let digest = h.finalize();
                let n = (self.key.len() + 5).min(16);
                let key = digest.get(..n).unwrap_or_default();
                if method == Method::Rc4 {
                    rc4(key, data)
                } else {
                    aes_cbc_decrypt(key, data)
                }
            }
        }
    }
}

fn crypt_filter(encrypt: &Dict, which: &[u8]) -> Result<Method> {
    let name = encrypt.name(which).unwrap_or(b"Identity");
    if name == b"Identity" {
        return Ok(Method::Identity);
    }
    let filter = match encrypt.get(b"CF") {
        Some(Object::Dict(cf)) => match cf.get(name) {
            Some(Object::Dict(f)) => f,
            _ => return Err(encrypted()),
        },
        _ => return Err(encrypted()),
    };
    Ok(match filter.name(b"CFM") {
        Some(b"V2") => Method::Rc4,
        Some(b"AESV2") => Method::Aes128,
        Some(b"AESV3") => Method::Aes256,
        Some(b"None") => Method::Identity,
        _ => return Err(encrypted()),
    })
}

/// Algorithm 2 with the empty password.
fn rc4_file_key(o: &[u8], p: u32, id0: &[u8], r: i64, n: usize, encrypt_metadata: bool) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(PAD);
    h.update(o.get(..32).unwrap_or(o));
    h.update(p.to_le_bytes());
    h.update(id0);
    if r >= 4 && !encrypt_metadata {
        h.update([0xff; 4]);
    }
    let mut digest = h.finalize();
    if r >= 3 {
        for _ in 0..50 {
            digest = Md5::digest(digest.get(..n).unwrap_or_default());
        }
    }
    digest.get(..n).unwrap_or_default().to_vec()
}

/// Algorithms 4 and 5: whether the empty password is the user password.
fn empty_user_password_rc4(key: &[u8], u: &[u8], id0: &[u8], r: i64) -> bool {
    if r == 2 {
        return u.get(..32).is_some_and(|u| rc4(key, &PAD) == u);
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(id0);
    let mut x = rc4(key, &h.finalize());
    for i in 1..=19u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        x = rc4(&k, &x);
    }
    u.get(..16).is_some_and(|u| x == u)
}

/// The hash of the empty password with a salt: SHA-256 for revision 5, algorithm 2.B for 6.
fn hash_r56(r: i64, salt: &[u8]) -> Vec<u8> {
    let mut k = Sha256::digest(salt).to_vec();
    if r == 5 {
        return k;
    }
    let mut round: u32 = 0;
    loop {
        // K1 = (password ‖ K ‖ user data) × 64; the password and the user data are empty here.
        let k1: Vec<u8> = k.repeat(64);
        let (Some(key), Some(iv)) = (k.get(..16), k.get(16..32)) else {
            return k;
        };
        let e = aes128_cbc_encrypt(key, iv, &k1);
        let sum: u32 = e.iter().take(16).map(|b| u32::from(*b)).sum();
        k = match sum % 3 {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        let last = u32::from(e.last().copied().unwrap_or(0));
        // Ends by round 288 at the latest (the last byte is at most 255).
        if round >= 64 && last + 32 <= round {
            break;
        }
    }
    k.truncate(32);
    k
}

fn aes128_cbc_encrypt(key: &[u8], iv: &[u8], data: &[u8]) -> Vec<u8> {
    let Ok(cipher) = Aes128::new_from_slice(key) else {
        return Vec::new();
    };
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv.get(..16).unwrap_or(&[0; 16]));
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut block = aes::Block::default();
        for (b, (d, p)) in block.iter_mut().zip(chunk.iter().zip(prev.iter())) {
            *b = d ^ p;
        }
        cipher.encrypt_block(&mut block);
        prev = block.into();
        out.extend_from_slice(&prev);
    }
    out
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#5 padding (kept when it is not valid);
/// a trailing partial block is dropped. The key is 16 or 32 bytes.
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Vec<u8> {
    let Some((iv, body)) = data.split_at_checked(16) else {
        return Vec::new();
    };
    let mut out = aes_cbc_decrypt_raw(key, iv, body).unwrap_or_default();
    if let Some(n) = valid_padding(&out) {
        out.truncate(out.len() - n);
    }
    out
}

/// AES-CBC decryption (key of 16 or 32 bytes) with PKCS#7 padding that must be valid
/// (`None` otherwise: a wrong key, most likely).
pub(crate) fn aes_cbc_decrypt_strict(key: &[u8], iv: &[u8], body: &[u8]) -> Option<Vec<u8>> {
    if body.is_empty() || body.len() % 16 != 0 {
        return None;
    }
    let mut out = aes_cbc_decrypt_raw(key, iv, body)?;
    let n = valid_padding(&out)?;
    out.truncate(out.len() - n);
    Some(out)
}

fn aes_cbc_decrypt_raw(key: &[u8], iv: &[u8], body: &[u8]) -> Option<Vec<u8>> {
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv.get(..16)?);
    let mut out = Vec::with_capacity(body.len());
    let mut run = |decrypt: &dyn Fn(&mut aes::Block)| {
        for chunk in body.chunks_exact(16) {
            let mut block = aes::Block::default();
            block.copy_from_slice(chunk);
            decrypt(&mut block);
            out.extend(block.iter().zip(prev.iter()).map(|(d, p)| d ^ p));
            prev.copy_from_slice(chunk);
        }
    };
    if let Ok(c) = Aes256::new_from_slice(key) {
        run(&|b| c.decrypt_block(b));
    } else if let Ok(c) = Aes128::new_from_slice(key) {
        run(&|b| c.decrypt_block(b));
    } else {
        return None;
    }
    Some(out)
}

/// The PKCS#7 padding length at the end of `out`, when valid.
fn valid_padding(out: &[u8]) -> Option<usize> {
    let n = usize::from(*out.last()?);
    ((1..=16).contains(&n)
        && out.len() >= n
        && out.iter().rev().take(n).all(|b| usize::from(*b) == n))
    .then_some(n)
}

/// RC4.
// Every index is a u8 or below 256, into a 256-entry table.
#[allow(clippy::indexing_slicing)]
fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = core::array::from_fn(|i| u8::try_from(i).unwrap_or(0));
    let mut j: u8 = 0;
    for i in 0..256 {
        let k = key.get(i % key.len()).copied().unwrap_or(0);
        j = j.wrapping_add(s[i]).wrapping_add(k);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            let t = s[usize::from(i)].wrapping_add(s[usize::from(j)]);
            b ^ s[usize::from(t)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // The classic test vector: RC4("Key", "Plaintext").
        assert_eq!(
            rc4(b"Key", b"Plaintext"),
            [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]
        );
    }

    #[test]
    fn aes_cbc_round_trip_and_padding() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let mut plain = b"xin chao, the gioi".to_vec();
        let pad = 16 - plain.len() % 16;
        plain.extend(std::iter::repeat_n(u8::try_from(pad).unwrap(), pad));
        let mut data = iv.to_vec();
        data.extend(aes128_cbc_encrypt(&key, &iv, &plain));
        assert_eq!(aes_cbc_decrypt(&key, &data), b"xin chao, the gioi");
        assert!(aes_cbc_decrypt(&key, &data[..10]).is_empty());
    }
}
