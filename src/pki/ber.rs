//! A small BER/DER element walker for CMS (X.690): the outer layers of a CMS message may use
//! BER (indefinite lengths, constructed strings), while what is signed must be DER and is
//! taken byte for byte as it stands. Every element keeps its exact bytes.
//!
//! No recursion: the end of an indefinite-length element is found by a scan with a depth
//! counter, capped by `max_depth`.

use crate::error::{Error, ErrorKind, Result};

/// One element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Element<'a> {
    /// The identifier octet (single-octet tags only).
    pub tag: u8,
    /// The whole element: header, content (and end-of-contents for an indefinite length).
    pub raw: &'a [u8],
    /// The content (without end-of-contents).
    pub body: &'a [u8],
    /// The length was indefinite (BER).
    pub indefinite: bool,
}

fn malformed() -> Error {
    Error::new(ErrorKind::Malformed {
        what: "CMS (BER/DER) structure",
    })
}

/// The header of the element at the start of `data`: (tag, header length, Some(content
/// length) or None for indefinite).
fn header(data: &[u8]) -> Result<(u8, usize, Option<usize>)> {
    let tag = *data.first().ok_or_else(malformed)?;
    if tag & 0x1f == 0x1f {
        return Err(malformed()); // multi-octet tags do not occur in CMS
    }
    let first = *data.get(1).ok_or_else(malformed)?;
    if first < 0x80 {
        return Ok((tag, 2, Some(usize::from(first))));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 {
        if tag & 0x20 == 0 {
            return Err(malformed()); // indefinite length needs a constructed element
        }
        return Ok((tag, 2, None));
    }
    if n > 4 {
        return Err(malformed());
    }
    let mut len = 0usize;
    for b in data.get(2..2 + n).ok_or_else(malformed)? {
        len = len
            .checked_mul(256)
            .and_then(|l| l.checked_add(usize::from(*b)))
            .ok_or_else(malformed)?;
    }
    Ok((tag, 2 + n, Some(len)))
}

/// Reads the element at the start of `data`.
pub fn element(data: &[u8], max_depth: usize) -> Result<Element<'_>> {
    let (tag, h, len) = header(data)?;
    if let Some(len) = len {
        let end = h.checked_add(len).ok_or_else(malformed)?;
        return Ok(Element {
            tag,
            raw: data.get(..end).ok_or(Error::new(ErrorKind::Truncated))?,
            body: data.get(h..end).ok_or(Error::new(ErrorKind::Truncated))?,
            indefinite: false,
        });
    }
    // Indefinite: scan to the matching end-of-contents.
    let mut pos = h;
    let mut depth = 1usize;
    loop {
        let rest = data.get(pos..).ok_or(Error::new(ErrorKind::Truncated))?;
        if rest.starts_with(&[0, 0]) {
            depth -= 1;
            pos += 2;
            if depth == 0 {
                return Ok(Element {
                    tag,
                    raw: data.get(..pos).ok_or_else(malformed)?,
                    body: data.get(h..pos - 2).ok_or_else(malformed)?,
                    indefinite: true,
                });
            }
            continue;
        }
        let (_, hh, l) = header(rest)?;
        match l {
            Some(l) => pos = pos.checked_add(hh + l).ok_or_else(malformed)?,
            None => {
                depth += 1;
                if depth > max_depth {
                    return Err(Error::new(ErrorKind::LimitExceeded { what: "max_depth" }));
                }
                pos += hh;
            }
        }
        if pos > data.len() {
            return Err(Error::new(ErrorKind::Truncated));
        }
    }
}

/// The elements inside `body`, in order.
pub fn children(body: &[u8], max_depth: usize) -> Result<Vec<Element<'_>>> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let e = element(rest, max_depth)?;
        rest = rest.get(e.raw.len()..).unwrap_or_default();
        out.push(e);
        if out.len() > 100_000 {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_objects",
            }));
        }
    }
    Ok(out)
}

/// The bytes of an OCTET STRING, primitive or constructed (BER chunks joined).
pub fn octets(e: &Element<'_>, max_depth: usize) -> Result<Vec<u8>> {
    if e.tag & 0x20 == 0 {
        return Ok(e.body.to_vec());
    }
    // Constructed: the chunks in order (nested ones flattened with a stack).
    let mut out = Vec::new();
    let mut stack = vec![children(e.body, max_depth)?
        .into_iter()
        .rev()
        .collect::<Vec<_>>()];
    while let Some(top) = stack.last_mut() {
        let Some(chunk) = top.pop() else {
            stack.pop();
            continue;
        };
        if chunk.tag & 0x20 == 0 {
            out.extend_from_slice(chunk.body);
        } else if stack.len() < max_depth {
            stack.push(children(chunk.body, max_depth)?.into_iter().rev().collect());
        } else {
            return Err(Error::new(ErrorKind::LimitExceeded { what: "max_depth" }));
        }
    }
    Ok(out)
}

/// Whether an element and everything inside it use definite lengths (DER's first rule).
pub fn definite_throughout(e: &Element<'_>, max_depth: usize) -> bool {
    if e.indefinite {
        return false;
    }
    let mut stack = vec![*e];
    while let Some(x) = stack.pop() {
        if x.indefinite {
            return false;
        }
        if x.tag & 0x20 != 0 {
            match children(x.body, max_depth) {
                Ok(kids) => stack.extend(kids),
                Err(_) => return false,
            }
            if stack.len() > 100_000 {
                return false;
            }
        }
    }
    true
}

/// Whether an element is DER (X.690 §10–11) throughout: definite lengths in their shortest
/// form, SET OF members in ascending order of their encodings, BOOLEAN true as FF, INTEGERs
/// in their shortest form, no constructed strings.
pub fn is_der(e: &Element<'_>, max_depth: usize) -> bool {
    let mut stack = vec![*e];
    let mut seen = 0usize;
    while let Some(x) = stack.pop() {
        seen += 1;
        if x.indefinite || seen > 100_000 || !minimal_length(x.raw) {
            return false;
        }
        match x.tag {
            // BOOLEAN
            0x01 if !(x.body == [0x00] || x.body == [0xff]) => return false,
            // INTEGER, ENUMERATED
            0x02 | 0x0a => {
                if let [a, b, ..] = x.body {
                    if (*a == 0x00 && *b & 0x80 == 0) || (*a == 0xff && *b & 0x80 != 0) {
                        return false;
                    }
                }
            }
            // Constructed forms of string types are BER only.
            0x23 | 0x24 | 0x2c | 0x33 | 0x36 => return false,
            _ => {}
        }
        if x.tag & 0x20 != 0 {
            let Ok(kids) = children(x.body, max_depth) else {
                return false;
            };
            if x.tag == 0x31
                && kids
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if a.raw > b.raw))
            {
                return false;
            }
            stack.extend(kids);
        }
    }
    true
}

/// The DER encoding (X.690 §10–11) of a BER element: definite lengths in their shortest form,
/// SET members in ascending order of their encodings, BOOLEAN true as FF, constructed strings
/// joined into primitive ones — what BouncyCastle's re-encoding (and so DSS) verifies a CMS
/// signature over. `None` when it cannot be told: an INTEGER not in its shortest form, a
/// constructed BIT STRING, nesting deeper than `max_depth`, more than 100 000 elements.
pub fn to_der(e: &Element<'_>, max_depth: usize) -> Option<Vec<u8>> {
    let mut budget = 100_000usize;
    let mut out = Vec::new();
    encode_der(e, max_depth, max_depth, &mut budget, &mut out)?;
    Some(out)
}

/// One element of [`to_der`]; recursion bounded by `depth_left` (≤ `max_depth`).
fn encode_der(
    e: &Element<'_>,
    depth_left: usize,
    max_depth: usize,
    budget: &mut usize,
    out: &mut Vec<u8>,
) -> Option<()> {
    *budget = budget.checked_sub(1)?;
    let depth_left = depth_left.checked_sub(1)?;
    let mut tag = e.tag;
    let content: Vec<u8> = if tag & 0x20 == 0 {
        match tag {
            0x01 => match e.body {
                [0] => vec![0],
                [_] => vec![0xff],
                _ => return None,
            },
            0x02 | 0x0a => {
                if let [a, b, ..] = e.body {
                    if (*a == 0x00 && *b & 0x80 == 0) || (*a == 0xff && *b & 0x80 != 0) {
                        return None;
                    }
                }
                e.body.to_vec()
            }
            _ => e.body.to_vec(),
        }
    } else if tag == 0x23 {
        return None;
    } else if tag & 0xc0 == 0 && tag != 0x30 && tag != 0x31 {
        // A universal string type in constructed (BER) form: its chunks joined.
        tag &= !0x20;
        octets(e, max_depth).ok()?
    } else {
        let kids = children(e.body, max_depth).ok()?;
        let mut parts = Vec::with_capacity(kids.len());
        for k in &kids {
            let mut part = Vec::new();
            encode_der(k, depth_left, max_depth, budget, &mut part)?;
            parts.push(part);
        }
        if tag == 0x31 {
            parts.sort_unstable();
        }
        parts.concat()
    };
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(u8::try_from(len).ok()?);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..)?;
        out.push(0x80 | u8::try_from(significant.len()).ok()?);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(&content);
    Some(())
}

/// A UTCTime (`0x17`) or GeneralizedTime (`0x18`) in UTC ("Z"), as seconds since 1970;
/// fractions of a second are dropped. `None` for anything else.
pub fn time(e: &Element<'_>) -> Option<i64> {
    let s = core::str::from_utf8(e.body).ok()?;
    let digits = s.strip_suffix('Z')?;
    let (year, rest) = match e.tag {
        0x17 => {
            let yy: u32 = digits.get(..2)?.parse().ok()?;
            (
                if yy >= 50 { 1900 + yy } else { 2000 + yy },
                digits.get(2..)?,
            )
        }
        0x18 => (digits.get(..4)?.parse().ok()?, digits.get(4..)?),
        _ => return None,
    };
    let rest = rest.split('.').next()?;
    if rest.len() != 10 && rest.len() != 8 {
        return None;
    }
    let field = |i: usize| rest.get(i..i + 2);
    crate::time::parse_rfc3339(&format!(
        "{year:04}-{}-{}T{}:{}:{}Z",
        field(0)?,
        field(2)?,
        field(4)?,
        field(6)?,
        field(8).unwrap_or("00")
    ))
}

/// The length octets of the element at the start of `raw` use the shortest form.
fn minimal_length(raw: &[u8]) -> bool {
    match raw.get(1) {
        Some(&l) if l < 0x80 => true,
        Some(&0x81) => raw.get(2).is_some_and(|b| *b >= 0x80),
        Some(&l) => raw.get(2).is_some_and(|b| *b != 0) && l != 0x80,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn definite_indefinite_and_chunked() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        let seq = element(&ber, 64).unwrap();
        assert!(seq.indefinite);
        assert_eq!(seq.raw.len(), ber.len());
        let kids = children(seq.body, 64).unwrap();
        assert_eq!(kids.len(), 1);
        assert_eq!(octets(&kids[0], 64).unwrap(), b"abc");
        assert!(!definite_throughout(&seq, 64));
        let der = [0x30, 0x03, 0x04, 0x01, b'x'];
        assert!(definite_throughout(&element(&der, 64).unwrap(), 64));
        // Truncated and absurd inputs are errors, not panics.
        for bad in [
            &[0x30, 0x80, 0x04][..],
            &[0x30, 0x05, 0x01],
            &[0x1f, 0x01, 0x00],
            &[0x04, 0x80],
        ] {
            assert!(element(bad, 64).is_err(), "{bad:?}");
        }
        assert!(is_der(&element(&der, 64).unwrap(), 64));
        // Not DER: a long-form length for a short element, an unsorted SET OF, BOOLEAN true 01.
        for bad in [
            &[0x30, 0x81, 0x03, 0x04, 0x01, b'x'][..],
            &[0x31, 0x06, 0x04, 0x01, b'y', 0x04, 0x01, b'x'],
            &[0x30, 0x03, 0x01, 0x01, 0x01],
        ] {
            assert!(!is_der(&element(bad, 64).unwrap(), 64), "{bad:?}");
        }
        let t = |tag: u8, s: &str| {
            let mut v = vec![tag, u8::try_from(s.len()).unwrap()];
            v.extend_from_slice(s.as_bytes());
            time(&element(&v, 4).unwrap())
        };
        assert_eq!(t(0x17, "201101000000Z"), Some(1_604_188_800));
        assert_eq!(t(0x18, "20201101000000.25Z"), Some(1_604_188_800));
        assert_eq!(t(0x18, "20201101000000"), None);
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 70).flatten().collect();
        assert!(element(&deep, 64).is_err());
    }
}
