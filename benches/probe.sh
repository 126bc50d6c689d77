#!/usr/bin/env bash
# The server probe against testssl.sh on the same loopback server: `chainlens probe` (versions,
# suites with order, groups, signature schemes, every chain, extensions, device table) and
# `testssl.sh -p -E -S` (protocols, each cipher per protocol, server defaults) against one
# `openssl s_server` with an RSA and an ECDSA certificate. Prints each tool's wall time
# (chainlens: the median of RUNS, default 5; testssl.sh: one run, it takes tens of seconds)
# and the ratio. The target is chainlens ≤ 0.1 × testssl.sh.
#
#   benches/probe.sh
#   RUNS=20 CHAINLENS=/usr/bin/chainlens benches/probe.sh
#
# chainlens is $CHAINLENS, else the release build in $CARGO_TARGET_DIR. Needs openssl and
# testssl.sh (apt-get install testssl.sh). Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/benches"
# shellcheck source=benches/lib/setup.sh
. "$here/lib/setup.sh"
bench_binary
need_tool openssl openssl
need_tool testssl testssl.sh
runs="${RUNS:-5}"
bench_workdir

# --- an RSA and an ECDSA certificate for localhost ---
for kind in rsa ec; do
  mkdir -p "$work/$kind"
  (
    cd "$work/$kind"
    printf '[req]\ndistinguished_name=dn\n[dn]\n[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' > c.cnf
    if [ "$kind" = rsa ]; then key=(-newkey rsa:2048); else key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
    openssl req -config c.cnf -nodes -subj "/CN=$kind root" "${key[@]}" -keyout root.key -x509 -days 30 -extensions ca -out root.pem 2>/dev/null
    openssl req -config c.cnf -nodes -subj "/CN=localhost" "${key[@]}" -keyout leaf.key -new -out leaf.csr 2>/dev/null
    openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -set_serial 2 -days 30 -extfile c.cnf -extensions leaf -out leaf.pem 2>/dev/null
  )
done

# --- the server ---
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
openssl s_server -www -quiet -accept "127.0.0.1:$port" -no-CAfile -no-CApath -no-CAstore \
  -cert "$work/rsa/leaf.pem" -key "$work/rsa/leaf.key" \
  -dcert "$work/ec/leaf.pem" -dkey "$work/ec/leaf.key" >"$work/s_server.log" 2>&1 &
bench_pids+=("$!")
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done

now_ms() { date +%s%3N; }

# --- chainlens: RUNS probes, the median ---
times=()
for _ in $(seq "$runs"); do
  start="$(now_ms)"
  "$bin" probe "127.0.0.1:$port" --trust "$work/rsa/root.pem" --trust "$work/ec/root.pem" \
    --host localhost >"$work/chainlens.txt" || [ $? -eq 1 ]
  times+=("$(( $(now_ms) - start ))")
done
chainlens_ms="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
connections="$(sed -n 's/.*: \([0-9]*\) connections in .*/\1/p' "$work/chainlens.txt")"

# --- testssl.sh: protocols, each cipher, server defaults ---
start="$(now_ms)"
testssl --quiet --color 0 --warnings off --ip 127.0.0.1 -p -E -S "127.0.0.1:$port" \
  >"$work/testssl.txt" 2>&1 || true
testssl_ms="$(( $(now_ms) - start ))"

echo "server: openssl s_server (RSA + ECDSA certificates) on 127.0.0.1:$port"
echo "chainlens probe: ${chainlens_ms} ms (median of $runs; $connections connections)"
echo "testssl.sh -p -E -S: ${testssl_ms} ms"
awk -v c="$chainlens_ms" -v t="$testssl_ms" 'BEGIN { printf "ratio: %.4f (target <= 0.1)\n", c / t }'
