//! Wrong: sends its messages and closes, reading no reply (the tutorial's very first client).
use std::io::Write;
use std::net::TcpStream;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stream = TcpStream::connect(args.next().unwrap()).unwrap();
    for message in args {
        stream.write_all(message.as_bytes()).unwrap();
    }
}
