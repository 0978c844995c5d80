//! A PDF verified in steps, for a caller that hashes faster than the core (the browser's and
//! Node's native digests): [`Session::plan`] says which byte ranges the signatures cover and
//! with which digests, the caller hashes them while [`Session::speculate`] verifies ahead with
//! the digests the signatures *claim*, and [`Session::verify`] returns that result only when the
//! caller's digests equal every claimed one and everything else the verification depends on is
//! the same — the result a verification with those digests gives — and verifies anew otherwise.
//! The PDF is held once (whole, or in pieces with [`Session::push`]) and scanned once.

use crate::error::Result;
use crate::limits::Limits;
use crate::report::VerificationReport;
use crate::verify::pdf::{plan, PdfPlan, RangeDigest};
use crate::verify::VerifyOptions;

/// The placeholder SHA-256 a speculative report is made with (replaced by the real one).
const PENDING_SHA256: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A verification made ahead with the claimed digests, and what it was made with.
struct Speculation {
    /// The file's name and the caller's description of everything else the verification
    /// depends on (anchors, time, policy).
    arguments: (String, String),
    assumed: Vec<RangeDigest>,
    report: VerificationReport,
}

/// A PDF held between the steps of its verification.
#[derive(Default)]
pub struct Session {
    data: Vec<u8>,
    plan: Option<PdfPlan>,
    speculation: Option<Speculation>,
}

impl Session {
    /// Takes the whole PDF.
    pub fn new(data: Vec<u8>) -> Self {
        Self {
            data,
            ..Self::default()
        }
    }

    /// An empty session for a PDF of `capacity` bytes to come in pieces (at most the input
    /// limit is reserved).
    pub fn with_capacity(capacity: usize, limits: &Limits) -> Self {
        let cap = usize::try_from(limits.max_input_bytes).unwrap_or(usize::MAX);
        Self::new(Vec::with_capacity(capacity.min(cap)))
    }

    /// Appends the next piece; what was planned or verified ahead is dropped.
    pub fn push(&mut self, piece: &[u8]) {
        self.data.extend_from_slice(piece);
        self.plan = None;
        self.speculation = None;
    }

    /// Room for the next `len` bytes (zeroed), for the caller to fill in place: one copy of
    /// each piece where [`Session::push`] takes bytes the caller holds elsewhere. What was
    /// planned or verified ahead is dropped.
    pub fn append_in_place(&mut self, len: usize) -> &mut [u8] {
        self.plan = None;
        self.speculation = None;
        let start = self.data.len();
        self.data.resize(start.saturating_add(len), 0);
        self.data.get_mut(start..).unwrap_or_default()
    }

    /// The PDF's bytes so far.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// What the signatures need hashed (see [`plan`]), kept for the steps that follow.
    pub fn plan(&mut self, limits: &Limits) -> &PdfPlan {
        self.speculation = None;
        self.plan.insert(plan(&self.data, limits))
    }

    /// Verifies ahead with the digests the signatures claim (after [`Session::plan`]), keeping
    /// the result for [`Session::verify`]; `false` (nothing kept) when some needed digest has
    /// no claimed value or nothing was planned. `arguments` describes, as the caller states
    /// them, the trust anchors, time and policy behind `options`: the result is reused only for
    /// the same name and the same description.
    pub fn speculate(
        &mut self,
        name: &str,
        arguments: &str,
        options: &VerifyOptions<'_>,
    ) -> Result<bool> {
        self.speculation = None;
        let Some(plan) = self.plan.as_ref().filter(|p| p.fully_claimed()) else {
            return Ok(false);
        };
        let options = VerifyOptions {
            range_digests: &plan.claimed,
            file_sha256: Some(PENDING_SHA256),
            ..*options
        };
        let report = crate::verify::verify_marked(&self.data, name, &options, plan.marks.clone())?;
        self.speculation = Some(Speculation {
            arguments: (name.to_owned(), arguments.to_owned()),
            assumed: plan.claimed.clone(),
            report,
        });
        Ok(true)
    }

    /// The report with the caller's range digests (`ranges`, for the ranges [`Session::plan`]
    /// named) and the file's SHA-256 in hex (`None`: computed here). The speculative result
    /// when it was made with these very digests and arguments; a new verification otherwise.
    pub fn verify(
        &mut self,
        name: &str,
        arguments: &str,
        ranges: &[RangeDigest],
        file_sha256: Option<&str>,
        options: &VerifyOptions<'_>,
    ) -> Result<VerificationReport> {
        let file_sha256 =
            file_sha256.filter(|h| h.len() == 64 && h.bytes().all(|c| c.is_ascii_hexdigit()));
        if let Some(s) = self.speculation.take() {
            let confirmed = s.arguments.0 == name
                && s.arguments.1 == arguments
                && s.assumed.iter().all(|c| ranges.contains(c));
            if confirmed {
                let mut report = s.report;
                report.file.sha256 = match file_sha256 {
                    Some(h) => h.to_ascii_lowercase(),
                    None => {
                        crate::hash::digest(crate::hash::Algorithm::Sha256, &self.data).to_hex()
                    }
                };
                return Ok(report);
            }
        }
        let marks = self.plan.as_ref().and_then(|p| p.marks.clone());
        let options = VerifyOptions {
            range_digests: ranges,
            file_sha256,
            ..*options
        };
        crate::verify::verify_marked(&self.data, name, &options, marks)
    }
}
