#!/usr/bin/env bash
# Side-by-side timings of chainlens and openssl on the same inputs, in one run:
#   1. inspect the system CA bundle   vs  openssl storeutl -noout -text -certs
#   2. verify the AWS IoT chain       vs  openssl verify -CAfile … -untrusted …
# Prints each mean and the ratio chainlens/openssl. Needs a release build
# (cargo build --release) and hyperfine (Debian package) for precise numbers;
# without hyperfine it falls back to a timed loop.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
[ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin)" >&2; exit 2; }
bundle="${BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
data=tests/data/aws-iot-us-east-1
leaf=$data/leaf-star.iot.us-east-1.amazonaws.com.pem
inter=$data/intermediate-Amazon-Server-CA-1B.pem
root=tests/data/aws-roots/Amazon_Root_CA_1.pem
runs="${RUNS:-30}"

# Mean wall time of a command in milliseconds.
mean_ms() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -i --warmup 3 --runs "$runs" --export-json /tmp/chainlens-bench.json "$1" >/dev/null 2>&1 || true
    python3 -c 'import json;print("%.2f" % (json.load(open("/tmp/chainlens-bench.json"))["results"][0]["mean"]*1000))'
  else
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$1" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    python3 -c "print('%.2f' % (($end-$start)/1e6/$runs))"
  fi
}

compare() {
  local name=$1 ours=$2 theirs=$3 target=$4
  local a b
  a=$(mean_ms "$ours")
  b=$(mean_ms "$theirs")
  python3 - "$name" "$a" "$b" "$target" <<'PY'
import sys
name, a, b, target = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
ratio = a / b if b else float("inf")
verdict = "meets" if ratio <= target else "MISSES"
print(f"{name:<34} chainlens {a:8.2f} ms   openssl {b:8.2f} ms   ratio {ratio:5.2f}  ({verdict} target <= {target})")
PY
}

echo "bundle: $bundle ($(grep -c 'BEGIN CERTIFICATE' "$bundle") certificates)"
compare "inspect CA bundle (text)" \
  "$bin inspect $bundle --trust-store mozilla" \
  "openssl storeutl -noout -text -certs $bundle" 0.3
compare "verify AWS IoT chain" \
  "$bin verify $leaf --untrusted $inter --trust $root --at 2023-01-01T00:00:00Z" \
  "openssl verify -attime 1672531200 -CAfile $root -untrusted $inter $leaf" 1.0
