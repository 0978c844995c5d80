//! ToUnicode CMaps (ISO 32000-1 §9.10.3; Adobe TN 5014/5411): code space ranges, `bfchar` and
//! `bfrange` (with a destination string or an array), ligatures (one code → several characters).
//! The text layer uses this to turn a font's codes into Unicode.

use super::lexer::{Lexer, Token};
use crate::error::{Error, ErrorKind, Result};

/// Most codes one CMap may map (ranges are expanded): a whole two-byte space.
const MAX_MAPPINGS: usize = 1 << 17;

/// A parsed ToUnicode CMap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToUnicode {
    /// Code space ranges: (byte length, low, high).
    spaces: Vec<(usize, u32, u32)>,
    /// (code length << 32 | code, text), sorted by key, one entry per key (the last defined):
    /// looked up by binary search, which no crafted CMap can slow down the way colliding hash
    /// keys could.
    map: Vec<(u64, Box<str>)>,
}

fn key(len: usize, code: u32) -> u64 {
    u64::try_from(len).unwrap_or(0) << 32 | u64::from(code)
}

fn code_of(bytes: &[u8]) -> Option<(usize, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.len(),
        bytes.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)),
    ))
}

/// UTF-16BE bytes → String (unpaired surrogates become U+FFFD).
fn utf16be(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|p| {
        u16::from_be_bytes([
            p.first().copied().unwrap_or(0),
            p.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

impl ToUnicode {
    /// Parses the CMap program `data`.
    pub fn parse(data: &[u8]) -> Result<Self> {
        let mut out = Self::default();
        let mut lexer = Lexer::new(data, 0);
        let mut pending: Vec<Token<'_>> = Vec::new();
        while let Some(token) = lexer.next_token()? {
            match token {
                Token::Keyword(b"begincodespacerange") => {
                    pending.clear();
                    for pair in read_until(&mut lexer, b"endcodespacerange")?.chunks(2) {
                        if let [Token::String(lo), Token::String(hi)] = pair {
                            if let (Some((n, l)), Some((_, h))) = (code_of(lo), code_of(hi)) {
                                out.spaces.push((n, l, h));
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfchar") => {
                    pending.clear();
                    for pair in read_until(&mut lexer, b"endbfchar")?.chunks(2) {
                        if let [Token::String(src), Token::String(dst)] = pair {
                            if let Some(code) = code_of(src) {
                                out.insert(code, utf16be(dst))?;
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfrange") => {
                    pending.clear();
                    out.bfrange(&mut lexer)?;
                }
                Token::Keyword(_) => pending.clear(),
                other => pending.push(other),
            }
        }
        // Sorted (stably: definitions of one code stay in order), then the last one kept.
        out.map.sort_by_key(|e| e.0);
        let mut unique: Vec<(u64, Box<str>)> = Vec::with_capacity(out.map.len());
        for (k, text) in out.map.drain(..) {
            match unique.last_mut() {
                Some(last) if last.0 == k => last.1 = text,
                _ => unique.push((k, text)),
            }
        }
        out.map = unique;
        Ok(out)
    }

    fn insert(&mut self, code: (usize, u32), text: String) -> Result<()> {
        if self.map.len() >= MAX_MAPPINGS {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_objects",
            }));
        }
        self.map.push((key(code.0, code.1), text.into_boxed_str()));
        Ok(())
    }

    fn bfrange(&mut self, lexer: &mut Lexer<'_>) -> Result<()> {
        loop {
            let at = lexer.pos();
            let lo = match lexer.next_token()? {
                Some(Token::Keyword(b"endbfrange")) | None => return Ok(()),
                Some(Token::String(s)) => s,
                _ => {
                    return Err(Error::at(
                        ErrorKind::Malformed {
                            what: "ToUnicode bfrange",
                        },
                        at as u64,
                    ))
                }
            };
            let Some(Token::String(hi)) = lexer.next_token()? else {
                return Err(Error::at(
                    ErrorKind::Malformed {
                        what: "ToUnicode bfrange",
                    },
                    at as u64,
                ));
            };
            let (Some((n, l)), Some((_, h))) = (code_of(&lo), code_of(&hi)) else {
                continue;
            };
            if h < l || (h - l) as usize >= MAX_MAPPINGS {
                continue;
            }
            match lexer.next_token()? {
                // One destination: each further code increments its last UTF-16 unit.
                Some(Token::String(dst)) => {
                    let base = utf16be(&dst);
                    let mut chars: Vec<char> = base.chars().collect();
                    for code in l..=h {
                        self.insert((n, code), chars.iter().collect())?;
                        if let Some(last) = chars.last_mut() {
                            *last = char::from_u32(u32::from(*last) + 1).unwrap_or('\u{fffd}');
                        }
                    }
                }
                // An array: one destination per code.
                Some(Token::ArrayStart) => {
                    let mut code = l;
                    loop {
                        match lexer.next_token()? {
                            Some(Token::String(dst)) => {
                                if code <= h {
                                    self.insert((n, code), utf16be(&dst))?;
                                }
                                code = code.saturating_add(1);
                            }
                            Some(Token::ArrayEnd) | None => break,
                            _ => {}
                        }
                    }
                }
                _ => {
                    return Err(Error::at(
                        ErrorKind::Malformed {
                            what: "ToUnicode bfrange destination",
                        },
                        at as u64,
                    ))
                }
            }
        }
    }

    /// Splits `bytes` into codes by the code space ranges (one byte when there are none, or when
    /// no range matches) and maps each: (code, its length in bytes, its text or `None`).
    pub fn decode(&self, bytes: &[u8]) -> Vec<(u32, usize, Option<&str>)> {
        let mut out = Vec::new();
        self.for_each_code(bytes, |code, len, text| out.push((code, len, text)));
        out
    }

    /// [`Self::decode`] without collecting: `each(code, length in bytes, text)` per code.
    pub fn for_each_code<'s>(
        &'s self,
        bytes: &[u8],
        mut each: impl FnMut(u32, usize, Option<&'s str>),
    ) {
        let mut i = 0;
        while i < bytes.len() {
            let mut taken = 1;
            for len in 1..=4usize {
                let Some(code) = bytes.get(i..i + len).and_then(code_of) else {
                    break;
                };
                if self
                    .spaces
                    .iter()
                    .any(|&(n, lo, hi)| n == len && (lo..=hi).contains(&code.1))
                {
                    taken = len;
                    break;
                }
            }
            let code = bytes.get(i..i + taken).and_then(code_of).unwrap_or((1, 0));
            each(code.1, taken, self.lookup(code.1, code.0));
            i += taken;
        }
    }

    /// The text of one code of `len` bytes, if mapped.
    pub fn lookup(&self, code: u32, len: usize) -> Option<&str> {
        let k = key(len, code);
        self.map
            .binary_search_by_key(&k, |e| e.0)
            .ok()
            .and_then(|i| self.map.get(i))
            .map(|e| &*e.1)
    }

    /// Number of mapped codes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn read_until<'a>(lexer: &mut Lexer<'a>, end: &[u8]) -> Result<Vec<Token<'a>>> {
    let mut out = Vec::new();
    loop {
        match lexer.next_token()? {
            None => return Ok(out),
            Some(Token::Keyword(k)) if k == end => return Ok(out),
            Some(t) => {
                out.push(t);
                if out.len() > 2 * MAX_MAPPINGS {
                    return Err(Error::new(ErrorKind::LimitExceeded {
                        what: "max_objects",
                    }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0024> <0041>
<00F1> <0066 0069>
endbfchar
2 beginbfrange
<0100> <0102> <1EA0>
<0200> <0201> [<00E0> <D835DC00>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_ligatures_and_two_byte_codes() {
        let m = ToUnicode::parse(CMAP).unwrap();
        assert_eq!(m.len(), 8);
        let decoded: Vec<Option<&str>> = m
            .decode(&[
                0x00, 0x24, 0x00, 0x03, 0x01, 0x02, 0x00, 0xf1, 0x02, 0x01, 0x7f, 0x7f,
            ])
            .into_iter()
            .map(|(_, _, s)| s)
            .collect();
        assert_eq!(
            decoded,
            vec![Some("A"), Some(" "), Some("Ả"), Some("fi"), Some("𝐀"), None]
        ); // 0x0102 = 0x1EA0 + 2
    }

    #[test]
    fn single_byte_codes_without_code_space() {
        let m = ToUnicode::parse(b"beginbfchar <41> <0110> endbfchar").unwrap();
        let decoded: Vec<Option<&str>> = m.decode(b"AB").into_iter().map(|(_, _, s)| s).collect();
        assert_eq!(decoded, vec![Some("Đ"), None]);
    }

    #[test]
    fn huge_ranges_are_bounded_and_broken_cmaps_fail_typed() {
        let big = b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange";
        assert!(ToUnicode::parse(big).map(|m| m.len()).unwrap_or(0) == 0);
        assert!(ToUnicode::parse(b"beginbfrange <00> (x) endbfrange").is_err());
        assert!(ToUnicode::parse(b"beginbfchar <0041 endbfchar").is_err());
    }
}
