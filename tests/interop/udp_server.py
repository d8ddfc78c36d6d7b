# A UDP server in the tutorials' style: recvfrom(1024), then sendto(b'Receive', addr).
from socket import *

sockfd = socket(AF_INET, SOCK_DGRAM)
sockfd.bind(("127.0.0.1", 0))
sockfd.settimeout(10)
print("listening on 127.0.0.1:%d" % sockfd.getsockname()[1], flush=True)
data, addr = sockfd.recvfrom(1024)
print("got:", data.decode(), flush=True)
sockfd.sendto(b"Receive", addr)
sockfd.close()
