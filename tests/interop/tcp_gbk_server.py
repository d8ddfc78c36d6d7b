# The tutorials' gbk server (tutorial 002): bind, listen(128), accept one client, recv(1024)
# and print it as gbk, send "thank you !" in gbk (11 bytes, no newline), close. The port
# from argv (the tutorial's is 7788), else 0: any free port.
import sys
from socket import *

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
tcp_server_socket = socket(AF_INET, SOCK_STREAM)
tcp_server_socket.bind(("127.0.0.1", port))
tcp_server_socket.listen(128)
tcp_server_socket.settimeout(30)
print("listening on 127.0.0.1:%d" % tcp_server_socket.getsockname()[1], flush=True)
client_socket, clientAddr = tcp_server_socket.accept()
client_socket.settimeout(10)
recv_data = client_socket.recv(1024)
print("received:", recv_data.decode("gbk"), flush=True)
client_socket.send("thank you !".encode("gbk"))
client_socket.close()
tcp_server_socket.close()
