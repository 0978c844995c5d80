//! wasm-bindgen tests in Node.js. Run: see `make test-wasm`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

mod wasm_cases;
