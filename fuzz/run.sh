#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS, from the committed seeds and
# its dictionary, and prints per target: executions, time, executions per second, corpus
# size, peak RSS and the outcome. Exits 1 if any target found a crash, hang or OOM (the
# input is kept in fuzz/artifacts/<target>/).
#
#   fuzz/run.sh [SECONDS] [TARGET...]       # default 30 s, every target
#   FUZZ_CORPUS=DIR fuzz/run.sh 3600 verify # keep the grown corpus in DIR/<target>
#   FUZZ_BUILD=0 fuzz/run.sh 600 decode      # without building first
#
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz --locked). One
# libFuzzer process at a time; run it under `nice` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-30}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
corpus_root="${FUZZ_CORPUS:-corpus}"
logs="$corpus_root/logs"
mkdir -p "$logs"

# No sanitizer: chainlens is safe Rust, and the build and the runs are twice as fast.
# Debug assertions and overflow checks stay on (fuzz/Cargo.toml).
# FUZZ_BUILD=0 runs the binaries already built (a campaign of several calls builds once).
if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  cargo +nightly fuzz build --sanitizer none
fi
# The targets run as plain processes, so no cargo holds the build lock while they fuzz.
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin_dir="${CARGO_TARGET_DIR:-target}/$host/release"

failed=0
printf '%-12s %12s %8s %10s %8s %8s  %s\n' target executions seconds exec/s corpus rss_mb outcome
for target in "${targets[@]}"; do
  corpus="$corpus_root/$target"
  mkdir -p "$corpus" "artifacts/$target"
  dict=()
  [ -f "dict/$target.dict" ] && dict=("-dict=dict/$target.dict")
  log="$logs/$target.log"
  started=$(date +%s)
  outcome=ok
  "$bin_dir/$target" "$corpus" "seeds/$target" -artifact_prefix="artifacts/$target/" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || outcome="FAILED (see $log)"
  elapsed=$(($(date +%s) - started))
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  printf '%-12s %12s %8s %10s %8s %8s  %s\n' "$target" "$(stat number_of_executed_units)" \
    "$elapsed" "$(stat average_exec_per_sec)" "$(find "$corpus" -type f | wc -l)" \
    "$(stat peak_rss_mb)" "$outcome"
  [ "$outcome" = ok ] || failed=1
done
exit "$failed"
