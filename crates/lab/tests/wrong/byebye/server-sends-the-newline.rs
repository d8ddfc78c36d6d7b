//! Wrong: sends the typed line as read_line leaves it, newline and all.
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
        if n == 0 {
            return;
        }
        let message = String::from_utf8_lossy(&buffer[..n]);
        println!("client: {message}");
        if message == "byebye" {
            return;
        }
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).unwrap();
        stream.write_all(line.as_bytes()).unwrap();
        if line.trim() == "byebye" {
            return;
        }
    }
}
