//! Stream filters (ISO 32000-1 §7.4): FlateDecode (with PNG and TIFF predictors), LZWDecode,
//! ASCIIHexDecode, ASCII85Decode and RunLengthDecode, each bounded by the per-stream cap, the
//! ratio cap and the document's remaining budget. Image codecs (DCT, JPX, CCITT, JBIG2) are not
//! text and are refused as `Unsupported`.

use miniz_oxide::inflate::{
    decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit, TINFLStatus,
};

use super::object::{Dict, Object};
use crate::error::{Error, ErrorKind, Result};
use crate::limits::{Budget, Limits};

fn limit(what: &'static str) -> Error {
    Error::new(ErrorKind::LimitExceeded { what })
}

fn malformed(what: &'static str) -> Error {
    Error::new(ErrorKind::Malformed { what })
}

/// Applies the filters of `dict` to `raw`. `budget` is the document's budget of decompressed
/// bytes; what is produced is charged to it.
pub fn decode_stream(
    dict: &Dict,
    raw: &[u8],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Vec<u8>> {
    let filters: Vec<&[u8]> = match dict.get(b"Filter").or_else(|| dict.get(b"F")) {
        None => Vec::new(),
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|o| match o {
                Object::Name(n) => Some(n.as_slice()),
                _ => None,
            })
            .collect(),
        Some(_) => return Err(malformed("PDF stream /Filter")),
    };
    let params: Vec<Option<&Dict>> = match dict.get(b"DecodeParms").or_else(|| dict.get(b"DP")) {
        Some(Object::Dict(d)) => vec![Some(d)],
        Some(Object::Array(items)) => items.iter().map(Object::dict).collect(),
        _ => Vec::new(),
    };
    let cap = limits.decompression_cap(raw.len(), budget);
    let (cap_usize, which) = (cap.bytes, cap.what);
    let mut data = raw.to_vec();
    for (i, filter) in filters.iter().enumerate() {
        let parms = params.get(i).copied().flatten();
        data = match *filter {
            b"FlateDecode" | b"Fl" => {
                predict(inflate(&data, cap_usize, which)?, parms, cap_usize, which)?
            }
            b"LZWDecode" | b"LZW" => {
                let early = parms.and_then(|p| p.int(b"EarlyChange")).unwrap_or(1) != 0;
                predict(
                    lzw(&data, early, cap_usize, which)?,
                    parms,
                    cap_usize,
                    which,
                )?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data),
            b"ASCII85Decode" | b"A85" => ascii85(&data)?,
            b"RunLengthDecode" | b"RL" => run_length(&data, cap_usize, which)?,
            b"Crypt" => data,
            _ => {
                return Err(Error::new(ErrorKind::Unsupported {
                    what: "PDF stream filter (image codec or unknown)",
                }))
            }
        };
        if data.len() > cap_usize {
            return Err(limit(which));
        }
    }
    budget.charge(data.len() as u64)?;
    Ok(data)
}

fn inflate(data: &[u8], cap: usize, which: &'static str) -> Result<Vec<u8>> {
    match decompress_to_vec_zlib_with_limit(data, cap) {
        Ok(v) => Ok(v),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(limit(which)),
        // Damaged streams are common: keep what inflated before the damage, as readers do;
        // a stream whose zlib header is wrong is tried as raw deflate.
        Err(e) if !e.output.is_empty() => Ok(e.output),
        Err(_) => match decompress_to_vec_with_limit(data, cap) {
            Ok(v) => Ok(v),
            Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(limit(which)),
            Err(e) if !e.output.is_empty() => Ok(e.output),
            Err(_) => Err(malformed("PDF Flate stream")),
        },
    }
}

/// The rows of a PNG image's zlib data (IDAT): inflated (at most `cap` bytes) and unfiltered,
/// `colors` samples of 8 bits per pixel, `columns` pixels per row.
pub(crate) fn png_rows(data: &[u8], colors: usize, columns: usize, cap: usize) -> Result<Vec<u8>> {
    let int = |v: usize| Object::Int(i64::try_from(v).unwrap_or(i64::MAX));
    let parms = Dict(vec![
        (b"Predictor".to_vec(), Object::Int(15)),
        (b"Colors".to_vec(), int(colors)),
        (b"BitsPerComponent".to_vec(), Object::Int(8)),
        (b"Columns".to_vec(), int(columns)),
    ]);
    predict(inflate(data, cap, "image")?, Some(&parms), cap, "image")
}

/// PNG (10–15) and TIFF (2) predictors (§7.4.4.4).
fn predict(
    data: Vec<u8>,
    parms: Option<&Dict>,
    cap: usize,
    which: &'static str,
) -> Result<Vec<u8>> {
    let Some(p) = parms else { return Ok(data) };
    let predictor = p.int(b"Predictor").unwrap_or(1);
    if predictor < 2 {
        return Ok(data);
    }
    let colors = usize::try_from(p.int(b"Colors").unwrap_or(1).clamp(1, 32)).unwrap_or(1);
    let bits = usize::try_from(p.int(b"BitsPerComponent").unwrap_or(8).clamp(1, 16)).unwrap_or(8);
    let columns = usize::try_from(p.int(b"Columns").unwrap_or(1).clamp(1, 1 << 20)).unwrap_or(1);
    let bpp = (colors * bits).div_ceil(8).max(1);
    let row_len = (colors * bits * columns).div_ceil(8);
    if predictor == 2 {
        if bits != 8 {
            return Err(Error::new(ErrorKind::Unsupported {
                what: "TIFF predictor with other than 8 bits",
            }));
        }
        let mut out = data;
        for row in out.chunks_mut(row_len) {
            for i in bpp..row.len() {
                let left = row.get(i - bpp).copied().unwrap_or(0);
                if let Some(b) = row.get_mut(i) {
                    *b = b.wrapping_add(left);
                }
            }
        }
        return Ok(out);
    }
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let Some((&kind, row)) = chunk.split_first() else {
            break;
        };
        let mut cur = row.to_vec();
        cur.resize(row_len, 0);
        for i in 0..row_len {
            let a = if i >= bpp {
                cur.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let b = prev.get(i).copied().unwrap_or(0);
            let c = if i >= bpp {
                prev.get(i - bpp).copied().unwrap_or(0)
            } else {
                0
            };
            let x = cur.get(i).copied().unwrap_or(0);
            let v = match kind {
                0 => x,
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(u8::try_from((u16::from(a) + u16::from(b)) / 2).unwrap_or(0)),
                4 => x.wrapping_add(paeth(a, b, c)),
                _ => return Err(malformed("PDF PNG predictor row type")),
            };
            if let Some(slot) = cur.get_mut(i) {
                *slot = v;
            }
        }
        out.extend_from_slice(&cur);
        if out.len() > cap {
            return Err(limit(which));
        }
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high: Option<u8> = None;
    for &b in data {
        let v = match b {
            b'>' => break,
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

fn ascii85(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group = [0u8; 5];
    let mut n = 0usize;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(n) {
                    *slot = b - b'!';
                }
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |acc, d| acc * 85 + u64::from(*d));
                    let v = u32::try_from(v).map_err(|_| malformed("PDF ASCII85 group"))?;
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ if super::lexer::is_white(b) => {}
            _ => return Err(malformed("PDF ASCII85 character")),
        }
    }
    if n == 1 {
        return Err(malformed("PDF ASCII85 final group"));
    }
    if n > 1 {
        for slot in group.iter_mut().skip(n) {
            *slot = 84;
        }
        let v = group.iter().fold(0u64, |acc, d| acc * 85 + u64::from(*d));
        let v = u32::try_from(v).map_err(|_| malformed("PDF ASCII85 group"))?;
        out.extend_from_slice(v.to_be_bytes().get(..n - 1).unwrap_or_default());
    }
    Ok(out)
}

fn run_length(data: &[u8], cap: usize, which: &'static str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let n = usize::from(len) + 1;
                out.extend_from_slice(
                    data.get(i..i + n)
                        .unwrap_or_else(|| data.get(i..).unwrap_or_default()),
                );
                i += n;
            }
            _ => {
                let Some(&b) = data.get(i) else { break };
                i += 1;
                out.extend(core::iter::repeat_n(b, 257 - usize::from(len)));
            }
        }
        if out.len() > cap {
            return Err(limit(which));
        }
    }
    Ok(out)
}

/// LZW as PDF uses it: 9–12-bit codes, 256 = clear, 257 = end. The table keeps each entry as
/// (prefix code, last byte, length), so memory stays proportional to the table, not its strings.
fn lzw(data: &[u8], early_change: bool, cap: usize, which: &'static str) -> Result<Vec<u8>> {
    const NONE: u16 = u16::MAX;
    let fresh = || -> Vec<(u16, u8, usize)> {
        let mut t: Vec<(u16, u8, usize)> = (0..=255u8).map(|b| (NONE, b, 1)).collect();
        t.push((NONE, 0, 0)); // 256: clear
        t.push((NONE, 0, 0)); // 257: end of data
        t
    };
    // Appends the string of `code` and returns its first byte.
    let emit = |code: u16, table: &[(u16, u8, usize)], out: &mut Vec<u8>| -> Option<u8> {
        let len = table.get(usize::from(code))?.2;
        let start = out.len();
        out.resize(start + len, 0);
        let mut c = code;
        for pos in (start..start + len).rev() {
            let &(prefix, byte, _) = table.get(usize::from(c))?;
            *out.get_mut(pos)? = byte;
            c = prefix;
        }
        out.get(start).copied()
    };
    let mut table = fresh();
    let mut out: Vec<u8> = Vec::new();
    let (mut width, mut bits, mut nbits) = (9u32, 0u32, 0u32);
    let mut prev: Option<u16> = None;
    for &byte in data {
        bits = (bits << 8 | u32::from(byte)) & 0x00ff_ffff;
        nbits += 8;
        while nbits >= width {
            let code =
                u16::try_from((bits >> (nbits - width)) & ((1 << width) - 1)).unwrap_or(u16::MAX);
            nbits -= width;
            if code == 256 {
                table = fresh();
                width = 9;
                prev = None;
                continue;
            }
            if code == 257 {
                return Ok(out);
            }
            let first = if usize::from(code) < table.len() {
                emit(code, &table, &mut out)
            } else if usize::from(code) == table.len() {
                // The code being defined right now: the previous string plus its first byte.
                let first = prev.and_then(|p| emit(p, &table, &mut out));
                if let Some(f) = first {
                    out.push(f);
                }
                first
            } else {
                None
            }
            .ok_or(malformed("PDF LZW code"))?;
            if let Some(p) = prev {
                if table.len() < 4096 {
                    let len = table.get(usize::from(p)).map_or(0, |e| e.2) + 1;
                    table.push((p, first, len));
                }
            }
            if out.len() > cap {
                return Err(limit(which));
            }
            prev = Some(code);
            width = match table.len() + usize::from(early_change) {
                0..=511 => 9,
                512..=1023 => 10,
                1024..=2047 => 11,
                _ => 12,
            };
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(src: &[u8]) -> Dict {
        let o = super::super::object::parse_object(
            &mut super::super::lexer::Lexer::new(src, 0),
            &Limits::default(),
        )
        .unwrap();
        o.dict().unwrap().clone()
    }

    fn budget() -> Budget {
        Budget::new(1 << 30, "max_decompressed_bytes_total")
    }

    #[test]
    fn flate_with_png_up_predictor() {
        // Two rows of 3 bytes, "Up" filtered: [1,2,3], [1,1,1] -> [1,2,3], [2,3,4].
        let filtered = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&filtered, 6);
        let d = dict(b"<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 3 >> >>");
        assert_eq!(
            decode_stream(&d, &z, &Limits::default(), &mut budget()).unwrap(),
            vec![1, 2, 3, 2, 3, 4]
        );
    }

    #[test]
    fn ascii_filters_and_run_length() {
        let d = dict(b"<< /Filter [/ASCIIHexDecode] >>");
        assert_eq!(
            decode_stream(&d, b"48 65 6C 6C 6F>", &Limits::default(), &mut budget()).unwrap(),
            b"Hello"
        );
        let d = dict(b"<< /Filter /ASCII85Decode >>");
        assert_eq!(
            decode_stream(&d, b"<~87cURDZ~>", &Limits::default(), &mut budget()).unwrap(),
            b"Hello"
        );
        let d = dict(b"<< /Filter /RunLengthDecode >>");
        assert_eq!(
            decode_stream(
                &d,
                &[2, b'a', b'b', b'c', 254, b'x', 128],
                &Limits::default(),
                &mut budget()
            )
            .unwrap(),
            b"abcxxx"
        );
    }

    #[test]
    fn lzw_known_answer() {
        // The example of ISO 32000-1 §7.4.4.2: "-----A---B" encodes as these 9-bit codes.
        let codes: [u16; 8] = [256, 45, 258, 258, 65, 259, 66, 257];
        let mut bits = 0u64;
        let mut n = 0;
        let mut packed = Vec::new();
        for c in codes {
            bits = bits << 9 | u64::from(c);
            n += 9;
            while n >= 8 {
                packed.push((bits >> (n - 8)) as u8);
                n -= 8;
            }
        }
        if n > 0 {
            packed.push((bits << (8 - n)) as u8);
        }
        let d = dict(b"<< /Filter /LZWDecode >>");
        assert_eq!(
            decode_stream(&d, &packed, &Limits::default(), &mut budget()).unwrap(),
            b"-----A---B"
        );
    }

    #[test]
    fn a_flate_bomb_stops_at_the_ratio_cap() {
        let zeros = vec![0u8; 64 << 20];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
        let d = dict(b"<< /Filter /FlateDecode >>");
        let e = decode_stream(&d, &z, &Limits::default(), &mut budget()).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded {
                what: "max_decompression_ratio"
            }
        );
    }

    #[test]
    fn image_codecs_are_unsupported() {
        let d = dict(b"<< /Filter /DCTDecode >>");
        assert_eq!(
            decode_stream(&d, b"\xff\xd8", &Limits::default(), &mut budget())
                .unwrap_err()
                .code(),
            "ERR_UNSUPPORTED"
        );
    }
}
