//! Wrong: reads each reply with read_to_end, which waits for the server's close.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        println!("{}", String::from_utf8_lossy(&reply).trim_end());
    }
}
