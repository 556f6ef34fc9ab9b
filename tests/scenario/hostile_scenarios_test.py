#!/usr/bin/env python3
"""Every scenario in tests/scenario/hostile/ - valid in shape, ruinous to run (issue 19) - is refused by
`chaossim validate` with exit status 2 and a message naming its cost, before anything runs. The messages and the
paths they point at are checked in cost_model_test.cpp; this checks the program's exit status and that it refuses
at once.

    hostile_scenarios_test.py CHAOSSIM HOSTILE_DIR
"""
import pathlib
import subprocess
import sys
import time


def main() -> int:
    chaossim, folder = sys.argv[1:3]
    files = sorted(pathlib.Path(folder).glob("*.json"))
    failures = [] if files else [f"no files in {folder}"]
    for path in files:
        started = time.monotonic()
        run = subprocess.run([chaossim, "validate", str(path)], capture_output=True, text=True, timeout=60)
        seconds = time.monotonic() - started
        if run.returncode != 2:
            failures.append(f"{path.name}: exit {run.returncode}, expected 2; stdout: {run.stdout.strip()}")
        if "allowed per run" not in run.stderr:
            failures.append(f"{path.name}: no cost refusal in: {run.stderr.strip()}")
        if seconds > 10:  # generous: a refusal costs milliseconds; a run would take minutes and gigabytes
            failures.append(f"{path.name}: took {seconds:.1f} s to refuse")
    for failure in failures:
        print(failure)
    print(f"{len(files)} hostile scenarios, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
