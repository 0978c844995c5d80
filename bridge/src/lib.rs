//! vanban-bridge: the reference token bridge (../shared/docs/BRIDGE.md, protocol v1, with the
//! pairing of the README's "Signing with a USB token"). A small HTTP server on 127.0.0.1 that
//! lets paired web pages list the certificates of a PKCS#11 token and have it sign a digest; the
//! document itself never reaches the bridge, and the PIN never crosses the wire (the bridge
//! takes it from its own console, or from its configuration when it runs unattended).
//!
//! Every request is checked before anything else: the exact `Host` (defeats DNS rebinding), the
//! `Origin` against the allowlist (https, or an origin explicitly allowed over http for
//! development); CORS answers echo the origin with `Vary: Origin`, so that a page can read why
//! it was refused. One signing at a time (`BUSY` otherwise). Errors are
//! `{error: CODE, message, retriesLeft?, retryAfter?}` with BRIDGE.md's codes.
//!
//! **Pairing** is bound to the origin and to the user: the page asks (`POST /v1/pair`), the
//! bridge shows the requesting origin and a fresh six-digit code on its own console only, the
//! user types the code into the page, and the page's `POST /v1/pair/confirm {code}` pairs
//! exactly the origin the code was issued to. One pending pairing at a time, two minutes to
//! answer, three tries, and a rate limit per origin and overall.
//!
//! **Consent**: the PIN prompt names the requesting origin, the certificate, the document name
//! (escaped, capped) and the digest's [`fingerprint`], which the page shows too.
//!
//! **The server** ([`http`]) has a fixed worker pool, a connection cap, deadlines and size caps,
//! one request per connection, and an accept loop that survives errors.

#![forbid(unsafe_code)]

pub mod console;
pub mod http;

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

pub use console::{shown, Console, Terminal};

/// The protocol version this bridge speaks.
pub const PROTOCOL: u64 = 1;
/// How long a pairing code stays valid.
pub const PAIRING_TTL: Duration = Duration::from_secs(120);
/// Wrong codes a page may send for one pairing before it is cancelled.
pub const PAIRING_TRIES: u32 = 3;
/// The window of the pairing rate limits.
pub const PAIRING_WINDOW: Duration = Duration::from_secs(600);
/// Pairings one origin may start within [`PAIRING_WINDOW`].
pub const PAIRINGS_PER_ORIGIN: usize = 3;
/// Pairings all origins together may start within [`PAIRING_WINDOW`].
pub const PAIRINGS_OVERALL: usize = 10;
/// How long the user has to type the PIN, unless configured.
pub const PIN_TIMEOUT: Duration = Duration::from_secs(120);

/// Where the PIN comes from (never from the page).
#[derive(Clone, Debug)]
pub enum PinSource {
    /// A fixed PIN (from an environment variable named on the command line, with
    /// `--unattended`): nobody is asked, so only development origins (http ones the
    /// configuration allows) may sign, unless [`Config::test_profile`] says otherwise.
    Fixed(String),
    /// Asked on the bridge's console for each signature.
    Console,
}

/// How the bridge runs.
#[derive(Clone)]
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
    /// With a fixed PIN, sign for https origins too: automated tests against a test token only.
    pub test_profile: bool,
    /// Where the user is told and asked things.
    pub console: Arc<dyn Console>,
    /// How long the user has to type the PIN.
    pub pin_timeout: Duration,
}

impl Config {
    /// A bridge for `module` on port 9797, nothing allowed yet, the PIN asked on this console.
    pub fn new(module: impl Into<String>) -> Self {
        Self {
            module: module.into(),
            port: 9797,
            allowlist: Vec::new(),
            insecure_origins: Vec::new(),
            pin: PinSource::Console,
            allowlist_file: None,
            test_profile: false,
            console: Arc::new(Terminal),
            pin_timeout: PIN_TIMEOUT,
        }
    }
}

/// A protocol error: a BRIDGE.md code, an HTTP status and a message.
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    status: u16,
    message: String,
    retries_left: Option<u64>,
    retry_after: Option<u64>,
}

fn fail(code: &'static str, status: u16, message: impl Into<String>) -> Failure {
    Failure {
        code,
        status,
        message: message.into(),
        retries_left: None,
        retry_after: None,
    }
}

/// A pairing waiting for its code.
struct Pending {
    origin: String,
    code: String,
    expires: Instant,
    tries_left: u32,
}

#[derive(Default)]
struct Pairings {
    pending: Option<Pending>,
    /// When each pairing of the last [`PAIRING_WINDOW`] was started, and by whom.
    started: VecDeque<(String, Instant)>,
}

struct State {
    config: Config,
    port: u16,
    pkcs11: Pkcs11,
    allowlist: Mutex<BTreeSet<String>>,
    signing: Mutex<()>,
    pairings: Mutex<Pairings>,
}

/// A running bridge.
pub struct Bridge {
    /// The port it listens on.
    pub port: u16,
    server: http::Server,
    state: Arc<State>,
}

impl Bridge {
    /// The origin whose pairing waits for its code, if any.
    pub fn pending_pairing(&self) -> Option<String> {
        let mut p = self.state.pairings.lock().ok()?;
        expire(&self.state, &mut p);
        p.pending.as_ref().map(|p| p.origin.clone())
    }

    /// The origins paired now.
    pub fn paired(&self) -> Vec<String> {
        self.state
            .allowlist
            .lock()
            .map(|a| a.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Stops it.
    pub fn stop(self) {
        self.server.stop();
    }
}

/// Loads the PKCS#11 module and starts serving on 127.0.0.1.
pub fn serve(config: Config) -> Result<Bridge, String> {
    let pkcs11 = Pkcs11::new(&config.module)
        .map_err(|e| format!("cannot load the PKCS#11 module {}: {e}", config.module))?;
    pkcs11
        .initialize(CInitializeArgs::OsThreads)
        .map_err(|e| format!("cannot initialise the PKCS#11 module: {e}"))?;
    let mut allowlist: BTreeSet<String> = config.allowlist.iter().cloned().collect();
    if let Some(file) = &config.allowlist_file {
        if let Ok(text) = std::fs::read_to_string(file) {
            if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&text) {
                allowlist.extend(items.iter().filter_map(|v| v.as_str().map(str::to_owned)));
            }
        }
    }
    // The port is known once bound; the handler reads it from the state.
    let listener_port = config.port;
    let cell: Arc<std::sync::OnceLock<Arc<State>>> = Arc::new(std::sync::OnceLock::new());
    let c = Arc::clone(&cell);
    let handler: Arc<http::Handler> =
        Arc::new(move |head: &http::Head, body: &[u8]| match c.get() {
            Some(state) => handle(state, head, body),
            None => answer(None, Err(fail("BUSY", 503, "the bridge is starting"))),
        });
    let refusal: Arc<http::Refusal> = Arc::new(|e: &http::HttpError| {
        answer(None, Err(fail("INVALID_ARGUMENT", e.status, e.message)))
    });
    let server = http::Server::start(listener_port, handler, refusal)
        .map_err(|e| format!("cannot listen on 127.0.0.1:{listener_port}: {e}"))?;
    let port = server.port;
    let state = Arc::new(State {
        config,
        port,
        pkcs11,
        allowlist: Mutex::new(allowlist),
        signing: Mutex::new(()),
        pairings: Mutex::new(Pairings::default()),
    });
    let _ = cell.set(Arc::clone(&state));
    Ok(Bridge {
        port,
        server,
        state,
    })
}

fn handle(state: &State, head: &http::Head, body: &[u8]) -> http::Response {
    let origin = head.header("origin");
    let mut response = answer(origin, route(state, head, body, origin));
    if origin.is_some() && head.header("access-control-request-private-network") == Some("true") {
        response
            .headers
            .push(("Access-Control-Allow-Private-Network", "true".to_owned()));
    }
    response
}

/// The JSON answer, with CORS headers that echo `origin` (with `Vary: Origin`) so that a page
/// can read it — a refusal included. What protects the token is the check of Origin on every
/// request, not the browser's CORS: a page that is not allowed gets ORIGIN_NOT_ALLOWED, never
/// data.
fn answer(origin: Option<&str>, result: Result<Value, Failure>) -> http::Response {
    let (status, body) = match result {
        Ok(v) => (200, v),
        Err(f) => {
            let mut v = json!({"error": f.code, "message": f.message});
            if let Some(n) = f.retries_left {
                v["retriesLeft"] = json!(n);
            }
            if let Some(n) = f.retry_after {
                v["retryAfter"] = json!(n);
            }
            (f.status, v)
        }
    };
    let mut headers = vec![
        ("Content-Type", "application/json".to_owned()),
        ("Vary", "Origin".to_owned()),
        ("Cache-Control", "no-store".to_owned()),
    ];
    if let Some(o) = origin {
        headers.push(("Access-Control-Allow-Origin", o.to_owned()));
        headers.push((
            "Access-Control-Allow-Methods",
            "GET, POST, OPTIONS".to_owned(),
        ));
        headers.push(("Access-Control-Allow-Headers", "Content-Type".to_owned()));
        headers.push(("Access-Control-Max-Age", "600".to_owned()));
    }
    http::Response {
        status,
        headers,
        body: body.to_string().into_bytes(),
    }
}

/// https, or http for an origin the configuration allows for development.
fn origin_acceptable(state: &State, origin: &str) -> bool {
    origin.starts_with("https://") || state.config.insecure_origins.iter().any(|o| o == origin)
}

fn is_paired(state: &State, origin: &str) -> bool {
    origin_acceptable(state, origin)
        && state
            .allowlist
            .lock()
            .map(|a| a.contains(origin))
            .unwrap_or(false)
}

fn route(
    state: &State,
    head: &http::Head,
    body: &[u8],
    origin: Option<&str>,
) -> Result<Value, Failure> {
    let host = head.header("host").unwrap_or_default();
    let port = state.port;
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "this bridge answers only requests addressed to 127.0.0.1 or localhost with its port",
        ));
    }
    if head.method == "OPTIONS" {
        return Ok(json!({}));
    }
    let paired = origin.is_some_and(|o| is_paired(state, o));
    match (head.method.as_str(), head.path.as_str()) {
        ("GET", "/v1/hello") => Ok(json!({
            "protocol": PROTOCOL,
            "version": env!("CARGO_PKG_VERSION"),
            "algorithms": ["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA"],
            "paired": paired,
            "pairing": "code",
        })),
        ("POST", "/v1/pair") => pair(state, origin),
        ("POST", "/v1/pair/confirm") => confirm(state, origin, &read_json(body)?),
        ("POST", "/v1/certificates") | ("POST", "/v1/sign") => {
            let Some(origin) = origin else {
                return Err(fail(
                    "ORIGIN_NOT_ALLOWED",
                    403,
                    "a request without an Origin",
                ));
            };
            if !paired {
                return Err(fail(
                    "ORIGIN_NOT_ALLOWED",
                    403,
                    format!("{} is not paired with this bridge", shown(origin)),
                ));
            }
            let body = read_json(body)?;
            if head.path == "/v1/certificates" {
                certificates(state)
            } else {
                sign(state, origin, &body)
            }
        }
        _ => Err(fail(
            "INVALID_ARGUMENT",
            404,
            format!("no {} {}", head.method, shown(&head.path)),
        )),
    }
}

fn read_json(body: &[u8]) -> Result<Value, Failure> {
    let text = std::str::from_utf8(body).map_err(|_| {
        fail(
            "INVALID_ARGUMENT",
            400,
            "the request body is not UTF-8 text",
        )
    })?;
    if text.trim().is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(text).map_err(|e| fail("INVALID_ARGUMENT", 400, format!("not JSON: {e}")))
}

/// Drops the pending pairing once expired (and says so).
fn expire(state: &State, p: &mut Pairings) {
    if p.pending
        .as_ref()
        .is_some_and(|x| x.expires <= Instant::now())
    {
        if let Some(x) = p.pending.take() {
            state.config.console.say(&format!(
                "vanban-bridge: the pairing of {} expired.",
                shown(&x.origin)
            ));
        }
    }
    while p
        .started
        .front()
        .is_some_and(|(_, t)| t.elapsed() >= PAIRING_WINDOW)
    {
        p.started.pop_front();
    }
}

fn seconds_until(t: Instant) -> u64 {
    t.saturating_duration_since(Instant::now()).as_secs().max(1)
}

/// A six-digit code from the operating system's randomness (no modulo bias).
fn fresh_code() -> Result<String, Failure> {
    loop {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b)
            .map_err(|e| fail("INTERNAL", 500, format!("no randomness: {e}")))?;
        let n = u32::from_be_bytes(b);
        // 4 294 000 000 is the largest multiple of 10^6 below 2^32.
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// `POST /v1/pair`: starts a pairing of the requesting origin. The code goes to the console
/// only; the page is told that a code is waiting and how long it stays valid.
fn pair(state: &State, origin: Option<&str>) -> Result<Value, Failure> {
    let Some(origin) = origin.filter(|o| origin_acceptable(state, o)) else {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "only https origins (or the development ones configured) can pair",
        ));
    };
    if is_paired(state, origin) {
        return Ok(json!({"paired": true, "pending": false}));
    }
    let mut p = state
        .pairings
        .lock()
        .map_err(|_| fail("INTERNAL", 500, "pairing state"))?;
    expire(state, &mut p);
    if let Some(x) = &p.pending {
        if x.origin == origin {
            return Ok(
                json!({"paired": false, "pending": true, "expiresIn": seconds_until(x.expires)}),
            );
        }
        let mut f = fail(
            "BUSY",
            409,
            "another site's pairing is waiting for the user; try again later",
        );
        f.retry_after = Some(seconds_until(x.expires));
        return Err(f);
    }
    let mine = p.started.iter().filter(|(o, _)| o == origin).count();
    if mine >= PAIRINGS_PER_ORIGIN || p.started.len() >= PAIRINGS_OVERALL {
        let oldest = p
            .started
            .iter()
            .find(|(o, _)| mine < PAIRINGS_PER_ORIGIN || o == origin)
            .map_or(Instant::now(), |(_, t)| *t + PAIRING_WINDOW);
        let mut f = fail("BUSY", 429, "too many pairing requests; try again later");
        f.retry_after = Some(seconds_until(oldest));
        return Err(f);
    }
    let code = fresh_code()?;
    let expires = Instant::now() + PAIRING_TTL;
    p.started.push_back((origin.to_owned(), Instant::now()));
    let spaced = format!(
        "{} {}",
        code.get(..3).unwrap_or_default(),
        code.get(3..).unwrap_or_default()
    );
    p.pending = Some(Pending {
        origin: origin.to_owned(),
        code,
        expires,
        tries_left: PAIRING_TRIES,
    });
    drop(p);
    state.config.console.say(&format!(
        "vanban-bridge: the site {} asks to use your signing token.\n\
         \x20 If you are pairing that site now, type this code into its page:  {spaced}\n\
         \x20 Otherwise do nothing: the code expires in {} minutes.",
        shown(origin),
        PAIRING_TTL.as_secs() / 60
    ));
    Ok(json!({"paired": false, "pending": true, "expiresIn": PAIRING_TTL.as_secs()}))
}

/// Equal strings, in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// `POST /v1/pair/confirm {code}`: pairs the requesting origin when the code is the one the
/// console showed for that very origin.
fn confirm(state: &State, origin: Option<&str>, body: &Value) -> Result<Value, Failure> {
    let Some(origin) = origin else {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "a request without an Origin",
        ));
    };
    let typed: String = body
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let mut p = state
        .pairings
        .lock()
        .map_err(|_| fail("INTERNAL", 500, "pairing state"))?;
    expire(state, &mut p);
    let Some(pending) = p.pending.as_mut().filter(|x| x.origin == origin) else {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "no pairing of this site is waiting (it may have expired): ask for a new code",
        ));
    };
    if !same(&typed, &pending.code) {
        pending.tries_left = pending.tries_left.saturating_sub(1);
        let left = pending.tries_left;
        if left == 0 {
            p.pending = None;
            state.config.console.say(&format!(
                "vanban-bridge: the pairing of {} was cancelled: a wrong code was typed {PAIRING_TRIES} times.",
                shown(origin)
            ));
        }
        let mut f = fail(
            "INVALID_ARGUMENT",
            400,
            if left == 0 {
                "that is not the code the bridge shows; the pairing is cancelled"
            } else {
                "that is not the code the bridge shows"
            },
        );
        f.retries_left = Some(u64::from(left));
        return Err(f);
    }
    p.pending = None;
    drop(p);
    if let Ok(mut a) = state.allowlist.lock() {
        a.insert(origin.to_owned());
        if let Some(f) = &state.config.allowlist_file {
            let list: Vec<&String> = a.iter().collect();
            let _ = std::fs::write(f, json!(list).to_string());
        }
    }
    state.config.console.say(&format!(
        "vanban-bridge: {} is paired: it may list your certificates and ask for signatures (each one asks for your PIN here).",
        shown(origin)
    ));
    Ok(json!({"paired": true}))
}

/// The digest's short fingerprint that the PIN prompt and the page both show: its first four
/// bytes in upper-case hex, two groups of four (`"3A7F 09C2"`).
pub fn fingerprint(digest: &[u8]) -> String {
    let h: String = digest.iter().take(4).map(|b| format!("{b:02X}")).collect();
    match (h.get(..4), h.get(4..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a} {b}"),
        _ => h,
    }
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

/// The kind of key a certificate holds: RSA, or ECDSA with the size of its curve in bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    Ec(usize),
}

fn key_kind(der: &[u8]) -> Option<KeyKind> {
    match vanban::pki::cert::Certificate::from_der(der)
        .ok()?
        .public_key()
        .ok()?
    {
        vanban::pki::algorithm::PublicKey::Rsa(_) => Some(KeyKind::Rsa),
        vanban::pki::algorithm::PublicKey::P256(_) => Some(KeyKind::Ec(32)),
        vanban::pki::algorithm::PublicKey::P384(_) => Some(KeyKind::Ec(48)),
        _ => None,
    }
}

/// The certificate's subject and issuer as the console shows them.
fn certificate_line(der: &[u8]) -> String {
    match vanban::pki::cert::Certificate::from_der(der) {
        Ok(c) => format!(
            "{} (serial {}, issued by {})",
            shown(&c.subject()),
            shown(&c.serial_hex()),
            shown(&c.issuer())
        ),
        Err(_) => "a certificate that cannot be read".to_owned(),
    }
}

fn sign(state: &State, origin: &str, body: &Value) -> Result<Value, Failure> {
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
    let digest = unbase64(&text("digest")).ok_or_else(|| {
        fail(
            "INVALID_ARGUMENT",
            400,
            "digest is not standard base64 (A–Z a–z 0–9 + /, padded to a multiple of 4)",
        )
    })?;
    let want = match hash.as_str() {
        "SHA-256" => 32,
        "SHA-384" => 48,
        "SHA-512" => 64,
        _ => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!("hash {} is not supported", shown(&hash)),
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
    if !["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA"].contains(&algorithm.as_str()) {
        return Err(fail(
            "ALG_UNSUPPORTED",
            400,
            format!("{} is not supported", shown(&algorithm)),
        ));
    }
    let unattended = matches!(state.config.pin, PinSource::Fixed(_));
    if unattended && origin.starts_with("https://") && !state.config.test_profile {
        return Err(fail(
            "ORIGIN_NOT_ALLOWED",
            403,
            "this bridge runs unattended (its PIN comes from the environment): it signs only for the development origins it allows",
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
    // The key decides what it can do: an RSA key is not asked for ECDSA and the other way
    // round, and an ECDSA digest may not be longer than the curve (the token would sign its
    // leftmost bytes: a SHA-512 label over bytes that begin with a SHA-256 digest would give a
    // valid SHA-256 signature).
    let kind = key_kind(&der).ok_or_else(|| {
        fail(
            "ALG_UNSUPPORTED",
            400,
            "the certificate's key is neither RSA nor ECDSA over P-256 or P-384",
        )
    })?;
    let mechanism = match (algorithm.as_str(), kind) {
        ("RSASSA-PKCS1-v1_5", KeyKind::Rsa) => Mechanism::RsaPkcs,
        ("RSA-PSS", KeyKind::Rsa) => {
            let (h, mgf) = match want {
                32 => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256),
                48 => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384),
                _ => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512),
            };
            Mechanism::RsaPkcsPss(PkcsPssParams {
                hash_alg: h,
                mgf,
                s_len: (want as u64).into(),
            })
        }
        ("ECDSA", KeyKind::Ec(size)) if want <= size => Mechanism::Ecdsa,
        ("ECDSA", KeyKind::Ec(size)) => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!(
                "{hash} is longer than this key's curve ({} bits): use a hash of at most that size",
                size * 8
            ),
            ))
        }
        (_, KeyKind::Rsa) => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!("this certificate's key is RSA: {algorithm} is not possible"),
            ))
        }
        (_, KeyKind::Ec(_)) => {
            return Err(fail(
                "ALG_UNSUPPORTED",
                400,
                format!("this certificate's key is ECDSA: {algorithm} is not possible"),
            ))
        }
    };
    let data = match mechanism {
        Mechanism::RsaPkcs => {
            digest_info(&hash, &digest).ok_or_else(|| fail("ALG_UNSUPPORTED", 400, "hash"))?
        }
        _ => digest.clone(),
    };
    let document = body
        .pointer("/display/documentName")
        .and_then(Value::as_str)
        .map_or_else(
            || "(no name given)".to_owned(),
            |d| format!("\"{}\"", shown(d)),
        );
    let what = format!(
        "vanban-bridge: the site {} asks to sign\n\
         \x20 document:    {document}\n\
         \x20 certificate: {}\n\
         \x20 fingerprint: {}   (the page shows the same; if it does not, do not sign)",
        shown(origin),
        certificate_line(&der),
        fingerprint(&digest)
    );
    let pin = match &state.config.pin {
        PinSource::Fixed(p) => {
            state.config.console.say(&format!(
                "{what}\n  signed unattended (PIN from the environment)"
            ));
            p.clone()
        }
        PinSource::Console => {
            let prompt = format!(
                "{what}\n  PIN (not shown as you type; Enter on an empty line refuses; {} s): ",
                state.config.pin_timeout.as_secs()
            );
            let Some(line) = state
                .config
                .console
                .ask(&prompt, true, state.config.pin_timeout)
            else {
                return Err(fail("USER_TIMEOUT", 408, "no PIN was entered in time"));
            };
            let line = line.trim().to_owned();
            if line.is_empty() {
                return Err(fail("USER_CANCELLED", 400, "the user refused to sign"));
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

/// Strict standard base64 (RFC 4648 §4): the alphabet only, a length that is a multiple of 4,
/// padding only at the end, and unused bits zero — one text per value. `None` otherwise.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let pad = bytes.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = bytes.get(..bytes.len() - pad)?;
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in body {
        let v = B64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // What is left must be zero bits (a non-canonical last character otherwise).
    if acc & ((1 << bits) - 1) != 0 {
        return None;
    }
    Some(out)
}
