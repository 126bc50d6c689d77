#!/usr/bin/env bash
# Side-by-side timing of an online revocation check against the same local `openssl ocsp`
# responder (over an `openssl ca` index, signing as a delegated responder):
#
#   chainlens verify leaf.pem --trust root.pem --revocation
#   openssl ocsp -issuer root.pem -cert leaf.pem -url http://127.0.0.1:PORT/ -CAfile root.pem
#     && openssl verify -CAfile root.pem leaf.pem
#
# The leaf names no CRL distribution point, so both sides make exactly one OCSP request.
# Prints each mean and the ratio chainlens/openssl. Needs a build (CHAINLENS=path, default
# the release binary) and openssl; uses hyperfine when installed, else RUNS runs (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/benches"
# shellcheck source=benches/lib/setup.sh
. "$here/lib/setup.sh"
bench_binary
need_tool openssl openssl
runs="${RUNS:-20}"
bench_workdir
cd "$work"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >ca.cnf <<EOF
[ca]
default_ca = root_ca
[root_ca]
database = index.txt
serial = serial
new_certs_dir = .
certificate = root.pem
private_key = root.key
default_md = sha256
default_days = 365
policy = anything
unique_subject = no
[anything]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[responder_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.localhost
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$port/
EOF
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
: >index.txt
echo 1000 >serial
for k in root responder leaf; do quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $k.key; done
quiet openssl req -x509 -new -key root.key -subj /CN=Bench\ Root -days 3650 -config ca.cnf -extensions root_ext -out root.pem
for k in responder leaf; do
  quiet openssl req -new -key $k.key -subj "/CN=$k.localhost" -config ca.cnf -out $k.csr
  ext=${k}_ext
  quiet openssl ca -batch -config ca.cnf -extensions "$ext" -notext -in $k.csr -out $k.pem
done

openssl ocsp -index index.txt -port "$port" -rsigner responder.pem -rkey responder.key \
  -CA root.pem -nmin 60 -ignore_err >responder.log 2>&1 &
bench_pids+=("$!")
# openssl ocsp serves one connection at a time and hangs on a bare connect probe: wait for
# its own "waiting" line instead.
for _ in $(seq 100); do grep -q "waiting for OCSP" responder.log 2>/dev/null && break; sleep 0.05; done

ours="'$bin' verify leaf.pem --trust root.pem --revocation"
theirs="openssl ocsp -issuer root.pem -cert leaf.pem -url http://127.0.0.1:$port/ -CAfile root.pem -no_nonce && openssl verify -CAfile root.pem leaf.pem"
# Both must say "good" / "OK" before their times mean anything.
bash -c "$ours" | grep -q "revocation: good" || { echo "chainlens did not get a good answer" >&2; bash -c "$ours" >&2; exit 1; }
bash -c "$theirs" 2>&1 | grep -q "leaf.pem: good" || { echo "openssl ocsp did not get a good answer" >&2; exit 1; }

# shellcheck source=benches/lib/timing.sh
. "$here/lib/timing.sh"

a=$(mean_ms "$ours")
b=$(mean_ms "$theirs")
echo "one OCSP request to openssl ocsp on 127.0.0.1:$port (delegated responder, EC P-256)"
python3 - "$a" "$b" <<'PY'
import sys
a, b = float(sys.argv[1]), float(sys.argv[2])
ratio = a / b if b else float("inf")
print(f"chainlens verify --revocation     {a:8.2f} ms")
print(f"openssl ocsp + openssl verify     {b:8.2f} ms")
print(f"ratio chainlens/openssl           {ratio:8.2f}")
PY
