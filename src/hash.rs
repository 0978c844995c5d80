//! Streaming digests: SHA-1, SHA-256, SHA-384 and SHA-512, several at once in one pass.
//!
//! ```
//! use vanban::hash::{Algorithm, MultiHasher};
//!
//! let mut h = MultiHasher::new(&[Algorithm::Sha256, Algorithm::Sha1])?;
//! h.update(b"a");
//! h.update(b"bc");
//! let digests = h.finalize();
//! assert_eq!(
//!     digests[0].to_hex(),
//!     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//! );
//! assert_eq!(digests[1].to_base64(), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
//! # Ok::<(), vanban::Error>(())
//! ```
//!
//! Input is fed to every digest block by block ([`INTERLEAVE`] bytes at a time), so a large
//! chunk is read from memory once for all the algorithms instead of once for each.

use core::fmt;

use sha2::Digest as _;

use crate::error::{Error, ErrorKind, Result};

/// How many bytes each digest takes in turn when several run over one chunk: small enough that
/// the slice stays in the L1/L2 cache between algorithms.
pub const INTERLEAVE: usize = 16 * 1024;

/// A digest algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// SHA-1 (FIPS 180-4). Broken for collision resistance; kept for legacy signatures and for
    /// matching checksums published elsewhere.
    Sha1,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
}

impl Algorithm {
    /// Every algorithm, in the order reports list them.
    pub const ALL: [Algorithm; 4] = [Self::Sha1, Self::Sha256, Self::Sha384, Self::Sha512];

    /// The name WebCrypto uses, e.g. `"SHA-256"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// Digest length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Parses a name case-insensitively, with or without the dash: `SHA-256`, `sha256`,
    /// `Sha-256` all name [`Algorithm::Sha256`]. Anything else is `UnsupportedAlgorithm`.
    pub fn from_name(name: &str) -> Result<Self> {
        let mut compact = [0u8; 8];
        let mut len = 0usize;
        for b in name.trim().bytes().filter(|b| *b != b'-') {
            let slot = compact
                .get_mut(len)
                .ok_or(Error::new(ErrorKind::UnsupportedAlgorithm))?;
            *slot = b.to_ascii_lowercase();
            len += 1;
        }
        match compact.get(..len) {
            Some(b"sha1") => Ok(Self::Sha1),
            Some(b"sha256") => Ok(Self::Sha256),
            Some(b"sha384") => Ok(Self::Sha384),
            Some(b"sha512") => Ok(Self::Sha512),
            _ => Err(Error::new(ErrorKind::UnsupportedAlgorithm)),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone)]
enum State {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl State {
    fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha1 => Self::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => Self::Sha256(sha2::Sha256::new()),
            Algorithm::Sha384 => Self::Sha384(sha2::Sha384::new()),
            Algorithm::Sha512 => Self::Sha512(sha2::Sha512::new()),
        }
    }

    fn algorithm(&self) -> Algorithm {
        match self {
            Self::Sha1(_) => Algorithm::Sha1,
            Self::Sha256(_) => Algorithm::Sha256,
            Self::Sha384(_) => Algorithm::Sha384,
            Self::Sha512(_) => Algorithm::Sha512,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha1(h) => h.update(data),
            Self::Sha256(h) => h.update(data),
            Self::Sha384(h) => h.update(data),
            Self::Sha512(h) => h.update(data),
        }
    }

    fn finalize(self) -> Digest {
        let algorithm = self.algorithm();
        let bytes = match self {
            Self::Sha1(h) => h.finalize().to_vec(),
            Self::Sha256(h) => h.finalize().to_vec(),
            Self::Sha384(h) => h.finalize().to_vec(),
            Self::Sha512(h) => h.finalize().to_vec(),
        };
        Digest { algorithm, bytes }
    }
}

/// Several digests computed over the same bytes in one pass.
#[derive(Clone)]
pub struct MultiHasher {
    states: Vec<State>,
    bytes_hashed: u64,
}

impl MultiHasher {
    /// A hasher for `algorithms`, in that order; a repeated algorithm is computed once.
    /// An empty list is `InvalidArgument { what: "algorithms" }`.
    pub fn new(algorithms: &[Algorithm]) -> Result<Self> {
        let mut states: Vec<State> = Vec::with_capacity(algorithms.len().min(Algorithm::ALL.len()));
        for &a in algorithms {
            if !states.iter().any(|s| s.algorithm() == a) {
                states.push(State::new(a));
            }
        }
        if states.is_empty() {
            return Err(Error::new(ErrorKind::InvalidArgument {
                what: "algorithms",
            }));
        }
        Ok(Self {
            states,
            bytes_hashed: 0,
        })
    }

    /// Like [`MultiHasher::new`], from names such as `"SHA-256"` or `"sha512"`.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Self> {
        let algorithms = names
            .iter()
            .map(|n| Algorithm::from_name(n.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Self::new(&algorithms)
    }

    /// The algorithms, in output order.
    pub fn algorithms(&self) -> impl Iterator<Item = Algorithm> + '_ {
        self.states.iter().map(State::algorithm)
    }

    /// Feeds the next bytes. Any split of the input into `update` calls gives the same digests.
    pub fn update(&mut self, data: &[u8]) {
        if let [only] = self.states.as_mut_slice() {
            only.update(data);
        } else {
            for block in data.chunks(INTERLEAVE) {
                for state in &mut self.states {
                    state.update(block);
                }
            }
        }
        self.bytes_hashed = self.bytes_hashed.saturating_add(data.len() as u64);
    }

    /// How many bytes have been fed so far.
    pub const fn bytes_hashed(&self) -> u64 {
        self.bytes_hashed
    }

    /// The digests, in the order of the algorithms given to [`MultiHasher::new`].
    pub fn finalize(self) -> Vec<Digest> {
        self.states.into_iter().map(State::finalize).collect()
    }
}

/// One-shot digest of `data`.
pub fn digest(algorithm: Algorithm, data: &[u8]) -> Digest {
    let mut state = State::new(algorithm);
    state.update(data);
    state.finalize()
}

/// A finished digest.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Digest {
    algorithm: Algorithm,
    bytes: Vec<u8>,
}

impl Digest {
    /// The algorithm that produced it.
    pub const fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The raw digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Lower-case hexadecimal, as `sha256sum` prints it.
    pub fn to_hex(&self) -> String {
        to_hex(&self.bytes)
    }

    /// Standard base64 with padding (RFC 4648 §4), as SRI and XML-DSig use it.
    pub fn to_base64(&self) -> String {
        to_base64(&self.bytes)
    }
}

/// Lower-case hexadecimal of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    let nibble = |v: u8| char::from(if v < 10 { b'0' + v } else { b'a' + (v - 10) });
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(nibble(b >> 4));
        out.push(nibble(b & 0x0f));
    }
    out
}

/// Lowercase or uppercase hex → bytes; `None` for an odd length or another character.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| char::from(c).to_digit(16);
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => u8::try_from(digit(*hi)? * 16 + digit(*lo)?).ok(),
            _ => None,
        })
        .collect()
}

/// The RFC 4648 base64 alphabet letter for a 6-bit value.
fn base64_letter(v: u32) -> char {
    let v = (v & 0x3f) as u8;
    char::from(match v {
        0..=25 => b'A' + v,
        26..=51 => b'a' + (v - 26),
        52..=61 => b'0' + (v - 52),
        62 => b'+',
        _ => b'/',
    })
}

/// Standard base64 with padding of `bytes`.
pub fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b0 = group.first().copied().unwrap_or(0);
        let b1 = group.get(1).copied();
        let b2 = group.get(2).copied();
        let n = u32::from(b0) << 16 | u32::from(b1.unwrap_or(0)) << 8 | u32::from(b2.unwrap_or(0));
        out.push(base64_letter(n >> 18));
        out.push(base64_letter(n >> 12));
        out.push(if b1.is_some() {
            base64_letter(n >> 6)
        } else {
            '='
        });
        out.push(if b2.is_some() { base64_letter(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FIPS 180-4 example vectors (NIST CSRC "Examples with Intermediate Values" and the
    /// SHAVS short/long message tests): "abc", the empty string, the 448-bit and 896-bit
    /// two-block messages, and one million repetitions of "a".
    const ABC: &[u8] = b"abc";
    const M448: &[u8] = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const M896: &[u8] = b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    fn vectors() -> Vec<(Algorithm, Vec<u8>, &'static str)> {
        let million_a = vec![b'a'; 1_000_000];
        vec![
            (Algorithm::Sha1, ABC.to_vec(), "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (Algorithm::Sha1, Vec::new(), "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (Algorithm::Sha1, M448.to_vec(), "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            (Algorithm::Sha1, million_a.clone(), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
            (Algorithm::Sha256, ABC.to_vec(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Algorithm::Sha256, Vec::new(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Algorithm::Sha256, M448.to_vec(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (Algorithm::Sha256, million_a.clone(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
            (Algorithm::Sha384, ABC.to_vec(), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
            (Algorithm::Sha384, Vec::new(), "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
            (Algorithm::Sha384, M896.to_vec(), "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"),
            (Algorithm::Sha384, million_a.clone(), "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"),
            (Algorithm::Sha512, ABC.to_vec(), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
            (Algorithm::Sha512, Vec::new(), "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
            (Algorithm::Sha512, M896.to_vec(), "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
            (Algorithm::Sha512, million_a, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"),
        ]
    }

    #[test]
    fn nist_known_answers() {
        for (algorithm, message, expected) in vectors() {
            assert_eq!(
                digest(algorithm, &message).to_hex(),
                expected,
                "{algorithm}"
            );
            let mut multi = MultiHasher::new(&[algorithm]).unwrap();
            multi.update(&message);
            assert_eq!(multi.finalize()[0].to_hex(), expected, "{algorithm} multi");
        }
    }

    #[test]
    fn all_algorithms_in_one_pass_equal_separate_passes() {
        let data: Vec<u8> = (0..200_003u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut multi = MultiHasher::new(&Algorithm::ALL).unwrap();
        multi.update(&data);
        assert_eq!(multi.bytes_hashed(), 200_003);
        for d in multi.finalize() {
            assert_eq!(d, digest(d.algorithm(), &data));
        }
    }

    /// xorshift64*, so the test needs no random-number crate and is reproducible.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_chunk_splits_equal_one_shot() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for round in 0..40 {
            let len = rng.below(70_000);
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let expected: Vec<Digest> = Algorithm::ALL.iter().map(|&a| digest(a, &data)).collect();
            let mut multi = MultiHasher::new(&Algorithm::ALL).unwrap();
            let mut rest = data.as_slice();
            while !rest.is_empty() {
                // Mostly small pieces (block-boundary cases), sometimes large ones.
                let max = if rng.below(4) == 0 {
                    rest.len()
                } else {
                    130.min(rest.len())
                };
                let (piece, tail) = rest.split_at(rng.below(max + 1));
                multi.update(piece);
                rest = tail;
            }
            assert_eq!(multi.finalize(), expected, "round {round}, {len} bytes");
        }
    }

    #[test]
    fn empty_input_and_empty_updates() {
        let mut multi = MultiHasher::new(&[Algorithm::Sha256]).unwrap();
        multi.update(&[]);
        multi.update(&[]);
        assert_eq!(
            multi.finalize()[0].to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn names_parse_and_bad_names_are_typed_errors() {
        for (name, a) in [
            ("SHA-1", Algorithm::Sha1),
            ("sha256", Algorithm::Sha256),
            ("Sha-384", Algorithm::Sha384),
            (" SHA512 ", Algorithm::Sha512),
        ] {
            assert_eq!(Algorithm::from_name(name).unwrap(), a);
        }
        for bad in ["md5", "sha-3", "", "sha2566666666", "SHA-224"] {
            assert_eq!(
                Algorithm::from_name(bad).unwrap_err().kind(),
                ErrorKind::UnsupportedAlgorithm,
                "{bad}"
            );
        }
        assert_eq!(
            MultiHasher::new(&[]).err().map(|e| e.code()),
            Some("ERR_INVALID_ARGUMENT")
        );
    }

    #[test]
    fn duplicates_are_computed_once_in_given_order() {
        let multi = MultiHasher::from_names(&["sha512", "SHA-1", "sha-512"]).unwrap();
        let algos: Vec<_> = multi.algorithms().collect();
        assert_eq!(algos, [Algorithm::Sha512, Algorithm::Sha1]);
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(to_base64(input.as_bytes()), expected);
        }
        assert_eq!(to_hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
