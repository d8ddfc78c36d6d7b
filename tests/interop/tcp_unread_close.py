# A client that closes with the server's answer still unread: send, wait until the answer
# has arrived (select says the socket is readable), close without recv. The kernel then
# ends the connection with a reset (RST), not a FIN, and the server hears "connection
# reset by peer". Host, port and message from argv.
import select, sys
from socket import *

host, port, message = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = socket(AF_INET, SOCK_STREAM)
client.settimeout(5)
client.connect((host, port))
client.send(message.encode("utf-8"))
readable, _, _ = select.select([client], [], [], 5)
print("answer waiting, unread" if readable else "no answer within 5 s", flush=True)
client.close()
