#!/usr/bin/env python3
"""Writes encrypted copies of tests/fixtures/pdf/vn-generated.pdf with the standard security
handler: RC4 40-bit (R2), RC4 128-bit (R3), AES-128 (R4) and AES-256 (R6), each with an empty
user password (the file opens without a password; only an owner password is set), and one AES-256
copy that needs a user password.

    pip install pikepdf   # only to regenerate (qpdf inside)
    python3 scripts/gen_pdf_encrypted.py

Writes tests/fixtures/pdf/encrypted.json: per file, its sha256, the handler, and whether it must
open without a password. The text of every copy that opens is vn-generated.pdf's. qpdf draws
the AES IVs and RC4-file salts at random, so regenerating changes the files and their hashes.
"""
import hashlib
import json
import os

import pikepdf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "tests", "fixtures", "pdf"))
SOURCE = os.path.join(OUT, "vn-generated.pdf")

CASES = [
    ("enc-rc4-40.pdf", "RC4 40-bit, R2", pikepdf.Encryption(owner="chu-so-huu", user="", R=2, aes=False, metadata=False), True),
    ("enc-rc4-128.pdf", "RC4 128-bit, R3", pikepdf.Encryption(owner="chu-so-huu", user="", R=3, aes=False, metadata=False), True),
    ("enc-aes-128.pdf", "AES-128, R4", pikepdf.Encryption(owner="chu-so-huu", user="", R=4, aes=True), True),
    ("enc-aes-256.pdf", "AES-256, R6", pikepdf.Encryption(owner="chu-so-huu", user="", R=6, aes=True), True),
    ("enc-aes-256-password.pdf", "AES-256, R6, user password", pikepdf.Encryption(owner="chu-so-huu", user="mat-khau", R=6), False),
]

meta = []
for name, handler, encryption, opens in CASES:
    path = os.path.join(OUT, name)
    with pikepdf.open(SOURCE) as pdf:
        # A fixed /ID (the file key depends on it).
        pdf.save(path, encryption=encryption, static_id=True, deterministic_id=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    meta.append({"file": name, "sha256": digest, "handler": handler, "opensWithoutPassword": opens})
with open(os.path.join(OUT, "encrypted.json"), "w", encoding="utf-8") as f:
    json.dump(meta, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", len(meta), "encrypted PDFs")
