//! Wrong: a 64-byte buffer where the task says 1024: a long message is cut.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 64];
        let n = stream.read(&mut buffer).unwrap();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
    }
}
