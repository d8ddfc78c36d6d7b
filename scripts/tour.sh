#!/usr/bin/env bash
# The tour: build once, then run every lesson end to end on loopback, each server in the
# background on a free port (port 0), its client talking to it, the server stopped.
# Prints the narrated conversations; exits 0 only if every lesson behaved.
#
#   scripts/tour.sh            every lesson, then the lab checking exercise 1's solution,
#                              showing it, and putting the exercise back as shipped
#   scripts/tour.sh tcp-basic  just the lessons named (or `lab`)
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
  expect "$WORK/tcp-framed-client.log" "5 messages sent, 5 replies received" || return 1

  # The tutorials' programs (docs/src/from-the-tutorials.md names each tutorial by its
  # title): tutorial 001's one-message pair (send only), tutorial 002's gbk pair.
  start_server tcp-silent "$BIN/tcp-basic" server 127.0.0.1:0 --silent --once || return 1
  server=$PID
  show "terminal 2: tcp-basic client $ADDR --send-only hello   (server has --silent)"
  client tcp-send-only "$BIN/tcp-basic" client "$ADDR" --send-only hello || return 1
  wait "$server" # --once: the server ends after its one client
  show "terminal 1: tcp-basic server 127.0.0.1:0 --silent --once"
  cat "$WORK/tcp-silent.log"
  expect "$WORK/tcp-silent.log" "closed the connection (recv returned 0 bytes)" || return 1

  start_server tcp-gbk "$BIN/tcp-basic" server 127.0.0.1:0 --backlog 128 --encoding gbk --once --reply 'thank you !' || return 1
  show "terminal 2: tcp-basic client $ADDR --encoding gbk 你好   (server: --backlog 128 --encoding gbk --once --reply 'thank you !')"
  client tcp-gbk-client "$BIN/tcp-basic" client "$ADDR" --encoding gbk 你好 || return 1
  wait "$PID" # --once: the server ends after its one client
  show "terminal 1: tcp-basic server 127.0.0.1:0 --backlog 128 --encoding gbk --once --reply 'thank you !'"
  cat "$WORK/tcp-gbk.log"
  expect "$WORK/tcp-gbk-client.log" "received 11 bytes from $ADDR: thank you !" &&
    expect "$WORK/tcp-gbk.log" "listen(128): done" &&
    expect "$WORK/tcp-gbk.log" "received 4 bytes from"
}

tour_udp_basic() {
  section "Lesson 2: udp-basic (datagrams: recvfrom and sendto)"
  start_server udp-server "$BIN/udp-basic" server 127.0.0.1:0 || return 1
  local server=$PID
  show "terminal 2: udp-basic client 127.0.0.1 $PORT hello 你好   (host and port as two words)"
  client udp-client "$BIN/udp-basic" client 127.0.0.1 "$PORT" hello 你好 || return 1
  stop_server "$server"
  start_server udp-cut "$BIN/udp-basic" server 127.0.0.1:0 --buffer 16 || return 1
  server=$PID
  show "terminal 2: udp-basic client $ADDR 'a datagram longer than sixteen bytes'   (server has --buffer 16)"
  client udp-cut-client "$BIN/udp-basic" client "$ADDR" "a datagram longer than sixteen bytes" || return 1
  stop_server "$server"
  show "terminal 1: udp-basic server 127.0.0.1:0"
  cat "$WORK/udp-server.log"
  show "terminal 1: udp-basic server 127.0.0.1:0 --buffer 16"
  cat "$WORK/udp-cut.log"
  expect "$WORK/udp-client.log" "(7 bytes): Receive" &&
    expect "$WORK/udp-cut.log" "the other 20 are lost" || return 1

  # The tutorial's receive-once program (7788, gbk), then a connected client at the
  # port it has left: the ICMP "port unreachable" comes back as connection refused.
  start_server udp-once "$BIN/udp-basic" server 127.0.0.1:0 --encoding gbk --once || return 1
  server=$PID
  show "terminal 2: udp-basic client 127.0.0.1 $PORT --encoding gbk 你好   (server has --encoding gbk --once)"
  client udp-once-client "$BIN/udp-basic" client 127.0.0.1 "$PORT" --encoding gbk 你好 || return 1
  wait "$server"
  show "terminal 1: udp-basic server 127.0.0.1:0 --encoding gbk --once"
  cat "$WORK/udp-once.log"
  show "terminal 2: udp-basic client 127.0.0.1 $PORT --connect hello   (the server has gone)"
  client udp-refused "$BIN/udp-basic" client 127.0.0.1 "$PORT" --connect hello
  expect "$WORK/udp-once.log" "(4 bytes): 你好" &&
    expect "$WORK/udp-once.log" "--once: one datagram received" &&
    expect "$WORK/udp-refused.log" 'ICMP "port unreachable"' || return 1

  # The tutorial's chat tool: two menus, answers piped in (1 send, 2 receive, 0 quit).
  printf '2\n0\n' | "$BIN/udp-basic" menu --bind 127.0.0.1:0 --timeout 10 >"$WORK/menu-1.log" 2>&1 &
  wait_listening menu-1 $! || return 1
  local first=$PID first_port=$PORT
  show "terminal 2: udp-basic menu --bind 127.0.0.1:0, typing 1, hello, 127.0.0.1, $first_port, 0"
  printf '1\nhello\n127.0.0.1\n%s\n0\n' "$first_port" |
    "$BIN/udp-basic" menu --bind 127.0.0.1:0 >"$WORK/menu-2.log" 2>&1
  cat "$WORK/menu-2.log"
  wait "$first"
  show "terminal 1: udp-basic menu --bind 127.0.0.1:0, typing 2, 0"
  cat "$WORK/menu-1.log"
  expect "$WORK/menu-1.log" "(5 bytes): hello" &&
    expect "$WORK/menu-2.log" "sent 5 bytes to 127.0.0.1:$first_port: hello"
}

tour_udp_echo() {
  section "Lesson 3: udp-echo (an echo server and a ping)"
  start_server echo-server "$BIN/udp-echo" server 127.0.0.1:0 || return 1
  local server=$PID
  show "terminal 2: udp-echo client 127.0.0.1 $PORT hello"
  client echo-client "$BIN/udp-echo" client 127.0.0.1 "$PORT" hello || return 1
  show "terminal 2: udp-echo client $ADDR, typing two lines   (the tutorial's looping client)"
  printf 'one\n你好\n' | "$BIN/udp-echo" client "$ADDR" >"$WORK/echo-typed.log" 2>&1 || return 1
  cat "$WORK/echo-typed.log"
  show "terminal 2: udp-echo ping $ADDR --count 3 --interval 0.2"
  client echo-ping "$BIN/udp-echo" ping "$ADDR" --count 3 --interval 0.2 || return 1
  show "terminal 2: udp-echo ping $ADDR --count 1 --trace"
  client echo-trace "$BIN/udp-echo" ping "$ADDR" --count 1 --trace || return 1
  stop_server "$server"
  show "terminal 1: udp-echo server 127.0.0.1:0"
  cat "$WORK/echo-server.log"
  expect "$WORK/echo-client.log" "echoed 5 bytes from $ADDR: hello" &&
    expect "$WORK/echo-typed.log" "echoed 6 bytes from $ADDR: 你好" &&
    expect "$WORK/echo-ping.log" "3 sent, 3 received, 0.0% loss" &&
    expect "$WORK/echo-trace.log" "ping: trace:   0000  55 50 4e 47"
}

tour_broadcast() {
  section "Lesson 4: broadcast (one sender, every listener)"
  start_server listener-1 "$BIN/broadcast" listen --port 0 || return 1
  local first=$PID
  start_server listener-2 "$BIN/broadcast" listen --port "$PORT" || return 1
  local second=$PID
  show "terminal 3: broadcast send 'hello, everyone' --port $PORT --count 3 --interval 0.2"
  client sender "$BIN/broadcast" send "hello, everyone" --port "$PORT" --count 3 --interval 0.2 || return 1
  sleep 0.2
  stop_server "$first"
  stop_server "$second"
  show "terminal 1: broadcast listen --port 0"
  cat "$WORK/listener-1.log"
  show "terminal 2: broadcast listen --port $PORT"
  cat "$WORK/listener-2.log"
  [ "$(grep -c ': hello, everyone' "$WORK/listener-1.log")" = 3 ] &&
    [ "$(grep -c ': hello, everyone' "$WORK/listener-2.log")" = 3 ] &&
    expect "$WORK/listener-2.log" "listen: stopped" || {
    echo "FAIL: both listeners should hear all three broadcasts and stop" >&2
    return 1
  }
}

tour_threaded_chat() {
  section "Lesson 5: threaded-chat (a chat room, a UDP peer chat, the tutorial's one-to-one talk)"
  start_server chat-server "$BIN/threaded-chat" server 127.0.0.1:0 || return 1
  local server=$PID
  # Two members typing at their own pace: alice, and bob a moment later.
  { sleep 1; echo "hello bob"; sleep 1; echo byebye; } |
    "$BIN/threaded-chat" client "$ADDR" --name alice >"$WORK/alice.log" 2>&1 &
  local alice=$!
  sleep 0.3
  { sleep 1.5; echo "hi alice"; sleep 0.1; echo /who; sleep 1; } |
    "$BIN/threaded-chat" client "$ADDR" --name bob >"$WORK/bob.log" 2>&1
  wait "$alice"
  stop_server "$server"
  show "terminal 2: threaded-chat client $ADDR --name alice"
  cat "$WORK/alice.log"
  show "terminal 3: threaded-chat client $ADDR --name bob"
  cat "$WORK/bob.log"
  show "terminal 1: threaded-chat server 127.0.0.1:0"
  cat "$WORK/chat-server.log"
  expect "$WORK/alice.log" "bob: hi alice" &&
    expect "$WORK/bob.log" "alice: hello bob" &&
    expect "$WORK/bob.log" "* alice left" &&
    expect "$WORK/chat-server.log" "server: stopped" || return 1

  # The UDP peer chat: the first peer learns the second from its first datagram.
  { sleep 1; echo "hello to you too"; sleep 0.5; echo byebye; } |
    "$BIN/threaded-chat" udp --bind 127.0.0.1:0 >"$WORK/peer-1.log" 2>&1 &
  wait_listening peer-1 $! || return 1
  local first=$PID first_addr=$ADDR
  { echo "hello, first peer"; sleep 2; } |
    "$BIN/threaded-chat" udp --bind 127.0.0.1:0 --peer "$first_addr" >"$WORK/peer-2.log" 2>&1
  wait "$first"
  show "terminal 1: threaded-chat udp --bind 127.0.0.1:0"
  cat "$WORK/peer-1.log"
  show "terminal 2: threaded-chat udp --bind 127.0.0.1:0 --peer $first_addr"
  cat "$WORK/peer-2.log"
  expect "$WORK/peer-1.log" ": hello, first peer" &&
    expect "$WORK/peer-2.log" "$first_addr: hello to you too" &&
    expect "$WORK/peer-2.log" "has left; what you type is still sent, but nobody reads it" || return 1

  # The tutorial's one-to-one chat: a send thread and a receive thread on each side. The
  # caller's Ctrl-D (end of input) ends the conversation for both.
  { sleep 1; echo "yes, 你好"; sleep 2; } |
    "$BIN/threaded-chat" talk --listen 127.0.0.1:0 >"$WORK/talk-1.log" 2>&1 &
  wait_listening talk-1 $! || return 1
  local listener=$PID
  { echo "hello, are you there?"; sleep 1.5; } |
    "$BIN/threaded-chat" talk "$ADDR" >"$WORK/talk-2.log" 2>&1
  wait "$listener"
  show "terminal 1: threaded-chat talk --listen 127.0.0.1:0"
  cat "$WORK/talk-1.log"
  show "terminal 2: threaded-chat talk $ADDR"
  cat "$WORK/talk-2.log"
  expect "$WORK/talk-1.log" ": hello, are you there?" &&
    expect "$WORK/talk-2.log" ": yes, 你好" &&
    expect "$WORK/talk-2.log" "has left (recv returned 0 bytes); bye"
}

tour_file_download() {
  section "Lesson 6: file-download (the whole file, or no file)"
  mkdir -p "$WORK/served" "$WORK/downloads"
  head -c 3000000 /dev/urandom >"$WORK/served/photo.bin"
  echo "hello from the file server" >"$WORK/served/notes.txt"
  start_server files "$BIN/file-download" server 127.0.0.1:0 --root "$WORK/served" || return 1
  local server=$PID
  show "terminal 2: file-download client $ADDR photo.bin"
  (cd "$WORK/downloads" && client download "$BIN/file-download" client "$ADDR" photo.bin) || return 1
  show "terminal 2: file-download client $ADDR ../etc/passwd   (refused)"
  (cd "$WORK/downloads" && client refused "$BIN/file-download" client "$ADDR" ../etc/passwd)
  show "terminal 2: printf 'notes.txt\\n' | nc -N 127.0.0.1 $PORT   (the protocol by hand)"
  if command -v nc >/dev/null; then printf 'notes.txt\n' | nc -N 127.0.0.1 "$PORT"; fi
  show "terminal 2: file-download client $ADDR notes.txt -o -   (to stdout, as curl does)"
  "$BIN/file-download" client "$ADDR" notes.txt -o - 2>&1 | tee "$WORK/stdout.log"
  stop_server "$server"
  show "terminal 1: file-download server 127.0.0.1:0 --root served"
  cat "$WORK/files.log"
  # The tutorial's protocol: the name alone, the bytes back, the close; a Python client
  # written like the tutorial's (tests/interop/bare_file_client.py).
  start_server bare "$BIN/file-download" server 127.0.0.1:0 --root "$WORK/served" --bare || return 1
  server=$PID
  show "terminal 2: python3 tests/interop/bare_file_client.py 127.0.0.1 $PORT notes.txt copy.txt   (server --bare)"
  python3 "$ROOT/tests/interop/bare_file_client.py" 127.0.0.1 "$PORT" notes.txt "$WORK/downloads/bare.txt" | tee "$WORK/bare-client.log"
  stop_server "$server"
  cmp -s "$WORK/served/photo.bin" "$WORK/downloads/photo.bin" &&
    [ ! -e "$WORK/downloads/passwd" ] &&
    expect "$WORK/refused.log" "is not a path beneath the served folder" &&
    expect "$WORK/stdout.log" "hello from the file server" &&
    expect "$WORK/bare-client.log" "saved 27 bytes" &&
    cmp -s "$WORK/served/notes.txt" "$WORK/downloads/bare.txt" || {
    echo "FAIL: the downloads should be identical and the escape refused" >&2
    return 1
  }
}

tour_http_hello() {
  section "Lesson 7: http-hello (a web server on a thread pool, then on async tasks)"
  start_server web "$BIN/http-hello" 127.0.0.1:0 --model pool || return 1
  local server=$PID
  show "terminal 2: curl -si http://$ADDR/hello?name=Ada"
  curl -si "http://$ADDR/hello?name=Ada" | tr -d '\r' | tee "$WORK/page.log"
  show "terminal 2: curl -sI http://$ADDR/   (HEAD: the headers only)"
  curl -sI "http://$ADDR/" | tr -d '\r' | tee "$WORK/head.log"
  show "terminal 2: curl -s -o /dev/null -w '%{http_code}' http://$ADDR/nowhere"
  curl -s -o /dev/null -w '%{http_code}\n' "http://$ADDR/nowhere" | tee "$WORK/missing.log"
  show "terminal 2: two Content-Lengths and a smuggled request (printf ... | nc $ADDR): one 400, closed"
  # bash's /dev/tcp plays nc: the exact bytes out, everything back until the server closes.
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" &&
      printf 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\nGET /boom HTTP/1.1\r\nHost: x\r\n\r\n' >&3 &&
      timeout 10 cat <&3
  ) | tr -d '\r' | tee "$WORK/smuggle.log"
  stop_server "$server"
  show "terminal 1: http-hello 127.0.0.1:0 --model pool"
  cat "$WORK/web.log"
  # The same lesson on async tasks, the tutorial's gevent way (the chapter "From gevent to
  # async Rust"): one task per connection, at most --max-connections of them.
  start_server tasks "$BIN/http-hello" 127.0.0.1:0 --model async --max-connections 2 || return 1
  server=$PID
  show "terminal 2: curl -s http://$ADDR/hello?name=tasks"
  curl -s "http://$ADDR/hello?name=tasks" | tee "$WORK/tasks-page.log" | grep '<p>Hello'
  show "terminal 2: two connections held open, then curl -si http://$ADDR/ (a third: 503)"
  exec 4<>"/dev/tcp/127.0.0.1/$PORT" 5<>"/dev/tcp/127.0.0.1/$PORT"
  curl -si "http://$ADDR/" | tr -d '\r' | head -1 | tee "$WORK/tasks-busy.log"
  exec 4>&- 5>&-
  stop_server "$server"
  show "terminal 1: http-hello 127.0.0.1:0 --model async --max-connections 2"
  cat "$WORK/tasks.log"
  expect "$WORK/tasks-page.log" "<p>Hello, tasks!</p>" &&
    expect "$WORK/tasks-busy.log" "HTTP/1.1 503 Service Unavailable" &&
    expect "$WORK/tasks.log" "turned away with 503: 2 connections open" &&
    expect "$WORK/tasks.log" "server: stopped" &&
    expect "$WORK/page.log" "<p>Hello, Ada!</p>" &&
    expect "$WORK/head.log" "Content-Type: text/html; charset=utf-8" &&
    expect "$WORK/missing.log" "404" &&
    expect "$WORK/smuggle.log" "HTTP/1.1 400 Bad Request" &&
    [ "$(grep -c '^HTTP/1.1 ' "$WORK/smuggle.log")" = 1 ] &&
    expect "$WORK/web.log" "server: stopped"
}

# The lab: exercise 1's reference solution checked, in a copy of exercises/ (as a
# student's copy elsewhere would be), with a target folder of its own; checked once more
# by lab watch, stopped at once; then shown, now that it has passed, and the exercise reset.
tour_lab() {
  section "The lab: an exercise that checks itself (exercise 1, solved)"
  local copy="$WORK/lab/exercises"
  copy_exercises "$copy"
  put_solution "$copy" 01-tcp-server "$copy/01-tcp-server"
  show "lab check tcp-server   (exercises/solutions/01-tcp-server/ in place of the exercise)"
  (cd "$WORK/lab" && CARGO_TARGET_DIR="$WORK/lab/target" "$BIN/lab" --lang en check tcp-server) \
    >"$WORK/lab.log" 2>"$WORK/lab-cargo.log"
  local code=$?
  cat "$WORK/lab.log"
  show "lab list"
  (cd "$WORK/lab" && "$BIN/lab" --lang en list) >"$WORK/lab-list.log" 2>&1
  cat "$WORK/lab-list.log"
  [ "$code" = 0 ] || { cat "$WORK/lab-cargo.log"; return 1; }
  show "lab watch tcp-server   (q typed at once: one check, then it stops)"
  (cd "$WORK/lab" && echo q | CARGO_TARGET_DIR="$WORK/lab/target" "$BIN/lab" --lang en watch tcp-server) \
    >"$WORK/lab-watch.log" 2>>"$WORK/lab-cargo.log"
  cat "$WORK/lab-watch.log"
  show "lab solution tcp-server   (shown once the exercise has passed; its first lines here)"
  (cd "$WORK/lab" && "$BIN/lab" --lang en solution tcp-server) >"$WORK/lab-solution.log" 2>&1
  head -n 6 "$WORK/lab-solution.log"
  show "lab reset tcp-server   (answered y: the exercise back as shipped)"
  (cd "$WORK/lab" && echo y | "$BIN/lab" --lang en reset tcp-server) >"$WORK/lab-reset.log" 2>&1
  cat "$WORK/lab-reset.log"
  expect "$WORK/lab.log" "tcp-server: all 3 stages passed" &&
    expect "$WORK/lab-list.log" "✓ 1. tcp-server" &&
    expect "$WORK/lab-watch.log" "tcp-server: all 3 stages passed" &&
    expect "$WORK/lab-watch.log" "lab: watch ends" &&
    expect "$WORK/lab-solution.log" "── exercises/solutions/01-tcp-server/main.rs ──" &&
    expect "$WORK/lab-reset.log" "lab: tcp-server is as shipped again" &&
    cmp "$copy/shipped/01-tcp-server/main.rs" "$copy/01-tcp-server/src/main.rs"
}

LESSONS=(tcp-basic udp-basic udp-echo broadcast threaded-chat file-download http-hello lab)
[ $# -gt 0 ] && LESSONS=("$@")

need curl curl || exit 1
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
  echo "tour: all ${#LESSONS[@]} parts behaved (${LESSONS[*]})"
else
  echo "tour: FAILED: ${failed[*]}"
  exit 1
fi
