//! The bridge's console: where the user sees who asks for the token and types the PIN. Nothing a
//! page sends reaches it unescaped ([`shown`]).
//!
//! One thread reads the console's lines for the whole process; a prompt takes the first line
//! typed *after* it appeared (lines typed before are not answers to it and are dropped), so a
//! prompt that timed out never keeps the next entry for itself. The PIN is read with the
//! terminal's echo off (`stty -echo`, where the console is a terminal that has `stty`).

use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// What the bridge says and asks. The default ([`Terminal`]) is the process's own console;
/// tests give their own.
pub trait Console: Send + Sync {
    /// Shows a message.
    fn say(&self, text: &str);
    /// Shows `prompt` and returns the next line typed within `timeout` (without its line end),
    /// `None` when nothing came. `secret`: not echoed.
    fn ask(&self, prompt: &str, secret: bool, timeout: Duration) -> Option<String>;
}

/// The process's console: messages on stderr, lines from stdin.
pub struct Terminal;

fn lines() -> &'static Mutex<Receiver<String>> {
    static LINES: OnceLock<Mutex<Receiver<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let stdin = std::io::stdin();
            let mut lock = stdin.lock();
            loop {
                let mut line = String::new();
                match lock.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if tx.send(line).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Mutex::new(rx)
    })
}

fn echo(on: bool) {
    if std::io::stdin().is_terminal() {
        let _ = std::process::Command::new("stty")
            .arg(if on { "echo" } else { "-echo" })
            .stdin(std::process::Stdio::inherit())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

impl Console for Terminal {
    fn say(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
    }

    fn ask(&self, prompt: &str, secret: bool, timeout: Duration) -> Option<String> {
        let Ok(rx) = lines().lock() else {
            return None;
        };
        // The echo goes off before the prompt shows, so that nothing typed after it is echoed.
        if secret {
            echo(false);
        }
        // What was typed before this prompt is not an answer to it.
        while rx.try_recv().is_ok() {}
        {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{prompt}");
            let _ = err.flush();
        }
        let answer = rx.recv_timeout(timeout);
        if secret {
            echo(true);
            self.say("");
        }
        match answer {
            Ok(line) => Some(line.trim_end_matches(['\r', '\n']).to_owned()),
            Err(RecvTimeoutError::Timeout) => {
                self.say("vanban-bridge: no answer in time; what is typed now is not used.");
                None
            }
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }
}

/// The longest text from a page shown on the console, in characters.
pub const SHOWN_MAX: usize = 80;

/// `text` as the console shows it: control characters (C0, DEL, C1), bidirectional controls,
/// zero-width and other invisible format characters, line and paragraph separators written as
/// `\u{…}` (so that no escape sequence, no reordering and no hidden character reaches the
/// terminal), a backslash doubled, at most [`SHOWN_MAX`] characters (then `…`).
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN_MAX {
            out.push('…');
            break;
        }
        let invisible = c.is_control()
            || matches!(c,
                '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
                | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
                | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}');
        if invisible {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}
