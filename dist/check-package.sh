#!/usr/bin/env bash
# Installs the .deb that dist/package.sh made on this machine and checks what a user gets:
# the installed binary runs (version, an inspection with its exact exit codes), the desktop
# entry and the AppStream metainfo pass their validators, the certificate types open in
# chainlens by default, the icons, manual pages and completions are where desktops and shells
# look, and the tarball carries the same files as the .deb.
#
#   dist/check-package.sh [DEB]     (default: the newest .deb in $PACKAGE_DIR)
#
# Needs root (or sudo) for apt-get; run dist/setup-debian.sh first for the validators.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/chainlens-target}"
[ -d "$CARGO_TARGET_DIR" ] || export CARGO_TARGET_DIR="$PWD/target"
out=${PACKAGE_DIR:-$CARGO_TARGET_DIR/packages}
deb=${1:-$(ls -t "$out"/chainlens_*.deb 2>/dev/null | head -n1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "check-package.sh: no .deb in $out: run dist/package.sh" >&2; exit 2; }
deb=$(realpath "$deb")
app_id=io.github.chainlens.Chainlens

failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND…
  local what=$1; shift
  local log
  if log=$("$@" 2>&1); then pass "$what"; else fail "$what"; echo "$log" | sed 's/^/    /' >&2; fi
}

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
# --reinstall: a rebuilt package of the same version replaces the installed one.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --reinstall "$deb" >/dev/null
pass "apt-get install $(basename "$deb")"

# The installed binary, from PATH.
[ "$(command -v chainlens)" = /usr/bin/chainlens ] && pass "chainlens is /usr/bin/chainlens" \
  || fail "chainlens on PATH is $(command -v chainlens || echo nothing), not /usr/bin/chainlens"
version=$(dpkg-query -W -f='${Version}' chainlens)
version=${version%-*}
[ "$(chainlens --version)" = "chainlens $version" ] && pass "chainlens --version: chainlens $version" \
  || fail "chainlens --version says '$(chainlens --version)', the package is $version"

# The embedded sample's leaf expired on 2023-08-14: today no store trusts it (exit 1), on
# 2023-01-01 the AWS IoT roots do (exit 0); a file that is no certificate is an input error
# (exit 2).
fresh_home=$(mktemp -d)
trap 'rm -rf "$fresh_home"' EXIT
expect_exit() { # expect_exit CODE TEXT-IN-OUTPUT ARGS…
  local want=$1 text=$2; shift 2
  local output code=0
  output=$(chainlens "$@" 2>&1) || code=$?
  if [ "$code" -ne "$want" ]; then
    fail "chainlens $* exits $code, not $want"; echo "$output" | tail -n5 | sed 's/^/    /' >&2
  elif ! grep -qF -- "$text" <<<"$output"; then
    fail "chainlens $* does not say '$text'"; echo "$output" | tail -n5 | sed 's/^/    /' >&2
  else
    pass "chainlens $* exits $want and says '$text'"
  fi
}
expect_exit 1 "expired 2023-08-14" inspect sample
expect_exit 0 "AWS IoT device roots: TRUSTED" inspect sample --trust-store aws-iot --at 2023-01-01T00:00:00Z
printf 'not a certificate\n' >"$fresh_home/junk.pem"
expect_exit 2 "not a certificate" inspect "$fresh_home/junk.pem"

# Desktop integration.
desktop=/usr/share/applications/$app_id.desktop
metainfo=/usr/share/metainfo/$app_id.metainfo.xml
check "desktop-file-validate $desktop" desktop-file-validate "$desktop"
check "appstreamcli validate --no-net --pedantic $metainfo" \
  appstreamcli validate --no-net --pedantic "$metainfo"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for size in 32 48 64 128 256; do
  png=/usr/share/icons/hicolor/${size}x${size}/apps/$icon.png
  [ -f "$png" ] && pass "icon $png" || fail "no icon $png"
done
[ -f "/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] && pass "scalable icon" || fail "no scalable icon"
# desktop-file-utils' trigger indexed the entry's MIME types.
grep -q "^application/x-x509-ca-cert=.*$app_id.desktop" /usr/share/applications/mimeinfo.cache \
  && pass "mimeinfo.cache lists $app_id.desktop" || fail "mimeinfo.cache does not list $app_id.desktop"
# What a new user's file manager opens certificates with: a home without any mimeapps.list.
for type in $(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' '); do
  default=$(env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CURRENT_DESKTOP HOME="$fresh_home" \
    xdg-mime query default "$type" || true)
  [ "$default" = "$app_id.desktop" ] && pass "xdg-mime query default $type: $default" \
    || fail "xdg-mime query default $type names '$default', not $app_id.desktop"
done
# shared-mime-info's trigger took the package's MIME data in.
for glob in pem crt cer der p7b p7c p12 pfx; do
  grep -q ":\*\.$glob$" /usr/share/mime/globs2 && pass "MIME glob *.$glob" || fail "no MIME glob *.$glob"
done

# Manual pages.
check "man -w chainlens" man -w chainlens
for sub in inspect verify export batch completions manpage; do
  check "man -w chainlens-$sub" man -w "chainlens-$sub"
done
man -P cat chainlens 2>/dev/null | grep -q "chainlens-inspect" && pass "man chainlens renders and names its subcommands" \
  || fail "man chainlens does not render"

# Completions: bash completes subcommands and options; zsh and fish read their scripts.
bash_completion=/usr/share/bash-completion/completions/chainlens
complete_bash() { # complete_bash WORD… : what bash offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
           COMP_POINT=${#COMP_LINE}; _chainlens chainlens "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
           printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$@"
}
check "complete -p chainlens after sourcing $bash_completion" \
  bash -c 'source "$1" && complete -p chainlens' _ "$bash_completion"
# How an interactive shell finds it: bash-completion's loader, on the first <Tab> (it returns
# 124, "completion loaded, try again", so only `complete -p` decides).
check "bash-completion loads the completion on demand" bash -c \
  'source /usr/share/bash-completion/bash_completion; _completion_loader chainlens; complete -p chainlens'
complete_bash chainlens ins | grep -qx inspect && pass "bash: chainlens ins<Tab> → inspect" \
  || fail "bash: chainlens ins<Tab> offers: $(complete_bash chainlens ins | tr '\n' ' ')"
complete_bash chainlens inspect sample --trust-st | grep -qx -- --trust-store \
  && pass "bash: chainlens inspect sample --trust-st<Tab> → --trust-store" \
  || fail "bash: --trust-st<Tab> offers: $(complete_bash chainlens inspect sample --trust-st | tr '\n' ' ')"
if command -v zsh >/dev/null; then
  check "zsh -n /usr/share/zsh/vendor-completions/_chainlens" zsh -n /usr/share/zsh/vendor-completions/_chainlens
else
  fail "zsh is not installed: run dist/setup-debian.sh"
fi
if command -v fish >/dev/null; then
  fish_offers=$(HOME="$fresh_home" fish --no-config -c \
    'source /usr/share/fish/vendor_completions.d/chainlens.fish; complete -C "chainlens ins"' 2>&1 || true)
  grep -q "^inspect" <<<"$fish_offers" && pass "fish: chainlens ins<Tab> → inspect" \
    || fail "fish: chainlens ins<Tab> offers: $fish_offers"
else
  fail "fish is not installed: run dist/setup-debian.sh"
fi

# The tarball: the same files as the .deb, and its binary runs from where it is unpacked.
tarball=$(ls -t "$(dirname "$deb")"/chainlens-*-linux.tar.gz 2>/dev/null | head -n1 || true)
if [ -n "$tarball" ]; then
  deb_files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | sort)
  tar_files=$(tar -tvzf "$tarball" | awk '$1 !~ /^d/ { print $6 }' | sort)
  [ "$deb_files" = "$tar_files" ] && pass "$(basename "$tarball") has the .deb's $(wc -l <<<"$deb_files") files" \
    || { fail "the tarball's files differ from the .deb's"; diff <(echo "$deb_files") <(echo "$tar_files") >&2 || true; }
  unpacked=$fresh_home/unpacked
  mkdir -p "$unpacked"
  tar -xzf "$tarball" -C "$unpacked"
  [ "$("$unpacked/usr/bin/chainlens" --version)" = "chainlens $version" ] \
    && pass "the tarball's usr/bin/chainlens runs" || fail "the tarball's usr/bin/chainlens does not run"
else
  fail "no tarball beside $deb"
fi

if [ "$failures" -gt 0 ]; then
  echo "check-package.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "check-package.sh: all checks passed"
