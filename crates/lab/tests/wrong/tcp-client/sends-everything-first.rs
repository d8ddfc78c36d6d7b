//! Wrong: sends every message at once, then reads the replies: they stick together.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    let messages: Vec<String> = args.collect();
    for message in &messages {
        stream.write_all(message.as_bytes()).unwrap();
    }
    for _ in &messages {
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
