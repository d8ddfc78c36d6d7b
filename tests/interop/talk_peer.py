# The first tutorial's one-to-one chat (two threads on each side), either side of it:
#   talk_peer.py listen       bind, listen(5), accept() one peer
#   talk_peer.py HOST PORT    connect to the peer
# The send thread sends each line typed with input(), as it is (no newline, as the tutorial
# does); the receive thread prints what each recv(512) returns. An empty recv means the
# peer has left: say so and end.
import sys
from socket import socket, AF_INET, SOCK_STREAM
from threading import Thread


def send_msg(sock):
    while True:
        try:
            msg = input()
        except EOFError:
            return
        try:
            sock.send(msg.encode('utf-8'))
        except OSError:
            return


def recv_msg(sock):
    while True:
        data = sock.recv(512).decode('utf-8')
        if len(data) == 0:
            break
        print('received:', data.rstrip('\n'), flush=True)
    print('the peer has left', flush=True)


if sys.argv[1] == 'listen':
    server = socket(AF_INET, SOCK_STREAM)
    server.bind(('127.0.0.1', 0))
    server.listen(5)
    print('listening on 127.0.0.1:%d' % server.getsockname()[1], flush=True)
    sock, addr_info = server.accept()
else:
    sock = socket(AF_INET, SOCK_STREAM)
    sock.connect((sys.argv[1], int(sys.argv[2])))
sock.settimeout(10)
print('connected', flush=True)
t_send = Thread(target=send_msg, args=(sock,))
t_recv = Thread(target=recv_msg, args=(sock,))
t_send.start()
t_recv.start()
t_recv.join()
sock.close()
# The program ends when the send thread does too: at the end of its input.
