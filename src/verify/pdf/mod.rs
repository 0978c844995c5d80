//! PDF signatures (ISO 32000-1 §12.8, ETSI EN 319 142 PAdES): every signature dictionary of
//! every revision, its `/ByteRange` checked strictly, its `/Contents` verified with the CMS core
//! over exactly the bytes the range covers, and the changes made after the revision it signs
//! compared object by object with what the signer allowed.
//!
//! ByteRange rules (each breach fails the signature, FORMAT_FAILURE): four non-negative integers
//! `[0 a b c]` with `a < b`; the gap `[a, b)` is exactly a hex string that follows the
//! `/Contents` key inside this signature dictionary's own object; the range ends at the end of a
//! revision (its `%%EOF`, with or without the end of line) and within the file.
//!
//! Changes after the signed revision (later incremental updates, bytes after the last `%%EOF`)
//! are each classified, with a level (pyHanko's scale: none, validation data, form filling,
//! annotations, other). Allowed: later signatures (their dictionaries, fields, widgets and
//! appearances), document timestamps, a new DSS with its certificates and revocation data, an
//! existing DSS growing (its dictionaries keeping their keys, its arrays gaining only new
//! streams), the catalog and AcroForm growing to hold them, re-saved identical objects, new
//! objects nothing refers to, the document information dictionary and XMP metadata; form
//! filling (a field's value and its widget's appearance) unless a certification signature
//! (DocMDP) says P = 1 or this signature locks the field (FieldMDP, from its /Reference);
//! annotations added to a page unless it says P = 1 or 2 (a document without a certification
//! signature is treated as P = 3, as Adobe Reader does). An object counts as brought by a later
//! signature or the DSS only when the signed revision readably lacks it: an existing object is
//! judged as itself whatever new object refers to it. Everything else — page content,
//! resources, fonts, an existing appearance stream rewritten, the catalog or a signature
//! dictionary redefined, objects replaced — is not allowed: the signature is then TOTAL_FAILED /
//! DISALLOWED_MODIFICATION and the report lists what changed.
//!
//! A signature field whose signature dictionary is stored in a compressed object stream (where
//! no /ByteRange can reach its /Contents) is reported as a signature that fails, not left out.

mod diff;
mod session;

pub use session::Session;

use std::collections::HashSet;

use crate::container::pdf::lexer::Lexer;
use crate::container::pdf::object::parse_object;
use crate::container::pdf::{certification_level, Dict, Marks, ObjRef, Object, Pdf, XrefEntry};
use crate::error::Result;
use crate::pki::algorithm::DigestAlgorithm;
use crate::pki::cert::Certificate;
use crate::pki::cms::{detached_digests_needed, verify_cms_as, CmsOptions};
use crate::pki::path::Purpose;
use crate::pki::revocation::RevocationData;
use crate::pki::tsp;
use crate::report::{
    CheckResult, Coverage, DocumentSummary, ModificationLevel, SignatureReport, SubIndication,
};
use crate::verify::VerifyOptions;

/// A signature dictionary found in the file.
struct Found {
    /// Its object.
    id: ObjRef,
    /// Where the object starts and ends in the file.
    start: usize,
    end: usize,
    dict: Dict,
    /// Names /ByteRange but cannot be read as a dictionary.
    unreadable: bool,
}

/// Reads the indirect object at `offset`: its reference, the object, and where it ends.
fn object_at(
    data: &[u8],
    offset: usize,
    options: &VerifyOptions<'_>,
) -> Option<(ObjRef, Object, usize)> {
    use crate::container::pdf::lexer::Token;
    let mut lexer = Lexer::new(data, offset);
    let id = match (
        lexer.next_token().ok()??,
        lexer.next_token().ok()??,
        lexer.next_token().ok()??,
    ) {
        (Token::Int(n), Token::Int(g), Token::Keyword(b"obj")) => ObjRef {
            num: u32::try_from(n).ok()?,
            gen: u16::try_from(g).ok()?,
        },
        _ => return None,
    };
    let object = parse_object(&mut lexer, options.limits).ok()?;
    Some((id, object, lexer.pos()))
}

fn is_signature_dict(d: &Dict) -> bool {
    d.get(b"ByteRange").is_some()
        || matches!(d.name(b"Type"), Some(b"Sig" | b"DocTimeStamp")) && d.get(b"Contents").is_some()
}

/// Every signature dictionary stored at its own offset, oldest revision first; a dictionary
/// redefined by a later revision is found twice (once per definition). More signatures than
/// `max_signatures` is an error, never a list cut short.
fn find_signatures(pdf: &Pdf<'_>, options: &VerifyOptions<'_>) -> Result<Vec<Found>> {
    let too_many = || {
        crate::error::Error::new(crate::error::ErrorKind::LimitExceeded {
            what: "max_signatures",
        })
    };
    let data = pdf.data();
    let mut offsets: Vec<usize> = Vec::new();
    for rev in pdf.revisions() {
        for (_, entry) in &rev.objects {
            if let XrefEntry::Offset(o, _) = entry {
                offsets.push(*o);
            }
        }
    }
    for (_, entry) in pdf.xref_entries() {
        if let XrefEntry::Offset(o, _) = entry {
            offsets.push(o);
        }
    }
    offsets.sort_unstable();
    offsets.dedup();
    // The objects that name /ByteRange, /Sig or /DocTimeStamp (found in the pass that found the
    // %%EOF markers), each hit mapped to the object it falls in.
    let scanned;
    let names = match &pdf.marks().signature_names {
        Some(n) => n,
        None => {
            scanned = crate::container::pdf::Marks::scan(data, true).signature_names;
            scanned.as_deref().unwrap_or_default()
        }
    };
    // Every signature name is at least 6 bytes of the file: this many is far past any limit.
    if names.len() > 1_000_000 {
        return Err(too_many());
    }
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    for &(hit, names_range) in names {
        let k = offsets.partition_point(|o| *o <= hit);
        if let Some(start) = k.checked_sub(1).and_then(|i| offsets.get(i)) {
            candidates.push((*start, names_range));
        }
    }
    candidates.sort_unstable();
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&(offset, _)) = candidates.get(k) {
        let named = candidates
            .iter()
            .skip(k)
            .take_while(|(o, _)| *o == offset)
            .any(|(_, n)| *n);
        while candidates.get(k).is_some_and(|(o, _)| *o == offset) {
            k += 1;
        }
        if out.len() > options.limits.max_signatures as usize {
            return Err(too_many());
        }
        let next = offsets
            .get(offsets.partition_point(|o| *o <= offset))
            .copied()
            .unwrap_or(data.len());
        match object_at(data, offset, options) {
            Some((id, Object::Dict(dict), end)) if is_signature_dict(&dict) => out.push(Found {
                id,
                start: offset,
                end,
                dict,
                unreadable: false,
            }),
            Some((_, Object::Dict(_), _)) => {}
            // Something names /ByteRange but does not read as a dictionary: a signature whose
            // dictionary is damaged or has bytes injected into it.
            _ if named => out.push(Found {
                id: ObjRef { num: 0, gen: 0 },
                start: offset,
                end: next,
                dict: Dict::default(),
                unreadable: true,
            }),
            _ => {}
        }
    }
    if out.len() > options.limits.max_signatures as usize {
        return Err(too_many());
    }
    Ok(out)
}

/// The byte range, checked: `(a, b, end)` with the covered bytes `[0, a) ∪ [b, end)`.
fn byte_range(found: &Found, data: &[u8]) -> core::result::Result<(usize, usize, usize), String> {
    let Some(Object::Array(items)) = found.dict.get(b"ByteRange") else {
        return Err("the signature has no /ByteRange array".to_owned());
    };
    let ints: Vec<i64> = items
        .iter()
        .filter_map(|o| match o {
            Object::Int(v) => Some(*v),
            _ => None,
        })
        .collect();
    let [o1, l1, o2, l2] = ints.as_slice() else {
        return Err(format!(
            "/ByteRange must be four integers (it has {} items)",
            items.len()
        ));
    };
    if *o1 != 0 || *l1 < 0 || *o2 < 0 || *l2 < 0 {
        return Err(format!(
            "/ByteRange [{o1} {l1} {o2} {l2}] must start at 0 with non-negative numbers"
        ));
    }
    let (Ok(a), Ok(b), Ok(l2)) = (
        usize::try_from(*l1),
        usize::try_from(*o2),
        usize::try_from(*l2),
    ) else {
        return Err("/ByteRange is out of range".to_owned());
    };
    let end = b.checked_add(l2).ok_or("/ByteRange overflows")?;
    if a >= b || end > data.len() {
        return Err(format!(
            "/ByteRange [0 {a} {b} {l2}] overlaps itself or passes the end of the file ({} bytes)",
            data.len()
        ));
    }
    // The gap is this dictionary's /Contents hex string, inside its own object.
    if a <= found.start || b > found.end {
        return Err(format!(
            "the gap [{a}, {b}) of /ByteRange is not inside the signature's own object (bytes {}–{})",
            found.start, found.end
        ));
    }
    let gap = data.get(a..b).unwrap_or_default();
    let hex_ok = gap.first() == Some(&b'<')
        && gap.last() == Some(&b'>')
        && gap
            .get(1..gap.len() - 1)
            .unwrap_or_default()
            .iter()
            .all(|c| c.is_ascii_hexdigit() || c.is_ascii_whitespace());
    let before = data.get(found.start..a).unwrap_or_default();
    let key_ok = before
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .and_then(|i| before.get(..=i))
        .is_some_and(|b| b.ends_with(b"/Contents"));
    if !hex_ok || !key_ok {
        return Err(
            "the gap of /ByteRange is not exactly the hex string of this dictionary's /Contents"
                .to_owned(),
        );
    }
    Ok((a, b, end))
}

/// The signature value: the hex string that fills the /ByteRange gap at `a` (already checked to
/// be one), read by the PDF lexer — the gap's own bytes, whatever else the dictionary holds.
fn gap_contents(data: &[u8], a: usize) -> Vec<u8> {
    use crate::container::pdf::lexer::Token;
    match Lexer::new(data, a).next_token() {
        Ok(Some(Token::String(bytes))) => bytes,
        _ => Vec::new(),
    }
}

/// The revision whose end `end` is: its index (oldest first).
fn revision_ending_at(pdf: &Pdf<'_>, end: usize) -> Option<usize> {
    let data = pdf.data();
    pdf.revisions().iter().position(|r| {
        if r.end == end {
            return true;
        }
        // The range may stop right after %%EOF, before the end of line.
        end < r.end
            && data.get(..end).is_some_and(|d| d.ends_with(b"%%EOF"))
            && data
                .get(end..r.end)
                .is_some_and(|eol| eol.iter().all(|c| *c == b'\r' || *c == b'\n'))
    })
}

/// Certificates and revocation data of the document security store (PAdES, ISO 32000-2
/// §12.8.4.3): `/DSS << /Certs [..] /CRLs [..] /OCSPs [..] >>` in the catalog.
fn dss(pdf: &mut Pdf<'_>) -> (Vec<Certificate>, RevocationData) {
    let mut certs = Vec::new();
    let mut data = RevocationData::default();
    let Some(root) = pdf.trailer().get(b"Root").cloned() else {
        return (certs, data);
    };
    let Some(catalog) = pdf.resolve(&root).ok().and_then(|o| o.dict().cloned()) else {
        return (certs, data);
    };
    let Some(dss) = catalog
        .get(b"DSS")
        .and_then(|d| pdf.resolve(d).ok())
        .and_then(|o| o.dict().cloned())
    else {
        return (certs, data);
    };
    // The DSS's own arrays, then each VRI entry's (PAdES, ETSI EN 319 142-1 §5.4.2.2): usually the
    // same streams, read once each.
    let mut lists: Vec<(Object, u8)> = Vec::new();
    for (key, kind) in [(&b"Certs"[..], 0), (b"CRLs", 1), (b"OCSPs", 2)] {
        lists.extend(dss.get(key).map(|a| (a.clone(), kind)));
    }
    if let Some(Object::Dict(vri)) = dss.get(b"VRI").and_then(|v| pdf.resolve(v).ok()) {
        for (_, entry) in vri.0.iter().take(1_000) {
            if let Ok(Object::Dict(e)) = pdf.resolve(entry) {
                for (key, kind) in [(&b"Cert"[..], 0), (b"CRL", 1), (b"OCSP", 2)] {
                    lists.extend(e.get(key).map(|a| (a.clone(), kind)));
                }
            }
        }
    }
    let mut seen: HashSet<u32> = HashSet::new();
    let mut budget = 10_000usize;
    for (list, kind) in lists {
        let Ok(Object::Array(items)) = pdf.resolve(&list) else {
            continue;
        };
        for item in &items {
            if budget == 0 {
                break;
            }
            budget -= 1;
            if let Object::Ref(r) = item {
                if !seen.insert(r.num) {
                    continue;
                }
            }
            let Ok(Object::Stream(s)) = pdf.resolve(item) else {
                continue;
            };
            let Ok(bytes) = pdf.stream_data(&s) else {
                continue;
            };
            match kind {
                0 => {
                    if let Ok(c) = Certificate::from_der(&bytes) {
                        certs.push(c);
                    }
                }
                1 => data.crls.push(bytes),
                _ => data.ocsp.push(bytes),
            }
        }
    }
    (certs, data)
}

/// Verifies every signature of a PDF; `marks` from an earlier reading of the same bytes (see
/// [`digests_needed_marked`]) spare a second scan.
pub(crate) fn verify_pdf(
    data: &[u8],
    options: &VerifyOptions<'_>,
    marks: Option<Marks>,
) -> Result<(Vec<SignatureReport>, DocumentSummary)> {
    // One budget of path-search work for every signature and timestamp of the file, so that
    // many signatures under a maze of certificates cost what one message does.
    let own_budget = core::cell::Cell::new(crate::pki::cms::PATH_SEARCH_BUDGET);
    let shared = VerifyOptions {
        path_budget: Some(options.path_budget.unwrap_or(&own_budget)),
        ..*options
    };
    let options = &shared;
    let mut pdf = Pdf::parse_marked(data, options.limits, marks)?;
    let found = find_signatures(&pdf, options)?;
    let hidden = hidden_signatures(&mut pdf, &found, options)?;
    let revisions = pdf.revisions().len();
    if found.is_empty() && hidden.is_empty() {
        return Ok((Vec::new(), DocumentSummary::of_pdf(revisions, &[])));
    }
    let (dss_certs, revocation) = dss(&mut pdf);
    let docmdp = certification_level(&mut pdf);
    let mut reports = Vec::new();
    for f in &found {
        let mut r = verify_one(&pdf, f, &dss_certs, &revocation, options);
        if let Some(level) = docmdp {
            r.claims.push((
                "certificationLevel".to_owned(),
                format!("DocMDP P = {level}"),
            ));
        }
        // Changes after the signed revision, judged with the lock this signature declares.
        let lock = match FieldLock::of_signature(&mut pdf, &f.dict) {
            Ok(lock) => lock,
            Err(why) => {
                r.check(
                    "fieldLock",
                    CheckResult::Indeterminate(SubIndication::FormatFailure),
                    "fieldLock.unreadable",
                    &[],
                    why,
                );
                None
            }
        };
        if let Some(l) = &lock {
            r.claims.push((
                "fieldLock".to_owned(),
                match l {
                    FieldLock::All => "all fields".to_owned(),
                    FieldLock::Include(n) => format!("fields {}", n.join(", ")),
                    FieldLock::Exclude(n) => format!("all fields except {}", n.join(", ")),
                },
            ));
        }
        match (r.coverage, r.covered_end) {
            (Some(Coverage::EntireRevision), Some(end)) => {
                diff::modifications(&mut pdf, end, docmdp, lock.as_ref(), &mut r, options);
            }
            (Some(Coverage::EntireFile), _) => {
                r.modification_level = Some(ModificationLevel::None);
                r.check(
                    "modifications",
                    CheckResult::Passed,
                    "modifications.none",
                    &[],
                    "the signature covers the whole file: nothing was changed after signing",
                );
            }
            _ => {}
        }
        reports.push(r);
    }
    for (id, compressed) in hidden {
        let mut r = SignatureReport::default();
        r.check(
            "byteRange",
            CheckResult::Failed(SubIndication::FormatFailure),
            "byteRange.hidden",
            &[("object", &format!("{} {}", id.num, id.gen))],
            format!(
                "a signature field's value, signature object {} {}, is {}: its /ByteRange cannot \
                 point at its /Contents, so nothing of it can be verified",
                id.num,
                id.gen,
                if compressed {
                    "stored inside a compressed object stream"
                } else {
                    "not where the file's cross-reference table places a signature dictionary"
                }
            ),
        );
        reports.push(r);
    }
    let summary = DocumentSummary::of_pdf(revisions, &reports);
    Ok((reports, summary))
}

/// Signature dictionaries a signature field names (its /V) that the scan of the file did not
/// find — stored in a compressed object stream, where no /ByteRange can reach their /Contents —
/// with whether that is why. A viewer may still show such a field as signed; the report must
/// list it as a signature that cannot be verified rather than leave it out.
fn hidden_signatures(
    pdf: &mut Pdf<'_>,
    found: &[Found],
    options: &VerifyOptions<'_>,
) -> Result<Vec<(ObjRef, bool)>> {
    let mut out: Vec<(ObjRef, bool)> = Vec::new();
    let values: Vec<ObjRef> = pdf
        .form_fields()
        .into_iter()
        .filter_map(|f| match f.dict.get(b"V") {
            Some(Object::Ref(v)) => Some(*v),
            _ => None,
        })
        .collect();
    if values.is_empty() {
        return Ok(out);
    }
    let compressed: HashSet<u32> = pdf
        .xref_entries()
        .into_iter()
        .filter(|(_, e)| matches!(e, XrefEntry::Compressed { .. }))
        .map(|(n, _)| n)
        .collect();
    for v in values {
        if found.len() + out.len() > options.limits.max_signatures as usize {
            return Err(crate::error::Error::new(
                crate::error::ErrorKind::LimitExceeded {
                    what: "max_signatures",
                },
            ));
        }
        if found.iter().any(|f| f.id.num == v.num) || out.iter().any(|(id, _)| id.num == v.num) {
            continue;
        }
        if pdf
            .get(v)
            .ok()
            .and_then(|o| o.dict().map(is_signature_dict))
            .unwrap_or(false)
        {
            out.push((v, compressed.contains(&v.num)));
        }
    }
    Ok(out)
}

/// A PDF date (ISO 32000-1 §7.9.4, `D:YYYYMMDDHHmmSSOHH'mm`) as RFC 3339; `None` when it is not
/// one (the claim is then shown as written).
fn pdf_date(s: &str) -> Option<String> {
    let d = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |i: usize, default: &str| digits.get(i..i + 2).unwrap_or(default).to_owned();
    let (y, mo, da, h, mi, se) = (
        digits.get(..4)?.to_owned(),
        part(4, "01"),
        part(6, "01"),
        part(8, "00"),
        part(10, "00"),
        part(12, "00"),
    );
    let rest = d.get(digits.len()..).unwrap_or("");
    let zone = match rest.chars().next() {
        Some('+' | '-') => {
            let sign = rest.get(..1)?;
            let z: String = rest.chars().filter(char::is_ascii_digit).collect();
            format!(
                "{sign}{}:{}",
                z.get(..2).unwrap_or("00"),
                z.get(2..4).unwrap_or("00")
            )
        }
        _ => "Z".to_owned(),
    };
    let text = format!("{y}-{mo}-{da}T{h}:{mi}:{se}{zone}");
    crate::time::parse_rfc3339(&text).map(|_| text)
}

fn string_claim(d: &Dict, key: &[u8]) -> Option<String> {
    match d.get(key)? {
        Object::String(s) => Some(crate::pki::cert::shown_name(
            &crate::container::pdf::text_string(s),
        )),
        _ => None,
    }
}

fn verify_one(
    pdf: &Pdf<'_>,
    f: &Found,
    dss_certs: &[Certificate],
    revocation: &RevocationData,
    options: &VerifyOptions<'_>,
) -> SignatureReport {
    let data = pdf.data();
    let mut claims = Vec::new();
    for (key, name) in [
        (&b"Name"[..], "name"),
        (b"M", "time"),
        (b"Reason", "reason"),
        (b"Location", "location"),
        (b"ContactInfo", "contact"),
    ] {
        if let Some(v) = string_claim(&f.dict, key) {
            let v = if name == "time" {
                pdf_date(&v).unwrap_or(v)
            } else {
                v
            };
            claims.push((name.to_owned(), v));
        }
    }
    let sub_filter = f
        .dict
        .name(b"SubFilter")
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .unwrap_or_default();
    let fail = |detail: String| {
        let mut r = SignatureReport {
            claims: claims.clone(),
            ..SignatureReport::default()
        };
        r.check(
            "byteRange",
            CheckResult::Failed(SubIndication::FormatFailure),
            "byteRange.invalid",
            &[],
            detail,
        );
        r
    };
    if f.unreadable {
        return fail(format!(
            "an object at byte {} names /ByteRange but is not a readable dictionary (damaged, \
             or bytes injected into it)",
            f.start
        ));
    }
    // A key a verifier and a viewer could read differently: which /ByteRange, which /Contents.
    for key in [&b"ByteRange"[..], b"Contents", b"SubFilter", b"Filter"] {
        if f.dict.0.iter().filter(|(k, _)| k == key).count() > 1 {
            return fail(format!(
                "signature object {} {} has /{} twice: readers disagree on which one counts",
                f.id.num,
                f.id.gen,
                String::from_utf8_lossy(key)
            ));
        }
    }
    let (a, b, end) = match byte_range(f, data) {
        Ok(x) => x,
        Err(e) => return fail(format!("signature object {} {}: {e}", f.id.num, f.id.gen)),
    };
    let Some(rev) = revision_ending_at(pdf, end) else {
        let mut r = fail(format!(
            "/ByteRange ends at byte {end}, which is not the end of any revision of the file: \
             the signature covers part of an update"
        ));
        r.coverage = Some(Coverage::Partial);
        return r;
    };
    let last = pdf.revisions().len().saturating_sub(1);
    let whole = end == data.len()
        || (rev == last
            && data
                .get(end..)
                .is_some_and(|t| t.iter().all(|c| c.is_ascii_whitespace() || *c == 0)));
    let coverage = if whole {
        Coverage::EntireFile
    } else {
        Coverage::EntireRevision
    };
    let cms = gap_contents(data, a);
    let covered = [
        data.get(..a).unwrap_or_default(),
        data.get(b..end).unwrap_or_default(),
    ];
    let limits = options.limits;
    let mut reports = match sub_filter.as_str() {
        "ETSI.RFC3161" => {
            document_timestamp(&cms, &covered, (a, b, end), dss_certs, revocation, options)
        }
        "adbe.pkcs7.sha1" => {
            let digest = range_digest(options, (a, b, end), DigestAlgorithm::Sha1, &covered);
            let cms_options = cms_options(options, dss_certs, revocation, None, &[]);
            match verify_cms_as(&cms, &cms_options, Purpose::DocumentSigning) {
                Ok(mut reports) => {
                    let econtent = crate::pki::cms::encapsulated_content(&cms, limits);
                    let ok = econtent.as_deref() == Some(digest.as_slice());
                    for r in &mut reports {
                        r.check(
                            "pdfDigest",
                            if ok {
                                CheckResult::Passed
                            } else {
                                CheckResult::Failed(SubIndication::HashFailure)
                            },
                            if ok {
                                "pdfDigest.match"
                            } else {
                                "pdfDigest.mismatch"
                            },
                            &[("algorithm", &"SHA-1")],
                            if ok {
                                "the signed content is the SHA-1 of the bytes /ByteRange covers (adbe.pkcs7.sha1)"
                            } else {
                                "the signed content is not the SHA-1 of the bytes /ByteRange covers (adbe.pkcs7.sha1)"
                            },
                        );
                        if !ok {
                            r.intact = Some(false);
                        }
                    }
                    Ok(reports)
                }
                Err(e) => Err(e),
            }
        }
        _ => {
            // adbe.pkcs7.detached, ETSI.CAdES.detached (and unknown ones, said below): the
            // covered bytes are hashed where they lie, never copied.
            let digests: Vec<(DigestAlgorithm, Vec<u8>)> = detached_digests_needed(&cms, limits)
                .unwrap_or_default()
                .into_iter()
                .map(|alg| (alg, range_digest(options, (a, b, end), alg, &covered)))
                .collect();
            let whole_bytes: Option<Vec<u8>> = digests.is_empty().then(|| covered.concat());
            let cms_options = cms_options(
                options,
                dss_certs,
                revocation,
                whole_bytes.as_deref(),
                &digests,
            );
            // Content of its own is accepted only when it is exactly the covered bytes (DSS
            // reads such enveloping CMS too).
            let encapsulated =
                crate::pki::cms::encapsulated_content(&cms, limits).is_some_and(|c| {
                    let [p, q] = covered;
                    !(c.len() == p.len() + q.len()
                        && c.get(..p.len()) == Some(p)
                        && c.get(p.len()..) == Some(q))
                });
            verify_cms_as(&cms, &cms_options, Purpose::DocumentSigning).map(|mut reports| {
                // A detached subfilter signs the bytes /ByteRange covers and nothing else: a CMS
                // that carries content of its own signs that content (any .p7m its signer ever
                // made, pasted into any PDF), whatever these bytes are.
                if encapsulated {
                    for r in &mut reports {
                        r.intact = Some(false);
                        r.check(
                            "pdfContent",
                            CheckResult::Failed(SubIndication::FormatFailure),
                            "pdfContent.ownContent",
                            &[],
                            "the CMS carries content of its own (eContent) other than the bytes \
                             /ByteRange covers: it signs that content, not this document",
                        );
                    }
                }
                reports
            })
        }
    };
    let mut r = match reports
        .as_mut()
        .ok()
        .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
    {
        Some(r) => r,
        None => {
            let mut r = SignatureReport::default();
            r.check(
                "format",
                CheckResult::Failed(SubIndication::FormatFailure),
                "format.notCms",
                &[("object", &format!("{} {}", f.id.num, f.id.gen))],
                format!(
                    "the /Contents of signature object {} {} is not a CMS signature vanban can read{}",
                    f.id.num,
                    f.id.gen,
                    reports.err().map(|e| format!(" ({e})")).unwrap_or_default()
                ),
            );
            r
        }
    };
    // The first checks say what the range covers.
    let mut checks = vec![crate::report::Check::new(
        "byteRange",
        CheckResult::Passed,
        "byteRange.covers",
        &[
            ("revision", &(rev + 1)),
            ("revisions", &(last + 1)),
            (
                "whole",
                &if coverage == Coverage::EntireFile {
                    "file"
                } else {
                    "revision"
                },
            ),
        ],
        format!(
            "/ByteRange [0 {a} {b} {}] covers the whole {} but its own /Contents",
            end - b,
            if coverage == Coverage::EntireFile {
                "file".to_owned()
            } else {
                format!("revision {} of {}", rev + 1, last + 1)
            }
        ),
    )];
    if !matches!(
        sub_filter.as_str(),
        "adbe.pkcs7.detached" | "ETSI.CAdES.detached" | "adbe.pkcs7.sha1" | "ETSI.RFC3161"
    ) {
        let shown = if sub_filter.is_empty() {
            "(none)"
        } else {
            &sub_filter
        };
        checks.push(crate::report::Check::new(
            "subFilter",
            CheckResult::Warning,
            "subFilter.unknown",
            &[("subFilter", &shown)],
            format!(
                "/SubFilter {shown} is not one of the four the standard defines; verified as a \
                 detached CMS signature"
            ),
        ));
    }
    checks.append(&mut r.checks);
    r.checks = checks;
    // A PDF signature also needs its range read and the changes after it judged.
    r.require(&["byteRange", "modifications"]);
    r.coverage = Some(coverage);
    r.covered_end = Some(end);
    r.claims.extend(claims);
    if sub_filter == "ETSI.RFC3161" {
        r.claims
            .push(("kind".to_owned(), "documentTimestamp".to_owned()));
    }
    r
}

/// The digest of the bytes a /ByteRange covers: the caller's (hashed natively, see
/// [`digests_needed`]) when it gave one, else computed here.
fn range_digest(
    options: &VerifyOptions<'_>,
    range: (usize, usize, usize),
    alg: DigestAlgorithm,
    covered: &[&[u8]; 2],
) -> Vec<u8> {
    options
        .range_digests
        .iter()
        .find(|d| d.range == range && d.algorithm == alg)
        .map_or_else(|| alg.digest_parts(covered), |d| d.digest.clone())
}

/// A digest of the bytes a PDF signature's /ByteRange covers, computed by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeDigest {
    /// `(a, b, end)`: the covered bytes are `[0, a)` and `[b, end)`.
    pub range: (usize, usize, usize),
    /// The algorithm.
    pub algorithm: DigestAlgorithm,
    /// The digest.
    pub digest: Vec<u8>,
}

/// Each signed range `(a, b, end)` with the digest algorithms its signature needs.
pub type DigestPlan = Vec<((usize, usize, usize), Vec<DigestAlgorithm>)>;

/// What a PDF's signatures need hashed: for each well-formed /ByteRange `(a, b, end)`, the
/// digest algorithms its signature uses, so that a caller with a faster native digest can
/// compute them (a signature whose needs cannot be told is left to the core).
pub fn digests_needed(data: &[u8], limits: &crate::limits::Limits) -> DigestPlan {
    plan(data, limits).needed
}

/// What the core needs of a PDF before verifying it: the digests to compute ([`DigestPlan`]),
/// the values its signatures claim for them, and the file's marks for the verification that
/// follows.
#[derive(Clone, Debug, Default)]
pub struct PdfPlan {
    /// Each signed range with the digest algorithms its signature needs.
    pub needed: DigestPlan,
    /// For each needed (range, algorithm), the digest the signature claims (its signers'
    /// messageDigest, a document timestamp's imprint, adbe.pkcs7.sha1's signed SHA-1), where
    /// one can be read. A claim proves nothing: it lets a caller verify ahead while the real
    /// digests are computed, and keep that result only if they turn out equal.
    pub claimed: Vec<RangeDigest>,
    /// The file's marks (`None`: not readable as a PDF).
    pub marks: Option<Marks>,
}

impl PdfPlan {
    /// Whether every needed digest has a claimed value.
    pub fn fully_claimed(&self) -> bool {
        self.needed.iter().all(|(range, algs)| {
            algs.iter().all(|alg| {
                self.claimed
                    .iter()
                    .any(|c| c.range == *range && c.algorithm == *alg)
            })
        })
    }
}

/// The revision signature `index` signs (its index in the report's `signatures`), as bytes:
/// the file's first bytes up to where its /ByteRange ends — the document as it was signed,
/// which any PDF reader (or [`crate::extract`]) opens by itself, like Adobe's "view signed
/// version". An error when there is no such signature or its /ByteRange is not well formed or
/// does not end a revision.
pub fn signed_revision<'a>(
    data: &'a [u8],
    index: usize,
    limits: &crate::limits::Limits,
) -> Result<&'a [u8]> {
    use crate::error::{Error, ErrorKind};
    let trust = crate::pki::path::TrustStore::empty();
    let policy = crate::pki::algorithm::AlgorithmPolicy::default();
    let options = VerifyOptions::new(&trust, 0, &policy, limits);
    let pdf = Pdf::parse_marked(data, limits, None)?;
    let found = find_signatures(&pdf, &options)?;
    let unknown = Error::new(ErrorKind::InvalidArgument {
        what: "signedRevision",
    });
    let f = found
        .get(index)
        .filter(|f| !f.unreadable && !f.dict.has_repeated_key())
        .ok_or(unknown)?;
    let (_, _, end) = byte_range(f, data).map_err(|_| unknown)?;
    revision_ending_at(&pdf, end).ok_or(unknown)?;
    data.get(..end).ok_or(unknown)
}

/// [`digests_needed`], with what the signatures claim and the file's marks.
pub fn plan(data: &[u8], limits: &crate::limits::Limits) -> PdfPlan {
    let trust = crate::pki::path::TrustStore::empty();
    let policy = crate::pki::algorithm::AlgorithmPolicy::default();
    let options = VerifyOptions::new(&trust, 0, &policy, limits);
    let Ok(pdf) = Pdf::parse_marked(data, limits, None) else {
        return PdfPlan::default();
    };
    let mut out = PdfPlan::default();
    for f in find_signatures(&pdf, &options).unwrap_or_default() {
        if f.unreadable {
            continue;
        }
        let Ok((a, b, end)) = byte_range(&f, data) else {
            continue;
        };
        let cms = gap_contents(data, a);
        let claimed: Vec<(DigestAlgorithm, Vec<u8>)> = match f.dict.name(b"SubFilter") {
            Some(b"ETSI.RFC3161") => tsp::imprint(&cms, limits)
                .map(|(alg, hashed, _)| vec![(alg, hashed)])
                .unwrap_or_default(),
            Some(b"adbe.pkcs7.sha1") => crate::pki::cms::encapsulated_content(&cms, limits)
                .map(|c| vec![(DigestAlgorithm::Sha1, c)])
                .unwrap_or_default(),
            _ => crate::pki::cms::claimed_digests(&cms, limits).unwrap_or_default(),
        };
        let algorithms = match f.dict.name(b"SubFilter") {
            Some(b"ETSI.RFC3161") => claimed.iter().map(|(alg, _)| *alg).collect(),
            Some(b"adbe.pkcs7.sha1") => vec![DigestAlgorithm::Sha1],
            _ => detached_digests_needed(&cms, limits).unwrap_or_default(),
        };
        for (alg, digest) in claimed {
            if algorithms.contains(&alg)
                && !out
                    .claimed
                    .iter()
                    .any(|c| c.range == (a, b, end) && c.algorithm == alg)
            {
                out.claimed.push(RangeDigest {
                    range: (a, b, end),
                    algorithm: alg,
                    digest,
                });
            }
        }
        if !algorithms.is_empty() {
            out.needed.push(((a, b, end), algorithms));
        }
    }
    out.marks = Some(pdf.marks().clone());
    out
}

/// The CMS options of a PDF signature: the caller's anchors, time and policy, the DSS's
/// certificates and revocation data, the content given as bytes or digests.
fn cms_options<'a>(
    options: &'a VerifyOptions<'_>,
    certificates: &'a [Certificate],
    revocation: &'a RevocationData,
    detached_content: Option<&'a [u8]>,
    detached_digests: &'a [(DigestAlgorithm, Vec<u8>)],
) -> CmsOptions<'a> {
    CmsOptions {
        detached_content,
        detached_digests,
        certificates,
        trust: options.trust,
        at: options.at,
        policy: options.policy,
        limits: options.limits,
        revocation,
        path_budget: options.path_budget,
    }
}

/// A document timestamp (ETSI.RFC3161): a timestamp token whose imprint covers the bytes.
fn document_timestamp(
    token: &[u8],
    covered: &[&[u8]; 2],
    range: (usize, usize, usize),
    certs: &[Certificate],
    revocation: &RevocationData,
    options: &VerifyOptions<'_>,
) -> Result<Vec<SignatureReport>> {
    let cms_options = cms_options(options, certs, revocation, None, &[]);
    let mut reports = verify_cms_as(token, &cms_options, Purpose::TimeStamping)?;
    let imprint = tsp::imprint(token, options.limits);
    for r in &mut reports {
        match &imprint {
            Some((alg, hashed, gen_time)) => {
                let ok = range_digest(options, range, *alg, covered) == *hashed;
                if !ok {
                    r.intact = Some(false);
                }
                r.claimed_signing_time = Some(crate::time::when(*gen_time));
                r.check(
                    "timestampImprint",
                    if ok {
                        CheckResult::Passed
                    } else {
                        CheckResult::Failed(SubIndication::HashFailure)
                    },
                    if ok {
                        "timestampImprint.match"
                    } else {
                        "timestampImprint.mismatch"
                    },
                    &[("algorithm", &alg.name())],
                    format!(
                        "the document timestamp's {} imprint {} the bytes /ByteRange covers",
                        alg.name(),
                        if ok {
                            "equals the hash of"
                        } else {
                            "differs from the hash of"
                        }
                    ),
                );
            }
            None => r.check(
                "timestampImprint",
                CheckResult::Failed(SubIndication::FormatFailure),
                "timestampImprint.unreadable",
                &[],
                "the document timestamp holds no readable TSTInfo",
            ),
        }
    }
    Ok(reports)
}

fn names(keys: &[Vec<u8>]) -> String {
    keys.iter()
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(o: &Object) -> String {
    let d = match o {
        Object::Dict(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Null => return "deleted".to_owned(),
        _ => return "a value".to_owned(),
    };
    let ty = d
        .name(b"Type")
        .or_else(|| d.name(b"Subtype"))
        .or_else(|| d.name(b"FT"))
        .map(|n| format!("/{}", String::from_utf8_lossy(n)));
    match (ty, o) {
        (Some(t), Object::Stream(_)) => format!("{t} stream"),
        (Some(t), _) => t,
        (None, Object::Stream(_)) => "a stream".to_owned(),
        (None, _) => "a dictionary".to_owned(),
    }
}

/// Whether two objects are the same, dictionaries compared whatever their key order (tools
/// rewrite dictionaries in another order). Iterative; the parser already caps the depth.
fn equal(a: &Object, b: &Object) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((x, y)) = stack.pop() {
        match (x, y) {
            (Object::Array(p), Object::Array(q)) => {
                if p.len() != q.len() {
                    return false;
                }
                stack.extend(p.iter().zip(q.iter()));
            }
            (Object::Dict(p), Object::Dict(q)) => {
                if !dicts_push(p, q, &mut stack) {
                    return false;
                }
            }
            (Object::Stream(p), Object::Stream(q)) => {
                if !dicts_push(&p.dict, &q.dict, &mut stack) {
                    return false;
                }
            }
            (x, y) => {
                if x != y {
                    return false;
                }
            }
        }
    }
    true
}

/// Pushes the value pairs of two dictionaries with the same keys; false when the keys differ.
fn dicts_push<'a>(p: &'a Dict, q: &'a Dict, stack: &mut Vec<(&'a Object, &'a Object)>) -> bool {
    fn keys(d: &Dict) -> Vec<&[u8]> {
        let mut k: Vec<&[u8]> = d.0.iter().map(|(k, _)| k.as_slice()).collect();
        k.sort_unstable();
        k.dedup();
        k
    }
    let (kp, kq) = (keys(p), keys(q));
    // A repeated key is never the same as a single one (viewers differ on which they read).
    if kp != kq || p.0.len() != q.0.len() {
        return false;
    }
    for k in kp {
        if let (Some(x), Some(y)) = (p.get(k), q.get(k)) {
            stack.push((x, y));
        }
    }
    true
}

/// Keys whose values differ between two dictionaries (or streams' dictionaries).
fn differing_keys(a: &Object, b: &Object) -> Vec<Vec<u8>> {
    let (Some(da), Some(db)) = (dict_of(a), dict_of(b)) else {
        return vec![b"(whole object)".to_vec()];
    };
    let mut keys: Vec<Vec<u8>> =
        da.0.iter()
            .chain(db.0.iter())
            .map(|(k, _)| k.clone())
            .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| match (da.get(k), db.get(k)) {
            (Some(x), Some(y)) => !equal(x, y),
            (None, None) => false,
            _ => true,
        })
        .collect()
}

fn dict_of(o: &Object) -> Option<&Dict> {
    match o {
        Object::Dict(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Whether an object is the same before and after (streams by dictionary and decoded data).
fn same(old: &Pdf<'_>, before: &Object, new_pdf: &Pdf<'_>, after: &Object) -> bool {
    match (before, after) {
        (Object::Stream(a), Object::Stream(b)) => {
            let strip = |d: &Dict| {
                Object::Dict(Dict(
                    d.0.iter()
                        .filter(|(k, _)| k != b"Length")
                        .cloned()
                        .collect(),
                ))
            };
            if !equal(&strip(&a.dict), &strip(&b.dict)) {
                return false;
            }
            let ra = old.data().get(a.start..a.end);
            let rb = new_pdf.data().get(b.start..b.end);
            ra.is_some() && ra == rb
        }
        _ => equal(before, after),
    }
}

/// Whether a new signature part belongs to a document timestamp (its dictionary, or a field
/// whose value is one).
fn timestamp_only(d: &Dict, pdf: &mut Pdf<'_>) -> bool {
    let sig = if is_signature_dict(d) {
        Some(d.clone())
    } else {
        d.get(b"V")
            .and_then(|v| pdf.resolve(v).ok())
            .and_then(|o| o.dict().cloned())
    };
    sig.is_some_and(|s| {
        s.name(b"Type") == Some(b"DocTimeStamp") || s.name(b"SubFilter") == Some(b"ETSI.RFC3161")
    })
}

/// The fields a signature locks (FieldMDP, ISO 32000-1 §12.8.2.4), as its signature
/// dictionary's /Reference records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldLock {
    /// Every field.
    All,
    /// The fields named (fully qualified).
    Include(Vec<String>),
    /// Every field but those named.
    Exclude(Vec<String>),
}

impl FieldLock {
    /// Reads a FieldMDP transform parameters dictionary (`/Action`, `/Fields`).
    fn from_params(pdf: &mut Pdf<'_>, params: &Dict) -> Option<Self> {
        let fields: Vec<String> = match params.get(b"Fields").map(|f| pdf.resolve(f)) {
            Some(Ok(Object::Array(items))) => items
                .iter()
                .filter_map(|o| match o {
                    Object::String(s) => Some(crate::pki::cert::shown_name(
                        &crate::container::pdf::text_string(s),
                    )),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        match params.name(b"Action")? {
            b"All" => Some(Self::All),
            b"Include" => Some(Self::Include(fields)),
            b"Exclude" => Some(Self::Exclude(fields)),
            _ => None,
        }
    }

    /// The lock a signature dictionary declares (its /Reference with /TransformMethod
    /// /FieldMDP). `Err` names a lock that cannot be read, so cannot be honoured.
    pub(crate) fn of_signature(
        pdf: &mut Pdf<'_>,
        sig: &Dict,
    ) -> std::result::Result<Option<Self>, String> {
        let Some(Ok(Object::Array(refs))) = sig.get(b"Reference").map(|r| pdf.resolve(r)) else {
            return Ok(None);
        };
        for item in refs.iter().take(16) {
            let Some(d) = pdf.resolve(item).ok().and_then(|o| o.dict().cloned()) else {
                continue;
            };
            if d.name(b"TransformMethod") != Some(b"FieldMDP") {
                continue;
            }
            let params = d
                .get(b"TransformParams")
                .and_then(|p| pdf.resolve(p).ok())
                .and_then(|o| o.dict().cloned());
            return match params.as_ref().and_then(|p| Self::from_params(pdf, p)) {
                Some(lock) => Ok(Some(lock)),
                None => Err(
                    "the signature declares a FieldMDP lock whose parameters cannot be read"
                        .to_owned(),
                ),
            };
        }
        Ok(None)
    }

    fn covers(&self, name: &str) -> bool {
        // A lock on a field covers its descendants too (their names extend it with '.').
        let under = |n: &String| {
            name == n
                || name
                    .strip_prefix(n.as_str())
                    .is_some_and(|r| r.starts_with('.'))
        };
        match self {
            Self::All => true,
            Self::Include(names) => names.iter().any(under),
            Self::Exclude(names) => !names.iter().any(under),
        }
    }

    /// The fully qualified name of the field (or widget) `o` when the lock covers it, read in
    /// the signed revision.
    fn locked(&self, old: &mut Pdf<'_>, o: &Object) -> Option<String> {
        let d = dict_of(o)?;
        let is_field = d.get(b"FT").is_some()
            || d.get(b"T").is_some()
            || d.name(b"Subtype") == Some(b"Widget") && d.get(b"Parent").is_some();
        if !is_field {
            return None;
        }
        let name = field_name(old, d);
        (!name.is_empty() && self.covers(&name)).then_some(name)
    }
}

/// A field's fully qualified name: the partial names (/T) of it and its ancestors joined with
/// '.' (bounded: a /Parent cycle stops the walk).
fn field_name(pdf: &mut Pdf<'_>, d: &Dict) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = d.clone();
    for _ in 0..32 {
        if let Some(Object::String(t)) = current.get(b"T") {
            parts.push(crate::container::pdf::text_string(t));
        }
        match current
            .get(b"Parent")
            .and_then(|p| pdf.resolve(p).ok())
            .and_then(|o| o.dict().cloned())
        {
            Some(parent) => current = parent,
            None => break,
        }
    }
    parts.reverse();
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(
            pdf_date("D:20250615020000Z").as_deref(),
            Some("2025-06-15T02:00:00Z")
        );
        assert_eq!(
            pdf_date("D:20201116165610+07'00'").as_deref(),
            Some("2020-11-16T16:56:10+07:00")
        );
        assert_eq!(pdf_date("D:2025").as_deref(), Some("2025-01-01T00:00:00Z"));
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn objects_compare_whatever_the_key_order() {
        let a = Object::Dict(Dict(vec![
            (b"A".to_vec(), Object::Int(1)),
            (b"B".to_vec(), Object::Array(vec![Object::Int(2)])),
        ]));
        let b = Object::Dict(Dict(vec![
            (b"B".to_vec(), Object::Array(vec![Object::Int(2)])),
            (b"A".to_vec(), Object::Int(1)),
        ]));
        assert!(equal(&a, &b));
        let c = Object::Dict(Dict(vec![(b"A".to_vec(), Object::Int(1))]));
        assert!(!equal(&a, &c));
        assert_eq!(differing_keys(&a, &c), vec![b"B".to_vec()]);
    }

    /// A signature field whose signature dictionary sits in a compressed object stream: the raw
    /// scan cannot see it, and its /ByteRange could never reach its /Contents — it is reported as
    /// a signature that fails, never left out.
    #[test]
    fn a_signature_inside_an_object_stream_is_reported_not_skipped() {
        let body = b"<< /Type /Catalog /AcroForm << /Fields [ 2 0 R ] >> >> \
            << /FT /Sig /T (Chu ky) /V 3 0 R >> \
            << /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 5] /Contents <00> >>";
        let a = body.iter().position(|c| *c == b'>').unwrap() + 3; // after the AcroForm's ">>"
        let a = a + body[a..].iter().position(|c| *c == b'<').unwrap();
        let b = a + body[a..].windows(3).position(|w| w == b">> ").unwrap() + 3;
        let head = format!("1 0 2 {} 3 {} ", a, b);
        let objstm = [head.as_bytes(), &body[..]].concat();
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&objstm, 6);
        let mut data = b"%PDF-1.7\n".to_vec();
        let at = data.len();
        data.extend_from_slice(
            format!(
                "5 0 obj\n<< /Type /ObjStm /N 3 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
                head.len(),
                z.len()
            )
            .as_bytes(),
        );
        data.extend_from_slice(&z);
        data.extend_from_slice(b"\nendstream\nendobj\n");
        let xref_at = data.len();
        let mut rows = vec![0, 0, 0, 255];
        for i in 0..3u8 {
            rows.extend_from_slice(&[2, 0, 5, i]);
        }
        rows.extend_from_slice(&[0, 0, 0, 0]);
        rows.extend_from_slice(&[1, (at >> 8) as u8, at as u8, 0]);
        rows.extend_from_slice(&[1, (xref_at >> 8) as u8, xref_at as u8, 0]);
        let zx = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 6);
        data.extend_from_slice(
            format!(
                "6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
                zx.len()
            )
            .as_bytes(),
        );
        data.extend_from_slice(&zx);
        data.extend_from_slice(
            format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
        );
        let limits = crate::limits::Limits::default();
        let trust = crate::pki::path::TrustStore::empty();
        let policy = crate::pki::algorithm::AlgorithmPolicy::default();
        let options = VerifyOptions::new(&trust, 0, &policy, &limits);
        let (reports, _) = verify_pdf(&data, &options, None).unwrap();
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(
            r.indication(),
            (
                crate::report::Indication::TotalFailed,
                Some(SubIndication::FormatFailure)
            )
        );
        assert!(
            r.checks[0].detail.contains("compressed object stream"),
            "{:?}",
            r.checks
        );
    }
}
