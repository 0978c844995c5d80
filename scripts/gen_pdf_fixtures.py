#!/usr/bin/env python3
"""Writes the project's own PDF test files and the demo's PDF sample, with the text each holds.

    pip install reportlab   # only to regenerate; DejaVu fonts from Debian's fonts-dejavu-core
    python3 scripts/gen_pdf_fixtures.py

Outputs (committed): tests/fixtures/pdf/*.pdf, tests/fixtures/pdf/manifest.json (per file: sha256
and the text drawn, paragraph by paragraph), www/samples/thong-bao-mau.pdf. Text is drawn line by
line at known positions with an embedded DejaVu subset (reportlab writes a ToUnicode CMap), so
the expected text is exactly what the generator put on the page. Deterministic.
"""
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdflib import document, sentence  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")

fixtures = []
os.makedirs(OUT, exist_ok=True)
rng = random.Random(30)
blocks = []
for chapter in range(1, 9):
    blocks.append(("h", "Chương %d. %s" % (chapter, sentence(rng, 4)[:-1])))
    for _ in range(4):
        blocks.append(("p", " ".join(sentence(rng, rng.randint(8, 14)) for _ in range(5))))
document(os.path.join(OUT, "vn-generated.pdf"), blocks)
fixtures.append(("vn-generated.pdf", blocks))

sample = [
    ("h", "THÔNG BÁO"),
    ("p", "Về việc thử nghiệm công cụ trích xuất văn bản điện tử"),
    ("p", "Ủy ban nhân dân xã Mẫu thông báo: tệp PDF này do dự án vanban tạo ra để thử chức năng lấy lại nội dung văn bản ngay trên trình duyệt. Nội dung không có giá trị pháp lý."),
    ("p", "Chữ tiếng Việt có đủ dấu: à á ả ã ạ, ằ ắ ẳ ẵ ặ, ầ ấ ẩ ẫ ậ, è é ẻ ẽ ẹ, ề ế ể ễ ệ, ì í ỉ ĩ ị, ò ó ỏ õ ọ, ồ ố ổ ỗ ộ, ờ ớ ở ỡ ợ, ù ú ủ ũ ụ, ừ ứ ử ữ ự, ỳ ý ỷ ỹ ỵ, đ Đ."),
]
sample_path = os.path.join(ROOT, "www", "samples", "thong-bao-mau.pdf")
document(sample_path, sample)
fixtures.append(("../../../www/samples/thong-bao-mau.pdf", sample))

manifest = []
for name, blocks in fixtures:
    path = os.path.normpath(os.path.join(OUT, name))
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    manifest.append({"id": os.path.basename(name), "file": name, "sha256": digest,
                     "paragraphs": [{"heading": kind == "h", "text": text} for kind, text in blocks]})
with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", len(manifest), "PDF fixtures")
