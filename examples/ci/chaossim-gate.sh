#!/usr/bin/env bash
# A CI job that gates a change on a chaossim scenario: check the file, run every variant, publish JUnit XML and the
# Markdown summary, and fail exactly when an expectation fails. Nothing it reads can come from an earlier run: the
# results folder is replaced as a whole (or left as it was when the run is interrupted).
#
#   examples/ci/chaossim-gate.sh SCENARIO [OUT] [chaossim run options...]
#
# Exit status: 0 every expectation holds, 1 one failed, 2 the scenario or an option is invalid, 130/143 interrupted.
# CHAOSSIM names the program (default: chaossim on PATH). On GitHub Actions the summary is appended to the job's
# summary page; GitLab and Jenkins read OUT/junit.xml (artifacts:reports:junit, the junit step).
set -uo pipefail

scenario=${1:?usage: chaossim-gate.sh SCENARIO [OUT] [run options...]}
out=${2:-chaossim-ci}
shift $(($# < 2 ? $# : 2))
chaossim=${CHAOSSIM:-chaossim}

"$chaossim" validate "$scenario" || exit $?
mkdir -p "$out"
"$chaossim" run "$scenario" --all-variants --quiet --out "$out/results" --junit "$out/junit.xml" --report "$@"
status=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/results/summary.md" ]; then
  cat "$out/results/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"
