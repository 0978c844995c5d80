#!/usr/bin/env python3
"""Writes assets/fonts/vanban-serif.ttf: DejaVu Serif (Debian's fonts-dejavu-core) cut down to
what a Vietnamese signature appearance writes — printable ASCII, Latin-1, the Vietnamese letters
(Latin Extended Additional U+1EA0–U+1EF9 and the others: Ă Đ Ĩ Ũ Ơ Ư), combining tone marks,
dashes, quotes and the ellipsis — without hinting or layout tables. The signing core embeds it
whole in a signature's appearance (CIDFontType2, Identity-H, with a ToUnicode map).

    pip install fonttools    # only to regenerate
    python3 scripts/gen_font_subset.py

DejaVu's licence (Bitstream Vera terms plus public-domain changes) allows modified copies under a
name without "Bitstream" or "Vera"; the copy keeps its notices in assets/fonts/LICENSE-DejaVu.txt.
"""
import os
import shutil

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SOURCE = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
OUT = os.path.join(ROOT, "assets", "fonts", "vanban-serif.ttf")

unicodes = (list(range(0x20, 0x7F)) + list(range(0xA0, 0x100))
            + [0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0]
            + list(range(0x1EA0, 0x1EFA)) + [0x300, 0x301, 0x303, 0x309, 0x323]
            + [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026])
options = subset.Options()
options.layout_features = []
options.hinting = False
options.name_IDs = ["*"]
options.notdef_outline = True
options.glyph_names = False
font = TTFont(SOURCE)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=unicodes)
subsetter.subset(font)
for table in ("GPOS", "GSUB", "GDEF", "kern", "FFTM"):
    if table in font:
        del font[table]
os.makedirs(os.path.dirname(OUT), exist_ok=True)
font.save(OUT)
copyright_file = "/usr/share/doc/fonts-dejavu-core/copyright"
if os.path.exists(copyright_file):
    shutil.copyfile(copyright_file, os.path.join(ROOT, "assets", "fonts", "LICENSE-DejaVu.txt"))
print("wrote", OUT, os.path.getsize(OUT), "bytes,", len(font.getGlyphOrder()), "glyphs")
