//! Wrong: takes a read of 0 bytes for an empty message: it shows it and waits for an answer, as the tutorial's server does.
use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        talk(stream.unwrap());
    }
}

fn talk(mut stream: TcpStream) {
    loop {
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        let message = String::from_utf8_lossy(&buffer[..n]);
        println!("client: {message}");
        if message == "byebye" {
            return;
        }
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).unwrap();
        let line = line.trim_end();
        let _ = stream.write_all(line.as_bytes());
        if line == "byebye" {
            return;
        }
    }
}
