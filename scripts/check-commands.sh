#!/usr/bin/env bash
# Every `cargo run -p LESSON -- ...` command the books show, the English one and the
# Chinese one, run as a student would paste it (on the built binary, for speed): it must
# be understood. A usage error (exit 2) or an unknown option fails the check; a client that
# finds no server (exit 1) or a server still serving when its two seconds are up is fine:
# the command itself was right.
#
# Commands that would send beyond this machine (a LAN address, the limited broadcast
# 255.255.255.255, a multicast interface of your own) and those with placeholders
# (NAME, ADDR, DIR ...) are listed but not run.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# The commands as the built pages show them (a code block's lines and code spans), so
# that what the Chinese book's translated prose shows is checked too.
scripts/translation.sh build >/dev/null || exit 1
commands="$WORK/commands"
python3 scripts/rendered.py "$TARGET/book" commands >"$commands.en" || exit 1
python3 scripts/rendered.py "$TARGET/book/zh-CN" commands >"$commands.zh" || exit 1
# A translation keeps every command as it is: the two books show the same ones.
if ! diff -u "$commands.en" "$commands.zh" >"$commands.diff"; then
  echo "error: the Chinese book does not show the English book's commands (- English, + Chinese):" >&2
  cat "$commands.diff" >&2
  exit 1
fi
cp "$commands.en" "$commands"
[ "$(wc -l <"$commands")" -ge 100 ] || {
  echo "error: only $(wc -l <"$commands") commands found in the built book: is it built?" >&2
  exit 1
}

# One command: run it for at most two seconds; its output is kept if it was not understood.
check_one() {
  local command=$1 out=$2
  local -a words rest args
  read -r -a words <<<"$command"
  local program="$BIN/${words[3]}"
  rest=("${words[@]:4}")
  if [ "${rest[0]:-}" = "--example" ]; then
    program="$BIN/examples/${rest[1]}"
    rest=("${rest[@]:2}")
  fi
  [ "${rest[0]:-}" = "--" ] && rest=("${rest[@]:1}")
  # The words as the shell would split them (quotes and all): these are our own commands.
  eval "args=(${rest[*]:-})"
  (cd "$WORK" && timeout 2 "$program" "${args[@]}" </dev/null >"$out" 2>&1)
  local code=$?
  if [ "$code" = 2 ] || grep -qE "unexpected argument|unrecognized|invalid value|Usage:" "$out"; then
    { echo "book command not understood (exit $code): $command"; sed 's/^/    /' "$out" | head -5; } >"$out.failed"
  fi
}

ran=0 skipped=0
while IFS= read -r command; do
  case "$command" in
    *'<broadcast>'* | *255.255.255.255* | *192.168.* | *10.0.0.* | *--interface* | \
      *[A-Z][A-Z][A-Z]* | *'...'* | *'|'* | *'$('*)
      skipped=$((skipped + 1))
      continue
      ;;
  esac
  ran=$((ran + 1))
  # Eight at a time: most wait their two seconds (servers, clients waiting for replies).
  while [ "$(jobs -rp | wc -l)" -ge 8 ]; do wait -n; done
  check_one "$command" "$WORK/out.$ran" &
done <"$commands"
wait

failed=0
for report in "$WORK"/out.*.failed; do
  [ -f "$report" ] || continue
  cat "$report"
  failed=$((failed + 1))
done
echo "book commands: $ran run, $skipped left out (placeholders or beyond this machine), $failed not understood"
[ "$failed" = 0 ]
