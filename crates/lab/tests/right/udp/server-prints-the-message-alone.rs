//! Right: a buffer of 64 KiB (no datagram is cut), the message printed alone, errors
//! skipped without a word, and the answer sent with `?` inside a function of its own.

use std::io;
use std::net::UdpSocket;

fn main() {
    let addr = std::env::args().nth(1).unwrap_or_default();
    let socket = match UdpSocket::bind(&addr) {
        Ok(socket) => socket,
        Err(error) => {
            eprintln!("udp-server: cannot bind {addr}: {error}");
            std::process::exit(1);
        }
    };
    let mut buffer = vec![0u8; 65_536];
    loop {
        let _ = serve_one(&socket, &mut buffer);
    }
}

fn serve_one(socket: &UdpSocket, buffer: &mut [u8]) -> io::Result<()> {
    let (n, sender) = socket.recv_from(buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..n]));
    socket.send_to(b"Receive", sender)?;
    Ok(())
}
