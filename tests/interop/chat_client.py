# A chat member as the tutorials' two-thread client would be: one thread receives and
# prints, the main thread sends. Sends a name and one line, waits to see EXPECT, leaves.
import sys, threading
from socket import *

host, port, name, line, expect = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.settimeout(10)
sockfd.connect((host, port))
seen = threading.Event()

def receive():
    buffered = b""
    while not seen.is_set():
        data = sockfd.recv(1024)
        if not data:
            break
        buffered += data
        while b"\n" in buffered:
            text, buffered = buffered.split(b"\n", 1)
            print(text.decode(), flush=True)
            if expect in text.decode():
                seen.set()

receiver = threading.Thread(target=receive)
receiver.start()
sockfd.sendall((name + "\n").encode())
sockfd.sendall((line + "\n").encode())
seen.wait(10)
sockfd.sendall(b"byebye\n")
receiver.join(5)
sockfd.close()
sys.exit(0 if seen.is_set() else 1)
