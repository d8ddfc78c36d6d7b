//! Wrong: receives the message and prints it, but never writes the answer; the
//! connection closes when the stream is dropped.
use std::io::Read;
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        println!("received {n} bytes");
    }
}
