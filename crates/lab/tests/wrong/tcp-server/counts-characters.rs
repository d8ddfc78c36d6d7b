//! Wrong: counts the characters of the message, not its bytes.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let characters = String::from_utf8_lossy(&buffer[..n]).chars().count();
        stream
            .write_all(format!("received {characters} bytes\n").as_bytes())
            .unwrap();
    }
}
