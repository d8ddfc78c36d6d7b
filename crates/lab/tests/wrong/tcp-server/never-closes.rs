//! Wrong: answers, but keeps every connection open.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    let mut kept = Vec::new();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
        kept.push(stream);
    }
}
