//! Wrong: prints an empty reply when read() returns 0, and goes on: the close unnoticed.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
