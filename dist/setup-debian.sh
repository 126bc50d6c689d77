#!/usr/bin/env bash
# Installs what chainlens needs on Debian to build, run its window and run its tests.
# Idempotent: installs only the packages that are missing. Needs root (or sudo) for apt.
set -euo pipefail

packages=(
  # Building: aws-lc-sys needs a C compiler and cmake-free build; pkg-config for fontconfig.
  build-essential pkg-config ca-certificates
  # The window, under X11 or Xvfb (OpenGL through Mesa).
  xvfb xauth libgl1 libegl1 libgl1-mesa-dri libx11-xcb1 libxcursor1 libxi6 libxrandr2
  libxkbcommon-x11-0 libfontconfig1 fonts-dejavu-core
  # Tests: real TLS peers and tools.
  openssl mosquitto
  # GUI snapshot tests (egui_kittest renders with wgpu on Mesa lavapipe/llvmpipe).
  mesa-vulkan-drivers libvulkan1
  # dist/screenshot.sh: screenshots of the real window, and its peak memory.
  imagemagick time
  # dist/package.sh and dist/check-package.sh: the .deb's tools, the desktop validators, the
  # MIME and desktop databases, the manual page reader and the shells whose completions ship.
  dpkg-dev desktop-file-utils appstream xdg-utils shared-mime-info hicolor-icon-theme man-db
  bash-completion zsh fish
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "chainlens needs a Rust toolchain (1.85 or newer): see https://rustup.rs" >&2
  exit 1
fi
