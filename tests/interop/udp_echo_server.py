# A UDP echo server: every datagram goes back to its sender. Runs until stopped, or until
# it has been quiet for 10 seconds.
from socket import *

sockfd = socket(AF_INET, SOCK_DGRAM)
sockfd.bind(("127.0.0.1", 0))
sockfd.settimeout(10)
print("listening on 127.0.0.1:%d" % sockfd.getsockname()[1], flush=True)
try:
    while True:
        data, addr = sockfd.recvfrom(65536)
        sockfd.sendto(data, addr)
except timeout:
    pass
sockfd.close()
