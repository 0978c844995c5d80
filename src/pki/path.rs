//! Certification paths (RFC 5280 §6, the essentials) and the trust store.
//!
//! A path is searched depth first from the signer's certificate through the certificates at
//! hand to a trust anchor: a candidate issuer must carry the issuer name as its subject, match
//! the authority key identifier when both identifiers are present, and its key must verify the
//! certificate's signature (several candidates and cross-certificates are tried in turn; loops
//! are cut and paths longer than [`PathOptions::max_len`] abandoned). On a path found, every
//! certificate must be valid at the validation time; issuers must be CAs (basicConstraints) with
//! keyCertSign when they state a key usage and respect pathLenConstraint; no certificate may
//! carry a critical extension that is not understood; the signer's key usage and extended key
//! usage must fit the purpose; the name constraints of every CA on the path (anchor included) bind
//! the names of the certificates below it (see [`names`]).

use std::collections::HashMap;

use super::cert::Certificate;
use super::names;
use crate::error::Result;
use crate::time::when;

/// The Vietnamese trust anchors, committed under `assets/anchors/` (public certificates; see
/// `../shared/docs/VIETNAM.md` §4), embedded at build time: the government root and its
/// subordinate CA (Ban Cơ yếu), the national root (MIC) and VNPT-CA SHA2.
const VIETNAM_ANCHORS: [(&str, &[u8]); 4] = [
    (
        "rootcag2",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/anchors/rootcag2.crt"
        )),
    ),
    (
        "cpcag2",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/anchors/cpcag2.crt"
        )),
    ),
    (
        "vnrca256",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/anchors/vnrca256.crt"
        )),
    ),
    (
        "vnpt-ca-sha2",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/anchors/vnpt-ca-sha2.crt"
        )),
    ),
];

/// The certificates a verifier trusts.
#[derive(Clone, Debug, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
}

impl TrustStore {
    /// No anchors: nothing validates to a trusted root.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The embedded Vietnamese anchors, the default.
    pub fn vietnam() -> Self {
        let anchors = VIETNAM_ANCHORS
            .iter()
            .filter_map(|(_, bytes)| Certificate::parse_many(bytes).ok())
            .flatten()
            .collect();
        Self { anchors }
    }

    /// Adds anchors (DER or PEM, one or more certificates).
    pub fn add(&mut self, bytes: &[u8]) -> Result<()> {
        for cert in Certificate::parse_many(bytes)? {
            if !self.anchors.contains(&cert) {
                self.anchors.push(cert);
            }
        }
        Ok(())
    }

    /// The anchors.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }
}

/// Extended key usages that name a purpose other than signing documents: id-kp-serverAuth,
/// codeSigning, ipsecEndSystem, ipsecTunnel, ipsecUser, timeStamping, OCSPSigning, ipsecIKE.
const NOT_DOCUMENT_SIGNING: [&str; 8] = [
    "1.3.6.1.5.5.7.3.1",
    "1.3.6.1.5.5.7.3.3",
    "1.3.6.1.5.5.7.3.5",
    "1.3.6.1.5.5.7.3.6",
    "1.3.6.1.5.5.7.3.7",
    "1.3.6.1.5.5.7.3.8",
    "1.3.6.1.5.5.7.3.9",
    "1.3.6.1.5.5.7.3.17",
];

/// What the signer's certificate is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Signing documents: keyUsage (when stated) allows digitalSignature or nonRepudiation,
    /// and an extended key usage (when stated) lists some purpose besides TLS server, code
    /// signing, time-stamping, OCSP signing and IPsec.
    DocumentSigning,
    /// An RFC 3161 time-stamping authority: extKeyUsage holds id-kp-timeStamping.
    TimeStamping,
    /// A CA certificate (checking a CA's own path): basicConstraints cA and, when a key usage
    /// is stated, keyCertSign.
    CertificateSigning,
}

/// How to validate.
#[derive(Clone, Debug)]
pub struct PathOptions {
    /// The validation time, seconds since 1970 (the core reads no clock).
    pub at: i64,
    /// What the first certificate is used for.
    pub purpose: Purpose,
    /// Most certificates in a path, anchor included.
    pub max_len: usize,
}

/// Why no valid path was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    /// No path leads to a trust anchor (INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND).
    NoChain(String),
    /// A path exists, but a certificate is not valid at the validation time
    /// (INDETERMINATE / OUT_OF_BOUNDS_NO_POE).
    OutOfBounds(String),
    /// A path exists and breaks a rule (TOTAL_FAILED / CHAIN_CONSTRAINTS_FAILURE).
    Invalid(String),
    /// A path exists with something vanban does not evaluate (INDETERMINATE).
    Unsupported(String),
}

/// A valid path: the signer's certificate first, the anchor last.
#[derive(Clone, Debug)]
pub struct ValidPath {
    /// The certificates.
    pub certificates: Vec<Certificate>,
}

const ID_KP_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";

/// Most steps of one path search: past it the search says so (INDETERMINATE), never "valid".
const MAX_SEARCH_STEPS: usize = 10_000;

/// Finds and checks a path from `leaf` through `pool` to an anchor of `store`.
pub fn validate(
    leaf: &Certificate,
    pool: &[Certificate],
    store: &TrustStore,
    options: &PathOptions,
) -> core::result::Result<ValidPath, PathError> {
    validate_within(
        leaf,
        pool,
        store,
        options,
        &core::cell::Cell::new(MAX_SEARCH_STEPS),
    )
}

/// [`validate`] drawing on `budget`: the path-search work (steps and issuer signatures
/// verified) one message may spend across all its signers and timestamps. When it is spent
/// the search stops and says so (INDETERMINATE), never "valid".
pub fn validate_within(
    leaf: &Certificate,
    pool: &[Certificate],
    store: &TrustStore,
    options: &PathOptions,
    budget: &core::cell::Cell<usize>,
) -> core::result::Result<ValidPath, PathError> {
    // Candidates: the pool, then the anchors (flagged).
    let all: Vec<(&Certificate, bool)> = pool
        .iter()
        .map(|c| (c, false))
        .chain(store.anchors().iter().map(|c| (c, true)))
        .collect();
    if store.anchors().contains(leaf) {
        return check(&[leaf], options).map(|()| ValidPath {
            certificates: vec![leaf.clone()],
        });
    }
    // The candidates by subject name as chaining compares names ([`names::same_name`]): the
    // issuers of a certificate are found by one lookup, not by a pass over every candidate.
    let mut by_subject: HashMap<names::NameKey, Vec<usize>> = HashMap::new();
    for (i, (c, _)) in all.iter().enumerate() {
        by_subject
            .entry(names::name_key(c.subject_name()))
            .or_default()
            .push(i);
    }
    let mut found_error: Option<PathError> = None;
    let mut stack: Vec<Vec<usize>> = vec![Vec::new()];
    let mut steps = 0usize;
    // Whether candidate `j` signed certificate `i` (`usize::MAX`: the leaf), each signature
    // verified once: certificates of one name and key that all sign each other make the
    // search revisit the same edges, and verifying them anew each time made it quadratic.
    let mut signed: HashMap<(usize, usize), bool> = HashMap::new();
    let spend = || match budget.get().checked_sub(1) {
        Some(left) => {
            budget.set(left);
            true
        }
        None => false,
    };
    while let Some(path) = stack.pop() {
        steps += 1;
        if steps > MAX_SEARCH_STEPS || !spend() {
            found_error = Some(PathError::NoChain(format!(
                "the search for a path from \"{}\" stopped at its limit ({MAX_SEARCH_STEPS} \
                 steps, and the work one message may spend on path searches): the certificates \
                 at hand form too many candidate paths",
                leaf.subject()
            )));
            break;
        }
        let current = path
            .last()
            .and_then(|i| all.get(*i))
            .map_or(leaf, |(c, _)| *c);
        if path
            .last()
            .and_then(|i| all.get(*i))
            .is_some_and(|(_, anchor)| *anchor)
        {
            let mut certs = vec![leaf];
            certs.extend(path.iter().filter_map(|i| all.get(*i).map(|(c, _)| *c)));
            match check(&certs, options) {
                Ok(()) => {
                    return Ok(ValidPath {
                        certificates: certs.into_iter().cloned().collect(),
                    })
                }
                Err(e) => {
                    found_error = Some(match (found_error, e) {
                        // Keep the most telling reason: a rule broken, then bounds, then the rest.
                        (Some(PathError::Invalid(a)), _) => PathError::Invalid(a),
                        (_, e) => e,
                    });
                    continue;
                }
            }
        }
        if path.len() + 1 >= options.max_len {
            continue;
        }
        let issuers = by_subject
            .get(&names::name_key(current.issuer_name()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let aki = current.authority_key_id();
        // A certificate of a name and key already on the path adds nothing but a loop (its
        // siblings at this position are still tried): this cuts the search short when many
        // certificates of one name and key sign each other.
        let on_path = |c: &Certificate| {
            core::iter::once(leaf)
                .chain(path.iter().filter_map(|j| all.get(*j).map(|(p, _)| *p)))
                .any(|p| {
                    p.subject_der() == c.subject_der() && p.public_key_bits() == c.public_key_bits()
                })
        };
        for &i in issuers.iter().rev() {
            let Some((candidate, _)) = all.get(i) else {
                continue;
            };
            if path.contains(&i)
                || *candidate == current
                || *candidate == leaf
                || on_path(candidate)
            {
                continue;
            }
            if let (Some(aki), Some(ski)) = (aki, candidate.subject_key_id()) {
                if aki != ski {
                    continue;
                }
            }
            let from = path.last().copied().unwrap_or(usize::MAX);
            let ok = match signed.get(&(from, i)) {
                Some(ok) => *ok,
                None => {
                    if !spend() {
                        break;
                    }
                    let ok = candidate
                        .public_key()
                        .is_ok_and(|key| current.is_signed_by(key));
                    signed.insert((from, i), ok);
                    ok
                }
            };
            if !ok {
                continue;
            }
            let mut next = path.clone();
            next.push(i);
            stack.push(next);
        }
    }
    Err(found_error.unwrap_or_else(|| {
        PathError::NoChain(format!(
            "no certificate path from \"{}\" to a trusted anchor (issuer \"{}\" not found among \
             the certificates at hand and the trust store)",
            leaf.subject(),
            leaf.issuer()
        ))
    }))
}

/// The rules on a complete path (leaf first, anchor last).
fn check(certs: &[&Certificate], options: &PathOptions) -> core::result::Result<(), PathError> {
    for c in certs {
        let (from, to) = c.validity();
        if options.at < from || options.at > to {
            return Err(PathError::OutOfBounds(format!(
                "\"{}\" is valid from {} to {}, not at {}",
                c.subject(),
                when(from),
                when(to),
                when(options.at)
            )));
        }
        if let Some(u) = c.unknown_critical_extensions().first() {
            return Err(PathError::Invalid(format!(
                "\"{}\" has a critical extension vanban does not understand ({u})",
                c.subject()
            )));
        }
    }
    names::check_path(certs)?;
    // Issuers: CAs with keyCertSign, within their path length.
    let last = certs.len().saturating_sub(1);
    for (k, c) in certs.iter().enumerate().skip(1) {
        let anchor = k == last;
        match c.basic_constraints() {
            Some((true, path_len)) => {
                // Intermediate CAs below this one, self-issued ones not counted.
                let below = certs
                    .get(1..k)
                    .unwrap_or_default()
                    .iter()
                    .filter(|i| !i.self_issued())
                    .count();
                if let Some(max) = path_len {
                    if below > usize::from(max) {
                        return Err(PathError::Invalid(format!(
                            "\"{}\" allows {max} CA certificate(s) below it, the path has {below}",
                            c.subject()
                        )));
                    }
                }
            }
            // A version 1 root without basicConstraints may still be an anchor.
            None if anchor => {}
            _ => {
                return Err(PathError::Invalid(format!(
                    "\"{}\" issued a certificate but is not a CA (basicConstraints)",
                    c.subject()
                )))
            }
        }
        if c.key_usage().is_some_and(|ku| !ku.key_cert_sign) {
            return Err(PathError::Invalid(format!(
                "\"{}\" issued a certificate but its key usage does not allow keyCertSign",
                c.subject()
            )));
        }
    }
    let Some(leaf) = certs.first() else {
        return Err(PathError::NoChain("empty path".to_owned()));
    };
    match options.purpose {
        Purpose::DocumentSigning => {
            if let Some(ku) = leaf.key_usage() {
                if !ku.digital_signature && !ku.non_repudiation {
                    return Err(PathError::Invalid(format!(
                        "the key usage of \"{}\" allows neither digitalSignature nor \
                         nonRepudiation",
                        leaf.subject()
                    )));
                }
            }
            // RFC 5280 §4.2.1.12: with an extended key usage, the key serves only the purposes
            // it lists. A list made only of purposes that are not signing documents (TLS
            // server, code signing, time-stamping, OCSP signing, IPsec) excludes it; any other
            // purpose — client authentication and e-mail protection (which DSS's default policy
            // accepts), document signing, anyExtendedKeyUsage, a national one — allows it.
            if let Some(eku) = leaf.extended_key_usage() {
                let purposes: Vec<String> = eku.iter().map(ToString::to_string).collect();
                if !purposes.is_empty()
                    && purposes
                        .iter()
                        .all(|p| NOT_DOCUMENT_SIGNING.contains(&p.as_str()))
                {
                    return Err(PathError::Invalid(format!(
                        "the extended key usage of \"{}\" ({}) does not include signing \
                         documents (RFC 5280 §4.2.1.12)",
                        leaf.subject(),
                        purposes.join(", ")
                    )));
                }
            }
        }
        Purpose::CertificateSigning => {
            let ca = leaf.basic_constraints().is_some_and(|(ca, _)| ca);
            let can_sign = leaf.key_usage().is_none_or(|ku| ku.key_cert_sign);
            if !ca || !can_sign {
                return Err(PathError::Invalid(format!(
                    "\"{}\" is not a CA allowed to sign certificates",
                    leaf.subject()
                )));
            }
        }
        Purpose::TimeStamping => {
            let ok = leaf
                .extended_key_usage()
                .is_some_and(|eku| eku.iter().any(|o| o.to_string() == ID_KP_TIME_STAMPING));
            if !ok {
                return Err(PathError::Invalid(format!(
                    "\"{}\" is not a time-stamping authority (no id-kp-timeStamping extended \
                     key usage)",
                    leaf.subject()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vietnamese_anchors_are_embedded() {
        let store = TrustStore::vietnam();
        assert_eq!(store.anchors().len(), 4);
        for a in store.anchors() {
            assert!(a.public_key().is_ok(), "{}", a.subject());
        }
    }

    #[test]
    fn the_committed_anchors_are_the_ones_vietnam_md_names() {
        // ../shared/docs/VIETNAM.md §4: the first eight bytes of each SHA-256 fingerprint, in the
        // order of VIETNAM_ANCHORS (rootcag2, cpcag2, vnrca256, vnpt-ca-sha2).
        let pinned = [
            "F04BA4B459A7C9A1",
            "D8CAB7A4AEF92E6B",
            "BAC8BF609AB420A8",
            "7D6BA5245317F9ED",
        ];
        for ((name, bytes), want) in VIETNAM_ANCHORS.iter().zip(pinned) {
            let certs = Certificate::parse_many(bytes).unwrap();
            assert_eq!(certs.len(), 1, "{name}");
            let got: String = certs[0].sha256()[..8]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }
}
