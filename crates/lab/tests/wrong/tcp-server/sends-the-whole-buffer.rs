//! Wrong: writes the answer into the receive buffer and sends the whole buffer, 1024
//! bytes: the answer, then what was left of the message, then zeros.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let answer = format!("received {n} bytes\n");
        buffer[..answer.len()].copy_from_slice(answer.as_bytes());
        stream.write_all(&buffer).unwrap();
    }
}
