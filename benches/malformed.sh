#!/usr/bin/env bash
# Time and peak memory of `chainlens inspect` on the malformed inputs of tests/it/ingest/malformed.rs:
#   50,000-deep nested DER, a 10 MB PEM of 200,000 empty blocks, a PEM whose base64 is 1 GiB
#   of spaces (streamed on standard input, never stored), a PKCS#7 nested 10,000 deep in
#   itself, and a certificate with 100,000 subjectAltNames.
# Prints per input: wall time, peak RSS, exit code and the first line of the error.
# Needs a build (release preferred: cargo build --release), python3, openssl and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${CHAINLENS:-}"
if [ -z "$bin" ]; then
  for candidate in "$target/release/chainlens" "$target/debug/chainlens"; do
    if [ -x "$candidate" ]; then bin=$candidate; break; fi
  done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "build first: cargo build --release (looked in $target)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
from pathlib import Path

out = Path(sys.argv[1])

def header(tag, n):
    if n < 0x80:
        return bytes([tag, n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(b)]) + b

def element(tag, content):
    return header(tag, len(content)) + content

der = b"\x05\x00"
for _ in range(50_000):
    der = element(0x30, der)
(out / "nested-50000.der").write_bytes(der)

(out / "empty-blocks-200000.pem").write_text(
    "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n" * 200_000)

SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")
DATA = bytes.fromhex("06092a864886f70d010701")
def pkcs7_around(inner):
    signed = b"\x02\x01\x01" + element(0x31, b"") + element(0x30, DATA) + element(0xa0, inner) + element(0x31, b"")
    return element(0x30, SIGNED_DATA + element(0xa0, element(0x30, signed)))
p7 = pkcs7_around(b"")
for _ in range(10_000):
    p7 = pkcs7_around(p7)
(out / "pkcs7-nested-10000.p7b").write_bytes(p7)

with open(out / "sans.cnf", "w") as f:
    f.write("[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=h0.example.com\n")
    f.write("[ext]\nsubjectAltName=@alt\n[alt]\n")
    for i in range(100_000):
        f.write(f"DNS.{i + 1}=h{i}.example.com\n")
PY
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -keyout "$work/sans.key" -out "$work/sans-100000.pem" -config "$work/sans.cnf" 2>/dev/null

printf '%-28s %9s %12s %5s  %s\n' input seconds peak_rss_kib exit "first line of stderr"
measure() {
  local name=$1
  shift
  local rc=0
  "$@" >/dev/null 2>"$work/stderr" || rc=$?
  local seconds rss
  seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  printf '%-28s %9s %12s %5s  %s\n' "$name" "$seconds" "$rss" "$rc" \
    "$(grep -v -e '^\s' -e '^Command' "$work/stderr" | head -1 | cut -c1-100)"
}
run() { /usr/bin/time -v -o "$work/time" "$bin" inspect "$@"; }

measure "nested DER, 50,000 deep" run "$work/nested-50000.der"
measure "200,000 empty PEM blocks" run "$work/empty-blocks-200000.pem"
measure "PKCS#7 nested 10,000 deep" run "$work/pkcs7-nested-10000.p7b"
measure "100,000 subjectAltNames" run "$work/sans-100000.pem" --trust "$work/sans-100000.pem"
spaces() {
  { printf -- '-----BEGIN CERTIFICATE-----\n'
    head -c $((1 << 30)) /dev/zero | tr '\0' ' '
    printf -- '\n-----END CERTIFICATE-----\n'; } 2>/dev/null | run - || return $?
}
measure "1 GiB of spaces on stdin" spaces
