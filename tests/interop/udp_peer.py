# A UDP chat peer: sends one line to the peer at argv, prints the first reply.
import sys
from socket import *

s = socket(AF_INET, SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(10)
s.sendto(sys.argv[3].encode(), (sys.argv[1], int(sys.argv[2])))
data, addr = s.recvfrom(1024)
print("reply:", data.decode())
s.close()
