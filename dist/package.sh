#!/usr/bin/env bash
# Builds the release binary (LTO, stripped) once and packages it:
#   - a .deb made by cargo-deb from [package.metadata.deb] in Cargo.toml: the binary, the desktop
#     entry, the icons, the AppStream metainfo, the MIME data, the manual pages and the bash,
#     zsh and fish completions;
#   - a .tar.gz with exactly the .deb's files under usr/, for other distributions.
#
#   dist/package.sh          (then dist/check-package.sh installs and checks the .deb)
#
# Writes into $PACKAGE_DIR (default: $CARGO_TARGET_DIR/packages) and prints the sizes.
# Installs cargo-deb (crates.io, pinned) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The same target directory as .ci/run, so that CI builds the release profile only here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/chainlens-target}"
mkdir -p "$CARGO_TARGET_DIR" 2>/dev/null || export CARGO_TARGET_DIR="$PWD/target"
export CARGO_TERM_COLOR=never
out=${PACKAGE_DIR:-$CARGO_TARGET_DIR/packages}
CARGO_DEB_VERSION=3.8.0

if ! cargo deb --version >/dev/null 2>&1; then
  echo "package.sh: installing cargo-deb $CARGO_DEB_VERSION" >&2
  cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing: run dist/setup-debian.sh" >&2; exit 2; }
done

build_start=$(date +%s)
cargo build --release --locked --bin chainlens
build_secs=$(($(date +%s) - build_start))
bin=$CARGO_TARGET_DIR/release/chainlens

# Manual pages and completions come from the clap definitions of the binary just built.
gen=$CARGO_TARGET_DIR/release/dist
rm -rf "$gen"
mkdir -p "$gen/man" "$gen/completions"
"$bin" manpage "$gen/man" 2>/dev/null
gzip -9n "$gen"/man/*.1
"$bin" completions bash >"$gen/completions/chainlens.bash"
"$bin" completions zsh >"$gen/completions/_chainlens"
"$bin" completions fish >"$gen/completions/chainlens.fish"

mkdir -p "$out"
deb=$(cargo deb --no-build --locked --output "$out" | tail -n1)
[ -f "$deb" ] || { echo "package.sh: cargo deb made no package (said: $deb)" >&2; exit 1; }

# The tarball: the .deb's own files, so that both carry the same tree.
version=$(dpkg-deb -f "$deb" Version)
version=${version%-*}
tarball=$out/chainlens-$version-$(uname -m)-linux.tar.gz
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dpkg-deb -x "$deb" "$stage"
# Fixed owner, order and times: the same tree gives the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$(stat -c %Y "$deb")" \
  -C "$stage" -cf - usr | gzip -9n >"$tarball"

size() { stat -c %s "$1" | awk '{ printf "%.1f MiB (%d bytes)", $1 / 1048576, $1 }'; }
echo "release build: ${build_secs} s"
echo "binary:  $bin: $(size "$bin")"
echo "deb:     $deb: $(size "$deb")"
echo "tarball: $tarball: $(size "$tarball")"
