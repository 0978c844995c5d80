//! Limits on what a reader will accept from untrusted input.
//!
//! Every parser takes `&Limits`. Reaching one is an error of kind
//! [`ErrorKind::LimitExceeded`] naming the field, never a silently truncated result. The defaults
//! are sized for government attachments in a browser tab: generous for real documents, small
//! enough that a hostile file cannot exhaust a 32-bit wasm memory (4 GiB) or the 1 MiB wasm stack.

use crate::error::{Error, ErrorKind, Result};

/// Caps on input size, decompression, nesting and counts. Construct with `Limits::default()` and
/// change the fields you need; every field is public and documented with its default.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest input document, in bytes. Default 512 MiB.
    pub max_input_bytes: u64,
    /// Largest decompressed size of one stream or ZIP part, in bytes. Default 64 MiB (the main
    /// part of a 1 000-page DOCX is about 4 MiB; a PDF content stream rarely passes a few MiB).
    pub max_decompressed_bytes_per_stream: u64,
    /// Largest decompressed size of all streams or parts of one document together. Default 512 MiB.
    pub max_decompressed_bytes_total: u64,
    /// Largest ratio of decompressed to compressed size of one stream or part, beyond the first
    /// MiB (small streams may compress far better). Default 200.
    pub max_decompression_ratio: u64,
    /// Most entries in a ZIP (OPC) container. Default 10 000.
    pub max_zip_entries: u32,
    /// Deepest nesting of PDF objects, ASN.1 values or XML elements. Default 64.
    pub max_depth: u32,
    /// Longest chain of PDF cross-reference sections followed through `/Prev`. Default 256.
    pub max_xref_chain: u32,
    /// Most objects in one PDF. Default 1 000 000.
    pub max_objects: u32,
    /// Most signatures examined in one document. Default 100.
    pub max_signatures: u32,
    /// Longest certificate chain built during path validation. Default 10.
    pub max_chain_length: u32,
    /// Most certificates one CMS message carries (a real one carries a chain or a few: a few
    /// dozen with its validation data). Default 5 000.
    pub max_certificates: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 512 << 20,
            max_decompressed_bytes_per_stream: 64 << 20,
            max_decompressed_bytes_total: 512 << 20,
            max_decompression_ratio: 200,
            max_zip_entries: 10_000,
            max_depth: 64,
            max_xref_chain: 256,
            max_objects: 1_000_000,
            max_signatures: 100,
            max_chain_length: 10,
            max_certificates: 5_000,
        }
    }
}

impl Limits {
    /// Checks an input length against [`Limits::max_input_bytes`].
    pub fn check_input_len(&self, len: u64) -> Result<()> {
        if len > self.max_input_bytes {
            Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_input_bytes",
            }))
        } else {
            Ok(())
        }
    }
}

/// Decompressed bytes always allowed for one stream or part, whatever its compressed size, before
/// [`Limits::max_decompression_ratio`] applies (tiny, highly compressible parts are normal).
pub const RATIO_FREE_BYTES: u64 = 1 << 20;

/// How much one stream or part may inflate to, and which limit that is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputCap {
    /// The most bytes the decoder may produce.
    pub bytes: usize,
    /// The limit that sets it, named as its field in [`Limits`].
    pub what: &'static str,
}

impl OutputCap {
    /// The error for going over the cap.
    pub const fn exceeded(&self) -> Error {
        Error::new(ErrorKind::LimitExceeded { what: self.what })
    }
}

impl Limits {
    /// The output cap of a stream or part of `compressed_len` bytes: the smallest of the
    /// per-stream cap, the ratio cap and what `total` has left.
    pub fn decompression_cap(&self, compressed_len: usize, total: &Budget) -> OutputCap {
        let ratio = (compressed_len as u64)
            .saturating_mul(self.max_decompression_ratio)
            .max(RATIO_FREE_BYTES);
        let candidates = [
            (
                self.max_decompressed_bytes_per_stream,
                "max_decompressed_bytes_per_stream",
            ),
            (ratio, "max_decompression_ratio"),
            (total.remaining(), total.what),
        ];
        let (bytes, what) = candidates
            .into_iter()
            .min_by_key(|(b, _)| *b)
            .unwrap_or((0, "max_decompressed_bytes_total"));
        OutputCap {
            bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
            what,
        }
    }
}

/// A counting budget: readers charge what they consume (bytes inflated, objects parsed, entries
/// listed) and fail once the total would pass the cap. Arithmetic saturates, so no charge can wrap.
#[derive(Clone, Debug)]
pub struct Budget {
    used: u64,
    max: u64,
    what: &'static str,
}

impl Budget {
    /// A budget of `max` units, reported as the limit `what` when spent.
    pub const fn new(max: u64, what: &'static str) -> Self {
        Self { used: 0, max, what }
    }

    /// Adds `amount`; fails without changing the budget if the total would exceed the cap.
    pub fn charge(&mut self, amount: u64) -> Result<()> {
        let total = self.used.saturating_add(amount);
        if total > self.max {
            return Err(Error::new(ErrorKind::LimitExceeded { what: self.what }));
        }
        self.used = total;
        Ok(())
    }

    /// Units spent so far.
    pub const fn used(&self) -> u64 {
        self.used
    }

    /// Units left before the cap.
    pub const fn remaining(&self) -> u64 {
        self.max.saturating_sub(self.used)
    }
}

/// A nesting counter for readers that descend into structures with an explicit stack: `enter`
/// before going one level deeper, `leave` on the way out. Recursion in vanban is always bounded
/// by one of these.
#[derive(Clone, Debug)]
pub struct Depth {
    current: u32,
    max: u32,
}

impl Depth {
    /// A counter allowing `limits.max_depth` levels.
    pub const fn new(limits: &Limits) -> Self {
        Self {
            current: 0,
            max: limits.max_depth,
        }
    }

    /// Goes one level deeper, or fails with `LimitExceeded { what: "max_depth" }`.
    pub fn enter(&mut self) -> Result<()> {
        if self.current >= self.max {
            return Err(Error::new(ErrorKind::LimitExceeded { what: "max_depth" }));
        }
        self.current += 1;
        Ok(())
    }

    /// Comes back up one level (never below zero).
    pub fn leave(&mut self) {
        self.current = self.current.saturating_sub(1);
    }

    /// The current level.
    pub const fn current(&self) -> u32 {
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_numbers() {
        let l = Limits::default();
        assert_eq!(l.max_input_bytes, 536_870_912);
        assert_eq!(l.max_depth, 64);
        assert_eq!(l.max_xref_chain, 256);
        assert_eq!(l.max_zip_entries, 10_000);
    }

    #[test]
    fn input_len_is_checked() {
        let l = Limits {
            max_input_bytes: 10,
            ..Limits::default()
        };
        assert!(l.check_input_len(10).is_ok());
        let e = l.check_input_len(11).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded {
                what: "max_input_bytes"
            }
        );
    }

    #[test]
    fn budget_fails_without_spending_and_saturates() {
        let mut b = Budget::new(100, "max_decompressed_bytes_total");
        b.charge(60).unwrap();
        let e = b.charge(41).unwrap_err();
        assert_eq!(e.code(), "ERR_LIMIT_EXCEEDED");
        assert_eq!(b.used(), 60);
        assert_eq!(b.remaining(), 40);
        assert!(b.charge(u64::MAX).is_err());
        b.charge(40).unwrap();
        assert_eq!(b.remaining(), 0);
    }

    #[test]
    fn decompression_cap_names_the_binding_limit() {
        let l = Limits {
            max_decompressed_bytes_per_stream: 10 << 20,
            max_decompression_ratio: 100,
            ..Limits::default()
        };
        let total = Budget::new(1 << 30, "max_decompressed_bytes_total");
        assert_eq!(
            l.decompression_cap(10, &total).what,
            "max_decompression_ratio"
        );
        assert_eq!(
            l.decompression_cap(10, &total).bytes,
            RATIO_FREE_BYTES as usize
        );
        assert_eq!(
            l.decompression_cap(1 << 20, &total).what,
            "max_decompressed_bytes_per_stream"
        );
        let small = Budget::new(1000, "max_decompressed_bytes_total");
        let cap = l.decompression_cap(1 << 20, &small);
        assert_eq!(
            (cap.bytes, cap.what),
            (1000, "max_decompressed_bytes_total")
        );
        assert_eq!(cap.exceeded().code(), "ERR_LIMIT_EXCEEDED");
    }

    #[test]
    fn depth_caps_nesting() {
        let l = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        let mut d = Depth::new(&l);
        d.enter().unwrap();
        d.enter().unwrap();
        assert!(d.enter().is_err());
        d.leave();
        assert_eq!(d.current(), 1);
        d.enter().unwrap();
        d.leave();
        d.leave();
        d.leave();
        assert_eq!(d.current(), 0);
    }
}
