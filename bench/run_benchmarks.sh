#!/usr/bin/env bash
# Builds a Release tree and runs every benchmark, then prints what matters:
#   - the hold model, per size: events/s of chaossim::EventQueue and of std::priority_queue and their ratio
#     (target: EventQueue >= 1.5x at every size);
#   - the scenarios: simulated operations/s, events/s and wall time per run, for the engine alone, for the whole
#     JSON -> run -> summary path, and for the three-tier graph;
#   - when the `chaossim` command-line tool builds, the wall and CPU time of one whole `chaossim run` process on the
#     same scenario file (start-up, parse, run, write results).
# The comparison with SimPy (the 100x target) is a separate hyperfine run: bench/README.md says how.
# Rates are per CPU second and ratios come from medians of interleaved repetitions, so a busy machine blurs them
# less; still, quote numbers from an otherwise idle machine.
# Raw Google Benchmark JSON is kept in $OUT_DIR for comparisons (tools such as google/benchmark's compare.py read it).
#
# Usage: bench/run_benchmarks.sh [--quick]
#   --quick            one repetition each, shorter minimum times (a sanity check, not numbers to quote)
# Environment: BUILD_DIR (default build/bench), OUT_DIR (default $BUILD_DIR/bench-results),
#              REPETITIONS (default 5; medians are reported), BENCH_ARGS (extra flags for every benchmark program).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
out=${OUT_DIR:-$build/bench-results}
repetitions=${REPETITIONS:-5}
hold_min_time=0.5
scenario_min_time=2
if [[ ${1:-} == --quick ]]; then
  repetitions=1
  hold_min_time=0.1
  scenario_min_time=0.1
fi
# Extra flags, split on spaces on purpose.
read -r -a extra <<<"${BENCH_ARGS:-}"

echo "== configure and build (Release) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCHAOSSIM_GUI=OFF -DCHAOSSIM_TESTS=OFF -DCHAOSSIM_BENCH=ON \
  -G Ninja >/dev/null
cmake --build "$build" --target event_queue_bench scenario_bench
# The command-line tool is optional here: the whole-process timing is skipped when it does not build.
have_cli=0
if cmake --build "$build" --target chaossim >/dev/null 2>&1 && [[ -x $build/reports/chaossim ]]; then have_cli=1; fi

mkdir -p "$out"
common=(--benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true
        --benchmark_counters_tabular=false)
if ((repetitions > 1)); then common+=(--benchmark_report_aggregates_only=true); fi

echo
echo "== event queue: hold model"
"$build/bench/event_queue_bench" "${common[@]}" --benchmark_min_time="$hold_min_time" \
  --benchmark_out="$out/event_queue.json" --benchmark_out_format=json "${extra[@]}"

echo
echo "== scenarios"
"$build/bench/scenario_bench" "${common[@]}" --benchmark_min_time="$scenario_min_time" \
  --benchmark_out="$out/scenario.json" --benchmark_out_format=json "${extra[@]}"

cli=""
if ((have_cli)); then cli=$build/reports/chaossim; fi

echo
echo "== summary (medians of $repetitions repetitions)"
python3 - "$out/event_queue.json" "$out/scenario.json" "$cli" "$root/bench/scenarios/single_service.json" <<'PY'
import json
import resource
import subprocess
import sys
import tempfile
import time

def runs(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        out[b.get("run_name", b["name"])] = b
    return out

def si(v):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if v >= scale:
            return f"{v / scale:.2f}{unit}"
    return f"{v:.0f}"

def ms(b, key):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
    return b[key] * scale

hold = runs(sys.argv[1])
worst = None
for n, label in ((1000, "1k"), (10000, "10k"), (100000, "100k"), (1000000, "1M")):
    ours, std = hold.get(f"BM_Hold_EventQueue/{n}"), hold.get(f"BM_Hold_StdPriorityQueue/{n}")
    if not ours or not std:
        continue
    ratio = ours["items_per_second"] / std["items_per_second"]
    worst = ratio if worst is None else min(worst, ratio)
    verdict = "ok" if ratio >= 1.5 else "BELOW the 1.5x target"
    print(f"hold {label:>4}: {ratio:.2f}x std::priority_queue  "
          f"(EventQueue {si(ours['items_per_second'])} events/s, "
          f"std::priority_queue {si(std['items_per_second'])} events/s; {verdict})")
if worst is not None:
    print(f"hold, worst size: {worst:.2f}x")

scen = runs(sys.argv[2])
labels = {
    "BM_Scenario_Engine": "single service, engine only",
    "BM_Scenario_Cancellable": "single service, engine polling a cancel flag",
    "BM_Scenario_WholeProcess": "single service, JSON -> run -> summary",
    "BM_ThreeTier": "three tier, 10,000 clients",
    "BM_Checkout": "checkout at 1,000 ops/s (the SimPy peer's model)",
}
for name, label in labels.items():
    b = scen.get(name)
    if not b:
        continue
    print(f"{label}: {si(b['items_per_second'])} simulated ops/s, {si(b['events_per_second'])} events/s, "
          f"{ms(b, 'real_time'):.1f} ms wall / {ms(b, 'cpu_time'):.1f} ms CPU per run "
          f"({b['ops_per_run']:.0f} ops, {b['events_per_run']:.0f} events, {b['sim_seconds_per_second']:.0f}x real time)")
    if "same_as_direct" in b and b["same_as_direct"] != 1:
        print("  WARNING: the JSON scenario does not simulate the same run as the C++-built one")
load = scen.get("BM_Scenario_Load")
if load:
    print(f"scenario load alone (JSON text -> Scenario): {load['cpu_time']:.1f} {load['time_unit']} CPU")

# One whole `chaossim run` process: start-up, parse, run, summary, files written. Wall and CPU time of the child.
cli, scenario_file = sys.argv[3], sys.argv[4]
if cli:
    walls, cpus = [], []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as out_dir:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            status = subprocess.run([cli, "run", scenario_file, "--quiet", "--jobs", "1", "--out", out_dir],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if status > 1:  # 0: expectations hold, 1: one failed; anything else is not a timing
            print(f"whole process: `chaossim run` exited with {status}; not timed")
            break
        walls.append(wall * 1e3)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3)
    else:
        walls.sort()
        cpus.sort()
        print(f"whole process, `chaossim run` (start-up, parse, run, write results): {walls[2]:.0f} ms wall, "
              f"{cpus[2]:.0f} ms CPU (medians of 5; best {walls[0]:.0f} ms wall)")
PY
echo "raw results: $out/event_queue.json $out/scenario.json"
