//! A pull XML reader on quick-xml for untrusted parts: DTDs are refused (so no entity
//! expansion, no billion laughs, no external entities), only the five predefined entities and
//! character references are resolved, and nesting is capped by [`Limits::max_depth`].
//!
//! Empty elements are reported as a start followed by an end, so consumers handle one shape.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use crate::error::{Error, ErrorKind, Result};
use crate::limits::{Depth, Limits};

/// What the reader yields.
#[derive(Debug)]
pub enum XmlEvent<'a> {
    /// An element starts (also for `<empty/>`, followed by its [`XmlEvent::End`]).
    Start(Element<'a>),
    /// An element ends; the local name of the element.
    End(String),
    /// Character data with references resolved (text, CDATA, `&amp;`, `&#x1EA1;` …).
    Text(Cow<'a, str>),
}

/// A start tag.
#[derive(Debug)]
pub struct Element<'a> {
    start: BytesStart<'a>,
}

impl<'a> Element<'a> {
    /// The name without its namespace prefix (`p` for `w:p`).
    pub fn local(&self) -> &str {
        let full: &str = self.full();
        full.rsplit_once(':').map_or(full, |(_, local)| local)
    }

    /// The name as written, prefix included.
    pub fn full(&self) -> &str {
        self.start.name().into_inner()
    }

    /// The value of the first attribute whose local name is `name`, references resolved. A
    /// malformed attribute list yields `None` for the broken attribute and those after it.
    pub fn attr(&self, name: &str) -> Option<String> {
        for attr in self.start.attributes().with_checks(false) {
            let attr = attr.ok()?;
            if attr.key.local_name().into_inner() == name {
                return attr
                    .normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(Cow::into_owned);
            }
        }
        None
    }
}

/// The reader. See the module docs.
pub struct XmlReader<'a> {
    inner: quick_xml::Reader<&'a [u8]>,
    depth: Depth,
    pending_end: Option<String>,
}

impl<'a> XmlReader<'a> {
    /// A reader over `text` (see [`decode`] for bytes).
    pub fn new(text: &'a str, limits: &Limits) -> Self {
        let mut inner = quick_xml::Reader::from_str(text);
        let config = inner.config_mut();
        config.expand_empty_elements = false;
        config.check_end_names = true;
        config.trim_text_start = false;
        config.trim_text_end = false;
        Self {
            inner,
            depth: Depth::new(limits),
            pending_end: None,
        }
    }

    /// A syntax error reported by quick-xml, at the position it gives.
    fn syntax_error(&self) -> Error {
        Error::at(
            ErrorKind::Malformed { what: "XML" },
            self.inner.error_position(),
        )
    }

    /// A construct we refuse, at the end of the event that holds it.
    fn error(&self, what: &'static str) -> Error {
        Error::at(ErrorKind::Malformed { what }, self.inner.buffer_position())
    }

    /// The next event, or `None` at the end of the document.
    pub fn next_event(&mut self) -> Result<Option<XmlEvent<'a>>> {
        if let Some(name) = self.pending_end.take() {
            self.depth.leave();
            return Ok(Some(XmlEvent::End(name)));
        }
        loop {
            let event = self.inner.read_event().map_err(|_| self.syntax_error())?;
            return Ok(Some(match event {
                Event::Start(start) => {
                    self.depth.enter()?;
                    XmlEvent::Start(Element { start })
                }
                Event::Empty(start) => {
                    self.depth.enter()?;
                    let element = Element { start };
                    self.pending_end = Some(element.local().to_owned());
                    XmlEvent::Start(element)
                }
                Event::End(end) => {
                    self.depth.leave();
                    XmlEvent::End(end.local_name().into_inner().to_owned())
                }
                Event::Text(text) => XmlEvent::Text(text.xml10_content()),
                Event::CData(data) => XmlEvent::Text(data.xml10_content()),
                Event::GeneralRef(reference) => {
                    let c =
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => c,
                            Ok(None) => match &*reference {
                                "lt" => '<',
                                "gt" => '>',
                                "amp" => '&',
                                "apos" => '\'',
                                "quot" => '"',
                                _ => return Err(self.error(
                                    "XML entity reference (only the predefined five are allowed)",
                                )),
                            },
                            Err(_) => return Err(self.error("XML character reference")),
                        };
                    XmlEvent::Text(Cow::Owned(c.to_string()))
                }
                Event::DocType(_) => {
                    return Err(self.error("XML document type declaration (DTDs are refused)"))
                }
                Event::Eof => {
                    if self.depth.current() != 0 {
                        return Err(Error::new(ErrorKind::Truncated));
                    }
                    return Ok(None);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            }));
        }
    }

    /// Skips the rest of the element whose start was just read (its content and its end).
    pub fn skip_element(&mut self) -> Result<()> {
        let mut open = 1usize;
        while open > 0 {
            match self.next_event()? {
                Some(XmlEvent::Start(_)) => open += 1,
                Some(XmlEvent::End(_)) => open -= 1,
                Some(XmlEvent::Text(_)) => {}
                None => return Err(Error::new(ErrorKind::Truncated)),
            }
        }
        Ok(())
    }
}

/// Bytes of an XML part as text: UTF-8 (BOM stripped) or UTF-16 with a BOM, as OPC allows.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>> {
    let utf16 = |be: bool, rest: &[u8]| -> Result<Cow<'_, str>> {
        let units = rest.chunks_exact(2).map(|p| {
            let pair = [
                p.first().copied().unwrap_or(0),
                p.get(1).copied().unwrap_or(0),
            ];
            if be {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .collect::<core::result::Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| Error::new(ErrorKind::Malformed { what: "UTF-16 XML" }))
    };
    match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => {
            core::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
                Error::at(
                    ErrorKind::Malformed { what: "UTF-8 XML" },
                    e.valid_up_to() as u64 + 3,
                )
            })
        }
        [0xff, 0xfe, rest @ ..] => utf16(false, rest),
        [0xfe, 0xff, rest @ ..] => utf16(true, rest),
        _ => core::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
            Error::at(
                ErrorKind::Malformed { what: "UTF-8 XML" },
                e.valid_up_to() as u64,
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<String>> {
        let mut r = XmlReader::new(xml, &Limits::default());
        let mut out = Vec::new();
        while let Some(e) = r.next_event()? {
            out.push(match e {
                XmlEvent::Start(el) => format!(
                    "<{}{}>",
                    el.local(),
                    el.attr("val")
                        .map(|v| format!(" val={v}"))
                        .unwrap_or_default()
                ),
                XmlEvent::End(n) => format!("</{n}>"),
                XmlEvent::Text(t) => t.into_owned(),
            });
        }
        Ok(out)
    }

    #[test]
    fn reads_elements_text_references_and_empty_tags() {
        let got = events(r#"<?xml version="1.0"?><w:p xmlns:w="x"><w:t>a &amp; b &#x1EA1;</w:t><w:tab w:val="&lt;1"/><![CDATA[<raw>]]></w:p>"#).unwrap();
        assert_eq!(got.concat(), "<p><t>a & b ạ</t><tab val=<1></tab><raw></p>");
    }

    #[test]
    fn dtds_and_unknown_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        let e = events(bomb).unwrap_err();
        assert_eq!(e.code(), "ERR_MALFORMED");
        assert!(e.to_string().contains("DTD"), "{e}");
        let e = events("<a>&nbsp;</a>").unwrap_err();
        assert!(e.to_string().contains("entity"), "{e}");
    }

    #[test]
    fn depth_is_capped_without_recursion() {
        let deep = "<a>".repeat(65) + &"</a>".repeat(65);
        let e = events(&deep).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded { what: "max_depth" });
        let ok = "<a>".repeat(64) + &"</a>".repeat(64);
        assert!(events(&ok).is_ok());
    }

    #[test]
    fn broken_xml_is_a_typed_error() {
        for bad in ["<a><b></a>", "<a", "<a>", "<a x='1' x='2'/>&"] {
            let r = events(bad);
            assert!(r.is_err(), "{bad}: {r:?}");
        }
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "<a>Việt</a>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "<a>Việt</a>");
        assert!(decode(&[0xc3, 0x28]).is_err());
    }
}
