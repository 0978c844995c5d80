#!/usr/bin/env python3
"""Writes the PDF benchmark workload: Vietnamese documents of 1 to 200 pages (headings and
paragraphs in DejaVu, about 450 words a page). Deterministic.

    python3 scripts/gen_bench_pdf.py OUT_DIR [PAGES ...]
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdflib import document, sentence  # noqa: E402


def main():
    out = sys.argv[1]
    pages = [int(p) for p in sys.argv[2:]] or [1, 10, 50, 200]
    os.makedirs(out, exist_ok=True)
    for n in pages:
        rng = random.Random(2000 + n)
        blocks = []
        # About one heading and five paragraphs fill an A4 page at 11 pt.
        for i in range(n):
            blocks.append(("h", "Điều %d. %s" % (i + 1, sentence(rng, 4)[:-1])))
            for _ in range(5):
                blocks.append(("p", " ".join(sentence(rng, rng.randint(8, 14)) for _ in range(8))))
        path = os.path.join(out, "vn-%03d-pages.pdf" % n)
        document(path, blocks)
        print(path)


if __name__ == "__main__":
    main()
