#!/usr/bin/env python3
"""Writes PDF fixtures whose signature value signs something else (issue 13, root cause 6).

    python3 scripts/gen_pdf_spoof_fixtures.py     # needs openssl; pyHanko (PyPI) optional

A detached subfilter (adbe.pkcs7.detached, ETSI.CAdES.detached) signs the bytes /ByteRange
covers. A CMS that carries content of its own (eContent: any .p7m its signer ever made) verifies
against that content, not against the document. Each fixture is the demo's signed PDF
(www/samples/thong-bao-mau-da-ky.pdf) with its /Contents replaced, in place, by an enveloping
CMS made by openssl with the test signer's key (tests/fixtures/pki/signer.*), zero-padded to the
placeholder's size, so that every other byte stays the same:

- econtent-other-text.pdf: the CMS signs a short text the signer once signed as a .p7m;
- econtent-other-pdf.pdf: the CMS signs another PDF (a one-page PDF written here);
(The control — an enveloping CMS whose eContent is exactly the covered bytes, which does sign the
document and which DSS accepts — cannot fit a placeholder; the corpus has DSS's own,
pades-enveloping-cms.pdf, and it passes.)

The manifest (tests/fixtures/spoof/manifest.json) pins each file by SHA-256 and states what it was
built to be, with openssl's word on the CMS (`cms -verify`: a valid signature, over content that is not
the covered bytes)
and, when pyHanko is installed, pyHanko's verdict, as oracles independent of vanban.
"""
import hashlib
import json
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
BASE = os.path.join(ROOT, "www", "samples", "thong-bao-mau-da-ky.pdf")
KEY = os.path.join(ROOT, "tests", "fixtures", "pki", "signer.key.pem")
CERT = os.path.join(ROOT, "tests", "fixtures", "pki", "signer.pem")
CA = os.path.join(ROOT, "www", "samples", "vanban-test-ca.pem")
DEST = os.path.join(ROOT, "tests", "fixtures", "spoof")


def tiny_pdf(text):
    """A one-page PDF showing `text` (the document the signer once signed as a .p7m)."""
    content = b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def byte_range(data):
    """The last signature's /ByteRange [0 a b len] and the gap [a, b)."""
    ranges = re.findall(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    a, b, l2 = (int(x) for x in ranges[-1])
    return a, b, b + l2


def enveloping_cms(content, tmp):
    """An enveloping (attached) CMS SignedData over `content` by the test signer, DER."""
    src = os.path.join(tmp, "content.bin")
    out = os.path.join(tmp, "cms.der")
    with open(src, "wb") as f:
        f.write(content)
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-md", "sha256",
                    "-in", src, "-signer", CERT, "-inkey", KEY, "-outform", "DER", "-out", out],
                   check=True, capture_output=True)
    with open(out, "rb") as f:
        return f.read()


def with_contents(data, a, b, cms):
    """`data` with the /Contents hex string in [a, b) replaced by `cms`, zero-padded."""
    room = b - a - 2
    hexed = cms.hex().upper().encode()
    if len(hexed) > room:
        raise SystemExit("the placeholder is too small for the CMS")
    return data[:a] + b"<" + hexed + b"0" * (room - len(hexed)) + b">" + data[b:]


def openssl_verdict(pdf, tmp):
    """openssl's word on the embedded CMS on its own: whether it verifies, and whether what it
    signs (the content it carries) is the bytes /ByteRange covers."""
    a, b, end = byte_range(pdf)
    covered = pdf[:a] + pdf[b:end]
    hexed = pdf[a + 1:b - 1].rstrip(b"0")
    if len(hexed) % 2:
        hexed += b"0"
    cms_path = os.path.join(tmp, "v.der")
    out = os.path.join(tmp, "signed.bin")
    with open(cms_path, "wb") as f:
        f.write(bytes.fromhex(hexed.decode()))
    r = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", cms_path,
                        "-CAfile", CA, "-purpose", "any", "-out", out],
                       capture_output=True, text=True)
    signed = open(out, "rb").read() if os.path.exists(out) else b""
    return {"verifies": r.returncode == 0, "signsTheCoveredBytes": signed == covered}


def pyhanko_verdict(path):
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext
        from asn1crypto import pem, x509
    except ImportError:
        return None
    with open(CA, "rb") as f:
        _, _, der = pem.unarmor(f.read())
    vc = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False,
                           revocation_mode="soft-fail")
    try:
        with open(path, "rb") as f:
            sig = PdfFileReader(f, strict=False).embedded_signatures[-1]
            status = validate_pdf_signature(sig, vc)
            return {"intact": bool(status.intact), "valid": bool(status.valid),
                    "bottomLine": bool(status.bottom_line)}
    except Exception as e:  # pyHanko refusing to read the file is a verdict too
        return {"error": type(e).__name__ + ": " + str(e)[:200]}


def main():
    with open(BASE, "rb") as f:
        base = f.read()
    other_pdf = tiny_pdf(b"PAY 1000000 USD")
    a, b, end = byte_range(base)
    os.makedirs(DEST, exist_ok=True)
    specs = [
        ("econtent-other-text.pdf", b"Toi dong y thanh toan 100 USD.\n",
         "the CMS signs a text of its own (eContent), not the document", "TOTAL_FAILED",
         "FORMAT_FAILURE"),
        ("econtent-other-pdf.pdf", other_pdf,
         "the CMS signs another PDF (eContent), not the document", "TOTAL_FAILED",
         "FORMAT_FAILURE"),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, content, shows, indication, sub in specs:
            pdf = with_contents(base, a, b, enveloping_cms(content, tmp))
            path = os.path.join(DEST, name)
            with open(path, "wb") as f:
                f.write(pdf)
            rows.append({
                "file": name,
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "shows": shows,
                "indication": indication,
                "subIndication": sub,
                "openssl": openssl_verdict(pdf, tmp),
                "pyhanko": pyhanko_verdict(path),
            })
    with open(os.path.join(DEST, "manifest.json"), "w") as f:
        json.dump({"anchor": "../../../www/samples/vanban-test-ca.pem",
                   "validAt": "2026-01-01T00:00:00Z", "fixtures": rows}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
