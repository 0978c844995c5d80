//! Open Packaging Conventions (ECMA-376 Part 2): parts, content types and relationships over
//! the hardened [`zip`](super::zip) reader.

use std::collections::HashMap;

use super::xml::{self, XmlEvent, XmlReader};
use super::zip::Archive;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::{Budget, Limits};

/// The relationship type of the main document part.
pub const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
/// Strict OOXML spelling of the same.
pub const REL_OFFICE_DOCUMENT_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";

/// One relationship of a part (ECMA-376 Part 2, 9.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relationship {
    /// `Id`, unique within the source part.
    pub id: String,
    /// `Type`, a URI.
    pub rel_type: String,
    /// For internal targets, the resolved part name without the leading `/`; for external ones,
    /// the target as written (a URL).
    pub target: String,
    /// `TargetMode="External"`.
    pub external: bool,
}

/// An opened package: the archive, its content types, and a budget shared by every part read.
pub struct Package<'a> {
    archive: Archive<'a>,
    limits: Limits,
    budget: Budget,
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl<'a> Package<'a> {
    /// Opens a package. Fails with `UnsupportedFormat` when the bytes are not a ZIP, and with
    /// `Malformed` when `[Content_Types].xml` is missing or broken.
    pub fn open(data: &'a [u8], limits: &Limits) -> Result<Self> {
        let archive = Archive::parse(data, limits)?;
        let mut package = Self {
            archive,
            limits: limits.clone(),
            budget: Budget::new(
                limits.max_decompressed_bytes_total,
                "max_decompressed_bytes_total",
            ),
            defaults: HashMap::new(),
            overrides: HashMap::new(),
        };
        let types =
            package
                .read_part("[Content_Types].xml")?
                .ok_or(Error::new(ErrorKind::Malformed {
                    what: "OPC package without [Content_Types].xml",
                }))?;
        let text = xml::decode(&types)?;
        let mut r = XmlReader::new(&text, limits);
        while let Some(event) = r.next_event()? {
            if let XmlEvent::Start(el) = event {
                match el.local() {
                    "Default" => {
                        if let (Some(ext), Some(ct)) =
                            (el.attr("Extension"), el.attr("ContentType"))
                        {
                            package.defaults.insert(ext.to_ascii_lowercase(), ct);
                        }
                    }
                    "Override" => {
                        if let (Some(name), Some(ct)) =
                            (el.attr("PartName"), el.attr("ContentType"))
                        {
                            package.overrides.insert(normalize(&name), ct);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(package)
    }

    /// The limits the package was opened with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The bytes of the part `name` (no leading `/`, case-insensitive), or `None` if absent.
    pub fn read_part(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let name = name.trim_start_matches('/');
        match self.archive.find(name) {
            Some(entry) => {
                let entry = entry.clone();
                self.archive
                    .read(&entry, &self.limits, &mut self.budget)
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    /// The content type of a part: its override, else the default for its extension.
    pub fn content_type(&self, name: &str) -> Option<&str> {
        let key = normalize(name);
        if let Some(ct) = self.overrides.get(&key) {
            return Some(ct);
        }
        let ext = key.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).map(String::as_str)
    }

    /// The relationships of `source` (`""` for the package itself), from its `_rels` part.
    /// A part without relationships has none; a broken relationships part is an error.
    pub fn relationships(&mut self, source: &str) -> Result<Vec<Relationship>> {
        let source = source.trim_start_matches('/');
        let (dir, file) = source.rsplit_once('/').unwrap_or(("", source));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(bytes) = self.read_part(&rels_name)? else {
            return Ok(Vec::new());
        };
        let text = xml::decode(&bytes)?;
        let mut r = XmlReader::new(&text, &self.limits);
        let mut out = Vec::new();
        while let Some(event) = r.next_event()? {
            let XmlEvent::Start(el) = event else { continue };
            if el.local() != "Relationship" {
                continue;
            }
            let (Some(id), Some(rel_type), Some(target)) =
                (el.attr("Id"), el.attr("Type"), el.attr("Target"))
            else {
                continue;
            };
            let external = el
                .attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External"));
            let target = if external {
                target
            } else {
                resolve(dir, &target)
            };
            out.push(Relationship {
                id,
                rel_type,
                target,
                external,
            });
        }
        Ok(out)
    }

    /// The main document part named by the package relationships.
    pub fn main_document(&mut self) -> Result<String> {
        self.relationships("")?
            .into_iter()
            .find(|r| {
                !r.external
                    && (r.rel_type == REL_OFFICE_DOCUMENT
                        || r.rel_type == REL_OFFICE_DOCUMENT_STRICT)
            })
            .map(|r| r.target)
            .ok_or(Error::new(ErrorKind::Malformed {
                what: "OPC package without an officeDocument relationship",
            }))
    }
}

fn normalize(name: &str) -> String {
    name.trim_start_matches('/').to_ascii_lowercase()
}

/// Resolves a relative target against the directory of its source part: `../x`, `./x`, and an
/// absolute `/x`; never climbs above the package root.
pub fn resolve(dir: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::zip::tests::build_zip;

    #[test]
    fn resolves_targets() {
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/document.xml"), "word/document.xml");
        assert_eq!(resolve("", "../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn opens_a_package_and_finds_the_main_document() {
        let ct = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let doc_rels = br#"<Relationships><Relationship Id="rId5" Type="t" Target="http://x.vn/?a=1&amp;b=2" TargetMode="External"/><Relationship Id="rId6" Type="t" Target="styles.xml"/></Relationships>"#;
        let zip = build_zip(&[
            ("[Content_Types].xml", ct, true),
            ("_rels/.rels", rels, false),
            ("word/document.xml", b"<w:document/>", true),
            ("word/_rels/document.xml.rels", doc_rels, true),
        ]);
        let mut p = Package::open(&zip, &Limits::default()).unwrap();
        assert_eq!(p.main_document().unwrap(), "word/document.xml");
        assert_eq!(
            p.content_type("/word/document.xml"),
            Some(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            )
        );
        assert_eq!(p.content_type("word/other.xml"), Some("application/xml"));
        let r = p.relationships("word/document.xml").unwrap();
        assert_eq!(r[0].target, "http://x.vn/?a=1&b=2");
        assert!(r[0].external);
        assert_eq!(r[1].target, "word/styles.xml");
        assert_eq!(
            p.read_part("/WORD/document.xml").unwrap().unwrap(),
            b"<w:document/>"
        );
        assert!(p.read_part("nope").unwrap().is_none());
    }

    #[test]
    fn a_zip_without_content_types_is_not_a_package() {
        let zip = build_zip(&[("a.txt", b"x", false)]);
        assert_eq!(
            Package::open(&zip, &Limits::default())
                .err()
                .map(|e| e.code()),
            Some("ERR_MALFORMED")
        );
    }
}
