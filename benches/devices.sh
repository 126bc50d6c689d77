#!/usr/bin/env bash
# The device proving ground: N generated chains (default 2,000) judged by the five real device
# TLS libraries of Debian bookworm (tests/devices/: mbedTLS 2.28, wolfSSL 5.5, BearSSL 0.6,
# GnuTLS 3.7, OpenSSL 3.0) and by chainlens under each profile it offers (rfc5280, webpki, and
# every `--device NAME` its `verify --help` lists). Prints the agreement matrix: per library,
# agreement with each chainlens profile; pairwise library agreement; disagreements by mutation
# kind. Writes the machine-readable results to RESULTS (default: a directory it prints):
#   results.jsonl   one case a line: id, kind, host, each library's verdict and error names,
#                   each chainlens profile's verdict and failure code (and a device profile's
#                   stack_errors, from its JSON)
#   summary.json    the matrices and the per-kind disagreement table
#   corpus/         the chains themselves (cases/<id>/chain.pem, anchors.pem), to rerun a case
#   <library>.tsv   each program's raw output
#
#   benches/devices.sh                       N=2000 SEED=1
#   N=300 RESULTS=/tmp/dev benches/devices.sh
#
# chainlens is $CHAINLENS, else the debug build in $CARGO_TARGET_DIR (built here with the
# corpus generator). Needs cc, make, faketime and the five -dev packages (dist/setup-debian.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/benches"
# shellcheck source=benches/lib/setup.sh
. "$here/lib/setup.sh"
n="${N:-2000}"
seed="${SEED:-1}"
target="${CARGO_TARGET_DIR:-target}"
for tool in cc make faketime python3; do need_tool "$tool" "$tool"; done

bench_workdir
results="${RESULTS:-$work/results}"
mkdir -p "$results"

# --- the five programs, and the generator (and chainlens) ---
make -s -C tests/devices OUT="$work/bin" >/dev/null
if [ -n "${CHAINLENS:-}" ]; then
  cargo build -q --example device_corpus
  bin="$CHAINLENS"
else
  cargo build -q --example device_corpus --bin chainlens
  bin="$target/debug/chainlens"
fi

# --- the corpus ---
corpus="$results/corpus"
rm -rf "$corpus"
"$target/debug/examples/device_corpus" "$corpus" "$n" "$seed"
# Every case has the same validation time (the generator's VALIDATION_TIME), so the stacks
# without a time hook run the whole corpus in one process under one frozen clock.
times=$(cut -f4 "$corpus/manifest.tsv" | sort -u)
[ "$(echo "$times" | wc -l)" -eq 1 ] || { echo "devices.sh: the corpus mixes validation times" >&2; exit 2; }
# libfaketime's absolute form without '@' stands still ('@…' only starts the clock there).
frozen="$(date -u -d "@$times" '+%Y-%m-%d %H:%M:%S')"

# --- the libraries ---
start=$(date +%s.%N)
for lib in openssl bearssl; do
  "$work/bin/$lib" "$corpus" >"$results/$lib.tsv"
done
for lib in mbedtls wolfssl gnutls; do
  # The frozen form: the clock stands still at the validation time, so a leaf whose notAfter
  # is that very second gets the same verdict in every case (OpenSSL, with its own time hook,
  # counts that second as expired); a ticking clock would blur the edge.
  TZ=UTC faketime -f "$frozen" "$work/bin/$lib" "$corpus" >"$results/$lib.tsv"
done
echo "libraries: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s for $n chains x 5" >&2

# --- chainlens: every profile it offers ---
# DEVICES="mbedtls-2.28 …" chooses the device profiles; by default, every one `chainlens
# devices` (or `verify --help`) names. None before the device profiles exist.
profiles="rfc5280 webpki"
if [ -z "${DEVICES+set}" ]; then
  # Only a binary whose help lists the subcommand is asked: to an older one, `chainlens
  # devices` is a file name to open in the window.
  listing=$("$bin" verify --help 2>/dev/null || true)
  if "$bin" --help 2>/dev/null | grep -qE '^[[:space:]]+devices[[:space:]]'; then
    listing="$listing $("$bin" devices 2>/dev/null || true)"
  fi
  DEVICES=$(echo "$listing" | python3 "$here/lib/devices_matrix.py" list-devices)
fi
for d in $DEVICES; do profiles="$profiles device:$d"; done
echo "chainlens profiles: $profiles" >&2

python3 "$here/lib/devices_matrix.py" run --corpus "$corpus" --libraries "$results" \
  --chainlens "$bin" --profiles "$profiles" --out "$results"
echo "results: $results (results.jsonl, summary.json)" >&2
if [ -z "${RESULTS:-}" ]; then
  # The work directory goes on exit: keep the results beside it.
  kept="$(mktemp -d /tmp/chainlens-devices.XXXXXX)"
  cp -r "$results"/* "$kept"/
  echo "kept in $kept" >&2
fi
