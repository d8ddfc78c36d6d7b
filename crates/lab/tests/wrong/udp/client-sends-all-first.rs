//! Wrong: sends every message first, then reads the replies: a reply that does not come
//! can no longer be told apart from the others.

use std::net::UdpSocket;
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let server = args.next().unwrap_or_default();
    let messages: Vec<String> = args.collect();
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.connect(&server).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    for message in &messages {
        socket.send(message.as_bytes()).unwrap();
    }
    let mut buffer = [0u8; 1024];
    for _ in &messages {
        match socket.recv(&mut buffer) {
            Ok(n) => println!("{}", String::from_utf8_lossy(&buffer[..n])),
            Err(error) => {
                eprintln!("udp-client: no reply ({error})");
                std::process::exit(1);
            }
        }
    }
}
