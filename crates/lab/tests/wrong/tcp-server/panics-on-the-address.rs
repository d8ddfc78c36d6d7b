//! Wrong: takes the argument for a port number, so `127.0.0.1:40123` panics at once.
use std::net::TcpListener;

fn main() {
    let port: u16 = std::env::args().nth(1).unwrap_or_default().parse().unwrap();
    let _listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
}
