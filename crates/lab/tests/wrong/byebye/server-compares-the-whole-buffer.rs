//! Wrong on purpose: shows the n bytes received, but compares the whole buffer with
//! "byebye": "byebye" and the zeros after it are not "byebye".
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
        println!("client: {}", String::from_utf8_lossy(&buffer[..n]));
        if String::from_utf8_lossy(&buffer) == "byebye" {
            return;
        }
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).unwrap();
        let line = line.trim_end();
        stream.write_all(line.as_bytes()).unwrap();
        if line == "byebye" {
            return;
        }
    }
}
