# The tutorials' first UDP program: one line from the keyboard, sent with sendto() to
# host and port from argv, then recvfrom(1024) for the answer, shown as gbk text with
# the sender's address. The tutorial sends to a fixed address and encodes with utf-8;
# here the peer is a gbk program (the receive-once server on 7788), so gbk both ways,
# and a timeout so that a lost answer cannot hang a test run.
import sys
from socket import *

udp_socket = socket(AF_INET, SOCK_DGRAM)
udp_socket.settimeout(10)
dest_addr = (sys.argv[1], int(sys.argv[2]))
send_data = input()
udp_socket.sendto(send_data.encode("gbk"), dest_addr)
recv_data = udp_socket.recvfrom(1024)
print(recv_data[0].decode("gbk"))
print(recv_data[1])
udp_socket.close()
