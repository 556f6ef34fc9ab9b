#!/usr/bin/env bash
# Runs every lesson (all variants) and the benchmark scenarios with two chaossim binaries and compares every file
# they write, byte for byte. A change meant only to make the engine faster must leave them identical; this is how
# the speed work in bench/README.md was checked.
#
#   bench/compare_results.sh OLD_CHAOSSIM NEW_CHAOSSIM [SCENARIO.json ...]
#
# Without scenarios it runs scenarios/*.json and bench/scenarios/{checkout_1000,single_service}.json. Exit status
# 0 when every file is identical, 1 when some differ (they are listed), 2 on a usage error or a failed run.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
old=$1
new=$2
shift 2
for bin in "$old" "$new"; do
  [[ -x $bin ]] || { echo "compare_results: $bin is not an executable" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -gt 0 ]]; then
  scenarios=("$@")
else
  scenarios=("$root"/scenarios/*.json "$root/bench/scenarios/checkout_1000.json" "$root/bench/scenarios/single_service.json")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in old new; do
  bin=$old
  [[ $side == new ]] && bin=$new
  for f in "${scenarios[@]}"; do
    name=$(basename "$f" .json)
    # Exit status 1 (an expectation failed) is a result like any other; 2 and above mean no run.
    status=0
    "$bin" run "$f" --all-variants --quiet --jobs 1 --out "$work/$side/$name" >"$work/$side-$name.log" 2>&1 || status=$?
    if [[ $status -ge 2 ]]; then
      echo "compare_results: $bin failed on $f (exit status $status):" >&2
      cat "$work/$side-$name.log" >&2
      exit 2
    fi
  done
done

if diff -rq "$work/old" "$work/new"; then
  echo "identical: every file of ${#scenarios[@]} scenarios"
else
  exit 1
fi
