#!/usr/bin/env bash
# Side-by-side timing of STARTTLS and legacy captures on loopback ports: chainlens against
# openssl s_client, each run RUNS times (default 10), mean wall time per run.
#
#   chainlens inspect smtp://127.0.0.1:PORT --trust root.pem --host localhost   (real postfix)
#   openssl s_client -starttls smtp -connect 127.0.0.1:PORT -showcerts
#   chainlens inspect 127.0.0.1:PORT --trust root.pem --host localhost   (s_server -tls1_2 -cipher AES128-SHA)
#   openssl s_client -connect 127.0.0.1:PORT -showcerts -cipher AES128-SHA
#
# Needs postfix and openssl (dist/setup-debian.sh) and a chainlens binary (CHAINLENS, default
# the release build). Only 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
[ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin)" >&2; exit 2; }
command -v postfix >/dev/null || [ -x /usr/sbin/postfix ] || { echo "postfix is not installed" >&2; exit 2; }
runs="${RUNS:-10}"
work="$(mktemp -d)"
chmod 755 "$work" # postfix reaches its data directory as its own user
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
  [ -f "$work/queue/pid/master.pid" ] && kill -KILL -- "-$(tr -d ' ' <"$work/queue/pid/master.pid")" 2>/dev/null || true
  [ -n "${legacy_pid:-}" ] && kill "$legacy_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/CN=bench root" \
  -days 2 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -set_serial 2 -days 2 \
  -extfile leaf.ext -out leaf.pem 2>/dev/null

smtp=$(free_port)
mkdir -p queue data && chown postfix data
cat >main.cf <<CF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
mail_owner = postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = localhost
mydestination =
alias_maps =
alias_database =
maillog_file = /dev/stdout
smtpd_tls_chain_files = $work/leaf.key, $work/leaf.pem
smtpd_tls_security_level = may
CF
cat >master.cf <<CF
127.0.0.1:$smtp inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
rewrite unix - - n - - trivial-rewrite
anvil unix - - n - 1 anvil
tlsmgr unix - - n 1000? 1 tlsmgr
scache unix - - n - 1 scache
proxymap unix - - n - - proxymap
postlog unix-dgram n - n - 1 postlogd
CF
setsid postfix -c "$work" start-fg </dev/null >postfix.log 2>&1 &
legacy=$(free_port)
openssl s_server -quiet -www -no-CAfile -no-CApath -no-CAstore -cert leaf.pem -key leaf.key \
  -tls1_2 -cipher AES128-SHA -accept "127.0.0.1:$legacy" </dev/null >s_server.log 2>&1 &
legacy_pid=$!
for port in "$smtp" "$legacy"; do
  for _ in $(seq 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.1
  done
done

mean_ms() { # command… → mean wall milliseconds over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" </dev/null >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo $(((end - start) / runs / 1000000))
}
# Each case must work before it is timed.
"$bin" inspect "smtp://127.0.0.1:$smtp" --trust root.pem --host localhost >check-smtp.txt ||
  { cat check-smtp.txt postfix.log >&2; exit 1; }
"$bin" inspect "127.0.0.1:$legacy" --trust root.pem --host localhost >check-legacy.txt ||
  { cat check-legacy.txt >&2; exit 1; }
grep -q "TLS_RSA_WITH_AES_128_CBC_SHA" check-legacy.txt
printf '%-44s %8s\n' case mean_ms
printf '%-44s %8s\n' "chainlens inspect smtp:// (postfix)" \
  "$(mean_ms "$bin" inspect "smtp://127.0.0.1:$smtp" --trust root.pem --host localhost)"
printf '%-44s %8s\n' "openssl s_client -starttls smtp -showcerts" \
  "$(mean_ms openssl s_client -starttls smtp -connect "127.0.0.1:$smtp" -showcerts)"
printf '%-44s %8s\n' "chainlens inspect (legacy, AES128-SHA)" \
  "$(mean_ms "$bin" inspect "127.0.0.1:$legacy" --trust root.pem --host localhost)"
printf '%-44s %8s\n' "openssl s_client -cipher AES128-SHA" \
  "$(mean_ms openssl s_client -connect "127.0.0.1:$legacy" -showcerts -cipher AES128-SHA)"
