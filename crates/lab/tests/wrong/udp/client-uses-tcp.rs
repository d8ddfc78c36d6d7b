//! Wrong: exercise 2's TCP client: it connects, where a UDP client sends datagrams.

use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let server = args.next().unwrap_or_default();
    // TCP where UDP is asked for: a connection, not datagrams.
    let mut stream = TcpStream::connect(&server).unwrap();
    let mut buffer = [0u8; 1024];
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
        let n = stream.read(&mut buffer).unwrap();
        println!("{}", String::from_utf8_lossy(&buffer[..n]));
    }
}
