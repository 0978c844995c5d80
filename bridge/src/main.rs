//! `vanban-bridge`: runs the reference token bridge (see the library docs and BRIDGE.md).
//!
//!     vanban-bridge --module /usr/lib/softhsm/libsofthsm2.so [--port 9797]
//!         [--allow https://portal.example]... [--allow-insecure http://127.0.0.1:8080]...
//!         [--allowlist-file FILE] [--pin-env VAR]
//!
//! Without `--pin-env` the PIN is asked on this console for each signature. Pairing requests are
//! shown on the console with their code; `y` + Enter approves the oldest one (only when the PIN
//! does not come from the console; otherwise pre-seed the allowlist).

use std::io::BufRead;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut config = vanban_bridge::Config {
        module: "/usr/lib/softhsm/libsofthsm2.so".to_owned(),
        port: 9797,
        allowlist: Vec::new(),
        insecure_origins: Vec::new(),
        pin: vanban_bridge::PinSource::Console,
        allowlist_file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--module" => config.module = value(),
            "--port" => match value().parse() {
                Ok(p) => config.port = p,
                Err(_) => return usage("--port needs a number"),
            },
            "--allow" => config.allowlist.push(value()),
            "--allow-insecure" => {
                let o = value();
                config.insecure_origins.push(o.clone());
                config.allowlist.push(o);
            }
            "--allowlist-file" => config.allowlist_file = Some(value()),
            "--pin-env" => {
                let var = value();
                match std::env::var(&var) {
                    Ok(pin) => config.pin = vanban_bridge::PinSource::Fixed(pin),
                    Err(_) => return usage(&format!("the environment variable {var} is not set")),
                }
            }
            "--help" | "-h" => return usage(""),
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let console_pin = matches!(config.pin, vanban_bridge::PinSource::Console);
    let bridge = match vanban_bridge::serve(config) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("vanban-bridge: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "vanban-bridge listening on http://127.0.0.1:{}",
        bridge.port
    );
    if console_pin {
        // The console belongs to PIN prompts; keep the process alive.
        loop {
            std::thread::park();
        }
    }
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if let Some((origin, _)) = bridge.pending_pairings().into_iter().next() {
            if line.trim().eq_ignore_ascii_case("y") {
                bridge.approve(&origin);
                eprintln!("vanban-bridge: {origin} may now use your signing token");
            } else {
                bridge.refuse(&origin);
                eprintln!("vanban-bridge: {origin} refused");
            }
        }
    }
    // stdin closed (run as a service): keep serving.
    loop {
        std::thread::park();
    }
}

fn usage(message: &str) -> ExitCode {
    if !message.is_empty() {
        eprintln!("vanban-bridge: {message}");
    }
    eprintln!(
        "usage: vanban-bridge --module PKCS11.so [--port 9797] [--allow ORIGIN]... \
         [--allow-insecure http://ORIGIN]... [--allowlist-file FILE] [--pin-env VAR]"
    );
    if message.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
