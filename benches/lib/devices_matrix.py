#!/usr/bin/env python3
"""The comparison half of benches/devices.sh.

  devices_matrix.py list-devices < (chainlens devices; chainlens verify --help)
      prints the device profile names found (mbedtls-2.28, …; none before device profiles exist)
  devices_matrix.py run --corpus DIR --libraries DIR --chainlens BIN --profiles "P …" --out DIR
      runs chainlens on every case under every profile (`device:NAME` means --device NAME),
      joins the five libraries' TSV output (tests/devices/corpus.h), prints the agreement
      matrix and writes results.jsonl and summary.json into --out.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

LIBRARIES = ["mbedtls", "wolfssl", "bearssl", "gnutls", "openssl"]


def list_devices(text):
    """Every `<stack>-<version>` name of the five stacks in the text, first seen first."""
    names = []
    for m in re.finditer(r"\b((?:%s)-[0-9]+(?:\.[0-9]+)*)\b" % "|".join(LIBRARIES), text):
        if m.group(1) not in names:
            names.append(m.group(1))
    return names


def library_of(profile):
    """The library a `device:NAME` profile is proven against, or None."""
    if not profile.startswith("device:"):
        return None
    stack = profile[len("device:"):].split("-")[0]
    return stack if stack in LIBRARIES else None


def read_manifest(corpus):
    cases = []
    with open(os.path.join(corpus, "manifest.tsv")) as f:
        for line in f:
            id_, kind, host, at, _, _ = line.rstrip("\n").split("\t")
            cases.append({"id": id_, "kind": kind, "host": host, "time": int(at)})
    return cases


def read_library(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            parts += [""] * (4 - len(parts))
            out[parts[0]] = {"verdict": parts[1], "errors": parts[2], "detail": parts[3]}
    return out


def run_chainlens(binary, corpus, case, profile):
    d = os.path.join(corpus, "cases", case["id"])
    args = [binary, "verify", os.path.join(d, "chain.pem"), "--trust", os.path.join(d, "anchors.pem"),
            "--host", case["host"], "--at", str(case["time"]), "--purpose", "server"]
    if profile.startswith("device:"):
        args += ["--device", profile[len("device:"):]]
    else:
        args += ["--profile", profile]
        args += ["--json"]
    p = subprocess.run(args, capture_output=True, text=True)
    verdict = {0: "accept", 1: "reject"}.get(p.returncode, "error")
    m = re.search(r"\[([A-Za-z0-9_.:-]+)\]", p.stderr)
    code = m.group(1) if m else ("ok" if verdict == "accept" else p.stderr.strip()[:120])
    stack_errors = []
    if profile.startswith("device:"):
        # The device verdict's own code and the stack's error names, when the JSON has them.
        try:
            for d in json.loads(p.stdout).get("devices", []):
                code = d.get("code", code)
                stack_errors = d.get("stack_errors", [])
                break
        except (ValueError, AttributeError):
            pass
    return verdict, code, stack_errors


def pct(a, b):
    return round(100.0 * a / b, 2) if b else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["list-devices", "run"])
    ap.add_argument("--corpus")
    ap.add_argument("--libraries")
    ap.add_argument("--chainlens")
    ap.add_argument("--profiles", default="rfc5280 webpki")
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.command == "list-devices":
        print(" ".join(list_devices(sys.stdin.read())))
        return
    cases = read_manifest(a.corpus)
    libs = {lib: read_library(os.path.join(a.libraries, lib + ".tsv")) for lib in LIBRARIES}
    profiles = a.profiles.split()
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for c in cases:
            for p in profiles:
                jobs[(c["id"], p)] = pool.submit(run_chainlens, a.chainlens, a.corpus, c, p)
    rows = []
    for c in cases:
        row = dict(c)
        row["libraries"] = {lib: libs[lib].get(c["id"], {"verdict": "missing", "errors": "", "detail": ""})
                            for lib in LIBRARIES}
        row["chainlens"] = {}
        for p in profiles:
            verdict, code, stack_errors = jobs[(c["id"], p)].result()
            row["chainlens"][p] = {"verdict": verdict, "code": code}
            if stack_errors:
                row["chainlens"][p]["stack_errors"] = stack_errors
        rows.append(row)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.jsonl"), "w") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True) + "\n")

    n = len(rows)
    lv = lambda r, lib: r["libraries"][lib]["verdict"]
    cv = lambda r, p: r["chainlens"][p]["verdict"]
    agreement = {lib: {p: pct(sum(lv(r, lib) == cv(r, p) for r in rows), n) for p in profiles}
                 for lib in LIBRARIES}
    pairwise = {x: {y: pct(sum(lv(r, x) == lv(r, y) for r in rows), n) for y in LIBRARIES}
                for x in LIBRARIES}
    all_agree = pct(sum(len({lv(r, lib) for lib in LIBRARIES}) == 1 for r in rows), n)
    kinds = {}
    for r in rows:
        k = kinds.setdefault(r["kind"], {"n": 0, "accepted": {}})
        k["n"] += 1
        for lib in LIBRARIES:
            k["accepted"][lib] = k["accepted"].get(lib, 0) + (lv(r, lib) == "accept")
        for p in profiles:
            k["accepted"][p] = k["accepted"].get(p, 0) + (cv(r, p) == "accept")
    disagreements = {}
    for lib in LIBRARIES:
        for p in profiles:
            by_kind = {}
            for r in rows:
                if lv(r, lib) != cv(r, p):
                    e = by_kind.setdefault(r["kind"], {"kind": r["kind"], "count": 0, "example": None})
                    e["count"] += 1
                    if e["example"] is None:
                        e["example"] = {"id": r["id"], "library": r["libraries"][lib], "chainlens": r["chainlens"][p]}
            disagreements.setdefault(lib, {})[p] = sorted(by_kind.values(), key=lambda e: -e["count"])
    summary = {"cases": n, "profiles": profiles, "libraries": LIBRARIES, "agreement": agreement,
               "pairwise": pairwise, "all_libraries_agree": all_agree, "kinds": kinds,
               "disagreements": disagreements}
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)

    print(f"\n{n} chains. Agreement of each library with each chainlens profile (%):")
    print("library   " + "".join(f"{p:>22}" for p in profiles))
    for lib in LIBRARIES:
        print(f"{lib:10}" + "".join(f"{agreement[lib][p]:>22.1f}" for p in profiles))
    print("\nPairwise library agreement (%):")
    print("          " + "".join(f"{y:>9}" for y in LIBRARIES))
    for x in LIBRARIES:
        print(f"{x:10}" + "".join(f"{pairwise[x][y]:>9.1f}" for y in LIBRARIES))
    print(f"All five libraries agree on {all_agree:.1f} % of the chains.")
    own = {p: library_of(p) for p in profiles if library_of(p)}
    if own:
        print("\nDevice profiles against their own library (%):")
        for p, lib in own.items():
            print(f"  {p[len('device:'):]:20} vs {lib:8} {agreement[lib][p]:6.1f}")
    summary["own_library"] = {p: {"library": lib, "agreement": agreement[lib][p]} for p, lib in own.items()}
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print("\nAccepted per mutation kind (cases where anyone disagrees):")
    cols = LIBRARIES + profiles
    print(f"{'kind':36}{'n':>4}" + "".join(f"{c[-9:]:>10}" for c in cols))
    for kind, k in kinds.items():
        if len({k['accepted'][c] for c in cols}) > 1:
            print(f"{kind:36}{k['n']:>4}" + "".join(f"{k['accepted'][c]:>10}" for c in cols))
    for lib in LIBRARIES:
        for p in profiles:
            top = disagreements[lib][p][:5]
            if not top:
                continue
            print(f"\n{lib} vs chainlens {p}: biggest disagreements")
            for e in top:
                ex = e["example"]
                print(f"  {e['kind']:34}{e['count']:>4}  e.g. {ex['id']}: {lib} {ex['library']['verdict']} "
                      f"{ex['library']['errors']}; chainlens {ex['chainlens']['verdict']} {ex['chainlens']['code']}")


if __name__ == "__main__":
    main()
