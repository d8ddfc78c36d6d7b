# The Python side of scripts/bench.sh's echo race: COUNT round trips to an echo server,
# each datagram sent as soon as the last one came back; prints round trips per second.
import sys, time
from socket import *

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket(AF_INET, SOCK_DGRAM)
s.settimeout(5)
payload = b"x" * 56
started = time.perf_counter()
for _ in range(count):
    s.sendto(payload, (host, port))
    s.recvfrom(65536)
elapsed = time.perf_counter() - started
print("%.0f round trips per second" % (count / elapsed))
