#!/usr/bin/env python3
"""Differential test of certification-path validation: vanban against OpenSSL.

    python3 tests/pki_differential/run.py --vanban target/debug/examples/vanban --seed 1 --count 60

Each case is a random hierarchy made here with `cryptography` (a root that is the only anchor,
zero to two intermediates, a signer) drawn from a grammar of variations: validity windows
(expired, not yet valid), basicConstraints (absent, cA false), key usages (no keyCertSign on a
CA, no digitalSignature/nonRepudiation on the signer), path length constraints, extended key
usages, name constraints (excluded subtrees met or not, names differing in spacing and case) and
CRLs (current, stale, dated in the future, listing the signer). The signer signs a detached CMS
with `openssl cms -sign`; then

* OpenSSL judges the path: `openssl verify -x509_strict -purpose smimesign -attime T
  [-crl_check_all -CRLfile ...]`;
* vanban judges it: `vanban verify --json --no-default-trust --trust root --at T`, the
  signature's `certificatePath` and `revocation` checks (both passed = the path is good; with
  no CRL, where OpenSSL checks no revocation, the path alone — and vanban's revocation check
  must then not pass).

A case where the two disagree fails the run, unless its difference is one listed in KNOWN with
the reason and the RFC clause (printed with its count). Prints `N agree, N known, N disagree` and
exits 1 on any unlisted disagreement.
"""
import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = datetime.timezone.utc
AT = datetime.datetime(2026, 1, 1, tzinfo=UTC)
CONTENT = b"vanban path differential\n"

# Differences with their reasons: (name, predicate on the case's variations).
KNOWN = {
    "eku-client-auth": "a signer whose extended key usage has clientAuth but not emailProtection: "
                       "OpenSSL's smimesign purpose wants emailProtection; vanban follows DSS's "
                       "default policy, which accepts it (RFC 5280 §4.2.1.12 leaves purposes to "
                       "the application)",
    "eku-document-signing": "RFC 9336 id-kp-documentSigning without emailProtection: same reason",
}


def name(cn, org="vanban diff"):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def key():
    return ec.generate_private_key(ec.SECP256R1())


def draw(rng):
    """The variations of one case."""
    v = {"intermediates": rng.choice([0, 1, 1, 2])}
    v["leaf_validity"] = rng.choice(["ok"] * 6 + ["expired", "not_yet"])
    v["ca_validity"] = rng.choice(["ok"] * 8 + ["expired"])
    v["ca_bc"] = rng.choice(["ok"] * 8 + ["absent", "not_ca"])
    v["ca_ku"] = rng.choice(["ok"] * 8 + ["no_cert_sign"])
    v["path_len"] = rng.choice(["none"] * 6 + ["zero_at_root"])
    v["leaf_ku"] = rng.choice(["ok"] * 6 + ["key_encipherment_only", "absent"])
    v["leaf_eku"] = rng.choice(["absent"] * 4 + ["email", "server", "client", "timestamping", "document",
                                                 "email_and_server"])
    v["nc"] = rng.choice(["none"] * 6 + ["excluded_hit", "excluded_spacing", "excluded_miss"])
    v["crl"] = rng.choice(["current"] * 5 + ["none", "stale", "future", "revoked"])
    return v


def validity(kind):
    if kind == "expired":
        return datetime.datetime(2020, 1, 1, tzinfo=UTC), datetime.datetime(2021, 1, 1, tzinfo=UTC)
    if kind == "not_yet":
        return datetime.datetime(2027, 1, 1, tzinfo=UTC), datetime.datetime(2030, 1, 1, tzinfo=UTC)
    return datetime.datetime(2025, 1, 1, tzinfo=UTC), datetime.datetime(2035, 1, 1, tzinfo=UTC)


def ku(**on):
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def build(v, rng):
    """(root, [intermediates, nearest the root first], leaf, leaf key, [CRL DERs])."""
    start, end = validity("ok")
    root_key = key()
    root = (x509.CertificateBuilder().subject_name(name("Diff Root")).issuer_name(name("Diff Root"))
            .public_key(root_key.public_key()).serial_number(1).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0 if v["path_len"] == "zero_at_root" else None),
                           critical=True)
            .add_extension(ku(key_cert_sign=True, crl_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    issuers = [(root, root_key)]
    cas = []
    excluded = "Evil Corp"
    for i in range(v["intermediates"]):
        k = key()
        f, t = validity(v["ca_validity"]) if i == v["intermediates"] - 1 else (start, end)
        b = (x509.CertificateBuilder().subject_name(name("Diff CA %d" % i)).issuer_name(issuers[-1][0].subject)
             .public_key(k.public_key()).serial_number(10 + i).not_valid_before(f).not_valid_after(t)
             .add_extension(x509.SubjectKeyIdentifier.from_public_key(k.public_key()), critical=False)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuers[-1][1].public_key()),
                            critical=False))
        last = i == v["intermediates"] - 1
        if not (last and v["ca_bc"] == "absent"):
            b = b.add_extension(x509.BasicConstraints(ca=not (last and v["ca_bc"] == "not_ca"), path_length=None),
                                critical=True)
        b = b.add_extension(ku(key_cert_sign=not (last and v["ca_ku"] == "no_cert_sign"), crl_sign=True,
                               digital_signature=True), critical=True)
        if i == 0 and v["nc"] != "none":
            b = b.add_extension(x509.NameConstraints(permitted_subtrees=None, excluded_subtrees=[x509.DirectoryName(
                x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                           x509.NameAttribute(NameOID.ORGANIZATION_NAME, excluded)]))]), critical=True)
        cert = b.sign(issuers[-1][1], hashes.SHA256())
        cas.append(cert)
        issuers.append((cert, k))
    leaf_key = key()
    org = {"excluded_hit": excluded, "excluded_spacing": "Evil  Corp", "excluded_miss": "Good Corp"}.get(v["nc"], "vanban diff")
    f, t = validity(v["leaf_validity"])
    b = (x509.CertificateBuilder().subject_name(name("Diff Signer", org=org)).issuer_name(issuers[-1][0].subject)
         .public_key(leaf_key.public_key()).serial_number(100).not_valid_before(f).not_valid_after(t)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuers[-1][1].public_key()),
                        critical=False))
    if v["leaf_ku"] == "ok":
        b = b.add_extension(ku(digital_signature=True, content_commitment=True), critical=True)
    elif v["leaf_ku"] == "key_encipherment_only":
        b = b.add_extension(ku(key_encipherment=True), critical=True)
    ekus = {"email": [ExtendedKeyUsageOID.EMAIL_PROTECTION], "server": [ExtendedKeyUsageOID.SERVER_AUTH],
            "client": [ExtendedKeyUsageOID.CLIENT_AUTH], "timestamping": [ExtendedKeyUsageOID.TIME_STAMPING],
            "document": [x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")],
            "email_and_server": [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.SERVER_AUTH]}
    if v["leaf_eku"] in ekus:
        b = b.add_extension(x509.ExtendedKeyUsage(ekus[v["leaf_eku"]]), critical=False)
    leaf = b.sign(issuers[-1][1], hashes.SHA256())
    # One CRL per issuer (the same kind for all): each lists the signer when it is its issuer.
    crls = []
    if v["crl"] != "none":
        this, nxt = {"current": (datetime.datetime(2025, 6, 1, tzinfo=UTC), datetime.datetime(2035, 1, 1, tzinfo=UTC)),
                     "revoked": (datetime.datetime(2025, 6, 1, tzinfo=UTC), datetime.datetime(2035, 1, 1, tzinfo=UTC)),
                     "stale": (datetime.datetime(2025, 1, 1, tzinfo=UTC), datetime.datetime(2025, 2, 1, tzinfo=UTC)),
                     "future": (datetime.datetime(2026, 6, 1, tzinfo=UTC), datetime.datetime(2035, 1, 1, tzinfo=UTC))}[v["crl"]]
        for cert, k in issuers:
            cb = (x509.CertificateRevocationListBuilder().issuer_name(cert.subject)
                  .last_update(this).next_update(nxt).add_extension(x509.CRLNumber(1), critical=False)
                  .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(k.public_key()), critical=False))
            if v["crl"] == "revoked" and cert is issuers[-1][0]:
                cb = cb.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(100)
                                                .revocation_date(datetime.datetime(2025, 3, 1, tzinfo=UTC)).build())
            crls.append(cb.sign(k, hashes.SHA256()))
    return root, cas, leaf, leaf_key, crls


def tlv_at(b):
    """(tag, header length, content length) of the DER element at the start of `b`."""
    if b[1] < 0x80:
        return b[0], 2, b[1]
    n = b[1] & 0x7F
    return b[0], 2 + n, int.from_bytes(b[2:2 + n], "big")


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    length = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def with_crls(cms, crls):
    """A DER ContentInfo of SignedData with `crls` added as its crls [1] field."""
    _, h0, _ = tlv_at(cms)
    inner = cms[h0:]
    _, ho, lo = tlv_at(inner)
    wrapper = inner[ho + lo:]
    _, h1, _ = tlv_at(wrapper)
    sd = wrapper[h1:]
    _, h2, l2 = tlv_at(sd)
    rest, fields = sd[h2:h2 + l2], []
    while rest:
        t, h, l = tlv_at(rest)
        fields.append((t, rest[:h + l]))
        rest = rest[h + l:]
    out = []
    for t, raw in fields:
        if t == 0x31 and not any(x[0] == 0xA1 for x in out) and out and out[-1][0] in (0xA0, 0x30):
            out.append((0xA1, tlv(0xA1, b"".join(crls))))  # before signerInfos
        out.append((t, raw))
    body = b"".join(raw for _, raw in out)
    return tlv(0x30, inner[:ho + lo] + tlv(0xA0, tlv(0x30, body)))


def pem(objs):
    return b"".join(o.public_bytes(serialization.Encoding.PEM) for o in objs)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=60, **kw)


def judge(args, v, rng, work):
    root, cas, leaf, leaf_key, crls = build(v, rng)
    p = lambda n: os.path.join(work, n)  # noqa: E731
    with open(p("root.pem"), "wb") as f:
        f.write(pem([root]))
    with open(p("chain.pem"), "wb") as f:
        f.write(pem(cas))
    with open(p("leaf.pem"), "wb") as f:
        f.write(pem([leaf]))
    with open(p("leaf.key"), "wb") as f:
        f.write(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    with open(p("crls.pem"), "wb") as f:
        f.write(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in crls))
    with open(p("content"), "wb") as f:
        f.write(CONTENT)
    at = str(int(AT.timestamp()))
    # OpenSSL's verdict on the path.
    cmd = ["openssl", "verify", "-x509_strict", "-purpose", "smimesign", "-attime", at, "-CAfile", p("root.pem")]
    if cas:
        cmd += ["-untrusted", p("chain.pem")]
    if crls:
        cmd += ["-crl_check_all", "-CRLfile", p("crls.pem")]
    res = run(cmd + [p("leaf.pem")])
    openssl_ok = res.returncode == 0 and b": OK" in res.stdout
    lines = (res.stdout + res.stderr).decode("utf-8", "replace").strip().splitlines()
    openssl_why = [" | ".join(l for l in lines if "error" in l.lower())[:300]]
    # vanban's, on a detached CMS the signer made (its chain and CRLs inside).
    sign = ["openssl", "cms", "-sign", "-binary", "-in", p("content"), "-signer", p("leaf.pem"), "-inkey",
            p("leaf.key"), "-md", "sha256", "-outform", "DER", "-out", p("sig.p7s")]
    if cas:
        sign += ["-certfile", p("chain.pem")]
    if run(sign).returncode != 0:
        return None
    if crls:  # `openssl cms -sign` adds no CRLs: put them in the SignedData's crls [1] (unsigned)
        with open(p("sig.p7s"), "rb") as f:
            signed = f.read()
        with open(p("sig.p7s"), "wb") as f:
            f.write(with_crls(signed, [c.public_bytes(serialization.Encoding.DER) for c in crls]))
    cmd = [args.vanban, "verify", "--json", "--no-default-trust", "--trust", p("root.pem"), "--at",
           AT.strftime("%Y-%m-%dT%H:%M:%SZ"), "--content", p("content")]
    res = run(cmd + [p("sig.p7s")])
    try:
        sig = json.loads(res.stdout)["signatures"][0]
    except (ValueError, KeyError, IndexError):
        return {"variations": v, "error": res.stderr.decode("utf-8", "replace")[:300]}
    checks = {c["id"]: c for c in sig["checks"]}
    if crls:
        ours_ok = all(checks.get(k, {}).get("result") == "passed" for k in ("certificatePath", "revocation"))
    else:
        # Without CRLs OpenSSL checks no revocation at all; vanban must then say it cannot tell
        # (never passed): compare the path alone, and insist on that.
        ours_ok = checks.get("certificatePath", {}).get("result") == "passed"
        if ours_ok and checks.get("revocation", {}).get("result") == "passed":
            return {"variations": v, "error": "revocation passed without any revocation data"}
    why = "; ".join("%s %s: %s" % (k, checks[k]["result"], checks[k]["detail"][:120])
                    for k in ("certificatePath", "revocation") if k in checks)
    return {"variations": v, "openssl": openssl_ok, "openssl_why": openssl_why[0], "vanban": ours_ok,
            "vanban_why": why}


def known(rec):
    v = rec["variations"]
    if rec["vanban"] and not rec["openssl"]:
        if v["leaf_eku"] == "client":
            return "eku-client-auth"
        if v["leaf_eku"] == "document":
            return "eku-document-signing"
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vanban", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=60)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    agree = disagree = 0
    kinds = {}
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for i in range(args.count):
            v = draw(rng)
            rec = judge(args, v, rng, work)
            if rec is None:
                continue
            if "error" in rec:
                failures.append(rec)
                disagree += 1
                continue
            if rec["openssl"] == rec["vanban"]:
                agree += 1
                continue
            k = known(rec)
            if k:
                kinds[k] = kinds.get(k, 0) + 1
                continue
            disagree += 1
            failures.append(rec)
    for k, n in sorted(kinds.items()):
        print("known difference %s: %d (%s)" % (k, n, KNOWN[k]))
    for f in failures[:20]:
        print("DISAGREE", json.dumps(f, ensure_ascii=False))
    print("%d agree, %d known, %d disagree" % (agree, sum(kinds.values()), disagree))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
