//! Wrong: takes only the port from its argument and binds 0.0.0.0, every interface, as
//! tutorial 000 does: reachable from the whole network, where it was given 127.0.0.1.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};

fn main() {
    let given: SocketAddr = std::env::args().nth(1).unwrap().parse().unwrap();
    let listener = TcpListener::bind(("0.0.0.0", given.port())).unwrap();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut buffer = [0u8; 1024];
        let n = stream.read(&mut buffer).unwrap();
        stream
            .write_all(format!("received {n} bytes\n").as_bytes())
            .unwrap();
    }
}
