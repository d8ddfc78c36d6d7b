//! Wrong: reads until the client closes (read_to_end) before answering; the client waits
//! for the answer before it closes, so neither ever goes on.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut message = Vec::new();
        stream.read_to_end(&mut message).unwrap();
        stream
            .write_all(format!("received {} bytes\n", message.len()).as_bytes())
            .unwrap();
    }
}
