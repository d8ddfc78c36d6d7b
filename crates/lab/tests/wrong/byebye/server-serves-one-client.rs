//! Wrong: talks with one client, then ends: no loop around accept().
use std::io::{BufRead, Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    let (mut stream, _) = listener.accept().unwrap();
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
        let line = line.trim_end();
        stream.write_all(line.as_bytes()).unwrap();
        if line == "byebye" {
            return;
        }
    }
}
