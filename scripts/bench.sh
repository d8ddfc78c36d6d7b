#!/usr/bin/env bash
# Each lesson beside a program people already use, on this machine, in one run:
#   http-hello     vs nginx serving the same page   (wrk -t2 -c64 -d10s: requests/s, p99)
#                  and Python's ThreadingHTTPServer (python3 -m http.server)
#   models         http-hello's pool and async tasks vs nginx at 64, 1,000 and 10,000
#                  connections (requests/s, p99, errors, memory; an SVG chart), and the
#                  memory of 10,000 idle connections
#   file-download  vs nc sending the same file       (512 MiB into tmpfs: CPU seconds of
#                  both sides per GiB, 5 alternated pairs; peak memory; server CPU per
#                  GiB beside a Python server calling socket.sendfile())
#   udp-echo       vs a Python echo pair             (round trips per second)
#   threaded-chat  100 members x 100 lines           (deliveries/s, p99 latency)
#   lab            seconds to check each exercise's solution (after its build), and to
#                  report a program that hangs (never listens, never connects, ...)
# Each pair runs three times, alternating ours and theirs; the table shows the medians.
# A full run writes the table to docs/src/benchmarks.md with the date and the machine; a
# quick or partial run only prints, so the book always shows full-run figures.
#
#   scripts/bench.sh               the full run (a few minutes), written to the book
#   scripts/bench.sh --quick       smaller loads, under a minute, printed only
#   scripts/bench.sh http file     only the parts named (http models echo file chat), printed only
#
# Every load is bounded and on loopback; every server started here is stopped by its
# process id when the script ends, also on failure.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
RELEASE="$TARGET/release"
PY="$ROOT/tests/interop"

QUICK=0
PARTS=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    http | models | file | echo | chat | lab) PARTS+=("$arg") ;;
    *) echo "usage: scripts/bench.sh [--quick] [http] [models] [file] [echo] [chat] [lab]" >&2 && exit 2 ;;
  esac
done
# Whether to run a part: every part when none is named.
wanted() { [ ${#PARTS[@]} = 0 ] || [[ " ${PARTS[*]} " == *" $1 "* ]]; }
if [ $QUICK = 1 ]; then
  WRK_SECONDS=3 FILE_MIB=128 PINGS=5000 CHAT_CLIENTS=20 CHAT_MESSAGES=50 MODEL_SECONDS=2 MODEL_ROUNDS=1
else
  WRK_SECONDS=10 FILE_MIB=512 PINGS=50000 CHAT_CLIENTS=100 CHAT_MESSAGES=100 MODEL_SECONDS=5 MODEL_ROUNDS=3
fi

echo "tools (installed when missing):"
need wrk wrk && need nginx nginx && need socat socat && need nc netcat-openbsd &&
  need python3 python3 && need curl curl && need /usr/bin/time time || exit 1
echo "building in release mode..."
(cd "$ROOT" && cargo build --release --workspace --bins --examples --quiet) || exit 1

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ROWS=()
row() { ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s |' "$@")"); }

# --- http-hello vs nginx --------------------------------------------------------------
bench_http() {
  echo
  echo "http-hello vs nginx: wrk -t2 -c64 -d${WRK_SECONDS}s, 3 runs each"
  start_server web "$RELEASE/http-hello" 127.0.0.1:0 --quiet || return 1
  local ours=$PID ours_addr=$ADDR
  mkdir -p "$WORK/www" "$WORK/nginx"
  curl -s "http://$ours_addr/" >"$WORK/www/index.html"
  # nginx's workers run as an unprivileged user: let them read the page.
  chmod a+rx "$WORK" "$WORK/www" && chmod a+r "$WORK/www/index.html"
  local port
  port=$(free_port)
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx;
  scgi_temp_path $WORK/nginx;
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:$port;
    root $WORK/www;
    location / { index index.html; }
  }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
  local theirs=$!
  SERVER_PIDS+=("$theirs")
  sleep 0.5
  curl -sf "http://127.0.0.1:$port/" >/dev/null || { echo "FAIL: nginx did not start"; cat "$WORK/nginx/error.log"; return 1; }
  # Python's standard web server (ThreadingHTTPServer, a thread per connection).
  local pyport
  pyport=$(free_port)
  python3 -m http.server "$pyport" --bind 127.0.0.1 --directory "$WORK/www" >"$WORK/pyhttp.log" 2>&1 &
  local python=$!
  SERVER_PIDS+=("$python")
  sleep 1
  : >"$WORK/http-ours" && : >"$WORK/http-nginx" && : >"$WORK/p99-ours" && : >"$WORK/p99-nginx"
  : >"$WORK/http-python" && : >"$WORK/p99-python"
  for run in 1 2 3; do
    for who in ours nginx python; do
      local url="http://$ours_addr/"
      [ $who = nginx ] && url="http://127.0.0.1:$port/"
      [ $who = python ] && url="http://127.0.0.1:$pyport/"
      wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency "$url" >"$WORK/wrk.log" 2>&1
      local rps p99 errors
      rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.log")
      p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$WORK/wrk.log")
      errors=$(grep -o 'Socket errors:.*' "$WORK/wrk.log" || echo "no socket errors")
      echo "  run $run $who: $rps requests/s, p99 $p99 ms, $errors"
      echo "$rps" >>"$WORK/http-$who"
      echo "$p99" >>"$WORK/p99-$who"
    done
  done
  stop_server "$ours"
  stop_server "$theirs"
  stop_server "$python"
  local a b
  a=$(median <"$WORK/http-ours") b=$(median <"$WORK/http-nginx")
  row http-hello "requests/s, wrk -t2 -c64" "$(printf '%.0f' "$a")" "nginx $(printf '%.0f' "$b")" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" ">= nginx" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print (a >= b) ? "yes" : "no" }')"
  a=$(median <"$WORK/http-ours") b=$(median <"$WORK/http-python")
  row http-hello "requests/s, wrk -t2 -c64" "$(printf '%.0f' "$a")" "python $(printf '%.0f' "$b")" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" "far above python" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print (a >= 3 * b) ? "yes" : "no" }')"
  a=$(median <"$WORK/p99-ours") b=$(median <"$WORK/p99-nginx")
  row http-hello "p99 latency, ms" "$a" "nginx $b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" "reported" "-"
}

# --- file-download vs nc: what a transfer costs, and the server beside Python's sendfile ---
# cpu_seconds PID: user + system CPU time the process has used so far (/proc/PID/stat).
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / tck }' "/proc/$1/stat"
}
# seconds COMMAND...: run it, its output thrown away; print how long it took.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# What one transfer costs: CPU time (user + system) of server and client together, per
# GiB. Wall-clock MB/s into a disk would measure the disk's write-back, not the programs.
# Both clients write into a tmpfs folder (memory), each pair runs back to back, who goes
# first alternating, and the ratio is taken within each pair: what drifts between runs
# drifts for both. Each side runs under tests/interop/cpu_time.py, which reads its CPU
# time when it ends.
bench_file() {
  echo
  # A folder in memory, when /dev/shm (a tmpfs on Linux) has room for the file and a copy:
  # removed when the part ends, however it ends.
  local dir=$WORK rc
  if [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt $((FILE_MIB * 1024 * 3)) ] 2>/dev/null &&
    MEMDIR=$(mktemp -d /dev/shm/sockets-bench.XXXXXX); then
    dir=$MEMDIR
    trap 'cleanup; rm -rf "$MEMDIR"' EXIT
  fi
  bench_file_in "$dir"
  rc=$?
  [ "$dir" = "$WORK" ] || rm -rf "$dir"
  return $rc
}

bench_file_in() {
  local dir=$1 kind
  kind=$(stat -f -c %T "$dir")
  echo "file-download vs nc: CPU per GiB of a ${FILE_MIB} MiB file over loopback into $kind, 5 pairs"
  mkdir -p "$dir/files" "$dir/got"
  head -c "${FILE_MIB}M" /dev/urandom >"$dir/files/big.bin" || { echo "FAIL: cannot write $dir/files/big.bin"; return 1; }
  local run
  for what in ours nc ratio splice copy client-ratio dd; do : >"$WORK/file-$what"; done
  for run in 1 2 3 4 5; do
    # Ours (sendfile, splice) beside nc (read and write on both sides).
    if [ $((run % 2)) = 1 ]; then
      file_ours ours "$dir" && file_nc "$dir" || return 1
    else
      file_nc "$dir" && file_ours ours "$dir" || return 1
    fi
    pair ratio ours nc both "$run"
    # Our client alone: splice beside the copy loop (--no-splice), from the same server.
    if [ $((run % 2)) = 1 ]; then
      file_ours splice "$dir" && file_ours copy "$dir" --no-splice || return 1
    else
      file_ours copy "$dir" --no-splice && file_ours splice "$dir" || return 1
    fi
    pair client-ratio splice copy client "$run"
    # Writing the file alone, no network: what both sides pay, whatever they do.
    rm -f "$WORK/dd"
    timeout 60 python3 "$PY/cpu_time.py" "$WORK/dd" dd if=/dev/zero of="$dir/got/dd.bin" bs=256K \
      count=$((FILE_MIB * 4)) status=none && [ -s "$WORK/dd" ] || { echo "FAIL: dd into $dir"; return 1; }
    rm -f "$dir/got/dd.bin"
    per_gib "$WORK/dd" >>"$WORK/file-dd"
  done
  bench_file_memory "$dir" || return 1
  bench_file_cpu "$dir" || return 1
  local a b r
  a=$(median <"$WORK/file-ours") b=$(median <"$WORK/file-nc") r=$(median <"$WORK/file-ratio")
  row file-download "CPU seconds per GiB, both sides, into $kind: median of 5 pairs (ratio min-max $(spread "$WORK/file-ratio"))" \
    "$a" "nc $b" "$r" "<= 0.5 x nc" "$(awk -v r="$r" 'BEGIN { print (r <= 0.5) ? "yes" : "no" }')"
  a=$(median <"$WORK/file-splice") b=$(median <"$WORK/file-copy") r=$(median <"$WORK/file-client-ratio")
  # A `--` outside backticks would be an en dash in the book.
  row file-download "client CPU seconds per GiB, splice beside \`--no-splice\`: median of 5 pairs (ratio min-max $(spread "$WORK/file-client-ratio"))" \
    "$a" "\`--no-splice\` $b" "$r" "< 1 x \`--no-splice\`" "$(awk -v r="$r" 'BEGIN { print (r < 1) ? "yes" : "no" }')"
  row file-download "writing the file alone (dd into the same folder): CPU seconds per GiB, median of 5" \
    "$(median <"$WORK/file-dd")" "-" "-" "reported" "-"
  a=$(cat "$WORK/mem-ours") b=$(cat "$WORK/mem-nc")
  row file-download "peak memory of either side, MiB" "$(awk -v k="$a" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "nc $(awk -v k="$b" 'BEGIN { printf "%.1f", k / 1024 }')" "-" "< 16 MiB" \
    "$(awk -v k="$a" 'BEGIN { print (k < 16384) ? "yes" : "no" }')"
  a=$(cat "$WORK/cpu-server-ours") b=$(cat "$WORK/cpu-server-python")
  row file-download "server CPU seconds per GiB sent" "$a" "python sendfile $b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')" "<= 1.5 x python" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print (a <= 1.5 * b) ? "yes" : "no" }')"
}

# file_ours TAG DIR [CLIENT-OPTION...]: one download of big.bin from our server by our
# client, each under cpu_time.py: $WORK/TAG-server and $WORK/TAG-client get their CPU
# seconds.
file_ours() {
  local tag=$1 dir=$2 server
  shift 2
  rm -f "$WORK/$tag-server" "$WORK/$tag-client"
  start_server files python3 "$PY/cpu_time.py" "$WORK/$tag-server" \
    "$RELEASE/file-download" server 127.0.0.1:0 --root "$dir/files" --quiet || return 1
  server=$PID
  timeout 60 python3 "$PY/cpu_time.py" "$WORK/$tag-client" \
    "$RELEASE/file-download" client "$ADDR" big.bin -o "$dir/got/big.bin" --quiet "$@" >/dev/null 2>&1
  stop_server "$server"
  arrived "$dir" "$tag"
}

# file_nc DIR: the same with nc on both sides: nc -l sends the file, nc saves it.
file_nc() {
  local dir=$1 server port
  rm -f "$WORK/nc-server" "$WORK/nc-client"
  port=$(free_port)
  timeout 60 python3 "$PY/cpu_time.py" "$WORK/nc-server" nc -N -l 127.0.0.1 "$port" <"$dir/files/big.bin" &
  server=$!
  SERVER_PIDS+=("$server")
  wait_port "$port"
  timeout 60 python3 "$PY/cpu_time.py" "$WORK/nc-client" nc 127.0.0.1 "$port" >"$dir/got/big.bin"
  wait "$server"
  arrived "$dir" nc
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (nc -l, which says nothing),
# 5 s at most.
wait_port() {
  for _ in $(seq 100); do
    ss -Hltn "sport = :$1" | grep -q . && return 0
    sleep 0.05
  done
}

# arrived DIR TAG: the whole file came, and both sides' CPU time was read; the copy goes.
arrived() {
  local size
  size=$(stat -c %s "$1/got/big.bin" 2>/dev/null)
  rm -f "$1/got/big.bin"
  [ "$size" = $((FILE_MIB * 1024 * 1024)) ] || { echo "FAIL: $2: the download is incomplete"; return 1; }
  [ -s "$WORK/$2-server" ] && [ -s "$WORK/$2-client" ] || { echo "FAIL: $2: no CPU time read"; return 1; }
}

# per_gib FILE...: the CPU seconds in the files, added up, per GiB of the file sent.
per_gib() {
  cat "$@" | awk -v mib="$FILE_MIB" '{ s += $1 } END { printf "%.3f\n", s * 1024 / mib }'
}

# pair RATIOS A B WHAT RUN: A's and B's CPU seconds per GiB, counting WHAT (both sides, or
# the client alone), into $WORK/file-A and file-B; A / B into $WORK/file-RATIOS.
pair() {
  local ratios=$1 a=$2 b=$3 what=$4 run=$5 sa sb
  sa=$(tag_per_gib "$a" "$what") sb=$(tag_per_gib "$b" "$what")
  echo "$sa" >>"$WORK/file-$a" && echo "$sb" >>"$WORK/file-$b"
  awk -v a="$sa" -v b="$sb" 'BEGIN { printf "%.3f\n", a / b }' >>"$WORK/file-$ratios"
  echo "  pair $run, $what: $a $sa s/GiB (server $(cat "$WORK/$a-server"), client $(cat "$WORK/$a-client") s)," \
    "$b $sb (server $(cat "$WORK/$b-server"), client $(cat "$WORK/$b-client") s): $(tail -1 "$WORK/file-$ratios")"
}
# tag_per_gib TAG WHAT: TAG's CPU seconds per GiB, of both sides or of the client alone.
tag_per_gib() {
  case $2 in
    both) per_gib "$WORK/$1-server" "$WORK/$1-client" ;;
    client) per_gib "$WORK/$1-client" ;;
  esac
}
# spread FILE: the lowest and the highest figure, as LOW-HIGH.
spread() { echo "$(sort -g "$1" | head -1)-$(sort -g "$1" | tail -1)"; }

# Peak memory (resident set) of either side, in one more transfer each: our server's from
# /proc, the clients' and nc's from GNU time.
bench_file_memory() {
  local dir=$1 server port server_kib client_kib
  start_server files "$RELEASE/file-download" server 127.0.0.1:0 --root "$dir/files" --quiet || return 1
  server=$PID
  /usr/bin/time -f %M -o "$WORK/client-mem" timeout 60 "$RELEASE/file-download" client "$ADDR" big.bin \
    -o "$dir/got/big.bin" --quiet >/dev/null 2>&1 || { echo "FAIL: download for the memory measure"; return 1; }
  server_kib=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  client_kib=$(tail -1 "$WORK/client-mem")
  stop_server "$server"
  echo $((server_kib > client_kib ? server_kib : client_kib)) >"$WORK/mem-ours"
  rm -f "$dir/got/big.bin"
  port=$(free_port)
  /usr/bin/time -f %M -o "$WORK/ncs-mem" timeout 60 nc -N -l 127.0.0.1 "$port" <"$dir/files/big.bin" &
  server=$!
  SERVER_PIDS+=("$server")
  wait_port "$port"
  /usr/bin/time -f %M -o "$WORK/ncc-mem" timeout 60 nc 127.0.0.1 "$port" >"$dir/got/nc.bin"
  wait "$server"
  server_kib=$(tail -1 "$WORK/ncs-mem") client_kib=$(tail -1 "$WORK/ncc-mem")
  echo $((server_kib > client_kib ? server_kib : client_kib)) >"$WORK/mem-nc"
  rm -f "$dir/got/nc.bin"
  echo "  peak memory: ours $(($(cat "$WORK/mem-ours") / 1024)) MiB, nc $(($(cat "$WORK/mem-nc") / 1024)) MiB"
}

# The server's CPU time for the same bytes to the same client (ours, into /dev/null), our
# server against tests/interop/sendfile_server.py: 4 downloads of the file each.
bench_file_cpu() {
  local dir=$1 who before after n
  for who in ours python; do
    if [ $who = ours ]; then
      start_server files "$RELEASE/file-download" server 127.0.0.1:0 --root "$dir/files" --quiet || return 1
    else
      start_server pysendfile python3 "$PY/sendfile_server.py" "$dir/files/big.bin" || return 1
    fi
    local server=$PID
    before=$(cpu_seconds "$server")
    for n in 1 2 3 4; do
      timeout 60 "$RELEASE/file-download" client "$ADDR" big.bin -o /dev/null --quiet >"$WORK/cpu-client.log" 2>&1 ||
        { echo "FAIL: download for the CPU measure"; cat "$WORK/cpu-client.log"; return 1; }
    done
    after=$(cpu_seconds "$server")
    stop_server "$server"
    awk -v a="$before" -v b="$after" -v mib="$FILE_MIB" 'BEGIN { printf "%.3f", (b - a) / (4 * mib / 1024) }' >"$WORK/cpu-server-$who"
    echo "  server CPU, $who: $(cat "$WORK/cpu-server-$who") s per GiB"
  done
}

# --- udp-echo vs a Python pair ----------------------------------------------------------
bench_echo() {
  echo
  echo "udp-echo vs a Python echo pair: $PINGS round trips, 3 runs each"
  : >"$WORK/rtt-ours" && : >"$WORK/rtt-python"
  for run in 1 2 3; do
    start_server echo "$RELEASE/udp-echo" server 127.0.0.1:0 --quiet || return 1
    local server=$PID
    local ours
    ours=$("$RELEASE/udp-echo" ping "$ADDR" --count "$PINGS" --interval 0 --quiet | awk '/round trips per second/ { print $2 }')
    stop_server "$server"
    start_server pyecho python3 "$PY/udp_echo_server.py" || return 1
    server=$PID
    local theirs
    theirs=$(timeout 120 python3 "$PY/udp_rtt.py" 127.0.0.1 "$PORT" "$PINGS" | awk '{ print $1 }')
    stop_server "$server"
    echo "  run $run: ours $ours, python $theirs round trips/s"
    echo "$ours" >>"$WORK/rtt-ours"
    echo "$theirs" >>"$WORK/rtt-python"
  done
  local a b
  a=$(median <"$WORK/rtt-ours") b=$(median <"$WORK/rtt-python")
  row udp-echo "round trips/s, \`ping --interval 0\`" "$a" "python $b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" ">= python" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print (a >= b) ? "yes" : "no" }')"
}

# --- threaded-chat ------------------------------------------------------------------------
bench_chat() {
  echo
  echo "threaded-chat: $CHAT_CLIENTS members x $CHAT_MESSAGES lines, 3 runs"
  : >"$WORK/chat-rate" && : >"$WORK/chat-p99"
  local complete=yes
  for run in 1 2 3; do
    start_server chat "$RELEASE/threaded-chat" server 127.0.0.1:0 --quiet || return 1
    local server=$PID
    timeout 120 "$RELEASE/examples/chat-load" "$ADDR" --clients "$CHAT_CLIENTS" --messages "$CHAT_MESSAGES" >"$WORK/load.log" 2>&1 || complete=no
    stop_server "$server"
    sed 's/^/  /' "$WORK/load.log"
    awk '/deliveries per second/ { print $1 }' "$WORK/load.log" >>"$WORK/chat-rate"
    awk '/p99 delivery latency/ { print $4 }' "$WORK/load.log" >>"$WORK/chat-p99"
  done
  local expected=$((CHAT_CLIENTS * (CHAT_CLIENTS - 1) * CHAT_MESSAGES))
  row threaded-chat "deliveries/s, ${CHAT_CLIENTS} x ${CHAT_MESSAGES}" "$(median <"$WORK/chat-rate")" "-" "-" "all $expected delivered, in order" "$complete"
  row threaded-chat "p99 delivery latency, ms" "$(median <"$WORK/chat-p99")" "-" "-" "reported" "-"
}

# --- server models: http-hello's pool and tasks beside nginx, 64 to 10,000 connections --
# One wrk run per server and number of connections (keep-alive, ~MODEL_SECONDS each, a
# fresh server for each so that its peak memory is the run's own), MODEL_ROUNDS rounds,
# the servers alternating; the table shows the medians. Then the memory of
# idle connections: 10,000 held open to the tasks, 1,000 to a pool of 1,000 threads.
# The table goes to $WORK/models.md, the chart (scripts/models_chart.py) to
# $WORK/server-models.svg; a full run copies both into the book.
bench_models() {
  echo
  echo "server models: pool, async and nginx, wrk -t2 -d${MODEL_SECONDS}s at 64, 1000 and 10000 connections, $MODEL_ROUNDS runs each, alternating"
  # Every connection is an open file in wrk and in the server: as many as the system allows.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null
  local files
  files=$(ulimit -n)
  [ "$files" = unlimited ] || [ "$files" -ge 10100 ] ||
    echo "  note: only $files open files allowed (ulimit -Hn); 10,000 connections will fail"
  mkdir -p "$WORK/www" "$WORK/nginx-models"
  chmod a+rx "$WORK" "$WORK/www"
  : >"$WORK/models.tsv"
  local round c who
  for round in $(seq "$MODEL_ROUNDS"); do
    for c in 64 1000 10000; do
      for who in pool async nginx; do
        models_row "$who" "$c" "$round" || return 1
      done
    done
  done
  # The medians: a Markdown table, goal rows for the main table, and the chart.
  python3 "$ROOT/scripts/models_chart.py" "$WORK/models.tsv" "$WORK/server-models.svg" >"$WORK/models.out" || return 1
  models_idle || return 1
  local line
  while IFS= read -r line; do ROWS+=("${line#ROW }"); done < <(grep '^ROW ' "$WORK/models.out")
  grep -v '^ROW ' "$WORK/models.out" >"$WORK/models.md"
  printf '%s\n' "${IDLE_ROWS[@]}" >"$WORK/memory.md"
  echo
  cat "$WORK/models.md"
  echo
  cat "$WORK/memory.md"
  # Kept after the run too (a quick or partial run writes nothing into the book).
  mkdir -p "$TARGET/bench" && cp "$WORK/models.md" "$WORK/memory.md" "$WORK/server-models.svg" "$TARGET/bench/"
  echo "(also in $TARGET/bench/: models.md, memory.md, server-models.svg)"
}

# models_row SERVER CONNECTIONS ROUND: one wrk run, appended to models.tsv.
models_row() {
  local who=$1 c=$2 round=$3 url pids
  case $who in
    pool) start_server pool "$RELEASE/http-hello" 127.0.0.1:0 --quiet || return 1 ;;
    async) start_server async "$RELEASE/http-hello" 127.0.0.1:0 --model async --quiet || return 1 ;;
    nginx) models_nginx "$c" || return 1 ;;
  esac
  url="http://$ADDR/"
  [ -s "$WORK/www/index.html" ] || curl -s "$url" >"$WORK/www/index.html"
  chmod a+r "$WORK/www/index.html"
  timeout $((MODEL_SECONDS + 60)) wrk -t2 -c"$c" -d"${MODEL_SECONDS}s" --timeout 10s --latency "$url" >"$WORK/wrk-models.log" 2>&1
  # The server's resident memory at its peak: the process, or nginx's master and workers.
  pids="$PID $(pgrep -P "$PID" | tr '\n' ' ')"
  local kib=0 p
  for p in $pids; do kib=$((kib + $(awk '/VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0))); done
  stop_server "$PID"
  local rps p99 non2xx errors total
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk-models.log")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.1f", v }' "$WORK/wrk-models.log")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk-models.log")
  errors=$(awk '/Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n + 0 }' "$WORK/wrk-models.log")
  total=$(awk '/requests in/ { print $1 }' "$WORK/wrk-models.log")
  [ -n "$rps" ] || { echo "FAIL: wrk against $who at $c connections:"; cat "$WORK/wrk-models.log"; return 1; }
  echo "  run $round, $who, $c connections: $rps requests/s, p99 $p99 ms, ${non2xx:-0} non-2xx, ${errors:-0} socket errors, $((kib / 1024)) MiB"
  # The chart counts only the 2xx answers: a 503 is quick, but it is not a page.
  echo "$who $c $rps ${p99:-0} ${non2xx:-0} ${errors:-0} $(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v t="$total" -v n="${non2xx:-0}" -v s="$MODEL_SECONDS" 'BEGIN { printf "%.0f", (t - n) / s }')" >>"$WORK/models.tsv"
}

# models_nginx CONNECTIONS: nginx with room for them; sets ADDR and PID like start_server.
models_nginx() {
  local port
  port=$(free_port)
  cat >"$WORK/nginx-models/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile $(($1 + 1000));
pid $WORK/nginx-models/nginx.pid;
error_log $WORK/nginx-models/error.log;
events { worker_connections $(($1 + 1000)); }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-models;
  proxy_temp_path $WORK/nginx-models;
  fastcgi_temp_path $WORK/nginx-models;
  uwsgi_temp_path $WORK/nginx-models;
  scgi_temp_path $WORK/nginx-models;
  types { text/html html; }
  charset utf-8;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $WORK/www;
    location / { index index.html; }
  }
}
CONF
  nginx -c "$WORK/nginx-models/nginx.conf" -g 'daemon off;' >"$WORK/nginx-models.log" 2>&1 &
  PID=$!
  SERVER_PIDS+=("$PID")
  ADDR="127.0.0.1:$port"
  sleep 0.5
  curl -sf "http://$ADDR/" >/dev/null || { echo "FAIL: nginx did not start"; cat "$WORK/nginx-models/error.log"; return 1; }
}

# models_idle: resident memory with idle kept-alive connections held open by the hold
# example: 10,000 to the tasks (goal: under 64 MiB), 1,000 to a pool of 1,000 threads.
models_idle() {
  IDLE_ROWS=("| idle kept-alive connections | server memory before, MiB | with them, MiB | per connection over a bare server, KiB |" "|---|---|---|---|")
  local who count before with bare=0
  for who in async pool; do
    if [ $who = async ]; then
      count=10000
      start_server idle "$RELEASE/http-hello" 127.0.0.1:0 --model async --idle 600 --quiet || return 1
    else
      count=1000
      start_server idle "$RELEASE/http-hello" 127.0.0.1:0 --threads 1000 --idle 600 --quiet || return 1
    fi
    local server=$PID
    # The pool's workers start after its first line: wait until all 1,000 are there.
    local threads=0
    [ $who = pool ] && threads=1000
    for _ in $(seq 100); do
      [ "$(awk '/Threads/ { print $2 }' "/proc/$server/status")" -gt $threads ] && break
      sleep 0.1
    done
    before=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
    # A bare server (the tasks before any connection) is the baseline of both rows, so
    # that the pool's row counts each connection's thread too.
    [ $who = async ] && bare=$before
    rm -f "$WORK/hold.in" && mkfifo "$WORK/hold.in"
    : >"$WORK/hold.log" # emptied before, not by the job's own `>` (see start_server)
    "$RELEASE/examples/hold" "$ADDR" "$count" <"$WORK/hold.in" >>"$WORK/hold.log" 2>&1 &
    local holder=$!
    exec 9>"$WORK/hold.in" # hold's stdin stays open until we close it
    for _ in $(seq 600); do
      grep -q "holding them" "$WORK/hold.log" && break
      kill -0 "$holder" 2>/dev/null || break
      sleep 0.1
    done
    with=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
    exec 9>&-
    wait "$holder"
    stop_server "$server"
    grep -q "answers 2xx $count " "$WORK/hold.log" || { echo "FAIL: hold"; cat "$WORK/hold.log"; return 1; }
    echo "  $who, $count idle connections: $((before / 1024)) MiB before, $((with / 1024)) MiB with them"
    local label="10,000 to the tasks (async)"
    [ $who = pool ] && label="1,000 to a pool of 1,000 threads"
    IDLE_ROWS+=("| $label | $(awk -v k="$before" 'BEGIN { printf "%.1f", k / 1024 }') | $(awk -v k="$with" 'BEGIN { printf "%.1f", k / 1024 }') | $(awk -v a="$bare" -v b="$with" -v n="$count" 'BEGIN { printf "%.1f", (b - a) / n }') |")
    if [ $who = async ]; then
      row http-hello "memory, 10,000 idle connections (async), MiB" \
        "$(awk -v k="$with" 'BEGIN { printf "%.1f", k / 1024 }')" "-" "-" "< 64 MiB" \
        "$(awk -v k="$with" 'BEGIN { print (k < 65536) ? "yes" : "no" }')"
    fi
  done
}

# --- lab: how long a check takes -------------------------------------------------------
# Each exercise's solution, checked five times in a copy of exercises/ after one build
# (the median and the spread of the wall time); and programs that hang, each of which
# must be reported within its stage's deadline.
bench_lab() {
  echo
  echo "lab: seconds per check of each solution (median of 5, after its build)"
  local copy="$WORK/lab/exercises" lab="$RELEASE/lab"
  copy_exercises "$copy"
  export CARGO_TARGET_DIR="$WORK/lab/target"
  local name dir times
  while read -r name dir; do
    put_solution "$copy" "$dir" "$copy/$dir"
    "$lab" --exercises "$copy" check "$name" >/dev/null 2>&1 || { echo "FAIL: $name's solution"; return 1; }
    times=$(for _ in 1 2 3 4 5; do
      seconds "$lab" --exercises "$copy" check "$name"
      echo
    done)
    local mid low high
    mid=$(echo "$times" | median)
    low=$(echo "$times" | sort -g | head -1)
    high=$(echo "$times" | sort -g | tail -1)
    echo "  $name: $mid s (from $low to $high)"
    row lab "$name solved: seconds per check, median of 5 (min-max $low-$high)" "$mid" "-" "-" "< 3 s" \
      "$(awk -v t="$mid" 'BEGIN { print (t < 3) ? "yes" : "no" }')"
  done < <(exercise_list)
  # A program that hangs, per exercise: its report must come within the stage's deadline.
  # Each in place of its file of src/ (FILE), beside the solution's other programs.
  local wrong file what hang
  while read -r name dir wrong file what; do
    put_solution "$copy" "$dir" "$copy/$dir"
    cp "$ROOT/crates/lab/tests/wrong/$name/$wrong" "$copy/$dir/src/$file"
    "$lab" --exercises "$copy" check "$name" >/dev/null 2>&1 # its build
    hang=$(seconds "$lab" --exercises "$copy" check "$name")
    echo "  $name, a program that $what: reported after $hang s"
    row lab "$name, a program that $what: seconds to its report" "$hang" "-" "-" "<= 10 s" \
      "$(awk -v t="$hang" 'BEGIN { print (t <= 10) ? "yes" : "no" }')"
  done <<'HANGS'
tcp-server 01-tcp-server never-listens.rs main.rs never listens
tcp-client 02-tcp-client never-connects.rs main.rs never connects
tcp-client 02-tcp-client reads-again-while-nothing-comes.rs main.rs reads on after the close
byebye 03-byebye server-ignores-byebye.rs server.rs waits for an answer to byebye
byebye 03-byebye client-sends-nothing-at-the-end-of-input.rs client.rs waits at the end of its input
framing 04-framing spins-on-a-closed-connection.rs main.rs spins on a closed connection
udp 05-udp client-waits-for-ever.rs client.rs waits for ever for a lost reply
pinger 06-pinger waits-for-ever.rs main.rs waits for ever for a lost echo
HANGS
  unset CARGO_TARGET_DIR
}

failed=0
if wanted http; then bench_http || failed=1; fi
if wanted models; then bench_models || failed=1; fi
if wanted file; then bench_file || failed=1; fi
if wanted echo; then bench_echo || failed=1; fi
if wanted chat; then bench_chat || failed=1; fi
if wanted lab; then bench_lab || failed=1; fi

TABLE=$(
  echo "| lesson | measure | ours | peer | ratio | goal | met |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
)
echo
echo "$TABLE"

if [ $QUICK = 1 ] || [ ${#PARTS[@]} != 0 ]; then
  echo
  echo "(a quick or partial run: printed only; docs/src/benchmarks.md keeps the full run's figures)"
  exit $failed
fi

mkdir -p "$ROOT/docs/src/images"
# The server models' tables and chart, which the async chapter shows too.
[ -s "$WORK/server-models.svg" ] && cp "$WORK/server-models.svg" "$ROOT/docs/src/images/server-models.svg"
[ -s "$WORK/models.md" ] && cp "$WORK/models.md" "$ROOT/docs/src/server-models-table.md"
[ -s "$WORK/memory.md" ] && cp "$WORK/memory.md" "$ROOT/docs/src/server-memory-table.md"
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB of memory, Linux $(uname -r)"
KIND="the full run"
# The figures go into a page of their own, which benchmarks.md includes: they change with
# every run, and the translation catalogue should not (scripts/translation.sh).
cat >"$ROOT/docs/src/benchmarks-table.md" <<DOC
Measured on $(date -u +%Y-%m-%d) ($KIND), on $MACHINE.

$TABLE
DOC
# The Chinese book's copies of the tables; it stops on text it has no Chinese for.
python3 "$ROOT/scripts/bench_tables_zh.py" || failed=1
cat >"$ROOT/docs/src/benchmarks.md" <<DOC
# Benchmarks

How the lessons compare with programs people already use, measured on one machine in one
run by \`scripts/bench.sh\`: each pair runs several times (three, five for file-download),
ours and theirs alternating, and the table shows the medians. Everything runs on loopback, so these figures measure the
programs and the kernel, not a network. The tables of figures are written by the script
(into \`benchmarks-table.md\`, \`server-models-table.md\` and \`server-memory-table.md\`, which
this page includes), and their Chinese copies by \`scripts/bench_tables_zh.py\`.

{{#include benchmarks-table.md}}

- **http-hello**, **nginx** and Python's **ThreadingHTTPServer** (\`python3 -m http.server\`,
  which closes every connection after one response) serve the same welcome page;
  \`wrk -t2 -c64\` runs on the same machine, so load generator and server share the cores.
  "Far above python" counts as met at three times Python's figure or more.
- **file-download** and **nc** (\`nc -N -l\` sending, \`nc\` receiving) move the same file
  from the page cache into a file in a tmpfs folder (\`/dev/shm\`, memory). The figure is
  what the programs cost, not how fast a disk takes the bytes: the CPU time (user +
  system) of server and client together, per GiB, each side run under
  tests/interop/cpu_time.py, which reads it when the program ends. Five pairs, ours and
  nc back to back, who goes first alternating; the ratio is taken within each pair, and
  the row shows the median ratio with the lowest and highest beside it. The client row
  compares our client with itself, \`splice\` beside the copy loop (\`--no-splice\`), the
  same way. The \`dd\` row is the cost of writing the file alone into the same folder,
  with no network: both sides pay it, which is why sendfile and splice, which skip three
  of nc's four copies of each byte, save far less than three quarters of its CPU time.
  Work the kernel defers to its own threads (\`ksoftirqd\`) under load is counted for
  neither side. Peak memory is the larger of server and client (resident set, from
  \`/proc\` and GNU time), in one more transfer each. Server CPU is user + system time
  from \`/proc/PID/stat\` over four downloads by the same client into \`/dev/null\`, beside
  tests/interop/sendfile_server.py, which sends with Python's \`socket.sendfile()\`.
- **udp-echo**: our server and \`ping --interval 0\` against a Python echo server and client
  (tests/interop/udp_echo_server.py, udp_rtt.py) doing the same round trips.
- **threaded-chat**: every member sends its lines as fast as it can; every line reaches
  every other member, checked in order; latency is from send to arrival.
- **lab**: the wall time of \`lab check\` on each exercise's reference solution, every stage
  run, after a first check has built it (five checks: the median, and the fastest and
  slowest beside it); and the time until a program that hangs is reported: a server that
  never listens and a client that never connects (the stage's 5 s deadline bounds both),
  and a client that reads on after the server closed (3 s, after the stages before it).

## Server models

http-hello's two ways of serving connections, \`--model pool\` (128 worker threads and a
queue of 64) and \`--model async\` (a tokio task per connection, at most 10,000), beside
nginx serving the same page, from 64 to 10,000 kept-alive connections: \`wrk -t2
-d${MODEL_SECONDS}s --timeout 10s\`, a fresh server for each run, $MODEL_ROUNDS rounds with the
servers alternating, \`ulimit -n\` raised to its hard limit and nginx's
\`worker_connections\` sized to the row. Server memory is the peak resident set (VmHWM,
nginx's master and workers added up). The idle rows hold connections open with
\`examples/hold.rs\` and read \`VmRSS\` before and with them; per connection is counted
over a bare server (the tasks before any connection), so the pool's row includes each
connection's thread. The chapter [From gevent to async Rust](async.md) explains the
difference.

{{#include server-models-table.md}}

{{#include server-memory-table.md}}

The chart counts only 2xx answers per second: the pool's quick 503s are not pages.

![2xx answers per second and p99 latency against connections, per server](images/server-models.svg)

To reproduce:

\`\`\`text
scripts/bench.sh          # the full run, a few minutes; writes this page
scripts/bench.sh --quick  # under a minute; prints only
\`\`\`
DOC
echo
echo "written to docs/src/benchmarks.md"
exit $failed
