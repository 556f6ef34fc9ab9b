#!/usr/bin/env bash
# The CI job of the README (examples/ci/chaossim-gate.sh), run for real: it passes when every expectation holds,
# fails with 1 exactly when one fails, writes JUnit XML that the common schema accepts, and a rerun never reads an
# earlier run's results.
#   ci_gate_test.sh SOURCE_DIR CHAOSSIM
set -euo pipefail
source_dir=$1
export CHAOSSIM=$2
gate=$source_dir/examples/ci/chaossim-gate.sh
lesson=$source_dir/scenarios/lost-replies.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
short=(--set duration=30s --set warmup=0s --set 'expect=[]')

fail() { echo "FAIL: $*" >&2; exit 1; }

# Every expectation holds: idempotency keys make no duplicate in any variant... except those without keys, so
# expect only what holds everywhere.
status=0
"$gate" "$lesson" "$work/pass" "${short[@]}" --expect 'success_rate >= 0.5' >/dev/null 2>&1 || status=$?
[ "$status" = 0 ] || fail "passing run exited $status"
xmllint --noout --schema "$source_dir/tests/ci/junit.xsd" "$work/pass/junit.xml" || fail "JUnit XML invalid"
grep -q 'failures="0"' "$work/pass/junit.xml" || fail "passing run reported failures"
[ -f "$work/pass/results/summary.md" ] || fail "no summary.md to publish"
[ -f "$work/pass/results/results.json" ] || fail "no results.json"
grep -q '"outcome": "passed"' "$work/pass/results/results.json" || fail "results.json outcome is not passed"

# One expectation fails in the variant without keys: exit 1, and the JUnit failure says how to reproduce it.
status=0
"$gate" "$lesson" "$work/pass" "${short[@]}" --expect 'effects.charge.duplicates == 0' >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "failing run exited $status, expected 1"
xmllint --noout --schema "$source_dir/tests/ci/junit.xsd" "$work/pass/junit.xml" || fail "JUnit XML invalid"
grep -q 'reproduce: chaossim run' "$work/pass/junit.xml" || fail "no reproduce command in the failure"
grep -q '"outcome": "failed"' "$work/pass/results/results.json" || fail "stale results.json"

# A rerun with only the baseline leaves no variant folder of the earlier run behind.
"$CHAOSSIM" run "$lesson" --quiet --out "$work/pass/results" "${short[@]}" >/dev/null 2>&1 || true
[ ! -e "$work/pass/results/idempotency-keys" ] || fail "a variant of the earlier run survived the rerun"

# An invalid option fails before anything runs.
status=0
"$gate" "$lesson" "$work/bad" --expect 'success_rate >>> 1' >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "invalid --expect exited $status, expected 2"
echo "ci gate: ok"
