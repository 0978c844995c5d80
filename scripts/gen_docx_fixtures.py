#!/usr/bin/env python3
"""Writes the project's own DOCX test files, and the demo's sample, with the text each must give.

    python3 scripts/gen_docx_fixtures.py [CORPUS_DIR]

Outputs (committed):
  tests/fixtures/docx/*.docx          test documents
  tests/fixtures/docx/manifest.json   per file: sha256 and the expected plain text
  www/samples/cong-van-mau.docx       the demo's Vietnamese sample (also a fixture)

Legacy-font runs are encoded here from Unicode with the TCVN3 and VNI tables of
shared/corpus/vn/encodings (encode direction), so the expected text is the Unicode we started
from. Only the standard library is used; the output is deterministic (fixed ZIP timestamps).
"""
import hashlib
import json
import os
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus")
ENC = os.path.join(CORPUS, "vn", "encodings")
OUT = os.path.join(ROOT, "tests", "fixtures", "docx")

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


fixtures = {}


def fixture(name, expected, **kw):
    path = os.path.join(OUT, name)
    package(path, **kw)
    fixtures[name] = expected


# 1. Legacy Vietnamese fonts: run fonts, a paragraph style's font, capitals fonts, VNI.
QH = "Cộng hòa xã hội chủ nghĩa Việt Nam"
TN = "Độc lập - Tự do - Hạnh phúc"
body = "".join([
    para(run(tcvn3(QH.lower()), font=".VnTimeH")),
    para(run(tcvn3(TN), font=".VnTime", bold=True)),
    para(run("Số: 12/CV-UBND ", font="Times New Roman") + run(tcvn3("ngày 25 tháng 11 năm 2026"), font=".VnTime", italic=True)),
    para(run(vni("Kính gửi: Sở Thông tin và Truyền thông"), font="VNI-Times")),
    para(run(tcvn3("Đoạn văn dùng phông của kiểu đoạn.")), style="Legacy"),
    para(run("Tie\u0302\u0301ng Vie\u0323\u0302t to\u0302\u0309 ho\u031b\u0323p")),
])
fixture("vn-legacy-fonts.docx", "\n".join([
    QH.upper(), TN, "Số: 12/CV-UBND ngày 25 tháng 11 năm 2026", "Kính gửi: Sở Thông tin và Truyền thông",
    "Đoạn văn dùng phông của kiểu đoạn.", "Tiếng Việt tổ hợp"]) + "\n", body=body)

# 2. A document whose default font (through the theme) is TCVN3.
fixture("vn-theme-default-font.docx", "Quyết định về việc ban hành quy chế\n",
        body=para(run(tcvn3("Quyết định về việc ban hành quy chế"))),
        default_fonts='<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>', theme=("Arial", ".VnTime"))

# 3. Structure: headings, lists, tables, notes, fields, tracked changes, text boxes, controls.
textbox = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>%s</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>') % (
    para(run("Nội dung hộp văn bản")), para(run("Nội dung hộp văn bản")))
cell = lambda text, props="": "<w:tc>%s%s</w:tc>" % ("<w:tcPr>%s</w:tcPr>" % props if props else "", para(run(text)) if text is not None else "<w:p/>")
table = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>%s</w:tbl>" % "".join([
    "<w:tr>%s</w:tr>" % (cell("Nơi nhận", '<w:gridSpan w:val="2"/>') + cell("Ghi chú")),
    "<w:tr>%s</w:tr>" % (cell("Như trên", '<w:vMerge w:val="restart"/>') + cell("Lưu: VT") + cell("01 bản")),
    "<w:tr>%s</w:tr>" % (cell(None, "<w:vMerge/>") + cell("Lưu: VP") + cell("02 bản")),
])
field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
body = "".join([
    para(run("Điều 1. Phạm vi điều chỉnh"), style="Heading1"),
    para(run("Khoản một"), num=(1, 0)),
    para(run("Điểm a"), num=(1, 1)),
    para(run("Điểm b"), num=(1, 1)),
    para(run("Gạch đầu dòng"), num=(1, 2)),
    para(run("Khoản hai"), num=(1, 0)),
    para(run("Mục lớn"), num=(2, 0)),
    para(run("Mục con"), num=(2, 1)),
    para(run("Chấm tròn"), style="ListBullet"),
    para(run("Danh sách mới"), num=(4, 0)),
    para(run("Quy định chung"), style="u2"),
    para(run("Xem ") + '<w:hyperlink r:id="rId9">%s</w:hyperlink>' % run("văn bản gốc") + run(" và chú thích")
         + '<w:r><w:footnoteReference w:id="1"/></w:r>' + run(".")),
    para(run("Trang ") + field + run(", tệp ") + '<w:fldSimple w:instr=" FILENAME "><w:r><w:t>congvan.docx</w:t></w:r></w:fldSimple>'),
    para(run("Nội dung ") + '<w:ins w:id="1" w:author="a">%s</w:ins>' % run("được thêm")
         + '<w:del w:id="2" w:author="a"><w:r><w:delText>bị xóa</w:delText></w:r></w:del>' + run(" xong.")),
    para('<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:softHyphen/><w:t>D\u00a0E</w:t><w:noBreakHyphen/><w:t>F</w:t></w:r>'),
    para(run("Trước hộp") + textbox),
    '<w:sdt><w:sdtPr><w:alias w:val="Tên"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % para(run("Trong điều khiển nội dung")),
    table,
    para('<w:r><w:br w:type="page"/></w:r>' + run("Trang sau") + '<w:r><w:commentReference w:id="0"/></w:r>'),
    para(run("Ẩn", extra="<w:vanish/>") + run("Hiện")),
])
fixture("structure.docx", "\n".join([
    "Điều 1. Phạm vi điều chỉnh",
    "1. Khoản một",
    "  a) Điểm a",
    "  b) Điểm b",
    "    – Gạch đầu dòng",
    "2. Khoản hai",
    "I. Mục lớn",
    "  I.1. Mục con",
    "• Chấm tròn",
    "1. Danh sách mới",
    "Quy định chung",
    "Xem văn bản gốc và chú thích[1].",
    "Trang 7, tệp congvan.docx",
    "Nội dung được thêm xong.",
    "A\tB\nCD\u00a0E-F",
    "Trước hộp",
    "Nội dung hộp văn bản",
    "Trong điều khiển nội dung",
    "Nơi nhận\tGhi chú",
    "Như trên\tLưu: VT\t01 bản",
    "Lưu: VP\t02 bản",
    "",
    "Trang sau",
    "Hiện",
    "",
    "Số 30/UBND",
    "",
    "[1] Nghị định 30/2020/NĐ-CP.",
    "",
    "[Trần Văn A] Cần xem lại.",
]) + "\n",
    body=body,
    footnotes='<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>%s</w:p></w:footnote>' % run(" Nghị định 30/2020/NĐ-CP."),
    comments='<w:comment w:id="0" w:author="Trần Văn A">%s</w:comment>' % para(run("Cần xem lại.")),
    header=para(run("Số 30/UBND")))

# 4. The demo's sample: an official letter (công văn) with a legacy-font paragraph.
sample_body = "".join([
    para(run("ỦY BAN NHÂN DÂN XÃ MẪU", bold=True)),
    para(run(tcvn3("cộng hòa xã hội chủ nghĩa việt nam"), font=".VnTimeH", bold=True)),
    para(run("Độc lập - Tự do - Hạnh phúc", bold=True)),
    para(run("Số: 25/CV-UBND")),
    para(run("V/v thử nghiệm công cụ trích xuất văn bản"), style="Heading1"),
    para(run("Kính gửi: Các phòng, ban chuyên môn")),
    para(run("Ủy ban nhân dân xã đề nghị các đơn vị:")),
    para(run("Dùng công cụ vanban để lấy lại nội dung văn bản cũ."), num=(1, 0)),
    para(run(tcvn3("Kiểm tra phông chữ TCVN3 được chuyển sang Unicode."), font=".VnTime"), num=(1, 0)),
    para(run("Báo cáo kết quả trước ngày 30 tháng 11 năm 2026."), num=(1, 0)),
    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>%s</w:tbl>" % "".join([
        "<w:tr>%s</w:tr>" % (cell("Nơi nhận:") + cell("TM. ỦY BAN NHÂN DÂN")),
        "<w:tr>%s</w:tr>" % (cell("- Như trên;") + cell("CHỦ TỊCH")),
        "<w:tr>%s</w:tr>" % (cell("- Lưu: VT.") + cell("Nguyễn Văn B")),
    ]),
])
sample_path = os.path.join(ROOT, "www", "samples", "cong-van-mau.docx")
package(sample_path, body=sample_body)
fixtures["../../../www/samples/cong-van-mau.docx"] = "\n".join([
    "ỦY BAN NHÂN DÂN XÃ MẪU",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 25/CV-UBND",
    "V/v thử nghiệm công cụ trích xuất văn bản",
    "Kính gửi: Các phòng, ban chuyên môn",
    "Ủy ban nhân dân xã đề nghị các đơn vị:",
    "1. Dùng công cụ vanban để lấy lại nội dung văn bản cũ.",
    "2. Kiểm tra phông chữ TCVN3 được chuyển sang Unicode.",
    "3. Báo cáo kết quả trước ngày 30 tháng 11 năm 2026.",
    "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN",
    "- Như trên;\tCHỦ TỊCH",
    "- Lưu: VT.\tNguyễn Văn B",
]) + "\n"

manifest = []
for name, expected in sorted(fixtures.items()):
    path = os.path.normpath(os.path.join(OUT, name))
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    manifest.append({"id": os.path.basename(name), "file": name, "sha256": digest, "expectedText": expected})
with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", len(manifest), "DOCX fixtures")
