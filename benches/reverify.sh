#!/usr/bin/env bash
# One re-verification of the embedded sample, as the window runs it on every frame while the
# timeline handle is dragged (verify + timeline + scene, two stores). Target: <= 5 ms mean, so
# dragging stays at frame rate on the UI thread. Exits 1 over the target.
#
#   benches/reverify.sh [RUNS]      (default 200; a release build of the example)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example reverify -- "${1:-200}"
