//! The bridge's request-head parser on arbitrary bytes: no panic, and an accepted head keeps
//! the invariants the server relies on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban_bridge::http::{parse_head, BODY_MAX};

fuzz_target!(|data: &[u8]| {
    if let Ok(head) = parse_head(data) {
        assert!(head.content_length <= BODY_MAX);
        assert!(head.header("host").is_some());
        assert!(head.header("transfer-encoding").is_none());
    }
});
