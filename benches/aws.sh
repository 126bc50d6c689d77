#!/usr/bin/env bash
# Side-by-side timing of AWS IoT endpoint discovery against moto (a real AWS API emulator)
# on a loopback port: chainlens against boto3 (what aws-cli runs), the four endpoint types
# each, with dummy keys and the instance metadata service disabled.
#
#   chainlens aws endpoints --region eu-west-1 --endpoint-url URL --type all
#   python -c 'boto3 … describe_endpoint × 4'
#
# Prints each mean and the ratio chainlens/boto3. Needs a release build (cargo build
# --release) and moto in a virtual environment (MOTO_VENV, default /opt/chainlens-moto, as
# .ci/run installs it); RUNS runs each (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
[ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin)" >&2; exit 2; }
venv="${MOTO_VENV:-/opt/chainlens-moto}"
[ -x "$venv/bin/moto_server" ] || { echo "moto is not installed in $venv (see .ci/run)" >&2; exit 2; }
runs="${RUNS:-10}"

export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY
work="$(mktemp -d)"
export HOME="$work" AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE="$work/credentials"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; wait $moto_pid 2>/dev/null || true; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 300); do
  python3 - "$url" <<'PY' 2>/dev/null && break
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/moto-api/seed?a=42", method="POST"), timeout=1)
PY
  sleep 0.1
done

cat >"$work/boto3_all.py" <<'PY'
import sys, boto3
client = boto3.client("iot", region_name="eu-west-1", endpoint_url=sys.argv[1])
for kind in ["iot:Data-ATS", "iot:Data", "iot:CredentialProvider", "iot:Jobs"]:
    print(kind, client.describe_endpoint(endpointType=kind)["endpointAddress"])
PY

mean_ms() { # command… → mean wall time in ms over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000000 ))
}
ours=$(mean_ms "$bin" aws endpoints --region eu-west-1 --endpoint-url "$url" --type all)
theirs=$(mean_ms "$venv/bin/python" "$work/boto3_all.py" "$url")
echo "chainlens aws endpoints --type all: ${ours} ms"
echo "boto3 describe_endpoint × 4:        ${theirs} ms"
python3 -c "print(f'ratio chainlens/boto3: {$ours / max($theirs, 1):.2f}x')"
