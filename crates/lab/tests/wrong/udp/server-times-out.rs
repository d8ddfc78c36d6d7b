//! Wrong: a read timeout copied from the client, and recv_from's error taken for the end:
//! after a second without a datagram, the server is gone.

use std::net::UdpSocket;

fn main() {
    // The address to receive on, as the checker passes it: sys.argv[1] in Python.
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: udp-server ADDRESS   (for example 127.0.0.1:9000)");
        std::process::exit(2);
    };

    // socket(AF_INET, SOCK_DGRAM) and bind((HOST, PORT)) in one call. Nothing more: no
    // listen(), no accept(); datagrams can arrive from now on.
    let socket = match UdpSocket::bind(&addr) {
        Ok(socket) => socket,
        Err(error) => {
            eprintln!("udp-server: cannot bind {addr}: {error}");
            std::process::exit(1);
        }
    };
    let _ = socket.set_read_timeout(Some(std::time::Duration::from_millis(500)));
    let mut buffer = [0u8; 1024];
    loop {
        // recvfrom(1024): one whole datagram and its sender's address. 0 bytes is an
        // empty datagram, not an end: UDP has no connection to close.
        let (n, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            Err(error) => {
                eprintln!("udp-server: cannot receive: {error}");
                return;
            }
        };
        // from_utf8_lossy: bytes that are not utf-8 show as �, and nothing panics.
        println!("from {sender}: {}", String::from_utf8_lossy(&buffer[..n]));
        // sendto(b'Receive', addr): the answer goes to whoever sent this datagram.
        if let Err(error) = socket.send_to(b"Receive", sender) {
            eprintln!("udp-server: cannot answer {sender}: {error}");
        }
    }
}
