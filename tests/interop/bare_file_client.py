# The tutorial's file client, in the tutorial's style: send the name alone, then keep
# what arrives until the server closes; write a file only if something came. (The
# tutorial's own client keeps the first recv(1024) only; this one loops, so that files
# larger than 1 KiB arrive too.)
# Usage: python3 bare_file_client.py HOST PORT NAME OUT
import sys
from socket import *


def main():
    host, port, name, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    client = socket(AF_INET, SOCK_STREAM)
    client.settimeout(30)  # longer than a server waits for a request line
    client.connect((host, port))
    client.send(name.encode("utf-8"))
    pieces = []
    while True:
        data = client.recv(1024)
        if not data:  # an empty recv: the server closed, the file is over (or cut!)
            break
        pieces.append(data)
    client.close()
    content = b"".join(pieces)
    if content:
        with open(out, "wb") as f:
            f.write(content)
        print("saved %d bytes" % len(content))
    else:
        print("nothing arrived")


if __name__ == "__main__":
    main()
