//! Wrong: Vec::with_capacity(1024) has room for 1024 bytes but a length of 0, so read()
//! reads nothing into it and returns 0.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer: Vec<u8> = Vec::with_capacity(1024);
        let n = stream.read(&mut buffer).unwrap();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
    }
}
