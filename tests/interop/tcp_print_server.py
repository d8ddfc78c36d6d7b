# The tutorials' first TCP server (tutorial 001, its one-message pair): accept, recv(512) once, print, close,
# without replying. Serves one client, then exits.
from socket import *

server = socket(AF_INET, SOCK_STREAM)
server.bind(("127.0.0.1", 0))
server.listen(5)
server.settimeout(10)
print("listening on 127.0.0.1:%d" % server.getsockname()[1], flush=True)
conn, addr_info = server.accept()
conn.settimeout(5)
recv_data = conn.recv(512).decode("utf-8")
print("{} sent: {}".format(addr_info[0], recv_data), flush=True)
conn.close()
server.close()
