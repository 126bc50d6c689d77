#!/usr/bin/env bash
# Regenerates the icon PNGs (assets/icon/chainlens-{32,48,64,128,256}.png) from
# assets/icon/chainlens.svg with resvg. Commit the PNGs with the SVG: the window embeds the
# 128 px one and the packages install them all. `dist/make-icons.sh --check` only compares.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --example icons -- "$@"
