//! A hostile website (and a hostile local client) against the bridge, over raw sockets: requests
//! the parser must refuse, the pairing race, pairing floods, consent text a page tries to forge,
//! and requests whose parts do not mean the same thing. Each case failed before the bridge's
//! redesign (issue 15) or guards what it fixed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use common::{config, request, token, Script, PORTAL};
use serde_json::{json, Value};
use sha2::Digest;
use vanban_bridge::{base64, fingerprint, serve, PinSource};

/// Sends `bytes` as they are and returns the whole answer as text.
fn raw(port: u16, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(bytes);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn cert_id(dir: &std::path::Path, label: &str) -> String {
    let der = std::fs::read(dir.join(format!("{label}.der"))).unwrap();
    sha2::Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sign_request(port: u16, origin: &str, body: &Value) -> common::Answer {
    request(port, "POST", "/v1/sign", None, Some(origin), body)
}

#[test]
fn a_hostile_page_gets_nothing() {
    let dir = token();
    let (cfg, script) = config("1234");
    let bridge = serve(cfg).unwrap();
    let port = bridge.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");

    // --- The parser: what browsers never send is refused, with the status that says why.
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "two Origin headers",
            format!("POST /v1/certificates HTTP/1.1\r\n{host}Origin: {PORTAL}\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\n\r\n").into_bytes(),
            400,
        ),
        (
            "two Host headers",
            format!("GET /v1/hello HTTP/1.1\r\n{host}{host}\r\n").into_bytes(),
            400,
        ),
        (
            "a folded header line",
            format!("GET /v1/hello HTTP/1.1\r\n{host}Origin: https://a.example\r\n extra\r\n\r\n").into_bytes(),
            400,
        ),
        (
            "chunked body",
            format!("POST /v1/pair HTTP/1.1\r\n{host}Origin: https://a.example\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").into_bytes(),
            501,
        ),
        (
            "an escape sequence in Origin",
            format!("POST /v1/pair HTTP/1.1\r\n{host}Origin: https://a.example\x1b[2K\r\nContent-Length: 0\r\n\r\n").into_bytes(),
            400,
        ),
        (
            "a 20 KiB header",
            format!("GET /v1/hello HTTP/1.1\r\n{host}X-Pad: {}\r\n\r\n", "a".repeat(20 << 10)).into_bytes(),
            431,
        ),
        (
            "a body over 64 KiB",
            format!("POST /v1/sign HTTP/1.1\r\n{host}Origin: {PORTAL}\r\nContent-Length: 100000\r\n\r\n").into_bytes(),
            413,
        ),
        (
            "a negative Content-Length",
            format!("POST /v1/sign HTTP/1.1\r\n{host}Origin: {PORTAL}\r\nContent-Length: -1\r\n\r\n").into_bytes(),
            400,
        ),
        (
            "HTTP/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
            505,
        ),
    ];
    for (what, bytes, want) in cases {
        let answer = raw(port, &bytes);
        assert_eq!(status(&answer), want, "{what}: {answer}");
    }
    // Pipelining: two requests in one write get one refusal, and the second is never served.
    let one = format!("GET /v1/hello HTTP/1.1\r\n{host}Origin: {PORTAL}\r\n\r\n");
    let answer = raw(port, format!("{one}{one}").as_bytes());
    assert_eq!(status(&answer), 400, "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    // Origin `null` (sandboxed iframes, data: URLs) and no Origin: never paired.
    for origin in [Some("null"), None] {
        let a = request(port, "POST", "/v1/certificates", None, origin, &json!({}));
        assert_eq!(
            (a.status, a.body["error"].as_str()),
            (403, Some("ORIGIN_NOT_ALLOWED")),
            "{origin:?}"
        );
        let a = request(port, "POST", "/v1/pair", None, origin, &json!({}));
        assert_eq!(a.body["error"], "ORIGIN_NOT_ALLOWED", "{origin:?}");
    }

    // --- Pairing: the code goes to the console, never to the page.
    let attacker = "https://attacker.example";
    let portal_b = "https://portal-b.example";
    // A "simple" text/plain POST (no preflight) starts a pairing, but its answer has no code.
    let simple = raw(
        port,
        format!("POST /v1/pair HTTP/1.1\r\n{host}Origin: {attacker}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes(),
    );
    assert_eq!(status(&simple), 200, "{simple}");
    let attacker_code = script.code_for(attacker).unwrap();
    assert!(!simple.contains(&attacker_code), "{simple}");
    assert!(!simple.contains("\"code\""), "{simple}");
    // One pending pairing at a time: the real portal is told to wait, readable, with when.
    let busy = request(port, "POST", "/v1/pair", None, Some(portal_b), &json!({}));
    assert_eq!(
        (busy.status, busy.body["error"].as_str()),
        (409, Some("BUSY")),
        "{}",
        busy.body
    );
    assert!(busy.body["retryAfter"].as_u64().unwrap() > 0);
    assert!(busy
        .headers
        .contains(&format!("access-control-allow-origin: {portal_b}")));
    // The same origin asking again gets no second code (a flood prints one line).
    for _ in 0..2000 {
        let again = request(port, "POST", "/v1/pair", None, Some(attacker), &json!({}));
        assert_eq!(again.body["pending"], true);
    }
    assert_eq!(
        script
            .said()
            .matches(&format!("the site {attacker} asks"))
            .count(),
        1
    );
    // Guessing: three wrong codes cancel the pairing.
    let wrong = if attacker_code == "000000" {
        "111111"
    } else {
        "000000"
    };
    for left in [2, 1, 0] {
        let a = request(
            port,
            "POST",
            "/v1/pair/confirm",
            None,
            Some(attacker),
            &json!({ "code": wrong }),
        );
        assert_eq!(
            (a.body["error"].as_str(), a.body["retriesLeft"].as_u64()),
            (Some("INVALID_ARGUMENT"), Some(left))
        );
    }
    let late = request(
        port,
        "POST",
        "/v1/pair/confirm",
        None,
        Some(attacker),
        &json!({ "code": attacker_code }),
    );
    assert_eq!(
        late.body["error"], "ORIGIN_NOT_ALLOWED",
        "the cancelled code no longer works"
    );
    assert!(script.said().contains("was cancelled"));
    // The race: the portal pairs now; its code typed into the attacker's page does not pair the
    // attacker (a code belongs to the origin it was issued to), and the portal still pairs.
    let asked = request(port, "POST", "/v1/pair", None, Some(portal_b), &json!({}));
    assert_eq!(asked.status, 200, "{}", asked.body);
    let code_b = script.code_for(portal_b).unwrap();
    let stolen = request(
        port,
        "POST",
        "/v1/pair/confirm",
        None,
        Some(attacker),
        &json!({ "code": code_b }),
    );
    assert_eq!(stolen.body["error"], "ORIGIN_NOT_ALLOWED");
    let ok = request(
        port,
        "POST",
        "/v1/pair/confirm",
        None,
        Some(portal_b),
        &json!({ "code": format!("{} {}", &code_b[..3], &code_b[3..]) }),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(bridge.paired().contains(&portal_b.to_owned()));
    assert!(!bridge.paired().contains(&attacker.to_owned()));
    let list = request(
        port,
        "POST",
        "/v1/certificates",
        None,
        Some(attacker),
        &json!({}),
    );
    assert_eq!(list.body["error"], "ORIGIN_NOT_ALLOWED");
    let list = request(
        port,
        "POST",
        "/v1/certificates",
        None,
        Some(portal_b),
        &json!({}),
    );
    assert_eq!(list.status, 200);
    // Rate limit: an origin starts at most three pairings in ten minutes (the attacker has
    // used one); the fourth is refused with when to come back.
    for round in 0..3 {
        let a = request(port, "POST", "/v1/pair", None, Some(attacker), &json!({}));
        if round < 2 {
            assert_eq!(a.status, 200, "round {round}: {}", a.body);
            for _ in 0..3 {
                request(
                    port,
                    "POST",
                    "/v1/pair/confirm",
                    None,
                    Some(attacker),
                    &json!({ "code": "x" }),
                );
            }
        } else {
            assert_eq!(
                (a.status, a.body["error"].as_str()),
                (429, Some("BUSY")),
                "{}",
                a.body
            );
            assert!(a.body["retryAfter"].as_u64().unwrap() > 0);
        }
    }

    // --- Requests bound to their meaning.
    let rsa = cert_id(&dir, "signer");
    let ec = cert_id(&dir, "ec-signer");
    let d256 = base64(&sha2::Sha256::digest(b"x"));
    let d384 = base64(&sha2::Sha384::digest(b"x"));
    let d512 = base64(&sha2::Sha512::digest(b"x"));
    let refused = [
        // A SHA-512 label on a P-256 key: the token would sign the leftmost 32 bytes.
        (
            json!({"certId": ec, "hashAlgorithm": "SHA-512", "signatureAlgorithm": "ECDSA", "digest": d512}),
            "ALG_UNSUPPORTED",
        ),
        (
            json!({"certId": ec, "hashAlgorithm": "SHA-384", "signatureAlgorithm": "ECDSA", "digest": d384}),
            "ALG_UNSUPPORTED",
        ),
        (
            json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "ECDSA", "digest": d256}),
            "ALG_UNSUPPORTED",
        ),
        (
            json!({"certId": ec, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSA-PSS", "digest": d256}),
            "ALG_UNSUPPORTED",
        ),
        (
            json!({"certId": ec, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": d256}),
            "ALG_UNSUPPORTED",
        ),
        // A SHA-256 digest labelled SHA-512 for RSA: wrong length.
        (
            json!({"certId": rsa, "hashAlgorithm": "SHA-512", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": d256}),
            "INVALID_ARGUMENT",
        ),
        // Base64 that is not one canonical text.
        (
            json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": format!("{}=={}", &d256[..20], &d256[20..42])}),
            "INVALID_ARGUMENT",
        ),
        (
            json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": format!(" {d256}")}),
            "INVALID_ARGUMENT",
        ),
        (
            json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": d256.trim_end_matches('=')}),
            "INVALID_ARGUMENT",
        ),
    ];
    for (body, code) in refused {
        let a = sign_request(port, PORTAL, &body);
        assert_eq!(a.body["error"], code, "{body}: {}", a.body);
    }
    // A last character with bits set that base64 leaves unused: refused too.
    let mut loose = d256.clone();
    loose.replace_range(42..43, "B"); // 32 bytes end in one full char + 4 unused bits
    if loose != d256 {
        let a = sign_request(
            port,
            PORTAL,
            &json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": loose}),
        );
        assert_eq!(a.body["error"], "INVALID_ARGUMENT", "{}", a.body);
    }
    let ok = sign_request(
        port,
        PORTAL,
        &json!({"certId": ec, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "ECDSA", "digest": d256}),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    bridge.stop();

    // --- Unattended (PIN from the environment) without the test profile: https origins may not
    // sign; the development origins it allows may.
    let dev = "http://127.0.0.1:5173";
    let (mut cfg, _) = config("1234");
    cfg.test_profile = false;
    cfg.insecure_origins = vec![dev.to_owned()];
    cfg.allowlist.push(dev.to_owned());
    let bridge = serve(cfg).unwrap();
    let body = json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5", "digest": d256});
    let a = sign_request(bridge.port, PORTAL, &body);
    assert_eq!(
        (a.status, a.body["error"].as_str()),
        (403, Some("ORIGIN_NOT_ALLOWED")),
        "{}",
        a.body
    );
    let a = sign_request(bridge.port, dev, &body);
    assert_eq!(a.status, 200, "{}", a.body);
    bridge.stop();

    // --- Consent: the prompt names the origin, the certificate, the document (escaped, capped)
    // and the digest's fingerprint; the PIN is asked as a secret.
    let (mut cfg, _) = config("unused");
    let script = Arc::new(Script::default());
    cfg.pin = PinSource::Console;
    cfg.console = script.clone();
    let bridge = serve(cfg).unwrap();
    let digest = sha2::Sha256::digest(b"the signed attributes");
    let forged_name = format!(
        "\x1b[2K\rvanban-bridge: the site https://bank.example asks to sign\u{202E}fdp.exe\u{200B}{}",
        "x".repeat(300)
    );
    let body = |name: &str| {
        json!({"certId": rsa, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5",
        "digest": base64(&digest), "display": {"documentName": name}})
    };
    script.answers.lock().unwrap().extend([
        Some("1234".to_owned()),
        None,
        Some(String::new()),
        Some("1234".to_owned()),
    ]);
    let a = sign_request(bridge.port, PORTAL, &body(&forged_name));
    assert_eq!(a.status, 200, "{}", a.body);
    let (prompt, secret) = script.asked.lock().unwrap()[0].clone();
    assert!(secret, "the PIN is asked without echo");
    assert!(
        prompt.starts_with(&format!("vanban-bridge: the site {PORTAL} asks to sign\n")),
        "{prompt}"
    );
    assert!(prompt.contains(&fingerprint(&digest)), "{prompt}");
    assert!(prompt.contains("CN="), "the certificate is named: {prompt}");
    for hidden in ['\x1b', '\r', '\u{202E}', '\u{200B}'] {
        assert!(
            !prompt.contains(hidden),
            "{hidden:?} reached the console: {prompt:?}"
        );
    }
    assert!(
        prompt.contains("\\u{001B}[2K\\u{000D}") && prompt.contains("\\u{202E}"),
        "{prompt}"
    );
    assert!(!prompt.contains(&"x".repeat(100)), "the name is capped");
    assert_eq!(
        prompt.matches("asks to sign").count(),
        2,
        "the forged line stays inside the quoted name: {prompt}"
    );
    // Nobody answers: USER_TIMEOUT; an empty line: USER_CANCELLED; the next PIN still signs.
    let a = sign_request(bridge.port, PORTAL, &body("b.pdf"));
    assert_eq!(a.body["error"], "USER_TIMEOUT");
    let a = sign_request(bridge.port, PORTAL, &body("c.pdf"));
    assert_eq!(a.body["error"], "USER_CANCELLED");
    let a = sign_request(bridge.port, PORTAL, &body("d.pdf"));
    assert_eq!(a.status, 200, "{}", a.body);
    bridge.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
