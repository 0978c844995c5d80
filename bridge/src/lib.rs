//! vanban-bridge: the reference token bridge (../shared/docs/BRIDGE.md, protocol v1). A small
//! HTTP server on 127.0.0.1 that lets allow-listed web pages list the certificates of a PKCS#11
//! token and have it sign a digest; the document itself never reaches the bridge, and the PIN
//! never crosses the wire (the bridge takes it from its own configuration or console).
//!
//! Every request is checked before anything else: the exact `Host` (defeats DNS rebinding), the
//! `Origin` against the allowlist (https, or an origin explicitly allowed over http for
//! development), CORS answers echo that origin with `Vary: Origin`. One signing at a time
//! (`BUSY` otherwise). Errors are `{error: CODE, message, retriesLeft?}` with BRIDGE.md's codes.

#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::{Arc, Mutex};

use cryptoki::context::{CInitializeArgs, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use serde_json::{json, Value};
use sha2::Digest;

/// The protocol version this bridge speaks.
pub const PROTOCOL: u64 = 1;

/// Where the PIN comes from (never from the page).
#[derive(Clone, Debug)]
pub enum PinSource {
    /// A fixed PIN (from an environment variable named on the command line; tests, back office).
    Fixed(String),
    /// Asked on the bridge's console for each signature.
    Console,
}

/// How the bridge runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so, a token vendor's library).
    pub module: String,
    /// The port on 127.0.0.1 (0: any free one; the chosen port is reported by [`serve`]).
    pub port: u16,
    /// Origins allowed to list certificates and sign (exact, e.g. `https://dichvucong.gov.vn`).
    pub allowlist: Vec<String>,
    /// Origins allowed over plain http (development only, e.g. `http://127.0.0.1:8080`).
    pub insecure_origins: Vec<String>,
    /// Where the PIN comes from.
    pub pin: PinSource,
    /// Where pairings are kept (a JSON array of origins), when set.
    pub allowlist_file: Option<String>,
}

/// A protocol error: a BRIDGE.md code, an HTTP status and a message.
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    status: u16,
    message: String,
    retries_left: Option<u64>,
}

fn fail(code: &'static str, status: u16, message: impl Into<String>) -> Failure {
    Failure {
        code,
        status,
        message: message.into(),
        retries_left: None,
    }
}

struct State {
    config: Config,
    port: u16,
    pkcs11: Pkcs11,
    allowlist: Mutex<BTreeSet<String>>,
    signing: Mutex<()>,
    pairing_codes: Mutex<Vec<(String, String)>>,
}

/// A running bridge.
pub struct Bridge {
    /// The port it listens on.
    pub port: u16,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    state: Arc<State>,
}

impl Bridge {
    /// The pairings asked for and not yet decided: (origin, code), oldest first.
    pub fn pending_pairings(&self) -> Vec<(String, String)> {
        self.state
            .pairing_codes
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default()
    }

    /// The user approved the pairing of `origin` (after comparing its code): it joins the
    /// allowlist (and the allowlist file, when configured).
    pub fn approve(&self, origin: &str) {
        if let Ok(mut codes) = self.state.pairing_codes.lock() {
            codes.retain(|(o, _)| o != origin);
        }
        if let Ok(mut a) = self.state.allowlist.lock() {
            a.insert(origin.to_owned());
            if let Some(f) = &self.state.config.allowlist_file {
                let list: Vec<&String> = a.iter().collect();
                let _ = std::fs::write(f, json!(list).to_string());
            }
        }
    }

    /// The user refused a pairing.
    pub fn refuse(&self, origin: &str) {
        if let Ok(mut codes) = self.state.pairing_codes.lock() {
            codes.retain(|(o, _)| o != origin);
        }
    }

    /// Stops it.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Loads the PKCS#11 module and starts serving on 127.0.0.1 in a thread.
pub fn serve(config: Config) -> Result<Bridge, String> {
    let pkcs11 = Pkcs11::new(&config.module)
        .map_err(|e| format!("cannot load the PKCS#11 module {}: {e}", config.module))?;
    pkcs11
        .initialize(CInitializeArgs::OsThreads)
        .map_err(|e| format!("cannot initialise the PKCS#11 module: {e}"))?;
    let server = tiny_http::Server::http(("127.0.0.1", config.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("no local address")?;
    let mut allowlist: BTreeSet<String> = config.allowlist.iter().cloned().collect();
    if let Some(file) = &config.allowlist_file {
        if let Ok(text) = std::fs::read_to_string(file) {
            if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) {
                allowlist.extend(items.iter().filter_map(|v| v.as_str().map(str::to_owned)));
            }
        }
    }
    let state = Arc::new(State {
        config,
        port,
        pkcs11,
        allowlist: Mutex::new(allowlist),
        signing: Mutex::new(()),
        pairing_codes: Mutex::new(Vec::new()),
    });
    let server = Arc::new(server);
    let s = Arc::clone(&server);
    let st = Arc::clone(&state);
    let thread = std::thread::spawn(move || {
        for request in s.incoming_requests() {
            // Each request in its own thread; signing holds its own lock, so that a second
            // signature request gets BUSY rather than waiting behind a PIN prompt.
            let state = Arc::clone(&st);
            std::thread::spawn(move || handle(&state, request));
        }
    });
    Ok(Bridge {
        port,
        server,
        thread: Some(thread),
        state,
    })
}

fn header<'a>(request: &'a tiny_http::Request, name: &'static str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn handle(state: &State, mut request: tiny_http::Request) {
    let origin = header(&request, "Origin").map(str::to_owned);
    let allowed_origin = origin
        .as_deref()
        .filter(|o| {
            state
                .allowlist
                .lock()
                .map(|a| a.contains(*o))
                .unwrap_or(false)
        })
        .map(str::to_owned);
    let result = route(
        state,
        &mut request,
        origin.as_deref(),
        allowed_origin.is_some(),
    );
    // CORS: the caller's origin echoed (with Vary: Origin), so that a page can read the answer —
    // a refusal included. What protects the token is the check of Origin on every request above,
    // not the browser's CORS: a page that is not allowed gets ORIGIN_NOT_ALLOWED, never data.
    let echo = origin.clone();
    let (status, body) = match result {
        Ok(v) => (200, v),
        Err(f) => {
            let mut v = json!({"error": f.code, "message": f.message});
            if let Some(n) = f.retries_left {
                v["retriesLeft"] = json!(n);
            }
            (f.status, v)
        }
    };
    let mut headers = vec![
        ("Content-Type", "application/json".to_owned()),
        ("Vary", "Origin".to_owned()),
        ("Cache-Control", "no-store".to_owned()),
    ];
    if let Some(o) = echo {
        headers.push(("Access-Control-Allow-Origin", o));
        headers.push((
            "Access-Control-Allow-Methods",
            "GET, POST, OPTIONS".to_owned(),
        ));
        headers.push(("Access-Control-Allow-Headers", "Content-Type".to_owned()));
        headers.push(("Access-Control-Max-Age", "600".to_owned()));
        if header(&request, "Access-Control-Request-Private-Network") == Some("true") {
            headers.push(("Access-Control-Allow-Private-Network", "true".to_owned()));
        }
    }
    let mut response = tiny_http::Response::from_string(body.to_string()).with_status_code(status);
    for (name, value) in headers {
        // A value tiny_http refuses (an Origin with control characters) is left out.
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response = response.with_header(h);
        }
    }
    let _ = request.respond(response);
}

/// https, or http for an origin the configuration allows for development.
fn origin_acceptable(state: &State, origin: &str) -> bool {
    origin.starts_with("https://") || state.config.insecure_origins.iter().any(|o| o == origin)
}

fn route(
    state: &State,
    request: &mut tiny_http::Request,
    origin: Option<&str>,
    allowed: bool,
) -> Result<Value, Failure> {
    let host = header(request, "Host").unwrap_or_default();
    let port = state.port;
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "this bridge answers only requests addressed to 127.0.0.1 or localhost with its port",
        ));
    }
    let method = request.method().as_str().to_owned();
    let path = request.url().to_owned();
    if method == "OPTIONS" {
        return Ok(json!({}));
    }
    match (method.as_str(), path.as_str()) {
        ("GET", "/v1/hello") => Ok(json!({
            "protocol": PROTOCOL,
            "version": env!("CARGO_PKG_VERSION"),
            "algorithms": ["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA"],
            "paired": allowed,
        })),
        ("POST", "/v1/pair") => pair(state, origin),
        ("POST", "/v1/certificates") | ("POST", "/v1/sign") => {
            let Some(origin) = origin else {
                return Err(fail(
                    "ORIGIN_NOT_ALLOWED",
                    403,
                    "a request without an Origin",
                ));
            };
            if !allowed || !origin_acceptable(state, origin) {
                return Err(fail(
                    "ORIGIN_NOT_ALLOWED",
                    403,
                    format!("{origin} is not paired with this bridge"),
                ));
            }
            let body = read_json(request)?;
            if path == "/v1/certificates" {
                certificates(state)
            } else {
                sign(state, &body)
            }
        }
        _ => Err(fail("INVALID_ARGUMENT", 404, format!("no {method} {path}"))),
    }
}

fn read_json(request: &mut tiny_http::Request) -> Result<Value, Failure> {
    let mut body = String::new();
    request
        .as_reader()
        .take(64 * 1024)
        .read_to_string(&mut body)
        .map_err(|_| {
            fail(
                "INVALID_ARGUMENT",
                400,
                "the request body is not UTF-8 text",
            )
        })?;
    if body.trim().is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(&body).map_err(|e| fail("INVALID_ARGUMENT", 400, format!("not JSON: {e}")))
}

/// Pairing: a six-digit code for the page to show; the console asks the user to approve the
/// origin with that code in the background. The page then sees `paired: true` in hello.
fn pair(state: &State, origin: Option<&str>) -> Result<Value, Failure> {
    let Some(origin) = origin.filter(|o| origin_acceptable(state, o)) else {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "only https origins (or the development ones configured) can pair",
        ));
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let digest = sha2::Sha256::digest(format!("{origin}{nanos}{}", std::process::id()).as_bytes());
    let code = format!(
        "{:06}",
        u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000
    );
    if let Ok(mut codes) = state.pairing_codes.lock() {
        codes.push((origin.to_owned(), code.clone()));
    }
    eprintln!(
        "vanban-bridge: {origin} asks to use your signing token. If the page shows the code {code}, \
         type 'y' and Enter to allow it; anything else refuses."
    );
    Ok(json!({"code": code, "pending": true}))
}

fn ck(e: CkError) -> Failure {
    match e {
        CkError::Pkcs11(RvError::PinIncorrect, _) => {
            fail("PIN_INCORRECT", 401, "the PIN is not correct")
        }
        CkError::Pkcs11(RvError::PinLocked, _) => {
            fail("PIN_LOCKED", 423, "the token's PIN is locked")
        }
        CkError::Pkcs11(RvError::TokenNotPresent | RvError::DeviceRemoved, _) => {
            fail("TOKEN_REMOVED", 409, "the token was removed")
        }
        CkError::Pkcs11(RvError::MechanismInvalid, _) => fail(
            "ALG_UNSUPPORTED",
            400,
            "the token does not support that signature algorithm",
        ),
        other => fail("INTERNAL", 500, format!("PKCS#11: {other}")),
    }
}

/// A certificate on a token: `(slot, token label, CKA_ID, DER)`.
type TokenCertificate = (Slot, String, Vec<u8>, Vec<u8>);

/// Every certificate on every token.
fn token_certificates(state: &State) -> Result<Vec<TokenCertificate>, Failure> {
    let slots = state.pkcs11.get_slots_with_token().map_err(ck)?;
    if slots.is_empty() {
        return Err(fail("NO_TOKEN", 404, "no token is plugged in"));
    }
    let mut out = Vec::new();
    for slot in slots {
        let label = state
            .pkcs11
            .get_token_info(slot)
            .map(|i| i.label().trim().to_owned())
            .unwrap_or_default();
        let Ok(session) = state.pkcs11.open_ro_session(slot) else {
            continue;
        };
        let Ok(objects) = session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        else {
            continue;
        };
        for o in objects.into_iter().take(256) {
            let attrs = session
                .get_attributes(o, &[AttributeType::Value, AttributeType::Id])
                .unwrap_or_default();
            let mut value = None;
            let mut id = Vec::new();
            for a in attrs {
                match a {
                    Attribute::Value(v) => value = Some(v),
                    Attribute::Id(i) => id = i,
                    _ => {}
                }
            }
            if let Some(der) = value {
                out.push((slot, label.clone(), id, der));
            }
        }
    }
    Ok(out)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn algorithms_of(der: &[u8]) -> Vec<&'static str> {
    match vanban::pki::cert::Certificate::from_der(der)
        .ok()
        .map(|c| c.public_key().ok().cloned())
    {
        Some(Some(vanban::pki::algorithm::PublicKey::Rsa(_))) => {
            vec!["RSASSA-PKCS1-v1_5", "RSA-PSS"]
        }
        Some(Some(
            vanban::pki::algorithm::PublicKey::P256(_) | vanban::pki::algorithm::PublicKey::P384(_),
        )) => {
            vec!["ECDSA"]
        }
        _ => Vec::new(),
    }
}

fn certificates(state: &State) -> Result<Value, Failure> {
    let certs = token_certificates(state)?;
    if certs.is_empty() {
        return Err(fail(
            "NO_CERTIFICATES",
            404,
            "the token holds no certificate",
        ));
    }
    Ok(Value::Array(
        certs
            .iter()
            .map(|(_, label, _, der)| {
                json!({
                    "certId": hex(&sha2::Sha256::digest(der)),
                    "certificate": base64(der),
                    "chain": [],
                    "token": label,
                    "algorithms": algorithms_of(der),
                })
            })
            .collect(),
    ))
}

/// DigestInfo prefixes (RFC 8017 §9.2 note 1).
fn digest_info(hash: &str, digest: &[u8]) -> Option<Vec<u8>> {
    let prefix: &[u8] = match hash {
        "SHA-256" => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        "SHA-384" => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        "SHA-512" => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        _ => return None,
    };
    Some([prefix, digest].concat())
}

/// ECDSA r‖s → DER Ecdsa-Sig-Value.
fn ecdsa_der(raw: &[u8]) -> Vec<u8> {
    let half = raw.len() / 2;
    let int = |b: &[u8]| {
        let b = &b[b
            .iter()
            .take_while(|x| **x == 0)
            .count()
            .min(b.len().saturating_sub(1))..];
        let mut body = Vec::new();
        if b.first().is_some_and(|x| x & 0x80 != 0) {
            body.push(0);
        }
        body.extend_from_slice(b);
        [vec![0x02, body.len() as u8], body].concat()
    };
    let seq = [int(&raw[..half]), int(&raw[half..])].concat();
    if seq.len() < 128 {
        [vec![0x30, seq.len() as u8], seq].concat()
    } else {
        [vec![0x30, 0x81, seq.len() as u8], seq].concat()
    }
}

fn sign(state: &State, body: &Value) -> Result<Value, Failure> {
    let Ok(_one) = state.signing.try_lock() else {
        return Err(fail("BUSY", 409, "another signature is in progress"));
    };
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let cert_id = text("certId");
    let hash = text("hashAlgorithm");
    let algorithm = text("signatureAlgorithm");
    let digest = unbase64(&text("digest"))
        .ok_or_else(|| fail("INVALID_ARGUMENT", 400, "digest is not base64"))?;
    let want = match hash.as_str() {
        "SHA-256" => 32,
        "SHA-384" => 48,
        "SHA-512" => 64,
        _ => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!("hash {hash} is not supported"),
            ))
        }
    };
    if digest.len() != want {
        return Err(fail(
            "INVALID_ARGUMENT",
            400,
            format!("a {hash} digest has {want} bytes, not {}", digest.len()),
        ));
    }
    let certs = token_certificates(state)?;
    let (slot, _, id, der) = certs
        .into_iter()
        .find(|(_, _, _, der)| hex(&sha2::Sha256::digest(der)) == cert_id)
        .ok_or_else(|| {
            fail(
                "CERT_NOT_FOUND",
                404,
                "no certificate with that certId on the tokens",
            )
        })?;
    let (mechanism, data) = match algorithm.as_str() {
        "RSASSA-PKCS1-v1_5" => (
            Mechanism::RsaPkcs,
            digest_info(&hash, &digest).ok_or_else(|| fail("ALG_UNSUPPORTED", 400, "hash"))?,
        ),
        "RSA-PSS" => {
            let (h, mgf) = match hash.as_str() {
                "SHA-256" => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256),
                "SHA-384" => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384),
                _ => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512),
            };
            (
                Mechanism::RsaPkcsPss(PkcsPssParams {
                    hash_alg: h,
                    mgf,
                    s_len: (want as u64).into(),
                }),
                digest.clone(),
            )
        }
        "ECDSA" => (Mechanism::Ecdsa, digest.clone()),
        other => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!("{other} is not supported"),
            ))
        }
    };
    let pin = match &state.config.pin {
        PinSource::Fixed(p) => p.clone(),
        PinSource::Console => {
            let document = body
                .pointer("/display/documentName")
                .and_then(Value::as_str)
                .unwrap_or("a document");
            eprintln!(
                "vanban-bridge: PIN to sign {document} (then Enter; empty cancels; 2 minutes):"
            );
            // Read on a thread of its own so that an absent user times out (USER_TIMEOUT) and
            // the bridge is not held by one request for ever.
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = std::io::stdin().read_line(&mut line);
                let _ = tx.send(line);
            });
            let line = match rx.recv_timeout(std::time::Duration::from_secs(120)) {
                Ok(l) => l.trim().to_owned(),
                Err(_) => return Err(fail("USER_TIMEOUT", 408, "no PIN was entered in time")),
            };
            if line.is_empty() {
                return Err(fail("USER_CANCELLED", 400, "the user cancelled"));
            }
            line
        }
    };
    let session = state.pkcs11.open_ro_session(slot).map_err(ck)?;
    if let Err(e) = session.login(UserType::User, Some(&AuthPin::new(pin))) {
        let mut f = ck(e);
        if f.code == "PIN_INCORRECT" {
            if let Ok(info) = state.pkcs11.get_token_info(slot) {
                if info.user_pin_final_try() {
                    f.retries_left = Some(1);
                }
            }
        }
        return Err(f);
    }
    let keys = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Id(id),
        ])
        .map_err(ck)?;
    let key = keys.first().copied().ok_or_else(|| {
        fail(
            "CERT_NOT_FOUND",
            404,
            "the token has no private key for that certificate",
        )
    })?;
    let raw = session.sign(&mechanism, key, &data).map_err(ck);
    let _ = session.logout();
    let raw = raw?;
    let signature = if algorithm == "ECDSA" {
        ecdsa_der(&raw)
    } else {
        raw
    };
    Ok(json!({"signature": base64(&signature), "certificate": base64(&der), "chain": []}))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional); `None` when it is not.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = B64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}
