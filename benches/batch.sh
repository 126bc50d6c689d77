#!/usr/bin/env bash
# `chainlens batch` over 200 loopback endpoints against a serial loop of
# `openssl s_client -showcerts` over the same 200, in one run, with the same servers:
# SERVERS (default 20) `openssl s_server` processes on 127.0.0.1, each serving a generated
# root → intermediate → leaf chain (RSA 2048), the 200 rows spread over them.
#
#   chainlens batch list.txt --trust root.pem --json > /dev/null
#   for each row: echo | openssl s_client -showcerts -connect 127.0.0.1:PORT > /dev/null
#
# Prints both wall times and the ratio chainlens/openssl (the goal: at most 0.1). Uses the
# release build when there is one (cargo build --release), else CHAINLENS=PATH; needs openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/benches"
# shellcheck source=benches/lib/setup.sh
. "$here/lib/setup.sh"
bench_binary
need_tool openssl openssl
rows="${ROWS:-200}"
servers="${SERVERS:-20}"
bench_workdir
cd "$work"

# --- a root → intermediate → leaf chain (RSA 2048, like most public servers) ---
# shellcheck source=benches/lib/chain.sh
. "$here/lib/chain.sh"
make_bench_chain

# --- the servers, on ports the kernel says are free ---
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ports=()
for _ in $(seq "$servers"); do
  port=$(free_port)
  openssl s_server -www -quiet -no-CAfile -no-CApath -no-CAstore -cert leaf.pem -key leaf.key \
    -cert_chain int.pem -accept "127.0.0.1:$port" >/dev/null 2>&1 &
  bench_pids+=("$!")
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
done
for i in $(seq 0 $((rows - 1))); do
  echo "127.0.0.1:${ports[$((i % servers))]}"
done >list.txt

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
# Warm both once (page cache, the trust store file), outside the timings.
"$bin" batch list.txt --trust root.pem --json >/dev/null
echo | openssl s_client -showcerts -connect "127.0.0.1:${ports[0]}" >/dev/null 2>&1

start=$(now)
code=0
"$bin" batch list.txt --trust root.pem --json >batch.json || code=$?
chainlens_s=$(minus "$(now)" "$start")
trusted=$(grep -c '"status": "trusted"' batch.json || true)

start=$(now)
while read -r row; do
  echo | openssl s_client -showcerts -connect "$row" >/dev/null 2>&1
done <list.txt
openssl_s=$(minus "$(now)" "$start")

printf 'rows:                        %d over %d s_server processes (exit %d, %d trusted)\n' \
  "$rows" "$servers" "$code" "$trusted"
printf 'chainlens batch:             %.3f s\n' "$chainlens_s"
printf 'serial openssl s_client:     %.3f s\n' "$openssl_s"
printf 'ratio chainlens/openssl:     %.3f (goal: at most 0.1)\n' "$(awk -v a="$chainlens_s" -v b="$openssl_s" 'BEGIN { printf "%.6f", a / b }')"
