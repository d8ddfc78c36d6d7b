//! Wrong: exercise 1's TCP server, answering Receive: no datagram reaches it.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let addr = std::env::args().nth(1).unwrap_or_default();
    // TCP where UDP is asked for: a listener, connections, no datagrams.
    let listener = TcpListener::bind(&addr).unwrap();
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap_or(0);
        println!("{}", String::from_utf8_lossy(&buffer[..n]));
        let _ = stream.write_all(b"Receive");
    }
}
