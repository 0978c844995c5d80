#!/usr/bin/env python3
"""Writes the DOCX benchmark workload: Vietnamese documents of 1 to 300 pages with headings,
paragraphs, numbered and bulleted lists and tables. Deterministic (seeded).

    python3 scripts/gen_bench_docx.py OUT_DIR [PAGES ...]

A "page" here is one unit of content sized like a printed A4 page of an official document:
a heading, three paragraphs (about 330 words), four list items on two levels and a 4x3 table.
Every contender in `make bench` reads the same files, so pages/s compare like with like.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from docxlib import cell_xml, package, para, run  # noqa: E402

WORDS = """
hợp đồng mua bán tài sản bên bán bên mua điều khoản thanh toán giao hàng bảo hành trách nhiệm
tranh chấp giải quyết tòa án nhân dân thành phố Hà Nội Đà Nẵng Cần Thơ Huế Hải Phòng quyết định
thông tư nghị định công văn ủy ban nhân dân sở ban ngành cán bộ công chức viên chức ngân sách
kế hoạch báo cáo tổng hợp đề xuất phê duyệt triển khai thực hiện kiểm tra giám sát đánh giá kết quả
trong ngoài trên dưới trước sau theo với của và hoặc nhưng để khi nếu thì là được có không những các
""".split()

TITLES = ["Quy định chung", "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Tổ chức thực hiện", "Điều khoản thi hành"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def page(rng, i):
    parts = [para(run("Điều %d. %s" % (i + 1, rng.choice(TITLES))), style="Heading1")]
    for _ in range(3):
        parts.append(para(run(" ".join(sentence(rng, rng.randint(9, 14)) for _ in range(8)))))
    for level in (0, 1, 1, 0):
        parts.append(para(run(sentence(rng, 12)), num=(1, level)))
    rows = "".join("<w:tr>%s</w:tr>" % "".join(cell_xml(sentence(rng, 3)) for _ in range(3)) for _ in range(4))
    parts.append("<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>%s</w:tbl>" % rows)
    parts.append(para('<w:r><w:br w:type="page"/></w:r>'))
    return "".join(parts)


def main():
    out = sys.argv[1]
    pages = [int(p) for p in sys.argv[2:]] or [1, 10, 50, 100, 300]
    os.makedirs(out, exist_ok=True)
    for n in pages:
        rng = random.Random(1000 + n)
        package(os.path.join(out, "vn-%03d-pages.docx" % n), body="".join(page(rng, i) for i in range(n)))
        print(os.path.join(out, "vn-%03d-pages.docx" % n))


if __name__ == "__main__":
    main()
