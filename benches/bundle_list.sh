#!/usr/bin/env bash
# Frame time of the window with a 10,000-certificate bundle open as a list and scrolled, in
# egui_kittest (no display needed): the median, p95 and worst frame of 200 wheel steps, and the
# frame of one filter keystroke. The target is a frame <= 16 ms.
#   benches/bundle_list.sh            (release profile)
#   PROFILE=dev benches/bundle_list.sh (debug build, slower; what a developer has at hand)
# Needs Python's cryptography (benches/make_bundle.py generates the bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${PROFILE:-release}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 benches/make_bundle.py "$work/b10k.pem" 10000 100
CHAINLENS_BENCH_BUNDLE="$work/b10k.pem" cargo test --profile "$profile" --test it \
  gui::dialogs::bench_frames_with_a_10k_bundle_list -- --ignored --nocapture 2>&1 | grep -E "bundle list|panicked|error" || true
