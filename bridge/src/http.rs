//! The bridge's HTTP/1.1 server: small on purpose, and bounded everywhere a page (or any local
//! program) could push it.
//!
//! - One accept thread; a fixed pool of [`WORKERS`] threads; at most [`QUEUE`] accepted
//!   connections wait for a worker, and a connection past that is answered `503` at once and
//!   closed. Nothing spawns a thread per connection.
//! - An accept error (EMFILE when the process is out of file descriptors, ECONNABORTED, …) is
//!   retried with a back-off of up to [`ACCEPT_BACKOFF_MAX`]; it never ends the loop.
//! - One request per connection, answered with `Connection: close`. The whole request — head and
//!   body — must arrive within [`REQUEST_DEADLINE`] of the accept; the head is at most
//!   [`HEAD_MAX`] bytes and [`HEADERS_MAX`] lines, the body at most [`BODY_MAX`] bytes, sized
//!   by `Content-Length` (no `Transfer-Encoding`). Bytes sent after the body (a pipelined second
//!   request) make the request a `400`.
//! - The parser ([`parse_head`]) is a pure function over bytes, fuzzed (`fuzz/`) and tested over
//!   generated inputs.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Threads that serve requests.
pub const WORKERS: usize = 4;
/// Accepted connections that may wait for a worker.
pub const QUEUE: usize = 32;
/// The largest request head (request line and headers).
pub const HEAD_MAX: usize = 8 * 1024;
/// The most header lines.
pub const HEADERS_MAX: usize = 48;
/// The largest request body.
pub const BODY_MAX: usize = 64 * 1024;
/// The time a client has, from the accept, to send its whole request.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(5);
/// The time an answer may take to be written.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest pause between two accept attempts after errors.
pub const ACCEPT_BACKOFF_MAX: Duration = Duration::from_millis(500);

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `GET`, `POST`, `OPTIONS`, …
    pub method: String,
    /// The request target as sent (`/v1/hello`).
    pub path: String,
    /// `(name in lower case, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// The body's length (`Content-Length`, 0 when absent).
    pub content_length: usize,
}

impl Head {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request was not read: the status and the message answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// 400, 408, 413, 431, 501, …
    pub status: u16,
    /// What was wrong, for the client.
    pub message: &'static str,
}

fn bad(status: u16, message: &'static str) -> HttpError {
    HttpError { status, message }
}

/// Headers that may appear once only: a second one is how request smuggling and origin
/// confusion start.
const SINGLE: [&str; 5] = [
    "host",
    "origin",
    "content-length",
    "content-type",
    "access-control-request-private-network",
];

fn is_token(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// Parses a request head: `head` is everything before the blank line (`\r\n\r\n` excluded).
/// Strict: a request line of a token method, an origin-form or `*` target of visible ASCII and
/// `HTTP/1.0` or `HTTP/1.1`; header lines `name: value` with a token name and a value of
/// visible ASCII, spaces and tabs; no folded lines, no `Transfer-Encoding`, one `Host` (and
/// one of each header in [`SINGLE`]), a decimal `Content-Length` up to [`BODY_MAX`].
pub fn parse_head(head: &[u8]) -> Result<Head, HttpError> {
    if head.len() > HEAD_MAX {
        return Err(bad(431, "the request head is too large"));
    }
    let mut lines = head.split(|&c| c == b'\n').map(|l| match l {
        [rest @ .., b'\r'] => rest,
        l => l,
    });
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&c| c == b' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(400, "the request line is not METHOD TARGET VERSION"));
    };
    if method.is_empty() || method.len() > 16 || !method.iter().all(|&c| is_token(c)) {
        return Err(bad(400, "the method is not a token"));
    }
    if !(path.first() == Some(&b'/') || path == b"*")
        || path.len() > 1024
        || !path.iter().all(|c| c.is_ascii_graphic())
    {
        return Err(bad(400, "the request target is not a path"));
    }
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(bad(505, "only HTTP/1.0 and HTTP/1.1 are spoken"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if headers.len() >= HEADERS_MAX {
            return Err(bad(431, "too many header lines"));
        }
        if line.first().is_some_and(|c| *c == b' ' || *c == b'\t') {
            return Err(bad(400, "folded header lines are not accepted"));
        }
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            return Err(bad(400, "a header line without a colon"));
        };
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default();
        if name.is_empty() || !name.iter().all(|&c| is_token(c)) {
            return Err(bad(400, "a header name is not a token"));
        }
        if !value
            .iter()
            .all(|&c| c.is_ascii_graphic() || c == b' ' || c == b'\t')
        {
            return Err(bad(
                400,
                "a header value has bytes that are not visible ASCII",
            ));
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        let value = String::from_utf8_lossy(value)
            .trim_matches([' ', '\t'])
            .to_owned();
        if SINGLE.contains(&name.as_str()) && headers.iter().any(|(n, _)| *n == name) {
            return Err(bad(400, "a header that may appear once appears twice"));
        }
        headers.push((name, value));
    }
    let head = Head {
        method: String::from_utf8_lossy(method).into_owned(),
        path: String::from_utf8_lossy(path).into_owned(),
        content_length: 0,
        headers,
    };
    if head.header("transfer-encoding").is_some() {
        return Err(bad(
            501,
            "Transfer-Encoding is not accepted; send Content-Length",
        ));
    }
    if head.header("host").is_none() {
        return Err(bad(400, "no Host header"));
    }
    let content_length = match head.header("content-length") {
        None => 0,
        Some(v) if !v.is_empty() && v.len() <= 7 && v.bytes().all(|c| c.is_ascii_digit()) => {
            v.parse::<usize>().unwrap_or(usize::MAX)
        }
        Some(_) => return Err(bad(400, "Content-Length is not a decimal number")),
    };
    if content_length > BODY_MAX {
        return Err(bad(413, "the request body is too large"));
    }
    Ok(Head {
        content_length,
        ..head
    })
}

/// Reads one request from `stream` by `deadline`: its head and body.
pub fn read_request(
    stream: &mut TcpStream,
    deadline: Instant,
) -> Result<(Head, Vec<u8>), HttpError> {
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = find_blank_line(&buf) {
            break i;
        }
        if buf.len() > HEAD_MAX {
            return Err(bad(431, "the request head is too large"));
        }
        let n = read_by(stream, &mut chunk, deadline)?;
        if n == 0 {
            return Err(bad(
                400,
                "the connection closed before the request was complete",
            ));
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
    };
    let head = parse_head(buf.get(..head_end).unwrap_or_default())?;
    let mut body = buf.split_off(head_end + 4);
    while body.len() < head.content_length {
        let n = read_by(stream, &mut chunk, deadline)?;
        if n == 0 {
            return Err(bad(
                400,
                "the connection closed before the body was complete",
            ));
        }
        body.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    if body.len() > head.content_length {
        return Err(bad(
            400,
            "bytes after the request body: one request per connection (no pipelining)",
        ));
    }
    Ok((head, body))
}

fn find_blank_line(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

fn read_by(
    stream: &mut TcpStream,
    chunk: &mut [u8],
    deadline: Instant,
) -> Result<usize, HttpError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(bad(408, "the request took too long to arrive"));
    }
    stream
        .set_read_timeout(Some(left))
        .map_err(|_| bad(500, "the connection failed"))?;
    match stream.read(chunk) {
        Ok(n) => Ok(n),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Err(bad(408, "the request took too long to arrive"))
        }
        Err(_) => Err(bad(400, "the connection failed")),
    }
}

/// An answer: status, headers and body (always closed after).
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        423 => "Locked",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

/// Writes `response` and closes the connection.
pub fn write_response(stream: &mut TcpStream, response: &Response) {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        // A value with a line break would split the answer: left out (origins with control
        // characters never pass the parser, but the writer does not rely on it).
        if value.bytes().all(|c| c != b'\r' && c != b'\n') {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\n");
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    // Give the client a moment to read before the close (a close with unread input would
    // reset the connection and lose the answer): at most 200 ms and 64 KiB of what it still
    // sends are read and dropped.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let until = Instant::now() + Duration::from_millis(200);
    let mut drained = 0usize;
    while Instant::now() < until && drained < 64 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// What the server calls for each request that was read.
pub type Handler = dyn Fn(&Head, &[u8]) -> Response + Send + Sync;

/// What the server calls when a request could not be read (to add the CORS headers of the
/// refusal): the error and the head when it was parsed.
pub type Refusal = dyn Fn(&HttpError) -> Response + Send + Sync;

/// A running server.
pub struct Server {
    /// The port on 127.0.0.1.
    pub port: u16,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port) and serves with `handler`.
    pub fn start(port: u16, handler: Arc<Handler>, refusal: Arc<Refusal>) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = sync_channel::<(TcpStream, Instant)>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let mut threads = Vec::new();
        for _ in 0..WORKERS {
            let rx = Arc::clone(&rx);
            let handler = Arc::clone(&handler);
            let refusal = Arc::clone(&refusal);
            threads.push(std::thread::spawn(move || work(&rx, &*handler, &*refusal)));
        }
        let s = Arc::clone(&stop);
        threads.push(std::thread::spawn(move || accept_loop(&listener, &tx, &s)));
        Ok(Self {
            port,
            stop,
            threads,
        })
    }

    /// Stops accepting, lets the workers finish what they hold, and joins them.
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept call.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        for t in self.threads {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, tx: &SyncSender<(TcpStream, Instant)>, stop: &AtomicBool) {
    let mut backoff = Duration::from_millis(5);
    let mut last_report: Option<Instant> = None;
    loop {
        let accepted = listener.accept();
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match accepted {
            Ok((stream, _)) => {
                backoff = Duration::from_millis(5);
                match tx.try_send((stream, Instant::now())) {
                    Ok(()) => {}
                    Err(TrySendError::Full((mut stream, _))) => {
                        let _ = stream.set_nonblocking(true);
                        let body = br#"{"error":"BUSY","message":"the bridge is serving too many connections; try again"}"#;
                        let head = format!(
                            "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(body);
                        let _ = stream.shutdown(Shutdown::Both);
                    }
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
            Err(e) => {
                // Out of file descriptors, a connection reset before it was accepted, …: wait
                // and try again, never leave the loop.
                if last_report.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!("vanban-bridge: accepting a connection failed ({e}); retrying");
                    last_report = Some(Instant::now());
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
            }
        }
    }
}

fn work(rx: &Mutex<Receiver<(TcpStream, Instant)>>, handler: &Handler, refusal: &Refusal) {
    loop {
        let next = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok((mut stream, accepted)) = next else {
            return;
        };
        let response = match read_request(&mut stream, accepted + REQUEST_DEADLINE) {
            Ok((head, body)) => handler(&head, &body),
            Err(e) => refusal(&e),
        };
        write_response(&mut stream, &response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &[u8] =
        b"POST /v1/sign HTTP/1.1\r\nHost: 127.0.0.1:9797\r\nOrigin: https://a.example\r\nContent-Length: 12";

    #[test]
    fn a_browser_request_head_parses() {
        let h = parse_head(GOOD).unwrap();
        assert_eq!(
            (h.method.as_str(), h.path.as_str(), h.content_length),
            ("POST", "/v1/sign", 12)
        );
        assert_eq!(h.header("origin"), Some("https://a.example"));
    }

    /// The parser over generated mutants of a good head (a deterministic stand-in for the
    /// fuzz target in `bridge/fuzz`, which runs it without end): it never panics, and what it
    /// accepts keeps its invariants.
    #[test]
    fn mutated_heads_never_break_the_parser() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"\r\n: \t/\x00\x1b\x7f\xffaZ0-=,;\"";
        for _ in 0..200_000 {
            let mut head = GOOD.to_vec();
            for _ in 0..=(next() % 6) {
                let at = (next() as usize) % (head.len() + 1);
                match next() % 4 {
                    0 => head.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                    1 if at < head.len() => {
                        head.remove(at);
                    }
                    2 if at < head.len() => head[at] = (next() & 0xff) as u8,
                    _ => {
                        let from = (next() as usize) % head.len();
                        let piece: Vec<u8> = head[from..head.len().min(from + 24)].to_vec();
                        head.splice(at..at, piece);
                    }
                }
            }
            if let Ok(h) = parse_head(&head) {
                assert!(h.content_length <= BODY_MAX);
                assert!(h.header("host").is_some());
                assert!(h.header("transfer-encoding").is_none());
                for (n, v) in &h.headers {
                    assert!(n.bytes().all(is_token));
                    assert!(v
                        .bytes()
                        .all(|c| c.is_ascii_graphic() || c == b' ' || c == b'\t'));
                }
            }
        }
        assert_eq!(
            parse_head(&vec![b'a'; HEAD_MAX + 1]).unwrap_err().status,
            431
        );
    }
}
