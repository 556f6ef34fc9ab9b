#!/usr/bin/env bash
# The 100x-SimPy comparison (bench/README.md): runs the whole `chaossim run` of bench/scenarios/checkout_1000.json and
# the SimPy 3 peer of the same model in alternation, ROUNDS times, and prints their user CPU times and the ratio of
# each round (chaossim's time is the mean of five runs in a row), then the median ratio. Alternating, rather than all
# of one and then all of the other, keeps a change in the machine's load from falling on one side only; the machine
# is shared, so only ratios are quoted.
#
#   bench/against_simpy.sh [CHAOSSIM [ROUNDS]]     (defaults: build/release/reports/chaossim, 5)
#
# Needs /usr/bin/python3 with python3-simpy3 and the peer model at ../shared/peers/simpy_checkout.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
chaossim=${1:-$root/build/release/reports/chaossim}
rounds=${2:-5}
peer=$root/../shared/peers/simpy_checkout.py
[[ -x $chaossim ]] || { echo "against_simpy: $chaossim is not an executable" >&2; exit 2; }
[[ -f $peer ]] || { echo "against_simpy: the SimPy peer $peer is missing" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "against_simpy: ROUNDS must be 1 to 99" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# User CPU seconds of one command (its output is discarded; a failure stops the comparison).
user_seconds() {
  /usr/bin/time -f '%U' -o "$work/time" "$@" >"$work/out" 2>&1 ||
    { echo "against_simpy: failed: $*" >&2; cat "$work/out" >&2; exit 2; }
  cat "$work/time"
}

ratios=()
printf '%-6s %14s %14s %8s\n' round 'chaossim (s)' 'SimPy 3 (s)' ratio
for ((r = 1; r <= rounds; ++r)); do
  # chaossim five times in a row, so that the time's hundredths of a second are a fine enough unit.
  # shellcheck disable=SC2016 # the inner script's own arguments
  five=$(user_seconds bash -c 'for i in 1 2 3 4 5; do "$0" run "$1" --quiet --jobs 1 --out "$2" || exit; done' \
    "$chaossim" "$root/bench/scenarios/checkout_1000.json" "$work/run")
  ours=$(awk -v t="$five" 'BEGIN { printf "%.3f", t / 5 }')
  theirs=$(user_seconds /usr/bin/python3 "$peer" rate=1000 workers=80)
  ratio=$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')
  ratios+=("$ratio")
  printf '%-6s %14s %14s %7sx\n' "$r" "$ours" "$theirs" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g |
  awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "median ratio over $rounds rounds: ${median}x (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
