//! Wrong: connects to a port written into the program, not to the address it is given.
//! (Port 1, where nothing listens, rather than 8888: the test must not depend on what
//! else this machine runs.)
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let messages = std::env::args().skip(2);
    let mut stream = TcpStream::connect("127.0.0.1:1").unwrap();
    for message in messages {
        stream.write_all(message.as_bytes()).unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
