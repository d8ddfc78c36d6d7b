# The tutorials' broadcast receiver: SO_BROADCAST, bind 0.0.0.0, recvfrom(1024).
from socket import *

s = socket(AF_INET, SOCK_DGRAM)
s.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)
s.bind(("0.0.0.0", 0))
s.settimeout(10)
print("listening on 0.0.0.0:%d" % s.getsockname()[1], flush=True)
msg, addr = s.recvfrom(1024)
print("heard:", msg.decode(), flush=True)
s.close()
