//! PDF signatures against the corpus: every PDF is verified (a report or a typed error, never a
//! panic), and the rows whose manifest expectation speaks of signatures are scored:
//!
//! - attacks (USF, ISA, SWA, shadow, certification manipulations, "must NOT be VALID", "FAILED"):
//!   no such file may have every signature "passing on its own merits" — intact, valid, no
//!   failed check, nothing undecided but trust (path, revocation) — which is what would make it
//!   TOTAL_PASSED once its chain were trusted. This is the zero-false-TOTAL_PASSED rule, scored
//!   without trusting anything;
//! - baselines and negative controls (legitimate form fill, sequential signatures): every
//!   signature passes on its own merits;
//! - unsigned inputs: no signature;
//! - DSS PAdES rows: the crypto verdict (intact and valid), the signature count, "no
//!   post-signing modifications" (no disallowed change found) and "object-level changes after
//!   signing" with LTV changes (changes found, every one allowed);
//! - rows that name a pyHanko coverage (ENTIRE_FILE, ENTIRE_REVISION, CONTIGUOUS_BLOCK_FROM_START,
//!   UNCLEAR) or modification level (NONE / "no modifications", LTA_UPDATES, FORM_FILLING,
//!   ANNOTATIONS, OTHER), for the first signature or the one named (sig1, sig2): the report's
//!   `coverage` and `modificationLevel` say the same.
//!
//! Disagreements fail the test unless listed with a reason in tests/known_gaps_pdfsig.tsv.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use vanban::pki::algorithm::AlgorithmPolicy;
use vanban::pki::path::TrustStore;
use vanban::verify::report::{
    CheckResult, Coverage, ModificationLevel, SignatureReport, SubIndication,
};
use vanban::verify::{verify, VerifyOptions};

/// Passes on its own merits: what is left undecided is only whether the signer is trusted.
fn own_merits(r: &SignatureReport) -> bool {
    r.intact == Some(true)
        && r.signature_valid == Some(true)
        && r.checks.iter().all(|c| match c.result {
            CheckResult::Passed | CheckResult::Warning => true,
            CheckResult::Failed(_) => false,
            CheckResult::Indeterminate(_) => matches!(c.id, "certificatePath" | "revocation"),
        })
}

fn disallowed(r: &SignatureReport) -> bool {
    r.checks
        .iter()
        .any(|c| c.result == CheckResult::Failed(SubIndication::DisallowedModification))
}

/// What a row says of a signature's coverage and modification level, pyHanko's words mapped to
/// the report's: `(signature index, coverage, level)`; `Some(None)` for a coverage pyHanko calls
/// UNCLEAR (the report has none).
type Levels = Vec<(usize, Option<Option<Coverage>>, Option<ModificationLevel>)>;

fn levels(expected: &str) -> Levels {
    let mut out = Levels::new();
    for segment in expected.split(';') {
        let index = ["sig1", "sig2", "sig3"]
            .iter()
            .position(|p| segment.trim_start().starts_with(p))
            .unwrap_or(0);
        let coverage = if segment.contains("ENTIRE_FILE") {
            Some(Some(Coverage::EntireFile))
        } else if segment.contains("ENTIRE_REVISION") {
            Some(Some(Coverage::EntireRevision))
        } else if segment.contains("CONTIGUOUS_BLOCK_FROM_START") {
            Some(Some(Coverage::Partial))
        } else if segment.contains("coverage UNCLEAR") {
            Some(None)
        } else {
            None
        };
        let level = if segment.contains("FORM_FILLING") {
            Some(ModificationLevel::FormFilling)
        } else if segment.contains("LTA_UPDATES") {
            Some(ModificationLevel::LtaUpdates)
        } else if segment.contains("ModificationLevel.ANNOTATIONS") {
            Some(ModificationLevel::Annotations)
        } else if segment.contains("ModificationLevel.OTHER") {
            Some(ModificationLevel::Other)
        } else if segment.contains("no modifications") || segment.contains("ModificationLevel.NONE")
        {
            Some(ModificationLevel::None)
        } else {
            None
        };
        if coverage.is_some() || level.is_some() {
            out.push((index, coverage, level));
        }
    }
    out
}

#[derive(Debug, PartialEq)]
enum Expect {
    /// No signature may pass on its own merits.
    NotValid,
    /// A format failure on some signature.
    FormatFailure,
    /// Every signature passes on its own merits.
    AllValid,
    /// Every signature intact and valid (trust and modifications aside).
    Intact,
    /// No signature at all.
    Unsigned,
    /// Only: read without a panic.
    Read,
}

fn expectation(row: &common::Row) -> Expect {
    let e = row.expected.as_str();
    let attack = row.file.starts_with("attacks/");
    if e.starts_with("UNSIGNED") || e.starts_with("NO_SIGNATURE") {
        return Expect::Unsigned;
    }
    if e.starts_with("FAILED/FORMAT_FAILURE") {
        return Expect::FormatFailure;
    }
    if row.kind.contains("negative control") {
        return Expect::AllValid;
    }
    let lower = e.to_ascii_lowercase();
    if row.file.starts_with("pyhanko/pdf/") || row.file.starts_with("digitorus-pdfsign/") {
        if lower.starts_with("unsigned") {
            return Expect::Unsigned;
        }
        if (lower.contains("valid") && !lower.contains("invalid"))
            || e.contains("ValidSignature=true")
        {
            return Expect::AllValid;
        }
        return Expect::Read;
    }
    if attack
        && (lower.contains("not valid")
            || lower.contains("modified-after-signing")
            || e.contains("CRYPTO_CONSTRAINTS_FAILURE") && e.starts_with("pyHanko"))
    {
        return Expect::NotValid;
    }
    if attack
        && (e.starts_with("ATTACK")
            || e.contains("must NOT be VALID")
            || e.contains("not VALID")
            || e.starts_with("FAILED")
            || e.contains("never all-valid")
            || e.contains("must FAIL")
            || e.contains("TOTAL-FAILED"))
    {
        return Expect::NotValid;
    }
    if attack && row.file.contains("pdf-certification/") && lower.contains("intact") {
        return if lower.contains("allowed") {
            Expect::AllValid
        } else {
            Expect::Intact
        };
    }
    if attack && lower.starts_with("intact") {
        return Expect::Intact;
    }
    if attack && (e.starts_with("BASELINE") || e.starts_with("VALID (crypto)")) {
        return Expect::Intact;
    }
    if row.file.starts_with("dss/dss-pades/") {
        if e.contains("crypto=VALID") {
            return Expect::Intact;
        }
        if e.contains("crypto=INVALID") {
            return Expect::NotValid;
        }
    }
    Expect::Read
}

#[test]
fn pdf_signatures_of_the_corpus() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let rows: Vec<_> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.file.ends_with(".pdf"))
        .collect();
    assert!(rows.len() > 300, "{}", rows.len());
    let gaps = common::known_gaps(include_str!("known_gaps_pdfsig.tsv"));
    let store = TrustStore::empty();
    let policy = AlgorithmPolicy::default();
    let limits = vanban::Limits::default();
    let options = VerifyOptions {
        detached_content: None,
        detached_digests: &[],
        range_digests: &[],
        file_sha256: None,
        trust: &store,
        at: 1_700_000_000,
        policy: &policy,
        limits: &limits,
        path_budget: None,
    };
    let (mut scored, mut agree, mut gap, mut read, mut errors) = (0, 0, 0, 0, 0);
    let mut disagree = Vec::new();
    let mut gaps_seen = 0;
    let mut signatures = 0;
    let mut levels_scored = 0;
    for row in &rows {
        let data = std::fs::read(dir.join(&row.file)).unwrap();
        let want = expectation(row);
        let report = match verify(&data, &row.file, &options) {
            Ok(report) => Some(report),
            Err(_) => {
                errors += 1;
                None
            }
        };
        let all = report
            .as_ref()
            .map(|r| r.signatures.as_slice())
            .unwrap_or_default();
        signatures += all.len();
        // DSS scores document timestamps as timestamps, not signatures; some tests assert only
        // the first signature.
        let is_doc_ts = |s: &SignatureReport| {
            s.claims
                .iter()
                .any(|(k, v)| k == "kind" && v == "documentTimestamp")
        };
        let dss_sigs: Vec<SignatureReport> =
            all.iter().filter(|s| !is_doc_ts(s)).cloned().collect();
        let sigs: &[SignatureReport] = if row.file.starts_with("dss/dss-pades/") {
            if row.expected.contains("(first signature asserted)") {
                dss_sigs.get(..1).unwrap_or_default()
            } else {
                &dss_sigs
            }
        } else {
            all
        };
        let named = levels(&row.expected);
        if want == Expect::Read && named.is_empty() {
            read += 1;
            if std::env::var("VANBAN_DEBUG_PDFSIG").is_ok() && !all.is_empty() {
                println!(
                    "READ {} {} | {} | {:?}",
                    row.id,
                    row.file,
                    row.expected.chars().take(140).collect::<String>(),
                    all.iter()
                        .map(|s| (own_merits(s), s.indication().1.map(SubIndication::name)))
                        .collect::<Vec<_>>()
                );
            }
            continue;
        }
        scored += 1;
        let mut ok = match want {
            Expect::NotValid => sigs.is_empty() || !sigs.iter().all(own_merits),
            Expect::FormatFailure => sigs.iter().any(|s| {
                s.checks
                    .iter()
                    .any(|c| c.result == CheckResult::Failed(SubIndication::FormatFailure))
            }),
            Expect::AllValid => !sigs.is_empty() && sigs.iter().all(own_merits),
            Expect::Intact => {
                !sigs.is_empty()
                    && sigs
                        .iter()
                        .all(|s| s.intact == Some(true) && s.signature_valid == Some(true))
            }
            Expect::Unsigned => sigs.is_empty(),
            Expect::Read => true,
        };
        if row.file.starts_with("dss/dss-pades/") {
            if let Some(n) = row
                .expected
                .split("sigs=")
                .nth(1)
                .and_then(|t| t.split(';').next())
                .and_then(|n| n.trim().parse::<usize>().ok())
            {
                // DSS counts document timestamps apart from signatures.
                ok &= dss_sigs.len() == n;
            }
            if row.expected.contains("no post-signing modifications") {
                ok &= !all.iter().any(disallowed);
            }
            // Changes after signing that DSS accepts (LTV updates): found, every one allowed.
            if row.expected.contains("object-level changes after signing") {
                ok &= dss_sigs.first().is_some_and(|s| {
                    !s.modifications.is_empty() && s.modifications.iter().all(|m| m.allowed)
                });
            }
        }
        // Coverage and modification level, where the row names them.
        if !named.is_empty() {
            levels_scored += 1;
            for (index, coverage, level) in &named {
                let Some(s) = all.get(*index) else {
                    ok = false;
                    continue;
                };
                if let Some(c) = coverage {
                    ok &= s.coverage == *c;
                }
                if let Some(l) = level {
                    ok &= s.modification_level == Some(*l);
                }
            }
        }
        let key = (row.id.clone(), row.file.clone());
        gaps_seen += usize::from(gaps.contains_key(&key));
        match (ok, gaps.contains_key(&key)) {
            (true, false) => agree += 1,
            (false, true) => gap += 1,
            (true, true) => disagree.push(format!(
                "{} ({}): listed as a known gap but agrees",
                row.id, row.file
            )),
            (false, false) => disagree.push(format!(
                "{} ({}): expected {want:?} ({})\n  {}",
                row.id,
                row.file,
                row.expected.chars().take(160).collect::<String>(),
                sigs.iter()
                    .enumerate()
                    .map(|(i, s)| format!(
                        "sig {}: {:?} intact {:?} valid {:?} coverage {:?} level {:?}: {}",
                        i + 1,
                        s.indication(),
                        s.intact,
                        s.signature_valid,
                        s.coverage,
                        s.modification_level,
                        s.checks
                            .iter()
                            .filter(|c| !matches!(c.result, CheckResult::Passed))
                            .map(|c| format!(
                                "{} {:?}: {}",
                                c.id,
                                c.result,
                                c.detail.chars().take(200).collect::<String>()
                            ))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )),
        }
    }
    println!(
        "PDF signatures: {} files read ({errors} typed errors, {signatures} signatures); {scored} scored: \
         {agree} agree, {gap} known gaps (tests/known_gaps_pdfsig.tsv), {} disagree; {read} read only; \
         {levels_scored} of them also scored on coverage / modification level",
        rows.len(),
        disagree.len()
    );
    assert_eq!(
        gaps_seen,
        gaps.len(),
        "tests/known_gaps_pdfsig.tsv lists rows not scored"
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
