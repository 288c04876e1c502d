#!/usr/bin/env python3
"""Run ../shared/conformance/run (cases and --display) and fail if any case
fails that is not listed in known-failures.txt. The list may only shrink:
a listed case that now passes is reported so it can be removed.

Usage: check.py [--bin PATH] [--update]   (--update rewrites the list to the current failures)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "conformance")
LIST = os.path.join(HERE, "known-failures.txt")


def run(binary, display):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        report = f.name
    cmd = [sys.executable, os.path.join(SHARED, "run"), "--bin", binary, "--report", report]
    if display:
        cmd.append("--display")
    p = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        sys.exit(f"conformance runner failed (exit {p.returncode})")
    with open(report) as f:
        r = json.load(f)
    os.unlink(report)
    prefix = "display/" if display else "cases/"
    return {prefix + k: v for k, v in r.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "flatlab"))
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(SHARED):
        sys.exit(f"no conformance suite at {SHARED}")
    results = run(os.path.abspath(a.bin), False)
    results.update(run(os.path.abspath(a.bin), True))
    failing = {k for k, v in results.items() if v is not None}
    known = set()
    if os.path.exists(LIST):
        with open(LIST) as f:
            known = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    if a.update:
        with open(LIST, "w") as f:
            f.write("# Conformance cases that still fail. This list may only shrink.\n")
            for k in sorted(failing):
                f.write(k + "\n")
        print(f"wrote {len(failing)} known failures")
        return
    new = sorted(failing - known)
    fixed = sorted(known - failing)
    cases = [k for k in results if k.startswith("cases/")]
    disp = [k for k in results if k.startswith("display/")]
    cp = sum(1 for k in cases if results[k] is None)
    dp = sum(1 for k in disp if results[k] is None)
    print(f"cases: {cp}/{len(cases)} pass ({100.0 * cp / max(1, len(cases)):.1f}%); "
          f"display: {dp}/{len(disp)} pass ({100.0 * dp / max(1, len(disp)):.1f}%)")
    for k in fixed:
        print(f"now passing (remove from known-failures.txt): {k}")
    for k in new:
        print(f"REGRESSION: {k}: {results[k]}")
    passed = len(results) - len(failing)
    print(f"conformance: {passed} passed, {len(new)} failed, {len(failing) - len(new)} skipped")
    sys.exit(1 if new else 0)


if __name__ == "__main__":
    main()
