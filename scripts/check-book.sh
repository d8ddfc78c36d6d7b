#!/usr/bin/env bash
# The book never drifts from the code: every lesson crate has a chapter in SUMMARY.md,
# every file a chapter includes exists, and every anchor it names is in that file.
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
  [ "$name" = common ] && continue
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

if [ $problems -gt 0 ]; then
  echo "book: $problems problems" >&2
  exit 1
fi
echo "ok: every lesson has a chapter, every include and anchor exists"
