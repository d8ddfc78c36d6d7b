//! Wrong: counts the message after trim() (Python's strip()), so spaces at its ends are
//! not counted.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let text = String::from_utf8_lossy(&buffer[..n]);
        let n = text.trim().len();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
    }
}
