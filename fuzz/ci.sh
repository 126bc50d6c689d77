#!/usr/bin/env bash
# CI's fuzzing step: every target for 30 s from the seeds. Skipped, with a message and
# success, on a machine without the nightly toolchain or where cargo-fuzz cannot be had;
# a crash, hang or OOM fails it.
set -euo pipefail
cd "$(dirname "$0")"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: skipped: no nightly toolchain (rustup toolchain install nightly to run it)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  if ! cargo install cargo-fuzz --locked; then
    echo "fuzz: skipped: cargo-fuzz could not be installed"
    exit 0
  fi
fi
# Its own build directory beside the main one: other flags, and no lock shared with it.
if [ -n "${FUZZ_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$FUZZ_TARGET_DIR"
elif [ -n "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$CARGO_TARGET_DIR-fuzz"
fi
# A throw-away corpus: CI checks the seeds and 30 s of mutations, and keeps nothing.
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
FUZZ_CORPUS="$corpus" ./run.sh "${FUZZ_SECONDS:-30}"
