//! Wrong: answers one message per connection, then closes, like the tutorial's first server.
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
    println!("client: {}", String::from_utf8_lossy(&buffer[..n]));
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).unwrap();
    stream.write_all(line.trim_end().as_bytes()).unwrap();
}
