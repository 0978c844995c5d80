//! The one error type of the crate.
//!
//! "Could not read the input" is an [`Error`]; "read it, and the signature is bad" is not (that is
//! a verification report). An error is a small `Copy` value: what went wrong ([`ErrorKind`]) and,
//! when known, the byte offset in the input where it was noticed.
//!
//! Every kind maps to a stable string code ([`ErrorKind::code`]). The codes are the contract with
//! JavaScript (`DocError.code`) and with the CLI's JSON output: they never change meaning, and
//! new kinds get new codes.

use core::fmt;

/// Result type of the crate.
pub type Result<T> = core::result::Result<T, Error>;

/// What went wrong, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    offset: Option<u64>,
}

impl Error {
    /// An error of `kind` with no position.
    pub const fn new(kind: ErrorKind) -> Self {
        Self { kind, offset: None }
    }

    /// An error of `kind` noticed at byte `offset` of the input.
    pub const fn at(kind: ErrorKind, offset: u64) -> Self {
        Self {
            kind,
            offset: Some(offset),
        }
    }

    /// What went wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset in the input where the problem was noticed, when the reader knew it.
    pub const fn offset(&self) -> Option<u64> {
        self.offset
    }

    /// The stable code of the kind, e.g. `ERR_LIMIT_EXCEEDED`.
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The kinds of error. New kinds may be added in any release; match with a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller passed an argument the function cannot use (an empty algorithm list, an
    /// option out of range). `what` names the argument. Code `ERR_INVALID_ARGUMENT`.
    InvalidArgument {
        /// The argument, in the caller's terms.
        what: &'static str,
    },
    /// A digest or signature algorithm name that vanban does not know or does not implement.
    /// Code `ERR_UNSUPPORTED_ALGORITHM`.
    UnsupportedAlgorithm,
    /// The input is none of the formats vanban reads. Code `ERR_UNSUPPORTED_FORMAT`.
    UnsupportedFormat,
    /// The input uses a feature of its format that vanban does not implement (an encrypted ZIP
    /// entry, an unknown compression method). `what` names it. Code `ERR_UNSUPPORTED`.
    Unsupported {
        /// The feature, e.g. `"zip compression method"`.
        what: &'static str,
    },
    /// The input ended before a structure it had started was complete. Code `ERR_TRUNCATED`.
    Truncated,
    /// The input breaks the rules of its format in a way the reader cannot recover from.
    /// `what` names the structure. Code `ERR_MALFORMED`.
    Malformed {
        /// The structure that is broken, e.g. `"xref table"`.
        what: &'static str,
    },
    /// The document is encrypted and cannot be read without its password. Code
    /// `ERR_ENCRYPTED`.
    Encrypted,
    /// A limit of [`crate::Limits`] was reached. The input may be valid, just larger, deeper or
    /// more compressed than the caller allowed; raise the limit to read it. Code
    /// `ERR_LIMIT_EXCEEDED`.
    LimitExceeded {
        /// The limit, named as its field in [`crate::Limits`], e.g. `"max_depth"`.
        what: &'static str,
    },
}

impl ErrorKind {
    /// Every code, for documentation and for tests that check the JavaScript side knows them all.
    pub const ALL_CODES: &'static [&'static str] = &[
        "ERR_INVALID_ARGUMENT",
        "ERR_UNSUPPORTED_ALGORITHM",
        "ERR_UNSUPPORTED_FORMAT",
        "ERR_UNSUPPORTED",
        "ERR_TRUNCATED",
        "ERR_MALFORMED",
        "ERR_ENCRYPTED",
        "ERR_LIMIT_EXCEEDED",
    ];

    /// The stable string code of this kind.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::InvalidArgument { .. } => "ERR_INVALID_ARGUMENT",
            Self::UnsupportedAlgorithm => "ERR_UNSUPPORTED_ALGORITHM",
            Self::UnsupportedFormat => "ERR_UNSUPPORTED_FORMAT",
            Self::Unsupported { .. } => "ERR_UNSUPPORTED",
            Self::Truncated => "ERR_TRUNCATED",
            Self::Malformed { .. } => "ERR_MALFORMED",
            Self::Encrypted => "ERR_ENCRYPTED",
            Self::LimitExceeded { .. } => "ERR_LIMIT_EXCEEDED",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidArgument { what } => write!(f, "invalid argument: {what}"),
            Self::UnsupportedAlgorithm => f.write_str("unsupported algorithm"),
            Self::UnsupportedFormat => f.write_str("unsupported or unrecognised format"),
            Self::Unsupported { what } => write!(f, "unsupported: {what}"),
            Self::Truncated => f.write_str("input is truncated"),
            Self::Malformed { what } => write!(f, "malformed {what}"),
            Self::Encrypted => f.write_str("the document is encrypted"),
            Self::LimitExceeded { what } => write!(f, "limit exceeded: {what}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_listed() {
        let kinds = [
            ErrorKind::InvalidArgument { what: "x" },
            ErrorKind::UnsupportedAlgorithm,
            ErrorKind::UnsupportedFormat,
            ErrorKind::Unsupported { what: "x" },
            ErrorKind::Truncated,
            ErrorKind::Malformed { what: "x" },
            ErrorKind::Encrypted,
            ErrorKind::LimitExceeded { what: "x" },
        ];
        let codes: Vec<_> = kinds.iter().map(ErrorKind::code).collect();
        assert_eq!(codes, ErrorKind::ALL_CODES);
    }

    #[test]
    fn display_names_the_limit_and_offset() {
        let e = Error::at(ErrorKind::LimitExceeded { what: "max_depth" }, 42);
        assert_eq!(e.to_string(), "limit exceeded: max_depth at byte 42");
        assert_eq!(e.code(), "ERR_LIMIT_EXCEEDED");
        assert_eq!(e.offset(), Some(42));
    }
}
