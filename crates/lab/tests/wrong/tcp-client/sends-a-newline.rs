//! Wrong: sends each message with a newline after it (writeln!).
use std::io::{Read, Write};
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        writeln!(stream, "{message}").unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        if n == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        println!("{}", String::from_utf8_lossy(&buffer[..n]).trim_end());
    }
}
