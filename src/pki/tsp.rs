//! RFC 3161 timestamp tokens: a CMS SignedData whose content is a TSTInfo (`id-ct-TSTInfo`).
//!
//! A token is verified as a signature of its own: the TSTInfo's messageImprint must equal the
//! hash of what it covers (a signature value, or the signed content), the TSA's SignerInfo must
//! verify over the TSTInfo, the TSA's certificate must chain to a trust anchor with the
//! id-kp-timeStamping extended key usage, and its status is asked at the token's genTime (the
//! TSA was not revoked when it issued the token) from the revocation data of the token and of
//! the signature around it. Only then is genTime proof of existence.

use super::ber::{children, element, time};
use super::cert::Certificate;
use super::cms::{algorithm_identifier, signed_data, verify_signer, CmsOptions, Covered, Signer};
use super::path::Purpose;
use super::revocation::RevocationData;
use crate::limits::Limits;
use crate::pki::algorithm::DigestAlgorithm;
use crate::report::{
    CheckResult, Coverage, Indication, SubIndication, TimestampInfo, TimestampKind,
};
use crate::time::when;

const ID_CT_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";

/// What the signature around a token offers it.
pub(crate) struct Outer<'a> {
    /// Certificates at hand (the message's, the caller's, certificateValues).
    pub certificates: &'a [Certificate],
    /// Revocation data at hand.
    pub revocation: &'a RevocationData,
}

/// The parts of a TSTInfo that are checked.
struct TstInfo {
    digest: Option<DigestAlgorithm>,
    hashed: Vec<u8>,
    gen_time: i64,
}

fn tst_info(der: &[u8], depth: usize) -> Option<TstInfo> {
    let seq = element(der, depth).ok()?;
    let kids = children(seq.body, depth).ok()?;
    // version, policy, messageImprint, serialNumber, genTime, …
    let imprint = children(kids.get(2)?.body, depth).ok()?;
    let digest = algorithm_identifier(imprint.first()?, depth)
        .and_then(|(o, _)| DigestAlgorithm::from_oid(&o));
    let hashed = imprint.get(1).filter(|e| e.tag == 0x04)?.body.to_vec();
    let gen_time = kids.get(4).filter(|e| e.tag == 0x18).and_then(time)?;
    Some(TstInfo {
        digest,
        hashed,
        gen_time,
    })
}

/// A token's imprint: its algorithm, the hashed message and genTime.
pub(crate) fn imprint(token: &[u8], limits: &Limits) -> Option<(DigestAlgorithm, Vec<u8>, i64)> {
    let sd = signed_data(token, limits).ok()?;
    let tst = tst_info(sd.econtent.as_deref()?, limits.max_depth as usize)?;
    Some((tst.digest?, tst.hashed, tst.gen_time))
}

/// The imprint's digest algorithm of a token (the DER of its ContentInfo).
pub(crate) fn imprint_algorithm(token: &[u8], limits: &Limits) -> Option<DigestAlgorithm> {
    let sd = signed_data(token, limits).ok()?;
    tst_info(sd.econtent.as_deref()?, limits.max_depth as usize)?.digest
}

fn info(kind: TimestampKind) -> TimestampInfo {
    TimestampInfo {
        kind,
        time: String::new(),
        tsa: String::new(),
        intact: None,
        signature_valid: None,
        indication: Indication::Indeterminate,
        sub_indication: Some(SubIndication::FormatFailure),
        warnings: Vec::new(),
    }
}

/// Verifies a token (the DER of its ContentInfo) covering `covered` (`None`: an imprint not
/// evaluated). Returns what the report lists and a sentence for the signature's check.
pub(crate) fn verify_token(
    token: &[u8],
    kind: TimestampKind,
    covered: Option<Covered<'_>>,
    outer: &Outer<'_>,
    options: &CmsOptions<'_>,
) -> (TimestampInfo, String) {
    let depth = options.limits.max_depth as usize;
    let what = match kind {
        TimestampKind::Signature => "a signature timestamp",
        TimestampKind::Content => "a content timestamp",
        TimestampKind::Archive => "an archive timestamp",
    };
    let mut out = info(kind);
    let Ok(sd) = signed_data(token, options.limits) else {
        return (out, format!("{what} cannot be read as an RFC 3161 token"));
    };
    let (Some(econtent), true) = (
        sd.econtent.as_deref(),
        sd.econtent_type
            .is_some_and(|t| t.to_string() == ID_CT_TST_INFO),
    ) else {
        return (out, format!("{what} does not hold a TSTInfo"));
    };
    let Some(tst) = tst_info(econtent, depth) else {
        return (out, format!("{what}: its TSTInfo cannot be read"));
    };
    out.time = when(tst.gen_time);
    if sd.signer_infos.len() != 1 {
        return (
            out,
            format!("{what} must have exactly one signer (the TSA)"),
        );
    }
    // The imprint.
    let imprint = match (covered, tst.digest) {
        (None, _) => None,
        (Some(_), None) => {
            out.sub_indication = Some(SubIndication::Unsupported);
            return (
                out,
                format!("{what}: its imprint's hash algorithm is not one vanban supports"),
            );
        }
        (Some(data), Some(d)) => match data.digest(d) {
            Some(computed) => Some((d, computed == tst.hashed)),
            None => {
                out.sub_indication = Some(SubIndication::SignedDataNotFound);
                return (
                    out,
                    format!("{what}: the content's {} was not given", d.name()),
                );
            }
        },
    };
    let mut certificates = sd.certificates.clone();
    let mut seen = super::cms::fingerprints(&certificates);
    for c in outer.certificates {
        super::cms::add_unique(&mut certificates, &mut seen, c.clone());
    }
    let mut revocation = sd.revocation.clone();
    revocation.extend(outer.revocation);
    let ctx = Signer {
        content: Some(Covered::Bytes(econtent)),
        coverage: Coverage::EntireFile,
        econtent_type: sd.econtent_type.as_ref(),
        certificates: &certificates,
        revocation: &revocation,
        purpose: Purpose::TimeStamping,
        reference_time: Some(tst.gen_time),
        nested: true,
        counter: false,
    };
    let Some(si) = sd.signer_infos.first() else {
        return (out, format!("{what} has no signer"));
    };
    let report = verify_signer(si, &ctx, options);
    out.warnings.clone_from(&report.warnings);
    // The imprint's digest is what ties the token to what it covers.
    if covered.is_some()
        && options.policy.sha1_is_weak
        && tst.digest == Some(crate::pki::algorithm::DigestAlgorithm::Sha1)
    {
        let why = "its imprint is a SHA-1 digest: collisions are practical, so it does not tie \
                   the token to these bytes alone"
            .to_owned();
        if options.policy.weak == crate::pki::algorithm::WeakOutcome::Indeterminate {
            out.indication = Indication::Indeterminate;
            out.sub_indication = Some(SubIndication::CryptoConstraintsFailure);
            return (out, format!("{what}: {why}; the policy does not accept it"));
        }
        out.warnings.push(why);
    }
    out.tsa = report
        .signer
        .as_ref()
        .map(|s| s.subject.clone())
        .unwrap_or_default();
    out.signature_valid = report.signature_valid;
    out.intact = match imprint {
        Some((_, ok)) => Some(ok && report.intact == Some(true)),
        None => None,
    };
    let (mut indication, mut sub) = report.indication();
    if let Some((d, false)) = imprint {
        indication = Indication::TotalFailed;
        sub = Some(SubIndication::HashFailure);
        out.indication = indication;
        out.sub_indication = sub;
        return (
            out,
            format!(
                "{what} of {} by \"{}\" is not over this {}: its {} imprint differs; it proves \
                 nothing here",
                when(tst.gen_time),
                report.signer.map(|s| s.subject).unwrap_or_default(),
                if kind == TimestampKind::Content {
                    "content"
                } else {
                    "signature"
                },
                d.name()
            ),
        );
    }
    // The TSA could make the token only while its certificate (and every certificate of its
    // path) was valid: a genTime outside that proves nothing (ETSI EN 319 102-1: the proof of
    // existence a timestamp gives rests on its TSA's validity at that time).
    if indication == Indication::TotalPassed {
        let outside = report.chain.iter().find(|c| {
            let from = crate::time::parse_rfc3339(&c.not_before);
            let to = crate::time::parse_rfc3339(&c.not_after);
            !matches!((from, to), (Some(f), Some(t)) if f <= tst.gen_time && tst.gen_time <= t)
        });
        if let Some(c) = outside {
            out.indication = Indication::Indeterminate;
            out.sub_indication = Some(SubIndication::OutOfBoundsNoPoe);
            return (
                out,
                format!(
                    "{what} is dated {}, when \"{}\" of its TSA's path was not valid ({} to {}): \
                     it proves nothing",
                    when(tst.gen_time),
                    c.subject,
                    c.not_before,
                    c.not_after
                ),
            );
        }
    }
    if imprint.is_none() && indication == Indication::TotalPassed {
        // The TSA's signature checks out, but what it covers was not evaluated.
        indication = Indication::Indeterminate;
        sub = Some(SubIndication::Unsupported);
    }
    out.indication = indication;
    out.sub_indication = sub;
    let tsa = if out.tsa.is_empty() {
        "an unknown TSA".to_owned()
    } else {
        format!("\"{}\"", out.tsa)
    };
    let detail = match (indication, imprint) {
        (Indication::TotalPassed, Some((d, _))) => format!(
            "{what} by {tsa} proves the {} existed at {} ({} imprint equal; the TSA's \
             signature, path with id-kp-timeStamping and status check out)",
            if kind == TimestampKind::Content {
                "content"
            } else {
                "signature"
            },
            when(tst.gen_time),
            d.name()
        ),
        (_, None) => format!(
            "{what} of {} by {tsa} is present; vanban does not evaluate what archive \
             timestamps cover, so it proves nothing here",
            when(tst.gen_time)
        ),
        _ => {
            let why = report
                .checks
                .iter()
                .find(|c| {
                    matches!(
                        c.result,
                        CheckResult::Failed(_) | CheckResult::Indeterminate(_)
                    )
                })
                .map_or_else(
                    || "it could not be fully checked".to_owned(),
                    |c| format!("{}: {}", c.id, c.detail),
                );
            format!(
                "{what} of {} by {tsa} is not used as proof of time: {why}",
                when(tst.gen_time)
            )
        }
    };
    (out, detail)
}
