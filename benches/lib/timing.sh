# Sourced by the benchmarks that compare two commands: mean_ms CMD prints the mean wall time
# of the shell command CMD in milliseconds, over $runs runs (hyperfine when installed, with 3
# warm-up runs; else a timed loop). Uses $work for hyperfine's JSON.

mean_ms() {
  if command -v hyperfine >/dev/null 2>&1; then
    # Not -N: the openssl side is often a pipeline and needs a shell; hyperfine subtracts the
    # shell's own start-up time from both commands alike.
    hyperfine -i --warmup 3 --runs "$runs" --export-json "$work/hf.json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' "$work/hf.json"
  else
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$1" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    python3 -c "print('%.2f' % (($end - $start) / 1e6 / $runs))"
  fi
}
