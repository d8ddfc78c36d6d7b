# The tutorials' broadcast receiver: SO_BROADCAST, bind 0.0.0.0, recvfrom(1024).
# python3 broadcast_receiver.py [PORT] [--share]: PORT 0 (the default) takes a free one;
# --share adds SO_REUSEADDR, which every program sharing a port must set.
import sys
from socket import *

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
s = socket(AF_INET, SOCK_DGRAM)
if "--share" in sys.argv:
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)
s.bind(("0.0.0.0", port))
s.settimeout(10)
print("listening on 0.0.0.0:%d" % s.getsockname()[1], flush=True)
msg, addr = s.recvfrom(1024)
print("heard:", msg.decode(), flush=True)
s.close()
