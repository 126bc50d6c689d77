#!/usr/bin/env bash
# Side-by-side timing of a live TLS fetch: chainlens against openssl s_client, both
# against the same `openssl s_server` on a loopback port serving a generated
# root → intermediate → leaf chain.
#
#   chainlens inspect 127.0.0.1:PORT --trust root.pem
#   echo | openssl s_client -showcerts -connect 127.0.0.1:PORT
#
# Prints each mean and the ratio chainlens/openssl. Needs a release build
# (cargo build --release) and openssl; uses hyperfine when installed, else a timed
# loop of RUNS runs (default 20).
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

# --- a root → intermediate → leaf chain (RSA 2048, like most public servers) ---
# shellcheck source=benches/lib/chain.sh
. "$here/lib/chain.sh"
make_bench_chain

# --- the server, on a free loopback port, retried if the port is taken meanwhile ---
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _attempt in 1 2 3; do
  port="$(free_port)"
  # -www: serve without reading stdin; -no-CA*: send exactly leaf + intermediate.
  openssl s_server -www -quiet -no-CAfile -no-CApath -no-CAstore \
    -cert leaf.pem -key leaf.key -cert_chain int.pem -accept "127.0.0.1:$port" \
    >s_server.log 2>&1 &
  server_pid=$!
  bench_pids+=("$server_pid")
  for _ in $(seq 100); do # up to 10 s
    port_open "$port" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  port_open "$port" && break
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
[ -n "$server_pid" ] || { echo "openssl s_server did not start:" >&2; cat s_server.log >&2; exit 1; }

ours="$bin inspect 127.0.0.1:$port --trust $work/root.pem"
theirs="echo | openssl s_client -showcerts -connect 127.0.0.1:$port"

# Both must work before their times mean anything (chainlens exits 1 for "not trusted",
# still a completed fetch; 2 is a failure).
rc=0
$ours >ours.out 2>&1 || rc=$?
[ "$rc" -le 1 ] || { echo "chainlens failed (exit $rc):" >&2; cat ours.out >&2; exit 1; }
bash -c "$theirs" >theirs.out 2>&1 || { echo "openssl s_client failed:" >&2; cat theirs.out >&2; exit 1; }

# shellcheck source=benches/lib/timing.sh
. "$here/lib/timing.sh"

a=$(mean_ms "$ours")
b=$(mean_ms "$theirs")
echo "chain served by openssl s_server on 127.0.0.1:$port (leaf + intermediate, RSA 2048)"
python3 - "$a" "$b" <<'PY'
import sys
a, b = float(sys.argv[1]), float(sys.argv[2])
ratio = a / b if b else float("inf")
print(f"chainlens inspect       {a:8.2f} ms")
print(f"openssl s_client        {b:8.2f} ms")
print(f"ratio chainlens/openssl {ratio:8.2f}")
PY
