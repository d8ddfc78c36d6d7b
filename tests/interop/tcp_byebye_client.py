# The tutorials' ping-pong client (tutorial 001, its conversation): each line typed is sent; the answer is
# printed; byebye from either side ends it. Host and port from argv; the prompt only
# when a person is typing.
import sys
from socket import *

host, port = sys.argv[1], int(sys.argv[2])
prompt = "client> " if sys.stdin.isatty() else ""
client = socket(AF_INET, SOCK_STREAM)
client.settimeout(120)  # a person answers on the other side
client.connect((host, port))
while True:
    msg = input(prompt)
    client.send(msg.encode("utf-8"))
    if msg == "byebye":
        break
    recv_data = client.recv(512).decode("utf-8")
    print("the server says: {}".format(recv_data), flush=True)
    if recv_data == "byebye":
        break
client.close()
print("client closed", flush=True)
