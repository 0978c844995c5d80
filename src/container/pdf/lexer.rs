//! PDF tokens (ISO 32000-1 §7.2–7.3) over a byte slice: numbers, names, strings, delimiters and
//! keywords. The lexer never allocates for what it skips and never reads past the slice.

use crate::error::{Error, ErrorKind, Result};

/// A token. Strings and names are decoded (escapes resolved).
#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    /// An integer.
    Int(i64),
    /// A real number.
    Real(f64),
    /// `/Name`, without the slash, `#xx` resolved.
    Name(Vec<u8>),
    /// `(literal)` or `<hex>`, decoded.
    String(Vec<u8>),
    /// `[`
    ArrayStart,
    /// `]`
    ArrayEnd,
    /// `<<`
    DictStart,
    /// `>>`
    DictEnd,
    /// A bare word: `true`, `obj`, `R`, `stream`, an operator …
    Keyword(&'a [u8]),
}

/// PDF white-space characters (Table 1).
pub const fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// PDF delimiters (Table 2).
pub const fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

const fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// A cursor over PDF bytes.
#[derive(Clone, Debug)]
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn malformed(what: &'static str, at: usize) -> Error {
    Error::at(ErrorKind::Malformed { what }, at as u64)
}

impl<'a> Lexer<'a> {
    /// A lexer at `pos` (clamped to the end).
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Self {
            data,
            pos: pos.min(data.len()),
        }
    }

    /// The current byte offset.
    pub const fn pos(&self) -> usize {
        self.pos
    }

    /// Moves to `pos` (clamped).
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos.min(self.data.len());
    }

    /// The bytes from the current position on.
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Result<Option<Token<'a>>> {
        self.skip_white();
        let start = self.pos;
        let Some(b) = self.peek() else {
            return Ok(None);
        };
        let token = match b {
            b'[' => {
                self.pos += 1;
                Token::ArrayStart
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'<' if self.data.get(start + 1) == Some(&b'<') => {
                self.pos += 2;
                Token::DictStart
            }
            b'>' if self.data.get(start + 1) == Some(&b'>') => {
                self.pos += 2;
                Token::DictEnd
            }
            b'<' => Token::String(self.hex_string()?),
            b'(' => Token::String(self.literal_string()?),
            b'/' => {
                self.pos += 1;
                Token::Name(self.name())
            }
            b'{' | b'}' => {
                self.pos += 1;
                Token::Keyword(self.data.get(start..start + 1).unwrap_or_default())
            }
            b')' | b'>' => return Err(malformed("PDF token (unbalanced delimiter)", start)),
            _ => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                let word = self.data.get(start..self.pos).unwrap_or_default();
                number(word).unwrap_or(Token::Keyword(word))
            }
        };
        Ok(Some(token))
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek().filter(|b| is_regular(*b)) {
            self.pos += 1;
            if b == b'#' {
                let hex = self.data.get(self.pos..self.pos + 2).and_then(|h| {
                    let s = core::str::from_utf8(h).ok()?;
                    u8::from_str_radix(s, 16).ok()
                });
                if let Some(v) = hex {
                    out.push(v);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn hex_string(&mut self) -> Result<Vec<u8>> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(b) = self.peek() else {
                return Err(Error::at(ErrorKind::Truncated, start as u64));
            };
            self.pos += 1;
            let v = match b {
                b'>' => break,
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ if is_white(b) => continue,
                _ => return Err(malformed("PDF hex string", self.pos - 1)),
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        Ok(out)
    }

    fn literal_string(&mut self) -> Result<Vec<u8>> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(b) = self.peek() else {
                return Err(Error::at(ErrorKind::Truncated, start as u64));
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { continue };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'\r' => {
                    // An end of line in a string is a line feed, whatever its form.
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
        Ok(out)
    }
}

/// An integer or real, if `word` is one (`123`, `-4`, `+.5`, `3.`).
fn number(word: &[u8]) -> Option<Token<'static>> {
    let text = core::str::from_utf8(word).ok()?;
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if body.contains('.') {
        if body.bytes().filter(|b| *b == b'.').count() > 1 || body == "." {
            return None;
        }
        text.trim_start_matches('+')
            .parse::<f64>()
            .ok()
            .map(Token::Real)
    } else {
        // Integers too large for i64 are kept as reals, as readers do.
        match text.trim_start_matches('+').parse::<i64>() {
            Ok(v) => Some(Token::Int(v)),
            Err(_) => text
                .trim_start_matches('+')
                .parse::<f64>()
                .ok()
                .map(Token::Real),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &[u8]) -> Vec<Token<'_>> {
        let mut l = Lexer::new(src, 0);
        let mut out = Vec::new();
        while let Some(t) = l.next_token().unwrap() {
            out.push(t);
        }
        out
    }

    #[test]
    fn lexes_the_basic_tokens() {
        let t = tokens(b"<< /Type /Pa#67e /N 12 -3.5 +.5 [ (a\\(b\\)\\101) <48 65 6c6> ] true >> % comment\n12 0 R");
        assert_eq!(
            t,
            vec![
                Token::DictStart,
                Token::Name(b"Type".to_vec()),
                Token::Name(b"Page".to_vec()),
                Token::Name(b"N".to_vec()),
                Token::Int(12),
                Token::Real(-3.5),
                Token::Real(0.5),
                Token::ArrayStart,
                Token::String(b"a(b)A".to_vec()),
                Token::String(b"Hel`".to_vec()),
                Token::ArrayEnd,
                Token::Keyword(b"true"),
                Token::DictEnd,
                Token::Int(12),
                Token::Int(0),
                Token::Keyword(b"R"),
            ]
        );
    }

    #[test]
    fn nested_parentheses_and_line_ends_in_strings() {
        assert_eq!(
            tokens(b"(a (nested) b\r\nc\\\nd)"),
            vec![Token::String(b"a (nested) b\ncd".to_vec())]
        );
    }

    #[test]
    fn unterminated_strings_are_truncation_errors() {
        for bad in [&b"(abc"[..], b"<414", b"<4x>"] {
            let mut l = Lexer::new(bad, 0);
            assert!(l.next_token().is_err(), "{bad:?}");
        }
    }
}
