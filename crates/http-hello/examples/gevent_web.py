"""The web server of tutorial 001 (its section 6), kept alive: gevent, a greenlet per client.

`monkey.patch_all()` swaps the blocking socket calls for gevent's, which switch to another
greenlet instead of waiting; `gevent.spawn(handle_client, conn)` starts one greenlet per
connection. Our additions: the connection is kept alive (one request after another), and
the first line says where it listens, so that scripts/bench.sh can measure it beside
http-hello's two models.

    python3 crates/http-hello/examples/gevent_web.py 127.0.0.1 8082

Needs gevent (`pip install gevent`).
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402  (patched: every call below yields to other greenlets)
import sys  # noqa: E402

import gevent  # noqa: E402

BODY = "<!doctype html><meta charset=utf-8><p>Hello from gevent</p>".encode("utf-8")
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    + b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
)


def handle_client(conn):
    pending = b""
    try:
        while True:
            while b"\r\n\r\n" not in pending:
                data = conn.recv(4096)  # waits in this greenlet only
                if not data:
                    return
                pending += data
            _, pending = pending.split(b"\r\n\r\n", 1)
            conn.sendall(RESPONSE)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8082
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(1024)
    print("gevent-web: listening on %s:%d" % server.getsockname(), flush=True)
    while True:
        conn, _ = server.accept()
        gevent.spawn(handle_client, conn)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
