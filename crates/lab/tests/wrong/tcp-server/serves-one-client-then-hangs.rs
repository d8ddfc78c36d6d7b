//! Wrong: accept() is not in a loop; after its first client the server sits idle.
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

fn main() {
    let listener = TcpListener::bind(std::env::args().nth(1).unwrap()).unwrap();
    let (mut stream, _) = listener.accept().unwrap();
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer).unwrap();
    stream
        .write_all(format!("received {n} bytes\n").as_bytes())
        .unwrap();
    drop(stream);
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
