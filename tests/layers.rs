//! The layers point one way (ARCHITECTURE.md): bytes → container → extract / verify / sign →
//! report, with the shared base below everything and `wasm` (which only converts) on top. This
//! test reads every source file and fails when a module names a module above it.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module and the modules it may use (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("limits", &["error"]),
    ("hash", &["error"]),
    ("json", &[]),
    ("time", &[]),
    ("text", &[]),
    ("report", &["json"]),
    (
        "container",
        &["error", "limits", "hash", "json", "time", "text", "report"],
    ),
    (
        "pki",
        &["error", "limits", "hash", "json", "time", "text", "report"],
    ),
    (
        "extract",
        &[
            "error",
            "limits",
            "hash",
            "json",
            "time",
            "text",
            "report",
            "container",
        ],
    ),
    (
        "verify",
        &[
            "error",
            "limits",
            "hash",
            "json",
            "time",
            "text",
            "report",
            "container",
            "pki",
        ],
    ),
    (
        "sign",
        &[
            "error",
            "limits",
            "hash",
            "json",
            "time",
            "text",
            "report",
            "container",
            "pki",
        ],
    ),
];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules named by `crate::x` and `use crate::{x, …}` in `source`.
fn named(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn no_module_names_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some(ok) = allowed.get(top.as_str()) else {
            continue; // lib.rs, wasm/ (the top), js/
        };
        seen += 1;
        // Comments (doc links included) do not import anything.
        let text: String = std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for m in named(&text) {
            if m != top && allowed.contains_key(m.as_str()) && !ok.contains(&m.as_str()) {
                wrong.push(format!("{} names crate::{m}", rel.display()));
            }
        }
    }
    assert!(seen > 50, "only {seen} files checked");
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "layer back-edges:\n{}", wrong.join("\n"));
}
