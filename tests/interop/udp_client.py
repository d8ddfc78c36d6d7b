# A UDP client in the tutorials' style: host and port from argv, then input() in a loop,
# sendto() each line and recvfrom(1024) the reply; an empty line ends it.
import sys
from socket import *

ADDR = (sys.argv[1], int(sys.argv[2]))
sockfd = socket(AF_INET, SOCK_DGRAM)
sockfd.settimeout(5)
while True:
    try:
        data = input()
    except EOFError:
        break
    if not data:
        break
    sockfd.sendto(data.encode(), ADDR)
    data, addr = sockfd.recvfrom(65536)
    print("reply:", data.decode())
sockfd.close()
