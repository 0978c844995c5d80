//! The bridge's own console on a real terminal (a pty made by util-linux `script`): the PIN is
//! not echoed, a prompt that timed out does not take the next entry, and a line typed between
//! two prompts is not taken as the next PIN.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{request, token, PORTAL};
use serde_json::json;
use sha2::Digest;
use vanban_bridge::base64;

#[test]
fn the_console_hides_the_pin_and_never_keeps_a_stale_line() {
    let dir = token();
    let exe = env!("CARGO_BIN_EXE_vanban-bridge");
    let command = format!(
        "{exe} --module /usr/lib/softhsm/libsofthsm2.so --port 0 --allow {PORTAL} --pin-timeout 2"
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("util-linux script makes the terminal");
    let mut keys = child.stdin.take().unwrap();
    let screen = Arc::new(Mutex::new(String::new()));
    let mut out = child.stdout.take().unwrap();
    let s = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            s.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let wait_for = |text: &str, from: usize| -> usize {
        let t0 = Instant::now();
        loop {
            if let Some(i) = screen.lock().unwrap()[from..].find(text) {
                return from + i + text.len();
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "no {text:?} on the terminal: {}",
                screen.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let at = wait_for("listening on http://127.0.0.1:", 0);
    let port: u16 = {
        let s = screen.lock().unwrap();
        s[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    let der = std::fs::read(dir.join("signer.der")).unwrap();
    let cert_id: String = sha2::Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let body = json!({"certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5",
        "digest": base64(&sha2::Sha256::digest(b"console")), "display": {"documentName": "to-trinh.pdf"}});
    let sign = {
        let body = body.clone();
        move || {
            let body = body.clone();
            std::thread::spawn(move || request(port, "POST", "/v1/sign", None, Some(PORTAL), &body))
        }
    };

    // 1. The PIN typed at the prompt signs and does not appear on the terminal.
    let pending = sign();
    let mut seen = wait_for("PIN (not shown", 0);
    keys.write_all(b"1234\n").unwrap();
    let a = pending.join().unwrap();
    assert_eq!(a.status, 200, "{}", a.body);
    // 2. Nobody answers: USER_TIMEOUT; then the next prompt gets the next line typed.
    let pending = sign();
    seen = wait_for("PIN (not shown", seen);
    let a = pending.join().unwrap();
    assert_eq!(a.body["error"], "USER_TIMEOUT");
    let pending = sign();
    seen = wait_for("PIN (not shown", seen);
    keys.write_all(b"1234\n").unwrap();
    let a = pending.join().unwrap();
    assert_eq!(
        a.status, 200,
        "after a timeout, the next PIN was swallowed: {}",
        a.body
    );
    // 3. A line typed late, between two prompts, is not the next prompt's PIN.
    let pending = sign();
    seen = wait_for("PIN (not shown", seen);
    assert_eq!(pending.join().unwrap().body["error"], "USER_TIMEOUT");
    keys.write_all(b"0000\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pending = sign();
    wait_for("PIN (not shown", seen);
    keys.write_all(b"1234\n").unwrap();
    let a = pending.join().unwrap();
    assert_eq!(
        a.status, 200,
        "a stale line was taken as the PIN: {}",
        a.body
    );
    std::thread::sleep(Duration::from_millis(200));
    let text = screen.lock().unwrap().clone();
    assert!(!text.contains("1234"), "the PIN was echoed:\n{text}");
    assert!(
        text.contains("the site https://portal.example asks to sign"),
        "{text}"
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
