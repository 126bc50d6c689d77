#!/usr/bin/env bash
# Runs the real chainlens window under Xvfb, waits for its first frame with the diagram, saves
# a screenshot and reports the start-up time and peak memory.
#
#   dist/screenshot.sh [OUT.png] [-- chainlens arguments…]
#
# Env: CHAINLENS_BIN (default target/release/chainlens), SCREEN (default 1360x800, the
# window's default size, so the screenshot is the window), CLICKS (optional: "X,Y X,Y …",
# screen points clicked in turn before the picture, to open a window or a menu first; needs
# xdotool), CHAINLENS_STATE (optional: an app.ron to start from instead of no remembered state).
set -euo pipefail

out=assets/screenshot.png
if [ $# -gt 0 ] && [ "$1" != "--" ]; then out=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
bin=${CHAINLENS_BIN:-target/release/chainlens}
screen=${SCREEN:-1360x800}
display=:${DISPLAY_NUMBER:-99}

for tool in Xvfb import /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing: run dist/setup-debian.sh" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "screenshot.sh: $bin not found: cargo build --release" >&2; exit 2; }

work=$(mktemp -d)
app_pid=""
xvfb_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 "${screen}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
  DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break
  [ -S "/tmp/.X11-unix/X${display#:}" ] && break
  sleep 0.1
done

# A fresh home: no remembered state, so the picture is the first start a newcomer sees.
mkdir -p "$work/home"
if [ -n "${CHAINLENS_STATE:-}" ]; then
  mkdir -p "$work/home/.local/share/chainlens"
  cp "$CHAINLENS_STATE" "$work/home/.local/share/chainlens/app.ron"
fi
start_ns=$(date +%s%N)
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
  DISPLAY=$display WAYLAND_DISPLAY= CHAINLENS_TRACE_STARTUP=1 \
  /usr/bin/time -v "$bin" "$@" >"$work/app.out" 2>"$work/app.err" &
app_pid=$!

for _ in $(seq 200); do
  grep -q "first frame with the diagram" "$work/app.err" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.err" >&2; exit 1; }
  sleep 0.05
done
grep -q "first frame with the diagram" "$work/app.err" || { echo "no first frame within 10 s" >&2; cat "$work/app.err" >&2; exit 1; }
# Park the pointer in the corner (Xvfb starts it mid-screen, over the diagram, where it would
# show a box's tooltip), let the window settle (fonts, the second layout pass), then take the
# picture.
if command -v xdotool >/dev/null 2>&1; then
  DISPLAY=$display xdotool mousemove "${screen%x*}" "${screen#*x}" || true
fi
sleep 1
if [ -n "${CLICKS:-}" ]; then
  command -v xdotool >/dev/null || { echo "screenshot.sh: CLICKS needs xdotool" >&2; exit 2; }
  for point in $CLICKS; do
    DISPLAY=$display xdotool mousemove "${point%,*}" "${point#*,}" click 1
    sleep 0.5
  done
  # The pointer leaves the last click's spot, so no tooltip covers the picture.
  DISPLAY=$display xdotool mousemove "${screen%x*}" "${screen#*x}"
  sleep 0.5
fi
DISPLAY=$display import -window root "$out"

frame_unix_ms=$(sed -n 's/.*unix_ms=\([0-9.]*\).*/\1/p' "$work/app.err" | head -n1)
# Close chainlens itself (the child of `time`), so that `time` reports on it.
child=$(pgrep -P "$app_pid" | head -n1 || true)
[ -n "$child" ] && kill -TERM "$child" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
app_pid=""

start_ms=$(awk -v ns="$start_ns" 'BEGIN { printf "%.1f", ns / 1e6 }')
startup=$(awk -v a="$start_ms" -v b="$frame_unix_ms" 'BEGIN { printf "%.0f", b - a }')
rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$work/app.err")
grep "chainlens:" "$work/app.err" >&2 || true
echo "screenshot: $out"
echo "process start → first frame with the diagram: ${startup} ms"
echo "peak RSS: $((rss_kib / 1024)) MiB (${rss_kib} KiB)"
