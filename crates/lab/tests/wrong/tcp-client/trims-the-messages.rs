//! Wrong: sends each message trimmed (Python's strip()): a trailing space is lost.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.trim().as_bytes()).unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
