#!/usr/bin/env python3
"""Writes the project's CMS fixtures: a test PKI (root CA → signer, RSA 2048) and a detached
CMS signature over the demo's text sample.

    pip install cryptography   # only to regenerate
    python3 scripts/gen_cms_fixtures.py

Outputs (committed): www/samples/vanban-test-ca.pem (the test anchor), www/samples/thong-bao-mau.txt.p7s
(a detached signature of www/samples/thong-bao-mau.txt with signed attributes, SHA-256), and
tests/fixtures/cms/manifest.json with the files' SHA-256 and the expected facts. The keys are
generated fresh on each run, so regenerating changes every file and the manifest.
"""
import datetime
import hashlib
import json
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SAMPLES = os.path.join(ROOT, "www", "samples")
OUT = os.path.join(ROOT, "tests", "fixtures", "cms")
os.makedirs(OUT, exist_ok=True)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vanban (thử nghiệm)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
end = datetime.datetime(2035, 1, 1, tzinfo=datetime.timezone.utc)
ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ca = (x509.CertificateBuilder().subject_name(name("vanban Test Root CA")).issuer_name(name("vanban Test Root CA"))
      .public_key(ca_key.public_key()).serial_number(1).not_valid_before(start).not_valid_after(end)
      .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
      .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                   data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                   encipher_only=False, decipher_only=False), critical=True)
      .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
      .sign(ca_key, hashes.SHA256()))
signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
signer = (x509.CertificateBuilder().subject_name(name("Nguyễn Văn Thử")).issuer_name(ca.subject)
          .public_key(signer_key.public_key()).serial_number(2).not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                       crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))

content_path = os.path.join(SAMPLES, "thong-bao-mau.txt")
with open(content_path, "rb") as f:
    content = f.read()
sig = (pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(signer, signer_key, hashes.SHA256())
       .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))

files = {
    os.path.join(SAMPLES, "vanban-test-ca.pem"): ca.public_bytes(serialization.Encoding.PEM),
    os.path.join(SAMPLES, "thong-bao-mau.txt.p7s"): sig,
}
for path, data in files.items():
    with open(path, "wb") as f:
        f.write(data)
manifest = {
    "anchor": "../../../www/samples/vanban-test-ca.pem",
    "signatures": [{
        "file": "../../../www/samples/thong-bao-mau.txt.p7s",
        "content": "../../../www/samples/thong-bao-mau.txt",
        "signer": "Nguyễn Văn Thử",
        "validAt": "2026-01-01T00:00:00Z",
    }],
    "sha256": {os.path.relpath(p, OUT): hashlib.sha256(d).hexdigest() for p, d in files.items()},
}
with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", len(files), "CMS fixture files")
