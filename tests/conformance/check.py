#!/usr/bin/env python3
"""Run ../shared/conformance/run through every door a user has and fail on
any case that fails but is not listed in known-failures.txt.

Doors: the cases run via `script` (flatlab CASE.m), `c` (flatlab -c CODE) and
`pipe` (flatlab < CASE.m); the display cases via `script` and `pipe`. The five
runs go in parallel. The rules:

  - a case not in the list must pass through every door it runs through
    (the runner skips, in a pipe, cases that expect an error or define
    functions);
  - a case that passes one way must pass every way, listed or not: the
    doors must agree (a listed case failing only through some doors is a
    door fault, reported with the door);
  - the list may only shrink: a listed case that now passes every way is
    reported so it can be removed.

Usage: check.py [--bin PATH] [--update] [-k SUBSTRING] [-v]
  --update   rewrite the list to the cases that fail now (through every door);
             door disagreements are still reported and are never listed.
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

# (kind, door): kind is the prefix of the names in the list.
RUNS = [("cases", "script"), ("cases", "c"), ("cases", "pipe"),
        ("display", "script"), ("display", "pipe")]


def start(binary, kind, door, k):
    """Starts one runner; returns (process, report path)."""
    fd, report = tempfile.mkstemp(suffix=f"-{kind}-{door}.json")
    os.close(fd)
    cmd = [sys.executable, os.path.join(SHARED, "run"), "--bin", binary,
           "--via", door, "--report", report]
    if kind == "display":
        cmd.append("--display")
    if k:
        cmd += ["-k", k]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p, report


def collect(p, report, kind, door, verbose):
    """Waits for a runner; returns {case name: None or why it failed}."""
    out, err = p.communicate()
    last = out.strip().splitlines()[-1:] or ["(no output)"]
    print(f"{kind} via {door}: {last[0]}")
    if verbose:
        sys.stdout.write(out)
    if p.returncode != 0:
        sys.stderr.write(out[-2000:] + err)
        sys.exit(f"conformance runner ({kind} via {door}) failed (exit {p.returncode})")
    with open(report) as f:
        r = json.load(f)
    os.unlink(report)
    return {f"{kind}/{name}": why for name, why in r.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "flatlab"))
    ap.add_argument("--update", action="store_true")
    ap.add_argument("-k", default="", help="only cases whose path contains this")
    ap.add_argument("-v", action="store_true", help="print every runner's output")
    a = ap.parse_args()
    if not os.path.isdir(SHARED):
        sys.exit(f"no conformance suite at {SHARED}")
    binary = os.path.abspath(a.bin)
    running = [(kind, door, *start(binary, kind, door, a.k)) for kind, door in RUNS]
    # case -> {door: None (passed) or why it failed}; a door that skipped it is absent.
    results = {}
    for kind, door, p, report in running:
        for case, why in collect(p, report, kind, door, a.v).items():
            results.setdefault(case, {})[door] = why
    failing = {c for c, by in results.items() if any(w is not None for w in by.values())}
    mixed = {c for c in failing if any(w is None for w in results[c].values())}
    known = set()
    if os.path.exists(LIST):
        with open(LIST) as f:
            known = {l.strip() for l in f if l.strip() and not l.startswith("#")}

    def doors(case):
        return ", ".join(f"via {d}: {w}" for d, w in sorted(results[case].items()) if w is not None)

    for kind in ("cases", "display"):
        names = [c for c in results if c.startswith(kind + "/")]
        ok = sum(1 for c in names if c not in failing)
        print(f"{kind}: {ok}/{len(names)} pass through every door "
              f"({100.0 * ok / max(1, len(names)):.1f}%)")
    for c in sorted(mixed):
        passed = ", ".join(d for d, w in sorted(results[c].items()) if w is None)
        print(f"DOOR MISMATCH: {c} passes via {passed} but fails {doors(c)}")
    if a.update:
        with open(LIST, "w") as f:
            f.write("# Conformance cases that still fail, through every door (tests/conformance/check.py).\n"
                    "# This list may only shrink; a case in it must still fail the same way through every door.\n")
            for c in sorted(failing - mixed):
                f.write(c + "\n")
        print(f"wrote {len(failing - mixed)} known failures")
        sys.exit(1 if mixed else 0)
    new = sorted(failing - known - mixed)
    # A listed case the runs did not see (-k, or a removed case) is not "fixed".
    fixed = sorted(c for c in known - failing if c in results)
    for c in fixed:
        print(f"now passing (remove from known-failures.txt): {c}")
    for c in new:
        print(f"REGRESSION: {c}: {doors(c)}")
    print(f"conformance: {len(results) - len(failing)} passed, {len(new) + len(mixed)} failed, "
          f"{len(failing) - len(new) - len(mixed)} known failures")
    sys.exit(1 if new or mixed else 0)


if __name__ == "__main__":
    main()
