//! PDF objects (ISO 32000-1 §7.3) and their parser: iterative, with the nesting capped by
//! [`Limits::max_depth`].

use super::lexer::{Lexer, Token};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// An indirect reference `num gen R`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    /// Object number.
    pub num: u32,
    /// Generation number.
    pub gen: u16,
}

/// A dictionary: keys in file order. A repeated key reads as its last value, as viewers read it
/// (pdf.js and poppler keep the last); signature verification treats any repeated key in a
/// changed object as ambiguous ([`Dict::has_repeated_key`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    /// The value of `key` (without the slash): the last one when the key is repeated.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether some key appears twice in this dictionary (not looking inside its values).
    pub fn has_repeated_key(&self) -> bool {
        let mut keys: Vec<&[u8]> = self.0.iter().map(|(k, _)| k.as_slice()).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w.first() == w.last())
    }

    /// The value of `key` if it is a name.
    pub fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The value of `key` if it is an integer.
    pub fn int(&self, key: &[u8]) -> Option<i64> {
        match self.get(key)? {
            Object::Int(v) => Some(*v),
            _ => None,
        }
    }
}

/// A stream: its dictionary and where its raw (still encoded) data lies in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    /// The stream dictionary.
    pub dict: Dict,
    /// Offset of the first data byte in the file.
    pub start: usize,
    /// Offset just past the last data byte.
    pub end: usize,
    /// The object it is (its data is decrypted with this object's key in encrypted files).
    pub id: ObjRef,
}

/// A PDF object.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A real number.
    Real(f64),
    /// A name, without the slash.
    Name(Vec<u8>),
    /// A string (bytes).
    String(Vec<u8>),
    /// An array.
    Array(Vec<Object>),
    /// A dictionary.
    Dict(Dict),
    /// A stream (only as an indirect object).
    Stream(Stream),
    /// An indirect reference.
    Ref(ObjRef),
}

impl Object {
    /// Whether this object, or any dictionary nested in it, repeats a key (iterative; the
    /// parser already capped the nesting).
    pub fn has_repeated_key(&self) -> bool {
        let mut stack = vec![self];
        while let Some(o) = stack.pop() {
            match o {
                Self::Array(items) => stack.extend(items.iter()),
                Self::Dict(d) | Self::Stream(Stream { dict: d, .. }) => {
                    if d.has_repeated_key() {
                        return true;
                    }
                    stack.extend(d.0.iter().map(|(_, v)| v));
                }
                _ => {}
            }
        }
        false
    }

    /// Every indirect reference this object holds, at any depth (iterative).
    pub fn references(&self) -> Vec<ObjRef> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(o) = stack.pop() {
            match o {
                Self::Ref(r) => out.push(*r),
                Self::Array(items) => stack.extend(items.iter()),
                Self::Dict(d) | Self::Stream(Stream { dict: d, .. }) => {
                    stack.extend(d.0.iter().map(|(_, v)| v));
                }
                _ => {}
            }
        }
        out
    }

    /// The dictionary of a dictionary or a stream.
    pub fn dict(&self) -> Option<&Dict> {
        match self {
            Self::Dict(d) => Some(d),
            Self::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    /// A number as f64.
    pub fn number(&self) -> Option<f64> {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Self::Int(v) => Some(*v as f64),
            Self::Real(v) => Some(*v),
            _ => None,
        }
    }
}

fn malformed(what: &'static str, at: usize) -> Error {
    Error::at(ErrorKind::Malformed { what }, at as u64)
}

enum Frame {
    Array(Vec<Object>),
    Dict(Vec<(Vec<u8>, Object)>, Option<Vec<u8>>),
}

/// Parses one direct object at the lexer's position (references `n g R` included).
pub fn parse_object(lexer: &mut Lexer<'_>, limits: &Limits) -> Result<Object> {
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let at = lexer.pos();
        let token = lexer
            .next_token()?
            .ok_or(Error::at(ErrorKind::Truncated, at as u64))?;
        let value = match token {
            Token::ArrayStart | Token::DictStart => {
                if stack.len() >= limits.max_depth as usize {
                    return Err(Error::at(
                        ErrorKind::LimitExceeded { what: "max_depth" },
                        at as u64,
                    ));
                }
                stack.push(if token == Token::ArrayStart {
                    Frame::Array(Vec::new())
                } else {
                    Frame::Dict(Vec::new(), None)
                });
                continue;
            }
            Token::ArrayEnd => match stack.pop() {
                Some(Frame::Array(items)) => Object::Array(items),
                _ => return Err(malformed("PDF array end without a start", at)),
            },
            Token::DictEnd => match stack.pop() {
                Some(Frame::Dict(entries, None)) => Object::Dict(Dict(entries)),
                // A key without a value: the value is null.
                Some(Frame::Dict(mut entries, Some(key))) => {
                    entries.push((key, Object::Null));
                    Object::Dict(Dict(entries))
                }
                _ => return Err(malformed("PDF dictionary end without a start", at)),
            },
            Token::Int(n) => {
                // `n g R`: look ahead without consuming unless it is a reference.
                let mut ahead = lexer.clone();
                match (ahead.next_token(), ahead.next_token()) {
                    (Ok(Some(Token::Int(g))), Ok(Some(Token::Keyword(b"R")))) => {
                        *lexer = ahead;
                        match (u32::try_from(n), u16::try_from(g)) {
                            (Ok(num), Ok(gen)) => Object::Ref(ObjRef { num, gen }),
                            _ => Object::Null,
                        }
                    }
                    _ => Object::Int(n),
                }
            }
            Token::Real(v) => Object::Real(v),
            Token::Name(n) => {
                if let Some(Frame::Dict(_, key @ None)) = stack.last_mut() {
                    *key = Some(n);
                    continue;
                }
                Object::Name(n)
            }
            Token::String(s) => Object::String(s),
            Token::Keyword(b"true") => Object::Bool(true),
            Token::Keyword(b"false") => Object::Bool(false),
            Token::Keyword(b"null") => Object::Null,
            // A stray word where a dictionary key belongs ("/BaseFont /Arial,Unicode MS", a name
            // with an unescaped space) is skipped, as viewers do; the words that end an object
            // are not, so a dictionary never runs on into stream data.
            Token::Keyword(k)
                if matches!(stack.last(), Some(Frame::Dict(_, None)))
                    && !matches!(
                        k,
                        b"stream" | b"endstream" | b"obj" | b"endobj" | b"xref" | b"trailer"
                    ) =>
            {
                continue;
            }
            Token::Keyword(_) => return Err(malformed("PDF object (unexpected keyword)", at)),
        };
        match stack.last_mut() {
            None => return Ok(value),
            Some(Frame::Array(items)) => items.push(value),
            // A value where a key belongs is dropped, as viewers do.
            Some(Frame::Dict(entries, key)) => {
                if let Some(k) = key.take() {
                    entries.push((k, value));
                }
            }
        }
    }
}

/// An indirect object `num gen obj … endobj` at `offset`, with its stream located if it has one.
/// `length_of` resolves an indirect `/Length` (it must not call back into this function for the
/// same object). Returns the reference found in the header and the object.
pub fn parse_indirect(
    data: &[u8],
    offset: usize,
    limits: &Limits,
    length_of: &mut dyn FnMut(ObjRef) -> Option<i64>,
) -> Result<(ObjRef, Object)> {
    let mut lexer = Lexer::new(data, offset);
    let header = (
        lexer.next_token()?,
        lexer.next_token()?,
        lexer.next_token()?,
    );
    let id = match header {
        (Some(Token::Int(n)), Some(Token::Int(g)), Some(Token::Keyword(b"obj"))) => {
            match (u32::try_from(n), u16::try_from(g)) {
                (Ok(num), Ok(gen)) => ObjRef { num, gen },
                _ => return Err(malformed("PDF object number", offset)),
            }
        }
        _ => return Err(malformed("PDF indirect object header", offset)),
    };
    let object = parse_object(&mut lexer, limits)?;
    let after = lexer.pos();
    let mut peek = lexer.clone();
    let is_stream = matches!(peek.next_token(), Ok(Some(Token::Keyword(b"stream"))));
    let Object::Dict(dict) = object else {
        return Ok((id, object));
    };
    if !is_stream {
        return Ok((id, Object::Dict(dict)));
    }
    // The data starts after the end of line that follows `stream` (CRLF or LF; a lone CR is
    // tolerated).
    let mut start = peek.pos();
    match (data.get(start), data.get(start + 1)) {
        (Some(b'\r'), Some(b'\n')) => start += 2,
        (Some(b'\n' | b'\r'), _) => start += 1,
        _ => {}
    }
    let declared = match dict.get(b"Length") {
        Some(Object::Int(n)) => Some(*n),
        Some(Object::Ref(r)) if *r != id => length_of(*r),
        _ => None,
    };
    let end = declared
        .and_then(|n| usize::try_from(n).ok())
        .and_then(|n| start.checked_add(n))
        .filter(|end| *end <= data.len() && ends_stream(data, *end))
        .or_else(|| find_endstream(data, start))
        .ok_or(Error::at(
            ErrorKind::Malformed {
                what: "PDF stream without endstream",
            },
            after as u64,
        ))?;
    Ok((
        id,
        Object::Stream(Stream {
            dict,
            start,
            end,
            id,
        }),
    ))
}

/// Whether `endstream` follows `pos` (after optional white space).
fn ends_stream(data: &[u8], pos: usize) -> bool {
    let mut l = Lexer::new(data, pos);
    l.skip_white();
    l.rest().starts_with(b"endstream")
}

/// The data end when `/Length` is missing or wrong: the last end of line before `endstream`.
fn find_endstream(data: &[u8], start: usize) -> Option<usize> {
    let rest = data.get(start..)?;
    let at = rest.windows(9).position(|w| w == b"endstream")?;
    let mut end = start + at;
    if end > start && data.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && data.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &[u8]) -> Result<Object> {
        parse_object(&mut Lexer::new(src, 0), &Limits::default())
    }

    #[test]
    fn parses_nested_objects_and_references() {
        let o = parse(
            b"<< /Kids [1 0 R 2 0 R] /Count 2 /Nested << /A [1 2.5 (x) /N null true] >> /Empty >>",
        )
        .unwrap();
        let d = o.dict().unwrap();
        assert_eq!(d.int(b"Count"), Some(2));
        assert_eq!(
            d.get(b"Kids"),
            Some(&Object::Array(vec![
                Object::Ref(ObjRef { num: 1, gen: 0 }),
                Object::Ref(ObjRef { num: 2, gen: 0 })
            ]))
        );
        assert_eq!(d.get(b"Empty"), Some(&Object::Null));
        assert_eq!(parse(b"1 2 3").unwrap(), Object::Int(1));
    }

    #[test]
    fn depth_is_capped() {
        let deep = "[".repeat(65) + &"]".repeat(65);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().kind(),
            ErrorKind::LimitExceeded { what: "max_depth" }
        );
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn broken_objects_are_typed_errors() {
        for bad in [
            &b"<< /A 1"[..],
            b"]",
            b">>",
            b"[ obj ]",
            b"",
            b"<< /A 1 stream",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn stray_words_where_keys_belong_are_skipped() {
        // pdf.js issue11549_reduced.pdf: a font name with an unescaped space.
        let o = parse(b"<< /BaseFont /AASGAA+Arial,Unicode MS /Type /Font >>").unwrap();
        let d = o.dict().unwrap();
        assert_eq!(d.name(b"BaseFont"), Some(&b"AASGAA+Arial,Unicode"[..]));
        assert_eq!(d.name(b"Type"), Some(&b"Font"[..]));
        assert_eq!(parse(b"<< 1 2 >>").unwrap(), Object::Dict(Dict::default()));
    }

    #[test]
    fn streams_use_length_or_find_endstream() {
        let src = b"5 0 obj\n<< /Length 5 >>\nstream\r\nhello\r\nendstream\nendobj\n";
        let (id, o) = parse_indirect(src, 0, &Limits::default(), &mut |_| None).unwrap();
        assert_eq!(id, ObjRef { num: 5, gen: 0 });
        let Object::Stream(s) = o else { panic!() };
        assert_eq!(&src[s.start..s.end], b"hello");
        // A wrong /Length falls back to the endstream keyword.
        let src = b"5 0 obj\n<< /Length 99 >>\nstream\nhello world\nendstream\nendobj\n";
        let Object::Stream(s) = parse_indirect(src, 0, &Limits::default(), &mut |_| None)
            .unwrap()
            .1
        else {
            panic!()
        };
        assert_eq!(&src[s.start..s.end], b"hello world");
        // An indirect /Length is resolved by the caller.
        let src = b"5 0 obj\n<< /Length 6 0 R >>\nstream\nabcdefgh\nendstream\nendobj\n";
        let Object::Stream(s) = parse_indirect(src, 0, &Limits::default(), &mut |r| {
            (r.num == 6).then_some(3)
        })
        .unwrap()
        .1
        else {
            panic!()
        };
        assert_eq!(
            &src[s.start..s.end],
            b"abcdefgh",
            "a /Length not followed by endstream is not trusted"
        );
    }
}
