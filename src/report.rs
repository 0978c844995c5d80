//! The verification report (ETSI EN 319 102-1's model, as EU DSS reports it; see
//! `../shared/docs/ARCHITECTURE.md`): per signature an indication with its sub-indication,
//! separate facts that each mean one thing, and every check performed, in order.
//!
//! The indication is never set by hand: [`SignatureReport::indication`] derives it from the
//! checks. Any failed check makes the signature TOTAL_FAILED; otherwise any check that could not
//! be decided makes it INDETERMINATE; a signature with no passed check at all is INDETERMINATE
//! ("nothing was checked" is never valid), and so is one that lacks a check its format requires
//! (each verifier names them: a CMS signer's messageDigest, signatureValue, certificatePath and
//! revocation; a PDF signature's byteRange and modifications besides); only then is it
//! TOTAL_PASSED.

use core::fmt::Write as _;

use crate::json::{json_array, json_string};

/// The verdict on a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Indication {
    /// Every check passed.
    TotalPassed,
    /// A check could not be decided (missing data, unsupported, not trusted, …).
    Indeterminate,
    /// A check failed: the signature is not valid.
    TotalFailed,
}

impl Indication {
    /// The ETSI name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::TotalPassed => "TOTAL_PASSED",
            Self::Indeterminate => "INDETERMINATE",
            Self::TotalFailed => "TOTAL_FAILED",
        }
    }
}

/// Why a signature is not TOTAL_PASSED (ETSI EN 319 102-1 §5.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubIndication {
    /// The signed data does not hash to the signed digest.
    HashFailure,
    /// The signature value does not verify with the signer's key.
    SigCryptoFailure,
    /// The signature's structure is not what its format requires.
    FormatFailure,
    /// No path from the signer's certificate to a trust anchor.
    NoCertificateChainFound,
    /// A certificate was not valid at the validation time.
    OutOfBoundsNoPoe,
    /// The signer's certificate is revoked, and no proof shows the signature existed before.
    RevokedNoPoe,
    /// A CA certificate of the path is revoked, and no proof shows the signature existed before.
    RevokedCaNoPoe,
    /// The signer's certificate was revoked before the time the signer claims to have signed.
    Revoked,
    /// An algorithm or key is below what the policy accepts.
    CryptoConstraintsFailure,
    /// Revocation status unknown now; it may be known later.
    TryLater,
    /// A certificate of the path breaks a path rule.
    ChainConstraintsFailure,
    /// The signed data was not found (a detached signature without its content).
    SignedDataNotFound,
    /// The signer's certificate was not found.
    NoSigningCertificateFound,
    /// Something the verifier does not support (an algorithm, a format feature).
    Unsupported,
    /// The document was changed after signing in a way the signer did not allow (vanban's
    /// name; ETSI EN 319 102-1 has none for PDF modifications).
    DisallowedModification,
}

impl SubIndication {
    /// The ETSI name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::HashFailure => "HASH_FAILURE",
            Self::SigCryptoFailure => "SIG_CRYPTO_FAILURE",
            Self::FormatFailure => "FORMAT_FAILURE",
            Self::NoCertificateChainFound => "NO_CERTIFICATE_CHAIN_FOUND",
            Self::OutOfBoundsNoPoe => "OUT_OF_BOUNDS_NO_POE",
            Self::RevokedNoPoe => "REVOKED_NO_POE",
            Self::RevokedCaNoPoe => "REVOKED_CA_NO_POE",
            Self::Revoked => "REVOKED",
            Self::CryptoConstraintsFailure => "CRYPTO_CONSTRAINTS_FAILURE",
            Self::TryLater => "TRY_LATER",
            Self::ChainConstraintsFailure => "CHAIN_CONSTRAINTS_FAILURE",
            Self::SignedDataNotFound => "SIGNED_DATA_NOT_FOUND",
            Self::NoSigningCertificateFound => "NO_SIGNING_CERTIFICATE_FOUND",
            Self::Unsupported => "UNSUPPORTED",
            Self::DisallowedModification => "DISALLOWED_MODIFICATION",
        }
    }
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckResult {
    /// Checked and fine.
    Passed,
    /// Checked and fine, with something the reviewer should know.
    Warning,
    /// Could not be decided.
    Indeterminate(SubIndication),
    /// Checked and wrong.
    Failed(SubIndication),
}

impl CheckResult {
    /// The JSON name: `passed`, `warning`, `indeterminate`, `failed`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Warning => "warning",
            Self::Indeterminate(_) => "indeterminate",
            Self::Failed(_) => "failed",
        }
    }
}

/// One check performed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// A stable identifier, e.g. `messageDigest`, `signatureValue`, `certificatePath`.
    pub id: &'static str,
    /// Its outcome.
    pub result: CheckResult,
    /// What was found, as a stable code of [`CHECK_CODES`] (`messageDigest.match`): what the
    /// package renders in the reader's language (`formatReport`), with `params`.
    pub code: &'static str,
    /// The values the code's sentence names (`algorithm`, `subject`, …), as text.
    pub params: Vec<(&'static str, String)>,
    /// What was checked and found, in an English sentence for experts (more specific than the
    /// code).
    pub detail: String,
}

/// A certificate as the report names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertificateInfo {
    /// Subject (RFC 4514).
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// SHA-256 of the DER, hex.
    pub sha256: String,
    /// Validity, RFC 3339.
    pub not_before: String,
    /// Validity, RFC 3339.
    pub not_after: String,
}

/// What the signature covers, from most to least (ordered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    /// The whole file (a PDF's last revision, or detached content given in full).
    EntireFile,
    /// A whole earlier revision; later changes are listed as modifications.
    EntireRevision,
    /// Only part of the file.
    Partial,
}

impl Coverage {
    const fn name(self) -> &'static str {
        match self {
            Self::EntireFile => "entireFile",
            Self::EntireRevision => "entireRevision",
            Self::Partial => "partial",
        }
    }
}

/// What a timestamp covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampKind {
    /// The signature value (RFC 3161 in CMS unsigned attributes, PAdES document timestamps of
    /// a signature): proves the signature existed at its time.
    Signature,
    /// The signed content (CAdES content-timestamp): proves the content existed before signing.
    Content,
    /// An archive or validation-data timestamp (CAdES-X/-A); its imprint is not evaluated.
    Archive,
}

impl TimestampKind {
    const fn name(self) -> &'static str {
        match self {
            Self::Signature => "signature",
            Self::Content => "content",
            Self::Archive => "archive",
        }
    }
}

/// A timestamp found with a signature, and what checking it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampInfo {
    /// What it covers.
    pub kind: TimestampKind,
    /// genTime, RFC 3339, as the token states it (proof only when `indication` is TOTAL_PASSED).
    pub time: String,
    /// The time-stamping authority's certificate subject (empty when not found).
    pub tsa: String,
    /// The imprint equals the hash of what the timestamp covers and the token's own content is
    /// intact (`None`: not checked).
    pub intact: Option<bool>,
    /// The TSA's signature verifies (`None`: not checked).
    pub signature_valid: Option<bool>,
    /// The token's verdict: TOTAL_PASSED only when imprint, signature, the TSA's path (with
    /// id-kp-timeStamping) and its status all check out.
    pub indication: Indication,
    /// Why not TOTAL_PASSED.
    pub sub_indication: Option<SubIndication>,
    /// What the reviewer should know about the token itself (its weak algorithms, its TSA's
    /// path): carried into the signature's warnings.
    pub warnings: Vec<String>,
}

/// How far the changes after signing reach, from least to most (ordered); the levels of
/// pyHanko's diff analysis and of the DocMDP permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ModificationLevel {
    /// Nothing that can be displayed or signed changed (no change, or objects nothing refers to).
    None,
    /// Validation data only: the DSS, document timestamps, metadata (XMP, /Info).
    LtaUpdates,
    /// Later signatures with their fields and appearances, form fields filled, /Extensions.
    FormFilling,
    /// Annotations added or changed (DocMDP P = 3).
    Annotations,
    /// Anything else: never allowed after a signature.
    Other,
}

impl ModificationLevel {
    /// The report's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::LtaUpdates => "ltaUpdates",
            Self::FormFilling => "formFilling",
            Self::Annotations => "annotations",
            Self::Other => "other",
        }
    }
}

/// A change made after signing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modification {
    /// What changed.
    pub description: String,
    /// Whether the signer allowed it.
    pub allowed: bool,
    /// The rule that decided.
    pub rule: String,
    /// What kind of change it is (`Other` whenever it is not allowed).
    pub level: ModificationLevel,
}

/// The report on one signature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignatureReport {
    /// The covered data hashes to the signed digest (`None`: not checked).
    pub intact: Option<bool>,
    /// The signature value verifies with the signer's key (`None`: not checked).
    pub signature_valid: Option<bool>,
    /// The signer's certificate.
    pub signer: Option<CertificateInfo>,
    /// The path, signer first, anchor last (empty when none was found).
    pub chain: Vec<CertificateInfo>,
    /// The trust anchor's subject.
    pub trust_anchor: Option<String>,
    /// The signing time the signer claims (not proven).
    pub claimed_signing_time: Option<String>,
    /// The verified signature timestamp that proves the earliest time (`None`: none verified).
    pub timestamp: Option<TimestampInfo>,
    /// Every timestamp found with the signature, verified or not.
    pub timestamps: Vec<TimestampInfo>,
    /// What the signature covers.
    pub coverage: Option<Coverage>,
    /// Changes after signing.
    pub modifications: Vec<Modification>,
    /// The furthest-reaching change after signing (`None`: not a revision of a PDF, or the
    /// changes could not be compared).
    pub modification_level: Option<ModificationLevel>,
    /// What the reviewer should know.
    pub warnings: Vec<String>,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// For a counter-signature: the index (in the file's `signatures`) of the signature whose
    /// value it signs.
    pub counter_signature_of: Option<usize>,
    /// What the signer states without proof (a PDF signature's /Name, /M, /Reason, /Location,
    /// /ContactInfo; the certification level), as (key, value).
    pub claims: Vec<(String, String)>,
    /// Where the signed bytes end in the file (a PDF signature's revision end): the signed
    /// revision is the file's first `covered_end` bytes.
    pub(crate) covered_end: Option<usize>,
    /// The checks this signature's format requires, each present and passed (or passed with a
    /// warning) before it can be TOTAL_PASSED.
    pub(crate) required: Vec<&'static str>,
}

/// Every check id a report can carry: the vocabulary of [`Check::id`], which the TypeScript
/// `CheckId` type lists too (a test compares them; `check` and `require` assert membership in
/// debug builds, so an id used anywhere in the tests is in this list).
pub const CHECK_IDS: &[&str] = &[
    "algorithm",
    "algorithmPolicy",
    "algorithmProtection",
    "archiveTimestamp",
    "byteRange",
    "certificatePath",
    "contentTimestamp",
    "contentType",
    "digestAlgorithm",
    "fieldLock",
    "format",
    "messageDigest",
    "modifications",
    "pdfContent",
    "pdfDigest",
    "revocation",
    "signatureAlgorithm",
    "signatureTimestamp",
    "signatureValue",
    "signedAttributes",
    "signerCertificate",
    "signingCertificate",
    "structure",
    "subFilter",
    "timestampImprint",
];

/// Every code a check can carry ([`Check::code`]): `<check id>.<what was found>`. The
/// TypeScript `CheckCode` type lists them and `formatReport` has a sentence for each in
/// Vietnamese and English (tests compare the three; `check` asserts membership in debug builds).
pub const CHECK_CODES: &[&str] = &[
    "algorithmPolicy.meets",
    "algorithmPolicy.weak",
    "algorithmProtection.match",
    "algorithmProtection.mismatch",
    "archiveTimestamp.verified",
    "archiveTimestamp.notVerified",
    "byteRange.covers",
    "byteRange.hidden",
    "byteRange.invalid",
    "certificatePath.found",
    "certificatePath.foundAtTimestamp",
    "certificatePath.invalid",
    "certificatePath.noChain",
    "certificatePath.outOfBounds",
    "certificatePath.unsupported",
    "contentTimestamp.verified",
    "contentTimestamp.notVerified",
    "contentType.mismatch",
    "digestAlgorithm.unsupported",
    "fieldLock.unreadable",
    "format.notCms",
    "format.unreadable",
    "messageDigest.match",
    "messageDigest.mismatch",
    "messageDigest.notGiven",
    "messageDigest.contentMissing",
    "modifications.allowed",
    "modifications.disallowed",
    "modifications.none",
    "modifications.notComparable",
    "pdfContent.ownContent",
    "pdfDigest.match",
    "pdfDigest.mismatch",
    "revocation.good",
    "revocation.notEvaluated",
    "revocation.revoked",
    "revocation.undecided",
    "signatureAlgorithm.unsupported",
    "signatureTimestamp.verified",
    "signatureTimestamp.notVerified",
    "signatureValue.contentMissing",
    "signatureValue.fails",
    "signatureValue.verifies",
    "signedAttributes.malformed",
    "signedAttributes.notDer",
    "signedAttributes.reencoded",
    "signerCertificate.found",
    "signerCertificate.missing",
    "signerCertificate.unsupportedKey",
    "signingCertificate.bound",
    "signingCertificate.other",
    "signingCertificate.unreadable",
    "structure.rebuilt",
    "subFilter.unknown",
    "timestampImprint.match",
    "timestampImprint.mismatch",
    "timestampImprint.unreadable",
];

/// A check's parameters as call sites give them: names and values to show.
pub type Params<'a> = &'a [(&'static str, &'a dyn std::fmt::Display)];

impl Check {
    /// A check with its code and parameters.
    pub fn new(
        id: &'static str,
        result: CheckResult,
        code: &'static str,
        params: Params<'_>,
        detail: impl Into<String>,
    ) -> Self {
        debug_assert!(
            CHECK_CODES.contains(&code) && code.starts_with(id),
            "check code {code} is not in CHECK_CODES or not of check {id}"
        );
        Self {
            id,
            result,
            code,
            params: params.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            detail: detail.into(),
        }
    }
}

impl SignatureReport {
    /// Records a check: its id, outcome, code and parameters (what a reader is told, in their
    /// language), and the English detail for experts.
    pub fn check(
        &mut self,
        id: &'static str,
        result: CheckResult,
        code: &'static str,
        params: Params<'_>,
        detail: impl Into<String>,
    ) {
        debug_assert!(CHECK_IDS.contains(&id), "check id {id} is not in CHECK_IDS");
        self.checks
            .push(Check::new(id, result, code, params, detail));
    }

    /// Adds checks the format requires (see [`SignatureReport::indication`]).
    pub(crate) fn require(&mut self, ids: &[&'static str]) {
        for id in ids {
            debug_assert!(CHECK_IDS.contains(id), "check id {id} is not in CHECK_IDS");
            if !self.required.contains(id) {
                self.required.push(id);
            }
        }
    }

    /// Where the signed revision ends: the signed bytes are the file's first this many bytes (a
    /// PDF signature whose /ByteRange was read).
    pub const fn signed_length(&self) -> Option<usize> {
        self.covered_end
    }

    /// The required checks that were not performed or did not pass.
    pub fn missing_checks(&self) -> Vec<&'static str> {
        self.required
            .iter()
            .copied()
            .filter(|id| {
                !self.checks.iter().any(|c| {
                    c.id == *id && matches!(c.result, CheckResult::Passed | CheckResult::Warning)
                })
            })
            .collect()
    }

    /// The indication and sub-indication the checks lead to (see the module docs).
    pub fn indication(&self) -> (Indication, Option<SubIndication>) {
        if let Some(sub) = self.checks.iter().find_map(|c| match c.result {
            CheckResult::Failed(s) => Some(s),
            _ => None,
        }) {
            return (Indication::TotalFailed, Some(sub));
        }
        if let Some(sub) = self.checks.iter().find_map(|c| match c.result {
            CheckResult::Indeterminate(s) => Some(s),
            _ => None,
        }) {
            return (Indication::Indeterminate, Some(sub));
        }
        let checked = self
            .checks
            .iter()
            .any(|c| matches!(c.result, CheckResult::Passed | CheckResult::Warning));
        if !checked || self.intact != Some(true) || self.signature_valid != Some(true) {
            return (
                Indication::Indeterminate,
                Some(SubIndication::FormatFailure),
            );
        }
        // A required check that is missing was not made: nothing proves what it would have.
        if let Some(id) = self.missing_checks().first() {
            let sub = match *id {
                "messageDigest" => SubIndication::SignedDataNotFound,
                "certificatePath" => SubIndication::NoCertificateChainFound,
                "revocation" => SubIndication::TryLater,
                _ => SubIndication::FormatFailure,
            };
            return (Indication::Indeterminate, Some(sub));
        }
        (Indication::TotalPassed, None)
    }

    fn write_json(&self, out: &mut String) {
        let (indication, sub) = self.indication();
        let _ = write!(
            out,
            "{{\"indication\":\"{}\",\"subIndication\":",
            indication.name()
        );
        match sub {
            Some(s) => {
                let _ = write!(out, "\"{}\"", s.name());
            }
            None => out.push_str("null"),
        }
        let _ = write!(
            out,
            ",\"intact\":{},\"signatureValid\":{},\"signer\":",
            opt_bool(self.intact),
            opt_bool(self.signature_valid)
        );
        match &self.signer {
            Some(c) => cert_json(c, out),
            None => out.push_str("null"),
        }
        out.push_str(",\"chain\":");
        json_array(&self.chain, out, cert_json);
        out.push_str(",\"trustAnchor\":");
        opt_string(self.trust_anchor.as_deref(), out);
        out.push_str(",\"claimedSigningTime\":");
        opt_string(self.claimed_signing_time.as_deref(), out);
        out.push_str(",\"timestamp\":");
        match &self.timestamp {
            Some(t) => timestamp_json(t, out),
            None => out.push_str("null"),
        }
        out.push_str(",\"timestamps\":");
        json_array(&self.timestamps, out, timestamp_json);
        out.push_str(",\"coverage\":");
        opt_string(self.coverage.map(Coverage::name), out);
        out.push_str(",\"signedLength\":");
        match self.covered_end {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => out.push_str("null"),
        }
        out.push_str(",\"modifications\":");
        json_array(&self.modifications, out, modification_json);
        out.push_str(",\"modificationLevel\":");
        opt_string(self.modification_level.map(ModificationLevel::name), out);
        out.push_str(",\"counterSignatureOf\":");
        match self.counter_signature_of {
            Some(i) => {
                let _ = write!(out, "{i}");
            }
            None => out.push_str("null"),
        }
        out.push_str(",\"claims\":{");
        for (i, (k, v)) in self.claims.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(k, out);
            out.push(':');
            json_string(v, out);
        }
        out.push('}');
        out.push_str(",\"warnings\":");
        json_array(&self.warnings, out, |w, out| json_string(w, out));
        out.push_str(",\"missingChecks\":");
        json_array(&self.missing_checks(), out, |id, out| json_string(id, out));
        out.push_str(",\"checks\":");
        json_array(&self.checks, out, |c, out| {
            let _ = write!(
                out,
                "{{\"id\":\"{}\",\"result\":\"{}\"",
                c.id,
                c.result.name()
            );
            if let CheckResult::Failed(s) | CheckResult::Indeterminate(s) = c.result {
                let _ = write!(out, ",\"subIndication\":\"{}\"", s.name());
            }
            let _ = write!(out, ",\"code\":\"{}\",\"params\":{{", c.code);
            for (i, (k, v)) in c.params.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                json_string(v, out);
            }
            out.push_str("},\"detail\":");
            json_string(&c.detail, out);
            out.push('}');
        });
        out.push('}');
    }
}

fn modification_json(m: &Modification, out: &mut String) {
    out.push_str("{\"description\":");
    json_string(&m.description, out);
    let _ = write!(out, ",\"allowed\":{},\"rule\":", m.allowed);
    json_string(&m.rule, out);
    let _ = write!(out, ",\"level\":\"{}\"}}", m.level.name());
}

fn timestamp_json(t: &TimestampInfo, out: &mut String) {
    let _ = write!(out, "{{\"kind\":\"{}\",\"time\":", t.kind.name());
    json_string(&t.time, out);
    out.push_str(",\"tsa\":");
    json_string(&t.tsa, out);
    let _ = write!(
        out,
        ",\"intact\":{},\"signatureValid\":{},\"indication\":\"{}\",\"subIndication\":",
        opt_bool(t.intact),
        opt_bool(t.signature_valid),
        t.indication.name()
    );
    opt_string(t.sub_indication.map(SubIndication::name), out);
    out.push('}');
}

const fn opt_bool(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "true",
        Some(false) => "false",
        None => "null",
    }
}

fn opt_string(s: Option<&str>, out: &mut String) {
    match s {
        Some(s) => json_string(s, out),
        None => out.push_str("null"),
    }
}

fn cert_json(c: &CertificateInfo, out: &mut String) {
    out.push_str("{\"subject\":");
    json_string(&c.subject, out);
    out.push_str(",\"issuer\":");
    json_string(&c.issuer, out);
    out.push_str(",\"serial\":");
    json_string(&c.serial, out);
    out.push_str(",\"sha256\":");
    json_string(&c.sha256, out);
    out.push_str(",\"notBefore\":");
    json_string(&c.not_before, out);
    out.push_str(",\"notAfter\":");
    json_string(&c.not_after, out);
    out.push('}');
}

/// The file verified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Its name, as the caller gave it.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// The format detected: `pdf`, `docx`, `cms`, `edxml`.
    pub format: String,
    /// SHA-256, hex.
    pub sha256: String,
}

/// What a reader of a signed PDF is shown, set against what was signed: the document-level
/// summary beside the signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentSummary {
    /// The file's revisions (the original and each incremental update).
    pub revisions: usize,
    /// The signature whose signed revision reaches furthest into the file (its index in
    /// `signatures`; `None`: no signature's range could be read).
    pub last_signature: Option<usize>,
    /// The length of that signed revision: the file's first this many bytes.
    pub last_signed_length: Option<usize>,
    /// Whether the file as displayed is the last signed revision: `Some(true)` when that
    /// signature covers the whole file or nothing that can be displayed changed after it (at
    /// most validation data and metadata: modification level none or ltaUpdates),
    /// `Some(false)` when something did, `None` when it is not known (no readable signature,
    /// or the changes could not be compared).
    pub displayed_is_signed: Option<bool>,
    /// The changes made after the last signed revision, as that signature's analysis judged
    /// them.
    pub changes_after_last_signature: Vec<Modification>,
    /// What the reviewer should know about the document as a whole.
    pub warnings: Vec<String>,
}

impl DocumentSummary {
    /// The summary of a PDF with `revisions` revisions and these signature reports.
    pub fn of_pdf(revisions: usize, signatures: &[SignatureReport]) -> Self {
        let last = signatures
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.covered_end.map(|end| (end, i)))
            .max_by_key(|(end, i)| (*end, usize::MAX - *i));
        let mut summary = Self {
            revisions,
            ..Self::default()
        };
        let Some((end, index)) = last else {
            if !signatures.is_empty() {
                summary.warnings.push(
                    "no signature's byte range could be read: nothing shows which revision was \
                     signed"
                        .to_owned(),
                );
            }
            return summary;
        };
        summary.last_signature = Some(index);
        summary.last_signed_length = Some(end);
        let Some(sig) = signatures.get(index) else {
            return summary;
        };
        summary.displayed_is_signed = match (sig.coverage, sig.modification_level) {
            (Some(Coverage::EntireFile), _) => Some(true),
            // Validation data (the DSS, document timestamps) and metadata change no page.
            (
                Some(Coverage::EntireRevision),
                Some(ModificationLevel::None | ModificationLevel::LtaUpdates),
            ) => Some(true),
            (Some(Coverage::EntireRevision), Some(_)) => Some(false),
            _ => None,
        };
        summary.changes_after_last_signature = sig.modifications.clone();
        let refused = sig.modifications.iter().filter(|m| !m.allowed).count();
        match summary.displayed_is_signed {
            Some(true) => {}
            Some(false) => summary.warnings.push(format!(
                "the document as displayed is not the last signed revision: {} change(s) were \
                 made after signature {} ({} not allowed by the signer); its signed revision \
                 is the file's first {end} bytes",
                sig.modifications.len(),
                index + 1,
                refused
            )),
            None => summary.warnings.push(format!(
                "whether the document as displayed is the revision signature {} signed could not \
                 be established",
                index + 1
            )),
        }
        if signatures.iter().any(|s| s.covered_end.is_none()) {
            summary.warnings.push(
                "a signature's byte range could not be read: what it covers is unknown".to_owned(),
            );
        }
        summary
    }

    fn write_json(&self, out: &mut String) {
        let opt_usize = |v: Option<usize>, out: &mut String| match v {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => out.push_str("null"),
        };
        let _ = write!(out, "{{\"revisions\":{},\"lastSignature\":", self.revisions);
        opt_usize(self.last_signature, out);
        out.push_str(",\"lastSignedLength\":");
        opt_usize(self.last_signed_length, out);
        let _ = write!(
            out,
            ",\"displayedIsSigned\":{},\"changesAfterLastSignature\":",
            opt_bool(self.displayed_is_signed)
        );
        json_array(&self.changes_after_last_signature, out, modification_json);
        out.push_str(",\"warnings\":");
        json_array(&self.warnings, out, |w, out| json_string(w, out));
        out.push('}');
    }
}

/// The report on a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerificationReport {
    /// The file.
    pub file: FileInfo,
    /// Its signatures, in document order.
    pub signatures: Vec<SignatureReport>,
    /// For a PDF: what the reader is shown against what was signed.
    pub document: Option<DocumentSummary>,
}

impl VerificationReport {
    /// JSON with camelCase keys, as the `VerificationReport` TypeScript type.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"file\":{\"name\":");
        json_string(&self.file.name, &mut out);
        let _ = write!(out, ",\"size\":{},\"format\":", self.file.size);
        json_string(&self.file.format, &mut out);
        out.push_str(",\"sha256\":");
        json_string(&self.file.sha256, &mut out);
        out.push_str("},\"signatures\":");
        json_array(&self.signatures, &mut out, SignatureReport::write_json);
        out.push_str(",\"document\":");
        match &self.document {
            Some(d) => d.write_json(&mut out),
            None => out.push_str("null"),
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passed_report() -> SignatureReport {
        let mut r = SignatureReport {
            intact: Some(true),
            signature_valid: Some(true),
            ..SignatureReport::default()
        };
        r.check(
            "messageDigest",
            CheckResult::Passed,
            "messageDigest.match",
            &[("algorithm", &"SHA-256")],
            "the content hashes to the signed digest",
        );
        r.check(
            "signatureValue",
            CheckResult::Passed,
            "signatureValue.verifies",
            &[("algorithm", &"RSA PKCS#1 v1.5 with SHA-256")],
            "RSA PKCS#1 v1.5 with SHA-256 verifies",
        );
        r
    }

    #[test]
    fn the_indication_follows_the_checks() {
        // Nothing checked is never valid.
        assert_eq!(
            SignatureReport::default().indication().0,
            Indication::Indeterminate
        );
        let mut r = passed_report();
        assert_eq!(r.indication(), (Indication::TotalPassed, None));
        r.check(
            "algorithmPolicy",
            CheckResult::Warning,
            "algorithmPolicy.weak",
            &[],
            "SHA-1 is weak",
        );
        assert_eq!(r.indication().0, Indication::TotalPassed);
        r.check(
            "revocation",
            CheckResult::Indeterminate(SubIndication::TryLater),
            "revocation.undecided",
            &[],
            "no revocation data",
        );
        assert_eq!(
            r.indication(),
            (Indication::Indeterminate, Some(SubIndication::TryLater))
        );
        r.check(
            "signatureValue",
            CheckResult::Failed(SubIndication::SigCryptoFailure),
            "signatureValue.fails",
            &[("algorithm", &"RSA PKCS#1 v1.5 with SHA-256")],
            "does not verify",
        );
        assert_eq!(
            r.indication(),
            (
                Indication::TotalFailed,
                Some(SubIndication::SigCryptoFailure)
            )
        );
        // A check the format requires, missing, is not passed.
        let mut partial = passed_report();
        partial.require(&["messageDigest", "certificatePath"]);
        assert_eq!(partial.missing_checks(), vec!["certificatePath"]);
        assert_eq!(
            partial.indication(),
            (
                Indication::Indeterminate,
                Some(SubIndication::NoCertificateChainFound)
            )
        );
        partial.check(
            "certificatePath",
            CheckResult::Passed,
            "certificatePath.found",
            &[
                ("length", &2),
                ("anchor", &"CN=Test"),
                ("at", &"2026-01-01T00:00:00Z"),
            ],
            "a path",
        );
        assert_eq!(partial.indication(), (Indication::TotalPassed, None));
        // Passed checks without the two facts set are not enough.
        let mut half = passed_report();
        half.signature_valid = None;
        assert_eq!(half.indication().0, Indication::Indeterminate);
    }

    #[test]
    fn json_has_the_documented_shape() {
        let report = VerificationReport {
            file: FileInfo {
                name: "công văn.p7s".into(),
                size: 42,
                format: "cms".into(),
                sha256: "ab".into(),
            },
            signatures: vec![passed_report()],
            document: None,
        };
        let json = report.to_json();
        assert!(json.starts_with("{\"file\":{\"name\":\"công văn.p7s\",\"size\":42,\"format\":\"cms\",\"sha256\":\"ab\"},\"signatures\":[{\"indication\":\"TOTAL_PASSED\",\"subIndication\":null,\"intact\":true,\"signatureValid\":true,\"signer\":null,\"chain\":[],\"trustAnchor\":null,\"claimedSigningTime\":null,\"timestamp\":null,\"timestamps\":[],\"coverage\":null,\"signedLength\":null,\"modifications\":[],\"modificationLevel\":null,\"counterSignatureOf\":null,\"claims\":{},\"warnings\":[],\"missingChecks\":[],\"checks\":[{\"id\":\"messageDigest\",\"result\":\"passed\""), "{json}");
    }
}
