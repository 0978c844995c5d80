//! A PDF reader for untrusted files (ISO 32000-1 §7): classic and stream cross-reference
//! sections, object streams, incremental updates with every revision kept apart, and repair by
//! scanning when the cross-reference data is broken. Text extraction and signature verification
//! both stand on it; the signature work needs what a merged view hides, so the revisions (each the
//! file's prefix up to one `%%EOF`) and each section's object offsets stay visible.

pub mod cmap;
pub mod content;
pub mod crypt;
pub mod filters;
pub mod form;
pub mod lexer;
pub mod object;
pub(crate) mod tables;

use std::collections::{HashMap, HashSet};

use lexer::{Lexer, Token};
pub use object::{Dict, ObjRef, Object, Stream};

use crate::error::{Error, ErrorKind, Result};
use crate::limits::{Budget, Limits};

/// Where an object lives, per a cross-reference entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XrefEntry {
    /// At a byte offset, with its generation.
    Offset(usize, u16),
    /// The `index`-th object of the object stream `stream`.
    Compressed {
        /// Object number of the object stream.
        stream: u32,
        /// Index inside it.
        index: u32,
    },
    /// Free.
    Free,
}

/// One incremental update: the file's prefix up to one `%%EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Offset just past this revision's `%%EOF` (and its end-of-line).
    pub end: usize,
    /// The `startxref` of this revision.
    pub xref_offset: usize,
    /// Objects this revision's own cross-reference section defines (not the earlier ones).
    pub objects: Vec<(u32, XrefEntry)>,
}

/// One cross-reference section the reader followed (a classic table with its trailer, or a
/// cross-reference stream), as the merged view was built from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Where it starts.
    pub offset: usize,
    /// The object number of the cross-reference stream (`None`: a classic table).
    pub stream: Option<u32>,
    /// Reached through a classic trailer's `/XRefStm` (a hybrid file's second section).
    pub hybrid: bool,
    /// Its entries in file order (a number may appear twice: see [`Section::repeated`]).
    pub entries: Vec<(u32, XrefEntry)>,
    /// Its trailer (a stream's dictionary).
    pub trailer: Dict,
}

impl Section {
    /// Object numbers this one section defines more than once.
    pub fn repeated(&self) -> Vec<u32> {
        let mut nums: Vec<u32> = self.entries.iter().map(|(n, _)| *n).collect();
        nums.sort_unstable();
        let mut out: Vec<u32> = nums
            .windows(2)
            .filter(|w| w.first() == w.last())
            .filter_map(|w| w.first().copied())
            .collect();
        out.dedup();
        out
    }
}

/// Where a file's `%%EOF` markers are and, when asked for, the names a signature dictionary
/// has (`/ByteRange`, `/Sig…`, `/DocTimeStamp`): one pass over the bytes, kept so that a second
/// reading of the same file (or of a prefix of it) does not scan again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Offsets of each `%%EOF`, ascending.
    pub eofs: Vec<usize>,
    /// Offsets of each `/` starting one of those names, with whether it is `/ByteRange`
    /// (`None`: not looked for).
    pub signature_names: Option<Vec<(usize, bool)>>,
}

impl Marks {
    /// Scans `data`; with `signature_names`, for those names too.
    pub fn scan(data: &[u8], signature_names: bool) -> Self {
        let mut eofs = Vec::new();
        let mut names = Vec::new();
        pair_candidates(data, signature_names, |at| {
            let rest = data.get(at..).unwrap_or_default();
            if rest.starts_with(b"%%EOF") {
                eofs.push(at);
            } else if signature_names {
                if let Some(name) = rest.strip_prefix(b"/") {
                    let range = name.starts_with(b"ByteRange");
                    if range || name.starts_with(b"Sig") || name.starts_with(b"DocTimeStamp") {
                        names.push((at, range));
                    }
                }
            }
        });
        Self {
            eofs,
            signature_names: signature_names.then_some(names),
        }
    }

    /// The marks of the first `end` bytes.
    pub fn truncated(&self, end: usize) -> Self {
        Self {
            eofs: self.eofs.iter().copied().filter(|e| e + 5 <= end).collect(),
            signature_names: self
                .signature_names
                .as_ref()
                .map(|n| n.iter().copied().filter(|(at, _)| *at < end).collect()),
        }
    }
}

/// Calls `hit` with every offset where `%%` starts, and with `names` every offset where `/`
/// followed by `B`, `S` or `D` starts (the first two bytes of `%%EOF`, `/ByteRange`, `/Sig…`
/// and `/DocTimeStamp`), in order. Blocks of 32 bytes are tested with comparisons that the
/// compiler turns into SIMD (one test per block; in incompressible data about one block in 500
/// has a candidate), where a search for each `%` and `/` stops every 128 bytes on average.
fn pair_candidates(data: &[u8], names: bool, mut hit: impl FnMut(usize)) {
    const W: usize = 32;
    let test = |x: u8, y: u8| -> bool {
        (x == b'%') & (y == b'%') | names & (x == b'/') & ((y == b'B') | (y == b'S') | (y == b'D'))
    };
    let mut base = 0;
    while let Some(block) = data.get(base..base + W + 1) {
        // The block's bytes and the bytes after each of them, as arrays of W.
        let (Some(x), Some(y)) = (block.first_chunk::<W>(), block.last_chunk::<W>()) else {
            break;
        };
        if x.iter()
            .zip(y)
            .fold(false, |any, (a, b)| any | test(*a, *b))
        {
            for (i, (a, b)) in x.iter().zip(y).enumerate() {
                if test(*a, *b) {
                    hit(base + i);
                }
            }
        }
        base += W;
    }
    for at in base..data.len().saturating_sub(1) {
        if let (Some(&x), Some(&y)) = (data.get(at), data.get(at + 1)) {
            if test(x, y) {
                hit(at);
            }
        }
    }
}

/// A parsed PDF.
pub struct Pdf<'a> {
    data: &'a [u8],
    limits: Limits,
    marks: Marks,
    /// The merged cross-reference table: the newest entry of each object number.
    xref: HashMap<u32, XrefEntry>,
    trailer: Dict,
    /// The sections the merged table was built from, newest first.
    sections: Vec<Section>,
    revisions: Vec<Revision>,
    repaired: bool,
    budget: Budget,
    object_streams: HashMap<u32, Vec<(u32, usize)>>,
    object_stream_data: HashMap<u32, Vec<u8>>,
    /// The standard security handler, opened with the empty user password.
    security: Option<crypt::Security>,
    /// The object number of an indirect `/Encrypt` dictionary (never decrypted).
    encrypt_num: Option<u32>,
}

fn malformed(what: &'static str, at: usize) -> Error {
    Error::at(ErrorKind::Malformed { what }, at as u64)
}

impl<'a> Pdf<'a> {
    /// Parses the structure of a PDF: the header, the cross-reference chain from the last
    /// `startxref` (with a visited set and [`Limits::max_xref_chain`]), falling back to a scan of
    /// the file for `n g obj` when that chain is broken; and the revisions.
    pub fn parse(data: &'a [u8], limits: &Limits) -> Result<Self> {
        Self::parse_marked(data, limits, None)
    }

    /// [`Pdf::parse`] with the file's [`Marks`]: given (from an earlier reading of these same
    /// bytes), or `None` to scan for them, signature names included.
    pub fn parse_marked(data: &'a [u8], limits: &Limits, marks: Option<Marks>) -> Result<Self> {
        Self::parse_with(data, limits, Some(marks))
    }

    fn parse_with(data: &'a [u8], limits: &Limits, marks: Option<Option<Marks>>) -> Result<Self> {
        limits.check_input_len(data.len() as u64)?;
        let header = find(data, b"%PDF-", 0).filter(|p| *p < 1024);
        if header.is_none() {
            return Err(Error::new(ErrorKind::UnsupportedFormat));
        }
        let marks = match marks {
            Some(Some(m)) => m,
            Some(None) => Marks::scan(data, true),
            None => Marks::scan(data, false),
        };
        let mut pdf = Self {
            data,
            limits: limits.clone(),
            marks,
            xref: HashMap::new(),
            trailer: Dict::default(),
            sections: Vec::new(),
            revisions: Vec::new(),
            repaired: false,
            budget: Budget::new(
                limits.max_decompressed_bytes_total,
                "max_decompressed_bytes_total",
            ),
            object_streams: HashMap::new(),
            object_stream_data: HashMap::new(),
            security: None,
            encrypt_num: None,
        };
        let chained = last_startxref(data, data.len()).and_then(|start| pdf.read_chain(start).ok());
        match chained {
            Some((xref, trailer, sections)) if trailer.get(b"Root").is_some() => {
                pdf.xref = xref;
                pdf.trailer = trailer;
                pdf.sections = sections;
            }
            _ => pdf.repair()?,
        }
        if pdf.xref.len() > pdf.limits.max_objects as usize {
            return Err(Error::new(ErrorKind::LimitExceeded {
                what: "max_objects",
            }));
        }
        pdf.revisions = pdf.find_revisions();
        pdf.open_security();
        Ok(pdf)
    }

    /// The limits the file is read with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Where the file's `%%EOF` markers (and signature names, when scanned for) are.
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// The file's bytes.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The trailer dictionary (of the newest section).
    pub fn trailer(&self) -> &Dict {
        &self.trailer
    }

    /// The cross-reference sections the merged table was built from, newest first (empty when
    /// the file was [repaired](Pdf::repaired)).
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Every `n g obj` header at or after byte `from`, as a scan that rebuilds the table finds
    /// them: `(offset, number, generation)`, at most `max_objects` (`Err` past that).
    pub fn object_headers(&self, from: usize) -> Result<Vec<(usize, u32, u16)>> {
        let data = self.data;
        let mut out = Vec::new();
        let mut pos = from;
        while let Some(at) = find(data, b"obj", pos) {
            pos = at + 3;
            let Some(start) = object_header_start(data, at).filter(|s| *s >= from) else {
                continue;
            };
            let mut l = Lexer::new(data, start);
            if let (Ok(Some(Token::Int(n))), Ok(Some(Token::Int(g)))) =
                (l.next_token(), l.next_token())
            {
                if let (Ok(num), Ok(gen)) = (u32::try_from(n), u16::try_from(g)) {
                    out.push((start, num, gen));
                }
            }
            if out.len() > self.limits.max_objects as usize {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    what: "max_objects",
                }));
            }
        }
        Ok(out)
    }

    /// Whether the cross-reference data was rebuilt by scanning.
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// Whether the file is encrypted (`/Encrypt` in the trailer) and cannot be read without a
    /// password: files that open with the empty user password are decrypted as they are read.
    pub fn encrypted(&self) -> bool {
        self.trailer.get(b"Encrypt").is_some() && self.security.is_none()
    }

    /// Whether the file is encrypted and is being decrypted with the empty user password.
    pub fn decrypted(&self) -> bool {
        self.security.is_some()
    }

    /// Opens the standard security handler with the empty user password, when the file is
    /// encrypted and that password opens it.
    fn open_security(&mut self) {
        let Some(entry) = self.trailer.get(b"Encrypt").cloned() else {
            return;
        };
        if let Object::Ref(r) = entry {
            self.encrypt_num = Some(r.num);
        }
        let Ok(Object::Dict(encrypt)) = self.resolve(&entry) else {
            return;
        };
        let id0 = match self.trailer.get(b"ID") {
            Some(Object::Array(ids)) => match ids.first() {
                Some(Object::String(s)) => s.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        self.security = crypt::Security::open(&encrypt, &id0).ok();
    }

    /// Decrypts the strings of an object read at a file offset (not those of the `/Encrypt`
    /// dictionary; objects inside object streams were decrypted with their stream).
    fn decrypt_strings(&self, id: ObjRef, obj: &mut Object) {
        let Some(security) = &self.security else {
            return;
        };
        if self.encrypt_num == Some(id.num) {
            return;
        }
        // Depth-first over arrays and dictionaries, without recursion; the parser already
        // bounded the nesting.
        let mut stack: Vec<&mut Object> = vec![obj];
        while let Some(o) = stack.pop() {
            match o {
                Object::String(s) => *s = security.decrypt_string(id.num, id.gen, s),
                Object::Array(items) => stack.extend(items.iter_mut()),
                Object::Dict(d) => stack.extend(d.0.iter_mut().map(|(_, v)| v)),
                Object::Stream(st) => stack.extend(st.dict.0.iter_mut().map(|(_, v)| v)),
                _ => {}
            }
        }
    }

    /// The revisions, oldest first.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// The merged cross-reference entry of an object number.
    pub fn xref_entry(&self, num: u32) -> Option<XrefEntry> {
        self.xref.get(&num).copied()
    }

    /// Every entry of the merged cross-reference table, by object number.
    pub fn xref_entries(&self) -> Vec<(u32, XrefEntry)> {
        let mut out: Vec<(u32, XrefEntry)> = self.xref.iter().map(|(n, e)| (*n, *e)).collect();
        out.sort_unstable_by_key(|(n, _)| *n);
        out
    }

    /// Number of objects in the merged cross-reference table.
    pub fn object_count(&self) -> usize {
        self.xref.len()
    }

    /// The object `r` refers to (`Null` when absent or free, as the standard says).
    pub fn get(&mut self, r: ObjRef) -> Result<Object> {
        match self.xref.get(&r.num).copied() {
            Some(XrefEntry::Offset(offset, _)) => {
                let xref = &self.xref;
                let data = self.data;
                let limits = &self.limits;
                let mut length_of = |lr: ObjRef| -> Option<i64> {
                    match xref.get(&lr.num) {
                        Some(XrefEntry::Offset(o, _)) => {
                            match object::parse_indirect(data, *o, limits, &mut |_| None) {
                                Ok((_, Object::Int(n))) => Some(n),
                                _ => None,
                            }
                        }
                        _ => None,
                    }
                };
                let (id, mut obj) = object::parse_indirect(data, offset, limits, &mut length_of)?;
                // An entry that points at another object is wrong: the object is not there.
                if id.num != r.num {
                    return Ok(Object::Null);
                }
                self.decrypt_strings(id, &mut obj);
                Ok(obj)
            }
            Some(XrefEntry::Compressed { stream, index }) => {
                self.get_compressed(r.num, stream, index)
            }
            Some(XrefEntry::Free) | None => Ok(Object::Null),
        }
    }

    /// The object the merged table defines for `num`, read strictly, with the reference it is
    /// stored as (its generation from the object's header; 0 inside an object stream):
    /// `Ok(None)` when the number is free or absent, an error when the entry does not lead to
    /// that object (another number at the offset, an unreadable object, a member missing from
    /// its object stream) — a viewer rebuilds such a table by scanning, so what it shows cannot
    /// be told from the table.
    pub fn fetch(&mut self, num: u32) -> Result<Option<(ObjRef, Object)>> {
        match self.xref.get(&num).copied() {
            None | Some(XrefEntry::Free) => Ok(None),
            Some(XrefEntry::Offset(offset, gen)) => {
                let obj = self.get(ObjRef { num, gen })?;
                let mut lexer = Lexer::new(self.data, offset);
                let header = (lexer.next_token()?, lexer.next_token()?);
                match header {
                    (Some(Token::Int(n)), Some(Token::Int(g)))
                        if n == i64::from(num) && g == i64::from(gen) =>
                    {
                        Ok(Some((ObjRef { num, gen }, obj)))
                    }
                    _ => Err(malformed(
                        "PDF cross-reference entry not at its object",
                        offset,
                    )),
                }
            }
            Some(XrefEntry::Compressed { stream, index }) => {
                if !matches!(self.xref.get(&stream), Some(XrefEntry::Offset(..))) {
                    return Err(malformed("PDF object stream not at an offset", 0));
                }
                let obj = self.get_compressed(num, stream, index)?;
                let found = self
                    .object_streams
                    .get(&stream)
                    .and_then(|e| e.get(index as usize))
                    .map(|(n, _)| *n);
                if found != Some(num) {
                    return Err(malformed("PDF object stream member missing", 0));
                }
                Ok(Some((ObjRef { num, gen: 0 }, obj)))
            }
        }
    }

    /// Follows a reference (one level); other objects are returned as they are.
    pub fn resolve(&mut self, obj: &Object) -> Result<Object> {
        match obj {
            Object::Ref(r) => self.get(*r),
            other => Ok(other.clone()),
        }
    }

    /// The decoded data of a stream, charged to the document's decompression budget.
    pub fn stream_data(&mut self, stream: &Stream) -> Result<Vec<u8>> {
        let raw = self
            .data
            .get(stream.start..stream.end)
            .ok_or(malformed("PDF stream bounds", stream.start))?;
        if let Some(security) = &self.security {
            let clear = self.encrypt_num == Some(stream.id.num)
                || stream.dict.name(b"Type") == Some(b"XRef")
                || (!security.encrypt_metadata && stream.dict.name(b"Type") == Some(b"Metadata"));
            if !clear {
                let data = security.decrypt_stream(stream.id.num, stream.id.gen, raw);
                return filters::decode_stream(&stream.dict, &data, &self.limits, &mut self.budget);
            }
        }
        filters::decode_stream(&stream.dict, raw, &self.limits, &mut self.budget)
    }

    fn get_compressed(&mut self, num: u32, stream_num: u32, index: u32) -> Result<Object> {
        if !self.object_streams.contains_key(&stream_num) {
            let container = match self.xref.get(&stream_num) {
                Some(XrefEntry::Offset(..)) => self.get(ObjRef {
                    num: stream_num,
                    gen: 0,
                })?,
                _ => return Ok(Object::Null),
            };
            let Object::Stream(s) = container else {
                return Err(malformed("PDF object stream", 0));
            };
            let data = self.stream_data(&s)?;
            let n = s
                .dict
                .int(b"N")
                .unwrap_or(0)
                .clamp(0, i64::from(self.limits.max_objects));
            let first = usize::try_from(s.dict.int(b"First").unwrap_or(0).max(0)).unwrap_or(0);
            let mut header = Lexer::new(&data, 0);
            let mut entries = Vec::new();
            for _ in 0..n {
                match (header.next_token()?, header.next_token()?) {
                    (Some(Token::Int(o)), Some(Token::Int(off))) => {
                        let (Ok(o), Ok(off)) = (u32::try_from(o), usize::try_from(off)) else {
                            break;
                        };
                        entries.push((o, first.saturating_add(off)));
                    }
                    _ => break,
                }
            }
            self.object_streams.insert(stream_num, entries);
            self.object_stream_data.insert(stream_num, data);
        }
        let (Some(entries), Some(data)) = (
            self.object_streams.get(&stream_num),
            self.object_stream_data.get(&stream_num),
        ) else {
            return Ok(Object::Null);
        };
        let Some(&(found, at)) = entries.get(index as usize) else {
            return Ok(Object::Null);
        };
        if found != num {
            return Ok(Object::Null);
        }
        object::parse_object(&mut Lexer::new(data, at), &self.limits)
    }

    /// Reads the chain of cross-reference sections from `start`, newest first: the merged
    /// table (the newest entry of each number; within a section, its first), the newest
    /// trailer, and the sections themselves.
    #[allow(clippy::type_complexity)]
    fn read_chain(
        &mut self,
        start: usize,
    ) -> Result<(HashMap<u32, XrefEntry>, Dict, Vec<Section>)> {
        let mut merged: HashMap<u32, XrefEntry> = HashMap::new();
        let mut sections: Vec<Section> = Vec::new();
        let mut visited = HashSet::new();
        let mut next = Some(start);
        while let Some(offset) = next.take() {
            if !visited.insert(offset) {
                break; // a loop in /Prev
            }
            if visited.len() > self.limits.max_xref_chain as usize {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    what: "max_xref_chain",
                }));
            }
            let (entries, trailer, stream) = self.read_section(offset)?;
            // A hybrid file's /XRefStm section belongs to the same revision.
            let mut hybrid = None;
            if let Some(stm) = trailer
                .int(b"XRefStm")
                .and_then(|v| usize::try_from(v).ok())
            {
                if visited.insert(stm) {
                    if let Ok((more, dict, num)) = self.read_section(stm) {
                        for (num, e) in &more {
                            merged.entry(*num).or_insert(*e);
                        }
                        hybrid = Some(Section {
                            offset: stm,
                            stream: num,
                            hybrid: true,
                            entries: more,
                            trailer: dict,
                        });
                    }
                }
            }
            for (num, e) in &entries {
                merged.entry(*num).or_insert(*e);
            }
            next = trailer.int(b"Prev").and_then(|v| usize::try_from(v).ok());
            sections.push(Section {
                offset,
                stream,
                hybrid: false,
                entries,
                trailer,
            });
            sections.extend(hybrid);
        }
        let newest = sections
            .first()
            .map(|s| s.trailer.clone())
            .unwrap_or_default();
        Ok((merged, newest, sections))
    }

    /// One cross-reference section (a classic table or a stream) at `offset`, with the stream's
    /// object number.
    #[allow(clippy::type_complexity)]
    fn read_section(
        &mut self,
        offset: usize,
    ) -> Result<(Vec<(u32, XrefEntry)>, Dict, Option<u32>)> {
        let mut lexer = Lexer::new(self.data, offset);
        lexer.skip_white();
        if lexer.rest().starts_with(b"xref") {
            let (entries, trailer) = self.read_table(offset)?;
            return Ok((entries, trailer, None));
        }
        let (id, obj) =
            object::parse_indirect(self.data, lexer.pos(), &self.limits, &mut |_| None)?;
        let Object::Stream(s) = obj else {
            return Err(malformed("PDF cross-reference section", offset));
        };
        if s.dict.name(b"Type") != Some(b"XRef") {
            return Err(malformed("PDF cross-reference stream type", offset));
        }
        let data = self.stream_data(&s)?;
        let widths: Vec<usize> = match s.dict.get(b"W") {
            Some(Object::Array(w)) => w
                .iter()
                .map(|o| int_of(o).map_or(0, |v| usize::try_from(v.clamp(0, 8)).unwrap_or(0)))
                .collect(),
            _ => return Err(malformed("PDF cross-reference stream /W", offset)),
        };
        let [w0, w1, w2] = <[usize; 3]>::try_from(widths)
            .map_err(|_| malformed("PDF cross-reference stream /W", offset))?;
        let row = w0 + w1 + w2;
        let size = s.dict.int(b"Size").unwrap_or(0).max(0);
        let index: Vec<i64> = match s.dict.get(b"Index") {
            Some(Object::Array(items)) => items.iter().filter_map(int_of).collect(),
            _ => vec![0, size],
        };
        let mut out = Vec::new();
        let mut rows = data.chunks_exact(row.max(1));
        for pair in index.chunks(2) {
            let (Some(&first), Some(&count)) = (pair.first(), pair.get(1)) else {
                break;
            };
            for k in 0..count.clamp(0, i64::from(self.limits.max_objects)) {
                let Some(r) = rows.next() else { break };
                let field = |from: usize, len: usize, default: u64| -> u64 {
                    if len == 0 {
                        return default;
                    }
                    r.get(from..from + len).map_or(0, |b| {
                        b.iter().fold(0u64, |acc, x| acc << 8 | u64::from(*x))
                    })
                };
                let kind = field(0, w0, 1);
                let a = field(w0, w1, 0);
                let b = field(w0 + w1, w2, 0);
                let Ok(num) = u32::try_from(first.saturating_add(k)) else {
                    continue;
                };
                let entry = match kind {
                    0 => XrefEntry::Free,
                    1 => XrefEntry::Offset(
                        usize::try_from(a).unwrap_or(usize::MAX),
                        u16::try_from(b).unwrap_or(0),
                    ),
                    2 => XrefEntry::Compressed {
                        stream: u32::try_from(a).unwrap_or(0),
                        index: u32::try_from(b).unwrap_or(0),
                    },
                    _ => continue,
                };
                out.push((num, entry));
            }
        }
        Ok((out, s.dict, Some(id.num)))
    }

    fn read_table(&self, offset: usize) -> Result<(Vec<(u32, XrefEntry)>, Dict)> {
        let mut lexer = Lexer::new(self.data, offset);
        let _xref = lexer.next_token()?;
        let mut out = Vec::new();
        loop {
            let at = lexer.pos();
            match lexer.next_token()? {
                Some(Token::Int(first)) => {
                    let Some(Token::Int(count)) = lexer.next_token()? else {
                        return Err(malformed("PDF cross-reference subsection", at));
                    };
                    if count < 0 || count > i64::from(self.limits.max_objects) {
                        return Err(malformed("PDF cross-reference subsection count", at));
                    }
                    for k in 0..count {
                        let entry_at = lexer.pos();
                        let (
                            Some(Token::Int(off)),
                            Some(Token::Int(gen)),
                            Some(Token::Keyword(kind)),
                        ) = (
                            lexer.next_token()?,
                            lexer.next_token()?,
                            lexer.next_token()?,
                        )
                        else {
                            return Err(malformed("PDF cross-reference entry", entry_at));
                        };
                        let Ok(num) = u32::try_from(first.saturating_add(k)) else {
                            continue;
                        };
                        let entry = match kind {
                            b"n" => XrefEntry::Offset(
                                usize::try_from(off).unwrap_or(usize::MAX),
                                u16::try_from(gen).unwrap_or(0),
                            ),
                            b"f" => XrefEntry::Free,
                            _ => return Err(malformed("PDF cross-reference entry type", entry_at)),
                        };
                        out.push((num, entry));
                    }
                }
                Some(Token::Keyword(b"trailer")) => {
                    let trailer = object::parse_object(&mut lexer, &self.limits)?;
                    let Object::Dict(d) = trailer else {
                        return Err(malformed("PDF trailer", at));
                    };
                    return Ok((out, d));
                }
                _ => return Err(malformed("PDF cross-reference table", at)),
            }
        }
    }

    /// Rebuilds the cross-reference data by scanning for `n g obj` (later definitions win) and
    /// takes the trailer from the last `trailer` dictionary or cross-reference stream that names
    /// a /Root.
    fn repair(&mut self) -> Result<()> {
        self.repaired = true;
        let data = self.data;
        let mut xref: HashMap<u32, XrefEntry> = HashMap::new();
        let mut trailer: Option<Dict> = None;
        let mut pos = 0;
        while let Some(at) = find(data, b"obj", pos) {
            pos = at + 3;
            // Walk back over "n g " to the start of the object number.
            let Some(start) = object_header_start(data, at) else {
                continue;
            };
            let mut l = Lexer::new(data, start);
            let (Ok(Some(Token::Int(n))), Ok(Some(Token::Int(g)))) =
                (l.next_token(), l.next_token())
            else {
                continue;
            };
            let (Ok(num), Ok(gen)) = (u32::try_from(n), u16::try_from(g)) else {
                continue;
            };
            xref.insert(num, XrefEntry::Offset(start, gen));
            if xref.len() > self.limits.max_objects as usize {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    what: "max_objects",
                }));
            }
        }
        let mut pos = 0;
        while let Some(at) = find(data, b"trailer", pos) {
            pos = at + 7;
            let mut l = Lexer::new(data, pos);
            if let Ok(Object::Dict(d)) = object::parse_object(&mut l, &self.limits) {
                if d.get(b"Root").is_some() {
                    trailer = Some(d);
                }
            }
        }
        self.xref = xref;
        if trailer.is_none() {
            // Cross-reference streams hold the trailer keys in their dictionary; failing that,
            // the catalog is the object of /Type /Catalog.
            let mut nums: Vec<u32> = self.xref.keys().copied().collect();
            nums.sort_unstable();
            for num in nums {
                let Ok(obj) = self.get(ObjRef { num, gen: 0 }) else {
                    continue;
                };
                let Some(d) = obj.dict() else { continue };
                if d.name(b"Type") == Some(b"XRef") && d.get(b"Root").is_some() {
                    trailer = Some(d.clone());
                } else if d.name(b"Type") == Some(b"Catalog") && trailer.is_none() {
                    trailer = Some(Dict(vec![(
                        b"Root".to_vec(),
                        Object::Ref(ObjRef { num, gen: 0 }),
                    )]));
                }
            }
        }
        self.trailer = trailer.ok_or(Error::new(ErrorKind::Malformed {
            what: "PDF without a document catalog",
        }))?;
        Ok(())
    }

    /// Every `%%EOF` whose prefix has a readable `startxref` section is a revision.
    fn find_revisions(&mut self) -> Vec<Revision> {
        let mut out = Vec::new();
        for at in self.marks.eofs.clone() {
            let pos = at + 5;
            let mut end = pos;
            match (self.data.get(end), self.data.get(end + 1)) {
                (Some(b'\r'), Some(b'\n')) => end += 2,
                (Some(b'\r' | b'\n'), _) => end += 1,
                _ => {}
            }
            let Some(xref_offset) = last_startxref(self.data, pos) else {
                continue;
            };
            if out.iter().any(|r: &Revision| r.xref_offset == xref_offset) {
                continue;
            }
            let Ok((objects, _, _)) = self.read_section(xref_offset) else {
                continue;
            };
            out.push(Revision {
                end,
                xref_offset,
                objects,
            });
            if out.len() > self.limits.max_xref_chain as usize {
                break;
            }
        }
        out
    }
}

/// A PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE or UTF-8 with a byte order mark, else
/// PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units = rest.chunks(2).map(|p| {
            u16::from_be_bytes([
                p.first().copied().unwrap_or(0),
                p.get(1).copied().unwrap_or(0),
            ])
        });
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes
        .iter()
        .filter_map(|b| tables::PDFDOC.get(usize::from(*b)))
        .filter_map(|u| char::from_u32(u32::from(*u)))
        .filter(|c| *c != '\0')
        .collect()
}

/// An integer object's value (reals are not accepted where the standard wants integers).
fn int_of(o: &Object) -> Option<i64> {
    match o {
        Object::Int(v) => Some(*v),
        _ => None,
    }
}

/// First occurrence of `needle` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// The offset in the last `startxref` before `end`.
fn last_startxref(data: &[u8], end: usize) -> Option<usize> {
    let window_start = end.saturating_sub(2048);
    let window = data.get(window_start..end)?;
    let at = window.windows(9).rposition(|w| w == b"startxref")?;
    let mut l = Lexer::new(data, window_start + at + 9);
    match l.next_token() {
        Ok(Some(Token::Int(v))) => usize::try_from(v).ok().filter(|v| *v < data.len()),
        _ => None,
    }
}

/// For `obj` at `at`, the offset where "n g obj" starts, if the bytes before it are that.
fn object_header_start(data: &[u8], at: usize) -> Option<usize> {
    if data
        .get(at + 3)
        .is_some_and(|b| !lexer::is_white(*b) && !lexer::is_delimiter(*b))
    {
        return None; // "object", "objstm" …
    }
    let mut i = at;
    let mut numbers = 0;
    while numbers < 2 {
        while i > 0 && data.get(i - 1).is_some_and(|b| lexer::is_white(*b)) {
            i -= 1;
        }
        let end = i;
        while i > 0 && data.get(i - 1).is_some_and(u8::is_ascii_digit) {
            i -= 1;
        }
        if i == end || end - i > 10 {
            return None;
        }
        numbers += 1;
    }
    (i == 0
        || data
            .get(i - 1)
            .is_some_and(|b| lexer::is_white(*b) || lexer::is_delimiter(*b)))
    .then_some(i)
}

#[cfg(test)]
pub(crate) mod tests;

/// The DocMDP level of a certification signature (`/Perms /DocMDP`), if the document has one.
pub fn certification_level(pdf: &mut Pdf<'_>) -> Option<i64> {
    let root = pdf.trailer().get(b"Root").cloned()?;
    let catalog = pdf.resolve(&root).ok()?.dict()?.clone();
    let perms = pdf.resolve(catalog.get(b"Perms")?).ok()?.dict()?.clone();
    let sig = pdf.resolve(perms.get(b"DocMDP")?).ok()?.dict()?.clone();
    let Some(Object::Array(refs)) = sig.get(b"Reference").and_then(|r| pdf.resolve(r).ok()) else {
        return Some(2);
    };
    for item in refs {
        let Some(d) = pdf.resolve(&item).ok().and_then(|o| o.dict().cloned()) else {
            continue;
        };
        if d.name(b"TransformMethod") == Some(b"DocMDP") {
            let params = d
                .get(b"TransformParams")
                .and_then(|p| pdf.resolve(p).ok())
                .and_then(|o| o.dict().cloned());
            return Some(params.and_then(|p| p.int(b"P")).unwrap_or(2).clamp(1, 3));
        }
    }
    Some(2)
}
