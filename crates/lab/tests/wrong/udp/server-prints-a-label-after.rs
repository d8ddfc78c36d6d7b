//! Wrong: prints who sent the message after it, where the task wants the message at the
//! end of its line.

use std::net::UdpSocket;

fn main() {
    let addr = std::env::args().nth(1).unwrap_or_default();
    let socket = UdpSocket::bind(&addr).unwrap();
    let mut buffer = [0u8; 1024];
    loop {
        let Ok((n, sender)) = socket.recv_from(&mut buffer) else {
            continue;
        };
        println!("{} (from {sender})", String::from_utf8_lossy(&buffer[..n]));
        let _ = socket.send_to(b"Receive", sender);
    }
}
