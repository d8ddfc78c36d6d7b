# The tutorials' broadcast sender, on loopback: SO_BROADCAST, sendto the broadcast address.
import sys
from socket import *
from time import sleep

port, count = int(sys.argv[1]), int(sys.argv[2])
s = socket(AF_INET, SOCK_DGRAM)
s.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)
for i in range(count):
    s.sendto(("broadcast %d from python" % i).encode(), ("127.255.255.255", port))
    sleep(0.1)
s.close()
