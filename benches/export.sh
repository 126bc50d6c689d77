#!/usr/bin/env bash
# Whole-process timings of `chainlens export` on the embedded sample chain:
#   1. --png out.png   target <= 100 ms  (scene + SVG + resvg rasterisation + PNG encoding,
#                                         including parsing the bundled font)
#   2. --svg out.svg   target <=  20 ms  (scene + SVG text only)
# Needs a release build (cargo build --release) and hyperfine (Debian package) for precise
# numbers; without hyperfine it falls back to a timed loop.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
[ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
runs="${RUNS:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A fixed validation time: the figures do not depend on the date the script runs.
at=2023-01-01T00:00:00Z

# Mean wall time of a command in milliseconds.
mean_ms() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/bench.json" "$1" >/dev/null 2>&1 || true
    python3 -c 'import json,sys;print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/bench.json"
  else
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$1" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    python3 -c "print('%.2f' % (($end-$start)/1e6/$runs))"
  fi
}

measure() {
  local name=$1 cmd=$2 target=$3 ms
  ms=$(mean_ms "$cmd")
  python3 - "$name" "$ms" "$target" <<'PY'
import sys
name, ms, target = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
verdict = "meets" if ms <= target else "MISSES"
print(f"{name:<28} {ms:8.2f} ms   ({verdict} target <= {target:g} ms)")
PY
}

measure "export sample --png" "$bin export sample --at $at --png out.png" 100
measure "export sample --png x2" "$bin export sample --at $at --png out2.png --scale 2" 100
measure "export sample --svg" "$bin export sample --at $at --svg out.svg" 20
echo "sizes: out.png $(stat -c %s out.png) bytes, out2.png $(stat -c %s out2.png) bytes, out.svg $(stat -c %s out.svg) bytes"
