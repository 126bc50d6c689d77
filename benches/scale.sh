#!/usr/bin/env bash
# Cost on big bundles: `chainlens inspect BUNDLE` on 1,000 and 10,000 leaves under 100
# intermediates, against `openssl storeutl -noout -text -certs` on the same file.
#   1. 10k bundle: chainlens wall time <= 0.3 x openssl's
#   2. growth from 1k to 10k certificates <= 15 x (linear would be 10 x)
# Peak RSS of each chainlens run is printed too.
# Needs a release build (cargo build --release), Python's cryptography (to generate the
# bundles) and GNU time; hyperfine when present.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
[ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 benches/make_bundle.py "$work/b1k.pem" 1000 100
python3 benches/make_bundle.py "$work/b10k.pem" 10000 100

mean_s() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/h.json" "$1" >/dev/null 2>&1 || true
    python3 -c 'import json,sys;print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/h.json"
  else
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$1" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    python3 -c "print('%.4f' % (($end-$start)/1e9/$runs))"
  fi
}
rss_mib() {
  /usr/bin/time -f '%M' "$@" >/dev/null 2>"$work/rss" || true
  python3 -c "print('%.0f' % (int(open('$work/rss').read().split()[-1])/1024))"
}

c1=$(mean_s "$bin inspect $work/b1k.pem --trust $work/root.pem")
c10=$(mean_s "$bin inspect $work/b10k.pem --trust $work/root.pem")
o10=$(mean_s "openssl storeutl -noout -text -certs $work/b10k.pem")
r10=$(rss_mib "$bin" inspect "$work/b10k.pem" --trust "$work/root.pem")
python3 - "$c1" "$c10" "$o10" "$r10" <<'PY'
import sys
c1, c10, o10, r10 = map(float, sys.argv[1:])
ratio, growth = c10 / o10, c10 / c1
print(f"inspect 1k:  {c1*1000:8.1f} ms")
print(f"inspect 10k: {c10*1000:8.1f} ms   peak RSS {r10:.0f} MiB")
print(f"openssl storeutl 10k: {o10*1000:8.1f} ms")
print(f"10k ratio chainlens/openssl: {ratio:.2f} (target <= 0.30: {'meets' if ratio <= 0.30 else 'MISSES'})")
print(f"1k -> 10k growth: {growth:.1f}x (target <= 15: {'meets' if growth <= 15 else 'MISSES'})")
PY
