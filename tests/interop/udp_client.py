# A UDP client in the tutorials' style: host and port from argv, sendto, recvfrom(1024).
import sys
from socket import *

ADDR = (sys.argv[1], int(sys.argv[2]))
sockfd = socket(AF_INET, SOCK_DGRAM)
sockfd.settimeout(5)
for message in sys.argv[3:]:
    sockfd.sendto(message.encode(), ADDR)
    data, addr = sockfd.recvfrom(65536)
    print("reply:", data.decode())
sockfd.close()
