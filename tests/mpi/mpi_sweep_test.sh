#!/usr/bin/env bash
# `chaossim sweep --mpi` (and `chaossim map --mpi`) over three ranks, for real: every file it writes is byte for byte
# the file the same command writes on this machine's threads; and a rank that fails a run names the point and the seed, the sweep exits non-zero,
# and the points that finished go to OUT.incomplete, never to OUT.
#   mpi_sweep_test.sh CHAOSSIM MPIEXEC
set -euo pipefail
chaossim=$1
mpiexec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# CI runs as root, which Open MPI refuses unless told; three ranks on a machine of two cores need --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun=("$mpiexec" --oversubscribe -n 3)

# Points of very different lengths (the load triples from one rate to the next) with a fault to recover from and
# traces in the first replication, so that summaries, time series, latency histograms and traces all travel.
cat >"$work/storm.json" <<'EOF'
{"schema_version": 1, "name": "storm", "seed": 7, "duration": "20s", "warmup": "2s", "bucket": "1s",
 "services": {"api": {"workers": 4, "handler": [{"work": {"dist": "exponential", "mean": "10ms"}}]}},
 "clients": {"count": 2000, "target": "api", "arrival": {"process": "poisson", "rate": 50}},
 "edges": {"clients->api": {"timeout": "200ms", "retry": {"max_attempts": 3}}},
 "faults": [{"id": "slow", "type": "slowdown", "target": "api", "factor": 4, "start": "6s", "duration": "3s"}],
 "trace": {"enabled": true, "max": 3},
 "expect": [{"metric": "success_rate", "phase": "before", "op": ">=", "value": 0.9}]}
EOF
sweep=(sweep "$work/storm.json" --quiet --replications 2
       --param 'clients.arrival.rate=20,60,180' --param 'faults.slow.factor=2,6')

local_status=0
"$chaossim" "${sweep[@]}" --jobs 2 --out "$work/local" >"$work/local.log" 2>&1 || local_status=$?
[ -f "$work/local/sweep.csv" ] || { cat "$work/local.log" >&2; fail "the local sweep wrote no sweep.csv"; }

status=0
"${mpirun[@]}" "$chaossim" "${sweep[@]}" --mpi --out "$work/mpi" >"$work/mpi.log" 2>&1 || status=$?
[ -f "$work/mpi/sweep.csv" ] || { cat "$work/mpi.log" >&2; fail "the MPI sweep wrote no sweep.csv (exit $status)"; }
# Same exit status as the local sweep (whether every point's expectations held).
[ "$status" = "$local_status" ] || fail "the MPI sweep exited $status, the local one $local_status"

# Every file, byte for byte, and the same set of files.
(cd "$work/local" && find . -type f | sort) >"$work/local.files"
(cd "$work/mpi" && find . -type f | sort) >"$work/mpi.files"
diff "$work/local.files" "$work/mpi.files" || fail "the MPI sweep wrote other files than the local one"
[ "$(grep -c '/point-00[1-6]/summary.json$' "$work/local.files")" = 6 ] || fail "expected six points"
grep -q '/trace.perfetto.json$' "$work/local.files" || fail "no traces were written: the test would not see them travel"
while read -r f; do
  cmp "$work/local/$f" "$work/mpi/$f" || fail "$f differs between the local and the MPI sweep"
done <"$work/local.files"
echo "MPI sweep: $(wc -l <"$work/local.files") files identical to the local sweep's"

# A metastability map over MPI: its rounds of bisection go to the ranks like a sweep's batches, and the files are
# the same bytes as the map drawn on this machine's threads.
map=(map "$work/storm.json" --quiet --x 'clients.arrival.rate=20:340:17' --y 'faults.slow.factor=1.5:6:4')
"$chaossim" "${map[@]}" --jobs 2 --out "$work/map-local" >"$work/map-local.log" 2>&1 ||
  { cat "$work/map-local.log" >&2; fail "the local map failed"; }
"${mpirun[@]}" "$chaossim" "${map[@]}" --mpi --out "$work/map-mpi" >"$work/map-mpi.log" 2>&1 ||
  { cat "$work/map-mpi.log" >&2; fail "the MPI map failed"; }
diff -r "$work/map-local" "$work/map-mpi" >/dev/null || fail "the MPI map wrote other bytes than the local one"
[ -f "$work/map-mpi/map.json" ] || fail "the MPI map wrote no map.json"
echo "MPI map: identical to the local map ($(grep -o 'cells run ([^)]*)' "$work/map-local.log"))"

# A rank fails every run of point-003: the sweep names the point and both seeds, says what is missing, exits
# non-zero, leaves OUT as it was and keeps the finished points in OUT.incomplete with the missing one listed.
status=0
CHAOSSIM_MPI_FAIL_RUNS=point-003 "${mpirun[@]}" -x CHAOSSIM_MPI_FAIL_RUNS "$chaossim" "${sweep[@]}" --mpi \
  --out "$work/mpi" >"$work/fail.log" 2>&1 || status=$?
[ "$status" != 0 ] || fail "a sweep with a failed run exited 0"
grep -q 'failed point-003 (seed 7): CHAOSSIM_MPI_FAIL_RUNS asked this rank' "$work/fail.log" ||
  { cat "$work/fail.log" >&2; fail "the failure does not name point-003 and seed 7"; }
[ "$(grep -c 'failed point-003 (seed ' "$work/fail.log")" = 2 ] || fail "expected both replications of point-003 to be named"
grep -q 'missing 1 of 6 points: point-003$' "$work/fail.log" || { cat "$work/fail.log" >&2; fail "the missing point is not named"; }
cmp "$work/local/sweep.csv" "$work/mpi/sweep.csv" || fail "the earlier complete results were replaced"
[ -f "$work/mpi.incomplete/point-002/summary.json" ] || fail "the finished points were not kept in OUT.incomplete"
[ ! -e "$work/mpi.incomplete/point-003" ] || fail "the failed point has a folder"
grep -q '"point-003"' "$work/mpi.incomplete/manifest.json" || fail "the manifest does not list point-003 as missing"
echo "MPI sweep with a failing rank: exit $status, point-003 named, OUT kept"
