//! Wrong: answers each message with `received N bytes` of its own, as in exercise 1, and closes.
use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        talk(stream.unwrap());
    }
}

fn talk(mut stream: TcpStream) {
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer).unwrap();
    let answer = format!("received {n} bytes\n");
    stream.write_all(answer.as_bytes()).unwrap();
    let _unused = std::io::stdin().lock().lines();
}
