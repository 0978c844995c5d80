//! Revocation data: CRLs (RFC 5280 §5) and OCSP responses (RFC 6960) found in a signature —
//! CMS `crls` (with `id-ri-ocsp-response` entries), Adobe's `adbe-revocationInfoArchival`
//! signed attribute, CAdES `revocationValues`, and later a PDF's DSS — evaluated for one
//! certificate of a validated path, given its issuer (the next certificate on the path).
//!
//! A CRL counts when its issuer is the certificate's issuer, the issuer's key verifies it (and
//! allows cRLSign when a key usage is stated), it is neither a delta nor an indirect CRL, and its
//! scope (issuingDistributionPoint) includes the certificate. An OCSP response counts when it
//! answers for the certificate (CertID: issuer name and key hashes, serial number) and is signed
//! by the issuer or by a responder the issuer certified for OCSP signing (id-kp-OCSPSigning,
//! valid when the response was produced).
//!
//! Time: the status is wanted at a reference time (the proven time of the signature, or the
//! validation time). Data speaks for that time when it was issued at or after it (thisUpdate ≥
//! reference: any earlier revocation would be listed) or when the reference time falls within
//! its announced validity (thisUpdate ≤ reference ≤ nextUpdate, RFC 5280's "current" CRL).
//! Older data is reported as found but not used. Nothing found means unknown — never good.

use super::algorithm::{DigestAlgorithm, SignatureAlgorithm};
use super::ber::{children, element, time, Element};
use super::cert::Certificate;
use crate::time::when;
use const_oid::ObjectIdentifier;
use der::Decode;

const OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";
const ID_KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
const CRL_NUMBER: &str = "2.5.29.20";
const AUTHORITY_KEY_ID: &str = "2.5.29.35";
const ISSUING_DISTRIBUTION_POINT: &str = "2.5.29.28";
const EXPIRED_CERTS_ON_CRL: &str = "2.5.29.60";
const REASON_CODE: &str = "2.5.29.21";
const INVALIDITY_DATE: &str = "2.5.29.24";
const OCSP_NONCE: &str = "1.3.6.1.5.5.7.48.1.2";
const OCSP_ARCHIVE_CUTOFF: &str = "1.3.6.1.5.5.7.48.1.6";
const OCSP_EXTENDED_REVOKE: &str = "1.3.6.1.5.5.7.48.1.9";

/// Revocation data at hand: DER CRLs and OCSP responses (full `OCSPResponse` or
/// `BasicOCSPResponse`).
#[derive(Clone, Debug, Default)]
pub struct RevocationData {
    /// CertificateList DER.
    pub crls: Vec<Vec<u8>>,
    /// OCSPResponse or BasicOCSPResponse DER.
    pub ocsp: Vec<Vec<u8>>,
}

impl RevocationData {
    /// Adds what `other` holds that this does not.
    pub fn extend(&mut self, other: &Self) {
        for c in &other.crls {
            if !self.crls.contains(c) {
                self.crls.push(c.clone());
            }
        }
        for o in &other.ocsp {
            if !self.ocsp.contains(o) {
                self.ocsp.push(o.clone());
            }
        }
    }

    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.crls.is_empty() && self.ocsp.is_empty()
    }

    /// Reads an `adbe-revocationInfoArchival` value (`SEQUENCE { crl [0] SEQUENCE OF
    /// CertificateList, ocsp [1] SEQUENCE OF OCSPResponse, … }`) or a CAdES `RevocationValues`
    /// (`crlVals [0]`, `ocspVals [1]` of BasicOCSPResponse): the same shape for what is read.
    pub fn add_archival(&mut self, value: &Element<'_>, depth: usize) {
        for part in children(value.body, depth).unwrap_or_default() {
            let list = children(part.body, depth)
                .ok()
                .and_then(|k| k.into_iter().next())
                .map(|seq| children(seq.body, depth).unwrap_or_default())
                .unwrap_or_default();
            for item in list {
                match part.tag {
                    0xa0 => self.crls.push(item.raw.to_vec()),
                    0xa1 => self.ocsp.push(item.raw.to_vec()),
                    _ => {}
                }
            }
        }
    }
}

/// A certificate's status, as the data at hand tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not revoked at the reference time; the source in words.
    Good(String),
    /// Revoked at `time` (seconds since 1970), `reason` as RFC 5280 numbers it.
    Revoked {
        /// When.
        time: i64,
        /// CRLReason, when given.
        reason: Option<u8>,
        /// The source in words.
        source: String,
    },
    /// Not established; why.
    Unknown(String),
}

/// The CRL reason's name (RFC 5280 §5.3.1).
pub fn reason_name(reason: u8) -> &'static str {
    match reason {
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => "unspecified",
    }
}

fn oid_of(e: &Element<'_>) -> Option<ObjectIdentifier> {
    (e.tag == 0x06)
        .then(|| ObjectIdentifier::from_der(e.raw).ok())
        .flatten()
}

fn signature_algorithm(e: &Element<'_>, depth: usize) -> Option<SignatureAlgorithm> {
    let kids = children(e.body, depth).ok()?;
    let oid = oid_of(kids.first()?)?;
    let params = kids.get(1).map(|p| p.raw).filter(|p| *p != [0x05, 0x00]);
    SignatureAlgorithm::from_identifier(&oid, params, None)
}

/// A BIT STRING's bits (no unused bits allowed: signatures are whole octets).
fn bits<'a>(e: &Element<'a>) -> Option<&'a [u8]> {
    match e.body.split_first() {
        Some((0, rest)) if e.tag == 0x03 => Some(rest),
        _ => None,
    }
}

/// Whether data issued at `this_update` (valid until `next_update`) speaks for `reference`.
fn covers(this_update: i64, next_update: Option<i64>, reference: i64) -> bool {
    this_update >= reference
        || next_update.is_some_and(|n| this_update <= reference && reference <= n)
}

/// Why revocation data dated after the validation time is not used: nothing dated later can be
/// known at that time, and RFC 6960 §4.2.2.1 calls such data unreliable (a clock set wrong, or
/// a response made up in advance).
fn future(source: &str, now: i64) -> String {
    format!(
        "{source}: dated after the validation time {}, so not used (RFC 6960 §4.2.2.1: data from \
         the future is unreliable)",
        when(now)
    )
}

/// Whether data issued at `issued` would still name `cert` if it were revoked: issued while
/// the certificate was valid, or (`kept_since`: a CRL's expiredCertsOnCRL, an OCSP response's
/// archiveCutoff) keeping revocations of certificates expired since a date it reaches. RFC
/// 5280 §3.3 lets a CA drop expired certificates from its CRLs, and a responder may answer
/// "good" for one it no longer tracks: otherwise the data's silence proves nothing.
fn lists_expired(cert: &Certificate, issued: i64, kept_since: Option<i64>) -> bool {
    let (_, not_after) = cert.validity();
    issued <= not_after || kept_since.is_some_and(|k| k <= not_after)
}

fn after_expiry(source: &str, cert: &Certificate) -> String {
    format!(
        "{source}: issued after the certificate expired ({}), without expiredCertsOnCRL or \
         archiveCutoff reaching back to it; a CA may drop expired certificates (RFC 5280 §3.3), \
         so its silence is no proof the certificate was not revoked",
        when(cert.validity().1)
    )
}

fn stale(kind: &str, this_update: i64, next_update: Option<i64>, reference: i64) -> String {
    format!(
        "{kind} issued {}{} does not speak for {} (issued before it{})",
        when(this_update),
        next_update
            .map(|n| format!(", next update {}", when(n)))
            .unwrap_or_default(),
        when(reference),
        if next_update.is_some() {
            " and expired by then"
        } else {
            ", with no next update"
        }
    )
}

/// The largest CRL read (a national CA's full CRL is a few MiB; one past this is refused, never
/// read in part).
const MAX_CRL_BYTES: usize = 64 << 20;

/// What one CRL says of `cert`: `Ok(Some(status))`, `Ok(None)` when it is not about the
/// certificate's issuer at all, `Err(why)` when it is about it but cannot be used.
fn crl_status(
    der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    (reference, now): (i64, i64),
    depth: usize,
) -> Result<Option<Status>, String> {
    let bad = || "a CRL that cannot be read".to_owned();
    if der.len() > MAX_CRL_BYTES {
        return Err(format!(
            "a CRL of {} bytes, more than the {MAX_CRL_BYTES} vanban reads (not evaluated)",
            der.len()
        ));
    }
    let list = element(der, depth).map_err(|_| bad())?;
    let parts = children(list.body, depth).map_err(|_| bad())?;
    let (Some(tbs), Some(alg), Some(sig)) = (parts.first(), parts.get(1), parts.get(2)) else {
        return Err(bad());
    };
    let fields = children(tbs.body, depth).map_err(|_| bad())?;
    let mut it = fields.iter().peekable();
    if it.peek().is_some_and(|e| e.tag == 0x02) {
        it.next(); // version
    }
    it.next(); // signature algorithm (the outer one is used, and must agree)
    let name = it.next().ok_or_else(bad)?;
    // The CRL's issuer is the certificate's issuer: the same bytes, or the same name as chaining
    // compares names (RFC 5280 §7.1); the issuer's key still has to have signed the CRL.
    let same_issuer = name.raw == cert.issuer_der()
        || <x509_cert::name::Name as der::Decode>::from_der(name.raw)
            .is_ok_and(|n| super::names::same_name(&n, cert.issuer_name()));
    if !same_issuer {
        return Ok(None);
    }
    let this_update = it.next().and_then(time).ok_or_else(bad)?;
    let mut next_update = None;
    if let Some(t) = it.peek().and_then(|e| time(e)) {
        next_update = Some(t);
        it.next();
    }
    let mut revoked = None;
    let mut extensions = None;
    for e in it {
        match e.tag {
            0x30 => revoked = Some(*e),
            0xa0 => extensions = Some(*e),
            _ => return Err(bad()),
        }
    }
    let source = format!(
        "the CRL of {} issued {}",
        issuer.subject(),
        when(this_update)
    );
    if this_update > now {
        return Err(future(&source, now));
    }
    // Signature by the issuer.
    let key = issuer
        .public_key()
        .map_err(|_| format!("{source}: the issuer's key is not supported"))?;
    let ok = signature_algorithm(alg, depth)
        .zip(bits(sig))
        .is_some_and(|(a, s)| key.verify(a, tbs.raw, s));
    if !ok {
        return Err(format!(
            "{source}: its signature does not verify with the issuer's key"
        ));
    }
    if issuer.key_usage().is_some_and(|ku| !ku.crl_sign) {
        return Err(format!(
            "{source}: the issuer's key usage does not allow cRLSign"
        ));
    }
    // Extensions: delta and indirect CRLs are not combined; the scope must include the cert.
    let is_ca = cert.basic_constraints().is_some_and(|(ca, _)| ca);
    let mut expired_on = None;
    if let Some(exts) = extensions {
        for ext in extension_list(&exts, depth) {
            match ext.id.as_str() {
                CRL_NUMBER | AUTHORITY_KEY_ID => {}
                EXPIRED_CERTS_ON_CRL => {
                    expired_on = element(ext.value, depth).ok().and_then(|e| time(&e));
                }
                ISSUING_DISTRIBUTION_POINT => {
                    // SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1],
                    // onlyContainsCACerts [2], onlySomeReasons [3], indirectCRL [4],
                    // onlyContainsAttributeCerts [5] } (booleans as [n] IMPLICIT).
                    let idp = element(ext.value, depth)
                        .and_then(|e| children(e.body, depth))
                        .map_err(|_| {
                            format!("{source}: its issuingDistributionPoint cannot be read")
                        })?;
                    for f in idp {
                        let set = f.body.first().is_some_and(|b| *b != 0);
                        match f.tag {
                            0x81 if set && is_ca => {
                                return Err(format!(
                                    "{source}: it lists end-entity certificates only"
                                ))
                            }
                            0x82 if set && !is_ca => {
                                return Err(format!("{source}: it lists CA certificates only"))
                            }
                            0x83 | 0xa3 => {
                                return Err(format!(
                                "{source}: it covers only some revocation reasons (not evaluated)"
                            ))
                            }
                            0x84 if set => {
                                return Err(format!("{source}: an indirect CRL (not evaluated)"))
                            }
                            0x85 if set => {
                                return Err(format!(
                                    "{source}: it lists attribute certificates only"
                                ))
                            }
                            _ => {}
                        }
                    }
                }
                other if ext.critical => {
                    return Err(format!(
                        "{source}: it has a critical extension vanban does not evaluate ({other})"
                    ))
                }
                _ => {}
            }
        }
    }
    // The entry, if any: read one at a time (the CRL of a large CA lists hundreds of
    // thousands) and never collected; an entry that cannot be read makes the CRL unusable,
    // never "not listed".
    let mut entry = None;
    let mut rest = revoked.map(|r| r.body).unwrap_or_default();
    while !rest.is_empty() {
        let e = element(rest, depth).map_err(|_| bad())?;
        rest = rest.get(e.raw.len()..).unwrap_or_default();
        let serial = element(e.body, depth).map_err(|_| bad())?;
        if e.tag != 0x30 || serial.tag != 0x02 {
            return Err(bad());
        }
        if serial.body == cert.serial() {
            entry = Some(children(e.body, depth).map_err(|_| bad())?);
            break;
        }
    }
    if let Some(kids) = entry {
        let at = kids.get(1).and_then(time).ok_or_else(bad)?;
        let mut reason = None;
        if let Some(exts) = kids.get(2) {
            for ext in extension_list_plain(exts, depth) {
                match ext.id.as_str() {
                    REASON_CODE => {
                        reason = element(ext.value, depth)
                            .ok()
                            .and_then(|e| e.body.first().copied());
                    }
                    INVALIDITY_DATE => {}
                    other if ext.critical => {
                        return Err(format!(
                            "{source}: its entry for the certificate has a critical extension \
                             vanban does not evaluate ({other})"
                        ))
                    }
                    _ => {}
                }
            }
        }
        // removeFromCRL belongs in delta CRLs (RFC 5280 §5.3.1): in a full CRL it says no
        // more than an absent entry, judged as one below.
        if reason != Some(8) {
            // A revocation listed is a fact whatever the reference time.
            return Ok(Some(Status::Revoked {
                time: at,
                reason,
                source,
            }));
        }
    }
    // Not listed: only a CRL that speaks for the time, and still lists certificates expired by
    // then, says the certificate was not revoked.
    if !covers(this_update, next_update, reference) {
        Err(stale("the CRL", this_update, next_update, reference))
    } else if !lists_expired(cert, this_update, expired_on) {
        Err(after_expiry(&source, cert))
    } else {
        Ok(Some(Status::Good(source)))
    }
}

struct Extension<'a> {
    id: String,
    critical: bool,
    value: &'a [u8],
}

/// `[n] EXPLICIT Extensions`.
fn extension_list<'a>(wrapper: &Element<'a>, depth: usize) -> Vec<Extension<'a>> {
    children(wrapper.body, depth)
        .ok()
        .and_then(|k| k.into_iter().next())
        .map(|seq| extension_list_plain(&seq, depth))
        .unwrap_or_default()
}

/// `Extensions` (a SEQUENCE OF Extension).
fn extension_list_plain<'a>(seq: &Element<'a>, depth: usize) -> Vec<Extension<'a>> {
    children(seq.body, depth)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|ext| {
            let kids = children(ext.body, depth).ok()?;
            let id = oid_of(kids.first()?)?.to_string();
            let critical = kids.get(1).is_some_and(|b| b.tag == 0x01 && b.body != [0]);
            let value = kids.last().filter(|v| v.tag == 0x04)?.body;
            Some(Extension {
                id,
                critical,
                value,
            })
        })
        .collect()
}

/// The BasicOCSPResponse inside `der` (an OCSPResponse, or already a BasicOCSPResponse).
fn basic_response<'a>(der: &'a [u8], depth: usize) -> Result<Element<'a>, String> {
    let bad = || "an OCSP response that cannot be read".to_owned();
    let outer = element(der, depth).map_err(|_| bad())?;
    let kids = children(outer.body, depth).map_err(|_| bad())?;
    match kids.first() {
        Some(status) if status.tag == 0x0a => {
            if status.body != [0] {
                return Err(format!(
                    "an OCSP response with status {} (not successful)",
                    status.body.first().copied().unwrap_or(0)
                ));
            }
            let bytes = kids
                .get(1)
                .and_then(|w| children(w.body, depth).ok()?.into_iter().next())
                .ok_or_else(bad)?;
            let parts = children(bytes.body, depth).map_err(|_| bad())?;
            if parts
                .first()
                .and_then(oid_of)
                .map(|o| o.to_string())
                .as_deref()
                != Some(OCSP_BASIC)
            {
                return Err("an OCSP response of a type other than basic".to_owned());
            }
            let os = parts.get(1).filter(|e| e.tag == 0x04).ok_or_else(bad)?;
            element(os.body, depth).map_err(|_| bad())
        }
        Some(_) => Ok(outer),
        None => Err(bad()),
    }
}

/// What one OCSP response says of `cert`: as [`crl_status`].
#[allow(clippy::too_many_lines)]
fn ocsp_status(
    der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    pool: &[Certificate],
    (reference, now): (i64, i64),
    depth: usize,
) -> Result<Option<Status>, String> {
    let bad = || "an OCSP response that cannot be read".to_owned();
    let basic = basic_response(der, depth)?;
    let parts = children(basic.body, depth).map_err(|_| bad())?;
    let (Some(tbs), Some(alg), Some(sig)) = (parts.first(), parts.get(1), parts.get(2)) else {
        return Err(bad());
    };
    let mut certs: Vec<Certificate> = parts
        .get(3)
        .filter(|w| w.tag == 0xa0)
        .and_then(|w| children(w.body, depth).ok()?.into_iter().next())
        .map(|seq| {
            children(seq.body, depth)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| Certificate::from_der(c.raw).ok())
                .collect()
        })
        .unwrap_or_default();
    certs.extend(pool.iter().cloned());
    let fields = children(tbs.body, depth).map_err(|_| bad())?;
    let mut it = fields.iter().peekable();
    if it.peek().is_some_and(|e| e.tag == 0xa0) {
        it.next(); // version
    }
    let responder = it.next().ok_or_else(bad)?;
    let produced_at = it.next().and_then(time).ok_or_else(bad)?;
    let responses = it.next().filter(|e| e.tag == 0x30).ok_or_else(bad)?;
    // The single response for this certificate.
    let mut found = None;
    for single in children(responses.body, depth).map_err(|_| bad())? {
        let kids = children(single.body, depth).map_err(|_| bad())?;
        let Some(cert_id) = kids.first() else {
            continue;
        };
        let id = children(cert_id.body, depth).map_err(|_| bad())?;
        let (Some(halg), Some(name_hash), Some(key_hash), Some(serial)) =
            (id.first(), id.get(1), id.get(2), id.get(3))
        else {
            continue;
        };
        let Some(digest) = children(halg.body, depth)
            .ok()
            .and_then(|k| k.first().and_then(oid_of))
            .and_then(|o| DigestAlgorithm::from_oid(&o))
        else {
            continue;
        };
        if serial.body == cert.serial()
            && name_hash.body == digest.digest(cert.issuer_der())
            && key_hash.body == digest.digest(issuer.public_key_bits())
        {
            found = Some(kids);
            break;
        }
    }
    let Some(single) = found else {
        return Ok(None);
    };
    // Who signed: the issuer, or a responder it certified.
    let matches = |c: &Certificate| match responder.tag {
        0xa1 => children(responder.body, depth)
            .ok()
            .and_then(|k| k.into_iter().next())
            .is_some_and(|n| n.raw == c.subject_der()),
        0xa2 => children(responder.body, depth)
            .ok()
            .and_then(|k| k.into_iter().next())
            .is_some_and(|k| k.body == DigestAlgorithm::Sha1.digest(c.public_key_bits())),
        _ => false,
    };
    let source = format!("the OCSP response produced {}", when(produced_at));
    if produced_at > now {
        return Err(future(&source, now));
    }
    let signer = if matches(issuer) {
        issuer.clone()
    } else {
        let Some(delegate) = certs.iter().find(|c| matches(c)) else {
            return Err(format!(
                "{source}: its responder's certificate is not at hand"
            ));
        };
        let issued = delegate.issuer_der() == issuer.subject_der()
            && issuer.public_key().is_ok_and(|k| delegate.is_signed_by(k));
        let ocsp_signing = delegate
            .extended_key_usage()
            .is_some_and(|eku| eku.iter().any(|o| o.to_string() == ID_KP_OCSP_SIGNING));
        let (from, to) = delegate.validity();
        if !issued || !ocsp_signing {
            return Err(format!(
                "{source}: its responder \"{}\" is not authorised by the certificate's issuer \
                 (issued by it, with id-kp-OCSPSigning)",
                delegate.subject()
            ));
        }
        if produced_at < from || produced_at > to {
            return Err(format!(
                "{source}: its responder's certificate was not valid then"
            ));
        }
        delegate.clone()
    };
    let key = signer
        .public_key()
        .map_err(|_| format!("{source}: the responder's key is not supported"))?;
    let ok = signature_algorithm(alg, depth)
        .zip(bits(sig))
        .is_some_and(|(a, s)| key.verify(a, tbs.raw, s));
    if !ok {
        return Err(format!(
            "{source}: its signature does not verify with the responder's key"
        ));
    }
    let mut archive_cutoff = None;
    for rest in it {
        if rest.tag == 0xa1 {
            for ext in extension_list(rest, depth) {
                if ext.id == OCSP_ARCHIVE_CUTOFF {
                    archive_cutoff = element(ext.value, depth).ok().and_then(|e| time(&e));
                }
                if ext.critical && ext.id != OCSP_NONCE && ext.id != OCSP_EXTENDED_REVOKE {
                    return Err(format!(
                        "{source}: it has a critical extension vanban does not evaluate ({})",
                        ext.id
                    ));
                }
            }
        }
    }
    let source = format!(
        "{source} by \"{}\"",
        if signer == *issuer {
            issuer.subject()
        } else {
            signer.subject()
        }
    );
    let status = single.get(1).ok_or_else(bad)?;
    let this_update = single.get(2).and_then(time).ok_or_else(bad)?;
    if this_update > now {
        return Err(future(
            &format!("{source} (thisUpdate {})", when(this_update)),
            now,
        ));
    }
    let next_update = single
        .get(3)
        .filter(|e| e.tag == 0xa0)
        .and_then(|w| children(w.body, depth).ok()?.first().and_then(time));
    // archiveCutoff is a single response's extension (RFC 6960 §4.4.4); some put it in the
    // response's.
    if let Some(exts) = single.iter().skip(3).find(|e| e.tag == 0xa1) {
        for ext in extension_list(exts, depth) {
            if ext.id == OCSP_ARCHIVE_CUTOFF {
                archive_cutoff = element(ext.value, depth).ok().and_then(|e| time(&e));
            }
        }
    }
    match status.tag {
        0x80 if covers(this_update, next_update, reference)
            && !lists_expired(cert, this_update, archive_cutoff) =>
        {
            Err(after_expiry(&source, cert))
        }
        0x80 if covers(this_update, next_update, reference) => Ok(Some(Status::Good(source))),
        0x80 => Err(stale(
            "the OCSP response",
            this_update,
            next_update,
            reference,
        )),
        0xa1 => {
            let kids = children(status.body, depth).map_err(|_| bad())?;
            let at = kids.first().and_then(time).ok_or_else(bad)?;
            let reason = kids
                .get(1)
                .and_then(|w| children(w.body, depth).ok()?.first().map(|e| e.body))
                .and_then(|b| b.first().copied());
            Ok(Some(Status::Revoked {
                time: at,
                reason,
                source,
            }))
        }
        _ => Err(format!(
            "{source}: the responder does not know the certificate"
        )),
    }
}

/// The status of `cert` (issued by `issuer`) at `reference` from `data`, as known at the
/// validation time `now` (data dated after it is not used); `pool` holds certificates a
/// delegated OCSP responder may be found among.
pub fn status(
    cert: &Certificate,
    issuer: &Certificate,
    (reference, now): (i64, i64),
    data: &RevocationData,
    pool: &[Certificate],
    depth: usize,
) -> Status {
    let mut good = None;
    let mut revoked: Option<Status> = None;
    let mut problems = Vec::new();
    let mut note = |s: Result<Option<Status>, String>| match s {
        Ok(Some(Status::Revoked {
            time,
            reason,
            source,
        })) => {
            if !matches!(revoked, Some(Status::Revoked { time: t, .. }) if t <= time) {
                revoked = Some(Status::Revoked {
                    time,
                    reason,
                    source,
                });
            }
        }
        Ok(Some(Status::Good(s))) => {
            good.get_or_insert(s);
        }
        Ok(Some(Status::Unknown(_)) | None) => {}
        Err(why) => problems.push(why),
    };
    for crl in &data.crls {
        note(crl_status(crl, cert, issuer, (reference, now), depth));
    }
    for ocsp in &data.ocsp {
        note(ocsp_status(
            ocsp,
            cert,
            issuer,
            pool,
            (reference, now),
            depth,
        ));
    }
    if let Some(r) = revoked {
        return r;
    }
    if let Some(g) = good {
        return Status::Good(g);
    }
    if problems.is_empty() {
        return Status::Unknown(if data.is_empty() {
            "no CRL or OCSP response is at hand".to_owned()
        } else {
            "no CRL or OCSP response at hand is about it".to_owned()
        });
    }
    problems.dedup();
    Status::Unknown(problems.join("; "))
}
