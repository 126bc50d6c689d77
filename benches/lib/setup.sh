# Shared set-up of the benchmark scripts: the binary under test, the tools they need, a work
# directory, and the background peers, all removed on exit. Source it after `cd` to the
# repository root: `. "$here/lib/setup.sh"`.

# Sets $bin to the chainlens under test as an absolute path: $CHAINLENS, else the release
# build in $CARGO_TARGET_DIR (default target).
bench_binary() {
  bin="${CHAINLENS:-${CARGO_TARGET_DIR:-target}/release/chainlens}"
  [ -x "$bin" ] || { echo "build first: cargo build --release (looked for $bin), or set CHAINLENS" >&2; exit 2; }
  bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
}

# Exits with a hint when a command is missing: `need_tool openssl openssl`.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed (apt-get install $2)" >&2; exit 2; }
}

# The background peers to stop on exit: `bench_pids+=("$!")` after starting one.
bench_pids=()

# Makes $work, a fresh directory; on exit every peer in $bench_pids is stopped and $work is
# removed.
bench_workdir() {
  work="$(mktemp -d)"
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
