#!/usr/bin/env python3
"""Writes the project's CMS fixtures: a test PKI and detached CMS signatures over the demo's
text sample, each built to exercise one rule of the trust core with a known verdict.

    pip install cryptography   # only to regenerate
    python3 scripts/gen_cms_fixtures.py

The test PKI (RSA 2048, SHA-256): "vanban Test Root CA" (the anchor, www/samples/vanban-test-ca.pem)
issues the signers, a time-stamping authority (id-kp-timeStamping), a delegated OCSP responder
(id-kp-OCSPSigning, ocsp-nocheck), a name-constrained subordinate CA, and a CRL (issued
2025-06-15, next update 2035-01-01 — long, because the fixtures must verify for years; a real
CA's CRL lives days) listing one revoked signer. The CMS messages are assembled here with a small
DER writer (cryptography has no CMS builder with unsigned attributes), so every byte is ours.

Outputs (committed): www/samples/vanban-test-ca.pem and its CRL (vanban-test-ca.crl),
www/samples/thong-bao-mau.txt.p7s (the demo sample: timestamped, CRL embedded), the signer's
certificate and PKCS#12 (tests/fixtures/pki/signer.pem, signer.p12, password "vanban-test"), tests/fixtures/cms/*.p7s and tests/fixtures/cms/manifest.json
with each file's SHA-256 and the verdict it was built to have. The test keys live in
tests/fixtures/pki/*.key.pem (test-only, unencrypted; made on the first run), so regenerating
gives the same bytes — but for the two OCSP fixtures, whose responses say when they were produced
(the generation time; cryptography sets it).
"""
import datetime
import hashlib
import unicodedata
import json
import os
import zlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SAMPLES = os.path.join(ROOT, "www", "samples")
OUT = os.path.join(ROOT, "tests", "fixtures", "cms")
os.makedirs(OUT, exist_ok=True)
UTC = datetime.timezone.utc


def t(y, m, d, hh=0):
    return datetime.datetime(y, m, d, hh, tzinfo=UTC)


# --- DER writer ---------------------------------------------------------------------------------

def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items):
    return tlv(0x31, b"".join(sorted(items)))  # DER: members in ascending order


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(chunk)
    return tlv(0x06, out)


def integer(n):
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, b)


def octets(b):
    return tlv(0x04, b)


def gentime(dt):
    return tlv(0x18, dt.strftime("%Y%m%d%H%M%SZ").encode())


def utctime(dt):
    return tlv(0x17, dt.strftime("%y%m%d%H%M%SZ").encode())


def explicit(n, content):
    return tlv(0xA0 + n, content)


NULL = b"\x05\x00"
SHA256 = seq(oid("2.16.840.1.101.3.4.2.1"))
RSA_SHA256 = seq(oid("1.2.840.113549.1.1.11"), NULL)


def der(cert):
    return cert.public_bytes(serialization.Encoding.DER)


def attribute(type_oid, *values):
    return seq(oid(type_oid), set_of(*values))


def signing_certificate_v2(cert):
    issuer = seq(explicit(4, cert.issuer.public_bytes()))
    ess = seq(octets(hashlib.sha256(der(cert)).digest()), seq(issuer, integer(cert.serial_number)))
    return seq(seq(ess))


def signed_data(econtent_type, econtent, signer_infos, certs, crls=(), digest=SHA256):
    encap = seq(oid(econtent_type), *([explicit(0, octets(econtent))] if econtent is not None else []))
    parts = [integer(3 if econtent_type != "1.2.840.113549.1.7.1" else 1), set_of(digest), encap,
             tlv(0xA0, b"".join(der(c) for c in certs))]
    if crls:
        parts.append(tlv(0xA1, b"".join(crls)))
    parts.append(set_of(*signer_infos))
    return seq(oid("1.2.840.113549.1.7.2"), explicit(0, seq(*parts)))


def signer_info(key, cert, signed_attrs, unsigned_attrs=(), stored=None, digest_alg=None, sig_sha1=False):
    """stored: None (the signed attributes stored as DER, the SET OF sorted, and signed so), or
    'signed-der' / 'signed-stored': stored in reverse order (not DER), the signature over their
    DER encoding (what RFC 5652 signs) or over the bytes as stored."""
    attrs = set_of(*signed_attrs)  # the SET OF signed attributes, DER, is what is signed
    kept = attrs
    if stored:
        kept = tlv(0x31, b"".join(sorted(signed_attrs, reverse=True)))
        assert kept != attrs
    signature = key.sign(attrs if stored != "signed-stored" else kept, padding.PKCS1v15(),
                         hashes.SHA1() if sig_sha1 else hashes.SHA256())
    sid = seq(cert.issuer.public_bytes(), integer(cert.serial_number))
    parts = [integer(1), sid, digest_alg or SHA256, tlv(0xA0, kept[2 if kept[1] < 0x80 else 2 + (kept[1] & 0x7F):]),
             seq(oid("1.2.840.113549.1.1.5"), NULL) if sig_sha1 else RSA_SHA256, octets(signature)]
    if unsigned_attrs:
        parts.append(tlv(0xA1, b"".join(sorted(unsigned_attrs))))
    return seq(*parts), signature


def timestamp_token(covered, gen_time, serial, tsa, tsa_key, imprint_sha1=False, tsa_sig_sha1=False):
    imprint = (seq(seq(oid("1.3.14.3.2.26")), octets(hashlib.sha1(covered).digest())) if imprint_sha1
               else seq(SHA256, octets(hashlib.sha256(covered).digest())))
    tst = seq(integer(1), oid("1.2.3.4.1"), imprint, integer(serial), gentime(gen_time))
    attrs = [attribute("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.9.16.1.4")),
             attribute("1.2.840.113549.1.9.4", octets(hashlib.sha256(tst).digest())),
             attribute("1.2.840.113549.1.9.16.2.47", signing_certificate_v2(tsa))]
    si, _ = signer_info(tsa_key, tsa, attrs, sig_sha1=tsa_sig_sha1)
    return signed_data("1.2.840.113549.1.9.16.1.4", tst, [si], [tsa])


# --- the test PKI -------------------------------------------------------------------------------

def name(cn, org="vanban (thử nghiệm)"):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def key_usage(**on):
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def issue(subject, key, issuer_cert, issuer_key, serial, start, end, ca=False, eku=None, extra=(), issuer_name=None):
    b = (x509.CertificateBuilder().subject_name(subject)
         .issuer_name(issuer_name or (issuer_cert.subject if issuer_cert else subject))
         .public_key(key.public_key()).serial_number(serial).not_valid_before(start).not_valid_after(end)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
         .add_extension(key_usage(key_cert_sign=True, crl_sign=True) if ca
                        else key_usage(digital_signature=True, content_commitment=True), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer_cert:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                            critical=False)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    for ext, critical in extra:
        b = b.add_extension(ext, critical=critical)
    return b.sign(issuer_key, hashes.SHA256())


KEYS = os.path.join(ROOT, "tests", "fixtures", "pki")


def new_ec_key(label):
    """An EC P-256 test key, kept like the RSA ones (see `new_key`)."""
    path = os.path.join(KEYS, label + ".key.pem")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    os.makedirs(KEYS, exist_ok=True)
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return key


def new_key(label, bits=2048):
    """The test key `label`: read from tests/fixtures/pki/<label>.key.pem, made (and written
    there) the first time, so that regenerating the fixtures gives the same files."""
    path = os.path.join(KEYS, label + ".key.pem")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    os.makedirs(KEYS, exist_ok=True)
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return key


ca_key = new_key("ca")
# The root allows one subordinate CA below it (the name-constrained one).
ca = (x509.CertificateBuilder().subject_name(name("vanban Test Root CA")).issuer_name(name("vanban Test Root CA"))
      .public_key(ca_key.public_key()).serial_number(1).not_valid_before(t(2019, 1, 1)).not_valid_after(t(2045, 1, 1))
      .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
      .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
      .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
      .sign(ca_key, hashes.SHA256()))
start, end = t(2025, 1, 1), t(2035, 1, 1)
signer_key = new_key("signer")
signer = issue(name("Nguyễn Văn Thử"), signer_key, ca, ca_key, 2, start, end)
other_key = new_key("other")
other = issue(name("Nguyễn Văn Thử"), other_key, ca, ca_key, 3, start, end)  # same name, another cert
revoked_key = new_key("revoked")
revoked = issue(name("Trần Thị Thu Hồi"), revoked_key, ca, ca_key, 4, start, end)
tsa_key = new_key("tsa")
tsa = issue(name("vanban Test TSA"), tsa_key, ca, ca_key, 5, t(2019, 1, 1), end,
            eku=[ExtendedKeyUsageOID.TIME_STAMPING])
ocsp_key = new_key("ocsp")
responder = issue(name("vanban Test OCSP"), ocsp_key, ca, ca_key, 6, start, end,
                  eku=[ExtendedKeyUsageOID.OCSP_SIGNING], extra=[(x509.OCSPNoCheck(), False)])
old_key = new_key("old")
old = issue(name("Lê Văn Cũ"), old_key, ca, ca_key, 7, t(2020, 1, 1), t(2021, 1, 1))  # expired since
sub_key = new_key("sub")
sub_name = name("Bộ Thử nghiệm CA", org="Bộ Thử nghiệm")
sub = issue(sub_name, sub_key, ca, ca_key, 8, start, end, ca=True, extra=[(x509.NameConstraints(
    permitted_subtrees=[x509.DirectoryName(x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bộ Thử nghiệm")]))],
    excluded_subtrees=None), True)])
inside_key = new_key("inside")
inside = issue(name("Phạm Văn Trong", org="Bộ Thử nghiệm"), inside_key, sub, sub_key, 9, start, end)
outside_key = new_key("outside")
# A TSA whose certificate begins 2025-01-01: a token it dates 2020 was not made by a valid TSA.
late_tsa = issue(name("vanban Test TSA (2025)"), tsa_key, ca, ca_key, 18, start, end,
                 eku=[ExtendedKeyUsageOID.TIME_STAMPING])
# Signers whose extended key usage says what their key is for (RFC 5280 §4.2.1.12): only TLS
# servers or only time-stamping is not document signing; client authentication (which DSS's
# default policy accepts) and RFC 9336's id-kp-documentSigning are.
eku_key = new_key("eku")
EKU_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
eku_signers = {
    name_: issue(name("Đỗ Văn Khóa " + name_), eku_key, ca, ca_key, serial, start, end, eku=ekus)
    for name_, serial, ekus in (
        ("server", 13, [ExtendedKeyUsageOID.SERVER_AUTH]),
        ("tsa", 14, [ExtendedKeyUsageOID.TIME_STAMPING]),
        ("client", 15, [ExtendedKeyUsageOID.CLIENT_AUTH]),
        ("document", 16, [EKU_DOCUMENT_SIGNING]),
        ("server-code", 17, [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CODE_SIGNING]),
    )}
# A subordinate CA that may not issue to O=Evil Corp (an excluded directoryName subtree), and
# signers whose organisation differs from it only in spacing, case or an invisible character
# (RFC 4518 prepares them to the same name), or is another organisation.
excl_ca_key = new_key("excl-ca")
excl_ca = issue(name("Bộ Loại trừ CA", org="Bộ Loại trừ"), excl_ca_key, ca, ca_key, 19, start, end, ca=True,
                extra=[(x509.NameConstraints(permitted_subtrees=None, excluded_subtrees=[x509.DirectoryName(
                    x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                               x509.NameAttribute(NameOID.ORGANIZATION_NAME, org_)])) for org_ in ("Evil Corp", "Bộ Giả Danh")]), True)])
excl_key = new_key("excl")
excl_signers = {org: issue(name("Kẻ Giả Mạo", org=org), excl_key, excl_ca, excl_ca_key, serial, start, end)
                for serial, org in ((20, "Evil Corp"), (21, "Evil  Corp"), (22, " evil corp "),
                                    (23, "Evil\u00ad Corp"), (24, "Evil Corporation"),
                                    (42, unicodedata.normalize("NFD", "Bộ Giả Danh")))}
# Weak algorithms beyond the signer's own signature algorithm: a subordinate CA certified with
# SHA-1, one with a 1024-bit key, each with a signer (a SHA-256 signature) below it.
def issue_sha1(subject, key, issuer_cert, issuer_key, serial, start_, end_):
    """A CA certificate signed with sha1WithRSAEncryption (cryptography refuses to make one: it
    is built with SHA-256, its TBS re-labelled sha1WithRSA — an OID of the same length — and
    signed again with SHA-1)."""
    made = issue(subject, key, issuer_cert, issuer_key, serial, start_, end_, ca=True)
    sha256_rsa, sha1_rsa = oid("1.2.840.113549.1.1.11"), oid("1.2.840.113549.1.1.5")
    assert len(sha256_rsa) == len(sha1_rsa)
    tbs = made.tbs_certificate_bytes.replace(sha256_rsa, sha1_rsa, 1)
    signature = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
    return x509.load_der_x509_certificate(seq(tbs, seq(sha1_rsa, NULL), tlv(0x03, b"\x00" + signature)))


sha1_ca_key = new_key("sha1-ca")
sha1_ca = issue_sha1(name("Bộ SHA-1 CA", org="Bộ SHA-1"), sha1_ca_key, ca, ca_key, 25, start, end)
sha1_signer = issue(name("Người Ký Dưới SHA-1", org="Bộ SHA-1"), signer_key, sha1_ca, sha1_ca_key, 26, start, end)
small_ca_key = new_key("small-ca", bits=1024)
small_ca = issue(name("Bộ Khóa Nhỏ CA", org="Bộ Khóa Nhỏ"), small_ca_key, ca, ca_key, 27, start, end, ca=True)
small_signer = issue(name("Người Ký Dưới Khóa Nhỏ", org="Bộ Khóa Nhỏ"), signer_key, small_ca, small_ca_key, 28,
                     start, end)
# A signer whose name reads "Nguyen Van A" once U+202E (right-to-left override) reorders it.
bidi_key = new_key("bidi")
bidi = issue(name("\u202eA naV neyugN"), bidi_key, ca, ca_key, 12, start, end)
# A signer whose name is decomposed (NFD): it looks like "Nguyễn Văn Tách" but is another string.
nfd_key = new_key("nfd")
nfd = issue(name(unicodedata.normalize("NFD", "Nguyễn Văn Tách")), nfd_key, ca, ca_key, 40, start, end)
# A signer whose certificate names its issuer with other spacing and case than the CA's own
# subject ("VANBAN  Test Root CA "): the same name under RFC 4518 preparation (and OpenSSL's
# canonical comparison), so the path and the CRL are found.
spaced_key = new_key("spaced-issuer")
spaced = issue(name("Võ Văn Cách"), spaced_key, ca, ca_key, 41, start, end,
               issuer_name=name("VANBAN  Test Root CA "))
ec_signer_key = new_ec_key("ec-signer")
outside = issue(name("Phạm Văn Ngoài", org="Bộ Khác"), outside_key, sub, sub_key, 10, start, end)

crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
       .last_update(t(2025, 6, 15)).next_update(t(2035, 1, 1))
       .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(revoked.serial_number)
                                .revocation_date(t(2025, 3, 1))
                                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
                                .build())
       .add_extension(x509.CRLNumber(1), critical=False)
       .sign(ca_key, hashes.SHA256()))
crl_der = crl.public_bytes(serialization.Encoding.DER)
# For the expired signer: a CRL issued the day after its timestamp (thisUpdate ≥ genTime).
old_crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
           .last_update(t(2020, 6, 2)).next_update(t(2020, 7, 2))
           .add_extension(x509.CRLNumber(0), critical=False)
           .sign(ca_key, hashes.SHA256())).public_bytes(serialization.Encoding.DER)
# The subordinate CA's CRL (for the name-constraints fixtures).
sub_crl = (x509.CertificateRevocationListBuilder().issuer_name(sub.subject)
           .last_update(t(2025, 6, 15)).next_update(t(2035, 1, 1))
           .add_extension(x509.CRLNumber(1), critical=False)
           .sign(sub_key, hashes.SHA256())).public_bytes(serialization.Encoding.DER)


def der_crl(issuer, issuer_key, this_update, next_update, entries, number=2, expired_certs_on=None):
    """A CRL written with the DER writer (cryptography's builder is slow for large lists):
    `entries` are (serial, revocation date, reason code or None)."""
    def entry(serial, when, reason):
        exts = ()
        if reason is not None:
            exts = (seq(seq(oid("2.5.29.21"), octets(tlv(0x0A, bytes([reason]))))),)
        return seq(integer(serial), utctime(when), *exts)
    tbs = seq(integer(1), RSA_SHA256, issuer.subject.public_bytes(), utctime(this_update), utctime(next_update),
              *([seq(*(entry(*e) for e in entries))] if entries else []),
              explicit(0, seq(seq(oid("2.5.29.20"), octets(integer(number))),
                              *([seq(oid("2.5.29.60"), octets(gentime(expired_certs_on)))] if expired_certs_on else []))))
    signature = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    return seq(tbs, RSA_SHA256, tlv(0x03, b"\x00" + signature))


# The weak CAs' CRLs.
sha1_ca_crl = der_crl(sha1_ca, sha1_ca_key, t(2025, 6, 15), t(2035, 1, 1), [])
small_ca_crl = der_crl(small_ca, small_ca_key, t(2025, 6, 15), t(2035, 1, 1), [])
# The excluding CA's CRL (for the name-constraints fixtures below).
excl_crl = der_crl(excl_ca, excl_ca_key, t(2025, 6, 15), t(2035, 1, 1), [])
# A CRL as large as a national CA's: 200 000 entries, the revoked signer listed last (more than
# the 100 000 elements one BER walk reads at once).
large_crl = der_crl(ca, ca_key, t(2025, 6, 15), t(2035, 1, 1),
                    [(10_000_000 + i, t(2024, 1, 1), None) for i in range(200_000)]
                    + [(revoked.serial_number, t(2025, 3, 1), 1)])
# removeFromCRL (reason 8, for delta CRLs) listed for the signer in a full CRL: when current it
# says no more than an absent entry; when stale (issued 2025-01-01, next update 2025-02-01), nothing.
remove_current = der_crl(ca, ca_key, t(2025, 6, 15), t(2035, 1, 1), [(signer.serial_number, t(2025, 1, 1), 8)])
# Revocation data issued after the expired signer's certificate ended (2021-01-01): silent on it
# unless it says it keeps expired certificates (expiredCertsOnCRL / archiveCutoff back to 2020).
crl_after_expiry = der_crl(ca, ca_key, t(2022, 1, 1), t(2035, 1, 1), [])
crl_after_expiry_kept = der_crl(ca, ca_key, t(2022, 1, 1), t(2035, 1, 1), [], expired_certs_on=t(2020, 1, 1))
# Revocation data dated after the fixtures' validation time (2026-01-01): not to be used.
future_crl = der_crl(ca, ca_key, t(2026, 6, 1), t(2035, 1, 1), [])
future_crl_revoked = der_crl(ca, ca_key, t(2026, 6, 1), t(2035, 1, 1), [(revoked.serial_number, t(2025, 3, 1), 1)])
remove_stale = der_crl(ca, ca_key, t(2025, 1, 1), t(2025, 2, 1), [(signer.serial_number, t(2025, 1, 1), 8)])


def ocsp_response(cert, status, produced=t(2025, 6, 15), archive_cutoff=None):
    """An OCSPResponse written with the DER writer, produced 2025-06-15 (cryptography's builder
    stamps the time of generation, which would date the fixture after its validation time): the
    delegated responder's answer for `cert`, good or revoked 2025-03-01 (keyCompromise)."""
    def key_hash(c):
        return x509.SubjectKeyIdentifier.from_public_key(c.public_key()).digest  # SHA-1 of the key bits
    cert_id = seq(seq(oid("1.3.14.3.2.26"), NULL), octets(hashlib.sha1(ca.subject.public_bytes()).digest()),
                  octets(key_hash(ca)), integer(cert.serial_number))
    if status == ocsp.OCSPCertStatus.REVOKED:
        cert_status = tlv(0xA1, gentime(t(2025, 3, 1)) + explicit(0, tlv(0x0A, b"\x01")))
    else:
        cert_status = b"\x80\x00"
    cutoff = ([explicit(1, seq(seq(oid("1.3.6.1.5.5.7.48.1.6"), octets(gentime(archive_cutoff)))))]
              if archive_cutoff else [])
    single = seq(cert_id, cert_status, gentime(produced), explicit(0, gentime(t(2035, 1, 1))), *cutoff)
    tbs = seq(tlv(0xA2, octets(key_hash(responder))), gentime(produced), seq(single))
    signature = ocsp_key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    basic = seq(tbs, RSA_SHA256, tlv(0x03, b"\x00" + signature), explicit(0, seq(der(responder))))
    return seq(tlv(0x0A, b"\x00"), explicit(0, seq(oid("1.3.6.1.5.5.7.48.1.1"), octets(basic))))


# --- the signatures -----------------------------------------------------------------------------

content_path = os.path.join(SAMPLES, "thong-bao-mau.txt")
with open(content_path, "rb") as f:
    content = f.read()


def generated_content(size):
    """The content of large-content.p7s, rebuilt by the tests from this rule (not committed)."""
    return bytes((i * 7 + (i >> 8)) % 251 for i in range(size))


def detached(key, cert, signing_time, *, chain=(), crls=(crl_der,), timestamp_at=None, timestamp_over=None,
             signing_cert_of=None, archival=None, content=content, stored=None, stamped_by=None,
             sha1_content=False, stamp=None):
    content_digest = hashlib.sha1(content).digest() if sha1_content else hashlib.sha256(content).digest()
    attrs = [attribute("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.7.1")),
             attribute("1.2.840.113549.1.9.4", octets(content_digest)),
             attribute("1.2.840.113549.1.9.16.2.47", signing_certificate_v2(signing_cert_of or cert))]
    if signing_time:  # PAdES leaves it out: the time is in the signature dictionary's /M
        attrs.append(attribute("1.2.840.113549.1.9.5", utctime(signing_time)))
    if archival:
        attrs.append(attribute("1.2.840.113583.1.1.8", archival))
    sha1 = seq(oid("1.3.14.3.2.26"))
    si, signature = signer_info(key, cert, attrs, stored=stored, digest_alg=sha1 if sha1_content else None)
    stamp_cert, stamp_key = stamped_by or (tsa, tsa_key)
    if timestamp_at:
        token = timestamp_token(timestamp_over or signature, timestamp_at, 1000, stamp_cert, stamp_key, **(stamp or {}))
        si, _ = signer_info(key, cert, attrs, [attribute("1.2.840.113549.1.9.16.2.14", token)],
                            digest_alg=sha1 if sha1_content else None)
    certs = [cert, *chain] + ([stamp_cert] if timestamp_at else [])
    return signed_data("1.2.840.113549.1.7.1", None, [si], certs, crls)


large = generated_content(1 << 20)
fixtures = [
    # (file, signature bytes, the verdict it is built to have, what it shows)
    ("../../../www/samples/thong-bao-mau.txt.p7s",
     detached(signer_key, signer, t(2025, 6, 15, 2), timestamp_at=t(2025, 6, 15, 3)),
     "TOTAL_PASSED", None, "the demo sample: signingCertificateV2, a timestamp by the test TSA, the root's CRL"),
    ("no-revocation-data.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), crls=()),
     "INDETERMINATE", "TRY_LATER", "no CRL or OCSP response: revocation cannot be established"),
    ("ocsp-good.p7s",
     detached(signer_key, signer, t(2025, 6, 15, 2), crls=(),
              archival=seq(explicit(1, seq(ocsp_response(signer, ocsp.OCSPCertStatus.GOOD))))),
     "TOTAL_PASSED", None, "status from a delegated OCSP responder, in adbe-revocationInfoArchival"),
    ("ocsp-revoked.p7s",
     detached(revoked_key, revoked, t(2025, 5, 1), crls=(),
              archival=seq(explicit(1, seq(ocsp_response(revoked, ocsp.OCSPCertStatus.REVOKED))))),
     "TOTAL_FAILED", "REVOKED", "OCSP says revoked 2025-03-01; the signer claims to have signed after"),
    ("revoked.p7s", detached(revoked_key, revoked, t(2025, 5, 1)),
     "TOTAL_FAILED", "REVOKED", "the CRL lists the signer revoked 2025-03-01 (keyCompromise); signingTime 2025-05-01"),
    ("revoked-no-poe.p7s", detached(revoked_key, revoked, t(2025, 2, 1)),
     "INDETERMINATE", "REVOKED_NO_POE", "revoked 2025-03-01; the claimed signing time 2025-02-01 is not proof"),
    ("revoked-after-timestamp.p7s", detached(revoked_key, revoked, t(2025, 2, 1), timestamp_at=t(2025, 2, 2)),
     "TOTAL_PASSED", None, "revoked 2025-03-01, after a timestamp proves the signature existed (2025-02-02)"),
    ("wrong-signing-certificate.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), signing_cert_of=other),
     "INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND",
     "signingCertificateV2 names another certificate of the same subject"),
    ("copied-timestamp.p7s",
     detached(signer_key, signer, t(2025, 6, 15, 2), timestamp_at=t(2025, 6, 15, 3), timestamp_over=b"another signature"),
     "TOTAL_PASSED", None, "a timestamp over other bytes: a warning, no proof of time, the signature itself valid"),
    ("expired-timestamped.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(old_crl,), timestamp_at=t(2020, 6, 1, 1)),
     "TOTAL_PASSED", None, "the signer's certificate expired 2021; the timestamp proves 2020-06-01, when it was valid"),
    ("expired-timestamped-before-tsa.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(old_crl,), timestamp_at=t(2020, 6, 1, 1), stamped_by=(late_tsa, tsa_key)),
     "INDETERMINATE", "OUT_OF_BOUNDS_NO_POE",
     "the expired signer with a timestamp dated 2020 by a TSA whose certificate begins 2025: no proof of time"),
    ("expired-crl-after-expiry.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(crl_after_expiry,), timestamp_at=t(2020, 6, 1, 1)),
     "INDETERMINATE", "TRY_LATER",
     "the expired signer, timestamped 2020, with only a CRL issued 2022 (after it expired) that does not list it"),
    ("expired-crl-after-expiry-kept.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(crl_after_expiry_kept,), timestamp_at=t(2020, 6, 1, 1)),
     "TOTAL_PASSED", None,
     "the same with a CRL whose expiredCertsOnCRL (2020-01-01) keeps certificates expired since"),
    ("expired-ocsp-after-expiry.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(), timestamp_at=t(2020, 6, 1, 1),
              archival=seq(explicit(1, seq(ocsp_response(old, ocsp.OCSPCertStatus.GOOD),
                                           ocsp_response(tsa, ocsp.OCSPCertStatus.GOOD))))),
     "INDETERMINATE", "TRY_LATER",
     "the expired signer, timestamped 2020, with only an OCSP 'good' produced 2025 (after it expired; the TSA's status by OCSP too)"),
    ("expired-ocsp-after-expiry-archive-cutoff.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(), timestamp_at=t(2020, 6, 1, 1),
              archival=seq(explicit(1, seq(ocsp_response(old, ocsp.OCSPCertStatus.GOOD,
                                                         archive_cutoff=t(2020, 1, 1)),
                                           ocsp_response(tsa, ocsp.OCSPCertStatus.GOOD))))),
     "TOTAL_PASSED", None,
     "the same with an archiveCutoff (2020-01-01) reaching back to the certificate's validity"),
    ("expired-not-timestamped.p7s", detached(old_key, old, t(2020, 6, 1), crls=(old_crl,)),
     "INDETERMINATE", "OUT_OF_BOUNDS_NO_POE", "the same signer without a timestamp"),
    ("name-constraints-inside.p7s", detached(inside_key, inside, t(2025, 6, 15), chain=(sub,), crls=(crl_der, sub_crl)),
     "TOTAL_PASSED", None, "a signer within the subordinate CA's permitted subtree"),
    ("large-content.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), content=large),
     "TOTAL_PASSED", None, "1 MiB of generated content (byte i = (7i + i div 256) mod 251): the glue's native-digest path"),
    ("signed-attributes-not-der.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), stored="signed-der"),
     "TOTAL_PASSED", None,
     "signed attributes stored out of DER order, signed over their DER encoding (as DSS accepts): a warning"),
    ("signed-attributes-signed-as-stored.p7s",
     detached(signer_key, signer, t(2025, 6, 15, 2), stored="signed-stored"),
     "TOTAL_FAILED", "SIG_CRYPTO_FAILURE",
     "signed attributes stored out of DER order and signed as stored, not over their DER encoding (DSS: not intact)"),
    ("large-crl-revoked.p7s.zlib", detached(revoked_key, revoked, t(2025, 5, 1), crls=(large_crl,)),
     "TOTAL_FAILED", "REVOKED", "a CRL of 200 001 entries listing the signer revoked, last (zlib-compressed file)"),
    ("large-crl-good.p7s.zlib", detached(signer_key, signer, t(2025, 6, 15, 2), crls=(large_crl,)),
     "TOTAL_PASSED", None, "the same 200 001-entry CRL, current, not listing the signer (zlib-compressed file)"),
    ("remove-from-crl-current.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), crls=(remove_current,)),
     "TOTAL_PASSED", None, "a current full CRL listing the signer with removeFromCRL: as if not listed"),
    ("remove-from-crl-stale.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), crls=(remove_stale,)),
     "INDETERMINATE", "TRY_LATER", "a stale full CRL listing the signer with removeFromCRL: speaks for no time"),
    ("crl-from-the-future.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), crls=(future_crl,)),
     "INDETERMINATE", "TRY_LATER", "the only CRL is issued 2026-06-01, after the validation time: unreliable, not used"),
    ("crl-from-the-future-revoked.p7s", detached(revoked_key, revoked, t(2025, 5, 1), crls=(future_crl_revoked,)),
     "INDETERMINATE", "TRY_LATER", "a CRL issued after the validation time listing the signer: not used either way"),
    ("ocsp-from-the-future.p7s",
     detached(signer_key, signer, t(2025, 6, 15, 2), crls=(),
              archival=seq(explicit(1, seq(ocsp_response(signer, ocsp.OCSPCertStatus.GOOD, produced=t(2026, 6, 1)))))),
     "INDETERMINATE", "TRY_LATER", "an OCSP 'good' produced 2026-06-01, after the validation time (RFC 6960 §4.2.2.1)"),
    ("eku-server-auth-only.p7s", detached(eku_key, eku_signers["server"], t(2025, 6, 15, 2)),
     "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "a signer whose extended key usage is TLS server only"),
    ("eku-time-stamping-only.p7s", detached(eku_key, eku_signers["tsa"], t(2025, 6, 15, 2)),
     "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "a signer whose extended key usage is time-stamping only"),
    ("eku-server-and-code-signing.p7s", detached(eku_key, eku_signers["server-code"], t(2025, 6, 15, 2)),
     "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "a signer whose extended key usage is TLS server and code signing"),
    ("eku-client-auth.p7s", detached(eku_key, eku_signers["client"], t(2025, 6, 15, 2)),
     "TOTAL_PASSED", None, "a signer whose extended key usage is client authentication (DSS's default policy accepts it)"),
    ("eku-document-signing.p7s", detached(eku_key, eku_signers["document"], t(2025, 6, 15, 2)),
     "TOTAL_PASSED", None, "a signer with RFC 9336's id-kp-documentSigning"),
    *[(f"name-excluded-{slug}.p7s",
       detached(excl_key, excl_signers[org], t(2025, 6, 15), chain=(excl_ca,), crls=(crl_der, excl_crl)),
       verdict, sub_, f"a signer of O={org!r} under a CA excluding O='Evil Corp' and O='Bộ Giả Danh' ({why})")
      for slug, org, verdict, sub_, why in (
          ("exact", "Evil Corp", "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "the excluded name itself"),
          ("double-space", "Evil  Corp", "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "two spaces"),
          ("case-and-ends", " evil corp ", "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "case, leading and trailing spaces"),
          ("soft-hyphen", "Evil\u00ad Corp", "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "a soft hyphen"),
          ("other-org", "Evil Corporation", "TOTAL_PASSED", None, "another organisation: allowed"),
          ("nfd", unicodedata.normalize("NFD", "Bộ Giả Danh"), "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE",
           "the excluded 'Bộ Giả Danh' written decomposed (NFD): the same name once normalised"))],
    ("weak-sha1-content-digest.p7s", detached(signer_key, signer, t(2025, 6, 15, 2), sha1_content=True),
     "TOTAL_PASSED", None, "a SHA-1 messageDigest under sha256WithRSA: weak (a warning; INDETERMINATE when the policy says)"),
    ("weak-sha1-signed-ca.p7s",
     detached(signer_key, sha1_signer, t(2025, 6, 15, 2), chain=(sha1_ca,), crls=(crl_der, sha1_ca_crl)),
     "TOTAL_PASSED", None, "a signer under a CA certified with SHA-1: weak (a warning; INDETERMINATE when the policy says)"),
    ("weak-1024-bit-ca.p7s",
     detached(signer_key, small_signer, t(2025, 6, 15, 2), chain=(small_ca,), crls=(crl_der, small_ca_crl)),
     "TOTAL_PASSED", None, "a signer under a CA with a 1024-bit key: weak (a warning; INDETERMINATE when the policy says)"),
    ("weak-timestamp-sha1-imprint.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(old_crl,), timestamp_at=t(2020, 6, 1, 1), stamp={"imprint_sha1": True}),
     "TOTAL_PASSED", None, "the expired signer proven by a timestamp whose imprint is SHA-1: a warning (no proof when the policy says)"),
    ("weak-timestamp-sha1-tsa.p7s",
     detached(old_key, old, t(2020, 6, 1), crls=(old_crl,), timestamp_at=t(2020, 6, 1, 1), stamp={"tsa_sig_sha1": True}),
     "TOTAL_PASSED", None, "the expired signer proven by a timestamp its TSA signed with SHA-1: a warning (no proof when the policy says)"),
    ("bidi-override-name.p7s", detached(bidi_key, bidi, t(2025, 6, 15, 2)),
     "TOTAL_PASSED", None,
     "a signer named U+202E 'A naV neyugN' (displays as 'Nguyen Van A'): valid, the name shown escaped, a warning"),
    ("nfd-name.p7s", detached(nfd_key, nfd, t(2025, 6, 15, 2)),
     "TOTAL_PASSED", None,
     "a signer named in decomposed Unicode (NFD) 'Nguyễn Văn Tách': valid, with a warning that the name is not NFC"),
    ("issuer-name-spaced.p7s", detached(spaced_key, spaced, t(2025, 6, 15, 2)),
     "TOTAL_PASSED", None,
     "a signer whose issuer name differs from the CA's subject only in spacing and case: the same name (RFC 5280 §7.1), path and CRL found"),
    ("name-constraints-outside.p7s", detached(outside_key, outside, t(2025, 6, 15), chain=(sub,), crls=(crl_der, sub_crl)),
     "TOTAL_FAILED", "CHAIN_CONSTRAINTS_FAILURE", "a signer outside the subordinate CA's permitted subtree"),
]

# --- signed PDFs ---------------------------------------------------------------------------------
# The demo's PDF sample signed in an incremental update (an invisible signature field, PAdES
# ETSI.CAdES.detached with a timestamp and the root's CRL), then the same file with a later update
# that rewrites the page's content stream: what a reviewer must see as changed after signing.

PLACEHOLDER = 16384  # bytes of signature room (hex digits: twice that)


def pdf_object(data, num):
    """The bytes of the newest `num 0 obj ... endobj` in a simple (reportlab) PDF."""
    start = data.rindex(b"\n%d 0 obj" % num) + 1
    end = data.index(b"endobj", start) + len(b"endobj")
    return data[start:end]


def incremental(data, objects, size, root=12, info=13):
    """Appends an update defining `objects` {num: body bytes} with a classic xref section."""
    prev = int(data[data.rindex(b"startxref") + 9:].split()[0])
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num, body in sorted(objects.items()):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, info, prev, xref)
    return bytes(out)


def sign_pdf(base, key, cert, when, timestamp_at, sig_num=16, field_num=17, fields=(17,), certify=None, perms=None,
             lock=None, size=18):
    """Signs `base` in an incremental update: signature dictionary `sig_num`, an invisible field
    `field_num` on page 3, the catalog's AcroForm listing `fields`; `certify` = DocMDP P makes it
    a certification signature; `perms` keeps an earlier one's /Perms; `lock` (field names) locks
    those fields (FieldMDP /Include, in the signature's /Reference and the field's /Lock)."""
    page = pdf_object(base, 3)
    page_body = page[page.index(b"<<"):page.rindex(b">>") + 2]
    if b"/Annots" in page_body:
        page_body = page_body.replace(b"/Annots [", b"/Annots [ %d 0 R" % field_num, 1)
    else:
        page_body = page_body[:-2] + b" /Annots [ %d 0 R ] >>" % field_num
    field_refs = b" ".join(b"%d 0 R" % n for n in fields)
    perms_num = sig_num if certify else perms
    catalog = (b"<< /PageMode /UseNone /Pages 14 0 R /Type /Catalog "
               b"/AcroForm << /Fields [ " + field_refs + b" ] /SigFlags 3 >>"
               + (b" /Perms << /DocMDP %d 0 R >>" % perms_num if perms_num else b"") + b" >>")
    placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
    reference = (b"/Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams "
                 b"<< /Type /TransformParams /P %d /V /1.2 >> >> ] " % certify) if certify else b""
    locked = b" ".join(b"(%s)" % n for n in lock or ())
    if lock:
        reference += (b"/Reference [ << /Type /SigRef /TransformMethod /FieldMDP /TransformParams "
                      b"<< /Type /TransformParams /Action /Include /Fields [ " + locked + b" ] /V /1.2 >> >> ] ")
    sig = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
           b"/Name (Nguyen Van Thu) /Reason (Phe duyet) /Location (Ha Noi) /M (D:"
           + when.strftime("%Y%m%d%H%M%S").encode() + b"Z) " + reference + placeholder
           + b" /Contents <" + b"0" * (2 * PLACEHOLDER) + b"> >>")
    field = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /V %d 0 R /F 132 "
             b"/Rect [0 0 0 0] /P 3 0 R" % (field_num, sig_num)
             + (b" /Lock << /Type /SigFieldLock /Action /Include /Fields [ " + locked + b" ] >>" if lock else b"")
             + b" >>")
    data = incremental(base, {3: page_body, 12: catalog, sig_num: sig, field_num: field}, max(size, field_num + 1))
    a = data.index(b"/Contents <", data.index(b"%d 0 obj" % sig_num, len(base))) + len(b"/Contents ")
    b = a + 2 * PLACEHOLDER + 2
    br = b"/ByteRange [0 %010d %010d %010d]" % (a, b, len(data) - b)
    data = data[:len(base)] + data[len(base):].replace(placeholder, br, 1)
    covered = data[:a] + data[b:]
    cms = detached(key, cert, None, content=covered, timestamp_at=timestamp_at)
    hexed = cms.hex().upper().encode()
    assert len(hexed) <= 2 * PLACEHOLDER
    return data[:a + 1] + hexed + b"0" * (2 * PLACEHOLDER - len(hexed)) + data[b - 1:]


with open(os.path.join(SAMPLES, "thong-bao-mau.pdf"), "rb") as f:
    pdf_base = f.read()
signed_pdf = sign_pdf(pdf_base, signer_key, signer, t(2025, 6, 15, 2), t(2025, 6, 15, 3))
content = pdf_object(signed_pdf, 15)
new_text = b"BT /F1 28 Tf 72 420 Td (DA SUA SAU KHI KY) Tj ET"
tampered_pdf = incremental(signed_pdf, {15: b"<< /Length %d >>\nstream\n" % len(new_text) + new_text + b"\nendstream"}, 18)
certified = {p: sign_pdf(pdf_base, signer_key, signer, t(2025, 6, 15, 2), t(2025, 6, 15, 3), certify=p) for p in (1, 2)}
countersigned = {p: sign_pdf(certified[p], other_key, other, t(2025, 6, 16, 2), t(2025, 6, 16, 3), sig_num=18,
                             field_num=19, fields=(17, 19), perms=16) for p in (1, 2)}
PASSED, DISALLOWED = ("TOTAL_PASSED", None), ("TOTAL_FAILED", "DISALLOWED_MODIFICATION")


def body(data, num):
    obj = pdf_object(data, num)
    return obj[obj.index(b"<<"):obj.rindex(b">>") + 2]


def stream(payload, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(payload), extra) + payload + b"\nendstream"


# A form: the clerk's document-number field (text, top right of page 1), signed, then filled in —
# with a signature that leaves the field open, and with one that locks it (FieldMDP).
number_field = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (SoVanBan) /V () /F 4 /P 3 0 R "
                b"/Rect [400 780 560 800] /DA (/Helv 10 Tf 0 g) >>")
page_with_field = body(pdf_base, 3)[:-2] + b" /Annots [ 20 0 R ] >>"
form_base = incremental(pdf_base, {3: page_with_field, 20: number_field,
                                   12: body(pdf_base, 12)[:-2] + b" /AcroForm << /Fields [ 20 0 R ] >> >>"}, 21)
form_open = sign_pdf(form_base, signer_key, signer, t(2025, 6, 15, 2), t(2025, 6, 15, 3), fields=(20, 17), size=21)
form_locked = sign_pdf(form_base, signer_key, signer, t(2025, 6, 15, 2), t(2025, 6, 15, 3), fields=(20, 17),
                       lock=(b"SoVanBan",), size=21)
filled_field = number_field.replace(b"/V ()", b"/V (123/TB-UBND)")
form_open_filled = incremental(form_open, {20: filled_field}, 21)
form_locked_filled = incremental(form_locked, {20: filled_field}, 21)
# Validation data added after signing (the root certificate and its CRL in a DSS): allowed. The
# same update used to smuggle a change — a DSS naming the page's content stream, which is then
# rewritten — is not.
catalog_with_dss = body(signed_pdf, 12)[:-2] + b" /DSS 20 0 R >>"
dss_added = incremental(signed_pdf, {
    12: catalog_with_dss, 20: b"<< /Type /DSS /Certs [ 21 0 R ] /CRLs [ 22 0 R ] >>",
    21: stream(ca.public_bytes(serialization.Encoding.DER)), 22: stream(crl_der)}, 23)
dss_smuggled = incremental(signed_pdf, {
    12: catalog_with_dss, 20: b"<< /Type /DSS /Certs [ 15 0 R ] >>",
    15: stream(new_text)}, 21)
pdf_fixtures = [
    ("../../../www/samples/thong-bao-mau-da-ky.pdf", signed_pdf, [PASSED],
     "the demo's PDF signed (PAdES, invisible field, timestamp, the root's CRL)"),
    ("thong-bao-mau-da-ky-sua.pdf", tampered_pdf, [DISALLOWED],
     "the signed PDF with a later update rewriting the page's content stream"),
    ("certified-p2-then-signed.pdf", countersigned[2], [PASSED, PASSED],
     "a certification signature (DocMDP P = 2), then an approval signature in a new field: allowed"),
    ("certified-p1-then-signed.pdf", countersigned[1], [DISALLOWED, PASSED],
     "a certification signature (DocMDP P = 1: no change at all), then another signature: not allowed"),
    ("form-filled-after-signing.pdf", form_open_filled, [PASSED + ("formFilling",)],
     "an approval signature, then the document-number field filled in: form filling, allowed"),
    ("form-locked-field-filled.pdf", form_locked_filled, [DISALLOWED + ("other",)],
     "a signature locking the document-number field (FieldMDP), then that field filled in: not allowed"),
    ("dss-added-after-signing.pdf", dss_added, [PASSED + ("ltaUpdates",)],
     "the signed PDF with a DSS added later (the root certificate and its CRL): validation data, allowed"),
    ("dss-smuggles-content-change.pdf", dss_smuggled, [DISALLOWED + ("other",)],
     "a DSS added later that names the page's content stream, which the same update rewrites: not allowed"),
]



def enveloping(key, cert, data, signing_time):
    """An enveloping CMS (.p7m) holding `data` itself as its content."""
    attrs = [attribute("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.7.1")),
             attribute("1.2.840.113549.1.9.4", octets(hashlib.sha256(data).digest())),
             attribute("1.2.840.113549.1.9.16.2.47", signing_certificate_v2(cert)),
             attribute("1.2.840.113549.1.9.5", utctime(signing_time))]
    si, _ = signer_info(key, cert, attrs)
    return signed_data("1.2.840.113549.1.7.1", data, [si], [cert], (crl_der,))


with open(os.path.join(SAMPLES, "thong-bao-mau.txt"), "rb") as f:
    demo_text = f.read()  # `content` names a PDF object by now
# Hostile input: 30 CA certificates of one name and one key, each signing the others (every
# path through them looks possible), none anchored, and 100 SignerInfos of a signer under them.
loop_key = new_key("loop")
loop_name = name("Vòng Lặp CA", org="Vòng Lặp")
loop_cas = [(x509.CertificateBuilder().subject_name(loop_name).issuer_name(loop_name)
             .public_key(loop_key.public_key()).serial_number(100 + i).not_valid_before(start).not_valid_after(end)
             .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
             .sign(loop_key, hashes.SHA256())) for i in range(30)]
loop_signer = (x509.CertificateBuilder().subject_name(name("Người Ký Vòng Lặp", org="Vòng Lặp"))
               .issuer_name(loop_name).public_key(signer_key.public_key()).serial_number(130)
               .not_valid_before(start).not_valid_after(end).sign(loop_key, hashes.SHA256()))
loop_attrs = [attribute("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.7.1")),
              attribute("1.2.840.113549.1.9.4", octets(hashlib.sha256(demo_text).digest()))]
loop_si, _ = signer_info(signer_key, loop_signer, loop_attrs)
many_signers_loop = signed_data("1.2.840.113549.1.7.1", None, [loop_si] * 100, [loop_signer, *loop_cas], ())
# The same with 20 CA keys of one name, each certified by every other (380 certificates): the
# paths through them are distinct, so only the one budget of path-search work per message bounds
# the search.
web_keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(20)]
web_name = name("Mạng Lưới CA", org="Mạng Lưới")
web_cas = [(x509.CertificateBuilder().subject_name(web_name).issuer_name(web_name)
            .public_key(web_keys[i].public_key()).serial_number(1000 + 20 * i + j)
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(web_keys[j], hashes.SHA256())) for i in range(20) for j in range(20) if i != j]
web_signer = (x509.CertificateBuilder().subject_name(name("Người Ký Mạng Lưới", org="Mạng Lưới"))
              .issuer_name(web_name).public_key(signer_key.public_key()).serial_number(1500)
              .not_valid_before(start).not_valid_after(end).sign(web_keys[0], hashes.SHA256()))
web_si, _ = signer_info(signer_key, web_signer, loop_attrs)
many_signers_web = signed_data("1.2.840.113549.1.7.1", None, [web_si] * 100, [web_signer, *web_cas], ())

files = {os.path.join(SAMPLES, "vanban-test-ca.pem"): ca.public_bytes(serialization.Encoding.PEM),
         # Hostile: 100 signers, 30 mutually signing CAs of one name (tests/fixtures_cms.rs).
         os.path.join(OUT, "hostile-100-signers-30-loop-cas.p7s"): many_signers_loop,
         os.path.join(OUT, "hostile-100-signers-380-web-cas.p7s"): many_signers_web,
         # An enveloping .p7m whose content is the demo's PDF (with %PDF- in its first KiB): it
         # must be read as CMS, not as a PDF.
         os.path.join(OUT, "enveloping-pdf.p7m"): enveloping(signer_key, signer, pdf_base, t(2025, 6, 15, 2)),
         # The root's CRL, for signing: embedded in a new signature it lets the verifier decide
         # revocation (the demo and the signing tests).
         os.path.join(SAMPLES, "vanban-test-ca.crl"): crl_der,
         os.path.join(KEYS, "signer.pem"): signer.public_bytes(serialization.Encoding.PEM),
         # The test TSA's certificate (its key is tsa.key.pem): `openssl ts -reply` issues tokens
         # with it in the signing tests (PAdES B-T).
         os.path.join(KEYS, "tsa.pem"): tsa.public_bytes(serialization.Encoding.PEM),
         # The demo's development soft key: the same test signer, public test material.
         os.path.join(SAMPLES, "vanban-test-signer.pem"): signer.public_bytes(serialization.Encoding.PEM),
         os.path.join(SAMPLES, "vanban-test-signer.key.pem"): signer_key.private_bytes(
             serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
         # An ECDSA P-256 signer under the same root, for signing with ECDSA.
         os.path.join(KEYS, "ec-signer.pem"): issue(name("Trần Văn Ec"), ec_signer_key, ca, ca_key, 11, start, end)
         .public_bytes(serialization.Encoding.PEM)}
# The signer's key and certificate as PKCS#12 (password "vanban-test", PBES2 AES-256-CBC with
# PBKDF2-HMAC-SHA-256, as OpenSSL 3 writes it), for `vanban sign --pkcs12` and the signing tests.
# Written once: its salts are random, so rewriting it would change it for nothing.
p12_path = os.path.join(KEYS, "signer.p12")
if not os.path.exists(p12_path):
    from cryptography.hazmat.primitives.serialization import pkcs12
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder()
                  .kdf_rounds(10000).key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
                  .hmac_hash(hashes.SHA256()).build(b"vanban-test"))
    with open(p12_path, "wb") as f:
        f.write(pkcs12.serialize_key_and_certificates(b"Nguyen Van Thu", signer_key, signer, [ca], encryption))
for file, data, *_ in pdf_fixtures:
    files[os.path.normpath(os.path.join(OUT, file))] = data
# The demo's "changed after signing" sample: the tampered fixture, as it is.
files[os.path.join(SAMPLES, "thong-bao-mau-da-ky-sua.pdf")] = tampered_pdf
for file, data, *_ in fixtures:
    # Large fixtures are stored zlib-compressed (the tests inflate them).
    files[os.path.normpath(os.path.join(OUT, file))] = zlib.compress(data, 9) if file.endswith(".zlib") else data
for path, data in files.items():
    with open(path, "wb") as f:
        f.write(data)
manifest = {
    "anchor": "../../../www/samples/vanban-test-ca.pem",
    "content": "../../../www/samples/thong-bao-mau.txt",
    "validAt": "2026-01-01T00:00:00Z",
    "signatures": [{"file": file, "indication": ind, "subIndication": sub, "shows": shows,
                    **({"generatedContent": len(large)} if file == "large-content.p7s" else {})}
                   for file, _, ind, sub, shows in fixtures],
    "pdf": [{"file": file, "signatures": [{"indication": v[0], "subIndication": v[1],
                                            **({"modificationLevel": v[2]} if len(v) > 2 else {})}
                                           for v in verdicts],
             "shows": shows}
            for file, _, verdicts, shows in pdf_fixtures],
    "sha256": {os.path.relpath(p, OUT): hashlib.sha256(d).hexdigest() for p, d in files.items()},
}
with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote", len(files), "CMS fixture files")
