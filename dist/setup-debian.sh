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
  # The device proving ground (tests/devices/, benches/devices.sh): the real device TLS
  # libraries the small C programs link against, make, and libfaketime to freeze the clock of
  # the stacks that have no time parameter.
  make libmbedtls-dev libwolfssl-dev libbearssl-dev libgnutls28-dev libssl-dev faketime
  # GUI tests: a real session D-Bus without a desktop portal (the in-window file dialog).
  dbus-daemon
  # Revocation and AIA tests: python3 -m http.server (CRL distribution points) and an HTTP proxy.
  python3
  # GUI snapshot tests (egui_kittest renders with wgpu on Mesa lavapipe/llvmpipe).
  mesa-vulkan-drivers libvulkan1
  # dist/screenshot.sh: screenshots of the real window, and its peak memory; xdotool parks the
  # pointer so that no tooltip is in the picture, and clicks through the window in scenarios.
  imagemagick time xdotool
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

# The AWS discovery tests run against moto, a real AWS API emulator, from its own virtual
# environment (pinned: the tests compare the ids a seeded moto hands out). Without it those
# tests say SKIPPED; a user who cannot write to /opt may set CHAINLENS_MOTO_VENV.
MOTO_VENV=${CHAINLENS_MOTO_VENV:-/opt/chainlens-moto}
if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
  if mkdir -p "$MOTO_VENV" 2>/dev/null; then
    rm -rf "$MOTO_VENV"
    # Debian's python3 makes virtual environments only with python3-venv installed.
    if ! python3 -m venv "$MOTO_VENV" >/dev/null 2>&1; then
      rm -rf "$MOTO_VENV"
      sudo=""
      if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
      DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
      /usr/bin/python3 -m venv "$MOTO_VENV"
    fi
    echo "Installing moto into $MOTO_VENV" >&2
    "$MOTO_VENV/bin/pip" install --quiet 'moto[server]==5.2.5'
  else
    echo "setup-debian.sh: cannot write $MOTO_VENV; the AWS tests will be skipped (set CHAINLENS_MOTO_VENV)" >&2
  fi
fi

# The STARTTLS tests run real Debian servers on loopback ports, each started by its test in a
# temporary directory. Installing them must neither ask questions (postfix: "No configuration";
# slapd: no initial database) nor leave system daemons on the standard ports: a temporary
# policy-rc.d refuses every service start during the install, and any unit that started anyway
# is stopped and disabled.
servers=(postfix dovecot-imapd dovecot-pop3d slapd ldap-utils prosody vsftpd postgresql)
missing_servers=()
for p in "${servers[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_servers+=("$p")
done
if ((${#missing_servers[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing test servers: ${missing_servers[*]}" >&2
  printf '%s\n' \
    'postfix postfix/main_mailer_type select No configuration' \
    'slapd slapd/no_configuration boolean true' |
    $sudo debconf-set-selections
  policy=/usr/sbin/policy-rc.d
  placed_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    placed_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing_servers[@]}" >/dev/null
  if [ -n "$placed_policy" ]; then $sudo rm -f "$policy"; fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    for unit in postfix dovecot slapd prosody vsftpd postgresql; do
      $sudo systemctl disable --now "$unit" >/dev/null 2>&1 || true
    done
  fi
fi

# The NIST PKITS conformance test (tests/it/pkits.rs) reads the PKITS 2011 data from the
# PyPI package cryptography-vectors, fetched once into a cache outside the clone (or into
# CHAINLENS_PKITS_DIR): only its x509/PKITS_data directory (certs/, crls/, smime/) is kept.
# The version and the wheel's SHA-256 are pinned; the test reads the same directory.
PKITS_VERSION=50.0.2
PKITS_WHEEL_SHA256=51641f03a3eb4edbe9fb68e3a3574d25f86aa502d06391fffa886330d02778a0
PKITS_DIR=${CHAINLENS_PKITS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chainlens/pkits}
if [ "$(cat "$PKITS_DIR/.chainlens-pkits-version" 2>/dev/null)" != "$PKITS_VERSION" ]; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
  fi
  echo "Fetching NIST PKITS (cryptography-vectors $PKITS_VERSION, about 56 MB) into $PKITS_DIR" >&2
  # Unpacked beside its place, so the final move is a rename: an interrupted run leaves no
  # half directory where the test looks.
  mkdir -p "$(dirname "$PKITS_DIR")"
  pkits_tmp=$(mktemp -d "$(dirname "$PKITS_DIR")/.pkits-fetch.XXXXXX")
  # `pip download` only downloads (nothing is installed, so Debian's externally managed
  # python is no obstacle); --require-hashes makes pip check the pinned digest too, and a
  # wheel already in pip's cache or a --find-links directory (PIP_FIND_LINKS) is reused.
  echo "cryptography-vectors==$PKITS_VERSION --hash=sha256:$PKITS_WHEEL_SHA256" >"$pkits_tmp/req.txt"
  if python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
      --dest "$pkits_tmp/wheel" -r "$pkits_tmp/req.txt" &&
    wheel=$(ls "$pkits_tmp"/wheel/cryptography_vectors-"$PKITS_VERSION"-*.whl) &&
    echo "$PKITS_WHEEL_SHA256  $wheel" | sha256sum --check --quiet; then
    python3 - "$wheel" "$pkits_tmp/PKITS_data" <<'PY'
import os, sys, zipfile
prefix = "cryptography_vectors/x509/PKITS_data/"
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for member in wheel.infolist():
        if member.filename.startswith(prefix) and not member.is_dir():
            target = os.path.join(sys.argv[2], member.filename[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with wheel.open(member) as src, open(target, "wb") as dst:
                dst.write(src.read())
PY
    echo "$PKITS_VERSION" >"$pkits_tmp/PKITS_data/.chainlens-pkits-version"
    rm -rf "$PKITS_DIR"
    mv "$pkits_tmp/PKITS_data" "$PKITS_DIR"
  else
    echo "setup-debian.sh: could not fetch cryptography-vectors $PKITS_VERSION from PyPI; the PKITS test (tests/it/pkits.rs) will fail until this script succeeds" >&2
  fi
  rm -rf "$pkits_tmp"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "chainlens needs a Rust toolchain (1.85 or newer): see https://rustup.rs" >&2
  exit 1
fi
