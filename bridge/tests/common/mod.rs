//! What the bridge's tests share: a SoftHSM2 token, requests over real HTTP, a scripted console.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use vanban_bridge::{Config, Console, PinSource};

pub const PORTAL: &str = "https://portal.example";

/// A token in a fresh directory; SOFTHSM2_CONF points at it for this test process.
pub fn token() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vanban-bridge-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/softhsm-token.sh");
    let out = std::process::Command::new(script)
        .arg(&dir)
        .output()
        .expect("softhsm2 and opensc are needed (scripts/ensure-tools.sh bridge installs them)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conf = String::from_utf8(out.stdout).unwrap();
    // The only test of this binary: no other thread reads the environment.
    std::env::set_var("SOFTHSM2_CONF", conf.trim());
    dir
}

pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: Value,
}

pub fn request(
    port: u16,
    method: &str,
    path: &str,
    host: Option<&str>,
    origin: Option<&str>,
    body: &Value,
) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = body.to_string();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    head += &format!(
        "Host: {}\r\n",
        host.map_or(format!("127.0.0.1:{port}"), str::to_owned)
    );
    if let Some(o) = origin {
        head += &format!("Origin: {o}\r\n");
    }
    head += &format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (headers, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Answer {
        status,
        headers: headers.to_ascii_lowercase(),
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

/// A console for the tests: what the bridge says is kept; what it asks is answered from a list
/// (`None`: nobody answers in time).
#[derive(Default)]
pub struct Script {
    pub said: Mutex<String>,
    pub answers: Mutex<VecDeque<Option<String>>>,
    pub asked: Mutex<Vec<(String, bool)>>,
}

impl Console for Script {
    fn say(&self, text: &str) {
        let mut s = self.said.lock().unwrap();
        s.push_str(text);
        s.push('\n');
    }
    fn ask(&self, prompt: &str, secret: bool, _timeout: Duration) -> Option<String> {
        self.asked.lock().unwrap().push((prompt.to_owned(), secret));
        self.answers.lock().unwrap().pop_front().flatten()
    }
}

impl Script {
    pub fn said(&self) -> String {
        self.said.lock().unwrap().clone()
    }
    /// The last pairing code the console showed for `origin`.
    pub fn code_for(&self, origin: &str) -> Option<String> {
        let said = self.said();
        let at = said.rfind(&format!("the site {origin} asks to use"))?;
        let line = said[at..].lines().nth(1)?;
        let code: String = line
            .rsplit("page:")
            .next()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        Some(code)
    }
}

pub fn config(pin: &str) -> (Config, Arc<Script>) {
    let script = Arc::new(Script::default());
    let mut c = Config::new("/usr/lib/softhsm/libsofthsm2.so");
    c.port = 0;
    c.allowlist = vec![PORTAL.to_owned()];
    c.pin = PinSource::Fixed(pin.to_owned());
    c.test_profile = true;
    c.console = script.clone();
    (c, script)
}
