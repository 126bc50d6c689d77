#!/usr/bin/env bash
# One re-verification of the embedded sample with five device profiles over three trust
# stores, as the window runs it when devices are ticked (verify + timeline + scene + the
# device matrix's rows). Target: <= 16 ms mean, one 60 Hz frame. Exits 1 over the target.
#
#   benches/reverify_devices.sh [RUNS]      (default 100; a release build of the example)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example reverify_devices -- "${1:-100}"
