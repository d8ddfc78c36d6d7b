//! Wrong: reads a line (read_line), but the client sends no newline: the server waits for
//! one, the client for the answer.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line).unwrap();
        stream
            .write_all(format!("received {} bytes\n", line.len()).as_bytes())
            .unwrap();
    }
}
