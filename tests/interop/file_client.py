# A client for file-download's protocol: send "NAME\n", read "OK SIZE\n", then exactly SIZE
# bytes, and save them only if all arrived.
import sys
from socket import *

host, port, name, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket(AF_INET, SOCK_STREAM)
s.settimeout(10)
s.connect((host, port))
s.sendall((name + "\n").encode())
reader = s.makefile("rb")
answer = reader.readline().decode().rstrip("\n")
if not answer.startswith("OK "):
    print(answer)
    sys.exit(1)
size = int(answer[3:])
data = reader.read(size)
if len(data) != size:
    print("cut short: %d of %d bytes" % (len(data), size))
    sys.exit(1)
with open(out, "wb") as f:
    f.write(data)
print("saved %d bytes" % size)
