#!/bin/sh
# Refreshes the Certificate Transparency log lists chainlens checks SCTs against, from the
# browsers' own published lists, unchanged:
#
#   assets/ct/chrome-all_logs_list.json   https://www.gstatic.com/ct/log_list/v3/all_logs_list.json
#   assets/ct/apple-current_log_list.json https://valid.apple.com/ct/log_list/current_log_list.json
#
# Chrome's all_logs_list.json is its log_list.json (the logs Chrome enforces, with their
# states) plus the logs outside Chrome's program, in the same v3 schema; chainlens counts
# only the logs that have a state. LIST=log_list takes Chrome's log_list.json instead.
#
# Each download must be a v3 log list whose every log_id is the SHA-256 of its key (checked
# with jq and openssl) before it replaces the bundled file. Not run in CI (no network there):
# run it by hand, review the diff, update the table in assets/ct/README.md with the lists'
# versions and today's date, and commit.
#
# Usage: dist/refresh-ct-logs.sh [CHROME.json APPLE.json]   (files already downloaded)
# Needs curl (without arguments), jq and openssl.
set -eu

cd "$(dirname "$0")/.."
chrome_url="https://www.gstatic.com/ct/log_list/v3/${LIST:-all_logs_list}.json"
apple_url="https://valid.apple.com/ct/log_list/current_log_list.json"
chrome_out="assets/ct/chrome-all_logs_list.json"
apple_out="assets/ct/apple-current_log_list.json"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ $# -ge 2 ]; then
    cp "$1" "$work/chrome.json"
    cp "$2" "$work/apple.json"
elif [ $# -eq 0 ]; then
    curl --fail --silent --show-error --location --max-time 60 --output "$work/chrome.json" "$chrome_url"
    curl --fail --silent --show-error --location --max-time 60 --output "$work/apple.json" "$apple_url"
else
    echo "usage: $0 [CHROME.json APPLE.json]" >&2
    exit 2
fi

# A v3 log list: operators, each with logs (and tiled_logs), each log with a key and an ID
# that is the key's SHA-256 (RFC 6962 §3.2), as chainlens itself requires.
check() {
    name="$1"
    file="$2"
    jq -e '.operators | type == "array" and length > 0' "$file" >/dev/null ||
        { echo "$name: not a v3 log list (no operators)" >&2; exit 1; }
    jq -r '.operators[] | ((.logs // []) + (.tiled_logs // []))[] | "\(.log_id) \(.key)"' "$file" |
        while read -r id key; do
            hash="$(printf '%s' "$key" | openssl base64 -d -A | openssl dgst -sha256 -binary | openssl base64 -A)"
            if [ "$hash" != "$id" ]; then
                echo "$name: log_id $id is not the SHA-256 of its key" >&2
                exit 1
            fi
        done
    logs="$(jq '[.operators[] | ((.logs // []) + (.tiled_logs // []))[]] | length' "$file")"
    tiled="$(jq '[.operators[] | (.tiled_logs // [])[]] | length' "$file")"
    version="$(jq -r '[.version, .assetVersion, .log_list_timestamp] | map(select(. != null)) | map(tostring) | join(" ")' "$file")"
    echo "$name: $logs logs ($tiled static-ct-api), version $version"
}
check "Chrome" "$work/chrome.json"
check "Apple" "$work/apple.json"
jq -e '."$schema" // "" | test("apple.com")' "$work/apple.json" >/dev/null ||
    { echo "Apple: the list does not name Apple's schema" >&2; exit 1; }

mv "$work/chrome.json" "$chrome_out"
mv "$work/apple.json" "$apple_out"
echo "updated $chrome_out and $apple_out; now update assets/ct/README.md and review the diff"
