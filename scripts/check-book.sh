#!/usr/bin/env bash
# The book never drifts from the code: every lesson crate has a chapter in SUMMARY.md,
# every file a chapter includes exists, every anchor it names is in that file, and every
# test the "From the tutorials" table names exists.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT/docs/src" || exit 1
problems=0
fail() {
  echo "book: $*" >&2
  problems=$((problems + 1))
}

for crate in "$ROOT"/crates/*/; do
  name=$(basename "$crate")
  # common is shared by the lessons (its chapter is common.md); testkit is the tests' own.
  [ "$name" = common ] || [ "$name" = testkit ] && continue
  grep -q "($name.md)" SUMMARY.md || fail "lesson $name has no chapter $name.md in SUMMARY.md"
  [ -f "$name.md" ] || fail "lesson $name: docs/src/$name.md is missing"
done

# {{#include path}} and {{#include path:anchor}}, in every chapter.
while IFS=: read -r chapter include; do
  spec=${include#*\{\{#include }}
  spec=${spec%%\}\}*}
  path=${spec%%:*}
  anchor=""
  [ "$spec" != "$path" ] && anchor=${spec#*:}
  file="$(dirname "$chapter")/$path"
  if [ ! -f "$file" ]; then
    fail "$chapter includes $path, which does not exist"
  elif [ -n "$anchor" ] && ! [[ "$anchor" =~ ^[0-9]+ ]]; then
    grep -q "ANCHOR: $anchor\$" "$file" || fail "$chapter names anchor '$anchor', missing in $path"
    grep -q "ANCHOR_END: $anchor\$" "$file" || fail "$chapter names anchor '$anchor', no ANCHOR_END in $path"
  fi
done < <(grep -o '{{#include [^}]*}}' -r --include='*.md' . | sed 's|^\./||')

# "From the tutorials" names, for each tutorial program, the test that runs its command:
# `lesson::test_name`. Each must be a test of that lesson, so the table cannot promise
# what no test runs.
checked=0
while read -r named; do
  lesson=${named%%::*}
  test=${named#*::}
  if [ ! -d "$ROOT/crates/$lesson/tests" ]; then
    fail "from-the-tutorials.md names $named, but $lesson has no tests/"
  elif ! grep -rqsE "fn $test\b|\b$test\b *[,)]" "$ROOT/crates/$lesson/tests"; then
    fail "from-the-tutorials.md names $named, which is no test of $lesson"
  else
    checked=$((checked + 1))
  fi
done < <(grep -oE '`[a-z-]+::[a-z0-9_]+`' from-the-tutorials.md | tr -d '`' | sort -u)
[ "$checked" -ge 25 ] || fail "from-the-tutorials.md names only $checked tests; every tutorial program needs one"

if [ $problems -gt 0 ]; then
  echo "book: $problems problems" >&2
  exit 1
fi
echo "ok: every lesson has a chapter, every include and anchor exists, and the $checked tests the tutorials table names exist"
