#!/usr/bin/env bash
# The tour: build once, then run every lesson end to end on loopback, each server in the
# background on a free port (port 0), its client talking to it, the server stopped.
# Prints the narrated conversations; exits 0 only if every lesson behaved.
#
#   scripts/tour.sh            every lesson
#   scripts/tour.sh tcp-basic  just the lessons named
set -uo pipefail
source "$(dirname "$0")/lib.sh"

section() { printf '\n=== %s ===\n' "$1"; }
show() { printf '\n--- %s\n' "$1"; }

# Run a client, show what it printed, keep it for checks.
client() {
  local log=$1
  shift
  "$@" >"$WORK/$log.log" 2>&1
  local code=$?
  cat "$WORK/$log.log"
  return $code
}

tour_tcp_basic() {
  section "Lesson 1: tcp-basic (a TCP server and client)"
  start_server tcp-server "$BIN/tcp-basic" server 127.0.0.1:0 || return 1
  local server=$PID
  show "terminal 2: tcp-basic client $ADDR hello 你好 byebye"
  client tcp-client "$BIN/tcp-basic" client "$ADDR" hello 你好 byebye || return 1
  show "terminal 2: tcp-basic client $ADDR --burst 5 hello   (sticky packets)"
  client tcp-burst "$BIN/tcp-basic" client "$ADDR" --burst 5 hello || return 1
  stop_server "$server"
  show "terminal 1: tcp-basic server 127.0.0.1:0"
  cat "$WORK/tcp-server.log"
  expect "$WORK/tcp-client.log" "received 17 bytes from $ADDR: received 5 bytes\n" &&
    expect "$WORK/tcp-server.log" "said byebye" &&
    expect "$WORK/tcp-burst.log" "5 messages sent" || return 1

  start_server tcp-framed "$BIN/tcp-basic" server 127.0.0.1:0 --framed || return 1
  server=$PID
  show "terminal 2: tcp-basic client $ADDR --framed --burst 5 hello   (framed: no sticking)"
  client tcp-framed-client "$BIN/tcp-basic" client "$ADDR" --framed --burst 5 hello || return 1
  stop_server "$server"
  show "terminal 1: tcp-basic server 127.0.0.1:0 --framed"
  cat "$WORK/tcp-framed.log"
  expect "$WORK/tcp-framed-client.log" "5 messages sent, 5 replies received"
}

LESSONS=(tcp-basic)
[ $# -gt 0 ] && LESSONS=("$@")

echo "building the workspace..."
(cd "$ROOT" && cargo build --workspace --quiet) || exit 1

failed=()
for lesson in "${LESSONS[@]}"; do
  if ! declare -F "tour_${lesson//-/_}" >/dev/null; then
    echo "unknown lesson: $lesson (lessons: ${LESSONS[*]})" >&2
    exit 2
  fi
  "tour_${lesson//-/_}" || failed+=("$lesson")
done

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "tour: all ${#LESSONS[@]} lessons behaved"
else
  echo "tour: FAILED: ${failed[*]}"
  exit 1
fi
