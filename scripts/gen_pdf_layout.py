#!/usr/bin/env python3
"""Writes tests/fixtures/pdf/vn-layout.pdf: a page laid out like a Vietnamese notice (Decree 30
header in two side-by-side blocks under a signing tool's stamp, a centred title, body text in two columns, a table, a rotated
margin note, a superscript), then a page holding only an image, as a scan would.

    pip install reportlab   # only to regenerate; DejaVu fonts from Debian's fonts-dejavu-core
    python3 scripts/gen_pdf_layout.py

Writes tests/fixtures/pdf/layout.json: the file's sha256, the texts in the order a reader reads
them, the table's cells, the stamp's lines, and the pages without a text layer. Deterministic.
"""
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdflib import sentence, wrap  # noqa: E402  (registers the DejaVu fonts)

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "tests", "fixtures", "pdf"))
PATH = os.path.join(OUT, "vn-layout.pdf")

rng = random.Random(2026)
width, height = A4
c = canvas.Canvas(PATH, pagesize=A4, invariant=1)
sequence = []


def centred(text, font, size, cx, y):
    c.setFont(font, size)
    c.drawCentredString(cx, y, text)


# The block a signing tool stamps at the top right of page 1 (VIETNAM.md §3), above the header.
stamp = ["Ký bởi: Ủy ban nhân dân xã Mẫu", "Email: ubnd@xamau.gov.vn", "Cơ quan: Ủy ban nhân dân xã Mẫu",
         "Thời gian ký: 25.11.2026 09:30:00 +07:00"]
for i, text in enumerate(stamp):
    c.setFont("DejaVu", 8)
    c.drawString(400, height - 16 - 10 * i, text)
sequence += stamp

# Decree 30 header: the issuing body on the left, the national motto on the right.
left = [("DejaVu-Bold", 12, "ỦY BAN NHÂN DÂN"), ("DejaVu-Bold", 12, "XÃ MẪU"), ("DejaVu", 12, "Số: 12/TB-UBND")]
right = [("DejaVu-Bold", 11, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("DejaVu-Bold", 12, "Độc lập - Tự do - Hạnh phúc"),
         ("DejaVu", 11, "Xã Mẫu, ngày 25 tháng 11 năm 2026")]
y = height - 60
for i, (font, size, text) in enumerate(left):
    centred(text, font, size, 150, y - 17 * i)
for i, (font, size, text) in enumerate(right):
    centred(text, font, size, 420, y - 17 * i)
sequence += [t for _, _, t in left] + [t for _, _, t in right]

y -= 90
centred("THÔNG BÁO", "DejaVu-Bold", 15, width / 2, y)
centred("Về việc thử nghiệm trích xuất văn bản nhiều cột", "DejaVu-Bold", 12, width / 2, y - 18)
sequence += ["THÔNG BÁO", "Về việc thử nghiệm trích xuất văn bản nhiều cột"]

# Body text in two columns; paragraphs of different lengths so that no blank band crosses both.
top = y - 50
col_w = 220
columns = [72, 72 + col_w + 30]
lengths = [[4, 3], [2, 5]]
bottom = top
for x, counts in zip(columns, lengths):
    yy = top
    for n in counts:
        text = " ".join(sentence(rng, rng.randint(7, 11)) for _ in range(n))
        sequence.append(text)
        c.setFont("DejaVu", 10)
        for line in wrap(text, "DejaVu", 10, col_w):
            c.drawString(x, yy, line)
            yy -= 13
        yy -= 9
    bottom = min(bottom, yy)

# A superscript: "m²" drawn with a text rise, on a line of its own.
y = bottom - 16
t = c.beginText(72, y)
t.setFont("DejaVu", 11)
t.textOut("Diện tích sân: 250 m")
t.setRise(4)
t.setFont("DejaVu", 7)
t.textOut("2")
t.setRise(0)
t.setFont("DejaVu", 11)
t.textOut(" trong khuôn viên.")
c.drawText(t)
sequence.append("Diện tích sân: 250 m2 trong khuôn viên.")

# A table with ruled cells.
table = [["STT", "Đơn vị", "Số lượng"], ["1", "Phòng Tư pháp", "12"], ["2", "Phòng Tài chính", "7"],
         ["3", "Văn phòng Ủy ban", "25"]]
xs = [72, 130, 330, 450]
y = y - 40
for r, row in enumerate(table):
    for i, cell in enumerate(row):
        c.setFont("DejaVu-Bold" if r == 0 else "DejaVu", 11)
        c.drawString(xs[i] + 6, y - 20 * r, cell)
for r in range(len(table) + 1):
    c.line(xs[0], y + 14 - 20 * r, xs[-1], y + 14 - 20 * r)
for x in xs:
    c.line(x, y + 14, x, y + 14 - 20 * len(table))
for row in table:
    sequence.append("\t".join(row))

# A margin note turned 90°, read after the page's main text.
c.saveState()
c.translate(40, 200)
c.rotate(90)
c.setFont("DejaVu", 9)
c.drawString(0, 0, "Bản thử nghiệm - không có giá trị pháp lý")
c.restoreState()
sequence.append("Bản thử nghiệm - không có giá trị pháp lý")
c.showPage()

# Page 2: an image only, as a scanner makes (a grey 64×64 bitmap written as a Flate image).
pixels = bytes((x * 4 + y * 2) % 256 for y in range(64) for x in range(64))
try:
    from PIL import Image  # reportlab depends on Pillow
    img = Image.frombytes("L", (64, 64), pixels)
    c.drawImage(ImageReader(img), 72, 400, 400, 400)
except ImportError:
    sys.exit("Pillow is needed (a reportlab dependency)")
c.showPage()
c.save()

with open(PATH, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
meta = {"file": "vn-layout.pdf", "sha256": digest, "sequence": sequence, "table": table, "stamp": stamp,
        "noTextLayer": [{"page": 2, "images": True}]}
with open(os.path.join(OUT, "layout.json"), "w", encoding="utf-8") as f:
    json.dump(meta, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", PATH)
