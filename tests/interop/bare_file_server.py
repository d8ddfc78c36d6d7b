# The tutorial's file server, in the tutorial's style: take a name from one recv(1024),
# send the file's bytes back with no size in front, close. A missing file gets nothing:
# the client only sees the connection close. Serves the files of FOLDER (default: the
# folder it runs in).
# Usage: python3 bare_file_server.py PORT [FOLDER]   (port 0: any free port; it prints the
# one it got)
import os
import sys
from socket import *


def read_file(name):
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError:
        print("no such file to send:", name, flush=True)
        return None


def main():
    port = int(sys.argv[1])
    if len(sys.argv) > 2:
        os.chdir(sys.argv[2])
    server = socket(AF_INET, SOCK_STREAM)
    server.bind(("127.0.0.1", port))
    server.listen(128)
    server.settimeout(60)  # nobody for a minute: stop, so a forgotten run ends by itself
    print("listening on 127.0.0.1:%d" % server.getsockname()[1], flush=True)
    while True:
        conn, peer = server.accept()
        conn.settimeout(10)
        name = conn.recv(1024).decode("utf-8")
        print("asked for:", name, flush=True)
        content = read_file(name)
        if content:
            conn.sendall(content)
        conn.close()


if __name__ == "__main__":
    main()
