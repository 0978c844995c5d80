//! The bridge against a real PKCS#11 token: a SoftHSM2 token made by softhsm-token.sh with the
//! test signers' keys. Requests go over real HTTP to 127.0.0.1, as a browser's would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{config, request, token, PORTAL};
use serde_json::json;
use sha2::Digest;
use vanban::pki::algorithm::SignatureAlgorithm;
use vanban::pki::cert::Certificate;
use vanban_bridge::{base64, serve, unbase64};

#[test]
fn the_bridge_signs_with_a_softhsm_token_and_refuses_what_it_must() {
    let dir = token();
    let (cfg, script) = config("1234");
    let bridge = serve(cfg).unwrap();
    let port = bridge.port;

    // hello: any page may ask whether a bridge runs; it learns whether it is paired.
    let hello = request(
        port,
        "GET",
        "/v1/hello",
        None,
        Some("https://other.example"),
        &json!({}),
    );
    assert_eq!(hello.status, 200);
    assert_eq!(hello.body["protocol"], 1);
    assert_eq!(hello.body["paired"], false);
    assert!(hello.headers.contains("vary: origin"));
    let hello = request(port, "GET", "/v1/hello", None, Some(PORTAL), &json!({}));
    assert_eq!(hello.body["paired"], true);
    assert!(hello
        .headers
        .contains(&format!("access-control-allow-origin: {PORTAL}")));

    // A forged Host (DNS rebinding) is refused before anything else.
    let forged = request(
        port,
        "POST",
        "/v1/certificates",
        Some("evil.example"),
        Some(PORTAL),
        &json!({}),
    );
    assert_eq!(
        (forged.status, forged.body["error"].as_str()),
        (403, Some("ORIGIN_NOT_ALLOWED"))
    );
    let forged = request(
        port,
        "GET",
        "/v1/hello",
        Some(&format!("127.0.0.1:{}", port + 1)),
        Some(PORTAL),
        &json!({}),
    );
    assert_eq!(forged.status, 403);

    // An origin that is not paired: refused.
    let other = request(
        port,
        "POST",
        "/v1/certificates",
        None,
        Some("https://other.example"),
        &json!({}),
    );
    assert_eq!(
        (other.status, other.body["error"].as_str()),
        (403, Some("ORIGIN_NOT_ALLOWED"))
    );
    // Readable by its page (so that it can tell the user why), and nothing but the refusal.
    assert!(other
        .headers
        .contains("access-control-allow-origin: https://other.example"));
    assert!(other.body.get(0).is_none());
    let none = request(port, "POST", "/v1/sign", None, None, &json!({}));
    assert_eq!(none.body["error"], "ORIGIN_NOT_ALLOWED");
    // http is not enough for a pairing unless configured for development.
    let pair = request(
        port,
        "POST",
        "/v1/pair",
        None,
        Some("http://other.example"),
        &json!({}),
    );
    assert_eq!(pair.body["error"], "ORIGIN_NOT_ALLOWED");
    let pair = request(
        port,
        "POST",
        "/v1/pair",
        None,
        Some("https://new.example"),
        &json!({}),
    );
    assert_eq!(pair.status, 200, "{}", pair.body);
    // The code is on the bridge's console only, never in the answer.
    assert_eq!(pair.body["pending"], true);
    assert!(pair.body.get("code").is_none(), "{}", pair.body);
    let code = script.code_for("https://new.example").unwrap();
    assert_eq!(code.len(), 6);
    assert_eq!(
        bridge.pending_pairing().as_deref(),
        Some("https://new.example")
    );
    let confirm = request(
        port,
        "POST",
        "/v1/pair/confirm",
        None,
        Some("https://new.example"),
        &json!({ "code": code }),
    );
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let hello = request(
        port,
        "GET",
        "/v1/hello",
        None,
        Some("https://new.example"),
        &json!({}),
    );
    assert_eq!(hello.body["paired"], true);

    // The token's certificates.
    let list = request(
        port,
        "POST",
        "/v1/certificates",
        None,
        Some(PORTAL),
        &json!({}),
    );
    assert_eq!(list.status, 200, "{}", list.body);
    let certs = list.body.as_array().unwrap();
    assert_eq!(certs.len(), 2);
    for (label, algorithm) in [("signer", "RSASSA-PKCS1-v1_5"), ("ec-signer", "ECDSA")] {
        let der = std::fs::read(dir.join(format!("{label}.der"))).unwrap();
        let cert_id: String = sha2::Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let entry = certs
            .iter()
            .find(|c| c["certId"] == cert_id.as_str())
            .unwrap();
        assert_eq!(
            unbase64(entry["certificate"].as_str().unwrap()).unwrap(),
            der
        );
        assert_eq!(entry["token"], "vanban-test");
        assert!(entry["algorithms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == algorithm));
        // Signing a digest: the value verifies with the certificate's key.
        let digest = sha2::Sha256::digest(b"signed attributes").to_vec();
        let signed = request(
            port,
            "POST",
            "/v1/sign",
            None,
            Some(PORTAL),
            &json!({
                "certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": algorithm,
                "digest": base64(&digest), "display": {"documentName": "thong-bao.pdf"},
            }),
        );
        assert_eq!(signed.status, 200, "{}", signed.body);
        let signature = unbase64(signed.body["signature"].as_str().unwrap()).unwrap();
        let cert = Certificate::from_der(&der).unwrap();
        let alg = if algorithm == "ECDSA" {
            SignatureAlgorithm::Ecdsa(vanban::pki::algorithm::DigestAlgorithm::Sha256)
        } else {
            SignatureAlgorithm::RsaPkcs1v15(vanban::pki::algorithm::DigestAlgorithm::Sha256)
        };
        assert!(
            cert.public_key()
                .unwrap()
                .verify_digest(alg, &digest, &signature),
            "{label}"
        );
        assert!(signed
            .headers
            .contains(&format!("access-control-allow-origin: {PORTAL}")));
    }
    // RSA-PSS on the RSA key.
    let der = std::fs::read(dir.join("signer.der")).unwrap();
    let cert_id: String = sha2::Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let digest = sha2::Sha256::digest(b"pss").to_vec();
    let pss = request(
        port,
        "POST",
        "/v1/sign",
        None,
        Some(PORTAL),
        &json!({
            "certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSA-PSS", "digest": base64(&digest),
        }),
    );
    assert_eq!(pss.status, 200, "{}", pss.body);
    let signature = unbase64(pss.body["signature"].as_str().unwrap()).unwrap();
    let alg = SignatureAlgorithm::RsaPss {
        digest: vanban::pki::algorithm::DigestAlgorithm::Sha256,
        salt_len: 32,
    };
    assert!(Certificate::from_der(&der)
        .unwrap()
        .public_key()
        .unwrap()
        .verify_digest(alg, &digest, &signature));

    // Bad requests: a digest of the wrong length, an unknown certificate, an unknown algorithm.
    let short = request(
        port,
        "POST",
        "/v1/sign",
        None,
        Some(PORTAL),
        &json!({
            "certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": base64(&[1, 2, 3]),
        }),
    );
    assert_eq!(short.body["error"], "INVALID_ARGUMENT");
    let unknown = request(
        port,
        "POST",
        "/v1/sign",
        None,
        Some(PORTAL),
        &json!({
            "certId": "00", "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": base64(&digest),
        }),
    );
    assert_eq!(unknown.body["error"], "CERT_NOT_FOUND");
    let alg = request(
        port,
        "POST",
        "/v1/sign",
        None,
        Some(PORTAL),
        &json!({
            "certId": cert_id, "hashAlgorithm": "MD5", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": base64(&digest),
        }),
    );
    assert_eq!(alg.body["error"], "ALG_UNSUPPORTED");
    bridge.stop();

    // A wrong PIN reaches the page as PIN_INCORRECT.
    let wrong = serve(config("0000").0).unwrap();
    let answer = request(
        wrong.port,
        "POST",
        "/v1/sign",
        None,
        Some(PORTAL),
        &json!({
            "certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": base64(&digest),
        }),
    );
    assert_eq!(
        (answer.status, answer.body["error"].as_str()),
        (401, Some("PIN_INCORRECT")),
        "{}",
        answer.body
    );
    wrong.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
