//! Cases run by both wasm test binaries: in Node (wasm_node.rs) and in headless Chromium
//! (wasm_browser.rs). They check that the core computes on wasm32 what it computes natively, and
//! that the binding layer throws typed DocErrors.

use js_sys::{Array, Reflect};
use vanban::hash::{digest, Algorithm, MultiHasher};
use vanban::wasm::WasmHasher;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// A JS options object from pairs.
fn opts(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// `extractText` with the options object, as `[text, notices]`.
fn extract(bytes: &[u8], options: &JsValue) -> [String; 2] {
    <[String; 2]>::try_from(vanban::wasm::extract_text(bytes, options).unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn nist_vectors_on_wasm32() {
    let million_a = vec![b'a'; 1_000_000];
    assert_eq!(
        digest(Algorithm::Sha256, b"abc").to_hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        digest(Algorithm::Sha1, &million_a).to_hex(),
        "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
    );
    assert_eq!(
        digest(Algorithm::Sha512, &million_a).to_hex(),
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"
    );
    assert_eq!(
        digest(Algorithm::Sha384, b"").to_hex(),
        "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
    );
}

#[wasm_bindgen_test]
fn chunked_equals_one_shot_on_wasm32() {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let mut h = MultiHasher::new(&Algorithm::ALL).unwrap();
    let mut rest = &data[..];
    let mut step = 1;
    while !rest.is_empty() {
        let (a, b) = rest.split_at(step.min(rest.len()));
        h.update(a);
        rest = b;
        step = step * 3 % 9_973 + 1;
    }
    for d in h.finalize() {
        assert_eq!(d, digest(d.algorithm(), &data));
    }
}

#[wasm_bindgen_test]
fn binding_hasher_returns_hex_and_base64_in_order() {
    let mut h = WasmHasher::new(vec!["sha-512".into(), "SHA-1".into()]).unwrap();
    h.update(b"a").unwrap();
    h.update(b"bc").unwrap();
    assert_eq!(h.bytes_hashed(), 3.0);
    let out: Array = h.finalize().unwrap();
    assert_eq!(out.length(), 2);
    let first = out.get(0);
    let second = out.get(1);
    assert_eq!(get_str(&first, "algorithm"), "SHA-512");
    assert!(get_str(&first, "hex").starts_with("ddaf35a193617aba"));
    assert_eq!(get_str(&second, "algorithm"), "SHA-1");
    assert_eq!(get_str(&second, "base64"), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
}

#[wasm_bindgen_test]
fn binding_errors_are_doc_errors_with_codes() {
    let err = WasmHasher::new(vec!["md5".into()]).err().unwrap();
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "a real Error subclass"
    );
    assert_eq!(get_str(&err, "name"), "DocError");
    assert_eq!(get_str(&err, "code"), "ERR_UNSUPPORTED_ALGORITHM");
    assert!(get(&err, "offset").is_null());

    let err = WasmHasher::new(Vec::new()).err().unwrap();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARGUMENT");

    let mut h = WasmHasher::new(vec!["SHA-256".into()]).unwrap();
    h.finalize().unwrap();
    let err = h.update(b"late").err().unwrap();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARGUMENT");
    assert!(get_str(&err, "message").contains("finalized"));
}

#[wasm_bindgen_test]
fn error_codes_cover_the_core() {
    let codes = vanban::wasm::error_codes();
    assert_eq!(codes.len(), vanban::ErrorKind::ALL_CODES.len());
    assert!(codes.iter().any(|c| c == "ERR_LIMIT_EXCEEDED"));
    let _ = JsValue::from(vanban::Error::new(vanban::ErrorKind::Truncated))
        .dyn_into::<js_sys::Error>()
        .unwrap();
}

/// The DOCX fixtures give on wasm32 the text their generator recorded (through the binding).
#[wasm_bindgen_test]
fn docx_fixtures_extract_on_wasm32() {
    let manifest: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/docx/manifest.json")).unwrap();
    let files: [(&str, &[u8]); 3] = [
        (
            "structure.docx",
            include_bytes!("../fixtures/docx/structure.docx"),
        ),
        (
            "vn-legacy-fonts.docx",
            include_bytes!("../fixtures/docx/vn-legacy-fonts.docx"),
        ),
        (
            "vn-theme-default-font.docx",
            include_bytes!("../fixtures/docx/vn-theme-default-font.docx"),
        ),
    ];
    for (name, bytes) in files {
        let expected = manifest
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == name)
            .unwrap()["expectedText"]
            .as_str()
            .unwrap();
        let [text, notices] = extract(bytes, &JsValue::UNDEFINED);
        assert_eq!(text, expected, "{name}");
        assert_eq!(notices, "[]", "{name}");
        assert_eq!(vanban::wasm::detect_format(bytes).as_deref(), Some("docx"));
    }
    let err = vanban::wasm::extract_text(b"not a document", &JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert_eq!(get_str(&err, "code"), "ERR_UNSUPPORTED_FORMAT");
}

/// The options object reaches the core: a caller's limit is applied (an error naming it, not a
/// shortened text), and a limit the core does not have, or an option of the wrong type, is an
/// invalid argument, never ignored.
#[wasm_bindgen_test]
fn options_and_limits_reach_the_core_on_wasm32() {
    let bytes: &[u8] = include_bytes!("../fixtures/pdf/vn-generated.pdf");
    let small = js_sys::Object::new();
    Reflect::set(&small, &"maxInputBytes".into(), &JsValue::from_f64(100.0)).unwrap();
    let err = vanban::wasm::extract_text(bytes, &opts(&[("limits", small.into())]))
        .err()
        .unwrap();
    assert_eq!(get_str(&err, "code"), "ERR_LIMIT_EXCEEDED");
    assert!(get_str(&err, "message").contains("max_input_bytes"));
    let unknown = js_sys::Object::new();
    Reflect::set(&unknown, &"maxPages".into(), &JsValue::from_f64(1.0)).unwrap();
    let err = vanban::wasm::extract_text(bytes, &opts(&[("limits", unknown.into())]))
        .err()
        .unwrap();
    assert_eq!(get_str(&err, "code"), "ERR_INVALID_ARGUMENT");
    let fraction = js_sys::Object::new();
    Reflect::set(&fraction, &"maxDepth".into(), &JsValue::from_f64(1.5)).unwrap();
    let err = vanban::wasm::extract_text(bytes, &opts(&[("limits", fraction.into())]))
        .err()
        .unwrap();
    assert!(get_str(&err, "message").contains("limits.maxDepth"));
    let err = vanban::wasm::extract_text(bytes, &opts(&[("format", JsValue::from_f64(1.0))]))
        .err()
        .unwrap();
    assert!(get_str(&err, "message").contains("format"));
    let [md, _] = extract(bytes, &opts(&[("format", "markdown".into())]));
    assert!(!md.is_empty());
}

/// The generated Vietnamese PDF gives on wasm32 the paragraphs its generator drew.
#[wasm_bindgen_test]
fn pdf_fixture_extracts_on_wasm32() {
    let manifest: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/pdf/manifest.json")).unwrap();
    let entry = manifest
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "vn-generated.pdf")
        .unwrap();
    let bytes: &[u8] = include_bytes!("../fixtures/pdf/vn-generated.pdf");
    assert_eq!(vanban::wasm::detect_format(bytes).as_deref(), Some("pdf"));
    let [text, notices] = extract(bytes, &JsValue::UNDEFINED);
    assert_eq!(notices, "[]");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let expected: Vec<&str> = entry["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(lines, expected);
}

/// The layout fixture on wasm32: its image-only page comes back as a notice.
#[wasm_bindgen_test]
fn pdf_scan_page_notice_on_wasm32() {
    let bytes: &[u8] = include_bytes!("../fixtures/pdf/vn-layout.pdf");
    let [text, notices] = extract(bytes, &JsValue::UNDEFINED);
    assert!(
        text.starts_with("Ký bởi: Ủy ban nhân dân xã Mẫu\n"),
        "{text}"
    );
    // The signing tool's stamp left out on request.
    let [without, _] = extract(bytes, &opts(&[("omitSignatureStamps", true.into())]));
    assert!(without.starts_with("ỦY BAN NHÂN DÂN\n"), "{without}");
    assert_eq!(
        notices,
        "[{\"kind\":\"noTextLayer\",\"page\":2,\"images\":true}]"
    );
}

/// The signed PDF sample verified by `PdfVerifier` on wasm32 as the glue drives it: sent in
/// pieces, planned, verified ahead with the digests its signature claims. That result is kept
/// only when the caller's real digests and arguments are the same; it then equals a plain
/// verification. A wrong digest or another validation time gets a verification of its own.
#[wasm_bindgen_test]
fn pdf_verifier_keeps_a_speculation_only_for_the_real_digests() {
    use vanban::wasm::PdfVerifier;
    let data: &[u8] = include_bytes!("../../www/samples/thong-bao-mau-da-ky.pdf");
    let anchor = include_str!("../../www/samples/vanban-test-ca.pem");
    let at = 1_767_225_600.0; // 2026-01-01T00:00:00Z
    let how = |trust: &str, extra: &[(&str, JsValue)]| {
        let mut pairs = vec![
            ("name", JsValue::from_str("s.pdf")),
            ("trust", JsValue::from_str(trust)),
            ("defaultTrust", JsValue::FALSE),
            ("at", JsValue::from_f64(at)),
        ];
        pairs.extend(extra.iter().cloned());
        opts(&pairs)
    };
    let mut pieces = PdfVerifier::with_capacity(data.len(), &JsValue::UNDEFINED).unwrap();
    for piece in data.chunks(5000) {
        pieces.push(piece);
    }
    let plan = pieces.plan(&JsValue::UNDEFINED).unwrap();
    let digests = js_sys::Array::new();
    let mut last_hex = String::new();
    for entry in plan.iter() {
        let algorithms: Vec<String> = js_sys::Array::from(&get(&entry, "algorithms"))
            .iter()
            .map(|a| a.as_string().unwrap())
            .collect();
        assert_eq!(algorithms, ["SHA-256"]);
        let range = js_sys::Array::from(&get(&entry, "range"));
        let r: Vec<usize> = range.iter().map(|n| n.as_f64().unwrap() as usize).collect();
        let mut h = MultiHasher::new(&[Algorithm::Sha256]).unwrap();
        h.update(&data[..r[0]]);
        h.update(&data[r[1]..r[2]]);
        last_hex = h.finalize()[0].to_hex();
        digests.push(&opts(&[
            ("range", range.into()),
            ("algorithm", "SHA-256".into()),
            ("hex", JsValue::from_str(&last_hex)),
        ]));
    }
    let sha = digest(Algorithm::Sha256, data).to_hex();
    let with_digests = |trust: &str, list: &js_sys::Array| {
        how(
            trust,
            &[
                ("digests", list.clone().into()),
                ("fileSha256", JsValue::from_str(&sha)),
            ],
        )
    };
    let mut plain = PdfVerifier::new(data.to_vec());
    plain.plan(&JsValue::UNDEFINED).unwrap();
    let reference = plain.verify(&with_digests(anchor, &digests)).unwrap();
    assert!(
        reference.contains("\"indication\":\"TOTAL_PASSED\""),
        "{reference}"
    );
    assert!(pieces.speculate(&how(anchor, &[])).unwrap());
    let kept = pieces.verify(&with_digests(anchor, &digests)).unwrap();
    assert_eq!(kept, reference);
    // A digest that differs from the claim: verified anew, and the signature fails.
    let mut wrong = PdfVerifier::new(data.to_vec());
    wrong.plan(&JsValue::UNDEFINED).unwrap();
    assert!(wrong.speculate(&how(anchor, &[])).unwrap());
    let flipped_hex = format!(
        "{}{}",
        &last_hex[..last_hex.len() - 1],
        if last_hex.ends_with('0') { '1' } else { '0' }
    );
    let flipped = js_sys::Array::new();
    for (i, entry) in digests.iter().enumerate() {
        if i + 1 == digests.length() as usize {
            flipped.push(&opts(&[
                ("range", get(&entry, "range")),
                ("algorithm", "SHA-256".into()),
                ("hex", JsValue::from_str(&flipped_hex)),
            ]));
        } else {
            flipped.push(&entry);
        }
    }
    let report = wrong.verify(&with_digests(anchor, &flipped)).unwrap();
    assert!(
        report.contains("\"subIndication\":\"HASH_FAILURE\""),
        "{report}"
    );
    // Other arguments (no trust anchor): not the speculation's result.
    let mut other = PdfVerifier::new(data.to_vec());
    other.plan(&JsValue::UNDEFINED).unwrap();
    assert!(other.speculate(&how(anchor, &[])).unwrap());
    let untrusted = other.verify(&with_digests("", &digests)).unwrap();
    let mut fresh = PdfVerifier::new(data.to_vec());
    fresh.plan(&JsValue::UNDEFINED).unwrap();
    assert_eq!(
        untrusted,
        fresh.verify(&with_digests("", &digests)).unwrap()
    );
    assert!(!untrusted.contains("\"indication\":\"TOTAL_PASSED\""));
}
