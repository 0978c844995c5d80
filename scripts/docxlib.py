"""Writing small, deterministic DOCX packages, and legacy Vietnamese encoders, for the project's
generators (gen_docx_fixtures.py, gen_bench_docx.py). Standard library only."""
import os
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
CORPUS = os.environ.get("VANBAN_CORPUS") or os.path.join(ROOT, "..", "shared", "corpus")
ENC = os.path.join(CORPUS, "vn", "encodings")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' \
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' \
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' \
    'xmlns:v="urn:schemas-microsoft-com:vml" ' \
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def table_rows(name):
    with open(os.path.join(ENC, name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def cp1252_char(byte):
    return bytes([byte]).decode("cp1252", errors="strict") if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(byte)


def encoder(name, two_byte):
    table = {}
    for cols in table_rows(name):
        uni = cols[2]
        raw = bytes(int(b, 16) for b in cols[4].split())
        if len(uni) == 1 and uni not in table:
            table[uni] = raw
    def encode(text):
        out = []
        for ch in unicodedata.normalize("NFC", text):
            raw = table.get(ch)
            if raw is None:
                if ord(ch) < 0x80:
                    raw = ch.encode("ascii")
                else:
                    raise ValueError("cannot encode %r" % ch)
            out.append("".join(cp1252_char(b) for b in raw))
        return "".join(out)
    return encode


tcvn3 = encoder("tcvn3_to_unicode.tsv", False)
vni = encoder("vni_win_to_unicode.tsv", True)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def run(text, font=None, bold=False, italic=False, extra=""):
    props = ""
    if font:
        props += '<w:rFonts w:ascii="%s" w:hAnsi="%s"/>' % (font, font)
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    props += extra
    rpr = "<w:rPr>%s</w:rPr>" % props if props else ""
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, esc(text))


def para(content, style=None, num=None, ppr_extra=""):
    ppr = ""
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num:
        ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
    ppr += ppr_extra
    return "<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "", content)


STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles %s>
<w:docDefaults><w:rPrDefault><w:rPr>%s</w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="u2"><w:name w:val="Tiêu đề 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Legacy"><w:name w:val="Legacy body"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
</w:styles>"""

NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering %s>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%%2)"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#8211;"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1.%%2."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""

THEME = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="t"><a:themeElements><a:fontScheme name="f">
<a:majorFont><a:latin typeface="%s"/></a:majorFont><a:minorFont><a:latin typeface="%s"/></a:minorFont>
</a:fontScheme></a:themeElements></a:theme>"""

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def package(path, body, default_fonts="", theme=("Calibri Light", "Calibri"), footnotes=None,
            comments=None, header=None):
    parts = {}
    overrides = [("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")]
    rels = [("rId1", "styles", "styles.xml"), ("rId2", "numbering", "numbering.xml"),
            ("rId3", "theme", "theme/theme1.xml"),
            ("rId9", "hyperlink", "https://vanban.example/van-ban?so=30&amp;nam=2020")]
    parts["word/document.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
        '<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body)
    parts["word/styles.xml"] = STYLES % (W, default_fonts)
    parts["word/numbering.xml"] = NUMBERING % W
    parts["word/theme/theme1.xml"] = THEME % theme
    if footnotes:
        rels.append(("rId4", "footnotes", "footnotes.xml"))
        parts["word/footnotes.xml"] = '<w:footnotes %s><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>%s</w:footnotes>' % (W, footnotes)
    if comments:
        rels.append(("rId5", "comments", "comments.xml"))
        parts["word/comments.xml"] = "<w:comments %s>%s</w:comments>" % (W, comments)
    if header:
        rels.append(("rId6", "header", "header1.xml"))
        parts["word/header1.xml"] = "<w:hdr %s>%s</w:hdr>" % (W, header)
    parts["word/_rels/document.xml.rels"] = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % "".join(
        '<Relationship Id="%s" Type="%s%s" Target="%s"%s/>' % (i, R, t, target, ' TargetMode="External"' if t == "hyperlink" else "")
        for i, t, target in rels)
    parts["_rels/.rels"] = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%sofficeDocument" Target="word/document.xml"/></Relationships>' % R
    parts["[Content_Types].xml"] = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>%s</Types>' % "".join(
        '<Override PartName="%s" ContentType="%s"/>' % o for o in overrides)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", "_rels/.rels"] + sorted(k for k in parts if k not in ("[Content_Types].xml", "_rels/.rels")):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name].encode("utf-8"))




def cell_xml(text, props=""):
    """A table cell with one paragraph of `text` (None: an empty paragraph)."""
    return "<w:tc>%s%s</w:tc>" % ("<w:tcPr>%s</w:tcPr>" % props if props else "", para(run(text)) if text is not None else "<w:p/>")
