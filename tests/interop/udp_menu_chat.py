# The tutorials' UDP chat tool with a menu: one socket, 1 sends (asks for the message,
# the peer's ip, then its port), 2 receives one datagram with recvfrom(1024), 0 quits.
# As in the tutorial, apart from: port 0 instead of 7890 (tests run side by side), a
# `listening on` line first, the menu and prompts only when a person types, end of input
# quits, and a timeout so that a receive cannot hang a test run.
import sys
import socket


def ask(prompt):
    """input(), with the prompt only for a person at the keyboard."""
    return input(prompt if sys.stdin.isatty() else "")


def send_msg(udp_socket):
    """Read the message and the peer's address from the keyboard and send it."""
    msg = ask("\nmessage: ")
    dest_ip = ask("\npeer ip: ")
    dest_port = int(ask("\npeer port: "))
    udp_socket.sendto(msg.encode("utf-8"), (dest_ip, dest_port))


def recv_msg(udp_socket):
    """Receive one datagram and show it with its sender."""
    recv_msg = udp_socket.recvfrom(1024)
    recv_ip = recv_msg[1]
    recv_msg = recv_msg[0].decode("utf-8")
    print(">>>%s:%s" % (str(recv_ip), recv_msg), flush=True)


def main():
    udp_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp_socket.bind(("127.0.0.1", 0))
    udp_socket.settimeout(10)
    print("listening on 127.0.0.1:%d" % udp_socket.getsockname()[1], flush=True)
    while True:
        if sys.stdin.isatty():
            print("=" * 30)
            print("1: send a message")
            print("2: receive a message")
            print("0: quit")
            print("=" * 30)
        try:
            op_num = ask("choose: ")
            if op_num == "1":
                send_msg(udp_socket)
            elif op_num == "2":
                recv_msg(udp_socket)
            elif op_num == "0":
                break
            else:
                print("wrong input, try again...", flush=True)
        except EOFError:
            break
    udp_socket.close()


if __name__ == "__main__":
    main()
