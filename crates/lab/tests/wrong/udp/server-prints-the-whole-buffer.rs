//! Wrong: prints the whole buffer, the bytes received and the zeros after them.

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
    let mut buffer = [0u8; 1024];
    loop {
        // recvfrom(1024): one whole datagram and its sender's address. 0 bytes is an
        // empty datagram, not an end: UDP has no connection to close.
        let (n, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            Err(error) => {
                eprintln!("udp-server: cannot receive: {error}");
                continue;
            }
        };
        // from_utf8_lossy: bytes that are not utf-8 show as �, and nothing panics.
        let _ = n;
        println!("from {sender}: {}", String::from_utf8_lossy(&buffer));
        // sendto(b'Receive', addr): the answer goes to whoever sent this datagram.
        if let Err(error) = socket.send_to(b"Receive", sender) {
            eprintln!("udp-server: cannot answer {sender}: {error}");
        }
    }
}
