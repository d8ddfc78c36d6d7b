# A TCP server in the tutorials' style: bind, listen(5), accept, recv(1024), send, close.
from socket import *

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(("127.0.0.1", 0))
sockfd.listen(5)
sockfd.settimeout(10)
print("listening on 127.0.0.1:%d" % sockfd.getsockname()[1], flush=True)
connfd, addr = sockfd.accept()
connfd.settimeout(5)
data = connfd.recv(1024)
print("got:", data.decode(), flush=True)
connfd.send(b"over")
connfd.close()
sockfd.close()
