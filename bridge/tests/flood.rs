//! Floods against the bridge binary (a process of its own, so that its threads, memory and file
//! descriptors are its own): thousands of half-open connections, slow senders, a pipelined
//! stream, a header line without end, and the same under a low open-file limit (EMFILE in
//! accept). After each, a legitimate signature must succeed; the figures are printed (run with
//! `--nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::token;
use serde_json::json;
use sha2::Digest;
use vanban_bridge::base64;

const DEV: &str = "http://127.0.0.1:1";

struct Running {
    child: Child,
    port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(open_files: Option<u32>) -> Running {
    let exe = env!("CARGO_BIN_EXE_vanban-bridge");
    let args = format!(
        "exec {exe} --module /usr/lib/softhsm/libsofthsm2.so --port 0 --pin-env PIN --unattended --allow-insecure {DEV}"
    );
    let script = match open_files {
        Some(n) => format!("ulimit -n {n} && {args}"),
        None => args,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("PIN", "1234")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Running { child, port }
}

fn status_of(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A legitimate signature request; its HTTP status, or None when the connection failed.
fn try_sign(port: u16, cert_id: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let body = json!({"certId": cert_id, "hashAlgorithm": "SHA-256", "signatureAlgorithm": "RSASSA-PKCS1-v1_5",
        "digest": base64(&sha2::Sha256::digest(b"flood")), "display": {"documentName": "after-the-flood.pdf"}})
    .to_string();
    let head = format!(
        "POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {DEV}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(body.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split(' ').nth(1)?.parse().ok()
}

/// The time until a legitimate signature succeeds again (at most 30 s).
fn recovery(port: u16, cert_id: &str) -> Duration {
    let t0 = Instant::now();
    loop {
        if try_sign(port, cert_id) == Some(200) {
            return t0.elapsed();
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the bridge did not recover"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_bridge_stays_up_under_floods() {
    let dir = token();
    let der = std::fs::read(dir.join("signer.der")).unwrap();
    let cert_id: String = sha2::Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let bridge = start(None);
    let (port, pid) = (bridge.port, bridge.child.id());
    assert_eq!(try_sign(port, &cert_id), Some(200));
    let threads_idle = status_of(pid, "Threads:");

    // 1. Half-open connections: a request head that never ends, 3 000 of them held at once.
    let mut held = Vec::new();
    let t0 = Instant::now();
    while held.len() < 3000 {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(mut s) => {
                let _ = s.write_all(
                    format!("POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").as_bytes(),
                );
                held.push(s);
            }
            Err(_) => break, // this test process ran out of descriptors: what it holds is the flood
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let (threads, rss) = (status_of(pid, "Threads:"), status_of(pid, "VmRSS:"));
    println!(
        "flood: {} half-open connections opened in {:?}; the bridge had {threads} threads (idle: {threads_idle}), {rss} kB resident",
        held.len(),
        t0.elapsed()
    );
    assert!(
        threads <= threads_idle + 2,
        "{threads} threads under the flood"
    );
    assert!(rss < 100_000, "{rss} kB");
    drop(held);
    let back = recovery(port, &cert_id);
    println!("flood: a signature succeeded {back:?} after the half-open connections closed");

    // 2. Half-open connections that stay open: the deadline closes them; a signature succeeds
    // while they are still held by the client.
    let mut held: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    for s in &mut held {
        let _ = s.write_all(b"GET /v1/hello HTTP/1.1\r\n");
    }
    let back = recovery(port, &cert_id);
    println!(
        "flood: with 200 half-open connections held open, a signature succeeded after {back:?}"
    );
    drop(held);

    // 3. Slow senders: a byte every 200 ms; each is answered 408 and closed by the deadline.
    let slow: Vec<_> = (0..20)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                let t0 = Instant::now();
                for b in format!(
                    "GET /v1/hello HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: {}",
                    "a".repeat(100)
                )
                .bytes()
                {
                    if s.write_all(&[b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                    if t0.elapsed() > Duration::from_secs(12) {
                        break;
                    }
                }
                t0.elapsed()
            })
        })
        .collect();
    let longest = slow.into_iter().map(|t| t.join().unwrap()).max().unwrap();
    println!("flood: 20 slow senders were cut off after at most {longest:?}");
    assert!(
        longest < Duration::from_secs(12),
        "a slow sender was held {longest:?}"
    );

    // 4. Pipelining: 20 000 requests in one stream get one answer.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let one = format!("GET /v1/hello HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {DEV}\r\n\r\n");
    let writer = {
        let mut w = s.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..20_000 {
                if w.write_all(one.as_bytes()).is_err() {
                    break;
                }
            }
        })
    };
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let _ = writer.join();
    let answer = String::from_utf8_lossy(&answer);
    // One answer: 400 when the second request had arrived with the first, 200 for the first
    // alone otherwise; the connection is closed after it either way.
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    println!(
        "flood: 20 000 pipelined requests got one answer ({}); threads now {}",
        answer.get(9..12).unwrap_or_default(),
        status_of(pid, "Threads:")
    );

    // 5. One header line without end (400 MiB offered): refused after 8 KiB, not buffered.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = s.write_all(
        format!("GET /v1/hello HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: ").as_bytes(),
    );
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0usize;
    while sent < 400 << 20 {
        if s.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let rss = status_of(pid, "VmRSS:");
    println!("flood: a header line without end was cut off after {} MiB sent; the bridge {rss} kB resident", sent >> 20);
    assert!(sent < 64 << 20, "{sent} bytes accepted");
    assert!(rss < 100_000, "{rss} kB");
    assert_eq!(try_sign(port, &cert_id), Some(200));
    drop(bridge);

    // 6. Out of file descriptors: 64 allowed, 300 connections at once. accept fails with
    // EMFILE meanwhile; the bridge must serve again after.
    let bridge = start(Some(64));
    let port = bridge.port;
    assert_eq!(try_sign(port, &cert_id), Some(200));
    let held: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    let flood: Vec<_> = (0..300)
        .map(|_| std::thread::spawn(move || try_sign(port, "00")))
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    drop(held);
    for t in flood {
        let _ = t.join();
    }
    let back = recovery(port, &cert_id);
    println!("flood: under `ulimit -n 64`, 600 connections at once; a signature succeeded {back:?} after");
    assert!(bridge_alive(&bridge));
    drop(bridge);
    let _ = std::fs::remove_dir_all(&dir);
}

fn bridge_alive(b: &Running) -> bool {
    std::fs::metadata(format!("/proc/{}", b.child.id())).is_ok()
}
