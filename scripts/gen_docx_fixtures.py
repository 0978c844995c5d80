#!/usr/bin/env python3
"""Writes the project's own DOCX test files, and the demo's sample, with the text each must give.

    python3 scripts/gen_docx_fixtures.py

Outputs (committed):
  tests/fixtures/docx/*.docx          test documents
  tests/fixtures/docx/manifest.json   per file: sha256 and the expected plain text
  www/samples/cong-van-mau.docx       the demo's Vietnamese sample (also a fixture)

Legacy-font runs are encoded here from Unicode with the TCVN3 and VNI tables of
shared/corpus/vn/encodings (encode direction; $VANBAN_CORPUS overrides the place), so the
expected text is the Unicode we started from. Standard library only; deterministic output.
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from docxlib import ROOT, cell_xml as cell, package, para, run, tcvn3, vni  # noqa: E402

OUT = os.path.join(ROOT, "tests", "fixtures", "docx")

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
