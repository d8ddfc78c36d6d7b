//! Wrong: listens on an address written into the program (port 0: any free port), not on
//! the one it is given.
use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!(
        "tcp-server: listening on {}",
        listener.local_addr().unwrap()
    );
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
    }
}
