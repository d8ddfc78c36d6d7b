# A server for file-download's protocol: one request, answered "OK SIZE\n" and the bytes
# of the file given on the command line, whatever name was asked for.
import os, sys
from socket import *

path = sys.argv[1]
sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(("127.0.0.1", 0))
sockfd.listen(5)
sockfd.settimeout(10)
print("listening on 127.0.0.1:%d" % sockfd.getsockname()[1], flush=True)
connfd, addr = sockfd.accept()
connfd.settimeout(5)
request = connfd.makefile("rb").readline().decode().rstrip("\n")
print("asked for:", request, flush=True)
with open(path, "rb") as f:
    data = f.read()
connfd.sendall(("OK %d\n" % len(data)).encode() + data)
connfd.close()
sockfd.close()
