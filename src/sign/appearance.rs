//! A visible signature appearance: a text block (Decree 30/2020/NĐ-CP, Annex I — an electronic
//! copy or attachment is marked at the top right of page 1 with who signed, the organisation and
//! the time; VGCA's box reads "Ký bởi / Cơ quan / Thời gian ký"), drawn in a form XObject with
//! an embedded font that has the Vietnamese letters (assets/fonts/vanban-serif.ttf, a subset of
//! DejaVu Serif made by scripts/gen_font_subset.py) as a CIDFontType2 with Identity-H encoding and
//! a ToUnicode map, so that the text can be selected and searched.

use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, Result};

/// The font the appearance writes with.
const FONT: &[u8] = include_bytes!("../../assets/fonts/vanban-serif.ttf");
const FONT_NAME: &str = "VanbanSerif";

/// What a signature looks like on the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Appearance {
    /// Nothing shown (the signature is in the signature panel only).
    #[default]
    Invisible,
    /// A text block.
    Text {
        /// The page, 0-based.
        page: usize,
        /// `[x1, y1, x2, y2]` in the page's default user space (`None`: top right, 36 pt from
        /// the edges, as wide as 220 pt and as tall as the lines need).
        rect: Option<[f64; 4]>,
        /// The lines, in order (NFC is applied).
        lines: Vec<String>,
        /// Points (10 by default, Decree 30's size; smaller when a line would not fit).
        font_size: f64,
    },
    /// An image — the signer's handwritten signature, or the organisation's seal (Decree 30:
    /// blue or red, transparent PNG) — fitted into `rect` with its proportions kept.
    Image {
        /// The page, 0-based.
        page: usize,
        /// `[x1, y1, x2, y2]` in the page's default user space.
        rect: [f64; 4],
        /// A PNG (8 bits per sample; grey, RGB, palette, with or without alpha; not interlaced).
        png: Vec<u8>,
    },
}

/// A decoded PNG: samples of one colour space, and the alpha channel apart.
struct Raster {
    width: usize,
    height: usize,
    /// 1 (grey) or 3 (RGB) samples per pixel.
    channels: usize,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

fn png_error(what: &'static str) -> Error {
    Error::new(ErrorKind::InvalidArgument { what })
}

/// Decodes a PNG (bounded: 4096 × 4096 pixels at most).
fn decode_png(png: &[u8]) -> Result<Raster> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !png.starts_with(SIGNATURE) {
        return Err(png_error("the appearance image is not a PNG"));
    }
    let (mut width, mut height, mut color_type) = (0usize, 0usize, 255u8);
    let mut palette: &[u8] = &[];
    let mut transparency: &[u8] = &[];
    let mut idat = Vec::new();
    let mut at = SIGNATURE.len();
    while let (Some(len), Some(kind)) = (be32(png, at), png.get(at + 4..at + 8)) {
        let len = len as usize;
        let data = png
            .get(at + 8..at + 8 + len)
            .ok_or_else(|| png_error("the appearance image is a truncated PNG"))?;
        match kind {
            b"IHDR" => {
                width = be32(data, 0).unwrap_or(0) as usize;
                height = be32(data, 4).unwrap_or(0) as usize;
                let (depth, interlace) = (data.get(8).copied(), data.get(12).copied());
                color_type = data.get(9).copied().unwrap_or(255);
                if depth != Some(8) || interlace != Some(0) {
                    return Err(png_error(
                        "the appearance image must be a non-interlaced PNG with 8 bits per sample",
                    ));
                }
            }
            b"PLTE" => palette = data,
            b"tRNS" => transparency = data,
            b"IDAT" => {
                if idat.len() + data.len() > 64 << 20 {
                    return Err(png_error("the appearance image is too large"));
                }
                idat.extend_from_slice(data);
            }
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    if width == 0 || height == 0 || width > 4096 || height > 4096 {
        return Err(png_error(
            "the appearance image must be between 1 and 4096 pixels wide and high",
        ));
    }
    let samples = match color_type {
        0 | 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => {
            return Err(png_error(
                "the appearance image has an unknown PNG colour type",
            ))
        }
    };
    let rows = crate::container::pdf::filters::png_rows(
        &idat,
        samples,
        width,
        (width * samples + 1) * height,
    )?;
    if rows.len() < width * height * samples {
        return Err(png_error("the appearance image is a truncated PNG"));
    }
    let pixels = width * height;
    let (channels, mut color, mut alpha) = (
        if color_type == 0 || color_type == 4 {
            1
        } else {
            3
        },
        Vec::new(),
        Vec::new(),
    );
    for p in 0..pixels {
        let px = rows.get(p * samples..(p + 1) * samples).unwrap_or_default();
        match color_type {
            3 => {
                let i = usize::from(px.first().copied().unwrap_or(0));
                color.extend_from_slice(palette.get(3 * i..3 * i + 3).unwrap_or(&[0, 0, 0]));
                alpha.push(transparency.get(i).copied().unwrap_or(255));
            }
            4 | 6 => {
                color.extend_from_slice(px.get(..samples - 1).unwrap_or_default());
                alpha.push(px.last().copied().unwrap_or(255));
            }
            _ => color.extend_from_slice(px),
        }
    }
    let alpha = (alpha.iter().any(|a| *a != 255)).then_some(alpha);
    Ok(Raster {
        width,
        height,
        channels,
        color,
        alpha,
    })
}

/// The objects of an image appearance — the image, its soft mask, the form XObject — numbered
/// from `first`, and the form's number.
pub(crate) fn image_objects(png: &[u8], rect: [f64; 4], first: u32) -> Result<(Objects, u32)> {
    let raster = decode_png(png)?;
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    if !(w > 0.0 && h > 0.0) {
        return Err(Error::new(ErrorKind::InvalidArgument {
            what: "the appearance rectangle is empty",
        }));
    }
    let (image_num, mask_num, form_num) = (first, first + 1, first + 2);
    let stream = |dict: String, data: &[u8]| {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        out
    };
    // The image fitted in the box, proportions kept, centred.
    let (iw, ih) = (raster.width as f64, raster.height as f64);
    let scale = (w / iw).min(h / ih);
    let (dw, dh) = (iw * scale, ih * scale);
    let (dx, dy) = ((w - dw) / 2.0, (h - dh) / 2.0);
    let content = format!("q {dw:.3} 0 0 {dh:.3} {dx:.3} {dy:.3} cm /Im1 Do Q\n");
    let mut objects = Vec::new();
    let mask = match &raster.alpha {
        Some(a) => {
            objects.push((
                mask_num,
                stream(
                    format!(
                        "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray \
                         /BitsPerComponent 8 /Filter /FlateDecode",
                        raster.width, raster.height
                    ),
                    &miniz_oxide::deflate::compress_to_vec_zlib(a, 6),
                ),
            ));
            format!(" /SMask {mask_num} 0 R")
        }
        None => String::new(),
    };
    objects.push((
        image_num,
        stream(
            format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /{} \
                 /BitsPerComponent 8 /Filter /FlateDecode{mask}",
                raster.width,
                raster.height,
                if raster.channels == 1 {
                    "DeviceGray"
                } else {
                    "DeviceRGB"
                }
            ),
            &miniz_oxide::deflate::compress_to_vec_zlib(&raster.color, 6),
        ),
    ));
    objects.push((
        form_num,
        stream(
            format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 {w:.2} {h:.2}] /Resources << /XObject \
                 << /Im1 {image_num} 0 R >> >>"
            ),
            content.as_bytes(),
        ),
    ));
    Ok((objects, form_num))
}

/// The parts of a TrueType font the appearance needs.
struct Font {
    units_per_em: f64,
    ascent: f64,
    descent: f64,
    bbox: [f64; 4],
    /// Advance width of each glyph, in font units.
    advances: Vec<u16>,
    /// Unicode scalar → glyph.
    cmap: BTreeMap<u32, u16>,
}

fn font_error() -> Error {
    Error::new(ErrorKind::Malformed {
        what: "appearance font",
    })
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

impl Font {
    fn parse(d: &[u8]) -> Option<Self> {
        let tables = usize::from(be16(d, 4)?);
        let mut dir = BTreeMap::new();
        for i in 0..tables.min(64) {
            let at = 12 + 16 * i;
            let tag = d.get(at..at + 4)?;
            let offset = be32(d, at + 8)? as usize;
            let len = be32(d, at + 12)? as usize;
            dir.insert(tag.to_vec(), d.get(offset..offset.checked_add(len)?)?);
        }
        let head = dir.get(&b"head"[..])?;
        let hhea = dir.get(&b"hhea"[..])?;
        let hmtx = dir.get(&b"hmtx"[..])?;
        let maxp = dir.get(&b"maxp"[..])?;
        let cmap = dir.get(&b"cmap"[..])?;
        let units_per_em = f64::from(be16(head, 18)?);
        let signed = |v: u16| f64::from(v as i16);
        let bbox = [
            signed(be16(head, 36)?),
            signed(be16(head, 38)?),
            signed(be16(head, 40)?),
            signed(be16(head, 42)?),
        ];
        let ascent = signed(be16(hhea, 4)?);
        let descent = signed(be16(hhea, 6)?);
        let metrics = usize::from(be16(hhea, 34)?);
        let glyphs = usize::from(be16(maxp, 4)?);
        let mut advances = Vec::with_capacity(glyphs);
        for g in 0..glyphs {
            let i = g.min(metrics.saturating_sub(1));
            advances.push(be16(hmtx, 4 * i)?);
        }
        // The Unicode BMP subtable (platform 3 encoding 1, or platform 0), format 4.
        let count = usize::from(be16(cmap, 2)?);
        let mut sub = None;
        for i in 0..count.min(32) {
            let at = 4 + 8 * i;
            let (platform, encoding) = (be16(cmap, at)?, be16(cmap, at + 2)?);
            let offset = be32(cmap, at + 4)? as usize;
            if ((platform == 3 && encoding == 1) || platform == 0) && be16(cmap, offset)? == 4 {
                sub = Some(cmap.get(offset..)?);
                break;
            }
        }
        let sub = sub?;
        let segments = usize::from(be16(sub, 6)? / 2);
        let ends = 14;
        let starts = ends + 2 * segments + 2;
        let deltas = starts + 2 * segments;
        let ranges = deltas + 2 * segments;
        let mut map = BTreeMap::new();
        for s in 0..segments {
            let end = be16(sub, ends + 2 * s)?;
            let start = be16(sub, starts + 2 * s)?;
            let delta = be16(sub, deltas + 2 * s)?;
            let range = be16(sub, ranges + 2 * s)?;
            if start == 0xFFFF || end < start {
                continue;
            }
            for c in start..=end {
                let g = if range == 0 {
                    c.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + usize::from(range) + 2 * usize::from(c - start);
                    match be16(sub, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                if g != 0 {
                    map.insert(u32::from(c), g);
                }
            }
        }
        Some(Self {
            units_per_em,
            ascent,
            descent,
            bbox,
            advances,
            cmap: map,
        })
    }

    /// Glyphs of a text, or the characters the font lacks.
    fn glyphs(&self, text: &str) -> std::result::Result<Vec<(u16, char)>, String> {
        let mut missing = String::new();
        let glyphs = text
            .chars()
            .filter_map(|c| match self.cmap.get(&u32::from(c)) {
                Some(g) => Some((*g, c)),
                None => {
                    missing.push(c);
                    None
                }
            })
            .collect();
        if missing.is_empty() {
            Ok(glyphs)
        } else {
            Err(missing)
        }
    }

    fn width(&self, glyphs: &[(u16, char)], size: f64) -> f64 {
        glyphs
            .iter()
            .map(|(g, _)| f64::from(*self.advances.get(usize::from(*g)).unwrap_or(&0)))
            .sum::<f64>()
            * size
            / self.units_per_em
    }

    /// 1000-unit glyph space.
    fn scale(&self, v: f64) -> f64 {
        (v * 1000.0 / self.units_per_em).round()
    }
}

/// New objects of an update: (number, body).
pub(crate) type Objects = Vec<(u32, Vec<u8>)>;

/// The objects of a text appearance — the form XObject and the font objects, numbered from
/// `first` — and the form's number.
pub(crate) fn text_objects(
    lines: &[String],
    font_size: f64,
    rect: [f64; 4],
    first: u32,
) -> Result<(Objects, u32)> {
    let font = Font::parse(FONT).ok_or_else(font_error)?;
    let lines: Vec<String> = lines.iter().map(|l| crate::text::nfc::nfc(l)).collect();
    let mut shaped = Vec::new();
    for line in &lines {
        match font.glyphs(line) {
            Ok(g) => shaped.push(g),
            Err(missing) => {
                return Err(Error::new(ErrorKind::InvalidArgument {
                    what: if missing.is_empty() {
                        "appearance text"
                    } else {
                        "the appearance text has characters its font lacks (Vietnamese, Latin-1 and ASCII are covered)"
                    },
                }))
            }
        }
    }
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    if !(w > 0.0 && h > 0.0) {
        return Err(Error::new(ErrorKind::InvalidArgument {
            what: "the appearance rectangle is empty",
        }));
    }
    // The size that fits every line in the box (down to 5 pt), 10 by default.
    let pad = 3.0;
    let widest = shaped
        .iter()
        .map(|g| font.width(g, 1.0))
        .fold(0.0_f64, f64::max);
    let rows = shaped.len().max(1) as f64;
    let mut size = font_size.clamp(5.0, 72.0);
    if widest > 0.0 {
        size = size.min((w - 2.0 * pad) / widest);
    }
    size = size.min((h - 2.0 * pad) / (rows * 1.2)).max(5.0);
    let leading = size * 1.2;
    let (font_num, cid_num, descriptor_num, file_num, unicode_num, form_num) =
        (first, first + 1, first + 2, first + 3, first + 4, first + 5);
    // The content: a thin frame and the lines, top down.
    let mut content = format!(
        "q 0.1 0.2 0.55 RG 0.6 w {:.2} {:.2} {:.2} {:.2} re S Q\nq BT /F1 {size:.2} Tf 0 0 0.55 rg\n",
        0.3,
        0.3,
        w - 0.6,
        h - 0.6
    );
    let mut y = h - pad - size * font.ascent / font.units_per_em;
    for g in &shaped {
        content.push_str(&format!("1 0 0 1 {pad:.2} {y:.2} Tm <"));
        for (gid, _) in g {
            content.push_str(&format!("{gid:04X}"));
        }
        content.push_str("> Tj\n");
        y -= leading;
    }
    content.push_str("ET Q\n");
    // Widths and the ToUnicode map of the glyphs used.
    let mut used: BTreeMap<u16, char> = BTreeMap::new();
    for g in &shaped {
        used.extend(g.iter().copied());
    }
    let widths: String = used
        .keys()
        .map(|g| {
            format!(
                "{g} [{}]",
                font.scale(f64::from(*font.advances.get(usize::from(*g)).unwrap_or(&0)))
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) \
         /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 \
         begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = used.iter().collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (g, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{g:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(FONT, 9);
    let stream = |dict: String, data: &[u8]| {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        out
    };
    let b = &font.bbox;
    let objects = vec![
        (
            font_num,
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{FONT_NAME} /Encoding /Identity-H \
                 /DescendantFonts [{cid_num} 0 R] /ToUnicode {unicode_num} 0 R >>"
            )
            .into_bytes(),
        ),
        (
            cid_num,
            format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{FONT_NAME} /CIDSystemInfo \
                 << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor \
                 {descriptor_num} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"
            )
            .into_bytes(),
        ),
        (
            descriptor_num,
            format!(
                "<< /Type /FontDescriptor /FontName /{FONT_NAME} /Flags 34 /FontBBox [{} {} {} {}] \
                 /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {file_num} 0 R >>",
                font.scale(b[0]),
                font.scale(b[1]),
                font.scale(b[2]),
                font.scale(b[3]),
                font.scale(font.ascent),
                font.scale(font.descent),
                font.scale(font.ascent * 0.7)
            )
            .into_bytes(),
        ),
        (
            file_num,
            stream(
                format!("/Filter /FlateDecode /Length1 {}", FONT.len()),
                &compressed,
            ),
        ),
        (unicode_num, stream(String::new(), cmap.as_bytes())),
        (
            form_num,
            stream(
                format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 {w:.2} {h:.2}] /Resources << /Font \
                     << /F1 {font_num} 0 R >> >>"
                ),
                content.as_bytes(),
            ),
        ),
    ];
    Ok((objects, form_num))
}

/// The default rectangle: the top right of a page whose visible box is `crop`, 36 pt from the
/// edges, 220 pt wide, tall enough for `lines` lines at 10 pt.
pub(crate) fn default_rect(crop: [f64; 4], lines: usize) -> [f64; 4] {
    let height = 6.0 + 12.0 * lines.max(1) as f64 + 2.0;
    let right = crop[2] - 36.0;
    let top = crop[3] - 36.0;
    [right - 220.0, top - height, right, top]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_the_vietnamese_letters() {
        let font = Font::parse(FONT).unwrap_or_else(|| unreachable!());
        let text = "Ký bởi: Nguyễn Văn Thử — Cơ quan: Bộ Thử nghiệm; Thời gian ký: 2026-01-01T08:00:00+07:00 ĐƯỢC ỨNG";
        assert!(font.glyphs(&crate::text::nfc::nfc(text)).is_ok());
        assert_eq!(font.glyphs("中").err().as_deref(), Some("中"));
    }
}
