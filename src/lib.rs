//! # vanban
//!
//! Documents of Vietnamese government portals, handled where they are: in the user's browser.
//! The core is pure Rust with no I/O and no clock; it compiles natively and to `wasm32`, where the
//! `wasm` feature adds the JavaScript binding layer (`src/wasm/`) shipped in the npm package.
//!
//! ## Example
//!
//! ```
//! use vanban::hash::{Algorithm, MultiHasher};
//!
//! let mut hasher = MultiHasher::new(&[Algorithm::Sha256, Algorithm::Sha512])?;
//! for chunk in [&b"Cong hoa xa hoi "[..], &b"chu nghia Viet Nam"[..]] {
//!     hasher.update(chunk);
//! }
//! for digest in hasher.finalize() {
//!     println!("{}  {}", digest.algorithm(), digest.to_hex());
//! }
//! # Ok::<(), vanban::Error>(())
//! ```
//!
//! ## Limits
//!
//! Every reader of untrusted bytes takes a [`Limits`]; going over one is an [`Error`] of kind
//! [`ErrorKind::LimitExceeded`] naming the limit, never a truncated result. Nesting is bounded
//! (wasm32 has a 1 MiB stack) and no allocation is sized from a length read out of a file without
//! checking it against the bytes present.
//!
//! ## Errors
//!
//! One [`Error`] type: a [`ErrorKind`] with a stable code (`ERR_…`) and, when known, a byte
//! offset. A verification verdict is never an error: a bad signature is a report, not an `Err`.
//!
//! ## Non-goals
//!
//! - No file, network or clock access in the core: callers pass bytes, the validation time and
//!   the trust store. The JavaScript layer reads `Blob`s; the CLI example reads files.
//! - No private keys: signing hands the bytes to sign to a token bridge outside the core.
//! - No rendering: text is extracted for reuse, not laid out.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation
    )
)]

pub mod container;
pub mod error;
pub mod extract;
pub mod hash;
pub mod json;
pub mod limits;
pub mod pki;
pub mod report;
pub mod sign;
pub mod text;
pub mod time;
pub mod verify;

/// The JavaScript binding layer (feature `wasm`); JS users see it through the npm package.
#[cfg(feature = "wasm")]
pub mod wasm;

pub use error::{Error, ErrorKind, Result};
pub use limits::Limits;
