# Shared by the scripts: where things are, tools installed when missing, and servers
# started in the background on port 0 and stopped by their process id.
# Source it: `source "$(dirname "$0")/lib.sh"`.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -d "$HOME/.cargo/bin" ] && PATH="$HOME/.cargo/bin:$PATH"
# Where cargo puts what it builds: ./target, unless CARGO_TARGET_DIR (or a cargo config)
# says otherwise, so ask cargo rather than guess.
TARGET=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null) ||
  TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/debug"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sockets.XXXXXX")
SERVER_PIDS=()

# Every server we started is stopped when the script ends, however it ends.
cleanup() {
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# need COMMAND DEBIAN-PACKAGE: install the package when the command is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $2 (for $1)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $1 is missing and this is not a Debian system: install $2 yourself" >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

# need_package DEBIAN-PACKAGE: install a package that brings no command (a font, say).
need_package() {
  dpkg -s "$1" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || {
    echo "warning: $1 is missing and this is not a Debian system" >&2
    return 0
  }
  echo "installing $1"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -z "${APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null
}

# need_mdbook: the book's builder, from crates.io when missing.
need_mdbook() {
  command -v mdbook >/dev/null 2>&1 && return 0
  echo "installing mdbook with cargo (a few minutes, once)"
  cargo install mdbook --locked --version 0.5.4 --no-default-features --features search --quiet
}

# free_port / free_udp_port: a port that is free now, for outside servers that cannot
# report the one they were given (nc -l, socat, nginx).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
free_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME COMMAND...: run COMMAND in the background, its output in
# $WORK/NAME.log; wait up to 10 s for its `listening on ADDR` line. Sets ADDR, PORT, PID.
start_server() {
  local name=$1
  shift
  # Emptied here, not by the `>` of the background job: that runs in the new process,
  # maybe after wait_listening has read the last server's `listening on` line.
  : >"$WORK/$name.log"
  "$@" >>"$WORK/$name.log" 2>&1 &
  wait_listening "$name" $!
}

# wait_listening NAME PID: the process PID, already started with its output in
# $WORK/NAME.log, is stopped when the script ends; wait for its `listening on` line.
wait_listening() {
  local name=$1
  PID=$2
  SERVER_PIDS+=("$PID")
  for _ in $(seq 100); do
    ADDR=$(grep -m1 -o 'listening on [^ ]*' "$WORK/$name.log" | cut -d' ' -f3 || true)
    if [ -n "$ADDR" ]; then
      PORT=${ADDR##*:}
      return 0
    fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: $name did not start listening:" >&2
  cat "$WORK/$name.log" >&2
  return 1
}

# stop_server PID: SIGTERM, then wait for it to exit.
stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# expect FILE TEXT: fail, showing the file, unless it contains TEXT.
expect() {
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: expected to see: $2" >&2
    echo "--- in $(basename "$1"):" >&2
    cat "$1" >&2
    return 1
  fi
}

# copy_exercises DEST: a copy of exercises/ as a student's copy elsewhere would be,
# without build output or progress.
copy_exercises() {
  mkdir -p "$1"
  local item
  for item in "$ROOT"/exercises/*; do
    case "$(basename "$item")" in
      target | progress.txt) ;;
      *) cp -r "$item" "$1/" ;;
    esac
  done
}

# put_solution EXERCISES DIR CRATE: exercise DIR's reference solution, from the exercises
# folder EXERCISES, in place in the crate folder CRATE: solutions/DIR/ holds the files of
# its src/ (main.rs, or one file per program).
put_solution() {
  cp "$1/solutions/$2/"*.rs "$3/src/"
}

# exercise_list: each exercise's name and folder, a pair per line, from exercises/info.toml.
exercise_list() {
  awk -F'"' '/^name = / { name = $2 } /^dir = / { print name, $2 }' "$ROOT/exercises/info.toml"
}
