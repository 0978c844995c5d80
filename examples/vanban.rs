//! The native command line over the vanban core.
//!
//! ```text
//! vanban hash [--algo sha256,sha512] [--json] FILE...
//! vanban extract [--format text|markdown|json] [--omit-stamps] [--signed-revision N] FILE
//! vanban inspect FILE.pdf
//! ```
//!
//! `extract` prints the text of a document (DOCX or PDF), its format detected from the content;
//! what the reader should know (a PDF page without a text layer) goes to stderr.
//! `inspect` prints the structure of a PDF: its revisions (incremental updates) and the objects
//! each one defines, whether the cross-reference data had to be repaired, and encryption.
//!
//! `hash` with one algorithm prints `HEX  FILE` lines exactly like `sha256sum`; with several it
//! prints tagged lines (`SHA-256 (FILE) = HEX`, like `sha256sum --tag`); `--json` prints every
//! requested digest (all four when `--algo` is not given) in hex and base64. `-` reads standard
//! input. Exit status: 0 when every file was hashed, 1 when a file could not be read (the others
//! are still hashed), 2 for a usage error.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use vanban::hash::{Algorithm, Digest, MultiHasher};

const USAGE: &str = "usage: vanban hash [--algo sha1,sha256,sha384,sha512] [--json] FILE...\n       vanban extract [--format text|markdown|json] [--omit-stamps] [--signed-revision N] FILE\n       vanban inspect FILE.pdf\n       vanban verify [--content FILE] [--trust PEM]... [--no-default-trust] [--at RFC3339] [--weak-indeterminate] [--json] FILE\n       vanban sign --pkcs12 FILE.p12 --password-env VAR [--reason TEXT] [--location TEXT] [--contact TEXT] [--field NAME] [--crl FILE]... [--at RFC3339] [--appearance invisible|text] [--line TEXT]... [--image FILE.png --rect X1,Y1,X2,Y2] [--page N] IN.pdf OUT.pdf\n";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.split_first() {
        Some((cmd, rest)) if cmd == "hash" => hash_command(rest),
        Some((cmd, rest)) if cmd == "extract" => extract_command(rest),
        Some((cmd, rest)) if cmd == "inspect" => inspect_command(rest),
        Some((cmd, rest)) if cmd == "verify" => verify_command(rest),
        Some((cmd, rest)) if cmd == "sign" => sign_command(rest),
        Some((flag, _)) if flag == "--help" || flag == "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a command"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprint!("vanban: {message}\n{USAGE}");
    ExitCode::from(2)
}

struct HashArgs {
    algorithms: Vec<Algorithm>,
    json: bool,
    files: Vec<OsString>,
}

fn parse_hash_args(args: &[OsString]) -> Result<HashArgs, String> {
    let mut algorithms = None;
    let mut json = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    let mut only_files = false;
    while let Some(raw) = it.next() {
        let arg = raw.to_string_lossy();
        let value_of_algo = if only_files {
            None
        } else if arg == "--algo" {
            Some(
                it.next()
                    .ok_or("--algo needs a value")?
                    .to_string_lossy()
                    .into_owned(),
            )
        } else {
            arg.strip_prefix("--algo=").map(str::to_owned)
        };
        if let Some(list) = value_of_algo {
            let parsed = list
                .split(',')
                .map(|name| {
                    Algorithm::from_name(name).map_err(|_| format!("unknown algorithm '{name}'"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            algorithms = Some(parsed);
        } else if !only_files && arg == "--json" {
            json = true;
        } else if !only_files && arg == "--" {
            only_files = true;
        } else if !only_files && arg.starts_with("--") {
            return Err(format!("unknown option '{arg}'"));
        } else {
            files.push(raw.clone());
        }
    }
    if files.is_empty() {
        return Err("no FILE given".into());
    }
    let algorithms = algorithms.unwrap_or_else(|| {
        if json {
            Algorithm::ALL.to_vec()
        } else {
            vec![Algorithm::Sha256]
        }
    });
    Ok(HashArgs {
        algorithms,
        json,
        files,
    })
}

fn hash_command(args: &[OsString]) -> ExitCode {
    let args = match parse_hash_args(args) {
        Ok(a) => a,
        Err(message) => return usage_error(&message),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    let mut json_items = Vec::new();
    for raw in &args.files {
        let name = raw.to_string_lossy();
        match hash_file(raw, &args.algorithms) {
            Ok((size, digests)) => {
                let line = if args.json {
                    json_items.push(json_item(&name, size, &digests));
                    continue;
                } else if let [only] = digests.as_slice() {
                    format!("{}  {}\n", only.to_hex(), name)
                } else {
                    digests
                        .iter()
                        .map(|d| format!("{} ({}) = {}\n", d.algorithm(), name, d.to_hex()))
                        .collect()
                };
                if out.write_all(line.as_bytes()).is_err() {
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("vanban: {name}: {e}");
                failed = true;
            }
        }
    }
    if args.json {
        let doc = format!("[{}]\n", json_items.join(",\n "));
        if out.write_all(doc.as_bytes()).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn hash_file(name: &OsString, algorithms: &[Algorithm]) -> io::Result<(u64, Vec<Digest>)> {
    let mut hasher = MultiHasher::new(algorithms).map_err(io::Error::other)?;
    let mut reader: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(name)?)
    };
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    let size = hasher.bytes_hashed();
    Ok((size, hasher.finalize()))
}

fn json_item(name: &str, size: u64, digests: &[Digest]) -> String {
    let fields: Vec<String> = digests
        .iter()
        .map(|d| {
            format!(
                "\"{}\": {{\"hex\": \"{}\", \"base64\": \"{}\"}}",
                d.algorithm(),
                d.to_hex(),
                d.to_base64()
            )
        })
        .collect();
    format!(
        "{{\"file\": {}, \"size\": {}, \"digests\": {{{}}}}}",
        json_string(name),
        size,
        fields.join(", ")
    )
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    vanban::extract::model::json_string(s, &mut out);
    out
}

fn extract_command(args: &[OsString]) -> ExitCode {
    let mut format = "text".to_owned();
    let mut omit_stamps = false;
    let mut signed_revision = None;
    let mut file = None;
    let mut it = args.iter();
    while let Some(raw) = it.next() {
        let arg = raw.to_string_lossy();
        if arg == "--format" {
            match it.next() {
                Some(v) => format = v.to_string_lossy().into_owned(),
                None => return usage_error("--format needs a value"),
            }
        } else if let Some(v) = arg.strip_prefix("--format=") {
            format = v.to_owned();
        } else if arg == "--omit-stamps" {
            omit_stamps = true;
        } else if arg == "--signed-revision" {
            match it.next().map(|v| v.to_string_lossy().parse::<usize>()) {
                Some(Ok(n)) if n >= 1 => signed_revision = Some(n - 1),
                _ => {
                    return usage_error(
                        "--signed-revision needs a signature number (1 for the first, as `vanban verify` counts)",
                    )
                }
            }
        } else if arg.starts_with("--") {
            return usage_error(&format!("unknown option '{arg}'"));
        } else if file.replace(raw.clone()).is_some() {
            return usage_error("extract takes one FILE");
        }
    }
    let Some(file) = file else {
        return usage_error("no FILE given");
    };
    if !matches!(format.as_str(), "text" | "markdown" | "md" | "json") {
        return usage_error(&format!("unknown format '{format}' (text, markdown, json)"));
    }
    let name = file.to_string_lossy();
    let data = match std::fs::read(&file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("vanban: {name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let limits = vanban::Limits::default();
    let data = match signed_revision {
        None => data.as_slice(),
        Some(i) => match vanban::verify::pdf::signed_revision(&data, i, &limits) {
            Ok(d) => d,
            Err(e) => {
                eprintln!(
                    "vanban: {name}: there is no signature {} whose signed revision can be read ({})",
                    i + 1,
                    e.code()
                );
                return ExitCode::FAILURE;
            }
        },
    };
    let doc = match vanban::extract::extract(data, &limits) {
        Ok(d) if omit_stamps => d.without_signature_stamps(),
        Ok(d) => d,
        Err(e) => {
            eprintln!("vanban: {name}: {e} ({})", e.code());
            return ExitCode::FAILURE;
        }
    };
    for notice in &doc.notices {
        eprintln!("vanban: {name}: {}", notice.describe());
    }
    let out = match format.as_str() {
        "json" => doc.to_json() + "\n",
        "markdown" | "md" => doc.to_markdown(),
        _ => doc.to_text(),
    };
    if io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn inspect_command(args: &[OsString]) -> ExitCode {
    let [file] = args else {
        return usage_error("inspect takes one FILE");
    };
    let name = file.to_string_lossy();
    let data = match std::fs::read(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("vanban: {name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let pdf = match vanban::container::pdf::Pdf::parse(&data, &vanban::Limits::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("vanban: {name}: {e} ({})", e.code());
            return ExitCode::FAILURE;
        }
    };
    let mut out = format!(
        "{name}: {} bytes, {} objects, {} revision(s){}{}\n",
        data.len(),
        pdf.object_count(),
        pdf.revisions().len(),
        if pdf.repaired() {
            ", cross-reference data repaired by scanning"
        } else {
            ""
        },
        if pdf.encrypted() { ", encrypted" } else { "" },
    );
    for (i, r) in pdf.revisions().iter().enumerate() {
        let mut nums: Vec<u32> = r
            .objects
            .iter()
            .filter(|(_, e)| !matches!(e, vanban::container::pdf::XrefEntry::Free))
            .map(|(n, _)| *n)
            .collect();
        nums.sort_unstable();
        let shown: Vec<String> = nums.iter().take(20).map(u32::to_string).collect();
        let more = if nums.len() > 20 {
            format!(" … (+{})", nums.len() - 20)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  revision {}: bytes 0..{}, xref at {}, defines {} object(s): {}{}\n",
            i + 1,
            r.end,
            r.xref_offset,
            nums.len(),
            shown.join(" "),
            more
        ));
    }
    if data.len() > pdf.revisions().last().map_or(0, |r| r.end) {
        out.push_str(&format!(
            "  {} byte(s) after the last revision\n",
            data.len() - pdf.revisions().last().map_or(0, |r| r.end)
        ));
    }
    if io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `verify`: the report of every signature of a CMS file (`.p7s` with `--content`, `.p7m`).
/// Exit code 0 whatever the verdict; 1 when the input cannot be read; 2 for usage errors.
fn verify_command(args: &[OsString]) -> ExitCode {
    let mut content = None;
    let mut trust_files = Vec::new();
    let mut default_trust = true;
    let mut at = None;
    let mut json = false;
    let mut weak_indeterminate = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(raw) = it.next() {
        let arg = raw.to_string_lossy();
        match arg.as_ref() {
            "--content" => match it.next() {
                Some(v) => content = Some(v.clone()),
                None => return usage_error("--content needs a FILE"),
            },
            "--trust" => match it.next() {
                Some(v) => trust_files.push(v.clone()),
                None => return usage_error("--trust needs a PEM or DER file"),
            },
            "--no-default-trust" => default_trust = false,
            "--json" => json = true,
            "--weak-indeterminate" => weak_indeterminate = true,
            "--at" => match it.next().map(|v| v.to_string_lossy().into_owned()) {
                Some(v) => match vanban::verify::parse_rfc3339(&v) {
                    Some(t) => at = Some(t),
                    None => {
                        return usage_error(&format!(
                            "--at '{v}' is not an RFC 3339 time (e.g. 2020-11-01T00:00:00Z)"
                        ))
                    }
                },
                None => return usage_error("--at needs a time"),
            },
            a if a.starts_with("--") => return usage_error(&format!("unknown option '{a}'")),
            _ => {
                if file.replace(raw.clone()).is_some() {
                    return usage_error("verify takes one FILE");
                }
            }
        }
    }
    let Some(file) = file else {
        return usage_error("no FILE given");
    };
    let read = |f: &OsString| {
        std::fs::read(f).map_err(|e| {
            eprintln!("vanban: {}: {e}", f.to_string_lossy());
            ExitCode::FAILURE
        })
    };
    let data = match read(&file) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let content = match content.as_ref().map(read).transpose() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut store = if default_trust {
        vanban::pki::path::TrustStore::vietnam()
    } else {
        vanban::pki::path::TrustStore::empty()
    };
    for t in &trust_files {
        let bytes = match read(t) {
            Ok(b) => b,
            Err(code) => return code,
        };
        if let Err(e) = store.add(&bytes) {
            eprintln!("vanban: {}: {e} ({})", t.to_string_lossy(), e.code());
            return ExitCode::FAILURE;
        }
    }
    // The core reads no clock: the CLI passes "now" unless --at says otherwise.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let mut policy = vanban::pki::algorithm::AlgorithmPolicy::default();
    if weak_indeterminate {
        policy.weak = vanban::pki::algorithm::WeakOutcome::Indeterminate;
    }
    let limits = vanban::Limits::default();
    let name = std::path::Path::new(&file).file_name().map_or_else(
        || file.to_string_lossy().into_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = vanban::verify::VerifyOptions {
        detached_content: content.as_deref(),
        ..vanban::verify::VerifyOptions::new(&store, at.unwrap_or(now), &policy, &limits)
    };
    let report = match vanban::verify::verify(&data, &name, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vanban: {name}: {e} ({})", e.code());
            return ExitCode::FAILURE;
        }
    };
    let mut out = String::new();
    if json {
        out = report.to_json();
        out.push('\n');
    } else {
        for (i, s) in report.signatures.iter().enumerate() {
            let (indication, sub) = s.indication();
            out.push_str(&format!(
                "signature {}{}: {}{}\n",
                i + 1,
                s.counter_signature_of
                    .map(|p| format!(" (counter-signature of signature {})", p + 1))
                    .unwrap_or_default(),
                indication.name(),
                sub.map(|x| format!(" / {}", x.name())).unwrap_or_default()
            ));
            if let Some(signer) = &s.signer {
                out.push_str(&format!("  signer: {}\n", signer.subject));
            }
            if let Some(t) = &s.claimed_signing_time {
                out.push_str(&format!("  claimed signing time: {t}\n"));
            }
            if let Some(t) = &s.timestamp {
                out.push_str(&format!("  timestamp (proven): {} by {}\n", t.time, t.tsa));
            }
            for w in &s.warnings {
                out.push_str(&format!("  warning: {w}\n"));
            }
            for c in &s.checks {
                out.push_str(&format!("  [{}] {}: {}\n", c.result.name(), c.id, c.detail));
            }
        }
        if report.signatures.is_empty() {
            out.push_str("no signatures\n");
        }
        if let Some(d) = &report.document {
            out.push_str(&format!(
                "document: {} revision(s); {}\n",
                d.revisions,
                match (d.displayed_is_signed, d.last_signature) {
                    (Some(true), Some(i)) => format!(
                        "what is displayed is the revision signature {} signed",
                        i + 1
                    ),
                    (Some(false), Some(i)) => format!(
                        "what is displayed is NOT the revision signature {} signed \
                         (`vanban extract --signed-revision {}` gives that one's text)",
                        i + 1,
                        i + 1
                    ),
                    _ => "what was signed cannot be told".to_owned(),
                }
            ));
            for w in &d.warnings {
                out.push_str(&format!("  [warning] {w}\n"));
            }
        }
    }
    if io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `vanban sign`: a PDF signed with the key of a PKCS#12 file (PAdES B-B, ETSI.CAdES.detached,
/// an invisible signature field), through the same prepare / finish as the browser, then checked
/// by the verifier: the output is written only when the new signature is intact and its value
/// verifies.
fn sign_command(args: &[OsString]) -> ExitCode {
    let mut pkcs12 = None;
    let mut password_env = None;
    let mut reason = None;
    let mut location = None;
    let mut contact = None;
    let mut field = None;
    let mut crls = Vec::new();
    let mut at = None;
    let mut visible = false;
    let mut lines = Vec::new();
    let mut page = 1usize;
    let mut image = None;
    let mut rect = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(raw) = it.next() {
        let arg = raw.to_string_lossy();
        let mut value = |what: &str| {
            it.next()
                .map(|v| v.to_string_lossy().into_owned())
                .ok_or_else(|| usage_error(&format!("{arg} needs {what}")))
        };
        let parsed = match arg.as_ref() {
            "--pkcs12" => value("a FILE").map(|v| pkcs12 = Some(v)),
            "--password-env" => {
                value("the name of an environment variable").map(|v| password_env = Some(v))
            }
            "--reason" => value("a TEXT").map(|v| reason = Some(v)),
            "--location" => value("a TEXT").map(|v| location = Some(v)),
            "--contact" => value("a TEXT").map(|v| contact = Some(v)),
            "--field" => value("a NAME").map(|v| field = Some(v)),
            "--crl" => value("a FILE").map(|v| crls.push(v)),
            "--appearance" => value("invisible or text").and_then(|v| match v.as_str() {
                "invisible" => {
                    visible = false;
                    Ok(())
                }
                "text" => {
                    visible = true;
                    Ok(())
                }
                _ => Err(usage_error("--appearance is invisible or text")),
            }),
            "--line" => value("a TEXT").map(|v| {
                visible = true;
                lines.push(v);
            }),
            "--image" => value("a PNG file").map(|v| image = Some(v)),
            "--rect" => value("X1,Y1,X2,Y2").and_then(|v| {
                let n: Vec<f64> = v.split(',').filter_map(|p| p.trim().parse().ok()).collect();
                match n.as_slice() {
                    [a, b, c, d] => {
                        rect = Some([*a, *b, *c, *d]);
                        Ok(())
                    }
                    _ => Err(usage_error(
                        "--rect needs four numbers: X1,Y1,X2,Y2 (points)",
                    )),
                }
            }),
            "--page" => value("a page number").and_then(|v| match v.parse::<usize>() {
                Ok(n) if n >= 1 => {
                    page = n;
                    Ok(())
                }
                _ => Err(usage_error("--page needs a page number from 1")),
            }),
            "--at" => value("a time").and_then(|v| match vanban::verify::parse_rfc3339(&v) {
                Some(t) => {
                    at = Some(t);
                    Ok(())
                }
                None => Err(usage_error(&format!(
                    "--at '{v}' is not an RFC 3339 time (e.g. 2026-01-01T00:00:00Z)"
                ))),
            }),
            a if a.starts_with("--") => Err(usage_error(&format!("unknown option '{a}'"))),
            _ => {
                files.push(raw.clone());
                Ok(())
            }
        };
        if let Err(code) = parsed {
            return code;
        }
    }
    let [input, output] = files.as_slice() else {
        return usage_error("sign takes IN.pdf and OUT.pdf");
    };
    let Some(pkcs12) = pkcs12 else {
        return usage_error("--pkcs12 FILE is required");
    };
    let Some(password_env) = password_env else {
        return usage_error("--password-env VAR is required (the password is read from that variable, never from the command line)");
    };
    let Ok(password) = std::env::var(&password_env) else {
        eprintln!("vanban: the environment variable {password_env} is not set");
        return ExitCode::FAILURE;
    };
    let fail = |what: &str, e: vanban::error::Error| {
        eprintln!("vanban: {what}: {e} ({})", e.code());
        ExitCode::FAILURE
    };
    let read = |f: &std::path::Path| {
        std::fs::read(f).map_err(|e| {
            eprintln!("vanban: {}: {e}", f.display());
            ExitCode::FAILURE
        })
    };
    let store = match read(std::path::Path::new(&pkcs12)) {
        Ok(b) => match vanban::sign::pkcs12::read(&b, &password) {
            Ok(s) => s,
            Err(e) => return fail(&pkcs12, e),
        },
        Err(code) => return code,
    };
    let pdf = match read(std::path::Path::new(input)) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut crl_bytes = Vec::new();
    for c in &crls {
        match read(std::path::Path::new(c)) {
            Ok(b) => crl_bytes.push(b),
            Err(code) => return code,
        }
    }
    let png = match &image {
        Some(f) => match read(std::path::Path::new(f)) {
            Ok(b) => Some(b),
            Err(code) => return code,
        },
        None => None,
    };
    if png.is_some() && rect.is_none() {
        return usage_error("--image needs --rect X1,Y1,X2,Y2 (where on the page, in points)");
    }
    let now = at.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    let limits = vanban::Limits::default();
    let options = vanban::sign::pdf::Options {
        chain: &store.certificates,
        signing_time: now,
        reason: reason.as_deref(),
        location: location.as_deref(),
        contact_info: contact.as_deref(),
        name: None,
        field_name: field.as_deref(),
        digest: vanban::pki::algorithm::DigestAlgorithm::Sha256,
        scheme: None,
        timestamp_room: false,
        revocation_room: crl_bytes.iter().map(Vec::len).sum(),
        // Text: the lines given, or who signed, the organisation and the time (Decree 30's
        // mark), at the top right of the page.
        appearance: if let (Some(png), Some(rect)) = (png, rect) {
            vanban::sign::appearance::Appearance::Image {
                page: page - 1,
                rect,
                png,
            }
        } else if visible {
            vanban::sign::appearance::Appearance::Text {
                page: page - 1,
                rect,
                lines,
                font_size: 10.0,
            }
        } else {
            vanban::sign::appearance::Appearance::Invisible
        },
    };
    let prepared = match vanban::sign::pdf::prepare(&pdf, &options, &limits) {
        Ok(p) => p,
        Err(e) => return fail(&input.to_string_lossy(), e),
    };
    let signature =
        match store.sign_digest(prepared.scheme, prepared.digest_algorithm, &prepared.digest) {
            Ok(s) => s,
            Err(e) => return fail("signing", e),
        };
    let extras = vanban::sign::cms::Extras {
        timestamp_token: None,
        crls: &crl_bytes,
        ocsp_responses: &[],
    };
    let signed = match vanban::sign::pdf::finish(&prepared.state, &signature, &extras) {
        Ok(s) => s,
        Err(e) => return fail("embedding the signature", e),
    };
    // The new signature must verify (whether its signer is trusted is the reader's business).
    let trust = vanban::pki::path::TrustStore::empty();
    let policy = vanban::pki::algorithm::AlgorithmPolicy::default();
    let check = vanban::verify::VerifyOptions::new(&trust, now, &policy, &limits);
    match vanban::verify::verify(&signed, "signed.pdf", &check) {
        Ok(report)
            if report
                .signatures
                .last()
                .is_some_and(|s| s.intact == Some(true) && s.signature_valid == Some(true)) => {}
        Ok(_) => {
            eprintln!("vanban: the new signature does not verify; nothing written");
            return ExitCode::FAILURE;
        }
        Err(e) => return fail("checking the signed PDF", e),
    }
    if let Err(e) = std::fs::write(output, &signed) {
        eprintln!("vanban: {}: {e}", output.to_string_lossy());
        return ExitCode::FAILURE;
    }
    println!(
        "signed {} → {} ({} bytes) as \"{}\"",
        input.to_string_lossy(),
        output.to_string_lossy(),
        signed.len(),
        store
            .certificates
            .first()
            .map(|c| c.subject())
            .unwrap_or_default()
    );
    ExitCode::SUCCESS
}
