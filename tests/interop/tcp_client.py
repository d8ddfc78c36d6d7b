# A TCP client in the tutorials' style: connect, send, recv(1024), close.
import sys
from socket import *

host, port, message = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.settimeout(5)
sockfd.connect((host, port))
sockfd.send(message.encode())
data = sockfd.recv(1024)
print("reply:", data.decode())
sockfd.close()
