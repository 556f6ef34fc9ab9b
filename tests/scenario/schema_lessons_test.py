#!/usr/bin/env python3
"""The generated JSON Schema, checked by an independent validator (Debian's python3-jsonschema, draft 2020-12):
every bundled lesson is valid, and every file in tests/scenario/rejected/ - which the loader rejects (checked here
too, with `chaossim validate`) - is invalid under the schema as well, so editors flag what a run would refuse.
Every file in tests/scenario/accepted/ (beside rejected/) is the other way round: corner cases the loader accepts,
such as 8.0 for an integer, which the schema must accept too.

    schema_lessons_test.py CHAOSSIM SCHEMA LESSONS_DIR REJECTED_DIR
"""
import json
import pathlib
import subprocess
import sys

import jsonschema


def main() -> int:
    chaossim, schema_path, lessons, rejected = sys.argv[1:5]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    lesson_files = sorted(pathlib.Path(lessons).glob("*.json"))
    if not lesson_files:
        failures.append(f"no lessons in {lessons}")
    for path in lesson_files:
        for error in validator.iter_errors(json.loads(path.read_text())):
            failures.append(f"{path.name}: the schema rejects a lesson at {list(error.absolute_path)}: {error.message}")

    rejected_files = sorted(pathlib.Path(rejected).glob("*.json"))
    if not rejected_files:
        failures.append(f"no files in {rejected}")
    for path in rejected_files:
        run = subprocess.run([chaossim, "validate", str(path)], capture_output=True, text=True)
        if run.returncode != 2:
            failures.append(f"{path.name}: chaossim validate exited {run.returncode}, expected 2 (rejected)")
        if validator.is_valid(json.loads(path.read_text())):
            failures.append(f"{path.name}: the loader rejects it but the schema accepts it")

    accepted_files = sorted((pathlib.Path(rejected).parent / "accepted").glob("*.json"))
    if not accepted_files:
        failures.append(f"no files in accepted/ beside {rejected}")
    for path in accepted_files:
        run = subprocess.run([chaossim, "validate", str(path)], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{path.name}: chaossim validate exited {run.returncode}, expected 0: {run.stderr}")
        for error in validator.iter_errors(json.loads(path.read_text())):
            failures.append(f"{path.name}: the loader accepts it but the schema rejects it: {error.message}")

    for failure in failures:
        print(failure)
    checked = len(lesson_files) + len(rejected_files) + len(accepted_files)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
