# The tutorials' first TCP client (tutorial 001, its one-message pair): connect, send one message, close, without
# reading any reply.
import sys
from socket import *

host, port, message = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = socket(AF_INET, SOCK_STREAM)
client.settimeout(5)
client.connect((host, port))
client.send(message.encode("utf-8"))
client.close()
print("sent and closed", flush=True)
