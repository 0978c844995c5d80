//! wasm-bindgen tests in headless Chromium (through chromedriver). Run: see `make test-wasm`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_cases;
