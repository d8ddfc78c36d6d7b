# A file server in ten lines, for scripts/bench.sh: file-download's protocol, with the
# body sent by socket.sendfile() (the kernel's sendfile(2)). Serves the file given on the
# command line, whatever name is asked for, to one client after another.
import os, sys
from socket import *

path = sys.argv[1]
listener = socket(AF_INET, SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(5)
listener.settimeout(120)  # nobody for two minutes: stop by itself
print("listening on 127.0.0.1:%d" % listener.getsockname()[1], flush=True)
while True:
    conn, peer = listener.accept()
    conn.settimeout(30)
    conn.makefile("rb").readline()
    with open(path, "rb") as f:
        conn.sendall(("OK %d\n" % os.fstat(f.fileno()).st_size).encode())
        conn.sendfile(f)
    conn.close()
