#!/bin/sh
# Rebuilds assets/ct/logs.json, the names chainlens shows for the Certificate Transparency
# logs of embedded SCTs, from Google's published CT log list (schema v3):
#
#   https://www.gstatic.com/ct/log_list/v3/all_logs_list.json   (every log, retired ones too)
#   https://www.gstatic.com/ct/log_list/v3/log_list.json        (the logs Chrome uses now)
#
# all_logs_list.json is the default: certificates stay in use for years after their logs
# retire. Only the fields chainlens reads are kept (the list's version, each operator's name,
# each log's description and base64 log ID), logs sorted by ID within their operator, and
# only the logs whose temporal interval ends in FIRST_YEAR or later (or that have none).
#
# Not run in CI: review the diff and commit it.
#
# Usage: dist/refresh-ct-logs.sh [downloaded-log-list.json]   (needs curl and jq)
set -eu

cd "$(dirname "$0")/.."
url="https://www.gstatic.com/ct/log_list/v3/all_logs_list.json"
first_year="${FIRST_YEAR:-2019}"
out="assets/ct/logs.json"

if [ $# -ge 1 ]; then
    list="$1"
else
    list="$(mktemp)"
    trap 'rm -f "$list"' EXIT
    curl --fail --silent --show-error --location --output "$list" "$url"
fi

jq --arg first "$first_year" '
  {
    version: .version,
    operators: [
      .operators[]
      | {
          name: .name,
          logs: [
            ((.logs // []) + (.tiled_logs // []))[]
            | select((.temporal_interval.end_exclusive // "9999") >= ($first + "-01-01"))
            | { description: .description, log_id: .log_id }
          ] | sort_by(.log_id)
        }
      | select(.logs | length > 0)
    ] | sort_by(.name)
  }' "$list" > "$out.new"
mv "$out.new" "$out"
echo "$out: $(jq '[.operators[].logs[]] | length' "$out") logs of $(jq '.operators | length' "$out") operators"
