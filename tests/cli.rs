//! The `vanban hash` CLI prints exactly what coreutils' `sha256sum` / `sha1sum` / `sha512sum`
//! print for the same files (an independent implementation computes the expected lines).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo test` builds the examples beside the test binaries: target/<profile>/examples/vanban.
fn cli() -> Command {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = profile_dir.join("examples").join("vanban");
    assert!(
        bin.is_file(),
        "example binary not built at {}",
        bin.display()
    );
    Command::new(bin)
}

/// Written once per test binary: the tests run in parallel threads and must not see a file
/// half-written by another.
fn fixtures() -> (PathBuf, Vec<String>) {
    static ONCE: std::sync::OnceLock<(PathBuf, Vec<String>)> = std::sync::OnceLock::new();
    ONCE.get_or_init(write_fixtures).clone()
}

fn write_fixtures() -> (PathBuf, Vec<String>) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-hash");
    std::fs::create_dir_all(&dir).unwrap();
    let mut big = Vec::with_capacity(3_000_017);
    let mut x: u32 = 12345;
    for _ in 0..3_000_017 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        big.push((x >> 16) as u8);
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.bin", Vec::new()),
        ("abc.txt", b"abc".to_vec()),
        (
            "công văn số 1.txt",
            "Cộng hòa xã hội chủ nghĩa Việt Nam\n".as_bytes().to_vec(),
        ),
        ("big.bin", big),
    ];
    let mut names = Vec::new();
    for (name, data) in files {
        std::fs::write(dir.join(name), data).unwrap();
        names.push(name.to_owned());
    }
    (dir, names)
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn hash_matches_coreutils_for_each_algorithm() {
    let (dir, names) = fixtures();
    for (algo, tool) in [
        ("sha256", "sha256sum"),
        ("sha1", "sha1sum"),
        ("sha384", "sha384sum"),
        ("sha512", "sha512sum"),
    ] {
        let (code, expected, _) = run(Command::new(tool).current_dir(&dir).args(&names));
        assert_eq!(code, 0, "{tool} failed");
        let mut ours = cli();
        ours.current_dir(&dir).arg("hash");
        if algo != "sha256" {
            ours.args(["--algo", algo]);
        }
        let (code, got, err) = run(ours.args(&names));
        assert_eq!(code, 0, "{err}");
        assert_eq!(got, expected, "{algo}");
    }
}

#[test]
fn json_has_every_digest_in_hex_and_base64() {
    let (dir, _) = fixtures();
    let (code, out, _) = run(cli().current_dir(&dir).args(["hash", "--json", "abc.txt"]));
    assert_eq!(code, 0);
    for needle in [
        "\"file\": \"abc.txt\"",
        "\"size\": 3",
        "\"SHA-1\": {\"hex\": \"a9993e364706816aba3e25717850c26c9cd0d89d\", \"base64\": \"qZk+NkcGgWq6PiVxeFDCbJzQ2J0=\"}",
        "\"SHA-256\": {\"hex\": \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
        "\"SHA-384\": {\"hex\": \"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\"",
        "\"SHA-512\": {\"hex\": \"ddaf35a193617aba",
    ] {
        assert!(out.contains(needle), "missing {needle} in {out}");
    }
}

#[test]
fn several_algorithms_print_tagged_lines_like_sha256sum_tag() {
    let (dir, _) = fixtures();
    let (code, expected, _) = run(Command::new("sha1sum")
        .current_dir(&dir)
        .args(["--tag", "abc.txt"]));
    assert_eq!(code, 0);
    let (code, out, _) =
        run(cli()
            .current_dir(&dir)
            .args(["hash", "--algo", "sha1,sha256", "abc.txt"]));
    assert_eq!(code, 0);
    // coreutils tags SHA1 without the dash; ours uses the WebCrypto name.
    assert_eq!(
        out.lines().next().unwrap(),
        expected.trim_end().replace("SHA1", "SHA-1")
    );
    assert!(out.contains("SHA-256 (abc.txt) = ba7816bf"));
}

#[test]
fn unreadable_file_is_reported_and_others_still_hashed() {
    let (dir, _) = fixtures();
    let (code, out, err) = run(cli()
        .current_dir(&dir)
        .args(["hash", "nope.bin", "abc.txt"]));
    assert_eq!(code, 1);
    assert!(err.contains("nope.bin"), "{err}");
    assert_eq!(
        out,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc.txt\n"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_problem() {
    let (code, _, err) = run(cli().args(["hash", "--algo", "md5", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown algorithm 'md5'"), "{err}");
    let (code, _, err) = run(cli().args(["hash"]));
    assert_eq!(code, 2);
    assert!(err.contains("no FILE"), "{err}");
    let (code, _, _) = run(cli().args(["frobnicate"]));
    assert_eq!(code, 2);
}

#[test]
fn inspect_lists_the_revisions_of_a_pdf() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-inspect");
    std::fs::create_dir_all(&dir).unwrap();
    // One revision with objects 1–2, then an incremental update redefining 2.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let o1 = pdf.len();
    pdf.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    let o2 = pdf.len();
    pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    let x1 = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 3\n0000000000 65535 f \n{o1:010} 00000 n \n{o2:010} 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{x1}\n%%EOF\n").as_bytes());
    let first_end = pdf.len();
    let o2b = pdf.len();
    pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 /Changed true >>\nendobj\n");
    let x2 = pdf.len();
    pdf.extend_from_slice(format!("xref\n2 1\n{o2b:010} 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R /Prev {x1} >>\nstartxref\n{x2}\n%%EOF\n").as_bytes());
    let path = dir.join("two-revisions.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let (code, out, err) = run(cli().arg("inspect").arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("{} bytes, 3 objects, 2 revision(s)\n", pdf.len())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  revision 1: bytes 0..{first_end}, xref at {x1}, defines 2 object(s): 1 2\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  revision 2: bytes 0..{}, xref at {x2}, defines 1 object(s): 2\n",
            pdf.len()
        )),
        "{out}"
    );
    let (code, _, err) = run(cli().arg("inspect").arg(dir.join("missing.pdf")));
    assert_eq!(code, 1);
    assert!(err.contains("missing.pdf"));
}

/// `vanban verify` on a detached `.p7s` of the corpus (DSS, dss-1344): with its content the
/// digest matches and the value verifies (no chain to the Vietnamese anchors: INDETERMINATE);
/// with other content it fails with HASH_FAILURE; the exit code is 0 either way; an unreadable
/// format exits 1.
#[test]
fn verify_reports_a_detached_cms_signature() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let base = dir.join("dss/dss-cades/validation/dss-1344");
    let sig = base.join("screenshot.png.signed_qes_detached.p7s");
    let (code, out, err) = run(cli()
        .args([
            "verify",
            "--json",
            "--at",
            "2020-11-01T00:00:00Z",
            "--content",
        ])
        .arg(base.join("screenshot.png"))
        .arg(&sig));
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &report["signatures"][0];
    assert_eq!(report["file"]["format"], "cms");
    assert_eq!(s["intact"], true, "{out}");
    assert_eq!(s["signatureValid"], true);
    assert_eq!(s["indication"], "INDETERMINATE");
    assert_eq!(s["subIndication"], "NO_CERTIFICATE_CHAIN_FOUND");
    let (code, out, _) = run(cli()
        .args(["verify", "--json", "--content"])
        .arg(&sig)
        .arg(&sig));
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["signatures"][0]["indication"], "TOTAL_FAILED");
    assert_eq!(report["signatures"][0]["subIndication"], "HASH_FAILURE");
    let (code, _, err) = run(cli().args(["verify"]).arg(base.join("screenshot.png")));
    assert_eq!(code, 1);
    assert!(err.contains("ERR_UNSUPPORTED_FORMAT"), "{err}");
    let (code, _, err) = run(cli().args(["verify", "--at", "tomorrow"]).arg(&sig));
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339"), "{err}");
}

#[test]
fn extract_gives_the_text_of_a_signed_revision() {
    // The demo PDF signed, then its page rewritten: what is displayed, and what was signed.
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cms/thong-bao-mau-da-ky-sua.pdf");
    let (code, shown, _) = run(cli().arg("extract").arg(&file));
    assert_eq!(code, 0);
    assert!(shown.contains("DA SUA SAU KHI KY"), "{shown}");
    let (code, signed, _) = run(cli().args(["extract", "--signed-revision", "1"]).arg(&file));
    assert_eq!(code, 0);
    assert!(
        !signed.contains("DA SUA SAU KHI KY") && !signed.trim().is_empty(),
        "{signed}"
    );
    let (code, _, err) = run(cli().args(["extract", "--signed-revision", "2"]).arg(&file));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no signature 2"), "{err}");
    let (code, _, _) = run(cli().args(["extract", "--signed-revision", "0"]).arg(&file));
    assert_eq!(code, 2);
    // `verify` says the displayed document is not the signed one.
    let anchor = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples/vanban-test-ca.pem");
    let (_, out, _) = run(cli()
        .args([
            "verify",
            "--no-default-trust",
            "--at",
            "2026-01-01T00:00:00Z",
            "--trust",
        ])
        .arg(&anchor)
        .arg(&file));
    assert!(
        out.contains("is NOT the revision signature 1 signed"),
        "{out}"
    );
}
