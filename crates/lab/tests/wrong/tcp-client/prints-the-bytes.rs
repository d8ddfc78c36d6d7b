//! Wrong: prints the reply's bytes as numbers ({:?} of a &[u8]), not as text.
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        println!("{:?}", &buffer[..n]);
    }
}
