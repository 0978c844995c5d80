#!/usr/bin/env python3
"""Worst-case time and memory of vanban's verifier on the hostile CMS fixtures (issue 14): each
verified by the release CLI under GNU time, the median of three runs, the peak resident memory.

    cargo build --release --example vanban && python3 scripts/hostile_timings.py
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIX = os.path.join(ROOT, "tests", "fixtures", "cms")
CLI = os.path.join(ROOT, "target", "release", "examples", "vanban")
HOSTILE = ["hostile-100-signers-30-loop-cas.p7s", "hostile-100-signers-380-web-cas.p7s",
           "large-crl-good.p7s.zlib", "large-crl-revoked.p7s.zlib"]


def main():
    manifest = json.load(open(os.path.join(FIX, "manifest.json")))
    anchor = os.path.normpath(os.path.join(FIX, manifest["anchor"]))
    content = os.path.normpath(os.path.join(FIX, manifest["content"]))
    print("| fixture | indication | median s | peak MiB |\n|---|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in HOSTILE:
            path = os.path.join(FIX, name)
            if name.endswith(".zlib"):
                inflated = os.path.join(tmp, name[:-5])
                with open(path, "rb") as f, open(inflated, "wb") as g:
                    g.write(zlib.decompress(f.read()))
                path = inflated
            extra = ["--content", os.path.join(FIX, "large-content.bin")] if name == "large-content.p7s" else ["--content", content]
            if not os.path.exists(extra[1]):
                extra = []
            times, peaks, verdict = [], [], "?"
            for _ in range(3):
                out = subprocess.run(["/usr/bin/time", "-f", "%e %M", CLI, "verify", "--json", "--no-default-trust",
                                      "--trust", anchor, "--at", manifest["validAt"], *extra, path],
                                     capture_output=True, text=True)
                e, m = out.stderr.strip().splitlines()[-1].split()
                times.append(float(e))
                peaks.append(int(m) / 1024)
                try:
                    sigs = json.loads(out.stdout)["signatures"]
                    verdict = ", ".join(sorted({s["indication"] for s in sigs})) + f" ({len(sigs)})"
                except (ValueError, KeyError):
                    verdict = out.stdout.strip()[:60] or out.stderr.strip().splitlines()[0][:60]
            print(f"| {name} | {verdict} | {statistics.median(times):.2f} | {max(peaks):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
