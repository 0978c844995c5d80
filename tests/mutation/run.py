#!/usr/bin/env python3
"""Attacker test suite: incremental-update mutants of signed PDFs, judged against poppler.

    python3 tests/mutation/run.py --vanban target/release/examples/vanban --seed 1 --count 150 \\
        [--base FILE]... [--corpus DIR]... [--synth] [--out DIR] [--pyhanko] [--keep-wrong DIR]

For every mutant (scripts/pdf_mutants.py: the base's bytes plus an appended update) the harness
asks two independent questions:

* Does a viewer show something other than what was signed? The oracle is poppler: the signed
  revision is the base file itself (every base's last revision is what its last signature
  covers), so the mutant's rendering (pdftoppm -r 40 -gray, page by page), text (pdftotext
  -layout), JavaScript (pdfinfo -js), attachments (pdfdetach -list) and page count (pdfinfo)
  are compared with the base's. `displayed_differs` = any of them differs.
* Does vanban still call the base's signature good? Its verdict on the mutant is compared with
  its verdict on the base alone: same indication (TOTAL_PASSED for the default bases), no
  modification with `allowed: false`, no warning the base did not already have.

A **wrong pass** is both: the display changed and vanban noticed nothing. A **false alarm** is a
mutant made only of harmless operations, displayed the same, that vanban no longer passes (not a
failure of the suite: reported for tuning). Prints one line per operation class, then
`N passed, N failed` (failed = wrong passes); exits 1 if there is any wrong pass.

Bases: by default www/samples/thong-bao-mau-da-ky.pdf and the tests/fixtures/cms/*.pdf whose last
revision is signed. --corpus DIR adds signed PDFs of the third-party corpus that its
MANIFEST.tsv marks valid (read in place, never copied). --synth adds three small bases written by
pdf_mutants.synthetic_unsigned and signed with `vanban sign` (object streams with the page
inside, an indirect /Annots array, references the document leaves undefined; and a 'forms' base
with text fields, a radio group, a shared appearance stream, an indirect AcroForm, a FreeText
annotation, optional content, an /Annots array that is also a /Contents array, /Info and XMP
metadata that are also page resources and content): they make objstm_rewrite, fill_dangling
and the form and annotation operations applicable.
"""
import argparse
import collections
import concurrent.futures
import csv
import datetime
import glob
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import pdf_mutants as pm  # noqa: E402

TEST_CA = os.path.join(ROOT, "www", "samples", "vanban-test-ca.pem")
TEST_CRL = os.path.join(ROOT, "www", "samples", "vanban-test-ca.crl")
TEST_P12 = os.path.join(ROOT, "tests", "fixtures", "pki", "signer.p12")
TEST_P12_PASSWORD = "vanban-test"  # the fixture's documented test password
VERIFY_AT = "2026-01-01T00:00:00Z"
RENDER_PAGES = 8  # pages rendered per file (page count is compared separately)
TIMEOUT = 60


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, **kw)


# --------------------------------------------------------------------------------------------
# The oracle: what poppler displays
# --------------------------------------------------------------------------------------------


def poppler_view(path, scratch):
    """What poppler shows of a file: {'opens', 'pages', 'pixels' (a hash per rendered page),
    'text', 'js', 'attachments', 'errors'}."""
    view = {"opens": False, "errors": ""}
    info = run(["pdfinfo", path])
    view["errors"] = info.stderr.decode("utf-8", "replace")[:2000]
    if info.returncode != 0:
        return view
    view["opens"] = True
    view["pages"] = None
    for line in info.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            view["pages"] = int(line.split()[1])
    view["js"] = run(["pdfinfo", "-js", path]).stdout.decode("utf-8", "replace")
    view["text"] = run(["pdftotext", "-layout", path, "-"]).stdout.decode("utf-8", "replace")
    view["attachments"] = run(["pdfdetach", "-list", path]).stdout.decode("utf-8", "replace")
    prefix = os.path.join(scratch, "p")
    run(["pdftoppm", "-r", "40", "-gray", "-l", str(RENDER_PAGES), path, prefix])
    pages = sorted(f for f in os.listdir(scratch) if f.startswith("p") and f.endswith(".pgm"))
    pixels = []
    for f in pages:
        with open(os.path.join(scratch, f), "rb") as fh:
            pixels.append(hashlib.sha256(fh.read()).hexdigest())
        os.remove(os.path.join(scratch, f))
    view["pixels"] = pixels
    return view


COMPARED = ("pages", "pixels", "text", "js", "attachments")


def display_diff(base_view, view):
    """The aspects in which the mutant's display differs from the signed revision's; None when
    poppler cannot open the mutant (recorded, never a wrong pass)."""
    if not view["opens"]:
        return None
    return [k for k in COMPARED if base_view.get(k) != view.get(k)]


def pdfsig_summary(path):
    out = run(["pdfsig", path]).stdout.decode("utf-8", "replace")
    return [line.strip() for line in out.splitlines()
            if "Signature Validation" in line or ("signed" in line.lower() and "Ranges" not in line)]


# --------------------------------------------------------------------------------------------
# vanban
# --------------------------------------------------------------------------------------------


def vanban_report(args, base, path):
    cmd = [args.vanban, "verify", "--json", "--no-default-trust", "--at", base.at]
    for t in base.trust:
        cmd += ["--trust", t]
    res = run(cmd + [path])
    try:
        return json.loads(res.stdout)
    except ValueError:
        return {"error": res.stderr.decode("utf-8", "replace")[:500], "signatures": []}


def sig_identity(sig):
    return ((sig.get("signer") or {}).get("sha256"), json.dumps(sig.get("claims"), sort_keys=True))


def base_signature(report):
    """The signature that covers the base's whole file (its last revision)."""
    sigs = report.get("signatures", [])
    for s in sigs:
        if s.get("coverage") == "entireFile":
            return sigs.index(s), s
    return (len(sigs) - 1, sigs[-1]) if sigs else (None, None)


def find_signature(report, base):
    """The base's signature in a mutant's report, by identity (signer and claims), preferring
    its index in the base's report."""
    sigs = report.get("signatures", [])
    ident = sig_identity(base.sig)
    if base.sig_index is not None and base.sig_index < len(sigs) and sig_identity(sigs[base.sig_index]) == ident:
        return sigs[base.sig_index]
    for s in sigs:
        if sig_identity(s) == ident:
            return s
    return None


def vanban_judgement(base, sig):
    """('pass', why) when vanban judges the base's signature in the mutant as it judged it in
    the base alone, with no disallowed modification and no new warning; else ('flagged', why)."""
    if sig is None:
        return "flagged", "signature not found"
    if sig.get("indication") != base.sig.get("indication"):
        return "flagged", "%s/%s" % (sig.get("indication"), sig.get("subIndication"))
    bad = [m["description"] for m in sig.get("modifications", []) if m.get("allowed") is False]
    if bad:
        return "flagged", "disallowed: " + bad[0]
    new_warnings = [w for w in sig.get("warnings", []) if w not in base.sig.get("warnings", [])]
    if new_warnings:
        return "flagged", "warning: " + new_warnings[0]
    return "pass", "%s; level %s; %d allowed modification(s)" % (
        sig.get("indication"), sig.get("modificationLevel"), len(sig.get("modifications", [])))


# --------------------------------------------------------------------------------------------
# pyHanko (optional, for comparison)
# --------------------------------------------------------------------------------------------

_pyhanko_lock = threading.Lock()


def pyhanko_verdict(base, path):
    try:
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
        from pyhanko_certvalidator import ValidationContext
    except ImportError as e:
        return {"error": "pyhanko not installed: %s" % e}
    for name in ("pyhanko", "pyhanko_certvalidator"):  # its tracebacks are recorded, not printed
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        moment = datetime.datetime.fromisoformat(base.at.replace("Z", "+00:00"))
        roots = [load_cert_from_pemder(t) for t in base.trust]
        with _pyhanko_lock, open(path, "rb") as f:
            reader = PdfFileReader(f, strict=False)
            target = None
            for s in reader.embedded_signatures:
                br = list(s.sig_object.get("/ByteRange"))
                if br[2] + br[3] == len(base.doc.data) or br[2] + br[3] >= len(base.doc.data.rstrip(b"\r\n ")):
                    target = s
            if target is None:
                return {"error": "signature not found"}
            vc = ValidationContext(trust_roots=roots, moment=moment, allow_fetching=False,
                                   revocation_mode="soft-fail")
            if target.sig_object.get("/Type") == "/DocTimeStamp":  # a document timestamp
                st = validate_pdf_timestamp(target, validation_context=vc)
            else:
                st = validate_pdf_signature(target, vc)
            intact, valid, trusted = (getattr(st, k, None) for k in ("intact", "valid", "trusted"))
            bottom = getattr(st, "bottom_line", None)  # document timestamps have none: derive it
            if bottom is None:
                bottom = bool(intact and valid and trusted and st.docmdp_ok)
            return {"bottom_line": bottom, "intact": intact, "valid": valid, "trusted": trusted,
                    "coverage": st.coverage.name if st.coverage else None,
                    "modification_level": st.modification_level.name if st.modification_level else None,
                    "docmdp_ok": st.docmdp_ok}
    except Exception as e:  # pyHanko's own parse errors are a verdict too
        return {"error": "%s: %s" % (type(e).__name__, str(e)[:300])}


# --------------------------------------------------------------------------------------------
# Bases
# --------------------------------------------------------------------------------------------


class Base:
    def __init__(self, path, trust=(TEST_CA,), at=VERIFY_AT, label=None):
        self.path = path
        if label is None:
            label = os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path
        self.label = label
        with open(path, "rb") as f:
            self.doc = pm.BaseDoc(f.read(), os.path.basename(path))
        self.trust = list(trust)
        self.at = at
        self.view = None
        self.report = None
        self.sig_index = self.sig = None

    def prepare(self, args, scratch):
        self.view = poppler_view(self.path, scratch)
        self.report = vanban_report(args, self, self.path)
        self.sig_index, self.sig = base_signature(self.report)
        if args.pyhanko:
            self.pyhanko = pyhanko_verdict(self, self.path)


def usable(path):
    """A base: parseable by pdf_mutants, not encrypted, its last revision signed."""
    try:
        with open(path, "rb") as f:
            doc = pm.BaseDoc(f.read())
        return doc.last_revision_signed()
    except (pm.PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError):
        return False


def default_bases():
    paths = [os.path.join(ROOT, "www", "samples", "thong-bao-mau-da-ky.pdf")]
    paths += sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "cms", "*.pdf")))
    return [Base(p) for p in paths if usable(p)]


def find_manifest(d):
    d = os.path.abspath(d)
    while d != os.path.dirname(d):
        if os.path.exists(os.path.join(d, "MANIFEST.tsv")):
            return d
        d = os.path.dirname(d)
    return None


def corpus_bases(corpus_dir, limit, max_bytes=400_000):
    """Signed PDFs under corpus_dir that MANIFEST.tsv marks valid with no post-signing changes.
    pyHanko's files get its test root as anchor and its validation time."""
    root = find_manifest(corpus_dir)
    if root is None:
        print("no MANIFEST.tsv above %s" % corpus_dir, file=sys.stderr)
        return []
    want = os.path.relpath(os.path.abspath(corpus_dir), root)
    out = []
    with open(os.path.join(root, "MANIFEST.tsv"), newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rel, kind, expected = row["file"], row["kind"], row["expected"]
            if not rel.startswith(want.rstrip("/") + "/") and want != "." or kind != "pdf-signed":
                continue
            path = os.path.join(root, rel)
            if not os.path.exists(path) or os.path.getsize(path) > max_bytes:
                continue
            if rel.startswith("pyhanko/"):
                ok = "valid" in expected and "invalid" not in expected.lower()
                trust = [os.path.join(root, "pyhanko", "crypto", "testing-ca", "root", "root.cert.pem")]
                at = "2020-11-01T00:00:00Z"
            else:
                ok = "crypto=VALID" in expected and "no post-signing modifications" in expected
                trust, at = [TEST_CA], VERIFY_AT
            if ok and usable(path):
                out.append(Base(path, trust, at, label=rel))
    return out[:limit]


def synth_bases(args, workdir):
    out = []
    env = dict(os.environ, VANBAN_MUTATION_P12=TEST_P12_PASSWORD)
    for kind in ("objstm", "table", "forms"):
        unsigned = os.path.join(workdir, "synth-%s-unsigned.pdf" % kind)
        signed = os.path.join(workdir, "synth-%s.pdf" % kind)
        with open(unsigned, "wb") as f:
            f.write(pm.synthetic_unsigned(kind))
        res = run([args.vanban, "sign", "--pkcs12", TEST_P12, "--password-env", "VANBAN_MUTATION_P12",
                   "--crl", TEST_CRL, "--at", "2025-06-15T02:00:00Z", unsigned, signed], env=env)
        if res.returncode != 0 or not usable(signed):
            print("could not sign the synthetic %s base: %s" % (kind, res.stderr.decode()[:300]), file=sys.stderr)
            continue
        out.append(Base(signed, label="synth-%s" % kind))
    return out


# --------------------------------------------------------------------------------------------
# Main loop
# --------------------------------------------------------------------------------------------


def judge(args, base, seed, outdir):
    data, rec = pm.build_mutant(base.doc, seed)
    stem = os.path.splitext(os.path.basename(base.path))[0]
    rec["file"] = "%s-%d.pdf" % (stem, seed)
    rec["base"] = base.label
    path = os.path.join(outdir, rec["file"])
    with open(path, "wb") as f:
        f.write(data)
    with tempfile.TemporaryDirectory(dir=outdir) as scratch:
        view = poppler_view(path, scratch)
    diff = display_diff(base.view, view)
    rec["poppler_opens"] = view["opens"]
    rec["poppler_errors"] = sorted(set(view["errors"].splitlines()))[:8]
    rec["displayed_differs"] = None if diff is None else bool(diff)
    rec["display_diff"] = diff
    report = vanban_report(args, base, path)
    sig = find_signature(report, base)
    verdict, why = vanban_judgement(base, sig)
    rec["vanban"] = verdict
    rec["vanban_why"] = why
    if sig is not None:
        rec["vanban_modifications"] = sig.get("modifications", [])
        rec["vanban_warnings"] = sig.get("warnings", [])
    rec["pdfsig"] = pdfsig_summary(path)
    if args.pyhanko:
        rec["pyhanko"] = pyhanko_verdict(base, path)
    # The forms base uses its /Info and XMP stream as page resources and content: rewriting them
    # there is not harmless, and refusing it is right.
    harmless_only = (all(o["op"] in pm.HARMLESS for o in rec["ops"]) and rec.get("layout") == "single"
                     and base.label != "synth-forms")
    # Ordinary form filling changes the display by design: the signer allowed it, and vanban must
    # list it as form filling (the report's modification level), which counts as noticed.
    by_design = (all(o["op"] in pm.BY_DESIGN + pm.HARMLESS for o in rec["ops"])
                 and any(o["op"] in pm.BY_DESIGN for o in rec["ops"]) and sig is not None
                 and sig.get("modificationLevel") == "formFilling")
    # A mutant mixing allowed filling with other operations: its display is by design when it
    # equals that of the filling alone (replayed with the same parameters) — the other
    # operations then changed nothing a viewer shows.
    if (not by_design and rec["displayed_differs"] and verdict == "pass" and sig is not None
            and sig.get("modificationLevel") == "formFilling"
            and any(o["op"] in pm.BY_DESIGN for o in rec["ops"])):
        allowed = [o for o in rec["ops"] if o["op"] in pm.BY_DESIGN]
        try:
            alone = pm.replay(base.doc, allowed)
        except pm.Skip:
            alone = None
        if alone is not None:
            alone_path = os.path.join(outdir, "fill-alone-" + rec["file"])
            with open(alone_path, "wb") as f:
                f.write(alone)
            with tempfile.TemporaryDirectory(dir=outdir) as scratch:
                alone_view = poppler_view(alone_path, scratch)
            os.remove(alone_path)
            if alone_view["opens"] and not display_diff(alone_view, view):
                by_design = True
                rec["by_design_replayed"] = True
    rec["by_design"] = by_design
    rec["wrong_pass"] = bool(rec["displayed_differs"]) and verdict == "pass" and not by_design
    rec["false_alarm"] = harmless_only and rec["displayed_differs"] is False and verdict != "pass"
    return rec


# What a kept mutant's record says: how it was made and what poppler showed (never vanban's
# verdict, which the fixture test asks anew).
KEPT_FIELDS = ("file", "base", "seed", "ops", "xref", "layout", "variant", "sections",
               "displayed_differs", "display_diff", "poppler_errors")


def keep_attacks(args, records, outdir):
    """Copies up to --keep-attacks-per-class single-operation mutants per class whose display
    differs into --keep-attacks, with their records, and rewrites its manifest.json."""
    dest = args.keep_attacks
    os.makedirs(dest, exist_ok=True)
    kept = collections.Counter()
    for f in glob.glob(os.path.join(dest, "*.json")):
        if not f.endswith("manifest.json"):
            with open(f) as fh:
                for op in {o["op"] for o in json.load(fh).get("ops", [])}:
                    kept[op] += 1
    for r in records:
        ops = {o["op"] for o in r["ops"]}
        if len(ops) != 1 or not r["displayed_differs"] or r.get("by_design") or ops <= set(pm.BY_DESIGN):
            continue
        (op,) = ops
        if kept[op] >= args.keep_attacks_per_class:
            continue
        kept[op] += 1
        shutil.copy(os.path.join(outdir, r["file"]), os.path.join(dest, r["file"]))
        with open(os.path.join(dest, r["file"][:-4] + ".json"), "w") as f:
            json.dump({k: r.get(k) for k in KEPT_FIELDS}, f, indent=1, ensure_ascii=False)
    write_manifest(dest)


def write_manifest(dest):
    """manifest.json of a folder of kept mutants: each PDF pinned by SHA-256, with what poppler
    showed (the oracle's verdict the fixture test relies on)."""
    rows = []
    for f in sorted(glob.glob(os.path.join(dest, "*.json"))):
        if f.endswith("manifest.json"):
            continue
        with open(f) as fh:
            r = json.load(fh)
        with open(os.path.join(dest, r["file"]), "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        rows.append({"file": r["file"], "sha256": digest, "ops": r["ops"],
                     "displayedDiffers": r["displayed_differs"], "displayDiff": r.get("display_diff"),
                     "popplerErrors": r.get("poppler_errors") or []})
    with open(os.path.join(dest, "manifest.json"), "w") as f:
        json.dump({"anchor": "../../../www/samples/vanban-test-ca.pem", "validAt": VERIFY_AT,
                   "madeBy": "python3 tests/mutation/run.py --synth --keep-attacks tests/fixtures/mutants "
                             "(scripts/pdf_mutants.py); synth-* bases are written and signed by the run",
                   "mutants": rows}, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vanban", default=os.path.join(ROOT, "target", "release", "examples", "vanban"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--base", action="append", default=[], help="a signed PDF (repeatable; replaces the defaults)")
    ap.add_argument("--corpus", action="append", default=[], help="a corpus folder to take valid signed PDFs from")
    ap.add_argument("--corpus-limit", type=int, default=12, help="at most this many bases per --corpus folder")
    ap.add_argument("--synth", action="store_true", help="add three synthetic bases signed with `vanban sign`")
    ap.add_argument("--out", help="where mutants and records.jsonl go (default: a temporary folder)")
    ap.add_argument("--pyhanko", action="store_true", help="also record pyHanko's verdict")
    ap.add_argument("--keep-wrong", help="copy wrong passes (and their records) here")
    ap.add_argument("--keep-per-class", type=int, default=3,
                    help="at most this many kept wrong passes per operation class in --keep-wrong")
    ap.add_argument("--keep-attacks", help="copy, per operation class, single-operation mutants that "
                    "poppler shows differently here (committed fixtures: tests/fixtures/mutants)")
    ap.add_argument("--keep-attacks-per-class", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if not os.path.exists(args.vanban):
        print("vanban binary not found: %s" % args.vanban, file=sys.stderr)
        return 2
    start = time.time()
    outdir = args.out or tempfile.mkdtemp(prefix="vanban-mutants-")
    os.makedirs(outdir, exist_ok=True)

    bases = [Base(os.path.abspath(p)) for p in args.base if usable(p)] if args.base else default_bases()
    for d in args.corpus:
        bases += corpus_bases(d, args.corpus_limit)
    if args.synth:
        bases += synth_bases(args, outdir)
    if not bases:
        print("no usable base", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(dir=outdir) as scratch:
        for b in bases:
            b.prepare(args, scratch)
    for b in bases:
        print("base %s: vanban %s, %d page(s)%s" % (
            b.label, b.sig.get("indication") if b.sig else "no signature", b.view.get("pages") or 0,
            ", objstm" if b.doc.objstms else ""))
    bases = [b for b in bases if b.sig is not None and b.view["opens"]]

    # Mutant i comes from base i mod len(bases), with seed (--seed * 100000 + i): a record's seed
    # and base regenerate it (pdf_mutants.build_mutant).
    jobs = [(bases[i % len(bases)], args.seed * 100000 + i) for i in range(args.count)]
    records = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(judge, args, b, seed, outdir) for b, seed in jobs]
        for fut in futures:
            records.append(fut.result())
    with open(os.path.join(outdir, "records.jsonl"), "w") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # One line per operation class; a mutant counts for every class it contains.
    stats = collections.OrderedDict((op, collections.Counter()) for op in pm.OPERATIONS)
    kept = collections.Counter()  # per class, counting what earlier runs left in --keep-wrong
    for f in glob.glob(os.path.join(args.keep_wrong, "*.json")) if args.keep_wrong else []:
        with open(f) as fh:
            for op in {o["op"] for o in json.load(fh).get("ops", [])}:
                kept[op] += 1
    for r in records:
        for op in {o["op"] for o in r["ops"]}:
            c = stats[op]
            c["n"] += 1
            c["differs"] += bool(r["displayed_differs"])
            c["wrong"] += r["wrong_pass"]
            c["false"] += r["false_alarm"]
            c["unopenable"] += r["displayed_differs"] is None
        if r["wrong_pass"] and args.keep_wrong:
            classes = [o["op"] for o in r["ops"] if kept[o["op"]] < args.keep_per_class]
            if classes:
                os.makedirs(args.keep_wrong, exist_ok=True)
                shutil.copy(os.path.join(outdir, r["file"]), os.path.join(args.keep_wrong, r["file"]))
                with open(os.path.join(args.keep_wrong, r["file"][:-4] + ".json"), "w") as f:
                    json.dump(r, f, indent=1, ensure_ascii=False)
                for op in classes:
                    kept[op] += 1
    if args.keep_attacks:
        keep_attacks(args, records, outdir)
    for op, c in stats.items():
        extra = ", unopenable %d" % c["unopenable"] if c["unopenable"] else ""
        print("%s: %d mutants, displayed-differs %d, wrong-pass %d, false-alarm %d%s"
              % (op, c["n"], c["differs"], c["wrong"], c["false"], extra))
    if args.pyhanko:
        # For comparison only: pyHanko calling the signature fine (bottom line, and a modification
        # level short of OTHER) on a mutant whose display changed.
        ph = [r for r in records if r["displayed_differs"] and (r.get("pyhanko") or {}).get("bottom_line")
              and r["pyhanko"].get("modification_level") != "OTHER"]
        errors = sum("error" in (r.get("pyhanko") or {}) for r in records)
        print("pyhanko: wrong-pass %d, errors %d" % (len(ph), errors))
    failed = sum(r["wrong_pass"] for r in records)
    print("records: %s (%.1f s)" % (os.path.join(outdir, "records.jsonl"), time.time() - start))
    print("%d passed, %d failed" % (len(records) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
