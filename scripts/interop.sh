#!/usr/bin/env bash
# Every lesson against programs no lesson shares: Python written the tutorials' way
# (tests/interop/), nc, socat, curl and a headless Chromium. Our servers face outside
# clients; our clients face outside servers. All on loopback.
#
# Prints `ok` or `FAIL` per case, then `N passed, N failed`; exits 1 on any failure.
# The screenshots of http-hello's page go to target/interop/http-hello-pool.png and
# http-hello-async.png.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
PY="$ROOT/tests/interop"
OUT="$TARGET/interop"
mkdir -p "$OUT"

echo "tools (installed when missing):"
need python3 python3 && need nc netcat-openbsd && need socat socat && need curl curl &&
  need chromium chromium && need_package fonts-wqy-zenhei && need_package fonts-noto-color-emoji || exit 1
echo "building the workspace..."
(cd "$ROOT" && cargo build --workspace --quiet) || exit 1

passed=0
failed=0
n=0

ok() {
  echo "ok    $1"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL  $1"
  failed=$((failed + 1))
}

# verdict NAME LOG EXPECTED: ok if LOG contains EXPECTED, else FAIL with what differed.
verdict() {
  if grep -qF -- "$3" "$2"; then
    ok "$1"
  else
    fail "$1: expected to see \"$3\"; got:"
    sed 's/^/        /' "$2" | head -15
  fi
}

# same NAME FILE1 FILE2: ok if the two files are identical.
same() {
  if cmp -s "$2" "$3"; then ok "$1"; else fail "$1: $(cmp "$2" "$3" 2>&1 | head -1)"; fi
}

# case NAME EXPECTED COMMAND...: run COMMAND (20 s at most), check its output.
case_() {
  local name=$1 expected=$2
  shift 2
  n=$((n + 1))
  timeout 20 "$@" >"$WORK/case-$n.log" 2>&1
  verdict "$name" "$WORK/case-$n.log" "$expected"
}

lesson() { [ -x "$BIN/$1" ] && printf '\n%s\n' "$1"; }

if lesson tcp-basic; then
  start_server tcp "$BIN/tcp-basic" server 127.0.0.1:0 && server=$PID
  case_ "tcp-basic server <- python client" "reply: received 5 bytes" python3 "$PY/tcp_client.py" 127.0.0.1 "$PORT" hello
  case_ "tcp-basic server <- nc" "received 14 bytes" sh -c "printf 'hello from nc\n' | nc -N 127.0.0.1 $PORT"
  case_ "tcp-basic server <- socat" "received 9 bytes" sh -c "printf 'hi socat\n' | socat -t 2 - TCP:127.0.0.1:$PORT"
  stop_server "$server"
  start_server pytcp python3 "$PY/tcp_server.py" && server=$PID
  case_ "tcp-basic client -> python server" "received 4 bytes from $ADDR: over" "$BIN/tcp-basic" client "$ADDR" hello
  verdict "python server got the client's message" "$WORK/pytcp.log" "got: hello"
  stop_server "$server"
  port=$(free_port)
  (printf 'hi from nc\n' | timeout 10 nc -l 127.0.0.1 "$port" >"$WORK/nc-server.log" 2>&1) &
  nc_pid=$!
  sleep 0.3
  case_ "tcp-basic client -> nc -l server" "hi from nc\n" "$BIN/tcp-basic" client "127.0.0.1:$port" hello
  wait "$nc_pid"
  verdict "nc server got the client's message" "$WORK/nc-server.log" "hello"
  # The tutorials' own pairs (docs/src/from-the-tutorials.md names each tutorial by its
  # title): tutorial 002's (gbk, listen(128), "thank you !"), tutorial 001's (send only).
  start_server tcpgbk "$BIN/tcp-basic" server 127.0.0.1:0 --backlog 128 --encoding gbk --once --reply 'thank you !' && server=$PID
  case_ "tcp-basic gbk server <- python gbk client (tutorial 002)" "received: thank you !" sh -c "printf '127.0.0.1\n%s\n你好\n' $PORT | python3 $PY/tcp_gbk_client.py"
  wait "$server"
  verdict "tcp-basic gbk server got 你好 as 4 bytes" "$WORK/tcpgbk.log" "received 4 bytes from"
  start_server pygbk python3 "$PY/tcp_gbk_server.py" && server=$PID
  case_ "tcp-basic gbk client -> python gbk server (tutorial 002)" "received 11 bytes from $ADDR: thank you !" "$BIN/tcp-basic" client "$ADDR" --encoding gbk 你好
  wait "$server"
  verdict "python gbk server got 你好" "$WORK/pygbk.log" "received: 你好"
  start_server tcpsilent "$BIN/tcp-basic" server 127.0.0.1:0 --silent --once && server=$PID
  case_ "tcp-basic --silent server <- python send-once client (tutorial 001)" "sent and closed" python3 "$PY/tcp_send_once.py" 127.0.0.1 "$PORT" hello
  wait "$server"
  verdict "tcp-basic --silent server printed and closed" "$WORK/tcpsilent.log" "received 5 bytes from"
  start_server pyprint python3 "$PY/tcp_print_server.py" && server=$PID
  case_ "tcp-basic client --send-only -> python print server (tutorial 001)" "sent everything (--send-only)" "$BIN/tcp-basic" client "$ADDR" --send-only hello
  wait "$server"
  verdict "python print server got the message" "$WORK/pyprint.log" "127.0.0.1 sent: hello"
fi

if lesson udp-basic; then
  start_server udp "$BIN/udp-basic" server 127.0.0.1:0 && server=$PID
  case_ "udp-basic server <- python client" "reply: Receive" sh -c "printf 'hello\n\n' | python3 $PY/udp_client.py 127.0.0.1 $PORT"
  case_ "udp-basic server <- nc -u" "Receive" sh -c "printf 'hi\n' | nc -u -w 1 127.0.0.1 $PORT"
  stop_server "$server"
  start_server pyudp python3 "$PY/udp_server.py" && server=$PID
  case_ "udp-basic client -> python server" "(7 bytes): Receive" "$BIN/udp-basic" client 127.0.0.1 "$PORT" hello
  verdict "python server got the datagram" "$WORK/pyudp.log" "got: hello"
  stop_server "$server"
  start_server once "$BIN/udp-basic" server 127.0.0.1:0 --encoding gbk --once && server=$PID
  case_ "udp-basic server --once (gbk) <- python gbk sender" "Receive" sh -c "printf '你好\n' | python3 $PY/udp_gbk_sender.py 127.0.0.1 $PORT"
  wait "$server"
  verdict "the receive-once server took the gbk datagram and closed" "$WORK/once.log" "--once: one datagram received"
  printf '2\n0\n' | timeout 20 python3 "$PY/udp_menu_chat.py" >"$WORK/pymenu.log" 2>&1 &
  wait_listening pymenu $! && server=$PID
  case_ "udp-basic menu -> python menu chat" "sent 12 bytes to $ADDR: hello python" sh -c "printf '1\nhello python\n127.0.0.1\n$PORT\n0\n' | $BIN/udp-basic menu --bind 127.0.0.1:0"
  wait "$server"
  verdict "python menu chat received it" "$WORK/pymenu.log" ":hello python"
fi

if lesson udp-echo; then
  start_server echo "$BIN/udp-echo" server 127.0.0.1:0 --quiet && server=$PID
  case_ "udp-echo server <- python client" "reply: echo me, 你好" sh -c "printf 'echo me, 你好\n' | python3 $PY/udp_client.py 127.0.0.1 $PORT"
  stop_server "$server"
  start_server pyecho python3 "$PY/udp_echo_server.py" && server=$PID
  case_ "udp-echo ping -> python echo server" "20 sent, 20 received, 0.0% loss" "$BIN/udp-echo" ping "$ADDR" --count 20 --interval 0
  case_ "udp-echo client -> python echo server" "echoed 5 bytes from $ADDR: hello" "$BIN/udp-echo" client "$ADDR" hello
  case_ "udp-echo client, typed lines -> python echo server" "echoed 6 bytes from $ADDR: 你好" sh -c "printf 'one\n你好\n' | $BIN/udp-echo client 127.0.0.1 $PORT"
  stop_server "$server"
  port=$(free_udp_port)
  timeout 10 socat UDP4-LISTEN:"$port",bind=127.0.0.1,fork PIPE >/dev/null 2>&1 &
  socat_pid=$!
  SERVER_PIDS+=("$socat_pid")
  sleep 0.3
  case_ "udp-echo ping -> socat echo" "20 sent, 20 received, 0.0% loss" "$BIN/udp-echo" ping "127.0.0.1:$port" --count 20 --interval 0
  stop_server "$socat_pid"
fi

if lesson broadcast; then
  start_server pyhear python3 "$PY/broadcast_receiver.py" && server=$PID
  case_ "broadcast send -> python receiver" "done: 1 sent" "$BIN/broadcast" send "hello python" --port "$PORT" --count 1
  sleep 0.2
  verdict "python receiver heard the broadcast" "$WORK/pyhear.log" "heard: hello python"
  stop_server "$server"
  start_server hear "$BIN/broadcast" listen --port 0 && server=$PID
  timeout 10 python3 "$PY/broadcast_sender.py" "$PORT" 2 >"$WORK/pysend.log" 2>&1
  printf 'hi from socat' | timeout 10 socat - "UDP-DATAGRAM:127.255.255.255:$PORT,broadcast" >"$WORK/socat-send.log" 2>&1
  sleep 0.3
  stop_server "$server"
  verdict "python sender -> broadcast listen" "$WORK/hear.log" ": broadcast 1 from python"
  verdict "socat sender -> broadcast listen" "$WORK/hear.log" ": hi from socat"
fi

if lesson threaded-chat; then
  start_server chat "$BIN/threaded-chat" server 127.0.0.1:0 && server=$PID
  ({ echo bob; sleep 1.5; echo "hi from nc"; sleep 2; } | timeout 10 nc 127.0.0.1 "$PORT" >"$WORK/nc-member.log" 2>&1) &
  nc_pid=$!
  sleep 0.5
  case_ "threaded-chat server <- python member" "bob: hi from nc" python3 "$PY/chat_client.py" 127.0.0.1 "$PORT" alice "hi from python" "bob: hi from nc"
  wait "$nc_pid"
  verdict "threaded-chat server <- nc member" "$WORK/nc-member.log" "alice: hi from python"
  stop_server "$server"
  ({ sleep 1; echo "hello python"; sleep 0.5; echo byebye; } |
    "$BIN/threaded-chat" udp --bind 127.0.0.1:0 >"$WORK/udp-chat.log" 2>&1) &
  wait_listening udp-chat $! && server=$PID
  case_ "threaded-chat udp <-> python peer" "reply: hello python" python3 "$PY/udp_peer.py" 127.0.0.1 "$PORT" "hi from python"
  stop_server "$server"
  verdict "threaded-chat udp learned the python peer" "$WORK/udp-chat.log" ": hi from python"
  # The tutorial's one-to-one chat (two threads a side), our talk on each side in turn.
  ({ sleep 3; } | timeout 15 python3 "$PY/talk_peer.py" listen >"$WORK/pytalk.log" 2>&1) &
  wait_listening pytalk $! && server=$PID
  case_ "threaded-chat talk -> python talk (listening)" "has left (recv returned 0 bytes)" sh -c "printf 'hello python\n' | $BIN/threaded-chat talk 127.0.0.1 $PORT"
  wait "$server"
  verdict "python talk got our line and saw us leave" "$WORK/pytalk.log" "the peer has left"
  ({ sleep 1; echo "hello rust"; sleep 1; } | timeout 15 "$BIN/threaded-chat" talk --listen 127.0.0.1:0 >"$WORK/talk.log" 2>&1) &
  wait_listening talk $! && server=$PID
  case_ "python talk -> threaded-chat talk --listen" "received: hello rust" sh -c "{ echo 'hi from python'; sleep 3; } | timeout 10 python3 $PY/talk_peer.py 127.0.0.1 $PORT"
  wait "$server"
  verdict "threaded-chat talk --listen printed python's line" "$WORK/talk.log" ": hi from python"
  # nc, the documented client, receives a member's escape sequences as visible text.
  start_server chat "$BIN/threaded-chat" server 127.0.0.1:0 && server=$PID
  ({ echo watcher; sleep 2; } | timeout 10 nc 127.0.0.1 "$PORT" >"$WORK/nc-watcher.log" 2>&1) &
  nc_pid=$!
  sleep 0.5
  printf 'mallory\nhi\033[2J\033]0;pwned\007 there\r* bob left\n' | timeout 10 nc -N 127.0.0.1 "$PORT" >/dev/null 2>&1
  wait "$nc_pid"
  verdict "threaded-chat server -> nc member: control characters arrive escaped" "$WORK/nc-watcher.log" 'mallory: hi\u{1b}[2J\u{1b}]0;pwned\u{7} there\r* bob left'
  stop_server "$server"
fi

if lesson file-download; then
  mkdir -p "$WORK/served" "$WORK/got"
  head -c 2000000 /dev/urandom >"$WORK/served/blob.bin"
  echo "plain text" >"$WORK/served/notes.txt"
  start_server files "$BIN/file-download" server 127.0.0.1:0 --root "$WORK/served" && server=$PID
  case_ "file-download server <- python client" "saved 2000000 bytes" python3 "$PY/file_client.py" 127.0.0.1 "$PORT" blob.bin "$WORK/got/py.bin"
  same "python's copy is identical" "$WORK/served/blob.bin" "$WORK/got/py.bin"
  case_ "file-download server <- nc" "OK 11" sh -c "printf 'notes.txt\n' | nc -N 127.0.0.1 $PORT"
  stop_server "$server"
  start_server pyfiles python3 "$PY/file_server.py" "$WORK/served/blob.bin" && server=$PID
  case_ "file-download client -> python server" "saved $WORK/got/ours.bin (2000000 bytes" "$BIN/file-download" client "$ADDR" blob.bin -o "$WORK/got/ours.bin"
  stop_server "$server"
  same "our copy is identical" "$WORK/served/blob.bin" "$WORK/got/ours.bin"
  # The tutorial's protocol (--bare): the name alone, the bytes back, the close.
  start_server bare "$BIN/file-download" server 127.0.0.1:0 --root "$WORK/served" --bare && server=$PID
  case_ "file-download server --bare <- tutorial's python client" "saved 2000000 bytes" python3 "$PY/bare_file_client.py" 127.0.0.1 "$PORT" blob.bin "$WORK/got/py-bare.bin"
  same "the bare copy is identical" "$WORK/served/blob.bin" "$WORK/got/py-bare.bin"
  stop_server "$server"
  start_server pybare python3 "$PY/bare_file_server.py" 0 "$WORK/served" && server=$PID
  case_ "file-download client --bare -> tutorial's python server" "saved $WORK/got/ours-bare.bin (2000000 bytes" "$BIN/file-download" client "$ADDR" blob.bin --bare -o "$WORK/got/ours-bare.bin"
  stop_server "$server"
  same "our bare copy is identical" "$WORK/served/blob.bin" "$WORK/got/ours-bare.bin"
fi

if lesson http-hello; then
  # Both ways of serving connections, the same protocol: a pool of threads, async tasks.
  for model in pool async; do
    start_server web "$BIN/http-hello" 127.0.0.1:0 --model "$model" && server=$PID
    web="http-hello --model $model"
    case_ "$web <- curl" "<p>Hello, curl!</p>" curl -s "http://$ADDR/hello?name=curl"
    case_ "$web <- curl -I" "HTTP/1.1 200 OK" curl -sI "http://$ADDR/"
    case_ "$web <- curl --http1.0" "HTTP/1.0 200 OK" curl -si --http1.0 "http://$ADDR/"
    case_ "$web <- curl, two URLs on one connection" "Re-using existing" sh -c "curl -sv http://$ADDR/ http://$ADDR/hello 2>&1 >/dev/null | grep -m1 -o 'Re-using existing'"
    case_ "$web <- python http.client" "200 text/html; charset=utf-8 True" python3 "$PY/http_client.py" 127.0.0.1 "$PORT"
    case_ "$web <- nc, pipelined" "Hello, b!" sh -c "printf 'GET /hello?name=a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | nc -N 127.0.0.1 $PORT"
    chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
      --disable-background-networking --disable-component-update --disable-sync
      --user-data-dir="$WORK/chrome")
    case_ "$web <- headless chromium (DOM)" "Hello, 世界" "${chrome[@]}" --dump-dom "http://$ADDR/"
    shot="$OUT/http-hello-$model.png"
    rm -f "$shot"
    timeout 30 "${chrome[@]}" --window-size=900,500 --screenshot="$shot" "http://$ADDR/" >"$WORK/shot.log" 2>&1
    if [ -s "$shot" ]; then
      ok "$web <- headless chromium (screenshot in target/interop/http-hello-$model.png)"
    else
      fail "no screenshot was written:"
      sed 's/^/        /' "$WORK/shot.log" | tail -5
    fi
    stop_server "$server"
  done
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
