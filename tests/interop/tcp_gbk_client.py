# The tutorials' gbk client (tutorial 002): asks for the server's ip and port, then one
# message, sends it in gbk, prints the answer decoded as gbk. The prompts only when a
# person is typing.
import sys
from socket import *

ask = sys.stdin.isatty()
tcp_client_socket = socket(AF_INET, SOCK_STREAM)
tcp_client_socket.settimeout(10)
server_ip = input("server ip: " if ask else "")
server_port = int(input("server port: " if ask else ""))
tcp_client_socket.connect((server_ip, server_port))
send_data = input("message: " if ask else "")
tcp_client_socket.send(send_data.encode("gbk"))
recv_data = tcp_client_socket.recv(1024)
print("received:", recv_data.decode("gbk"), flush=True)
tcp_client_socket.close()
