//! `vanban-bridge`: runs the reference token bridge (see the library docs and the README).
//!
//!     vanban-bridge --module /usr/lib/softhsm/libsofthsm2.so [--port 9797]
//!         [--allow https://portal.example]... [--allow-insecure http://127.0.0.1:8080]...
//!         [--dev-origin http://127.0.0.1:8080]... [--allowlist-file FILE] [--pin-timeout SECONDS]
//!         [--pin-env VAR --unattended [--test-profile]]
//!
//! `--allow-insecure` pre-pairs an http origin (development); `--dev-origin` lets an http origin
//! pair as https ones do, with the code.
//!
//! The PIN is asked on this console for each signature, with the requesting site, the
//! certificate, the document's name and the digest's fingerprint. A site pairs by typing into its
//! page the code this console shows for it. `--pin-env VAR --unattended` takes the PIN from the
//! environment and asks nobody: then only the development origins of `--allow-insecure` may
//! sign, unless `--test-profile` (automated tests on a test token) allows https ones too.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut config = vanban_bridge::Config::new("/usr/lib/softhsm/libsofthsm2.so");
    let mut pin_var = None;
    let mut unattended = false;
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
            "--dev-origin" => config.insecure_origins.push(value()),
            "--pin-timeout" => match value().parse() {
                Ok(s) if s > 0 => config.pin_timeout = std::time::Duration::from_secs(s),
                _ => return usage("--pin-timeout needs a number of seconds"),
            },
            "--allowlist-file" => config.allowlist_file = Some(value()),
            "--pin-env" => pin_var = Some(value()),
            "--unattended" => unattended = true,
            "--test-profile" => config.test_profile = true,
            "--help" | "-h" => return usage(""),
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    match (pin_var, unattended) {
        (Some(var), true) => match std::env::var(&var) {
            Ok(pin) => config.pin = vanban_bridge::PinSource::Fixed(pin),
            Err(_) => return usage(&format!("the environment variable {var} is not set")),
        },
        (Some(_), false) => {
            return usage(
                "--pin-env signs without asking anyone; add --unattended to say that is meant",
            )
        }
        (None, true) => return usage("--unattended needs --pin-env VAR"),
        (None, false) => {}
    }
    if config.test_profile && !unattended {
        return usage("--test-profile goes with --pin-env VAR --unattended");
    }
    if unattended {
        eprintln!(
            "vanban-bridge: WARNING: unattended — the PIN comes from the environment and nobody is asked \
             before a signature. Only these development origins may sign: {}.",
            if config.insecure_origins.is_empty() {
                "none".to_owned()
            } else {
                config.insecure_origins.join(", ")
            }
        );
        if config.test_profile {
            eprintln!(
                "vanban-bridge: WARNING: test profile — paired https origins may sign unattended too. \
                 Use it only with a test token."
            );
        }
    }
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
         [--allow-insecure http://ORIGIN]... [--dev-origin http://ORIGIN]... [--allowlist-file FILE] \
         [--pin-timeout SECONDS] [--pin-env VAR --unattended [--test-profile]]"
    );
    if message.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
