//! Wrong: reads again whenever read() returns 0, waiting for a reply that never comes.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
        let mut buffer = [0u8; 1024];
        let mut n = 0;
        while n == 0 {
            n = stream.read(&mut buffer).unwrap();
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
