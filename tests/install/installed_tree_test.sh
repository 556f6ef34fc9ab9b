#!/usr/bin/env bash
# An installed chaossim works away from its source tree: `cmake --install` into a temporary prefix, then the
# installed programs find the installed lessons (not the source tree's), draw a report with charts through the
# installed twin, and the man pages, desktop entry, icon, schema and format reference are where they belong.
#   installed_tree_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
unset CHAOSSIM_SCENARIOS
cd "$prefix"

fail() { echo "installed_tree_test: $*" >&2; exit 1; }
for f in bin/chaossim bin/chaossim-charts share/chaossim/schema/chaossim.schema.json \
         share/chaossim/scenarios/lost-replies.json share/doc/chaossim/scenario-format.md share/doc/chaossim/README.md; do
  [ -s "$f" ] || fail "missing $f"
done
if [ -e "$build/gui/chaossim-gui" ]; then
  for f in bin/chaossim-gui share/applications/chaossim-gui.desktop share/icons/hicolor/scalable/apps/chaossim.svg; do
    [ -s "$f" ] || fail "missing $f"
  done
fi
if command -v help2man >/dev/null; then
  [ -s share/man/man1/chaossim.1 ] || fail "missing the man page"
  grep -q 'chaossim run' share/man/man1/chaossim.1 || fail "the man page lacks the run command"
fi
[ ! -e share/chaossim/scenarios/schema ] || fail "the schema folder is installed among the lessons"

# The installed lessons are the ones listed: one removed from the installed copy disappears from the list.
rm share/chaossim/scenarios/double-click.json
bin/chaossim list > list.txt
grep -q '^lost-replies ' list.txt || fail "chaossim list does not show lost-replies"
! grep -q '^double-click ' list.txt || fail "chaossim list shows the source tree's lessons, not the installed ones"

# A run by lesson name, with a report whose charts the installed twin draws.
status=0
bin/chaossim run lost-replies --set duration=30s --set warmup=0s --report --quiet --out run > /dev/null || status=$?
[ "$status" -le 1 ] || fail "chaossim run exited with $status"
grep -q '<svg' run/report.html || fail "the report has no charts"

# Without its twin the report is still written and says why.
rm bin/chaossim-charts
status=0
bin/chaossim report run 2> err.txt > /dev/null || status=$?
[ "$status" -eq 0 ] || fail "chaossim report without its twin exited with $status"
grep -q 'is not installed beside chaossim' run/report.html || fail "the report does not say why it has no charts"
grep -q 'without charts' err.txt || fail "nothing on stderr about the missing charts"
echo "installed_tree_test: ok"
