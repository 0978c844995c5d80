//! Pages (ISO 32000-1 §7.7.3, with inherited attributes) and content streams (§7.8.2): the
//! operations a text interpreter or an appearance check walks through.

use std::collections::HashSet;

use super::lexer::{Lexer, Token};
use super::object::{parse_object, Dict, ObjRef, Object};
use super::Pdf;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// One operation of a content stream: its operands and its operator.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operator, e.g. `Tj`.
    pub operator: Vec<u8>,
    /// The operands, in order.
    pub operands: Vec<Object>,
}

/// Parses a content stream into operations. Inline images (`BI … ID … EI`) become one `BI`
/// operation whose operand is the image dictionary (the image data is skipped). At most
/// `limits.max_objects` operations.
pub fn parse_content(data: &[u8], limits: &Limits) -> Result<Vec<Operation>> {
    let (ops, error) = parse_content_lenient(data, limits);
    match error {
        Some(e) => Err(e),
        None => Ok(ops),
    }
}

/// Like [`parse_content`], but keeps the operations read before an error, as viewers do with
/// damaged pages; the error, if any, comes with them.
pub fn parse_content_lenient(data: &[u8], limits: &Limits) -> (Vec<Operation>, Option<Error>) {
    let mut ops = Vec::new();
    let error = parse_into(data, limits, &mut ops).err();
    (ops, error)
}

fn parse_into(data: &[u8], limits: &Limits, ops: &mut Vec<Operation>) -> Result<()> {
    let mut pos = 0;
    let mut operands = Vec::new();
    while let Some(operator) = next_operation(data, &mut pos, limits, &mut operands)? {
        ops.push(Operation {
            operator: operator.to_vec(),
            operands: std::mem::take(&mut operands),
        });
        if ops.len() > limits.max_objects as usize {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_objects",
            }));
        }
    }
    Ok(())
}

/// Reads the next operation of a content stream from `*pos`: its operands into `operands`
/// (cleared first) and its operator, returned; `None` at the end. `*pos` moves past it, so an
/// interpreter can walk a stream one operation at a time without holding them all. Inline
/// images (`BI … ID … EI`) are one `BI` operation whose operand is the image dictionary.
pub fn next_operation<'a>(
    data: &'a [u8],
    pos: &mut usize,
    limits: &Limits,
    operands: &mut Vec<Object>,
) -> Result<Option<&'a [u8]>> {
    operands.clear();
    let mut lexer = Lexer::new(data, *pos);
    loop {
        let before = lexer.pos();
        let Some(token) = lexer.next_token()? else {
            *pos = lexer.pos();
            return Ok(None);
        };
        match token {
            Token::Keyword(b"BI") => {
                let dict = inline_image_dict(&mut lexer, limits)?;
                skip_inline_image_data(&mut lexer);
                operands.clear();
                operands.push(Object::Dict(dict));
                *pos = lexer.pos();
                return Ok(Some(b"BI"));
            }
            Token::Keyword(word) => {
                *pos = lexer.pos();
                return Ok(Some(word));
            }
            // Simple operands are taken as lexed (a content stream holds no references, so
            // a number needs no look-ahead); arrays and dictionaries are parsed whole.
            Token::Int(n) => operands.push(Object::Int(n)),
            Token::Real(v) => operands.push(Object::Real(v)),
            Token::Name(n) => operands.push(Object::Name(n)),
            Token::String(b) => operands.push(Object::String(b)),
            _ => {
                lexer.seek(before);
                operands.push(parse_object(&mut lexer, limits)?);
            }
        }
        if operands.len() > 4096 {
            return Err(Error::at(
                ErrorKind::Malformed {
                    what: "PDF content stream (too many operands)",
                },
                before as u64,
            ));
        }
    }
}

fn inline_image_dict(lexer: &mut Lexer<'_>, limits: &Limits) -> Result<Dict> {
    let mut entries = Vec::new();
    loop {
        let at = lexer.pos();
        match lexer.next_token()? {
            Some(Token::Keyword(b"ID")) => return Ok(Dict(entries)),
            Some(Token::Name(key)) => {
                let value = parse_object(lexer, limits)?;
                entries.push((key, value));
            }
            _ => {
                return Err(Error::at(
                    ErrorKind::Malformed {
                        what: "PDF inline image",
                    },
                    at as u64,
                ))
            }
        }
    }
}

/// After `ID` and one white-space byte: up to `EI` standing alone.
fn skip_inline_image_data(lexer: &mut Lexer<'_>) {
    let start = lexer.pos() + 1;
    let rest = lexer.rest();
    let data_start = 1.min(rest.len());
    let found = rest
        .get(data_start..)
        .unwrap_or_default()
        .windows(4)
        .position(|w| {
            matches!(w, [a, b'E', b'I', d]
                if super::lexer::is_white(*a) && (super::lexer::is_white(*d) || super::lexer::is_delimiter(*d)))
        });
    match found {
        Some(p) => lexer.seek(start + p + 3),
        None => lexer.seek(usize::MAX),
    }
}

/// Attributes a page-tree node passes down to its kids (§7.7.3.4).
#[derive(Clone, Default)]
struct Inherited {
    resources: Option<Dict>,
    media_box: Option<[f64; 4]>,
    crop_box: Option<[f64; 4]>,
    rotate: Option<i64>,
}

/// A page with the attributes it inherits from the page tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The page object.
    pub reference: Option<ObjRef>,
    /// The page dictionary.
    pub dict: Dict,
    /// `/Resources`, inherited if absent on the page.
    pub resources: Dict,
    /// `/MediaBox` [llx lly urx ury], inherited; US Letter when missing everywhere.
    pub media_box: [f64; 4],
    /// `/CropBox` [llx lly urx ury], inherited, within the media box (the media box when absent):
    /// the region a viewer shows.
    pub crop_box: [f64; 4],
    /// `/Rotate`, inherited, normalised to 0, 90, 180 or 270.
    pub rotate: i64,
}

/// US Letter, the media box of a page that names none.
const LETTER: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

/// The crop box clipped to the media box; the media box when there is no crop box or the two
/// do not meet.
fn visible_box(media: [f64; 4], crop: Option<[f64; 4]>) -> [f64; 4] {
    let Some(c) = crop else { return media };
    let b = [
        c[0].max(media[0]),
        c[1].max(media[1]),
        c[2].min(media[2]),
        c[3].min(media[3]),
    ];
    if b[0] < b[2] && b[1] < b[3] {
        b
    } else {
        media
    }
}

impl Pdf<'_> {
    /// The pages in order, walking the page tree without recursion; loops and repeated nodes
    /// are skipped, and at most `max_objects` nodes are visited.
    pub fn pages(&mut self) -> Result<Vec<Page>> {
        let root = self.trailer().get(b"Root").cloned().unwrap_or(Object::Null);
        let catalog = self.resolve(&root)?;
        let pages_root = catalog
            .dict()
            .and_then(|d| d.get(b"Pages"))
            .cloned()
            .ok_or(Error::new(ErrorKind::Malformed {
                what: "PDF catalog without /Pages",
            }))?;
        let limit = self.limits().max_objects as usize;
        let mut out = Vec::new();
        let mut seen: HashSet<ObjRef> = HashSet::new();
        let mut stack: Vec<(Object, Inherited)> = vec![(pages_root, Inherited::default())];
        let mut visited = 0usize;
        while let Some((
            node_ref,
            Inherited {
                resources,
                media_box,
                crop_box,
                rotate,
            },
        )) = stack.pop()
        {
            visited += 1;
            if visited > limit {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    what: "max_objects",
                }));
            }
            if let Object::Ref(r) = node_ref {
                if !seen.insert(r) {
                    continue;
                }
            }
            let node = self.resolve(&node_ref)?;
            let Some(dict) = node.dict().cloned() else {
                continue;
            };
            let resources = match dict.get(b"Resources") {
                Some(r) => self.resolve(r)?.dict().cloned().or(resources),
                None => resources,
            };
            let media_box = match dict.get(b"MediaBox") {
                Some(b) => rectangle(&self.resolve(b)?).or(media_box),
                None => media_box,
            };
            let crop_box = match dict.get(b"CropBox") {
                Some(b) => rectangle(&self.resolve(b)?).or(crop_box),
                None => crop_box,
            };
            let rotate = dict.int(b"Rotate").or(rotate);
            let kids = match dict.get(b"Kids") {
                Some(k) => Some(self.resolve(k)?),
                None => None,
            };
            match (dict.name(b"Type"), kids) {
                (Some(b"Pages"), Some(Object::Array(kids))) | (None, Some(Object::Array(kids))) => {
                    for kid in kids.into_iter().rev() {
                        stack.push((
                            kid,
                            Inherited {
                                resources: resources.clone(),
                                media_box,
                                crop_box,
                                rotate,
                            },
                        ));
                    }
                }
                _ => out.push(Page {
                    reference: match node_ref {
                        Object::Ref(r) => Some(r),
                        _ => None,
                    },
                    dict,
                    resources: resources.unwrap_or_default(),
                    media_box: media_box.unwrap_or(LETTER),
                    crop_box: visible_box(media_box.unwrap_or(LETTER), crop_box),
                    rotate: rotate.unwrap_or(0).rem_euclid(360) / 90 * 90,
                }),
            }
        }
        Ok(out)
    }

    /// The decoded content of a page: its `/Contents` streams joined by a line end.
    pub fn page_content(&mut self, page: &Page) -> Result<Vec<u8>> {
        let contents = match page.dict.get(b"Contents") {
            Some(c) => self.resolve(c)?,
            None => return Ok(Vec::new()),
        };
        let parts: Vec<Object> = match contents {
            Object::Array(items) => items,
            other => vec![other],
        };
        let mut out = Vec::new();
        for part in parts.iter().take(self.limits().max_objects as usize) {
            if let Object::Stream(s) = self.resolve(part)? {
                out.extend_from_slice(&self.stream_data(&s)?);
                out.push(b'\n');
            }
        }
        Ok(out)
    }
}

fn rectangle(o: &Object) -> Option<[f64; 4]> {
    let Object::Array(items) = o else { return None };
    let v: Vec<f64> = items.iter().filter_map(Object::number).collect();
    let [a, b, c, d] = <[f64; 4]>::try_from(v).ok()?;
    // Any two opposite corners; normalised to lower left, upper right.
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    r.iter().all(|x| x.is_finite()).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_with_arrays_strings_and_inline_images() {
        let src = b"BT /F1 12 Tf 72 712 Td [(Xin) -250 (ch\\340o)] TJ (a) ' ET\nBI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q";
        let ops = parse_content(src, &Limits::default()).unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(
            names,
            [&b"BT"[..], b"Tf", b"Td", b"TJ", b"'", b"ET", b"BI", b"Q"]
        );
        assert_eq!(
            ops[1].operands,
            vec![Object::Name(b"F1".to_vec()), Object::Int(12)]
        );
        assert_eq!(
            ops[3].operands,
            vec![Object::Array(vec![
                Object::String(b"Xin".to_vec()),
                Object::Int(-250),
                Object::String(b"ch\xe0o".to_vec())
            ])]
        );
        assert_eq!(ops[6].operands[0].dict().unwrap().int(b"W"), Some(2));
    }

    #[test]
    fn broken_content_is_a_typed_error() {
        assert!(parse_content(b"BT (unterminated", &Limits::default()).is_err());
        assert!(parse_content(b"BI /W 1 Q", &Limits::default()).is_err());
    }
}
