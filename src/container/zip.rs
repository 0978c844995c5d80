//! A ZIP reader for OOXML/OPC packages (APPNOTE.TXT 6.3.10), hardened for untrusted input.
//!
//! Only what OPC needs: the central directory (with ZIP64), stored and deflated entries, CRC-32
//! checked. Everything is read from the caller's byte slice; nothing is allocated from a size
//! written in the file: inflating grows its buffer as output appears and stops at the smallest of
//! the per-part cap, the ratio cap and what is left of the document's total budget.

use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

use crate::error::{Error, ErrorKind, Result};
use crate::limits::{Budget, Limits};

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;

/// One entry of the central directory (APPNOTE 4.3.12).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name as stored (UTF-8, or CP437 read as Latin-1 when the UTF-8 flag is clear).
    pub name: String,
    /// 0 = stored, 8 = deflated; others are refused when read.
    pub method: u16,
    /// General purpose flags (bit 0: encrypted).
    pub flags: u16,
    /// CRC-32 of the uncompressed data.
    pub crc32: u32,
    /// Size of the stored data.
    pub compressed_size: u64,
    /// Size after decompression, as the directory claims it (checked when read).
    pub uncompressed_size: u64,
    /// Offset of the local header.
    pub local_header_offset: u64,
}

/// A parsed ZIP archive over borrowed bytes.
#[derive(Debug)]
pub struct Archive<'a> {
    data: &'a [u8],
    entries: Vec<Entry>,
}

fn malformed(what: &'static str, offset: usize) -> Error {
    Error::at(ErrorKind::Malformed { what }, offset as u64)
}

/// Little-endian reads that fail as `Truncated` instead of panicking.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn at(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(Error::at(ErrorKind::Truncated, self.pos as u64))?;
        let s = self
            .data
            .get(self.pos..end)
            .ok_or(Error::at(ErrorKind::Truncated, self.pos as u64))?;
        self.pos = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Result<u64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn skip(&mut self, n: usize) -> Result<()> {
        self.bytes(n).map(|_| ())
    }
}

fn to_usize(v: u64, offset: usize) -> Result<usize> {
    usize::try_from(v).map_err(|_| malformed("zip offset beyond addressable memory", offset))
}

impl<'a> Archive<'a> {
    /// Reads the central directory. Fails on a missing or inconsistent directory, more entries than
    /// `limits.max_zip_entries`, or two names equal when ASCII case is ignored (OPC part names are
    /// case-insensitive, and a duplicate lets two readers see two different documents).
    pub fn parse(data: &'a [u8], limits: &Limits) -> Result<Self> {
        limits.check_input_len(data.len() as u64)?;
        let eocd = find_eocd(data)?;
        let mut c = Cursor::at(data, eocd + 4);
        let disk = c.u16()?;
        let cd_disk = c.u16()?;
        let _entries_this_disk = c.u16()?;
        let mut count = u64::from(c.u16()?);
        let mut cd_size = u64::from(c.u32()?);
        let mut cd_offset = u64::from(c.u32()?);
        if disk != 0 || cd_disk != 0 {
            return Err(malformed("multi-disk zip", eocd));
        }
        if count == 0xffff || cd_size == 0xffff_ffff || cd_offset == 0xffff_ffff {
            (count, cd_size, cd_offset) = read_zip64_eocd(data, eocd)?;
        }
        if count > u64::from(limits.max_zip_entries) {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_zip_entries",
            }));
        }
        let cd_start = to_usize(cd_offset, eocd)?;
        let cd_end = cd_start
            .checked_add(to_usize(cd_size, eocd)?)
            .filter(|end| *end <= data.len())
            .ok_or(malformed("zip central directory bounds", eocd))?;
        // Each central record is at least 46 bytes: the count cannot exceed what is present.
        if count > (cd_end - cd_start) as u64 / 46 {
            return Err(malformed("zip entry count", eocd));
        }
        let mut entries = Vec::with_capacity(to_usize(count, eocd)?);
        let mut c = Cursor::at(data, cd_start);
        for _ in 0..count {
            let at = c.pos;
            if at >= cd_end || c.u32()? != CENTRAL_SIG {
                return Err(malformed("zip central directory record", at));
            }
            c.skip(4)?; // versions
            let flags = c.u16()?;
            let method = c.u16()?;
            c.skip(4)?; // time, date
            let crc32 = c.u32()?;
            let mut compressed_size = u64::from(c.u32()?);
            let mut uncompressed_size = u64::from(c.u32()?);
            let name_len = usize::from(c.u16()?);
            let extra_len = usize::from(c.u16()?);
            let comment_len = usize::from(c.u16()?);
            c.skip(8)?; // disk start, internal attrs, external attrs
            let mut local_header_offset = u64::from(c.u32()?);
            let name_bytes = c.bytes(name_len)?;
            let extra = c.bytes(extra_len)?;
            c.skip(comment_len)?;
            apply_zip64_extra(
                extra,
                &mut uncompressed_size,
                &mut compressed_size,
                &mut local_header_offset,
            )?;
            let name = if flags & 0x0800 != 0 {
                String::from_utf8(name_bytes.to_vec())
                    .map_err(|_| malformed("zip entry name (not UTF-8)", at))?
            } else {
                name_bytes.iter().map(|&b| char::from(b)).collect()
            };
            entries.push(Entry {
                name,
                method,
                flags,
                crc32,
                compressed_size,
                uncompressed_size,
                local_header_offset,
            });
        }
        let mut names: Vec<String> = entries
            .iter()
            .map(|e| e.name.to_ascii_lowercase())
            .collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(Error::new(ErrorKind::Malformed {
                what: "zip: duplicate entry name",
            }));
        }
        Ok(Self { data, entries })
    }

    /// Entries in central-directory order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry named `name`, ignoring ASCII case.
    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The decompressed bytes of `entry`, charged to `total` (the document's budget of
    /// decompressed bytes). Checks sizes, the decompression ratio and the CRC-32.
    pub fn read(&self, entry: &Entry, limits: &Limits, total: &mut Budget) -> Result<Vec<u8>> {
        let header = to_usize(entry.local_header_offset, 0)?;
        let mut c = Cursor::at(self.data, header);
        if c.u32()? != LOCAL_SIG {
            return Err(malformed("zip local header", header));
        }
        c.skip(22)?; // version, flags, method, time, date, crc, sizes (the directory's are used)
        let name_len = usize::from(c.u16()?);
        let extra_len = usize::from(c.u16()?);
        c.skip(name_len)?;
        c.skip(extra_len)?;
        let start = c.pos;
        let stored = c.bytes(to_usize(entry.compressed_size, start)?)?;
        if entry.flags & 0x0001 != 0 {
            return Err(Error::at(
                ErrorKind::Unsupported {
                    what: "encrypted zip entry",
                },
                header as u64,
            ));
        }
        let cap = limits.decompression_cap(stored.len(), total);
        let over_cap = || Error::at(cap.exceeded().kind(), start as u64);
        let out = match entry.method {
            0 => {
                if stored.len() > cap.bytes {
                    return Err(over_cap());
                }
                stored.to_vec()
            }
            8 => match decompress_to_vec_with_limit(stored, cap.bytes) {
                Ok(v) => v,
                Err(e) if e.status == TINFLStatus::HasMoreOutput => return Err(over_cap()),
                Err(_) => return Err(malformed("zip deflate stream", start)),
            },
            _ => {
                return Err(Error::at(
                    ErrorKind::Unsupported {
                        what: "zip compression method",
                    },
                    header as u64,
                ))
            }
        };
        if out.len() as u64 != entry.uncompressed_size {
            return Err(malformed("zip entry size", start));
        }
        if crc32(&out) != entry.crc32 {
            return Err(malformed("zip entry CRC-32", start));
        }
        total.charge(out.len() as u64)?;
        Ok(out)
    }
}

/// The end-of-central-directory record: searched backwards over at most the 64 KiB comment.
fn find_eocd(data: &[u8]) -> Result<usize> {
    if data.len() < 22 {
        return Err(Error::new(ErrorKind::UnsupportedFormat));
    }
    let lowest = data.len().saturating_sub(22 + 0xffff);
    let mut pos = data.len() - 22;
    loop {
        if data.get(pos..pos + 4) == Some(&EOCD_SIG.to_le_bytes()[..]) {
            return Ok(pos);
        }
        if pos == lowest {
            return Err(Error::new(ErrorKind::UnsupportedFormat));
        }
        pos -= 1;
    }
}

fn read_zip64_eocd(data: &[u8], eocd: usize) -> Result<(u64, u64, u64)> {
    let locator = eocd
        .checked_sub(20)
        .ok_or(malformed("zip64 locator", eocd))?;
    let mut c = Cursor::at(data, locator);
    if c.u32()? != ZIP64_LOCATOR_SIG {
        return Err(malformed("zip64 locator", locator));
    }
    c.skip(4)?;
    let record = to_usize(c.u64()?, locator)?;
    let mut c = Cursor::at(data, record);
    if c.u32()? != ZIP64_EOCD_SIG {
        return Err(malformed("zip64 end of central directory", record));
    }
    c.skip(8 + 2 + 2 + 4 + 4 + 8)?; // size, versions, disk numbers, entries on this disk
    let count = c.u64()?;
    let size = c.u64()?;
    let offset = c.u64()?;
    Ok((count, size, offset))
}

/// ZIP64 extended information (header 0x0001) replaces the 32-bit fields that are all ones.
fn apply_zip64_extra(
    extra: &[u8],
    uncompressed: &mut u64,
    compressed: &mut u64,
    offset: &mut u64,
) -> Result<()> {
    let mut c = Cursor::at(extra, 0);
    while c.pos + 4 <= extra.len() {
        let id = c.u16()?;
        let len = usize::from(c.u16()?);
        let body = c.bytes(len)?;
        if id != 0x0001 {
            continue;
        }
        let mut f = Cursor::at(body, 0);
        for field in [uncompressed, compressed, offset] {
            if *field == 0xffff_ffff {
                *field = f.u64()?;
            }
        }
        return Ok(());
    }
    Ok(())
}

/// CRC-32 tables for slicing-by-4: `TABLES[0]` is the classic byte table, `TABLES[k]` advances
/// a byte that is `k` positions further along.
// Evaluated at compile time: the indexing and the casts cannot fail at run time.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const CRC_TABLES: [[u32; 256]; 4] = {
    let mut t = [[0u32; 256]; 4];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[0][i] = c;
        i += 1;
    }
    let mut i = 0;
    while i < 256 {
        let mut k = 1;
        while k < 4 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            k += 1;
        }
        i += 1;
    }
    t
};

fn crc_table(k: usize, index: u32) -> u32 {
    CRC_TABLES
        .get(k)
        .and_then(|t| t.get((index & 0xff) as usize))
        .copied()
        .unwrap_or(0)
}

/// CRC-32 (IEEE 802.3, reflected, as ZIP uses it), four bytes at a time.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    let mut words = data.chunks_exact(4);
    for w in &mut words {
        let v = crc ^ u32::from_le_bytes(<[u8; 4]>::try_from(w).unwrap_or_default());
        crc =
            crc_table(3, v) ^ crc_table(2, v >> 8) ^ crc_table(1, v >> 16) ^ crc_table(0, v >> 24);
    }
    for &b in words.remainder() {
        crc = crc_table(0, crc ^ u32::from(b)) ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal ZIP writer for tests (stored or deflated entries).
    pub(crate) fn build_zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data, deflate) in entries {
            let body = if *deflate {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let method: u16 = if *deflate { 8 } else { 0 };
            let offset = out.len() as u32;
            let crc = crc32(data);
            out.extend_from_slice(&LOCAL_SIG.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0]);
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(body.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&body);
            central.extend_from_slice(&CENTRAL_SIG.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
            central.extend_from_slice(&method.to_le_bytes());
            central.extend_from_slice(&[0; 4]);
            central.extend_from_slice(&crc.to_le_bytes());
            central.extend_from_slice(&(body.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&EOCD_SIG.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn read_all(zip: &[u8], limits: &Limits) -> Result<Vec<Vec<u8>>> {
        let a = Archive::parse(zip, limits)?;
        let mut budget = Budget::new(
            limits.max_decompressed_bytes_total,
            "max_decompressed_bytes_total",
        );
        a.entries()
            .iter()
            .map(|e| a.read(e, limits, &mut budget))
            .collect()
    }

    #[test]
    fn reads_stored_and_deflated_entries() {
        let text = "Cộng hòa xã hội chủ nghĩa Việt Nam ".repeat(50);
        let zip = build_zip(&[
            ("a.txt", b"hello", false),
            ("word/document.xml", text.as_bytes(), true),
        ]);
        let parts = read_all(&zip, &Limits::default()).unwrap();
        assert_eq!(parts[0], b"hello");
        assert_eq!(parts[1], text.as_bytes());
        let a = Archive::parse(&zip, &Limits::default()).unwrap();
        assert!(a.find("WORD/Document.xml").is_some());
    }

    #[test]
    fn crc32_known_answer() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn case_duplicate_names_are_refused() {
        let zip = build_zip(&[
            ("word/document.xml", b"a", false),
            ("Word/Document.XML", b"b", false),
        ]);
        let e = Archive::parse(&zip, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_MALFORMED");
    }

    #[test]
    fn ratio_and_size_limits_stop_a_bomb() {
        let zeros = vec![0u8; 8 << 20];
        let zip = build_zip(&[("bomb.bin", &zeros, true)]);
        let e = read_all(&zip, &Limits::default()).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded {
                what: "max_decompression_ratio"
            }
        );
        let tight = Limits {
            max_decompressed_bytes_per_stream: 1000,
            ..Limits::default()
        };
        let zip = build_zip(&[("x.bin", &zeros[..5000], false)]);
        let e = read_all(&zip, &tight).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded {
                what: "max_decompressed_bytes_per_stream"
            }
        );
    }

    #[test]
    fn total_budget_spans_entries() {
        let data = vec![7u8; 600];
        let zip = build_zip(&[("a", &data, false), ("b", &data, false)]);
        let limits = Limits {
            max_decompressed_bytes_total: 1000,
            ..Limits::default()
        };
        let e = read_all(&zip, &limits).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::LimitExceeded {
                what: "max_decompressed_bytes_total"
            }
        );
    }

    #[test]
    fn corrupt_inputs_are_typed_errors_never_panics() {
        let zip = build_zip(&[("a.txt", b"hello world", true), ("b.txt", b"bye", false)]);
        assert_eq!(
            Archive::parse(b"not a zip", &Limits::default())
                .unwrap_err()
                .code(),
            "ERR_UNSUPPORTED_FORMAT"
        );
        // Every truncation and every single-byte corruption either parses or fails with a type.
        for cut in 0..zip.len() {
            let _ = read_all(&zip[..cut], &Limits::default());
        }
        for i in 0..zip.len() {
            for v in [0x00, 0xff, 0x80] {
                let mut z = zip.clone();
                z[i] = v;
                let _ = read_all(&z, &Limits::default());
            }
        }
        let mut z = zip.clone();
        z[30 + "a.txt".len() + 1] ^= 1; // inside a.txt's deflate data

        assert!(read_all(&z, &Limits::default()).is_err());
    }

    #[test]
    fn entry_count_limit() {
        let zip = build_zip(&[("a", b"1", false), ("b", b"2", false), ("c", b"3", false)]);
        let limits = Limits {
            max_zip_entries: 2,
            ..Limits::default()
        };
        assert_eq!(
            Archive::parse(&zip, &limits).unwrap_err().kind(),
            ErrorKind::LimitExceeded {
                what: "max_zip_entries"
            }
        );
    }
}
